"""Reading one code cell as Jupyter runs it, without running it: ``parse_cell``.

A cell is read through IPython's own input transformer (``ipython_code``), so cell magics (``%%time``,
``%%capture``), line magics (``%timeit f()``, ``x = %who_ls``), shell lines (``!ls``, ``x = !ls``), help
(``np.linalg.norm?``), auto-call (``/f x``) and pasted prompts (``>>>``, ``In [1]:``) are what they are in Jupyter,
on the cell's own line numbers. The calls IPython makes of them (``get_ipython().system('ls')``) become ``None``
(``without_ipython_calls``): the graded child runs without IPython. A cell magic whose body is not Python
(``%%bash``, ``%%writefile``...) is refused (``UnparsableCell``). Each special syntax makes IPython tokenize the
whole cell again, so that work is bounded (``MAX_TRANSFORM_CHARS``). When IPython cannot be imported, magics and
shell lines become ``pass`` by this module's own, simpler reading, and the grader still works.
"""

from __future__ import annotations

import ast
import functools
import re
import sys
from typing import Any, NamedTuple

MAX_TRANSFORM_CHARS = 500_000
"""Characters IPython's input transformer may tokenize for one cell, and for all the cells of a notebook. Each of its
transformations (a magic, a shell line) tokenizes the whole cell again, at about 2 µs a character: a cell of many
magics takes quadratic time (20 in 100,000 characters: 5 s). This bounds a notebook to about 2 s; a cell of the
assignment with a few magics takes a few thousand, and a cell that is Python already none."""

PYTHON_CELL_MAGICS = {"capture", "time", "timeit", "prun", "debug"}
"""Cell magics whose body is still Python; any other cell magic (``%%bash``, ``%%writefile``...) is skipped."""



def _clean_ipython_line(line: str) -> str | None:
    """The line with IPython syntax replaced by ``pass`` (same indentation), or None if it is plain Python."""
    stripped = line.lstrip()
    indent = line[: len(line) - len(stripped)]
    if stripped.startswith(("%", "!")) or re.match(r"[\w.,\s\[\]]+=\s*[%!]", stripped):
        return indent + "pass"
    if stripped.endswith("?") and not stripped.startswith("#") and re.fullmatch(r"[\w.?]+", stripped):
        return indent + "pass"  # help syntax: np.linalg.norm?
    return None


def _parse_without_ipython(source: str) -> tuple[ast.Module, list[str]]:
    """Parse a cell without IPython: magics and shell lines become ``pass`` (line numbers kept) by this module's
    own reading, a subset of IPython's. Raises SyntaxError, and ValueError for a cell magic whose body is not Python.
    """
    lines = source.split("\n")
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        magic = first[2:].split()[0] if first[2:].split() else ""
        if magic not in PYTHON_CELL_MAGICS:
            raise ValueError(f"a %%{magic} cell (not Python)")
        lines[0] = ""
    try:
        return ast.parse("\n".join(lines)), lines
    except SyntaxError:
        cleaned = [_clean_ipython_line(line) or line for line in lines]
        return ast.parse("\n".join(cleaned)), cleaned


class UnparsableCell(ValueError):
    """A cell that is not Python, even as IPython transforms it; the message says why."""

    def __init__(self, why: str, transformed: int = 0) -> None:
        super().__init__(why)
        self.transformed = transformed
        """Characters IPython's transformer tokenized before it was given up (what ``MAX_TRANSFORM_CHARS`` bounds)."""


class ParsedCell(NamedTuple):
    tree: ast.Module
    lines: list[str]
    """The code the tree was parsed from, by line: the cell as IPython transforms it, on the cell's line numbers."""
    transformed: int = 0
    """Characters IPython's transformer tokenized for it (none for a cell that is Python already)."""


@functools.cache
def _transformer() -> Any:
    """IPython's input transformer (``TransformerManager``), imported on first use; None when IPython cannot be."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:
        return None
    return TransformerManager()


_TRANSFORM_LOOP_LIMIT = 500
"""IPython's own limit on the transformations of a cell (``inputtransformer2.TRANSFORM_LOOP_LIMIT``)."""


def _cell_lines(text: str) -> list[str]:
    """``text`` split into lines as IPython splits a cell: ending with a newline, ``str.splitlines``."""
    return (text if text.endswith("\n") else text + "\n").splitlines(keepends=True)


