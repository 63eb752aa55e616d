"""Running the grader as an instructor would, and reading what it wrote: shared by the grading tests."""

from __future__ import annotations

import csv
import functools
import json
import os
import select
import shlex
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = "2"  # seconds per step: hangs cost this much; honest code needs ~50 ms, but over 1 s was seen on a
# CI runner with the browser test beside it (a correct gradient_check_n timed out at 1 s)


def grader(*args, env: dict | None = None, python: str = sys.executable, user: str | None = None,
           timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `python -m public_tests grade ARGS...`; ``user`` runs it as that user (through ``setpriv``)."""
    command = [python, "-m", "public_tests", "grade", *map(str, args)]
    if user is not None:
        command = as_user(user, command)
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                          env=None if env is None else {**os.environ, **env})


def refused(*args) -> SimpleNamespace:
    """``python -m public_tests grade ARGS...`` for a command line that is refused before anything runs, in this
    process (no fork server, no sandbox: a usage error costs none): its exit status and what it printed."""
    import contextlib
    import io

    from gc_grader.command import main

    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = main(["grade", *map(str, args)])
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
    return SimpleNamespace(returncode=code, stdout=stdout.getvalue(), stderr=stderr.getvalue())


def as_user(user: str, command: list[str]) -> list[str]:
    """``command`` run as ``user`` (through ``setpriv``; the caller is root), able to run this Python and project.

    Where a folder on the way to them is closed to ``user`` (this machine's Python lives under ``/root``, mode 700),
    the command runs in a mount namespace of its own (``opened_for_others``).
    """
    import pwd

    entry = pwd.getpwnam(user)
    switch = ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--clear-groups", "--"]
    steps = opening_steps()
    if not steps:
        return switch + command
    return in_namespace(["--mount"], steps, switch + command)


def opening_steps() -> list[str]:
    """Shell steps that, in a mount namespace of its own, open the folders closed to other users on the way to this
    Python and project: each such folder becomes an empty tmpfs, open to all, holding only what leads on to them,
    bound from the real folder. Nothing else of the folder is reachable, nothing outside the namespace changes."""
    closed: dict[Path, set[str]] = {}  # closed folder -> the names in it that lead on
    for needed in {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), ROOT}:
        for folder in reversed(needed.parents):
            if folder != Path("/") and not os.stat(folder).st_mode & 0o001:  # others may not pass through
                closed.setdefault(folder, set()).add(needed.relative_to(folder).parts[0])
                break
    steps = []
    for folder, names in closed.items():
        steps.append(f'kept=$(mktemp -d); mount --bind {shlex.quote(str(folder))} "$kept"; '
                     f'mount -t tmpfs -o mode=755 tmpfs {shlex.quote(str(folder))}')
        for name in sorted(names):
            inside = shlex.quote(str(folder / name))
            steps.append(f'mkdir {inside}; mount --bind "$kept"/{shlex.quote(name)} {inside}')
        steps.append('umount "$kept"; rmdir "$kept"')
    return steps


def in_namespace(namespaces: list[str], steps: list[str], command: list[str]) -> list[str]:
    """``command`` run by ``unshare`` in new ``namespaces`` (a mount namespace among them, private), after the
    shell ``steps``."""
    script = "; ".join([*steps, 'exec "$@"'])
    return ["unshare", *namespaces, "--propagation", "private", "sh", "-ec", script, "sh", *command]


def outputs(out: Path) -> SimpleNamespace:
    document = json.loads((out / "grades.json").read_text(encoding="utf-8"))
    with open(out / "grades.csv", encoding="utf-8", newline="") as stream:
        table = list(csv.DictReader(stream))
    return SimpleNamespace(document=document, rows={r["submission"]: r for r in document["submissions"]},
                           table=table, run=document["run"])


def processes_with(token: str, uid: int | None = None) -> list[int]:
    """PIDs of the processes of user ``uid`` (by default this process's) whose command line contains ``token``
    (found through /proc). Only one user's: a test run as root and one run as nobody may run side by side."""
    uid = os.geteuid() if uid is None else uid
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/status") as status:  # its real uid ("Uid:" line), dumpable or not
                    if int(next(line for line in status if line.startswith("Uid:")).split()[1]) != uid:
                        continue
                with open(f"/proc/{entry}/cmdline", "rb") as stream:
                    if token.encode() in stream.read():
                        found.append(int(entry))
            except (OSError, StopIteration, ValueError):
                continue
    return found


def kill_all(pids: list[int]) -> None:
    """End the processes ``pids`` (by PID: a test cleans up only what it found)."""
    import signal

    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@functools.cache
def user_namespaces_unavailable() -> str | None:
    """Why this process cannot make a user namespace (a container's seccomp profile, a sysctl), or None: tried in a
    forked process. Where it cannot, neither can the sandbox's namespaces be made."""
    import ctypes

    from gc_grader import sandbox

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read)
            if sandbox.load_libc().unshare(sandbox.CLONE_NEWUSER) != 0:
                os.write(write, os.strerror(ctypes.get_errno()).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as stream:
        said = stream.read().decode()
    os.waitpid(pid, 0)
    return said or None


def in_fork(work: Callable[[int], object], timeout: float = 60) -> tuple[int, bytes]:
    """Run ``work(fd)`` in a forked process; its wait status, and what it wrote to ``fd`` (a traceback if it
    raised: exit code 1). Whatever the forked process leaves that holds ``fd`` keeps the read open, up to
    ``timeout`` seconds (then TimeoutError)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(read)
            work(write)
        except BaseException:  # noqa: B036 - reported, never raised into pytest from a forked process
            code = 1
            os.write(write, traceback.format_exc().encode())
        finally:
            os._exit(code)
    os.close(write)
    said = read_all(read, timeout)
    return os.waitpid(pid, 0)[1], said


def read_all(fd: int, timeout: float) -> bytes:
    """Everything written to pipe ``fd`` until its every writer closed it (then ``fd`` is closed); TimeoutError
    after ``timeout`` seconds."""
    chunks, deadline = [], time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError(f"a writer kept the pipe open for {timeout} s: {b''.join(chunks)!r}")
            chunk = os.read(fd, 65536)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    finally:
        os.close(fd)
