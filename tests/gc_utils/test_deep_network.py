"""Tests of gc_utils.deep_network: the general L-layer network and its batched perturbed costs.

References: the lesson's network (gc_utils.network), the complex-step derivative (exact to round-off
for these analytic costs), one plain cost evaluation per shift, and closed-form L2 terms.
"""

from __future__ import annotations

import numpy as np
import pytest

from gc_utils.checks import gradient_check_full, loop_perturbed_costs, numerical_gradient, relative_difference
from gc_utils.deep_network import BUGS, MISTAKES, DeepNetwork, initialize_parameters, synthetic_data
from gc_utils.network import backward_propagation_n, forward_propagation_n

BLOCKS = ("dW1", "db1", "dW2", "db2", "dW3", "db3")


@pytest.fixture
def softmax_case():
    X, Y = synthetic_data(30, 4, 12, seed=0)
    return X, Y, initialize_parameters((30, 20, 10, 4), seed=1)


def complex_step_error(network, parameters, gradients):
    """Relative difference between back-propagation and the complex-step gradient (machine precision)."""
    return gradient_check_full(network, parameters, gradients, method="complex")


# ----- the lesson's network as a special case ---------------------------------------------------

def test_lesson_formula_gives_the_lessons_cost_exactly(lesson):
    X, Y, parameters = lesson
    assert DeepNetwork(X, Y, stable_loss=False)(parameters) == forward_propagation_n(X, Y, parameters)[0]


def test_stable_formula_gives_the_same_cost_to_round_off(lesson):
    X, Y, parameters = lesson
    assert DeepNetwork(X, Y)(parameters) == pytest.approx(2.407833389834357, rel=1e-14)


def test_gradients_match_the_lessons_backward_propagation(lesson):
    X, Y, parameters = lesson
    _, cache = forward_propagation_n(X, Y, parameters)
    reference = backward_propagation_n(X, Y, cache)
    gradients = DeepNetwork(X, Y).gradients(parameters)
    assert list(gradients) == list(BLOCKS)
    for key in BLOCKS:
        np.testing.assert_allclose(gradients[key], reference[key], rtol=1e-13, atol=1e-15)


# ----- back-propagation against the complex step ------------------------------------------------

@pytest.mark.parametrize("options", [{}, {"l2": 0.7}, {"keep_prob": 0.6}, {"l2": 0.3, "keep_prob": 0.8}])
def test_gradients_of_a_softmax_network_are_exact(softmax_case, options):
    X, Y, parameters = softmax_case
    network = DeepNetwork(X, Y, **options)
    assert complex_step_error(network, parameters, network.gradients(parameters)) < 1e-13


def test_gradients_of_a_deeper_sigmoid_network_are_exact():
    X, Y = synthetic_data(6, 1, 9, seed=3)
    parameters = initialize_parameters((6, 7, 5, 4, 1), seed=4)
    network = DeepNetwork(X, Y, l2=0.2)
    assert complex_step_error(network, parameters, network.gradients(parameters)) < 1e-13


def test_l2_term_is_added_to_the_cost(softmax_case):
    X, Y, parameters = softmax_case
    expected = 0.7 / (2 * X.shape[1]) * sum(np.sum(parameters[f"W{layer}"] ** 2) for layer in (1, 2, 3))
    assert DeepNetwork(X, Y, l2=0.7)(parameters) - DeepNetwork(X, Y)(parameters) == pytest.approx(expected, rel=1e-12)


# ----- batched perturbed costs against one evaluation per shift -----------------------------------

@pytest.mark.parametrize("options", [{}, {"l2": 0.5}, {"keep_prob": 0.7}])
@pytest.mark.parametrize("steps", [1e-3, 1e-20j])
def test_perturbed_costs_equal_plain_evaluations(softmax_case, options, steps):
    X, Y, parameters = softmax_case  # 874 parameters: large enough for the layer-by-layer path
    network = DeepNetwork(X, Y, **options)
    n = sum(value.size for value in parameters.values())
    rng = np.random.default_rng(0)
    positions = rng.permutation(n)
    shifts = np.full(n, steps) * rng.choice([-1, 1], size=n)
    batched = network.perturbed_costs(parameters, positions, shifts)
    plain = loop_perturbed_costs(network.cost, parameters, positions, shifts)
    if np.iscomplexobj(shifts):
        np.testing.assert_allclose(batched.imag, plain.imag, rtol=1e-12, atol=1e-36)
        np.testing.assert_allclose(batched.real, plain.real, rtol=1e-14)
    else:
        np.testing.assert_allclose(batched, plain, rtol=1e-14)


def test_perturbed_costs_of_a_small_network_and_any_dict_order(lesson):
    X, Y, parameters = lesson  # 47 parameters: the stacked (dense) path
    network = DeepNetwork(X, Y)
    shuffled = {name: parameters[name] for name in ("b2", "W1", "W3", "b1", "b3", "W2")}
    positions = np.arange(47)
    batched = network.perturbed_costs(shuffled, positions, np.full(47, 1e-4))
    plain = loop_perturbed_costs(network.cost, shuffled, positions, np.full(47, 1e-4))
    np.testing.assert_allclose(batched, plain, rtol=1e-14)
    gradients = network.gradients(parameters)
    assert gradient_check_full(network, shuffled, gradients, method="complex") < 1e-13


