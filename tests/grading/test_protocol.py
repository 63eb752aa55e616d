"""The events the grader reads from its fork server and the hosts (``gc_grader.protocol.parse_event``): each field
checked by its exact JSON type, anything else dropped, never an exception."""

from __future__ import annotations

import json

import pytest

from gc_grader.protocol import EXIT_GRADER_FAILED, parse_event


def event(**fields) -> bytes:
    return json.dumps(fields).encode()


@pytest.mark.parametrize("fields", [
    {"event": "ready", "pid": 7, "sandboxed": True, "seccomp": "installed"},
    {"event": "started", "job": 3, "pid": 12},
    {"event": "exit", "job": 3, "status": 9, "oom": True},
    {"event": "error", "job": None, "message": "ValueError: bad request"},
    {"event": "error", "job": 4, "message": "OSError"},
    {"event": "gone"},
])
def test_every_event_the_server_sends_is_read_as_sent(fields):
    assert parse_event(event(**fields)) == fields


def test_an_exit_without_oom_reads_as_not_out_of_memory_and_only_true_counts():
    assert parse_event(event(event="exit", job=1, status=0)) == {"event": "exit", "job": 1, "status": 0, "oom": False}
    assert parse_event(event(event="exit", job=1, status=0, oom=1))["oom"] is False
    assert parse_event(event(event="exit", job=1, status=EXIT_GRADER_FAILED))["status"] == 70 << 8


@pytest.mark.parametrize("data", [
    event(event="started", job=True, pid=12),  # a JSON true is no job number
    event(event="started", job=3.0, pid=12),
    event(event="started", job=3),  # no pid
    event(event="exit", job=3, status="9"),
    event(event="ready", pid=7, sandboxed=1, seccomp="x"),
    event(event="error", job="3", message="x"),
    event(event="launched", job=3),
    event(event=["started"], job=3, pid=1),  # an unhashable event name
    event(job=3, pid=1),
    b"[1, 2]", b"\"started\"", b"not json", b"\xff\xfe", b"[" * 100_000,
])
def test_anything_else_is_dropped_without_an_exception(data):
    assert parse_event(data) is None
