"""The catalogue of known student mistakes: each one a small wrong solution and the hint it deserves.

When a submission fails, the tests run every mistake of that exercise on the same cases. A mistake
that returns what the submission returned on every case explains the failure, and its hint is shown.
The same catalogue is the corpus of wrong submissions in ``tests/``: every mistake must be rejected.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from gc_utils import network

# Injected per case (see public_tests.environment); defined here so the names exist.
forward_propagation = backward_propagation = None
forward_propagation_n = backward_propagation_n = None
dictionary_to_vector = vector_to_dictionary = gradients_to_vector = None


@dataclass(frozen=True)
class Mistake:
    exercise: str
    name: str
    hint: str
    function: Callable


CATALOGUE: list[Mistake] = []


def mistake(exercise: str, hint: str):
    """Register the decorated wrong solution of ``exercise`` with its ``hint``."""

    def register(function: Callable) -> Callable:
        CATALOGUE.append(Mistake(exercise, function.__name__, hint, function))
        return function

    return register


def mistakes_of(exercise: str) -> list[Mistake]:
    return [m for m in CATALOGUE if m.exercise == exercise]


# ----------------------------------------------------------------------------------------- forward (1-D)

@mistake("forward_propagation", "J is the product θ·x, not the sum x + θ.")
def forward_sum(x, theta):
    return x + theta


@mistake("forward_propagation", "You return 8 whatever the inputs: compute J from x and theta.")
def forward_hard_coded(x, theta):
    return 8


@mistake("forward_propagation", "You return x, which is dJ/dθ (the backward pass). J itself is θ·x.")
def forward_returns_x(x, theta):
    return x


@mistake("forward_propagation", "J = θ·x, not θ²·x or θ·x²: multiply x and theta once each.")
def forward_squared(x, theta):
    return theta * theta * x


# ---------------------------------------------------------------------------------------- backward (1-D)

@mistake("backward_propagation", "dθ = ∂J/∂θ: for J = θ·x that is x, not θ.")
def backward_returns_theta(x, theta):
    return theta


@mistake("backward_propagation", "x·θ is J itself; its derivative with respect to θ is x.")
def backward_returns_j(x, theta):
    return x * theta


_DIVIDE_HINT = ("J/θ equals x only while θ ≠ 0; at θ = 0 it divides by zero. dθ = x holds for every θ: "
                "return x directly.")


@mistake("backward_propagation", _DIVIDE_HINT)
def backward_divides_python(x, theta):
    return forward_propagation(x, theta) / theta


@mistake("backward_propagation", _DIVIDE_HINT)
def backward_divides_numpy(x, theta):
    return np.divide(forward_propagation(x, theta), theta)


@mistake("backward_propagation", "You return 3 whatever the inputs: dθ depends on x.")
def backward_hard_coded(x, theta):
    return 3


# ------------------------------------------------------------------------------------- gradient_check

def _difference(grad, gradapprox):
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))


def _without_gradapprox(grad, gradapprox, over=None):
    """‖grad − gradapprox‖ over ‖grad‖ (or over ‖``over``‖): a denominator with one norm left out."""
    return np.linalg.norm(grad - gradapprox) / np.linalg.norm(grad if over is None else over)


@mistake("gradient_check", "gradapprox is twice too large: did you divide by ε instead of 2ε?")
def check_divides_by_epsilon(x, theta, epsilon=1e-7, print_msg=False):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / epsilon
    return _difference(backward_propagation(x, theta), gradapprox)


@mistake("gradient_check", "gradapprox is far too small: `/ 2 * epsilon` multiplies by ε. Write `/ (2 * epsilon)`.")
def check_operator_precedence(x, theta, epsilon=1e-7, print_msg=False):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / 2 * epsilon
    return _difference(backward_propagation(x, theta), gradapprox)


@mistake("gradient_check", "You return 0 even for a wrong back-propagation: grad must come from "
                           "backward_propagation(x, theta), not from gradapprox.")
def check_grad_is_gradapprox(x, theta, epsilon=1e-7, print_msg=False):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / (2 * epsilon)
    grad = gradapprox
    return _difference(grad, gradapprox)


@mistake("gradient_check", "gradapprox comes out 0: theta_minus must be θ − ε, not θ + ε.")
def check_both_plus(x, theta, epsilon=1e-7, print_msg=False):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta + epsilon)) / (2 * epsilon)
    return _difference(backward_propagation(x, theta), gradapprox)


@mistake("gradient_check", "You return the numerator ‖grad − gradapprox‖ alone: divide it by "
                           "‖grad‖ + ‖gradapprox‖ to get the relative difference.")
def check_returns_numerator(x, theta, epsilon=1e-7, print_msg=False):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / (2 * epsilon)
    return np.linalg.norm(backward_propagation(x, theta) - gradapprox)


@mistake("gradient_check", "The denominator is ‖grad‖₂ + ‖gradapprox‖₂: you left out ‖gradapprox‖.")
def check_denominator_without_gradapprox(x, theta, epsilon=1e-7, print_msg=False):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / (2 * epsilon)
    return _without_gradapprox(backward_propagation(x, theta), gradapprox)


@mistake("gradient_check", "The denominator is ‖grad‖₂ + ‖gradapprox‖₂: you left out ‖grad‖.")
def check_denominator_without_grad(x, theta, epsilon=1e-7, print_msg=False):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / (2 * epsilon)
    return _without_gradapprox(backward_propagation(x, theta), gradapprox, over=gradapprox)


@mistake("gradient_check", "This is a one-sided difference (J(θ+ε) − J(θ)) / ε. Use the two-sided one, "
                           "(J(θ+ε) − J(θ−ε)) / (2ε): its error shrinks like ε² instead of ε.")
def check_one_sided(x, theta, epsilon=1e-7, print_msg=False):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta)) / epsilon
    return _difference(backward_propagation(x, theta), gradapprox)


@mistake("gradient_check", "Your result does not change with the epsilon argument: use the epsilon that is "
                           "passed in, not a fixed 1e-7.")
def check_ignores_epsilon(x, theta, epsilon=1e-7, print_msg=False):
    step = 1e-7
    gradapprox = (forward_propagation(x, theta + step) - forward_propagation(x, theta - step)) / (2 * step)
    return _difference(backward_propagation(x, theta), gradapprox)


@mistake("gradient_check", "You return gradapprox itself; the function must return the relative difference.")
def check_returns_gradapprox(x, theta, epsilon=1e-7, print_msg=False):
    return (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / (2 * epsilon)


@mistake("gradient_check", "You return the lesson's published number whatever the inputs: compute the "
                           "difference from x, theta and epsilon.")
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


@mistake("gradient_check_n", "Each perturbation stays in the parameter vector and the next ones pile up on it: "
                             "theta_plus = parameters_values makes an alias, not a copy. Use np.copy.")
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


@mistake("gradient_check_n", "J_minus is computed at θ itself, not at θ − ε: theta_minus must be a fresh "
                             "np.copy(parameters_values), not a copy of theta_plus nor the same array.")
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


@mistake("gradient_check_n", "gradapprox is twice too large: did you divide by ε instead of 2ε?")
def check_n_divides_by_epsilon(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, grad = _vectors(parameters, gradients)
    return _difference(grad, 2 * _central(X, Y, parameters_values, epsilon))


@mistake("gradient_check_n", "This is a one-sided difference (J(θ+ε) − J(θ)) / ε. Use the two-sided one, "
                             "(J(θ+ε) − J(θ−ε)) / (2ε).")
def check_n_one_sided(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, grad = _vectors(parameters, gradients)
    gradapprox = np.zeros_like(parameters_values)
    J = _cost(X, Y, parameters_values)
    for i in range(parameters_values.shape[0]):
        gradapprox[i] = (_cost(X, Y, _shifted(parameters_values, i, epsilon)) - J) / epsilon
    return _difference(grad, gradapprox)


@mistake("gradient_check_n", "The last parameter is never perturbed: the loop must run over all "
                             "num_parameters entries (range(num_parameters), not num_parameters - 1).")
def check_n_loop_one_short(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, grad = _vectors(parameters, gradients)
    return _difference(grad, _central(X, Y, parameters_values, epsilon, parameters_values.shape[0] - 1))


@mistake("gradient_check_n", "The number of parameters is not always 47: loop over "
                             "range(parameters_values.shape[0]) so the check works for any network.")
def check_n_fixed_47(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, grad = _vectors(parameters, gradients)
    gradapprox = np.zeros((47, 1))
    for i in range(47):
        gradapprox[i] = (_cost(X, Y, _shifted(parameters_values, i, epsilon))
                         - _cost(X, Y, _shifted(parameters_values, i, -epsilon))) / (2 * epsilon)
    return _difference(grad, gradapprox)


@mistake("gradient_check_n", "Your result does not change with the epsilon argument: use the epsilon that is "
                             "passed in, not a fixed 1e-7.")
def check_n_ignores_epsilon(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, grad = _vectors(parameters, gradients)
    return _difference(grad, _central(X, Y, parameters_values, 1e-7))


@mistake("gradient_check_n", "You return a small difference although the gradients passed in are wrong: "
                             "compare gradapprox with the `gradients` argument instead of recomputing them.")
def check_n_recomputes_gradients(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    _, cache = forward_propagation_n(X, Y, parameters)
    own_gradients = backward_propagation_n(X, Y, cache)
    parameters_values, grad = _vectors(parameters, own_gradients)
    return _difference(grad, _central(X, Y, parameters_values, epsilon))


@mistake("gradient_check_n", "You return 0 even for wrong gradients: grad must come from "
                             "gradients_to_vector(gradients), not from gradapprox.")
def check_n_grad_is_gradapprox(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, _ = _vectors(parameters, gradients)
    gradapprox = _central(X, Y, parameters_values, epsilon)
    return _difference(gradapprox, gradapprox)


@mistake("gradient_check_n", "The denominator is ‖grad‖₂ + ‖gradapprox‖₂: you left out ‖gradapprox‖.")
def check_n_denominator_without_gradapprox(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, grad = _vectors(parameters, gradients)
    gradapprox = _central(X, Y, parameters_values, epsilon)
    return np.linalg.norm(grad - gradapprox) / np.linalg.norm(grad)


@mistake("gradient_check_n", "You return an array: np.linalg.norm of the whole vector (no axis argument) "
                             "gives a single number.")
def check_n_returns_array(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, grad = _vectors(parameters, gradients)
    gradapprox = _central(X, Y, parameters_values, epsilon)
    numerator = np.linalg.norm(grad - gradapprox, axis=0)
    return numerator / (np.linalg.norm(grad, axis=0) + np.linalg.norm(gradapprox, axis=0))


@mistake("gradient_check_n", "Your function changes the caller's parameters dict: work on copies of the "
                             "parameter vector and leave `parameters` as it was.")
def check_n_mutates_parameters(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, grad = _vectors(parameters, gradients)
    gradapprox = _central(X, Y, parameters_values, epsilon)
    parameters.update(vector_to_dictionary(_shifted(parameters_values, -1, epsilon)))
    return _difference(grad, gradapprox)


@mistake("gradient_check_n", "You return the lesson's published number whatever the inputs: compute the "
                             "difference from the arguments.")
def check_n_hard_coded(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    return 0.2850931567761623


# ------------------------------------------------------------------------- the given N-D functions

@mistake("forward_propagation_n", "The cost is the mean over the m examples: multiply the sum by 1/m.")
def forward_n_sum_not_mean(X, Y, parameters):
    cost, cache = network.forward_propagation_n(X, Y, parameters)
    return cost * X.shape[1], cache


@mistake("forward_propagation_n", "The cross-entropy cost is −(1/m) Σ [y log a + (1 − y) log(1 − a)]: "
                                  "check its sign.")
def forward_n_sign(X, Y, parameters):
    cost, cache = network.forward_propagation_n(X, Y, parameters)
    return -cost, cache


_BUG_HINTS = {
    "dW2_times_2": "dW2 is twice what it should be: remove the extra factor 2 (a bug planted by the lesson).",
    "db1_4_over_m": "db1 is 4 times what it should be: it must be 1/m times the sum, not 4/m "
                    "(a bug planted by the lesson).",
    "relu_mask_ge": "The ReLU derivative is 1 where A2 > 0 and 0 elsewhere: the mask is A2 > 0, not A2 >= 0.",
    "relu_mask_on_dA": "The ReLU mask for dZ1 comes from the activation (A1 > 0), not from dA1.",
    "dW3_missing_1_over_m": "dW3 lacks the 1/m factor: it must average over the examples.",
    "dZ3_sign_flip": "dZ3 = A3 − Y for a sigmoid output with cross-entropy, not Y − A3.",
    "dW2_uses_Z1": "dW2 = (1/m) dZ2 · A1ᵀ uses the activation A1, not Z1.",
}


def _backward_with(bugs):
    def backward(X, Y, cache):
        return network.backward_propagation_n(X, Y, cache, bugs=bugs)

    return backward


for _name, _hint in _BUG_HINTS.items():
    CATALOGUE.append(Mistake("backward_propagation_n", _name, _hint, _backward_with((_name,))))
CATALOGUE.append(Mistake(
    "backward_propagation_n", "both_lesson_bugs",
    "Both bugs planted by the lesson are still there: dW2 has an extra factor 2, and db1 uses 4/m instead of 1/m.",
    _backward_with(network.LESSON_BUGS),
))
