"""Second-order checks: a Hessian–vector product against the central difference of the gradient.

For a cost ``J(θ)`` with gradient ``g(θ)``, the Hessian–vector product is the derivative of the gradient along
``v``: ``H·v = lim (g(θ + εv) − g(θ − εv)) / 2ε``. So an ``hvp(θ, v)`` is checked exactly as a gradient is, one
order up: two gradient evaluations per direction, whatever the number of parameters
(``gc_utils.perturbation.directional_difference``). The error of the central difference is O(ε²), of the
one-sided ``(g(θ + εv) − g(θ)) / ε`` O(ε).

The example: softmax regression, ``J(W) = cross_entropy(W·X, Y)`` (``gc_utils.layers``), whose gradient is
``(softmax(W·X) − Y)·Xᵀ / m`` and whose Hessian–vector product, for a direction ``V`` shaped like ``W``, is
``(p ⊙ (D − Σ_k p ⊙ D))·Xᵀ / m`` with ``p = softmax(W·X)`` and ``D = V·X`` (the softmax's Jacobian,
``diag(p) − p·pᵀ``, applied to each column of ``D``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from .bugs import Bug, catalogue, checked_bug_names
from .comparison import relative_difference
from .layers import cross_entropy, softmax
from .perturbation import directional_difference

BUGS = catalogue(
    Bug("outer_product_forgotten", "H·v without the −p·pᵀ part of the softmax's Jacobian", ("W",)),
    Bug("one_over_m_forgotten", "H·v not divided by m", ("W",)),
)
"""Bugs ``SoftmaxRegression.hvp`` can plant."""


class SoftmaxRegression:
    """The cost ``J(W) = cross_entropy(W·X, Y)`` on fixed data, its gradient and its Hessian–vector product.

    Parameters
    ----------
    X : ndarray of shape (n, m)
    Y : ndarray of shape (k, m), one-hot

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X, Y = rng.standard_normal((3, 5)), np.eye(2)[:, [0, 1, 1, 0, 1]]
    >>> model, W, V = SoftmaxRegression(X, Y), rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    >>> hvp_check(model.gradient, model.hvp, W, V) < 1e-8
    True
    """

    def __init__(self, X: np.ndarray, Y: np.ndarray) -> None:
        self.X, self.Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)

    def cost(self, W: np.ndarray) -> float:
        return cross_entropy(W @ self.X, self.Y)

    def gradient(self, W: np.ndarray) -> np.ndarray:
        return (softmax(W @ self.X) - self.Y) @ self.X.T / self.X.shape[1]

    def hvp(self, W: np.ndarray, V: np.ndarray, bugs: str | Iterable[str] = ()) -> np.ndarray:
        """``H·V``; ``bugs``: names from ``BUGS`` to plant."""
        bugs = checked_bug_names(bugs, BUGS)
        p, D = softmax(W @ self.X), V @ self.X
        pD = p * D
        JD = pD if "outer_product_forgotten" in bugs else pD - p * pD.sum(axis=0, keepdims=True)
        product = JD @ self.X.T
        return product if "one_over_m_forgotten" in bugs else product / self.X.shape[1]

    def buggy_hvp(self, bugs: str | Iterable[str]) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
        """``hvp`` with ``bugs`` planted, as a function of ``(W, V)``."""
        return lambda W, V: self.hvp(W, V, bugs)


def hvp_check(gradient: Callable[[np.ndarray], np.ndarray], hvp: Callable[[np.ndarray, np.ndarray], np.ndarray],
              theta: np.ndarray, v: np.ndarray, epsilon: float = 1e-5, method: str = "central") -> float:
    """The relative difference between ``hvp(theta, v)`` and the difference quotient of ``gradient`` along ``v``.

    Parameters
    ----------
    gradient : callable
        ``gradient(theta) -> array`` shaped like ``theta``.
    hvp : callable
        ``hvp(theta, v) -> array``: the Hessian–vector product being checked.
    theta, v : ndarray
        The point and the direction (the same shape).
    epsilon : float
        The step along ``v``. With ``v`` of norm ~ 1, the best central step is near ``u^(1/3)`` (a few 1e-6) as
        for a gradient check; 1e-5 stays clear of round-off.
    method : {"central", "forward"}
        ``(g(θ + εv) − g(θ − εv)) / 2ε`` or the one-sided ``(g(θ + εv) − g(θ)) / ε``.
    """
    approx = directional_difference(gradient, theta, v, epsilon, method)
    return relative_difference(np.asarray(hvp(np.array(theta, dtype=float), np.array(v, dtype=float)), float),
                               approx)


def hvp_sweep(gradient: Callable, hvp: Callable, theta: np.ndarray, v: np.ndarray, epsilons: Iterable[float],
              method: str = "central") -> np.ndarray:
    """``hvp_check`` for each step of ``epsilons``."""
    return np.array([hvp_check(gradient, hvp, theta, v, float(epsilon), method) for epsilon in epsilons])
