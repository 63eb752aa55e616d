"""gc_utils: the lesson's API (packing, activations), the reference network and testCases."""

import warnings

import numpy as np
import pytest

import gc_utils
from gc_utils import (
    LESSON_SHAPES,
    dictionary_to_vector,
    gradients_to_vector,
    layer_shapes,
    relu,
    shapes_of,
    sigmoid,
    vector_to_dictionary,
)
from gc_utils.network import BUGS, LESSON_BUGS, backward_propagation_n, costs_of_vectors, forward_propagation_n
from testCases import gradient_check_n_test_case


def random_parameters(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    return {name: rng.standard_normal(shape) for name, shape in layer_shapes(layer_sizes).items()}


# ---------------------------------------------------------------------------------------------- packing

def test_lesson_vector_has_47_entries_in_lesson_order():
    _, _, parameters = gradient_check_n_test_case()
    theta, keys = dictionary_to_vector(parameters)
    assert theta.shape == (47, 1)
    assert keys == ["W1"] * 20 + ["b1"] * 5 + ["W2"] * 15 + ["b2"] * 3 + ["W3"] * 3 + ["b3"]
    # Row-major flattening: the second entry is W1[0, 1], the fifth W1[1, 0].
    assert theta[1, 0] == parameters["W1"][0, 1] and theta[4, 0] == parameters["W1"][1, 0]
    assert theta[20, 0] == parameters["b1"][0, 0]


def test_vector_to_dictionary_defaults_to_the_lesson_network():
    _, _, parameters = gradient_check_n_test_case()
    theta, _ = dictionary_to_vector(parameters)
    rebuilt = vector_to_dictionary(theta)
    assert list(rebuilt) == list(LESSON_SHAPES)
    for name in parameters:
        np.testing.assert_array_equal(rebuilt[name], parameters[name])


@pytest.mark.parametrize("sizes", [(2, 1), (4, 5, 3, 1), (784, 16, 10), (3, 7, 6, 5, 4, 2, 1)])
def test_round_trip_for_any_depth_and_sizes(sizes):
    parameters = random_parameters(sizes)
    theta, keys = dictionary_to_vector(parameters)
    assert theta.shape == (sum(p.size for p in parameters.values()), 1)
    assert len(keys) == theta.shape[0]
    rebuilt = vector_to_dictionary(theta, shapes_of(parameters))
    assert all(np.array_equal(rebuilt[k], parameters[k]) for k in parameters)
    gradients = {f"d{k}": v for k, v in parameters.items()} | {"dZ1": np.zeros(3)}
    np.testing.assert_array_equal(gradients_to_vector(gradients), theta)


def test_rebuilt_dictionary_does_not_share_memory_with_theta():
    theta = np.arange(47.0).reshape(-1, 1)
    rebuilt = vector_to_dictionary(theta)
    rebuilt["W1"][0, 0] = -1.0
    assert theta[0, 0] == 0.0


def test_gradients_to_vector_follows_the_parameter_order_and_ignores_other_keys():
    X, Y, parameters = gradient_check_n_test_case()
    _, cache = forward_propagation_n(X, Y, parameters)
    gradients = backward_propagation_n(X, Y, cache)
    vector = gradients_to_vector(gradients)
    expected = np.concatenate([gradients[f"d{name}"].reshape(-1, 1) for name in LESSON_SHAPES])
    np.testing.assert_array_equal(vector, expected)


def test_wrong_vector_length_names_expected_and_given():
    with pytest.raises(ValueError, match=r"46 entries.*needs 47"):
        vector_to_dictionary(np.zeros((46, 1)))


def test_row_vector_is_refused():
    with pytest.raises(ValueError, match=r"column vector of shape \(47, 1\); got shape \(1, 47\)"):
        vector_to_dictionary(np.zeros((1, 47)))


def test_missing_key_is_named():
    parameters = random_parameters((4, 5, 3, 1))
    del parameters["b2"]
    with pytest.raises(KeyError, match="missing b2"):
        dictionary_to_vector(parameters)
    with pytest.raises(KeyError, match="no key dW1"):
        gradients_to_vector({"W1": 1})


def test_shapes_that_do_not_chain_are_named():
    parameters = random_parameters((4, 5, 3, 1))
    parameters["W2"] = np.zeros((3, 4))
    with pytest.raises(ValueError, match=r"W2 has shape \(3, 4\).*expected \(3, 5\)"):
        dictionary_to_vector(parameters)
    parameters = random_parameters((4, 5, 3, 1))
    parameters["b1"] = np.zeros(5)
    with pytest.raises(ValueError, match=r"b1 must have shape \(5, 1\).*got \(5,\)"):
        dictionary_to_vector(parameters)


def test_non_numeric_data_is_refused():
    parameters = random_parameters((4, 5, 3, 1))
    parameters["W3"] = np.array([["a", "b", "c"]])
    with pytest.raises(TypeError, match="W3 must hold numbers"):
        dictionary_to_vector(parameters)
    with pytest.raises(TypeError, match="theta must hold numbers"):
        vector_to_dictionary(["x"] * 47)
    with pytest.raises(TypeError, match="dict of arrays"):
        dictionary_to_vector([1, 2, 3])


def test_layer_sizes_are_validated():
    with pytest.raises(ValueError, match="at least two positive integers"):
        layer_shapes((4,))


# ------------------------------------------------------------------------------------------ activations

def test_sigmoid_matches_the_lesson_formula_bit_for_bit_where_it_is_finite():
    z = np.linspace(-700, 700, 20001)
    np.testing.assert_array_equal(sigmoid(z), 1 / (1 + np.exp(-z)))


def test_sigmoid_neither_overflows_nor_warns_for_large_inputs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = sigmoid(np.array([-1e6, -800.0, -720.0, 0.0, 800.0, 1e6]))
    assert values[0] == 0.0 and values[-1] == 1.0 and values[3] == 0.5
    assert 0 < values[2] < 1e-300  # exp(-720): tiny but not flushed to zero
    assert np.all(np.diff(values) >= 0)


def test_activations_keep_scalars_scalar_and_refuse_text():
    assert isinstance(sigmoid(0.0), np.floating) and sigmoid(0.0) == 0.5
    assert relu(-2) == 0 and relu(3.5) == 3.5
    np.testing.assert_array_equal(relu(np.array([[-1.0, 0.0, 2.0]])), [[0.0, 0.0, 2.0]])
    with pytest.raises(TypeError, match="sigmoid expects numbers"):
        sigmoid("1")


# ------------------------------------------------------------------------------------ the lesson network

def test_testcase_draws_exactly_the_lessons_values_without_touching_global_state():
    np.random.seed(1)  # the lesson's own way of drawing them
    expected = [np.random.randn(*shape) for shape in [(4, 3), (5, 4), (5, 1), (3, 5), (3, 1), (1, 3), (1, 1)]]
    np.random.seed(123)
    state = np.random.get_state()[1].copy()
    X, Y, parameters = gradient_check_n_test_case()
    np.testing.assert_array_equal(np.random.get_state()[1], state)
    drawn = [X] + [parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3")]
    for got, want in zip(drawn, expected):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(Y, [[1, 1, 0]])


def test_cost_at_the_lesson_parameters_is_the_published_one():
    X, Y, parameters = gradient_check_n_test_case()
    cost, cache = forward_propagation_n(X, Y, parameters)
    assert cost == pytest.approx(2.407833389834357, rel=1e-12)
    assert len(cache) == 12


def lesson_difference(bugs, epsilon=1e-7):
    """The lesson's gradient_check_n, written out independently of public_tests."""
    X, Y, parameters = gradient_check_n_test_case()
    _, cache = forward_propagation_n(X, Y, parameters)
    grad = gradients_to_vector(backward_propagation_n(X, Y, cache, bugs=bugs))
    theta, _ = dictionary_to_vector(parameters)
    approx = np.zeros_like(theta)
    for i in range(theta.shape[0]):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += epsilon
        minus[i] -= epsilon
        approx[i] = (forward_propagation_n(X, Y, vector_to_dictionary(plus))[0]
                     - forward_propagation_n(X, Y, vector_to_dictionary(minus))[0]) / (2 * epsilon)
    return np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx))


@pytest.mark.parametrize("bugs, published", [
    (LESSON_BUGS, 0.2850931567761623),
    (("dW2_times_2",), 0.17344196893145924),
    (("db1_4_over_m",), 0.2544229712458523),
])
def test_planted_bugs_reproduce_the_published_differences(bugs, published):
    # Nine digits: at ε = 1e-7 the later ones are round-off and move with the order of operations.
    assert lesson_difference(bugs) == pytest.approx(published, rel=1e-8)


def test_correct_backprop_is_below_the_lesson_threshold():
    assert 1e-8 < lesson_difference(()) < 2e-7  # published 1.1890913024229996e-07


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


def test_lesson_imports_work():
    namespace = {}
    exec("from gc_utils import sigmoid, relu, dictionary_to_vector, vector_to_dictionary, gradients_to_vector",  # noqa: S102
         namespace)
    assert namespace["sigmoid"] is gc_utils.sigmoid
