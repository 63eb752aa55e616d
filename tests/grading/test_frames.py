"""The parent-to-child framing of ``gc_grader.wire``: frames read whole from a pipe, however written."""

import os
import threading

import pytest

from gc_grader import wire


def _pipe_with(data: bytes, piece: int) -> int:
    """The read end of a pipe that a thread fills with ``data``, ``piece`` bytes at a time, then closes."""
    read, write = os.pipe()

    def fill() -> None:
        for start in range(0, len(data), piece):
            os.write(write, data[start:start + piece])
        os.close(write)

    threading.Thread(target=fill, daemon=True).start()
    return read


@pytest.mark.parametrize("piece", [1, 7, 1 << 16])
def test_frames_written_in_pieces_are_read_whole_and_in_order(piece):
    first, second = b'{"chunks": []}', bytes(range(256)) * 1000
    read = _pipe_with(wire.frame(first) + wire.frame(second) + wire.frame(b""), piece)
    try:
        assert [wire.read_frame(read) for _ in range(3)] == [first, second, b""]
        with pytest.raises(EOFError):
            wire.read_frame(read)
    finally:
        os.close(read)


def test_a_frame_cut_short_is_an_eof_and_a_frame_too_long_is_refused_before_it_is_read():
    read = _pipe_with(wire.frame(b"x" * 100)[:50], 10)
    try:
        with pytest.raises(EOFError):
            wire.read_frame(read)
    finally:
        os.close(read)
    read = _pipe_with(wire.frame(b"x" * 100), 1 << 16)
    try:
        with pytest.raises(ValueError, match="a frame of 100 bytes; at most 99 expected"):
            wire.read_frame(read, limit=99)
        assert os.read(read, 200) == b"x" * 100  # the body was left unread
    finally:
        os.close(read)
