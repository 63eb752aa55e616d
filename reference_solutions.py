"""Correct solutions of the exercises, written the way a student's notebook has them.

They call the same global names a student's code calls (``forward_propagation``,
``forward_propagation_n``, ``vector_to_dictionary``, ...), which by default are the lesson's
(as in a notebook after the exercises). Each test case injects its environment into this module
exactly as into the student's, so the expected value of a case is what a correct solution returns
in that environment. Benchmarks and screenshots use them as "a student's functions".
"""

import numpy as np

from gc_utils import dictionary_to_vector, gradients_to_vector, network, vector_to_dictionary
from gc_utils.network import backward_propagation_n, forward_propagation_n

__all__ = ["backward_propagation", "dictionary_to_vector", "forward_propagation", "gradient_check",
           "gradient_check_n", "gradients_to_vector", "lesson_backward_propagation_n", "vector_to_dictionary",
           "backward_propagation_n", "forward_propagation_n"]


def forward_propagation(x, theta):
    return theta * x


def backward_propagation(x, theta):
    return x


def lesson_backward_propagation_n(X, Y, cache):
    """The back-propagation as the lesson hands it out: with its two planted bugs."""
    return network.backward_propagation_n(X, Y, cache, bugs=network.LESSON_BUGS)


def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    J_plus = forward_propagation(x, theta + epsilon)
    J_minus = forward_propagation(x, theta - epsilon)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = backward_propagation(x, theta)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    return numerator / denominator


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    num_parameters = parameters_values.shape[0]
    gradapprox = np.zeros((num_parameters, 1))
    for i in range(num_parameters):
        theta_plus = np.copy(parameters_values)
        theta_plus[i] = theta_plus[i] + epsilon
        J_plus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))
        theta_minus = np.copy(parameters_values)
        theta_minus[i] = theta_minus[i] - epsilon
        J_minus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))
        gradapprox[i] = (J_plus - J_minus) / (2 * epsilon)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    return numerator / denominator


SOLUTIONS = {
    "forward_propagation": forward_propagation,
    "backward_propagation": backward_propagation,
    "gradient_check": gradient_check,
    "gradient_check_n": gradient_check_n,
    "forward_propagation_n": forward_propagation_n,
    "backward_propagation_n": backward_propagation_n,
}
"""Exercise name -> its correct solution."""
