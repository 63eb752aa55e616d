"""One submission's host (``gc_grader.host``), alone: ``fork_running``, ``ended_children`` and ``Host``, in forked
processes with fake exercises.

A host forked here serves its end of a ``SOCK_SEQPACKET`` pair as the fork server's would be; the test plays the
fork server: it sends jobs (a configuration and the exercise's three pipes) and kill requests, and reads the host's
``started`` and ``exit`` events. ``child.run`` is replaced by ``fake_run`` before the host is forked, so an
exercise does what its configuration says (exit, wait, leave a daemon) instead of running a submission. Whether a
process is gone is read from its pipes: a read end sees its end once every process that could write is gone.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import sys
import time
from collections.abc import Callable

import pytest

from gc_grader import child, host, sandbox
from tests.grading.running import in_fork, user_namespaces_unavailable

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the host runs on Linux")

WAIT = 10.0
"""Seconds to wait for what must happen (an event, a pipe's end); far above what it takes."""
QUIET = 0.5
"""Seconds of silence taken to mean that something does not happen."""


def fake_run(job_fd: int, result_fd: int, output_fd: int, config: dict) -> int:
    """An exercise's process in these tests (in place of ``child.run``): what ``config["do"]`` says.

    ``exit``: exit with ``config["code"]``; ``wait``: until the test writes to the job pipe (or the process is
    killed); ``daemon``: leave a process that sleeps a minute holding the result pipe (its own session with
    ``config["setsid"]``), then exit 0. Each makes a session of its own first (after ``config["setsid_after"]``
    seconds), then writes ``started`` to its output pipe.
    """
    time.sleep(config.get("setsid_after", 0))
    os.setsid()  # as child.prepare does: the host ends an exercise's process group when not contained
    os.write(output_fd, b"started\n")
    if config["do"] == "exit":
        return config["code"]
    if config["do"] == "wait":
        os.read(job_fd, 1)
        return 0
    ready_read, ready_write = os.pipe()
    daemon = os.fork()
    if daemon == 0:
        if config.get("setsid"):
            os.setsid()
        os.write(ready_write, b"x")
        time.sleep(60)
        os._exit(0)
    os.read(ready_read, 1)  # the daemon is in its own session, if asked, before this process ends
    os.write(result_fd, b"left a daemon\n")
    return 0


class Job:
    """The test's ends of one job's pipes: it writes the job pipe, reads the result and output pipes."""

    def __init__(self) -> None:
        self.theirs: list[int] = []
        self.job, theirs_job = self._pipe(reading=False)
        self.result, theirs_result = self._pipe(reading=True)
        self.output, theirs_output = self._pipe(reading=True)
        self.theirs = [theirs_job, theirs_result, theirs_output]

    @staticmethod
    def _pipe(reading: bool) -> tuple[int, int]:
        read, write = os.pipe()
        return (read, write) if reading else (write, read)

    def release(self) -> None:
        os.write(self.job, b"x")

    def close(self) -> None:
        for fd in (self.job, self.result, self.output):
            try:
                os.close(fd)
            except OSError:
                pass


def ended(fd: int, timeout: float = WAIT) -> bool:
    """Whether pipe ``fd`` reaches its end (every writer gone) within ``timeout``; what it holds is read past."""
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        if not select.select([fd], [], [], left)[0]:
            return False
        if not os.read(fd, 65536):
            return True
    return False


class Served:
    """A host forked from this process, and the test's end of its socket."""

    def __init__(self, contained: bool) -> None:
        self.sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)

        def serve() -> int:
            if contained:
                sandbox.isolate_submission([theirs.fileno()])  # as the fork server does for a sandboxed host
            return host.serve(theirs, contained=contained)

        self.pid = host.fork_running(serve, [self.sock.fileno()])
        theirs.close()
        self.jobs: list[Job] = []

    def send(self, request: dict, fds: list[int] | None = None) -> None:
        socket.send_fds(self.sock, [json.dumps(request).encode()], fds or [])

    def start(self, number: int, **config: object) -> Job:
        """Send job ``number`` with ``config`` (``fake_run``'s) and its three pipes."""
        job = Job()
        self.send({"job": number, "config": config}, job.theirs)
        for fd in job.theirs:
            os.close(fd)
        self.jobs.append(job)
        return job

    def events(self, count: int, timeout: float = WAIT) -> list[dict]:
        """The next ``count`` events of the host; fewer if they do not come within ``timeout``."""
        found, deadline = [], time.monotonic() + timeout
        while len(found) < count and (left := deadline - time.monotonic()) > 0:
            if not select.select([self.sock], [], [], left)[0]:
                break
            data = self.sock.recv(65536)
            if not data:
                break
            found.append(json.loads(data))
        return found

    def close(self) -> int:
        """Close the connection (the host then ends); the host's exit code."""
        self.sock.close()
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.01)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        raise AssertionError("the host did not end when its connection closed")


def brief(events: list[dict]) -> list[tuple]:
    """(event, job, exit code or -signal) of each event, without PIDs."""
    def ending(status: int) -> int:
        return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)

    return [(e["event"], e["job"], *((ending(e["status"]),) if e["event"] == "exit" else ())) for e in events]


