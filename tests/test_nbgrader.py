"""nbgrader takes the solution edition as it is: its release is our student edition, and autograde scores it.

One nbgrader run per session (module-scoped): ``generate_assignment`` of the source, then ``autograde`` of two
submissions, the solution edition and the student edition, in a temporary course directory. nbgrader is imported in
that run's process only (importing it costs ~1.5 s, which every pytest worker would pay at collection); it is a test
requirement: missing, these tests fail rather than skip.
"""

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
SOLUTION = ROOT / "notebooks" / "solutions" / "Gradient_Checking.ipynb"
STUDENT = ROOT / "notebooks" / "Gradient_Checking.ipynb"
ASSIGNMENT, NOTEBOOK = "gradient_checking", "Gradient_Checking"
POINTS = {"forward_propagation_test": 10, "backward_propagation_test": 10, "gradient_check_test": 10,
          "gradient_check_n_test": 20, "backward_propagation_n_fix_check": 10}
NBGRADER_OWN = {"nbgrader", "deletable", "editable"}  # cell metadata nbgrader writes (locks, checksums)
OUR_OWN = {"generated"}  # notebook metadata our generator writes (where the file comes from)

RUN = f"""
import json

import nbgrader.api
from alembic.config import Config
from alembic.script import ScriptDirectory
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from nbgrader.dbutil import ALEMBIC_DIR
from traitlets.config.loader import PyFileConfigLoader


def alembic_head():
    # What nbgrader asks `alembic heads` for when it makes a gradebook, read here: the command is a second Python
    # process that imports alembic and SQLAlchemy again (about 2 s of CPU).
    config = Config()
    config.set_main_option("script_location", ALEMBIC_DIR)
    return ScriptDirectory.from_config(config).get_current_head()


nbgrader.api.get_alembic_version = alembic_head

config = PyFileConfigLoader("nbgrader_config.py", path={str(ROOT)!r}).load_config()  # the lesson's settings
config.CourseDirectory.root = {{root!r}}
config.CourseDirectory.db_assignments = [dict(name={ASSIGNMENT!r})]
config.CourseDirectory.db_students = [dict(id="solution"), dict(id="student")]
api = NbGraderAPI(config=config)
for result in [api.generate_assignment({ASSIGNMENT!r}),
               api.autograde({ASSIGNMENT!r}, "solution"), api.autograde({ASSIGNMENT!r}, "student")]:
    assert result["success"], result["log"] + result.get("error", "")
scores = dict()  # each student's (score, max_score) per graded cell (no braces: this text goes through format)
with Gradebook("sqlite:///gradebook.db") as gradebook:
    for student in ("solution", "student"):
        notebook = gradebook.find_submission_notebook({NOTEBOOK!r}, {ASSIGNMENT!r}, student)
        scores[student] = dict((grade.name, (grade.score, grade.max_score)) for grade in notebook.grades)
with open("scores.json", "w") as file:
    json.dump(scores, file)
"""


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course directory after ``generate_assignment`` and ``autograde``; its gradebook's scores per student."""
    root = tmp_path_factory.mktemp("course")
    for folder, edition in [("source", SOLUTION), ("submitted/solution", SOLUTION), ("submitted/student", STUDENT)]:
        target = root / folder / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
        target.parent.mkdir(parents=True)
        target.write_bytes(edition.read_bytes())
    result = subprocess.run([sys.executable, "-c", RUN.format(root=str(root))], cwd=root,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    scores = json.loads((root / "scores.json").read_text())
    return root, {student: {name: tuple(score) for name, score in grades.items()} for student, grades in scores.items()}


def read(path):
    return nbformat.read(path, as_version=4)


def without(metadata, keys):
    return {key: value for key, value in metadata.items() if key not in keys}


def test_release_is_the_student_edition_up_to_nbgraders_metadata(course):
    root, _ = course
    release, student = read(root / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"), read(STUDENT)
    assert without(release.metadata, OUR_OWN) == without(student.metadata, OUR_OWN)
    assert "widgets" not in release.metadata
    assert len(release.cells) == len(student.cells)
    for number, (released, ours) in enumerate(zip(release.cells, student.cells)):
        where = f"cell {number}: {ours.source[:60]!r}"
        assert released.cell_type == ours.cell_type, where
        assert released.source == ours.source, where
        assert released.get("attachments") == ours.get("attachments"), where
        assert without(released.metadata, NBGRADER_OWN) == without(ours.metadata, NBGRADER_OWN), where
        ids = [cell.metadata.get("nbgrader", {}).get("grade_id") for cell in (released, ours)]
        assert ids[0] == ids[1], where


def test_release_keeps_the_buggy_lines_of_the_bug_fix_cell(course):
    root, _ = course
    release = read(root / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    (fix,) = [c for c in release.cells
              if c.metadata.get("nbgrader", {}).get("grade_id") == "backward_propagation_n_fix"]
    assert "dW2 = 1.0 / m * np.dot(dZ2, A1.T) * 2" in fix.source
    assert "db1 = 4.0 / m * np.sum(dZ1, axis=1, keepdims=True)" in fix.source
    assert "NotImplementedError" not in fix.source and fix.metadata.get("editable", True)
    assert not any("HIDDEN TESTS" in c.source or "solution edition" in c.source for c in release.cells)


def test_autograde_gives_the_solution_edition_full_marks_but_for_the_bug_fix(course):
    """Every answer region is the solution's; the bug-fix cell is given code whose repair the solution edition
    shows only in a hidden region, which autograding leaves out: as submitted, its two bugs are still there."""
    _, scores = course
    graded = {name: score for name, score in scores["solution"].items() if score[1]}
    assert graded == {name: (0 if name == "backward_propagation_n_fix_check" else points, points)
                      for name, points in POINTS.items()}


def test_autograde_gives_the_student_edition_nothing(course):
    _, scores = course
    assert sum(score for score, _ in scores["student"].values()) == 0
    assert {name for name, (_, max_score) in scores["student"].items() if max_score} == set(POINTS)


def test_autograde_checks_the_submissions_own_repair(course):
    """The solution edition's repaired back-propagation (a hidden region) does not run at autograding: the
    submitted solution edition leaves the bug-fix cell's buggy lines as they are, so its check says so."""
    root, _ = course
    graded = read(root / "autograded" / "solution" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in graded.cells}
    check = "".join(o.get("text", "") for o in cells["backward_propagation_n_fix_check"].outputs)
    assert "There is a mistake in the backward propagation! difference = 0.28509315" in check
    assert cells["edition_banner"].outputs == []
