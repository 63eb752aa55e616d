"""Generate the student edition of the assignment from its solution edition.

    python tools/make_student_edition.py           # write notebooks/Gradient_Checking.ipynb
    python tools/make_student_edition.py --check   # exit 1 if the file on disk is not what it would write

The solution edition (notebooks/solutions/Gradient_Checking.ipynb) is the source of truth. It does to the code
cells what ``nbgrader generate_assignment`` does, so that nbgrader's release of the same source has the same
cells: each region between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` becomes a stub that raises
NotImplementedError, and each region between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS`` (the
solution edition's banner, the repaired back-propagation it runs after the bug-fix cell) is left out. The bug-fix
cell itself is given code, so both keep its buggy lines. Outputs, execution counts and the widget state are
cleared, and relative links in Markdown are rebased from notebooks/solutions/ to notebooks/. The result records
in its metadata what it is made from; work found in the file it replaces is saved under work/ first
(``generated``).
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat

import generated  # tools/generated.py: this script's folder is first on sys.path when it runs

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
SOURCE = NOTEBOOKS / "solutions" / "Gradient_Checking.ipynb"
TARGET = NOTEBOOKS / "Gradient_Checking.ipynb"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
STUB = ["# YOUR CODE HERE", "raise NotImplementedError()"]


def replace_regions(source: str, begin: str, end: str, stub: list[str]) -> str:
    """Replace each region of ``source`` from a ``begin`` line to an ``end`` line by ``stub``, indented as ``begin``."""
    out: list[str] = []
    inside = False
    for number, line in enumerate(source.split("\n"), 1):
        marker = line.strip()
        if marker == begin:
            if inside:
                raise ValueError(f"line {number}: {begin} inside another such region")
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            out += [indent + stub_line for stub_line in stub]
        elif marker == end:
            if not inside:
                raise ValueError(f"line {number}: {end} without {begin}")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"a region is not closed with {end}")
    return "\n".join(out)


def strip_solutions(source: str) -> str:
    """A cell's source as students get it: solution regions become stubs, hidden regions are left out."""
    return replace_regions(replace_regions(source, BEGIN, END, STUB), HIDDEN_BEGIN, HIDDEN_END, [])


def rebase_links(markdown: str) -> str:
    """Links written relative to notebooks/solutions/ (``../x``), made relative to notebooks/ (``x``)."""
    return re.sub(r"\]\(\.\./", "](", markdown)


def student_edition(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student edition of ``solution`` (which is left unchanged)."""
    notebook = copy.deepcopy(solution)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.source = strip_solutions(cell.source)
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
        elif cell.cell_type == "markdown":
            cell.source = rebase_links(cell.source)
    notebook.metadata.pop("widgets", None)
    return notebook


COMMAND = "python tools/make_student_edition.py"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only compare with the file on disk")
    args = parser.parse_args(argv)
    edition = student_edition(nbformat.read(SOURCE, as_version=4))
    source, name = str(SOURCE.relative_to(NOTEBOOKS.parent)), TARGET.relative_to(NOTEBOOKS.parent)
    if args.check:
        if TARGET.exists() and TARGET.read_text(encoding="utf-8") == generated.render(edition, source, COMMAND):
            print(f"{name} is up to date")
            return 0
        if TARGET.exists() and generated.holds_other_work(TARGET):
            print(f"{name} has changes that no generator made. If they are your exercises, your working copy "
                  f"belongs in work/ (python3 tasks.py lesson makes it); {COMMAND} saves this file there before "
                  "it writes the generated one.")
        else:
            print(f"{name} is out of date: run {COMMAND}")
        return 1
    generated.write(edition, TARGET, source, COMMAND)
    print(f"wrote {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
