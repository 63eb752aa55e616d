"""The catalogue of known student mistakes: each one a small wrong solution and the hint it deserves.

When a submission fails, the tests run every mistake of that exercise on the same cases. A mistake
that returns what the submission returned on every case explains the failure, and its hint is shown.
The same catalogue is the corpus of wrong submissions in ``tests/``: every mistake must be rejected.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from gc_utils import network

from .messages import text

# Injected per case (see public_tests.environment); defined here so the names exist. Any: the case's trusted
# function, whatever its signature, is put in their place before a mistake runs.
forward_propagation: Any = None
backward_propagation: Any = None
forward_propagation_n: Any = None
backward_propagation_n: Any = None
dictionary_to_vector: Any = None
vector_to_dictionary: Any = None
gradients_to_vector: Any = None


@dataclass(frozen=True)
class Mistake:
    """A known wrong solution of ``exercise``; its hint is the message ``mistake.<hint_key>``."""

    exercise: str
    name: str
    hint_key: str
    function: Callable

    @property
    def hint(self) -> str:
        return text(f"mistake.{self.hint_key}")


CATALOGUE: list[Mistake] = []


def mistake(exercise: str, hint_key: str | None = None):
    """Register the decorated wrong solution of ``exercise``, whose hint is ``mistake.<hint_key>`` in
    ``public_tests.messages`` (``hint_key`` defaults to the function's name)."""

    def register(function: Callable) -> Callable:
        CATALOGUE.append(Mistake(exercise, function.__name__, hint_key or function.__name__, function))
        return function

    return register


def mistakes_of(exercise: str) -> list[Mistake]:
    return [m for m in CATALOGUE if m.exercise == exercise]


# ----------------------------------------------------------------------------------------- forward (1-D)

@mistake("forward_propagation")
def forward_sum(x, theta):
    return x + theta


@mistake("forward_propagation")
def forward_hard_coded(x, theta):
    return 8


@mistake("forward_propagation")
def forward_returns_x(x, theta):
    return x


@mistake("forward_propagation")
def forward_squared(x, theta):
    return theta * theta * x


# ---------------------------------------------------------------------------------------- backward (1-D)

@mistake("backward_propagation")
def backward_returns_theta(x, theta):
    return theta


@mistake("backward_propagation")
def backward_returns_j(x, theta):
    return x * theta


@mistake("backward_propagation", "backward_divides")
def backward_divides_python(x, theta):
    return forward_propagation(x, theta) / theta


@mistake("backward_propagation", "backward_divides")
def backward_divides_numpy(x, theta):
    return np.divide(forward_propagation(x, theta), theta)


@mistake("backward_propagation")
def backward_hard_coded(x, theta):
    return 3


# ------------------------------------------------------------------------------------- gradient_check

def _difference(grad, gradapprox):
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))


def _without_gradapprox(grad, gradapprox, over=None):
    """‖grad − gradapprox‖ over ‖grad‖ (or over ‖``over``‖): a denominator with one norm left out."""
    return np.linalg.norm(grad - gradapprox) / np.linalg.norm(grad if over is None else over)


@mistake("gradient_check", "divides_by_epsilon")
def check_divides_by_epsilon(x, theta, epsilon=1e-7, print_msg=False):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / epsilon
    return _difference(backward_propagation(x, theta), gradapprox)


@mistake("gradient_check")
def check_operator_precedence(x, theta, epsilon=1e-7, print_msg=False):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / 2 * epsilon
    return _difference(backward_propagation(x, theta), gradapprox)


@mistake("gradient_check")
def check_grad_is_gradapprox(x, theta, epsilon=1e-7, print_msg=False):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / (2 * epsilon)
    grad = gradapprox
    return _difference(grad, gradapprox)


@mistake("gradient_check")
def check_both_plus(x, theta, epsilon=1e-7, print_msg=False):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta + epsilon)) / (2 * epsilon)
    return _difference(backward_propagation(x, theta), gradapprox)


@mistake("gradient_check")
def check_returns_numerator(x, theta, epsilon=1e-7, print_msg=False):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / (2 * epsilon)
    return np.linalg.norm(backward_propagation(x, theta) - gradapprox)


