"""Where this process's cgroups are: the hierarchies that hold the memory and pids controllers, found from the
texts of ``/proc/self/mountinfo`` and ``/proc/self/cgroup``; and what the memory controller's files are called in
each version of cgroups.

Pure: ``parse_mountinfo``, ``parse_proc_cgroup`` and ``locate`` take those texts and touch nothing, so what they find
can be tested anywhere (``tests/grading/test_cgroups.py`` tries a hybrid v1 layout, cgroup v2 under systemd and
containers). ``gc_grader.cgroups`` makes the folders in what ``locate`` finds, and re-exports all of this.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

MEMORY, PIDS = "memory", "pids"
CONTROLLERS = (MEMORY, PIDS)
"""The controllers a submission's cgroup needs, in the order they are looked for."""


class CgroupsUnavailable(RuntimeError):
    """No cgroup with a memory and a pids limit can be made here; the message says why."""


@dataclass(frozen=True)
class Mount:
    """One cgroup filesystem of ``/proc/self/mountinfo``.

    Attributes
    ----------
    point : str
        Where it is mounted.
    root : str
        The folder of its hierarchy that appears at ``point`` (``/`` unless a sub-folder was bound there).
    fstype : str
        ``cgroup`` (v1) or ``cgroup2``.
    options : frozenset of str
        Its superblock options; for v1 they name the hierarchy's controllers.
    """

    point: str
    root: str
    fstype: str
    options: frozenset[str]


@dataclass(frozen=True)
class MemoryFiles:
    """The memory controller's files of one cgroup version (v1 and v2 name them differently)."""

    limit: str  # the memory limit
    swap: str  # v1: memory and swap together; v2: swap alone (absent: the kernel does not account swap)
    oom: str  # holds an ``oom_kill`` line
    peak: str  # the peak memory use (absent on v2 before Linux 5.19)
    usage: str  # the memory in use


MEMORY_FILES = {
    "v1": MemoryFiles("memory.limit_in_bytes", "memory.memsw.limit_in_bytes", "memory.oom_control",
                      "memory.max_usage_in_bytes", "memory.usage_in_bytes"),
    "v2": MemoryFiles("memory.max", "memory.swap.max", "memory.events", "memory.peak", "memory.current"),
}
"""The memory controller's files by cgroup version."""


@dataclass(frozen=True)
class Hierarchy:
    """A hierarchy that holds some of ``CONTROLLERS``, and this process's own cgroup in it.

    Attributes
    ----------
    version : str
        ``"v1"`` or ``"v2"``.
    controllers : tuple of str
        Which of ``CONTROLLERS`` it holds (on v2: those it should hold; ``RunCgroups.create`` checks).
    folder : str
        This process's own cgroup, as a path on this machine.
    """

    version: str
    controllers: tuple[str, ...]
    folder: str

    @property
    def memory_files(self) -> MemoryFiles:
        """The memory controller's files in a cgroup of this hierarchy's version."""
        return MEMORY_FILES[self.version]


_ESCAPED = re.compile(r"\\([0-7]{3})")


def _unescape(field: str) -> str:
    """A path of ``/proc/self/mountinfo`` as it is (the kernel writes space, tab, newline, backslash in octal)."""
    return _ESCAPED.sub(lambda match: chr(int(match.group(1), 8)), field)


def parse_mountinfo(text: str) -> list[Mount]:
    """The cgroup filesystems (v1 and v2) of a ``/proc/self/mountinfo`` text, in its order.

    Parameters
    ----------
    text : str
        The text of ``/proc/<pid>/mountinfo``.

    Returns
    -------
    list of Mount
        Every mount of type ``cgroup`` or ``cgroup2``; lines of another type, or malformed, are left out.
    """
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if " - " not in line or len(fields) < 7:
            continue
        before, after = line.split(" - ", 1)
        head, tail = before.split(), after.split()
        if len(head) < 5 or len(tail) < 2 or tail[0] not in ("cgroup", "cgroup2"):
            continue
        options = frozenset(tail[2].split(",")) if len(tail) > 2 else frozenset()
        mounts.append(Mount(point=_unescape(head[4]), root=_unescape(head[3]), fstype=tail[0], options=options))
    return mounts


def parse_proc_cgroup(text: str) -> dict[str, str]:
    """This process's cgroup in each hierarchy, from the text of ``/proc/self/cgroup``.

    Parameters
    ----------
    text : str
        Lines ``id:controllers:path`` (v1: controllers separated by commas, or ``name=...``; v2: ``0::path``).

    Returns
    -------
    dict of str to str
        Each v1 controller (and named hierarchy) to its path, and ``""`` to the v2 path.
    """
    found: dict[str, str] = {}
    for line in text.splitlines():
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, path = parts
        if controllers == "" and parts[0] == "0":
            found[""] = path
        for controller in filter(None, controllers.split(",")):
            found[controller] = path
    return found


def _under_mount(mount: Mount, path: str) -> str | None:
    """Where cgroup ``path`` (as ``/proc/self/cgroup`` says it) is through ``mount``; None if not below its root."""
    root = mount.root.rstrip("/")
    if path != root and not path.startswith(root + "/"):
        return None  # a sub-folder of the hierarchy is mounted (a container): this process's cgroup is not in it
    rest = path[len(root):].strip("/")
    return os.path.join(mount.point, rest) if rest else mount.point


def locate(mountinfo: str, proc_cgroup: str, controllers: Iterable[str] = CONTROLLERS) -> list[Hierarchy]:
    """The hierarchies that hold ``controllers``, each with this process's own cgroup in it; pure.

    A controller of a v1 hierarchy (listed in ``/proc/self/cgroup`` under its name) is looked for there only (the
    kernel binds a controller to one hierarchy); any other on the v2 hierarchy. Controllers that share a folder (a
    v1 hierarchy with several, or v2) share one ``Hierarchy``.

    Parameters
    ----------
    mountinfo : str
        The text of ``/proc/self/mountinfo``.
    proc_cgroup : str
        The text of ``/proc/self/cgroup``.
    controllers : iterable of str
        The controllers needed.

    Returns
    -------
    list of Hierarchy
        In the order of the first controller each holds.

    Raises
    ------
    CgroupsUnavailable
        When a controller is in no hierarchy mounted where this process's cgroup can be reached.
    """
    mounts, own = parse_mountinfo(mountinfo), parse_proc_cgroup(proc_cgroup)
    folders: dict[tuple[str, str], list[str]] = {}  # (version, folder) -> its controllers
    reasons = []
    for controller in controllers:
        if controller in own:
            version = "v1"
            candidates = [m for m in mounts if m.fstype == "cgroup" and controller in m.options]
            where = f"the v1 hierarchy of {controller}"
        elif "" in own:
            version = "v2"
            candidates = [m for m in mounts if m.fstype == "cgroup2"]
            where = "the cgroup2 hierarchy"
        else:
            reasons.append(f"the kernel has no {controller} controller (not in /proc/self/cgroup)")
            continue
        path = own[controller if version == "v1" else ""]
        folder = next(filter(None, (_under_mount(m, path) for m in candidates)), None)
        if folder is None:
            reasons.append(f"{where} is not mounted here" if not candidates else
                           f"this process's cgroup {path} of {where} is not under any of its mounts here")
            continue
        folders.setdefault((version, folder), []).append(controller)
    if reasons:
        raise CgroupsUnavailable("no cgroup can be made: " + "; ".join(reasons))
    return [Hierarchy(version, tuple(names), folder) for (version, folder), names in folders.items()]
