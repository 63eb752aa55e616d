"""The sandbox's parts, one at a time (``gc_grader.sandbox``): bubblewrap's arguments, the environment, the import
paths, and the namespaces around a submission, made in a forked process.

``test_attacks.py`` grades attacks end to end; here each function is checked alone: what ``bwrap_command`` binds and
how (read-only, in which order), what it hides (``KEPT_OUT``, the notebooks), the devices (no ``/dev/pts``), what
``python_directories`` keeps; then, inside bubblewrap, what a process there finds; and, in a forked process,
``map_identity``, ``isolate_submission`` (PID 1 of new namespaces, its relay, the kernel ending what it leaves) and
``enter_exercise``.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import signal
import socket
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest

from gc_grader import sandbox
from tests.grading.running import ROOT, in_fork, read_all, user_namespaces_unavailable

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the sandbox is Linux's")

BWRAP = "/usr/bin/bwrap"  # any path: the arguments do not depend on it
LINKS = ("fd", "stdin", "stdout", "stderr")
MOUNTING = {"--ro-bind": 2, "--bind": 2, "--dev-bind": 2, "--symlink": 2, "--tmpfs": 1, "--remount-ro": 1,
            "--proc": 1, "--dev": 1, "--dir": 1}
"""bwrap's filesystem options used here (and those that must not be), with how many values each takes."""


def operations(arguments: list[str]) -> list[tuple[str, ...]]:
    """bwrap's filesystem operations among ``arguments``, in order: (option, its values...)."""
    found, index = [], 0
    while index < len(arguments):
        option = arguments[index]
        if option == "--":
            break
        width = MOUNTING.get(option, 0)
        if width:
            found.append((option, *arguments[index + 1:index + 1 + width]))
        index += 1 + width
    return found


def binds(arguments: list[str]) -> list[tuple[str, str]]:
    """(source, destination) of every read-only bind."""
    return [(source, target) for option, source, target in
            (op for op in operations(arguments) if op[0] == "--ro-bind")]


def under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def secrets() -> list[Path]:
    """What no submission may read: the project's correct solutions and notebooks, and those of any other copy of
    the project on the path (``_kept_out_files``)."""
    return list(dict.fromkeys([ROOT / "reference_solutions.py", ROOT / "notebooks", *sandbox._kept_out_files()]))


def hidden_after(arguments: list[str], secret: Path) -> bool:
    """Whether every read-only bind that would show ``secret`` is followed by one that hides it: an empty tmpfs made
    read-only for a folder, ``/dev/null`` for a file."""
    if not secret.exists():
        return True  # nothing to show
    ops = operations(arguments)
    showing = [i for i, op in enumerate(ops) if op[0] == "--ro-bind" and under(secret, Path(op[1]))
               and op[1] != "/dev/null"]
    if not showing:
        return True
    hides = ([("--tmpfs", str(secret)), ("--remount-ro", str(secret))] if secret.is_dir()
             else [("--ro-bind", "/dev/null", str(secret))])
    after = ops[max(showing) + 1:]
    return all(hide in after for hide in hides)


# ------------------------------------------------------------------------------------ the command

def test_the_command_runs_isolated_python_in_new_namespaces_as_the_submission_user():
    command = sandbox.bwrap_command(BWRAP, "print(1)")
    assert command[0] == BWRAP
    end = command.index("--")
    assert command[end - 2:] == ["--chdir", "/", "--", sys.executable, "-I", "-B", "-c", "print(1)"]
    options = command[:end]
    for flag in ("--unshare-all", "--unshare-user", "--die-with-parent", "--new-session", "--clearenv"):
        assert flag in options, flag
    assert options[options.index("--cap-drop") + 1] == "ALL"
    assert options[options.index("--uid") + 1] == options[options.index("--gid") + 1] == str(sandbox.SUBMISSION_ID)
    assert options[options.index("--hostname") + 1] == "grading"
    assert "--share-net" not in options
    assert options.index("--clearenv") < options.index("--setenv")


def test_the_command_sets_exactly_the_exercise_environment():
    command = sandbox.bwrap_command(BWRAP, "pass")
    options = command[:command.index("--")]
    set_here = {options[i + 1]: options[i + 2] for i, option in enumerate(options) if option == "--setenv"}
    assert set_here == sandbox.exercise_environment()


