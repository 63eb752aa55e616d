"""Comparing a gradient with its approximation: the relative difference, overall and per block.

``||grad − gradapprox||₂ / (||grad||₂ + ||gradapprox||₂)``: the lesson's measure, 0 when the two agree and 1 when
one is zero or they point in opposite directions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np


def relative_difference(grad: object, gradapprox: object) -> float:
    """``||grad - gradapprox||_2 / (||grad||_2 + ||gradapprox||_2)`` as a Python float.

    Parameters
    ----------
    grad, gradapprox : array_like of the same shape
        The back-propagated gradient and its numerical approximation.

    Returns
    -------
    float
        Between 0 (identical) and 1 (at least one is zero, or they point in opposite directions).
        Two all-zero inputs agree: 0.0.

    Raises
    ------
    ValueError
        The shapes differ, or a value is NaN or infinite.
    """
    g = np.asarray(grad)
    a = np.asarray(gradapprox)
    if g.shape != a.shape:
        raise ValueError(f"grad and gradapprox must have the same shape; got {g.shape} and {a.shape}")
    for name, values in (("grad", g), ("gradapprox", a)):
        if not np.all(np.isfinite(values)):
            bad = np.argwhere(~np.isfinite(values))[0]
            raise ValueError(f"{name} has a non-finite value at index {tuple(int(i) for i in bad)}")
    g = g.astype(np.float64, copy=False)
    a = a.astype(np.float64, copy=False)
    denominator = np.linalg.norm(g) + np.linalg.norm(a)
    if denominator == 0:
        return 0.0
    return float(np.linalg.norm(g - a) / denominator)


def block_differences(grad: np.ndarray, gradapprox: np.ndarray, keys: Sequence[str]) -> dict[str, float]:
    """The relative difference of each parameter block, in packing order.

    Parameters
    ----------
    grad, gradapprox : ndarray of shape (n, 1)
        Stacked as by ``dictionary_to_vector``.
    keys : sequence of str
        The block each entry belongs to, as ``dictionary_to_vector`` returns them.
    """
    labels = np.asarray(keys)
    if labels.shape[0] != np.asarray(grad).shape[0]:
        raise ValueError(f"keys names {labels.shape[0]} entries, but the vectors have {np.asarray(grad).shape[0]}")
    return {str(name): relative_difference(grad[labels == name], gradapprox[labels == name])
            for name in dict.fromkeys(keys)}


def relative_of_checked(grad: np.ndarray, approx: np.ndarray) -> float:
    """``relative_difference`` for vectors already known to be finite float64."""
    denominator = np.linalg.norm(grad) + np.linalg.norm(approx)
    return 0.0 if denominator == 0 else float(np.linalg.norm(grad - approx) / denominator)


def difference_report(names: Sequence[str], counts: Iterable[int], grad: np.ndarray, approx: np.ndarray,
                      per_block: bool) -> float | dict[str, float]:
    """The overall relative difference, or a per-block report (``counts`` consecutive entries per block)."""
    overall = relative_of_checked(grad, approx)
    if not per_block:
        return overall
    bounds = np.cumsum([0, *counts])
    report = {name: relative_of_checked(grad[bounds[i]:bounds[i + 1]], approx[bounds[i]:bounds[i + 1]])
              for i, name in enumerate(names)}
    report["all"] = overall
    return report



def relative_differences(grad: np.ndarray, approximations: np.ndarray) -> np.ndarray:
    """``relative_difference(grad, row)`` for every row of ``approximations`` at once.

    Parameters
    ----------
    grad : ndarray of shape (n, 1) or (n,)
    approximations : ndarray of shape (E, n)

    Returns
    -------
    ndarray of shape (E,)
        0 where both vectors are zero.

    Examples
    --------
    >>> import numpy as np
    >>> relative_differences(np.array([3.0, 4.0]), np.array([[3.0, 4.0], [0.0, 0.0]]))
    array([0., 1.])
    """
    g = np.asarray(grad, dtype=float).reshape(-1)
    a = np.atleast_2d(np.asarray(approximations, dtype=float))
    if a.shape[1] != g.size:
        raise ValueError(f"approximations must have {g.size} columns like grad; got shape {a.shape}")
    numerator = np.linalg.norm(a - g, axis=1)
    denominator = np.linalg.norm(g) + np.linalg.norm(a, axis=1)
    safe = np.where(denominator == 0, 1.0, denominator)
    return np.where(denominator == 0, 0.0, numerator / safe)
