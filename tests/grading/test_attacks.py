"""Attacks on `python -m public_tests grade`, as a student (or a crafted upload) would try them, graded in one run.

Each attack is an answer cell or a file of one batch; the batch is graded once (module fixture) with the default
options (the sandbox on), and each test asserts what the attack must not achieve. The honest submissions of the
same batch must keep full marks whatever their neighbours did. Runs that need their own grader (a killed grader,
a held lock, no bubblewrap) follow. Every process an attack could leave is looked for by its command line and
ended by PID.
"""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

from gc_grader import extract, notebook_file, reports, sandbox
from gc_grader.grader import CGROUP_MARGIN_BYTES
from tests.corpus import notebooks as nbs
from tests.grading.running import ROOT, TIMEOUT, grader, kill_all, outputs, processes_with

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the sandbox is Linux's")

SECRET = "grader-secret-4f1c9e"
"""Put in the grader's environment: no submission may see it."""
SLEEPER = "602.7181"
"""A daemon's `sleep` argument: no such process may outlive the run."""

FULL = sum(nbs.GRADED.values())
"""Full marks: the notebook's points, the bug fix included."""


def answer(exercise: str, source: str) -> nbformat.NotebookNode:
    return nbs.with_answer(exercise, textwrap.dedent(source).strip("\n") + "\n")


ATTACKS = {  # name -> (exercise, answer cell); every other exercise of the notebook is the correct solution
    "kill-every-process": ("forward_propagation", """
        def forward_propagation(x, theta):
            import os, signal
            for sig in (signal.SIGSTOP, signal.SIGKILL):
                for pid in [-1, 0, os.getppid(), *range(1, 400)]:
                    if pid != os.getpid():
                        try:
                            os.kill(pid, sig)
                        except OSError:
                            pass
            return theta * x
        """),
    "daemon-against-later-exercises": ("forward_propagation", """
        def forward_propagation(x, theta):
            import os, signal, time
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    time.sleep(0.5)
                    for _ in range(1000):  # the exercises after this one run in the same submission's sandbox
                        try:
                            os.kill(-1, signal.SIGKILL)
                        except OSError:
                            pass
                        time.sleep(0.005)
                os._exit(0)
            return theta * x
        """),
    "write-everywhere": ("forward_propagation", """
        def forward_propagation(x, theta):
            import os, sys
            folders = {"/", "/dev", "/dev/shm", "/root", "/home", "/run", "/var", "/etc", "/usr", "/tmp", *sys.path}
            for path in list(folders):  # and the folders under each import path (packages: a planted module)
                if os.path.isdir(path) and path != "/":
                    folders.update(os.path.join(path, name) for name in os.listdir(path)[:200]
                                   if os.path.isdir(os.path.join(path, name)))
            writable = []
            for folder in sorted(folders):
                try:
                    with open(os.path.join(folder, "zz_planted.py"), "w") as stream:
                        stream.write("PLANTED = True\\n")
                    writable.append(folder)
                except OSError:
                    pass
            os.write(1, f"writable: {writable}\\n".encode())
            return theta * x
        """),
    "daemon": ("backward_propagation", f"""
        def backward_propagation(x, theta):
            import os
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    os.execv("/bin/sleep", ["sleep", "{SLEEPER}"])
                os._exit(0)
            return x
        """),
    "tamper-files": ("gradient_check", """
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            import glob, os, site, sys
            import gc_utils
            wrote = []
            here = os.path.dirname(gc_utils.__file__)
            targets = [os.path.join(here, "packing.py"), os.path.join(here, "__pycache__", "packing.cpython.pyc"),
                       *glob.glob(os.path.join(here, "..", "public_tests", "*.py"))]
            targets += [os.path.join(p, "zz_evil.pth") for p in sys.path if p.endswith("site-packages")]
            for target in targets:
                try:
                    with open(target, "a") as stream:
                        stream.write("\\nimport os; os._exit(0)\\n")
                    wrote.append(target)
                except OSError:
                    pass
            os.write(1, f"wrote: {wrote}\\n".encode())
            return 0.5
        """),
    "spy": ("gradient_check_n", """
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            import glob, os, socket
            seen = [repr(dict(os.environ))]
            for path in glob.glob("/proc/*/environ") + glob.glob("/proc/*/mem") + ["/proc/1/environ"]:
                try:
                    seen.append(open(path, "rb").read(100000).decode(errors="replace"))
                except OSError as error:
                    seen.append(type(error).__name__)
            for address in (("151.101.0.223", 443), ("127.0.0.1", 22)):
                try:
                    socket.create_connection(address, timeout=1).close()
                    seen.append("network: connected")
                except OSError as error:
                    seen.append("network: " + type(error).__name__)
            os.write(1, "\\n".join(seen).encode())
            return 1.0
        """),
    "flood-brackets": ("forward_propagation", """
        def forward_propagation(x, theta):
            import os
            for fd in range(3, 64):
                try:
                    os.write(fd, b"[" * 100000 + b"\\n")
                except OSError:
                    pass
            return theta * x
        """),
    "flood-endless-line": ("backward_propagation", """
        def backward_propagation(x, theta):
            import os
            for fd in range(3, 64):
                try:
                    for _ in range(40):
                        os.write(fd, b"7" * 2**20)
                except OSError:
                    pass
            return x
        """),
    "frame-walker": ("gradient_check", """
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            import os, sys
            frame, found = sys._getframe(1), []
            while frame is not None:
                found += [k for k in frame.f_globals if k in ("reference", "judge", "correct_outcomes", "SOLUTIONS")]
                frame = frame.f_back
            os.write(1, f"found: {found}\\n".encode())
            return 0.5
        """),
    "runpy-reference": ("gradient_check", """
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            import os, runpy
            import gc_utils
            parts = [os.path.dirname(os.path.dirname(gc_utils.__file__)), "public" + "_tests", "refer" + "ence.py"]
            return runpy.run_path(os.path.join(*parts))["gradient_check"](x, theta, epsilon)
        """),
    "import-hidden-modules": ("gradient_check", """
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            import importlib, importlib.util, os, sys
            import gc_utils
            sys.meta_path[:] = [m for m in sys.meta_path if "Block" not in getattr(m, "__name__", "")]
            results = []
            try:
                importlib.import_module("reference_solutions")
                results.append("reference_solutions: imported")
            except Exception as error:
                results.append("reference_solutions: " + type(error).__name__)
            root = os.path.dirname(os.path.dirname(os.path.realpath(gc_utils.__file__)))
            for path in ("/lesson/reference_solutions.py", os.path.join(root, "reference_solutions.py"),
                         "REAL_ROOT/reference_solutions.py", "REAL_ROOT/notebooks/solutions/Gradient_Checking.ipynb"):
                try:
                    results.append(path + ": read " + str(len(open(path).read())))
                except Exception as error:
                    results.append(path + ": " + type(error).__name__)
            os.write(1, "\\n".join(results).encode() + b"\\n")
            return 0.5
        """.replace("REAL_ROOT", str(ROOT))),
    "lesson-full-check": ("gradient_check_n", """
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            import gc_utils
            cost = lambda p: forward_propagation_n(X, Y, p)[0]
            return gc_utils.gradient_check_full(cost, parameters, gradients, epsilon)
        """),
    "sabotage-at-definition": ("backward_propagation", """
        import numpy as np

        def backward_propagation(x, theta, _=setattr(np, "allclose", lambda *a, **k: True)):
            return x
        """),
    "sabotage-while-running": ("forward_propagation", """
        def forward_propagation(x, theta):
            import builtins
            builtins.float = lambda *args: 8.0
            return 8
        """),
}


