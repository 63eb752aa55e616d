"""A corpus of student submissions, written the way students write them, with the verdict each deserves.

Each entry: exercise, source code defining the function (with the imports its cell would have), and the
expected verdict — ``PASS``, or a piece of the message the public tests must give — and, optionally, a piece
the message must *not* contain (a wrong hint once given to it). The examples of issue 10 are among them.
The tests of ``public_tests`` (in the student's process) and of the grader (in a child process) both use
this corpus.
"""

import warnings
from dataclasses import dataclass

import numpy as np

PASS = "PASS"


def _numpy_refuses_an_array_for_a_number() -> bool:
    """Whether this NumPy refuses ``v[i][0] = v[i] + epsilon`` for an (n, 1) array (NumPy 2 does; 1.24 converted the
    array of shape (1,) to a number, 1.25 to 2.x with a DeprecationWarning)."""
    vector = np.zeros((2, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            vector[0][0] = vector[0] + 1e-7
        except (ValueError, TypeError):
            return True
    return False


REFUSES = _numpy_refuses_an_array_for_a_number()


@dataclass(frozen=True)
class Submission:
    name: str
    exercise: str
    source: str
    verdict: str
    not_in: str = ""


def _gradient_check(gradapprox_line: str, tail: str = "", grad_line: str = "grad = backward_propagation(x, theta)",
                    minus: str = "theta_minus = theta - epsilon", plus: str = "theta_plus = theta + epsilon",
                    j_plus: str = "J_plus = forward_propagation(x, theta_plus)",
                    j_minus: str = "J_minus = forward_propagation(x, theta_minus)") -> str:
    return f"""
def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    {plus}
    {minus}
    {j_plus}
    {j_minus}
    {gradapprox_line}
    {grad_line}
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = numerator / denominator
    {tail or "return difference"}
"""


_CENTRAL = "gradapprox = (J_plus - J_minus) / (2 * epsilon)"


def _gradient_check_n(loop_body: str, before: str = "", after: str = "", imports: str = "",
                      loop: str = "for i in range(num_parameters):",
                      grad_line: str = "grad = gradients_to_vector(gradients)",
                      result: str = "difference = numerator / denominator") -> str:
    body = "\n".join("        " + line for line in loop_body.strip().splitlines())
    return f"""{imports}
def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, _ = dictionary_to_vector(parameters)
    {grad_line}
    num_parameters = parameters_values.shape[0]
    J_plus = np.zeros((num_parameters, 1))
    J_minus = np.zeros((num_parameters, 1))
    gradapprox = np.zeros((num_parameters, 1))
    {before}
    {loop}
{body}
    {after}
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    {result}
    if print_msg:
        if difference > 2e-7:
            print("\\033[93m" + "There is a mistake in the backward propagation! difference = " + str(difference))
        else:
            print("\\033[92m" + "Your backward propagation works perfectly fine! difference = " + str(difference))
    return difference
"""


_LESSON_LOOP = """
theta_plus = np.copy(parameters_values)
theta_plus[i] = theta_plus[i] + epsilon
J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))
theta_minus = np.copy(parameters_values)
theta_minus[i] = theta_minus[i] - epsilon
J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))
gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
"""

_BACKWARD_N = """
def backward_propagation_n(X, Y, cache):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T){dw2}
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = {db1}. / m * np.sum(dZ1, axis=1, keepdims=True)
    return {{"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}}
"""

_FORWARD_N = """
def forward_propagation_n(X, Y, parameters):
    m = X.shape[1]
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    logprobs = np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    cost = {scale} * np.sum(logprobs)
    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return cost, cache
"""

SUBMISSIONS: list[Submission] = [
    # forward_propagation
    Submission("forward correct", "forward_propagation", "def forward_propagation(x, theta):\n    return theta * x\n",
               PASS),
    Submission("forward np.dot", "forward_propagation",
               "def forward_propagation(x, theta):\n    J = np.dot(theta, x)\n    return J\n", PASS),
    Submission("forward sum", "forward_propagation", "def forward_propagation(x, theta):\n    return x + theta\n",
               "product θ·x"),
    Submission("forward hard-coded 8", "forward_propagation", "def forward_propagation(x, theta):\n    return 8\n",
               "return 8 whatever"),
    Submission("forward not implemented", "forward_propagation",
               "def forward_propagation(x, theta):\n    raise NotImplementedError\n", "not implemented"),
    # backward_propagation
    Submission("backward correct", "backward_propagation", "def backward_propagation(x, theta):\n    return x\n", PASS),
    Submission("backward float", "backward_propagation",
               "def backward_propagation(x, theta):\n    dtheta = float(x)\n    return dtheta\n", PASS),
    Submission("backward returns theta", "backward_propagation",
               "def backward_propagation(x, theta):\n    return theta\n", "not θ"),
    Submission("backward x * theta", "backward_propagation",
               "def backward_propagation(x, theta):\n    return x * theta\n", "x·θ is J itself"),
    Submission("backward J / theta", "backward_propagation",
               "def backward_propagation(x, theta):\n    return forward_propagation(x, theta) / theta\n", "θ = 0"),
    Submission("backward returns None", "backward_propagation",
               "def backward_propagation(x, theta):\n    dtheta = x\n", "forget the `return`"),
    # gradient_check
    Submission("check correct", "gradient_check", _gradient_check(_CENTRAL), PASS),
    Submission("check with abs", "gradient_check",
               _gradient_check(_CENTRAL, "return abs(grad - gradapprox) / (abs(grad) + abs(gradapprox))"), PASS),
    Submission("check float return", "gradient_check", _gradient_check(_CENTRAL, "return float(difference)"), PASS),
    Submission("check sqrt-sum norm", "gradient_check",
               _gradient_check(_CENTRAL, "return np.sqrt(np.sum((grad - gradapprox) ** 2)) / "
                                         "(np.sqrt(np.sum(grad ** 2)) + np.sqrt(np.sum(gradapprox ** 2)))"), PASS),
    Submission("check divides by epsilon", "gradient_check",
               _gradient_check("gradapprox = (J_plus - J_minus) / epsilon"), "divide by ε instead of 2ε"),
    Submission("check / 2 * epsilon", "gradient_check",
               _gradient_check("gradapprox = (J_plus - J_minus) / 2 * epsilon"), "`/ 2 * epsilon`"),
    Submission("check grad = gradapprox", "gradient_check",
               _gradient_check(_CENTRAL, grad_line="grad = gradapprox"), "backward_propagation(x, theta)"),
    Submission("check theta_minus = theta + epsilon", "gradient_check",
               _gradient_check(_CENTRAL, minus="theta_minus = theta + epsilon"), "θ − ε, not θ + ε"),
    Submission("check returns numerator", "gradient_check", _gradient_check(_CENTRAL, "return numerator"),
               "numerator"),
    Submission("check returns None", "gradient_check", _gradient_check(_CENTRAL, "pass"), "forget the `return`"),
    Submission("check denominator without gradapprox", "gradient_check",
               _gradient_check(_CENTRAL, "return numerator / np.linalg.norm(grad)"), "left out ‖gradapprox‖"),
    Submission("check hard-coded", "gradient_check",
               "def gradient_check(x, theta, epsilon=1e-7, print_msg=False):\n    return 7.814075313343006e-11\n",
               "published number"),
    Submission("check one-sided", "gradient_check",
               _gradient_check("gradapprox = (J_plus - forward_propagation(x, theta)) / epsilon"), "one-sided"),
    # gradient_check_n
    Submission("check_n correct", "gradient_check_n", _gradient_check_n(_LESSON_LOOP), PASS),
    Submission("check_n perturb and restore", "gradient_check_n", _gradient_check_n("""
theta[i] = theta[i] + epsilon
J_plus[i] = forward_propagation_n(X, Y, vector_to_dictionary(theta))[0]
theta[i] = theta[i] - 2 * epsilon
J_minus[i] = forward_propagation_n(X, Y, vector_to_dictionary(theta))[0]
theta[i] = theta[i] + epsilon
gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
""", before="theta = np.copy(parameters_values)"), PASS),
    Submission("check_n sqrt-sum norm and float", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, result="difference = float(np.sqrt(np.sum((grad - gradapprox) ** 2)) / "
                             "(np.sqrt(np.sum(grad ** 2)) + np.sqrt(np.sum(gradapprox ** 2))))"), PASS),
    Submission("check_n no copy", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP.replace("theta_plus = np.copy(parameters_values)", "theta_plus = parameters_values")),
        "alias, not a copy"),
    Submission("check_n theta_minus from theta_plus", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP.replace("theta_minus = np.copy(parameters_values)", "theta_minus = np.copy(theta_plus)")),
        "J_minus is computed at θ itself"),
    Submission("check_n divides by epsilon", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP.replace("(2 * epsilon)", "epsilon")), "divide by ε instead of 2ε"),
    Submission("check_n one-sided", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP.replace("theta_minus[i] = theta_minus[i] - epsilon", "").replace("(2 * epsilon)", "epsilon")),
        "one-sided"),
    Submission("check_n loop one short", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, loop="for i in range(num_parameters - 1):"), "never perturbed"),
    Submission("check_n returns array", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, result="difference = np.linalg.norm(grad - gradapprox, axis=0) / "
                             "(np.linalg.norm(grad, axis=0) + np.linalg.norm(gradapprox, axis=0))"),
        "single real number"),
    Submission("check_n ignores epsilon", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, before="epsilon = 1e-7"), "epsilon argument"),
    Submission("check_n mutates parameters", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, after="parameters.update(vector_to_dictionary(theta_plus))"),
        "changed its argument `parameters`"),
    Submission("check_n recomputes gradients", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, grad_line="grad = gradients_to_vector(backward_propagation_n(X, Y, "
                                "forward_propagation_n(X, Y, parameters)[1]))"), "recomputing"),
    Submission("check_n hard-coded", "gradient_check_n",
               "def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):\n"
               "    return 0.2850931567761623\n", "published number"),
    Submission("check_n hard-coded 47", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, loop="for i in range(47):"), "not always 47"),
    # the given N-D functions
    Submission("forward_n as given", "forward_propagation_n", _FORWARD_N.format(scale="1. / m"), PASS),
    Submission("forward_n sum", "forward_propagation_n", _FORWARD_N.format(scale="1."), "1/m"),
    Submission("backward_n fixed", "backward_propagation_n", _BACKWARD_N.format(dw2="", db1="1"), PASS),
    Submission("backward_n as given (both bugs)", "backward_propagation_n", _BACKWARD_N.format(dw2=" * 2", db1="4"),
               "Both bugs"),
    Submission("backward_n only db1 fixed", "backward_propagation_n", _BACKWARD_N.format(dw2=" * 2", db1="1"),
               "extra factor 2"),
    Submission("backward_n only dW2 fixed", "backward_propagation_n", _BACKWARD_N.format(dw2="", db1="4"),
               "not 4/m"),
    *[Submission(name, "backward_propagation_n", _BACKWARD_N.format(dw2="", db1="1").replace(old, new), verdict)
      for name, old, new, verdict in [
          ("backward_n 1/m moved into dZ3 (issue 10)", "dZ3 = A3 - Y\n    dW3 = 1. / m * np.dot(dZ3, A2.T)\n"
           "    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)\n    dA2 = np.dot(W3.T, dZ3)",
           "dZ3 = (A3 - Y) / m\n    dW3 = np.dot(dZ3, A2.T)\n    db3 = np.sum(dZ3, axis=1, keepdims=True)\n"
           "    dA2 = np.dot(W3.T, dZ3) * m", PASS),
          ("backward_n returns only the gradients", '"dZ3": dZ3, ', "", PASS),
          ("backward_n db1 without keepdims", "db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)",
           "db1 = 1. / m * np.sum(dZ1, axis=1)", "shape (5, 1)"),
          ("backward_n np.dot(dZ1, X.T) // m", "dW1 = 1. / m * np.dot(dZ1, X.T)", "dW1 = np.dot(dZ1, X.T) // m",
           "dW1 (the correct values rounded down to whole numbers, as floor division // does)"),
      ]],
    # the examples of issue 10, and more written the same way
    Submission("check denominator norm(grad + gradapprox) (issue 10)", "gradient_check", _gradient_check(
        _CENTRAL, "return numerator / np.linalg.norm(grad + gradapprox)"), "‖grad + gradapprox‖"),
    Submission("check J inline (issue 10)", "gradient_check", _gradient_check(
        _CENTRAL, j_plus="J_plus = theta_plus * x", j_minus="J_minus = theta_minus * x"),
        "never called forward_propagation"),
    Submission("check forward_propagation(theta, x) (issue 10)", "gradient_check", _gradient_check(
        _CENTRAL, j_plus="J_plus = forward_propagation(theta_plus, x)",
        j_minus="J_minus = forward_propagation(theta_minus, x)"), "called as (theta, x)"),
    Submission("check backward_propagation(x, theta_plus) (issue 10)", "gradient_check", _gradient_check(
        _CENTRAL, grad_line="grad = backward_propagation(x, theta_plus)"), "backward_propagation was called at θ ="),
    Submission("check sign-flipped gradapprox (issue 10)", "gradient_check", _gradient_check(
        "gradapprox = (J_minus - J_plus) / (2 * epsilon)"), "−gradapprox", not_in="comes out 0"),
    Submission("check denominator without parentheses (issue 10)", "gradient_check", _gradient_check(
        _CENTRAL, "return numerator / np.linalg.norm(grad) + np.linalg.norm(gradapprox)"), "needs parentheses",
        not_in="gradapprox itself"),
    Submission("check grad = x inline", "gradient_check", _gradient_check(_CENTRAL, grad_line="grad = x"),
               "never called backward_propagation"),
    Submission("check fixed step 1e-7", "gradient_check", _gradient_check(
        _CENTRAL.replace("epsilon", "1e-7"), plus="theta_plus = theta + 1e-7", minus="theta_minus = theta - 1e-7"),
        "the steps taken from θ were 1e-07"),
    Submission("check print_msg and float", "gradient_check", _gradient_check(_CENTRAL, """if print_msg:
        if difference > 2e-7:
            print("There is a mistake in the backward propagation! difference = " + str(difference))
        else:
            print("Your backward propagation works perfectly fine! difference = " + str(difference))
    return float(difference)"""), PASS),
    Submission("check J_minus first", "gradient_check", _gradient_check(
        _CENTRAL, j_plus="J_minus = forward_propagation(x, theta_minus)",
        j_minus="J_plus = forward_propagation(x, theta_plus)"), PASS),
    Submission("check_n vector_to_dictionary(theta, shapes_of(parameters)) (issue 10)", "gradient_check_n",
               _gradient_check_n(_LESSON_LOOP.replace("(theta_plus)", "(theta_plus, shapes_of(parameters))")
                                 .replace("(theta_minus)", "(theta_minus, shapes_of(parameters))"),
                                 imports="from gc_utils import shapes_of"), PASS),
    Submission("check_n gc_utils.vector_to_dictionary (issue 10)", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP.replace("vector_to_dictionary(", "gc_utils.vector_to_dictionary("), imports="import gc_utils"),
        PASS),
    Submission("check_n import gc_utils as g", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP.replace("vector_to_dictionary(", "g.vector_to_dictionary("), imports="import gc_utils as g"),
        PASS),
    Submission("check_n v2d alias", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP.replace("vector_to_dictionary(", "v2d("),
        imports="from gc_utils import vector_to_dictionary as v2d"), PASS),
    Submission("check_n keyword theta=", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP.replace("vector_to_dictionary(theta_plus)", "vector_to_dictionary(theta=theta_plus)")), PASS),
    Submission("check_n / 2 * epsilon (issue 10)", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP.replace("(2 * epsilon)", "2 * epsilon")), "ε²·gradapprox"),
    Submission("check_n range(1, n) (issue 10)", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, loop="for i in range(1, num_parameters):"), "entry 0 (the first one) of θ was never perturbed"),
    Submission("check_n J_plus[i] without unpacking (issue 10)", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP.replace("J_plus[i], _ =", "J_plus[i] =")), "J_plus[i], _ = forward_propagation_n"),
    Submission("check_n J_minus from theta_plus (issue 10)", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP.replace("vector_to_dictionary(theta_minus)", "vector_to_dictionary(theta_plus)")),
        "shifted only by +ε"),
    Submission("check_n (n,) against (n, 1) (issue 10)", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, grad_line="grad = gradients_to_vector(gradients).reshape(-1)"), "always between 0 and 1"),
    Submission("check_n sign-flipped gradapprox", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP.replace("(J_plus[i] - J_minus[i])", "(J_minus[i] - J_plus[i])")), "−gradapprox"),
    Submission("check_n norm(grad + gradapprox)", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, result="difference = numerator / np.linalg.norm(grad + gradapprox)"), "‖grad + gradapprox‖"),
    Submission("check_n minus step fixed at 1e-7", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP.replace("theta_minus[i] - epsilon", "theta_minus[i] - 1e-7")), "steps taken in θ were"),
    Submission("check_n J_minus first, eye vector", "gradient_check_n", _gradient_check_n("""
step = epsilon * np.eye(num_parameters)[:, [i]]
J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(parameters_values - step))
J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(parameters_values + step))
gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
"""), PASS),
    Submission("check_n module-qualified everything", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP.replace("vector_to_dictionary(", "gc_utils.vector_to_dictionary("), imports="import gc_utils",
        before="", grad_line="grad = gc_utils.gradients_to_vector(gradients)").replace(
        "parameters_values, _ = dictionary_to_vector(", "parameters_values, _ = gc_utils.dictionary_to_vector("), PASS),
    # issue 23: correct code written defensively passes (the tolerances are derived from what correct code can do)
    Submission("check defensive + 1e-8 (issue 23)", "gradient_check", _gradient_check(
        _CENTRAL, "return numerator / (denominator + 1e-8)"), PASS),
    Submission("check defensive + 1e-7", "gradient_check", _gradient_check(
        _CENTRAL, "return numerator / (denominator + 1e-7)"), PASS),
    Submission("check np.maximum(denominator, 1e-8)", "gradient_check", _gradient_check(
        _CENTRAL, "return numerator / np.maximum(denominator, 1e-8)"), PASS),
    Submission("check J_plus / (2 * epsilon) - J_minus / (2 * epsilon)", "gradient_check", _gradient_check(
        "gradapprox = J_plus / (2 * epsilon) - J_minus / (2 * epsilon)"), PASS),
    Submission("check_n defensive + 1e-8", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, result="difference = numerator / (denominator + 1e-8)"), PASS),
    Submission("check_n defensive + 1e-7", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, result="difference = numerator / (denominator + 1e-7)"), PASS),
    Submission("check_n np.linalg.norm(..., 2)", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, result="difference = np.linalg.norm(grad - gradapprox, 2) / "
                             "(np.linalg.norm(grad, 2) + np.linalg.norm(gradapprox, 2))"), PASS),
    Submission("check_n np.linalg.norm(..., 'fro')", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, result="difference = np.linalg.norm(grad - gradapprox, 'fro') / "
                             "(np.linalg.norm(grad, 'fro') + np.linalg.norm(gradapprox, 'fro'))"), PASS),
    Submission("check_n float64 sqrt of mean squares", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, result="difference = np.sqrt(np.mean((grad - gradapprox) ** 2)) / "
                             "(np.sqrt(np.mean(grad ** 2)) + np.sqrt(np.mean(gradapprox ** 2)))"), PASS),
    # issue 23: every wrong formula or shape of the relative difference is named by what it computes
    Submission("check squared numerator (issue 23)", "gradient_check", _gradient_check(
        _CENTRAL, "return numerator ** 2 / denominator"),
        "‖grad − gradapprox‖₂² / (‖grad‖₂ + ‖gradapprox‖₂): squared norms", not_in="Hint"),
    Submission("check max(‖g‖, ‖ĝ‖) denominator (issue 23)", "gradient_check", _gradient_check(
        _CENTRAL, "return numerator / max(np.linalg.norm(grad), np.linalg.norm(gradapprox))"),
        "the larger of the two norms in the denominator", not_in="left out"),
    Submission("check no norms (issue 23)", "gradient_check", _gradient_check(
        _CENTRAL, "return (grad - gradapprox) / (grad + gradapprox)"),
        "(grad − gradapprox) / (grad + gradapprox): no norms at all", not_in="numerator ‖grad − gradapprox‖ alone"),
    Submission("check + epsilon in the denominator", "gradient_check", _gradient_check(
        _CENTRAL, "return numerator / (denominator + epsilon)"), "epsilon, the step, added to the denominator"),
    Submission("check difference of the norms", "gradient_check", _gradient_check(
        _CENTRAL, "return (np.linalg.norm(grad) - np.linalg.norm(gradapprox)) / denominator"),
        "the difference of the norms in the numerator"),
    Submission("check mean of the norms", "gradient_check", _gradient_check(
        _CENTRAL, "return numerator / (denominator / 2)"), "the mean of the two norms in the denominator"),
    Submission("check_n L1 norms ord=1 (issue 23)", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, result="difference = np.linalg.norm(grad - gradapprox, ord=1) / "
                             "(np.linalg.norm(grad, ord=1) + np.linalg.norm(gradapprox, ord=1))"),
        "‖grad − gradapprox‖₁ / (‖grad‖₁ + ‖gradapprox‖₁): L1 norms"),
    Submission("check_n L1 norms np.sum(np.abs) (issue 23)", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, result="difference = np.sum(np.abs(grad - gradapprox)) / "
                             "(np.sum(np.abs(grad)) + np.sum(np.abs(gradapprox)))"),
        "‖grad − gradapprox‖₁ / (‖grad‖₁ + ‖gradapprox‖₁): L1 norms"),
    Submission("check_n squared numerator (issue 23)", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, result="difference = numerator ** 2 / denominator"),
        "squared norms (sums of squares without their square root, or a norm squared), in the numerator only"),
    Submission("check_n max(‖g‖, ‖ĝ‖) denominator, cs231n (issue 23)", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, result="difference = numerator / np.maximum(np.linalg.norm(grad), np.linalg.norm(gradapprox))"),
        "the larger of the two norms in the denominator", not_in="left out"),
    Submission("check_n no norms (issue 23)", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, result="difference = (grad - gradapprox) / (grad + gradapprox)"),
        "(grad − gradapprox) / (grad + gradapprox): no norms at all"),
    Submission("check_n max norms ord=np.inf", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, result="difference = np.max(np.abs(grad - gradapprox)) / "
                             "(np.max(np.abs(grad)) + np.max(np.abs(gradapprox)))"), "max norms (the largest"),
    Submission("check_n sums of squares without the root", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, result="difference = np.sum((grad - gradapprox) ** 2) / "
                             "(np.sum(grad ** 2) + np.sum(gradapprox ** 2))"),
        "‖grad − gradapprox‖₂² / (‖grad‖₂² + ‖gradapprox‖₂²): squared norms"),
    Submission("check_n L1 numerator over L2 norms", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, result="difference = np.sum(np.abs(grad - gradapprox)) / denominator"),
        "L1 norms (sums of absolute values: ord=1, or np.sum(np.abs(...))), in the numerator only"),
    Submission("check_n min(‖g‖, ‖ĝ‖) denominator", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, result="difference = numerator / min(np.linalg.norm(grad), np.linalg.norm(gradapprox))"),
        "the smaller of the two norms in the denominator"),
    Submission("check_n gradapprox[i] = ... after the loop (issue 23)", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP.replace("gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)", ""),
        after="gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)"), "only non-zero entry is the last one"),
    Submission("check_n gradapprox = ... in the loop", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP.replace("gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)",
                             "gradapprox = (J_plus[i] - J_minus[i]) / (2 * epsilon)")),
        "one number, the last entry's central difference, in place of every entry"),
    Submission("check_n gradapprox in float32 (issue 23)", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, before="gradapprox = np.zeros((num_parameters, 1), dtype=np.float32)"),
        "gradapprox rounded to float32"),
    Submission("check_n J_plus and J_minus in float32", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP, before="J_plus = np.zeros((num_parameters, 1), dtype=np.float32)\n"
                             "    J_minus = np.zeros((num_parameters, 1), dtype=np.float32)"),
        "J_plus and J_minus rounded to float32"),
    # issue 23: errors explained by what the code did and the shapes involved
    Submission("check_n theta_plus[i][0] = theta_plus[i] + epsilon (issue 23)", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP.replace("theta_plus[i] = theta_plus[i] + epsilon", "theta_plus[i][0] = theta_plus[i] + epsilon")),
        "theta_plus[i] is an array of shape (1,) and theta_plus[i][0] one number" if REFUSES else PASS),
    Submission("check_n gradapprox[i][0] = (J_plus[i] - J_minus[i]) / (2 * epsilon)", "gradient_check_n",
               _gradient_check_n(_LESSON_LOOP.replace("gradapprox[i] =", "gradapprox[i][0] =")),
               "after 2 evaluations of the cost" if REFUSES else PASS),
    Submission("check np.linalg.norm(..., 2) of numbers (issue 23)", "gradient_check", _gradient_check(
        _CENTRAL, "return np.linalg.norm(grad - gradapprox, 2) / (np.linalg.norm(grad, 2) + "
                  "np.linalg.norm(gradapprox, 2))"), "np.linalg.norm(v) without ord"),
    Submission("check np.linalg.norm(..., ord=1) of numbers", "gradient_check", _gradient_check(
        _CENTRAL, "return np.linalg.norm(grad - gradapprox, ord=1) / (np.linalg.norm(grad, ord=1) + "
                  "np.linalg.norm(gradapprox, ord=1))"), "np.linalg.norm(v) without ord"),
    Submission("backward J // theta (issue 23)", "backward_propagation",
               "def backward_propagation(x, theta):\n    return forward_propagation(x, theta) // theta\n",
               "rounded down, as floor division"),
    Submission("backward x // 1", "backward_propagation",
               "def backward_propagation(x, theta):\n    dtheta = x // 1\n    return dtheta\n",
               "as floor division `//` does"),
    Submission("backward int(x)", "backward_propagation",
               "def backward_propagation(x, theta):\n    return int(x)\n", "its decimals cut off, as int() does"),
    Submission("forward round(theta * x)", "forward_propagation",
               "def forward_propagation(x, theta):\n    return round(theta * x)\n", "rounded to the nearest whole"),
    # issue 23: a call with other arguments than the function takes is told in the lesson's names
    Submission("check forward_propagation(theta_plus) (issue 23)", "gradient_check", _gradient_check(
        _CENTRAL, j_plus="J_plus = forward_propagation(theta_plus)"),
        "forward_propagation was called with 1 argument, as forward_propagation(4.0000001)", not_in="_linear"),
    Submission("check backward_propagation(theta)", "gradient_check", _gradient_check(
        _CENTRAL, grad_line="grad = backward_propagation(theta)"),
        "expected: backward_propagation(x, theta)", not_in="_linear"),
    Submission("check forward_propagation(x, theta_plus, epsilon)", "gradient_check", _gradient_check(
        _CENTRAL, j_plus="J_plus = forward_propagation(x, theta_plus, epsilon)"),
        "forward_propagation() takes 2 positional arguments but 3 were given", not_in="_linear"),
    Submission("check forward_propagation by keywords", "gradient_check", _gradient_check(
        _CENTRAL, j_plus="J_plus = forward_propagation(theta=theta_plus, x=x)"), PASS),
    Submission("check_n forward_propagation_n(X, parameters)", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP.replace("forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))",
                             "forward_propagation_n(X, vector_to_dictionary(theta_plus))")),
        "as forward_propagation_n(an array of shape (4, 3), a dict (W1, b1, W2, b2, W3, b3))"),
    Submission("check_n vector_to_dictionary() without theta", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP.replace("vector_to_dictionary(theta_plus)", "vector_to_dictionary()")),
        "vector_to_dictionary() missing 1 required positional argument: 'theta'", not_in="<locals>"),
    Submission("check_n forward_propagation_n by keywords", "gradient_check_n", _gradient_check_n(
        _LESSON_LOOP.replace("forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))",
                             "forward_propagation_n(parameters=vector_to_dictionary(theta_plus), X=X, Y=Y)")), PASS),
]
