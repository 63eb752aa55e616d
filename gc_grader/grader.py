"""One grading run, in order: ``grade`` checks its arguments, finds the submissions, and runs them through the
scheduler; ``_Run`` keeps the rows as results arrive and writes the outputs in order.

One definition of the test cases, two runners. For every grading run the grader draws a fresh seed and builds
the public tests' cases with it (``rows.Judging``); the fixed cases are the notebook's, the random ones are new.
Each submission gets a sandbox (``sandbox``, ``host``), and each of its exercises a child process there
(``child``) that rebuilds the same cases from the seed and sends back plain numbers (``wire``); this process
judges them with ``public_tests.judging.judge`` against the expected values it computed itself. So the messages
are the ones the notebook's tests give, and nothing the submission does in its own process can make a wrong
answer pass.

Outputs in DIR: ``grades.csv``, ``grades.json`` and ``feedback/*.md`` (``reports``); the journal
``grades.partial.jsonl`` while it runs (a rerun after a killed run resumes from it); the formats asked for
(``formats``). A run spread over machines grades one shard each (``shards``), merged after (``merge``).
"""

from __future__ import annotations

import os
import secrets
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from gc_utils import i18n

from . import formats, isolation, reports, sandbox, shards, untrusted
from .assignment import SOURCE_NOTEBOOK, assignment_from_source, parse_points
from .cgroups import CgroupsUnavailable, RunCgroups
from .extract import Program, extract_program
from .forkclient import available as forkserver_available
from .isolation import UsageError
from .jobs import Limits, Task, TaskResult
from .messages import reason
from .messages import text as message
from .notebook_file import MAX_NOTEBOOK_BYTES, NotebookCells, UnreadableNotebook, read_notebook
from .rows import Judging, completed_row, empty_row, exercise_entry
from .scheduler import Scheduler
from .submissions import duplicate_names, find_submissions, same_file

DEFAULT_OUT = "grading-output"
FLUSH_SECONDS = 1.0
"""grades.csv and grades.json are rewritten during a run at most this often..."""
FLUSH_SHARE = 0.05
"""... and at most this share of the time: their size grows with the rows, and a rewrite of every row each second
would cost a long run more and more (2,000 rows: ~0.2 s a rewrite).
"""
JOURNAL = reports.JOURNAL


# ------------------------------------------------------------------------------------ grading

def protect_this_process() -> None:
    """Make the grader's memory (which holds the expected values) unreadable to other processes of its user."""
    sandbox.prctl(sandbox.PR_SET_DUMPABLE, 0)


def _compatible(row: dict, weights: dict[str, float]) -> bool:
    """Whether a journal row was graded for the same exercises and points as this run."""
    exercises = row.get("exercises")
    return isinstance(exercises, dict) and list(exercises) == list(weights) and all(
        isinstance(exercises[e], dict) and exercises[e].get("max_points") == reports.number(p)
        for e, p in weights.items())


