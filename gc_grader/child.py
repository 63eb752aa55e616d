"""The grader's child process: one exercise of one submission, defined and run on the cases of this run.

Forked by its submission's host (``gc_grader.host``), in namespaces of its own when sandboxed. In order:

1. limits itself (memory, file size, CPU time, core dumps; a wall-clock alarm as a backstop), starts its own
   session, and, unsandboxed as root, becomes an unprivileged user; always non-dumpable; then installs a seccomp
   filter (``gc_grader.seccomp``) that denies the system calls no graded function needs;
2. hides the grader's own modules: ``import public_tests`` fails from here on;
3. reads the program (the imports and the one answer cell ``gc_grader.extract`` picked for this
   exercise) and runs it in a fresh ``__main__``; then reports ``defined``;
4. only then receives the exercise and the run's seed (as the generator state it gives), rebuilds the cases
   itself (``build_cases``: the same code the grader ran, so no case object crosses a process boundary and nothing
   is unpickled), runs the function on them with ``public_tests.execution.execute`` and sends one ``result``;
5. sends ``done`` and exits with ``os._exit`` (no atexit hook of the submission runs).

Sabotage is told apart from a wrong answer: the child compares builtins, NumPy, ``gc_utils`` and the execution
modules before and after the submission's code ran, and reports ``sabotaged`` with what changed. What the code
did while it ran (walking frames, exec and runpy, imports of importlib or ctypes, files opened, calls of
``gc_utils``' own checks) is sent as ``observed`` notes for the instructor's review. Every message is a JSON
line (``gc_grader.wire``); the parent trusts none of it.
"""

from __future__ import annotations

import builtins
import contextlib
import functools
import json
import operator
import os
import resource  # POSIX, as every process of the grader's sandbox: the grader refuses to run elsewhere
import signal
import sys
import traceback
import types
from collections.abc import Callable
from typing import ClassVar

from public_tests import execution
from public_tests.cases import build_cases

from . import sandbox, seccomp, wire
from .protocol import ChildConfig

HIDDEN_PACKAGES = ("public_tests", "gc_grader")
NOTE_LIMIT = 50
OBSERVED_LIMIT = 20
WATCHED_CHECKS = ("gc_utils.checks", "gc_utils.sweeps", "gc_utils.perturbation")
"""Modules whose public functions are gc_utils' own checks: a graded function calling one is noted for review."""
GUARDED_MODULES = ("builtins", "numpy", "numpy.linalg", "math", "gc_utils", "gc_utils.packing", "gc_utils.network",
                   "gc_utils.activations", "public_tests.execution", "public_tests.cases", "public_tests.environment",
                   "copy", "json")
"""Modules whose contents a submission has no business changing: a change is reported as sabotage."""
FLAGGED_IMPORTS = {"runpy", "importlib", "inspect", "ctypes", "subprocess", "socket", "pickle", "marshal", "gc",
                   "public_tests", "multiprocessing", "threading", "signal", "resource", "pty"}
FLAGGED_EVENTS = {
    "sys._getframe": "walked the call stack (sys._getframe)",
    "sys._current_frames": "walked the call stack (sys._current_frames)",
    "sys.settrace": "set a trace function", "sys.setprofile": "set a profile function",
    "sys.addaudithook": "added an audit hook", "os.system": "ran a shell command", "os.exec": "ran a program",
    "os.posix_spawn": "ran a program", "subprocess.Popen": "ran a program", "os.fork": "forked a process",
    "os.kill": "sent a signal", "os.killpg": "sent a signal", "socket.connect": "opened a network connection",
    "socket.bind": "opened a socket", "ctypes.dlopen": "loaded a C library", "ctypes.dlsym": "looked up C symbols",
    "ctypes.addressof": "used raw memory (ctypes)", "ctypes.string_at": "used raw memory (ctypes)",
    "code.__new__": "built a code object",
    "function.__new__": "built a function object", "builtins.input": "asked for input",
}
INTERNAL_ATTRIBUTES = {"gi_frame", "tb_frame", "f_back", "cr_frame", "ag_frame", "__code__"}
BUILT_AT_RUN_TIME = "ran code built at run time (exec, eval, compile or runpy)"