@pytest.fixture
def served(monkeypatch, request):
    """A host (``contained``: in namespaces of its own, as sandboxed) running ``fake_run`` for each exercise."""
    monkeypatch.setattr(child, "run", fake_run)
    made: list[Served] = []

    def make(contained: bool = False) -> Served:
        made.append(Served(contained))
        return made[-1]

    yield make
    for each in made:
        if each.sock.fileno() >= 0:
            each.close()
        for job in each.jobs:
            job.close()


def contained_here(contained: bool) -> None:
    """Skips a contained host's test where no user namespace can be made (nor can the sandbox run)."""
    reason = user_namespaces_unavailable() if contained else None
    if reason:
        pytest.skip(f"no user namespace here: {reason}")
    if contained and sandbox.python_under_tmp():  # bubblewrap binds it elsewhere first (test_attacks runs that)
        pytest.skip("Python lives under /tmp: an exercise's fresh /tmp would hide it from a host made without "
                    "bubblewrap")


# ------------------------------------------------------------------------------------ fork_running

def _fork_and_wait(work: Callable[[], int], closing: list[int]) -> int:
    pid = host.fork_running(work, closing)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def test_fork_running_exits_with_the_code_of_the_work_and_70_when_it_raises():
    assert _fork_and_wait(lambda: 5, []) == 5

    def failing() -> int:
        raise RuntimeError("the grader's side failed")

    assert _fork_and_wait(failing, []) == 70


def test_fork_running_closes_what_it_is_told_to_and_forgets_the_signal_setup():
    closed_read, closed_write = os.pipe()
    kept_read, kept_write = os.pipe()
    report_read, report_write = os.pipe()
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    previous_handler = signal.signal(signal.SIGCHLD, lambda *_: None)
    try:
        previous_wakeup = signal.set_wakeup_fd(wake_write)
    except ValueError:  # not the main thread
        previous_wakeup = None

    def work() -> int:
        def is_open(fd: int) -> bool:
            try:
                os.fstat(fd)
                return True
            except OSError:
                return False

        found = {"closed": is_open(closed_read) or is_open(closed_write), "kept": is_open(kept_read),
                 "sigchld_default": signal.getsignal(signal.SIGCHLD) == signal.SIG_DFL,
                 "wakeup": signal.set_wakeup_fd(-1)}
        os.write(report_write, json.dumps(found).encode())
        return 0

    try:
        assert _fork_and_wait(work, [closed_read, closed_write]) == 0
    finally:
        signal.signal(signal.SIGCHLD, previous_handler)
        if previous_wakeup is not None:
            signal.set_wakeup_fd(previous_wakeup)
    os.close(report_write)
    found = json.loads(os.read(report_read, 65536))
    for fd in (closed_read, closed_write, kept_read, kept_write, report_read, wake_read, wake_write):
        os.close(fd)
    assert found["closed"] is False and found["kept"] is True
    assert found["sigchld_default"] is True  # the host's handler is not the exercise's
    assert found["wakeup"] == -1  # nor is its signal wake-up: a signal here must not wake the host's loop


# ------------------------------------------------------------------------------------ ended_children

def _result_in_fork(work: Callable[[], dict]) -> dict:
    """``work()`` in a forked process (whose only children are those it makes); its JSON-able result."""

    def report(fd: int) -> None:
        signal.alarm(int(3 * WAIT))  # a call that blocks where it must not ends this process, not the test
        os.write(fd, json.dumps(work()).encode())

    status, said = in_fork(report)
    assert os.waitstatus_to_exitcode(status) == 0, said.decode()
    return json.loads(said)


def test_ended_children_reports_those_that_ended_without_waiting_for_the_others():
    def work() -> dict:
        release_read, release_write = os.pipe()
        names = {}
        for name in ("exits 3", "killed", "still running"):
            pid = os.fork()
            if pid == 0:
                signal.alarm(int(3 * WAIT))
                if name == "exits 3":
                    os._exit(3)
                if name == "killed":
                    time.sleep(60)
                os.read(release_read, 1)
                os._exit(0)
            names[pid] = name
        os.kill(next(p for p, n in names.items() if n == "killed"), signal.SIGKILL)
        seen: dict[str, int] = {}
        deadline = time.monotonic() + WAIT
        slowest = 0.0
        while len(seen) < 2 and time.monotonic() < deadline:
            started = time.monotonic()
            seen.update({names[pid]: status for pid, status in host.ended_children()})
            slowest = max(slowest, time.monotonic() - started)
            time.sleep(0.01)
        os.write(release_write, b"x")
        later: dict[str, int] = {}
        while not later and time.monotonic() < deadline:
            later.update({names[pid]: status for pid, status in host.ended_children()})
            time.sleep(0.01)
        return {"seen": {name: [os.WIFSIGNALED(s) and os.WTERMSIG(s), os.WIFEXITED(s) and os.WEXITSTATUS(s)]
                         for name, s in seen.items()},
                "later": sorted(later), "slowest": slowest, "none_left": list(host.ended_children())}

    found = _result_in_fork(work)
    assert found["seen"] == {"exits 3": [False, 3], "killed": [signal.SIGKILL, False]}
    assert found["slowest"] < WAIT / 2  # it never waited for the one still running (that would take 30 s)
    assert found["later"] == ["still running"]
    assert found["none_left"] == []  # no child at all: it returns at once


