"""The run's cases and the rows they give: the verdicts on what the children sent, and each submission's row."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from public_tests.cases import build_cases
from public_tests.execution import Outcome
from public_tests.judging import Report, correct_outcomes, judge
from public_tests.messages import text as test_message

from . import reports, untrusted
from .jobs import ExerciseRun, TaskResult
from .messages import reason
from .messages import text as message
from .wire import encode_outcome

# ------------------------------------------------------------------------------------ the run's secrets

class Judging:
    """The cases of this grading run and their expected outcomes; verdicts on plain outcomes.

    Lives in the grader's process only. A child never sees an expected value; it gets the seed once it has
    defined its function, and rebuilds the same cases from it (the same code, the same NumPy: no case object
    crosses a process boundary, nothing is unpickled).
    """

    def __init__(self, exercises: Sequence[str], seed: int) -> None:
        self.seed = seed
        self.cases = {e: build_cases(e, seed) for e in exercises}
        self.correct = {e: correct_outcomes(self.cases[e]) for e in exercises}
        self._verdicts: dict[tuple[str, str], Report] = {}

    def verdict(self, exercise: str, outcomes: list[Outcome], digest: str = "") -> Report:
        """``judging.judge`` on ``outcomes``; identical outcomes (common mistakes) are judged once per run.

        ``digest`` identifies the outcomes (a hash of the line they came in); without one they are encoded.
        """
        key = (exercise, digest or json.dumps([encode_outcome(o) for o in outcomes], sort_keys=True))
        if key not in self._verdicts:
            self._verdicts[key] = judge(exercise, self.cases[exercise], outcomes, self.correct[exercise])
        return self._verdicts[key]


# ------------------------------------------------------------------------------------ rows

def exercise_entry(max_points: float, status: str, feedback: str, passed: bool = False) -> dict:
    max_points = reports.number(max_points)
    return {"points": max_points if passed else 0, "max_points": max_points, "passed": passed, "status": status,
            "feedback": feedback}


def empty_row(name: str, path: Path, points: dict[str, float], status: str, message: str) -> dict:
    """A row with no points: the submission could not be run (or has not been yet)."""
    return {"submission": name, "path": untrusted.name(str(path), 4096), "status": status, "message": message,
            "total": 0,
            "max": reports.number(sum(points.values())),
            "exercises": {e: exercise_entry(p, status, message) for e, p in points.items()},
            "warnings": [], "review": [], "output": ""}


def _feedback(exercise: str, run: ExerciseRun, judging: Judging, memory_mib: int) -> tuple[str, str, bool]:
    """(status, feedback, passed) of one exercise from what its child sent."""
    if run.status == "ran" and run.outcomes is not None:
        try:
            report = judging.verdict(exercise, run.outcomes, run.digest)
        except Exception as error:  # noqa: BLE001 - what the child sent is not what a run of it can send
            return "malformed", message("exercise.not_judged", exercise=exercise,
                                        error_type=type(error).__name__), False
        if report.passed:
            return "passed", test_message("passed"), True
        if all(outcome.error_type == "NotImplementedError" for outcome in run.outcomes):
            return "not_implemented", message("exercise.not_implemented", exercise=exercise), False
        said = report.message
        if "MemoryError" in said:
            said += "\n  " + message("exercise.memory", memory_mib=memory_mib)
        return "failed", said, False
    if run.status in ("missing", "timeout", "sabotaged"):
        return run.status, message(f"exercise.{run.status}", exercise=exercise, why=reason(run.message)), False
    return run.status, message("exercise.other", exercise=exercise, why=reason(run.message)), False


def completed_row(row: dict, result: TaskResult, judging: Judging, memory_mib: int) -> dict:
    """``row`` (from the notebook) completed with what the child sent for each exercise."""
    for exercise, run in result.runs.items():
        status, feedback, passed = _feedback(exercise, run, judging, memory_mib)
        row["exercises"][exercise] = exercise_entry(row["exercises"][exercise]["max_points"], status, feedback, passed)
        if run.observed:
            row["review"].append(f"while graded, {exercise} {'; '.join(run.observed)}")
    row["warnings"] += result.notes
    row["output"] = result.output[:4000]
    row["total"] = reports.number(sum(e["points"] for e in row["exercises"].values()))
    return row
