"""Which wrong formula reproduces a returned relative difference.

For every case the parent knows, from the case's own trusted functions, the gradient the check is given
(``grad``) and the two-sided difference it should compute (``gradapprox``). From these it computes what the
usual slips return (gradapprox doubled, ``/ 2 * epsilon``, a flipped sign, a one-sided difference, a
denominator ‖grad + gradapprox‖...). When the student's number equals one of them, that is an observation
about the number, whatever the code looks like. It is a *certain* explanation when no other case contradicts
it (see ``public_tests.judging``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from gc_utils import dictionary_to_vector, gradients_to_vector

from .cases import Case
from .environment import build_environment
from .observations import epsilon_of


@dataclass(frozen=True)
class Truth:
    """What a correct check of a case works with, as flat vectors."""

    grad: np.ndarray
    gradapprox: np.ndarray
    one_sided: np.ndarray
    epsilon: float


def _one_d_truth(case: Case) -> Truth:
    functions = build_environment(case.environment)
    forward, backward = functions["forward_propagation"], functions["backward_propagation"]
    x, theta = case.args[:2]
    epsilon = epsilon_of(case)
    plus, minus, at = forward(x, theta + epsilon), forward(x, theta - epsilon), forward(x, theta)
    vector = lambda value: np.atleast_1d(np.asarray(value, dtype=float)).reshape(-1)  # noqa: E731
    return Truth(vector(backward(x, theta)), vector((plus - minus) / (2 * epsilon)), vector((plus - at) / epsilon),
                 epsilon)


def _n_truth(case: Case) -> Truth:
    functions = build_environment(case.environment)
    forward, to_dictionary = functions["forward_propagation_n"], functions["vector_to_dictionary"]
    parameters, gradients, X, Y = case.args[:4]
    epsilon = epsilon_of(case)
    theta, _ = dictionary_to_vector(parameters)

    def cost(shift: int, step: float) -> float:
        shifted = np.copy(theta)
        if step:
            shifted[shift] += step
        return float(forward(X, Y, to_dictionary(shifted))[0])

    at = cost(0, 0.0)
    plus = np.array([cost(i, epsilon) for i in range(theta.shape[0])])
    minus = np.array([cost(i, -epsilon) for i in range(theta.shape[0])])
    return Truth(gradients_to_vector(gradients).reshape(-1), (plus - minus) / (2 * epsilon), (plus - at) / epsilon,
                 epsilon)


def truth(case: Case) -> Truth | None:
    """The trusted grad and gradapprox of a gradient-checking case (None for the other exercises)."""
    if case.exercise == "gradient_check":
        return _one_d_truth(case)
    if case.exercise == "gradient_check_n":
        return _n_truth(case)
    return None


def _norm(v: np.ndarray) -> float:
    return float(np.linalg.norm(v))


def _relative(g: np.ndarray, a: np.ndarray) -> float:
    return _norm(g - a) / (_norm(g) + _norm(a))


@dataclass(frozen=True)
class Formula:
    """A wrong way to compute the difference: what the number is, what was expected, and how to compute it."""

    observed: str
    expected: str
    compute: Callable[[Truth], float]
    one_d_only: bool = False


_TWO_SIDED = "gradapprox = (J_plus − J_minus) / (2 * epsilon)"
FORMULAS: tuple[Formula, ...] = (
    Formula("the relative difference of grad and 2·gradapprox",
            f"{_TWO_SIDED}: dividing by ε instead of 2ε doubles it", lambda t: _relative(t.grad, 2 * t.gradapprox)),
    Formula("the relative difference of grad and ε²·gradapprox",
            f"{_TWO_SIDED}, with the parentheses: `/ 2 * epsilon` multiplies by ε",
            lambda t: _relative(t.grad, t.epsilon**2 * t.gradapprox)),
    Formula("the relative difference of grad and J_plus − J_minus (not divided by 2ε)", _TWO_SIDED,
            lambda t: _relative(t.grad, 2 * t.epsilon * t.gradapprox)),
    Formula("the relative difference of grad and gradapprox / ε (divided by ε once too often)", _TWO_SIDED,
            lambda t: _relative(t.grad, t.gradapprox / t.epsilon)),
    Formula("the relative difference of grad and −gradapprox: one of the two has the wrong sign",
            f"{_TWO_SIDED}, J_plus at θ+ε, and grad as given (J_minus − J_plus flips the sign)",
            lambda t: _relative(t.grad, -t.gradapprox)),
    Formula("the relative difference of grad and gradapprox = 0 (J_plus equal to J_minus)",
            f"{_TWO_SIDED}, with J_minus at θ−ε", lambda t: _relative(t.grad, 0 * t.gradapprox)),
    Formula("the relative difference of grad and the one-sided difference (J(θ+ε) − J(θ)) / ε",
            "the two-sided difference (J(θ+ε) − J(θ−ε)) / (2ε)", lambda t: _relative(t.grad, t.one_sided)),
    Formula("‖grad − gradapprox‖ / ‖grad + gradapprox‖",
            "the denominator ‖grad‖₂ + ‖gradapprox‖₂: np.linalg.norm(grad) + np.linalg.norm(gradapprox)",
            lambda t: _norm(t.grad - t.gradapprox) / _norm(t.grad + t.gradapprox)),
    Formula("‖grad − gradapprox‖ / ‖grad‖", "the denominator ‖grad‖₂ + ‖gradapprox‖₂ (‖gradapprox‖ is missing)",
            lambda t: _norm(t.grad - t.gradapprox) / _norm(t.grad)),
    Formula("‖grad − gradapprox‖ / ‖gradapprox‖", "the denominator ‖grad‖₂ + ‖gradapprox‖₂ (‖grad‖ is missing)",
            lambda t: _norm(t.grad - t.gradapprox) / _norm(t.gradapprox)),
    Formula("‖grad − gradapprox‖ / ‖grad‖ + ‖gradapprox‖",
            "numerator / (np.linalg.norm(grad) + np.linalg.norm(gradapprox)): the denominator needs parentheses",
            lambda t: _norm(t.grad - t.gradapprox) / _norm(t.grad) + _norm(t.gradapprox)),
    Formula("the numerator ‖grad − gradapprox‖ alone", "numerator / denominator",
            lambda t: _norm(t.grad - t.gradapprox)),
    Formula("0, as if grad and gradapprox were the same numbers",
            "grad from the back-propagation being checked, which is wrong in this case", lambda t: 0.0),
    Formula("gradapprox itself", "the relative difference of grad and gradapprox, not gradapprox",
            lambda t: float(t.gradapprox[0]), one_d_only=True),
    Formula("grad itself", "the relative difference of grad and gradapprox, not grad", lambda t: float(t.grad[0]),
            one_d_only=True),
)


def _close(x: float, y: float) -> bool:
    return math.isclose(x, y, rel_tol=1e-6, abs_tol=1e-300)


def value_of(formula: Formula, case_truth: Truth) -> float | None:
    """What ``formula`` gives on a case (None where it does not apply or is not a number)."""
    if formula.one_d_only and case_truth.grad.size != 1:
        return None
    with np.errstate(all="ignore"):
        value = formula.compute(case_truth)
    return value if math.isfinite(value) else None


def verdict(formula: Formula, case_truth: Truth, returned: float, correct: float) -> str:
    """``"match"`` (the returned number is the formula's, and not the right one), ``"contradicts"`` (it is not
    the formula's), or ``"silent"`` (the formula does not apply, or gives the right number as well)."""
    value = value_of(formula, case_truth)
    if value is None:
        return "silent"
    if not _close(returned, value):
        return "contradicts"
    return "silent" if _close(value, correct) or abs(value - correct) < 1e-12 else "match"
