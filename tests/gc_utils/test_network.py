"""The lesson's network: the published cost and differences, the catalogue of bugs, its batched cost."""

from __future__ import annotations

import numpy as np
import pytest

from gc_utils import (
    dictionary_to_vector,
    gradients_to_vector,
    vector_to_dictionary,
)
from gc_utils.network import BUGS, LESSON_BUGS, backward_propagation_n, costs_of_vectors, forward_propagation_n
from testCases import gradient_check_n_test_case
from tests.lesson import BOTH_BUGS, COST, ONLY_DB1_BUG, ONLY_DW2_BUG, lesson_loop


def test_cost_at_the_lesson_parameters_is_the_published_one():
    X, Y, parameters = gradient_check_n_test_case()
    cost, cache = forward_propagation_n(X, Y, parameters)
    assert cost == pytest.approx(COST, rel=1e-12)
    assert len(cache) == 12


def lesson_difference(bugs, epsilon=1e-7):
    """The lesson's gradient_check_n, written out independently of public_tests."""
    X, Y, parameters = gradient_check_n_test_case()
    _, cache = forward_propagation_n(X, Y, parameters)
    grad = gradients_to_vector(backward_propagation_n(X, Y, cache, bugs=bugs)).reshape(-1)
    theta, _ = dictionary_to_vector(parameters)
    approx = lesson_loop(lambda t: forward_propagation_n(X, Y, vector_to_dictionary(t))[0], theta, epsilon)
    return np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx))


@pytest.mark.parametrize("bugs, published", [
    (LESSON_BUGS, BOTH_BUGS),
    (("dW2_times_2",), ONLY_DW2_BUG),
    (("db1_4_over_m",), ONLY_DB1_BUG),
])
def test_planted_bugs_reproduce_the_published_differences(bugs, published):
    # Nine digits: at ε = 1e-7 the later ones are round-off and move with the order of operations.
    assert lesson_difference(bugs) == pytest.approx(published, rel=1e-8)


def test_correct_backprop_is_below_the_lesson_threshold():
    assert 1e-8 < lesson_difference(()) < 2e-7  # published CORRECT = 1.19e-07, round-off


def test_severity_blends_between_correct_and_buggy():
    X, Y, parameters = gradient_check_n_test_case()
    _, cache = forward_propagation_n(X, Y, parameters)
    correct = backward_propagation_n(X, Y, cache)
    half = backward_propagation_n(X, Y, cache, bugs=["dW2_times_2"], severity=0.5)
    np.testing.assert_allclose(half["dW2"], 1.5 * correct["dW2"], rtol=1e-12)
    np.testing.assert_array_equal(backward_propagation_n(X, Y, cache, bugs=list(BUGS), severity=0)["dW1"],
                                  correct["dW1"])


@pytest.mark.parametrize("bug", list(BUGS))
def test_every_bug_changes_the_blocks_it_names(bug):
    X, Y, parameters = gradient_check_n_test_case()
    _, cache = forward_propagation_n(X, Y, parameters)
    correct = backward_propagation_n(X, Y, cache)
    buggy = backward_propagation_n(X, Y, cache, bugs=[bug])
    for block in BUGS[bug].blocks:
        assert not np.allclose(buggy[f"d{block}"], correct[f"d{block}"]), block


def test_unknown_bug_is_refused():
    X, Y, parameters = gradient_check_n_test_case()
    _, cache = forward_propagation_n(X, Y, parameters)
    with pytest.raises(ValueError, match="unknown bug"):
        backward_propagation_n(X, Y, cache, bugs=["dW9"])


def test_batched_costs_equal_one_at_a_time_costs():
    X, Y, parameters = gradient_check_n_test_case()
    theta, _ = dictionary_to_vector(parameters)
    rng = np.random.default_rng(3)
    thetas = theta.T + 0.1 * rng.standard_normal((8, 47))
    one_by_one = [forward_propagation_n(X, Y, vector_to_dictionary(t.reshape(-1, 1)))[0] for t in thetas]
    np.testing.assert_allclose(costs_of_vectors(X, Y, thetas), one_by_one, rtol=1e-12)
