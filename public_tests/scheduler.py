"""Running submissions in child processes, several at a time: feed them, read them, time them out, clean up.

Each submission (a ``Task``) runs in a fresh child forked by the fork server. The child reports after defining
the functions and after each exercise; the wall-clock limit applies to each of these steps. When a child dies,
hangs or misbehaves while running an exercise, that exercise gets the failure, the exercises before it keep
their results, and the exercises after it run in another fresh child — so a crash costs one exercise of one
submission, nothing more. Nothing a child sends is trusted: lines must be JSON messages in the expected order,
outcomes must pass ``public_tests.wire.decode_outcome``.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import selectors
import shutil
import signal
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ._child import frame
from ._forkserver import ForkServer
from .execution import Outcome
from .wire import MalformedResult, decode_outcome

MAX_LINE_BYTES = 32 * 2**20
"""Longest message a child may send (a result line); longer means malformed."""
OUTPUT_BYTES = 256 * 1024
"""What a child may write to stdout/stderr (RLIMIT_FSIZE on the file they go to)."""
OUTPUT_KEPT = 4000
"""How much of that is kept for the feedback."""
GRACE_SECONDS = 2.0
"""How long to wait for the exit status of a child that was killed or closed its pipe."""
MAX_SERVER_FAILURES = 3
"""Times a submission may be re-run because the fork server (not the submission's code) failed it."""
MAX_SERVER_RESTARTS = 25
"""Restarts of the fork server in one run (a submission may kill it when it runs as the same user)."""


@dataclass
class Task:
    """A submission to run: its key, the exercises and the program from ``public_tests.extract``."""

    key: Any
    exercises: tuple[str, ...]
    chunks: list[dict]


@dataclass
class ExerciseRun:
    """What came back for one exercise: ``status`` "ran" (with outcomes) or the kind of failure."""

    status: str
    outcomes: list[Outcome] | None = None
    message: str = ""


@dataclass
class TaskResult:
    key: Any
    runs: dict[str, ExerciseRun] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    output: str = ""
    processes: int = 0


@dataclass
class Limits:
    timeout: float = 10.0
    memory_bytes: int = 1024 * 2**20
    output_bytes: int = OUTPUT_BYTES
    uid: int | None = None
    gid: int | None = None


def describe_exit(status: int) -> tuple[str, str]:
    """(kind, explanation) of a child that ended without finishing, from its wait status."""
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        number = -code
        name = signal.Signals(number).name if number in signal.valid_signals() else f"signal {number}"
        if number in (getattr(signal, "SIGXCPU", -1), getattr(signal, "SIGALRM", -1)):
            return "timeout", f"the process was stopped by {name} (time limit)"
        if number == signal.SIGKILL:
            return "crashed", "the process was killed (SIGKILL; out of memory?)"
        return "crashed", f"the process crashed ({name})"
    if code == 70:
        return "error", "the grader's side of the process failed (exit code 70)"
    return "exited", f"the process exited with code {code} before finishing (os._exit? a crash of the interpreter?)"


class _Job:
    """One child process running some exercises of one submission."""

    def __init__(self, ident: int, state: _TaskState, exercises: tuple[str, ...], workdir: str) -> None:
        self.ident, self.state, self.exercises = ident, state, exercises
        self.index = 0
        self.phase = "defining"  # -> "running" -> "done"
        self.pid: int | None = None
        self.exit_status: int | None = None
        self.eof = False
        self.failure: tuple[str, str] | None = None
        self.deadline = 0.0
        self.grace: float | None = None
        self.buffer = bytearray()
        self.pending = bytearray()
        self.result_fd = self.input_fd = -1
        self.output = tempfile.TemporaryFile(dir=workdir)
        self.folder = tempfile.mkdtemp(dir=workdir, prefix="job-")


@dataclass
class _TaskState:
    task: Task
    result: TaskResult
    server_failures: int = 0

    def remaining(self) -> tuple[str, ...]:
        return tuple(e for e in self.task.exercises if e not in self.result.runs)


class Scheduler:
    """Runs tasks with at most ``jobs`` children at a time; see the module docstring.

    ``cases_payload(exercises)`` gives the pickled cases a child receives after defining its functions;
    ``case_counts[exercise]`` how many outcomes each exercise must return.
    """

    def __init__(self, jobs: int, limits: Limits, cases_payload: Callable[[tuple[str, ...]], bytes],
                 case_counts: dict[str, int]) -> None:
        self.jobs = max(1, jobs)
        self.limits = limits
        self.cases_payload = cases_payload
        self.case_counts = case_counts
        self.workdir = tempfile.mkdtemp(prefix="gc-grading-")
        os.chmod(self.workdir, 0o711)  # an unprivileged child must reach its own folder inside
        self.selector = selectors.DefaultSelector()
        try:
            self.server = ForkServer(self.workdir)
        except BaseException:
            shutil.rmtree(self.workdir, ignore_errors=True)
            raise
        self.selector.register(self.server.sock, selectors.EVENT_READ, "server")
        self.active: dict[int, _Job] = {}
        self.by_pid: dict[int, _Job] = {}
        self.retries: deque[tuple[_TaskState, tuple[str, ...]]] = deque()
        self.ids = itertools.count()
        self.on_result: Callable[[TaskResult], None] = lambda result: None

    # ------------------------------------------------------------------------------ public

    def run(self, tasks: Iterable[Task], on_result: Callable[[TaskResult], None],
            on_tick: Callable[[], None] = lambda: None) -> None:
        """Run every task; ``on_result`` is called (in this process) as each submission completes, ``on_tick``
        at least twice a second."""
        self.on_result = on_result
        upcoming: Iterator[Task] = iter(tasks)
        exhausted = False
        while True:
            while len(self.active) < self.jobs:
                if self.retries:
                    state, exercises = self.retries.popleft()
                else:
                    task = None if exhausted else next(upcoming, None)
                    if task is None:
                        exhausted = True
                        break
                    state, exercises = _TaskState(task, TaskResult(task.key)), task.exercises
                self._start(state, exercises)
            if not self.active and not self.retries:
                if exhausted:
                    return
                continue
            self._wait()
            on_tick()

    def close(self) -> None:
        """Kill every child still running, stop the fork server, remove the work folder."""
        for job in list(self.active.values()):
            self._kill(job)
            self._release(job)
        self.active.clear()
        with contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(self.server.sock)
        self.server.close()
        self.selector.close()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Scheduler:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------------------ jobs

    def _config(self, job: _Job) -> dict:
        steps = len(job.exercises) + 1
        return {
            "memory_bytes": self.limits.memory_bytes,
            "output_bytes": self.limits.output_bytes,
            "cpu_seconds": int(self.limits.timeout * steps) + 5,
            "alarm_seconds": int(self.limits.timeout * steps) + 15,
            "max_processes": 512 if self.limits.uid is not None else None,
            "uid": self.limits.uid,
            "gid": self.limits.gid,
            "workdir": job.folder,
        }

    def _start(self, state: _TaskState, exercises: tuple[str, ...]) -> None:
        job = _Job(next(self.ids), state, exercises, self.workdir)
        if self.limits.uid is not None:
            with contextlib.suppress(OSError):
                os.chown(job.folder, self.limits.uid, self.limits.gid if self.limits.gid is not None else -1)
        input_r, input_w = os.pipe()
        result_r, result_w = os.pipe()
        try:
            if not self.server.alive():
                self._restart_server()
            self.server.spawn(job.ident, [input_r, result_w, job.output.fileno()], self._config(job))
        except OSError:
            os.close(input_w)
            os.close(result_r)
            job.output.close()
            shutil.rmtree(job.folder, ignore_errors=True)
            self._server_failed(state, exercises)
            return
        finally:
            os.close(input_r)
            os.close(result_w)
        job.input_fd, job.result_fd = input_w, result_r
        os.set_blocking(input_w, False)
        os.set_blocking(result_r, False)
        state.result.processes += 1
        program = {"chunks": state.task.chunks, "exercises": list(exercises)}
        job.pending += frame(json.dumps(program).encode())
        job.deadline = time.monotonic() + self.limits.timeout
        self.active[job.ident] = job
        self.selector.register(result_r, selectors.EVENT_READ, job)
        self._flush(job)

    def _flush(self, job: _Job) -> None:
        """Write what is pending to the child, as far as its pipe takes it."""
        while job.pending and job.input_fd >= 0:
            try:
                written = os.write(job.input_fd, job.pending[:1 << 16])
            except BlockingIOError:
                break
            except OSError:  # the child closed its end: it will fail on its own
                job.pending.clear()
                break
            del job.pending[:written]
        if job.input_fd >= 0:
            registered = job.input_fd in self.selector.get_map()
            if job.pending and not registered:
                self.selector.register(job.input_fd, selectors.EVENT_WRITE, job)
            elif not job.pending and registered:
                self.selector.unregister(job.input_fd)

    # ------------------------------------------------------------------------------ the loop

    def _wait(self) -> None:
        now = time.monotonic()
        horizons = [j.grace if j.grace is not None else j.deadline for j in self.active.values()]
        timeout = max(0.0, min([0.5, *(h - now for h in horizons)]))
        for key, mask in self.selector.select(timeout):
            if key.data == "server":
                self._server_events()
            elif key.data.ident in self.active:
                job = key.data
                if mask & selectors.EVENT_WRITE and key.fd == job.input_fd:
                    self._flush(job)
                elif mask & selectors.EVENT_READ and key.fd == job.result_fd:
                    self._read(job)
        if not self.server.alive():
            self._restart_server()
        now = time.monotonic()
        for job in list(self.active.values()):
            if job.grace is not None and now >= job.grace:
                self._finish(job)
            elif job.grace is None and job.phase != "done" and now >= job.deadline:
                step = "defining the functions" if job.phase == "defining" else job.exercises[job.index]
                self._fail(job, "timeout", f"no answer within {self.limits.timeout:g} s while running {step}")
                if job.pid is None:  # never started: the server's fault, not the submission's
                    job.failure = ("server", "the process did not start")

    def _server_events(self) -> None:
        while True:
            message = self.server.receive()
            if message is None:
                return
            event = message.get("event")
            if event == "gone":
                return
            job = self.active.get(message.get("job")) if event in ("started", "error") else None
            if event == "started" and job is not None and isinstance(message.get("pid"), int):
                job.pid = message["pid"]
                self.by_pid[job.pid] = job
            elif event == "error" and job is not None:
                job.failure = ("server", str(message.get("message")))
                self._finish(job)
            elif event == "exit" and message.get("pid") in self.by_pid:
                job = self.by_pid.pop(message["pid"])
                job.exit_status = message.get("status") if isinstance(message.get("status"), int) else 0
                if job.ident in self.active:
                    self._drain(job)
                    if job.ident in self.active:
                        self._finish(job)

    def _read(self, job: _Job) -> None:
        try:
            data = os.read(job.result_fd, 1 << 16)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            job.eof = True
            self.selector.unregister(job.result_fd)
            if job.phase == "done":
                self._finish(job)
            elif job.exit_status is not None:
                self._finish(job)
            elif job.grace is None:
                job.grace = time.monotonic() + GRACE_SECONDS
            return
        job.buffer += data
        while b"\n" in job.buffer and job.ident in self.active and job.failure is None:
            line, _, rest = bytes(job.buffer).partition(b"\n")
            job.buffer = bytearray(rest)
            self._message(job, line)
        if len(job.buffer) > MAX_LINE_BYTES and job.failure is None:
            self._fail(job, "malformed", f"a message longer than {MAX_LINE_BYTES} bytes")

    def _drain(self, job: _Job) -> None:
        """Read whatever the (now ended) child left in its pipe."""
        while job.ident in self.active and not job.eof and job.failure is None:
            before = len(job.buffer)
            self._read(job)
            if len(job.buffer) == before and not job.eof:
                return

    def _message(self, job: _Job, line: bytes) -> None:
        try:
            message = json.loads(line)
            kind = message.get("type") if isinstance(message, dict) else None
            if job.phase == "defining" and kind == "defined":
                notes = message.get("notes", [])
                if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
                    raise MalformedResult("notes that are not a list of strings")
                job.state.result.notes += [n[:500] for n in notes[:50]]
                job.phase = "running"
                job.pending += frame(self.cases_payload(job.exercises))
                self._flush(job)
            elif job.phase == "running" and kind == "result" and job.index < len(job.exercises):
                exercise = job.exercises[job.index]
                if message.get("exercise") != exercise:
                    raise MalformedResult(f"a result for {str(message.get('exercise'))[:40]!r}; expected {exercise}")
                job.state.result.runs[exercise] = self._exercise_run(exercise, message)
                job.index += 1
            elif job.phase == "running" and kind == "done" and job.index == len(job.exercises):
                job.phase = "done"
                self._finish(job)
                return
            else:
                raise MalformedResult(f"an unexpected message {line[:60]!r}")
        except (ValueError, MalformedResult) as error:
            self._fail(job, "malformed", f"the process sent something that is not a result ({error})")
            return
        job.deadline = time.monotonic() + self.limits.timeout

    def _exercise_run(self, exercise: str, message: dict) -> ExerciseRun:
        if "missing" in message:
            return ExerciseRun("missing", message=str(message["missing"])[:300])
        outcomes = message.get("outcomes")
        if not isinstance(outcomes, list) or len(outcomes) != self.case_counts[exercise]:
            raise MalformedResult(f"{exercise}: not one outcome per case")
        return ExerciseRun("ran", [decode_outcome(o) for o in outcomes])

    # ------------------------------------------------------------------------------ endings

    def _kill(self, job: _Job) -> None:
        if job.pid is not None:
            with contextlib.suppress(OSError):
                os.killpg(job.pid, signal.SIGKILL)

    def _fail(self, job: _Job, kind: str, message: str) -> None:
        """Stop the child; the job ends when its exit is reported (or after a grace period)."""
        if job.failure is None:
            job.failure = (kind, message)
        self._kill(job)
        if job.grace is None:
            job.grace = time.monotonic() + GRACE_SECONDS

    def _release(self, job: _Job) -> None:
        for fd in (job.result_fd, job.input_fd):
            if fd >= 0:
                with contextlib.suppress(KeyError, ValueError):
                    self.selector.unregister(fd)
                with contextlib.suppress(OSError):
                    os.close(fd)
        job.result_fd = job.input_fd = -1
        output = b""
        with contextlib.suppress(OSError, ValueError):
            output = os.pread(job.output.fileno(), OUTPUT_KEPT, 0)
        job.output.close()
        shutil.rmtree(job.folder, ignore_errors=True)
        if output:
            job.state.result.output += output.decode("utf-8", errors="replace")
        if job.pid is not None:
            self.by_pid.pop(job.pid, None)

    def _finish(self, job: _Job) -> None:
        """Record what the job did, schedule what is left of its submission, report a completed submission."""
        self.active.pop(job.ident, None)
        self._kill(job)  # whatever the child left behind in its process group
        self._release(job)
        state, left = job.state, job.exercises[job.index:]
        if job.phase != "done" and left:
            if job.failure is not None and job.failure[0] == "server":
                self._server_failed(state, left)
                return
            kind, message = job.failure or (
                describe_exit(job.exit_status) if job.exit_status is not None
                else ("crashed", "the process ended without reporting"))
            if job.phase == "defining":
                for exercise in left:
                    state.result.runs[exercise] = ExerciseRun(kind, message=f"{message} (while defining the functions)")
            else:
                state.result.runs[left[0]] = ExerciseRun(kind, message=message)
                if len(left) > 1 and kind != "malformed":
                    self.retries.appendleft((state, left[1:]))
                    return
                for exercise in left[1:]:
                    state.result.runs[exercise] = ExerciseRun(kind, message=f"not run: {message}")
        self._report_if_complete(state)

    def _report_if_complete(self, state: _TaskState) -> None:
        if not state.remaining():
            self.on_result(state.result)

    def _server_failed(self, state: _TaskState, exercises: tuple[str, ...]) -> None:
        state.server_failures += 1
        if state.server_failures <= MAX_SERVER_FAILURES:
            self.retries.append((state, exercises))
            return
        for exercise in exercises:
            state.result.runs[exercise] = ExerciseRun("error", message="the grader could not start a process for it")
        self._report_if_complete(state)

    def _restart_server(self) -> None:
        with contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(self.server.sock)
        for job in list(self.active.values()):
            if job.pid is None:  # asked for, never started: ask the new server
                job.failure = ("server", "the fork server stopped")
                job.grace = time.monotonic()
        if self.server.restarts >= MAX_SERVER_RESTARTS:
            raise RuntimeError(f"the grader's fork server stopped {self.server.restarts + 1} times; giving up")
        self.server.start()
        self.selector.register(self.server.sock, selectors.EVENT_READ, "server")
