"""``python -m public_tests grade``: grade many submitted notebooks, each in a sandbox of its own.

    python -m public_tests grade PATH... [--out DIR] [--timeout SECONDS] [--jobs N] [--points EX=P ...]

One definition of the test cases, two runners. For every grading run the grader draws a fresh seed and builds
the public tests' cases with it (``public_tests.cases.build_cases``); the fixed cases are the notebook's, the
random ones are new. Each submission gets a sandbox (``grading.sandbox``, ``grading.host``), and each of its
exercises a child process there (``grading.child``) that rebuilds the same cases from the seed and sends back
plain numbers (``grading.wire``); this process checks them and judges them with ``public_tests.judging.judge``
against the expected values it computed itself. So the messages are the ones the notebook's tests give, and
nothing the submission does in its own process can make a wrong answer pass.

Outputs in DIR: ``grades.csv``, ``grades.json`` and ``feedback/*.md`` (see ``grading.reports``); the journal
``grades.partial.jsonl`` while it runs (a rerun after a killed run resumes from it).

About 580 lines, for one flow read top to bottom: the assignment and the run's verdicts, the rows, the run's
order of outputs (journal, lock, resume), the isolation choice and the command line. Each part is small; the
parts that stand alone already live beside it (extract, scheduler, reports, messages).
"""

from __future__ import annotations

import argparse
import json
import os
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

from gc_utils import i18n
from public_tests.cases import EXERCISES, build_cases
from public_tests.execution import Outcome
from public_tests.judging import Report, correct_outcomes, judge
from public_tests.messages import text as test_message

from . import reports, sandbox, untrusted
from .cgroups import CgroupsUnavailable, RunCgroups
from .extract import MAX_NOTEBOOK_BYTES, UnreadableNotebook, extract_program, read_notebook
from .forkserver import available as forkserver_available
from .messages import reason
from .messages import text as message
from .scheduler import ExerciseRun, Limits, Scheduler, Task, TaskResult
from .wire import encode_outcome

DEFAULT_POINTS = {"forward_propagation": 10, "backward_propagation": 10, "gradient_check": 10, "gradient_check_n": 20}
SOURCE_NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "solutions" / "Gradient_Checking.ipynb"
DEFAULT_OUT = "grading-output"
FLUSH_SECONDS = 1.0
"""grades.csv and grades.json are rewritten during a run at most this often..."""
FLUSH_SHARE = 0.05
"""... and at most this share of the time: their size grows with the rows, and a rewrite of every row each second
would cost a long run more and more (2,000 rows: ~0.2 s a rewrite).
"""
JOURNAL = "grades.partial.jsonl"


