"""Everything that crosses between the grader and a sandboxed child: the framing and the plain JSON outcomes.

Parent to child (trusted direction): length-prefixed frames (``frame``, ``read_frame``), each one JSON document:
the program to define, then the exercise and the generator state (from the run's seed) whose cases the child
rebuilds itself. Child to parent (untrusted): one JSON message per line (``message_line``), cut into lines by a
bounded ``LineBuffer`` and checked by ``parse_message`` and ``decode_outcome``: any line too long, too deep, not
JSON or not a message of the expected shape raises ``MalformedResult``, never anything else. (Between the grader,
the fork server and the submissions' hosts, processes of ours only, travel control messages:
``gc_grader.control``.)

The child runs the student's code, so everything it sends is untrusted. It sends JSON only (never a
pickle, which could run code in the parent): numbers, strings and lists. The parent rebuilds an
``Outcome`` from it only when the structure is exactly what ``public_tests.execution.normalise`` produces —
known kinds, plain numbers, arrays whose data fits their shape, bounded sizes and depth — and raises
``MalformedResult`` otherwise. A float subclass or an object with a lying ``__eq__`` cannot survive the trip:
on arrival there are only ``float`` values and ``float64`` arrays, and the parent judges those. An array's numbers
travel as their 8 bytes each (base64): exact, NaN and ±inf included, and for a record of a hundred calls ~10 times
cheaper to write and read than JSON numbers (a correct ``gradient_check_n`` sends ~6,000 of them).

Encoding of a normalised value (``execution.normalise``)::

    ("scalar", 2.5)            ->  ["scalar", 2.5]          (NaN and ±inf as the strings "nan", "inf", "-inf")
    ("array", ndarray)         ->  ["array", [2, 3], "base64 of the 6 numbers as little-endian float64, row-major"]
    ("none",)                  ->  ["none"]
    ("dict", {"a": v})         ->  ["dict", [["a", <v>]]]
    ("sequence", [v, w])       ->  ["sequence", [<v>, <w>]]
    ("other", "a str")         ->  ["other", "a str"]
"""

from __future__ import annotations

import base64
import json
import math
import os
import struct
from collections.abc import Callable
from typing import Any

import numpy as np

from public_tests.execution import Outcome

from . import untrusted

MAX_ARRAY_SIZE = 200_000
"""Elements per array; a larger array is sent as ("other", its description): no correct answer is that big."""
MAX_TOTAL_NUMBERS = 1_000_000
"""Numbers per outcome, all arrays together."""
MAX_ITEMS = 64
"""Entries of one dict or sequence."""
MAX_DEPTH = 5
"""Nesting of dicts and sequences (``normalise`` itself stops at 3)."""
MAX_NDIM = 8
MAX_TEXT = 1000
"""Characters of a description or an error message."""

MAX_LINE_BYTES = 16 * 2**20
"""Longest message a child may send (one result line); longer is malformed. A correct ``gradient_check_n`` sends
~71 KB; a wrong one that evaluates the cost far more often, up to ~11 MB (``MAX_TOTAL_NUMBERS`` in base64)."""
MAX_CONTAINERS = 100_000
"""JSON arrays and objects in one line (a correct ``gradient_check_n``'s line has ~500). Counted before it is
parsed: parsing makes a Python list or dict of each (56 to 200 bytes), so 16 MiB of ``[],`` would take ~400 MB."""
MAX_FRAME_BYTES = 64 * 2**20
"""Longest frame the parent may send (a program: bounded by the notebook size limit)."""

_SPECIAL = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}
_HEADER = struct.Struct(">Q")


class MalformedResult(ValueError):
    """What a child sent is not a message, or not an outcome as ``public_tests.execution.execute`` makes them."""


# --------------------------------------------------------------------------------------------- framing

def frame(data: bytes) -> bytes:
    """``data`` as one frame: an 8-byte big-endian length, then the bytes."""
    return _HEADER.pack(len(data)) + data


def read_frame(fd: int, limit: int = MAX_FRAME_BYTES) -> bytes:
    """One frame from the file descriptor ``fd``; EOFError when the parent closed it, ValueError when too long.

    Read with ``os.read``: a buffered stream over ``fd`` costs a freshly forked child ~40 copied pages more."""
    (length,) = _HEADER.unpack(_read_exactly(fd, _HEADER.size))
    if length > limit:
        raise ValueError(f"a frame of {length} bytes; at most {limit} expected")
    return _read_exactly(fd, length)


def _read_exactly(fd: int, size: int) -> bytes:
    chunks = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError("the parent closed the connection")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def message_line(message: dict) -> bytes:
    """A child's message as one line of strict JSON (no NaN: numbers are encoded by ``encode_plain``)."""
    return (json.dumps(message, allow_nan=False, separators=(",", ":")) + "\n").encode()


