"""A cgroup per submission (``gc_grader.cgroups``): found from the mount table, limits the kernel enforces.

The discovery functions are tested on sample texts (this machine's hybrid v1 layout, cgroup v2 under systemd,
containers). The v2 files are tested on a fake tree, whose ``mkdir`` and ``rmdir`` play the kernel's part (no
controller is on this machine's v2 hierarchy). The rest runs against the real kernel, as root: memory beyond the
limit (anonymous, tmpfs, System V shared memory) is stopped, the process limit holds for root too, a process in a
user namespace with no capability makes and enters a cgroup through the descriptors (as the fork server and its
relay do, in bubblewrap too), and nothing is left behind.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gc_grader import cgroups, sandbox
from gc_grader.cgroups import CgroupsUnavailable, Hierarchy, RunCgroups, SubmissionCgroups, locate
from tests.grading.running import in_fork

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="cgroups are Linux's")

MiB = 2**20
LIMIT = 64 * MiB
PROCESSES = 8
NOBODY = 65534

# ------------------------------------------------------------------------------------------ discovery, pure

HYBRID_MOUNTINFO = """\
22 27 0:21 / /proc rw,relatime - proc proc rw
25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683772k
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard
31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
"""
HYBRID_CGROUP = """\
9:name=systemd:/
8:pids:/
4:memory:/process_api/c05bc0daa100eb133057abe18349ebf9
1:cpu:/
0::/
"""


def test_this_machines_hybrid_layout_gives_a_v1_folder_per_controller():
    assert locate(HYBRID_MOUNTINFO, HYBRID_CGROUP) == [
        Hierarchy("v1", ("memory",), "/sys/fs/cgroup/memory/process_api/c05bc0daa100eb133057abe18349ebf9"),
        Hierarchy("v1", ("pids",), "/sys/fs/cgroup/pids"),  # the root of its hierarchy: where this process is
    ]


def test_cgroup_v2_under_systemd_gives_one_folder_for_both():
    mountinfo = ("24 1 0:22 / /sys rw - sysfs sysfs rw\n"
                 "30 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 "
                 "rw,nsdelegate,memory_recursiveprot\n")
    own = "0::/user.slice/user-1000.slice/user@1000.service/app.slice/grader.scope\n"
    assert locate(mountinfo, own) == [Hierarchy(
        "v2", ("memory", "pids"), "/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice/grader.scope")]


def test_a_hybrid_layout_without_v1_pids_looks_for_pids_on_v2():
    mountinfo = HYBRID_MOUNTINFO.replace("39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n", "")
    own = HYBRID_CGROUP.replace("8:pids:/\n", "").replace("0::/", "0::/init.scope")
    assert locate(mountinfo, own) == [
        Hierarchy("v1", ("memory",), "/sys/fs/cgroup/memory/process_api/c05bc0daa100eb133057abe18349ebf9"),
        Hierarchy("v2", ("pids",), "/sys/fs/cgroup/unified/init.scope"),
    ]


def test_a_container_mounts_its_own_subtree_and_comounts_controllers():
    # Docker without a cgroup namespace, v1: the container's folder of each hierarchy is mounted at its root
    mountinfo = (r"700 690 0:40 /docker/abc /sys/fs/cgroup/memory,pids ro,nosuid - cgroup cgroup rw,memory,pids" "\n"
                 r"701 690 0:41 /docker/abc /mnt/with\040space rw - cgroup cgroup rw,cpu" "\n")
    own = "5:memory,pids:/docker/abc/grading\n3:cpu:/docker/abc\n"
    assert locate(mountinfo, own) == [Hierarchy("v1", ("memory", "pids"), "/sys/fs/cgroup/memory,pids/grading")]
    assert locate(mountinfo, own, controllers=["cpu"]) == [Hierarchy("v1", ("cpu",), "/mnt/with space")]


def test_a_cgroup_outside_every_mount_or_a_missing_controller_is_unavailable():
    mountinfo = "700 690 0:40 /docker/abc /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
    with pytest.raises(CgroupsUnavailable, match="/docker/other of the v1 hierarchy of memory is not under"):
        locate(mountinfo, "4:memory:/docker/other\n", controllers=["memory"])
    with pytest.raises(CgroupsUnavailable, match="no pids controller"):
        locate(mountinfo, "4:memory:/docker/abc\n")
    with pytest.raises(CgroupsUnavailable, match="cgroup2 hierarchy is not mounted"):
        locate("27 1 254:0 / / rw - ext4 /dev/vda rw\n", "0::/\n")


# ------------------------------------------------------------------------------------------ cgroup v2, a fake tree

class FakeV2Kernel:
    """What cgroup v2 does to plain folders on ``mkdir`` and ``rmdir``: enough for the module's file-level logic.

    A new folder gets the files of the controllers its parent's ``cgroup.subtree_control`` enables (``+name``, as
    written there), those that take a value empty (a write replaces the kernel's value, not a plain file's: the
    module never reads them); ``rmdir`` refuses a folder whose ``cgroup.procs`` is not empty (EBUSY), else removes
    its files.
    """

    def __init__(self, swap: bool = True, peak: bool = True) -> None:
        self.swap, self.peak = swap, peak

    @staticmethod
    def _path(path: str, dir_fd: int | None) -> Path:
        return Path(path if dir_fd is None else f"/proc/self/fd/{dir_fd}/{path}")

    def mkdir(self, path: str, dir_fd: int | None = None) -> None:
        os.mkdir(path, dir_fd=dir_fd)
        folder = self._path(path, dir_fd)
        enabled = [word.lstrip("+") for word in (folder.parent / "cgroup.subtree_control").read_text().split()]
        files = {"cgroup.controllers": " ".join(enabled), "cgroup.subtree_control": "", "cgroup.procs": ""}
        if "memory" in enabled:
            files.update({"memory.max": "", "memory.events": "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n"})
            files.update({"memory.swap.max": ""} if self.swap else {})
            files.update({"memory.peak": "0\n"} if self.peak else {})
        if "pids" in enabled:
            files["pids.max"] = ""
        for name, text in files.items():
            (folder / name).write_text(text)

    def rmdir(self, path: str, dir_fd: int | None = None) -> None:
        folder = self._path(path, dir_fd)
        if (folder / "cgroup.procs").exists() and (folder / "cgroup.procs").read_text().strip():
            raise OSError(errno.EBUSY, "Device or resource busy", path)
        for file in folder.iterdir():
            if file.is_file():
                file.unlink()
        os.rmdir(path, dir_fd=dir_fd)


def _fake_v2_tree(tmp_path: Path, monkeypatch, delegated: str = "cpu memory pids", **kernel) -> tuple[str, str]:
    """A cgroup2 mount in ``tmp_path`` with this process in ``/user.slice/grader``; (mountinfo, proc_cgroup)."""
    fake = FakeV2Kernel(**kernel)
    monkeypatch.setattr(cgroups, "_mkdir", fake.mkdir)
    monkeypatch.setattr(cgroups, "_rmdir", fake.rmdir)
    mount = tmp_path / "cgroup"
    mount.mkdir()
    (mount / "cgroup.controllers").write_text("cpu io memory pids\n")
    (mount / "cgroup.subtree_control").write_text(delegated)
    fake.mkdir(str(mount / "user.slice"))
    (mount / "user.slice" / "cgroup.subtree_control").write_text(delegated)
    fake.mkdir(str(mount / "user.slice" / "grader"))
    (mount / "user.slice" / "grader" / "cgroup.procs").write_text(f"{os.getpid()}\n")
    return f"30 24 0:26 / {mount} rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n", "0::/user.slice/grader\n"


def test_v2_enables_the_controllers_writes_the_limits_and_moves_through_the_descriptor(tmp_path, monkeypatch):
    mountinfo, own = _fake_v2_tree(tmp_path, monkeypatch)
    run = RunCgroups.create(LIMIT, PROCESSES, mountinfo=mountinfo, proc_cgroup=own)
    grader = tmp_path / "cgroup" / "user.slice" / "grader"
    folder = Path(run.describe()["where"]["memory"])
    assert folder.parent == grader and folder.name.startswith(f"gc-grading-{os.getpid()}-")
    assert run.describe() == {"cgroup": "v2", "controllers": ["memory", "pids"], "memory_bytes_per_submission": LIMIT,
                              "processes_per_submission": PROCESSES, "swap_counted": True,
                              "where": {"memory": str(folder), "pids": str(folder)}}
    assert (grader / "cgroup.subtree_control").read_text() == "+memory +pids"  # the grader's children get them
    assert (folder / "cgroup.subtree_control").read_text() == "+memory +pids"  # and the submissions' folders

    server = SubmissionCgroups(json.loads(json.dumps(run.plan())))
    server.make(7)
    submission = folder / "s7"
    assert {name: (submission / name).read_text() for name in ("memory.max", "memory.swap.max", "pids.max")} == {
        "memory.max": str(LIMIT), "memory.swap.max": "0", "pids.max": str(PROCESSES)}
    (submission / "memory.events").write_text("low 0\nhigh 3\nmax 5\noom 2\noom_kill 2\noom_group_kill 0\n")
    (submission / "memory.peak").write_text("12345\n")
    assert server.oom_kills(7) == 2 and server.peak_memory(7) == 12345

    relay = SubmissionCgroups(dict(run.plan(), hierarchies=[dict(h, fd=os.dup(h["fd"]))
                                                            for h in run.plan()["hierarchies"]]))
    relay.enter(7)
    assert (submission / "cgroup.procs").read_text() == "0"  # "this process", once: one hierarchy
    for fd in relay.fds():  # the relay keeps no way to the run's folders
        with pytest.raises(OSError):
            os.fstat(fd)
    assert not server.remove(7)  # a process is in it
    (submission / "cgroup.procs").write_text("")
    assert server.remove(7) and not submission.exists()

    server.make(8)  # left for close
    assert run.close() == []
    assert not folder.exists() and grader.exists()


def test_v2_without_swap_accounting_or_peak_limits_what_it_can(tmp_path, monkeypatch):
    mountinfo, own = _fake_v2_tree(tmp_path, monkeypatch, swap=False, peak=False)
    with RunCgroups.create(LIMIT, PROCESSES, mountinfo=mountinfo, proc_cgroup=own) as run:
        assert run.describe()["swap_counted"] is False
        server = SubmissionCgroups(run.plan())
        server.make(1)
        assert [h["limits"] for h in run.plan()["hierarchies"]] == [[["memory.max", str(LIMIT)],
                                                                     ["pids.max", str(PROCESSES)]]]
        assert server.peak_memory(1) is None and server.oom_kills(1) == 0


def test_v2_without_the_controllers_delegated_is_unavailable_and_leaves_nothing(tmp_path, monkeypatch):
    mountinfo, own = _fake_v2_tree(tmp_path, monkeypatch, delegated="+cpu")
    with pytest.raises(CgroupsUnavailable, match="memory and pids controller of cgroup v2 is not available"):
        RunCgroups.create(LIMIT, PROCESSES, mountinfo=mountinfo, proc_cgroup=own)
    assert not [p for p in (tmp_path / "cgroup").rglob("gc-grading-*")]


def test_limits_must_be_positive_integers():
    for memory, processes in ((0, 8), (LIMIT, -1), (LIMIT, 8.0), (True, 8)):
        with pytest.raises(ValueError):
            RunCgroups.create(memory, processes)


# ------------------------------------------------------------------------------------------ the real kernel

def _expected_here() -> bool:
    """Whether this machine, as root, has writable v1 memory and pids hierarchies (as the one this was written on):
    then ``RunCgroups.create`` must succeed, and a failure is one. Elsewhere (cgroup v2, a container) the real-kernel
    tests are skipped with the reason ``RunCgroups.create`` gives."""
    if os.geteuid() != 0:
        return False
    with open("/proc/self/mounts") as mounts:
        found = {option for line in mounts for kind, options in [line.split()[2:4]] if kind == "cgroup"
                 and "rw" in options.split(",") for option in options.split(",")}
    return {"memory", "pids"} <= found


@pytest.fixture
def run():
    """The run's cgroups (64 MiB, 8 processes per submission), removed after the test: checked gone."""
    if os.geteuid() != 0:
        pytest.skip("making cgroups needs root here (or a delegated cgroup v2 tree)")
    try:
        made = RunCgroups.create(LIMIT, PROCESSES)
    except CgroupsUnavailable as error:
        if _expected_here():
            raise
        pytest.skip(str(error))
    yield made
    assert made.close() == []
    assert not [path for path in made.describe()["where"].values() if os.path.exists(path)]