class UsageError(ValueError):
    """The command line asks for something the grader cannot do (a missing PATH, a bad option); raised before
    anything is graded. Nothing a submission does raises it."""


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
    (hidden folders such as .ipynb_checkpoints skipped). FileNotFoundError names the PATHs that do not exist.

    Symbolic links: a PATH given on the command line is followed (the instructor chose it); inside a folder,
    nothing is: a linked folder is not entered, and a linked ``.ipynb`` gets its own row with status ``symlink``
    and no points. So no submission can take another's file (or the solution edition) for its own, and every
    file found is graded under its own name, once. A name is made one line and safe to write
    (``untrusted.name``): a file name may hold any byte but ``/``.
    """
    missing = [str(p) for p in paths if not os.path.exists(p)]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    found, seen, names = [], set(), set()
    for given in (Path(os.path.realpath(p)) for p in paths):
        if given.is_dir():
            prefix = given.name if len(paths) > 1 else ""
            entries = []
            for root, folders, files in os.walk(given):
                folders[:] = sorted(f for f in folders if not f.startswith("."))
                entries += [Path(root) / f for f in sorted(files) if f.endswith(".ipynb") and not f.startswith(".")]
            pairs = [((f"{prefix}/" if prefix else "") + e.relative_to(given).as_posix(), e) for e in entries]
        else:
            pairs = [(given.name, given)]
        for name, path in pairs:
            if path in seen:
                continue
            seen.add(path)
            name = untrusted.name(name)
            unique, count = name, 1
            while unique in names:
                count += 1
                unique = f"{name} ({count})"
            names.add(unique)
            found.append((unique, path))
    return found


def same_files(submissions: Sequence[tuple[str, Path]]) -> dict[int, int]:
    """For each submission that is a file met before under another path (a hard link, a bind mount: the same
    device and inode), the index of the first: a file is graded once, as its first path."""
    first: dict[tuple[int, int], int] = {}
    copies = {}
    for index, (_, path) in enumerate(submissions):
        try:
            info = os.lstat(path)
        except OSError:
            continue  # reading it will say why
        copies[index] = first.setdefault((info.st_dev, info.st_ino), index)
    return {index: original for index, original in copies.items() if original != index}


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

def _entry(max_points: float, status: str, feedback: str, passed: bool = False) -> dict:
    max_points = reports.number(max_points)
    return {"points": max_points if passed else 0, "max_points": max_points, "passed": passed, "status": status,
            "feedback": feedback}


def empty_row(name: str, path: Path, points: dict[str, float], status: str, message: str) -> dict:
    """A row with no points: the submission could not be run (or has not been yet)."""
    return {"submission": name, "path": untrusted.name(str(path), 4096), "status": status, "message": message,
            "total": 0,
            "max": reports.number(sum(points.values())),
            "exercises": {e: _entry(p, status, message) for e, p in points.items()},
            "warnings": [], "review": [], "output": ""}


def _feedback(exercise: str, run: ExerciseRun, judging: Judging, memory_mib: int) -> tuple[str, str, bool]:
    """(status, feedback, passed) of one exercise from what its child sent."""
    if run.status == "ran":
        try:
            report = judging.verdict(exercise, run.outcomes, run.digest)
        except Exception as error:  # noqa: BLE001 - what the child sent is not what a run of it can send
            return "malformed", message("exercise.not_judged", exercise=exercise,
                                        error_type=type(error).__name__), False
        if report.passed:
            return "passed", test_message("passed"), True
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
        row["exercises"][exercise] = _entry(row["exercises"][exercise]["max_points"], status, feedback, passed)
        if run.observed:
            row["review"].append(f"while graded, {exercise} {'; '.join(run.observed)}")
    row["warnings"] += result.notes
    row["output"] = result.output[:4000]
    row["total"] = reports.number(sum(e["points"] for e in row["exercises"].values()))
    return row


# ------------------------------------------------------------------------------------ grading

def _may_enter(path: Path, uid: int, gid: int, read: bool) -> bool:
    info = path.stat()
    shift = 6 if info.st_uid == uid else 3 if info.st_gid == gid else 0
    needed = 0o5 if read else 0o1
    return (info.st_mode >> shift) & needed == needed


def unreadable_for(uid: int, gid: int) -> list[str]:
    """The folders of this Python installation and of the lesson's packages that ``uid`` cannot read."""
    folders = {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")}
    folders.add(str(Path(__file__).resolve().parents[1]))
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
    """uid, gid and a description of the user unsandboxed children run as (``--unsafe-no-sandbox`` only).

    A grader running as root runs submissions as ``nobody`` by default, or as ``run_as``; never as root: when
    that user cannot read the Python installation, ValueError says so. ``run_as`` "current" keeps the grader's
    user (refused for root).
    """
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    if run_as is None:
        run_as = "nobody" if root else "current"
    if run_as == "current":
        if root:
            raise ValueError("--run-as current: without the sandbox, submissions never run as root; name a user")
        return None, None, "the grader's own user (no sandbox)"
    if not root:
        raise ValueError(f"--run-as {run_as}: only a grader running as root can run submissions as another user")
    import pwd

    try:
        entry = pwd.getpwnam(run_as)
    except KeyError as error:
        raise ValueError(f"--run-as {run_as}: no such user") from error
    if entry.pw_uid == 0:
        raise ValueError(f"--run-as {run_as}: without the sandbox, submissions never run as root; name another user")
    blocked = unreadable_for(entry.pw_uid, entry.pw_gid)
    if blocked:
        raise ValueError(f"without the sandbox, submissions run as {run_as}, who cannot read {', '.join(blocked)}; "
                         "name another user with --run-as, or use the sandbox (install bubblewrap)")
    return entry.pw_uid, entry.pw_gid, f"{run_as} (no sandbox)"


def protect_this_process() -> None:
    """Make the grader's memory (which holds the expected values) unreadable to other processes of its user."""
    sandbox.prctl(sandbox.PR_SET_DUMPABLE, 0)


def _compatible(row: dict, weights: dict[str, float]) -> bool:
    """Whether a journal row was graded for the same exercises and points as this run."""
    exercises = row.get("exercises")
    return isinstance(exercises, dict) and list(exercises) == list(weights) and all(
        isinstance(exercises[e], dict) and exercises[e].get("max_points") == reports.number(p)
        for e, p in weights.items())


class _NoBar:
    """The progress bar where none is shown."""

    def update(self, count: int) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(total: int, initial: int, shown: bool):
    """tqdm's bar of submissions on stderr when ``shown``; else one that does nothing, without importing tqdm
    (~70 ms of every run whose stderr is not a terminal: a script's, CI's)."""
    if not shown:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, initial=initial, unit="submission", file=sys.stderr, dynamic_ncols=True, leave=False)


