"""The fork server ``python -m public_tests`` starts before the grader's imports (``forkclient.start_ahead``).

It is worth starting early only if what runs before it imports nothing heavy, and it must never outlive a run
that does not take it over.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from gc_grader import forkclient, sandbox
from tests.grading.running import ROOT

BWRAP = sandbox.find_bwrap()


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_the_package_and_the_servers_client_import_neither_numpy_nor_the_judge():
    done = run_python("import sys, public_tests, gc_grader.forkclient; "
                      "print(sorted({'numpy', 'gc_utils', 'testCases', 'public_tests.judging', "
                      "'public_tests.execution'} & set(sys.modules)))")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("argv", [["grade", "--unsafe-no-sandbox", "x.ipynb"], ["grade", "x.ipynb", "--unsafe"],
                                  ["grade", "--sandbox", "container", "x.ipynb"],
                                  ["grade", "--sandbox=none", "x.ipynb"],
                                  ["grade", "--help"], ["grade", "-h"], ["other", "x.ipynb"], []])
def test_no_server_is_started_for_an_unsandboxed_run_help_or_another_command(argv):
    forkclient.start_ahead(argv)
    assert forkclient.take_ahead(BWRAP) is None


def test_a_server_started_ahead_is_taken_once_and_only_for_its_bwrap():
    forkclient.start_ahead(["grade", "x.ipynb", "--jobs", "2"])
    try:
        assert forkclient.take_ahead(None) is None  # an unsandboxed run starts a server of its own
        server = forkclient.take_ahead(BWRAP)
        assert server is not None and forkclient.take_ahead(BWRAP) is None
        server.wait_ready()
        assert server.ready and server.alive() and os.path.isdir(server.workdir)
        server.wait_ready()  # at once, once ready
    finally:
        forkclient._stop_ahead()
    server.close()
    shutil.rmtree(server.workdir)


def test_a_server_nobody_takes_is_stopped_and_its_folder_removed_when_the_process_exits():
    done = run_python("from gc_grader import forkclient as f; f.start_ahead(['grade', 'x.ipynb']); "
                      "s = f._AHEAD[0]; s.wait_ready(); print(s.workdir, s.process.pid)")
    assert done.returncode == 0, done.stderr
    workdir, pid = done.stdout.split()
    deadline = time.monotonic() + 10
    while os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not os.path.exists(f"/proc/{pid}"), "the server outlived the process that started it"
    assert not os.path.exists(workdir)
