"""Generate the student edition of the assignment from its solution edition.

    python tools/make_student_edition.py           # write notebooks/Gradient_Checking.ipynb
    python tools/make_student_edition.py --check   # exit 1 if the file on disk is not what it would write

The solution edition (notebooks/solutions/Gradient_Checking.ipynb) is the source of truth. In every code
cell, each region between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (nbgrader's markers) becomes a
stub that raises NotImplementedError with a sentence naming the exercise (taken from the latest
"### Exercise N" heading above the cell), so Run All stops on a readable line, or, when the cell's
metadata lists ``gradient_checking.student_regions``, the code given there (the bug-fix cell gets the
buggy lines back). Outputs and execution counts are cleared,
and relative links in Markdown are rebased from notebooks/solutions/ to notebooks/.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
SOURCE = NOTEBOOKS / "solutions" / "Gradient_Checking.ipynb"
TARGET = NOTEBOOKS / "Gradient_Checking.ipynb"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"


EXERCISE_HEADING = re.compile(r"^#+ *(Exercise \d+)\b", flags=re.M)


def stub_line(exercise: str | None) -> str:
    """The line a solution region becomes: it raises with a sentence the student can act on."""
    where = f"{exercise}: replace" if exercise else "Replace"
    return f'raise NotImplementedError("{where} this line with your code")'


def strip_solutions(source: str, replacements: list[str] | None = None, exercise: str | None = None) -> str:
    """Replace each solution region of a cell's source by a stub (naming ``exercise``), or by the next of
    ``replacements``."""
    lines, out, pending = source.split("\n"), [], list(replacements or [])
    inside = False
    for number, line in enumerate(lines, 1):
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise ValueError(f"line {number}: {BEGIN} inside another solution region")
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            if replacements is None:
                out += [f"{indent}# YOUR CODE HERE", f"{indent}{stub_line(exercise)}"]
            elif pending:
                out += pending.pop(0).split("\n")
            else:
                raise ValueError("more solution regions than student_regions in the cell's metadata")
        elif marker == END:
            if not inside:
                raise ValueError(f"line {number}: {END} without {BEGIN}")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"a solution region is not closed with {END}")
    if pending:
        raise ValueError("fewer solution regions than student_regions in the cell's metadata")
    return "\n".join(out)


def rebase_links(markdown: str) -> str:
    """Links written relative to notebooks/solutions/ (``../x``), made relative to notebooks/ (``x``)."""
    return re.sub(r"\]\(\.\./", "](", markdown)


def student_edition(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student edition of ``solution`` (which is left unchanged)."""
    notebook = copy.deepcopy(solution)
    exercise = None
    for cell in notebook.cells:
        if cell.cell_type == "code":
            regions = cell.metadata.get("gradient_checking", {}).get("student_regions")
            cell.source = strip_solutions(cell.source, regions, exercise)
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("gradient_checking", None)
            cell.metadata.pop("execution", None)
        elif cell.cell_type == "markdown":
            cell.source = rebase_links(cell.source)
            headings = EXERCISE_HEADING.findall(cell.source)
            exercise = headings[-1] if headings else exercise
    notebook.metadata.pop("widgets", None)
    return notebook


def render(notebook: nbformat.NotebookNode) -> str:
    return nbformat.writes(notebook) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only compare with the file on disk")
    args = parser.parse_args(argv)
    text = render(student_edition(nbformat.read(SOURCE, as_version=4)))
    if args.check:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET.relative_to(NOTEBOOKS.parent)} is out of date: run python tools/make_student_edition.py")
            return 1
        print(f"{TARGET.relative_to(NOTEBOOKS.parent)} is up to date")
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(NOTEBOOKS.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
