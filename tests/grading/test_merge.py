"""``merge``'s rules, one at a time, on grades.json files written here (``test_shards.py`` merges real shards).

Each refusal of ``read_part`` (what a folder must hold to be a finished shard), of ``check`` (what N parts must be
to be one run) and the choices of ``_request`` (which formats, roster and assignment the merged outputs get).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gc_grader import merge, reports
from gc_grader.merge import MergeError, Part, check, merged_rows, read_part

ROSTER = "submission,student_id,canvas_id\ns0.ipynb,ada,101\ns1.ipynb,bob,102\n"


def document(index: int = 0, count: int = 2, positions: tuple[int, ...] = (0,), of: int = 2, **run: object) -> dict:
    """A finished shard's grades.json: shard ``index`` of ``count``, holding the submissions at ``positions`` of
    the ``of`` the run has."""
    shard = {"index": index, "count": count, "of_submissions": of, "submissions_sha256": "0" * 64,
             "positions": list(positions)}
    rows = [{"submission": f"s{place}.ipynb", "exercises": {}} for place in positions]
    return {"run": {"seed": 7, "language": "en", "shard": shard, **run}, "exercises": {"forward_propagation": 10},
            "submissions": rows}


def folder_with(tmp_path: Path, content: object, name: str = "out") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "grades.json").write_text(content if isinstance(content, str) else json.dumps(content))
    return folder


def changed(change) -> dict:
    made = document()
    change(made)
    return made


# ------------------------------------------------------------------------------------ read_part

def test_a_finished_shards_folder_is_a_part(tmp_path):
    part = read_part(folder_with(tmp_path, document(index=1, positions=(1,))))
    assert part.shard["index"] == 1 and part.run["seed"] == 7
    assert part.label == f"{tmp_path / 'out'} (shard 1/2)"


@pytest.mark.parametrize("content, says", [
    (None, "no grades.json: not the output folder of a grading run"),
    ("{not json", "cannot be read as JSON"),
    ([], "not the grades.json of a grading run"),
    ({"run": {}, "exercises": {}}, "not the grades.json of a grading run"),
    ({"run": [], "exercises": {}, "submissions": []}, "not the grades.json of a grading run"),
    (changed(lambda d: d["run"].pop("shard")), "not a shard: it was graded without --shard K/N"),
])
def test_a_folder_that_is_not_a_shards_outputs_is_refused(tmp_path, content, says):
    folder = tmp_path / "out"
    if content is None:
        folder.mkdir()
    else:
        folder = folder_with(tmp_path, content)
    with pytest.raises(MergeError, match=says.replace("(", r"\(").replace(")", r"\)")):
        read_part(folder)


@pytest.mark.parametrize("change", [
    lambda s: s.update(index=2),  # K < N
    lambda s: s.update(index=-1),
    lambda s: s.update(count=True),  # a bool is no count
    lambda s: s.update(of_submissions="2"),
    lambda s: s.pop("submissions_sha256"),
    lambda s: s.update(positions="all"),
    lambda s: s.update(positions=[2]),  # beyond the run's submissions
    lambda s: s.update(positions=[0.0]),
], ids=["index-not-below-count", "negative-index", "bool-count", "text-size", "no-digest", "positions-not-a-list",
        "position-beyond-the-run", "float-position"])
def test_a_shard_record_the_grader_would_not_write_is_refused(tmp_path, change):
    made = document()
    change(made["run"]["shard"])
    with pytest.raises(MergeError, match="its run.shard is not what the grader records"):
        read_part(folder_with(tmp_path, made))


@pytest.mark.parametrize("change", [
    lambda d: d["run"].pop("seed"),  # a shard writes its seed once it finished
    lambda d: d["submissions"].clear(),  # fewer rows than its places
])
def test_an_unfinished_shard_is_refused(tmp_path, change):
    with pytest.raises(MergeError, match="shard 0/2 has not finished"):
        read_part(folder_with(tmp_path, changed(change)))


def test_a_shard_with_its_journal_left_has_not_finished(tmp_path):
    folder = folder_with(tmp_path, document())
    (folder / reports.JOURNAL).write_text("")
    with pytest.raises(MergeError, match="has not finished .* resumes where it stopped"):
        read_part(folder)


@pytest.mark.parametrize("row", [{"exercises": {}}, {"submission": 3, "exercises": {}},
                                 {"submission": "s0.ipynb", "exercises": []}, "s0.ipynb"])
def test_rows_the_grader_would_not_write_are_refused(tmp_path, row):
    with pytest.raises(MergeError, match="its rows are not what the grader writes"):
        read_part(folder_with(tmp_path, changed(lambda d: d["submissions"].__setitem__(0, row))))


# ------------------------------------------------------------------------------------ check

def parts(*shards: dict) -> list[Part]:
    return [Part(Path(f"shard-{i}"), made, made["run"]["shard"]) for i, made in enumerate(shards)]


def test_the_shards_of_one_run_pass_and_their_rows_come_in_the_runs_order():
    shards = parts(document(1, 3, (1, 4), of=5), document(0, 3, (0, 3), of=5), document(2, 3, (2,), of=5))
    check(shards)
    assert [row["submission"] for row in merged_rows(shards)] == [f"s{i}.ipynb" for i in range(5)]


@pytest.mark.parametrize("shards, says", [
    ((document(0, 2, (0,)), document(1, 2, (1,), seed=8)), "differ in their seed"),
    ((document(0, 2, (0,)), document(1, 2, (1,), language="ko")), "differ in the setting language"),
    ((document(0, 2, (0,)), document(1, 3, (1,))), r"differ in their split \(N of --shard K/N\)"),
    ((document(0, 2, (0,)), document(1, 2, (1,), of=3)), "differ in the submissions they found"),
    ((document(0, 2, (0,)), document(0, 2, (1,))), "a shard is given more than once: shard 0/2 in shard-0, shard-1"),
    ((document(0, 3, (0,), of=3), document(2, 3, (2,), of=3)), r"shard\(s\) 1 of 3 are missing"),
    ((document(0, 2, (0, 1)), document(1, 2, (1,))), r"shard-1 \(shard 1/2\): its submissions overlap"),
    ((document(0, 2, (0, 0)), document(1, 2, (1,))), r"shard-0 \(shard 0/2\): its submissions overlap"),
    ((document(0, 2, (0,), of=3), document(1, 2, (1,), of=3)), "leave gaps: some submissions are in no shard"),
], ids=["seed", "setting", "split", "submissions", "twice", "missing", "overlap", "place-twice", "gap"])
def test_parts_that_are_not_one_run_are_refused(shards, says):
    with pytest.raises(MergeError, match=says):
        check(parts(*shards))


def test_the_exercises_and_points_must_be_the_same():
    other = document(1, 2, (1,))
    other["exercises"] = {"forward_propagation": 5}
    with pytest.raises(MergeError, match="differ in the exercises and points"):
        check(parts(document(), other))


# ------------------------------------------------------------------------------------ what is written

def test_the_formats_are_those_asked_for_else_those_of_the_shards_in_their_order():
    shards = parts(document(formats=["nbgrader"]), document(1, 2, (1,), formats=["junit", "bogus"]))
    assert merge._request(shards, ["junit"], None, None).formats == ("junit",)
    assert merge._request(shards[1:], [], None, None).formats == ("junit",)
    request = merge._request(shards, [], None, "PS1")
    assert request.formats == ("junit", "nbgrader") and request.assignment == "PS1" and request.roster is None


def test_the_shards_roster_and_assignment_are_taken_unless_given(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER)
    book = {"roster": str(roster), "assignment": "Gradient Checking (7)"}
    shards = parts(document(formats=["canvas"], gradebook=book), document(1, 2, (1,), formats=["junit"]))
    request = merge._request(shards, [], None, None)
    assert request.formats == ("junit", "canvas")  # formats.FORMATS' order, whichever shard asked first
    assert request.roster is not None and request.roster.path == str(roster.resolve())
    assert request.assignment == "Gradient Checking (7)"
    assert merge._request(shards, [], None, "Other").assignment == "Other"


def test_a_roster_the_shards_disagree_on_or_that_is_not_here_must_be_given(tmp_path):
    shards = parts(document(formats=["canvas"], gradebook={"roster": "/a.csv"}),
                   document(1, 2, (1,), formats=["canvas"], gradebook={"roster": "/b.csv"}))
    with pytest.raises(MergeError, match=r"the shards read different rosters \(/a.csv, /b.csv\): give --roster"):
        merge._request(shards, [], None, None)
    gone = str(tmp_path / "gone.csv")
    shards = parts(document(formats=["canvas"], gradebook={"roster": gone}))
    with pytest.raises(MergeError, match="which is not here: give --roster ROSTER.csv"):
        merge._request(shards, [], None, None)
    assert merge._request(shards, ["junit"], None, None).roster is None  # no gradebook asked for: not needed
