"""The grader's outputs: grades.csv, grades.json, one Markdown feedback file per submission, the journal, the lock.

Every file is written atomically (a temporary file in the same folder, then ``os.replace``), so a reader —
or a crash of the grader — never sees half a file: either the previous complete version or the new one.
Feedback files have collision-free, length-safe names (``feedback_path``). The journal (``Journal``) gets one
JSON line per completed row, each in a single append, so that a rerun after a killed run can resume from it
(``read_journal``). ``OutputLock`` keeps a second run off the same output folder.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import socket
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from .messages import text as message

ASSIGNMENT = "Gradient Checking"
LOCK_FILE = ".grading.lock"
JOURNAL = "grades.partial.jsonl"
"""The journal of a run under way (``Journal``); gone once the run is complete."""
STEM_CHARS = 48
"""Characters of a submission's name kept in its feedback file's name (plus a hash: 64 in all, any file system)."""


def atomic_write(path: Path, text: str, durable: bool = False) -> None:
    """Write ``text`` to ``path`` so that the file is always either the old or the new complete version.

    ``durable`` also flushes it to disk before the rename (survives a power cut, not only a crash; slower).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace", newline="") as stream:
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
    """The feedback file of submission ``name``, relative to the feedback folder: one flat, short, safe name.

    A sanitised stem of the file name (at most ``STEM_CHARS`` characters) and 12 hex digits of the SHA-256 of the
    whole relative name, so that ``a/x.ipynb`` and ``b/x.ipynb``, or ``fb+1`` and ``fb&1``, never share a file.
    """
    stem = PurePosixPath(name.replace("\\", "/")).name
    stem = stem[:-6] if stem.endswith(".ipynb") else stem
    stem = re.sub(r"[^A-Za-z0-9_.\-]+", "_", stem).strip("._-")[:STEM_CHARS] or "submission"
    digest = hashlib.sha256(name.encode("utf-8", errors="surrogateescape")).hexdigest()[:12]
    return PurePosixPath(f"{stem}-{digest}.md")


def fenced(text: str) -> str:
    """``text`` in a fenced code block that nothing inside can close (messages may quote student text)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text.rstrip()}\n{fence}"


def feedback_markdown(row: dict) -> str:
    """The student's feedback, in the current language: total, one line per exercise, then the tests' messages."""
    lines = [message("feedback.title"), "", message("feedback.submission", name=row["submission"].replace("`", "")),
             ""]
    if row["status"] not in ("graded", "truncated"):
        lines += [message("feedback.not_graded"), "", fenced(row["message"]), ""]
    lines += [message("feedback.total", total=number(row["total"]), max=number(row["max"])), "",
              message("feedback.table"), "|---|---|---|"]
    for exercise, result in row["exercises"].items():
        verdict = message("feedback.passed") if result["passed"] else status_word(result["status"])
        lines.append(f"| `{exercise}` | {number(result['points'])} / {number(result['max_points'])} | {verdict} |")
    lines += ["", message("feedback.cases"), ""]
    for exercise, result in row["exercises"].items():
        lines += [f"## `{exercise}`: {number(result['points'])} / {number(result['max_points'])}", "",
                  fenced(result["feedback"]), ""]
    if row["warnings"]:
        lines += [message("feedback.notes"), "", fenced("\n".join(f"- {w}" for w in row["warnings"])), ""]
    return "\n".join(lines)


def status_word(status: str) -> str:
    """An exercise's status for the student, in the current language (a file's status, e.g. ``not_json``, as is)."""
    return message(f"status.{status}") if f"status.{status}" in message else status.replace("_", " ")


def write_feedback(out: Path, row: dict) -> Path:
    """Write the feedback file of ``row`` under ``out/feedback``; returns its path."""
    path = Path(out) / "feedback" / feedback_path(row["submission"])
    atomic_write(path, feedback_markdown(row))
    return path


# ------------------------------------------------------------------------------------ journal and lock

class Journal:
    """``grades.partial.jsonl``: one JSON line per completed row, appended in a single write each.

    Its first line may be a header, ``{"journal": {...}}`` (what the rows were graded with), which is no row.
    """

    def __init__(self, path: Path, rows: Sequence[dict] = (), header: dict | None = None) -> None:
        """Start the journal at ``path`` with ``header`` and ``rows`` (those resumed from a previous run),
        replacing it."""
        self.path = path
        first = self._line({"journal": header}) if header is not None else ""
        atomic_write(path, first + "".join(self._line(row) for row in rows), durable=True)
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_CLOEXEC", 0))

    @staticmethod
    def _line(row: dict) -> str:
        return json.dumps(row, ensure_ascii=False, default=number) + "\n"

    def append(self, row: dict) -> None:
        os.write(self.fd, self._line(row).encode("utf-8", errors="backslashreplace"))

    def close(self, remove: bool) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)
        if remove:
            self.path.unlink(missing_ok=True)


def read_journal(path: Path) -> list[dict]:
    """The complete rows of a journal (a line cut short by a kill, or anything that is not a row, is skipped)."""
    rows: list[dict] = []
    try:
        data = path.read_bytes()
    except OSError:
        return rows
    for line in data.split(b"\n"):
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if isinstance(row, dict) and isinstance(row.get("submission"), str) and isinstance(row.get("exercises"), dict):
            rows.append(row)
    return rows


def read_journal_header(path: Path) -> dict | None:
    """The header of a journal (``Journal``'s ``header``), or None: none, or no journal."""
    try:
        with open(path, "rb") as stream:
            first = json.loads(stream.readline(1_000_000))
    except (OSError, ValueError):
        return None
    return first["journal"] if isinstance(first, dict) and isinstance(first.get("journal"), dict) else None


def _lock_exclusively(fd: int) -> None:
    """``flock`` the file ``fd`` exclusively, without waiting; OSError when another process holds it."""
    import fcntl  # POSIX only, imported here: the grader refuses to run elsewhere, and says so, before it locks

    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


class OutputBusy(RuntimeError):
    """Another grading run holds the output folder."""


class OutputLock:
    """An exclusive lock on an output folder for the life of one run (``flock`` on ``DIR/.grading.lock``)."""

    def __init__(self, out: Path) -> None:
        self.path = Path(out) / LOCK_FILE
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            _lock_exclusively(self.fd)
        except OSError:
            holder = os.pread(self.fd, 500, 0).decode("utf-8", errors="replace").strip() or "another grading run"
            os.close(self.fd)
            raise OutputBusy(f"{out} is in use by {holder}; wait for it to finish, or choose another --out") from None
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, f"grading run pid {os.getpid()} on {socket.gethostname()}, started "
                           f"{time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode(), 0)

    def release(self) -> None:
        with contextlib.suppress(OSError):
            os.ftruncate(self.fd, 0)
            os.close(self.fd)
