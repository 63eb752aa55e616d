"""Reading a submission as Python and Jupyter would, and within a memory bound.

Definitions are found by the parser, under the names Python gives them (NFKC); cells are read through IPython's own
input transformer, on their own line numbers; a notebook's JSON is parsed only when the memory it can take is known
to fit (checked on hostile 60 MiB files in child processes, whose peak resident memory is measured); a notebook
nested too deeply is reported, never an internal error.
"""

from __future__ import annotations

import json
import textwrap

import nbformat
import numpy as np
import pytest

from gc_grader import extract
from tests.corpus import notebooks as nbs

GRADED = list(nbs.GRADED)
EXERCISE = "forward_propagation"


def program_of(notebook: nbformat.NotebookNode) -> extract.Program:
    return extract.extract_program(extract.NotebookCells(extract.code_cells(notebook.cells)[0]), GRADED)


def answer(source: str) -> nbformat.NotebookNode:
    """The solved notebook whose forward_propagation answer cell is ``source``."""
    return nbs.with_answer(EXERCISE, textwrap.dedent(source).lstrip("\n"))


def answer_number(notebook: nbformat.NotebookNode) -> int:
    return notebook.cells.index(nbs.answer_cell(notebook, EXERCISE)) + 1


def graded_function(program: extract.Program, exercise: str = EXERCISE):
    """The function the child of ``exercise`` would take, defined here from its chunk as the child does."""
    chunk = next(c for c in program.chunks if exercise in c.defines)
    namespace = {"np": np}
    exec(compile(chunk.source, f"<cell {chunk.cell}>", "exec", dont_inherit=True), namespace)  # noqa: S102
    return namespace[exercise]


# ------------------------------------------------------------------ nested too deeply

def deep_after_cells(cells: int, closed: bool) -> str:
    """The solved notebook's first ``cells`` cells, then a cell whose outputs nest 100,000 arrays deep."""
    notebook = json.loads(nbformat.writes(nbs.solved()))
    text = json.dumps({**notebook, "cells": notebook["cells"][:cells] + ["DEEP"]})
    deep = '{"cell_type": "code", "metadata": {}, "source": "x = 1", "outputs": ' + "[" * 100_000
    return text.replace('"DEEP"', deep + ("]" * 100_000 + "}" if closed else ""))


@pytest.mark.parametrize("closed", [True, False], ids=["closed", "cut-short"])
def test_a_notebook_nested_deep_after_complete_cells_keeps_them(tmp_path, closed):
    path = tmp_path / "deep.ipynb"
    path.write_text(deep_after_cells(5, closed))
    notebook = extract.read_notebook(path)
    code = [c for c in nbs.solved().cells[:5] if c.cell_type == "code"]
    assert notebook.truncated and [c.source for c in notebook.cells] == [c.source for c in code]
    assert "5 complete cells" in notebook.warnings[0] and "deep" in notebook.warnings[0]


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '{"cells": ' + "[" * 100_000,
                                  deep_after_cells(0, True)], ids=["array", "cells", "first-cell"])
def test_a_notebook_nested_deep_from_the_start_is_not_json(tmp_path, text):
    (tmp_path / "deep.ipynb").write_text(text)
    with pytest.raises(extract.UnreadableNotebook) as problem:
        extract.read_notebook(tmp_path / "deep.ipynb")
    assert problem.value.kind == "not_json"


def test_a_number_too_long_for_python_is_reported_not_a_crash(tmp_path):
    notebook = json.loads(nbformat.writes(nbs.solved()))
    text = json.dumps(notebook)[:-1] + ', "x": ' + "1" * 5000 + "}"
    (tmp_path / "long.ipynb").write_text(text)
    read = extract.read_notebook(tmp_path / "long.ipynb")
    assert read.truncated and len(read.cells) == len(extract.code_cells(nbs.solved().cells)[0])
