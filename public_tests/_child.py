"""The grader's child process: one submission's functions, run on the cases the parent sends.

Forked by the fork server (``public_tests._forkserver``) with NumPy and the public tests already imported.
In order, it:

1. limits itself (memory, file size, CPU time, core dumps; a wall-clock alarm as a backstop), starts its own
   process group (so the parent can kill anything it spawns), and, when the grader runs as root, becomes an
   unprivileged user and non-dumpable (so it cannot read or signal the grader, nor write its output folder);
2. hides the grader's own modules: ``import public_tests`` fails from here on;
3. reads the program (imports and definitions picked by ``public_tests.extract``) and runs it in a fresh
   ``__main__`` namespace, then reports ``defined``;
4. only then receives the cases (drawn for this grading run, unknown until now), runs each graded function on
   them with ``public_tests.execution.execute`` and sends one ``result`` line of plain JSON per exercise;
5. sends ``done`` and exits with ``os._exit`` (no atexit hook of the submission runs).

Messages to the parent are JSON lines on ``result_fd``; nothing the child sends is trusted (see
``public_tests.wire``). The cases arrive as a pickle from the parent (trusted direction).
"""

from __future__ import annotations

import builtins
import contextlib
import ctypes
import io
import json
import os
import pickle
import signal
import struct
import sys
import traceback
import types
from collections.abc import Callable

from . import cases as _cases
from . import wire as _wire
from .execution import Outcome, execute

try:
    import resource
except ImportError:  # not POSIX: limits cannot be applied
    resource = None

_CASE_CLASSES = {"Case": _cases.Case, "Expect": _cases.Expect}
_HIDDEN_PACKAGES = ("public_tests",)
NOTE_LIMIT = 50


# ------------------------------------------------------------------------------------- the process

def _prctl(option: int, value: int) -> None:
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)


PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS = 4, 38


def _virtual_memory() -> int:
    """This process's current address-space size in bytes (0 when unknown)."""
    with contextlib.suppress(OSError, ValueError, StopIteration), open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmSize:"))
        return int(line.split()[1]) * 1024
    return 0


def _limit(name: str, soft: int, hard: int | None = None) -> None:
    if resource is None or not hasattr(resource, name):
        return
    kind = getattr(resource, name)
    with contextlib.suppress(ValueError, OSError):
        _, current_hard = resource.getrlimit(kind)
        hard = soft if hard is None else hard
        if current_hard != resource.RLIM_INFINITY:
            soft, hard = min(soft, current_hard), min(hard, current_hard)
        resource.setrlimit(kind, (soft, hard))


def limit_process(config: dict) -> None:
    """Resource limits from ``config``, where the platform supports them (silently skipped otherwise)."""
    _limit("RLIMIT_CORE", 0)
    if config.get("memory_bytes") and _virtual_memory():  # only where the current size is known (Linux)
        _limit("RLIMIT_AS", _virtual_memory() + int(config["memory_bytes"]))
    if config.get("output_bytes"):
        _limit("RLIMIT_FSIZE", int(config["output_bytes"]))
        if hasattr(signal, "SIGXFSZ"):
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
    if config.get("cpu_seconds"):
        _limit("RLIMIT_CPU", int(config["cpu_seconds"]), int(config["cpu_seconds"]) + 5)
    if config.get("max_processes"):
        _limit("RLIMIT_NPROC", int(config["max_processes"]))


def drop_privileges(uid: int | None, gid: int | None) -> None:
    """Become ``uid``/``gid`` (only when running as root) and make this process non-dumpable."""
    if uid is not None and hasattr(os, "setuid") and os.geteuid() == 0:
        os.setgroups([])
        os.setgid(gid if gid is not None else uid)
        os.setuid(uid)
    _prctl(PR_SET_NO_NEW_PRIVS, 1)
    _prctl(PR_SET_DUMPABLE, 0)


class _BlockGraderModules:
    """A meta-path finder that refuses the grader's own packages."""

    @staticmethod
    def find_spec(fullname, path=None, target=None):
        if fullname.split(".")[0] in _HIDDEN_PACKAGES:
            raise ImportError(f"{fullname} is not available to submissions while grading")
        return None


def hide_grader_modules() -> None:
    """Make ``import public_tests`` fail (a speed bump: see the README's remaining risks)."""
    for name in [n for n in sys.modules if n.split(".")[0] in _HIDDEN_PACKAGES]:
        del sys.modules[name]
    sys.meta_path.insert(0, _BlockGraderModules)


# ----------------------------------------------------------------------------------------- framing

def read_frame(stream) -> bytes:
    """One length-prefixed frame (8-byte big-endian length, then the bytes)."""
    header = stream.read(8)
    if len(header) != 8:
        raise EOFError("the parent closed the connection")
    (length,) = struct.unpack(">Q", header)
    data = stream.read(length)
    if len(data) != length:
        raise EOFError("the parent closed the connection")
    return data


