"""Element-wise activation functions of the lesson's network."""

from __future__ import annotations

import numpy as np

from .packing import NUMBER_KINDS

_OVERFLOW_LIMITS: dict[np.dtype, np.floating] = {}
"""Per floating dtype, ``log`` of its largest number: where ``exp`` overflows (computed once per dtype)."""


def _numeric(x: object, name: str) -> np.ndarray:
    array = np.asarray(x)
    if array.dtype.kind not in NUMBER_KINDS:
        raise TypeError(f"{name} expects numbers; got {type(x).__name__} of dtype {array.dtype}")
    if array.dtype.kind not in "fc":  # not inexact
        array = array.astype(np.float64)
    return array


def _overflow_limit(dtype: np.dtype) -> np.floating:
    limit = _OVERFLOW_LIMITS.get(dtype)
    if limit is None:
        limit = _OVERFLOW_LIMITS[dtype] = np.log(np.finfo(dtype).max)
    return limit


def _like_input(result: np.ndarray) -> np.ndarray | np.generic:
    return result[()] if result.ndim == 0 else result


def sigmoid(x: object) -> np.ndarray | np.generic:
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
    limit = _overflow_limit(z.dtype)
    if not z.size or np.minimum.reduce(z, axis=None) > -limit:  # the usual case: no entry needs the second branch
        if z.ndim == 0:  # on a 0-d array NumPy computes with scalars, which promote float32 to float64 before 2.0
            return (1 / (1 + np.exp(-z.reshape(1))))[0]
        return 1 / (1 + np.exp(-z))
    safe = -z < limit  # NaN is not safe: it takes the second branch, where it stays NaN
    out = np.empty_like(z)
    out[safe] = 1 / (1 + np.exp(-z[safe]))
    out[~safe] = np.exp(z[~safe])
    return _like_input(out)


def relu(x: object) -> np.ndarray | np.generic:
    """Rectified linear unit ``max(0, x)``, element-wise.

    For complex input (complex-step derivatives) the real part decides: ``x`` where ``Re x > 0``, else 0.
    """
    z = _numeric(x, "relu")
    if z.dtype.kind == "c":
        return _like_input(np.where(z.real > 0, z, 0))
    return _like_input(np.maximum(0, z))