class _Run:
    """One grading run: its rows, its outputs, and the order in which they are written.

    Every completed row is appended at once to ``DIR/grades.partial.jsonl`` (one JSON line, so that a killed
    grader loses no row) and its feedback file is written; ``grades.csv`` and ``grades.json`` are rewritten
    atomically about every second and at the end, after which the journal is removed. A journal left by a run
    that was stopped is read first: its rows for the same submissions, exercises and points are kept (and not
    graded again), so a rerun resumes where the stopped run was.
    """

    def __init__(self, submissions: list[tuple[str, Path]], out: Path, weights: dict[str, float],
                 judging: Judging, run_info: dict, progress: bool) -> None:
        self.submissions, self.out, self.weights, self.judging = submissions, out, weights, judging
        self.run_info = run_info
        self.rows: list[dict | None] = [None] * len(submissions)
        previous = {r["submission"]: r for r in reports.read_journal(out / JOURNAL) if _compatible(r, weights)}
        for index, (name, path) in enumerate(submissions):
            if name in previous and previous[name].get("path") == untrusted.name(str(path), 4096):
                self.rows[index] = previous[name]
        self.resumed = sum(r is not None for r in self.rows)
        self.pending: dict[int, dict] = {}
        self.bar = progress_bar(len(submissions), self.resumed, progress and sys.stderr.isatty())
        self.lock = threading.Lock()
        self.started, self.last_flush, self.dirty = time.time(), 0.0, False
        self.flush_interval = FLUSH_SECONDS
        self.journal = reports.Journal(out / JOURNAL, [r for r in self.rows if r is not None])
        self.duplicates = same_files(submissions)

    def record(self, index: int, row: dict) -> None:
        with self.lock:
            self.rows[index] = row
            self.journal.append(row)
            self._write_feedback(row)
            self.bar.update(1)
            self.dirty = True
        self.tick()

    def _write_feedback(self, row: dict) -> None:
        try:
            reports.write_feedback(self.out, row)
        except OSError as error:  # the row is in the journal and the grades; say why its file is not
            print(f"warning: the feedback of {row['submission']} could not be written: {error}", file=sys.stderr)

    def tick(self) -> None:
        """Rewrite grades.csv and grades.json if rows came in and the last rewrite is old enough (``FLUSH_SECONDS``,
        or longer as the rewrites take longer: ``FLUSH_SHARE``)."""
        if self.dirty and time.monotonic() - self.last_flush >= self.flush_interval:
            with self.lock:
                self.flush()

    def flush(self, final: bool = False) -> None:
        began = time.monotonic()
        done = [r for r in self.rows if r is not None]
        info = dict(self.run_info, submissions=len(self.submissions), graded=len(done), resumed=self.resumed,
                    seconds=round(time.time() - self.started, 2),
                    **({"seed": self.judging.seed, "grader_peak_memory_mib": peak_memory_mib()} if final else {}))
        reports.atomic_write(self.out / "grades.csv", reports.grades_csv(done, self.weights), durable=final)
        reports.atomic_write(self.out / "grades.json", reports.grades_json(done, self.weights, info), durable=final)
        now = time.monotonic()
        self.flush_interval = max(FLUSH_SECONDS, (now - began) / FLUSH_SHARE)
        self.last_flush, self.dirty = now, False

    def tasks(self, max_bytes: int, answer_ids: dict[str, tuple[str, ...]]) -> Iterator[Task]:
        """Read and extract each submission in turn: a Task to run, or its row right away when nothing runs."""
        for index, (name, path) in enumerate(self.submissions):
            if self.rows[index] is not None:
                continue  # resumed from the journal
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
            if _same_file(path, SOURCE_NOTEBOOK):
                raise UnreadableNotebook("linked", message("submission.linked"))
            if index in self.duplicates:
                raise UnreadableNotebook("duplicate", message("submission.duplicate",
                                                              first=self.submissions[self.duplicates[index]][0]))
            notebook = read_notebook(path, max_bytes)
        except UnreadableNotebook as problem:
            self.record(index, empty_row(name, path, weights, problem.kind, str(problem)))
            return None
        program = extract_program(notebook, list(weights), answer_ids)
        row = empty_row(name, path, weights, "truncated" if notebook.truncated else "graded",
                        untrusted.text(notebook.warnings[0]) if notebook.truncated else "")
        row["warnings"] = [untrusted.text(w, 1000) for w in program.warnings]
        row["review"] = [untrusted.text(r, 1000) for r in program.review]
        others = [self.submissions[i][0] for i, first in self.duplicates.items() if first == index]
        if others:
            row["review"].append(f"the same file is also submitted as {', '.join(others)} (graded once, here): "
                                 "check who wrote it")
        for exercise, why in program.missing.items():
            row["exercises"][exercise] = _entry(weights[exercise], "missing", reason(why))
        if not program.found:
            if not notebook.truncated:
                row["status"] = "wrong_assignment"
                row["message"] = message("submission.wrong_assignment", functions=", ".join(weights))
            self.record(index, row)
            return None
        self.pending[index] = row
        return Task(index, {e: [c.to_json() for c in program.for_exercise(e)] for e in weights if e in program.found})

    def complete(self, result: TaskResult, memory_mib: int) -> None:
        """Judge what a submission's children sent (in the verdict thread) and record its row."""
        row = self.pending.pop(result.key)
        try:
            completed_row(row, result, self.judging, memory_mib)
        except Exception as error:  # noqa: BLE001 - a bug of ours must not cost the other rows
            row["status"], row["message"] = "error", f"internal error of the grader: {type(error).__name__}: {error}"
        self.record(result.key, row)

    def finish(self, stopped: str | None) -> list[dict]:
        """Rows for what was not graded (when grading stopped), every feedback file again, the final outputs.

        Called once the last sandbox is gone: whatever wrote over an output meanwhile is replaced.
        """
        for index, (name, path) in enumerate(self.submissions):
            if self.rows[index] is None and stopped:
                self.record(index, empty_row(name, path, self.weights, "error", f"not graded: {stopped}"))
        with self.lock:
            for row in filter(None, self.rows):
                self._write_feedback(row)
            self.flush(final=True)
            self.journal.close(remove=all(r is not None for r in self.rows))
        self.bar.close()
        return [r for r in self.rows if r is not None]


