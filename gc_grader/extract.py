"""Reading a submitted notebook, however damaged, and picking out the code the grader runs.

``read_notebook`` turns a file into its code cells, or raises ``UnreadableNotebook`` with the kind of problem
(``too_large``, ``too_complex``, ``empty``, ``not_json``, ``not_a_notebook``, ``unreadable``, ``symlink``, ``fifo``,
``device``, ``socket``) and a message for the instructor. Only regular files are read: the file is opened without
following a symbolic link and without blocking, checked with ``fstat``, and read up to the size limit on the open
file (``read_regular_file``). It is tolerant: text that is not UTF-8 is decoded with replacement characters, a file
cut short (or nested too deeply from some cell on) keeps its complete cells (``NotebookCells.truncated``), nbformat 3
and older are converted.

The JSON is parsed within a memory bound. A file within --max-size can make the grader grow far beyond its size:
60 MiB of ``[[],[],...]`` parse into 20 million lists (1.6 GB), nested arrays into 3 GB. So before ``json.loads``,
``parse_cost`` bounds the memory the parse can take, from counts made at C speed over the text: each object parsing
makes is announced by a ``[``, ``{``, ``,`` or ``:`` (``PARSED_BYTES``, the most CPython takes per object, with a
margin), the strings' characters are those of the text (at most 6.25 bytes each while a string with escapes is
built), and the text itself is there. Above ``MAX_PARSE_BYTES`` the notebook is refused (``too_complex``), which
keeps the grader under 1 GiB on any file up to the default --max-size; the raw bytes are let go once decoded, the
text once parsed. The counts include punctuation inside strings: a bound, loose where outputs hold tens of MiB of
printed lists, and wide for what notebooks hold (a 60 MiB PNG costs 135 MiB, 200,000 lines of output 91 MiB).
Parsing instead with a streaming parser that keeps only the code cells would need no bound, but runs in Python:
tens of times slower than ``json.loads`` on every notebook, for the rare file the bound refuses.

``extract_program`` picks what runs: for each graded exercise, the cell that defines it (the answer cell, found by
its nbgrader ``grade_id``, or, when an editor stripped the metadata, the last code cell with a top-level definition
of it; the last definition in that cell wins); from those cells their function and class definitions; and, from
anywhere in the notebook, the top-level imports that bind a name those definitions use (so ``import numpy as np``
runs, a widget import does not). The rest of the notebook's top-level code does not run. Definitions are what the
parser finds, never what a pattern guesses: every code cell is parsed, and names are compared as Python reads
identifiers (NFKC: ``def ｆｏｒｗａｒｄ_propagation`` defines ``forward_propagation``; so are grade_ids).

A cell is read as Jupyter runs it: through IPython's own input transformer (``ipython_code``), so cell magics
(``%%time``, ``%%capture``), line magics (``%timeit f()``, ``x = %who_ls``), shell lines (``!ls``, ``x = !ls``),
help (``np.linalg.norm?``), auto-call (``/f x``) and pasted prompts (``>>>``, ``In [1]:``) are what they are in
Jupyter, on the cell's own line numbers. The calls IPython makes of them (``get_ipython().system('ls')``) become
``None`` (``without_ipython_calls``): the graded child runs without IPython. A cell magic whose body is not Python
(``%%bash``, ``%%writefile``...) is skipped, with a warning. Each special syntax makes IPython tokenize the whole
cell again, so that work is bounded (``MAX_TRANSFORM_CHARS``). When IPython cannot be imported, magics and shell
lines become ``pass`` by this module's own, simpler reading, and the grader still works.

Nothing here executes the notebook's code: it is parsed with ``ast``, one cell at a time (each tree is reduced to
the few statements it contributes and dropped; the statements of a cell that comes again, as the given cells do in
every submission, are kept), within a budget of ``MAX_CODE_CHARS`` characters per notebook. ``Program.for_exercise``
gives what the child of one exercise runs: the imports and that exercise's answer cell only.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import re
import stat
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

MAX_NOTEBOOK_BYTES = 64 * 2**20
MAX_PARSE_BYTES = 768 * 2**20
"""Memory a notebook's JSON may take while it is parsed: its text and what parsing makes of it, as ``parse_cost``
bounds it before parsing. A notebook above is not parsed (``too_complex``). With the grader's own ~40 MiB, this keeps
the grader under 1 GiB on any file up to the default --max-size (64 MiB); raise it here to read more complex ones."""
PARSED_BYTES = {"[": 112, "{": 192, ",": 96, ":": 96}
"""Memory, in bytes, that parsing may make per character of JSON structure (``tests/grading/test_extract.py``
measures the worst cases). Every object parsed is announced by one: a list by ``[`` (56 bytes, and room for its first
items: 88 with one), a dict by ``{`` (184 with one key), a value after the first in a list or dict by ``,`` (its slot,
8, with the list's growth; a float 24, an int 28-32, a short string 50-80 with its characters counted apart; a
literal, a small int or a one-character string, nothing), a key by ``:`` (the dict's entry, the key string, the
decoder's memo of keys: 120 with the comma before it). Each is at least 1.2 times what CPython 3.11 takes."""
MAX_CELL_CHARS = 100_000
"""Characters of one code cell that is parsed (an answer cell of this assignment has about 2,000)."""
MAX_CODE_CHARS = 2_000_000
"""Characters of code parsed per notebook, all cells together; later cells are skipped, with a warning."""
KEPT_CELL_CHARS, KEPT_CELLS = 20_000, 512
"""Cells of at most this many characters have their statements kept for the cells that come again, at most this
many cells (~10 MB at most, ~1 MB for this assignment's cells)."""

MAX_TRANSFORM_CHARS = 500_000
"""Characters IPython's input transformer may tokenize for one cell, and for all the cells of a notebook. Each of its
transformations (a magic, a shell line) tokenizes the whole cell again, at about 2 µs a character: a cell of many
magics takes quadratic time (20 in 100,000 characters: 5 s). This bounds a notebook to about 2 s; a cell of the
assignment with a few magics takes a few thousand, and a cell that is Python already none."""

NOT_AVAILABLE_TO_SUBMISSIONS = ("public_tests", "testCases")
"""Modules whose imports are left out: the tests themselves, which the graded functions have no use for."""

PYTHON_CELL_MAGICS = {"capture", "time", "timeit", "prun", "debug"}
"""Cell magics whose body is still Python; any other cell magic (``%%bash``, ``%%writefile``...) is skipped."""

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


class UnreadableNotebook(Exception):
    """The file cannot be graded; ``kind`` names the problem, the message explains it."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class CodeCell:
    number: int
    """1-based position among all the notebook's cells (what a reader counts)."""
    source: str
    grade_id: str | None = None


@dataclass
class NotebookCells:
    cells: list[CodeCell]
    warnings: list[str] = field(default_factory=list)
    truncated: bool = False


# ------------------------------------------------------------------------------------------- reading

def decode_text(data: bytes) -> tuple[str, list[str]]:
    """The text of a notebook file: UTF-8 (with or without BOM), UTF-16/32 with BOM, else UTF-8 with
    replacement characters and a warning."""
    boms = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
            (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
    for bom, encoding in boms:
        if data.startswith(bom):
            try:
                return data.decode(encoding), []
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        return data.decode("utf-8", errors="replace"), [
            f"The file is not valid UTF-8 (first bad byte at offset {error.start}); undecodable bytes were replaced "
            "by \ufffd. Save notebooks as UTF-8."]


def salvage_cells(text: str) -> list[dict]:
    """The complete cell objects at the start of a notebook's text that was cut short."""
    match = re.search(r'"cells"\s*:\s*\[', text)
    if not match:
        return []
    decoder, position, cells = json.JSONDecoder(), match.end(), []
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text) or text[position] != "{":
            return cells
        try:
            cell, position = decoder.raw_decode(text, position)
        except (ValueError, RecursionError):
            return cells
        if isinstance(cell, dict):
            cells.append(cell)


def _text_length(source: Any) -> int | None:
    """The length of a cell's source (a string, or a list of strings in nbformat 4), None when it is not text."""
    if isinstance(source, str):
        return len(source)
    if isinstance(source, list) and all(isinstance(line, str) for line in source):
        return sum(map(len, source))
    return None


def _raw_cells(notebook: dict) -> list[dict]:
    """The cells of a v4 notebook, or of every worksheet of a v3 (or older) one."""
    if isinstance(notebook.get("cells"), list):
        return [c for c in notebook["cells"] if isinstance(c, dict)]
    cells = []
    for sheet in notebook.get("worksheets") or []:
        if isinstance(sheet, dict) and isinstance(sheet.get("cells"), list):
            cells += [c for c in sheet["cells"] if isinstance(c, dict)]
    return cells


def code_cells(raw_cells: list[dict]) -> tuple[list[CodeCell], list[str]]:
    """Code cells with their source (``source`` in v4, ``input`` in v3) and nbgrader grade_id."""
    cells, warnings = [], []
    for number, raw in enumerate(raw_cells, 1):
        if raw.get("cell_type") != "code":
            continue
        source = raw.get("source", raw.get("input", ""))
        length = _text_length(source)
        if length is None:
            warnings.append(f"Cell {number}: its source is not text; skipped.")
            continue
        if length > MAX_CELL_CHARS:  # before joining its lines: no copy of a cell that is not read
            warnings.append(f"Cell {number}: {length} characters of code; longer than {MAX_CELL_CHARS}, skipped.")
            continue
        source = source if isinstance(source, str) else "".join(source)
        metadata = raw.get("metadata") if isinstance(raw.get("metadata"), dict) else {}
        nbgrader = metadata.get("nbgrader") if isinstance(metadata.get("nbgrader"), dict) else {}
        grade_id = nbgrader.get("grade_id") if isinstance(nbgrader.get("grade_id"), str) else None
        cells.append(CodeCell(number, source.replace("\r\n", "\n").replace("\r", "\n"), grade_id))
    return cells, warnings


_SPECIAL_FILES = ((stat.S_ISFIFO, "fifo", "a FIFO (named pipe)"), (stat.S_ISSOCK, "socket", "a socket"),
                  (stat.S_ISCHR, "device", "a character device"), (stat.S_ISBLK, "device", "a block device"),
                  (stat.S_ISDIR, "not_a_file", "a folder"))


def _not_regular(mode: int) -> UnreadableNotebook:
    for test, kind, what in _SPECIAL_FILES:
        if test(mode):
            return UnreadableNotebook(kind, f"The path is {what}, not a notebook file; the grader reads only regular "
                                            "files.")
    return UnreadableNotebook("not_a_file", "The path is not a regular file; the grader reads only regular files.")


def read_regular_file(path: str | Path, max_bytes: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``max_bytes``; ``UnreadableNotebook`` otherwise.

    A symbolic link is not followed (``symlink``), a FIFO, socket or device is never opened for reading in a way
    that could block (``O_NONBLOCK``) and is refused after ``fstat``; the size is what the open file gives, read in
    bounded pieces (``too_large`` past ``max_bytes``), whatever ``st_size`` said.
    """
    too_large = UnreadableNotebook("too_large", f"The file is larger than the {max_bytes / 2**20:.0f} MiB the grader "
                                                "reads (clear large outputs, or raise the limit with --max-size).")
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            raise UnreadableNotebook("symlink", "The path is a symbolic link; the grader does not follow links inside "
                                                "submissions (copy the notebook itself).")
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(info.st_mode)
        if info.st_size > max_bytes:
            raise too_large
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise UnreadableNotebook("unreadable", f"The file cannot be read: {error.strerror or error}.") from error
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            raise _not_regular(opened.st_mode)
        pieces, size = [], 0
        while size <= max_bytes:
            piece = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not piece:
                break
            pieces.append(piece)
            size += len(piece)
        if size > max_bytes:
            raise too_large
        return b"".join(pieces)
    except OSError as error:
        raise UnreadableNotebook("unreadable", f"The file cannot be read: {error.strerror or error}.") from error
    finally:
        os.close(fd)


def _bytes_per_char(text: str) -> int:
    """How many bytes CPython gives each character of ``text``: 1, 2 or 4 (that of its widest character)."""
    if text.isascii():
        return 1
    if len(text) < 4096:
        return 4  # an upper bound: too short to matter
    return round(sys.getsizeof(text) / len(text))  # the header is negligible here


def _string_bytes(text: str) -> int:
    """A bound on the memory of the strings parsed from the JSON ``text`` (their characters; headers apart).

    A string without escapes is a copy of its part of the text, no wider. One with escapes (``\\n``, ``\\u00e9``) is
    built in a buffer that grows with a quarter to spare, and that is copied once into a wider one when a wider
    character comes (an escape ``\\ud83d\\ude00``, or one in the text): measured, 1.25, 3.75 and 6.25 bytes per
    character of text at most for strings of 1, 2 and 4 bytes per character.
    """
    width = _bytes_per_char(text)
    if "\\" not in text:
        return width * len(text)
    escaped = 4 if re.search(r"\\u[dD][89abAB]", text) else 2 if re.search(r"\\u(?!00)", text) else 1
    widest = max(width, escaped)
    return len(text) * 5 * (widest + (widest > 1)) // 4


def parse_cost(text: str) -> int:
    """A bound on the memory, in bytes, that parsing the JSON ``text`` takes, the text itself included.

    From counts made at C speed, before parsing: every object parsing makes is announced by a character of
    structure (``PARSED_BYTES``), and the characters of its strings are those of the text (``_string_bytes``).
    Brackets and commas inside strings count too (a bound, not an estimate): a notebook of tens of MiB of printed
    lists can cost more than it takes.
    """
    structure = sum(text.count(character) * size for character, size in PARSED_BYTES.items())
    return sys.getsizeof(text) + _string_bytes(text) + structure


def _check_parse_cost(text: str) -> None:
    """Raise ``too_complex`` when parsing ``text`` could take more than ``MAX_PARSE_BYTES``."""
    if len(text) * (4 + 7 + max(PARSED_BYTES.values())) + 100 <= MAX_PARSE_BYTES:
        return  # even if every character were the costliest: no need to count (most notebooks, under ~3.9 MB)
    cost = parse_cost(text)
    if cost > MAX_PARSE_BYTES:
        raise UnreadableNotebook("too_complex", _too_complex(f"about {cost / 2**20:,.0f} MiB"))


def _too_complex(how_much: str) -> str:
    return (f"The notebook is too complex to read safely: parsing it could take {how_much} of memory, more than the "
            f"{MAX_PARSE_BYTES / 2**20:,.0f} MiB the grader allows (MAX_PARSE_BYTES in gc_grader/extract.py; the "
            "bound counts its brackets, commas and colons). Clear its outputs (jupyter nbconvert --clear-output) "
            "and grade it again, or raise MAX_PARSE_BYTES.")


def _json_problem(error: ValueError | RecursionError) -> str:
    """Where or why the JSON could not be parsed, for a message: ``line 3, column 7``, or what went wrong."""
    if isinstance(error, json.JSONDecodeError):
        return f"line {error.lineno}, column {error.colno}"
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return str(error)[:120] or type(error).__name__  # e.g. a number too long for Python


def parse_notebook_json(text: str) -> tuple[Any, str | None]:
    """The JSON ``text`` parsed, and None; or, when it is not valid JSON, its complete cells as a notebook and a
    warning that says so. ``UnreadableNotebook`` when the parse could take too much memory or nothing is left."""
    _check_parse_cost(text)
    try:
        return json.loads(text), None
    except MemoryError:
        raise UnreadableNotebook("too_complex", _too_complex("more than the memory there was")) from None
    except (ValueError, RecursionError) as error:
        salvaged = salvage_cells(text)
        if not salvaged:
            raise UnreadableNotebook("not_json", f"The file is not a notebook: it is not valid JSON "
                                                 f"({_json_problem(error)}). Was another kind of file renamed to "
                                                 ".ipynb?") from error
        how = (f"cut short (invalid JSON from line {error.lineno})" if isinstance(error, json.JSONDecodeError)
               else f"not read whole (its JSON: {_json_problem(error)})")
        return {"cells": salvaged}, f"The file is {how}: only its first {len(salvaged)} complete cells were read."


def read_notebook(path: str | Path, max_bytes: int = MAX_NOTEBOOK_BYTES) -> NotebookCells:
    """The code cells of the notebook at ``path``; ``UnreadableNotebook`` when there is nothing to grade.

    What is no longer needed is let go at once: the bytes once decoded, the text once parsed.
    """
    data = read_regular_file(path, max_bytes)
    if not data or data.isspace():
        raise UnreadableNotebook("empty", "The file is empty.")
    text, warnings = decode_text(data)
    del data
    notebook, salvaged = parse_notebook_json(text)
    del text
    if salvaged:
        warnings.append(salvaged)
    if not isinstance(notebook, dict) or not ("cells" in notebook or "worksheets" in notebook):
        raise UnreadableNotebook("not_a_notebook", "The file is JSON but not a Jupyter notebook (no cells).")
    version = notebook.get("nbformat")
    if isinstance(version, int) and version < 4:
        warnings.append(f"The notebook is in the old nbformat {version}; it was read as such.")
    cells, cell_warnings = code_cells(_raw_cells(notebook))
    if not cells:
        raise UnreadableNotebook("empty", "The notebook has no code cells.")
    return NotebookCells(cells, warnings + cell_warnings, salvaged is not None)


# ----------------------------------------------------------------------------------------- extracting

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


def _is_allowed_import(node: ast.stmt) -> bool:
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


def _review_notes(node: ast.stmt, names: set[str], exercise_names: set[str], cell: int) -> list[str]:
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

    defining_cells = {number for number, _ in chosen.values()}
    captures: dict[int, list[str]] = {}
    for exercise, (_, statement) in chosen.items():
        captures.setdefault(id(statement), []).append(exercise)
    runs = [(n, s) for n in sorted(defining_cells) for s in parsed[n][1]
            if s.kind == "definition" or id(s) in captures]
    needed = set().union(*(s.used for _, s in runs))
    chunks, review = [], []
    for number in sorted(parsed):
        for statement in parsed[number][1]:
            if statement.kind == "import" and statement.names & needed:
                chunks.append(Chunk(number, "import", statement.source))
            elif number in defining_cells and (statement.kind == "definition" or id(statement) in captures):
                chunks.append(Chunk(number, "definition", statement.source, tuple(captures.get(id(statement), ()))))
                review += statement.review
    return Program(chunks, {e: n for e, (n, _) in chosen.items()}, missing, warnings, review)
