"""The grader: a batch mixing every kind of submission, graded end to end, one row each with the grade it
deserves; then its parts on their own (reading notebooks, picking the code, the wire format, the outputs)."""

from __future__ import annotations

import base64
import copy
import json
import os
import re
import signal
import struct
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
import numpy as np
import pytest
from tqdm import tqdm

import public_tests
from gc_grader import cells, extract, notebook_file, reports, wire
from gc_grader.assignment import assignment_from_source, parse_points
from gc_grader.grader import progress_bar
from gc_grader.jobs import describe_exit
from gc_grader.rows import Judging
from gc_grader.submissions import find_submissions
from public_tests.cases import build_cases
from public_tests.execution import Outcome, execute, normalise
from public_tests.judging import judge
from tests.corpus import batch
from tests.corpus import notebooks as nbs
from tests.corpus.submissions import SUBMISSIONS
from tests.grading.running import TIMEOUT, grader, kill_all, outputs, processes_with, refused

CORPUS = batch.corpus()
FULL = sum(nbs.GRADED.values())
"""Full marks: the notebook's points, the bug fix included."""
EXPECTED = [expected for expected, _ in CORPUS]


def graded_batch(base: Path, entries=CORPUS, *extra: str) -> SimpleNamespace:
    folder, out = base / "submissions", base / "out"
    batch.build(folder, entries)
    result = grader(folder, "--out", out, "--timeout", TIMEOUT, "--jobs", "4", *extra)
    return SimpleNamespace(result=result, out=out, folder=folder, **vars(outputs(out)))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    return graded_batch(tmp_path_factory.mktemp("batch"))


# ------------------------------------------------------------------------------------ the mixed batch

def test_every_submission_gets_exactly_one_row_and_exit_status_0(graded):
    assert graded.result.returncode == 0, graded.result.stderr
    names = sorted(e.name for e in EXPECTED)
    assert sorted(graded.rows) == names  # the .ipynb_checkpoints copy is skipped
    assert sorted(r["submission"] for r in graded.table) == names
    assert not (graded.out / "grades.partial.jsonl").exists()  # the journal goes once the outputs are complete
    assert f"{len(names)} submissions" in graded.result.stdout


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda e: e.name)
def test_each_submission_gets_the_grade_it_deserves(graded, expected):
    row = graded.rows[expected.name]
    assert row["status"] == expected.status, row["message"]
    for exercise, result in row["exercises"].items():
        want = expected.points(exercise)
        assert result["points"] == want, f"{exercise}: {result['feedback']}"
        assert result["passed"] == (want > 0)
        if exercise in expected.zero:
            assert any(piece in result["feedback"] for piece in expected.zero[exercise].split("|")), result["feedback"]
        elif want:
            assert result["feedback"] == "All tests passed."
    assert row["total"] == sum(expected.points(e) for e in batch.GRADED) and row["max"] == FULL
    assert bool(row["review"]) == expected.review, row["review"]


def test_csv_and_json_and_feedback_files_say_the_same(graded):
    for line in graded.table:
        row = graded.rows[line["submission"]]
        assert [float(line[e]) for e in batch.GRADED] == [row["exercises"][e]["points"] for e in batch.GRADED]
        assert (float(line["total"]), float(line["max"]), line["status"]) == (row["total"], row["max"], row["status"])
        feedback = (graded.out / "feedback" / reports.feedback_path(row["submission"])).read_text(encoding="utf-8")
        assert feedback.startswith("# Gradient Checking: feedback")
        assert f"**Total: {reports.number(row['total'])} / {FULL} points**" in feedback
        for result in row["exercises"].values():
            assert result["feedback"].rstrip() in feedback


def test_processes_a_submission_leaves_behind_are_killed(graded):
    """A daemon (double fork, new session) dies with its sandbox: no such process is left on this machine."""
    left = processes_with(batch.LEFTOVER_TOKEN)
    kill_all(left)
    assert not left
    assert graded.rows["leftover-process.ipynb"]["total"] == FULL


