"""Gradient checks over many step sizes or bug sizes at once: the numbers behind the explorers.

Everything here is plain, vectorised NumPy. The N-D sweep perturbs every parameter by every ε through the
finite-difference engine (``gc_utils.perturbation``), which evaluates all the perturbed networks in batched
forward passes (``network.NetworkCost``) instead of ``2·n`` Python-level forward passes per ε. The 1-D sweeps
evaluate the lesson's scalar formula directly. Nothing here imports plots or widgets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .checks import THRESHOLD
from .comparison import relative_differences as relative_differences  # re-exported: the explorers use it
from .network import NetworkCost
from .packing import Shape
from .perturbation import EpsilonError, approximate, check_epsilon

UNIT_ROUNDOFF = float(np.finfo(np.float64).eps)
"""The unit round-off u of float64 as the lesson uses it: machine epsilon, 2.2e-16, the spacing of doubles just
above 1 (the bound on a rounding's relative error is u/2)."""

EPSILON_RANGE: tuple[float, float] = (1e-12, 1e-1)
"""The range of steps the ε explorers sweep and offer."""

BUG_LEVEL = 1e-3
"""The course lecture's rule of thumb: a difference of 1e-3 or more is a bug (about 1e-5: look closer)."""


def log_grid(low: float, high: float, per_decade: int = 8) -> np.ndarray:
    """Log-spaced values from ``low`` to ``high`` (both included), ``per_decade`` steps per power of ten.

    Examples
    --------
    >>> log_grid(1e-3, 1e-1, per_decade=1)
    array([0.001, 0.01 , 0.1  ])
    """
    if not (0 < low < high) or not np.isfinite(high):
        raise ValueError(f"need 0 < low < high (finite); got low={low!r}, high={high!r}")
    if per_decade < 1:
        raise ValueError(f"per_decade must be a positive integer; got {per_decade!r}")
    decades = np.log10(high) - np.log10(low)
    count = int(round(decades * per_decade)) + 1
    return np.logspace(np.log10(low), np.log10(high), count)


def epsilon_grid(per_decade: int = 8) -> np.ndarray:
    """The steps ε the explorers sweep: ``EPSILON_RANGE`` with ``per_decade`` points per power of ten."""
    return log_grid(*EPSILON_RANGE, per_decade=per_decade)


ROUNDOFF_MARGIN = 2.0
"""A block's difference up to this many times the correct back-propagation's, at the same ε, is called round-off."""


def verdict_level(value: float, threshold: float = THRESHOLD, bug_level: float = BUG_LEVEL,
                  roundoff: float | None = None) -> str:
    """``"ok"`` up to ``threshold``, ``"bug"`` from ``bug_level`` on, ``"look closer"`` in between, or ``"round-off"``.

    At the lesson's ε = 1e-7 a *correct* small block (one bias) can come out above 2e-7: the same absolute
    round-off of the central difference is a large relative difference of a small gradient. ``roundoff`` is that
    correct block's difference at the same ε; a value above the threshold but within ``ROUNDOFF_MARGIN`` times
    it is ``"round-off"``: nothing distinguishes it from the correct back-propagation at this ε.

    Examples
    --------
    >>> verdict_level(1e-8), verdict_level(0.3), verdict_level(5e-7), verdict_level(5e-7, roundoff=4e-7)
    ('ok', 'bug', 'look closer', 'round-off')
    """
    if not value > threshold:
        return "ok"
    if value >= bug_level:
        return "bug"
    if roundoff is not None and value <= ROUNDOFF_MARGIN * roundoff:
        return "round-off"
    return "look closer"


# --------------------------------------------------------------------------------------- 1-D costs

@dataclass(frozen=True)
class ScalarCost:
    """A cost ``J(θ)`` of one parameter with its exact derivative, for the 1-D explorer.

    Attributes
    ----------
    name : str
        Identifier (``"linear"``, ``"cubic"``, ``"sine"``).
    formula : str
        How it reads, e.g. ``"J(θ) = x·θ³"``.
    forward, backward : callable
        ``forward(x, theta) -> J`` and ``backward(x, theta) -> dJ/dθ``, element-wise on arrays.
    explanation : str
        One sentence on what its difference-versus-ε curve shows.
    """

    name: str
    formula: str
    forward: Callable
    backward: Callable
    explanation: str


def _linear_forward(x, theta):
    return theta * x


def _linear_backward(x, theta):
    return x


def _cubic_forward(x, theta):
    return x * theta**3


def _cubic_backward(x, theta):
    return 3 * x * theta**2


def _sine_forward(x, theta):
    return np.sin(theta * x)


def _sine_backward(x, theta):
    return x * np.cos(theta * x)


SCALAR_COSTS: dict[str, ScalarCost] = {
    cost.name: cost
    for cost in (
        ScalarCost(
            "linear", "J(θ) = θ·x", _linear_forward, _linear_backward,
            "The central difference of a linear J is exact in exact arithmetic, so all you see is round-off: "
            "it grows like u/ε as ε shrinks.",
        ),
        ScalarCost(
            "cubic", "J(θ) = x·θ³", _cubic_forward, _cubic_backward,
            "A curved J adds the truncation error of the central difference, ε²/(6θ²) here: the right branch "
            "of the U rises with slope 2, the left one is round-off (u/ε).",
        ),
        ScalarCost(
            "sine", "J(θ) = sin(θ·x)", _sine_forward, _sine_backward,
            "A curved J adds the truncation error of the central difference, x²ε²/12 here: the right branch "
            "of the U rises with slope 2, the left one is round-off (u/ε).",
        ),
    )
}
"""The 1-D costs the ε explorer offers: the lesson's linear one and two curved ones.

(A quadratic such as ``x·θ²`` would not do: its central difference is exact, like the linear one's.)
"""


def scalar_differences(cost: ScalarCost, x: float, theta: float, epsilons: np.ndarray,
                       gradient_factor: float | np.ndarray = 1.0) -> np.ndarray:
    """The 1-D gradient check of ``cost`` for every ε at once, with gc_utils' own arithmetic.

    Parameters
    ----------
    cost : ScalarCost
    x, theta : float
        The input and the parameter.
    epsilons : array_like
        Steps of the central difference.
    gradient_factor : float or array_like, optional
        Multiplies the exact derivative (``1 + δ`` injects a relative error δ); broadcast with ``epsilons``.

    Returns
    -------
    ndarray
        ``|grad − gradapprox| / (|grad| + |gradapprox|)`` per ε (the lesson's formula for one number).
    """
    eps = np.asarray(epsilons, dtype=float)
    gradapprox = (cost.forward(x, theta + eps) - cost.forward(x, theta - eps)) / (2 * eps)
    grad = cost.backward(x, theta) * np.asarray(gradient_factor, dtype=float)
    denominator = np.abs(grad) + np.abs(gradapprox)
    safe = np.where(denominator == 0, 1.0, denominator)
    return np.where(denominator == 0, 0.0, np.abs(grad - gradapprox) / safe)


def relative_error_difference(delta: float | np.ndarray) -> np.ndarray:
    """The difference an exact check reports for a gradient off by the relative error δ.

    With ``grad = g·(1 + δ)`` and ``gradapprox = g``: ``|δ| / (|1 + δ| + 1)``, i.e. ``|δ|/(2 + δ)`` for δ > −1.
    """
    d = np.asarray(delta, dtype=float)
    return np.abs(d) / (np.abs(1 + d) + 1)


def smallest_caught_error(threshold: float = THRESHOLD) -> tuple[float, float]:
    """The relative errors δ at which an exact check reaches ``threshold``: ``(for δ > 0, for δ < 0)``.

    Solves ``|δ|/(2 + δ) = threshold``: δ = 2t/(1 − t) above zero and δ = −2t/(1 + t) below.
    """
    if not 0 < threshold < 1:
        raise ValueError(f"threshold must be between 0 and 1; got {threshold!r}")
    return 2 * threshold / (1 - threshold), -2 * threshold / (1 + threshold)


# --------------------------------------------------------------------------------------- N-D sweeps

def central_differences(
    X: np.ndarray, Y: np.ndarray, theta: np.ndarray, epsilons: Sequence[float] | np.ndarray,
    shapes: Mapping[str, Shape] | None = None,
) -> np.ndarray:
    """The two-sided approximation of the lesson's network's gradient for every step in ``epsilons``.

    For each ε and each parameter i, entry i of ``theta`` is shifted by ±ε as the lesson's loop does; the
    ``2·n·len(epsilons)`` costs come from the engine (``gc_utils.perturbation.approximate``) on
    ``network.NetworkCost``, in batched forward passes.

    Parameters
    ----------
    X, Y : ndarray
        The inputs (n_x, m) and labels (1, m).
    theta : ndarray of shape (n, 1) or (n,)
        The parameters, packed as by ``dictionary_to_vector``.
    epsilons : array_like of shape (E,)
        Positive steps.
    shapes : dict, optional
        Block shapes; the lesson's network by default.

    Returns
    -------
    ndarray of shape (E, n)
        Row k is gradapprox for ``epsilons[k]``.
    """
    cost = NetworkCost(X, Y, shapes)
    eps = np.atleast_1d(np.asarray(epsilons, dtype=float))
    if eps.ndim != 1 or eps.size == 0:
        raise EpsilonError(f"epsilons must be a 1-D array of positive finite steps; got {epsilons!r}")
    for index, epsilon in enumerate(eps):
        check_epsilon(float(epsilon), f"epsilons[{index}]")
    base = np.asarray(theta, dtype=float).reshape(-1)
    if base.size != cost.layout.total:
        raise ValueError(f"theta must have {cost.layout.total} entries for these shapes; got {base.size}")
    blocks = {name: base[start:end].reshape(shape) for name, shape, start, end
              in zip(cost.layout.names, cost.layout.shapes, cost.layout.starts, cost.layout.ends, strict=True)}
    return approximate(cost, blocks, np.arange(base.size), eps, "central", cost.layout)


@dataclass(frozen=True)
class ErrorModel:
    """``difference(ε) ≈ truncation·ε² + roundoff·u/ε``: the two straight lines of a U-shaped curve.

    Attributes
    ----------
    truncation : float
        Coefficient of ε² (central-difference truncation error).
    roundoff : float
        Coefficient of u/ε, u = ``UNIT_ROUNDOFF`` (cancellation in ``J(θ+ε) − J(θ−ε)``).
    """

    truncation: float
    roundoff: float

    def truncation_line(self, epsilons: np.ndarray) -> np.ndarray:
        return self.truncation * np.asarray(epsilons, dtype=float) ** 2

    def roundoff_line(self, epsilons: np.ndarray) -> np.ndarray:
        return self.roundoff * UNIT_ROUNDOFF / np.asarray(epsilons, dtype=float)

    @property
    def best_epsilon(self) -> float:
        """Where the sum of the two is smallest: ``(roundoff·u / (2·truncation))^(1/3)``."""
        return float((self.roundoff * UNIT_ROUNDOFF / (2 * self.truncation)) ** (1 / 3))


def fit_error_model(epsilons: np.ndarray, differences: np.ndarray) -> ErrorModel | None:
    """Fit ``a·ε² + b·u/ε`` to a measured U-shaped curve, by least squares on relative residuals.

    Meant for the curve of a *correct* gradient, where those two errors are all there is.
    Returns None when there is nothing to fit (fewer than 3 positive points) or a coefficient comes out
    non-positive (no U: a bug dominates, or the cost is linear).
    """
    eps = np.asarray(epsilons, dtype=float)
    d = np.asarray(differences, dtype=float)
    usable = np.isfinite(d) & (d > 0)
    if usable.sum() < 3:
        return None
    eps, d = eps[usable], d[usable]
    design = np.stack([eps**2 / d, UNIT_ROUNDOFF / (eps * d)], axis=1)
    (truncation, roundoff), *_ = np.linalg.lstsq(design, np.ones_like(d), rcond=None)
    if not (truncation > 0 and roundoff > 0):
        return None
    return ErrorModel(float(truncation), float(roundoff))