def _resumable(journal: Path, header: dict | None) -> list[dict]:
    """The rows of a stopped run's journal; with ``header`` (a run whose seed was given) only if that run had the
    same seed: a row graded on other cases could say other things than this run's."""
    rows = reports.read_journal(journal)
    if header is not None and rows and reports.read_journal_header(journal) != header:
        print(f"Not resuming from {journal}: it was graded with another seed than --seed; grading every submission "
              "again.", file=sys.stderr)
        return []
    return rows


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
                 judging: Judging, run_info: dict, progress: bool, *, seed_given: bool = False,
                 duplicates: dict[str, str] | None = None, outputs: formats.Request | None = None,
                 whole: bool = True) -> None:
        self.submissions, self.out, self.weights, self.judging = submissions, out, weights, judging
        self.run_info = run_info
        self.outputs, self.whole = outputs or formats.Request(), whole
        self.rows: list[dict | None] = [None] * len(submissions)
        header = {"seed_sha256": shards.seed_digest(judging.seed)}
        previous = {r["submission"]: r for r in _resumable(out / JOURNAL, header if seed_given else None)
                    if _compatible(r, weights)}
        for index, (name, path) in enumerate(submissions):
            if name in previous and previous[name].get("path") == untrusted.name(str(path), 4096):
                self.rows[index] = previous[name]
        self.resumed = sum(r is not None for r in self.rows)
        self.pending: dict[int, dict] = {}
        self.bar = progress_bar(len(submissions), self.resumed, progress and sys.stderr.isatty())
        self.lock = threading.Lock()
        self.started, self.last_flush, self.dirty = time.time(), 0.0, False
        self.flush_interval = FLUSH_SECONDS
        self.journal = reports.Journal(out / JOURNAL, [r for r in self.rows if r is not None], header)
        self.duplicates = duplicate_names(submissions) if duplicates is None else duplicates

    def record(self, index: int, row: dict) -> None:
        with self.lock:
            self.rows[index] = row
            self.journal.append(row)
            self._write_feedback(row)
            self.bar.update(1)
            self.dirty = True
        self.tick()

    def _write_formats(self) -> None:
        """The formats asked for (``--format``), once every submission has its row; the gradebook's mismatches."""
        try:
            formats.write(self.out, [r for r in self.rows if r is not None], self.weights, self.outputs, self.whole)
        except OSError as error:
            print(f"warning: {', '.join(self.outputs.formats)} could not be written: {error}", file=sys.stderr)
        formats.warn(self.run_info)

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
        """The task of one submission's exercises; None when there is nothing to run (its row is recorded)."""
        try:
            notebook = self._read(name, path, max_bytes)
        except UnreadableNotebook as problem:
            self.record(index, empty_row(name, path, self.weights, problem.kind, str(problem)))
            return None
        program = extract_program(notebook, list(self.weights), answer_ids)
        row = self._row_before_running(name, path, notebook, program)
        if not program.found:
            self.record(index, row)
            return None
        self.pending[index] = row
        return Task(index, {e: [c.to_json() for c in program.for_exercise(e)]
                            for e in self.weights if e in program.found})

    def _read(self, name: str, path: Path, max_bytes: int) -> NotebookCells:
        """The submission's notebook; UnreadableNotebook when it is the solution edition, a copy of a submission
        met before, or not a notebook that can be read within bounds."""
        if same_file(path, SOURCE_NOTEBOOK):
            raise UnreadableNotebook("linked", message("submission.linked"))
        if name in self.duplicates:
            raise UnreadableNotebook("duplicate", message("submission.duplicate", first=self.duplicates[name]))
        return read_notebook(path, max_bytes)

    def _row_before_running(self, name: str, path: Path, notebook: NotebookCells, program: Program) -> dict:
        """The row as reading gives it: its status, warnings, notes for review, the exercises found missing."""
        weights = self.weights
        row = empty_row(name, path, weights, "truncated" if notebook.truncated else "graded",
                        untrusted.text(notebook.warnings[0]) if notebook.truncated else "")
        row["warnings"] = [untrusted.text(w, 1000) for w in program.warnings]
        row["review"] = [untrusted.text(r, 1000) for r in program.review]
        others = [copy for copy, first in self.duplicates.items() if first == name]
        if others:
            row["review"].append(f"the same file is also submitted as {', '.join(others)} (graded once, here): "
                                 "check who wrote it")
        for exercise, why in program.missing.items():
            row["exercises"][exercise] = exercise_entry(weights[exercise], "missing", reason(why))
        if not program.found and not notebook.truncated:
            row["status"] = "wrong_assignment"
            row["message"] = message("submission.wrong_assignment", functions=", ".join(weights))
        return row

    def complete(self, result: TaskResult, memory_mib: int) -> None:
        """Judge what a submission's children sent (in the verdict thread) and record its row."""
        row = self.pending.pop(result.key)
        try:
            completed_row(row, result, self.judging, memory_mib)
        except Exception as error:  # noqa: BLE001 - a bug of ours must not cost the other rows
            row["status"], row["message"] = "error", f"internal error of the grader: {type(error).__name__}: {error}"
        self.record(result.key, row)

    def finish(self, stopped: str | None, complete: bool = False) -> list[dict]:
        """Rows for what was not graded (when grading stopped, or, once the run went ``complete``ly through,
        whatever has no row: a bug of ours in the verdict thread, which must not lose a row silently), every
        feedback file again, the final outputs.

        Called once the last sandbox is gone: whatever wrote over an output meanwhile is replaced.
        """
        for index, (name, path) in enumerate(self.submissions):
            if self.rows[index] is None and (stopped or complete):
                why = stopped or "an internal error of the grader lost its row (please report it)"
                self.record(index, empty_row(name, path, self.weights, "error", f"not graded: {why}"))
        with self.lock:
            for row in filter(None, self.rows):
                self._write_feedback(row)
            self.flush(final=True)
            if all(r is not None for r in self.rows):
                self._write_formats()
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


