"""The test cases of every exercise, defined once, as data.

A case says which arguments to pass, which trusted functions to put in the student's module for
the call (its *environment*, see ``public_tests.environment``) and how to judge the returned value:

- ``Expect("close", rtol)``: equal, within ``rtol``, to what the correct solution returns in the same
  environment. Cases of this kind are built so that round-off cannot decide them: either the
  step ε is large enough for the result to be dominated by truncation or by a planted error in the
  gradient, or the tolerance is far wider than round-off. A checked relative difference may also be up to
  ``guard`` (relative) below it: a correct check may add a tiny guard to its denominator.
- ``Expect("below", limit)``: a correct gradient whose relative difference is round-off only; any value
  under ``limit`` (far above round-off, far below what any real mistake gives) passes.

The tolerances of the gradient-checking cases are derived, case by case, from what correct code can do
(``public_tests.tolerances``).

``build_cases(exercise, seed)`` draws the random cases from ``seed``: the notebook uses a fixed seed
so its feedback is reproducible; a grader draws a fresh seed for every run, and its children draw the same
cases from the generator state the seed gives (``generator_state``).
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import gc_utils
from gc_utils import network
from testCases import gradient_check_n_test_case

from . import tolerances
from .environment import EnvironmentSpec, polynomial_gradient_of_vector

NOTEBOOK_SEED = 20261127
"""The seed of the public tests in the notebook: the same cases, the same messages, every run."""

EXERCISES = (
    "forward_propagation",
    "backward_propagation",
    "gradient_check",
    "forward_propagation_n",
    "backward_propagation_n",
    "gradient_check_n",
)


@dataclass(frozen=True)
class Expect:
    """How to judge a returned value (see the module docstring)."""

    kind: str
    rtol: float = 1e-9
    atol: float = 0.0
    limit: float = 0.0
    guard: float = 0.0
    """How far (relative) below the expected value a result may be: a guard added to the denominator lowers it."""

    @property
    def digits(self) -> int:
        """The significant digits a message shows of this case's numbers: those the tolerance decides (one more than
        the decimal exponent of ``rtol``), 3 to 10; 3 for a result that is round-off ("below")."""
        if self.kind == "below":
            return 3
        return min(MAX_DIGITS, max(3, math.ceil(-math.log10(self.rtol)) + 1)) if self.rtol > 0 else MAX_DIGITS


MAX_DIGITS = 10
"""The most significant digits a message shows of a number."""


@dataclass(frozen=True)
class Label:
    """A case's description: the message ``key`` of ``public_tests.messages`` with its fields, shown in the
    language of the moment (``str(label)``)."""

    key: str
    fields: tuple = ()

    def __str__(self) -> str:
        from .messages import text  # at use: the language is the one set when the message is shown

        return text(self.key, **dict(self.fields))


def _label(key: str, **fields: Any) -> Label:
    return Label(key, tuple(sorted(fields.items())))


@dataclass(frozen=True)
class Case:
    """One call of a student's function and how to judge it."""

    exercise: str
    label: Label
    args: tuple
    expect: Expect
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    environment: EnvironmentSpec = ()


# ------------------------------------------------------------------------------------------------- 1-D

def _linear(factor: float = 1.0) -> EnvironmentSpec:
    return (("forward_propagation", "linear_forward", {}),
            ("backward_propagation", "linear_backward", {"factor": factor}))


def _cubic(factor: float = 1.0) -> EnvironmentSpec:
    return (("forward_propagation", "cubic_forward", {}),
            ("backward_propagation", "cubic_backward", {"factor": factor}))


def _nonzero(rng: np.random.Generator, low: float, high: float) -> float:
    """A number of magnitude in [low, high] with a random sign, rounded to 3 decimals for readable labels."""
    return round(float(rng.choice([-1.0, 1.0]) * rng.uniform(low, high)), 3)