# ------------------------------------------------------------------------------------- the process

def _limit(name: str, soft: int, hard: int | None = None) -> None:
    if not hasattr(resource, name):
        return
    kind = getattr(resource, name)
    with contextlib.suppress(ValueError, OSError):
        _, current_hard = resource.getrlimit(kind)
        hard = soft if hard is None else hard
        if current_hard != resource.RLIM_INFINITY:
            soft, hard = min(soft, current_hard), min(hard, current_hard)
        resource.setrlimit(kind, (soft, hard))


def limit_process(config: ChildConfig) -> None:
    """Resource limits from ``config``, where the platform supports them (silently skipped otherwise)."""
    _limit("RLIMIT_CORE", 0)
    if config.get("memory_bytes") and config.get("base_memory"):  # only where the current size is known (Linux)
        _limit("RLIMIT_AS", int(config["base_memory"]) + int(config["memory_bytes"]))
    if config.get("output_bytes"):  # stdout and stderr are a pipe: this bounds the files it writes in its /tmp
        _limit("RLIMIT_FSIZE", int(config["output_bytes"]))
        if hasattr(signal, "SIGXFSZ"):
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
    if config.get("cpu_seconds"):
        _limit("RLIMIT_CPU", int(config["cpu_seconds"]), int(config["cpu_seconds"]) + 5)
    processes = config.get("max_processes")
    if processes:
        _limit("RLIMIT_NPROC", processes)
    if config.get("max_files"):
        _limit("RLIMIT_NOFILE", int(config["max_files"]))


def drop_privileges(uid: int | None, gid: int | None) -> None:
    """Become ``uid``/``gid`` (only when running as root) and make this process non-dumpable."""
    if uid is not None and hasattr(os, "setuid") and os.geteuid() == 0:
        os.setgroups([])
        os.setgid(gid if gid is not None else uid)
        os.setuid(uid)
    sandbox.prctl(sandbox.PR_SET_NO_NEW_PRIVS, 1)
    sandbox.prctl(sandbox.PR_SET_DUMPABLE, 0)


class _BlockGraderModules:
    """A meta-path finder that refuses the grader's own packages."""

    @staticmethod
    def find_spec(fullname, path=None, target=None):
        if fullname.split(".")[0] in HIDDEN_PACKAGES:
            raise ImportError(f"{fullname} is not available to submissions while grading")
        return None


def grader_module_names() -> list[str]:
    """The names in ``sys.modules`` of the grader's own packages (``HIDDEN_PACKAGES``)."""
    return [n for n in sys.modules if n.split(".")[0] in HIDDEN_PACKAGES]


_LISTED: list[tuple[int, list[str]]] = []
"""``(len(sys.modules), grader_module_names())`` as the process that forked this one found them: a child pops these
names instead of scanning every module name (a scan raises the reference count of each name, which copies the
pages that hold them: ~0.7 ms per child)."""


def list_grader_modules() -> None:
    """Note the grader's modules for the processes forked from here (``hide_grader_modules``), again only when
    ``sys.modules`` has changed size since; ``host.fork_running`` calls it before every fork."""
    if not _LISTED or _LISTED[0][0] != len(sys.modules):
        _LISTED[:] = [(len(sys.modules), grader_module_names())]


def hide_grader_modules() -> None:
    """Make ``import public_tests`` fail (the sandbox holds only its execution half anyway)."""
    list_grader_modules()  # as the forking process listed them, unless sys.modules has changed since
    for name in _LISTED[0][1]:
        sys.modules.pop(name, None)
    sys.meta_path.insert(0, _BlockGraderModules)


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