def forged_result_line() -> bytes:
    """A ``result`` line and a ``done`` line as a child of ``gradient_check`` would send them: every outcome passes
    the wire's checks (``wire.decode_outcome``), but its record of calls has the wrong shape ("calls" a number):
    what a submission could write into its own result pipe."""
    import dataclasses
    import json

    import reference_solutions
    from gc_grader.wire import encode_outcome, message_line
    from public_tests.cases import NOTEBOOK_SEED, build_cases
    from public_tests.execution import execute

    cases = build_cases("gradient_check", NOTEBOOK_SEED)
    outcomes = [execute(reference_solutions.gradient_check, case) for case in cases]
    wrong_calls = ("scalar", 2.0)  # a dict of counts, from a run of the function
    forged = [dataclasses.replace(o, value=("scalar", 0.123), record=("dict", {**o.record[1], "calls": wrong_calls}))
              for o in outcomes]
    result = {"type": "result", "exercise": "gradient_check", "outcomes": [encode_outcome(o) for o in forged],
              "observed": []}
    line = message_line(result) + message_line({"type": "done"})
    assert json.loads(line.split(b"\n")[0])["outcomes"]
    return line


UNTRUSTED_TEXT = {  # what a submission's own text can do to the grader's outputs
    "surrogate-in-error": ("forward_propagation", """
        def forward_propagation(x, theta):
            raise ValueError("a lone surrogate \\ud800, a terminal escape \\x1b[2J and a bidi override \\u202e here")
        """),
    "forged-record": ("gradient_check", """
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            import os
            for fd in range(3, 64):  # the result pipe is one of them: the others refuse the write
                try:
                    os.write(fd, FORGED)
                except OSError:
                    pass
            os._exit(0)
        """),
    "pseudo-terminal": ("forward_propagation", """
        def forward_propagation(x, theta):
            import os
            seen = []
            for path in ("/dev/ptmx", "/dev/pts/ptmx", "/dev/pts/0", "/dev/shm", "/dev/tty"):
                try:
                    os.close(os.open(path, os.O_RDWR | os.O_NOCTTY))
                    seen.append(path + ": opened")
                except OSError as error:
                    seen.append(path + ": " + type(error).__name__)
            try:
                os.openpty()
                seen.append("openpty: opened")
            except OSError as error:
                seen.append("openpty: " + type(error).__name__)
            devices = " ".join(sorted(os.listdir("/dev")))
            os.write(1, ("devices: " + devices + "\\n" + "\\n".join(seen) + "\\n").encode())
            return theta * x
        """),
    "reserve-disk-through-stdout": ("backward_propagation", """
        def backward_propagation(x, theta):
            import ctypes, os, stat
            said = ["stdout is a " + ("pipe" if stat.S_ISFIFO(os.fstat(1).st_mode) else "file")]
            libc = ctypes.CDLL(None, use_errno=True)
            libc.fallocate.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_long, ctypes.c_long]
            for fd in (1, 2):
                for mode in (0, 1):  # 1: FALLOC_FL_KEEP_SIZE, which RLIMIT_FSIZE does not see
                    failed = libc.fallocate(fd, mode, 0, 512 * 2**20) != 0
                    said.append(f"fallocate({fd}, {mode}): " + ("refused" if failed else "RESERVED"))
            os.write(1, ("\\n".join(said) + "\\n").encode())
            return x
        """),
}


