"""A cgroup per submission: a memory and a process limit that the kernel enforces on everything a submission runs.

Rlimits do not do this: ``RLIMIT_AS`` counts neither System V shared memory nor the files of a tmpfs, and
``RLIMIT_NPROC`` does not hold for root. A memory cgroup charges all of them (anonymous memory, page cache, tmpfs
and shared memory, kernel memory), and a pids cgroup counts every process and thread, root's too.

Two halves, in two processes:

- ``RunCgroups``, in the grader (outside any sandbox): ``RunCgroups.create`` makes one folder for the run beneath
  this process's own cgroup in each hierarchy that holds the memory or the pids controller (cgroup v1: one per
  controller, ``<mount>/<own path>/gc-grading-<pid>-<random>``; cgroup v2: one folder, with ``+memory +pids`` in the
  ``cgroup.subtree_control`` of its parent and of itself) and opens each as a directory descriptor. The grader
  passes those descriptors (``fds``) into the sandbox with ``plan()``, a JSON-able dict, and removes the folders
  after the run (``close``).
- ``SubmissionCgroups``, in the fork server (inside the sandbox, where no cgroup filesystem is mounted: it holds only
  the descriptors): ``make`` creates ``s<group>`` in each folder and writes the limits through the descriptor;
  ``enter``, called in the process the server forks for the submission before it makes its namespaces and before
  anything of the submission runs, moves that process in (it writes ``0``, "myself", to ``cgroup.procs``); every
  process it then starts inherits the cgroup. ``oom_kills`` and ``peak_memory`` say what happened; ``remove``
  deletes the folder once its processes are gone.

Why the sandbox may write there: the files belong to the user running the grader, and inside bubblewrap's user
namespace the sandbox's user (``sandbox.SUBMISSION_ID``) is that user; the kernel checks the owner by the global
user id and, for ``cgroup.procs``, the credentials of whoever opened it, needing no capability (checked on cgroup
v1, from a user namespace with every capability dropped, and from bubblewrap itself: ``tests/grading/
test_cgroups.py``). On cgroup v2 the kernel also refuses controllers to the children of a cgroup holding processes
(except the root cgroup), and, with ``nsdelegate``, a move out of the mover's cgroup namespace: there, this works
only when the grader runs in the root cgroup (``RunCgroups.create`` says why it cannot otherwise).

Where the hierarchies are is found by ``gc_grader.cgroup_discovery`` (``parse_mountinfo``, ``parse_proc_cgroup``,
``locate``: pure, tested on sample texts), whose names this module re-exports; this module makes, fills and removes
the folders.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .cgroup_discovery import CONTROLLERS, MEMORY, PIDS, CgroupsUnavailable, Hierarchy, locate, parse_proc_cgroup

__all__ = ["CONTROLLERS", "MEMORY", "PIDS", "RUN_PREFIX", "CgroupsUnavailable", "Hierarchy", "RunCgroups",
           "SubmissionCgroups", "locate", "parse_proc_cgroup"]

RUN_PREFIX = "gc-grading-"
"""The start of every run folder's name: ``gc-grading-<pid of the grader>-<random>``."""


# --------------------------------------------------------------------------------------------- files

def _mkdir(path: str, dir_fd: int | None = None) -> None:
    """``os.mkdir``: on a cgroup filesystem the kernel adds the new cgroup's files (the tests' fake kernel too)."""
    os.mkdir(path, 0o755, dir_fd=dir_fd)


def _rmdir(path: str, dir_fd: int | None = None) -> None:
    """``os.rmdir``: on a cgroup filesystem it removes a cgroup with its files, EBUSY while a process is in it."""
    os.rmdir(path, dir_fd=dir_fd)


def _write(path: str, data: bytes, dir_fd: int | None = None) -> None:
    """Write ``data`` to an existing file in one ``write`` (a cgroup file takes one value per write)."""
    fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC, dir_fd=dir_fd)
    try:
        if os.write(fd, data) != len(data):
            raise OSError(errno.EIO, "a short write", path)
    finally:
        os.close(fd)


