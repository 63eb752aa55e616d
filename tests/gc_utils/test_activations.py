"""sigmoid and relu: the lesson's values, no overflow, scalars stay scalars."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from gc_utils import (
    relu,
    sigmoid,
)


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


def test_sigmoid_keeps_shape_and_bits_for_matrices_with_and_without_overflowing_entries():
    rng = np.random.default_rng(0)
    for z in (rng.standard_normal((3, 4)), rng.standard_normal((4, 3)).T, np.array([[1.0, -800.0], [2.0, 3.0]])):
        finite = -z < 709
        values = sigmoid(z)
        assert values.shape == z.shape
        np.testing.assert_array_equal(values[finite], 1 / (1 + np.exp(-z[finite])))
    assert sigmoid(np.array([[-800.0]]))[0, 0] == np.exp(-800.0)


def test_integer_and_boolean_input_is_computed_in_float64():
    assert sigmoid(np.array([0, 1])).dtype == np.float64 and relu(np.array([True, False])).dtype == np.float64
    assert sigmoid(np.float32(0)).dtype == np.float32


def test_sigmoid_keeps_nan_and_empty_arrays_as_they_are():
    values = sigmoid(np.array([np.nan, 0.0, -800.0]))
    assert np.isnan(values[0]) and values[1] == 0.5 and values[2] == np.exp(-800.0)
    mixed = sigmoid(np.array([np.nan, 1.0]))  # no entry below the limit: NaN alone takes the second branch
    assert np.isnan(mixed[0]) and mixed[1] == 1 / (1 + np.exp(-1.0))
    assert sigmoid(np.empty((0, 3))).shape == (0, 3) and relu(np.empty((2, 0))).shape == (2, 0)
