"""The entry-wise checks of gc_utils.checks against known answers.

Independent references: polynomial costs whose finite-difference errors are known in closed form,
the lesson's published differences, the catalogue of bugs (which blocks a bug changes is computed
by comparing the buggy back-propagation with the correct one, not by the checks), the complex step.
"""

from __future__ import annotations

import numpy as np
import pytest

from gc_utils.checks import (
    METHODS,
    THRESHOLD,
    check_blocks,
    complex_step_derivative,
    epsilon_sweep,
    format_block_report,
    gradient_check_directional,
    gradient_check_full,
    gradient_check_subset,
    numerical_gradient,
    relative_difference,
    suspect_blocks,
    worst_entries,
)
from gc_utils.deep_network import DeepNetwork
from gc_utils.network import BUGS, LESSON_BUGS, backward_propagation_n, forward_propagation_n
from tests.gc_utils.costs import CUBIC_POINT, cubic, lesson_cost, lesson_costs
from tests.lesson import BOTH_BUGS, ONLY_DB1_BUG, ONLY_DW2_BUG


def test_quadratic_cost_is_checked_exactly_whatever_the_step():
    rng = np.random.default_rng(4)
    A = rng.standard_normal((6, 6))
    A = A @ A.T
    b = rng.standard_normal(6)
    theta = {"theta": rng.standard_normal(6)}

    def quadratic(p):
        return float(0.5 * p["theta"] @ A @ p["theta"] + b @ p["theta"])

    gradients = {"dtheta": A @ theta["theta"] + b}
    for epsilon in (1e-4, 1e-2, 1.0):  # no third derivative: only round-off remains
        assert gradient_check_full(quadratic, theta, gradients, epsilon) < 1e-10
    wrong = {"dtheta": gradients["dtheta"] + np.eye(6)[2] * 1e-3}
    assert gradient_check_full(quadratic, theta, wrong) > 1e-5


@pytest.mark.parametrize("kind", ["loop", "vectorised"])
@pytest.mark.parametrize(("bugs", "published"), [
    (LESSON_BUGS, BOTH_BUGS), (("dW2_times_2",), ONLY_DW2_BUG), (("db1_4_over_m",), ONLY_DB1_BUG),
])
def test_full_check_reproduces_the_published_values(lesson_with_cache, kind, bugs, published):
    X, Y, parameters, cache = lesson_with_cache
    gradients = backward_propagation_n(X, Y, cache, bugs=bugs)
    difference = gradient_check_full(lesson_costs(X, Y)[kind], parameters, gradients, 1e-7)
    assert isinstance(difference, float)
    assert difference == pytest.approx(published, rel=1e-7)


def test_stable_cost_also_reproduces_the_published_value(lesson_with_cache):
    X, Y, parameters, cache = lesson_with_cache
    gradients = backward_propagation_n(X, Y, cache, bugs=LESSON_BUGS)
    assert gradient_check_full(DeepNetwork(X, Y), parameters, gradients, 1e-7) == pytest.approx(BOTH_BUGS, rel=1e-7)


def test_correct_backprop_sits_on_the_round_off_branch_at_the_lessons_epsilon(lesson_with_cache):
    # Published about 1.19e-7 (third digit machine-dependent); 8e-9 at 1e-6 and 1.2e-6 at 1e-8.
    X, Y, parameters, cache = lesson_with_cache
    gradients = backward_propagation_n(X, Y, cache)
    cost = lesson_cost(X, Y)
    assert 8e-8 < gradient_check_full(cost, parameters, gradients, 1e-7) < THRESHOLD
    assert gradient_check_full(cost, parameters, gradients, 1e-6) < 3e-8
    assert 3e-7 < gradient_check_full(cost, parameters, gradients, 1e-8)