def test_a_submission_cannot_write_the_outputs(graded):
    """It found the output folder from the grader's command line and wrote there: the final outputs are ours."""
    assert graded.rows["tamper-write-output-folder.ipynb"]["total"] == FULL - 10
    assert "tamper-write-output-folder,10,10,10,20,10,60,60" not in (graded.out / "grades.csv").read_text()
    feedback = (graded.out / "feedback" / reports.feedback_path("tamper-write-output-folder.ipynb")).read_text()
    assert feedback.startswith("# Gradient Checking: feedback") and "0 / 10" in feedback


def test_values_hard_coded_from_the_notebook_pass_there_but_not_in_the_grader(graded):
    source = batch.tampering()["tamper-lookup-notebook-values"][1]
    namespace = {"np": np}
    exec(source, namespace)  # noqa: S102 - the corpus is this repository's own code
    assert public_tests.run("gradient_check", namespace["gradient_check"]).passed  # the notebook's fixed seed
    assert graded.rows["tamper-lookup-notebook-values.ipynb"]["exercises"]["gradient_check"]["points"] == 0


def test_the_reference_read_from_disk_is_not_in_the_sandbox(graded):
    """A submission that execs the grader's own reference solution from disk finds no such file, and is flagged."""
    row = graded.rows["exec-reference-from-disk.ipynb"]
    assert row["total"] == FULL - 10 and "No such file" in row["exercises"]["gradient_check"]["feedback"]
    assert "exec" in row["review"][0] and "open" in row["review"][0]
    assert any("opened the file" in note and "reference_solutions.py" in note for note in row["review"])


def test_a_rerun_gives_the_same_grades_with_new_cases(graded, tmp_path):
    quick = [(e, w) for e, w in CORPUS if e.name.startswith(("correct", "mistake-", "tamper-lookup"))][:12]
    again = graded_batch(tmp_path, quick)
    assert again.result.returncode == 0
    assert again.run["seed"] != graded.run["seed"]
    for name, other in again.rows.items():
        row = graded.rows[name]
        assert other["status"] == row["status"], name
        assert {e: r["points"] for e, r in other["exercises"].items()} == \
               {e: r["points"] for e, r in row["exercises"].items()}, name


def test_feedback_is_korean_with_language_ko(tmp_path):
    """The same judge in Korean: the tests' messages (as the Korean notebook gives them) and the feedback file."""
    from gc_utils import i18n

    by_name = {s.name: s for s in SUBMISSIONS}
    nbs.write(nbs.with_answer("forward_propagation", by_name["forward sum"].source), tmp_path / "in" / "sum.ipynb")
    result = grader(tmp_path / "in", "--out", tmp_path / "out", "--timeout", TIMEOUT, "--language", "ko",
                    "--points", "forward_propagation=10", "backward_propagation=10", "gradient_check=0",
                    "gradient_check_n=0", "backward_propagation_n=0")
    assert result.returncode == 0, result.stderr
    graded = outputs(tmp_path / "out")
    assert graded.run["language"] == "ko"
    exercises = graded.rows["sum.ipynb"]["exercises"]
    assert exercises["backward_propagation"]["feedback"] == i18n.template("public_tests.passed", "ko")
    failed = exercises["forward_propagation"]["feedback"]
    assert failed.startswith("forward_propagation 테스트가 사례 6개 중 1번째에서 실패했습니다")
    assert i18n.template("public_tests.mistake.forward_sum", "ko") in failed
    feedback = (tmp_path / "out" / "feedback" / reports.feedback_path("sum.ipynb")).read_text(encoding="utf-8")
    assert feedback.startswith("# 경사 검사(Gradient Checking): 피드백")
    assert "**총점: 10 / 20점**" in feedback and "| `forward_propagation` | 0 / 10 | 실패 |" in feedback
    assert "failed" not in feedback and "Total" not in feedback


# ------------------------------------------------------------------------------------ usage and points

