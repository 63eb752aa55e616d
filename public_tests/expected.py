"""The correct outcome of every case, computed from gc_utils' own numerics (no solution of an exercise here).

What ``public_tests.judging`` compares a submission's outcome with. Nothing here is written the way a student
writes an exercise: each value comes from the mathematics of the case or from gc_utils' engine, in the case's
environment (``public_tests.environment``), so that a release for students can ship the public tests without
shipping the answers.

- ``forward_propagation``, ``backward_propagation``: J = θ·x and dJ/dθ = x. These one-line exercises *are*
  their mathematics; any expected value states them, so they are written here as the formulas, from the
  case's arguments, not as the exercise's function.
- ``gradient_check``: the relative difference (``gc_utils.comparison.relative_difference``) between the case's
  back-propagated dθ and gc_utils' central difference (``gc_utils.checks.numerical_gradient``) of the case's
  cost at θ, with the case's ε.
- ``gradient_check_n``: the same for the case's network cost and the gradients it passes, over all parameters,
  stacked in ``dictionary_to_vector``'s order.
- ``forward_propagation_n``, ``backward_propagation_n``: the given functions of the lesson's network,
  ``gc_utils.network``'s own.

``tests/test_expected.py`` checks, on every case of every exercise and several seeds, that these values agree
with a correct student-style solution (``reference_solutions``) far within each case's tolerance, so the
verdicts are the same.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence

import numpy as np

from gc_utils import checks, comparison, gradients_to_vector, network

from .cases import Case
from .environment import build_environment
from .execution import Outcome, normalise


def _one_parameter_cost(forward: Callable, x: float) -> Callable:
    """The case's 1-D cost as a gc_utils cost of the parameter dict ``{"theta": array([θ])}``."""
    return lambda parameters: forward(x, parameters["theta"][0])


def _gradient_check_value(case: Case) -> float:
    environment = build_environment(case.environment)
    x, theta = case.args[:2]
    epsilon = case.kwargs.get("epsilon", 1e-7)
    approx = checks.numerical_gradient(_one_parameter_cost(environment["forward_propagation"], x),
                                       {"theta": np.array([float(theta)])}, epsilon)["dtheta"]
    grad = np.array([float(environment["backward_propagation"](x, theta))])
    return comparison.relative_difference(grad, approx)


def _gradient_check_n_value(case: Case) -> float:
    environment = build_environment(case.environment)
    parameters, gradients, X, Y = case.args
    forward = environment["forward_propagation_n"]
    approx = checks.numerical_gradient(lambda p: forward(X, Y, p)[0], parameters, case.kwargs.get("epsilon", 1e-7))
    return comparison.relative_difference(gradients_to_vector(gradients), gradients_to_vector(approx))


_VALUES: dict[str, Callable[[Case], object]] = {
    "forward_propagation": lambda case: case.args[1] * case.args[0],  # J = θ·x
    "backward_propagation": lambda case: case.args[0],  # dJ/dθ = x
    "gradient_check": _gradient_check_value,
    "forward_propagation_n": lambda case: network.forward_propagation_n(*copy.deepcopy(case.args)),
    "backward_propagation_n": lambda case: network.backward_propagation_n(*copy.deepcopy(case.args)),
    "gradient_check_n": _gradient_check_n_value,
}


def expected_value(case: Case) -> object:
    """The value a correct solution returns on ``case`` (before normalisation)."""
    if case.exercise not in _VALUES:
        raise ValueError(f"unknown exercise {case.exercise!r}; expected one of {list(_VALUES)}")
    return _VALUES[case.exercise](case)


def expected_outcomes(cases: Sequence[Case]) -> list[Outcome]:
    """The correct outcome of each case: its normalised value (no record: nothing was called)."""
    return [Outcome(value=normalise(expected_value(case))) for case in cases]
