"""The platforms' packages and entrypoints: Gradescope, PrairieLearn, Coursera, each file checked against a schema
written from the platform's published specification, each entrypoint run end to end on real notebooks (honest,
wrong, not a notebook, none) in an emulated container (``test_container_mode``) under a throwaway root.

The specifications, read for the schemas below:

- Gradescope, "Autograder Specifications" (gradescope-autograders.readthedocs.io/en/latest/specs/; the source of
  that page is docs/specs.md in github.com/gradescope/autograder_samples): results.json's top-level ``score``,
  ``execution_time``, ``output``, ``output_format``, ``test_output_format``, ``test_name_format``, ``visibility``,
  ``stdout_visibility``, ``extra_data``, ``tests``, ``leaderboard``; a test's ``score``, ``max_score``, ``status``
  (``passed``/``failed``), ``name``, ``name_format``, ``number``, ``output``, ``output_format``, ``tags``,
  ``visibility``, ``extra_data``; formats ``text``, ``html``, ``simple_format``, ``md``, ``ansi``; visibilities
  ``hidden``, ``after_due_date``, ``after_published``, ``visible``; a score on the top level or on every test.
- PrairieLearn, "External Grading" (prairielearn.readthedocs.io/en/latest/externalGrading/; docs/externalGrading.md
  in github.com/PrairieLearn/PrairieLearn): ``score`` in [0, 1] required when gradable; ``gradable`` (false: not
  gradable, no attempt counted) with ``format_errors`` (a string or strings); ``message``, ``output``, ``images``;
  ``tests`` with ``name``, ``description``, ``points``, ``max_points``, ``message``, ``output``, ``images``; at most
  1 MB.
- Coursera, custom graders (github.com/coursera/coursera_autograder, ``grade local``'s checks of
  /shared/feedback.json): ``fractionalScore``, a number (not a boolean) in [0, 1], or ``isCorrect``, a boolean; and
  ``feedback``. ``feedbackType`` ("HTML") says how Coursera shows the feedback.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from gc_grader import platforms
from tests.corpus import notebooks as nbs
from tests.grading.running import ROOT, in_namespace, opening_steps
from tests.grading.test_container_mode import _why_not

FORMATS = ["text", "html", "simple_format", "md", "ansi"]
VISIBILITY = ["hidden", "after_due_date", "after_published", "visible"]

GRADESCOPE_TEST = {
    "type": "object", "additionalProperties": False,
    "properties": {"score": {"type": "number"}, "max_score": {"type": "number"},
                   "status": {"enum": ["passed", "failed"]}, "name": {"type": "string"},
                   "name_format": {"enum": FORMATS}, "number": {"type": "string"}, "output": {"type": "string"},
                   "output_format": {"enum": FORMATS}, "tags": {"type": "array", "items": {"type": "string"}},
                   "visibility": {"enum": VISIBILITY}, "extra_data": {"type": "object"}},
}
GRADESCOPE = {
    "type": "object", "additionalProperties": False,
    "properties": {"score": {"type": "number"}, "execution_time": {"type": "number"}, "output": {"type": "string"},
                   "output_format": {"enum": FORMATS}, "test_output_format": {"enum": FORMATS},
                   "test_name_format": {"enum": FORMATS}, "visibility": {"enum": VISIBILITY},
                   "stdout_visibility": {"enum": VISIBILITY}, "extra_data": {"type": "object"},
                   "tests": {"type": "array", "items": GRADESCOPE_TEST},
                   "leaderboard": {"type": "array", "items": {"type": "object", "required": ["name", "value"]}}},
    "anyOf": [{"required": ["score"]},
              {"required": ["tests"], "properties": {"tests": {"items": {"required": ["score"]}}}}],
}
IMAGES = {"type": "array", "items": {"anyOf": [{"type": "string"}, {
    "type": "object", "required": ["url"], "properties": {"url": {"type": "string"}, "label": {"type": "string"}}}]}}
PRAIRIELEARN = {
    "type": "object",
    "properties": {"gradable": {"type": "boolean"}, "score": {"type": "number", "minimum": 0, "maximum": 1},
                   "message": {"type": "string"}, "output": {"type": "string"}, "images": IMAGES,
                   "format_errors": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
                   "tests": {"type": "array", "items": {"type": "object", "required": ["name"], "properties": {
                       "name": {"type": "string"}, "description": {"type": "string"}, "points": {"type": "number"},
                       "max_points": {"type": "number"}, "message": {"type": "string"}, "output": {"type": "string"},
                       "images": IMAGES}}}},
    "if": {"properties": {"gradable": {"const": False}}, "required": ["gradable"]},
    "then": {"required": ["format_errors"]},
    "else": {"required": ["score"]},
}
COURSERA = {
    "type": "object", "required": ["feedback"],
    "properties": {"fractionalScore": {"type": "number", "minimum": 0, "maximum": 1},
                   "isCorrect": {"type": "boolean"}, "feedback": {"type": "string"},
                   "feedbackType": {"enum": ["HTML", "TEXT"]}},
    "anyOf": [{"required": ["fractionalScore"]}, {"required": ["isCorrect"]}],
}
SCHEMAS = {"gradescope": GRADESCOPE, "prairielearn": PRAIRIELEARN, "coursera": COURSERA}


def valid(platform: str, document: dict) -> dict:
    """``document``, after checking it against the platform's schema (and, as JSON, with no boolean score)."""
    jsonschema.validate(document, SCHEMAS[platform])
    for key in ("score", "fractionalScore"):
        assert not isinstance(document.get(key), bool)
    return document


