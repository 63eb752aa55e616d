"""Tests of gc_utils.checks against known answers.

Independent references: polynomial costs whose finite-difference errors are known in closed form,
the lesson's published differences, the catalogue of bugs (which blocks a bug changes is computed
by comparing the buggy back-propagation with the correct one, not by the checks), the complex step.
"""

from __future__ import annotations

import numpy as np
import pytest

from gc_utils.checks import (
    DEFAULT_DIRECTIONAL_EPSILON,
    DEFAULT_EPSILON,
    METHODS,
    THRESHOLD,
    StepTooSmallError,
    check_blocks,
    complex_step_derivative,
    epsilon_sweep,
    format_block_report,
    gradient_check_directional,
    gradient_check_full,
    gradient_check_subset,
    loop_perturbed_costs,
    numerical_gradient,
    relative_difference,
    suspect_blocks,
    worst_entries,
)
from gc_utils.deep_network import DeepNetwork, initialize_parameters, synthetic_data
from gc_utils.network import BUGS, LESSON_BUGS, backward_propagation_n, forward_propagation_n
from gc_utils.perturbation import EpsilonError
from testCases import gradient_check_n_test_case

# The lesson's published values of gradient_check_n at epsilon = 1e-7.
BOTH_BUGS = 0.2850931567761623
ONLY_DW2_BUG = 0.17344196893145924  # db1 fixed
ONLY_DB1_BUG = 0.2544229712458523  # dW2 fixed


@pytest.fixture
def lesson():
    X, Y, parameters = gradient_check_n_test_case()
    _, cache = forward_propagation_n(X, Y, parameters)
    return X, Y, parameters, cache


def lesson_cost(X, Y):
    return lambda p: forward_propagation_n(X, Y, p)[0]


def lesson_costs(X, Y):
    """The lesson's cost as a plain callable (one call per shift) and as a vectorised DeepNetwork."""
    return {"loop": lesson_cost(X, Y), "vectorised": DeepNetwork(X, Y, stable_loss=False)}


def cubic(p):
    return np.sum(p["x"] ** 3) + np.sum(p["y"] ** 3)  # complex-safe: no float()


CUBIC_POINT = {"x": np.array([[0.5, -1.0, 2.0]]), "y": np.array([[1.5], [-0.25]])}


# ----- relative_difference ------------------------------------------------------------------------

def test_relative_difference_known_values():
    assert relative_difference([3.0, 4.0], [3.0, 4.0]) == 0.0
    assert relative_difference([1.0, 0.0], [0.0, 0.0]) == 1.0
    assert relative_difference([0.0], [0.0]) == 0.0
    assert relative_difference([2.0], [1.0]) == pytest.approx(1 / 3, rel=1e-15)