def peak_memory_mib() -> float | None:
    """The largest resident memory this process has had (not its children: the sandbox's are bounded apart)."""
    try:
        import resource
    except ImportError:
        return None
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


def _same_file(path: Path, other: Path) -> bool:
    try:
        a, b = os.lstat(path), os.stat(other)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def default_jobs() -> int:
    """One more submission at a time than this process has cores: a submission between two exercises (its child
    ending, the next one forked, the grader reading and answering) leaves its core idle, and the extra one fills
    it. Measured on 2 cores: ~8% of the cores idle with 2 jobs, ~2% with 3."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores + 1


def _jobs(jobs: int | None) -> int:
    return jobs or default_jobs()


def _isolation(unsafe: bool, run_as: str | None) -> tuple[str | None, int | None, int | None, str]:
    """(bwrap, uid, gid, description): the sandbox, or with ``unsafe`` the old isolation, loudly."""
    if not unsafe:
        bwrap = sandbox.find_bwrap()
        if bwrap is None:
            raise sandbox.SandboxUnavailable(f"the grader runs submissions in a bubblewrap sandbox, and `bwrap` is "
                                             f"not installed. {sandbox.INSTALL_HINT}")
        return bwrap, None, None, "a bubblewrap sandbox per exercise"
    uid, gid, user = resolve_user(run_as)
    print("WARNING: --unsafe-no-sandbox: submissions run WITHOUT the sandbox. They can read every file their user "
          "can read (the reference solutions included), use the network, and reach other processes of their user. "
          "Grade only work you trust this way.", file=sys.stderr)
    return None, uid, gid, user


def grade(paths: Sequence[str | Path], out: str | Path = DEFAULT_OUT, *, timeout: float = 10.0,
          jobs: int | None = None, points: Sequence[str] = (), memory_mib: int = 1024,
          max_size_mib: float = MAX_NOTEBOOK_BYTES / 2**20, source: str | Path | None = SOURCE_NOTEBOOK,
          run_as: str | None = None, unsafe: bool = False, progress: bool = True, language: str = "en") -> list[dict]:
    """Grade the notebooks at ``paths`` and write the outputs to ``out``; returns the rows (one per submission).

    ``language`` (``"en"`` or ``"ko"``) is the language of the feedback: the tests' messages, the feedback files.

    Raises ``UsageError`` (a ValueError) for a missing PATH or a bad option, before anything runs;
    ``SandboxUnavailable`` when
    bubblewrap is missing or cannot start (unless ``unsafe``), ``reports.OutputBusy`` when another run holds
    ``out``, OSError when ``out`` cannot be written; nothing a submission does raises: every submission gets
    its row.
    """
    try:
        if not forkserver_available():
            raise ValueError("the grader needs a POSIX system with fork (Linux; elsewhere, the README's container)")
        if language not in i18n.LANGUAGES:
            raise ValueError(f"--language must be one of {', '.join(i18n.LANGUAGES)}; got {language!r}")
        submissions = find_submissions(paths)
        assignment = assignment_from_source(source)
        weights = parse_points(points, assignment.points)
        bwrap, uid, gid, user = _isolation(unsafe, run_as)
    except (FileNotFoundError, ValueError) as error:  # only the command line's: nothing has run yet
        raise UsageError(str(error)) from error
    jobs = _jobs(jobs)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    lock = reports.OutputLock(out)
    previous = i18n.get_language()
    i18n.set_language(language, figures=False)  # the judge and the reports speak it; the grader draws no figure
    try:
        return _grade_locked(submissions, out, weights, assignment, timeout=timeout, jobs=jobs, memory_mib=memory_mib,
                             max_size_mib=max_size_mib, bwrap=bwrap, uid=uid, gid=gid, user=user, progress=progress)
    finally:
        i18n.set_language(previous, figures=False)
        lock.release()


def _grade_locked(submissions, out, weights, assignment, *, timeout, jobs, memory_mib, max_size_mib, bwrap, uid,
                  gid, user, progress) -> list[dict]:
    protect_this_process()
    judging = Judging(list(weights), secrets.randbits(63))
    run_info = {"language": i18n.get_language(), "timeout_seconds": timeout, "memory_mib": memory_mib,
                "jobs": jobs, "points_from": assignment.source, "submissions_ran_in": user,
                "sandboxed": bwrap is not None}
    run = _Run(submissions, out, weights, judging, run_info, progress)
    if run.resumed:
        print(f"Resuming: {run.resumed} of {len(submissions)} submissions were graded by a run that was stopped "
              f"(kept from {out / JOURNAL}); grading the other {len(submissions) - run.resumed}.", file=sys.stderr)
    # Verdicts are computed in a thread of this process, so that the scheduler keeps the children busy meanwhile.
    verdicts = ThreadPoolExecutor(max_workers=1, thread_name_prefix="verdicts")
    limits = Limits(timeout=timeout, memory_bytes=memory_mib * 2**20, uid=uid, gid=gid)
    cgroups = submission_cgroups(limits)
    run_info["limits"] = limits_in_force(limits, cgroups)
    stopped, switch_interval = None, sys.getswitchinterval()
    sys.setswitchinterval(min(switch_interval, 0.001))  # the scheduler's thread gets its turn promptly
    try:
        counts = {e: len(c) for e, c in judging.cases.items()}
        made = cgroups if isinstance(cgroups, RunCgroups) else None
        with Scheduler(jobs, limits, judging.seed, counts, bwrap, made) as scheduler:
            run_info["limits"]["seccomp"] = scheduler.server.seccomp
            scheduler.run(run.tasks(int(max_size_mib * 2**20), assignment.answer_ids),
                          lambda result: verdicts.submit(run.complete, result, memory_mib), on_tick=run.tick)
            run_info["fork_server_restarts"] = scheduler.server.restarts
    except sandbox.SandboxUnavailable:
        verdicts.shutdown(wait=True)
        run.finish(None)
        raise
    except RuntimeError as error:  # the fork server cannot be (re)started: the rows so far stand, the rest say so
        stopped = str(error)
    except KeyboardInterrupt:
        verdicts.shutdown(wait=True)
        run.finish(None)
        raise
    finally:
        verdicts.shutdown(wait=True)
        sys.setswitchinterval(switch_interval)
        if isinstance(cgroups, RunCgroups):
            for left in cgroups.close():
                print(f"warning: a cgroup of the run could not be removed: {left}", file=sys.stderr)
    return run.finish(stopped)


CGROUP_MARGIN_BYTES = 160 * 2**20
"""What a submission's cgroup holds beyond ``--memory``: its exercise's private /tmp (64 MiB), and the pages the
host and the exercise's process copy from the fork server as they run (~25 MiB)."""
CGROUP_EXTRA_PROCESSES = 2
"""Processes of a submission's cgroup beyond an exercise's own: the server's relay and the submission's host."""


