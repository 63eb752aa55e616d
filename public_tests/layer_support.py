"""What the public tests of "Checking your own layers" share (``public_tests.layers``): calling the student's
function quietly, reading what it returned, and saying which gradient is wrong and how.

Their texts come from the message ids ``layers.*`` (``public_tests.messages``), in the language ``set_language``
chose.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import TestFailure
from .messages import text

ROUND_OFF_LIMIT = 1e-6
"""A correct check of these cases scores 1e-9 or less; every planted bug scores 1e-2 or more."""

RTOL, ATOL = 1e-9, 1e-12
"""Gradients computed by a right formula agree with the reference to round-off."""


class Failure(TestFailure):
    """A case failed; the message says what the function did, what it should do and, when known, the mistake. In
    Jupyter only the message is shown (``TestFailure._render_traceback_``), not the test's frames."""


def close(value: Any, expected: np.ndarray) -> bool:
    """Whether ``value`` is an array of ``expected``'s shape and values, to round-off."""
    array = np.asarray(value, dtype=float)
    return array.shape == expected.shape and bool(np.allclose(array, expected, rtol=RTOL, atol=ATOL))


def describe(value: Any) -> str:
    """What came back, in a few words: the shape of an array, or the type."""
    if isinstance(value, np.ndarray):
        return text("layers.array", shape=value.shape)
    if isinstance(value, (int, float, np.number)):
        return f"{float(value):.6g}"
    return type(value).__name__


def as_array(value: Any) -> np.ndarray | None:
    """``value`` as a float array, or None when it is not an array of real numbers."""
    try:
        array = np.asarray(value)
    except Exception:  # noqa: BLE001 - anything NumPy cannot look at
        return None
    return array.astype(float) if array.dtype.kind in "iufb" else None


def changed(before: Mapping[str, np.ndarray], after: Mapping[str, Any]) -> list[str]:
    """The names whose arrays changed (or went missing) between ``before`` and ``after``."""
    return [name for name, array in before.items()
            if name not in after or np.shape(after[name]) != array.shape or not np.array_equal(after[name], array)]


def matching(value: np.ndarray | None, candidates: Mapping[str, np.ndarray]) -> str | None:
    """The first key of ``candidates`` whose array ``value`` reproduces (a mistake's formula), or None."""
    if value is None:
        return None
    return next((key for key, candidate in candidates.items() if close(value, candidate)), None)


def run_quietly(exercise: str, function: Callable, *args: Any) -> tuple[Any, list[str]]:
    """Call the student's ``function`` quietly; what it returns, and the messages of the floating-point warnings
    NumPy gave meanwhile (once each). Its exceptions become a failure that names them."""
    if not callable(function):
        raise Failure(text("expects_function", exercise=exercise, type=type(function).__name__))
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"), \
            contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("always")
        try:
            returned = function(*args)
        except NotImplementedError:
            raise Failure(text("layers.not_implemented", exercise=exercise)) from None
        except Exception as error:  # noqa: BLE001 - the student's error is reported, not raised
            raise Failure(text("layers.raised", exercise=exercise, error_type=type(error).__name__,
                               error=error)) from None
    said = [str(warning.message) for warning in caught if issubclass(warning.category, RuntimeWarning)]
    return returned, list(dict.fromkeys(said))


def call(exercise: str, function: Callable, *args: Any) -> Any:
    """``run_quietly`` without the warnings."""
    return run_quietly(exercise, function, *args)[0]


def number(exercise: str, value: Any, where: str) -> float:
    """``value`` as a float, or a failure saying what came back instead."""
    array = as_array(value)
    if (isinstance(value, (bool, np.bool_)) or array is None or array.size != 1 or np.asarray(value).dtype.kind == "b"
            or not isinstance(value, (int, float, np.integer, np.floating, np.ndarray))):
        raise Failure(text("layers.not_number", exercise=exercise, where=where, type=type(value).__name__,
                           value=value))
    return float(array.reshape(()))


@dataclass(frozen=True)
class GradientTexts:
    """The message ids a test says a wrong gradient with: not an array, the wrong shape, wrong values (fields
    ``where``, ``name``, ``got``, ``shape``, and ``error``: the largest difference)."""

    not_array: str
    shape: str
    values: str


def wrong_gradient(texts: GradientTexts, where: str, name: str, value: Any, want: np.ndarray,
                   mistakes: Mapping[str, np.ndarray]) -> tuple[str, str | None] | None:
    """None when ``value`` is the gradient ``want``; else what is wrong with it, and the known mistake (a key of
    ``mistakes``) whose formula gives it, if any."""
    array = as_array(value)
    if array is not None and close(array, want):
        return None
    found = matching(array, mistakes)
    if array is None:
        return text(texts.not_array, where=where, name=name, got=describe(value)), found
    if array.shape != want.shape:
        return text(texts.shape, where=where, name=name, got=array.shape, shape=want.shape), found
    return text(texts.values, where=where, name=name, error=float(np.max(np.abs(array - want)))), found


def first(rules: tuple[Callable[[Any], str | None], ...], subject: Any) -> str | None:
    """What the first of ``rules`` that finds something in ``subject`` says, or None."""
    return next((said for rule in rules if (said := rule(subject)) is not None), None)