RESOURCES = {  # what rlimits do not count; a cgroup per submission does (as root: test_cgroups' machine)
    "memory-outside-the-address-space": ("""
        def forward_propagation(x, theta):
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            libc.shmat.restype = ctypes.c_void_p
            libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
            libc.shmdt.argtypes = [ctypes.c_void_p]
            held = 0
            for _ in range(48):  # System V segments, written, then detached: held by the IPC namespace, not mapped
                segment = libc.shmget(0, 32 * 2**20, 0o1600)  # IPC_PRIVATE, IPC_CREAT | 0600
                address = libc.shmat(segment, None, 0)
                if segment < 0 or address in (None, ctypes.c_void_p(-1).value):
                    os.write(1, f"shm refused at {held} MiB\\n".encode())
                    break
                ctypes.memset(address, 1, 32 * 2**20)
                libc.shmdt(address)
                held += 32
                os.write(1, f"shm held {held} MiB\\n".encode())
            return theta * x
        """, """
        def backward_propagation(x, theta):
            import os, time
            children = []
            for index in range(10):  # each within its own RLIMIT_AS; together far beyond --memory
                pid = os.fork()
                if pid == 0:
                    block = b"x" * (160 * 2**20)
                    os.write(1, f"child {index} holds 160 MiB\\n".encode())
                    time.sleep(1)
                    os._exit(0)
                children.append(pid)
            for pid in children:
                os.waitpid(pid, 0)
            return x
        """),
    "fork-bomb": ("""
        def forward_propagation(x, theta):
            import os, time
            made = 0
            for _ in range(300):
                try:
                    if os.fork() == 0:
                        time.sleep(60)
                        os._exit(0)
                    made += 1
                except OSError:
                    break
            os.write(1, f"forked {made}\\n".encode())
            return theta * x
        """, None),
}
MEMORY_MIB = 256
"""The batch's --memory: a submission's cgroup holds this and gc_grader.grader.CGROUP_MARGIN_BYTES."""


LEAVE_A_FILE = {  # one submission, two exercises: the first leaves a file in /tmp, the second looks for it
    "forward_propagation": """
        def forward_propagation(x, theta):
            import os
            try:
                with open("/tmp/left-behind", "w") as file:
                    file.write("from forward_propagation")
                os.write(1, f"wrote /tmp/left-behind: {os.path.exists('/tmp/left-behind')}\\n".encode())
            except OSError as error:
                os.write(1, f"could not write /tmp: {type(error).__name__}\\n".encode())
            return theta * x
        """,
    "backward_propagation": """
        def backward_propagation(x, theta):
            import os
            os.write(1, f"later exercise finds /tmp/left-behind: {os.path.exists('/tmp/left-behind')}\\n".encode())
            return x
        """,
}


def write_untrusted_names(folder: Path) -> None:
    """Honest notebooks under names no writer may trip over: bytes that are not UTF-8, a line break and a heading,
    and a hard link to a neighbour's notebook (an archive can carry one)."""
    nbs.write(nbs.solved(), Path(os.fsdecode(bytes(folder) + b"/bad-\xff\xfe-name.ipynb")))
    nbs.write(nbs.solved(), folder / "two\n# lines\n.ipynb")
    (folder / "z-hardlink").mkdir()
    os.link(folder / "b-victim" / "x.ipynb", folder / "z-hardlink" / "x.ipynb")