def submission_cgroups(limits: Limits) -> RunCgroups | str:
    """The run's cgroups, with a memory and a process limit per submission; or, where none can be made (an
    ordinary user without delegation, a read-only cgroup filesystem), why, which is also said on stderr."""
    try:
        return RunCgroups.create(limits.memory_bytes + CGROUP_MARGIN_BYTES,
                                 limits.max_processes + CGROUP_EXTRA_PROCESSES)
    except CgroupsUnavailable as error:
        print(f"warning: no cgroup per submission ({error}): memory and processes are bounded by each process's "
              "rlimits only, which count neither System V shared memory nor files in /tmp, and no process limit "
              "holds for root.", file=sys.stderr)
        return str(error)


def limits_in_force(limits: Limits, cgroups: RunCgroups | str) -> dict:
    """Which limits hold for every submission, for ``grades.json``."""
    root = hasattr(os, "geteuid") and os.geteuid() == 0 and limits.uid is None
    in_force = {"cgroup": cgroups.describe() if isinstance(cgroups, RunCgroups) else None,
                "rlimits": {"address_space_bytes": f"the fork server's size + {limits.memory_bytes}",
                            "cpu_seconds": int(limits.timeout * 2) + 5, "file_size_bytes": limits.output_bytes,
                            "open_files": limits.max_files,
                            "processes": None if root else limits.max_processes},
                "output_bytes": limits.output_bytes, "tmp_bytes": sandbox.CHILD_TMP_BYTES}
    if not isinstance(cgroups, RunCgroups):
        in_force["cgroup_unavailable"] = cgroups
    return in_force