def test_every_mount_is_read_only_but_the_tmpfs_of_tmp_and_the_order_holds():
    command = sandbox.bwrap_command(BWRAP, "pass")
    ops = operations(command)
    kinds = {op[0] for op in ops}
    assert kinds <= {"--tmpfs", "--proc", "--ro-bind", "--dev-bind", "--symlink", "--remount-ro"}, kinds
    assert ("--dev",) not in ops and "--bind" not in kinds  # never bwrap's whole /dev, never a writable bind
    assert {op[2] for op in ops if op[0] == "--dev-bind"} == {f"/dev/{name}" for name in sandbox.DEVICES}
    assert ops[0] == ("--tmpfs", "/tmp")  # first: a Python installed under /tmp is bound on it, not hidden by it
    # last: the folders bwrap made as tmpfs become read-only once everything is mounted in them
    assert ops[-3:] == [("--remount-ro", sandbox.SANDBOX_ROOT), ("--remount-ro", "/dev"), ("--remount-ro", "/")]
    tmpfs = [op[1] for op in ops if op[0] == "--tmpfs"]
    remounted = [op[1] for op in ops if op[0] == "--remount-ro"]
    assert set(tmpfs) - {"/tmp"} <= set(remounted)  # every other tmpfs (/dev, /lesson, a hidden folder) read-only


def test_dev_holds_only_the_devices_that_carry_nothing_between_processes():
    arguments = sandbox.device_arguments()
    ops = operations(arguments)
    assert ops[0] == ("--tmpfs", "/dev")
    assert [op[1:] for op in ops if op[0] == "--dev-bind"] == [(f"/dev/{d}", f"/dev/{d}") for d in sandbox.DEVICES]
    assert {op[2]: op[1] for op in ops if op[0] == "--symlink"} == {
        "/dev/fd": "/proc/self/fd", "/dev/stdin": "/proc/self/fd/0", "/dev/stdout": "/proc/self/fd/1",
        "/dev/stderr": "/proc/self/fd/2"}
    assert len(ops) == 1 + len(sandbox.DEVICES) + len(LINKS)
    assert not [a for a in arguments if "pts" in a or "ptmx" in a or "shm" in a or "mqueue" in a]


def test_the_exercise_environment_holds_none_of_the_graders_variables(monkeypatch):
    monkeypatch.setenv("GRADER_SECRET", "do-not-leak")
    monkeypatch.setenv("PYTHONPATH", "/somewhere")
    monkeypatch.setenv("HOME", "/root")
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Prescott")
    for name in sandbox.NUMERIC_VARIABLES[1:]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "64")
    assert sandbox.exercise_environment() == {
        **sandbox.ENVIRONMENT, **{name: "1" for name in sandbox.THREAD_VARIABLES}, "OPENBLAS_CORETYPE": "Prescott"}


def test_one_blas_thread_sets_what_is_not_set_and_keeps_what_is():
    environment = {"OMP_NUM_THREADS": "4"}
    sandbox.one_blas_thread(environment)
    assert environment == {**dict.fromkeys(sandbox.THREAD_VARIABLES, "1"), "OMP_NUM_THREADS": "4"}


