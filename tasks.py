"""The quick start's commands, and the maintenance tasks, with nothing but Python's standard library.

usage: python3 tasks.py TASK [ARGUMENTS...]

tasks:
  lesson        open your working copy of the assignment in JupyterLab (work/Gradient_Checking.ipynb,
                made from the student edition the first time, never overwritten afterwards)
  test          run every test: unit tests, public tests, notebooks (nbval), grader, browser; in an
                environment of the tests' own (.venv-test), so the lesson's stays as the lesson needs it
  check         lint (ruff) and type-check (mypy, configured in pyproject.toml) the code, in .venv-test
  test-lowest   run the same tests with the lowest versions we support (constraints-lowest.txt),
                in a second environment (.venv-lowest); needs Python 3.10 or 3.11
  regenerate    rebuild every generated file (figures, student edition, outputs, practice notebook,
                screenshots); your working copies in work/ are never touched
  release DIR   write what an instructor hands to students into DIR (a new or empty folder, or a previous
                release): student editions, helper modules, public tests, requirements, a README; no solutions

The first `lesson` creates a virtual environment in .venv (or in $GC_VENV) and installs requirements.txt into it:
what the lesson needs, nothing more. `test`, `check` and `regenerate` use a second one, .venv-test (or
$GC_TEST_VENV), with requirements-test.txt (the lesson's requirements and the test tools: nbgrader, Playwright,
...). Later runs reuse them and reinstall only when a requirements file or pyproject.toml changed. A broken
environment (no working python or pip in it) is made again, and so is a .venv into which an older tasks.py installed
the test tools. Arguments after the task go to the tool, for example ``python3 tasks.py test -m "not browser"`` or
``python3 tasks.py lesson --no-browser``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("GC_VENV", ROOT / ".venv"))
"""The lesson's environment: requirements.txt only (JupyterLab, the notebooks' packages, this folder's modules)."""
TEST_VENV = Path(os.environ.get("GC_TEST_VENV", ROOT / ".venv-test"))
"""The tests' environment: requirements-test.txt (the lesson's requirements, nbgrader, Playwright, ruff, ...)."""
LOWEST_VENV = ROOT / ".venv-lowest"
LOWEST_CONSTRAINTS = ROOT / "constraints-lowest.txt"
WORK = ROOT / "work"
STUDENT_NOTEBOOKS = [ROOT / "notebooks" / "Gradient_Checking.ipynb",
                     ROOT / "notebooks" / "Gradient_Checking_in_Practice.ipynb",
                     ROOT / "notebooks" / "Gradient_Checking_Your_Own_Layers.ipynb",
                     ROOT / "notebooks" / "ko" / "Gradient_Checking.ipynb",
                     ROOT / "notebooks" / "ko" / "Gradient_Checking_in_Practice.ipynb",
                     ROOT / "notebooks" / "ko" / "Gradient_Checking_Your_Own_Layers.ipynb"]
LESSON = WORK / "Gradient_Checking.ipynb"
GENERATORS = ["tools/draw_figures.py", "tools/make_student_edition.py", "tools/execute_notebooks.py",
              "tools/make_screenshots.py"]
TASKS = ("lesson", "test", "check", "test-lowest", "regenerate", "release")
COMPILED = ["gc_grader", "gc_utils", "public_tests", "tests", "testCases.py", "reference_solutions.py"]
"""What ``test`` compiles to bytecode first. The suite starts about a hundred Python processes (kernels, graders,
sandboxed fork servers) that import these; where PYTHONDONTWRITEBYTECODE is set, each would compile them again
(about 18 s of CPU in all). pytest, for the same reason, runs with bytecode writing allowed: it keeps each test
module, its assertions rewritten, in ``__pycache__`` only then; otherwise each of its workers would rewrite all of them
again at every run (about 1.7 s before its first test)."""
ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
"""Set to 1 for the tests where they are not set: pytest's workers already keep every core busy, and the threads a BLAS
library starts in each process (one per core) only compete with them (the suite's busy time, about 8 s less). The
grader does the same for its own process with gc_grader.sandbox.THREAD_VARIABLES; this file imports nothing of ours."""
CHECKS = (["ruff", "check", "."], ["mypy"])
"""What ``check`` runs, each as ``python -m TOOL ...`` in .venv-test: mypy checks the files pyproject.toml names."""


