"""``public_tests.judging``: one focused test per rule of a verdict, on outcomes written out as plain data.

A rule takes (case, outcome, correct outcome) and returns a sentence or None; ``problem`` tries them in the order of
``PROBLEMS``. The cases are the notebook's own (``cases.build_cases``); the outcomes are made here.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from public_tests import cases as case_data
from public_tests import judging
from public_tests.execution import Outcome, execute, normalise
from tests.test_public_tests import define


def case(exercise: str, index: int = 0):
    return case_data.build_cases(exercise)[index]


def returned(value) -> Outcome:
    """What a call that returned ``value`` sends back."""
    return Outcome(value=normalise(value))


def correct(exercise: str, index: int = 0) -> Outcome:
    return judging.correct_outcomes(case_data.build_cases(exercise))[index]


# ------------------------------------------------------------------------------------------------ comparing

def test_close_values_compare_by_kind_within_the_tolerances():
    assert judging._close(normalise(1.0), normalise(1.0 + 1e-12), 1e-9, 0.0)
    assert not judging._close(normalise(1.0), normalise(1.1), 1e-9, 0.0)
    assert judging._close(normalise(math.nan), normalise(math.nan), 0.0, 0.0)
    assert not judging._close(normalise(np.ones(2)), normalise(np.ones(3)), 1e-9, 0.0)
    assert not judging._close(normalise({"a": 1.0}), normalise({"b": 1.0}), 1e-9, 0.0)
    assert not judging._close(normalise(1.0), normalise(np.ones(1)), 1e-9, 0.0)


def test_the_same_value_with_other_calls_is_not_the_same_behaviour():
    one_d = case("gradient_check")
    source = """
def gradient_check(x, theta, epsilon=1e-7):
    J_plus, J_minus = forward_propagation(x, theta + epsilon), forward_propagation(x, theta {sign} epsilon)
    grad = backward_propagation(x, theta)
    return 0.5
"""
    two_sided = execute(define(source.format(sign="-"), "gradient_check"), one_d)
    one_sided = execute(define(source.format(sign="+"), "gradient_check"), one_d)
    assert judging.same_behaviour(two_sided, two_sided, one_d)
    assert not judging.same_behaviour(two_sided, one_sided, one_d)
    assert not judging.same_behaviour(two_sided, Outcome(error_type="ValueError"), one_d)


# ------------------------------------------------------------------------------------------------ forms

def test_a_number_is_expected_and_an_array_is_told_about_the_axis():
    assert judging.number_form(normalise(1.0), normalise(1.0)) is None
    said = judging.number_form(normalise(np.ones(3)), normalise(1.0))
    assert "expected: a single real number (np.linalg.norm without an axis gives one number)" in said


def test_none_returned_asks_for_the_return_statement():
    assert "Did you forget the `return` statement?" in judging.number_form(normalise(None), normalise(1.0))


def test_gradients_must_be_a_dict_with_every_key_of_its_shape():
    want = correct("backward_propagation_n").value
    right = {key: ("array", value[1]) for key, value in want[1].items()}
    assert judging.gradients_form(("dict", right), want) is None
    assert "expected: a dict of gradients" in judging.gradients_form(normalise([1, 2]), want)
    missing = {key: value for key, value in right.items() if key != "db2"}
    assert "the gradients dict has no db2" in judging.gradients_form(("dict", missing), want)
    wrong = {**right, "dW1": ("array", right["dW1"][1].T)}
    assert "dW1 is an array of shape" in judging.gradients_form(("dict", wrong), want)


def test_the_cost_and_its_cache_must_be_a_pair_a_number_and_twelve_arrays():
    want = correct("forward_propagation_n").value
    assert judging.cost_and_cache_form(want, want) is None
    assert "expected: the pair (cost, cache)" in judging.cost_and_cache_form(normalise(1.0), want)
    assert "the cost is" in judging.cost_and_cache_form(("sequence", [normalise(None), want[1][1]]), want)
    short = ("sequence", [want[1][0], ("sequence", want[1][1][1][:11])])
    assert "expected: the 12 arrays" in judging.cost_and_cache_form(short, want)


def test_every_exercise_has_a_form_and_an_unknown_one_is_refused():
    assert set(judging.FORMS) == set(case_data.EXERCISES)
    odd = case_data.Case("no_such_exercise", case("gradient_check").label, (), case_data.Expect("close"))
    with pytest.raises(ValueError, match="unknown exercise"):
        judging.form_problem(odd, returned(1.0), returned(1.0))


# ------------------------------------------------------------------------------------------------ values

def test_a_relative_difference_outside_zero_to_one_is_impossible():
    check = case("gradient_check_n")
    assert "is always between 0 and 1" in judging.impossible_value(check, returned(1.5), correct("gradient_check_n"))
    assert "have different shapes" in judging.impossible_value(check, returned(-0.1), correct("gradient_check_n"))
    assert "it returned nan" in judging.impossible_value(check, returned(math.nan), correct("gradient_check_n"))
    assert judging.impossible_value(check, returned(0.5), correct("gradient_check_n")) is None
    assert judging.impossible_value(case("forward_propagation"), returned(7.0), correct("forward_propagation")) is None


def test_a_round_off_case_passes_anything_below_its_limit_and_nothing_else():
    below = case("gradient_check")
    assert below.expect.kind == "below"
    assert judging.value_problem(below, returned(below.expect.limit / 2), correct("gradient_check")) is None
    assert "expected: a relative difference below" in judging.value_problem(
        below, returned(below.expect.limit * 2), correct("gradient_check"))
    assert judging.value_problem(below, returned(math.nan), correct("gradient_check")) is not None


def test_a_wrong_number_is_shown_beside_the_right_one():
    said = judging.value_problem(case("forward_propagation"), returned(6.0), correct("forward_propagation"))
    assert said == "Observed: it returned 6; expected: 8."


def test_a_result_a_guard_lowers_a_little_passes():
    close = next(c for c in case_data.build_cases("gradient_check") if c.expect.guard)
    right = judging.correct_outcomes([close])[0]
    lowered = right.value[1] * (1 - close.expect.guard / 2)
    assert judging.value_problem(close, returned(lowered), right) is None
    assert judging.value_problem(close, returned(right.value[1] * (1 - 3 * close.expect.guard)), right) is not None


def test_a_wrong_cost_or_wrong_cache_entries_are_named():
    forward_n, want = case("forward_propagation_n"), correct("forward_propagation_n")
    cost, cache = want.value[1]
    wrong_cost = Outcome(value=("sequence", [("scalar", cost[1] + 1), cache]))
    assert "Observed: the cost is" in judging.value_problem(forward_n, wrong_cost, want)
    entries = list(cache[1])
    entries[1] = ("array", entries[1][1] + 1)
    wrong_cache = Outcome(value=("sequence", [cost, ("sequence", entries)]))
    assert "the cache entries A1 are not" in judging.value_problem(forward_n, wrong_cache, want)


def test_a_gradient_off_by_a_constant_factor_says_the_factor_and_the_right_ones():
    backward_n, want = case("backward_propagation_n"), correct("backward_propagation_n")
    doubled = {**want.value[1], "dW2": ("array", 2 * want.value[1]["dW2"][1])}
    said = judging.value_problem(backward_n, Outcome(value=("dict", doubled)), want)
    assert "these gradients differ from the correct ones: dW2 (2 times the correct values)" in said
    assert "(right: dW3, db3, db2, dW1, db1)" in said  # in the order of the correct dict


def test_how_wrong_names_a_ratio_or_a_floor_and_nothing_else():
    want = np.array([[0.5, -1.5], [2.25, 0.0]])
    assert "3 times the correct values" in judging.how_wrong(3 * want, want)
    assert "rounded down to whole numbers" in judging.how_wrong(np.floor(want), want)
    assert judging.how_wrong(want + np.array([[1.0, 0, 0, 0]]).reshape(2, 2), want) == ""


def test_a_changed_argument_is_named():
    check = case("gradient_check_n")
    changed = normalise([{"W1": 0}, *check.args[1:]])
    outcome = Outcome(value=("scalar", 0.0), inputs_after=changed)
    said = judging.mutation_problem(check, outcome, correct("gradient_check_n"))
    assert said is not None and "it changed its argument `parameters`" in said
    unchanged = Outcome(value=("scalar", 0.0), inputs_after=normalise(list(check.args)))
    assert judging.mutation_problem(check, unchanged, correct("gradient_check_n")) is None


def test_a_breach_of_the_record_fails_a_right_value():
    source = """