def write_unusual_notebooks(folder: Path) -> None:
    """Correct code that Python and Jupyter accept written unusually, and notebooks whose JSON would exhaust a parser
    that does not bound itself."""
    fullwidth = "def \uff46\uff4f\uff52\uff57\uff41\uff52\uff44_propagation(x, theta):\n    return theta * x\n"
    nbs.write(nbs.with_answer("forward_propagation", fullwidth), folder / "fullwidth-name.ipynb")
    nbs.write(nbs.with_answer("backward_propagation", "def\x0cbackward_propagation(x, theta):\n    return x\n"),
              folder / "form-feed.ipynb")
    text = nbformat.writes(nbs.solved())
    cut = text.rindex("}") - 1  # inside the notebook's top-level object: a last key holding 100,000 levels
    (folder / "deep-nesting.ipynb").write_text(text[:cut] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + text[cut:])
    with open(folder / "nested-arrays-63MiB.ipynb", "w") as stream:  # what made the grader grow to 1.7 GB
        stream.write(text[:cut] + ', "x": [')
        stream.write("[[]]," * (63 * 2**20 // 5))
        stream.write("[]]" + text[cut:])


def write_special_files(folder: Path) -> None:
    """Files no honest upload has: a FIFO, a socket, links (to /dev/zero, a neighbour, the solution edition)."""
    os.mkfifo(folder / "fifo.ipynb")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "socket.ipynb"))
    server.close()
    (folder / "zero.ipynb").symlink_to("/dev/zero")
    (folder / "b-victim").mkdir()
    nbs.write(nbs.solved(), folder / "b-victim" / "x.ipynb")
    (folder / "a-thief").mkdir()
    (folder / "a-thief" / "x.ipynb").symlink_to("../b-victim/x.ipynb")
    (folder / "solution.ipynb").symlink_to(ROOT / "notebooks" / "solutions" / "Gradient_Checking.ipynb")
    (folder / "linked-folder").symlink_to(folder / "b-victim")


def write_sandbox_attacks(folder: Path) -> None:
    """The attacks on the sandbox (``ATTACKS``, ``LEAVE_A_FILE``, ``RESOURCES``) and three honest submissions: what
    could go otherwise when another user runs the grader (``test_attacks_as_user``)."""
    folder.mkdir(parents=True)
    for name, (exercise, source) in ATTACKS.items():
        nbs.write(answer(exercise, source), folder / f"{name}.ipynb")
    notebook = nbs.solved()
    for exercise, source in LEAVE_A_FILE.items():
        notebook = nbs.with_answer(exercise, textwrap.dedent(source).strip("\n") + "\n", notebook)
    nbs.write(notebook, folder / "leave-a-file-for-later-exercises.ipynb")
    for name, (forward, backward) in RESOURCES.items():
        notebook = nbs.with_answer("forward_propagation", textwrap.dedent(forward).strip("\n") + "\n")
        if backward:
            notebook = nbs.with_answer("backward_propagation", textwrap.dedent(backward).strip("\n") + "\n", notebook)
        nbs.write(notebook, folder / f"{name}.ipynb")
    for index in range(3):
        nbs.write(nbs.solved(), folder / f"honest-{index}.ipynb")


def write_batch(folder: Path) -> None:
    """The whole batch: the sandbox's attacks, and what a submission's text, name or file can do to the grader."""
    write_sandbox_attacks(folder)
    for name, (exercise, source) in UNTRUSTED_TEXT.items():
        source = source.replace("FORGED", repr(forged_result_line()))
        nbs.write(answer(exercise, source), folder / f"{name}.ipynb")
    nbs.write(nbs.solved(), folder / ("n" * 245 + ".ipynb"))  # 251 characters, the longest name allowed
    nbs.write(nbs.solved(), folder / "fb+1.ipynb")
    nbs.write(nbs.with_answer("forward_propagation", "def forward_propagation(x, theta):\n    return 0\n"),
              folder / "fb&1.ipynb")
    deep = nbformat.writes(nbs.solved())
    (folder / "deep-json.ipynb").write_text(deep[: deep.index("def gradient_check_n(") - 60] + "[" * 100000)
    write_special_files(folder)
    write_untrusted_names(folder)
    write_unusual_notebooks(folder)


def project_digest() -> str:
    files = sorted([*(ROOT / "public_tests").rglob("*.py"), *(ROOT / "gc_utils").rglob("*.py")])
    return hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    base = tmp_path_factory.mktemp("attacks")
    write_batch(base / "in")
    before = project_digest()
    started = time.monotonic()
    result = grader(base / "in", "--out", base / "out", "--timeout", TIMEOUT, "--jobs", "2",
                    "--memory", str(MEMORY_MIB), env={"GC_TEST_SECRET": SECRET})
    seconds = time.monotonic() - started
    left = processes_with(SLEEPER)
    kill_all(left)
    graded = outputs(base / "out")
    return dict(result=result, out=base / "out", rows=graded.rows, run=graded.run, left=left, seconds=seconds,
                digest_changed=project_digest() != before)


