"""testCases: the lesson's inputs, drawn without touching NumPy's global random state."""

from __future__ import annotations

import numpy as np

from testCases import gradient_check_n_test_case


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
