"""Running exercises in sandboxed children, several submissions at a time: feed them, read them, time them out.

Each submission (a ``Task`` lists its exercises) gets a sandbox of its own, a host forked by the fork server
(``gc_grader.host``); the host runs the submission's exercises one after the other, each in a fresh
child of its own: the child defines that exercise's answer cell, reports, receives the exercise and seed, runs,
reports; then the host ends whatever the child left before the next one starts.
The wall-clock limit applies to each of these two steps. Whatever one child does — crash, hang, exit, flood its
pipe, tamper with its interpreter — costs that exercise of that submission and nothing else. Nothing a child
sends is trusted: lines must be JSON messages in the expected order (``gc_grader.wire``), outcomes
must pass ``wire.decode_outcome``, and any exception while reading one child makes that exercise ``malformed``.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import selectors
import shutil
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from public_tests.cases import generator_state
from public_tests.execution import Outcome

from . import untrusted
from .cgroups import RunCgroups
from .forkclient import ForkServer, grading_workdir, take_ahead
from .jobs import ExerciseRun, Limits, Task, TaskResult, describe_exit
from .protocol import ChildConfig, ExerciseMessage, ExitEvent, ProgramMessage
from .wire import LineBuffer, MalformedResult, decode_outcome, frame, parse_message

OUTPUT_KEPT = 4000
"""How much of that is kept for the feedback."""
GRACE_SECONDS = 2.0
"""How long to wait for the exit status of a child that was killed or closed its pipe."""
MAX_SERVER_FAILURES = 3
"""Times an exercise may be re-run because the fork server (not the submission's code) failed it."""
MAX_SERVER_RESTARTS = 5
"""Restarts of the fork server in one run (sandboxed, no submission can reach it: a restart is a grader bug)."""
MAX_NOTES = 50
MAX_OBSERVED = 20
DECODED_KEPT = 64
"""Distinct result lines whose decoded outcomes are kept for lines equal to them."""


class _Job:
    """One child process running one exercise of one submission (``ident``: its job id with the fork server)."""

    def __init__(self, ident: int, state: _TaskState, exercise: str) -> None:
        self.ident, self.state, self.exercise = ident, state, exercise
        self.phase = "defining"  # -> "running" -> "done"
        self.pid: int | None = None
        self.exit_status: int | None = None
        self.out_of_memory = False  # the kernel killed a process of its submission for its memory (cgroup)
        self.eof = False
        self.failure: tuple[str, str] | None = None
        self.deadline = 0.0
        self.grace: float | None = None
        self.lines = LineBuffer()
        self.pending = bytearray()
        self.result_fd = self.input_fd = self.output_fd = -1
        self.output = bytearray()  # the first OUTPUT_KEPT bytes of its stdout and stderr
        self.output_bytes = 0  # how many it wrote in all, up to the limit


@dataclass
class _TaskState:
    task: Task
    result: TaskResult
    group: int = 0
    """The submission's id with the fork server (its host)."""
    queue: deque[str] = field(default_factory=deque)
    """Its exercises still to start, in order (one runs at a time: its host runs them one after the other)."""
    server_failures: int = 0

    def remaining(self) -> tuple[str, ...]:
        return tuple(e for e in self.task.exercises if e not in self.result.runs)


class Scheduler:
    """Runs submissions with at most ``jobs`` children at a time, one per submission; see the module docstring.

    ``seed``, as the generator state it gives, is sent to a child once it has defined its function (it rebuilds
    the cases from it); ``case_counts[exercise]`` is how many outcomes an exercise must return. ``bwrap`` is the
    bubblewrap executable (None: unsandboxed, the unsafe mode). With ``cgroups`` (the run's, made by the grader)
    every submission runs in a cgroup of its own.
    """

    def __init__(self, jobs: int, limits: Limits, seed: int, case_counts: dict[str, int], bwrap: str | None,
                 cgroups: RunCgroups | None = None) -> None:
        self.jobs = max(1, jobs)
        self.limits = limits
        self.state = generator_state(seed)  # what a child draws its cases from: the same as from the seed
        self.case_counts = case_counts
        self._decoded: OrderedDict[str, list[Outcome]] = OrderedDict()  # digest -> outcomes, the latest lines
        ahead = take_ahead(bwrap)  # started by ``python -m public_tests`` before the grader's imports
        self.workdir = ahead.workdir if ahead else grading_workdir()
        self.selector = selectors.DefaultSelector()
        try:
            if ahead:
                ahead.wait_ready()
            self.server = ahead or ForkServer(self.workdir, bwrap, clean_environment=limits.sweep)
        except BaseException:
            shutil.rmtree(self.workdir, ignore_errors=True)
            raise
        self.sandboxed = bwrap is not None
        if cgroups is not None:
            self.server.use_cgroups(cgroups.plan(), cgroups.fds())
        self.server_fd = self.server.fileno()
        self.selector.register(self.server_fd, selectors.EVENT_READ, "server")
        self.active: dict[int, _Job] = {}
        self.ready: deque[_TaskState] = deque()
        """Submissions with an exercise to start and none running: the next ones to get a child."""
        self.ids = itertools.count()
        self.on_result: Callable[[TaskResult], None] = lambda result: None

    # ------------------------------------------------------------------------------ public

    def run(self, tasks: Iterable[Task], on_result: Callable[[TaskResult], None],
            on_tick: Callable[[], None] = lambda: None) -> None:
        """Run every task; ``on_result`` is called (in this process) as each submission completes, ``on_tick``
        at least twice a second."""
        self.on_result = on_result
        upcoming: Iterator[_TaskState] = self._states(tasks)
        exhausted = False
        while True:
            while len(self.active) < self.jobs:
                state = self.ready.popleft() if self.ready else None if exhausted else next(upcoming, None)
                if state is None:
                    exhausted = True
                    break
                self._start(state, state.queue.popleft())
            if not self.active and not self.ready and exhausted:
                return
            self._wait()
            on_tick()

    def _states(self, tasks: Iterable[Task]) -> Iterator[_TaskState]:
        for task in tasks:
            state = _TaskState(task, TaskResult(task.key), next(self.ids), deque(task.exercises))
            if not task.exercises:
                self.on_result(state.result)
            else:
                yield state

    def close(self) -> None:
        """Kill every child still running, stop the fork server (and its sandbox), remove the work folder."""
        for job in list(self.active.values()):
            self._kill(job)
            self._release(job)
        self.active.clear()
        with contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(self.server_fd)
        self.server.close()
        self.selector.close()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Scheduler:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------------------ jobs

    def _config(self, job: _Job) -> ChildConfig:
        limits = self.limits
        return {
            "memory_bytes": limits.memory_bytes,
            "output_bytes": limits.output_bytes,
            "cpu_seconds": int(limits.timeout * 2) + 5,
            "alarm_seconds": int(limits.timeout * 2) + 15,
            "max_processes": limits.max_processes if self.sandboxed or limits.uid is not None else None,
            "max_files": limits.max_files,
            "uid": limits.uid,
            "gid": limits.gid,
            "workdir": None if self.sandboxed else self.workdir,
            "sweep": limits.sweep,
        }

    def _start(self, state: _TaskState, exercise: str) -> None:
        job = _Job(next(self.ids), state, exercise)
        input_r, input_w = os.pipe()
        result_r, result_w = os.pipe()
        output_r, output_w = os.pipe()  # its stdout and stderr: a pipe, never a file on this machine's disk
        try:
            if not self.server.alive():
                self._restart_server()
            self.server.spawn(job.ident, state.group, [input_r, result_w, output_w], self._config(job))
        except OSError:
            for fd in (input_w, result_r, output_r):
                os.close(fd)
            self._server_failed(state, exercise)
            return
        finally:
            for fd in (input_r, result_w, output_w):
                os.close(fd)
        job.input_fd, job.result_fd, job.output_fd = input_w, result_r, output_r
        for fd in (input_w, result_r, output_r):
            os.set_blocking(fd, False)
        self.selector.register(output_r, selectors.EVENT_READ, job)
        state.result.processes += 1
        program: ProgramMessage = {"chunks": state.task.programs[exercise], "exercise": exercise}
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
        """One turn of the loop: wait for a descriptor or the nearest deadline, handle what is ready, then the
        clocks."""
        now = time.monotonic()
        horizons = [j.grace if j.grace is not None else j.deadline for j in self.active.values()]
        timeout = max(0.0, min([0.5, *(h - now for h in horizons)]))
        for key, mask in self.selector.select(timeout):
            if key.data == "server":
                self._server_events()
            elif key.data.ident in self.active:
                self._ready(key.data, key.fd, mask)
        if not self.server.alive():
            self._restart_server()
        self._check_clocks(time.monotonic())

    def _ready(self, job: _Job, fd: int, mask: int) -> None:
        """A job's descriptor is ready: feed its input, or read its results or its output."""
        try:
            if mask & selectors.EVENT_WRITE and fd == job.input_fd:
                self._flush(job)
            elif mask & selectors.EVENT_READ and fd == job.result_fd:
                self._read(job)
            elif mask & selectors.EVENT_READ and fd == job.output_fd:
                self._read_output(job)
        except Exception as error:  # noqa: BLE001 - nothing one child does may stop the run
            self._fail(job, "malformed", f"reading it failed ({type(error).__name__})")

    def _check_clocks(self, now: float) -> None:
        """Finish the jobs whose grace after their pipe closed is over; fail those past their deadline."""
        for job in list(self.active.values()):
            if job.grace is not None and now >= job.grace:
                self._finish(job)
            elif job.grace is None and job.phase != "done" and now >= job.deadline:
                step = "defining the function" if job.phase == "defining" else f"running {job.exercise}"
                flooded = job.output_bytes > self.limits.output_bytes  # what it did, said; no guess at why
                said = f", after more than {self.limits.output_bytes // 1024} KiB of output" if flooded else ""
                self._fail(job, "timeout", f"no answer within {self.limits.timeout:g} s while {step}{said}")
                if job.pid is None:  # never started: the server's fault, not the submission's
                    job.failure = ("server", "the process did not start")

    def _server_events(self) -> None:
        """Take the server's events about this run's jobs, as many as there are now."""
        while (message := self.server.receive()) is not None and message["event"] != "gone":
            if message["event"] == "started":
                job = self.active.get(message["job"])
                if job is not None:
                    job.pid = message["pid"]
                    if job.failure is not None:
                        self._kill(job)
            elif message["event"] == "error":
                job = self.active.get(message["job"]) if message["job"] is not None else None
                if job is not None:
                    job.failure = ("server", message["message"])
                    self._finish(job)
            elif message["event"] == "exit":
                job = self.active.get(message["job"])
                if job is not None and job.exit_status is None:
                    self._exited(job, message)

    def _exited(self, job: _Job, message: ExitEvent) -> None:
        """The job's process has ended: read what it left in its pipe, then finish it."""
        job.exit_status = message["status"]
        job.out_of_memory = message.get("oom") is True
        try:
            self._drain(job)
        except Exception as error:  # noqa: BLE001 - nothing one child does may stop the run
            self._fail(job, "malformed", f"reading it failed ({type(error).__name__})")
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
            if job.phase == "done" or job.exit_status is not None:
                self._finish(job)
            elif job.grace is None:
                job.grace = time.monotonic() + GRACE_SECONDS
            return
        try:
            lines = job.lines.feed(data)
            for line in lines:
                if job.ident not in self.active or job.failure is not None:
                    break
                self._message(job, parse_message(line), line)
        except MalformedResult as error:
            self._fail(job, "malformed", f"the process sent something that is not a result ({error})")

    def _read_output(self, job: _Job, drain: bool = False) -> None:
        """Take what the child wrote to stdout or stderr (all that is there, with ``drain``): its first
        ``OUTPUT_KEPT`` bytes are kept; past ``output_bytes`` in all the pipe is closed."""
        while job.output_fd >= 0:
            try:
                data = os.read(job.output_fd, 1 << 16)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            job.output_bytes += len(data)
            if len(job.output) < OUTPUT_KEPT:
                job.output += data[: OUTPUT_KEPT - len(job.output)]
            if not data or job.output_bytes > self.limits.output_bytes:
                self._close(job, "output_fd")
                return
            if not drain:
                return

    def _close(self, job: _Job, attribute: str) -> None:
        """Stop watching and close the job's descriptor ``attribute`` (``result_fd``, ``input_fd``...)."""
        fd = getattr(job, attribute)
        if fd >= 0:
            with contextlib.suppress(KeyError, ValueError):
                self.selector.unregister(fd)
            with contextlib.suppress(OSError):
                os.close(fd)
            setattr(job, attribute, -1)

    def _drain(self, job: _Job) -> None:
        """Read whatever the (now ended) child left in its pipe."""
        while job.ident in self.active and not job.eof and job.failure is None and job.result_fd >= 0:
            before = len(job.lines.data)
            self._read(job)
            if len(job.lines.data) == before and not job.eof:
                return

    def _message(self, job: _Job, message: dict, line: bytes) -> None:
        """One message of a child, in the order the protocol allows: ``defined``, then ``result``, then ``done``;
        anything else is malformed. Each one in time gives the child the timeout anew."""
        kind = message["type"]
        if job.phase == "defining" and kind == "defined":
            self._defined(job, message)
        elif job.phase == "running" and kind == "result" and job.exercise not in job.state.result.runs:
            if message.get("exercise") != job.exercise:
                raise MalformedResult(f"a result for {untrusted.name(str(message.get('exercise')), 40)!r}; "
                                      f"expected {job.exercise}")
            job.state.result.runs[job.exercise] = self._exercise_run(job.exercise, message, line)
        elif job.phase == "running" and kind == "done" and job.exercise in job.state.result.runs:
            job.phase = "done"
            self._finish(job)
            return
        else:
            raise MalformedResult(f"an unexpected message of type {untrusted.name(kind, 40)!r}")
        job.deadline = time.monotonic() + self.limits.timeout

    def _defined(self, job: _Job, message: dict) -> None:
        """The child defined the function: keep its notes (new ones, up to ``MAX_NOTES``), send the exercise."""
        notes = message.get("notes", [])
        if type(notes) is not list or not all(type(n) is str for n in notes):
            raise MalformedResult("notes that are not a list of strings")
        known = job.state.result.notes
        fresh = [untrusted.text(n, 500) for n in notes[:MAX_NOTES]]
        known += [n for n in fresh if n not in known][: max(0, MAX_NOTES - len(known))]
        job.phase = "running"
        request: ExerciseMessage = {"exercise": job.exercise, "state": self.state}
        job.pending += frame(json.dumps(request).encode())
        self._flush(job)

    def _exercise_run(self, exercise: str, message: dict, line: bytes) -> ExerciseRun:
        observed = message.get("observed", [])
        if type(observed) is not list or not all(type(n) is str for n in observed):
            raise MalformedResult("observations that are not a list of strings")
        observed = [untrusted.text(n, 200) for n in observed[:MAX_OBSERVED]]
        for status in ("missing", "sabotaged"):
            if status in message:
                return ExerciseRun(status, message=untrusted.text(str(message[status]), 500), observed=observed)
        outcomes = message.get("outcomes")
        if type(outcomes) is not list or len(outcomes) != self.case_counts[exercise]:
            raise MalformedResult(f"{exercise}: not one outcome per case")
        digest = hashlib.blake2b(line, digest_size=16).hexdigest()
        return ExerciseRun("ran", self._decode(digest, outcomes), observed=observed, digest=digest)

    def _decode(self, digest: str, outcomes: list) -> list[Outcome]:
        """The outcomes of a result line; decoded once for the ``DECODED_KEPT`` latest distinct lines (a correct
        answer's line comes again and again), which are read-only from here on (the judge only reads them)."""
        if digest in self._decoded:
            self._decoded.move_to_end(digest)
            return self._decoded[digest]
        decoded = [decode_outcome(o) for o in outcomes]
        self._decoded[digest] = decoded
        if len(self._decoded) > DECODED_KEPT:
            self._decoded.popitem(last=False)
        return decoded

    # ------------------------------------------------------------------------------ endings

    def _kill(self, job: _Job) -> None:
        self.server.kill(job.ident)

    def _fail(self, job: _Job, kind: str, message: str) -> None:
        """Stop the child; the job ends when its exit is reported (or after a grace period)."""
        if job.failure is None:
            job.failure = (kind, message)
        self._kill(job)
        if job.grace is None:
            job.grace = time.monotonic() + GRACE_SECONDS

    def _release(self, job: _Job) -> None:
        self._read_output(job, drain=True)
        for attribute in ("result_fd", "input_fd", "output_fd"):
            self._close(job, attribute)
        kept = job.state.result.output
        if job.output and len(kept) < OUTPUT_KEPT:
            kept += untrusted.text(job.output.decode("utf-8", errors="replace"), OUTPUT_KEPT - len(kept))
            if job.output_bytes > self.limits.output_bytes:
                kept += f"\n[output cut: {job.exercise} wrote more than {self.limits.output_bytes // 1024} KiB]\n"
            job.state.result.output = kept

    def _finish(self, job: _Job) -> None:
        """Record what the job did; report its submission once every exercise of it is done."""
        self.active.pop(job.ident, None)
        if job.phase != "done":
            self._kill(job)  # and with it whatever the child left behind
        self._release(job)
        state, runs = job.state, job.state.result.runs
        if job.exercise not in runs or (job.phase != "done" and job.failure is not None):
            if job.failure is not None and job.failure[0] == "server":
                runs.pop(job.exercise, None)
                self._server_failed(state, job.exercise)
                return
            kind, message = job.failure or (
                describe_exit(job.exit_status, job.out_of_memory, self.limits.memory_bytes)
                if job.exit_status is not None
                else ("crashed", "the process ended without reporting"))
            if job.phase == "defining" and "while defining the function" not in message:  # a timeout says it
                message += " (while defining the function)"
            runs[job.exercise] = ExerciseRun(kind, message=message)
        self._continue(state)

    def _continue(self, state: _TaskState) -> None:
        """After one of its exercises: the submission's next exercise first, or its report and the end of its host."""
        if state.queue:
            self.ready.appendleft(state)  # its host is warm: before any new submission
        elif not state.remaining():
            self.server.close_group(state.group)
            self.on_result(state.result)

    def _server_failed(self, state: _TaskState, exercise: str) -> None:
        state.server_failures += 1
        if state.server_failures <= MAX_SERVER_FAILURES:
            state.queue.appendleft(exercise)
        else:
            state.result.runs[exercise] = ExerciseRun("error", message="the grader could not start a process for it")
        self._continue(state)

    def _restart_server(self) -> None:
        with contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(self.server_fd)
        for job in list(self.active.values()):
            if job.pid is None:  # asked for, never started: ask the new server
                job.failure = ("server", "the fork server stopped")
                job.grace = time.monotonic()
        if self.server.restarts >= MAX_SERVER_RESTARTS:
            raise RuntimeError(f"the grader's fork server stopped {self.server.restarts + 1} times; giving up")
        self.server.start()
        self.server_fd = self.server.fileno()
        self.selector.register(self.server_fd, selectors.EVENT_READ, "server")
