"""The stored "Gradient checking in practice" notebook: generated, reproducible, readable.

nbval (``pytest --nbval ... notebooks/Gradient_Checking_in_Practice.ipynb``) re-runs it and compares the
outputs; these tests check what nbval does not: that the stored file is what the generator writes, that
nothing machine- or run-specific leaks into it, and that every figure is described in words.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "Gradient_Checking_in_Practice.ipynb"
SANITIZE = ROOT / "notebooks" / "sanitize.cfg"


@pytest.fixture(scope="module")
def notebook():
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def generator():
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(ROOT / "tools"))  # as when the script runs: its folder first on sys.path
        return _load(ROOT / "tools" / "build_practice_notebook.py")


def _load(path):
    import importlib.util

    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_stored_cells_are_the_generators(notebook, generator):
    built = generator.build()
    assert [(c.cell_type, c.source, c.id) for c in notebook.cells] == [
        (c.cell_type, c.source, c.id) for c in built.cells]


def test_every_code_cell_ran_in_order_without_errors(notebook):
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not [o for c in code for o in c.outputs if o.output_type == "stream" and o.name == "stderr"]


def test_nothing_run_specific_is_stored(notebook):
    assert notebook.metadata["language_info"] == {"name": "python"}
    assert all("execution" not in c.metadata for c in notebook.cells)
    text = NOTEBOOK.read_text(encoding="utf-8")
    for leak in ("/work/", "/tmp/", "/root/", "/home/", "site-packages"):
        assert leak not in text


def test_every_figure_has_a_description_next_to_it(notebook):
    cells = notebook.cells
    figures = [i for i, c in enumerate(cells) if c.cell_type == "code"
               and any("image/png" in o.get("data", {}) for o in c.outputs)]
    assert len(figures) == 4
    for number, index in enumerate(figures, start=1):
        following = cells[index + 1]
        assert following.cell_type == "markdown" and following.source.startswith(f"*Figure {number}."), index
        assert len(following.source) > 200


def test_timings_are_marked_and_sanitised(notebook):
    rules = re.findall(r"^regex: (.*)$\n^replace: (.*)$", SANITIZE.read_text(encoding="utf-8"), flags=re.M)
    timed = [o.text for c in notebook.cells if c.cell_type == "code" for o in c.outputs
             if o.output_type == "stream" and "(timed)" in o.text]
    assert timed, "the notebook prints measured times"
    for text in timed:
        for pattern, replacement in rules:
            text = re.sub(pattern, replacement, text)
        assert not re.search(r"\d+(\.\d+)? ?(ms|x) \(timed\)", text)
    for cell in notebook.cells:
        if cell.cell_type == "code" and (re.search(r"(?<!def )seconds\(", cell.source) or "timings" in cell.source):
            assert "timed" in cell.metadata.get("tags", []), cell.source[:60]


def test_round_off_sized_numbers_are_printed_short(notebook):
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            for number in re.findall(r"\d\.\d+e[-+]\d\d", output.get("text", "")):
                assert len(number.split("e")[0]) <= 3, number  # one decimal: d.de-XX


def test_headings_and_the_large_network_switch(notebook):
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    headings = re.findall(r"^(#+) (.*)$", markdown, flags=re.M)
    assert [level for level, _ in headings].count("#") == 1
    titles = [title for _, title in headings]
    assert titles[0] == "Gradient checking in practice"
    for topic in ("ε", "ReLU kinks", "Dropout", "Regularisation", "large network", "Localisation"):
        assert any(topic in title for title in titles), topic
    assert any("FULL_SIZE = False" in c.source for c in notebook.cells if c.cell_type == "code")