# ------------------------------------------------------------------------------------ the schemas can fail

@pytest.mark.parametrize(("platform", "document"), [
    ("gradescope", {"tests": [{"name": "x", "max_score": 1}]}),  # no score anywhere
    ("gradescope", {"score": 1, "tests": [{"score": 1, "status": "ok"}]}),
    ("gradescope", {"score": 1, "output_format": "markdown"}),
    ("prairielearn", {"gradable": True, "score": 1.5}),
    ("prairielearn", {"gradable": False}),  # no format_errors
    ("coursera", {"fractionalScore": True, "feedback": ""}),
    ("coursera", {"fractionalScore": 0.5}),
])
def test_a_document_off_the_specification_is_refused(platform, document):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMAS[platform])


# ------------------------------------------------------------------------------------ from rows

def a_row(status: str = "graded", passed: bool = True) -> dict:
    exercises = {e: {"points": p if passed else 0, "max_points": p, "passed": passed,
                     "status": "passed" if passed else "failed",
                     "feedback": "All tests passed." if passed else f"{e} failed on case 1: ``` and <b>"}
                 for e, p in (("forward_propagation", 10), ("backward_propagation", 10), ("gradient_check", 10),
                              ("gradient_check_n", 20))}
    total = 50 if passed else 0
    return {"submission": "a.ipynb", "status": status, "message": "" if status == "graded" else "not JSON",
            "total": total, "max": 50, "exercises": exercises, "warnings": ["a note"],
            "review": ["cell 3: gradient_check uses open"]}


def test_gradescope_results_follow_the_specification():
    results = valid("gradescope", platforms.gradescope_results(a_row(passed=False), 2.4))
    assert results["score"] == 0 and results["execution_time"] == 2
    assert [t["max_score"] for t in results["tests"]] == [10, 10, 10, 20]
    assert all(t["status"] == "failed" and t["output_format"] == "md" for t in results["tests"])
    assert "````" in results["tests"][0]["output"]  # a fence the quoted ``` cannot close
    assert results["extra_data"]["review"] == ["cell 3: gradient_check uses open"]  # for the instructor only
    assert not any("uses open" in t["output"] for t in results["tests"]) and "uses open" not in results["output"]


def test_prairielearn_results_follow_the_specification():
    graded = valid("prairielearn", platforms.prairielearn_results(a_row()))
    assert graded["gradable"] is True and graded["score"] == 1.0
    assert [(t["points"], t["max_points"]) for t in graded["tests"]] == [(10, 10), (10, 10), (10, 10), (20, 20)]
    refused = valid("prairielearn", platforms.prairielearn_results(a_row("not_json", passed=False)))
    assert refused["gradable"] is False and refused["format_errors"] == ["not JSON"] and "score" not in refused


def test_coursera_feedback_follows_the_specification():
    feedback = valid("coursera", platforms.coursera_feedback(a_row(passed=False)))
    assert feedback["fractionalScore"] == 0 and feedback["feedbackType"] == "HTML"
    assert "<b>" not in feedback["feedback"] and "&lt;b&gt;" in feedback["feedback"]  # the student's text escaped


# ------------------------------------------------------------------------------------ the packages

