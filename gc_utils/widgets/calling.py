"""Calling a student's function safely: whatever it raises, prints or returns becomes words for the readout.

Nothing a student's function does can break an explorer: ``call_student`` never raises, swallows what the
function prints and silences its warnings, and turns an exception or a value that cannot be a relative
difference into a sentence that says what the function did and what was expected.
"""

from __future__ import annotations

import contextlib
import io
import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..packing import gradients_to_vector
from .messages import text as message

_MAX_MESSAGE = 300


@dataclass(frozen=True)
class CallResult:
    """What calling a student's function gave: a usable value, or the problem in words.

    Attributes
    ----------
    value : float or None
        The difference it returned, when usable.
    problem : str or None
        What went wrong ("raised ZeroDivisionError: ...", "returned None ..."), for the readout.
    note : str or None
        A usable value with a remark (e.g. it came as an array of shape (1, 1)).
    """

    value: float | None
    problem: str | None = None
    note: str | None = None


def short(text: str) -> str:
    """``text`` on one line, cut to a readable length."""
    text = " ".join(str(text).split())
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def as_difference(value: object, name: str = "gradient_check") -> tuple[float, str | None]:
    """Check that ``value``, returned by the student's function ``name``, can be a relative difference; return
    it as a float, with a remark or None.

    Raises
    ------
    ValueError
        Saying what ``name`` returned and what was expected (finite, between 0 and 1, one number).
    """
    if value is None:
        raise ValueError(message("call.none", name=name))
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(message("call.bool", name=name, value=repr(value)))
    try:
        array = np.asarray(value)
    except Exception:  # noqa: BLE001 - an object NumPy cannot even look at
        array = np.asarray(None)
    if array.dtype.kind not in "iuf":  # strings, objects, complex numbers, ragged lists
        raise ValueError(message("call.not_number", name=name, value=short(repr(value)), type=type(value).__name__))
    if array.size != 1:
        raise ValueError(message("call.not_one", name=name, shape=array.shape))
    number = float(array.reshape(-1)[0])
    note = None
    if array.ndim > 0:
        note = message("call.array_note", name=name, shape=array.shape)
    if not math.isfinite(number):
        raise ValueError(message("call.not_finite", name=name, value=number))
    if number < 0:
        raise ValueError(message("call.negative", name=name, value=number))
    if number > 1 + 1e-9:
        raise ValueError(message("call.above_one", name=name, value=number))
    return number, note


def describe_exception(name: str, exc: BaseException) -> str:
    """What a student's function did when it raised, in words: "your f raised ValueError: ...".

    A stub (``NotImplementedError``) is called what it is; an exception without a message gets no colon.

    Examples
    --------
    >>> describe_exception("gradient_check", NotImplementedError())
    'your gradient_check is not implemented yet (it raises NotImplementedError)'
    >>> describe_exception("gradient_check", ZeroDivisionError("division by zero"))
    'your gradient_check raised ZeroDivisionError: division by zero'
    """
    said = short(str(exc))
    detail = f": {said}" if said else ""
    if isinstance(exc, NotImplementedError):
        return message("call.not_implemented", name=name, detail=detail)
    return message("call.raised", name=name, error_type=type(exc).__name__, detail=detail)


def call_student(function: Callable, *args: object, name: str) -> CallResult:
    """Call a student's function; never raise.

    What it prints is swallowed and its warnings are silenced (a sweep calls it many times); an exception or
    a returned value that cannot be a difference becomes ``CallResult.problem``.
    """
    try:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            raw = function(*args)
    except Exception as exc:  # noqa: BLE001 - anything the student's code raises is reported, not re-raised
        return CallResult(None, problem=describe_exception(name, exc))
    try:
        value, note = as_difference(raw, name)
    except ValueError as exc:
        return CallResult(None, problem=str(exc))
    return CallResult(value, note=note)


def copy_arrays(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """``mapping`` with a copy of each array (other values as they are): what a student's call may change."""
    return {key: np.array(value, copy=True) if isinstance(value, np.ndarray) else value
            for key, value in mapping.items()}


def check_callable(function: object, name: str, optional: bool = False) -> None:
    if function is None and optional:
        return
    if not callable(function):
        raise TypeError(message("call.not_callable", name=name, type=type(function).__name__))


def student_gradients(backward: Callable, X, Y, cache) -> tuple[np.ndarray | None, dict | None, str | None]:
    """The student's back-propagated gradients as a vector and a dict, or the problem in words."""
    try:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gradients = backward(X, Y, tuple(np.array(a, copy=True) for a in cache))
        vector = gradients_to_vector(gradients)
    except Exception as exc:  # noqa: BLE001 - reported in the readout
        return None, None, describe_exception("backward_propagation_n", exc)
    if not np.all(np.isfinite(vector)):
        return None, None, message("call.non_finite_gradients")
    return vector, dict(gradients), None


def first_problem(results: Sequence[CallResult]) -> str | None:
    """The first problem among ``results`` (what the student's function did wrong), or None."""
    return next((result.problem for result in results if result.problem), None)