def prepare(job_fd: int, result_fd: int, output_fd: int, config: ChildConfig) -> None:
    """Set the process up before any of the submission's code runs."""
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(output_fd, 1)
    os.dup2(output_fd, 2)
    _close_other_fds({job_fd, result_fd})
    for name in ("SIGCHLD", "SIGINT", "SIGTERM"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if hasattr(signal, "SIGPIPE"):  # a write past the output limit (the grader closed the pipe) fails instead
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    limit_process(config)
    workdir = config.get("workdir") or "/tmp"  # sandboxed: a private tmpfs (read-only when Python lives in /tmp)
    os.chdir(workdir)
    if config.get("private"):  # a container: the exercise's own folder is its home and its temporary folder
        os.environ.update(HOME=workdir, TMPDIR=workdir)
    drop_privileges(config.get("uid"), config.get("gid"))
    seccomp.install()  # last: the steps above need calls it denies (the sandbox's unshare and mount came before)
    if config.get("alarm_seconds") and hasattr(signal, "alarm"):
        signal.alarm(int(config["alarm_seconds"]))


# ------------------------------------------------------------------------------------- observing

class Observer:
    """Notes what the submission's code does while it is defined and run (an audit hook and watched checks)."""

    def __init__(self) -> None:
        self.active = False
        self.own_code = 0
        self.notes: list[str] = []
        self.installation = tuple({os.path.realpath(p) + os.sep for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
                                  | {p + os.sep for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)})

    def note(self, text: str) -> None:
        if text not in self.notes and len(self.notes) < OBSERVED_LIMIT:
            self.notes.append(text)

    def hook(self, event: str, args: tuple) -> None:
        """The audit hook (``sys.addaudithook``): while active, note what ``event`` says the code did.

        Parameters
        ----------
        event : str
            The audit event: one of ``FLAGGED_EVENTS``, noted as it is, or one of ``READERS``, whose reader decides
            from ``args`` whether and what to note; any other is ignored.
        args : tuple
            The event's arguments.
        """
        if not self.active:
            return
        note = FLAGGED_EVENTS.get(event)
        if note is None and event in self.READERS:
            note = self.READERS[event](self, args)
        if note:
            self.note(note)

    def _own_code_ran(self) -> bool:
        """Whether this compile or exec is one of the ``own_code`` the child does itself next (counted down)."""
        if self.own_code:
            self.own_code -= 1
            return True
        return False

    def _executed(self, args: tuple) -> str | None:
        """``exec`` of a code object (``args[0]``) that is neither the child's nor of the installation."""
        if self._own_code_ran() or self._installed(str(getattr(args[0], "co_filename", ""))):
            return None
        return BUILT_AT_RUN_TIME

    def _compiled(self, args: tuple) -> str | None:
        """``compile`` of source (``args``: source, filename) that is neither the child's nor of the installation."""
        if self._own_code_ran() or self._installed(str(args[1])):
            return None
        return BUILT_AT_RUN_TIME

    def _read_attribute(self, args: tuple) -> str | None:
        """``object.__getattr__`` (``args``: object, name) of one of ``INTERNAL_ATTRIBUTES``."""
        return f"read interpreter internals ({args[1]})" if len(args) > 1 and args[1] in INTERNAL_ATTRIBUTES else None

    def _imported(self, args: tuple) -> str | None:
        """``import`` (``args[0]``: the module's name) of one of ``FLAGGED_IMPORTS`` or a module of theirs."""
        return f"imported {str(args[0])[:60]}" if args and str(args[0]).split(".")[0] in FLAGGED_IMPORTS else None

    def _opened(self, args: tuple) -> str | None:
        """``open`` (``args[0]``: the path) of a file, unless an import reads the installation's modules."""
        if not args or not isinstance(args[0], str):
            return None
        if self._installed(args[0]) and args[0].endswith((".py", ".pyc", ".so")):
            return None
        return f"opened the file {args[0][:120]}"

    READERS: ClassVar[dict[str, Callable[[Observer, tuple], str | None]]] = {
        "exec": _executed, "compile": _compiled, "object.__getattr__": _read_attribute, "import": _imported,
        "open": _opened}
    """The events whose arguments decide the note, and the reader of each."""

    def _installed(self, path: str) -> bool:
        """Whether ``path`` is a file of the Python installation (what an import reads and runs)."""
        return path.startswith(self.installation)

    def watch_checks(self) -> None:
        """Replace gc_utils' own checks by versions that note their use (in every module that holds them)."""
        wrapped: dict[int, Callable] = {}
        for name in WATCHED_CHECKS:
            module = sys.modules.get(name)
            for attribute, value in list(vars(module).items()) if module else ():
                if isinstance(value, types.FunctionType) and not attribute.startswith("_") \
                        and value.__module__ == name:
                    wrapped[id(value)] = self._noting(value)
                    setattr(module, attribute, wrapped[id(value)])
        package = sys.modules.get("gc_utils")
        for attribute, value in list(vars(package).items()) if package else ():
            if id(value) in wrapped:
                setattr(package, attribute, wrapped[id(value)])

    def _noting(self, function: Callable) -> Callable:
        @functools.wraps(function)
        def noted(*args, **kwargs):
            if self.active:
                self.note(f"called gc_utils' own {function.__name__}")
            return function(*args, **kwargs)

        return noted


class Snapshot:
    """The contents of the guarded modules, to tell what a submission changed in them.

    ``changes()`` is called after the definitions and after every case, and nearly always finds nothing. It
    compares each module's keys and values, in order and by identity, with those it last found unchanged (C-level
    loops, portable to any Python), and only where they differ lists the changes.
    """

    def __init__(self) -> None:
        self.modules = {name: sys.modules[name] for name in GUARDED_MODULES if name in sys.modules}
        self.modules.setdefault(execution.__name__, execution)
        self.contents = {name: dict(vars(module)) for name, module in self.modules.items()}
        self._unchanged = {name: _entries(contents) for name, contents in self.contents.items()}

    def changes(self) -> list[str]:
        """``module.name`` of every entry added, removed or replaced since (new submodules aside)."""
        changed = []
        for name, module in self.modules.items():
            entries = vars(module)
            if _same_entries(entries, self._unchanged[name]):
                continue
            found = _changed_entries(name, self.contents[name], entries)
            if found:
                changed += found
            else:
                self._unchanged[name] = _entries(entries)  # e.g. a __warningregistry__ added: no change
        for name, module in self.modules.items():
            if sys.modules.get(name, module) is not module:
                changed.append(f"sys.modules[{name!r}]")
        return sorted(changed)


def _entries(contents: dict) -> tuple[tuple, tuple]:
    """A dict's keys and values, in order (what ``_same_entries`` compares)."""
    return tuple(contents), tuple(contents.values())


def _same_entries(contents: dict, entries: tuple[tuple, tuple]) -> bool:
    """Whether ``contents`` holds exactly ``entries``: the same key objects bound to the same value objects.

    By identity only (``operator.is_``), never ``==``, which a submission's object could answer as it likes. A key
    deleted and added again moves to the end, so the order differs and the detailed comparison decides.
    """
    keys, values = entries
    return len(contents) == len(keys) and all(map(operator.is_, contents, keys)) \
        and all(map(operator.is_, contents.values(), values))


def _changed_entries(name: str, before: dict, after: dict) -> list[str]:
    """``name.key`` of every key of module ``name`` added, removed or rebound between ``before`` and ``after``."""
    changed = []
    for key in before.keys() | after.keys():
        if key not in after or key not in before:
            if not isinstance(after.get(key), types.ModuleType) and key != "__warningregistry__":
                changed.append(f"{name}.{key}")
        elif after[key] is not before[key]:
            changed.append(f"{name}.{key}")
    return changed


# --------------------------------------------------------------------------------------- the work

def _where(error: BaseException) -> str:
    if isinstance(error, SyntaxError) and error.filename and error.filename.startswith("<cell"):
        return f"{error.filename[1:-1]}, line {error.lineno}: "
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.startswith("<cell")]
    return f"{frames[-1].filename[1:-1]}, line {frames[-1].lineno}: " if frames else ""