# ------------------------------------------------------------------------------------ the command

def build_parser() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """The command's parser and its ``grade`` subcommand's."""
    parser = argparse.ArgumentParser(prog="python -m public_tests", description="Tools of the public tests.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    grade_parser = commands.add_parser(
        "grade", help="grade submitted notebooks",
        description="Grade submitted notebooks: each exercise of each submission runs in a bubblewrap sandbox of "
                    "its own, on the public tests' cases drawn anew for this run; the results are judged here.",
        epilog="Outputs: DIR/grades.csv, DIR/grades.json, DIR/feedback/*.md. Exit status 0 when every submission "
               "has its row; 1 when the sandbox cannot start; 2 for a usage error such as a missing PATH, or when "
               "another run holds DIR.")
    grade_parser.add_argument("paths", nargs="+", metavar="PATH", help="a notebook, or a folder searched for .ipynb")
    grade_parser.add_argument("--out", default=DEFAULT_OUT, metavar="DIR", help=f"output folder ({DEFAULT_OUT})")
    grade_parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                              help="wall-clock limit for defining a function and again for running it (10)")
    grade_parser.add_argument("--jobs", type=int, default=None, metavar="N",
                              help="submissions graded at once, one exercise each (the number of cores + 1)")
    grade_parser.add_argument("--points", nargs="+", action="extend", default=[], metavar="EX=P",
                              help="points of an exercise, overriding the source notebook's; 0 leaves it out "
                                   "(put it after the PATHs)")
    grade_parser.add_argument("--memory", type=int, default=1024, metavar="MIB",
                              help="memory each exercise may use on top of NumPy's (1024)")
    grade_parser.add_argument("--max-size", type=float, default=MAX_NOTEBOOK_BYTES / 2**20, metavar="MIB",
                              help="larger notebooks are not read (64)")
    grade_parser.add_argument("--source", default=str(SOURCE_NOTEBOOK), metavar="NOTEBOOK",
                              help="the source notebook whose nbgrader metadata gives the points")
    grade_parser.add_argument("--language", choices=i18n.LANGUAGES, default="en",
                              help="language of the feedback in grades.csv/json and feedback/*.md (en)")
    grade_parser.add_argument("--unsafe-no-sandbox", action="store_true",
                              help="run submissions without the sandbox (only for trusted work; loudly warned)")
    grade_parser.add_argument("--run-as", default=None, metavar="USER",
                              help="with --unsafe-no-sandbox: the user submissions run as (as root: nobody)")
    return parser, grade_parser