def test_a_missing_path_is_a_usage_error(tmp_path):
    result = refused(tmp_path / "nowhere", "--out", tmp_path / "out")
    assert result.returncode == 2
    assert "nowhere" in result.stderr and "no such file or folder" in result.stderr


@pytest.mark.parametrize("points", ["gradient_check=ten", "no_such_exercise=3", "gradient_check"])
def test_bad_points_are_a_usage_error(tmp_path, points):
    nbs.write(nbs.solved(), tmp_path / "one.ipynb")
    result = refused(tmp_path / "one.ipynb", "--out", tmp_path / "out", "--points", points)
    assert result.returncode == 2 and "--points" in result.stderr and not (tmp_path / "out").exists()


def test_points_can_be_changed_and_an_ungraded_exercise_added(tmp_path):
    """The bug fix is graded by default (the lesson's climax), with the public tests' messages; --points changes
    points, leaves an exercise out, or adds one the notebook does not grade (forward_propagation_n)."""
    nbs.write(nbs.solved(), tmp_path / "in" / "fixed.ipynb")
    nbs.write(nbs.solved(skip=("backward_propagation_n",)), tmp_path / "in" / "bugs-left.ipynb")
    result = grader(tmp_path / "in", "--out", tmp_path / "out", "--timeout", TIMEOUT,
                    "--points", "gradient_check_n=25", "backward_propagation_n=5", "forward_propagation=0",
                    "forward_propagation_n=5")
    assert result.returncode == 0, result.stderr
    graded = outputs(tmp_path / "out")
    assert graded.document["exercises"] == {"backward_propagation": 10, "gradient_check": 10,
                                            "gradient_check_n": 25, "backward_propagation_n": 5,
                                            "forward_propagation_n": 5}
    assert graded.rows["fixed.ipynb"]["total"] == 55 and graded.rows["fixed.ipynb"]["max"] == 55
    bugs = graded.rows["bugs-left.ipynb"]["exercises"]["backward_propagation_n"]
    assert bugs["points"] == 0 and "Both bugs" in bugs["feedback"]
    assert list(graded.table[0]) == ["submission", "backward_propagation", "gradient_check", "gradient_check_n",
                                     "backward_propagation_n", "forward_propagation_n", "total", "max", "status",
                                     "message", "review"]  # the notebook's order, an added exercise after


def test_a_stub_left_as_handed_out_is_not_implemented(graded):
    """Not "run this test again" (advice for the notebook): the grader says what it saw, a stub as handed out."""
    row = graded.rows["untouched-student-edition.ipynb"]["exercises"]
    for exercise in ("forward_propagation", "backward_propagation", "gradient_check", "gradient_check_n"):
        assert row[exercise]["status"] == "not_implemented", row[exercise]
        assert "still raises NotImplementedError" in row[exercise]["feedback"]
        assert "run this test again" not in row[exercise]["feedback"]
    assert row["backward_propagation_n"]["status"] == "failed"  # given code, its two bugs in place


def test_the_bug_fix_is_graded_by_default_in_the_notebooks_order():
    assignment = assignment_from_source()  # the solution edition's nbgrader metadata
    assert list(assignment.points) == ["forward_propagation", "backward_propagation", "gradient_check",
                                       "gradient_check_n", "backward_propagation_n"]
    assert assignment.points["backward_propagation_n"] == 10
    assert list(assignment_from_source(None).points) == list(assignment.points)  # the defaults agree


def test_points_come_from_the_source_notebooks_metadata(tmp_path):
    assert assignment_from_source(None).points == {"forward_propagation": 10, "backward_propagation": 10,
                                                   "gradient_check": 10, "gradient_check_n": 20,
                                                   "backward_propagation_n": 10}
    source = nbs.solved()
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") == "gradient_check_n_test":
            meta["points"] = 30
    nbs.write(source, tmp_path / "source.ipynb")
    assignment = assignment_from_source(tmp_path / "source.ipynb")
    assert assignment.points["gradient_check_n"] == 30 and sum(assignment.points.values()) == 70
    assert assignment.answer_ids["gradient_check"] == ("gradient_check",)
    assert parse_points(["gradient_check=2.5"], assignment.points)["gradient_check"] == 2.5
    with pytest.raises(ValueError, match="left no exercise"):
        parse_points([f"{e}=0" for e in assignment.points], assignment.points)


