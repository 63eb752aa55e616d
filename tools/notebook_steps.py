"""Small normalising steps on notebooks, shared by the tools that write them.

Each step takes a notebook and returns it (changed in place or a new node), so that a tool is a short
declared list of steps::

    STUDENT_EDITION = (strip_solutions, clear_outputs, drop_private_metadata, drop_widget_state, rebase_links)
    notebook = apply(STUDENT_EDITION, notebook)

What each step removes would otherwise change from run to run, leak the solutions, or break a link.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import nbformat

Step = Callable[[nbformat.NotebookNode], nbformat.NotebookNode]

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
PRIVATE = "gradient_checking"
"""Cell metadata the solution edition may keep for the tools only."""
VIEW = "application/vnd.jupyter.widget-view+json"


def apply(steps: Iterable[Step], notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``notebook`` passed through ``steps`` in order."""
    for step in steps:
        notebook = step(notebook)
    return notebook


def _code_cells(notebook: nbformat.NotebookNode) -> list:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


# ------------------------------------------------------------------------------------------- solutions

STUB = ["# YOUR CODE HERE", 'raise NotImplementedError("Replace this line with your code")']
"""What a solution region becomes: nbgrader's stub as ``nbgrader_config.py`` sets it, so that nbgrader's release and
the student edition agree. It raises with a sentence, so Run All stops on a line that says what to do (the traceback
names the function). nbgrader has one stub for every cell, so it cannot name the exercise."""


def replace_regions(source: str, begin: str, end: str, stub: list[str]) -> str:
    """Replace each region of ``source`` from a ``begin`` line to an ``end`` line by ``stub``, indented as ``begin``."""
    out: list[str] = []
    inside = False
    for number, line in enumerate(source.split("\n"), 1):
        marker = line.strip()
        if marker == begin:
            if inside:
                raise ValueError(f"line {number}: {begin} inside another such region")
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            out += [indent + stub_line for stub_line in stub]
        elif marker == end:
            if not inside:
                raise ValueError(f"line {number}: {end} without {begin}")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"a region is not closed with {end}")
    return "\n".join(out)


def strip_solution_regions(source: str) -> str:
    """A cell's source as students get it, as ``nbgrader generate_assignment`` makes it: solution regions become
    ``STUB``, hidden regions (the solution edition's banner, its repaired back-propagation) are left out."""
    return replace_regions(replace_regions(source, BEGIN, END, STUB), HIDDEN_BEGIN, HIDDEN_END, [])


def strip_solutions(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``strip_solution_regions`` in every code cell."""
    for cell in _code_cells(notebook):
        cell.source = strip_solution_regions(cell.source)
    return notebook


# --------------------------------------------------------------------------------------------- outputs

def clear_outputs(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """No outputs and no execution counts."""
    for cell in _code_cells(notebook):
        cell.outputs = []
        cell.execution_count = None
    return notebook


def merge_outputs(outputs: list) -> list:
    """Join consecutive stream outputs of the same stream: how a print is split depends on timing."""
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.output_type == "stream" and previous is not None and previous.output_type == "stream"
                and previous.name == output.name):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def merge_streams(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``merge_outputs`` in every code cell."""
    for cell in _code_cells(notebook):
        cell.outputs = merge_outputs(cell.outputs)
    return notebook


# -------------------------------------------------------------------------------------------- metadata

def keep_allowed_metadata(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """No timing metadata in cells, and only the language's name in ``language_info`` (no versions)."""
    notebook.metadata["language_info"] = {"name": "python"}
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    return notebook


def drop_private_metadata(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Without the tools' own cell metadata (``gradient_checking``) and timing metadata."""
    for cell in notebook.cells:
        cell.metadata.pop(PRIVATE, None)
        cell.metadata.pop("execution", None)
    return notebook


def drop_widget_state(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Without stored widget state, and without the widget views that would need it.

    An explorer's output also holds a PNG of its initial state, which every viewer shows; the widget state
    (170 KB of models) would only follow the notebook into the student edition and nbgrader's release.
    """
    notebook.metadata.pop("widgets", None)
    for cell in _code_cells(notebook):
        for output in cell.outputs:
            output.get("data", {}).pop(VIEW, None)
    return notebook


# ------------------------------------------------------------------------------------------------ links

def rebase_links_text(markdown: str) -> str:
    """Links written relative to notebooks/solutions/ (``../x``), made relative to notebooks/ (``x``)."""
    return re.sub(r"\]\(\.\./", "](", markdown)


def rebase_links(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``rebase_links_text`` in every Markdown cell."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = rebase_links_text(cell.source)
    return notebook