def frame(data: bytes) -> bytes:
    return struct.pack(">Q", len(data)) + data


class _CaseUnpickler(pickle.Unpickler):
    """Rebuilds the parent's ``Case`` objects without importing ``public_tests`` (hidden by now)."""

    def find_class(self, module, name):
        if module == "public_tests.cases" and name in _CASE_CLASSES:
            return _CASE_CLASSES[name]
        return super().find_class(module, name)


# --------------------------------------------------------------------------------------- the work

def _where(error: BaseException) -> str:
    if isinstance(error, SyntaxError) and error.filename and error.filename.startswith("<cell"):
        return f"{error.filename[1:-1]}, line {error.lineno}: "
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.startswith("<cell")]
    return f"{frames[-1].filename[1:-1]}, line {frames[-1].lineno}: " if frames else ""


def _describe(error: BaseException) -> str:
    return f"{_where(error)}{type(error).__name__}: {error}"[:500]


def define(program: dict) -> tuple[dict[str, Callable], list[str]]:
    """Run the program's imports and definitions in a fresh ``__main__``; the graded functions and notes."""
    module = types.ModuleType("__main__")
    module.__dict__["__builtins__"] = builtins
    sys.modules["__main__"] = module
    functions, notes = {}, []
    for chunk in program["chunks"]:
        try:
            code = compile(chunk["source"], f"<cell {chunk['cell']}>", "exec", dont_inherit=True)
            exec(code, module.__dict__)  # noqa: S102 - running the submission is the point of this process
        except BaseException as error:  # noqa: BLE001 - anything, even SystemExit, is reported and survived
            what = "import" if chunk["kind"] == "import" else "definition"
            notes.append(f"The {what} in {_describe(error)}")
        for name in chunk["defines"]:
            value = module.__dict__.get(name)
            if callable(value):
                functions[name] = value
            else:
                functions.pop(name, None)
    return functions, notes[:NOTE_LIMIT]


def run_case(function: Callable, case) -> Outcome:
    """``execution.execute``, plus what it lets through (SystemExit, KeyboardInterrupt...) as an error outcome."""
    try:
        return execute(function, case)
    except BaseException as error:  # noqa: BLE001
        return Outcome(error_type=type(error).__name__, error=str(error)[:500] or repr(error)[:500])


def _close_other_fds(keep: set[int]) -> None:
    highest = 256
    if resource is not None:
        with contextlib.suppress(ValueError, OSError):
            highest = min(resource.getrlimit(resource.RLIMIT_NOFILE)[0], 65536)
    start = 3
    for fd in sorted(keep) + [highest]:
        if fd >= start:
            os.closerange(start, fd)
            start = fd + 1


def prepare(job_fd: int, result_fd: int, output_fd: int, config: dict) -> None:
    """Set the process up before any of the submission's code runs."""
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(output_fd, 1)
    os.dup2(output_fd, 2)
    _close_other_fds({job_fd, result_fd})
    for name in ("SIGCHLD", "SIGINT", "SIGTERM", "SIGPIPE"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    limit_process(config)
    if config.get("workdir"):
        os.chdir(config["workdir"])
    drop_privileges(config.get("uid"), config.get("gid"))
    if config.get("alarm_seconds") and hasattr(signal, "alarm"):
        signal.alarm(int(config["alarm_seconds"]))


def main(job_fd: int, result_fd: int, config: dict) -> int:
    """Everything after ``prepare`` (see the module docstring); returns the exit code."""

    def send(message: dict) -> None:
        data = memoryview((json.dumps(message, allow_nan=False, separators=(",", ":")) + "\n").encode())
        while data:
            data = data[os.write(result_fd, data):]

    stream = os.fdopen(job_fd, "rb", closefd=False)
    program = json.loads(read_frame(stream))
    hide_grader_modules()
    functions, notes = define(program)
    send({"type": "defined", "notes": notes})
    cases = _CaseUnpickler(io.BytesIO(read_frame(stream))).load()
    for exercise in program["exercises"]:
        function = functions.get(exercise)
        if function is None:
            send({"type": "result", "exercise": exercise, "missing": "its definition did not run"})
            continue
        outcomes = [run_case(function, case) for case in cases[exercise]]
        send({"type": "result", "exercise": exercise, "outcomes": [_wire.encode_outcome(o) for o in outcomes]})
    send({"type": "done"})
    return 0


def run(job_fd: int, result_fd: int, output_fd: int, config: dict) -> int:
    """The whole life of a freshly forked child; returns its exit code (70 if the grader's side failed)."""
    try:
        prepare(job_fd, result_fd, output_fd, config)
        return main(job_fd, result_fd, config)
    except BaseException:  # noqa: BLE001 - whatever happened, leave with a code, never with a traceback handler
        with contextlib.suppress(BaseException):
            traceback.print_exc()
        return 70
