"""``python -m public_tests grade``: grade many submitted notebooks, each in its own fresh process.

    python -m public_tests grade PATH... [--out DIR] [--timeout SECONDS] [--jobs N] [--points EX=P ...]

One definition of the test cases, two runners. For every grading run the grader draws a fresh seed and builds
the public tests' cases with it (``public_tests.cases.build_cases``); the fixed cases are the notebook's, the
random ones are new. Each submission's graded functions run in a child process (``public_tests._child``) that
sends back plain numbers (``public_tests.wire``); this process checks them and judges them with
``public_tests.judging.judge`` against the expected values it computed itself. So the messages are the ones the
notebook's tests give, and nothing the submission does in its own process can make a wrong answer pass.

Outputs in DIR: ``grades.csv``, ``grades.json`` and ``feedback/<submission>.md`` (see ``public_tests.reports``).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import secrets
import sys
import sysconfig
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import reports
from ._child import PR_SET_DUMPABLE, _prctl
from ._forkserver import available as forkserver_available
from .cases import EXERCISES, build_cases
from .execution import Outcome
from .extract import MAX_NOTEBOOK_BYTES, UnreadableNotebook, extract_program, read_notebook
from .judging import Report, correct_outcomes, judge
from .scheduler import ExerciseRun, Limits, Scheduler, Task, TaskResult
from .wire import encode_outcome

DEFAULT_POINTS = {"forward_propagation": 10, "backward_propagation": 10, "gradient_check": 10, "gradient_check_n": 20}
SOURCE_NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "solutions" / "Gradient_Checking.ipynb"
DEFAULT_OUT = "grading-output"
FLUSH_SECONDS = 1.0
JOURNAL = "grades.partial.jsonl"
PASSED = "All tests passed."


# ------------------------------------------------------------------------------------ the assignment

@dataclass
class Assignment:
    """What is graded: points per exercise (in notebook order) and the grade_ids of their answer cells."""

    points: dict[str, float]
    answer_ids: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source: str = "defaults"


def assignment_from_source(path: Path | None = SOURCE_NOTEBOOK) -> Assignment:
    """Points and answer cells from the source notebook's nbgrader metadata; the defaults when it is missing.

    A test cell ``{"nbgrader": {"grade": true, "grade_id": "<exercise>_test", "points": P}}`` gives the points of
    ``<exercise>``; an answer cell (``"solution": true``) that defines ``<exercise>`` gives its grade_id.
    """
    if path is None or not Path(path).is_file():
        return Assignment(dict(DEFAULT_POINTS))
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    points, answer_ids = {}, {}
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        source = "".join(cell.get("source", ""))
        grade_id = meta.get("grade_id", "")
        if meta.get("grade") and meta.get("points") and grade_id.endswith("_test") and grade_id[:-5] in EXERCISES:
            points[grade_id[:-5]] = float(meta["points"])
        if meta.get("solution") and grade_id:
            for name in re.findall(r"^def (\w+)\(", source, flags=re.M):
                if name in EXERCISES:
                    answer_ids.setdefault(name, ())
                    answer_ids[name] += (grade_id,)
    if not points:
        raise ValueError(f"{path}: no graded test cell with points (nbgrader metadata) was found")
    return Assignment(points, answer_ids, str(path))


def parse_points(items: Sequence[str], base: dict[str, float]) -> dict[str, float]:
    """``base`` with ``EX=P`` overrides applied; P = 0 leaves an exercise out. ValueError on a bad item."""
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
    ordered = {e: points[e] for e in EXERCISES if points.get(e)}
    if not ordered:
        raise ValueError("--points left no exercise to grade")
    return ordered


# ------------------------------------------------------------------------------------ the submissions

def find_submissions(paths: Sequence[str | Path]) -> list[tuple[str, Path]]:
    """(name, path) of every notebook: PATHs that are files, and the .ipynb files under PATHs that are folders
    (hidden folders such as .ipynb_checkpoints skipped). FileNotFoundError names the PATHs that do not exist."""
    missing = [str(p) for p in paths if not os.path.exists(p)]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    found, seen, names = [], set(), set()
    for given in map(Path, paths):
        if given.is_dir():
            prefix = given.resolve().name if len(paths) > 1 else ""
            entries = []
            for root, folders, files in os.walk(given):
                folders[:] = sorted(f for f in folders if not f.startswith("."))
                entries += [Path(root) / f for f in sorted(files) if f.endswith(".ipynb") and not f.startswith(".")]
            candidates = [(f"{prefix}/" if prefix else "") + e.relative_to(given).as_posix() for e in entries]
            pairs = list(zip(candidates, entries))
        else:
            pairs = [(given.name, given)]
        for name, path in pairs:
            resolved = path.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            unique, count = name, 1
            while unique in names:
                count += 1
                unique = f"{name} ({count})"
            names.add(unique)
            found.append((unique, path))
    return found


# ------------------------------------------------------------------------------------ the run's secrets

class Judging:
    """The cases of this grading run and their expected outcomes; verdicts on plain outcomes.

    Lives in the grader's process only; a child never sees the seed nor an expected value.
    """

    def __init__(self, exercises: Sequence[str], seed: int) -> None:
        self.seed = seed
        self.cases = {e: build_cases(e, seed) for e in exercises}
        self.correct = {e: correct_outcomes(self.cases[e]) for e in exercises}
        self._payloads: dict[tuple[str, ...], bytes] = {}
        self._verdicts: dict[tuple[str, str], Report] = {}

    def payload(self, exercises: tuple[str, ...]) -> bytes:
        """The pickled cases a child receives (trusted direction: parent to child)."""
        if exercises not in self._payloads:
            self._payloads[exercises] = pickle.dumps({e: self.cases[e] for e in exercises}, protocol=4)
        return self._payloads[exercises]

    def verdict(self, exercise: str, outcomes: list[Outcome]) -> Report:
        """``judging.judge`` on ``outcomes``; identical outcomes (common mistakes) are judged once per run."""
        key = (exercise, json.dumps([encode_outcome(o) for o in outcomes], sort_keys=True))
        if key not in self._verdicts:
            self._verdicts[key] = judge(exercise, self.cases[exercise], outcomes, self.correct[exercise])
        return self._verdicts[key]


# ------------------------------------------------------------------------------------ rows

def _entry(max_points: float, status: str, feedback: str, passed: bool = False) -> dict:
    max_points = reports.number(max_points)
    return {"points": max_points if passed else 0, "max_points": max_points, "passed": passed, "status": status,
            "feedback": feedback}


def empty_row(name: str, path: Path, points: dict[str, float], status: str, message: str) -> dict:
    """A row with no points: the submission could not be run (or has not been yet)."""
    return {"submission": name, "path": str(path), "status": status, "message": message, "total": 0,
            "max": reports.number(sum(points.values())),
            "exercises": {e: _entry(p, status, message) for e, p in points.items()},
            "warnings": [], "review": [], "output": ""}


def _feedback(exercise: str, run: ExerciseRun, judging: Judging, memory_mib: int) -> tuple[str, str, bool]:
    """(status, feedback, passed) of one exercise from what its child sent."""
    if run.status == "ran":
        try:
            report = judging.verdict(exercise, run.outcomes)
        except Exception as error:  # noqa: BLE001 - a result the judge cannot handle fails, and says so
            return "error", f"The grader could not judge the result of `{exercise}` ({type(error).__name__}).", False
        if report.passed:
            return "passed", PASSED, True
        message = report.message
        if "MemoryError" in message:
            message += f"\n  (The grader gives each submission {memory_mib} MiB of memory.)"
        return "failed", message, False
    if run.status == "missing":
        return "missing", f"`{exercise}` was not defined when the notebook's code ran ({run.message}).", False
    if run.status == "timeout":
        return "timeout", (f"`{exercise}` did not finish: {run.message}. An endless loop, or endless output?"), False
    return run.status, f"`{exercise}` could not be judged: {run.message}.", False


def completed_row(row: dict, result: TaskResult, judging: Judging, memory_mib: int) -> dict:
    """``row`` (from the notebook) completed with what the child sent for each exercise."""
    for exercise, run in result.runs.items():
        status, feedback, passed = _feedback(exercise, run, judging, memory_mib)
        row["exercises"][exercise] = _entry(row["exercises"][exercise]["max_points"], status, feedback, passed)
    row["warnings"] += result.notes
    row["output"] = result.output[:4000]
    row["total"] = reports.number(sum(e["points"] for e in row["exercises"].values()))
    return row


# ------------------------------------------------------------------------------------ progress

class Progress:
    """A plain progress bar on stderr, when it is a terminal."""

    def __init__(self, total: int, stream=sys.stderr) -> None:
        self.total, self.stream, self.done = total, stream, 0
        self.enabled = total > 0 and hasattr(stream, "isatty") and stream.isatty()
        self.start = self.shown = time.monotonic()

    def advance(self) -> None:
        self.done += 1
        now = time.monotonic()
        if self.enabled and (now - self.shown > 0.1 or self.done == self.total):
            self.shown = now
            rate = self.done / max(now - self.start, 1e-9)
            left = (self.total - self.done) / rate if rate else 0
            bar = "#" * int(30 * self.done / self.total)
            self.stream.write(f"\r[{bar:<30}] {self.done}/{self.total} graded, {rate * 60:.0f}/min, "
                              f"{left:.0f} s left ")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


# ------------------------------------------------------------------------------------ grading

def _may_enter(path: Path, uid: int, gid: int, read: bool) -> bool:
    info = path.stat()
    shift = 6 if info.st_uid == uid else 3 if info.st_gid == gid else 0
    needed = 0o5 if read else 0o1
    return (info.st_mode >> shift) & needed == needed


def unreadable_for(uid: int, gid: int) -> list[str]:
    """The folders of this Python installation and of the lesson's packages that ``uid`` cannot read."""
    folders = {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")}
    folders.add(str(Path(__file__).resolve().parent.parent))
    blocked = []
    for folder in sorted(folders):
        path = Path(folder).resolve()
        if not path.exists():
            continue
        chain = [*reversed(path.parents), path]
        if not all(_may_enter(p, uid, gid, read=p == path) for p in chain):
            blocked.append(str(path))
    return blocked


def resolve_user(run_as: str | None) -> tuple[int | None, int | None, str]:
    """uid, gid and a description of the user the children run as.

    By default, a grader running as root runs submissions as ``nobody`` — when ``nobody`` can read the Python
    installation; otherwise as root, with a warning. ``run_as`` names a user ("current": the grader's own).
    """
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    explicit = run_as is not None
    if run_as is None:
        run_as = "nobody" if root else "current"
    if run_as == "current":
        return None, None, "the grader's own user"
    if not root:
        raise ValueError(f"--run-as {run_as}: only a grader running as root can run submissions as another user")
    import pwd

    try:
        entry = pwd.getpwnam(run_as)
    except KeyError as error:
        if explicit:
            raise ValueError(f"--run-as {run_as}: no such user") from error
        return None, None, "root (there is no user nobody)"
    blocked = unreadable_for(entry.pw_uid, entry.pw_gid)
    if blocked and not explicit:
        print(f"warning: submissions run as root, because user {run_as} cannot read {', '.join(blocked)}. "
              "Grade untrusted work in a container (see the README).", file=sys.stderr)
        return None, None, f"root ({run_as} cannot read {', '.join(blocked)})"
    if blocked:
        print(f"warning: user {run_as} cannot read {', '.join(blocked)}: submissions that import modules from "
              "there will fail.", file=sys.stderr)
    return entry.pw_uid, entry.pw_gid, run_as


def protect_this_process() -> None:
    """Make the grader's memory (which holds the expected values) unreadable to other processes of its user."""
    _prctl(PR_SET_DUMPABLE, 0)


class _Run:
    """One grading run: its rows, its outputs, and the order in which they are written.

    Every completed row is appended at once to ``DIR/grades.partial.jsonl`` (one JSON line, so that a killed
    grader loses no row) and its feedback file is written; ``grades.csv`` and ``grades.json`` are rewritten
    atomically about every second and at the end, after which the journal is removed.
    """

    def __init__(self, submissions: list[tuple[str, Path]], out: Path, weights: dict[str, float],
                 judging: Judging, run_info: dict, progress: bool) -> None:
        self.submissions, self.out, self.weights, self.judging = submissions, out, weights, judging
        self.run_info = run_info
        self.rows: list[dict | None] = [None] * len(submissions)
        self.pending: dict[int, dict] = {}
        self.bar = Progress(len(submissions) if progress else 0)
        self.lock = threading.Lock()
        self.started, self.last_flush, self.dirty = time.time(), 0.0, False
        self.journal_path = out / JOURNAL
        self.journal = open(self.journal_path, "w", encoding="utf-8")  # noqa: SIM115 - closed in finish()

    def record(self, index: int, row: dict) -> None:
        with self.lock:
            self.rows[index] = row
            self.journal.write(json.dumps(row, ensure_ascii=False, default=reports.number) + "\n")
            self.journal.flush()
            reports.write_feedback(self.out, row)
            self.bar.advance()
            self.dirty = True
        self.tick()

    def tick(self) -> None:
        """Rewrite grades.csv and grades.json if rows came in and the last rewrite is a second old."""
        if self.dirty and time.monotonic() - self.last_flush >= FLUSH_SECONDS:
            with self.lock:
                self.flush()

    def flush(self, final: bool = False) -> None:
        done = [r for r in self.rows if r is not None]
        info = dict(self.run_info, submissions=len(self.submissions), graded=len(done),
                    seconds=round(time.time() - self.started, 2), **({"seed": self.judging.seed} if final else {}))
        reports.atomic_write(self.out / "grades.csv", reports.grades_csv(done, self.weights), durable=final)
        reports.atomic_write(self.out / "grades.json", reports.grades_json(done, self.weights, info), durable=final)
        self.last_flush, self.dirty = time.monotonic(), False

    def tasks(self, max_bytes: int, answer_ids: dict[str, tuple[str, ...]]) -> Iterator[Task]:
        """Read and extract each submission in turn: a Task to run, or its row right away when nothing runs."""
        for index, (name, path) in enumerate(self.submissions):
            try:
                task = self._prepare(index, name, path, max_bytes, answer_ids)
            except Exception as error:  # noqa: BLE001 - a bug of ours must not cost the other rows
                task = None
                self.record(index, empty_row(name, path, self.weights, "error",
                                             f"internal error of the grader: {type(error).__name__}: {error}"))
            if task is not None:
                yield task

    def _prepare(self, index: int, name: str, path: Path, max_bytes: int,
                 answer_ids: dict[str, tuple[str, ...]]) -> Task | None:
        weights = self.weights
        try:
            notebook = read_notebook(path, max_bytes)
        except UnreadableNotebook as problem:
            self.record(index, empty_row(name, path, weights, problem.kind, str(problem)))
            return None
        program = extract_program(notebook, list(weights), answer_ids)
        row = empty_row(name, path, weights, "truncated" if notebook.truncated else "graded",
                        notebook.warnings[0] if notebook.truncated else "")
        row["warnings"], row["review"] = list(program.warnings), list(program.review)
        for exercise, why in program.missing.items():
            row["exercises"][exercise] = _entry(weights[exercise], "missing", why)
        if not program.found:
            if not notebook.truncated:
                row["status"] = "wrong_assignment"
                row["message"] = (f"None of the graded functions ({', '.join(weights)}) is defined: is this the "
                                  "Gradient Checking assignment?")
            self.record(index, row)
            return None
        self.pending[index] = row
        return Task(index, tuple(e for e in weights if e in program.found), [c.to_json() for c in program.chunks])

    def complete(self, result: TaskResult, memory_mib: int) -> None:
        """Judge what a submission's children sent (in the verdict thread) and record its row."""
        row = self.pending.pop(result.key)
        try:
            completed_row(row, result, self.judging, memory_mib)
        except Exception as error:  # noqa: BLE001 - a bug of ours must not cost the other rows
            row["status"], row["message"] = "error", f"internal error of the grader: {type(error).__name__}: {error}"
        self.record(result.key, row)

    def finish(self, stopped: str | None) -> list[dict]:
        """Rows for what was not graded (when grading stopped), every feedback file again, the final outputs."""
        for index, (name, path) in enumerate(self.submissions):
            if self.rows[index] is None and stopped:
                self.record(index, empty_row(name, path, self.weights, "error", f"not graded: {stopped}"))
        with self.lock:
            for row in filter(None, self.rows):  # now that no child is left: whatever one wrote over them is replaced
                reports.write_feedback(self.out, row)
            self.flush(final=True)
            self.journal.close()
            if all(r is not None for r in self.rows):
                self.journal_path.unlink(missing_ok=True)
        self.bar.close()
        return [r for r in self.rows if r is not None]


def grade(paths: Sequence[str | Path], out: str | Path = DEFAULT_OUT, *, timeout: float = 10.0,
          jobs: int | None = None, points: Sequence[str] = (), memory_mib: int = 1024,
          max_size_mib: float = MAX_NOTEBOOK_BYTES / 2**20, source: str | Path | None = SOURCE_NOTEBOOK,
          run_as: str | None = None, progress: bool = True) -> list[dict]:
    """Grade the notebooks at ``paths`` and write the outputs to ``out``; returns the rows (one per submission).

    Raises FileNotFoundError for a missing PATH, ValueError for a bad option, OSError when ``out`` cannot be
    written; nothing a submission does raises: every submission gets its row.
    """
    if not forkserver_available():
        raise ValueError("the grader needs a POSIX system with fork (Linux, macOS; on Windows use WSL or Docker)")
    submissions = find_submissions(paths)
    assignment = assignment_from_source(source)
    weights = parse_points(points, assignment.points)
    uid, gid, user = resolve_user(run_as)
    if not jobs:
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    protect_this_process()
    judging = Judging(list(weights), secrets.randbits(63))
    run_info = {"timeout_seconds": timeout, "memory_mib": memory_mib, "jobs": jobs, "points_from": assignment.source,
                "submissions_ran_as": user}
    run = _Run(submissions, out, weights, judging, run_info, progress)
    # Verdicts are computed in a thread of this process, so that the scheduler keeps the children busy meanwhile.
    verdicts = ThreadPoolExecutor(max_workers=1, thread_name_prefix="verdicts")
    limits = Limits(timeout=timeout, memory_bytes=memory_mib * 2**20, uid=uid, gid=gid)
    stopped, switch_interval = None, sys.getswitchinterval()
    sys.setswitchinterval(min(switch_interval, 0.001))  # the scheduler's thread gets its turn promptly
    try:
        with Scheduler(jobs, limits, judging.payload, {e: len(c) for e, c in judging.cases.items()}) as scheduler:
            scheduler.run(run.tasks(int(max_size_mib * 2**20), assignment.answer_ids),
                          lambda result: verdicts.submit(run.complete, result, memory_mib), on_tick=run.tick)
            run_info["fork_server_restarts"] = scheduler.server.restarts
    except RuntimeError as error:  # the fork server cannot be (re)started: the rows so far stand, the rest say so
        stopped = str(error)
    except KeyboardInterrupt:
        verdicts.shutdown(wait=True)
        run.finish(None)
        raise
    finally:
        verdicts.shutdown(wait=True)
        sys.setswitchinterval(switch_interval)
    return run.finish(stopped)


# ------------------------------------------------------------------------------------ the command

def build_parser() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """The command's parser and its ``grade`` subcommand's."""
    parser = argparse.ArgumentParser(prog="python -m public_tests", description="Tools of the public tests.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    grade_parser = commands.add_parser(
        "grade", help="grade submitted notebooks",
        description="Grade submitted notebooks: each submission's functions run in a fresh process of their own, on "
                    "the public tests' cases drawn anew for this run; the results are judged in this process.",
        epilog="Outputs: DIR/grades.csv, DIR/grades.json, DIR/feedback/<submission>.md. Exit status 0 when every "
               "submission has its row; 2 for a usage error such as a missing PATH.")
    grade_parser.add_argument("paths", nargs="+", metavar="PATH", help="a notebook, or a folder searched for .ipynb")
    grade_parser.add_argument("--out", default=DEFAULT_OUT, metavar="DIR", help=f"output folder ({DEFAULT_OUT})")
    grade_parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                              help="wall-clock limit for defining the functions and for each exercise (10)")
    grade_parser.add_argument("--jobs", type=int, default=None, metavar="N",
                              help="submissions graded at once (number of cores)")
    grade_parser.add_argument("--points", nargs="+", action="extend", default=[], metavar="EX=P",
                              help="points of an exercise, overriding the source notebook's; 0 leaves it out "
                                   "(put it after the PATHs)")
    grade_parser.add_argument("--memory", type=int, default=1024, metavar="MIB",
                              help="memory each submission may use on top of NumPy's (1024)")
    grade_parser.add_argument("--max-size", type=float, default=MAX_NOTEBOOK_BYTES / 2**20, metavar="MIB",
                              help="larger notebooks are not read (64)")
    grade_parser.add_argument("--source", default=str(SOURCE_NOTEBOOK), metavar="NOTEBOOK",
                              help="the source notebook whose nbgrader metadata gives the points")
    grade_parser.add_argument("--run-as", default=None, metavar="USER",
                              help="run submissions as USER (default when root: nobody; 'current' to keep root)")
    return parser, grade_parser


