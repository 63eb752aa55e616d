"""Fixtures shared by the tests."""

from __future__ import annotations

import pytest

from gc_utils.network import forward_propagation_n
from testCases import gradient_check_n_test_case


@pytest.fixture
def lesson():
    """The lesson's N-D inputs: ``X, Y, parameters`` of ``gradient_check_n_test_case()``."""
    return gradient_check_n_test_case()


@pytest.fixture
def lesson_with_cache(lesson):
    """The lesson's inputs and the reference forward cache there: ``X, Y, parameters, cache``."""
    X, Y, parameters = lesson
    _, cache = forward_propagation_n(X, Y, parameters)
    return X, Y, parameters, cache