def _check(result: int, what: str) -> None:
    if result != 0:
        number = ctypes.get_errno()
        raise OSError(number, f"{what}: {os.strerror(number)}")


def _killed(status: int) -> bool:
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def test_the_run_describes_itself_and_its_descriptors_are_the_folders(run):
    described = run.describe()
    assert described["cgroup"] in ("v1", "v2", "v1+v2") and sorted(described["controllers"]) == ["memory", "pids"]
    assert (described["memory_bytes_per_submission"], described["processes_per_submission"]) == (LIMIT, PROCESSES)
    folders = set(described["where"].values())
    assert len(run.fds()) == len(folders)
    assert {os.stat(fd).st_ino for fd in run.fds()} == {os.stat(path).st_ino for path in folders}
    for path in folders:
        assert Path(path).name.startswith(f"gc-grading-{os.getpid()}-")
    assert json.loads(json.dumps(run.plan())) == run.plan()


def test_anonymous_memory_beyond_the_limit_is_killed_and_counted(run):
    server = SubmissionCgroups(run.plan())
    server.make(1)

    def work(out: int) -> None:
        server.enter(1)
        os.write(out, b"entered\n")
        filled = b"\x01" * (200 * MiB)  # written, every page
        os.write(out, f"survived with {len(filled)} bytes\n".encode())

    status, said = in_fork(work)
    assert said == b"entered\n" and _killed(status), (status, said)
    assert server.oom_kills(1) >= 1
    assert LIMIT // 2 <= server.peak_memory(1) <= LIMIT
    assert server.remove(1)


