"""Grading where instructors grade: Gradescope, PrairieLearn and Coursera, each a container per submission.

``python -m public_tests autograder PLATFORM DIR`` writes what the platform takes (``write_package``): the
lesson's packages (``gc_utils``, ``public_tests``, ``gc_grader``, ``testCases``; never the solution editions or the
correct solutions), ``assignment.json`` (each exercise's points and answer cells, from the solution edition), the
grader's requirements, and the platform's scripts:

- **Gradescope** (its autograder specification: ``setup.sh`` and ``run_autograder`` at the root of a zip; the
  submission in ``/autograder/submission``; ``/autograder/results/results.json``): DIR is what to zip.
- **PrairieLearn** (external grading: an entrypoint; the submission in ``/grade/student``;
  ``/grade/results/results.json``): DIR goes into the course's ``serverFilesCourse``; ``DIR/run`` is the entrypoint.
- **Coursera** (custom graders: a Docker image whose command grades ``/shared/submission`` and writes
  ``/shared/feedback.json``): ``DIR/Dockerfile`` builds the image to upload with ``coursera_autograder``.

In the container, the platform's script runs ``python -m gc_grader.platforms PLATFORM`` (``run``): it finds the
notebook, grades it with ``--sandbox container`` into a folder of root's, and writes the platform's results from the
row (``gradescope_results``, ``prairielearn_results``, ``coursera_feedback``: small pure functions). A submission
that is not a gradable notebook still gets a valid results file, with no points and the reason.

``GC_PLATFORM_ROOT`` moves the platform's folders under another root (``/autograder`` becomes
``$GC_PLATFORM_ROOT/autograder``): for the tests only.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .sandbox import one_blas_thread

if __name__ == "__main__":
    one_blas_thread(os.environ)  # before reports imports NumPy
from . import reports  # noqa: E402

PLATFORMS = ("gradescope", "prairielearn", "coursera")
PACKAGES = ("gc_utils", "gc_utils/locales", "gc_utils/widgets", "public_tests", "gc_grader")
MODULES = ("testCases.py",)
REQUIREMENTS = "numpy>=1.24\nipython>=8\n"
"""What grading needs (IPython: reading cells as Jupyter does; without it, magics are read by the grader's rules)."""
NOT_A_NOTEBOOK = {"not_json", "not_a_notebook", "empty", "too_large", "too_complex", "unreadable", "symlink",
                  "fifo", "socket", "device", "not_a_file"}
"""A submission's statuses that say the file is not a notebook the grader can read (PrairieLearn's format errors)."""

SCRIPTS = {
    "gradescope": {
        "setup.sh": """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu; apt-get update has run).
set -euo pipefail
apt-get install -y --no-install-recommends python3 python3-venv >/dev/null
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install --quiet --disable-pip-version-check -r /autograder/source/requirements.txt
chmod -R go-w /autograder/source
""",
        "run_autograder": """#!/usr/bin/env bash
# Gradescope runs this, as root, for every submission: it grades the notebook in /autograder/submission with the
# lesson's tests (each exercise as an unprivileged user: --sandbox container) and writes
# /autograder/results/results.json.
cd /autograder/source && exec /autograder/venv/bin/python -m gc_grader.platforms gradescope
""",
    },
    "prairielearn": {
        "run": """#!/usr/bin/env bash
# PrairieLearn's external grader runs this (the question's "entrypoint"), as root, in the grading container: it grades
# the notebook in /grade/student and writes /grade/results/results.json.
cd "$(dirname "$0")" && exec python3 -m gc_grader.platforms prairielearn
""",
    },
    "coursera": {
        "Dockerfile": """# Coursera's custom grader: build this image (docker build -t gradient-checking-grader .)
# and upload it with coursera_autograder. Its command grades /shared/submission and writes
# /shared/feedback.json.
FROM python:3.11-slim
COPY source /grader/source
RUN pip install --no-cache-dir -r /grader/source/requirements.txt && chmod -R go-w /grader
COPY grader.sh /grader/grader.sh
ENTRYPOINT ["/grader/grader.sh"]
""",
        "grader.sh": """#!/usr/bin/env bash
# The image's command: grade the notebook in /shared/submission, write /shared/feedback.json.
cd /grader/source && exec python3 -m gc_grader.platforms coursera
""",
    },
}
SOURCE_FOLDER = {"gradescope": "source", "prairielearn": ".", "coursera": "source"}
"""Where the packages go in DIR (the scripts above find them there)."""
EXECUTABLE = ("run_autograder", "run", "grader.sh", "setup.sh")


# ------------------------------------------------------------------------------------ writing a package

def write_package(platform: str, target: Path, root: Path | None = None, source: Path | None = None) -> list[str]:
    """Write ``platform``'s package into ``target`` (new or empty); returns the paths written, relative to it."""
    from .assignment import SOURCE_NOTEBOOK, assignment_from_source, assignment_json

    if platform not in PLATFORMS:
        raise ValueError(f"no package for {platform!r}; the platforms are {', '.join(PLATFORMS)}")
    root = root or Path(__file__).resolve().parents[1]
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise ValueError(f"{target} is not empty: give a new or empty folder for the {platform} package")
    files: dict[str, bytes] = {}
    folder = SOURCE_FOLDER[platform]
    for package in PACKAGES:
        for path in sorted((root / package).glob("*.py")):
            files[f"{folder}/{package}/{path.name}"] = path.read_bytes()
    for module in MODULES:
        files[f"{folder}/{module}"] = (root / module).read_bytes()
    assignment = assignment_from_source(source or SOURCE_NOTEBOOK)
    files[f"{folder}/assignment.json"] = assignment_json(assignment).encode()
    files[f"{folder}/requirements.txt"] = REQUIREMENTS.encode()
    for name, text in SCRIPTS[platform].items():
        files[name] = text.encode()
    written = []
    for name, data in files.items():
        path = target / os.path.normpath(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        path.chmod(0o755 if path.name in EXECUTABLE else 0o644)
        written.append(os.path.normpath(name))
    return sorted(written)


# ------------------------------------------------------------------------------------ results, from a row

def gradescope_results(row: dict, seconds: float) -> dict:
    """Gradescope's ``results.json`` for one graded row (its autograder specification's fields)."""
    tests = [{"name": exercise, "number": str(number), "score": result["points"], "max_score": result["max_points"],
              "status": "passed" if result["passed"] else "failed", "output": reports.fenced(result["feedback"]),
              "output_format": "md", "visibility": "visible"}
             for number, (exercise, result) in enumerate(row["exercises"].items(), 1)]
    summary = f"Total: {reports.number(row['total'])} / {reports.number(row['max'])} points."
    if row["status"] not in ("graded", "truncated") or row["message"]:
        summary += "\n\n" + reports.fenced(row["message"])
    if row["warnings"]:
        summary += "\n\n" + reports.fenced("\n".join(f"- {w}" for w in row["warnings"]))
    return {"score": row["total"], "execution_time": max(1, round(seconds)), "output": summary, "output_format": "md",
            "test_output_format": "md", "stdout_visibility": "hidden", "tests": tests,
            "extra_data": {"status": row["status"], "review": row["review"], "submission": row["submission"]}}


def prairielearn_results(row: dict) -> dict:
    """PrairieLearn's ``results.json`` for one row: not gradable (no attempt counted) when the file is not a
    notebook, else the score in [0, 1] and a test per exercise."""
    if row["status"] in NOT_A_NOTEBOOK:
        return {"gradable": False, "format_errors": [row["message"]], "message": row["message"]}
    tests = [{"name": exercise, "points": result["points"], "max_points": result["max_points"],
              "message": "passed" if result["passed"] else result["status"].replace("_", " "),
              "output": result["feedback"]}
             for exercise, result in row["exercises"].items()]
    score = row["total"] / row["max"] if row["max"] else 0.0
    message = row["message"] or f"{reports.number(row['total'])} / {reports.number(row['max'])} points."
    return {"gradable": True, "score": round(score, 6), "message": message, "tests": tests,
            "output": "\n".join(row["warnings"])}


def coursera_feedback(row: dict) -> dict:
    """Coursera's ``feedback.json`` for one row: ``fractionalScore`` in [0, 1], the feedback as HTML."""
    parts = [f"<p><strong>{reports.number(row['total'])} / {reports.number(row['max'])} points</strong></p>"]
    if row["message"]:
        parts.append(f"<pre>{html.escape(row['message'])}</pre>")
    for exercise, result in row["exercises"].items():
        parts.append(f"<h4>{html.escape(exercise)}: {reports.number(result['points'])} / "
                     f"{reports.number(result['max_points'])}</h4><pre>{html.escape(result['feedback'])}</pre>")
    score = row["total"] / row["max"] if row["max"] else 0.0
    return {"fractionalScore": round(score, 6), "feedback": "".join(parts), "feedbackType": "HTML"}


def missing_row(message: str, exercises: dict[str, float]) -> dict:
    """The row of a submission without a notebook to grade."""
    return {"submission": "", "status": "not_a_notebook", "message": message, "total": 0,
            "max": reports.number(sum(exercises.values())), "warnings": [], "review": [],
            "exercises": {e: {"points": 0, "max_points": reports.number(p), "passed": False,
                              "status": "not_a_notebook", "feedback": message} for e, p in exercises.items()}}


# ------------------------------------------------------------------------------------ running in the container

LAYOUT: dict[str, tuple[str, str, Callable[[dict, float], dict]]] = {
    "gradescope": ("autograder/submission", "autograder/results/results.json", gradescope_results),
    "prairielearn": ("grade/student", "grade/results/results.json", lambda row, seconds: prairielearn_results(row)),
    "coursera": ("shared/submission", "shared/feedback.json", lambda row, seconds: coursera_feedback(row)),
}
"""Per platform: where the submission is, where the results go (under the root), how they are made."""


def find_notebook(folder: Path) -> tuple[Path | None, str]:
    """The notebook to grade in ``folder`` (the student's files): the only ``.ipynb``, or the one whose name says
    Gradient_Checking, or the first; and a note when there were several (or why there is none)."""
    found = sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts) \
        if folder.is_dir() else []
    if not found:
        return None, f"No notebook (.ipynb file) was submitted: the grader found {_listing(folder)}."
    preferred = [p for p in found if "gradient_checking" in p.name.lower()] or found
    note = "" if len(found) == 1 else f"Several notebooks were submitted; graded: {preferred[0].name}."
    return preferred[0], note


def _listing(folder: Path) -> str:
    names = sorted(p.name for p in folder.iterdir())[:10] if folder.is_dir() else []
    return ", ".join(names) if names else "no file at all"


def run(platform: str, root: Path | None = None) -> int:
    """Grade the one submission of ``platform``'s layout under ``root`` and write its results: 0 when graded
    (whatever the grade), 1 when the grader could not run (the results say so, with no points)."""
    from .assignment import assignment_from_source
    from .grader import grade

    root = Path(root or os.environ.get("GC_PLATFORM_ROOT") or "/")
    submission, results, make = LAYOUT[platform]
    here = Path(__file__).resolve().parents[1]
    assignment = here / "assignment.json"
    started = time.monotonic()
    notebook, note = find_notebook(root / submission)
    points = assignment_from_source(assignment).points
    code = 0
    if notebook is None:
        row = missing_row(note, points)
    else:
        out = Path(tempfile.mkdtemp(prefix="grading-"))  # root's alone (0700)
        try:
            row = grade([notebook], out, source=assignment, sandbox_mode="container", progress=False)[0]
            if note:
                row["warnings"].insert(0, note)
        except Exception as error:  # noqa: BLE001 - the platform needs its results file whatever happened
            row, code = missing_row(f"The grader could not run here ({type(error).__name__}: {error}); please tell "
                                    "your instructor.", points), 1
        finally:
            shutil.rmtree(out, ignore_errors=True)
    path = root / results
    path.parent.mkdir(parents=True, exist_ok=True)
    reports.atomic_write(path, json.dumps(make(row, time.monotonic() - started), ensure_ascii=False, indent=1) + "\n")
    print(f"{platform}: {row['status']}, {reports.number(row['total'])} / {reports.number(row['max'])} points; "
          f"wrote {path}")
    return code


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in PLATFORMS:
        sys.exit(f"usage: python -m gc_grader.platforms {{{','.join(PLATFORMS)}}}  (run inside the platform's "
                 "container by its script)")
    sys.exit(run(sys.argv[1]))