def _read(path: str, dir_fd: int | None = None) -> str:
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC, dir_fd=dir_fd)
    try:
        chunks = []
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
        return b"".join(chunks).decode()
    finally:
        os.close(fd)


def _field(text: str, key: str) -> int | None:
    """The number on the line ``key N`` of a cgroup file such as ``memory.events``; None if it has none."""
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name == key:
            return int(value)
    return None


def _submission(group: int) -> str:
    return f"s{int(group)}"


def _why(error: OSError, doing: str) -> CgroupsUnavailable:
    """A ``CgroupsUnavailable`` for ``error``, which happened while ``doing``, with what it means here."""
    meanings: dict[int | None, str] = {
        errno.EACCES: ("permission denied (a security policy?)" if os.geteuid() == 0 else
                       f"permission denied: the grader runs as uid {os.geteuid()}, not root, and this cgroup is not "
                       "delegated to it"),
        errno.EPERM: "not permitted (no privilege over this cgroup, or a security policy forbids it)",
        errno.EROFS: "the cgroup filesystem is mounted read-only here (as in many containers)",
        errno.ENOENT: "it does not exist (the cgroup filesystem is not what /proc/self/mountinfo says)",
        errno.EBUSY: ("this cgroup holds processes (the grader at least), and cgroup v2 gives controllers to the "
                      "children of a cgroup only when it holds none, the root cgroup excepted: run the grader in the "
                      "root cgroup, or on a machine with cgroup v1"),
    }
    return CgroupsUnavailable(f"cannot {doing}: {meanings.get(error.errno, error.strerror or str(error))}")


# --------------------------------------------------------------------------------------------- the grader's half

@dataclass
class _RunFolder:
    """The run's folder ``path`` in ``hierarchy``, open as directory descriptor ``fd`` (-1 before, and once closed).

    Attributes
    ----------
    limits : list of (str, str)
        (file, value) written into each submission's folder, in this order.
    oom_file, peak_file, usage_file : str or None
        The file whose ``oom_kill`` line counts OOM kills, the file holding the peak memory use (where the kernel
        has one) and the file holding the memory in use: where the memory controller is, else None.
    swap_limited : bool
        Whether swap counts against the memory limit (or is forbidden).
    """

    hierarchy: Hierarchy
    path: str
    fd: int = -1
    limits: list[tuple[str, str]] = field(default_factory=list)
    oom_file: str | None = None
    peak_file: str | None = None
    usage_file: str | None = None
    swap_limited: bool = False

    def plan(self) -> dict:
        return {"fd": self.fd, "version": self.hierarchy.version, "controllers": list(self.hierarchy.controllers),
                "limits": [list(limit) for limit in self.limits], "oom": self.oom_file, "peak": self.peak_file,
                "usage": self.usage_file}


def _enable_v2(folder: str, controllers: Iterable[str], what: str) -> None:
    """Make sure the children of v2 cgroup ``folder`` have ``controllers`` (its ``cgroup.subtree_control``)."""
    try:
        available = set(_read(os.path.join(folder, "cgroup.controllers")).split())
        enabled = set(_read(os.path.join(folder, "cgroup.subtree_control")).split())
    except OSError as error:
        raise _why(error, f"read the controllers of {what} {folder}") from error
    missing = [c for c in controllers if c not in available]
    if missing:
        raise CgroupsUnavailable(f"the {' and '.join(missing)} controller of cgroup v2 is not available to {what} "
                                 f"{folder} (not in its cgroup.controllers: its parent does not delegate it)")
    wanted = [c for c in controllers if c not in enabled]
    if wanted:
        try:
            _write(os.path.join(folder, "cgroup.subtree_control"), " ".join(f"+{c}" for c in wanted).encode())
        except OSError as error:
            raise _why(error, f"enable {' and '.join(wanted)} for the children of {what} {folder}") from error


