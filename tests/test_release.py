"""tools/make_release.py (python3 tasks.py release DIR): what students get, and nothing of the solutions."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tests.tools import load_tool

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = [ROOT / "notebooks" / "solutions" / "Gradient_Checking.ipynb",
             ROOT / "notebooks" / "solutions" / "Gradient_Checking_in_Practice.ipynb",
             ROOT / "notebooks" / "solutions" / "Gradient_Checking_Your_Own_Layers.ipynb"]
EXERCISES = ("forward_propagation", "backward_propagation", "gradient_check", "gradient_check_n",
             "one_sided_check", "optimal_epsilon", "dropout_gradient_check", "wrong_layer",
             "vjp_check", "dense_backward", "softmax_cross_entropy", "batchnorm_backward", "hvp_check")


make_release = load_tool("make_release")


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    target = tmp_path_factory.mktemp("release") / "lesson"
    make_release.write_release(target)
    return target


def _solution_lines() -> set[str]:
    lines = set()
    for path in SOLUTIONS:
        for cell in nbformat.read(path, as_version=4).cells:
            for region in re.findall(r"### BEGIN SOLUTION\n(.*?)\n[ \t]*### END SOLUTION", cell.source, flags=re.S):
                lines |= {line.strip() for line in region.splitlines() if line.strip()}
    return lines


def _lines_of(path: Path) -> set[str]:
    if path.suffix == ".ipynb":
        text = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells)
    else:
        text = path.read_text(encoding="utf-8")
    return {line.strip() for line in text.splitlines()}


def test_no_solution_line_is_in_any_file_of_the_release(release):
    solution = _solution_lines()
    assert len(solution) > 20  # the regions were found
    files = [path for path in release.rglob("*") if path.is_file()]
    assert len(files) > 30
    for path in files:
        found = _lines_of(path) & solution
        assert not found, f"{path.relative_to(release)} holds solution lines: {sorted(found)}"


def test_the_release_holds_the_student_editions_and_no_solutions(release):
    names = {path.relative_to(release).as_posix() for path in release.rglob("*") if path.is_file()}
    assert {"notebooks/Gradient_Checking.ipynb", "notebooks/Gradient_Checking_in_Practice.ipynb",
            "notebooks/Gradient_Checking_Your_Own_Layers.ipynb", "gc_utils/layers.py", "public_tests/layers.py",
            "gc_utils/widgets/explorer_batchnorm.py", "README.md",
            "notebooks/ko/Gradient_Checking.ipynb", "notebooks/ko/Gradient_Checking_in_Practice.ipynb",
            "notebooks/ko/Gradient_Checking_Your_Own_Layers.ipynb",
            "requirements.txt", "pyproject.toml", "testCases.py", "gc_utils/__init__.py",
            "gc_utils/widgets/__init__.py", "public_tests/__init__.py", "public_tests/practice.py"} <= names
    assert not (release / "notebooks" / "solutions").exists()
    assert not any(name.startswith(("reference", "gc_grader")) or "__pycache__" in name for name in names)
    package = sorted(path.name for path in (ROOT / "public_tests").glob("*.py"))
    assert package == sorted(path.name for path in (release / "public_tests").glob("*.py"))  # whole, unstripped


def test_the_readme_points_to_the_korean_editions(release):
    readme = (release / "README.md").read_text(encoding="utf-8")
    assert "## 한국어판" in readme and "notebooks/ko/Gradient_Checking.ipynb" in readme
    assert "notebooks/ko/Gradient_Checking_in_Practice.ipynb" in readme


def test_the_students_requirements_leave_out_the_test_tools(release):
    requirements = (release / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert "-e ." in requirements and any(line.startswith("jupyterlab") for line in requirements)
    assert not any(line.startswith(("pytest", "nbval", "nbclient", "tqdm", "playwright")) for line in requirements)
    assert '"gc_grader"' not in (release / "pyproject.toml").read_text(encoding="utf-8")


_CHECK = r"""
import json, sys
import numpy as np
import nbformat
from gc_utils import dictionary_to_vector, gradients_to_vector, vector_to_dictionary, relu, sigmoid
from public_tests import *
from public_tests.practice import *
from public_tests.layers import *