def row(attacked, name: str) -> dict:
    return attacked["rows"][name]


def points(attacked, name: str) -> dict:
    return {e: r["points"] for e, r in row(attacked, name)["exercises"].items()}


def test_the_run_completes_with_a_row_for_every_file(attacked):
    assert attacked["result"].returncode == 0, attacked["result"].stderr
    assert attacked["run"]["sandboxed"] is True
    names = set(attacked["rows"])
    assert {f"{name}.ipynb" for name in ATTACKS} <= names
    assert {"fifo.ipynb", "socket.ipynb", "zero.ipynb", "a-thief/x.ipynb", "b-victim/x.ipynb"} <= names
    assert {f"{name}.ipynb" for name in UNTRUSTED_TEXT} | set(UNTRUSTED_NAMES.values()) <= names
    assert "linked-folder/x.ipynb" not in names  # a linked folder is not entered
    assert not (attacked["out"] / "grades.partial.jsonl").exists()


def test_honest_neighbours_keep_full_marks(attacked):
    for name in ("honest-0.ipynb", "honest-1.ipynb", "honest-2.ipynb", "b-victim/x.ipynb", "fb+1.ipynb",
                 "n" * 245 + ".ipynb", UNTRUSTED_NAMES["not UTF-8"], UNTRUSTED_NAMES["lines"]):
        assert row(attacked, name)["total"] == FULL, (name, row(attacked, name)["exercises"])
    assert attacked["run"]["fork_server_restarts"] == 0


def test_signals_reach_nothing_outside_the_exercises_own_process(attacked):
    """SIGSTOP and SIGKILL to every PID it can name: it stops itself (its own process group), nothing else."""
    exercises = row(attacked, "kill-every-process.ipynb")["exercises"]
    assert exercises["forward_propagation"]["status"] == "timeout"
    assert {e: r["points"] for e, r in exercises.items() if e != "forward_propagation"} == {
        "backward_propagation": 10, "gradient_check": 10, "gradient_check_n": 20,
        "backward_propagation_n": 10}


def test_what_an_exercise_starts_ends_before_the_next_exercise(attacked):
    exercises = row(attacked, "daemon-against-later-exercises.ipynb")["exercises"]
    assert {e: r["points"] for e, r in exercises.items() if e != "forward_propagation"} == {
        "backward_propagation": 10, "gradient_check": 10, "gradient_check_n": 20,
        "backward_propagation_n": 10}, exercises


def test_only_its_own_tmp_is_writable(attacked):
    """Not the sandbox's root, /dev or the project's folder (bwrap makes them as tmpfs: read-only once made)."""
    output = row(attacked, "write-everywhere.ipynb")["output"]
    expected = "[]" if sandbox.python_under_tmp() else "['/tmp']"  # Python under /tmp: that /tmp stays read-only
    assert f"writable: {expected}\n" in output, output


def test_an_exercise_finds_no_file_of_another(attacked):
    output = row(attacked, "leave-a-file-for-later-exercises.ipynb")["output"]
    assert "later exercise finds /tmp/left-behind: False" in output, output
    if sandbox.python_under_tmp():  # its /tmp is the server's, read-only: nothing can be left there
        assert "could not write /tmp: OSError" in output, output
    else:
        assert "wrote /tmp/left-behind: True" in output, output  # the write itself worked: the test can fail


def test_no_daemon_outlives_its_sandbox(attacked):
    assert not attacked["left"], f"left running: {attacked['left']}"
    assert row(attacked, "daemon.ipynb")["total"] == FULL


def test_the_project_and_python_installation_are_read_only(attacked):
    assert not attacked["digest_changed"]
    assert "wrote: []" in row(attacked, "tamper-files.ipynb")["output"]
    site = [p for p in sys.path if p.endswith("site-packages")]
    assert not any((Path(p) / "zz_evil.pth").exists() for p in site)


def test_no_secret_of_the_grader_is_visible_and_no_network(attacked):
    output = row(attacked, "spy.ipynb")["output"]
    assert SECRET not in output and "/work" not in output.split("\n")[0]
    assert "network: connected" not in output and "network: PermissionError" in output  # the seccomp filter
    environment = eval(output.split("\n")[0])  # noqa: S307 - the repr of a dict of strings printed by the attack
    assert set(environment) <= {"PATH", "HOME", "LANG", "PWD", "PYTHONDONTWRITEBYTECODE", "PYTHONHASHSEED",
                                *sandbox.THREAD_VARIABLES, *sandbox.NUMERIC_VARIABLES}


