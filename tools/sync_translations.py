"""Keep the translated solution editions in step with the English ones.

    python tools/sync_translations.py --check    # exit 1, naming each cell, when a translation is out of date
    python tools/sync_translations.py --update   # after translating: record the English cells as translated now

Each cell of a translated solution edition (``notebooks/solutions/ko/*.ipynb``) records, in the tools' private
cell metadata (``gradient_checking.translation``), the id of the English cell it translates and a hash of that
cell's source when it was translated. ``--check`` fails when an English cell's source has changed since (the
translation may say something the English no longer does), when an English cell has no translation, or when a
translation points at a cell that is gone, and names the cell by its id and the first line of both. ``--update``
records the current hashes; run it only once the translated cells say what the English ones say. The student
editions are then made from the translated solution editions by ``tools/make_student_edition.py``, as for English.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from notebook_steps import PRIVATE  # tools/notebook_steps.py: this script's folder is first on sys.path

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "notebooks" / "solutions"
TRANSLATIONS = {"ko": SOLUTIONS / "ko"}
"""Language -> the folder of its solution editions, each named as the English one it translates."""
KEY = "translation"


def source_hash(cell: nbformat.NotebookNode) -> str:
    """The hash a translation records: of the English cell's type and source (not its outputs)."""
    return hashlib.sha256(f"{cell.cell_type}\n{cell.source}".encode()).hexdigest()


def record_of(cell: nbformat.NotebookNode) -> dict:
    """What a translated cell records about the English cell it translates (empty if nothing)."""
    return cell.metadata.get(PRIVATE, {}).get(KEY, {})


def first_line(cell: nbformat.NotebookNode | None) -> str:
    lines = cell.source.strip().splitlines() if cell is not None else []
    return lines[0][:100] if lines else "(empty)"


@dataclass(frozen=True)
class Problem:
    """A translated cell out of step with its English cell."""

    notebook: str
    cell_id: str
    what: str
    english: str
    translated: str

    def __str__(self) -> str:
        return (f"{self.notebook}: cell {self.cell_id} {self.what}\n    English:    {self.english}\n"
                f"    translated: {self.translated}")


def problems(english: nbformat.NotebookNode, translated: nbformat.NotebookNode, name: str) -> list[Problem]:
    """Every cell of ``translated`` that does not match the current ``english`` edition, and every English cell
    without a translation."""
    cells = {cell.id: cell for cell in english.cells}
    found, covered = [], set()
    for cell in translated.cells:
        record = record_of(cell)
        of = record.get("of")
        if of is None:
            continue  # a cell of the translation's own (none so far): nothing to keep in step
        covered.add(of)
        source = cells.get(of)
        if source is None:
            found.append(Problem(name, of, "translates an English cell that no longer exists", "(gone)",
                                 first_line(cell)))
        elif record.get("sha256") != source_hash(source):
            found.append(Problem(name, of, "changed in English since it was translated: update the translation, "
                                 "then run python tools/sync_translations.py --update", first_line(source),
                                 first_line(cell)))
    found += [Problem(name, cell.id, "has no translation", first_line(cell), "(missing)")
              for cell in english.cells if cell.id not in covered]
    return found


def update(english: nbformat.NotebookNode, translated: nbformat.NotebookNode) -> int:
    """Record the current hash of the English cell in each translated cell; return how many changed."""
    cells = {cell.id: cell for cell in english.cells}
    changed = 0
    for cell in translated.cells:
        record = record_of(cell)
        if record.get("of") in cells:
            new = source_hash(cells[record["of"]])
            changed += record.get("sha256") != new
            record["sha256"] = new
    return changed


def pairs() -> list[tuple[Path, Path]]:
    """(English solution edition, its translation) for every translation on disk."""
    return [(SOLUTIONS / path.name, path)
            for folder in TRANSLATIONS.values() for path in sorted(folder.glob("*.ipynb"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--check", action="store_true", help="fail when a translation is out of date")
    group.add_argument("--update", action="store_true", help="record the English cells as translated now")
    args = parser.parse_args(argv)
    status = 0
    for source, target in pairs():
        english, translated = (nbformat.read(p, as_version=4) for p in (source, target))
        name = str(target.relative_to(ROOT))
        if args.update:
            changed = update(english, translated)
            target.write_text(nbformat.writes(translated) + "\n", encoding="utf-8")
            print(f"{name}: {changed} cell(s) recorded as translated from the current English")
            continue
        found = problems(english, translated, name)
        for problem in found:
            print(problem)
        print(f"{name}: {'up to date' if not found else f'{len(found)} cell(s) out of step'}")
        status |= bool(found)
    return status


if __name__ == "__main__":
    sys.exit(main())