# ------------------------------------------------------------------------------------ the host

@pytest.mark.parametrize("contained", [False, True], ids=["plain", "contained"])
def test_the_host_runs_its_jobs_one_at_a_time_in_order(served, contained):
    contained_here(contained)
    hosted = served(contained)
    first = hosted.start(1, do="wait")
    for number in (2, 3):
        hosted.start(number, do="exit", code=number)
    assert brief(hosted.events(1)) == [("started", 1)]
    assert hosted.events(1, timeout=QUIET) == []  # job 2 waits while job 1 runs
    first.release()
    assert brief(hosted.events(5)) == [("exit", 1, 0), ("started", 2), ("exit", 2, 2), ("started", 3),
                                       ("exit", 3, 3)]
    assert hosted.close() == 0


def test_the_host_says_which_process_runs_a_job(served):
    hosted = served()
    job = hosted.start(1, do="wait")
    started = hosted.events(1)[0]
    assert os.read(job.output, 8) == b"started\n"
    with open(f"/proc/{started['pid']}/stat") as stat:
        assert int(stat.read().rsplit(")", 1)[1].split()[1]) == hosted.pid  # the host's own child
    job.release()
    assert brief(hosted.events(1)) == [("exit", 1, 0)]


def test_a_kill_ends_the_running_job_and_the_next_one_starts(served):
    hosted = served()
    running = hosted.start(1, do="wait")
    hosted.start(2, do="exit", code=0)
    assert brief(hosted.events(1)) == [("started", 1)]
    hosted.send({"kill": 1})
    assert brief(hosted.events(3)) == [("exit", 1, -signal.SIGKILL), ("started", 2), ("exit", 2, 0)]
    assert ended(running.result)


def test_a_kill_of_a_queued_job_ends_it_at_once_and_closes_its_pipes(served):
    hosted = served()
    running = hosted.start(1, do="wait")
    queued = hosted.start(2, do="exit", code=0)
    assert brief(hosted.events(1)) == [("started", 1)]
    hosted.send({"kill": 2})
    assert brief(hosted.events(1)) == [("exit", 2, -signal.SIGKILL)]  # while job 1 still runs
    assert ended(queued.result) and ended(queued.output)  # the host holds nothing of it
    running.release()
    assert brief(hosted.events(1)) == [("exit", 1, 0)]
    assert hosted.events(1, timeout=QUIET) == []  # job 2 never starts


def test_a_request_the_host_cannot_use_is_refused_and_the_host_goes_on(served):
    hosted = served()
    job = Job()
    hosted.send({"job": 7, "config": {"do": "exit", "code": 0}}, job.theirs[:2])  # two descriptors, not three
    hosted.send({"job": "garbage"}, [])
    socket.send_fds(hosted.sock, [b"not json"], [job.theirs[2]])
    for fd in job.theirs:
        os.close(fd)
    # a job that is no number is no job of the server's (protocol.HostJob): nothing to answer, nothing kept open
    assert brief(hosted.events(1)) == [("exit", 7, 70)]
    assert ended(job.result) and ended(job.output)  # every descriptor sent with them is closed
    hosted.start(8, do="exit", code=4)
    assert brief(hosted.events(2)) == [("started", 8), ("exit", 8, 4)]


@pytest.mark.parametrize("contained", [False, True], ids=["plain", "contained"])
def test_what_an_exercise_leaves_running_ends_before_the_next_one_starts(served, contained):
    contained_here(contained)
    hosted = served(contained)
    # plain: the daemon stays in the exercise's process group; contained: kill(-1) from PID 1 reaches even a
    # daemon of its own session
    job = hosted.start(1, do="daemon", setsid=contained)
    assert brief(hosted.events(2)) == [("started", 1), ("exit", 1, 0)]
    assert os.read(job.result, 64) == b"left a daemon\n"
    assert ended(job.result)  # the daemon held it: it is gone, and was gone before the exit was reported
    assert hosted.close() == 0


def test_a_closed_connection_ends_the_host_the_running_job_and_the_queued_ones(served):
    hosted = served()
    running = hosted.start(1, do="wait")
    queued = hosted.start(2, do="exit", code=0)
    assert brief(hosted.events(1)) == [("started", 1)]
    assert os.read(running.output, 8) == b"started\n"  # it runs (in a session of its own)
    assert hosted.close() == 0
    assert ended(running.result) and ended(queued.result)


def test_a_closed_connection_ends_a_job_that_has_not_made_its_session_yet(served):
    hosted = served()
    running = hosted.start(1, do="wait", setsid_after=0.5)
    assert brief(hosted.events(1)) == [("started", 1)]
    assert hosted.close() == 0
    try:
        assert ended(running.result, timeout=1)
    finally:
        with contextlib.suppress(BrokenPipeError):  # gone, as it should be
            running.release()  # lets it end, if it survived
