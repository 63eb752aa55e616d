"""The grading sandbox: bubblewrap around the fork server, fresh namespaces around every submission and exercise.

Three layers, all Linux namespaces, none needing privileges:

1. ``bwrap_command`` starts the fork server inside bubblewrap (``bwrap``): its own user, PID, network, IPC, UTS
   and mount namespaces; a filesystem that holds only what running a function needs, read-only (the system's
   ``/usr``, the Python installation, and from this project the packages ``gc_utils``, ``public_tests`` and
   ``gc_grader`` whole, and ``testCases``: never ``reference_solutions`` nor the notebooks); a private tmpfs
   ``/tmp``; no network; a minimal environment; ``--die-with-parent`` and ``--new-session``.
2. ``isolate_submission`` runs in the process the server forks for each submission: it unshares a user, mount, PID,
   IPC and network namespace of its own and forks the submission's host (``gc_grader.host``) as PID 1
   of the new PID namespace, with ``/proc`` covered. The host's processes can see and signal only each other;
   when the host ends, the kernel ends everything left behind (a daemon cannot outlive it); they cannot see the
   grader, the fork server or another submission, nor talk to them over loopback or System V IPC.
3. ``enter_exercise`` runs in each exercise's process, forked by the host: a mount and IPC namespace of its own
   with a fresh private ``/tmp``, then no capabilities.

Where ``bwrap`` is missing or cannot start, ``SandboxUnavailable`` says how to install it.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import importlib.machinery
import importlib.util
import os
import shutil
import signal
import sys
from collections.abc import Iterable, MutableMapping
from pathlib import Path

INSTALL_HINT = ("Install bubblewrap (Debian/Ubuntu: `apt-get install bubblewrap`; Fedora: `dnf install bubblewrap`), "
                "or grade in the container of docs/grading.md (macOS, Windows). Inside a container that holds one "
                "submission (Gradescope, PrairieLearn, Coursera: its seccomp profile forbids the user namespaces "
                "bubblewrap needs), use --sandbox container. Only for trusted work: --sandbox none.")

SANDBOX_ROOT = "/lesson"
"""Where the project's importable parts appear inside the sandbox."""
BOUND_PACKAGES = ("gc_utils", "public_tests", "gc_grader")
"""The project's packages in the sandbox, each whole (with ``testCases``): what students hold anyway, and the
grader's code (its secrets are in the grader's memory, never in a file). Not ``reference_solutions``, the
notebooks, the submissions or the output folder."""
KEPT_OUT = ("reference_solutions",)
"""The project's modules never in the sandbox, even when the Python installation holds them (a non-editable
install) or another copy of the project is on ``sys.path``: correct solutions."""
SYSTEM_DIRECTORIES = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
ENVIRONMENT = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1",
               "PYTHONHASHSEED": "0"}
NUMERIC_VARIABLES = ("OPENBLAS_CORETYPE", "NPY_DISABLE_CPU_FEATURES", "NPY_ENABLE_CPU_FEATURES", "MKL_CBWR",
                     "MKL_ENABLE_INSTRUCTIONS")
"""Passed on into the sandbox when set: they choose the CPU kernels NumPy and BLAS compute with, and the sandbox
must compute the cases' inputs bit for bit as the grader does (a function that leaves its arguments alone is
told from one that changes them by comparing them)."""
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
                    "VECLIB_MAXIMUM_THREADS")


def one_blas_thread(environment: MutableMapping[str, str]) -> None:
    """Set each of ``THREAD_VARIABLES`` that ``environment`` lacks to 1: for the grader's own process, before it
    imports NumPy. It judges small arrays while its exercises (one thread each) use the cores; the threads BLAS would
    start, one per core, only cost it time (a run of one submission, 16% of its CPU: benchmarks/bench_one_run.py)."""
    for name in THREAD_VARIABLES:
        environment.setdefault(name, "1")


CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = (
    0x00020000, 0x08000000, 0x10000000, 0x20000000, 0x40000000)
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = (
    0x1, 0x2, 0x4, 0x8, 0x20, 0x1000, 0x4000, 0x40000)
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS = 1, 4, 38
SUBMISSION_ID = 1000
"""The user and group id the sandbox's processes have inside their user namespaces: not root (mapping root into a
nested user namespace needs CAP_SETFCAP, which the sandbox does not have), whoever runs the grader."""
CHILD_TMP_BYTES = 64 * 2**20
"""Size of a child's private /tmp (counted against nothing else: a full /tmp fails the writer only)."""


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot start here; the message says why and how to install it."""


def find_bwrap() -> str | None:
    """The ``bwrap`` executable on PATH, or None."""
    return shutil.which("bwrap")


# --------------------------------------------------------------------------------------- the filesystem

def project_paths() -> dict[str, Path]:
    """Where this project's importable parts are on this machine (found, not imported: the grader asks before it
    imports NumPy): each bound package's folder, ``testCases``, and the project's root."""
    paths = {name: Path(_origin(name)).parent for name in BOUND_PACKAGES}
    paths["testCases"] = Path(_origin("testCases"))
    paths["root"] = Path(__file__).resolve().parent.parent
    return paths


def _origin(name: str) -> str:
    """The file module ``name`` is imported from (a package's ``__init__.py``), resolved; ImportError if none."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.origin or not os.path.isfile(spec.origin):
        raise ImportError(f"{name} is not importable here: the grader needs this project's {name}")
    return os.path.realpath(spec.origin)


def _outside_project(path: Path, project_root: Path) -> bool:
    """Whether ``path`` (resolved) is not of the project, or is of the running environment, which may live inside
    the project (``.venv``, ``.venv-lowest``, ...)."""
    environment = Path(sys.prefix).resolve()
    if path == environment or environment in path.parents:
        return True
    return path != project_root and project_root not in path.parents


def python_directories(project_root: Path) -> list[Path]:
    """The Python installation's directories, and every other import path outside the project."""
    found: list[Path] = []
    for entry in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
                  os.path.dirname(os.path.realpath(sys.executable)), *sys.path):
        if not entry or not os.path.isdir(entry):
            continue
        path = Path(entry).resolve()
        if not _outside_project(path, project_root):
            continue
        if not any(path == kept or kept in path.parents for kept in found):
            found = [kept for kept in found if path not in kept.parents] + [path]
    return sorted(found)


def _under(path: Path, folders: Iterable[Path]) -> bool:
    return any(path == folder or folder in path.parents for folder in folders)


def filesystem_arguments() -> list[str]:
    """bwrap arguments for a read-only filesystem with only what running a function needs: the system's folders,
    the Python installation, and the project's packages (``BOUND_PACKAGES``, whole, and ``testCases``)."""
    paths = project_paths()
    arguments: list[str] = []
    for folder in SYSTEM_DIRECTORIES:
        if os.path.islink(folder):
            arguments += ["--symlink", os.readlink(folder), folder]
        elif os.path.isdir(folder):
            arguments += ["--ro-bind", folder, folder]
    pythons = python_directories(paths["root"])
    for python in pythons:
        if not _under(python, [Path(f) for f in SYSTEM_DIRECTORIES]):
            arguments += ["--ro-bind", str(python), str(python)]
    for hidden in (paths["root"] / "notebooks", *_kept_out_files()):  # a non-editable install, another copy
        if _under(hidden, pythons) and hidden.exists():
            # an empty folder read-only (writable, a tmpfs would pass files between submissions), or /dev/null
            arguments += (["--tmpfs", str(hidden), "--remount-ro", str(hidden)] if hidden.is_dir()
                          else ["--ro-bind", "/dev/null", str(hidden)])
    inside = Path(SANDBOX_ROOT)
    arguments += ["--tmpfs", SANDBOX_ROOT, "--ro-bind", str(paths["testCases"]), str(inside / "testCases.py")]
    for name in BOUND_PACKAGES:
        arguments += ["--ro-bind", str(paths[name]), str(inside / name)]
    return arguments


def _kept_out_files() -> list[Path]:
    """The files of ``KEPT_OUT`` wherever this Python could import them from, and the ``notebooks`` folder beside
    each (the solution editions): not only where ``import`` finds them first, but in every entry of ``sys.path`` (a
    second copy of the project on the path, an older clone's editable install say, holds its own)."""
    found = []
    for name in KEPT_OUT:
        specs = [importlib.util.find_spec(name)]
        specs += [importlib.machinery.PathFinder.find_spec(name, [entry]) for entry in sys.path
                  if entry and os.path.isdir(entry)]
        for spec in specs:
            if spec is not None and spec.origin and os.path.isfile(spec.origin):
                origin = Path(spec.origin).resolve()
                found += [origin, origin.parent / "notebooks"]
    return list(dict.fromkeys(found))


