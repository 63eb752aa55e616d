"""tasks.py (the quick start) and tools/generated.py: a student's work is never overwritten, tasks say what is wrong."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import tasks
from tests.tools import load_tool

ROOT = Path(__file__).resolve().parent.parent


def _tasks(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "tasks.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("args, code", [(("--help",), 0), (("-h",), 0), ((), 2)])
def test_help_prints_the_usage(args, code):
    result = _tasks(*args)
    assert result.returncode == code
    assert "usage: python3 tasks.py TASK" in result.stdout + result.stderr
    for task in tasks.TASKS:
        assert f"  {task} " in result.stdout + result.stderr


def test_an_unknown_task_is_named_and_the_tasks_listed():
    result = _tasks("foo")
    assert result.returncode == 2
    assert "unknown task 'foo'; the tasks are lesson, test, check, test-lowest, regenerate" in result.stderr


def test_working_copies_are_made_once_and_never_overwritten(tmp_path):
    source = tmp_path / "Lesson.ipynb"
    source.write_text("edition 1")
    work = tmp_path / "work"
    [copy] = tasks.working_copies(work, [source])
    assert copy == work / "Lesson.ipynb" and copy.read_text() == "edition 1"
    copy.write_text("the student's answers")
    source.write_text("edition 2")
    tasks.working_copies(work, [source])
    assert copy.read_text() == "the student's answers"


def test_the_working_copies_are_ignored_by_git_and_by_pytest():
    assert subprocess.run(["git", "check-ignore", "-q", "work/Gradient_Checking.ipynb"], cwd=ROOT).returncode == 0
    testpaths = re.search(r"^testpaths = \[(.*)\]$", (ROOT / "pyproject.toml").read_text(), flags=re.M).group(1)
    assert sorted(re.findall(r'"([^"]+)"', testpaths)) == ["notebooks", "tests"]  # work/ is not collected


def test_the_files_scheduled_first_exist():
    """tests/conftest.py hands the longest files to the workers first; a renamed file would silently lose its place."""
    from tests.conftest import LONGEST_FIRST

    assert [path for path in LONGEST_FIRST if not (ROOT / path).is_file()] == []
    assert len(set(LONGEST_FIRST)) == len(LONGEST_FIRST)


@pytest.mark.parametrize("euid, root", [(0, True), (1000, False)])
def test_jupyter_lab_allows_root_only_as_root(monkeypatch, euid, root):
    monkeypatch.setattr(tasks.os, "geteuid", lambda: euid, raising=False)
    command = tasks.jupyter_lab_command(Path("python"), tasks.LESSON, [])
    assert ("--allow-root" in command) is root
    assert str(tasks.LESSON) in command


def test_a_broken_environment_is_made_again(tmp_path, capsys, monkeypatch):
    environment = tmp_path / "env"
    environment.mkdir()
    (environment / "pyvenv.cfg").write_text("home = /nowhere\n")  # what a failed `python -m venv` leaves
    # A real environment, made fast: pip comes from the base interpreter instead of ensurepip (which every run of
    # .ci/run exercises anyway, as it starts without .venv).
    real_create = tasks.venv.create
    monkeypatch.setattr(tasks.venv, "create", lambda path, with_pip: real_create(path, system_site_packages=True))
    python = tasks.create_environment(environment)
    assert "no working python or pip" in capsys.readouterr().out
    assert subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True).returncode == 0


def test_a_folder_that_is_no_environment_is_not_deleted(tmp_path):
    (tmp_path / "thesis.tex").write_text("precious")
    with pytest.raises(SystemExit, match="not a virtual environment"):
        tasks.create_environment(tmp_path)
    assert (tmp_path / "thesis.tex").read_text() == "precious"


def _notebook(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(text)])


def test_regenerating_saves_the_work_found_in_a_generated_file(tmp_path, capsys):
    generated = load_tool("generated")
    path, work = tmp_path / "Lesson.ipynb", tmp_path / "work"
    generated.write(_notebook("raise NotImplementedError()"), path, "source.ipynb", "make it")
    generated.write(_notebook("raise NotImplementedError()  # v2"), path, "source.ipynb", "make it", work)
    assert not work.exists(), "a file only the generator wrote is simply replaced"
    student = nbformat.read(path, as_version=4)
    student.cells[0].source = "return theta * x"
    nbformat.write(student, path)
    generated.write(_notebook("raise NotImplementedError()  # v3"), path, "source.ipynb", "make it", work)
    assert "saved it as" in capsys.readouterr().out
    assert nbformat.read(work / "Lesson.ipynb", as_version=4).cells[0].source == "return theta * x"
    assert nbformat.read(path, as_version=4).metadata["generated"]["from"] == "source.ipynb"


def test_the_student_edition_says_what_it_is_generated_from():
    metadata = nbformat.read(ROOT / "notebooks" / "Gradient_Checking.ipynb", as_version=4).metadata["generated"]
    assert metadata["from"] == "notebooks/solutions/Gradient_Checking.ipynb"
    assert metadata["by"] == "python tools/make_student_edition.py"


@pytest.fixture
def recorded(monkeypatch):
    """tasks.main with the environments and the commands recorded instead of made and run."""
    calls = {"environments": [], "commands": [], "env": []}

    def ensure(requirements, environment=tasks.VENV, constraints=None):
        calls["environments"].append((requirements, environment))
        return environment / "bin" / "python"

    monkeypatch.setattr(tasks, "ensure_environment", ensure)
    monkeypatch.setattr(tasks, "working_copies", lambda: [])

    def call(command, env=None, **kwargs):
        calls["commands"].append(command)
        calls["env"].append(env)
        return 0

    monkeypatch.setattr(tasks.subprocess, "call", call)
    return calls


@pytest.mark.parametrize("task, requirements, environment", [
    ("lesson", "requirements.txt", tasks.VENV),
    ("test", "requirements-test.txt", tasks.TEST_VENV),
    ("regenerate", "requirements-test.txt", tasks.TEST_VENV),
    ("check", "requirements-test.txt", tasks.TEST_VENV),
])
def test_the_tests_have_an_environment_of_their_own(recorded, task, requirements, environment):
    """The student's .venv holds requirements.txt only: nbgrader, Playwright and the test tools go to .venv-test
    (nbgrader's JupyterLab extensions would otherwise show in the student's JupyterLab)."""
    assert tasks.main([task]) == 0
    assert set(recorded["environments"]) == {(requirements, environment)}
    assert str(environment) in recorded["commands"][0][0]
    assert tasks.VENV != tasks.TEST_VENV


def test_the_tests_run_on_compiled_bytecode(recorded, monkeypatch):
    """Every process the suite starts reads the lesson's modules compiled once (even where
    PYTHONDONTWRITEBYTECODE would have each compile them again), and pytest may keep its rewritten test modules."""
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setenv("GC_SOMETHING_ELSE", "kept")
    assert tasks.main(["test", "-m", "not browser"]) == 0
    compiling, testing = recorded["commands"]
    assert compiling[1:3] == ["-m", "compileall"] and testing[1:] == ["-m", "pytest", "-m", "not browser"]
    assert all((ROOT / name).exists() for name in tasks.COMPILED)
    environment = recorded["env"][1]
    assert "PYTHONDONTWRITEBYTECODE" not in environment and environment["GC_SOMETHING_ELSE"] == "kept"


def test_blas_runs_on_one_thread_in_the_suite_unless_told_otherwise():
    """pytest's workers use every core: a BLAS library's own threads would compete with them."""
    environment = tasks.suite_environment({"OMP_NUM_THREADS": "4", "PATH": "/usr/bin"})
    assert environment["OPENBLAS_NUM_THREADS"] == environment["MKL_NUM_THREADS"] == "1"  # NumPy's wheels, conda's
    assert environment["OMP_NUM_THREADS"] == "4" and environment["PATH"] == "/usr/bin"  # what is set stands


def test_requirements_txt_holds_no_test_tool():
    lesson = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    for tool in ("nbgrader", "playwright", "ruff", "mypy", "pytest-xdist", "axe-playwright-python", "markdown-it-py"):
        assert not re.search(rf"^{tool}\b", lesson, flags=re.M), tool


def test_an_environment_that_holds_the_test_tools_is_made_again_for_the_lesson(tmp_path, monkeypatch, capsys):
    """A .venv into which an older tasks.py installed requirements-test.txt is made again with requirements.txt."""
    environment = tmp_path / ".venv"
    environment.mkdir()
    (environment / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (environment / ".installed-requirements-test").write_text("an older digest")
    (environment / "lib").mkdir()
    made = []

    def create(path):
        made.append(sorted(p.name for p in path.iterdir()) if path.exists() else None)
        path.mkdir(exist_ok=True)
        return path / "bin" / "python"

    monkeypatch.setattr(tasks, "create_environment", create)
    monkeypatch.setattr(tasks.subprocess, "run", lambda *args, **kwargs: None)
    tasks.ensure_environment("requirements.txt", environment)
    assert made == [None], "the environment was removed before it was made again"
    assert "also holds requirements-test.txt: making it again with requirements.txt only" in capsys.readouterr().out
    assert [p.name for p in environment.glob(".installed-*")] == [".installed-requirements"]
    tasks.ensure_environment("requirements.txt", environment)  # the same file again: kept as it is
    assert made == [None, [".installed-requirements"]]
