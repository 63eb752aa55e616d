"""The two commands of the quick start, and the regeneration steps, with nothing but Python's standard library.

    python3 tasks.py lesson       # open the assignment in JupyterLab
    python3 tasks.py test         # run every test: unit tests, public tests, notebooks (nbval), grader, browser
    python3 tasks.py regenerate   # rebuild every generated file (student edition, figures, practice notebook)

The first run creates a virtual environment in .venv (or in $GC_VENV) and installs requirements into it;
later runs reuse it and reinstall only when a requirements file or pyproject.toml changed.
Arguments after the task go to the tool: ``python3 tasks.py test -m "not browser"``.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("GC_VENV", ROOT / ".venv"))
LESSON = ROOT / "notebooks" / "Gradient_Checking.ipynb"
GENERATORS = ["tools/draw_figures.py", "tools/make_student_edition.py", "tools/execute_notebooks.py",
              "tools/build_practice_notebook.py", "tools/make_screenshots.py"]


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_environment(requirements: str) -> Path:
    """Create the virtual environment if needed and install ``requirements`` when they changed."""
    python = venv_python()
    if not python.exists():
        print(f"Creating a virtual environment in {VENV} ...", flush=True)
        try:
            venv.create(VENV, with_pip=True)
        except Exception as error:  # e.g. Debian's python3 without python3-venv
            sys.exit(f"Could not create a virtual environment ({error}). On Debian/Ubuntu: apt install python3-venv")
    inputs = [ROOT / "pyproject.toml", ROOT / "requirements.txt", ROOT / requirements]
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in inputs)).hexdigest()
    stamp = VENV / f".installed-{Path(requirements).stem}"
    if not stamp.exists() or stamp.read_text() != digest:
        print(f"Installing {requirements} into {VENV} ...", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-r", str(ROOT / requirements)],
                       check=True, cwd=ROOT)
        stamp.write_text(digest)
    return python


def main(argv: list[str]) -> int:
    tasks = {"lesson", "test", "regenerate"}
    if not argv or argv[0] not in tasks:
        print(__doc__)
        return 2
    task, rest = argv[0], argv[1:]
    if task == "lesson":
        python = ensure_environment("requirements.txt")
        return subprocess.call([str(python), "-m", "jupyter", "lab", str(LESSON), *rest], cwd=ROOT)
    python = ensure_environment("requirements-test.txt")
    if task == "test":
        return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT)
    for script in GENERATORS:
        print(f"$ python {script}", flush=True)
        if subprocess.call([str(python), script, *rest], cwd=ROOT) != 0:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
