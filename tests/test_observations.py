"""The facts ``public_tests.observations`` reads from a record of calls: one focused test per rule.

Most tests build the rule's input directly (the rows of ``recording.COLUMNS`` as a small table), so that each says
which rows make which fact; the last ones go through a real record, from a student-style function run on a case.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from public_tests import cases as case_data
from public_tests import observations as obs
from public_tests.execution import execute
from public_tests.recording import COLUMNS

EPSILON = 1e-7


def record(**rows: list[tuple]) -> tuple:
    """A record in ``recording.Recorder.plain``'s grammar: each function's rows (tuples of its columns, the call's
    position first), counted."""
    entries = {name: ("array", np.array(table, dtype=float).reshape(len(table), len(COLUMNS[name])))
               for name, table in rows.items()}
    calls = ("dict", {name: ("scalar", float(len(table))) for name, table in rows.items()})
    return ("dict", {"calls": calls, **entries})


def cost_calls(rows: list[tuple], n: int = 3, count: int | None = None, epsilon: float = EPSILON) -> obs.CostCalls:
    """``CostCalls`` from rows (X, Y, changed, first_entry, first_change, second_entry, second_change)."""
    table = np.array([(k, *row) for k, row in enumerate(rows)], dtype=float).reshape(len(rows), 8)
    columns = {column: table[:, k] for k, column in enumerate(COLUMNS["forward_propagation_n"])}
    return obs.CostCalls(columns, len(rows) if count is None else count, n, epsilon)


def shift(entry: int, step: float, X: int = 1, Y: int = 1) -> tuple:
    """A cost evaluation that shifted one entry by ``step``."""
    return (X, Y, 1, entry, step, -1, 0.0)


def two_sided(n: int, epsilon: float = EPSILON) -> list[tuple]:
    """The evaluations of a correct check of ``n`` parameters."""
    return [row for i in range(n) for row in (shift(i, epsilon), shift(i, -epsilon))]


# ------------------------------------------------------------------------------------------------ the record

def test_a_record_made_by_a_run_and_no_record_are_accepted():
    obs.check_record(None)
    obs.check_record(record(forward_propagation=[(0, 3.0, 4.0)]))


@pytest.mark.parametrize(("forged", "said"), [
    (("dict", {}), "without its counts"),
    (("dict", {"calls": ("dict", {"os.system": ("scalar", 1.0)})}), "counts of unknown functions"),
    (("dict", {"calls": ("dict", {}), "forward_propagation": ("array", np.zeros((1, 2)))}), "wrong shape"),
    (("dict", {"calls": ("dict", {}), "refused": ("dict", {})}), "refused call without its function"),
])
def test_a_forged_record_is_refused(forged, said):
    with pytest.raises(ValueError, match=said):
        obs.check_record(forged)


def test_calls_and_rows_are_read_from_the_record():
    made = record(forward_propagation=[(0, 3.0, 4.0), (1, 3.0, 5.0)])
    assert obs.calls_of(made) == {"forward_propagation": 2}
    assert list(obs.rows_of(made, "forward_propagation")["theta"]) == [4.0, 5.0]
    assert obs.rows_of(made, "backward_propagation")["order"].size == 0
    assert obs.calls_of(None) == {}


# ------------------------------------------------------------------------------------------------ steps

def test_steps_of_epsilon_are_no_fact():
    assert obs.steps_breach(np.array([EPSILON, -EPSILON, 0.0]), EPSILON, "obs.steps.in_theta") is None


def test_some_steps_other_than_epsilon_are_a_fact_but_no_breach():
    fact = obs.steps_breach(np.array([EPSILON, 1e-3]), EPSILON, "obs.steps.in_theta")
    assert fact is not None and not fact.breach
    assert "epsilon = 1e-07 was passed; the steps taken in θ were 1e-07, 0.001" in str(fact)


def test_no_step_of_epsilon_is_a_breach():
    fact = obs.steps_breach(np.array([1e-3, -1e-3]), EPSILON, "obs.steps.in_theta")
    assert fact is not None and fact.breach


# ------------------------------------------------------------------------------------------------ 1-D

def test_a_call_with_the_cases_x_evaluates_at_its_theta():
    assert obs.one_d_call(3.0, 3.0, 4.5) == (None, 4.5)


def test_a_call_with_x_and_theta_swapped_is_said_and_evaluates_at_the_first_argument():
    fact, point = obs.one_d_call(3.0, 4.5, 3.0)
    assert point == 4.5
    assert "forward_propagation was called as (theta, x): forward_propagation(4.5, 3)" in str(fact)


def test_a_call_with_another_x_is_said():
    fact, point = obs.one_d_call(3.0, 7.0, 4.5)
    assert point == 4.5 and "forward_propagation was called with x = 7" in str(fact)


def test_one_d_steps_other_than_epsilon_are_said():
    fact = obs.steps_not_epsilon_1d(obs.OneDSteps(np.array([1e-3, -1e-3]), EPSILON))
    assert fact is not None and fact.breach and "from θ" in str(fact)
    assert obs.steps_not_epsilon_1d(obs.OneDSteps(np.array([EPSILON, -EPSILON]), EPSILON)) is None


def test_a_one_sided_evaluation_says_where_the_cost_was_evaluated():
    fact = obs.one_sided_1d(obs.OneDSteps(np.array([EPSILON, 0.0]), EPSILON))
    assert "forward_propagation was evaluated 1 time at θ+ε, 1 time at θ itself (a one-sided difference)" in str(fact)
    assert obs.one_sided_1d(obs.OneDSteps(np.array([EPSILON, -EPSILON]), EPSILON)) is None


# ------------------------------------------------------------------------------------------------ N-D

def test_a_correct_check_of_three_parameters_gives_no_fact():
    calls = cost_calls(two_sided(3))
    assert [rule.__name__ for rule in obs.N_FORWARD_RULES if rule(calls)] == []


def test_data_swapped_or_other_is_said():
    swapped = cost_calls([shift(0, EPSILON, X=2, Y=2), *two_sided(3)[1:]])
    assert "forward_propagation_n was called as (Y, X, ...)" in str(obs.wrong_data(swapped))
    other = cost_calls([shift(0, EPSILON, X=0), *two_sided(3)[1:]])
    assert "other inputs than the X and Y" in str(obs.wrong_data(other))


def test_n_d_steps_other_than_epsilon_are_said():
    fact = obs.steps_not_epsilon(cost_calls(two_sided(3, 1e-4)))
    assert fact is not None and fact.breach and "the steps taken in θ were 0.0001" in str(fact)


def test_an_evaluation_that_shifted_several_entries_is_said_with_the_shift_left_behind():
    rows = [shift(0, EPSILON), (1, 1, 2, 0, EPSILON, 1, EPSILON)]
    fact = obs.several_shifted(cost_calls(rows, n=2, count=4))
    assert "at cost evaluation 2, θ differed from the θ the check was given in 2 entries" in str(fact)
    assert "entry 0 by 1e-07, entry 1 by 1e-07" in str(fact) and "still in the vector" in str(fact)


def test_evaluations_at_theta_itself_are_said():
    fact = obs.theta_unchanged(cost_calls([(1, 1, 0, -1, 0.0, -1, 0.0), *two_sided(3)], count=7))
    assert "1 of the 7 cost evaluations was at θ itself" in str(fact)


def test_a_count_other_than_two_per_parameter_is_said():
    fact = obs.wrong_count(cost_calls(two_sided(3), count=5))
    assert "the cost was evaluated 5 times for 3 parameters" in str(fact) and "6 evaluations" in str(fact)


def test_the_last_entry_never_shifted_is_said_as_the_last():
    fact = obs.never_shifted(cost_calls(two_sided(3)[:4], n=3, count=4))
    assert "entry 2 (the last one) of θ was never perturbed" in str(fact)


def test_entries_never_shifted_are_not_said_after_a_shift_of_several():
    rows = [shift(0, EPSILON), (1, 1, 2, 0, EPSILON, 1, EPSILON)]
    assert obs.never_shifted(cost_calls(rows, n=3, count=2)) is None


def test_entries_shifted_only_one_way_are_said_with_their_sign():
    fact = obs.shifted_one_way(cost_calls([shift(i, EPSILON) for i in range(3)] * 2))
    assert "entries 0, 1, 2 of θ were shifted only by +ε" in str(fact)


def test_the_rules_speak_in_their_order():
    calls = cost_calls([shift(0, EPSILON, X=0), shift(0, EPSILON)], n=3, count=2)
    said = [rule.__name__ for rule in obs.N_FORWARD_RULES if rule(calls)]
    assert said == ["wrong_data", "wrong_count", "never_shifted", "shifted_one_way"]


# ------------------------------------------------------------------------------------------- through a real run

def _case(exercise: str, index: int = 0):
    return case_data.build_cases(exercise)[index]


def test_a_check_that_never_calls_the_cost_is_told_so():
    case = _case("gradient_check_n")
    facts = obs.observe(case, execute(lambda parameters, gradients, X, Y, epsilon=1e-7: 0.5, case).record)
    assert "gradient_check_n never called forward_propagation_n" in [fact.observed for fact in facts]


def test_a_one_sided_one_d_check_is_observed_from_its_record():
    def one_sided(x, theta, epsilon=1e-7):
        gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta)) / epsilon  # noqa: F821
        grad = backward_propagation(x, theta)  # noqa: F821
        return abs(grad - gradapprox) / (abs(grad) + abs(gradapprox))

    facts = [str(fact) for fact in obs.observe(_case("gradient_check"), execute(one_sided, _case("gradient_check"))
                                               .record)]
    assert facts == ["Observed: forward_propagation was evaluated 1 time at θ+ε, 1 time at θ itself (a one-sided "
                     "difference); expected: J_plus at θ+ε and J_minus at θ−ε (the two-sided difference)."]


def test_a_refused_call_says_how_it_was_called():
    entry = ("dict", {"function": ("other", "forward_propagation"),
                      "arguments": ("sequence", [("dict", {"kind": ("other", "number"), "value": ("scalar", 4.0)})])})
    fact = obs.refused_call(("dict", {"calls": ("dict", {}), "refused": entry}))
    assert fact is not None and "forward_propagation was called with 1 argument, as forward_propagation(4)" in str(fact)
    assert obs.refused_call(None) is None


def test_the_parameter_count_of_an_n_d_case():
    assert obs.parameter_count(_case("gradient_check_n")) > 0
    assert math.isclose(obs.epsilon_of(_case("gradient_check")), 1e-7)