def _describe(error: BaseException) -> str:
    return f"{_where(error)}{type(error).__name__}: {error}"[:500]


def define(program: dict, observer: Observer) -> tuple[Callable | None, list[str]]:
    """Run the program's imports and definitions in a fresh ``__main__``; the graded function and notes."""
    module = types.ModuleType("__main__")
    module.__dict__["__builtins__"] = builtins
    sys.modules["__main__"] = module
    function, notes = None, []
    for chunk in program["chunks"]:
        try:
            observer.own_code = 2  # the compile and the exec below are ours
            code = compile(chunk["source"], f"<cell {chunk['cell']}>", "exec", dont_inherit=True)
            exec(code, module.__dict__)  # noqa: S102 - running the submission is the point of this process
        except BaseException as error:  # noqa: BLE001 - anything, even SystemExit, is reported and survived
            what = "import" if chunk["kind"] == "import" else "definition"
            notes.append(f"The {what} in {_describe(error)}")
        finally:
            observer.own_code = 0
        if program["exercise"] in chunk["defines"]:
            value = module.__dict__.get(program["exercise"])
            function = value if callable(value) else None
    return function, notes[:NOTE_LIMIT]


def run_case(function: Callable, case) -> execution.Outcome:
    """``execution.execute``, plus what it lets through (SystemExit, KeyboardInterrupt...) as an error outcome."""
    try:
        return execution.execute(function, case)
    except BaseException as error:  # noqa: BLE001
        return execution.Outcome(error_type=type(error).__name__, error=str(error)[:500] or repr(error)[:500])


