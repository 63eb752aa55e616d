"""``public_tests.facts``: what a failure's message says about the numbers returned, one focused test per fact.

The outcomes are written out as plain data (``Outcome(value=("scalar", x))``) or made by running a few lines the way
a student writes them; the cases and their correct outcomes are the notebook's own.
"""

from __future__ import annotations

import math

import numpy as np

from public_tests import cases as case_data
from public_tests import facts
from public_tests.execution import Outcome, execute
from public_tests.judging import correct_outcomes
from tests.test_public_tests import define


def numbers(*values: float | None) -> list[Outcome]:
    return [Outcome(value=("scalar", v)) if v is not None else Outcome(error_type="ValueError") for v in values]


def run(exercise: str, function) -> tuple[list, list[Outcome], list[Outcome]]:
    cases = case_data.build_cases(exercise)
    return cases, [execute(function, case) for case in cases], correct_outcomes(cases)


# ------------------------------------------------------------------------------------------------ showing

def test_a_number_is_shown_to_its_digits_or_more_when_it_would_read_like_the_right_one():
    assert facts.describe(("scalar", 1.23456789), digits=3) == "1.23"
    assert facts.describe(("scalar", 1.2301), digits=3, other=("scalar", 1.2302)) == "1.2301"


def test_other_values_are_described_by_their_kind():
    assert facts.describe(("none",)) == "None"
    assert facts.describe(("array", np.arange(3.0))) == "an array of shape (3,): [0. 1. 2.]"
    assert facts.describe(("array", np.zeros((3, 3)))) == "an array of shape (3, 3)"
    assert facts.describe(("dict", {"b": 1, "a": 2})) == "a dict with keys ['a', 'b']"
    assert facts.describe(("sequence", [1, 2])) == "a tuple of 2 items"


def test_a_value_is_shown_to_the_digits_its_case_decides():
    below = case_data.build_cases("gradient_check")[0]
    assert below.expect.digits == 3 and facts.shown(below, ("scalar", 1.23456e-3)) == "0.00123"


# ------------------------------------------------------------------------------------------------ constant

def test_one_number_on_every_case_is_said_when_the_right_answers_differ():
    cases, _, correct = run("forward_propagation", lambda x, theta: 0.0)
    said = facts.constant_fact(cases, numbers(*[5.0] * len(cases)), correct, 0)
    assert said is not None and f"it returned 5 on all {len(cases)} cases, whatever their inputs" in said


def test_numbers_that_differ_are_no_constant():
    cases, _, correct = run("forward_propagation", lambda x, theta: 0.0)
    assert facts.constant_fact(cases, numbers(*range(len(cases))), correct, 0) is None
    assert facts.constant_fact(cases, numbers(None, *[5.0] * (len(cases) - 1)), correct, 1) is None


# ------------------------------------------------------------------------------------------------ formulas

def test_a_doubled_gradapprox_is_named_by_what_it_computes():
    source = """
def gradient_check(x, theta, epsilon=1e-7):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / epsilon
    grad = backward_propagation(x, theta)
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
"""
    cases, outcomes, correct = run("gradient_check", define(source, "gradient_check"))
    failing = next(k for k, case in enumerate(cases) if case.expect.kind == "close")
    found, matches = facts.named_formulas(cases, outcomes, correct, failing)
    assert [formula.key for formula in found] == ["formula.double"] and matches >= 1
    said = facts.formula_fact(cases, outcomes, correct, failing)
    assert said is not None and "as on all" in said and said.startswith("Observed: ")


def test_no_formula_is_named_outside_the_checks_or_for_a_number_none_gives():
    cases, outcomes, correct = run("forward_propagation", lambda x, theta: x + theta)
    assert facts.named_formulas(cases, outcomes, correct, 0) == ([], 0)
    cases, _, correct = run("gradient_check", lambda x, theta, epsilon=1e-7: 0.0)
    odd = numbers(*[0.123456789 + k for k in range(len(cases))])
    assert facts.formula_fact(cases, odd, correct, 2) is None


def test_the_formulas_with_fewest_departures_are_kept_once_per_text():
    from public_tests.formulas import TRANSFORMS, shapes

    one, two = TRANSFORMS[0], next(f for f in shapes() if f.departures == 2)
    assert facts._fewest_departures([(two, 3), (one, 2), (one, 5)]) == ([one], 5)  # a text's last count kept
    assert facts._fewest_departures([(one, 4), (two, 1), (TRANSFORMS[4], 2)]) == ([one, TRANSFORMS[4]], 2)
    assert facts._fewest_departures([]) == ([], 0)


# ------------------------------------------------------------------------------------------------ rounding

def test_the_right_numbers_rounded_down_are_said_with_the_cases_that_show_it():
    cases, _, correct = run("forward_propagation", lambda x, theta: 0.0)
    right = [facts.scalar(o) for o in correct]
    floored = numbers(*[float(math.floor(r)) for r in right])
    shows = sum(math.floor(r) != r for r in right)
    said = facts.rounding_fact(cases, floored, correct, 0)
    assert said is not None and "rounded down, as floor division `//` does" in said
    assert f"as on all {shows} cases" in said or shows == 1


def test_a_case_that_contradicts_the_rounding_silences_it():
    right = [1.5, 2.5, -1.5]
    assert facts.cases_made_whole(math.floor, [1.0, 2.0, -2.0], right, 0) == 3
    assert facts.cases_made_whole(math.floor, [1.0, 2.0, -1.0], right, 0) == 0  # -1.5 // 1 is -2, not -1
    assert facts.cases_made_whole(math.trunc, [1.0, 2.0, -1.0], right, 0) == 3
    assert facts.cases_made_whole(math.floor, [1.5, 2.0, -2.0], right, 0) == 0  # the failing case is not floored


def test_rounding_is_said_of_the_one_parameter_exercises_only():
    cases, _, correct = run("gradient_check", lambda x, theta, epsilon=1e-7: 0.0)
    zeros = numbers(*[0.0] * len(cases))
    assert facts.rounding_fact(cases, zeros, correct, 2) is None


# ------------------------------------------------------------------------------------------------ errors

def test_an_error_after_one_cost_evaluation_is_the_unpacked_pair():
    source = """
def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, _ = dictionary_to_vector(parameters)
    J_plus = np.zeros((parameters_values.shape[0], 1))
    for i in range(parameters_values.shape[0]):
        theta_plus = np.copy(parameters_values)
        theta_plus[i] = theta_plus[i] + epsilon
        J_plus[i] = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))
    return 0.0
"""
    case = case_data.build_cases("gradient_check_n")[0]
    outcome = execute(define(source, "gradient_check_n"), case)
    assert outcome.error_type == "ValueError"
    said = facts.error_fact(case, outcome)
    assert said is not None and "right after the first call of forward_propagation_n" in said


def test_an_error_without_calls_to_tell_of_is_no_fact():
    case = case_data.build_cases("gradient_check")[0]
    assert facts.error_fact(case, Outcome(error_type="ZeroDivisionError", error="division by zero")) is None


def test_the_value_facts_are_given_in_their_order():
    assert [rule.__name__ for rule in facts.VALUE_FACTS] == ["constant_fact", "formula_fact", "rounding_fact"]
    cases, _, correct = run("forward_propagation", lambda x, theta: 0.0)
    said = facts.value_facts(cases, numbers(*[5.0] * len(cases)), correct, 0)
    assert len(said) == 1 and "on all" in said[0]