class LineBuffer:
    """Cuts what a child writes into lines, refusing a line longer than ``limit`` before it is kept whole."""

    def __init__(self, limit: int = MAX_LINE_BYTES) -> None:
        self.limit = limit
        self.data = bytearray()

    def feed(self, chunk: bytes) -> list[bytes]:
        """The complete lines ``chunk`` finishes; MalformedResult when a line outgrows the limit."""
        if b"\n" not in chunk:  # the common case of a long line: no copy of what came before
            self.data += chunk
            lines = []
        else:
            head, *middle, rest = chunk.split(b"\n")
            lines = [bytes(self.data) + head, *middle]
            self.data = bytearray(rest)
        if len(self.data) > self.limit or any(len(line) > self.limit for line in lines):
            raise MalformedResult(f"a message longer than {self.limit} bytes")
        return lines


def parse_message(line: bytes) -> dict:
    """A child's line as a message dict with a string ``type``; MalformedResult for anything else.

    JSON nested deeper than the interpreter's recursion limit (about 1000 levels) stops ``json.loads`` with a
    RecursionError, reported as malformed; ``decode_plain`` then allows ``MAX_DEPTH`` levels of values. A line with
    more than ``MAX_CONTAINERS`` brackets and braces is refused before it is parsed (the memory it would take).
    """
    if len(line) > MAX_CONTAINERS and line.count(b"[") + line.count(b"{") > MAX_CONTAINERS:
        raise MalformedResult(f"a line of more than {MAX_CONTAINERS} JSON arrays and objects")
    try:
        message = json.loads(line)
    except (ValueError, RecursionError, MemoryError) as error:
        raise MalformedResult(f"a line that is not JSON ({type(error).__name__})") from None
    if type(message) is not dict or type(message.get("type")) is not str:
        raise MalformedResult("a line that is not a message (a JSON object with a type)")
    return message


# ------------------------------------------------------------------------------------------ child side

def _number(value: float) -> float | str:
    value = float(value)
    if math.isfinite(value):
        return value
    return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")


def encode_plain(plain: tuple, depth: int = 0) -> list:
    """A normalised value as JSON-ready lists (see the module docstring)."""
    kind = plain[0]
    if kind == "scalar":
        return ["scalar", _number(plain[1])]
    if kind == "array":
        array = np.asarray(plain[1], dtype=float)
        if array.size > MAX_ARRAY_SIZE or array.ndim > MAX_NDIM:
            return ["other", f"an array of shape {array.shape} (too large to judge)"]
        return ["array", list(array.shape), base64.b64encode(array.astype("<f8").tobytes()).decode("ascii")]
    if kind == "none":
        return ["none"]
    if kind in ("dict", "sequence") and depth < MAX_DEPTH:
        items = list(plain[1].items()) if kind == "dict" else list(plain[1])
        if len(items) > MAX_ITEMS:
            return ["other", f"a {'dict' if kind == 'dict' else 'sequence'} of {len(items)} items"]
        if kind == "dict":
            return ["dict", [[str(key), encode_plain(value, depth + 1)] for key, value in items]]
        return ["sequence", [encode_plain(value, depth + 1) for value in items]]
    return ["other", str(plain[1])[:MAX_TEXT] if len(plain) > 1 else kind]


def encode_outcome(outcome: Outcome) -> dict:
    """An ``Outcome`` as a JSON-ready dict."""
    return {
        "value": None if outcome.value is None else encode_plain(outcome.value),
        "error_type": outcome.error_type,
        "error": None if outcome.error is None else str(outcome.error)[:MAX_TEXT],
        "inputs_after": None if outcome.inputs_after is None else encode_plain(outcome.inputs_after),
        "record": None if outcome.record is None else encode_plain(outcome.record),
    }


# ----------------------------------------------------------------------------------------- parent side