def import_path() -> list[str]:
    """``sys.path`` inside the sandbox: the project's parts first, then this interpreter's paths outside it."""
    root = project_paths()["root"]
    return [SANDBOX_ROOT] + [p for p in sys.path
                             if p and os.path.isdir(p) and _outside_project(Path(p).resolve(), root)]


DEVICES = ("null", "zero", "full", "random", "urandom")
"""The only devices in the sandbox: sinks and sources that carry nothing from one process to another. Not bwrap's
``--dev``, whose ``/dev/pts`` and ``/dev/ptmx`` (one devpts for the whole sandbox) let two submissions graded at
the same time pass data through a pseudo-terminal, nor ``/dev/shm``."""


def device_arguments() -> list[str]:
    """bwrap arguments for a ``/dev`` with only ``DEVICES`` (bound from this machine's) and the usual links."""
    arguments = ["--tmpfs", "/dev"]
    for name in DEVICES:
        arguments += ["--dev-bind", f"/dev/{name}", f"/dev/{name}"]
    for link, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
                         ("stderr", "/proc/self/fd/2")):
        arguments += ["--symlink", target, f"/dev/{link}"]
    return arguments


def exercise_environment() -> dict[str, str]:
    """The only environment variables an exercise gets: none of the grader's, but those that choose how NumPy and
    BLAS compute (the cases must be computed bit for bit as the grader does) and one thread each."""
    return dict(ENVIRONMENT, **{name: "1" for name in THREAD_VARIABLES},
                **{name: os.environ[name] for name in NUMERIC_VARIABLES if name in os.environ})


def bwrap_command(bwrap: str, python_code: str) -> list[str]:
    """The command that runs ``python -I -B -c python_code`` in the sandbox (file descriptors pass through)."""
    environment = exercise_environment()
    command = [bwrap, "--unshare-all", "--unshare-user", "--uid", str(SUBMISSION_ID), "--gid", str(SUBMISSION_ID),
               "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--hostname", "grading", "--clearenv"]
    for name, value in environment.items():
        command += ["--setenv", name, value]
    command += ["--tmpfs", "/tmp", "--proc", "/proc"]  # first: a Python under /tmp is bound on it
    command += device_arguments()
    command += filesystem_arguments()
    # Last: the tmpfs folders bwrap made (its root, /dev, the project's /lesson) read-only, or one submission could
    # leave files there for another (a module on the import path, above all).
    command += ["--remount-ro", SANDBOX_ROOT, "--remount-ro", "/dev", "--remount-ro", "/"]
    command += ["--chdir", "/", "--", sys.executable, "-I", "-B", "-c", python_code]
    return command


# --------------------------------------------------------------------------------------- each child

@functools.cache
def load_libc() -> ctypes.CDLL:
    """The C library, loaded once, with the functions used here looked up (ctypes keeps them)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for name in ("unshare", "mount", "prctl", "capset"):
        getattr(libc, name)
    return libc


def prepare_forks() -> None:
    """Work out here, once, what every sandboxed process forked from here needs: the C library and its functions
    (~0.1 ms and ~20 copied pages in a freshly forked child), whether Python lives under ``/tmp`` (~0.5 ms and ~80
    pages: it resolves paths), ``capset``'s arguments. The fork server calls it before it forks."""
    load_libc()
    python_under_tmp()
    _no_capabilities()


def _check(result: int, what: str) -> None:
    if result != 0:
        number = ctypes.get_errno()
        raise OSError(number, f"{what}: {os.strerror(number)}")


def _mount(libc: ctypes.CDLL, source: str, target: str, kind: str | None, flags: int, data: str | None = None) -> None:
    _check(libc.mount(source.encode(), target.encode(), kind.encode() if kind else None, flags,
                      data.encode() if data else None), f"mount {target}")