def test_complex_step_check_of_the_lesson_network_is_at_machine_precision(lesson_with_cache):
    X, Y, parameters, cache = lesson_with_cache
    gradients = backward_propagation_n(X, Y, cache)
    for cost in lesson_costs(X, Y).values():
        assert gradient_check_full(cost, parameters, gradients, method="complex") < 1e-12
        approx = numerical_gradient(cost, parameters, method="complex")
        for name in parameters:
            np.testing.assert_allclose(approx[f"d{name}"], gradients[f"d{name}"], rtol=1e-12, atol=1e-14)


def changed_blocks(X, Y, cache, bug):
    """Blocks whose back-propagated gradient the bug really changes at this point (independent of the checks)."""
    correct = backward_propagation_n(X, Y, cache)
    buggy = backward_propagation_n(X, Y, cache, bugs=(bug,))
    return [name for name in ("W1", "b1", "W2", "b2", "W3", "b3")
            if relative_difference(correct[f"d{name}"], buggy[f"d{name}"]) > 1e-6]


@pytest.mark.parametrize("bug", list(BUGS))
def test_per_block_check_names_the_blocks_each_bug_changes(lesson_with_cache, bug):
    X, Y, parameters, cache = lesson_with_cache
    expected = changed_blocks(X, Y, cache, bug)
    if not expected:
        pytest.skip(f"{bug} does not change any gradient at the lesson's point")
    assert set(expected) <= set(BUGS[bug].blocks)
    gradients = backward_propagation_n(X, Y, cache, bugs=(bug,))
    report = gradient_check_full(DeepNetwork(X, Y), parameters, gradients, per_block=True)
    assert list(report) == ["W1", "b1", "W2", "b2", "W3", "b3", "all"]
    assert suspect_blocks(report) == expected


def test_check_blocks_keeps_the_lessons_interface(lesson_with_cache):
    X, Y, parameters, cache = lesson_with_cache
    gradients = backward_propagation_n(X, Y, cache, bugs=LESSON_BUGS)
    report = check_blocks(forward_propagation_n, parameters, gradients, X, Y, 1e-7)
    assert list(report) == ["W1", "b1", "W2", "b2", "W3", "b3", "all"]
    assert all(isinstance(value, float) for value in report.values())
    assert report["all"] == pytest.approx(BOTH_BUGS, rel=1e-7)
    assert suspect_blocks(check_blocks(forward_propagation_n, parameters, gradients, X, Y)) == ["b1", "W2"]
    table = format_block_report(report)
    assert table.splitlines()[0].split() == ["block", "difference", "verdict"]
    assert "W2" in table and "MISTAKE?" in table


def test_format_block_report_digits():
    table = format_block_report({"W1": 1.23456e-9, "all": 0.3}, digits=1)
    assert table.splitlines()[1].split() == ["W1", "1.2e-09", "ok"]
    assert table.splitlines()[2].split() == ["all", "3.0e-01", "MISTAKE?"]


def test_suspect_blocks_leaves_out_all_and_keeps_order():
    report = {"W1": 1e-3, "b1": 1e-9, "W2": 0.5, "all": 0.4}
    assert suspect_blocks(report) == ["W1", "W2"]
    assert suspect_blocks(report, threshold=0.1) == ["W2"]


def test_subset_with_every_entry_equals_the_full_check(lesson_with_cache):
    X, Y, parameters, cache = lesson_with_cache
    gradients = backward_propagation_n(X, Y, cache, bugs=LESSON_BUGS)
    network = DeepNetwork(X, Y)
    assert gradient_check_subset(network, parameters, gradients, k=47) == gradient_check_full(
        network, parameters, gradients)


@pytest.mark.parametrize("k", [6, 7, 10, 30, 46])
def test_subset_samples_every_block_and_flags_only_wrong_blocks(lesson_with_cache, k):
    X, Y, parameters, cache = lesson_with_cache
    gradients = backward_propagation_n(X, Y, cache, bugs=LESSON_BUGS)
    report = gradient_check_subset(DeepNetwork(X, Y), parameters, gradients, k=k, per_block=True)
    assert set(report) == {"W1", "b1", "W2", "b2", "W3", "b3", "all"}
    # A tiny sample may hit only entries where the bug happens to be invisible (a zero gradient doubled).
    assert set(suspect_blocks(report)) <= {"b1", "W2"}
    if k >= 30:
        assert suspect_blocks(report) == ["b1", "W2"]
    correct = backward_propagation_n(X, Y, cache)
    assert gradient_check_subset(DeepNetwork(X, Y), parameters, correct, k=k) < 1e-7


