"""Choosing the wall around the submissions (``isolation.choose``): each mode's checks, and each refusal alone.

Whether the process is root is replaced here (``os.geteuid``), and so, where a test is about something else, is
whether the exercises' user can read this Python (``unreadable_for``): on this machine Python may live where
``nobody`` cannot read it. ``test_container_mode.py`` grades in an emulated container end to end.
"""

from __future__ import annotations

import os
import pwd
import shutil
import tempfile
from pathlib import Path

import pytest

from gc_grader import isolation, sandbox
from gc_grader.isolation import Isolation, UsageError, choose

NOBODY = pwd.getpwnam("nobody")


@pytest.fixture
def open_folder():
    """A new folder that every user may pass through (pytest's own folders are root's alone), removed after."""
    folder = Path(tempfile.mkdtemp(prefix="gc-isolation-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


@pytest.fixture
def root(monkeypatch):
    """The grader runs as root; every user can read the installation."""
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setattr(isolation, "unreadable_for", lambda uid, gid: [])


@pytest.fixture
def ordinary(monkeypatch):
    """The grader runs as an ordinary user."""
    monkeypatch.setattr(os, "geteuid", lambda: 1000)


def test_an_unknown_mode_is_a_usage_error():
    with pytest.raises(UsageError, match="--sandbox must be one of bubblewrap, container, none; got 'docker'"):
        choose("docker", None, [])


def test_bubblewrap_needs_bwrap_and_no_other_user(monkeypatch):
    with pytest.raises(UsageError, match="--run-as applies only to --sandbox container or none"):
        choose("bubblewrap", "nobody", [])
    monkeypatch.setattr(sandbox, "find_bwrap", lambda: None)
    with pytest.raises(sandbox.SandboxUnavailable, match="`bwrap` is not installed. Install bubblewrap"):
        choose("bubblewrap", None, [])
    monkeypatch.setattr(sandbox, "find_bwrap", lambda: "/opt/bin/bwrap")
    assert choose("bubblewrap", None, []) == Isolation("bubblewrap", bwrap="/opt/bin/bwrap",
                                                       description="a bubblewrap sandbox per submission")


@pytest.mark.usefixtures("ordinary")
def test_the_container_mode_needs_root():
    with pytest.raises(UsageError, match="needs the grader to run as root inside the container"):
        choose("container", None, [])


@pytest.mark.usefixtures("root")
def test_the_container_mode_runs_exercises_as_nobody_or_the_user_named():
    walls = choose("container", None, [])
    assert (walls.mode, walls.uid, walls.gid, walls.sweeps) == ("container", NOBODY.pw_uid, NOBODY.pw_gid, True)
    assert walls.description == "nobody, inside the container (--sandbox container)"
    walls = choose("container", "4321:99", [])
    assert (walls.uid, walls.gid) == (4321, 99) and walls.description.startswith("4321:99, inside")
    assert (choose("container", "4321", []).uid, choose("container", "4321", []).gid) == (4321, 4321)


@pytest.mark.usefixtures("root")
@pytest.mark.parametrize("run_as, says", [
    ("current", "--run-as current: outside the bubblewrap sandbox, submissions never run as root; name a user"),
    ("root", "--run-as root: outside the bubblewrap sandbox, submissions never run as root; name another user"),
    ("0:5", "--run-as 0:5: outside the bubblewrap sandbox, submissions never run as root"),
    ("no-such-user-here", r"--run-as no-such-user-here: no such user \(a name, or UID\[:GID\]\)"),
])
@pytest.mark.parametrize("mode", ["container", "none"])
def test_as_root_exercises_never_run_as_root_nor_as_an_unknown_user(mode, run_as, says):
    with pytest.raises(UsageError, match=says):
        choose(mode, run_as, [])


def test_a_user_who_cannot_read_the_installation_is_refused(monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setattr(isolation, "unreadable_for", lambda uid, gid: ["/root/python"])
    with pytest.raises(UsageError, match="submissions would run as nobody, who cannot read /root/python"):
        choose("container", None, [])


@pytest.mark.usefixtures("root")
def test_the_container_mode_refuses_secrets_its_user_could_read(open_folder):
    solutions = open_folder / "solutions.ipynb"
    solutions.write_text("{}")
    os.chmod(solutions, 0o644)
    with pytest.raises(UsageError, match=f"nobody could read {solutions}; leave them out of the container"):
        choose("container", None, [solutions])
    os.chmod(solutions, 0o600)
    assert choose("container", None, [solutions]).mode == "container"


@pytest.mark.usefixtures("ordinary")
def test_unsandboxed_an_ordinary_user_runs_exercises_as_itself_only():
    assert choose("none", None, []) == choose("none", "current", []) == Isolation(
        "none", description="the grader's own user (no sandbox) (no sandbox)")
    with pytest.raises(UsageError, match="--run-as nobody: only a grader running as root can run submissions"):
        choose("none", "nobody", [])


@pytest.mark.usefixtures("root")
def test_unsandboxed_root_runs_exercises_as_nobody_by_default():
    walls = choose("none", None, [])
    assert (walls.mode, walls.uid, walls.gid, walls.sweeps) == ("none", NOBODY.pw_uid, NOBODY.pw_gid, False)
    assert walls.description == "nobody (no sandbox)"


def test_the_output_folder_is_made_the_graders_alone_in_the_container_mode(open_folder, monkeypatch):
    out = open_folder / "out"
    out.mkdir(mode=0o755)
    isolation.private_output(out, Isolation("none"))
    assert out.stat().st_mode & 0o777 == 0o755  # other modes: left as it is
    isolation.private_output(out, Isolation("container", uid=NOBODY.pw_uid, gid=NOBODY.pw_gid))
    assert out.stat().st_mode & 0o777 == 0o700
    monkeypatch.setattr(isolation, "readable_by", lambda path, uid, gid: True)  # a group or ACL still lets it in
    with pytest.raises(UsageError, match="stays readable by the exercises' user; choose another --out"):
        isolation.private_output(out, Isolation("container", uid=NOBODY.pw_uid, gid=NOBODY.pw_gid))
    with pytest.raises(UsageError, match="stays readable"):  # no user known: refused, never assumed safe
        isolation.private_output(out, Isolation("container"))


def test_who_may_read_a_path_follows_every_folder_on_the_way(open_folder):
    folder = open_folder / "closed"
    folder.mkdir()
    file = folder / "file"
    file.write_text("x")
    os.chmod(file, 0o644)
    os.chmod(folder, 0o700)
    assert not isolation.readable_by(file, NOBODY.pw_uid, NOBODY.pw_gid)  # the folder is closed to others
    os.chmod(folder, 0o711)  # others may pass through, not list
    assert isolation.readable_by(file, NOBODY.pw_uid, NOBODY.pw_gid)
    assert not isolation.readable_by(folder, NOBODY.pw_uid, NOBODY.pw_gid)  # a folder is read by listing it
    os.chmod(folder, 0o744)
    assert not isolation.readable_by(folder, NOBODY.pw_uid, NOBODY.pw_gid)  # names only: its files stay closed
    os.chmod(folder, 0o755)
    assert isolation.readable_by(folder, NOBODY.pw_uid, NOBODY.pw_gid)
    os.chmod(file, 0o640)
    assert not isolation.readable_by(file, NOBODY.pw_uid, NOBODY.pw_gid)
    assert isolation.readable_by(file, NOBODY.pw_uid, file.stat().st_gid)  # its group may