def main(argv: Sequence[str] | None = None) -> int:
    parser, grade_parser = build_parser()
    args = parser.parse_args(argv)
    if args.timeout <= 0 or (args.jobs is not None and args.jobs < 1) or args.memory < 64 or args.max_size <= 0:
        grade_parser.error("--timeout and --max-size must be positive, --jobs at least 1, --memory at least 64 (MiB)")
    source = Path(args.source) if args.source else None
    if source is not None and source != SOURCE_NOTEBOOK and not source.is_file():
        grade_parser.error(f"--source {args.source}: no such notebook")
    try:
        rows = grade(args.paths, args.out, timeout=args.timeout, jobs=args.jobs, points=args.points,
                     memory_mib=args.memory, max_size_mib=args.max_size, source=source, run_as=args.run_as)
    except (FileNotFoundError, ValueError) as error:
        grade_parser.error(str(error))
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: the rows graded so far are in the output folder", file=sys.stderr)
        return 130
    graded = sum(r["status"] in ("graded", "truncated") for r in rows)
    full = sum(r["total"] == r["max"] for r in rows)
    print(f"{len(rows)} submissions: {graded} graded, {len(rows) - graded} not gradable, {full} with full marks. "
          f"Wrote {Path(args.out) / 'grades.csv'}, grades.json and feedback/.")
    return 0
