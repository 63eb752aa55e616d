"""Which wall stands around the submissions' code, chosen explicitly: ``--sandbox bubblewrap|container|none``.

- ``bubblewrap`` (the default): namespaces of each submission's own, made by bubblewrap inside an unprivileged user
  namespace (``gc_grader.sandbox``), a cgroup per submission where one can be made, a seccomp filter.
- ``container``: for a platform that runs each submission in a container of its own (Gradescope, PrairieLearn,
  Coursera), whose default seccomp profile forbids the user namespaces bubblewrap needs. The container is the outer
  wall. Inside it the grader runs as root, and every exercise still runs in a fresh process, one at a time, as an
  unprivileged user that cannot read the correct solutions, the grader's outputs or the grader's memory, with a
  private working folder, a minimal environment, the rlimits (and a cgroup where the container allows one), the
  seccomp filter (no network: only Unix sockets); when it ends, every process, System V IPC object and temporary
  file of that user is removed (``sweep_user``). Judging stays in the grader's process.
- ``none`` (``--unsafe-no-sandbox``): a fresh process per exercise as another user, nothing else; loudly warned.

The grader never falls back from one to another: where bubblewrap cannot start, it says so and names ``container``
for the platforms that need it.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import os
import shutil
import signal
import stat
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from . import sandbox

MODES = ("bubblewrap", "container", "none")
CONTAINER_USER = "nobody"
"""The user an exercise runs as, in the container mode and the unsafe one, when the grader is root."""
TEMPORARY_FOLDERS = ("/tmp", "/var/tmp", "/dev/shm")
"""World-writable folders where an exercise in a container may leave files for the next one: swept after each."""


class UsageError(ValueError):
    """The command line asks for something the grader cannot do (a missing PATH, a bad option); raised before
    anything is graded. Nothing a submission does raises it."""


@dataclass(frozen=True)
class Isolation:
    """The wall chosen for a run: its mode, bubblewrap's path (bubblewrap mode), and the user exercises run as."""

    mode: str
    bwrap: str | None = None
    uid: int | None = None
    gid: int | None = None
    description: str = ""

    @property
    def sweeps(self) -> bool:
        """Whether everything the exercise's user left is removed after each exercise (the container mode)."""
        return self.mode == "container"


# ------------------------------------------------------------------------------------ who may read what

def may_enter(path: Path, uid: int, gid: int, read: bool) -> bool:
    """Whether ``uid``/``gid`` (not root) may pass through ``path`` (and, with ``read``, list or read it)."""
    info = path.stat()
    shift = 6 if info.st_uid == uid else 3 if info.st_gid == gid else 0
    needed = (0o5 if stat.S_ISDIR(info.st_mode) else 0o4) if read else 0o1
    return (info.st_mode >> shift) & needed == needed


def readable_by(path: Path, uid: int, gid: int) -> bool:
    """Whether ``uid``/``gid`` can read ``path``: every folder on the way passable, the path itself readable."""
    path = path.resolve()
    chain = [*reversed(path.parents), path]
    return all(may_enter(p, uid, gid, read=p == path) for p in chain)


