"""Which wrong formula reproduces a returned relative difference, named by what it computes.

For every case the parent knows, from the case's own trusted functions, the gradient the check is given (``grad``),
the two-sided difference it should compute (``gradapprox``) and the costs it is made of. From these it computes
what other formulas give, in two families:

- **a wrong gradapprox** in the right relative difference: doubled (divided by ε), ε²·gradapprox (``/ 2 *
  epsilon``), a flipped sign, a one-sided difference, only its last entry filled (the line ``gradapprox[i] = ...``
  after the loop), one number for every entry (``gradapprox = ...`` in the loop), rounded to float32, made from costs
  rounded to float32, a shape of (n,) against (n, 1) that broadcasts ``grad - gradapprox`` into an n × n matrix
  (``TRANSFORMS``);
- **a wrong shape of the relative difference** with the right gradapprox, every combination of a numerator
  (‖grad − gradapprox‖, or the difference of the norms), a denominator (the sum of the norms, their maximum,
  minimum or mean, one of them, their product, ‖grad + gradapprox‖, none, a missing pair of parentheses, + ε) and
  the norms used (L2, L1, the max norm, a squared L2 norm, or none at all: the vectors themselves, entry by entry)
  (``shapes``). Each is named by the formula it computes and the ways it departs from
  ‖grad − gradapprox‖₂ / (‖grad‖₂ + ‖gradapprox‖₂), so a combination nobody listed is named as well.

When the student's number is what one of them gives, that is an observation about the number, whatever the code
looks like. ``public_tests.judging`` states it only when no case contradicts it, and prefers the formula with the
fewest departures when several agree everywhere.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from gc_utils import dictionary_to_vector, gradients_to_vector

from .cases import Case, Expect
from .environment import build_environment
from .messages import text
from .observations import epsilon_of

Number = float | np.ndarray
"""A returned relative difference, or what a formula gives: a number, or an array for the formulas without norms."""

U32 = 2.0 ** -24
"""float32's unit round-off: a formula that rounds to float32 is known only to this, per entry."""


@dataclass(frozen=True)
class Truth:
    """What a correct check of a case works with, as flat vectors."""

    grad: np.ndarray
    gradapprox: np.ndarray
    one_sided: np.ndarray
    epsilon: float
    j_plus: np.ndarray
    j_minus: np.ndarray
    norms: dict = field(default_factory=dict, compare=False, repr=False)
    """(vector, kind) -> its norm, computed once (``Shape.compute`` asks for the same few norms many times)."""
    values: dict = field(default_factory=dict, compare=False, repr=False)
    """id of a formula -> its value here (``value_of``): a case's truths are kept with its cases, and every failure
    on them asks for the values of the same formulas."""

    def norm(self, vector: str, kind: str) -> float | np.ndarray:
        """The norm ``kind`` (``NORMS``, or "none") of ``vector``: "g", "a", "g-a" or "g+a"."""
        key = (vector, kind)
        if key not in self.norms:
            g, a = self.grad, self.gradapprox
            values = {"g": g, "a": a, "g-a": g - a, "g+a": g + a}[vector]
            self.norms[key] = _apply_norm(values, kind)
        return self.norms[key]


def _one_d_truth(case: Case) -> Truth:
    functions = build_environment(case.environment)
    forward, backward = functions["forward_propagation"], functions["backward_propagation"]
    x, theta = case.args[:2]
    epsilon = epsilon_of(case)
    plus, minus, at = forward(x, theta + epsilon), forward(x, theta - epsilon), forward(x, theta)
    vector = lambda value: np.atleast_1d(np.asarray(value, dtype=float)).reshape(-1)  # noqa: E731
    return Truth(vector(backward(x, theta)), vector((plus - minus) / (2 * epsilon)), vector((plus - at) / epsilon),
                 epsilon, vector(plus), vector(minus))


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
                 epsilon, plus, minus)


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


# ------------------------------------------------------------------------------------------ the formulas

@dataclass(frozen=True)
class Formula:
    """A wrong way to compute the difference: how to compute it (a number, or an array for formulas without norms),
    the message ids of what the number is (``key``) and of what was expected (``key + ".expected"``, or
    ``expected_key``), and how many ways it departs from the right formula."""

    key: str
    compute: Callable[[Truth], float | np.ndarray | None]
    several_entries: bool = False
    """Only meaningful when θ has several entries (N-D)."""
    one_d_only: bool = False
    expected_key: str = ""
    departures: int = 1
    float32: bool = False
    """Rounds gradapprox or the costs to float32: its value is known to float32's precision only."""
    shape: Shape | None = None
    """The shape of the relative difference it computes, for the formulas of ``shapes()``."""

    @property
    def observed(self) -> str:
        return self.shape.described() if self.shape else text(self.key)

    @property
    def expected(self) -> str:
        return text(self.expected_key or f"{self.key}.expected", two_sided=text("formula.two_sided"))


