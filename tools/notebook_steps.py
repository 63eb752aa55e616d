"""Small normalising steps on notebooks, shared by the tools that write them.

Each step takes a notebook and returns it (changed in place or a new node), so that a tool is a short
declared list of steps::

    STUDENT_EDITION = (strip_solutions, clear_outputs, drop_private_metadata, drop_widget_state, rebase_links)
    notebook = apply(STUDENT_EDITION, notebook)

What each step removes would otherwise change from run to run, leak the solutions, or break a link.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable

import nbformat

Step = Callable[[nbformat.NotebookNode], nbformat.NotebookNode]

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
PRIVATE = "gradient_checking"
"""Cell metadata the solution edition keeps for the tools only (e.g. ``student_regions``)."""
MODEL_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")
VIEW = "application/vnd.jupyter.widget-view+json"


def apply(steps: Iterable[Step], notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``notebook`` passed through ``steps`` in order."""
    for step in steps:
        notebook = step(notebook)
    return notebook


def _code_cells(notebook: nbformat.NotebookNode) -> list:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


# ------------------------------------------------------------------------------------------- solutions

EXERCISE_HEADING = re.compile(r"^#+ *(Exercise \d+)\b", flags=re.M)
"""A Markdown heading that numbers an exercise: the stubs below it name it."""


def stub_line(exercise: str | None) -> str:
    """The line a solution region becomes: it raises with a sentence, so Run All stops on a readable line."""
    where = f"{exercise}: replace" if exercise else "Replace"
    return f'raise NotImplementedError("{where} this line with your code")'


def strip_solution_regions(source: str, replacements: list[str] | None = None, exercise: str | None = None) -> str:
    """Replace each solution region of a cell's source by a stub naming ``exercise``, or by the next of
    ``replacements``."""
    out, pending = [], list(replacements or [])
    inside = False
    for number, line in enumerate(source.split("\n"), 1):
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise ValueError(f"line {number}: {BEGIN} inside another solution region")
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            if replacements is None:
                out += [f"{indent}# YOUR CODE HERE", f"{indent}{stub_line(exercise)}"]
            elif pending:
                out += pending.pop(0).split("\n")
            else:
                raise ValueError("more solution regions than student_regions in the cell's metadata")
        elif marker == END:
            if not inside:
                raise ValueError(f"line {number}: {END} without {BEGIN}")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"a solution region is not closed with {END}")
    if pending:
        raise ValueError("fewer solution regions than student_regions in the cell's metadata")
    return "\n".join(out)


def strip_solutions(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Every solution region becomes a stub (naming the exercise of the latest "### Exercise N" heading above
    it), or the code the cell's ``gradient_checking.student_regions`` gives."""
    exercise = None
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            headings = EXERCISE_HEADING.findall(cell.source)
            exercise = headings[-1] if headings else exercise
        elif cell.cell_type == "code":
            regions = cell.metadata.get(PRIVATE, {}).get("student_regions")
            cell.source = strip_solution_regions(cell.source, regions, exercise)
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
    """Without the stored widget state (it belongs to outputs)."""
    notebook.metadata.pop("widgets", None)
    return notebook


def widget_order(notebook: nbformat.NotebookNode) -> list[str]:
    """The widget model ids in an order that depends on content only, not on the random ids.

    First the views shown in outputs, in cell order, then the models they refer to (breadth first, in
    the order of their state's sorted keys), then any others by their content.
    """
    state = notebook.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    queue = [output["data"][VIEW]["model_id"] for cell in notebook.cells for output in cell.get("outputs", [])
             if VIEW in output.get("data", {})]
    order: list[str] = []
    while queue:
        model = queue.pop(0)
        if model in order or model not in state:
            continue
        order.append(model)
        queue += re.findall(r"IPY_MODEL_([0-9a-f]{32})", json.dumps(state[model], sort_keys=True))
    rest = sorted(set(state) - set(order), key=lambda m: MODEL_ID.sub("", json.dumps(state[m], sort_keys=True)))
    return order + rest


def number_widget_ids(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Widget model ids (random UUIDs) replaced by numbers in ``widget_order``."""
    numbering = {model: f"{number:032x}" for number, model in enumerate(widget_order(notebook), 1)}
    text = MODEL_ID.sub(lambda match: numbering.get(match.group(0), match.group(0)), nbformat.writes(notebook))
    return nbformat.reads(text, as_version=4)  # read again so that keys sort by the new ids when written


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