@pytest.mark.parametrize("platform", platforms.PLATFORMS)
def test_a_package_holds_the_packages_and_scripts_and_no_solution(platform, tmp_path):
    written = platforms.write_package(platform, tmp_path / platform)
    scripts = set(platforms.SCRIPTS[platform])
    assert scripts <= set(written)
    assert not any("reference" in name or "solutions" in name or name.endswith(".ipynb") for name in written)
    folder = tmp_path / platform / platforms.SOURCE_FOLDER[platform]
    assert json.loads((folder / "assignment.json").read_text())["points"]["gradient_check_n"] == 20
    for script in scripts - {"Dockerfile"}:
        path = tmp_path / platform / script
        assert path.stat().st_mode & 0o111 and path.read_text().startswith("#!/usr/bin/env bash")
        assert subprocess.run(["bash", "-n", str(path)]).returncode == 0
    with pytest.raises(ValueError, match="not empty"):
        platforms.write_package(platform, tmp_path / platform)


# ------------------------------------------------------------------------------------ end to end

def run_entrypoint(platform: str, package: Path, root: Path) -> subprocess.CompletedProcess:
    """``python -m gc_grader.platforms PLATFORM`` from the package, as the platform's script runs it, as root in an
    emulated container (the repository's solutions unreadable) under ``root``."""
    folder = package / platforms.SOURCE_FOLDER[platform]
    hidden = shlex.quote(str(ROOT / "reference_solutions.py"))
    steps = [*opening_steps(), f'empty=$(mktemp); chmod 600 "$empty"; mount --bind "$empty" {hidden}',
             f"mount -t tmpfs -o mode=700 tmpfs {shlex.quote(str(ROOT / 'notebooks' / 'solutions'))}",
             f"export GC_PLATFORM_ROOT={shlex.quote(str(root))} PYTHONPATH={shlex.quote(str(folder))}"]
    command = [sys.executable, "-m", "gc_grader.platforms", platform]
    wrapped = in_namespace(["--mount", "--pid", "--fork", "--mount-proc", "--ipc"], steps, command)
    return subprocess.run(wrapped, capture_output=True, text=True, timeout=300, cwd=folder)


SUBMISSIONS = {
    "honest": lambda folder: nbs.write(nbs.solved(), folder / "Gradient_Checking.ipynb"),
    "wrong": lambda folder: nbs.write(nbs.with_answer("forward_propagation", "def forward_propagation(x, theta):\n"
                                                      "    return theta + x\n"), folder / "hw.ipynb"),
    "not a notebook": lambda folder: (folder / "Gradient_Checking.ipynb").write_text("%PDF-1.4 not a notebook"),
    "no notebook": lambda folder: (folder / "answers.py").write_text("def f(): pass\n"),
}
WHERE = {"gradescope": ("autograder/submission", "autograder/results/results.json"),
         "prairielearn": ("grade/student", "grade/results/results.json"),
         "coursera": ("shared/submission", "shared/feedback.json")}


@pytest.mark.skipif(bool(_why_not()), reason=_why_not() or "-")
@pytest.mark.parametrize("platform", platforms.PLATFORMS)
def test_each_entrypoint_grades_end_to_end(platform, tmp_path):
    import shutil
    import tempfile

    package = Path(tempfile.mkdtemp(prefix=f"gc-{platform}-"))  # readable by the exercises' user, as installed
    package.chmod(0o755)
    try:
        check_entrypoint(platform, package, tmp_path)
    finally:
        shutil.rmtree(package)


def check_entrypoint(platform: str, package: Path, tmp_path: Path) -> None:
    platforms.write_package(platform, package)
    results = {}
    for kind, write in SUBMISSIONS.items():
        root = tmp_path / kind.replace(" ", "-")
        submission, answer = WHERE[platform]
        (root / submission).mkdir(parents=True)
        write(root / submission)
        done = run_entrypoint(platform, package, root)
        assert done.returncode == 0, (kind, done.stdout, done.stderr)
        results[kind] = valid(platform, json.loads((root / answer).read_text()))
    score = {"gradescope": lambda r: r["score"], "prairielearn": lambda r: r.get("score"),
             "coursera": lambda r: r["fractionalScore"]}[platform]
    assert score(results["honest"]) == {"gradescope": 60, "prairielearn": 1.0, "coursera": 1.0}[platform]
    assert 0 < score(results["wrong"]) < score(results["honest"])
    if platform == "prairielearn":
        assert results["not a notebook"]["gradable"] is False and results["not a notebook"]["format_errors"]
        assert results["no notebook"]["gradable"] is False
    else:
        assert score(results["not a notebook"]) == 0 and score(results["no notebook"]) == 0
    if platform == "gradescope":
        wrong = {t["name"]: t for t in results["wrong"]["tests"]}["forward_propagation"]
        assert wrong["status"] == "failed" and "forward_propagation failed" in wrong["output"]
        assert "No notebook" in results["no notebook"]["output"] and "answers.py" in results["no notebook"]["output"]
