"""What is graded: each exercise's points and answer cells, from the solution edition's nbgrader metadata (or an
``assignment.json`` a platform's package carries), in the notebook's order, with ``--points`` applied."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from public_tests.cases import EXERCISES

DEFAULT_POINTS = {"forward_propagation": 10, "backward_propagation": 10, "gradient_check": 10, "gradient_check_n": 20,
                  "backward_propagation_n": 10}
"""The points when the source notebook is missing, in the notebook's order (the bug fix comes last)."""
TEST_CELLS = {"backward_propagation_n_fix_check": "backward_propagation_n"}
"""Graded test cells whose grade_id is not ``<exercise>_test``: the bug fix's check, kept as nbgrader's
gradebooks know it."""
SOURCE_NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "solutions" / "Gradient_Checking.ipynb"


@dataclass
class Assignment:
    """What is graded: points per exercise (in notebook order) and the grade_ids of their answer cells."""

    points: dict[str, float]
    answer_ids: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source: str = "defaults"


def assignment_from_source(path: str | Path | None = SOURCE_NOTEBOOK) -> Assignment:
    """Points and answer cells from the source notebook's nbgrader metadata; the defaults when it is missing.

    A test cell ``{"nbgrader": {"grade": true, "grade_id": "<exercise>_test", "points": P}}`` (or one of
    ``TEST_CELLS``) gives the points of ``<exercise>``, in the order of the notebook; an answer cell
    (``"solution": true``) that defines ``<exercise>`` gives its grade_id. A ``.json`` file instead holds what
    ``assignment_json`` wrote (the platforms' packages carry that, not the solution edition).
    """
    if path is None or not Path(path).is_file():
        return Assignment(dict(DEFAULT_POINTS))
    if Path(path).suffix == ".json":
        saved = json.loads(Path(path).read_text(encoding="utf-8"))
        return Assignment({e: float(p) for e, p in saved["points"].items()},
                          {e: tuple(ids) for e, ids in saved.get("answer_ids", {}).items()}, str(path))
    points: dict[str, float] = {}
    answer_ids: dict[str, tuple[str, ...]] = {}
    for cell in json.loads(Path(path).read_text(encoding="utf-8")).get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if _tested_exercise(meta) and meta.get("points"):
            points[_tested_exercise(meta)] = float(meta["points"])
        for name in _answered_exercises(meta, "".join(cell.get("source", ""))):
            answer_ids[name] = (*answer_ids.get(name, ()), meta["grade_id"])
    if not points:
        raise ValueError(f"{path}: no graded test cell with points (nbgrader metadata) was found")
    return Assignment(points, answer_ids, str(path))


def _tested_exercise(meta: dict) -> str:
    """The exercise a graded test cell tests (its grade_id ``<exercise>_test`` or one of ``TEST_CELLS``); ""."""
    grade_id = meta.get("grade_id", "")
    exercise = TEST_CELLS.get(grade_id, grade_id[:-5] if grade_id.endswith("_test") else "")
    return exercise if meta.get("grade") and exercise in EXERCISES else ""


def _answered_exercises(meta: dict, source: str) -> list[str]:
    """The exercises an answer cell (``"solution": true`` with a grade_id) defines at its top level."""
    if not (meta.get("solution") and meta.get("grade_id")):
        return []
    return [name for name in re.findall(r"^def (\w+)\(", source, flags=re.M) if name in EXERCISES]


def assignment_json(assignment: Assignment) -> str:
    """What ``assignment_from_source`` reads back from a ``.json`` file: the points and answer cells alone."""
    return json.dumps({"points": assignment.points, "answer_ids": assignment.answer_ids}, indent=1) + "\n"


def parse_points(items: Sequence[str], base: dict[str, float]) -> dict[str, float]:
    """``base`` with ``EX=P`` overrides applied, in ``base``'s order (the notebook's), exercises it lacks after
    them; P = 0 leaves an exercise out. ValueError on a bad item."""
    points = dict(base)
    for item in items:
        name, equals, value = item.partition("=")
        if not equals or name not in EXERCISES:
            raise ValueError(f"--points expects EXERCISE=POINTS with EXERCISE one of {', '.join(EXERCISES)}; "
                             f"got {item!r}")
        try:
            amount = float(value)
        except ValueError:
            amount = -1.0
        if not amount >= 0 or amount == float("inf"):
            raise ValueError(f"--points {item!r}: the points must be a number >= 0")
        points[name] = amount
    ordered = {e: points[e] for e in [*base, *(e for e in EXERCISES if e not in base)] if points.get(e)}
    if not ordered:
        raise ValueError("--points left no exercise to grade")
    return ordered
