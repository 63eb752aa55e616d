"""Reading a submitted notebook file, however damaged, within bounds: its code cells, or why there are none.

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
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    decoder, position = json.JSONDecoder(), match.end()
    cells: list[dict] = []
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
        nbgrader = _dict(_dict(raw.get("metadata")).get("nbgrader"))
        grade_id = nbgrader.get("grade_id") if isinstance(nbgrader.get("grade_id"), str) else None
        cells.append(CodeCell(number, source.replace("\r\n", "\n").replace("\r", "\n"), grade_id))
    return cells, warnings


_SPECIAL_FILES = ((stat.S_ISFIFO, "fifo", "a FIFO (named pipe)"), (stat.S_ISSOCK, "socket", "a socket"),
                  (stat.S_ISCHR, "device", "a character device"), (stat.S_ISBLK, "device", "a block device"),
                  (stat.S_ISDIR, "not_a_file", "a folder"))


def _dict(value: Any) -> dict:
    """``value`` if it is a dict, else an empty one (a notebook's metadata may be anything)."""
    return value if isinstance(value, dict) else {}


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