def venv_python(environment: Path) -> Path:
    return environment / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _works(python: Path) -> bool:
    """Whether ``python`` runs and has pip."""
    try:
        return subprocess.run([str(python), "-c", "import pip"], capture_output=True, timeout=120).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _remove_environment(environment: Path) -> None:
    """Delete a broken virtual environment, but only something that is one (never an arbitrary $GC_VENV)."""
    if any(environment.iterdir()) and not (environment / "pyvenv.cfg").exists():
        sys.exit(f"{environment} is not a virtual environment (no pyvenv.cfg) and not empty: "
                 "remove it or point GC_VENV somewhere else.")
    shutil.rmtree(environment)


def create_environment(environment: Path) -> Path:
    """A virtual environment with a working pip at ``environment``, made again when the one there is broken."""
    python = venv_python(environment)
    if environment.exists() and not _works(python):
        print(f"The virtual environment in {environment} has no working python or pip: making it again ...",
              flush=True)
        _remove_environment(environment)
    if not environment.exists():
        print(f"Creating a virtual environment in {environment} ...", flush=True)
        try:
            venv.create(environment, with_pip=True)
        except Exception as error:  # e.g. Debian's python3 without python3-venv (ensurepip missing)
            shutil.rmtree(environment, ignore_errors=True)
            sys.exit(f"Could not create a virtual environment ({error}). "
                     "On Debian/Ubuntu: apt install python3-venv, then run this command again.")
        if not _works(python):
            shutil.rmtree(environment, ignore_errors=True)
            sys.exit(f"The new virtual environment in {environment} has no pip. "
                     "On Debian/Ubuntu: apt install python3-venv, then run this command again.")
    return python


def _stamp(environment: Path, requirements: str) -> Path:
    """The file that records which inputs ``requirements`` was installed from into ``environment``."""
    return environment / f".installed-{Path(requirements).stem}"


def ensure_environment(requirements: str, environment: Path = VENV, constraints: Path | None = None) -> Path:
    """Create the virtual environment if needed and install ``requirements`` when they changed.

    An environment holds one requirements file: one that another file was installed into (the lesson's .venv, into
    which an older tasks.py installed the test tools) is made again, so that it holds only what it is for.
    """
    others = [path for path in environment.glob(".installed-*") if path != _stamp(environment, requirements)]
    if others and (environment / "pyvenv.cfg").exists():
        held = ", ".join(path.name.removeprefix(".installed-") + ".txt" for path in others)
        print(f"{_shown(environment)} also holds {held}: making it again with {requirements} only ...", flush=True)
        _remove_environment(environment)
    python = create_environment(environment)
    inputs = [ROOT / "pyproject.toml", ROOT / "requirements.txt", ROOT / requirements, *filter(None, [constraints])]
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in inputs)).hexdigest()
    stamp = _stamp(environment, requirements)
    if not stamp.exists() or stamp.read_text() != digest:
        print(f"Installing {requirements} into {environment} (once; this takes a minute or two) ...", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        pin = ["-c", str(constraints)] if constraints else []
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *pin, "-r", str(ROOT / requirements)],
                       check=True, cwd=ROOT)
        stamp.write_text(digest)
    return python


