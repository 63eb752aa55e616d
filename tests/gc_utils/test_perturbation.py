"""The finite-difference engine: known errors of polynomial costs, the ε policy, the protocol
and its dispatch, copies, float32 steps."""

from __future__ import annotations

import numpy as np
import pytest

from gc_utils.checks import epsilon_sweep, gradient_check_full, numerical_gradient
from gc_utils.deep_network import DeepNetwork
from gc_utils.network import backward_propagation_n, forward_propagation_n
from gc_utils.perturbation import (
    DEFAULT_DIRECTIONAL_EPSILON,
    DEFAULT_EPSILON,
    LESSON_EPSILON,
    METHODS,
    EpsilonError,
    Layout,
    StepTooSmallError,
    approximate,
    check_epsilon,
    loop_perturbed_costs,
    perturbed_costs,
    stacked_perturbed_costs,
)
from tests.gc_utils.costs import CUBIC_POINT, cubic, lesson_costs


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


def test_epsilon_is_honoured():
    small = numerical_gradient(cubic, CUBIC_POINT, 1e-3)["dx"]
    large = numerical_gradient(cubic, CUBIC_POINT, 1e-1)["dx"]
    np.testing.assert_allclose(large - small, 1e-2 - 1e-6, rtol=1e-6)


def test_default_epsilons():
    assert DEFAULT_EPSILON == {"central": 1e-6, "forward": 1e-8, "complex": 1e-20}
    assert set(METHODS) == set(DEFAULT_EPSILON)
    assert DEFAULT_DIRECTIONAL_EPSILON == 1e-5


def test_loop_and_vectorised_paths_agree(lesson_with_cache):
    X, Y, parameters, _ = lesson_with_cache
    by_kind = {kind: numerical_gradient(cost, parameters, 1e-5) for kind, cost in lesson_costs(X, Y).items()}
    for key in by_kind["loop"]:
        np.testing.assert_allclose(by_kind["vectorised"][key], by_kind["loop"][key], rtol=1e-8, atol=1e-10)


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


def test_float32_steps_that_vanish_are_refused_and_swept_as_nan(lesson_with_cache):
    X, Y, parameters, cache = lesson_with_cache
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


def test_a_cost_that_blows_up_names_the_shifted_entry():
    def fragile(p):
        with np.errstate(invalid="ignore"):
            return float(np.sum(np.log(p["x"])))

    point = {"x": np.array([1.0, 1e-9, 2.0])}
    with pytest.raises(ValueError, match=r"cost returned nan at x\[1\] shifted by -1e-06"):
        gradient_check_full(fragile, point, {"dx": 1 / point["x"]})


def test_a_cost_returning_a_tuple_gets_a_hint(lesson_with_cache):
    X, Y, parameters, cache = lesson_with_cache
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


# ----- the protocol's three ways, one answer -------------------------------------------------------------

class VectorBatchCubic:
    """The cubic as a ``VectorBatchCost``: whole flat vectors in, one cost per row."""

    def __init__(self):
        self.batches = []

    def __call__(self, p):
        return cubic(p)

    def costs_of_vectors(self, thetas, layout):
        self.batches.append(thetas.shape)
        rows = layout.rows(thetas)
        return np.sum(rows["x"] ** 3, axis=(1, 2)) + np.sum(rows["y"] ** 3, axis=(1, 2))


def test_the_three_ways_of_evaluating_give_one_answer():
    layout = Layout.of(CUBIC_POINT)
    positions = np.array([0, 2, 4, 1])
    steps = np.array([1e-3, -2e-3, 0.5, 1.0])
    batch = VectorBatchCubic()
    by_batch = perturbed_costs(batch, CUBIC_POINT, layout, positions, steps)
    by_loop = perturbed_costs(cubic, CUBIC_POINT, layout, positions, steps)
    # independently: shift the entry by hand and evaluate the polynomial
    flat = np.concatenate([CUBIC_POINT["x"].ravel(), CUBIC_POINT["y"].ravel()])
    expected = []
    for position, step in zip(positions, steps):
        shifted = flat.copy()
        shifted[position] += step
        expected.append(np.sum(shifted ** 3))
    np.testing.assert_allclose(by_batch, expected, rtol=1e-15)
    np.testing.assert_allclose(by_loop, expected, rtol=1e-15)
    assert batch.batches == [(4, 5)]  # one batch of four shifted vectors of five entries


def test_a_batch_cost_is_evaluated_in_chunks_of_bounded_memory():
    batch = VectorBatchCubic()
    layout = Layout.of(CUBIC_POINT)
    base = layout.flatten(CUBIC_POINT)
    stacked_perturbed_costs(batch.costs_of_vectors, base, layout, np.arange(5), np.ones(5), max_elements=10)
    assert batch.batches == [(2, 5), (2, 5), (1, 5)]


def test_many_epsilons_at_once_equal_one_at_a_time():
    epsilons = [1e-1, 1e-3, 1e-5]
    together = approximate(cubic, CUBIC_POINT, np.arange(5), epsilons)
    for row, epsilon in zip(together, epsilons):
        np.testing.assert_array_equal(row, approximate(cubic, CUBIC_POINT, np.arange(5), epsilon))


def test_the_layout_names_positions_as_messages_do():
    layout = Layout.of({"W1": np.zeros((2, 3)), "b1": np.zeros((2, 1))})
    assert [layout.describe(p) for p in (0, 5, 6, 7)] == ["W1[0, 0]", "W1[1, 2]", "b1[0, 0]", "b1[1, 0]"]
    with pytest.raises(ValueError, match="must have 8 entries"):
        layout.rows(np.zeros((3, 7)))


@pytest.mark.parametrize(("epsilon", "pattern"), [
    (True, "a positive real number; got bool"),
    ("1e-7", "a positive real number; got str"),
    (-1e-7, "a positive, finite number"),
    (np.inf, "a positive, finite number"),
    (1.0, "between 1e-12 and 0.1"),
])
def test_one_validation_one_error_type(epsilon, pattern):
    with pytest.raises(EpsilonError, match=pattern):
        check_epsilon(epsilon, low=1e-12, high=0.1)
    assert issubclass(StepTooSmallError, EpsilonError) and issubclass(EpsilonError, ValueError)


def test_the_explorers_start_at_the_lessons_epsilon():
    assert LESSON_EPSILON == 1e-7  # LESSON.md
    assert DEFAULT_EPSILON["central"] > LESSON_EPSILON  # the checks default off the round-off branch