def test_subset_allocation_sums_to_k():
    from gc_utils.checks import _subset_counts

    rng = np.random.default_rng(0)
    for _ in range(200):
        sizes = rng.integers(1, 50, size=rng.integers(1, 8))
        k = int(rng.integers(len(sizes), sizes.sum() + 1))
        counts = _subset_counts(sizes, k)
        assert counts.sum() == k
        assert np.all(counts >= 1) and np.all(counts <= sizes)


def test_seeds_make_random_checks_reproducible(lesson_with_cache):
    X, Y, parameters, cache = lesson_with_cache
    gradients = backward_propagation_n(X, Y, cache, bugs=LESSON_BUGS)
    network = DeepNetwork(X, Y)
    for check in (lambda s: gradient_check_subset(network, parameters, gradients, 10, seed=s),
                  lambda s: gradient_check_directional(network, parameters, gradients, 2, seed=s)):
        assert check(3) == check(3)
        assert check(3) != check(4)


def test_complex_step_derivative_known_functions():
    x = np.linspace(-2.0, 3.0, 11)
    np.testing.assert_allclose(complex_step_derivative(np.sin, x), np.cos(x), rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(complex_step_derivative(np.exp, x), np.exp(x), rtol=1e-14)
    np.testing.assert_allclose(complex_step_derivative(lambda t: t ** 3 - 2 * t, x), 3 * x ** 2 - 2,
                               rtol=1e-13, atol=1e-14)
    assert complex_step_derivative(lambda t: t ** 3, 2.0) == 12.0


def test_complex_step_refuses_functions_that_are_not_complex_safe():
    with pytest.raises(TypeError, match="not complex-safe"):
        complex_step_derivative(np.abs, 1.0)
    with pytest.raises(TypeError, match="not complex-safe"):
        numerical_gradient(lambda p: float(np.sum(np.abs(p["x"]))), {"x": np.ones(2)}, method="complex")
    with pytest.raises(TypeError, match="not complex-safe"):
        gradient_check_directional(lambda p: float(np.sum(p["x"])), {"x": np.ones(2)}, {"dx": np.ones(2)},
                                   method="complex")
    with pytest.raises(TypeError, match="x must hold real numbers"):
        complex_step_derivative(np.sin, 1j)
    with pytest.raises(ValueError, match="h must be a positive"):
        complex_step_derivative(np.sin, 1.0, h=0.0)


@pytest.mark.parametrize("kind", ["loop", "vectorised"])
def test_checks_do_not_modify_the_callers_arrays(lesson_with_cache, kind):
    X, Y, parameters, cache = lesson_with_cache
    gradients = backward_propagation_n(X, Y, cache, bugs=LESSON_BUGS)
    before = {name: value.copy() for name, value in parameters.items()}
    grads_before = {name: value.copy() for name, value in gradients.items()}
    cost = lesson_costs(X, Y)[kind]
    for method in METHODS:
        gradient_check_full(cost, parameters, gradients, method=method)
    gradient_check_subset(cost, parameters, gradients, 10)
    gradient_check_directional(cost, parameters, gradients, per_block=True)
    for name in before:
        np.testing.assert_array_equal(parameters[name], before[name])
    for name in grads_before:
        np.testing.assert_array_equal(gradients[name], grads_before[name])


def test_epsilon_sweep_matches_single_checks(lesson_with_cache):
    X, Y, parameters, cache = lesson_with_cache
    gradients = backward_propagation_n(X, Y, cache)
    network = DeepNetwork(X, Y)
    sweep = epsilon_sweep(network, parameters, gradients, [1e-6, 1e-4])
    assert set(sweep) == set(METHODS)
    assert sweep["central"][1] == gradient_check_full(network, parameters, gradients, 1e-4)
    assert sweep["forward"][0] == gradient_check_full(network, parameters, gradients, 1e-6, method="forward")


def test_worst_entries_finds_a_planted_error():
    gradients = {"dW": np.arange(6.0).reshape(2, 3), "db": np.zeros((2, 1))}
    approx = {key: value.copy() for key, value in gradients.items()}
    approx["dW"][1, 2] += 0.5
    approx["db"][0, 0] -= 0.1
    rows = worst_entries(gradients, approx, count=2)
    assert rows == [("dW", (1, 2), 5.0, 5.5), ("db", (0, 0), 0.0, -0.1)]


def test_missing_gradient_names_the_expected_key(lesson_with_cache):
    X, Y, parameters, cache = lesson_with_cache
    gradients = dict(backward_propagation_n(X, Y, cache))
    del gradients["dW2"]
    with pytest.raises(KeyError, match="no entry for parameter 'W2': expected key 'dW2'"):
        gradient_check_full(lesson_cost(X, Y), parameters, gradients)


def test_mismatched_shapes_are_named(lesson_with_cache):
    X, Y, parameters, cache = lesson_with_cache
    gradients = dict(backward_propagation_n(X, Y, cache))
    gradients["db1"] = gradients["db1"].reshape(-1)
    with pytest.raises(ValueError, match=r"gradients\['db1'\] has shape \(5,\), but parameters\['b1'\] has shape"):
        gradient_check_subset(lesson_cost(X, Y), parameters, gradients, 10)


@pytest.mark.parametrize("where", ["parameters", "gradients"])
def test_non_finite_values_are_located(lesson_with_cache, where):
    X, Y, parameters, cache = lesson_with_cache
    gradients = dict(backward_propagation_n(X, Y, cache))
    parameters = dict(parameters)
    if where == "parameters":
        parameters["W2"] = parameters["W2"].copy()
        parameters["W2"][1, 3] = np.inf
        pattern = r"parameters\['W2'\] has a non-finite value at index \(1, 3\)"
    else:
        gradients["dW3"] = gradients["dW3"].copy()
        gradients["dW3"][0, 2] = np.nan
        pattern = r"gradients\['dW3'\] has a non-finite value at index \(0, 2\)"
    with pytest.raises(ValueError, match=pattern):
        gradient_check_directional(lesson_cost(X, Y), parameters, gradients)


def test_bad_counts_are_refused():
    gradients = {"dx": 3 * CUBIC_POINT["x"] ** 2, "dy": 3 * CUBIC_POINT["y"] ** 2}
    with pytest.raises(ValueError, match=r"k must be between 2 and 5"):
        gradient_check_subset(cubic, CUBIC_POINT, gradients, k=1)
    with pytest.raises(ValueError, match=r"k must be between 2 and 5"):
        gradient_check_subset(cubic, CUBIC_POINT, gradients, k=6)
    with pytest.raises(TypeError, match="k must be an integer"):
        gradient_check_subset(cubic, CUBIC_POINT, gradients, k=2.5)
    with pytest.raises(ValueError, match="n_directions must be >= 1"):
        gradient_check_directional(cubic, CUBIC_POINT, gradients, n_directions=0)


def test_bad_parameter_dicts_are_refused():
    with pytest.raises(TypeError, match="parameters must be a dict"):
        numerical_gradient(cubic, [np.ones(3)])
    with pytest.raises(ValueError, match="parameters is empty"):
        numerical_gradient(cubic, {})
    with pytest.raises(TypeError, match=r"parameters\['x'\] must hold real floating-point numbers"):
        numerical_gradient(cubic, {"x": np.array([1, 2])})
    with pytest.raises(TypeError, match="parameters mix floating-point types"):
        numerical_gradient(cubic, {"x": np.ones(2), "y": np.ones(2, dtype=np.float32)})
    with pytest.raises(TypeError, match="gradients must be a dict"):
        gradient_check_full(cubic, CUBIC_POINT, None)
