"""What the grading child notes for the instructor's review (``child.Observer``): each audit event's rule alone,
then the hook installed for real in a forked process (an audit hook cannot be removed)."""

from __future__ import annotations

import json
import os
import sys
import types

import pytest

from gc_grader import child
from gc_grader.child import BUILT_AT_RUN_TIME, Observer

INSTALLED = os.path.join(sys.prefix, "lib", "module.py")
"""A file of the Python installation (what an import reads)."""


def noted(*events: tuple[str, tuple], active: bool = True, own_code: int = 0) -> list[str]:
    observer = Observer()
    observer.active, observer.own_code = active, own_code
    for event, args in events:
        observer.hook(event, args)
    return observer.notes


def code_from(filename: str) -> types.CodeType:
    return compile("1", filename, "eval")


def test_nothing_is_noted_while_inactive():
    assert noted(("sys._getframe", ()), ("open", ("/etc/passwd", "r", 0)), active=False) == []


@pytest.mark.parametrize("event", sorted(child.FLAGGED_EVENTS))
def test_a_flagged_event_is_noted_as_the_table_says(event):
    assert noted((event, ("anything",))) == [child.FLAGGED_EVENTS[event]]


def test_other_events_are_ignored():
    assert noted(("os.listdir", (".",)), ("marshal.loads", (b"",)), ("time.sleep", (0,))) == []


def test_code_built_at_run_time_is_noted_and_the_installations_is_not():
    assert noted(("exec", (code_from("<string>"),))) == [BUILT_AT_RUN_TIME]
    assert noted(("compile", (b"1", "<string>"))) == [BUILT_AT_RUN_TIME]
    assert noted(("exec", (code_from(INSTALLED),)), ("compile", (b"1", INSTALLED))) == []


def test_the_childs_own_compile_and_exec_are_not_noted_and_only_those():
    observer = Observer()
    observer.active, observer.own_code = True, 2  # as child.define sets it around a cell's compile and exec
    observer.hook("compile", (b"1", "<cell 3>"))
    observer.hook("exec", (code_from("<cell 3>"),))
    assert observer.notes == [] and observer.own_code == 0
    observer.hook("exec", (code_from("<cell 3>"),))  # the cell's own exec(), once the child's are done
    assert observer.notes == [BUILT_AT_RUN_TIME]


def test_reading_interpreter_internals_is_noted_for_the_internal_attributes_only():
    assert noted(("object.__getattr__", (object(), "f_back")), ("object.__getattr__", (object(), "__code__"))) == [
        "read interpreter internals (f_back)", "read interpreter internals (__code__)"]
    assert noted(("object.__getattr__", (object(), "f_lineno")), ("object.__getattr__", (object(),))) == []


def test_flagged_imports_and_their_submodules_are_noted_others_not():
    assert noted(("import", ("ctypes.util", None, [], [], [])), ("import", ("importlib",))) == [
        "imported ctypes.util", "imported importlib"]
    assert noted(("import", ("numpy.linalg",)), ("import", ("ctypesx",)), ("import", ())) == []
    assert noted(("import", ("public_tests." + "x" * 100,))) == ["imported " + ("public_tests." + "x" * 100)[:60]]


def test_opening_a_file_is_noted_unless_an_import_reads_the_installation():
    assert noted(("open", ("/work/answers.txt", "r", 0))) == ["opened the file /work/answers.txt"]
    assert noted(("open", (INSTALLED, "r", 0)), ("open", (INSTALLED[:-3] + ".so", "rb", 0))) == []
    assert noted(("open", (INSTALLED[:-3] + ".txt", "r", 0))) == [f"opened the file {INSTALLED[:-3]}.txt"]
    assert noted(("open", (3, "r", 0)), ("open", ())) == []  # a descriptor, not a path
    assert noted(("open", ("/" + "a" * 300, "r", 0))) == ["opened the file " + ("/" + "a" * 300)[:120]]


def test_each_note_once_and_at_most_the_limit():
    events = [("open", (f"/data/{i}", "r", 0)) for i in range(2 * child.OBSERVED_LIMIT)]
    notes = noted(("sys._getframe", ()), ("sys._getframe", ()), *events)
    assert notes[0] == child.FLAGGED_EVENTS["sys._getframe"] and notes.count(notes[0]) == 1
    assert len(notes) == child.OBSERVED_LIMIT


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_the_hook_installed_notes_what_the_code_really_did(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read)
            observer = Observer()
            sys.addaudithook(observer.hook)
            observer.active = True
            sys._getframe()
            exec("1 + 1")  # noqa: S102 - the point: code built at run time
            with open(secret) as stream:
                stream.read()
            sys.modules.pop("pty", None)  # imported for real: only a first import raises the event
            __import__("pty")
            observer.active = False
            open(secret).close()  # after: not noted
            os.write(write, json.dumps(observer.notes).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as stream:
        notes = json.loads(stream.read())
    os.waitpid(pid, 0)
    assert notes[:3] == [child.FLAGGED_EVENTS["sys._getframe"], BUILT_AT_RUN_TIME, f"opened the file {secret}"]
    assert notes[3:] == ["imported pty"]  # reading its file, of the installation, is not noted