@mistake("gradient_check", "denominator_without_gradapprox")
def check_denominator_without_gradapprox(x, theta, epsilon=1e-7, print_msg=False):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / (2 * epsilon)
    return _without_gradapprox(backward_propagation(x, theta), gradapprox)


@mistake("gradient_check")
def check_denominator_without_grad(x, theta, epsilon=1e-7, print_msg=False):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / (2 * epsilon)
    return _without_gradapprox(backward_propagation(x, theta), gradapprox, over=gradapprox)


@mistake("gradient_check")
def check_one_sided(x, theta, epsilon=1e-7, print_msg=False):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta)) / epsilon
    return _difference(backward_propagation(x, theta), gradapprox)


@mistake("gradient_check", "ignores_epsilon")
def check_ignores_epsilon(x, theta, epsilon=1e-7, print_msg=False):
    step = 1e-7
    gradapprox = (forward_propagation(x, theta + step) - forward_propagation(x, theta - step)) / (2 * step)
    return _difference(backward_propagation(x, theta), gradapprox)


@mistake("gradient_check")
def check_returns_gradapprox(x, theta, epsilon=1e-7, print_msg=False):
    return (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / (2 * epsilon)


@mistake("gradient_check")
def check_hard_coded(x, theta, epsilon=1e-7, print_msg=False):
    return 7.814075313343006e-11


# ----------------------------------------------------------------------------------- gradient_check_n

def _vectors(parameters, gradients):
    parameters_values, _ = dictionary_to_vector(parameters)
    return parameters_values, gradients_to_vector(gradients)


def _cost(X, Y, theta):
    return forward_propagation_n(X, Y, vector_to_dictionary(theta))[0]


def _shifted(vector, i, step):
    """A copy of ``vector`` with entry ``i`` moved by ``step``."""
    moved = np.copy(vector)
    moved[i] += step
    return moved


@mistake("gradient_check_n")
def check_n_no_copy(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, grad = _vectors(parameters, gradients)
    gradapprox = np.zeros_like(parameters_values)
    for i in range(parameters_values.shape[0]):
        theta_plus = parameters_values  # the mistake: an alias, so the shift stays in parameters_values
        theta_plus[i] += epsilon
        J_plus = _cost(X, Y, theta_plus)
        J_minus = _cost(X, Y, _shifted(parameters_values, i, -epsilon))
        gradapprox[i] = (J_plus - J_minus) / (2 * epsilon)
    return _difference(grad, gradapprox)


@mistake("gradient_check_n")
def check_n_minus_from_plus(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, grad = _vectors(parameters, gradients)
    gradapprox = np.zeros_like(parameters_values)
    for i in range(parameters_values.shape[0]):
        theta_plus = _shifted(parameters_values, i, epsilon)
        J_plus = _cost(X, Y, theta_plus)
        J_minus = _cost(X, Y, _shifted(theta_plus, i, -epsilon))  # the mistake: shifted back from theta_plus
        gradapprox[i] = (J_plus - J_minus) / (2 * epsilon)
    return _difference(grad, gradapprox)


def _central(X, Y, parameters_values, epsilon, count=None):
    """Central differences of the case's cost at the first ``count`` entries (all by default), the others 0, with
    a student's arithmetic (divided by 2ε), so that round-off-level results match a student's to the digit."""
    gradapprox = np.zeros_like(parameters_values)
    for i in range(parameters_values.shape[0] if count is None else count):
        gradapprox[i] = (_cost(X, Y, _shifted(parameters_values, i, epsilon))
                         - _cost(X, Y, _shifted(parameters_values, i, -epsilon))) / (2 * epsilon)
    return gradapprox


@mistake("gradient_check_n", "divides_by_epsilon")
def check_n_divides_by_epsilon(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, grad = _vectors(parameters, gradients)
    return _difference(grad, 2 * _central(X, Y, parameters_values, epsilon))


@mistake("gradient_check_n")
def check_n_one_sided(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, grad = _vectors(parameters, gradients)
    gradapprox = np.zeros_like(parameters_values)
    J = _cost(X, Y, parameters_values)
    for i in range(parameters_values.shape[0]):
        gradapprox[i] = (_cost(X, Y, _shifted(parameters_values, i, epsilon)) - J) / epsilon
    return _difference(grad, gradapprox)


@mistake("gradient_check_n")
def check_n_loop_one_short(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, grad = _vectors(parameters, gradients)
    return _difference(grad, _central(X, Y, parameters_values, epsilon, parameters_values.shape[0] - 1))


@mistake("gradient_check_n")
def check_n_fixed_47(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, grad = _vectors(parameters, gradients)
    gradapprox = np.zeros((47, 1))
    for i in range(47):
        gradapprox[i] = (_cost(X, Y, _shifted(parameters_values, i, epsilon))
                         - _cost(X, Y, _shifted(parameters_values, i, -epsilon))) / (2 * epsilon)
    return _difference(grad, gradapprox)


@mistake("gradient_check_n", "ignores_epsilon")
def check_n_ignores_epsilon(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, grad = _vectors(parameters, gradients)
    return _difference(grad, _central(X, Y, parameters_values, 1e-7))


@mistake("gradient_check_n")
def check_n_recomputes_gradients(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    _, cache = forward_propagation_n(X, Y, parameters)
    own_gradients = backward_propagation_n(X, Y, cache)
    parameters_values, grad = _vectors(parameters, own_gradients)
    return _difference(grad, _central(X, Y, parameters_values, epsilon))


@mistake("gradient_check_n")
def check_n_grad_is_gradapprox(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, _ = _vectors(parameters, gradients)
    gradapprox = _central(X, Y, parameters_values, epsilon)
    return _difference(gradapprox, gradapprox)


@mistake("gradient_check_n", "denominator_without_gradapprox")
def check_n_denominator_without_gradapprox(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, grad = _vectors(parameters, gradients)
    gradapprox = _central(X, Y, parameters_values, epsilon)
    return np.linalg.norm(grad - gradapprox) / np.linalg.norm(grad)


@mistake("gradient_check_n")
def check_n_returns_array(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, grad = _vectors(parameters, gradients)
    gradapprox = _central(X, Y, parameters_values, epsilon)
    numerator = np.linalg.norm(grad - gradapprox, axis=0)
    return numerator / (np.linalg.norm(grad, axis=0) + np.linalg.norm(gradapprox, axis=0))


@mistake("gradient_check_n")
def check_n_mutates_parameters(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, grad = _vectors(parameters, gradients)
    gradapprox = _central(X, Y, parameters_values, epsilon)
    parameters.update(vector_to_dictionary(_shifted(parameters_values, -1, epsilon)))
    return _difference(grad, gradapprox)


@mistake("gradient_check_n")
def check_n_hard_coded(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    return 0.2850931567761623


# ------------------------------------------------------------------------- the given N-D functions

@mistake("forward_propagation_n")
def forward_n_sum_not_mean(X, Y, parameters):
    cost, cache = network.forward_propagation_n(X, Y, parameters)
    return cost * X.shape[1], cache


@mistake("forward_propagation_n")
def forward_n_sign(X, Y, parameters):
    cost, cache = network.forward_propagation_n(X, Y, parameters)
    return -cost, cache


_BUGS = ("dW2_times_2", "db1_4_over_m", "relu_mask_ge", "relu_mask_on_dA", "dW3_missing_1_over_m", "dZ3_sign_flip",
         "dW2_uses_Z1")
"""The planted bugs of ``gc_utils.network`` that are mistakes of the bug-fix exercise, one at a time."""


def _backward_with(bugs):
    def backward(X, Y, cache):
        return network.backward_propagation_n(X, Y, cache, bugs=bugs)

    return backward


for _name in _BUGS:
    CATALOGUE.append(Mistake("backward_propagation_n", _name, _name, _backward_with((_name,))))
CATALOGUE.append(Mistake("backward_propagation_n", "both_lesson_bugs", "both_lesson_bugs",
                         _backward_with(network.LESSON_BUGS)))
