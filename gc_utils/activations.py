"""Element-wise activation functions of the lesson's network."""

from __future__ import annotations

from typing import overload

import numpy as np

from .packing import NUMBER_KINDS


def _numeric(x: object, name: str) -> np.ndarray:
    array = np.asarray(x)
    if array.dtype.kind not in NUMBER_KINDS:
        raise TypeError(f"{name} expects numbers; got {type(x).__name__} of dtype {array.dtype}")
    if array.dtype.kind not in "fc":  # not inexact
        array = array.astype(np.float64)
    return array


def _like_input(result: np.ndarray) -> np.ndarray | np.inexact:
    """``result``, or its one number when it is 0-d: a number in, a number out."""
    return result[()] if result.ndim == 0 else result


@overload
def sigmoid(x: np.ndarray) -> np.ndarray: ...  # typed as NumPy types its ufuncs (a 0-d array gives a number)
@overload
def sigmoid(x: object) -> np.ndarray | np.inexact: ...
def sigmoid(x: object) -> np.ndarray | np.inexact:
    """Logistic function ``1 / (1 + exp(-x))``, element-wise, without overflow warnings.

    Where ``exp(-x)`` is finite this is the lesson's formula, computed the same way (so results
    match it bit for bit). For ``x`` below about -709, ``exp(-x)`` would overflow; there the
    mathematically equal ``exp(x) / (1 + exp(x))`` is used, which is just ``exp(x)`` to double precision.
    Complex input (for complex-step derivatives) uses the formula as it is.

    Parameters
    ----------
    x : array_like of numbers

    Returns
    -------
    ndarray or scalar, floating
        Same shape as ``x``; values in [0, 1] for real input.
    """
    z = _numeric(x, "sigmoid")
    if z.dtype.kind == "c":
        return _like_input(1 / (1 + np.exp(-z)))
    safe = -z < np.log(np.finfo(z.dtype).max)  # exp(-z) is finite there (NaN is not safe: it stays NaN below)
    out = np.empty_like(z)
    out[safe] = 1 / (1 + np.exp(-z[safe]))
    out[~safe] = np.exp(z[~safe])  # exp(z) / (1 + exp(z)) is exp(z) in floating point where exp(-z) overflows
    return _like_input(out)


@overload
def relu(x: np.ndarray) -> np.ndarray: ...
@overload
def relu(x: object) -> np.ndarray | np.inexact: ...
def relu(x: object) -> np.ndarray | np.inexact:
    """Rectified linear unit ``max(0, x)``, element-wise.

    For complex input (complex-step derivatives) the real part decides: ``x`` where ``Re x > 0``, else 0.
    """
    z = _numeric(x, "relu")
    if z.dtype.kind == "c":
        return _like_input(np.where(z.real > 0, z, 0))
    return _like_input(np.maximum(0, z))
