"""Inputs for the lesson's exercises.

``gradient_check_n_test_case`` draws exactly what the lesson draws (seed 1, the same order and
shapes), from a generator of its own, so calling it leaves NumPy's global random state alone.
"""

import numpy as np

__all__ = [
    "backward_propagation_test_case",
    "forward_propagation_test_case",
    "gradient_check_n_test_case",
    "gradient_check_test_case",
]


def forward_propagation_test_case():
    """``x, theta`` of the 1-D forward exercise: 2 and 4 (J = 8)."""
    return 2, 4


def backward_propagation_test_case():
    """``x, theta`` of the 1-D backward exercise: 3 and 4 (dtheta = 3)."""
    return 3, 4


def gradient_check_test_case():
    """``x, theta`` of the 1-D gradient check: 3 and 4 (difference about 7.8e-11)."""
    return 3, 4


def gradient_check_n_test_case():
    """The lesson's N-D inputs: ``X`` (4, 3), ``Y`` (1, 3) and the 47 parameters of a 4-5-3-1 network.

    Returns
    -------
    X : ndarray of shape (4, 3)
    Y : ndarray of shape (1, 3)
        ``[[1, 1, 0]]``.
    parameters : dict
        ``W1`` (5, 4), ``b1`` (5, 1), ``W2`` (3, 5), ``b2`` (3, 1), ``W3`` (1, 3), ``b3`` (1, 1).
    """
    rng = np.random.RandomState(1)  # the legacy generator behind np.random.seed, so the draws are the lesson's
    X = rng.randn(4, 3)
    W1 = rng.randn(5, 4)
    b1 = rng.randn(5, 1)
    W2 = rng.randn(3, 5)
    b2 = rng.randn(3, 1)
    W3 = rng.randn(1, 3)
    b3 = rng.randn(1, 1)
    Y = np.array([1, 1, 0]).reshape(1, 3)
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}
    return X, Y, parameters
