"""tools/stored_outputs.py: an executed notebook is written back only when it changed where nbval looks.

On a tiny notebook built here (nothing is executed): with the project's own sanitizer rules, a new timing or new
round-off digits or a new plot of measured times keep the stored file byte for byte; any other change writes the
new notebook.
"""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tests.tools import load_tool

stored_outputs = load_tool("stored_outputs")
RULES = stored_outputs.read_rules()


def practice_like(loop: str = "8.51 ms (timed)", speed_up: str = "29.7x (timed)", difference: str = "1.2e-08",
                  bug: str = "0.2850931567761623", source: str = "report(timings)", timings_png: str = "iVBORw0KAAAA",
                  figure_png: str = "iVBORw0KBBBB") -> nbformat.NotebookNode:
    """A solution edition in miniature: timed cells (text, a plot), a round-off-sized difference, a real one, a
    figure of no measurement."""
    timed = new_code_cell(source, execution_count=1, metadata={"tags": ["timed"]}, outputs=[
        new_output("stream", name="stdout", text=f"the loop: {loop}\nvectorised: {speed_up} faster\n")])
    plotted = new_code_cell("plot_scaling(timings)", execution_count=2, metadata={"tags": ["timed"]}, outputs=[
        new_output("display_data", data={"image/png": timings_png, "text/plain": "<Figure 800x450>"})])
    checked = new_code_cell("check()", execution_count=3, outputs=[
        new_output("execute_result", data={"text/plain": f"'correct: {difference}'"}, execution_count=3),
        new_output("stream", name="stdout", text=f"both bugs: difference = {bug}\n"),
        new_output("display_data", data={"image/png": figure_png, "text/plain": "<Figure 640x480>"})])
    cells = [new_markdown_cell("# In practice"), timed, plotted, checked]
    for number, cell in enumerate(cells):
        cell.id = f"cell-{number}"  # as executing in place keeps them (new cells get random ids)
    return new_notebook(cells=cells, metadata={"language_info": {"name": "python"}})


@pytest.fixture
def stored(tmp_path):
    path = tmp_path / "Practice.ipynb"
    assert stored_outputs.store(path, practice_like(), RULES) == "written"
    return path


def test_the_rules_are_the_project_sanitizer_file():
    patterns = [pattern for pattern, _ in RULES]
    assert r"[0-9]+(\.[0-9]+)? ?(ms|x) \(timed\)" in patterns
    assert len(RULES) == stored_outputs.SANITIZE.read_text(encoding="utf-8").count("\nregex: ")


@pytest.mark.parametrize("changes", [
    {"loop": "12.03 ms (timed)"},
    {"loop": "7 ms (timed)", "speed_up": "18.2x (timed)"},
    {"difference": "3.4e-09"},  # round-off: its digits and exponent are masked whole
    {"bug": "0.2850931566"},  # only after the eighth decimal
    {"loop": "12.03 ms (timed)", "timings_png": "iVBORw0KCCCC"},  # the plot of the timings, in a timed cell
])
def test_a_change_only_where_the_sanitizer_masks_keeps_the_stored_file(stored, changes):
    before = stored.read_bytes()
    assert stored_outputs.store(stored, practice_like(**changes), RULES) == "kept"
    assert stored.read_bytes() == before


@pytest.mark.parametrize("changes", [
    {"loop": "8.51 ms"},  # no longer marked as timed: nbval would compare it
    {"loop": "12.03 ms (timed)", "bug": "0.2950931567761623"},  # a timing and a real value
    {"difference": "3.4e-05"},  # too large to be round-off
    {"loop": "12.03 ms (timed)", "source": "report(timings, verbose=True)"},  # a source changed
    {"figure_png": "iVBORw0KCCCC"},  # a figure of a cell that measures nothing
])
def test_any_other_change_writes_the_new_notebook(stored, changes):
    new = practice_like(**changes)
    assert stored_outputs.store(stored, new, RULES) == "written"
    assert nbformat.read(stored, as_version=4) == nbformat.reads(nbformat.writes(new), as_version=4)


def test_metadata_is_compared_too(stored):
    new = practice_like(loop="12.03 ms (timed)")
    new.metadata["language_info"]["version"] = "3.11.7"
    assert stored_outputs.store(stored, new, RULES) == "written"


def test_measuring_again_stores_new_timings(stored):
    new = practice_like(loop="12.03 ms (timed)", timings_png="iVBORw0KCCCC")
    assert stored_outputs.store(stored, new, RULES, keep_masked=False) == "written"
    assert "12.03 ms (timed)" in stored.read_text(encoding="utf-8")
    assert stored_outputs.store(stored, new, RULES, keep_masked=False) == "unchanged"


def test_the_same_notebook_is_unchanged(stored):
    before = stored.stat().st_mtime_ns
    assert stored_outputs.store(stored, practice_like(), RULES) == "unchanged"
    assert stored.stat().st_mtime_ns == before