def test_a_tmpfs_file_beyond_the_limit_is_stopped(run, tmp_path):
    server = SubmissionCgroups(run.plan())
    server.make(2)
    (tmp_path / "tmpfs").mkdir()

    def work(out: int) -> None:
        libc = sandbox.load_libc()
        _check(libc.unshare(sandbox.CLONE_NEWNS), "unshare")  # the tmpfs goes with this process's namespace
        _check(libc.mount(b"none", b"/", None, sandbox.MS_REC | sandbox.MS_PRIVATE, None), "private mounts")
        _check(libc.mount(b"tmpfs", str(tmp_path / "tmpfs").encode(), b"tmpfs", 0, b"size=1g"), "mount")
        chunk = b"\x01" * MiB
        server.enter(2)
        os.write(out, b"entered\n")
        fd = os.open(tmp_path / "tmpfs" / "fill", os.O_WRONLY | os.O_CREAT, 0o600)
        written = 0
        try:
            for _ in range(200):
                written += os.write(fd, chunk)
        except OSError as error:
            os.write(out, f"{errno.errorcode[error.errno]} after {written // MiB} MiB\n".encode())
            return
        os.write(out, f"wrote {written // MiB} MiB\n".encode())

    status, said = in_fork(work)
    if _killed(status):
        assert said == b"entered\n"
        assert server.oom_kills(2) >= 1
    else:  # the kernel may fail the write instead
        assert status == 0, said
        entered, failed = said.decode().splitlines()
        assert entered == "entered" and re.fullmatch(r"(ENOSPC|ENOMEM) after \d+ MiB", failed), said
        assert int(failed.split()[-2]) <= LIMIT // MiB
    assert server.remove(2)