def test_anything_on_the_wire_costs_that_exercise_only(attacked):
    for name, exercise in (("flood-brackets.ipynb", "forward_propagation"),
                           ("flood-endless-line.ipynb", "backward_propagation")):
        result = row(attacked, name)["exercises"][exercise]
        assert result["status"] == "malformed" and result["points"] == 0, result
        assert row(attacked, name)["total"] == FULL - 10


def test_the_reference_cannot_be_reached(attacked):
    assert "found: []" in row(attacked, "frame-walker.ipynb")["output"]
    assert points(attacked, "runpy-reference.ipynb")["gradient_check"] == 0
    output = row(attacked, "import-hidden-modules.ipynb")["output"]
    lines = {line for line in output.splitlines() if "solutions" in line}
    assert len(lines) == 4, output
    assert all(line.endswith(("ModuleNotFoundError", "FileNotFoundError")) for line in lines), output


def test_review_notes_come_from_what_the_code_did(attacked):
    assert any("walked the call stack" in n for n in row(attacked, "frame-walker.ipynb")["review"])
    runpy = "; ".join(row(attacked, "runpy-reference.ipynb")["review"])
    assert "while graded" in runpy and "reference.py" in runpy
    full = row(attacked, "lesson-full-check.ipynb")
    assert any("called gc_utils' own gradient_check_full" in n for n in full["review"])


def test_sabotage_costs_its_own_exercise_and_says_so(attacked):
    for name, exercise, changed in (("sabotage-at-definition.ipynb", "backward_propagation", "numpy.allclose"),
                                    ("sabotage-while-running.ipynb", "forward_propagation", "builtins.float")):
        result = row(attacked, name)["exercises"][exercise]
        assert result["status"] == "sabotaged" and changed in result["feedback"], result
        assert row(attacked, name)["total"] == FULL - 10


def test_special_files_and_links_get_their_own_status(attacked):
    statuses = {name: row(attacked, name)["status"] for name in ("fifo.ipynb", "socket.ipynb", "zero.ipynb",
                                                                 "a-thief/x.ipynb", "solution.ipynb")}
    assert statuses == {"fifo.ipynb": "fifo", "socket.ipynb": "socket", "zero.ipynb": "symlink",
                        "a-thief/x.ipynb": "symlink", "solution.ipynb": "symlink"}
    assert all(row(attacked, name)["total"] == 0 for name in statuses)


def test_deep_json_after_complete_cells_is_truncated_not_an_error(attacked):
    deep = row(attacked, "deep-json.ipynb")
    assert deep["status"] == "truncated" and deep["total"] == 30


UNTRUSTED_NAMES = {"not UTF-8": "bad-\\xff\\xfe-name.ipynb", "lines": "two\\n# lines\\n.ipynb",
                   "hard link": "z-hardlink/x.ipynb"}
"""The rows' names of ``write_untrusted_names``' files: what was not safe to write is escaped."""


def test_a_submissions_text_is_made_safe_where_it_enters(attacked):
    feedback = row(attacked, "surrogate-in-error.ipynb")["exercises"]["forward_propagation"]["feedback"]
    assert "a lone surrogate \\ud800, a terminal escape \\x1b[2J and a bidi override \\u202e here" in feedback
    out = attacked["out"]
    for path in (out / "grades.csv", out / "grades.json", *(out / "feedback").iterdir()):
        text = path.read_text(encoding="utf-8")  # every output is UTF-8, with no control that changes what is seen
        assert not any(c in text for c in "\x1b\u202e\r"), path
    markdown = (out / "feedback" / reports.feedback_path(UNTRUSTED_NAMES["lines"])).read_text()
    assert "two\\n# lines\\n.ipynb" in markdown
    assert not any(line.startswith("# lines") for line in markdown.splitlines())


def test_a_forged_result_with_a_record_of_the_wrong_shape_is_malformed(attacked):
    result = row(attacked, "forged-record.ipynb")["exercises"]["gradient_check"]
    assert result["status"] == "malformed" and result["points"] == 0, result
    assert row(attacked, "forged-record.ipynb")["total"] == FULL - 10


def test_no_pseudo_terminal_or_shared_device_is_in_the_sandbox(attacked):
    lines = set(row(attacked, "pseudo-terminal.ipynb")["output"].splitlines())
    assert "devices: fd full null random stderr stdin stdout urandom zero" in lines, lines
    tried = {line for line in lines if line.startswith(("/dev/", "openpty"))}
    assert len(tried) == 6 and all(line.endswith("Error") for line in tried), lines


def test_standard_output_is_a_pipe_not_a_file_on_the_graders_disk(attacked):
    lines = set(row(attacked, "reserve-disk-through-stdout.ipynb")["output"].splitlines())
    assert lines == {"stdout is a pipe", *(f"fallocate({fd}, {mode}): refused" for fd in (1, 2) for mode in (0, 1))}