def _make_run_folder(hierarchy: Hierarchy, name: str, memory_bytes: int, max_processes: int) -> _RunFolder:
    """Create and open the run's folder ``name`` in ``hierarchy``, and work out what a submission's folder gets.

    Parameters
    ----------
    hierarchy, name : Hierarchy, str
        Where to make it (beneath this process's own cgroup), and its name.
    memory_bytes, max_processes : int
        Each submission's limits (``RunCgroups.create``).

    Returns
    -------
    _RunFolder
        Open, with the limits a submission's folder gets.

    Raises
    ------
    CgroupsUnavailable
        When the folder cannot be made, or lacks a controller's files (nothing is left behind then).
    """
    if hierarchy.version == "v2":
        _enable_v2(hierarchy.folder, hierarchy.controllers, "the grader's cgroup")
    path = os.path.join(hierarchy.folder, name)
    try:
        _mkdir(path)
    except OSError as error:
        raise _why(error, f"make a cgroup in {hierarchy.folder}") from error
    try:
        return _open_run_folder(hierarchy, path, memory_bytes, max_processes)
    except BaseException:
        with contextlib.suppress(OSError):
            _rmdir(path)
        raise


def _open_run_folder(hierarchy: Hierarchy, path: str, memory_bytes: int, max_processes: int) -> _RunFolder:
    """The run's new folder ``path``: its controllers enabled for its children (v2), the limits its submissions'
    folders get, then opened."""
    if hierarchy.version == "v2":
        _enable_v2(path, hierarchy.controllers, "the run's cgroup")
    folder = _RunFolder(hierarchy, path)
    if MEMORY in hierarchy.controllers:
        _limit_memory(folder, memory_bytes)
    if PIDS in hierarchy.controllers:
        _require(folder, "pids.max", "pids")
        folder.limits.append(("pids.max", str(max_processes)))
    folder.fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    return folder


def _limit_memory(folder: _RunFolder, memory_bytes: int) -> None:
    """Add the memory limit (and swap's, where the kernel accounts swap) to ``folder``'s, and name its files for
    OOM kills, the peak and the memory in use."""
    v2 = folder.hierarchy.version == "v2"
    files = folder.hierarchy.memory_files
    _require(folder, files.limit, MEMORY)
    folder.limits.append((files.limit, str(memory_bytes)))
    if _has(folder, files.swap):  # v1: memory and swap together; v2: no swap at all
        folder.limits.append((files.swap, "0" if v2 else str(memory_bytes)))
        folder.swap_limited = True
    folder.oom_file, folder.usage_file = files.oom, files.usage
    folder.peak_file = files.peak if _has(folder, files.peak) else None


def _has(folder: _RunFolder, file: str) -> bool:
    return os.path.exists(os.path.join(folder.path, file))


def _require(folder: _RunFolder, file: str, controller: str) -> None:
    """CgroupsUnavailable unless ``folder`` has ``file``, which the kernel adds where ``controller`` is enabled."""
    if not _has(folder, file):
        raise CgroupsUnavailable(f"the cgroup {folder.path} has no {file}: the {controller} controller is not "
                                 "enabled")