def test_system_v_shared_memory_beyond_the_limit_is_killed_and_counted(run):
    server = SubmissionCgroups(run.plan())
    server.make(3)
    size = 200 * MiB

    def work(out: int) -> None:
        libc = sandbox.load_libc()
        _check(libc.unshare(sandbox.CLONE_NEWIPC), "unshare")  # the segment goes with this process's namespace
        libc.shmget.argtypes = [ctypes.c_int, ctypes.c_size_t, ctypes.c_int]
        libc.shmat.argtypes, libc.shmat.restype = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int], ctypes.c_void_p
        server.enter(3)
        segment = libc.shmget(0, size, 0o1000 | 0o600)  # IPC_PRIVATE, IPC_CREAT
        address = libc.shmat(segment, None, 0)
        if segment < 0 or address in (None, ctypes.c_void_p(-1).value):
            raise OSError(ctypes.get_errno(), "shmget/shmat")
        os.write(out, b"attached\n")
        ctypes.memset(address, 1, size)
        os.write(out, b"survived\n")

    status, said = in_fork(work)
    assert said == b"attached\n" and _killed(status), (status, said)
    assert server.oom_kills(3) >= 1
    assert server.remove(3)


def test_the_process_limit_holds_for_root(run):
    server = SubmissionCgroups(run.plan())
    server.make(4)

    def work(out: int) -> None:
        server.enter(4)
        started, refused = [], None
        for _ in range(20):
            try:
                pid = os.fork()
            except OSError as error:
                refused = errno.errorcode[error.errno]
                break
            if pid == 0:
                time.sleep(60)
                os._exit(0)
            started.append(pid)
        for pid in started:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.write(out, json.dumps({"uid": os.geteuid(), "started": len(started), "refused": refused}).encode())

    status, said = in_fork(work)
    assert status == 0, said
    # the limit counts this process too: 7 more, then fork fails
    assert json.loads(said) == {"uid": 0, "started": PROCESSES - 1, "refused": "EAGAIN"}
    assert server.oom_kills(4) == 0
    assert server.remove(4)