def _one_parameter_cases(exercise: str, lesson: tuple, other: tuple, rng: np.random.Generator,
                         environment: EnvironmentSpec = ()) -> list[Case]:
    """Cases of a 1-D exercise: the lesson's inputs, another pair, a negative x, θ = 0, two drawn pairs."""
    exact = Expect("close", rtol=1e-12)
    fixed = [lesson, other, (-1.5, 2.0, _label("case.negative_x")), (2.5, 0.0, _label("case.theta_zero"))]
    drawn = [(_nonzero(rng, 0.5, 5), _nonzero(rng, 0.5, 5)) for _ in range(2)]
    fixed += [(x, theta, _label("case.x_theta", x=x, theta=theta)) for x, theta in drawn]
    return [Case(exercise, label, (x, theta), exact, environment=environment) for x, theta, label in fixed]


def _forward_cases(rng: np.random.Generator) -> list[Case]:
    return _one_parameter_cases("forward_propagation", (2, 4, _label("case.lesson_forward")),
                                (3, 4, _label("case.x_theta", x=3, theta=4)), rng)


def _backward_cases(rng: np.random.Generator) -> list[Case]:
    return _one_parameter_cases("backward_propagation", (3, 4, _label("case.lesson_backward")),
                                (2, 4, _label("case.x_theta", x=2, theta=4)), rng,
                                (("forward_propagation", "linear_forward", {}),))


def _one_parameter_expect(cost: str, x: float, theta: float, epsilon: float = 1e-7, factor: float = 1.0,
                          below: bool = False) -> Expect:
    """How to judge a 1-D check of J = θ·x (``cost="linear"``) or J = x·θ³ (``"cubic"``) whose back-propagation is
    ``factor`` times the derivative: the tolerances ``public_tests.tolerances`` derives from the case's numbers (the
    largest slope, point and cost between θ − ε and θ + ε, and the roundings of J: 1 for θ·x, 2 for x·θ³)."""
    t = abs(theta) + epsilon
    if cost == "linear":
        grad, approx = factor * x, x
        slope, value, roundings = abs(x), abs(x) * t, 1
    else:
        grad, approx = factor * 3 * x * theta**2, 3 * x * theta**2 + x * epsilon**2  # exact: off by x·ε²
        slope, value, roundings = 3 * abs(x) * t**2, abs(x) * t**3, 2
    error = float(tolerances.central_error(slope, t, value, roundings, epsilon, approx)[0])
    if below:
        return Expect("below", limit=tolerances.round_off_limit(grad, approx, error))
    rtol, guard = tolerances.close_tolerance(grad, approx, error)
    return Expect("close", rtol=rtol, guard=guard)


def _gradient_check_cases(rng: np.random.Generator) -> list[Case]:
    expect = _one_parameter_expect
    lesson = expect("linear", 3, 4, below=True)
    cases = [
        Case("gradient_check", _label("case.check_lesson", printed=f"{7.814075313343006e-11:.{lesson.digits}g}"),
             (3, 4), lesson, environment=_linear()),
        Case("gradient_check", _label("case.check_other"), (2, 4), expect("linear", 2, 4, below=True),
             environment=_linear()),
        Case("gradient_check", _label("case.check_too_large"), (-1.25, 0.0), expect("linear", -1.25, 0.0, 1e-3, 1.3),
             {"epsilon": 1e-3}, _linear(1.3)),
        Case("gradient_check", _label("case.check_cubic"), (1.5, -0.8), expect("cubic", 1.5, -0.8, 1e-3),
             {"epsilon": 1e-3}, _cubic()),
    ]
    x, theta = _nonzero(rng, 0.5, 4), round(float(rng.uniform(-3, 3)), 3)
    factor = round(float(rng.uniform(0.5, 0.9)), 3)
    cases.append(Case("gradient_check", _label("case.check_linear_factor", x=x, theta=theta, factor=factor),
                      (x, theta), expect("linear", x, theta, 1e-5, factor), {"epsilon": 1e-5}, _linear(factor)))
    x, theta, factor = _nonzero(rng, 0.5, 4), _nonzero(rng, 0.5, 2), round(float(rng.uniform(1.05, 1.5)), 3)
    cases.append(Case("gradient_check", _label("case.check_cubic_factor", x=x, theta=theta, factor=factor),
                      (x, theta), expect("cubic", x, theta, 1e-2, factor), {"epsilon": 1e-2}, _cubic(factor)))
    x, theta = _nonzero(rng, 0.5, 4), _nonzero(rng, 0.5, 2)
    cases.append(Case("gradient_check", _label("case.check_cubic_correct", x=x, theta=theta), (x, theta),
                      expect("cubic", x, theta, 0.1), {"epsilon": 0.1}, _cubic()))
    x, theta = _nonzero(rng, 0.5, 4), round(float(rng.uniform(-3, 3)), 3)
    cases.append(Case("gradient_check", _label("case.check_wrong_sign", x=x, theta=theta), (x, theta),
                      expect("linear", x, theta, 1e-4, -0.5), {"epsilon": 1e-4}, _linear(-0.5)))
    return cases