def gradient_check(x, theta, epsilon=1e-7):
    step = 1e-3
    gradapprox = (forward_propagation(x, theta + step) - forward_propagation(x, theta - step)) / (2 * step)
    grad = backward_propagation(x, theta)
    return abs(grad - gradapprox) / (abs(grad) + abs(gradapprox))
"""
    one_d = case("gradient_check")
    outcome = execute(define(source, "gradient_check"), one_d)
    said = judging.breach(one_d, outcome, correct("gradient_check"))
    assert said is not None and "epsilon = 1e-07 was passed; the steps taken from θ were 0.001" in said


def test_the_first_rule_that_speaks_is_the_verdict():
    assert [rule.__name__ for rule in judging.PROBLEMS] == [
        "form_problem", "impossible_value", "value_problem", "mutation_problem", "breach"]
    check = case("gradient_check_n")
    assert "between 0 and 1" in judging.problem(check, returned(2.0), correct("gradient_check_n"))
    raised = Outcome(error_type="ZeroDivisionError", error="division by zero")
    assert judging.problem(check, raised, correct("gradient_check_n")) == (
        "Observed: it raised ZeroDivisionError: division by zero")


# ------------------------------------------------------------------------------------------------ the report

def test_a_failure_message_gives_the_case_the_problem_the_facts_and_the_hint():
    cases = case_data.build_cases("forward_propagation")
    report = judging.judge("forward_propagation", cases, [execute(lambda x, theta: x + theta, c) for c in cases])
    lines = report.message.split("\n")
    assert lines[0].startswith("forward_propagation failed on case 1 of 6")
    assert lines[1] == "  Observed: it returned 6; expected: 8."
    assert lines[-1].startswith("  Hint: ")


def test_a_stub_is_not_implemented_yet():
    cases = case_data.build_cases("forward_propagation")
    report = judging.judge("forward_propagation", cases, [Outcome(error_type="NotImplementedError")] * len(cases))
    assert not report.passed and "is not implemented yet" in report.message


def test_a_forged_record_is_refused_before_judging():
    cases = case_data.build_cases("forward_propagation")
    forged = Outcome(value=("scalar", 8.0), record=("dict", {}))
    with pytest.raises(ValueError, match="without its counts"):
        judging.judge("forward_propagation", cases, [forged] * len(cases))
