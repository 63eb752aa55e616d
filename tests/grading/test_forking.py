"""What a process forked by ``host.fork_running`` (a host, an exercise's child) finds when it starts."""

import gc
import json
import os
import pathlib
import sys
import types

import pytest

from gc_grader import child, host, sandbox

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def _in_forked_process(measure) -> object:
    """``measure()`` run first thing in a process forked by ``fork_running``; its JSON-able result."""
    read, write = os.pipe()

    def work() -> int:
        os.write(write, json.dumps(measure()).encode())
        return 0

    pid = host.fork_running(work, [read])
    os.close(write)
    with os.fdopen(read, "rb") as stream:
        data = stream.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return json.loads(data)


def test_a_module_imported_since_the_last_fork_is_listed_for_the_next_one():
    child.list_grader_modules()
    name = "public_tests._imported_late_for_this_test"
    sys.modules[name] = types.ModuleType(name)
    try:
        found = _in_forked_process(lambda: (child._LISTED[0][0] == len(sys.modules), name in child._LISTED[0][1]))
    finally:
        del sys.modules[name]
    assert found == [True, True]  # hide_grader_modules pops the listed names, without scanning sys.modules


def test_a_forked_process_leaves_what_it_inherited_to_no_collection():
    kept = [[index] for index in range(20_000)]  # young, tracked objects of this process
    assert sum(gc.get_count()) > 0 and len(gc.get_objects()) > len(kept)
    tracked = _in_forked_process(lambda: len(gc.get_objects()))
    assert tracked < 1_000, f"{tracked} inherited objects are still tracked by the collector"
    del kept


def test_what_every_sandboxed_child_needs_is_worked_out_before_the_fork():
    sandbox.prepare_forks()

    def resolve_nothing(*args, **kwargs):
        raise AssertionError("resolved a path again in the forked process")

    def measure():
        pathlib.Path.resolve = resolve_nothing  # in the forked process only
        return [sandbox.python_under_tmp() in (True, False), sandbox._no_capabilities()[0][0] == 0x20080522]

    assert _in_forked_process(measure) == [True, True]