def test_a_file_reached_twice_is_graded_once(attacked):
    """The hard link is graded as the file it is, once: the first path gets the grade and a note for the
    instructor (which of the two wrote it, no file system records); the other path says whose file it is."""
    linked, first = row(attacked, UNTRUSTED_NAMES["hard link"]), row(attacked, "b-victim/x.ipynb")
    assert linked["status"] == "duplicate" and linked["total"] == 0 and "b-victim/x.ipynb" in linked["message"]
    assert first["total"] == FULL and any(UNTRUSTED_NAMES["hard link"] in note for note in first["review"])


def test_the_limits_in_force_are_recorded(attacked):
    limits = attacked["run"]["limits"]
    assert limits["seccomp"].startswith("seccomp: ") and "denied" in limits["seccomp"]
    assert limits["output_bytes"] == 256 * 1024 and limits["tmp_bytes"] == 64 * 2**20
    if limits["cgroup"] is None:
        assert limits["cgroup_unavailable"] and "no cgroup per submission" in attacked["result"].stderr
    else:
        assert limits["cgroup"]["processes_per_submission"] == 66
        assert limits["cgroup"]["memory_bytes_per_submission"] == MEMORY_MIB * 2**20 + CGROUP_MARGIN_BYTES


@pytest.mark.skipif(os.geteuid() != 0, reason="a cgroup per submission needs root here (no delegation)")
def test_memory_outside_the_address_space_is_bounded_by_the_kernel(attacked):
    """System V shared memory, and the memory of many processes each within its own RLIMIT_AS, reach the cgroup's
    limit: the kernel ends the process, and the feedback says so. The submission's next exercises have their memory
    back (what the shared memory held is freed a little after its exercise ended: the next waits for it)."""
    assert attacked["run"]["limits"]["cgroup"] is not None
    row_ = row(attacked, "memory-outside-the-address-space.ipynb")
    limit = (MEMORY_MIB * 2**20 + CGROUP_MARGIN_BYTES) // 2**20
    result = row_["exercises"]["forward_propagation"]
    assert result["status"] == "crashed" and "the kernel stopped the process" in result["feedback"], result
    lines = row_["output"].splitlines()
    held = [int(line.split()[-2]) for line in lines if line.startswith("shm held ")]
    assert held and max(held) <= limit, (held, limit)
    children = [line for line in lines if line.startswith("child ")]  # 10 x 160 MiB fit this machine, not the limit
    assert 1 <= len(children) < 10, children
    assert {e: r["points"] for e, r in row_["exercises"].items()}["gradient_check_n"] == 20  # memory came back


def test_processes_are_bounded_even_for_root(attacked):
    forked = [int(line.split()[-1]) for line in row(attacked, "fork-bomb.ipynb")["output"].splitlines()
              if line.startswith("forked ")]
    assert forked and max(forked) < 66, forked  # 64 per exercise (its own process included), not 300
    assert row(attacked, "fork-bomb.ipynb")["total"] == FULL


def test_correct_code_is_found_by_the_parser_as_python_reads_it(attacked):
    """A fullwidth name (Python normalises identifiers with NFKC) and a form feed after ``def``: full marks."""
    for name in ("fullwidth-name.ipynb", "form-feed.ipynb"):
        assert row(attacked, name)["total"] == FULL, row(attacked, name)["exercises"]


def test_notebooks_that_would_exhaust_a_parser_are_read_within_bounds(attacked):
    deep = row(attacked, "deep-nesting.ipynb")
    assert deep["status"] in ("truncated", "not_json") and "internal error" not in deep["message"], deep
    huge = row(attacked, "nested-arrays-63MiB.ipynb")
    assert huge["status"] == "too_complex" and huge["total"] == 0, huge["message"]
    assert attacked["run"]["grader_peak_memory_mib"] < 1024  # it grew to 1.7 GB on this file


def test_every_row_has_its_own_feedback_file(attacked):
    files = sorted(p.name for p in (attacked["out"] / "feedback").iterdir())
    assert len(files) == len(attacked["rows"])
    assert files == sorted(str(reports.feedback_path(name)) for name in attacked["rows"])
    assert "0 / 10" in (attacked["out"] / "feedback" / reports.feedback_path("fb&1.ipynb")).read_text()


# ------------------------------------------------------------------------------------ runs of their own

def test_a_second_run_on_the_same_output_folder_is_refused(tmp_path):
    nbs.write(nbs.solved(), tmp_path / "in" / "a.ipynb")
    (tmp_path / "out").mkdir()
    lock = reports.OutputLock(tmp_path / "out")
    try:
        result = grader(tmp_path / "in", "--out", tmp_path / "out")
    finally:
        lock.release()
    assert result.returncode == 2 and f"in use by grading run pid {os.getpid()}" in result.stderr
    assert not (tmp_path / "out" / "grades.csv").exists()


