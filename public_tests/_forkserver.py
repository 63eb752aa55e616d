"""A fork server: a clean process, NumPy and the public tests imported, that forks one child per submission.

Starting a Python process and importing NumPy costs far more than grading a submission; forking a process
that has done it once costs about a millisecond. The server is started fresh by the grader
(``python -m public_tests._forkserver FD``) before any case is drawn, so a child forked from it holds no
secret of the grading run: not the seed, not the expected values (those live in the grader's process only).

Protocol, over a datagram socket pair (one JSON message per datagram):

- grader -> server: ``{"job": id, "config": {...}}`` with three file descriptors attached (the child's job
  pipe to read, its result pipe to write, its output file); the server forks, the child runs
  ``public_tests._child.run`` and exits;
- server -> grader: ``{"event": "ready"}`` once, then ``{"event": "started", "job": id, "pid": pid}`` and
  ``{"event": "exit", "pid": pid, "status": wait_status}`` for every child, or ``{"event": "error", ...}``.

The server stops when the grader closes its stdin (killing the process groups of the children still running).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import time

PRELOAD = ("numpy", "gc_utils", "gc_utils.network", "testCases", "public_tests.execution", "public_tests._child",
           "json", "pickle", "ctypes", "traceback")
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
                    "VECLIB_MAXIMUM_THREADS")
MAX_DATAGRAM = 65536


def available() -> bool:
    """Whether this platform can run the fork server (POSIX with fork and descriptor passing)."""
    return hasattr(os, "fork") and hasattr(socket, "send_fds") and hasattr(socket, "AF_UNIX")


# --------------------------------------------------------------------------------------------- server

def _send(sock: socket.socket, message: dict) -> None:
    with contextlib.suppress(OSError):
        sock.send(json.dumps(message).encode())


def _fork_child(sock: socket.socket, wakeup: tuple[int, int], fds: list[int], config: dict) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 70
    try:
        signal.set_wakeup_fd(-1)
        for fd in (sock.fileno(), *wakeup):
            with contextlib.suppress(OSError):
                os.close(fd)
        from public_tests import _child

        code = _child.run(fds[0], fds[1], fds[2], config)
    finally:
        os._exit(code)


def _reap(children: set[int], sock: socket.socket) -> None:
    """Collect every child that has ended and tell the grader how."""
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            children.clear()
            return
        if not pid:
            return
        children.discard(pid)
        _send(sock, {"event": "exit", "pid": pid, "status": status})


def serve(control_fd: int) -> None:
    """The server's loop (see the module docstring)."""
    cwd = os.getcwd()
    sys.path[:] = [p for p in sys.path if p not in ("", ".", cwd)]  # nothing importable from the work folder
    for name in PRELOAD:
        __import__(name)
    sock = socket.socket(fileno=control_fd)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    children: set[int] = set()
    _send(sock, {"event": "ready", "pid": os.getpid()})
    try:
        while True:
            readable, _, _ = select.select([sock, wake_r, sys.stdin], [], [], 1.0)
            if sys.stdin in readable and not os.read(sys.stdin.fileno(), 4096):
                return  # the grader is gone
            if wake_r in readable:
                with contextlib.suppress(BlockingIOError):
                    os.read(wake_r, 4096)
            _reap(children, sock)
            if sock in readable:
                try:
                    data, fds, _, _ = socket.recv_fds(sock, MAX_DATAGRAM, 3)
                except OSError:
                    return
                if not data:
                    return
                request = None
                try:
                    request = json.loads(data)
                    if len(fds) != 3:
                        raise ValueError(f"expected 3 file descriptors, got {len(fds)}")
                    pid = _fork_child(sock, (wake_r, wake_w), fds, request["config"])
                    children.add(pid)
                    _send(sock, {"event": "started", "job": request["job"], "pid": pid})
                except Exception as error:  # noqa: BLE001 - report and keep serving
                    _send(sock, {"event": "error", "job": request.get("job") if isinstance(request, dict) else None,
                                 "message": f"{type(error).__name__}: {error}"})
                finally:
                    for fd in fds:
                        with contextlib.suppress(OSError):
                            os.close(fd)
    finally:
        for pid in children:
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
        shutil.rmtree(cwd, ignore_errors=True)  # the grader's work folder, also when the grader died


# --------------------------------------------------------------------------------------------- client

class ForkServer:
    """The grader's handle on a running fork server."""

    def __init__(self, workdir: str, start_timeout: float = 60.0) -> None:
        self.workdir = workdir
        self.start_timeout = start_timeout
        self.process: subprocess.Popen | None = None
        self.sock: socket.socket | None = None
        self.restarts = -1
        self.start()

    def start(self) -> None:
        """Start (or restart) the server and wait until it has imported everything."""
        self.close()
        parent_end, server_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        env.update({name: "1" for name in THREAD_VARIABLES})
        package_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "public_tests._forkserver", str(server_end.fileno())],
            stdin=subprocess.PIPE, pass_fds=(server_end.fileno(),), cwd=self.workdir, env=env,
            start_new_session=True)
        server_end.close()
        self.sock = parent_end
        self.restarts += 1
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            readable, _, _ = select.select([self.sock], [], [], 0.2)
            if readable:
                message = self.receive()
                if message and message.get("event") == "ready":
                    self.sock.setblocking(False)
                    return
            if self.process.poll() is not None:
                break
        self.close()
        raise RuntimeError("the grader's fork server did not start (is numpy importable?)")

    def fileno(self) -> int:
        return self.sock.fileno()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def spawn(self, job: int, fds: list[int], config: dict) -> None:
        """Ask for a child; its ``started`` event arrives through ``receive``."""
        socket.send_fds(self.sock, [json.dumps({"job": job, "config": config}).encode()], fds)

    def receive(self) -> dict | None:
        """The next event, or None when there is none (or it is not one)."""
        try:
            data = self.sock.recv(MAX_DATAGRAM)
        except (BlockingIOError, InterruptedError):
            return None
        except OSError:
            return {"event": "gone"}
        if not data:
            return {"event": "gone"}
        try:
            message = json.loads(data)
        except ValueError:
            return None
        return message if isinstance(message, dict) else None

    def close(self) -> None:
        if self.process is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None
        if self.sock is not None:
            self.sock.close()
            self.sock = None


if __name__ == "__main__":
    serve(int(sys.argv[1]))