def prctl(option: int, value: int) -> None:
    """``prctl(option, value)``; silently nothing where it does not exist."""
    with contextlib.suppress(Exception):
        load_libc().prctl(option, value, 0, 0, 0)


@functools.cache
def _no_capabilities() -> tuple[ctypes.Array, ctypes.Array]:
    """``capset``'s arguments for no capability at all: its header (version 3, this thread) and zeroed sets."""
    return (ctypes.c_uint32 * 2)(0x20080522, 0), (ctypes.c_uint32 * 6)()


def drop_capabilities() -> None:
    """Give up every capability (the new user namespace granted them all) and any way to regain one."""
    _check(load_libc().capset(*_no_capabilities()), "capset")
    prctl(PR_SET_NO_NEW_PRIVS, 1)


def _relay(pid: int) -> None:
    """Wait for ``pid`` and end this process the same way (exit code, or the same signal)."""
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except InterruptedError:
            continue
        except ChildProcessError:
            os._exit(70)
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        with contextlib.suppress(OSError, ValueError):
            if number != signal.SIGKILL:  # SIGKILL's handler cannot be set (OSError), nor needs resetting
                signal.signal(number, signal.SIG_DFL)
            os.kill(os.getpid(), number)
        os._exit(128 + number)
    os._exit(os.waitstatus_to_exitcode(status) & 0xFF)


@functools.cache
def python_under_tmp() -> bool:
    """Whether the Python installation lives under ``/tmp`` (a virtual environment in a clone there, say): the
    sandbox must then keep the server's ``/tmp``, where it is bound, instead of giving each exercise a fresh one.
    Worked out once per process (``prepare_forks``)."""
    return any(Path(folder).resolve().parts[:2] == ("/", "tmp") for folder in (sys.prefix, sys.base_prefix))


def _private_tmp(libc: ctypes.CDLL) -> None:
    """A fresh, empty ``/tmp`` (or, when the Python installation is bound under ``/tmp``, that ``/tmp`` read-only:
    the exercise can then write nowhere)."""
    if python_under_tmp():
        _mount(libc, "none", "/tmp", None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
    else:
        _mount(libc, "tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, f"size={CHILD_TMP_BYTES},mode=1777")


def map_identity(uid: int, gid: int) -> None:
    """In a new user namespace: appear as ``SUBMISSION_ID`` there, which is ``uid``/``gid`` outside. Without a
    mapping the process is unmapped, and creating a file (even in its own ``/tmp``) fails with EOVERFLOW."""
    for name, text in (("uid_map", f"{SUBMISSION_ID} {uid} 1"), ("setgroups", "deny"),
                       ("gid_map", f"{SUBMISSION_ID} {gid} 1")):
        data = text.encode()
        fd = os.open(f"/proc/self/{name}", os.O_WRONLY)  # not open(): its stream objects cost ~60 copied pages
        try:
            if os.write(fd, data) != len(data):
                raise OSError(f"/proc/self/{name}: a short write")
        finally:
            os.close(fd)


def isolate_submission(keep_fds: Iterable[int]) -> None:
    """In a freshly forked process: new namespaces, then return in the process that hosts the submission.

    This process stays outside the new PID namespace and relays the exit of the one inside (which is its PID 1,
    killed by the kernel when this one dies, and killing in turn whatever it started). ``keep_fds`` are closed
    here, in the relay, so that only the inner process holds them. The inner process keeps its capabilities in
    the new user namespace (``enter_exercise`` needs them and gives them up). Raises OSError when a namespace
    cannot be made (before any submitted code ran).
    """
    libc = load_libc()
    uid, gid = os.geteuid(), os.getegid()
    _check(libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNET), "unshare")
    map_identity(uid, gid)
    _check(libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "make mounts private")
    _mount(libc, "tmpfs", "/proc", "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4096,mode=555")
    inner = os.fork()
    if inner:
        for fd in keep_fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        _relay(inner)
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def enter_exercise() -> None:
    """In a process forked by a submission's host: a mount and IPC namespace of its own with a fresh ``/tmp``,
    then no capabilities and no way to regain one. Raises OSError when that cannot be made."""
    libc = load_libc()
    _check(libc.unshare(CLONE_NEWNS | CLONE_NEWIPC), "unshare")
    _private_tmp(libc)
    drop_capabilities()