def _own_cgroups() -> dict[str, str]:
    """This process's cgroup path per controller (``/proc/self/cgroup``)."""
    with open("/proc/self/cgroup") as lines:
        return cgroups.parse_proc_cgroup(lines.read())


def test_a_process_in_a_user_namespace_without_capabilities_makes_and_enters_a_cgroup(run):
    # The fork server's situation (bubblewrap's user namespace, this machine's user as SUBMISSION_ID, no capability)
    # and its relay's: a forked process that enters, and holds nothing of the run afterwards.
    plan, name = run.plan(), Path(run.describe()["where"]["memory"]).name

    def work(out: int) -> None:
        uid, gid = os.geteuid(), os.getegid()
        _check(sandbox.load_libc().unshare(sandbox.CLONE_NEWUSER), "unshare")
        sandbox.map_identity(uid, gid)
        sandbox.drop_capabilities()
        server = SubmissionCgroups(plan)
        server.make(5)
        relay = os.fork()
        if relay == 0:
            try:
                server.enter(5)
                os.write(out, json.dumps(_own_cgroups()).encode() + b"\n")
            finally:
                os._exit(0)
        os.waitpid(relay, 0)
        with open("/proc/self/status") as status:
            capabilities = next(line.split()[1] for line in status if line.startswith("CapEff:"))
        os.write(out, json.dumps({"uid": os.getuid(), "capabilities": capabilities,
                                  "removed": server.remove(5)}).encode())

    status, said = in_fork(work)
    assert status == 0, said
    entered, server = map(json.loads, said.splitlines())
    assert server == {"uid": sandbox.SUBMISSION_ID, "capabilities": "0000000000000000", "removed": True}
    assert entered["memory"].endswith(f"/{name}/s5") and entered["pids"].endswith(f"/{name}/s5")