def _last_only(t: Truth) -> float | None:
    a = np.zeros_like(t.gradapprox)
    a[-1] = t.gradapprox[-1]
    return _relative(t.grad, a)


def _last_for_every_entry(t: Truth) -> float:
    a = t.gradapprox[-1]
    return _norm(t.grad - a) / (_norm(t.grad) + abs(a))


def _float32_costs(t: Truth) -> float:
    plus, minus = t.j_plus.astype(np.float32), t.j_minus.astype(np.float32)
    return _relative(t.grad, ((plus - minus) / np.float32(2 * t.epsilon)).astype(float))


def _broadcast(t: Truth) -> float:
    return _norm(t.grad[:, None] - t.gradapprox[None, :]) / (_norm(t.grad) + _norm(t.gradapprox))


TRANSFORMS: tuple[Formula, ...] = (
    Formula("formula.double", lambda t: _relative(t.grad, 2 * t.gradapprox)),
    Formula("formula.precedence", lambda t: _relative(t.grad, t.epsilon**2 * t.gradapprox)),
    Formula("formula.undivided", lambda t: _relative(t.grad, 2 * t.epsilon * t.gradapprox),
            expected_key="formula.two_sided"),
    Formula("formula.over_epsilon", lambda t: _relative(t.grad, t.gradapprox / t.epsilon),
            expected_key="formula.two_sided"),
    Formula("formula.sign", lambda t: _relative(t.grad, -t.gradapprox)),
    Formula("formula.zero_approx", lambda t: _relative(t.grad, 0 * t.gradapprox)),
    Formula("formula.one_sided", lambda t: _relative(t.grad, t.one_sided)),
    Formula("formula.last_only", _last_only, several_entries=True),
    Formula("formula.last_for_every_entry", _last_for_every_entry, several_entries=True),
    Formula("formula.float32", lambda t: _relative(t.grad, t.gradapprox.astype(np.float32).astype(float)),
            float32=True),
    Formula("formula.float32_costs", _float32_costs, float32=True),
    Formula("formula.broadcast", _broadcast, several_entries=True),
    Formula("formula.zero", lambda t: 0.0),
    Formula("formula.gradapprox", lambda t: float(t.gradapprox[0]), one_d_only=True),
    Formula("formula.grad", lambda t: float(t.grad[0]), one_d_only=True),
)
"""A wrong gradapprox (or no relative difference at all) where the right formula is expected."""


# The shapes of a relative difference: numerator, denominator, and the norms of each.
NORMS = ("2", "1", "inf", "sq")
"""‖v‖₂, ‖v‖₁ (sum of |v|), ‖v‖∞ (largest |v|), ‖v‖₂² (sum of squares); "none": v itself."""
NUMERATORS = ("difference", "norm_difference", "abs_norm_difference")
DENOMINATORS = ("sum", "max", "min", "mean", "grad", "approx", "sum_vector", "product", "none", "parentheses",
                "plus_epsilon")
_SUBSCRIPT = {"2": "₂", "1": "₁", "inf": "∞", "sq": "₂²", "none": ""}


def _apply_norm(v: np.ndarray, kind: str) -> float | np.ndarray:
    if kind == "2":
        return float(np.sqrt(np.sum(v * v)))
    if kind == "1":
        return float(np.sum(np.abs(v)))
    if kind == "inf":
        return float(np.max(np.abs(v)))
    if kind == "sq":
        return float(np.sum(v * v))
    return v if v.size > 1 else float(v[0])