class _Budget:
    """Counts the numbers of one outcome so that a flood of small arrays is refused too."""

    def __init__(self) -> None:
        self.left = MAX_TOTAL_NUMBERS

    def spend(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise MalformedResult(f"more than {MAX_TOTAL_NUMBERS} numbers in one result")


def _decode_number(value: Any) -> float:
    if isinstance(value, bool):
        raise MalformedResult("a boolean where a number was expected")
    if isinstance(value, str) and value in _SPECIAL:
        return _SPECIAL[value]
    if type(value) is float:
        return value
    if type(value) is int:
        try:
            return float(value)
        except OverflowError as error:
            raise MalformedResult("an integer too large for a float") from error
    raise MalformedResult(f"{type(value).__name__} where a number was expected")


def _decode_text(value: Any) -> str:
    """A string the child sent, made safe where it enters (``untrusted.text``)."""
    if type(value) is not str:
        raise MalformedResult(f"{type(value).__name__} where a string was expected")
    return untrusted.text(value, MAX_TEXT)


def _decode_array(shape: Any, data: Any, budget: _Budget) -> np.ndarray:
    if type(shape) is not list or len(shape) > MAX_NDIM or not all(type(n) is int and n >= 0 for n in shape):
        raise MalformedResult("an array shape that is not a short list of non-negative integers")
    if type(data) is not str:
        raise MalformedResult("array data that is not a base64 string")
    size = math.prod(shape)
    if size > MAX_ARRAY_SIZE or len(data) != 4 * math.ceil(8 * size / 3):  # checked before anything is decoded
        raise MalformedResult(f"array data of {len(data)} characters for the shape {tuple(shape)}")
    budget.spend(size)
    try:
        raw = base64.b64decode(data, validate=True)
    except ValueError:
        raise MalformedResult("array data that is not base64") from None
    if len(raw) != 8 * size:
        raise MalformedResult(f"array data of {len(raw)} bytes for the shape {tuple(shape)}")
    return np.frombuffer(raw, dtype="<f8").astype(np.float64).reshape(shape)


def decode_plain(obj: Any, depth: int = 0, budget: _Budget | None = None) -> tuple:
    """Check an encoded value and rebuild the normalised tuple; ``MalformedResult`` if anything is off."""
    budget = _Budget() if budget is None else budget
    if type(obj) is not list or not obj or type(obj[0]) is not str:
        raise MalformedResult("a value that is not a [kind, ...] list")
    kind, rest = obj[0], obj[1:]
    decoder = _DECODERS.get((kind, len(rest)))
    if decoder is None:
        raise MalformedResult(f"an unknown or ill-formed value of kind {kind[:40]!r}")
    return decoder(rest, depth, budget)


def _decode_scalar(rest: list, depth: int, budget: _Budget) -> tuple:
    budget.spend(1)
    return ("scalar", _decode_number(rest[0]))


def _decode_items(kind: str, rest: list, depth: int) -> list:
    """The items of a dict or sequence, checked: a list, not nested too deep, not too long."""
    if type(rest[0]) is not list:
        raise MalformedResult(f"an unknown or ill-formed value of kind {kind!r}")
    if depth >= MAX_DEPTH or len(rest[0]) > MAX_ITEMS:
        raise MalformedResult("a dict or sequence nested too deep or too long")
    return rest[0]


def _decode_sequence(rest: list, depth: int, budget: _Budget) -> tuple:
    return ("sequence", [decode_plain(item, depth + 1, budget) for item in _decode_items("sequence", rest, depth)])


def _decode_dict(rest: list, depth: int, budget: _Budget) -> tuple:
    return ("dict", _decode_entries(_decode_items("dict", rest, depth), depth, budget))


_DECODERS: dict[tuple[str, int], Callable[[list, int, _Budget], tuple]] = {
    ("scalar", 1): _decode_scalar,
    ("array", 2): lambda rest, depth, budget: ("array", _decode_array(rest[0], rest[1], budget)),
    ("none", 0): lambda rest, depth, budget: ("none",),
    ("other", 1): lambda rest, depth, budget: ("other", _decode_text(rest[0])),
    ("sequence", 1): _decode_sequence,
    ("dict", 1): _decode_dict,
}
"""Each kind of value by its number of fields: its decoder (``kind, *fields`` as ``encode_plain`` writes it)."""


def _decode_entries(entries: list, depth: int, budget: _Budget) -> dict[str, tuple]:
    """A dict's ``[key, value]`` pairs rebuilt; each key a string, once."""
    decoded: dict[str, tuple] = {}
    for entry in entries:
        if type(entry) is not list or len(entry) != 2:
            raise MalformedResult("a dict entry that is not a [key, value] pair")
        key = _decode_text(entry[0])
        if key in decoded:
            raise MalformedResult(f"the key {key!r} twice in one dict")
        decoded[key] = decode_plain(entry[1], depth + 1, budget)
    return decoded


def decode_outcome(obj: Any) -> Outcome:
    """Check one encoded outcome and rebuild it; ``MalformedResult`` if anything is off.

    As ``execution.execute`` makes them: either a value or an error (its type name and message), and in
    both cases the arguments as they were after the call, so the judge can tell whether they were changed.
    """
    keys = {"value", "error_type", "error", "inputs_after"}
    if type(obj) is not dict or not keys <= set(obj) <= keys | {"record"}:
        raise MalformedResult("an outcome that is not a dict with value, error_type, error, inputs_after (and record)")
    budget = _Budget()
    record = None if obj.get("record") is None else decode_plain(obj["record"], 0, budget)
    error_type = obj["error_type"]
    if error_type is not None:
        error_type = _decode_text(error_type)[:100]
        if not error_type or obj["value"] is not None:
            raise MalformedResult("an outcome with both a value and an error, or an empty error type")
        error = "" if obj["error"] is None else _decode_text(obj["error"])
        inputs_after = None if obj["inputs_after"] is None else decode_plain(obj["inputs_after"], 0, budget)
        return Outcome(error_type=error_type, error=error, inputs_after=inputs_after, record=record)
    if obj["value"] is None or obj["error"] is not None or obj["inputs_after"] is None:
        raise MalformedResult("an outcome without a value or without the arguments after the call")
    value = decode_plain(obj["value"], 0, budget)
    inputs_after = decode_plain(obj["inputs_after"], 0, budget)
    if inputs_after[0] != "sequence":
        raise MalformedResult("the arguments after the call are not a sequence")
    return Outcome(value=value, inputs_after=inputs_after, record=record)
