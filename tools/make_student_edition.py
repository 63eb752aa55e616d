"""Generate the student editions of the notebooks from their solution editions.

    python tools/make_student_edition.py           # write notebooks/Gradient_Checking*.ipynb (and ko/)
    python tools/make_student_edition.py --check   # exit 1 if a file on disk is not what it would write

Each solution edition (notebooks/solutions/*.ipynb) is the source of truth. The code cells get what
``nbgrader generate_assignment`` does to them, so that nbgrader's release of the same source has the same cells:
each region between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` becomes a stub that raises
NotImplementedError("Replace this line with your code") (nbgrader's stub, as nbgrader_config.py sets it), and
each region between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS`` (the solution edition's banner, the
repaired back-propagation it runs after the bug-fix cell) is left out. The bug-fix cell itself is given code, so
both keep its buggy lines. Outputs, execution counts and the widget state are cleared, and relative links in
Markdown are rebased from notebooks/solutions/ to notebooks/. The result records in its metadata what it is made
from; work found in the file it replaces is saved under work/ first (``generated``).
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import nbformat

import generated
from notebook_steps import (  # tools/notebook_steps.py: this script's folder is first on sys.path when it runs
    apply,
    clear_outputs,
    drop_private_metadata,
    drop_widget_state,
    rebase_links,
    strip_solutions,
)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
EDITIONS = {NOTEBOOKS / "solutions" / name: NOTEBOOKS / name
            for name in ("Gradient_Checking.ipynb", "Gradient_Checking_in_Practice.ipynb",
                         "Gradient_Checking_Your_Own_Layers.ipynb", "ko/Gradient_Checking.ipynb",
                         "ko/Gradient_Checking_in_Practice.ipynb", "ko/Gradient_Checking_Your_Own_Layers.ipynb")}
"""Solution edition (the source) -> student edition (generated); translations in a folder per language (``ko/``),
kept in step with the English sources by ``tools/sync_translations.py``."""
STEPS = (strip_solutions, clear_outputs, drop_private_metadata, drop_widget_state, rebase_links)
COMMAND = "python tools/make_student_edition.py"


def student_edition(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student edition of ``solution`` (which is left unchanged)."""
    return apply(STEPS, copy.deepcopy(solution))


def check(source: Path, target: Path) -> bool:
    """Whether ``target`` is what this tool writes from ``source``; say what to do when it is not."""
    edition = student_edition(nbformat.read(source, as_version=4))
    name = target.relative_to(ROOT)
    if target.exists() and target.read_text(encoding="utf-8") == generated.render(
            edition, str(source.relative_to(ROOT)), COMMAND):
        print(f"{name} is up to date")
        return True
    if target.exists() and generated.holds_other_work(target):
        print(f"{name} has changes that no generator made. If they are your exercises, your working copy "
              f"belongs in work/ (python3 tasks.py lesson makes it); {COMMAND} saves this file there before "
              "it writes the generated one.")
    else:
        print(f"{name} is out of date: run {COMMAND}")
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only compare with the files on disk")
    args = parser.parse_args(argv)
    if args.check:
        results = [check(source, target) for source, target in EDITIONS.items()]
        return 0 if all(results) else 1
    for source, target in EDITIONS.items():
        edition = student_edition(nbformat.read(source, as_version=4))
        generated.write(edition, target, str(source.relative_to(ROOT)), COMMAND)
        print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
