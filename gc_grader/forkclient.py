"""The grader's side of the fork server (``gc_grader.forkserver``): starting it, also ahead of the grader's own
imports, asking it for jobs and reading its events (``gc_grader.protocol``).

Nothing here imports NumPy or the public tests: ``python -m public_tests`` starts the server with this module
before it imports those.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from typing import IO

from . import sandbox
from .control import MAX_CONTROL, send_control
from .protocol import CgroupsRequest, ChildConfig, Event, JobRequest, parse_event


def available() -> bool:
    """Whether this platform can run the fork server (POSIX with fork and descriptor passing)."""
    return hasattr(os, "fork") and hasattr(socket, "send_fds") and hasattr(socket, "AF_UNIX")


def _bootstrap(path: list[str], sandboxed: bool) -> str:
    return (f"import sys; sys.path[:] = {path!r}; from gc_grader.forkserver import serve; "
            f"serve(int(sys.argv[1]), {sandboxed!r})")


class ForkServer:
    """The grader's handle on a running fork server (sandboxed unless ``bwrap`` is None).

    Started at once and waited for (``wait=True``), or only started: ``wait_ready`` then waits.
    """

    def __init__(self, workdir: str, bwrap: str | None, start_timeout: float = 60.0, wait: bool = True,
                 clean_environment: bool = False) -> None:
        self.workdir = workdir
        self.bwrap = bwrap
        self.clean_environment = clean_environment  # unsandboxed: the exercises get none of the grader's variables
        self.start_timeout = start_timeout
        self.process: subprocess.Popen | None = None
        self.sock: socket.socket | None = None
        self.restarts = -1
        self.ready = False
        self._errors: IO[bytes] | None = None  # the server's stderr until it is ready: what it said when it failed
        self._deadline = 0.0
        self.cgroups: tuple[dict, list[int]] | None = None  # the run's cgroup plan and folders, for every (re)start
        self.seccomp = ""  # what the server said each exercise's seccomp filter denies
        self._launch()
        if wait:
            self.wait_ready()

    def _command(self, fd: int) -> tuple[list[str], dict]:
        if self.bwrap is None:
            env = sandbox.exercise_environment() if self.clean_environment else dict(
                os.environ, PYTHONDONTWRITEBYTECODE="1", **{n: "1" for n in sandbox.THREAD_VARIABLES})
            path = [str(sandbox.project_paths()["root"])] + sys.path[1:]
            return [sys.executable, "-I", "-B", "-c", _bootstrap(path, False), str(fd)], env
        command = sandbox.bwrap_command(self.bwrap, _bootstrap(sandbox.import_path(), True))
        return command + [str(fd)], {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}

    def start(self) -> None:
        """Start (or restart) the server and wait until it has imported everything.

        Raises ``SandboxUnavailable`` when bubblewrap cannot start, RuntimeError for any other failure.
        """
        self._launch()
        self.wait_ready()

    def _launch(self) -> None:
        """Stop the server if it runs, and start it again (``wait_ready`` waits for it)."""
        self.close()
        if self._errors is not None:
            self._errors.close()
        parent_end, server_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
        command, env = self._command(server_end.fileno())
        self._errors = errors = tempfile.TemporaryFile(dir=self.workdir)
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=errors, stderr=errors,
                                        pass_fds=(server_end.fileno(),), cwd=self.workdir, env=env,
                                        start_new_session=True)
        server_end.close()
        self.sock = parent_end
        self.restarts += 1
        self._deadline = time.monotonic() + self.start_timeout
        self.ready = False

    def wait_ready(self) -> None:
        """Wait until the server started by ``_launch`` has imported everything (at once if it has said so).

        Raises ``SandboxUnavailable`` when bubblewrap cannot start, RuntimeError for any other failure.
        """
        if self.ready:
            return
        sock, process, errors = self._socket, self.process, self._errors
        assert process is not None and errors is not None  # set by _launch, with the socket
        while time.monotonic() < self._deadline:
            readable, _, _ = select.select([sock], [], [], 0.2)
            message = self.receive() if readable else None
            if message is not None and message["event"] == "ready":
                sock.setblocking(False)
                errors.close()
                self._errors, self.ready = None, True
                self.seccomp = message["seccomp"]
                self._send_cgroups()
                return
            if process.poll() is not None:
                break
        self.close()
        errors.seek(0)
        said = errors.read(2000).decode(errors="replace").strip()
        errors.close()
        self._errors = None
        if self.bwrap is not None and (said.startswith("bwrap:") or "bwrap" in said.split("\n")[0]):
            raise sandbox.SandboxUnavailable(f"bubblewrap cannot start here ({said}). {sandbox.INSTALL_HINT}")
        raise RuntimeError(f"the grader's fork server did not start: {said or 'no message'}")

    def use_cgroups(self, plan: dict, fds: list[int]) -> None:
        """Give every submission from now on a cgroup of its own, in the run's folders ``fds`` (``plan``: see
        ``gc_grader.cgroups.RunCgroups.plan``); a restarted server gets them again."""
        self.cgroups = (plan, list(fds))
        self._send_cgroups()

    def _send_cgroups(self) -> None:
        if self.cgroups is not None and self.ready:
            plan, fds = self.cgroups
            request: CgroupsRequest = {"cgroups": plan}
            socket.send_fds(self._socket, [json.dumps(request).encode()], fds)

    @property
    def _socket(self) -> socket.socket:
        """The socket to the server; OSError when it is closed."""
        if self.sock is None:
            raise OSError("the fork server is not running")
        return self.sock

    def fileno(self) -> int:
        return self._socket.fileno()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def spawn(self, job: int, group: int, fds: list[int], config: ChildConfig) -> None:
        """Ask for job ``job`` of submission ``group``; its ``started`` event arrives through ``receive``."""
        request: JobRequest = {"job": job, "group": group, "config": config}
        socket.send_fds(self._socket, [json.dumps(request).encode()], fds)

    def kill(self, job: int) -> None:
        """Ask the server to end job ``job`` (its process and whatever that started)."""
        send_control(self._socket, {"kill": job})

    def close_group(self, group: int) -> None:
        """Ask the server to end submission ``group``'s host and namespaces (its jobs are all done)."""
        send_control(self._socket, {"close": group})

    def receive(self) -> Event | None:
        """The next event, or None when there is none (or it is not one)."""
        try:
            data = self._socket.recv(MAX_CONTROL)
        except (BlockingIOError, InterruptedError):
            return None
        except OSError:
            return {"event": "gone"}
        if not data:
            return {"event": "gone"}
        return parse_event(data)

    def close(self) -> None:
        """Stop the server and wait until it (and, sandboxed, every process of its sandbox) is gone."""
        if self.process is not None:
            with contextlib.suppress(OSError):
                if self.process.stdin is not None:
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


