"""Writing an executed notebook back: only when it changed where nbval looks.

Some outputs change from run to run without any change of content: the practice notebook prints measured times
("12.3 ms (timed)"), and round-off decides the last digits of tiny differences. nbval ignores them through the
sanitizer rules in ``notebooks/sanitize.cfg``. Re-executing an unchanged notebook would still rewrite those values,
so a regeneration on an unchanged tree would leave a diff. ``store`` keeps the stored file untouched when the new
notebook differs from it only inside text that a rule masks, or in a figure drawn by a cell tagged ``timed`` (a plot
of measured times; nbval never compares images); nbval accepts either. Any other difference, in a source, in
metadata, in an output or in a figure of an untimed cell, writes the new one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import nbformat
from nbval.plugin import get_sanitize_patterns

ROOT = Path(__file__).resolve().parent.parent
SANITIZE = ROOT / "notebooks" / "sanitize.cfg"

Rules = Sequence[tuple[str, str]]

TIMED = "timed"
"""The tag of a cell whose outputs are measurements (tests/test_practice_notebook.py requires it on timing cells)."""
IMAGES = ("image/png", "image/jpeg")
"""The figures' MIME types: nbval leaves them out of its comparison."""
MEASURED_FIGURE = "(a figure of measurements)"


def read_rules(path: Path = SANITIZE) -> list[tuple[str, str]]:
    """The ``(regex, replacement)`` pairs of a sanitizer file, parsed by nbval, in the order nbval applies them."""
    return list(dict(get_sanitize_patterns(path.read_text(encoding="utf-8"))).items())


def sanitized(value: object, rules: Rules) -> object:
    """``value`` with every rule applied, as nbval does to each string of an output; other values as they are."""
    if not isinstance(value, str):
        return value
    for pattern, replacement in rules:
        value = re.sub(pattern, replacement, value)
    return value


def _masked_data(mime: str, content: object, rules: Rules, timed: bool) -> object:
    return MEASURED_FIGURE if timed and mime in IMAGES else sanitized(content, rules)


def _masked_output(output: Mapping, rules: Rules, timed: bool) -> dict:
    """An output with its strings, and the strings of its ``data`` (each MIME type), sanitized; in a timed cell
    its figures too."""
    return {key: ({mime: _masked_data(mime, content, rules, timed) for mime, content in value.items()}
                  if key == "data" else sanitized(value, rules))
            for key, value in output.items()}


def _masked_cell(cell: Mapping, rules: Rules) -> dict:
    if "outputs" not in cell:
        return dict(cell)
    timed = TIMED in cell.get("metadata", {}).get("tags", [])
    return {**cell, "outputs": [_masked_output(output, rules, timed) for output in cell["outputs"]]}


def masked(notebook: nbformat.NotebookNode, rules: Rules) -> dict:
    """The notebook as a plain structure in which only the outputs are masked: what ``store`` compares."""
    return {**notebook, "cells": [_masked_cell(cell, rules) for cell in notebook.cells]}


def differs_only_where_masked(new: nbformat.NotebookNode, stored: nbformat.NotebookNode, rules: Rules) -> bool:
    """Whether the two notebooks are the same once the rules have masked their outputs."""
    return masked(new, rules) == masked(stored, rules)


def store(path: Path, notebook: nbformat.NotebookNode, rules: Rules, keep_masked: bool = True) -> str:
    """Write ``notebook`` to ``path`` unless the file there differs from it only where the rules mask (with
    ``keep_masked=False``: unless it is the same text, e.g. to store timings measured on a quiet machine).

    Returns
    -------
    str
        ``"written"``, ``"unchanged"`` (the same text) or ``"kept"`` (only masked values differ; the file is
        left as it was).
    """
    text = nbformat.writes(notebook) + "\n"
    if path.exists():
        stored_text = path.read_text(encoding="utf-8")
        if stored_text == text:
            return "unchanged"
        as_read = nbformat.reads(text, as_version=4)  # compared as both would be read back
        if keep_masked and differs_only_where_masked(as_read, nbformat.reads(stored_text, as_version=4), rules):
            return "kept"
    path.write_text(text, encoding="utf-8")
    return "written"