def _cell_magic(lines: list[str]) -> str | None:
    """The name of the cell magic ``lines`` (cleaned up) begin with, as IPython's ``cell_magic`` reads it."""
    if not lines or not lines[0].startswith("%%") or re.match(r"%%\w+\?", lines[0]):
        return None  # ``%%time?`` is a help request: a token transformation
    return lines[0][2:].rstrip().partition(" ")[0]


def _no_classic_prompt(source: str, lines: list[str]) -> bool:
    """Whether IPython's ``classic_prompt`` clean-up leaves the cell ``lines`` (of ``source``) as they are: it strips
    ``>>>`` and ``...`` prompts only from a cell where a line begins with ``>>>`` (before IPython 9: the first line,
    or the second with ``>>>`` or ``...``)."""
    return ">>>" not in source and not (len(lines) > 1 and lines[1].lstrip().startswith("..."))


def _same_line_numbers(old: list[str], new: list[str]) -> list[str]:
    """``new``, one transformation of ``old``, with blank lines after the line that replaced several (a command
    continued with backslashes), so that the lines after it keep their numbers. (No transformation of IPython adds
    lines; one that did would leave the lines after it numbered as IPython numbers them.)"""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    lost = "".join(old[head:len(old) - tail]).count("\n") - "".join(new[head:len(new) - tail]).count("\n")
    return new[:len(new) - tail] + ["\n"] * lost + new[len(new) - tail:] if lost > 0 else new


def _token_transforms(lines: list[str], manager: Any) -> tuple[list[str], int]:
    """IPython's token transformations of ``lines`` (its ``do_token_transforms``, one at a time), keeping line
    numbers, within ``MAX_TRANSFORM_CHARS`` characters tokenized; and how many were."""
    transformed = 0
    for _ in range(_TRANSFORM_LOOP_LIMIT):
        size = sum(map(len, lines))
        if transformed + size > MAX_TRANSFORM_CHARS:
            raise UnparsableCell(f"more IPython syntax than the grader transforms (IPython would tokenize it again "
                                 f"and again, over {MAX_TRANSFORM_CHARS:,} characters)", transformed)
        transformed += size
        try:
            changed, new = manager.do_one_token_transform(lines)
        except Exception as error:  # noqa: BLE001 - IPython's code on a student's text: its failure is the cell's
            raise UnparsableCell(f"IPython syntax that IPython cannot transform ({type(error).__name__})",
                                 transformed) from error
        if not changed:
            return lines, transformed
        lines = _same_line_numbers(lines, new)
    raise UnparsableCell(f"IPython syntax still changing after {_TRANSFORM_LOOP_LIMIT} transformations", transformed)


def ipython_code(source: str, manager: Any) -> tuple[str, ast.Module | None, int]:
    """The cell's code as IPython's transformer makes it, on the cell's own line numbers; its tree, when it was
    parsed on the way; and the characters the transformer tokenized.

    The steps of ``TransformerManager.transform_cell``: the clean-ups (leading blank lines, common indentation,
    ``>>>`` and ``In [1]:`` prompts), the cell magic, the token transformations (line magics, shell commands, help,
    auto-call), with three differences. The lines IPython takes away (leading blank lines, a cell magic's line) stay
    as blank lines, and so does each line that a transformation joins to the one before (a command continued with
    a backslash): every line keeps its number. The body of a cell magic that runs Python (``PYTHON_CELL_MAGICS``)
    is transformed as the magic does it, and another cell magic raises ``UnparsableCell``. And the token
    transformations, which tokenize the whole cell again for each special syntax they find, run only when the
    cleaned-up cell is not Python already: each needs a line that Python rejects (``!ls``, ``%time f()``, ``x?``,
    ``/f x``), so on Python they would change nothing. They run within ``MAX_TRANSFORM_CHARS``.
    """
    prefix, lines = "", _cell_lines(source)
    classic_prompt = getattr(sys.modules.get(type(manager).__module__), "classic_prompt", None)
    while True:
        blank = next((i for i, line in enumerate(lines) if line and not line.isspace()), len(lines))
        prefix += "\n" * "".join(lines[:blank]).count("\n")
        lines = lines[blank:]
        for transform in manager.cleanup_transforms:
            if transform is classic_prompt and _no_classic_prompt(source, lines):
                continue  # what it would leave as it is, without its costly look for triple quotes
            lines = transform(lines)
        magic = _cell_magic(lines)
        if magic is None:
            break
        if magic not in PYTHON_CELL_MAGICS:
            raise UnparsableCell(f"a %%{magic} cell (not Python)")
        prefix += "\n" * lines[0].count("\n")
        lines = _cell_lines("".join(lines[1:]))  # the body, which the magic transforms as a cell of its own
    code = prefix + "".join(lines)
    try:
        return code, ast.parse(code), 0
    except SyntaxError:
        pass
    lines, transformed = _token_transforms(lines, manager)
    return prefix + "".join(lines), None, transformed


