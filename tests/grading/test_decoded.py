"""The scheduler decodes a result line's outcomes once for equal lines, and only for a bounded number of lines."""

from __future__ import annotations

from collections import OrderedDict
from types import SimpleNamespace

import pytest

from gc_grader import scheduler, wire
from public_tests.cases import build_cases
from public_tests.execution import execute


@pytest.fixture
def counted(monkeypatch):
    """A stand-in for the scheduler's state, and the number of outcomes decoded so far."""
    calls = []

    def decode(obj):
        calls.append(obj)
        return wire.decode_outcome(obj)

    monkeypatch.setattr(scheduler, "decode_outcome", decode)
    return SimpleNamespace(_decoded=OrderedDict()), calls


def encoded_outcomes() -> list:
    cases = build_cases("forward_propagation", 1)
    return [wire.encode_outcome(execute(lambda x, theta: theta * x, case)) for case in cases]


def test_an_equal_line_reuses_the_outcomes_decoded_for_the_first(counted):
    state, calls = counted
    outcomes = encoded_outcomes()
    first = scheduler.Scheduler._decode(state, "digest-a", outcomes)
    again = scheduler.Scheduler._decode(state, "digest-a", outcomes)
    assert again is first and len(calls) == len(outcomes)
    assert first == [wire.decode_outcome(o) for o in outcomes]


def test_only_the_latest_distinct_lines_are_kept(counted):
    state, calls = counted
    outcomes = encoded_outcomes()[:1]
    for k in range(scheduler.DECODED_KEPT + 1):
        scheduler.Scheduler._decode(state, f"digest-{k}", outcomes)
    assert len(state._decoded) == scheduler.DECODED_KEPT and "digest-0" not in state._decoded
    scheduler.Scheduler._decode(state, "digest-0", outcomes)  # gone: decoded again
    assert len(calls) == scheduler.DECODED_KEPT + 2


def test_a_malformed_line_is_never_kept(counted):
    state, _ = counted
    for _ in range(2):
        with pytest.raises(wire.MalformedResult):
            scheduler.Scheduler._decode(state, "digest-bad", [{"value": None}])
    assert not state._decoded