INSIDE_BUBBLEWRAP = r"""
import json, os, sys
from gc_grader.cgroups import SubmissionCgroups

server = SubmissionCgroups(json.loads(sys.argv[1]))
server.make(6)
read, write = os.pipe()
relay = os.fork()
if relay == 0:
    try:
        server.enter(6)
        held = []
        for fd in server.fds():
            try:
                os.fstat(fd)
                held.append(fd)
            except OSError:
                pass
        with open("/proc/self/cgroup") as own:
            os.write(write, json.dumps({"cgroup": own.read(), "held": held, "uid": os.getuid()}).encode())
    finally:
        os._exit(0)
os.close(write)
report = json.loads(os.read(read, 65536))
os.waitpid(relay, 0)
report.update(oom_kills=server.oom_kills(6), removed=server.remove(6))
print(json.dumps(report))
"""


@pytest.mark.skipif(sandbox.find_bwrap() is None, reason="bubblewrap is not installed")
def test_the_fork_servers_relay_enters_from_inside_bubblewrap(run):
    code = f"import sys; sys.path[:] = {sandbox.import_path()!r}\n{INSIDE_BUBBLEWRAP}"  # as the fork server's
    command = sandbox.bwrap_command(sandbox.find_bwrap(), code) + [json.dumps(run.plan())]
    result = subprocess.run(command, pass_fds=run.fds(), capture_output=True, text=True, timeout=120,
                            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    name = Path(run.describe()["where"]["memory"]).name
    lines = [line.split(":", 2) for line in report["cgroup"].splitlines()]
    entered = {controller: path for _, controllers, path in lines for controller in controllers.split(",")}
    assert entered["memory"].endswith(f"{name}/s6") and entered["pids"].endswith(f"{name}/s6")
    assert report == dict(report, held=[], uid=sandbox.SUBMISSION_ID, oom_kills=0, removed=True)


def test_close_removes_every_folder_or_says_which_it_could_not(run):
    server = SubmissionCgroups(run.plan())
    for group in (10, 11, 12):
        server.make(group)
    status, _ = in_fork(lambda out: server.enter(10))
    assert status == 0
    read, write = os.pipe()
    waiting = os.fork()
    if waiting == 0:  # stays in s11 until told
        try:
            server.enter(11)
            os.close(write)
            os.read(read, 1)
        finally:
            os._exit(0)
    os.close(read)
    where = set(run.describe()["where"].values())
    try:
        deadline = time.monotonic() + 10
        while str(waiting) not in Path(next(iter(where)), "s11", "cgroup.procs").read_text().split():
            assert time.monotonic() < deadline, "the process never entered"
            time.sleep(0.01)
        left = run.close()  # s12 and s10 go; s11 and the run's folders stay, said
        assert sorted(left) == sorted(f"{path}: Device or resource busy"
                                      for folder in where for path in (f"{folder}/s11", folder))
        assert run.fds() == []
    finally:
        os.close(write)
        os.waitpid(waiting, 0)
    assert run.close() == []  # again, now that the process is gone (the fixture checks the folders are gone)


def test_an_ordinary_user_cannot_make_the_run_and_is_told_why(run):
    def work(out: int) -> None:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)
        try:
            RunCgroups.create(LIMIT, PROCESSES).close()
        except CgroupsUnavailable as error:
            os.write(out, f"unavailable: {error}".encode())
        else:
            os.write(out, b"made")

    status, said = in_fork(work)
    assert status == 0, said
    assert said.startswith(b"unavailable: cannot make a cgroup in "), said
    assert b"permission denied: the grader runs as uid 65534, not root" in said