def _sabotage(changes: list[str], when: str) -> str:
    shown = ", ".join(changes[:6]) + (f" and {len(changes) - 6} more" if len(changes) > 6 else "")
    return f"the code changed {shown} while {when}"


def grade_exercise(program: dict, observer: Observer, snapshot: Snapshot, read_cases: Callable[[], dict],
                   send: Callable[[dict], None]) -> None:
    """Define, report, receive the cases, run, report (steps 3 and 4 of the module docstring)."""
    observer.active = True
    function, notes = define(program, observer)
    observer.active = False
    changed = snapshot.changes()
    send({"type": "defined", "notes": notes})
    request = read_cases()
    exercise = program["exercise"]
    result: dict = {"type": "result", "exercise": exercise}
    if changed:
        result["sabotaged"] = _sabotage(changed, "being defined")
    elif function is None:
        result["missing"] = "its definition did not run"
    else:
        cases = build_cases(request["exercise"], state=request["state"])
        outcomes = []
        for case in cases:
            observer.active = True
            outcome = run_case(function, case)
            observer.active = False
            changed = snapshot.changes()
            if changed:
                result["sabotaged"] = _sabotage(changed, "running")
                break
            outcomes.append(wire.encode_outcome(outcome))
        else:
            result["outcomes"] = outcomes
    result["observed"] = observer.notes
    send(result)


_PREPARED: list[tuple[Observer, Snapshot]] = []


def prepare_observation() -> tuple[Observer, Snapshot]:
    """The observer (gc_utils' checks wrapped, not yet hooked or active) and the snapshot of the guarded modules.

    Made once per process: the fork server makes them before it forks, so that every child inherits them
    instead of spending ~2 ms on them (nothing of a submission has run when they are made).
    """
    if not _PREPARED:
        observer = Observer()
        observer.watch_checks()
        _PREPARED.append((observer, Snapshot()))
    return _PREPARED[0]


def main(job_fd: int, result_fd: int, config: ChildConfig) -> int:
    """Everything after ``prepare`` (see the module docstring); returns the exit code."""

    def send(message: dict) -> None:
        data = memoryview(wire.message_line(message))
        while data:
            data = data[os.write(result_fd, data):]

    program = json.loads(wire.read_frame(job_fd))
    observer, snapshot = prepare_observation()
    hide_grader_modules()
    sys.addaudithook(observer.hook)
    grade_exercise(program, observer, snapshot, lambda: json.loads(wire.read_frame(job_fd)), send)
    send({"type": "done"})
    return 0


def run(job_fd: int, result_fd: int, output_fd: int, config: ChildConfig) -> int:
    """The whole life of a freshly forked child; returns its exit code (70 if the grader's side failed)."""
    try:
        prepare(job_fd, result_fd, output_fd, config)
        return main(job_fd, result_fd, config)
    except BaseException:  # noqa: BLE001 - whatever happened, leave with a code, never with a traceback handler
        with contextlib.suppress(BaseException):
            traceback.print_exc()
        return 70