def main(argv: Sequence[str] | None = None) -> int:
    parser, grade_parser = build_parser()
    args = parser.parse_args(argv)
    if args.timeout <= 0 or (args.jobs is not None and args.jobs < 1) or args.memory < 64 or args.max_size <= 0:
        grade_parser.error("--timeout and --max-size must be positive, --jobs at least 1, --memory at least 64 (MiB)")
    if args.run_as is not None and not args.unsafe_no_sandbox:
        grade_parser.error("--run-as applies only with --unsafe-no-sandbox (the sandbox needs no other user)")
    source = Path(args.source) if args.source else None
    if source is not None and source != SOURCE_NOTEBOOK and not source.is_file():
        grade_parser.error(f"--source {args.source}: no such notebook")
    try:
        rows = grade(args.paths, args.out, timeout=args.timeout, jobs=args.jobs, points=args.points,
                     memory_mib=args.memory, max_size_mib=args.max_size, source=source, run_as=args.run_as,
                     unsafe=args.unsafe_no_sandbox, language=args.language)
    except UsageError as error:
        grade_parser.error(str(error))
    except reports.OutputBusy as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except sandbox.SandboxUnavailable as error:
        print(f"error: nothing was graded: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: the rows graded so far are in the output folder; run again to resume", file=sys.stderr)
        return 130
    graded = sum(r["status"] in ("graded", "truncated") for r in rows)
    full = sum(r["total"] == r["max"] for r in rows)
    print(f"{len(rows)} submissions: {graded} graded, {len(rows) - graded} not gradable, {full} with full marks. "
          f"Wrote {Path(args.out) / 'grades.csv'}, grades.json and feedback/.")
    return 0
