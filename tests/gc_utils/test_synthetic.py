"""Tests of gc_utils.synthetic: seeded random parameters and data, of the shapes and types asked for."""

from __future__ import annotations

import numpy as np

from gc_utils import deep_network
from gc_utils.synthetic import initialize_parameters, synthetic_data


def test_initialize_parameters_and_synthetic_data():
    parameters = initialize_parameters((5, 4, 2), seed=7, dtype=np.float32)
    assert {name: value.shape for name, value in parameters.items()} == {
        "W1": (4, 5), "b1": (4, 1), "W2": (2, 4), "b2": (2, 1)}
    assert all(value.dtype == np.float32 for value in parameters.values())
    again = initialize_parameters((5, 4, 2), seed=7, dtype=np.float32)
    assert all(np.array_equal(parameters[name], again[name]) for name in parameters)
    X, Y = synthetic_data(5, 3, 50, seed=1)
    assert X.shape == (5, 50) and Y.shape == (3, 50)
    np.testing.assert_array_equal(Y.sum(axis=0), np.ones(50))
    X1, Y1 = synthetic_data(5, 1, 50, seed=1)
    assert set(np.unique(Y1)) <= {0.0, 1.0} and Y1.shape == (1, 50)


def test_the_notebooks_import_them_from_deep_network():
    assert deep_network.initialize_parameters is initialize_parameters
    assert deep_network.synthetic_data is synthetic_data
