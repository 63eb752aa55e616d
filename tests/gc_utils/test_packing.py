"""Packing parameters into one vector and back: the lesson's order, any depth, clear errors."""

from __future__ import annotations

import numpy as np
import pytest

from gc_utils import (
    LESSON_SHAPES,
    dictionary_to_vector,
    gradients_to_vector,
    layer_shapes,
    shapes_of,
    vector_to_dictionary,
)
from gc_utils.network import backward_propagation_n, forward_propagation_n
from testCases import gradient_check_n_test_case


def random_parameters(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    return {name: rng.standard_normal(shape) for name, shape in layer_shapes(layer_sizes).items()}


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


def test_changing_a_block_changes_neither_theta_nor_another_block():
    _, _, parameters = gradient_check_n_test_case()
    theta, _ = dictionary_to_vector(parameters)
    kept = theta.copy()
    rebuilt = vector_to_dictionary(theta)
    rebuilt["b1"] += 1.0
    rebuilt["W2"][:] = 0.0
    np.testing.assert_array_equal(theta, kept)
    for name in ("W1", "b2", "W3", "b3"):
        np.testing.assert_array_equal(rebuilt[name], parameters[name])
    np.testing.assert_array_equal(rebuilt["b1"], parameters["b1"] + 1.0)


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


STRING_DTYPE = getattr(getattr(np, "dtypes", None), "StringDType", None)  # NumPy 2's variable-width strings
NUMPY_DTYPES = sorted({np.dtype(t) for t in np.sctypeDict.values()}
                      | {np.dtype("m8[s]"), np.dtype("M8[D]"), np.dtype([("a", float)]), np.dtype("S3"),
                         np.dtype("U2"), np.dtype("V4")} | ({STRING_DTYPE()} if STRING_DTYPE else set()), key=str)


@pytest.mark.parametrize("dtype", NUMPY_DTYPES, ids=str)
def test_numbers_are_told_by_numpys_own_type_hierarchy_for_every_dtype(dtype):
    """Accepted exactly when NumPy calls the dtype a number (or a boolean); refused with the message otherwise."""
    holds_numbers = np.issubdtype(dtype, np.number) or dtype == np.bool_
    theta = np.zeros((47, 1), dtype=dtype) if dtype.kind not in "T" else np.array(["0"] * 47, dtype=dtype)
    if holds_numbers:
        assert vector_to_dictionary(theta)["b3"].dtype == dtype
    else:
        with pytest.raises(TypeError, match="theta must hold numbers; got ndarray of dtype"):
            vector_to_dictionary(theta)
