"""The attacks of ``test_attacks`` on the sandbox hold when an ordinary user runs the grader, not only root.

What a submission's text, name or file does to the grader (the rest of ``test_attacks``' batch) is read by the same
code whoever runs it: it is graded once, as root.

Run as root (this machine, CI), the grader is started as user ``nobody`` (``running.as_user``: where this Python
lives in a folder closed to nobody, under ``/root`` here, a private mount namespace opens the way to it and to
nothing else). Run as an ordinary user, ``test_attacks`` itself is that test, and this one is skipped. A file of its
own, so that the test runner can run it beside ``test_attacks`` (each grades a batch, ~3 s and ~6 s).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.grading.running import TIMEOUT, grader, kill_all, outputs, processes_with
from tests.grading.test_attacks import FULL, SLEEPER, write_sandbox_attacks

NOBODY = 65534


def _can_switch_users() -> str:
    """Why the grader cannot be run as nobody from here ("" when it can)."""
    if os.geteuid() != 0:
        return "not root: test_attacks already runs the attacks as an ordinary user"
    if not shutil.which("setpriv") or not shutil.which("unshare"):
        return "setpriv and unshare (util-linux) are needed to run the grader as nobody"
    if subprocess.run(["unshare", "--mount", "true"], capture_output=True).returncode != 0:
        return "this machine does not let root make a mount namespace (unshare --mount)"
    return ""


@pytest.mark.skipif(bool(_can_switch_users()), reason=_can_switch_users() or "-")
def test_the_attacks_hold_as_an_ordinary_user():
    base = Path(tempfile.mkdtemp(prefix="gc-attacks-"))  # pytest's tmp_path is private to root
    try:
        os.chmod(base, 0o755)
        write_sandbox_attacks(base / "in")
        out = base / "out"
        out.mkdir()
        os.chown(out, NOBODY, NOBODY)
        result = grader(base / "in", "--out", out, "--timeout", TIMEOUT, user="nobody")
        assert result.returncode == 0, result.stderr
        left = processes_with(SLEEPER, uid=NOBODY)
        kill_all(left)
        assert not left
        document = outputs(out)
        assert document.run["sandboxed"] is True
        # no cgroup for an ordinary user without delegation: said on stderr and in grades.json, rlimits kept
        assert "no cgroup per submission" in result.stderr and document.run["limits"]["cgroup"] is None
        assert document.run["limits"]["rlimits"]["processes"] == 64 and document.run["limits"]["cgroup_unavailable"]
        rows = document.rows
        assert all(rows[f"honest-{i}.ipynb"]["total"] == FULL for i in range(3))
        exercises = rows["kill-every-process.ipynb"]["exercises"]  # it stops itself, nothing else
        assert exercises["forward_propagation"]["status"] == "timeout"
        assert rows["kill-every-process.ipynb"]["total"] == FULL - 10
        later = rows["daemon-against-later-exercises.ipynb"]["exercises"]
        assert [later[e]["points"] for e in ("backward_propagation", "gradient_check", "gradient_check_n")] \
            == [10, 10, 20]
        assert rows["flood-brackets.ipynb"]["exercises"]["forward_propagation"]["status"] == "malformed"
        assert json.loads(json.dumps(rows["spy.ipynb"]["output"])).count("network: connected") == 0
        assert rows["import-hidden-modules.ipynb"]["output"].count(": imported") == 0
        forked = [int(line.split()[-1]) for line in rows["fork-bomb.ipynb"]["output"].splitlines()
                  if line.startswith("forked ")]
        assert forked and max(forked) < 66, forked  # RLIMIT_NPROC: no cgroup for nobody, and still bounded
        assert all(Path(p).stat().st_uid == NOBODY for p in out.rglob("*"))  # written by nobody, not root
    finally:
        shutil.rmtree(base, ignore_errors=True)