def test_relative_difference_rejects_bad_input():
    with pytest.raises(ValueError, match="same shape"):
        relative_difference([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="gradapprox has a non-finite value at index \\(1,\\)"):
        relative_difference([1.0, 2.0], [1.0, np.nan])


# ----- known answers on polynomials ---------------------------------------------------------------

@pytest.mark.parametrize("epsilon", [1e-2, 3e-2])
def test_central_difference_of_a_cubic_has_error_epsilon_squared(epsilon):
    # ((t + e)^3 - (t - e)^3) / 2e = 3 t^2 + e^2 exactly: a one-sided difference or a wrong divisor breaks this.
    approx = numerical_gradient(cubic, CUBIC_POINT, epsilon)
    for name, values in CUBIC_POINT.items():
        np.testing.assert_allclose(approx[f"d{name}"], 3 * values ** 2 + epsilon ** 2, rtol=1e-9)


def test_forward_difference_of_a_cubic_has_the_known_error():
    epsilon = 1e-2
    approx = numerical_gradient(cubic, CUBIC_POINT, epsilon, method="forward")
    for name, t in CUBIC_POINT.items():
        np.testing.assert_allclose(approx[f"d{name}"], 3 * t ** 2 + 3 * t * epsilon + epsilon ** 2, rtol=1e-9)


def test_complex_step_of_a_cubic_is_exact():
    approx = numerical_gradient(cubic, CUBIC_POINT, method="complex")
    for name, values in CUBIC_POINT.items():
        np.testing.assert_allclose(approx[f"d{name}"], 3 * values ** 2, rtol=1e-14)


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


def test_epsilon_is_honoured():
    small = numerical_gradient(cubic, CUBIC_POINT, 1e-3)["dx"]
    large = numerical_gradient(cubic, CUBIC_POINT, 1e-1)["dx"]
    np.testing.assert_allclose(large - small, 1e-2 - 1e-6, rtol=1e-6)


def test_default_epsilons():
    assert DEFAULT_EPSILON == {"central": 1e-6, "forward": 1e-8, "complex": 1e-20}
    assert set(METHODS) == set(DEFAULT_EPSILON)
    assert DEFAULT_DIRECTIONAL_EPSILON == 1e-5


# ----- the lesson's numbers ---------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["loop", "vectorised"])
@pytest.mark.parametrize(("bugs", "published"), [
    (LESSON_BUGS, BOTH_BUGS), (("dW2_times_2",), ONLY_DW2_BUG), (("db1_4_over_m",), ONLY_DB1_BUG),
])
def test_full_check_reproduces_the_published_values(lesson, kind, bugs, published):
    X, Y, parameters, cache = lesson
    gradients = backward_propagation_n(X, Y, cache, bugs=bugs)
    difference = gradient_check_full(lesson_costs(X, Y)[kind], parameters, gradients, 1e-7)
    assert isinstance(difference, float)
    assert difference == pytest.approx(published, rel=1e-7)


def test_stable_cost_also_reproduces_the_published_value(lesson):
    X, Y, parameters, cache = lesson
    gradients = backward_propagation_n(X, Y, cache, bugs=LESSON_BUGS)
    assert gradient_check_full(DeepNetwork(X, Y), parameters, gradients, 1e-7) == pytest.approx(BOTH_BUGS, rel=1e-7)


def test_correct_backprop_sits_on_the_round_off_branch_at_the_lessons_epsilon(lesson):
    # Published about 1.19e-7 (third digit machine-dependent); 8e-9 at 1e-6 and 1.2e-6 at 1e-8.
    X, Y, parameters, cache = lesson
    gradients = backward_propagation_n(X, Y, cache)
    cost = lesson_cost(X, Y)
    assert 8e-8 < gradient_check_full(cost, parameters, gradients, 1e-7) < THRESHOLD
    assert gradient_check_full(cost, parameters, gradients, 1e-6) < 3e-8
    assert 3e-7 < gradient_check_full(cost, parameters, gradients, 1e-8)


def test_complex_step_check_of_the_lesson_network_is_at_machine_precision(lesson):
    X, Y, parameters, cache = lesson
    gradients = backward_propagation_n(X, Y, cache)
    for cost in lesson_costs(X, Y).values():
        assert gradient_check_full(cost, parameters, gradients, method="complex") < 1e-12
        approx = numerical_gradient(cost, parameters, method="complex")
        for name in parameters:
            np.testing.assert_allclose(approx[f"d{name}"], gradients[f"d{name}"], rtol=1e-12, atol=1e-14)


def test_loop_and_vectorised_paths_agree(lesson):
    X, Y, parameters, _ = lesson
    by_kind = {kind: numerical_gradient(cost, parameters, 1e-5) for kind, cost in lesson_costs(X, Y).items()}
    for key in by_kind["loop"]:
        np.testing.assert_allclose(by_kind["vectorised"][key], by_kind["loop"][key], rtol=1e-8, atol=1e-10)


# ----- per-block reports and localisation -------------------------------------------------------

def changed_blocks(X, Y, cache, bug):
    """Blocks whose back-propagated gradient the bug really changes at this point (independent of the checks)."""
    correct = backward_propagation_n(X, Y, cache)
    buggy = backward_propagation_n(X, Y, cache, bugs=(bug,))
    return [name for name in ("W1", "b1", "W2", "b2", "W3", "b3")
            if relative_difference(correct[f"d{name}"], buggy[f"d{name}"]) > 1e-6]


@pytest.mark.parametrize("bug", list(BUGS))
def test_per_block_check_names_the_blocks_each_bug_changes(lesson, bug):
    X, Y, parameters, cache = lesson
    expected = changed_blocks(X, Y, cache, bug)
    if not expected:
        pytest.skip(f"{bug} does not change any gradient at the lesson's point")
    assert set(expected) <= set(BUGS[bug].blocks)
    gradients = backward_propagation_n(X, Y, cache, bugs=(bug,))
    report = gradient_check_full(DeepNetwork(X, Y), parameters, gradients, per_block=True)
    assert list(report) == ["W1", "b1", "W2", "b2", "W3", "b3", "all"]
    assert suspect_blocks(report) == expected


def test_check_blocks_keeps_the_lessons_interface(lesson):
    X, Y, parameters, cache = lesson
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


# ----- subset and directional checks ------------------------------------------------------------

def test_subset_with_every_entry_equals_the_full_check(lesson):
    X, Y, parameters, cache = lesson
    gradients = backward_propagation_n(X, Y, cache, bugs=LESSON_BUGS)
    network = DeepNetwork(X, Y)
    assert gradient_check_subset(network, parameters, gradients, k=47) == gradient_check_full(
        network, parameters, gradients)


@pytest.mark.parametrize("k", [6, 7, 10, 30, 46])
def test_subset_samples_every_block_and_flags_only_wrong_blocks(lesson, k):
    X, Y, parameters, cache = lesson
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


def test_directional_check_passes_a_correct_gradient_and_flags_a_planted_bug(lesson):
    X, Y, parameters, cache = lesson
    network = DeepNetwork(X, Y)
    assert gradient_check_directional(network, parameters, backward_propagation_n(X, Y, cache)) < 1e-8
    buggy = backward_propagation_n(X, Y, cache, bugs=LESSON_BUGS)
    assert gradient_check_directional(network, parameters, buggy, n_directions=1) > 1e-3
    report = gradient_check_directional(network, parameters, buggy, per_block=True)
    assert suspect_blocks(report) == ["b1", "W2"]
    assert gradient_check_directional(network, parameters, buggy, method="complex", epsilon=1e-20) > 1e-3


def test_directional_check_per_block_does_not_cry_wolf_on_a_softmax_layer():
    # A softmax layer's bias gradient sums to zero over the classes: a direction with equal entries (as
    # random signs can draw in a small block) would be orthogonal to it and measure only round-off.
    X, Y = synthetic_data(20, 3, 16, seed=0)
    parameters = initialize_parameters((20, 16, 8, 3), seed=1)
    network = DeepNetwork(X, Y)
    gradients = network.gradients(parameters)
    assert abs(gradients["db3"].sum()) < 1e-15
    for seed in range(10):
        report = gradient_check_directional(network, parameters, gradients, per_block=True, seed=seed)
        assert max(report.values()) < 1e-8, (seed, report)


def test_directional_slope_of_a_linear_cost_is_exact():
    rng = np.random.default_rng(2)
    weights = {"a": rng.standard_normal((3, 4)), "b": rng.standard_normal(5)}
    point = {"a": rng.standard_normal((3, 4)), "b": rng.standard_normal(5)}

    def linear(p):
        return np.sum(weights["a"] * p["a"]) + weights["b"] @ p["b"]

    gradients = {"da": weights["a"], "db": weights["b"]}
    for method in METHODS:
        assert gradient_check_directional(linear, point, gradients, 4, 1e-3 if method != "complex" else None,
                                          method=method) < 1e-10
    shifted = {"da": weights["a"], "db": weights["b"] + 0.1}
    assert gradient_check_directional(linear, point, shifted, per_block=True)["b"] > 1e-3


def test_directional_check_is_fair_to_float32(lesson):
    X, Y, parameters, cache = lesson
    parameters32 = {name: value.astype(np.float32) for name, value in parameters.items()}
    network32 = DeepNetwork(X.astype(np.float32), Y)
    gradients = backward_propagation_n(X, Y, cache)
    assert gradient_check_directional(network32, parameters32, gradients, epsilon=1e-2) < 1e-4


def test_seeds_make_random_checks_reproducible(lesson):
    X, Y, parameters, cache = lesson
    gradients = backward_propagation_n(X, Y, cache, bugs=LESSON_BUGS)
    network = DeepNetwork(X, Y)
    for check in (lambda s: gradient_check_subset(network, parameters, gradients, 10, seed=s),
                  lambda s: gradient_check_directional(network, parameters, gradients, 2, seed=s)):
        assert check(3) == check(3)
        assert check(3) != check(4)


# ----- the complex step -------------------------------------------------------------------------

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


# ----- the protocol, copies, float32 ------------------------------------------------------------

def test_a_cost_with_perturbed_costs_is_called_once():
    calls = []

    class Counting:
        def __call__(self, p):
            return cubic(p)

        def perturbed_costs(self, parameters, positions, steps):
            calls.append(len(positions))
            return loop_perturbed_costs(cubic, parameters, positions, steps)

    gradients = {"dx": 3 * CUBIC_POINT["x"] ** 2, "dy": 3 * CUBIC_POINT["y"] ** 2}
    assert gradient_check_full(Counting(), CUBIC_POINT, gradients, 1e-4) < 1e-7
    assert calls == [10]  # 5 entries, shifted up and down, in one call


@pytest.mark.parametrize("kind", ["loop", "vectorised"])
def test_checks_do_not_modify_the_callers_arrays(lesson, kind):
    X, Y, parameters, cache = lesson
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


def test_float32_steps_that_vanish_are_refused_and_swept_as_nan(lesson):
    X, Y, parameters, cache = lesson
    parameters32 = {name: value.astype(np.float32) for name, value in parameters.items()}
    network32 = DeepNetwork(X.astype(np.float32), Y)
    gradients = backward_propagation_n(X, Y, cache)
    with pytest.raises(StepTooSmallError, match=r"epsilon=1e-09 is too small for W1\[0, 0\]"):
        gradient_check_full(network32, parameters32, gradients, 1e-9)
    sweep = epsilon_sweep(network32, parameters32, gradients, [1e-9, 1e-2], methods=("central",))
    assert np.isnan(sweep["central"][0]) and sweep["central"][1] < 1e-4


def test_differences_are_divided_by_the_step_the_rounded_parameters_really_take():
    # In float32, 1 + 1.5e-7 rounds to 1 + 2**-23: the step taken is not epsilon. For a cost that is exactly
    # linear in the stored values, dividing by the real distance gives the slope exactly; dividing by 2 epsilon
    # would be off by about 20%.
    slope = np.array([2.0, -3.0, 0.5])
    point = {"w": np.array([1.0, 3.0, -0.75], dtype=np.float32)}

    def linear(p):
        return float(np.sum(p["w"].astype(np.float64) * slope))

    for method in ("central", "forward"):
        assert gradient_check_full(linear, point, {"dw": slope}, 1.5e-7, method=method) < 1e-14


def test_epsilon_sweep_matches_single_checks(lesson):
    X, Y, parameters, cache = lesson
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


# ----- errors that say where --------------------------------------------------------------------

def test_missing_gradient_names_the_expected_key(lesson):
    X, Y, parameters, cache = lesson
    gradients = dict(backward_propagation_n(X, Y, cache))
    del gradients["dW2"]
    with pytest.raises(KeyError, match="no entry for parameter 'W2': expected key 'dW2'"):
        gradient_check_full(lesson_cost(X, Y), parameters, gradients)


def test_mismatched_shapes_are_named(lesson):
    X, Y, parameters, cache = lesson
    gradients = dict(backward_propagation_n(X, Y, cache))
    gradients["db1"] = gradients["db1"].reshape(-1)
    with pytest.raises(ValueError, match=r"gradients\['db1'\] has shape \(5,\), but parameters\['b1'\] has shape"):
        gradient_check_subset(lesson_cost(X, Y), parameters, gradients, 10)


@pytest.mark.parametrize("where", ["parameters", "gradients"])
def test_non_finite_values_are_located(lesson, where):
    X, Y, parameters, cache = lesson
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


def test_a_cost_that_blows_up_names_the_shifted_entry():
    def fragile(p):
        with np.errstate(invalid="ignore"):
            return float(np.sum(np.log(p["x"])))

    point = {"x": np.array([1.0, 1e-9, 2.0])}
    with pytest.raises(ValueError, match=r"cost returned nan at x\[1\] shifted by -1e-06"):
        gradient_check_full(fragile, point, {"dx": 1 / point["x"]})


def test_a_cost_returning_a_tuple_gets_a_hint(lesson):
    X, Y, parameters, cache = lesson
    with pytest.raises(TypeError, match="wrap it"):
        gradient_check_full(lambda p: forward_propagation_n(X, Y, p), parameters,
                            backward_propagation_n(X, Y, cache))


@pytest.mark.parametrize(("kwargs", "error", "pattern"), [
    ({"epsilon": 0.0}, EpsilonError, "epsilon must be a positive, finite number"),
    ({"epsilon": np.nan}, EpsilonError, "epsilon must be a positive, finite number"),
    ({"epsilon": "small"}, EpsilonError, "epsilon must be a positive real number"),
    ({"method": "backward"}, ValueError, "method must be one of"),
])
def test_bad_options_are_refused(kwargs, error, pattern):
    gradients = {"dx": 3 * CUBIC_POINT["x"] ** 2, "dy": 3 * CUBIC_POINT["y"] ** 2}
    with pytest.raises(error, match=pattern):
        gradient_check_full(cubic, CUBIC_POINT, gradients, **kwargs)


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