class RunCgroups:
    """The run's cgroup folders, made and removed by the grader (see the module docstring).

    Use ``RunCgroups.create``; ``fds`` and ``plan`` go to the fork server, ``describe`` to the run's report,
    ``close`` after the run (or ``with RunCgroups.create(...) as cgroups:``).
    """

    def __init__(self, folders: list[_RunFolder], memory_bytes: int, max_processes: int) -> None:
        self._folders = folders
        self.memory_bytes = memory_bytes
        self.max_processes = max_processes

    @classmethod
    def create(cls, memory_bytes: int, max_processes: int, *, mountinfo: str | None = None,
               proc_cgroup: str | None = None) -> RunCgroups:
        """Make the run's folders beneath this process's own cgroups.

        Parameters
        ----------
        memory_bytes : int
            Each submission's memory limit: everything its processes hold (anonymous memory, page cache, tmpfs and
            System V shared memory they wrote, kernel memory); swap counts too, or is forbidden, where the kernel
            accounts it (``describe()["swap_counted"]``).
        max_processes : int
            Each submission's limit on processes and threads, all of them: the process that calls ``enter`` (the
            server's relay), the submission's host, and what the exercises run.
        mountinfo, proc_cgroup : str, optional
            The texts of ``/proc/self/mountinfo`` and ``/proc/self/cgroup`` (read when not given).

        Returns
        -------
        RunCgroups

        Raises
        ------
        CgroupsUnavailable
            Not Linux, no memory or pids controller, not root and not delegated, a read-only cgroup filesystem, a
            v2 cgroup that cannot give controllers to its children, ...: the message says which.
        ValueError
            When a limit is not a positive integer.
        """
        for value, what in ((memory_bytes, "memory_bytes"), (max_processes, "max_processes")):
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"{what} must be a positive integer, not {value!r}")
        if not sys.platform.startswith("linux"):
            raise CgroupsUnavailable(f"cgroups are Linux's; this is {sys.platform}")
        try:
            mountinfo = _read("/proc/self/mountinfo") if mountinfo is None else mountinfo
            proc_cgroup = _read("/proc/self/cgroup") if proc_cgroup is None else proc_cgroup
        except OSError as error:
            raise CgroupsUnavailable(f"cannot read {error.filename}: {error.strerror}") from error
        hierarchies = locate(mountinfo, proc_cgroup)
        name = f"{RUN_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        made: list[_RunFolder] = []
        try:
            for hierarchy in hierarchies:
                made.append(_make_run_folder(hierarchy, name, memory_bytes, max_processes))
        except BaseException:
            cls(made, memory_bytes, max_processes).close()
            raise
        return cls(made, memory_bytes, max_processes)

    def fds(self) -> list[int]:
        """The directory descriptors of the run's folders, to pass to the fork server (``pass_fds``)."""
        return [folder.fd for folder in self._folders if folder.fd >= 0]

    def plan(self) -> dict:
        """What the fork server's ``SubmissionCgroups`` needs, as a JSON-able dict.

        The descriptors are named by number: a process started with ``pass_fds`` (and bubblewrap) has them under
        the same numbers.
        """
        return {"memory_bytes": self.memory_bytes, "max_processes": self.max_processes,
                "hierarchies": [folder.plan() for folder in self._folders]}

    def describe(self) -> dict:
        """The run's cgroups for its report (``grades.json``): version, controllers, limits, where.

        Returns
        -------
        dict
            ``cgroup`` (``"v1"``, ``"v2"`` or ``"v1+v2"``), ``controllers``, ``memory_bytes_per_submission``,
            ``processes_per_submission``, ``swap_counted`` and ``where`` (each controller's run folder).
        """
        versions = sorted({folder.hierarchy.version for folder in self._folders})
        return {"cgroup": "+".join(versions),
                "controllers": [c for folder in self._folders for c in folder.hierarchy.controllers],
                "memory_bytes_per_submission": self.memory_bytes,
                "processes_per_submission": self.max_processes,
                "swap_counted": any(folder.swap_limited for folder in self._folders),
                "where": {c: folder.path for folder in self._folders for c in folder.hierarchy.controllers}}

    def close(self) -> list[str]:
        """Close the descriptors and remove the run's folders (the submissions' left, then the run's).

        Call it once every process of the run is gone. It never raises for a folder it cannot remove (one still
        holding a process, say): it says so, and may be called again later.

        Returns
        -------
        list of str
            What could not be removed, and why; empty when everything is gone.
        """
        left = []
        for folder in self._folders:
            if folder.fd >= 0:
                os.close(folder.fd)
                folder.fd = -1
            inner = [os.path.join(top, name) for top, names, _ in os.walk(folder.path, topdown=False)
                     for name in names]
            for path in [*inner, folder.path]:
                try:
                    _rmdir(path)
                except FileNotFoundError:
                    pass
                except OSError as error:
                    left.append(f"{path}: {error.strerror}")
        return left

    def __enter__(self) -> RunCgroups:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()


# --------------------------------------------------------------------------------------------- the server's half

@dataclass(frozen=True)
class _Folder:
    fd: int
    limits: tuple[tuple[str, bytes], ...]
    oom_file: str | None
    peak_file: str | None
    usage_file: str | None