def _calls_ipython(node: ast.AST) -> bool:
    """Whether ``node`` is a call ``get_ipython().<method>(...)``: what IPython makes of a magic, a shell command or a
    help request (``%time f()``, ``!ls``, ``x = !ls``, ``f?``)."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Call) and isinstance(node.func.value.func, ast.Name)
            and node.func.value.func.id == "get_ipython")


def _column(line: str, offset: int) -> int:
    """The index in ``line`` of the UTF-8 byte ``offset`` that ``ast`` gives."""
    return len(line.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "surrogatepass"))


def without_ipython_calls(code: str, tree: ast.Module) -> tuple[str, ast.Module]:
    """``code`` and its tree, with each IPython call that is a whole statement or the value assigned replaced by
    ``None``: the graded child runs without IPython, where ``get_ipython`` is not defined.

    ``get_ipython().system('ls')`` becomes ``None``, ``files = get_ipython().getoutput('ls')`` becomes
    ``files = None``. Lines stay where they were, and so do scopes: ``files`` is still a local name of its function
    (replacing the statement by ``pass`` would leave the function reading a global ``files`` instead).
    """
    if "get_ipython" not in code and code.isascii():
        return code, tree  # no name in it can be get_ipython (most cells): no need to walk the tree
    calls = [node.value for node in ast.walk(tree)
             if isinstance(node, (ast.Expr, ast.Assign)) and _calls_ipython(node.value)]
    if not calls:
        return code, tree
    lines = code.split("\n")
    for call in sorted(calls, key=lambda c: (c.lineno, c.col_offset), reverse=True):
        assert call.end_lineno is not None and call.end_col_offset is not None  # ast.parse sets them
        first, last = call.lineno - 1, call.end_lineno - 1
        start, end = _column(lines[first], call.col_offset), _column(lines[last], call.end_col_offset)
        if first == last:
            lines[first] = lines[first][:start] + "None" + lines[first][end:]
        else:  # a call written over several lines: None, in parentheses over as many
            lines[first:last + 1] = ([lines[first][:start] + "(None"] + [""] * (last - first - 1)
                                     + [")" + lines[last][end:]])
    code = "\n".join(lines)
    return code, ast.parse(code)


def parse_cell(source: str) -> ParsedCell:
    """Parse a cell as Jupyter runs it: transformed by IPython (``ipython_code``), with its IPython calls made
    ``None`` (``without_ipython_calls``), on the cell's own line numbers.

    When IPython cannot be imported, magics and shell lines become ``pass`` by this module's own reading instead
    (``_parse_without_ipython``), as before IPython was used: the grader still works, and reads less of what
    Jupyter would. Raises ``UnparsableCell`` (a ValueError) with why: a syntax error (line numbers of the cell), a
    cell magic whose body is not Python (``%%bash``, ``%%writefile``...), more IPython syntax than
    ``MAX_TRANSFORM_CHARS`` allows.
    """
    manager = _transformer()
    transformed = 0
    try:
        if manager is None:
            return ParsedCell(*_parse_without_ipython(source))
        code, tree, transformed = ipython_code(source, manager)
        code, tree = without_ipython_calls(code, ast.parse(code) if tree is None else tree)
        return ParsedCell(tree, code.split("\n"), transformed)
    except UnparsableCell:
        raise
    except SyntaxError as error:
        raise UnparsableCell(f"a syntax error in line {error.lineno}: {error.msg}", transformed) from error
    except (ValueError, RecursionError, MemoryError) as error:
        raise UnparsableCell(str(error) or type(error).__name__, transformed) from error
