"""``gc_grader.wire``'s reading of a child's lines: anything but a message is ``MalformedResult``, within bounds."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gc_grader import wire


def test_a_message_is_a_json_object_with_a_type():
    assert wire.parse_message(b'{"type": "done"}') == {"type": "done"}
    for line in (b"[1]", b'{"kind": "done"}', b"not json", b'{"type": 3}'):
        with pytest.raises(wire.MalformedResult):
            wire.parse_message(line)


def test_strings_from_a_child_are_made_safe_as_they_are_decoded():
    assert wire.decode_plain(["other", "bad \ud800 \x1b[2J"]) == ("other", "bad \\ud800 \\x1b[2J")


def test_a_line_of_many_containers_is_refused_before_it_is_parsed():
    """16 MiB of ``[],`` would make ~5 million lists: refused from a count of its brackets, in bounded memory."""
    code = ("import resource, sys; from gc_grader import wire\n"
            "line = b'{\"type\": \"result\", \"x\": [' + b'[],' * (wire.MAX_LINE_BYTES // 3 - 20) + b'[]]}'\n"
            "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "try:\n    wire.parse_message(line)\nexcept wire.MalformedResult as error:\n    print(error)\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    said, grown_kib = done.stdout.splitlines()
    assert "more than 100000 JSON arrays and objects" in said
    assert int(grown_kib) < 64 * 1024, f"parsing grew the process by {int(grown_kib) // 1024} MiB"


def test_an_honest_line_has_far_fewer_containers_than_the_bound():
    import reference_solutions
    from public_tests.cases import build_cases
    from public_tests.execution import execute

    cases = build_cases("gradient_check_n", 1)
    outcomes = [wire.encode_outcome(execute(reference_solutions.gradient_check_n, case)) for case in cases]
    line = wire.message_line({"type": "result", "exercise": "gradient_check_n", "outcomes": outcomes})
    assert line.count(b"[") + line.count(b"{") < wire.MAX_CONTAINERS / 50
    assert json.loads(line) == wire.parse_message(line.rstrip(b"\n"))


def test_a_line_is_cut_from_the_stream_within_its_limit():
    buffer = wire.LineBuffer(limit=10)
    assert buffer.feed(b"12345\n678") == [b"12345"]
    with pytest.raises(wire.MalformedResult):
        buffer.feed(b"9" * 20)