def test_float32_network_computes_in_float32(lesson):
    X, Y, parameters = lesson
    parameters32 = {name: value.astype(np.float32) for name, value in parameters.items()}
    network = DeepNetwork(X.astype(np.float32), Y)
    gradients = network.gradients(parameters32)
    assert all(value.dtype == np.float32 for value in gradients.values())
    cost = network(parameters32)
    assert isinstance(cost, float)
    assert cost == pytest.approx(2.407833389834357, rel=1e-6) and cost != DeepNetwork(X, Y)(parameters)
    _, cache = forward_propagation_n(X, Y, parameters)
    reference = backward_propagation_n(X, Y, cache)
    for key in BLOCKS:
        np.testing.assert_allclose(gradients[key], reference[key], rtol=1e-5, atol=1e-6)


# ----- dropout ----------------------------------------------------------------------------------

def test_fresh_masks_change_the_cost_and_break_the_check(softmax_case):
    X, Y, parameters = softmax_case
    fresh = DeepNetwork(X, Y, keep_prob=0.8, dropout="fresh", seed=3)
    assert fresh(parameters) != fresh(parameters)
    assert gradient_check_full(fresh, parameters, fresh.gradients(parameters)) > 0.1


def test_fixed_masks_are_reproducible_and_pass_the_check(softmax_case):
    X, Y, parameters = softmax_case
    fixed = DeepNetwork(X, Y, keep_prob=0.8, dropout="fixed", seed=3)
    assert fixed(parameters) == fixed(parameters) == DeepNetwork(X, Y, keep_prob=0.8, seed=3)(parameters)
    assert fixed(parameters) != DeepNetwork(X, Y)(parameters)
    assert gradient_check_full(fixed, parameters, fixed.gradients(parameters)) < 1e-7


# ----- planted mistakes ---------------------------------------------------------------------------

@pytest.mark.parametrize(("bug", "layer", "changed"), [
    ("dW_missing_1_over_m", 2, {"dW2"}),
    ("db_missing", 3, {"db3"}),
    ("relu_derivative_missing", 2, {"dW2", "db2", "dW1", "db1"}),
    ("relu_derivative_missing", 1, {"dW1", "db1"}),
])
def test_bugs_change_exactly_the_expected_blocks(softmax_case, bug, layer, changed):
    X, Y, parameters = softmax_case
    network = DeepNetwork(X, Y)
    correct = network.gradients(parameters)
    wrong = network.gradients(parameters, bug=bug, layer=layer)
    differing = {key for key in BLOCKS if relative_difference(correct[key], wrong[key]) > 1e-12}
    assert differing == changed
    assert {f"d{kind}{layer}" for kind in BUGS[bug].blocks} <= changed  # the kinds of block it names directly
    assert set(BUGS) == {"dW_missing_1_over_m", "relu_derivative_missing", "db_missing"}


def test_the_old_keyword_and_name_still_work(softmax_case):
    X, Y, parameters = softmax_case
    network = DeepNetwork(X, Y)
    old = network.gradients(parameters, mistake="db_missing", layer=1)
    new = network.gradients(parameters, bug="db_missing", layer=1)
    np.testing.assert_array_equal(old["db1"], new["db1"])
    assert MISTAKES is BUGS


# ----- helpers and errors -------------------------------------------------------------------------

def test_pre_activations_have_one_row_per_unit(softmax_case):
    X, Y, parameters = softmax_case
    Z = DeepNetwork(X, Y).pre_activations(parameters)
    assert {name: value.shape for name, value in Z.items()} == {"Z1": (20, 12), "Z2": (10, 12), "Z3": (4, 12)}


@pytest.mark.parametrize(("kwargs", "pattern"), [
    ({"X": np.ones(3)}, "X must be a 2-D array"),
    ({"Y": np.ones((1, 5))}, r"Y must have shape \(outputs, 4\)"),
    ({"X": np.array([[1.0, np.nan, 0.0, 1.0]])}, r"X has a non-finite value at index \(0, 1\)"),
    ({"keep_prob": 0.0}, r"keep_prob must be in \(0, 1\]"),
    ({"dropout": "sometimes"}, "dropout must be one of"),
    ({"l2": -1.0}, "l2 must be a finite number >= 0"),
])
def test_bad_network_options_are_refused(kwargs, pattern):
    arguments = {"X": np.ones((2, 4)), "Y": np.ones((1, 4))} | kwargs
    X, Y = arguments.pop("X"), arguments.pop("Y")
    with pytest.raises(ValueError, match=pattern):
        DeepNetwork(X, Y, **arguments)


def test_parameters_that_do_not_fit_the_data_are_refused(lesson):
    X, Y, parameters = lesson
    with pytest.raises(ValueError, match=r"W1 has shape \(5, 4\), but X has 3 features"):
        DeepNetwork(X[:3], Y)(parameters)
    with pytest.raises(ValueError, match="W3 has 1 units, but Y has 2 rows"):
        DeepNetwork(X, np.vstack([Y, Y]))(parameters)


def test_bad_bugs_are_refused(lesson):
    X, Y, parameters = lesson
    network = DeepNetwork(X, Y)
    with pytest.raises(ValueError, match="unknown bug 'typo'"):
        network.gradients(parameters, bug="typo", layer=1)
    with pytest.raises(ValueError, match=r"needs layer=1 ... 2"):
        network.gradients(parameters, bug="relu_derivative_missing", layer=3)
    with pytest.raises(TypeError, match="not both"):
        network.gradients(parameters, bug="db_missing", mistake="db_missing", layer=1)
    with pytest.raises(TypeError, match="dtype must be float32 or float64"):
        initialize_parameters((2, 1), dtype=np.int64)


def test_numerical_gradient_of_the_network_matches_backprop_in_float64(softmax_case):
    X, Y, parameters = softmax_case
    network = DeepNetwork(X, Y)
    approx = numerical_gradient(network, parameters, 1e-6)
    gradients = network.gradients(parameters)
    assert max(relative_difference(gradients[key], approx[key]) for key in BLOCKS) < 1e-7
