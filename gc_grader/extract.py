"""Picking out the code the grader runs from a notebook's code cells (``gc_grader.notebook_file`` reads the file,
``gc_grader.cells`` reads a cell as Jupyter does).

``extract_program`` picks what runs: for each graded exercise, the cell that defines it (the answer cell, found by
its nbgrader ``grade_id``, or, when an editor stripped the metadata, the last code cell with a top-level definition
of it; the last definition in that cell wins); from those cells their function and class definitions; and, from
anywhere in the notebook, the top-level imports that bind a name those definitions use (so ``import numpy as np``
runs, a widget import does not). The rest of the notebook's top-level code does not run. Definitions are what the
parser finds, never what a pattern guesses: every code cell is parsed, and names are compared as Python reads
identifiers (NFKC: ``def ｆｏｒｗａｒｄ_propagation`` defines ``forward_propagation``; so are grade_ids).

Nothing here executes the notebook's code: it is parsed with ``ast``, one cell at a time (each tree is reduced to
the few statements it contributes and dropped; the statements of a cell that comes again, as the given cells do in
every submission, are kept), within a budget of ``MAX_CODE_CHARS`` characters per notebook. ``Program.for_exercise``
gives what the child of one exercise runs: the imports and that exercise's answer cell only.
"""

from __future__ import annotations

import ast
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TypeGuard

from .cells import MAX_TRANSFORM_CHARS, UnparsableCell, parse_cell
from .notebook_file import CodeCell, NotebookCells

MAX_CODE_CHARS = 2_000_000
"""Characters of code parsed per notebook, all cells together; later cells are skipped, with a warning."""

KEPT_CELL_CHARS, KEPT_CELLS = 20_000, 512
"""Cells of at most this many characters have their statements kept for the cells that come again, at most this
many cells (~10 MB at most, ~1 MB for this assignment's cells)."""

NOT_AVAILABLE_TO_SUBMISSIONS = ("public_tests", "testCases")
"""Modules whose imports are left out: the tests themselves, which the graded functions have no use for."""

DEFAULT_ANSWER_IDS = {"backward_propagation_n": ("backward_propagation_n_fix",)}
"""Answer-cell ``grade_id`` per exercise when the source notebook is not at hand (otherwise the exercise name)."""

REVIEW_NAMES = {
    "open", "exec", "eval", "compile", "__import__", "importlib", "globals", "vars", "setattr", "delattr",
    "__builtins__", "builtins", "ctypes", "subprocess", "system", "popen", "kill", "_exit", "exit", "fork",
    "socket", "gc", "inspect", "pickle", "marshal", "signal", "resource", "threading", "multiprocessing",
    "public_tests", "gc_grader", "reference", "reference_solutions", "SOLUTIONS", "mistakes", "modules",
    "__globals__", "__code__", "__subclasses__",
    "get_referrers", "get_objects", "environ", "listdir", "walk", "glob", "runpy", "run_path", "run_module",
    "_getframe", "currentframe", "f_back", "f_globals", "f_locals", "gi_frame", "tb_frame", "import_module",
    "gradient_check_full", "gradient_check_subset", "gradient_check_directional", "check_blocks", "numerical_gradient",
}
"""Names that a graded function of this assignment has no honest use for: shown to the instructor for review."""



@dataclass(frozen=True)
class Chunk:
    """One top-level statement the child runs, with the line numbers of its cell."""

    cell: int
    kind: str  # "import" or "definition"
    source: str
    defines: tuple[str, ...] = ()
    """Graded exercises whose function is this statement's: the child takes it right after running it."""

    def to_json(self) -> dict:
        return {"cell": self.cell, "kind": self.kind, "source": self.source, "defines": list(self.defines)}


@dataclass
class Program:
    chunks: list[Chunk]
    found: dict[str, int]
    """Exercise -> the cell number of the definition that is graded."""
    missing: dict[str, str]
    """Exercise -> why no definition is graded."""
    warnings: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)

    def for_exercise(self, exercise: str) -> list[Chunk]:
        """What the child of ``exercise`` runs: the imports, and the definitions of that exercise's cell only.

        So that nothing another answer cell does while it is defined can change this exercise's verdict.
        """
        cell = self.found[exercise]
        return [c for c in self.chunks if c.kind == "import" or c.cell == cell]


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _defined_names(node: ast.stmt) -> set[str]:
    if isinstance(node, _DEFINITIONS):
        return {node.name}
    if isinstance(node, ast.Assign):
        return {t.id for t in node.targets if isinstance(t, ast.Name)}
    if isinstance(node, ast.AnnAssign) and node.value is not None and isinstance(node.target, ast.Name):
        return {node.target.id}
    return set()


def _is_allowed_import(node: ast.stmt) -> TypeGuard[ast.Import | ast.ImportFrom]:
    if isinstance(node, ast.Import):
        modules = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom):
        modules = [node.module or ""] if node.level == 0 else [""]
    else:
        return False
    return all(m and m.split(".")[0] not in NOT_AVAILABLE_TO_SUBMISSIONS for m in modules)