# ------------------------------------------------------------------------------------------------- N-D

def _sizes(layer_sizes) -> str:
    return "-".join(map(str, layer_sizes))


def _random_network(rng: np.random.Generator, layer_sizes, m: int):
    """Inputs, labels (both classes present) and parameters of a network with ``layer_sizes``."""
    X = rng.standard_normal((layer_sizes[0], m))
    Y = np.zeros((1, m), dtype=int)
    Y[0, rng.permutation(m)[: max(1, m // 2)]] = 1
    parameters = {name: rng.standard_normal(shape) for name, shape in gc_utils.layer_shapes(layer_sizes).items()}
    return X, Y, parameters


@functools.cache
def _lesson_once() -> tuple:
    X, Y, parameters = gradient_check_n_test_case()
    _, cache = network.forward_propagation_n(X, Y, parameters)
    buggy = network.backward_propagation_n(X, Y, cache, bugs=network.LESSON_BUGS)
    return X, Y, parameters, cache, buggy, network.backward_propagation_n(X, Y, cache)


def _lesson() -> tuple:
    """``X, Y, parameters`` of ``gradient_check_n_test_case()``, the forward cache there, and the gradients of the
    lesson's back-propagation with its two bugs and without: a fresh copy every time (the same objects where they
    are shared, as when computed), computed once per process (its legacy RandomState alone costs ~0.3 ms)."""
    return copy.deepcopy(_lesson_once())


def _forward_n_cases(rng: np.random.Generator) -> list[Case]:
    close = Expect("close", rtol=1e-9, atol=1e-12)
    X, Y, parameters = _lesson()[:3]
    cases = [Case("forward_propagation_n", _label("case.lesson_cost"), (X, Y, parameters), close)]
    for sizes, m in (((4, 5, 3, 1), 6), ((3, 6, 2, 1), 4)):
        X, Y, parameters = _random_network(rng, sizes, m)
        cases.append(Case("forward_propagation_n", _label("case.random_network", sizes=_sizes(sizes), m=m),
                          (X, Y, parameters), close))
    return cases


def _backward_n_cases(rng: np.random.Generator) -> list[Case]:
    close = Expect("close", rtol=1e-9, atol=1e-12)
    X, Y, _, cache = _lesson()[:4]
    cases = [Case("backward_propagation_n", _label("case.lesson"), (X, Y, cache), close)]
    for sizes, m in (((4, 5, 3, 1), 5), ((3, 6, 2, 1), 4)):
        X, Y, parameters = _random_network(rng, sizes, m)
        _, cache = network.forward_propagation_n(X, Y, parameters)
        cases.append(Case("backward_propagation_n", _label("case.random_network", sizes=_sizes(sizes), m=m),
                          (X, Y, cache), close))
    return cases


def _network_environment(shapes) -> EnvironmentSpec:
    return (("dictionary_to_vector", "dictionary_to_vector", {}),
            ("gradients_to_vector", "gradients_to_vector", {}),
            ("vector_to_dictionary", "vector_to_dictionary", {"shapes": dict(shapes)}))


def _polynomial_case(rng, layer_sizes, epsilon, gradient_error, description) -> Case:
    """A gradient_check_n case whose cost is a cubic polynomial of the parameters.

    Its central difference is exactly the gradient plus ``c·ε²``, so the expected difference is known to
    full precision whatever ε, and one-sided differences, an ignored ε, skipped entries or perturbations
    left behind all show.
    """
    shapes = gc_utils.layer_shapes(layer_sizes)
    X, Y, parameters = _random_network(rng, layer_sizes, 3)
    n = sum(math.prod(s) for s in shapes.values())
    a, b, c = (np.round(rng.standard_normal(n), 3).tolist() for _ in range(3))
    w = np.round(rng.standard_normal(n) / np.sqrt(n), 3).tolist()
    theta, _ = gc_utils.dictionary_to_vector(parameters)
    exact = gc_utils.vector_to_dictionary(polynomial_gradient_of_vector(theta, a, b, c, w), shapes)
    gradients = {f"d{name}": value for name, value in exact.items()}
    gradient_error(gradients, rng)
    expect = _polynomial_expect(theta, gradients, a, b, c, w, epsilon)
    environment = _network_environment(shapes) + (
        ("forward_propagation_n", "polynomial_forward_n", {"a": a, "b": b, "c": c, "w": w, "shapes": dict(shapes)}),
        ("backward_propagation_n", "polynomial_backward_n", {"a": a, "b": b, "c": c, "w": w, "shapes": dict(shapes)}),
    )
    label = _label("case.polynomial", n=n, sizes=_sizes(layer_sizes), epsilon=epsilon, description=description)
    return Case("gradient_check_n", label, (parameters, gradients, X, Y), expect, {"epsilon": epsilon}, environment)


def _polynomial_expect(theta: np.ndarray, gradients: dict, a, b, c, w, epsilon: float) -> Expect:
    """The tolerances of a polynomial case (``public_tests.tolerances``). Its central difference is exactly
    a + 2bθ + 3cθ² + (w·θ)w + c·ε²; the slope of entry i between θᵢ ± ε is at most |a| + 2|b|t + 3|c|t² + |w|·(|w|·t)
    and J's terms add up to at most Σ(|a|t + |b|t² + |c|t³) + (|w|·t)²/2, with t = |θ| + ε; J takes about n + 6
    roundings (n-term dot products, Horner's three steps, the square)."""
    theta = np.asarray(theta, dtype=float).reshape(-1)
    a, b, c, w = (np.asarray(v, dtype=float) for v in (a, b, c, w))
    t = np.abs(theta) + epsilon
    coupling = float(np.abs(w) @ t)
    approx = polynomial_gradient_of_vector(theta, a, b, c, w).reshape(-1) + c * epsilon**2
    slope = np.abs(a) + 2 * np.abs(b) * t + 3 * np.abs(c) * t**2 + np.abs(w) * coupling
    cost = float(np.sum(np.abs(a) * t + np.abs(b) * t**2 + np.abs(c) * t**3) + coupling**2 / 2)
    error = float(np.linalg.norm(tolerances.central_error(slope, t, cost, theta.size + 6, epsilon, approx)))
    rtol, guard = tolerances.close_tolerance(gc_utils.gradients_to_vector(gradients), approx, error)
    return Expect("close", rtol=rtol, guard=guard)


def _scale_block(name: str, factor: float):
    def apply(gradients, rng):
        gradients[name] = gradients[name] * factor

    return apply


def _add_noise(scale: float):
    def apply(gradients, rng):
        for key in gradients:
            gradients[key] = gradients[key] + scale * rng.standard_normal(gradients[key].shape)

    return apply


def _lesson_expects() -> tuple[Expect, Expect]:
    """How to judge the lesson's two cases at ε = 1e-7 (``public_tests.tolerances``): the buggy gradients' result
    within the round-off of the lesson's network (measured, ``LESSON_ROUND_OFF``), the correct ones' below a limit
    above it. The exact central difference is the correct gradient up to truncation, ~1e-14 relative here."""
    _, _, _, _, buggy, correct = _lesson_once()
    grad, approx = gc_utils.gradients_to_vector(buggy), gc_utils.gradients_to_vector(correct)
    error = tolerances.lesson_error(approx, 1e-7)
    rtol, guard = tolerances.close_tolerance(grad, approx, error)
    return (Expect("close", rtol=rtol, guard=guard),
            Expect("below", limit=tolerances.round_off_limit(approx, approx, error)))


def _gradient_check_n_cases(rng: np.random.Generator) -> list[Case]:
    X, Y, parameters, _, buggy, correct = _lesson()
    lesson_env = _network_environment(gc_utils.LESSON_SHAPES) + (
        ("forward_propagation_n", "lesson_forward_n", {}), ("backward_propagation_n", "lesson_backward_n", {}))
    block, other = (str(b) for b in rng.choice(["W1", "b1", "W2", "b2", "W3", "b3"], size=2, replace=False))
    with_bugs, without = _lesson_expects()
    return [
        Case("gradient_check_n", _label("case.both_bugs", printed=f"{0.2850931567761623:.{with_bugs.digits}g}"),
             (parameters, buggy, X, Y), with_bugs, environment=lesson_env),
        Case("gradient_check_n", _label("case.correct_n"), (parameters, correct, X, Y), without,
             environment=lesson_env),
        _polynomial_case(rng, (4, 5, 3, 1), 1e-2, _scale_block(f"d{block}", 1.5),
                         _label("case.block_too_large", block=block)),
        _polynomial_case(rng, (4, 5, 3, 1), 0.1, lambda g, r: None, _label("case.exact")),
        _polynomial_case(rng, (3, 4, 2, 1), 1e-3, _add_noise(0.1), _label("case.noise")),
        _polynomial_case(rng, (3, 4, 2, 1), 1e-2, _scale_block(f"d{other}", -0.5),
                         _label("case.block_wrong_sign", block=other)),
    ]


_BUILDERS = {
    "forward_propagation": _forward_cases,
    "backward_propagation": _backward_cases,
    "gradient_check": _gradient_check_cases,
    "forward_propagation_n": _forward_n_cases,
    "backward_propagation_n": _backward_n_cases,
    "gradient_check_n": _gradient_check_n_cases,
}


def build_cases(exercise: str, seed: int = NOTEBOOK_SEED, *, state: dict | None = None) -> list[Case]:
    """All cases of ``exercise``; the random ones drawn from ``seed``, or from ``state`` (``generator_state(seed)``).

    The two give the same cases. From ``state``, a generator made once per process is set to it: deriving the
    state from the seed (``np.random.default_rng``) costs ~0.4 ms in a freshly forked process.
    """
    if exercise not in _BUILDERS:
        raise ValueError(f"unknown exercise {exercise!r}; expected one of {list(_BUILDERS)}")
    return _BUILDERS[exercise](np.random.default_rng(seed) if state is None else _generator_at(state))


def generator_state(seed: int) -> dict[str, Any]:
    """The state ``np.random.default_rng(seed)`` starts in (a dict of strings and integers: JSON can carry it)."""
    return dict(np.random.default_rng(seed).bit_generator.state)


@functools.cache
def _generator() -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(0))


def _generator_at(state: dict) -> np.random.Generator:
    """This process's generator, set to ``state`` (what ``default_rng`` makes, whose state is all of it)."""
    generator = _generator()
    generator.bit_generator.state = state
    return generator