@dataclass(frozen=True)
class Shape:
    """A relative difference numerator / denominator with the right gradapprox: which numerator, which
    denominator, which norms (``NORMS``, or "none")."""

    numerator: str = "difference"
    numerator_norm: str = "2"
    denominator: str = "sum"
    denominator_norm: str = "2"

    def compute(self, t: Truth) -> float | np.ndarray:
        if self.numerator == "difference":
            top = t.norm("g-a", self.numerator_norm)
        else:
            top = t.norm("g", self.numerator_norm) - t.norm("a", self.numerator_norm)
            top = abs(top) if self.numerator == "abs_norm_difference" else top
        kind = self.denominator_norm
        ng, na = t.norm("g", kind), t.norm("a", kind)
        bottom = {"sum": lambda: ng + na, "max": lambda: np.maximum(ng, na), "min": lambda: np.minimum(ng, na),
                  "mean": lambda: (ng + na) / 2, "grad": lambda: ng, "approx": lambda: na,
                  "sum_vector": lambda: t.norm("g+a", kind), "product": lambda: ng * na, "none": lambda: 1.0,
                  "parentheses": lambda: None, "plus_epsilon": lambda: ng + na + t.epsilon}[self.denominator]()
        if bottom is None:
            return top / ng + na
        return top / bottom

    @property
    def departures(self) -> int:
        """How many ways it departs from the right formula: each wrong part, and the norms once when one wrong kind
        is used throughout."""
        count = (self.numerator != "difference") + (self.denominator != "sum")
        norms = {self.numerator_norm} | ({self.denominator_norm} if self.denominator != "none" else set())
        return count + len(norms - {"2"})

    def formula(self) -> str:
        """What it computes, written out: ‖grad − gradapprox‖₁ / max(‖grad‖₁, ‖gradapprox‖₁)."""
        def norm(expression: str, kind: str) -> str:
            return f"({expression})" if kind == "none" else f"‖{expression}‖{_SUBSCRIPT[kind]}"

        if self.numerator == "difference":
            top = norm("grad − gradapprox", self.numerator_norm)
        else:
            top = f"{norm('grad', self.numerator_norm)} − {norm('gradapprox', self.numerator_norm)}"
            top = f"|{top}|" if self.numerator == "abs_norm_difference" else f"({top})"
        g, a = norm("grad", self.denominator_norm), norm("gradapprox", self.denominator_norm)
        bottom = {"sum": f"({g} + {a})", "max": f"max({g}, {a})", "min": f"min({g}, {a})",
                  "mean": f"(({g} + {a}) / 2)", "grad": g, "approx": a,
                  "sum_vector": norm("grad + gradapprox", self.denominator_norm), "product": f"({g} · {a})",
                  "none": "", "parentheses": f"{g} + {a}", "plus_epsilon": f"({g} + {a} + ε)"}[self.denominator]
        if self.denominator == "none":
            return top
        if self.denominator_norm == "none" and self.denominator == "sum":
            bottom = "(grad + gradapprox)"
        return f"{top} / {bottom}"

    def described(self) -> str:
        """The formula, then each way it departs from the right one."""
        parts = []
        norms_used = [kind for kind, used in ((self.numerator_norm, True),
                                              (self.denominator_norm, self.denominator != "none")) if used]
        if len(set(norms_used)) == 1 and norms_used[0] != "2":
            parts.append(text(f"shape.norm.{norms_used[0]}", where=""))
        else:
            if self.numerator_norm != "2":
                parts.append(text(f"shape.norm.{self.numerator_norm}", where=text("shape.in_numerator")))
            if self.denominator != "none" and self.denominator_norm != "2":
                parts.append(text(f"shape.norm.{self.denominator_norm}", where=text("shape.in_denominator")))
        if self.numerator != "difference":
            parts.append(text(f"shape.numerator.{self.numerator}"))
        if self.denominator != "sum":
            parts.append(text(f"shape.denominator.{self.denominator}"))
        return text("shape.described", formula=self.formula(), departures="; ".join(parts))


def _shape_formula(shape: Shape) -> Formula:
    return Formula("shape", shape.compute, expected_key="shape.expected", departures=shape.departures, shape=shape)


@functools.cache
def shapes() -> tuple[Formula, ...]:
    """Every wrong shape of the relative difference (see the module docstring), the right one left out."""
    found = [Shape(numerator, numerator_norm, denominator, denominator_norm)
             for numerator, numerator_norm, denominator, denominator_norm
             in itertools.product(NUMERATORS, NORMS, DENOMINATORS, NORMS)
             if not (denominator == "none" and denominator_norm != "2")]
    found += [Shape("difference", "none", denominator, "none")  # no norms at all: entry by entry
              for denominator in ("sum", "max", "min", "mean", "grad", "approx", "none", "plus_epsilon")]
    return tuple(_shape_formula(shape) for shape in found if shape != Shape())


def formulas() -> tuple[Formula, ...]:
    """Every formula ``public_tests.judging`` tries: the wrong gradapprox first, then the wrong shapes."""
    return TRANSFORMS + shapes()