def _binds(node: ast.Import | ast.ImportFrom) -> set[str]:
    """The names an import statement defines ("*" for a star import, which may define any)."""
    if any(alias.name == "*" for alias in node.names):
        return {"*"}
    return {alias.asname or alias.name.split(".")[0] for alias in node.names}


def _names_read(node: ast.stmt) -> tuple[set[str], set[str]]:
    """One walk of a definition: the names it reads (its body, defaults, decorators; and "*", so that star
    imports are kept), and the names an instructor may want to review (attributes, modules, telling strings)."""
    used, seen = {"*"}, set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            used.add(child.id)
        elif isinstance(child, ast.Attribute):
            seen.add(child.attr)
        elif isinstance(child, (ast.Import, ast.ImportFrom)):
            seen.update(part for alias in child.names for part in alias.name.split("."))
            seen.update((getattr(child, "module", None) or "").split("."))
        elif isinstance(child, ast.Constant) and isinstance(child.value, str) and re.search(
                r"public_tests|gc_grader|/proc/|\.ipynb|grades|reference(_solutions)?\.py", child.value):
            seen.add(repr(child.value[:40]))
    return used, seen | (used - {"*"})


def _segment(lines: list[str], node: ast.stmt) -> str:
    """The statement's source, preceded by blank lines so that line numbers match its cell."""
    start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    return "\n" * (start - 1) + "\n".join(lines[start - 1: node.end_lineno]) + "\n"


def _review_notes(node: ast.stmt, names: set[str], exercise_names: frozenset[str], cell: int) -> list[str]:
    flagged = sorted(names & REVIEW_NAMES | {n for n in names if n.startswith("'")})
    if not flagged:
        return []
    label = ", ".join(sorted(_defined_names(node) & exercise_names)) or "a definition"
    return [f"cell {cell}: {label} uses {', '.join(flagged)}"]


@dataclass(frozen=True)
class _Statement:
    """What one top-level statement of a parsed cell may contribute (its tree is not kept)."""

    kind: str  # "import", "definition" (def or class) or "assignment" (may bind an exercise: f = ...)
    source: str
    names: frozenset[str]
    """For an import, the names it binds; otherwise, the names it defines."""
    used: frozenset[str] = frozenset()
    review: tuple[str, ...] = ()


def _statements(cell: CodeCell, exercises: frozenset[str]) -> tuple[tuple[_Statement, ...], int]:
    """The statements of ``cell`` that can matter to the grader, and the characters IPython's transformer tokenized
    for it (``ParsedCell.transformed``); raises what ``parse_cell`` raises.

    A cell of up to ``KEPT_CELL_CHARS`` characters is parsed once per run for all the submissions that have it
    (the given cells every submission shares, answers written alike): its statements are kept, its tree is not.
    """
    if len(cell.source) <= KEPT_CELL_CHARS:
        return _kept_statements(cell.source, cell.number, exercises)
    return _parsed_statements(cell.source, cell.number, exercises)


def _parsed_statements(source: str, number: int, exercises: frozenset[str]) -> tuple[tuple[_Statement, ...], int]:
    """The statements of a cell that can matter: its allowed imports; and, when it defines an exercise (only such a
    cell runs its definitions), its definitions and the assignments that bind an exercise."""
    tree, lines, transformed = parse_cell(source)
    defines = any(_defined_names(node) & exercises for node in tree.body)
    kept = []
    for node in tree.body:
        if _is_allowed_import(node):
            kept.append(_Statement("import", _segment(lines, node), frozenset(_binds(node))))
        elif defines and (isinstance(node, _DEFINITIONS) or _defined_names(node) & exercises):
            kind = "definition" if isinstance(node, _DEFINITIONS) else "assignment"
            used, seen = _names_read(node)
            kept.append(_Statement(kind, _segment(lines, node), frozenset(_defined_names(node)), frozenset(used),
                                   tuple(_review_notes(node, seen, exercises, number))))
    return tuple(kept), transformed


_kept_statements = functools.lru_cache(maxsize=KEPT_CELLS)(_parsed_statements)


def _nfkc(name: str) -> str:
    """``name`` as Python reads an identifier (NFKC): ``ｆｏｒｗａｒｄ`` is ``forward``."""
    return name if name.isascii() else unicodedata.normalize("NFKC", name)


def _seems_to_define(source: str, name: str) -> bool:
    """Whether a cell that could not be parsed looks as if it defined ``name``: only to explain why it is missing
    (what runs is never decided by this, only by the parser)."""
    pattern = rf"^[ \t\f]*((async\s+)?def[\s\\]+{re.escape(name)}\b|{re.escape(name)}[ \t]*:?=)"
    return re.search(pattern, _nfkc(source), flags=re.M) is not None


_Parsed = dict[int, tuple[CodeCell, tuple[_Statement, ...]]]


