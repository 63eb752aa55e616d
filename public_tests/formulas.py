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
from .messages import text
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
    """A wrong way to compute the difference: how to compute it, and the message ids of what the number is
    (``key``) and of what was expected (``key + ".expected"``, or ``expected_key``)."""

    key: str
    compute: Callable[[Truth], float]
    one_d_only: bool = False
    expected_key: str = ""

    @property
    def observed(self) -> str:
        return text(self.key)

    @property
    def expected(self) -> str:
        return text(self.expected_key or f"{self.key}.expected", two_sided=text("formula.two_sided"))


FORMULAS: tuple[Formula, ...] = (
    Formula("formula.double", lambda t: _relative(t.grad, 2 * t.gradapprox)),
    Formula("formula.precedence", lambda t: _relative(t.grad, t.epsilon**2 * t.gradapprox)),
    Formula("formula.undivided", lambda t: _relative(t.grad, 2 * t.epsilon * t.gradapprox),
            expected_key="formula.two_sided"),
    Formula("formula.over_epsilon", lambda t: _relative(t.grad, t.gradapprox / t.epsilon),
            expected_key="formula.two_sided"),
    Formula("formula.sign", lambda t: _relative(t.grad, -t.gradapprox)),
    Formula("formula.zero_approx", lambda t: _relative(t.grad, 0 * t.gradapprox)),
    Formula("formula.one_sided", lambda t: _relative(t.grad, t.one_sided)),
    Formula("formula.sum_norm", lambda t: _norm(t.grad - t.gradapprox) / _norm(t.grad + t.gradapprox)),
    Formula("formula.over_grad", lambda t: _norm(t.grad - t.gradapprox) / _norm(t.grad)),
    Formula("formula.over_approx", lambda t: _norm(t.grad - t.gradapprox) / _norm(t.gradapprox)),
    Formula("formula.parentheses", lambda t: _norm(t.grad - t.gradapprox) / _norm(t.grad) + _norm(t.gradapprox)),
    Formula("formula.numerator", lambda t: _norm(t.grad - t.gradapprox)),
    Formula("formula.zero", lambda t: 0.0),
    Formula("formula.gradapprox", lambda t: float(t.gradapprox[0]), one_d_only=True),
    Formula("formula.grad", lambda t: float(t.grad[0]), one_d_only=True),
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
