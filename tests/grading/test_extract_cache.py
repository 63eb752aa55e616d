"""A cell that comes again in another submission is parsed once, and still gives that submission its own program."""

from __future__ import annotations

from gc_grader import cells, extract, notebook_file

ANSWER = "import numpy as np\n\ndef forward_propagation(x, theta):\n    return np.dot(theta, x)\n"


def program(source: str, number: int = 3) -> extract.Program:
    cells = notebook_file.NotebookCells([notebook_file.CodeCell(number, source)])
    return extract.extract_program(cells, ["forward_propagation"])


def test_the_same_cell_is_parsed_once(monkeypatch):
    parsed = []
    real = cells.parse_cell
    monkeypatch.setattr(extract, "parse_cell", lambda source: parsed.append(source) or real(source))
    source = ANSWER + "# a comment no other test has\n"
    first, second = program(source), program(source)
    assert parsed == [source]
    assert first.chunks == second.chunks and first.found == {"forward_propagation": 3}


def test_another_position_or_source_is_parsed_again(monkeypatch):
    parsed = []
    real = cells.parse_cell
    monkeypatch.setattr(extract, "parse_cell", lambda source: parsed.append(source) or real(source))
    source = ANSWER + "# only in this test\n"
    assert program(source, 3).found == {"forward_propagation": 3}
    assert program(source, 5).found == {"forward_propagation": 5}  # its own cell number, in notes and chunks
    assert program(source.replace("np.dot(theta, x)", "theta * x"), 5).chunks[-1].source.endswith("theta * x\n")
    assert len(parsed) == 3


def test_a_large_cell_is_not_kept(monkeypatch):
    parsed = []
    real = cells.parse_cell
    monkeypatch.setattr(extract, "parse_cell", lambda source: parsed.append(source) or real(source))
    source = ANSWER + "#" * extract.KEPT_CELL_CHARS + "\n"
    program(source), program(source)
    assert len(parsed) == 2
