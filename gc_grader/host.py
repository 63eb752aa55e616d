"""One submission's sandbox: its exercises one at a time, each in a process of its own, nothing left between them.

The fork server (``gc_grader.forkserver``) starts a host for each submission: sandboxed, the host is
PID 1 of a user, mount, PID, IPC and network namespace made for that submission (``sandbox.isolate_child``).
Making namespaces costs far more than forking, so they are made once per submission, not once per exercise.
For each exercise the host forks a process that enters a mount and IPC namespace of its own with a fresh
``/tmp`` (``sandbox.enter_exercise``), gives up every capability and runs ``gc_grader.child.run``.
When that process ends, the host kills every other process of the namespace (``kill(-1)`` from PID 1: whatever
the exercise started, a daemon, a double fork with ``setsid``) and waits for them, before the next exercise
starts. So one exercise's code finds nothing of another's: not its memory (each process is forked from the host,
which runs none of the submission's code), not its processes, not its files, not its IPC objects.

The submission's code cannot stop the host: signals sent from inside a PID namespace to its PID 1 are dropped
unless PID 1 handles them, and the host handles none; ``/proc`` is covered and the host is not dumpable.
Unsandboxed (``--unsafe-no-sandbox``) the host is a plain process and ends an exercise's process group instead.

It talks with the fork server over a ``SOCK_SEQPACKET`` socket pair, one JSON object per packet: jobs (each with
the exercise's three file descriptors) and kills in, ``started`` and ``exit`` events out (``gc_grader.protocol``).
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import select
import signal
import socket
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from . import child, isolation, sandbox
from .control import MAX_CONTROL, close_fds, receive_control, send_control
from .protocol import EXIT_GRADER_FAILED, ChildConfig

KILLED = int(signal.SIGKILL)  # the wait status of a process killed by SIGKILL, for a job ended before it started


def fork_running(work: Callable[[], int], closing: Iterable[int]) -> int:
    """Fork; the new process forgets this one's signal wake-up, closes ``closing``, runs ``work`` and exits with
    its code (70, the grader's side failed, if it raised). Returns the new process's PID.

    A forked process starts by reading little of what it inherited: every page it writes to is copied (~4 µs
    each here), and a reference count raised is a write. So the grader's modules are listed here, once, for the
    new process to hide (``child.list_grader_modules``), and the new process moves what it inherited out of its
    garbage collector's reach (``gc.freeze``), which would otherwise traverse it at its first collection.
    """
    child.list_grader_modules()
    pid = os.fork()
    if pid == 0:
        code = 70
        try:
            gc.freeze()
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            close_fds(closing)
            code = work()
        finally:
            os._exit(code)
    return pid


def ended_children() -> Iterator[tuple[int, int]]:
    """(pid, wait status) of every child of this process that has ended, without waiting for the others."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if not pid:
            return
        yield pid, status


class Host:
    """The host's state: the queue of jobs, the one running, and how to end what an exercise left behind."""

    def __init__(self, sock: socket.socket, contained: bool) -> None:
        self.sock = sock
        self.contained = contained  # PID 1 of its own PID namespace: kill(-1) reaches exactly the submission
        self.queue: deque[tuple[int, ChildConfig, list[int]]] = deque()
        self.current: tuple[int, int] | None = None  # (job, pid)
        self.swept: tuple[int, str] | None = None  # (uid, private folder) of the running exercise, to sweep after
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_w, False)

    # ------------------------------------------------------------------ running one exercise

    def _start_next(self) -> None:
        job, config, fds = self.queue.popleft()
        uid, gid, workdir = config.get("uid"), config.get("gid"), config.get("workdir")
        if config.get("sweep") and uid is not None and workdir:  # a container: a private folder, swept after
            private = isolation.private_folder(workdir, f"exercise-{job}", uid, uid if gid is None else gid)
            config = {**config, "workdir": private, "private": True}
            self.swept = (uid, private)

        def exercise() -> int:
            if self.contained:
                sandbox.enter_exercise()
            return child.run(fds[0], fds[1], fds[2], config)

        pid = fork_running(exercise, [self.sock.fileno(), self.wake_r, self.wake_w,
                                      *(fd for _, _, queued in self.queue for fd in queued)])
        close_fds(fds)
        self.current = (job, pid)
        send_control(self.sock, {"event": "started", "job": job, "pid": pid})

    def _end_leftovers(self, pid: int) -> None:
        """Kill whatever the exercise's process left (or, for a kill request, the process too) and reap it all."""
        with contextlib.suppress(OSError):
            if self.contained:
                os.kill(-1, signal.SIGKILL)  # PID 1: every process of this namespace but itself
            else:
                os.killpg(pid, signal.SIGKILL)  # the exercise's process made its own session
        if self.swept is not None:  # a container: every process, IPC object and file of the exercise's user
            isolation.sweep_user(*self.swept)
            self.swept = None
        if self.contained:
            while True:
                try:
                    os.waitpid(-1, 0)
                except ChildProcessError:
                    return
                except InterruptedError:
                    continue

    def _reap(self) -> None:
        """Report the running exercise once its process has ended; reap anything else that ended."""
        for pid, status in ended_children():
            if self.current is not None and pid == self.current[1]:
                job = self.current[0]
                self._end_leftovers(pid)
                self.current = None
                send_control(self.sock, {"event": "exit", "job": job, "status": status})

    def _kill(self, job: int) -> None:
        if self.current is not None and self.current[0] == job:
            with contextlib.suppress(OSError):
                os.kill(self.current[1], signal.SIGKILL)  # reaped (and the rest ended) by _reap
            return
        for queued in [q for q in self.queue if q[0] == job]:
            self.queue.remove(queued)
            close_fds(queued[2])
            send_control(self.sock, {"event": "exit", "job": job, "status": KILLED})

    # ------------------------------------------------------------------ the loop

    def _receive(self) -> bool:
        """Take one request; False when the server is gone."""
        received = receive_control(self.sock, MAX_CONTROL)
        if received is None:
            return False
        data, fds = received
        try:
            request = json.loads(data)
            if "kill" in request:
                close_fds(fds)
                self._kill(request["kill"])
            elif len(fds) == 3:
                self.queue.append((request["job"], request["config"], fds))
            else:
                close_fds(fds)
                send_control(self.sock, {"event": "exit", "job": int(request["job"]), "status": EXIT_GRADER_FAILED})
        except (ValueError, KeyError, TypeError):
            close_fds(fds)
        return True

    def serve(self) -> int:
        signal.set_wakeup_fd(self.wake_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        try:
            while True:
                if self.current is None and self.queue:
                    self._start_next()
                readable, _, _ = select.select([self.sock.fileno(), self.wake_r], [], [], 1.0)
                if self.wake_r in readable:
                    with contextlib.suppress(BlockingIOError):
                        os.read(self.wake_r, 4096)
                self._reap()
                if self.sock.fileno() in readable and not self._receive():
                    return 0
        finally:
            if self.current is not None:  # still running, not reaped: its pid is still its own
                with contextlib.suppress(OSError):
                    os.kill(self.current[1], signal.SIGKILL)  # it may not have made its own session yet
                self._end_leftovers(self.current[1])
            for _, _, fds in self.queue:
                close_fds(fds)


def serve(sock: socket.socket, contained: bool) -> int:
    """Run a host on ``sock`` until the server closes it (see the module docstring); returns the exit code."""
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # PID 1 drops unhandled signals from inside
        signal.signal(number, signal.SIG_DFL if contained else signal.SIG_IGN)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # a write to a closed socket fails instead
    sandbox.prctl(sandbox.PR_SET_DUMPABLE, 0)
    return Host(sock, contained).serve()