class SubmissionCgroups:
    """A cgroup per submission, made through the run's directory descriptors (in the fork server).

    Parameters
    ----------
    plan : mapping
        ``RunCgroups.plan()``, as it crossed into this process (through JSON, say); its descriptors open here.
    """

    def __init__(self, plan: Mapping) -> None:
        self.memory_bytes = int(plan["memory_bytes"])
        self.max_processes = int(plan["max_processes"])
        self._folders = [
            _Folder(int(h["fd"]), tuple((str(file), str(value).encode()) for file, value in h["limits"]),
                    h.get("oom"), h.get("peak"), h.get("usage"))
            for h in plan["hierarchies"]]

    def fds(self) -> list[int]:
        """The run's directory descriptors: every process forked from here holds them until ``enter`` closes
        them (a process that runs anything of a submission must not)."""
        return [folder.fd for folder in self._folders]

    def make(self, group: int) -> None:
        """Create submission ``group``'s cgroup (``s<group>`` in each run folder) and write its limits.

        Raises
        ------
        OSError
            When a folder or a limit cannot be made (nothing of it is left then).
        """
        name = _submission(group)
        made = []
        try:
            for folder in self._folders:
                _mkdir(name, dir_fd=folder.fd)
                made.append(folder)
                for file, value in folder.limits:
                    _write(f"{name}/{file}", value, folder.fd)
        except BaseException:
            for folder in made:
                try:
                    _rmdir(name, dir_fd=folder.fd)
                except OSError:
                    pass
            raise

    def enter(self, group: int) -> None:
        """Move this process into submission ``group``'s cgroup, then close the run's descriptors here.

        Call it in the process forked for the submission, before anything of the submission runs: every process it
        starts from then on is in the cgroup. Closing the descriptors keeps the submission from the run's folders
        (through them, it could raise its limits or leave its cgroup); this object is of no use here afterwards.

        Raises
        ------
        OSError
            When the kernel refuses the move (the descriptors are closed all the same).
        """
        name = _submission(group)
        try:
            for folder in self._folders:
                _write(f"{name}/cgroup.procs", b"0", folder.fd)  # 0: the process that writes
        finally:
            for folder in self._folders:
                try:
                    os.close(folder.fd)
                except OSError:
                    pass

    def oom_kills(self, group: int) -> int:
        """How many processes of submission ``group`` the kernel killed for reaching the memory limit.

        Raises
        ------
        OSError
            When its cgroup is gone (read before ``remove``).
        """
        name = _submission(group)
        return sum(_field(_read(f"{name}/{folder.oom_file}", folder.fd), "oom_kill") or 0
                   for folder in self._folders if folder.oom_file)

    def peak_memory(self, group: int) -> int | None:
        """The most memory submission ``group``'s cgroup held at once, in bytes; None where the kernel does not
        say (cgroup v2 before Linux 5.19). Raises OSError when its cgroup is gone."""
        name = _submission(group)
        for folder in self._folders:
            if folder.peak_file:
                return int(_read(f"{name}/{folder.peak_file}", folder.fd).split()[0])
        return None

    def memory_in_use(self, group: int) -> int | None:
        """The memory submission ``group``'s cgroup holds now, in bytes (None without a memory controller).

        After a process ends, what it held in a System V IPC namespace is freed a little later, by the kernel's
        own work (~20-40 ms here): the fork server waits for that before the submission's next exercise starts.
        Raises OSError when its cgroup is gone.
        """
        name = _submission(group)
        for folder in self._folders:
            if folder.usage_file:
                return int(_read(f"{name}/{folder.usage_file}", folder.fd).split()[0])
        return None

    def remove(self, group: int) -> bool:
        """Remove submission ``group``'s cgroup; call it once its processes are gone.

        Returns
        -------
        bool
            Whether it is gone from every hierarchy (False: a process is still in it, ``EBUSY``; try again later).
        """
        name = _submission(group)
        removed = True
        for folder in self._folders:
            try:
                _rmdir(name, dir_fd=folder.fd)
            except FileNotFoundError:
                pass
            except OSError:
                removed = False
        return removed