THREADS_AFTER = """
import os, runpy, sys
for name in {names!r}:
    os.environ.pop(name, None)
sys.argv = [{module!r}, *{arguments!r}]
try:
    runpy.run_module({module!r}, run_name="__main__", alter_sys=True)
except SystemExit:
    pass
print("numpy" in sys.modules, len(os.listdir("/proc/self/task")))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
                    reason="counts a process's threads in /proc; BLAS starts none on one core")
@pytest.mark.parametrize("module, arguments", [("gc_grader", ["merge", "--help"]), ("gc_grader.platforms", [])])
def test_the_graders_own_process_starts_no_blas_threads(module, arguments):
    """The command and the platforms' entrypoint set ``THREAD_VARIABLES`` before NumPy is imported: after NumPy's
    import, the process has one thread (OpenBLAS would have started one per core)."""
    script = THREADS_AFTER.format(names=sandbox.THREAD_VARIABLES, module=module, arguments=arguments)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.stdout.split()[-2:] == ["True", "1"], done.stdout + done.stderr


# ------------------------------------------------------------------------------------ the filesystem

def test_the_packages_and_test_cases_are_all_of_the_project_in_lesson():
    arguments = sandbox.filesystem_arguments()
    paths = sandbox.project_paths()
    inside = [op for op in operations(arguments) if under(Path(op[-1]), Path(sandbox.SANDBOX_ROOT))]
    assert inside == [("--tmpfs", sandbox.SANDBOX_ROOT),
                      ("--ro-bind", str(paths["testCases"]), f"{sandbox.SANDBOX_ROOT}/testCases.py"),
                      *[("--ro-bind", str(paths[name]), f"{sandbox.SANDBOX_ROOT}/{name}")
                        for name in sandbox.BOUND_PACKAGES]]
    for name in sandbox.BOUND_PACKAGES:
        assert (paths[name] / "__init__.py").is_file() and paths[name].parent == paths["root"]


def test_the_project_itself_is_never_bound_and_its_secrets_never_shown():
    arguments = sandbox.filesystem_arguments()
    sources = [Path(source) for source, _ in binds(arguments)]
    assert ROOT not in sources and ROOT / "notebooks" not in sources
    assert not [s for s in sources if s.name.startswith("reference_solutions")]
    for secret in secrets():
        assert hidden_after(arguments, secret), secret


def test_the_system_folders_are_bound_where_they_are_or_linked_as_they_are():
    ops = operations(sandbox.filesystem_arguments())
    for folder in sandbox.SYSTEM_DIRECTORIES:
        if os.path.islink(folder):
            assert ("--symlink", os.readlink(folder), folder) in ops
        elif os.path.isdir(folder):
            assert ("--ro-bind", folder, folder) in ops
        else:
            assert not [op for op in ops if folder in op]


def test_a_project_inside_a_bound_python_folder_has_its_notebooks_and_solutions_hidden(monkeypatch):
    # A non-editable install, or a clone inside the Python installation: the folder that holds it is bound whole.
    monkeypatch.setattr(sandbox, "python_directories", lambda root: [ROOT.parent])
    arguments = sandbox.filesystem_arguments()
    assert ("--ro-bind", str(ROOT.parent), str(ROOT.parent)) in operations(arguments)
    for secret in (ROOT / "notebooks", ROOT / "reference_solutions.py"):
        assert secret.exists() and hidden_after(arguments, secret), secret


def test_another_copy_of_the_project_on_the_path_is_bound_with_its_solutions_hidden(tmp_path, monkeypatch):
    # An older clone's editable install, say: import finds this project's reference_solutions first, not that one.
    copy = tmp_path / "older-clone"
    (copy / "notebooks" / "solutions").mkdir(parents=True)
    (copy / "notebooks" / "solutions" / "Gradient_Checking.ipynb").write_text("{}")
    (copy / "reference_solutions.py").write_text("SECRET = 1\n")
    monkeypatch.setattr(sys, "path", [*sys.path, str(copy)])
    arguments = sandbox.filesystem_arguments()
    assert ("--ro-bind", str(copy), str(copy)) in operations(arguments)
    assert hidden_after(arguments, copy / "reference_solutions.py")
    assert hidden_after(arguments, copy / "notebooks")


# ------------------------------------------------------------------------------------ the import paths

def test_python_directories_keeps_the_outermost_folders_outside_the_project(tmp_path, monkeypatch):
    project, python, extra = tmp_path / "project", tmp_path / "python", tmp_path / "extra"
    for folder in (project / ".venv" / "bin", project / "src", python / "lib" / "python3" / "site-packages",
                   python / "bin", extra):
        folder.mkdir(parents=True)
    (python / "bin" / "python3").write_text("")
    monkeypatch.setattr(sys, "prefix", str(project / ".venv"))  # the running environment, inside the project
    monkeypatch.setattr(sys, "base_prefix", str(python / "lib" / "python3"))  # a folder first ...
    monkeypatch.setattr(sys, "exec_prefix", str(python))  # ... then the folder that holds it
    monkeypatch.setattr(sys, "base_exec_prefix", str(python))
    monkeypatch.setattr(sys, "executable", str(python / "bin" / "python3"))
    monkeypatch.setattr(sys, "path", ["", str(project), str(project / "src"), str(tmp_path / "missing"),
                                      str(python / "lib" / "python3" / "site-packages"), str(extra)])
    assert sandbox.python_directories(project) == sorted([project / ".venv", python, extra])


def test_the_import_path_inside_starts_with_the_lesson_and_leaves_the_project_out(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    path = sandbox.import_path()
    assert path[0] == sandbox.SANDBOX_ROOT
    outside = [Path(p).resolve() for p in path[1:]]
    environment = Path(sys.prefix).resolve()
    assert not [p for p in outside if under(p, ROOT) and not under(p, environment)]
    assert set(map(str, path[1:])) <= set(sys.path)


# ------------------------------------------------------------------------------------ inside bubblewrap

PROBE = r"""
import importlib.util, json, os, socket, sys

