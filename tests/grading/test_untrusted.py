"""``gc_grader.untrusted``: a submission's text made safe once, where it enters; and files reached twice."""

from __future__ import annotations

import os

import pytest

from gc_grader import untrusted
from gc_grader.submissions import same_files


@pytest.mark.parametrize(("raw", "safe"), [
    ("plain text, ünïcode and 한국어", "plain text, ünïcode and 한국어"),
    ("bad-\udcff\udcfe", "bad-\\xff\\xfe"),  # bytes that were not UTF-8 (surrogateescape)
    ("lone \ud800 high", "lone \\ud800 high"),
    ("\x1b[2Jclear", "\\x1b[2Jclear"),
    ("over\rwrite", "over\\rwrite"),
    ("bidi \u202eevil\u2066", "bidi \\u202eevil\\u2066"),
    ("c1 \x85 and bom \ufeff", "c1 \\x85 and bom \\ufeff"),
])
def test_text_escapes_what_no_writer_or_reader_should_meet(raw, safe):
    assert untrusted.text(raw) == safe
    assert untrusted.text(raw).encode("utf-8")  # UTF-8 can write every result


def test_text_keeps_lines_a_name_is_one_line():
    assert untrusted.text("a\n\tb") == "a\n\tb"
    assert untrusted.name("a\n# b\t.ipynb") == "a\\n# b\\t.ipynb"


def test_both_are_bounded():
    assert len(untrusted.text("x" * 10_000, 100)) == 100
    assert len(untrusted.name("\x00" * 10_000, 100)) == 100  # escapes count too


def test_a_file_reached_by_two_paths_is_found_once(tmp_path):
    (tmp_path / "a.ipynb").write_text("{}")
    os.link(tmp_path / "a.ipynb", tmp_path / "b.ipynb")
    (tmp_path / "c.ipynb").write_text("{}")
    os.link(tmp_path / "c.ipynb", tmp_path / "d.ipynb")
    submissions = [(name, tmp_path / name) for name in ("a.ipynb", "b.ipynb", "c.ipynb", "d.ipynb", "gone.ipynb")]
    assert same_files(submissions) == {1: 0, 3: 2}