def _shown(path: Path) -> Path:
    """``path`` relative to the repository when it is inside it."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def working_copies(work: Path = WORK, sources: list[Path] = STUDENT_NOTEBOOKS) -> list[Path]:
    """The student's copies of the student editions in ``work``: made when missing, never overwritten."""
    work.mkdir(exist_ok=True)
    copies = []
    for source in sources:
        notebooks = ROOT / "notebooks"  # a translation keeps its language folder: work/ko/Gradient_Checking.ipynb
        copy = work / (source.relative_to(notebooks) if source.is_relative_to(notebooks) else source.name)
        if not copy.exists():
            copy.parent.mkdir(exist_ok=True)
            shutil.copyfile(source, copy)
            print(f"Made your working copy {_shown(copy)} from {_shown(source)}.", flush=True)
        copies.append(copy)
    return copies


def jupyter_lab_command(python: Path, notebook: Path, rest: list[str]) -> list[str]:
    """JupyterLab on ``notebook``, served from the repository; as root it needs ``--allow-root``."""
    command = [str(python), "-m", "jupyter", "lab", f"--ServerApp.root_dir={ROOT}", str(notebook), *rest]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in rest:
        command.append("--allow-root")
    return command


def usage(error: str | None = None) -> int:
    if error:
        print(f"tasks.py: {error}\n", file=sys.stderr)
    print(__doc__.strip(), file=sys.stderr if error else sys.stdout)
    return 2 if error else 0


def lesson(rest: list[str]) -> int:
    python = ensure_environment("requirements.txt")
    working_copies()
    print(f"Your work is in {_shown(LESSON)} (git ignores work/; to start over, delete the file "
          "and run this command again).", flush=True)
    return subprocess.call(jupyter_lab_command(python, LESSON, rest), cwd=ROOT)


def run_tests(python: Path, rest: list[str]) -> int:
    subprocess.call([str(python), "-m", "compileall", "-q", "-j", "0", *COMPILED], cwd=ROOT)  # pytest names errors
    return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT, env=suite_environment(os.environ))


def suite_environment(environment: Mapping[str, str]) -> dict[str, str]:
    """``environment`` as the suite runs in it: bytecode writing allowed, BLAS on one thread unless set otherwise
    (``COMPILED``, ``ONE_THREAD``)."""
    tests = {name: value for name, value in environment.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return {**dict.fromkeys(ONE_THREAD, "1"), **tests}


def run_lowest(rest: list[str]) -> int:
    if sys.version_info[:2] not in ((3, 10), (3, 11)):
        sys.exit(f"test-lowest needs Python 3.10 or 3.11 (NumPy 1.24 has no wheels for newer ones); this is "
                 f"{sys.version.split()[0]}. Run it with python3.11 tasks.py test-lowest.")
    return run_tests(ensure_environment("requirements-test.txt", LOWEST_VENV, LOWEST_CONSTRAINTS), rest)


def check(python: Path, rest: list[str]) -> int:
    failed = [c[0] for c in CHECKS if subprocess.call([str(python), "-m", *c, *rest], cwd=ROOT) != 0]
    if failed:
        print(f"tasks.py check: {' and '.join(failed)} found problems (above)", file=sys.stderr)
    return 1 if failed else 0


def regenerate(python: Path, rest: list[str]) -> int:
    for script in GENERATORS:
        print(f"$ python {script}", flush=True)
        if subprocess.call([str(python), script, *rest], cwd=ROOT) != 0:
            return 1
    return 0


def main(argv: list[str]) -> int:
    if not argv:
        return usage("no task given; choose one of " + ", ".join(TASKS))
    task, rest = argv[0], argv[1:]
    if task in ("-h", "--help", "help"):
        return usage()
    if task not in TASKS:
        return usage(f"unknown task {task!r}; the tasks are " + ", ".join(TASKS))
    if task == "lesson":
        return lesson(rest)
    if task == "release":  # standard library only: no environment needed
        return subprocess.call([sys.executable, str(ROOT / "tools" / "make_release.py"), *rest])
    if task == "test-lowest":
        return run_lowest(rest)
    python = ensure_environment("requirements-test.txt", TEST_VENV)
    if task == "test":
        return run_tests(python, rest)
    return check(python, rest) if task == "check" else regenerate(python, rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