def writable(folder):
    probe = os.path.join(folder, ".gc-probe")
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:
        return False
    os.unlink(probe)
    return True

def readable(path):
    try:
        if os.path.isdir(path):
            return bool(os.listdir(path))
        with open(path, "rb") as stream:
            return bool(stream.read(1))
    except OSError:
        return False

def connects(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        return True
    except OSError:
        return False

secrets, port = json.loads(sys.argv[1]), int(sys.argv[2])
print(json.dumps({
    "ids": [os.getuid(), os.getgid()], "hostname": socket.gethostname(), "environment": dict(os.environ),
    "dev": sorted(os.listdir("/dev")), "lesson": sorted(os.listdir("/lesson")),
    "writable": [f for f in ("/", "/lesson", "/lesson/gc_grader", "/dev", "/usr", "/proc", "/tmp") if writable(f)],
    "readable": [path for path in secrets if readable(path)],
    "importable": [name for name in ("reference_solutions", "gc_grader", "public_tests", "gc_utils", "testCases")
                   if importlib.util.find_spec(name) is not None],
    "connects": connects(port),
}))
"""


@pytest.mark.skipif(sandbox.find_bwrap() is None, reason="bubblewrap is not installed")
def test_inside_bubblewrap_a_process_finds_only_what_running_a_function_needs():
    listener = socket.create_server(("127.0.0.1", 0))  # on this machine's loopback: unreachable from inside
    try:
        code = f"import sys; sys.path[:] = {sandbox.import_path()!r}\n{PROBE}"  # as the fork server's
        command = sandbox.bwrap_command(sandbox.find_bwrap(), code)
        shown = [str(p) for p in secrets()] + [str(ROOT / "notebooks" / "solutions" / "Gradient_Checking.ipynb")]
        result = subprocess.run([*command, json.dumps(shown), str(listener.getsockname()[1])], capture_output=True,
                                text=True, timeout=120, env={**os.environ, "GRADER_SECRET": "do-not-leak"})
    finally:
        listener.close()
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["ids"] == [sandbox.SUBMISSION_ID, sandbox.SUBMISSION_ID]
    assert found["hostname"] == "grading"
    assert found["environment"] == {**sandbox.exercise_environment(), "PWD": "/"}  # bwrap's --chdir sets PWD
    assert found["dev"] == sorted([*sandbox.DEVICES, *LINKS])  # no pts, ptmx, shm, mqueue
    assert found["lesson"] == sorted([*sandbox.BOUND_PACKAGES, "testCases.py"])
    assert found["writable"] == ["/tmp"]
    assert found["readable"] == []
    assert found["importable"] == ["gc_grader", "public_tests", "gc_utils", "testCases"]
    assert found["connects"] is False


# ------------------------------------------------------------------------------------ namespaces, in a fork

@pytest.fixture
def namespaces() -> None:
    """Skips the test where this machine makes no user namespace (the sandbox cannot run there either)."""
    reason = user_namespaces_unavailable()
    if reason:
        pytest.skip(f"no user namespace here: {reason}")


@pytest.mark.usefixtures("namespaces")
def test_map_identity_makes_the_process_the_submission_user_inside_and_itself_outside(tmp_path):
    own = tmp_path / "own-tmp"  # a tmpfs of the new namespaces, as an exercise's /tmp
    own.mkdir()
    os.chmod(tmp_path, 0o777)

    def create(path: Path) -> str:
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
            return "created"
        except OSError as error:
            return errno.errorcode[error.errno]

    def work(out: int) -> None:
        uid, gid = os.geteuid(), os.getegid()
        libc = sandbox.load_libc()
        sandbox._check(libc.unshare(sandbox.CLONE_NEWUSER | sandbox.CLONE_NEWNS), "unshare")
        sandbox._check(libc.mount(b"none", b"/", None, sandbox.MS_REC | sandbox.MS_PRIVATE, None), "private")
        sandbox._mount(libc, "tmpfs", str(own), "tmpfs", 0, "mode=1777")
        unmapped = create(own / "unmapped")
        sandbox.map_identity(uid, gid)
        maps = [Path(f"/proc/self/{name}").read_text().split() for name in ("uid_map", "gid_map")]
        os.write(out, json.dumps({"unmapped": unmapped, "mapped": create(own / "mapped"),
                                  "outside": create(tmp_path / "outside"), "ids": [os.getuid(), os.getgid()],
                                  "maps": maps, "setgroups": Path("/proc/self/setgroups").read_text().strip()}
                                 ).encode())

    status, said = in_fork(work)
    assert status == 0, said.decode()
    found = json.loads(said)
    assert found["unmapped"] == "EOVERFLOW"  # why the mapping is needed at all
    assert found["mapped"] == found["outside"] == "created"
    assert found["ids"] == [sandbox.SUBMISSION_ID, sandbox.SUBMISSION_ID]
    assert found["maps"] == [[str(sandbox.SUBMISSION_ID), str(os.geteuid()), "1"],
                             [str(sandbox.SUBMISSION_ID), str(os.getegid()), "1"]]
    assert found["setgroups"] == "deny"
    created = (tmp_path / "outside").stat()
    assert (created.st_uid, created.st_gid) == (os.geteuid(), os.getegid())  # outside: whoever runs the grader


def _isolated(inner: Callable[[int], None], keep: int | None = None) -> Callable[[int], None]:
    """``work`` for ``in_fork`` that isolates a submission (``keep`` passed as ``keep_fds``) and runs
    ``inner(out)`` in the process that hosts it; that process then exits 0 (1 with a traceback if it raised)."""

    def work(out: int) -> None:
        sandbox.isolate_submission([] if keep is None else [keep])  # returns only in the inner process
        code = 0
        try:
            inner(out)
        except BaseException:  # noqa: B036
            code = 1
            os.write(out, traceback.format_exc().encode())
        finally:
            os._exit(code)

    return work


@pytest.mark.usefixtures("namespaces")
def test_a_submission_is_pid_1_of_new_namespaces_without_network_or_proc():
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def inner(out: int) -> None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            network = "connected"
        except OSError as error:
            network = type(error).__name__
        os.write(out, json.dumps({"pid": os.getpid(), "ppid": os.getppid(), "ids": [os.getuid(), os.getgid()],
                                  "proc": os.listdir("/proc"), "network": network}).encode())

    try:
        status, said = in_fork(_isolated(inner))
    finally:
        listener.close()
    assert os.waitstatus_to_exitcode(status) == 0, said.decode()
    found = json.loads(said)
    assert found["pid"] == 1 and found["ppid"] == 0  # its parent, the relay, is outside its PID namespace
    assert found["ids"] == [sandbox.SUBMISSION_ID, sandbox.SUBMISSION_ID]
    assert found["proc"] == []  # /proc covered: no other process to see, none of the kernel's files
    assert found["network"] != "connected"  # this machine's loopback is not its loopback


def _children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from ``/proc``, as this process sees them)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _started(work: Callable[[int], None]) -> tuple[int, int]:
    """``work(fd)`` started in a forked process that exits with 1 when it returns: its pid, and the read end of
    ``fd``, for a test that acts while it runs."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read)
            work(write)
        finally:
            os._exit(1)
    os.close(write)
    return pid, read


@pytest.mark.usefixtures("namespaces")
def test_the_relay_exits_with_the_submissions_exit_code():
    status, said = in_fork(_isolated(lambda out: os._exit(7)))
    assert os.waitstatus_to_exitcode(status) == 7, (status, said)


@pytest.mark.usefixtures("namespaces")
def test_the_relay_dies_of_the_signal_that_killed_the_submission():
    # PID 1 of a namespace can be killed from outside by SIGKILL only (the OOM killer, say), as here
    pid, read = _started(_isolated(lambda out: (os.write(out, b"hosting\n"), time.sleep(60))))
    try:
        assert os.read(read, 8) == b"hosting\n"
        inner = _children_of(pid)
        assert len(inner) == 1, inner
        os.kill(inner[0], signal.SIGKILL)
        assert read_all(read, timeout=30) == b""
    finally:
        status = os.waitpid(pid, 0)[1]
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, os.waitstatus_to_exitcode(status)


@pytest.mark.usefixtures("namespaces")
def test_the_relay_keeps_none_of_the_descriptors_it_passes_on():
    kept_read, kept_write = os.pipe()
    go_read, go_write = os.pipe()

    def inner(out: int) -> None:
        os.write(out, b"ready\n")
        os.read(go_read, 1)  # until the test has looked at the relay's descriptors
        os.write(out, f"holds: {os.fstat(kept_write).st_ino == os.fstat(kept_read).st_ino}\n".encode())

    pid, read = _started(_isolated(inner, keep=kept_write))
    try:
        assert os.read(read, 6) == b"ready\n"
        deadline = time.monotonic() + 10  # the relay closes them right after its fork, maybe after "ready"
        while str(kept_write) in os.listdir(f"/proc/{pid}/fd") and time.monotonic() < deadline:
            time.sleep(0.01)
        assert str(kept_write) not in os.listdir(f"/proc/{pid}/fd")
    finally:
        os.write(go_write, b"x")
        said = read_all(read, timeout=30)
        status = os.waitpid(pid, 0)[1]
        for fd in (kept_read, kept_write, go_read, go_write):
            os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0, said
    assert said == b"holds: True\n"  # the inner process has it


@pytest.mark.usefixtures("namespaces")
def test_the_kernel_ends_what_the_submission_left_when_it_ends():
    def inner(out: int) -> None:
        daemon = os.fork()
        if daemon == 0:  # a daemon of its own session, holding ``out``: the test's read ends only when it is gone
            os.setsid()
            time.sleep(60)
            os._exit(0)
        os.write(out, b"left a daemon\n")

    started = time.monotonic()
    status, said = in_fork(_isolated(inner))  # read_all raises TimeoutError if the daemon lived on
    assert os.waitstatus_to_exitcode(status) == 0 and said == b"left a daemon\n", said
    assert time.monotonic() - started < 30


@pytest.mark.usefixtures("namespaces")
def test_the_submission_dies_with_its_relay():
    pid, read = _started(_isolated(lambda out: (os.write(out, b"hosting\n"), time.sleep(60))))
    try:
        assert os.read(read, 8) == b"hosting\n"
        os.kill(pid, signal.SIGKILL)  # the relay, outside the namespace: PR_SET_PDEATHSIG ends the inner one
        assert read_all(read, timeout=30) == b""
    finally:
        os.waitpid(pid, 0)


@pytest.mark.usefixtures("namespaces")
@pytest.mark.skipif(sandbox.python_under_tmp(), reason="Python lives under /tmp: an exercise's /tmp is read-only")
def test_each_exercise_gets_a_fresh_tmp_and_no_capability():
    left = Path("/tmp") / f"left-behind-{os.getpid()}-{time.monotonic_ns()}"

    def exercise(out: int) -> None:
        sandbox.enter_exercise()
        found = os.listdir("/tmp")
        left.write_text("for the next exercise")
        # no capability left: making a namespace (CAP_SYS_ADMIN, which the host has in its own) is refused
        refused = sandbox.load_libc().unshare(sandbox.CLONE_NEWNS) != 0 and ctypes.get_errno() == errno.EPERM
        os.write(out, json.dumps({"tmp": found, "refused": refused}).encode() + b"\n")

    def inner(out: int) -> None:
        for _ in range(2):
            pid = os.fork()
            if pid == 0:
                try:
                    exercise(out)
                finally:
                    os._exit(0)
            os.waitpid(pid, 0)

    try:
        status, said = in_fork(_isolated(inner))
        assert os.waitstatus_to_exitcode(status) == 0, said.decode()
        assert [json.loads(line) for line in said.splitlines()] == [{"tmp": [], "refused": True}] * 2
        assert not left.exists()  # nor is it in this machine's /tmp
    finally:
        left.unlink(missing_ok=True)