verdicts = {}
for path in sys.argv[1:]:
    for cell in nbformat.read(path, as_version=4).cells:
        name = cell.metadata.get("nbgrader", {}).get("grade_id")
        if name not in %(exercises)r:
            continue
        namespace = {"np": np, "THRESHOLD": 2e-7, "dictionary_to_vector": dictionary_to_vector,
                     "gradients_to_vector": gradients_to_vector, "vector_to_dictionary": vector_to_dictionary}
        exec(cell.source, namespace)
        try:
            globals()[name + "_test"](namespace[name])
            verdicts[name] = "passed"
        except AssertionError as failure:
            verdicts[name] = str(failure)
print(json.dumps(verdicts))
"""


def _verdicts(release: Path, notebooks: list[Path]) -> dict[str, str]:
    """Each exercise's public test on the functions of ``notebooks``' answer cells, run from the release."""
    environment = {**os.environ, "PYTHONPATH": str(release)}
    result = subprocess.run([sys.executable, "-c", _CHECK % {"exercises": EXERCISES}, *map(str, notebooks)],
                            cwd=release, env=environment, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_public_tests_import_from_the_release_alone(release):
    environment = {**os.environ, "PYTHONPATH": str(release)}
    code = ("import public_tests, public_tests.practice, public_tests.judging as j, sys; "
            "assert j.__file__.startswith(sys.argv[1]), j.__file__; "
            "assert 'reference_solutions' not in sys.modules; print('ok')")
    result = subprocess.run([sys.executable, "-c", code, str(release)], cwd=release, env=environment,
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "ok", result.stderr


def test_the_releases_tests_pass_the_solutions_and_fail_the_stubs(release):
    solved = _verdicts(release, SOLUTIONS)
    assert solved == dict.fromkeys(EXERCISES, "passed")
    stubs = _verdicts(release, [release / "notebooks" / path.name for path in SOLUTIONS])
    assert set(stubs) == set(EXERCISES)
    for exercise, verdict in stubs.items():
        assert "not implemented yet" in verdict, (exercise, verdict)


def test_a_non_empty_folder_that_is_not_a_release_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(make_release.ReleaseError, match="not empty and is not a release"):
        make_release.write_release(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_previous_release_is_refreshed_and_nothing_else_touched(tmp_path):
    target = tmp_path / "lesson"
    make_release.write_release(target)
    (target / "work.ipynb").write_text("a student's own file")
    marker = json.loads((target / make_release.MARKER).read_text())
    marker["files"]["gone.py"] = make_release._sha256(b"old")  # a file of an older release, no longer part of it
    (target / "gone.py").write_bytes(b"old")
    (target / make_release.MARKER).write_text(json.dumps(marker))
    make_release.write_release(target)
    assert (target / "work.ipynb").read_text() == "a student's own file"
    assert not (target / "gone.py").exists()


def test_a_changed_file_of_a_previous_release_stops_the_run(tmp_path):
    target = tmp_path / "lesson"
    make_release.write_release(target)
    notebook = target / "notebooks" / "Gradient_Checking.ipynb"
    notebook.write_text("someone's work")
    with pytest.raises(make_release.ReleaseError, match="notebooks/Gradient_Checking.ipynb"):
        make_release.write_release(target)
    assert notebook.read_text() == "someone's work"


def test_tasks_release_refuses_a_folder_with_other_contents(tmp_path):
    (tmp_path / "x").write_text("")
    result = subprocess.run([sys.executable, "tasks.py", "release", str(tmp_path)], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1 and "is not a release" in result.stderr