# --------------------------------------------------------------------------------------------- started ahead

_AHEAD: list[ForkServer] = []
"""The server ``start_ahead`` started, until a scheduler takes it (``take_ahead``)."""


def grading_workdir() -> str:
    """A fresh folder for one run's fork server (unsandboxed, the exercises' working folder), removed by whoever
    made it."""
    workdir = tempfile.mkdtemp(prefix="gc-grading-")
    os.chmod(workdir, 0o711)  # unsandboxed, an unprivileged child must reach its own folder inside
    return workdir


def start_ahead(argv: list[str]) -> None:
    """Start a sandboxed run's fork server now, without waiting for it, when the command line ``argv`` asks for a
    grading run in bubblewrap (``_in_bubblewrap``) and bubblewrap is installed.

    ``python -m public_tests`` calls this before it imports the grader: the server then imports NumPy on another
    core while the grader imports NumPy and its judge, instead of after (~0.3 s of every run). The run's scheduler
    takes it over (``take_ahead``) and waits for it, with the errors ``ForkServer.wait_ready`` raises, as for a
    server of its own. The command line is only guessed at here: where the guess is wrong (a usage error, an
    abbreviated option), nothing takes the server, and it is stopped and its folder removed when this process
    exits.
    """
    if not available() or not _in_bubblewrap(argv):
        return
    bwrap = sandbox.find_bwrap()
    if bwrap is None:
        return  # the run says how to install it
    workdir = grading_workdir()
    try:
        _AHEAD.append(ForkServer(workdir, bwrap, wait=False))
    except Exception:  # noqa: BLE001 - the run starts a server of its own, and reports why it cannot
        shutil.rmtree(workdir, ignore_errors=True)
        return
    atexit.register(_stop_ahead)


def _in_bubblewrap(argv: list[str]) -> bool:
    """Whether ``argv`` seems to ask for a grading run in bubblewrap: ``grade ...`` without ``--help``,
    ``--unsafe-no-sandbox`` or another ``--sandbox`` (``--sandbox MODE`` or ``--sandbox=MODE``)."""
    if argv[:1] != ["grade"] or any(a in ("-h", "--help") or a.startswith("--u") for a in argv):
        return False
    modes = [b for a, b in zip(argv, argv[1:]) if a == "--sandbox"]
    modes += [a.partition("=")[2] for a in argv if a.startswith("--sandbox=")]
    return all(mode == "bubblewrap" for mode in modes)


def take_ahead(bwrap: str | None) -> ForkServer | None:
    """The server ``start_ahead`` started, if it runs ``bwrap`` (None: unsandboxed, never), once; else None."""
    if bwrap is not None and _AHEAD and _AHEAD[-1].bwrap == bwrap:
        return _AHEAD.pop()
    return None


def _stop_ahead() -> None:
    while _AHEAD:
        server = _AHEAD.pop()
        server.close()
        shutil.rmtree(server.workdir, ignore_errors=True)
