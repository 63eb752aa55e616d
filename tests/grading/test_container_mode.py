"""``--sandbox container``: inside a container that forbids user namespaces, the attacks hold that docs/grading.md's
table says hold in that mode.

The container is emulated as a platform makes one: the grader runs as root in new mount, PID and IPC namespaces
(``unshare``), under a seccomp filter that forbids new namespaces and mounts (this project's own, which denies what
Docker's default profile denies to a process without CAP_SYS_ADMIN, and more), where the correct solutions are not
readable (bound over by an empty file of root's, the solution editions by an empty folder of root's) and the source
notebook lies in a folder of root's. Bubblewrap
cannot start there, and says so; ``--sandbox container`` then grades the attack batch, each exercise as a user id
of its own (no entry in /etc/passwd, as in many images).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.grading.running import ROOT, TIMEOUT, in_namespace, opening_steps, outputs
from tests.grading.test_attacks import FULL, UNTRUSTED_NAMES, write_batch

EXERCISE_UID = 61234
"""The user id exercises run as: no other process of this machine has it (its processes and files are swept)."""
LEFT_OUT = ("nested-arrays-63MiB.ipynb", "memory-outside-the-address-space.ipynb", "pseudo-terminal.ipynb",
            "write-everywhere.ipynb")
"""Attacks whose guarantee the container gives, not the grader (its memory limit, its own devpts and /tmp): on
this machine the emulated container shares them with the machine."""


def _why_not() -> str:
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return "the container mode runs as root, on Linux"
    if not shutil.which("unshare"):
        return "unshare (util-linux) is needed to emulate a container"
    if subprocess.run(["unshare", "--mount", "--pid", "--fork", "true"], capture_output=True).returncode != 0:
        return "this machine does not let root make mount and PID namespaces"
    return ""


pytestmark = pytest.mark.skipif(bool(_why_not()), reason=_why_not() or "-")

IN_CONTAINER = """
import os, sys
from gc_grader import seccomp
said = seccomp.install()  # what a container's profile forbids: no namespace, no mount (and no network)
assert said.startswith("seccomp: ") and "not installed" not in said, said
os.execv(sys.executable, [sys.executable, "-m", "public_tests", "grade", *sys.argv[1:]])
"""


def grade_in_container(*arguments: str | Path) -> subprocess.CompletedProcess:
    """The grader, as root in an emulated container (see the module docstring), with ``arguments``."""
    hidden = shlex.quote(str(ROOT / "reference_solutions.py"))
    solutions = shlex.quote(str(ROOT / "notebooks" / "solutions"))
    steps = [*opening_steps(), f'empty=$(mktemp); chmod 600 "$empty"; mount --bind "$empty" {hidden}',
             f"mount -t tmpfs -o mode=700 tmpfs {solutions}"]
    command = [sys.executable, "-c", IN_CONTAINER, *map(str, arguments)]
    wrapped = in_namespace(["--mount", "--pid", "--fork", "--mount-proc", "--ipc"], steps, command)
    return subprocess.run(wrapped, capture_output=True, text=True, timeout=600, cwd=ROOT)


@pytest.fixture(scope="module")
def contained(tmp_path_factory):
    base = tmp_path_factory.mktemp("container")
    write_batch(base / "in")
    for name in LEFT_OUT:
        (base / "in" / name).unlink()
    secret = base / "secret"  # the source notebook, where the exercises' user cannot read it
    secret.mkdir(mode=0o700)
    shutil.copy(ROOT / "notebooks" / "solutions" / "Gradient_Checking.ipynb", secret / "source.ipynb")
    refused = grade_in_container(base / "in", "--out", base / "refused", "--source", secret / "source.ipynb")
    result = grade_in_container(base / "in", "--out", base / "out", "--timeout", TIMEOUT, "--sandbox", "container",
                                "--run-as", str(EXERCISE_UID), "--source", secret / "source.ipynb")
    return dict(refused=refused, result=result, graded=outputs(base / "out"), out=base / "out")


def rows(contained) -> dict:
    return contained["graded"].rows


def test_bubblewrap_cannot_start_there_and_the_grader_names_the_container_mode(contained):
    refused = contained["refused"]
    assert refused.returncode == 1 and "nothing was graded" in refused.stderr, refused.stderr
    assert "--sandbox container" in refused.stderr


def test_every_submission_has_its_row_and_honest_ones_their_points(contained):
    assert contained["result"].returncode == 0, contained["result"].stderr
    run = contained["graded"].run
    assert run["sandbox"] == "container" and run["jobs"] == 1 and str(EXERCISE_UID) in run["submissions_ran_in"]
    for name in ("honest-0.ipynb", "honest-1.ipynb", "honest-2.ipynb", "b-victim/x.ipynb", "fullwidth-name.ipynb",
                 "form-feed.ipynb", UNTRUSTED_NAMES["not UTF-8"], UNTRUSTED_NAMES["lines"]):
        assert rows(contained)[name]["total"] == FULL, (name, rows(contained)[name]["exercises"])
    assert (contained["out"].stat().st_mode & 0o777) == 0o700  # the grader's alone


def test_an_exercise_reaches_no_process_but_its_own_and_leaves_nothing_behind(contained):
    later = rows(contained)["daemon-against-later-exercises.ipynb"]["exercises"]
    assert [later[e]["points"] for e in ("backward_propagation", "gradient_check", "gradient_check_n")] == [10, 10, 20]
    assert rows(contained)["kill-every-process.ipynb"]["total"] == FULL - 10
    assert rows(contained)["daemon.ipynb"]["total"] == FULL, rows(contained)["daemon.ipynb"]["exercises"]
    output = rows(contained)["leave-a-file-for-later-exercises.ipynb"]["output"]
    assert "wrote /tmp/left-behind: True" in output and "later exercise finds /tmp/left-behind: False" in output


def test_no_secret_no_network_no_change_to_the_project(contained):
    spy = rows(contained)["spy.ipynb"]["output"]
    assert "grader-secret" not in spy and "network: connected" not in spy and "network: PermissionError" in spy
    assert "wrote: []" in rows(contained)["tamper-files.ipynb"]["output"]
    lines = {line for line in rows(contained)["import-hidden-modules.ipynb"]["output"].splitlines()
             if "solutions" in line}
    assert lines and not any("read" in line.split(": ", 1)[1] for line in lines), lines
    assert rows(contained)["runpy-reference.ipynb"]["exercises"]["gradient_check"]["points"] == 0


def test_what_the_grader_itself_guarantees_holds_as_with_bubblewrap(contained):
    for name, exercise, status in (("sabotage-while-running.ipynb", "forward_propagation", "sabotaged"),
                                   ("flood-brackets.ipynb", "forward_propagation", "malformed"),
                                   ("forged-record.ipynb", "gradient_check", "malformed")):
        assert rows(contained)[name]["exercises"][exercise]["status"] == status, name
    lines = set(rows(contained)["reserve-disk-through-stdout.ipynb"]["output"].splitlines())
    assert "stdout is a pipe" in lines and not any("RESERVED" in line for line in lines)
    assert rows(contained)[UNTRUSTED_NAMES["hard link"]]["status"] == "duplicate"
    forked = [int(line.split()[-1]) for line in rows(contained)["fork-bomb.ipynb"]["output"].splitlines()
              if line.startswith("forked ")]
    assert forked and max(forked) < 66, forked  # RLIMIT_NPROC of the exercises' own user


def test_the_container_mode_refuses_to_run_where_an_exercise_could_read_a_solution(contained, tmp_path):
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="gc-open-"))  # pytest's tmp_path is closed to other users
    try:
        folder.chmod(0o755)
        shutil.copy(ROOT / "notebooks" / "solutions" / "Gradient_Checking.ipynb", folder / "source.ipynb")
        (folder / "source.ipynb").chmod(0o644)
        refused = grade_in_container(ROOT / "notebooks" / "Gradient_Checking.ipynb", "--out", tmp_path / "out",
                                     "--sandbox", "container", "--run-as", str(EXERCISE_UID),
                                     "--source", folder / "source.ipynb")
    finally:
        shutil.rmtree(folder)
    assert refused.returncode == 2 and "could read" in refused.stderr and "source.ipynb" in refused.stderr
    assert not (tmp_path / "out" / "grades.csv").exists()