def default_jobs() -> int:
    """One more submission at a time than this process has cores: a submission between two exercises (its child
    ending, the next one forked, the grader reading and answering) leaves its core idle, and the extra one fills
    it. Measured on 2 cores: ~8% of the cores idle with 2 jobs, ~2% with 3."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores + 1


def _jobs(jobs: int | None) -> int:
    return jobs or default_jobs()


def _check_run_options(language: str, seed: int | None, shard: shards.Shard | None) -> None:
    """ValueError naming what cannot run: no fork here, an unknown language, a shard without a seed, a seed out
    of range."""
    if not forkserver_available():
        raise ValueError("the grader needs a POSIX system with fork (Linux; elsewhere, the README's container)")
    if language not in i18n.LANGUAGES:
        raise ValueError(f"--language must be one of {', '.join(i18n.LANGUAGES)}; got {language!r}")
    if shard is not None and seed is None:
        raise ValueError("--shard needs --seed S: every shard must draw the same cases (choose S once, e.g. "
                         "python -c 'import secrets; print(secrets.randbits(63))')")
    if seed is not None and not 0 <= seed < shards.SEED_LIMIT:
        raise ValueError(f"--seed must be from 0 to {shards.SEED_LIMIT - 1}")


def grade(paths: Sequence[str | Path], out: str | Path = DEFAULT_OUT, *, timeout: float = 10.0,
          jobs: int | None = None, points: Sequence[str] = (), memory_mib: int = 1024,
          max_size_mib: float = MAX_NOTEBOOK_BYTES / 2**20, source: str | Path | None = SOURCE_NOTEBOOK,
          run_as: str | None = None, sandbox_mode: str = "bubblewrap", progress: bool = True, language: str = "en",
          seed: int | None = None, shard: shards.Shard | None = None,
          outputs: formats.Request | None = None) -> list[dict]:
    """Grade the notebooks at ``paths`` and write the outputs to ``out``; returns the rows (one per submission).

    ``language`` (``"en"`` or ``"ko"``) is the language of the feedback: the tests' messages, the feedback files.
    ``seed``: the run's cases (default: drawn anew). ``shard``: grade only that part of the submissions
    (``gc_grader.shards``; needs ``seed``). ``outputs``: further formats (``gc_grader.formats``).

    Raises ``UsageError`` (a ValueError) for a missing PATH or a bad option, before anything runs;
    ``SandboxUnavailable`` when
    bubblewrap is missing or cannot start (``sandbox_mode`` "bubblewrap"), ``reports.OutputBusy`` when another run holds
    ``out``, OSError when ``out`` cannot be written; nothing a submission does raises: every submission gets
    its row.
    """
    try:
        _check_run_options(language, seed, shard)
        everything = find_submissions(paths)
        assignment = assignment_from_source(source)
        weights = parse_points(points, assignment.points)
        hidden = isolation.secrets_of([Path(source) if source else None, SOURCE_NOTEBOOK])
        walls = isolation.choose(sandbox_mode, run_as, hidden)
    except (FileNotFoundError, ValueError) as error:  # only the command line's: nothing has run yet
        raise UsageError(str(error)) from error
    if walls.mode == "none":
        print("WARNING: --sandbox none: submissions run WITHOUT the sandbox. They can read every file their user "
              "can read (the correct solutions included) and reach other processes of their user. Grade only work "
              "you trust this way.", file=sys.stderr)
    jobs = 1 if walls.sweeps else _jobs(jobs)  # in a container, exercises share one user: one at a time
    outputs = outputs or formats.Request()
    names = [name for name, _ in everything]
    places = shards.positions(names, shard) if shard is not None else range(len(everything))
    submissions = [everything[place] for place in places]
    run_info = {**({"shard": shards.describe(shard, names, places)} if shard is not None else {}),
                **outputs.describe(names, [name for name, _ in submissions])}
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    isolation.private_output(out, walls)
    lock = reports.OutputLock(out)
    previous = i18n.get_language()
    i18n.set_language(language, figures=False)  # the judge and the reports speak it; the grader draws no figure
    try:
        return _grade_locked(submissions, out, weights, assignment, timeout=timeout, jobs=jobs, memory_mib=memory_mib,
                             max_size_mib=max_size_mib, walls=walls, progress=progress, seed=seed,
                             extra_info=run_info, duplicates=duplicate_names(everything), outputs=outputs,
                             whole=shard is None)
    finally:
        i18n.set_language(previous, figures=False)
        lock.release()


def _grade_locked(submissions, out, weights, assignment, *, timeout, jobs, memory_mib, max_size_mib, walls,
                  progress, seed=None, extra_info=None, duplicates=None, outputs=None, whole=True) -> list[dict]:
    protect_this_process()
    judging = Judging(list(weights), secrets.randbits(63) if seed is None else seed)
    run_info = {"language": i18n.get_language(), "timeout_seconds": timeout, "memory_mib": memory_mib,
                "jobs": jobs, "points_from": assignment.source, "submissions_ran_in": walls.description,
                "sandbox": walls.mode, "sandboxed": walls.bwrap is not None, "seed_given": seed is not None,
                **(extra_info or {})}
    run = _Run(submissions, out, weights, judging, run_info, progress, seed_given=seed is not None,
               duplicates=duplicates, outputs=outputs, whole=whole)
    if run.resumed:
        print(f"Resuming: {run.resumed} of {len(submissions)} submissions were graded by a run that was stopped "
              f"(kept from {out / JOURNAL}); grading the other {len(submissions) - run.resumed}.", file=sys.stderr)
    # Verdicts are computed in a thread of this process, so that the scheduler keeps the children busy meanwhile.
    verdicts = ThreadPoolExecutor(max_workers=1, thread_name_prefix="verdicts")
    limits = Limits(timeout=timeout, memory_bytes=memory_mib * 2**20, uid=walls.uid, gid=walls.gid,
                    sweep=walls.sweeps)
    cgroups = submission_cgroups(limits)
    run_info["limits"] = limits_in_force(limits, cgroups)
    stopped, switch_interval = None, sys.getswitchinterval()
    sys.setswitchinterval(min(switch_interval, 0.001))  # the scheduler's thread gets its turn promptly
    try:
        counts = {e: len(c) for e, c in judging.cases.items()}
        made = cgroups if isinstance(cgroups, RunCgroups) else None
        with Scheduler(jobs, limits, judging.seed, counts, walls.bwrap, made) as scheduler:
            run_info["limits"]["seccomp"] = scheduler.server.seccomp
            scheduler.run(run.tasks(int(max_size_mib * 2**20), assignment.answer_ids),
                          lambda result: _submit(verdicts, run, result, memory_mib), on_tick=run.tick)
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
    return run.finish(stopped or "", complete=True)


CGROUP_MARGIN_BYTES = 160 * 2**20
"""What a submission's cgroup holds beyond ``--memory``: its exercise's private /tmp (64 MiB), and the pages the
host and the exercise's process copy from the fork server as they run (~25 MiB)."""
CGROUP_EXTRA_PROCESSES = 2
"""Processes of a submission's cgroup beyond an exercise's own: the server's relay and the submission's host."""


def _submit(verdicts: ThreadPoolExecutor, run: _Run, result: TaskResult, memory_mib: int) -> None:
    """Judge ``result`` in the verdict thread (the scheduler's thread goes on feeding and reading children)."""
    verdicts.submit(run.complete, result, memory_mib)


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
    in_force: dict[str, Any] = {"cgroup": cgroups.describe() if isinstance(cgroups, RunCgroups) else None,
                "rlimits": {"address_space_bytes": f"the fork server's size + {limits.memory_bytes}",
                            "cpu_seconds": int(limits.timeout * 2) + 5, "file_size_bytes": limits.output_bytes,
                            "open_files": limits.max_files,
                            "processes": None if root else limits.max_processes},
                "output_bytes": limits.output_bytes, "tmp_bytes": sandbox.CHILD_TMP_BYTES}
    if not isinstance(cgroups, RunCgroups):
        in_force["cgroup_unavailable"] = cgroups
    return in_force
