"""Numerical gradient checks: finite differences and the relative difference.

Everything here is plain NumPy on parameter vectors or dicts; nothing imports plots or widgets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from .packing import dictionary_to_vector, gradients_to_vector, shapes_of, vector_to_dictionary

THRESHOLD = 2e-7
"""The lesson's verdict line: a relative difference above it means a mistake in back-propagation."""


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
    denominator = np.linalg.norm(g) + np.linalg.norm(a)
    if denominator == 0:
        return 0.0
    return float(np.linalg.norm(g - a) / denominator)


def finite_difference_gradient(
    cost: Callable[[np.ndarray], float], theta: np.ndarray, epsilon: float = 1e-7, method: str = "central"
) -> np.ndarray:
    """Approximate the gradient of ``cost`` at ``theta``, one entry at a time.

    Parameters
    ----------
    cost : callable
        ``cost(theta) -> float`` for a vector shaped like ``theta``.
    theta : ndarray
        Where to differentiate; not modified.
    epsilon : float
        The step.
    method : {"central", "forward"}
        ``(J(θ+ε) − J(θ−ε)) / 2ε`` (error O(ε²)) or ``(J(θ+ε) − J(θ)) / ε`` (error O(ε)).

    Returns
    -------
    ndarray shaped like ``theta``
    """
    if method not in ("central", "forward"):
        raise ValueError(f"method must be 'central' or 'forward'; got {method!r}")
    if not epsilon > 0:
        raise ValueError(f"epsilon must be a positive number; got {epsilon!r}")
    base = np.array(theta, dtype=float)
    flat = base.reshape(-1)
    approx = np.empty_like(flat)
    j_here = cost(base) if method == "forward" else None
    for i in range(flat.size):
        shifted = flat.copy()
        shifted[i] = flat[i] + epsilon
        j_plus = cost(shifted.reshape(base.shape))
        if method == "central":
            shifted[i] = flat[i] - epsilon
            approx[i] = (j_plus - cost(shifted.reshape(base.shape))) / (2 * epsilon)
        else:
            approx[i] = (j_plus - j_here) / epsilon
    return approx.reshape(base.shape)


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


def check_blocks(
    forward: Callable, parameters: Mapping[str, np.ndarray], gradients: Mapping[str, np.ndarray],
    X: np.ndarray, Y: np.ndarray, epsilon: float = 1e-7,
) -> dict[str, float]:
    """Gradient-check each block (W1, b1, ...) of a network separately.

    Parameters
    ----------
    forward : callable
        ``forward(X, Y, parameters) -> (cost, cache)``, like the lesson's ``forward_propagation_n``.
    parameters, gradients : dict
        The point to check and the back-propagated gradients (``dW1, db1, ...``) there.
    X, Y : ndarray
        The data the cost is computed on.
    epsilon : float
        The step of the central difference.

    Returns
    -------
    dict
        Block name to relative difference; the overall difference is under key ``"all"``.
    """
    theta, keys = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    shapes = shapes_of(parameters)
    approx = finite_difference_gradient(lambda t: forward(X, Y, vector_to_dictionary(t, shapes))[0], theta, epsilon)
    report = block_differences(grad, approx, keys)
    report["all"] = relative_difference(grad, approx)
    return report


def format_block_report(report: Mapping[str, float], threshold: float = THRESHOLD) -> str:
    """A small fixed-width table of ``check_blocks`` results, marking each block above ``threshold``."""
    lines = [f"{'block':<6} {'difference':>11}  verdict"]
    for name, value in report.items():
        verdict = "MISTAKE?" if value > threshold else "ok"
        lines.append(f"{name:<6} {value:>11.2e}  {verdict}")
    return "\n".join(lines)