def test_a_killed_run_resumes_from_its_journal(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    for index in range(3):
        nbs.write(nbs.solved(), folder / f"a-correct-{index}.ipynb")
    nbs.write(answer("gradient_check_n", f"""
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            import os
            os.execv("/bin/sleep", ["sleep", "{SLEEPER}1"])
        """), folder / "z-hangs.ipynb")
    process = subprocess.Popen([sys.executable, "-m", "public_tests", "grade", str(folder), "--out", str(out),
                                "--jobs", "1", "--timeout", "120"], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not processes_with(f"{SLEEPER}1"):
            time.sleep(0.05)
        assert processes_with(f"{SLEEPER}1"), "the hanging submission never started"
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=10)
    deadline = time.monotonic() + 10  # bubblewrap dies with its parent, and the sandbox with it
    while processes_with(f"{SLEEPER}1") and time.monotonic() < deadline:
        time.sleep(0.05)
    left = processes_with(f"{SLEEPER}1")
    kill_all(left)
    assert not left, "the hanging child outlived the grader"
    journal = reports.read_journal(out / "grades.partial.jsonl")
    assert sorted(r["submission"] for r in journal) == [f"a-correct-{i}.ipynb" for i in range(3)]
    again = grader(folder, "--out", out, "--timeout", "1")
    assert again.returncode == 0, again.stderr
    assert "Resuming: 3 of 4 submissions" in again.stderr
    graded = outputs(out)
    assert sorted(graded.rows) == [f"a-correct-{i}.ipynb" for i in range(3)] + ["z-hangs.ipynb"]
    assert len(graded.table) == 4 and graded.run["resumed"] == 3
    assert graded.rows["z-hangs.ipynb"]["exercises"]["gradient_check_n"]["status"] == "timeout"
    assert not (out / "grades.partial.jsonl").exists()
    kill_all(processes_with(f"{SLEEPER}1"))


def test_without_bubblewrap_the_grader_refuses_and_says_how_to_install_it(tmp_path):
    nbs.write(nbs.solved(), tmp_path / "a.ipynb")
    empty = tmp_path / "bin"
    empty.mkdir()
    result = grader(tmp_path / "a.ipynb", "--out", tmp_path / "out", env={"PATH": str(empty)})
    assert result.returncode == 1 and "apt-get install bubblewrap" in result.stderr
    assert "nothing was graded" in result.stderr


def test_a_bubblewrap_that_cannot_start_is_refused_too(tmp_path):
    nbs.write(nbs.solved(), tmp_path / "a.ipynb")
    fake = tmp_path / "bin" / "bwrap"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
    fake.chmod(0o755)
    result = grader(tmp_path / "a.ipynb", "--out", tmp_path / "out", env={"PATH": f"{fake.parent}:/usr/bin:/bin"})
    assert result.returncode == 1 and "No permissions to create new namespace" in result.stderr
    assert "apt-get install bubblewrap" in result.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="as root: the unsafe mode must not run submissions as root")
def test_the_unsafe_mode_never_runs_a_submission_as_root(tmp_path):
    nbs.write(nbs.solved(), tmp_path / "a.ipynb")
    result = grader(tmp_path / "a.ipynb", "--out", tmp_path / "out", "--unsafe-no-sandbox", "--run-as", "root")
    assert result.returncode == 2 and "never run as root" in result.stderr
    result = grader(tmp_path / "a.ipynb", "--out", tmp_path / "out", "--unsafe-no-sandbox", "--run-as", "current")
    assert result.returncode == 2 and "never run as root" in result.stderr


def test_reading_is_bounded_on_the_open_file(tmp_path):
    (tmp_path / "big.ipynb").write_bytes(b" " * 5000)
    with pytest.raises(notebook_file.UnreadableNotebook) as problem:
        notebook_file.read_regular_file(tmp_path / "big.ipynb", 1000)
    assert problem.value.kind == "too_large"


def test_parsing_keeps_one_tree_at_a_time():
    """Ten large answer cells take about the memory of one: each tree is dropped once read."""
    import tracemalloc

    body = "    y = (1 + 2) * 3 - 4\n" * 500  # about 12,000 characters, a large tree

    def peak(count: int) -> int:
        cells = [notebook_file.CodeCell(n, f"def forward_propagation(x, theta):\n{body}    return theta * x\n")
                 for n in range(1, count + 1)]
        tracemalloc.start()
        program = extract.extract_program(notebook_file.NotebookCells(cells), ["forward_propagation"])
        used = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert program.found == {"forward_propagation": count}
        return used

    one, ten = peak(1), peak(10)
    assert ten < 2 * one, f"one cell: {one / 2**20:.1f} MiB, ten: {ten / 2**20:.1f} MiB"
