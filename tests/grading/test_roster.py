"""The roster's rules one at a time (``formats.read_roster``'s parts); ``test_formats.py`` reads whole rosters."""

from __future__ import annotations

from pathlib import Path

import pytest

from gc_grader import formats
from gc_grader.formats import Roster, RosterError, Student

PLACES = {"submission": 0, "student_id": 1, "email": 2}


def test_header_names_are_matched_without_case_spaces_or_hyphens():
    header = [" Submission ", "Student-ID", "E Mail", "Canvas  ID", "notes", "SIS_User_ID"]
    assert formats._column_places(Path("r.csv"), header) == {
        "submission": 0, "student_id": 1, "canvas_id": 3, "sis_user_id": 5}


def test_a_header_without_a_required_column_names_it():
    with pytest.raises(RosterError, match=r"no column submission or student_id in its header row \['name'\]"):
        formats._column_places(Path("r.csv"), ["name"])


def test_a_row_adds_its_notebook_to_its_student():
    roster = Roster(None)
    assert formats._add_roster_line(roster, ["a.ipynb", "ada", "ada@example.org"], PLACES) is None
    assert formats._add_roster_line(roster, ["b.ipynb", "ada", "ada@example.org", "extra"], PLACES) is None
    assert roster.owner == {"a.ipynb": "ada", "b.ipynb": "ada"}
    assert roster.students == {"ada": Student("ada", email="ada@example.org")}


def test_a_short_row_has_empty_cells_and_a_blank_one_is_skipped():
    roster = Roster(None)
    assert formats._add_roster_line(roster, ["a.ipynb", "ada"], PLACES) is None
    assert roster.students["ada"].email == ""
    assert formats._add_roster_line(roster, [" ", "", "  "], PLACES) is None
    assert formats._add_roster_line(roster, [], PLACES) is None
    assert roster.owner == {"a.ipynb": "ada"}


@pytest.mark.parametrize("line, says", [
    (["", "bob"], "no submission"),
    (["b.ipynb", " "], "no student_id"),
    (["a.ipynb", "bob"], "the notebook 'a.ipynb' is given twice"),
    (["b.ipynb", "ada", "other@example.org"], "student 'ada' has other details than on an earlier line"),
])
def test_a_row_that_cannot_be_used_says_why_and_changes_nothing(line, says):
    roster = Roster(None)
    formats._add_roster_line(roster, ["a.ipynb", "ada", "ada@example.org"], PLACES)
    before = (dict(roster.owner), dict(roster.students))
    assert formats._add_roster_line(roster, line, PLACES) == says
    assert (roster.owner, roster.students) == before


def test_cells_are_made_safe_where_they_enter():
    roster = Roster(None)
    formats._add_roster_line(roster, ["a\nb.ipynb", "ada\x00"], PLACES)
    [(name, student)] = roster.owner.items()
    assert "\n" not in name and "\x00" not in student


def test_at_most_ten_problems_are_listed(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("submission,student_id\n" + "".join(f"n{i}.ipynb,\n" for i in range(13)))
    with pytest.raises(RosterError) as raised:
        formats.read_roster(path)
    assert str(raised.value).count("no student_id") == 10 and str(raised.value).endswith("; and 3 more")
    assert "line 2: no student_id" in str(raised.value) and "line 12:" not in str(raised.value)


def test_a_roster_too_large_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(formats, "ROSTER_MAX_BYTES", 16)
    path = tmp_path / "roster.csv"
    path.write_text("submission,student_id\na,b\n")
    with pytest.raises(RosterError, match="larger than 0 MiB"):
        formats.read_roster(path)
    with pytest.raises(RosterError, match="No such file"):
        formats.read_roster(tmp_path / "missing.csv")
