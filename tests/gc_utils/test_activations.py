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
