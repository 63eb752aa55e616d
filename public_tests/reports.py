"""The grader's outputs: grades.csv, grades.json and one Markdown feedback file per submission.

Every file is written atomically (a temporary file in the same folder, then ``os.replace``), so a reader —
or a crash of the grader — never sees half a file: either the previous complete version or the new one.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

ASSIGNMENT = "Gradient Checking"


def atomic_write(path: Path, text: str, durable: bool = False) -> None:
    """Write ``text`` to ``path`` so that the file is always either the old or the new complete version.

    ``durable`` also flushes it to disk before the rename (survives a power cut, not only a crash; slower).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def number(points: float) -> int | float:
    """Points as an int when whole (10, not 10.0)."""
    return int(points) if float(points).is_integer() else round(float(points), 3)


def _spreadsheet_safe(text: str) -> str:
    """A cell value that a spreadsheet will not run as a formula (names come from student file names)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def grades_csv(rows: Sequence[dict], exercises: dict[str, float]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["submission", *exercises, "total", "max", "status", "message", "review"])
    for row in rows:
        writer.writerow([_spreadsheet_safe(row["submission"]),
                         *(number(row["exercises"][e]["points"]) for e in exercises),
                         number(row["total"]), number(row["max"]), row["status"],
                         _spreadsheet_safe(row["message"]), _spreadsheet_safe("; ".join(row["review"]))])
    return buffer.getvalue()


def grades_json(rows: Sequence[dict], exercises: dict[str, float], run: dict) -> str:
    document = {"assignment": ASSIGNMENT, "exercises": {e: number(p) for e, p in exercises.items()}, "run": run,
                "submissions": list(rows)}
    return json.dumps(document, indent=1, ensure_ascii=False, default=number) + "\n"


def feedback_path(name: str) -> PurePosixPath:
    """Where the feedback of submission ``name`` goes, relative to the feedback folder (never outside it)."""
    parts = [re.sub(r"[^\w.\- ]", "_", part) for part in PurePosixPath(name).parts if part not in ("", ".", "..", "/")]
    parts = [part.lstrip(".") or "_" for part in parts] or ["submission"]
    return PurePosixPath(*parts).with_suffix(".md")


def _fenced(text: str) -> str:
    """``text`` in a fenced code block that nothing inside can close (messages may quote student text)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text.rstrip()}\n{fence}"


def feedback_markdown(row: dict) -> str:
    """The student's feedback: total, one line per exercise, then the tests' messages."""
    lines = [f"# {ASSIGNMENT}: feedback", "", f"Submission: `{row['submission'].replace('`', '')}`", ""]
    if row["status"] not in ("graded", "truncated"):
        lines += ["Your notebook could not be graded:", "", _fenced(row["message"]), ""]
    lines += [f"**Total: {number(row['total'])} / {number(row['max'])} points**", "",
              "| Exercise | Points | Result |", "|---|---|---|"]
    for exercise, result in row["exercises"].items():
        verdict = "passed" if result["passed"] else result["status"].replace("_", " ")
        lines.append(f"| `{exercise}` | {number(result['points'])} / {number(result['max_points'])} | {verdict} |")
    lines += ["", "Your functions were run on the public tests' cases, with the randomly drawn ones drawn anew for "
              "this grading run.", ""]
    for exercise, result in row["exercises"].items():
        lines += [f"## `{exercise}`: {number(result['points'])} / {number(result['max_points'])}", "",
                  _fenced(result["feedback"]), ""]
    if row["warnings"]:
        lines += ["## Notes", "", _fenced("\n".join(f"- {w}" for w in row["warnings"])), ""]
    return "\n".join(lines)


def write_feedback(out: Path, row: dict) -> Path:
    """Write the feedback file of ``row`` under ``out/feedback``; returns its path."""
    path = Path(out) / "feedback" / feedback_path(row["submission"])
    atomic_write(path, feedback_markdown(row))
    return path