def test_folders_are_searched_and_names_kept_apart(tmp_path):
    for group in ("a", "b"):
        nbs.write(nbs.solved(), tmp_path / group / "sub" / "Gradient_Checking.ipynb")
    nbs.write(nbs.solved(), tmp_path / "a" / ".ipynb_checkpoints" / "Gradient_Checking-checkpoint.ipynb")
    (tmp_path / "a" / "notes.txt").write_text("not a notebook")
    found = find_submissions([tmp_path / "a", tmp_path / "b", tmp_path / "a" / "sub" / "Gradient_Checking.ipynb"])
    assert [name for name, _ in found] == ["a/sub/Gradient_Checking.ipynb", "b/sub/Gradient_Checking.ipynb"]
    two = find_submissions([tmp_path / "a" / "sub" / "Gradient_Checking.ipynb",
                            tmp_path / "b" / "sub" / "Gradient_Checking.ipynb"])
    assert [name for name, _ in two] == ["Gradient_Checking.ipynb", "Gradient_Checking.ipynb (2)"]


# ------------------------------------------------------------------------------------ reading notebooks

def write_text(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


@pytest.mark.parametrize("content, kind", [
    (b"", "empty"), (b"   \n", "empty"), (b"print('hi')", "not_json"), (b'{"cells": 5}', "empty"),
    (b'"a string"', "not_a_notebook"), (b'{"metadata": {}}', "not_a_notebook"),
    (b"[" * 100000, "not_json"),
])
def test_unreadable_files_are_named_by_kind(tmp_path, content, kind):
    with pytest.raises(notebook_file.UnreadableNotebook) as problem:
        notebook_file.read_notebook(write_text(tmp_path / "x.ipynb", content))
    assert problem.value.kind == kind and str(problem.value)


def test_a_notebook_over_the_size_limit_is_not_read(tmp_path):
    path = nbs.write(nbs.solved(), tmp_path / "x.ipynb")
    with pytest.raises(notebook_file.UnreadableNotebook) as problem:
        notebook_file.read_notebook(path, max_bytes=1000)
    assert problem.value.kind == "too_large" and "--max-size" in str(problem.value)


def test_a_truncated_notebook_keeps_its_complete_cells(tmp_path):
    text = nbformat.writes(nbs.solved())
    cells = notebook_file.read_notebook(write_text(tmp_path / "x.ipynb", text[: len(text) // 2]))
    assert cells.truncated and "cut short" in cells.warnings[0]
    assert 0 < len(cells.cells) < len(notebook_file.read_notebook(write_text(tmp_path / "y.ipynb", text)).cells)


def test_encodings_and_old_formats_are_read(tmp_path):
    notebook = nbs.solved()
    old = nbformat.writes(nbformat.convert(copy.deepcopy(notebook), 3))
    v3 = notebook_file.read_notebook(write_text(tmp_path / "v3.ipynb", old))
    assert "nbformat 3" in v3.warnings[0]
    assert any("def gradient_check_n(" in c.source for c in v3.cells)
    utf16 = notebook_file.read_notebook(write_text(tmp_path / "u16.ipynb", nbformat.writes(notebook).encode("utf-16")))
    assert not utf16.warnings and len(utf16.cells) == len(v3.cells)
    latin = notebook_file.read_notebook(write_text(tmp_path / "l1.ipynb", '{"cells": [{"cell_type": "code", "source": '
                                             '"# caf\xe9\\nimport numpy"}]}'.encode("latin-1")))
    assert "not valid UTF-8" in latin.warnings[0] and "\ufffd" in latin.cells[0].source


GRADED = list(batch.GRADED)


def program_of(notebook: nbformat.NotebookNode) -> extract.Program:
    return extract.extract_program(notebook_file.NotebookCells(notebook_file.code_cells(notebook.cells)[0]), GRADED)


def sources(program: extract.Program, kind: str) -> list[str]:
    return [c.source.strip() for c in program.chunks if c.kind == kind]


def test_only_definitions_and_the_imports_they_need_run():
    program = program_of(nbs.solved())
    assert set(program.found) == set(GRADED) and not program.missing
    imports = sources(program, "import")
    assert "import numpy as np" in imports
    assert not [i for i in imports if "widgets" in i or "public_tests" in i or "testCases" in i or "subprocess" in i]
    definitions = sources(program, "definition")
    assert [d.split("(")[0] for d in definitions] == [f"def {e}" for e in GRADED]
    captured = [c.defines for c in program.chunks if c.defines]
    assert captured == [(e,) for e in GRADED]
    chunk = next(c for c in program.chunks if c.defines == ("gradient_check",))
    cell_lines = nbs.answer_cell(nbs.solved(), "gradient_check").source.split("\n")
    assert chunk.source.lstrip("\n").startswith("def gradient_check(")  # at the line it has in its cell
    assert chunk.source.count("\n", 0, chunk.source.index("def")) == cell_lines.index(
        next(line for line in cell_lines if line.startswith("def gradient_check(")))


def test_magics_and_shell_lines_are_dropped_line_numbers_kept():
    parsed = cells.parse_cell("%matplotlib inline\n!pip install x\ndef f():\n    !ls\n    return 1\nnp.sum?")
    assert [type(n).__name__ for n in parsed.tree.body] == ["Expr", "Expr", "FunctionDef", "Expr"]
    assert parsed.tree.body[2].lineno == 3 and parsed.lines[3] == "    None"  # IPython's call, made None
    assert "get_ipython" not in "\n".join(parsed.lines)
    assert cells.parse_cell("%%capture\nimport numpy").tree.body[0].names[0].name == "numpy"
    with pytest.raises(ValueError, match="bash"):
        cells.parse_cell("%%bash\necho hi")
    modulo = "y = (7\n     % 3)"
    assert "\n".join(cells.parse_cell(modulo).lines) == modulo + "\n"  # valid Python is left alone


def test_the_graded_definition_is_the_answer_cells_last_one():
    notebook = nbs.solved()
    cell = nbs.answer_cell(notebook, "forward_propagation")
    cell.source = "def forward_propagation(x, theta):\n    return 0\n\n" + cell.source
    notebook.cells.append(nbformat.v4.new_code_cell("def forward_propagation(x, theta):\n    return -1\n"))
    program = program_of(notebook)
    chosen = next(c for c in program.chunks if c.defines == ("forward_propagation",))
    assert program.found["forward_propagation"] == notebook.cells.index(cell) + 1
    assert "theta * x" in chosen.source
    stripped = program_of(nbs.without_metadata(notebook))  # without metadata: the notebook's last one
    assert "return -1" in next(c for c in stripped.chunks if c.defines == ("forward_propagation",)).source


def test_a_syntax_error_in_the_answer_cell_is_explained():
    notebook = nbs.with_answer("gradient_check", "def gradient_check(x, theta, epsilon=1e-7):\n    return (x\n")
    program = program_of(notebook)
    assert "gradient_check" in program.missing and "syntax error" in program.missing["gradient_check"]
    assert "cell" in program.missing["gradient_check"]


def test_suspicious_names_are_flagged_honest_code_is_not():
    assert not program_of(nbs.solved()).review
    notebook = nbs.with_answer("forward_propagation", "import sys\ndef forward_propagation(x, theta):\n"
                                                      "    return sys.modules['builtins'].eval('theta * x')\n")
    review = program_of(notebook).review
    assert review and "eval" in review[0] and "modules" in review[0]


# ------------------------------------------------------------------------------------ the wire format

def round_trip(outcome: Outcome) -> Outcome:
    return wire.decode_outcome(json.loads(json.dumps(wire.encode_outcome(outcome))))


def test_outcomes_survive_the_trip_as_plain_numbers():
    class Liar(float):
        def __eq__(self, other):
            return True

        __hash__ = float.__hash__

    value = {"a": np.array([[1.5, np.nan], [np.inf, -np.inf]]), "b": (Liar(2.0), None, "text", 3)}
    outcome = Outcome(value=normalise(value), inputs_after=normalise([1, np.zeros((2, 1))]))
    back = round_trip(outcome)
    assert type(back.value[1]["b"][1][0][1]) is float and back.value[1]["b"][1][0][1] == 2.0
    array = back.value[1]["a"][1]
    assert array.dtype == np.float64 and array.shape == (2, 2) and np.isnan(array[0, 1]) and array[1, 1] == -np.inf
    assert back.value[1]["b"][1][2] == ("other", "a str")
    error = round_trip(Outcome(error_type="ZeroDivisionError", error="division by zero"))
    assert (error.error_type, error.error, error.value) == ("ZeroDivisionError", "division by zero", None)


def packed(numbers: list[float]) -> str:
    """Array data as the wire carries it, made here independently: base64 of little-endian float64 bytes."""
    return base64.b64encode(struct.pack(f"<{len(numbers)}d", *numbers)).decode("ascii")


@pytest.mark.parametrize("obj, why", [
    ({"value": ["scalar", True], "error_type": None, "error": None, "inputs_after": ["sequence", []]}, "boolean"),
    ({"value": ["scalar", 1.0], "error_type": None, "error": None, "inputs_after": None}, "arguments"),
    ({"value": ["scalar", 1.0], "error_type": "E", "error": None, "inputs_after": None}, "both"),
    ({"value": ["array", [2, 2], packed([1.0, 2.0, 3.0])], "error_type": None, "error": None,
      "inputs_after": ["sequence", []]}, "shape"),
    ({"value": ["scalar", "1e9"], "error_type": None, "error": None, "inputs_after": ["sequence", []]}, "number"),
    ({"value": ["mystery", 1], "error_type": None, "error": None, "inputs_after": ["sequence", []]}, "unknown"),
    ({"value": ["scalar", 10 ** 400], "error_type": None, "error": None, "inputs_after": ["sequence", []]}, "large"),
    ({"value": ["scalar", 1.0], "error_type": None, "error": None, "inputs_after": ["sequence", []], "x": 1},
     "value, error_type"),
    ({"value": ["array", [10 ** 6], packed([0.0] * 10)], "error_type": None, "error": None,
      "inputs_after": ["sequence", []]}, "shape"),
    ({"value": ["dict", [["a", ["none"]], ["a", ["none"]]]], "error_type": None, "error": None,
      "inputs_after": ["sequence", []]}, "twice"),
    ({"value": ["array", [3], [1.0, 2.0, 3.0]], "error_type": None, "error": None,
      "inputs_after": ["sequence", []]}, "not a base64 string"),
    ({"value": ["array", [2], packed([1.0, 2.0])[:-4] + "!!!="], "error_type": None, "error": None,
      "inputs_after": ["sequence", []]}, "not base64"),
    ({"value": ["array", [1], "AAAAAAAAAAA"], "error_type": None, "error": None,
      "inputs_after": ["sequence", []]}, "characters"),
    ([1, 2], "not a dict"),
])
def test_anything_else_is_refused_on_arrival(obj, why):
    with pytest.raises(wire.MalformedResult, match=why):
        wire.decode_outcome(obj)


def test_an_array_of_floats_ints_and_special_values_arrives_as_sent():
    sent = np.array([[0.5, 3.0, np.nan], [np.inf, -np.inf, -0.0]])
    arrived = wire.decode_plain(json.loads(json.dumps(wire.encode_plain(("array", sent)))))[1]
    np.testing.assert_array_equal(arrived, sent)
    assert np.signbit(arrived[1, 2]) and arrived.dtype == np.float64 and arrived.flags.writeable
    assert wire.decode_plain(wire.encode_plain(("array", np.array([1, 2]))))[1].tolist() == [1.0, 2.0]
    for numbers in ([], [7.25], [1.0, 2.0], [0.1, 0.2, 0.3, 0.4]):  # every length modulo 3
        shape = [len(numbers)]
        assert wire.decode_plain(["array", shape, packed(numbers)])[1].tolist() == numbers



def test_too_deep_or_too_many_numbers_is_refused():
    deep: list = ["none"]
    for _ in range(wire.MAX_DEPTH + 2):
        deep = ["sequence", [deep]]
    with pytest.raises(wire.MalformedResult, match="deep"):
        wire.decode_plain(deep)
    many = ["sequence", [["array", [wire.MAX_ARRAY_SIZE], packed([0.0] * wire.MAX_ARRAY_SIZE)]] * 6]
    with pytest.raises(wire.MalformedResult, match="numbers"):
        wire.decode_plain(many)
    assert wire.encode_plain(("array", np.zeros(wire.MAX_ARRAY_SIZE + 1)))[0] == "other"


def test_verdicts_are_the_judges_and_shared_between_identical_outcomes():
    judging = Judging(["gradient_check"], seed=7)
    cases = build_cases("gradient_check", 7)
    wrong = [execute(lambda x, theta, epsilon=1e-7, print_msg=False: 0.5, c) for c in cases]
    first = judging.verdict("gradient_check", [round_trip(o) for o in wrong])
    assert first is judging.verdict("gradient_check", [round_trip(o) for o in wrong])
    assert first.message == judge("gradient_check", cases, wrong).message and not first.passed


# ------------------------------------------------------------------------------------ outputs

def test_feedback_names_are_flat_short_safe_and_collision_free():
    names = ["../../etc/passwd.ipynb", "a/b c/.hidden.ipynb", "x/y$(rm).ipynb", "fb+1.ipynb", "fb&1.ipynb",
             "one/x.ipynb", "two/x.ipynb", "x.ipynb (2)", "é" * 120 + ".ipynb", "a" * 251]
    paths = [reports.feedback_path(name) for name in names]
    assert len({str(p) for p in paths}) == len(names)
    for path in paths:
        assert len(path.parts) == 1 and path.suffix == ".md" and len(str(path)) <= 64
        assert re.fullmatch(r"[A-Za-z0-9_.\-]+", str(path)) and not str(path).startswith(".")
    assert str(paths[0]).startswith("passwd-") and str(paths[3]).startswith("fb_1-")


def test_student_text_cannot_break_out_of_its_block():
    text = "```\n# Injected heading\n````"
    block = reports.fenced(text)
    fence = block.split("text\n")[0]
    assert len(fence) == 5 and block.endswith("\n" + fence)


def test_names_that_look_like_formulas_are_quoted_in_the_csv():
    row = {"submission": "=HYPERLINK(\"x\")", "exercises": {"a": {"points": 1}}, "total": 1, "max": 1,
           "status": "graded", "message": "", "review": []}
    assert "'=HYPERLINK" in reports.grades_csv([row], {"a": 1})


def test_writes_are_atomic_and_leave_no_temporary_files(tmp_path):
    target = tmp_path / "deep" / "grades.csv"
    reports.atomic_write(target, "old\n")
    reports.atomic_write(target, "new\n", durable=True)
    assert target.read_text() == "new\n" and os.listdir(target.parent) == ["grades.csv"]


def test_exit_statuses_are_explained():
    assert describe_exit(signal.SIGSEGV) == ("crashed", "the process crashed (SIGSEGV)")
    assert describe_exit(3 << 8)[0] == "exited" and "code 3" in describe_exit(3 << 8)[1]


def test_the_progress_bar_is_tqdms_where_shown_and_needs_no_tqdm_elsewhere():
    code = ("import sys; from gc_grader.grader import progress_bar; bar = progress_bar(3, 0, False); "
            "bar.update(1); bar.close(); print('tqdm' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "False", done.stderr
    bar = progress_bar(3, 1, True)
    assert isinstance(bar, tqdm) and (bar.total, bar.n) == (3, 1)
    bar.close()