def unreadable_for(uid: int, gid: int) -> list[str]:
    """The folders of this Python installation and of the lesson's packages that ``uid`` cannot read."""
    folders = {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")}
    folders.add(str(Path(__file__).resolve().parents[1]))
    return [str(Path(folder).resolve()) for folder in sorted(folders)
            if Path(folder).exists() and not readable_by(Path(folder), uid, gid)]


def secrets_of(sources: list[Path | None]) -> list[Path]:
    """The files an exercise must not read, where they exist: the source notebooks that are solution editions, the
    folders they lie in, and the correct solutions (``reference_solutions``). (An ``assignment.json`` holds points
    and cell ids only.)"""
    found: list[Path] = []
    for source in filter(None, sources):
        if source.exists() and source.suffix == ".ipynb":
            found += [source, source.resolve().parent]
    spec = importlib.util.find_spec("reference_solutions")
    if spec is not None and spec.origin and os.path.isfile(spec.origin):
        found.append(Path(spec.origin))
    return list(dict.fromkeys(found))


# ------------------------------------------------------------------------------------ choosing

def _user(run_as: str | None) -> tuple[int | None, int | None, str]:
    """uid, gid and a description of the user exercises run as (modes ``container`` and ``none``).

    As root: ``nobody`` by default, or ``run_as``; never root (``_other_user``). Not root: the grader's own user
    (``none`` only), given as ``current`` or not at all; uid and gid are None then.
    """
    if _is_root():
        return _other_user(run_as)
    if run_as is not None and run_as != "current":
        raise UsageError(f"--run-as {run_as}: only a grader running as root can run submissions as another user")
    return None, None, "the grader's own user (no sandbox)"


def _other_user(run_as: str | None) -> tuple[int, int, str]:
    """uid, gid and name of the user a grader running as root runs exercises as: ``run_as``, by default ``nobody``.

    Raises
    ------
    UsageError
        For root (or ``current``, which is root here), a user that does not exist, or one who cannot read this
        Python installation or the lesson's packages.
    """
    run_as = CONTAINER_USER if run_as is None else run_as
    if run_as == "current":
        raise UsageError("--run-as current: outside the bubblewrap sandbox, submissions never run as root; name "
                         "a user")
    uid, gid = _ids(run_as)
    if uid == 0:
        raise UsageError(f"--run-as {run_as}: outside the bubblewrap sandbox, submissions never run as root; name "
                         "another user")
    blocked = unreadable_for(uid, gid)
    if blocked:
        raise UsageError(f"submissions would run as {run_as}, who cannot read {', '.join(blocked)}; name another "
                         "user with --run-as, or make them readable")
    return uid, gid, run_as


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _ids(run_as: str) -> tuple[int, int]:
    """The uid and gid of a user name, or of ``UID[:GID]`` (a container may have no entry for its user)."""
    if run_as.replace(":", "", 1).isdigit():
        uid, _, gid = run_as.partition(":")
        return int(uid), int(gid or uid)
    import pwd

    try:
        entry = pwd.getpwnam(run_as)
    except KeyError as error:
        raise UsageError(f"--run-as {run_as}: no such user (a name, or UID[:GID])") from error
    return entry.pw_uid, entry.pw_gid


def choose(mode: str, run_as: str | None, secrets: list[Path]) -> Isolation:
    """The isolation for ``mode``, checked.

    Parameters
    ----------
    mode : str
        One of ``MODES``.
    run_as : str or None
        ``--run-as``: the user exercises run as (``container`` and ``none`` only).
    secrets : list of Path
        What an exercise must not read (``secrets_of``): the container mode refuses to run where it could.

    Returns
    -------
    Isolation

    Raises
    ------
    UsageError
        For what cannot hold: an unknown mode, ``--run-as`` with bubblewrap, the container mode not as root, a user
        who could read a secret, or who cannot read the installation.
    sandbox.SandboxUnavailable
        When bubblewrap is missing (mode ``bubblewrap``).
    """
    if mode not in MODES:
        raise UsageError(f"--sandbox must be one of {', '.join(MODES)}; got {mode!r}")
    if mode == "bubblewrap":
        return _bubblewrap(run_as)
    if mode == "container":
        return _container(run_as, secrets)
    uid, gid, user = _user(run_as)
    return Isolation(mode, uid=uid, gid=gid, description=f"{user} (no sandbox)")


def _bubblewrap(run_as: str | None) -> Isolation:
    """The bubblewrap mode (``--run-as`` has no use there); SandboxUnavailable without ``bwrap``."""
    if run_as is not None:
        raise UsageError("--run-as applies only to --sandbox container or none (bubblewrap needs no other user)")
    bwrap = sandbox.find_bwrap()
    if bwrap is None:
        raise sandbox.SandboxUnavailable(f"the grader runs submissions in a bubblewrap sandbox, and `bwrap` is "
                                         f"not installed. {sandbox.INSTALL_HINT}")
    return Isolation("bubblewrap", bwrap=bwrap, description="a bubblewrap sandbox per submission")


def _container(run_as: str | None, secrets: list[Path]) -> Isolation:
    """The container mode: as root, exercises as another user, who can read none of ``secrets``."""
    if not _is_root():
        raise UsageError("--sandbox container runs each exercise as another user, which needs the grader to run as "
                         "root inside the container")
    uid, gid, user = _other_user(run_as)
    readable = [str(path) for path in secrets if readable_by(path, uid, gid)]
    if readable:
        raise UsageError(f"--sandbox container: {user} could read {', '.join(readable)}; leave them out of the "
                         "container or make them readable by root only (chmod go-rwx)")
    return Isolation("container", uid=uid, gid=gid, description=f"{user}, inside the container (--sandbox container)")


def private_output(out: Path, isolation: Isolation) -> None:
    """In the container mode, make the output folder the grader's alone (an exercise must not read a row)."""
    if isolation.mode != "container":
        return
    out.chmod(0o700)
    if isolation.uid is None or isolation.gid is None or readable_by(out, isolation.uid, isolation.gid):
        raise UsageError(f"--sandbox container: {out} stays readable by the exercises' user; choose another --out")


# ------------------------------------------------------------------------------------ after each exercise

def private_folder(parent: str, name: str, uid: int, gid: int) -> str:
    """A new folder ``parent/name`` that only ``uid`` may enter (the exercise's working folder, HOME and TMPDIR)."""
    path = os.path.join(parent, name)
    os.mkdir(path, 0o700)
    os.chown(path, uid, gid)
    return path


def sweep_user(uid: int, private: str | None = None) -> None:
    """Remove everything user ``uid`` left: its processes, its System V IPC objects, its files in the temporary
    folders, and the exercise's private folder. Called by root between two exercises in a container."""
    _kill_every_process_of(uid)
    _remove_ipc_objects_of(uid)
    for folder in TEMPORARY_FOLDERS:
        _remove_files_of(uid, folder)
    if private:
        shutil.rmtree(private, ignore_errors=True)


def _kill_every_process_of(uid: int) -> None:
    """SIGKILL to every process of ``uid``, from a process of ``uid`` (kill(-1) reaches exactly those), repeated
    until none is left (a process may fork while the first round goes on)."""
    for _ in range(10):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                os.setgroups([])
                os.setresuid(uid, uid, uid)
                os.kill(-1, signal.SIGKILL)
                code = 0
            except ProcessLookupError:  # nothing to kill: every process of uid is gone
                code = 3
            except BaseException:  # noqa: BLE001 - this process must exit, whatever happened
                code = 1
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            return


_IPC = (("/proc/sysvipc/shm", "shmid"), ("/proc/sysvipc/msg", "msqid"), ("/proc/sysvipc/sem", "semid"))
IPC_RMID = 0


def _remove_ipc_objects_of(uid: int) -> None:
    """Remove the shared memory segments, message queues and semaphore sets owned by ``uid``."""
    libc = ctypes.CDLL(None, use_errno=True)
    remove = {"shmid": lambda ident: libc.shmctl(ident, IPC_RMID, None),
              "msqid": lambda ident: libc.msgctl(ident, IPC_RMID, None),
              "semid": lambda ident: libc.semctl(ident, 0, IPC_RMID)}
    for table, column in _IPC:
        try:
            with open(table) as lines:
                header = next(lines).split()
                rows = [line.split() for line in lines]
        except (OSError, StopIteration):
            continue
        for row in rows:
            with contextlib.suppress(ValueError, IndexError):
                if int(row[header.index("uid")]) == uid:
                    remove[column](int(row[header.index(column)]))


def _remove_files_of(uid: int, folder: str) -> None:
    """Remove every file and folder in ``folder`` (and below, without following links) that ``uid`` owns."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if info.st_uid == uid:
            if stat.S_ISDIR(info.st_mode):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
        elif stat.S_ISDIR(info.st_mode) and info.st_mode & 0o002:  # a world-writable folder: it may hold some
            _remove_files_of(uid, entry.path)