FORMULAS = TRANSFORMS
"""The named formulas whose texts are whole messages (the shapes' texts are composed, see ``Shape.described``)."""


# ------------------------------------------------------------------------------------------ verdicts

def value_of(formula: Formula, case_truth: Truth) -> float | np.ndarray | None:
    """What ``formula`` gives on a case (None where it does not apply or is not a number)."""
    key = id(formula)
    if key not in case_truth.values:
        case_truth.values[key] = (formula, _value_of(formula, case_truth))  # the formula kept: its id stays its own
    return case_truth.values[key][1]


def _value_of(formula: Formula, case_truth: Truth) -> float | np.ndarray | None:
    if formula.one_d_only and case_truth.grad.size != 1 or formula.several_entries and case_truth.grad.size == 1:
        return None
    with np.errstate(all="ignore"):
        value = formula.compute(case_truth)
    if isinstance(value, np.ndarray):
        return value if np.isfinite(value).any() else None  # 0/0 entries (a unit that never fires) stay NaN
    return float(value) if value is not None and math.isfinite(value) else None


def tolerance(formula: Formula, case_truth: Truth, rtol: float) -> float:
    """How close a returned number must be to the formula's to be its: the case's tolerance (the student's code may
    differ from the formula's arithmetic as correct code does), widened for a formula that rounds gradapprox to
    float32 by what one float32 rounding of each entry can move it (2·u₃₂·‖gradapprox‖ / ‖grad − gradapprox‖)."""
    if not formula.float32:
        return rtol
    spread = _norm(case_truth.grad - case_truth.gradapprox)
    return rtol + 2 * U32 * _norm(case_truth.gradapprox) / spread if spread else rtol


def _equal(returned, value, rtol: float) -> bool:
    if isinstance(value, np.ndarray) or isinstance(returned, np.ndarray):
        if not (isinstance(value, np.ndarray) and isinstance(returned, np.ndarray)) or returned.size != value.size:
            return False
        return bool(np.allclose(returned.reshape(-1), value.reshape(-1), rtol=rtol, atol=1e-300, equal_nan=True))
    return math.isclose(returned, value, rel_tol=rtol, abs_tol=1e-300)


def verdict(formula: Formula, case_truth: Truth, returned: Number, correct: float, expect: Expect) -> str:
    """``"match"`` (the returned value is the formula's, and not the right one), ``"contradicts"`` (it is not the
    formula's), or ``"silent"`` (the formula does not apply, or the returned value is the right one).

    ``expect`` is the case's (``cases.Expect``): where the answer is known to ``expect.rtol`` ("close"),
    ``exact_verdict``; where it is round-off (a "below" case), ``round_off_verdict``.
    """
    value = value_of(formula, case_truth)
    if value is None:
        return "silent"
    if expect.kind == "below":
        return round_off_verdict(value, returned, expect.limit)
    return exact_verdict(value, returned, correct, expect.rtol, tolerance(formula, case_truth, expect.rtol))


def round_off_verdict(value: Number, returned: Number, limit: float) -> str:
    """The verdict where the answer is round-off: the formula's value there is as uncertain as any check's, so it
    is the returned one when both are within ``limit`` of each other or, below that, of the same sign and within a
    factor of 10 (arrays: to 1%); and it is silent when it would pass the case itself."""
    if isinstance(value, np.ndarray) or isinstance(returned, np.ndarray):
        return "match" if _equal(returned, value, 1e-2) else "contradicts"
    if 0 <= value < limit:
        return "silent"
    near = abs(value - returned) <= limit and (abs(value) >= limit or value * returned > 0)
    same_size = value == returned or (value * returned > 0 and 0.1 <= value / returned <= 10)
    return "match" if near or same_size else "contradicts"


def exact_verdict(value: Number, returned: Number, correct: float, rtol: float, formula_rtol: float) -> str:
    """The verdict where the answer is known to ``rtol``: the returned value must be the formula's to
    ``formula_rtol`` (``tolerance``), and a right answer shows nothing, whatever formula gives it too."""
    if not _equal(returned, value, formula_rtol):
        return "contradicts"
    if not isinstance(returned, np.ndarray) and (math.isclose(returned, correct, rel_tol=rtol)
                                                 or abs(returned - correct) < 1e-12):
        return "silent"
    return "match"


def exactly(formula: Formula, case_truth: Truth, returned) -> bool:
    """Whether the returned number is the formula's to 6 digits (what a message may call "exactly")."""
    value = value_of(formula, case_truth)
    return value is not None and _equal(returned, value, 1e-6)
