"""The trusted functions' shared reading of a parameter dict: ``environment.flat_parameters``."""

from __future__ import annotations

import numpy as np
import pytest

from gc_utils import dictionary_to_vector, shapes_of
from public_tests.environment import flat_parameters
from testCases import gradient_check_n_test_case


@pytest.fixture
def lesson():
    _, _, parameters = gradient_check_n_test_case()
    return parameters, shapes_of(parameters)


def test_the_flat_vector_is_the_packing_of_gc_utils_and_a_copy(lesson):
    parameters, shapes = lesson
    flat = flat_parameters(parameters, shapes)
    np.testing.assert_array_equal(flat, dictionary_to_vector(parameters)[0].reshape(-1))
    flat[:] = 0
    assert all(np.any(block != 0) for block in parameters.values())


def test_blocks_are_read_in_the_order_of_the_shapes_whatever_the_order_of_the_dict(lesson):
    parameters, shapes = lesson
    reversed_dict = dict(reversed(list(parameters.items())))
    np.testing.assert_array_equal(flat_parameters(reversed_dict, shapes), flat_parameters(parameters, shapes))


def test_nested_lists_and_integers_are_read_as_floats(lesson):
    parameters, shapes = lesson
    as_lists = {name: np.round(block * 10).astype(int).tolist() for name, block in parameters.items()}
    flat = flat_parameters(as_lists, shapes)
    assert flat.dtype == np.float64
    np.testing.assert_array_equal(flat, np.round(dictionary_to_vector(parameters)[0].reshape(-1) * 10))


def test_a_block_of_another_shape_is_named_and_a_missing_one_raises_key_error(lesson):
    parameters, shapes = lesson
    with pytest.raises(ValueError, match=r"parameters\['b2'\] has shape \(1, 3\); this network's b2 is \(3, 1\)"):
        flat_parameters(dict(parameters, b2=parameters["b2"].T), shapes)
    with pytest.raises(KeyError, match="W3"):
        flat_parameters({k: v for k, v in parameters.items() if k != "W3"}, shapes)