def _parse_cells(cells: list[CodeCell], exercises: frozenset[str]) -> tuple[_Parsed, dict[int, tuple[str, str]],
                                                                             list[str]]:
    """Every code cell parsed, in order, within ``MAX_CODE_CHARS`` and ``MAX_TRANSFORM_CHARS``: the statements of
    those that parse (by cell number), why the others do not (with their source), and warnings.

    A cell is charged the characters IPython's transformer tokenized for it, also when its statements were kept
    from another submission: what is read does not depend on the order submissions are graded in.
    """
    parsed: _Parsed = {}
    broken: dict[int, tuple[str, str]] = {}
    warnings: list[str] = []
    budget, transform_budget = MAX_CODE_CHARS, MAX_TRANSFORM_CHARS
    for index, cell in enumerate(cells):
        if len(cell.source) > budget:
            warnings.append(f"Cell {cell.number} and the cells after it were not read: the notebook has more than "
                            f"{MAX_CODE_CHARS} characters of code.")
            break
        budget -= len(cell.source)
        try:
            statements, transformed = _statements(cell, exercises)
            parsed[cell.number] = (cell, statements)
        except UnparsableCell as error:
            broken[cell.number] = (str(error), cell.source)
            transformed = error.transformed
        transform_budget -= transformed
        if transform_budget < 0 and index + 1 < len(cells):
            warnings.append(f"The cells after cell {cell.number} were not read: the cells before that are not plain "
                            "Python (magics, shell lines, syntax errors) took IPython's transformer as long as the "
                            f"grader allows ({MAX_TRANSFORM_CHARS:,} characters tokenized per notebook).")
            break
    return parsed, broken, warnings


def _graded_definitions(parsed: _Parsed, broken: dict[int, tuple[str, str]], names: dict[str, str],
                        answer_ids: dict[str, tuple[str, ...]]) -> tuple[dict[str, tuple[int, _Statement]],
                                                                         dict[str, str]]:
    """For each exercise (``names``: as given -> as Python reads it), the cell and statement of its graded
    definition: the last one of the last answer cell (by ``grade_id``) that defines it, else of the last cell that
    does; or why there is none."""
    def definitions(number: int, name: str) -> list[_Statement]:
        return [s for s in parsed[number][1] if s.kind != "import" and name in s.names]

    grade_ids = {n: _nfkc(cell.grade_id) for n, (cell, _) in parsed.items() if cell.grade_id is not None}
    chosen: dict[str, tuple[int, _Statement]] = {}
    missing: dict[str, str] = {}
    for exercise, name in names.items():
        ids = {_nfkc(i) for i in answer_ids.get(exercise, (exercise,))}
        anywhere = [n for n in parsed if definitions(n, name)]
        candidates = [n for n in anywhere if grade_ids.get(n) in ids] or anywhere
        if candidates:
            number = max(candidates)
            chosen[exercise] = (number, definitions(number, name)[-1])
            continue
        broken_cells = [n for n, (_, source) in broken.items() if _seems_to_define(source, name)]
        missing[exercise] = (f"The cell that defines `{exercise}` (cell {broken_cells[-1]}) has "
                             f"{broken[broken_cells[-1]][0]}." if broken_cells else
                             f"No definition of `{exercise}` was found in the notebook.")
    return chosen, missing


def _chunks(parsed: _Parsed, chosen: dict[str, tuple[int, _Statement]]) -> tuple[list[Chunk], list[str]]:
    """What runs, in the notebook's order: the imports the graded cells' code reads, and the definitions of the
    cells that hold a graded definition (each chosen statement taking its exercises); the notes for review of
    what runs."""
    defining_cells = {number for number, _ in chosen.values()}
    captures: dict[int, list[str]] = {}
    for exercise, (_, statement) in chosen.items():
        captures.setdefault(id(statement), []).append(exercise)

    def runs(number: int, statement: _Statement) -> bool:
        return number in defining_cells and (statement.kind == "definition" or id(statement) in captures)

    needed = set().union(*(s.used for n in defining_cells for s in parsed[n][1] if runs(n, s)))
    chunks: list[Chunk] = []
    review: list[str] = []
    for number in sorted(parsed):
        for statement in parsed[number][1]:
            if statement.kind == "import" and statement.names & needed:
                chunks.append(Chunk(number, "import", statement.source))
            elif runs(number, statement):
                chunks.append(Chunk(number, "definition", statement.source, tuple(captures.get(id(statement), ()))))
                review += statement.review
    return chunks, review


def extract_program(notebook: NotebookCells, exercises: list[str] | tuple[str, ...],
                    answer_ids: dict[str, tuple[str, ...]] | None = None) -> Program:
    """What the children run for ``exercises`` (see the module docstring)."""
    answer_ids = {**DEFAULT_ANSWER_IDS, **(answer_ids or {})}
    names = {exercise: _nfkc(exercise) for exercise in exercises}
    parsed, broken, read_warnings = _parse_cells(notebook.cells, frozenset(names.values()))
    warnings = list(notebook.warnings) + read_warnings
    for number, (why, source) in broken.items():
        if any(_seems_to_define(source, name) for name in names.values()):
            warnings.append(f"Cell {number} was not run: it has {why}.")
    chosen, missing = _graded_definitions(parsed, broken, names, answer_ids)
    chunks, review = _chunks(parsed, chosen)
    return Program(chunks, {e: n for e, (n, _) in chosen.items()}, missing, warnings, review)
