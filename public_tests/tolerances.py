"""How close a checked relative difference must be to the expected one: each tolerance derived from what correct code
can do.

A verdict must never depend on how a correct solution happens to be written. A correct ``gradient_check`` or
``gradient_check_n`` can differ from the exact relative difference of its case in three ways; each is bounded here,
and a case's tolerance (``public_tests.cases``) is made of these bounds, computed from the case's own numbers.

1. **The evaluation points.** ``theta_plus = theta + epsilon`` is rounded: the point is off by at most
   u·(|θ| + ε), where u = 2⁻⁵³ is float64's unit round-off, and J moves by at most |J'|·u·(|θ| + ε).
2. **The cost and the difference.** Each value of J carries a relative error of at most k·u (k: the roundings of
   its computation), and J_plus − J_minus does not cancel them: divided by 2ε they become an error of at most
   k·u·max|J| / ε in gradapprox. Another order of the same arithmetic (``J_plus / (2 * epsilon) - J_minus /
   (2 * epsilon)``, a step taken back with ``- 2 * epsilon``) adds roundings of the same size, one more k. So each
   entry of a correct gradapprox is within

       Δa = [2·|J'|·u·(|θ| + ε) + 2·(k + 1)·u·max|J(θ ± ε)|] / (2ε) + u·|a|

   of the exact central difference a (``central_error``). For a cost with no short count of roundings, the
   lesson's network, the size of ‖Δa‖ is measured instead (``LESSON_ROUND_OFF``).
3. **A guard in the denominator.** Correct code may write ``numerator / (denominator + 1e-8)`` so as never to divide
   0 by 0. A guard δ lowers the result by the factor D / (D + δ), D = ‖grad‖₂ + ‖gradapprox‖₂, and never raises it.
   The guards in use are tiny constants (1e-8 in cs231n's notes, 1e-7 as Keras' epsilon, 1e-10, 1e-12, machine
   epsilon): any δ up to ``GUARD`` is accepted, as a one-sided allowance of GUARD / D below the expected value.

How a change of gradapprox moves the result: r = ‖g − a‖ / (‖g‖ + ‖a‖) has a numerator and a denominator that
each move by at most ‖Δa‖, and r ≤ 1, so r moves by at most 2‖Δa‖ / D, that is, relative to r, by at most
2‖Δa‖ / ‖g − a‖. The norms, the sum and the division of n entries add at most (n + 4)·u relative. Two correct
codes are each within these bounds of the exact value, so within twice them of each other:

    rtol = SAFETY · 2 · [2‖Δa‖ / ‖g − a‖ + (n + 4)·u]                     (``close_tolerance``)

SAFETY = 10 covers the rounding of the bounds themselves and a cost whose k was counted short. A result that is
round-off itself (a correct gradient at a small ε: the expected value is noise) is judged against a limit instead:
a correct check of an exact gradient g = a gives ‖Δa‖ / (‖g‖ + ‖g + Δa‖), at most about ‖Δa‖ / D + (n + 4)·u,
and the limit is the power of ten at or above ROUND_OFF_SAFETY times that (``round_off_limit``).

The other side: every tolerance must stay far below what a real mistake changes. ``tests/test_tolerances.py`` checks
both sides on every case of several seeds: correct variants (a guard of 1e-8 and of ``GUARD``, other orders of the
arithmetic) pass, and the catalogued mistakes, gradapprox in float32 among them, fail.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

U = 2.0 ** -53
"""The unit round-off of float64: the largest relative error of one rounding."""

SAFETY = 10.0
"""How far above its derived bound a tolerance is set."""

ROUND_OFF_SAFETY = 5.0
"""How far above the round-off bound of a correct check a limit for round-off-only results is set (before rounding
it up to a power of ten)."""

GUARD = 1e-7
"""The largest constant a correct check may add to its denominator (``denominator + 1e-8``)."""

LESSON_ROUND_OFF = 120.0
"""On the lesson's network a correct check at a small ε scores about 120·u/ε (the round-off branch of Figure 1 of
the practice notebook, measured: 1.19e-07 at ε = 1e-7), so the round-off of its gradapprox is about
2 · 120 · u/ε · ‖a‖ (the denominator of a correct check is 2‖a‖)."""


def central_error(slope: ArrayLike, points: ArrayLike, cost: float, roundings: float, epsilon: float,
                  approx: ArrayLike) -> np.ndarray:
    """Δa, the bound of point 2 of the module docstring, per entry of a central difference.

    ``slope``: the largest |∂J/∂θᵢ| between θᵢ − ε and θᵢ + ε; ``points``: |θᵢ| + ε; ``cost``: the largest |J| (or,
    for a sum, the sum of the magnitudes of its terms) there; ``roundings``: k; ``approx``: the exact central
    difference.
    """
    slopes, at, approxes = (np.abs(np.asarray(v, dtype=float)).reshape(-1) for v in (slope, points, approx))
    return (2 * slopes * U * at + 2 * (roundings + 1) * U * cost) / (2 * epsilon) + U * approxes


def lesson_error(approx: np.ndarray, epsilon: float) -> float:
    """‖Δa‖ on the lesson's network, as measured (``LESSON_ROUND_OFF``)."""
    return 2 * LESSON_ROUND_OFF * U / epsilon * float(np.linalg.norm(approx))


def _norms(grad: ArrayLike, approx: ArrayLike) -> tuple[float, float, int]:
    g, a = (np.asarray(v, dtype=float).reshape(-1) for v in (grad, approx))
    return float(np.linalg.norm(g - a)), float(np.linalg.norm(g) + np.linalg.norm(a)), g.size


def close_tolerance(grad: ArrayLike, approx: ArrayLike, error: float) -> tuple[float, float]:
    """``(rtol, guard)`` of a case whose result is far above round-off: ``rtol`` both ways (the formula of the
    module docstring), ``guard`` the relative allowance below the expected value for a guard in the denominator.

    ``grad``: the gradient the check is given; ``approx``: the exact central difference; ``error``: ‖Δa‖.
    """
    difference, denominator, n = _norms(grad, approx)
    rtol = SAFETY * 2 * (2 * error / difference + (n + 4) * U)
    return rtol, GUARD / denominator


def round_off_limit(grad: ArrayLike, approx: ArrayLike, error: float) -> float:
    """The limit of a case whose correct result is round-off: a power of ten at or above ROUND_OFF_SAFETY times the
    largest result of a correct check of an exact gradient, ‖Δa‖ / (D − ‖Δa‖) + (n + 4)·u."""
    _, denominator, n = _norms(grad, approx)
    bound = ROUND_OFF_SAFETY * (error / (denominator - error) + (n + 4) * U)
    return 10.0 ** math.ceil(math.log10(bound))
