"""The public tests of "Checking your own layers" against a corpus of student-style submissions.

Each wrong submission makes one known mistake and must fail with a message that names it (the fragment listed
with it); each correct variant, written another way a student might, must pass. The submissions are written here as
a student would write them, not taken from gc_utils.
"""

from __future__ import annotations

import numpy as np
import pytest

import gc_utils
from gc_utils import i18n
from public_tests import layers as tests

# ------------------------------------------------------------------------------------------------ helpers


def _relative(grad, approx):
    return np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx))


def _message(test, function) -> str:
    with pytest.raises(AssertionError) as failure:
        test(function)
    return str(failure.value)


def _copies(inputs):
    return {key: array.copy() for key, array in inputs.items()}


# ------------------------------------------------------------------------------------------- vjp_check

def vjp_reference(forward, backward, inputs, rng, epsilon=1e-6):
    out = forward(inputs)
    upstream = rng.standard_normal(out.shape)
    grads = backward(inputs, upstream)
    differences = {}
    for name, value in inputs.items():
        approx = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            plus, minus = _copies(inputs), _copies(inputs)
            plus[name][index] += epsilon
            minus[name][index] -= epsilon
            approx[index] = (np.sum(upstream * forward(plus)) - np.sum(upstream * forward(minus))) / (2 * epsilon)
        differences[name] = _relative(grads[name], approx)
    return differences


def vjp_in_place(forward, backward, inputs, rng, epsilon=1e-6):
    """Shifts each entry in place and puts it back: correct, and leaves the inputs as they were."""
    upstream = rng.normal(size=np.shape(forward(inputs)))
    grads = backward(inputs, upstream)
    result = {}
    for name, array in inputs.items():
        approx = np.zeros(array.shape)
        flat, out = array.reshape(-1), approx.reshape(-1)
        for i in range(flat.size):
            kept = flat[i]
            flat[i] = kept + epsilon
            up = np.vdot(upstream, forward(inputs))
            flat[i] = kept - epsilon
            down = np.vdot(upstream, forward(inputs))
            flat[i] = kept
            out[i] = (up - down) / (2 * epsilon)
        result[name] = float(_relative(grads[name], approx))
    return result


def vjp_gradient_keys(forward, backward, inputs, rng, epsilon=1e-6):
    """Returns its differences under "dX", "dW", ...: accepted."""
    return {f"d{name}": value for name, value in vjp_reference(forward, backward, inputs, rng, epsilon).items()}


def vjp_ones(forward, backward, inputs, rng, epsilon=1e-6):
    upstream = np.ones(forward(inputs).shape)
    grads = backward(inputs, upstream)
    result = {}
    for name, value in inputs.items():
        approx = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            plus, minus = _copies(inputs), _copies(inputs)
            plus[name][index] += epsilon
            minus[name][index] -= epsilon
            approx[index] = (np.sum(forward(plus)) - np.sum(forward(minus))) / (2 * epsilon)
        result[name] = _relative(grads[name], approx)
    return result


def vjp_two_upstreams(forward, backward, inputs, rng, epsilon=1e-6):
    """A random upstream gradient for backward, and Σ forward (all ones) on the numerical side."""
    upstream = rng.standard_normal(forward(inputs).shape)
    grads = backward(inputs, upstream)
    result = {}
    for name, value in inputs.items():
        approx = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            plus, minus = _copies(inputs), _copies(inputs)
            plus[name][index] += epsilon
            minus[name][index] -= epsilon
            approx[index] = (np.sum(forward(plus)) - np.sum(forward(minus))) / (2 * epsilon)
        result[name] = _relative(grads[name], approx)
    return result


def vjp_parameters_only(forward, backward, inputs, rng, epsilon=1e-6):
    full = vjp_reference(forward, backward, inputs, rng, epsilon)
    return {name: value for name, value in full.items() if name != "X"} or full


def vjp_one_sided(forward, backward, inputs, rng, epsilon=1e-6):
    upstream = rng.standard_normal(forward(inputs).shape)
    grads = backward(inputs, upstream)
    base = np.sum(upstream * forward(inputs))
    result = {}
    for name, value in inputs.items():
        approx = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            plus = _copies(inputs)
            plus[name][index] += epsilon
            approx[index] = (np.sum(upstream * forward(plus)) - base) / epsilon
        result[name] = _relative(grads[name], approx)
    return result


def vjp_fixed_epsilon(forward, backward, inputs, rng, epsilon=1e-6):
    return vjp_reference(forward, backward, inputs, rng, 1e-7)


def vjp_shallow_copy(forward, backward, inputs, rng, epsilon=1e-6):
    """dict(inputs) shares the arrays: the shifts pile up in the caller's inputs."""
    upstream = rng.standard_normal(forward(inputs).shape)
    grads = backward(inputs, upstream)
    result = {}
    for name, value in inputs.items():
        approx = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            plus = dict(inputs)
            plus[name][index] += epsilon
            up = np.sum(upstream * forward(plus))
            minus = dict(inputs)
            minus[name][index] -= 2 * epsilon
            approx[index] = (up - np.sum(upstream * forward(minus))) / (2 * epsilon)
        result[name] = _relative(grads[name], approx)
    return result


def vjp_total_only(forward, backward, inputs, rng, epsilon=1e-6):
    """One number instead of a dict."""
    return max(vjp_reference(forward, backward, inputs, rng, epsilon).values())


VJP_MISTAKES = {
    "all ones": (vjp_ones, "entries all equal 1"),
    "two upstreams": (vjp_two_upstreams, "as if the upstream gradient were all ones"),
    "parameters only": (vjp_parameters_only, "returned no difference for X"),
    "one-sided": (vjp_one_sided, "never shifted an entry by −ε"),
    "fixed epsilon": (vjp_fixed_epsilon, "It shifted entries by 1e-07 while epsilon = 1e-06 was passed"),
    "shallow copy": (vjp_shallow_copy, "changed what it was given: X"),
    "one number": (vjp_total_only, "expected a dict with one relative difference per input"),
}


@pytest.mark.parametrize("mistake", VJP_MISTAKES)
def test_vjp_check_mistakes_are_named(mistake):
    function, named = VJP_MISTAKES[mistake]
    assert named in _message(tests.vjp_check_test, function)


@pytest.mark.parametrize("function", [vjp_reference, vjp_in_place, vjp_gradient_keys])
def test_vjp_check_correct_variants_pass(function, capsys):
    tests.vjp_check_test(function)
    assert "All tests passed." in capsys.readouterr().out


def test_vjp_check_failure_says_what_the_check_returned_and_what_it_should():
    message = _message(tests.vjp_check_test, vjp_two_upstreams)
    assert message.startswith("vjp_check on a correct dense layer (4 inputs, 4 units, 4 examples), epsilon = 1e-06, "
                              "returned 0.")
    assert "for X; expected below 1e-06 (the layer is correct: round-off only)." in message


# ------------------------------------------------------------------------------------- dense_backward

def dense_reference(dZ, cache):
    X, W, b = cache
    return np.dot(W.T, dZ), np.dot(dZ, X.T), np.sum(dZ, axis=1, keepdims=True)


def dense_einsum(dZ, cache):
    X, W, _ = cache
    return np.einsum("oi,om->im", W, dZ), np.einsum("om,im->oi", dZ, X), dZ.sum(1)[:, None]


def dense_per_example(dZ, cache):
    """A loop over the examples, summing outer products: correct."""
    X, W, b = cache
    dX, dW, db = np.zeros_like(X), np.zeros_like(W), np.zeros_like(b)
    for k in range(X.shape[1]):
        dX[:, k] = W.T @ dZ[:, k]
        dW += np.outer(dZ[:, k], X[:, k])
        db[:, 0] += dZ[:, k]
    return dX, dW, db


def _dense_with(dX=None, dW=None, db=None):
    def wrong(dZ, cache):
        right = dense_reference(dZ, cache)
        X, W, _ = cache
        return (right[0] if dX is None else dX(dZ, X, W), right[1] if dW is None else dW(dZ, X, W),
                right[2] if db is None else db(dZ, X, W))
    return wrong


DENSE_MISTAKES = {
    "dX through W, not Wᵀ": (_dense_with(dX=lambda dZ, X, W: W @ dZ), "It is W·dZ"),
    "dX over m": (_dense_with(dX=lambda dZ, X, W: W.T @ dZ / dZ.shape[1]), "a layer's backward pass has no 1/m"),
    "dW transposed": (_dense_with(dW=lambda dZ, X, W: X @ dZ.T), "the transpose of dW"),
    "upstream transposed": (_dense_with(dW=lambda dZ, X, W: dZ.T @ X.T), "the upstream gradient transposed"),
    "dW over m": (_dense_with(dW=lambda dZ, X, W: dZ @ X.T / dZ.shape[1]), "the 1/m is in dZ already"),
    "db not summed": (_dense_with(db=lambda dZ, X, W: dZ), "a missing sum over the batch"),
    "db over the units": (_dense_with(db=lambda dZ, X, W: np.sum(dZ, axis=0, keepdims=True)), "over the units"),
    "db without keepdims": (_dense_with(db=lambda dZ, X, W: np.sum(dZ, axis=1)), "without keepdims=True"),
    "db mean": (_dense_with(db=lambda dZ, X, W: np.mean(dZ, axis=1, keepdims=True)), "the mean of dZ"),
    "db total": (_dense_with(db=lambda dZ, X, W: np.sum(dZ)), "every entry of dZ, one number"),
    "two gradients": (lambda dZ, cache: dense_reference(dZ, cache)[1:], "expected the three gradients"),
}


def dense_in_place(dZ, cache):
    X, W, b = cache
    dZ *= 1.0
    X -= 0  # harmless
    W *= 2  # changes the caller's weights
    return dense_reference(dZ, (X, W / 2, b))


@pytest.mark.parametrize("mistake", DENSE_MISTAKES)
def test_dense_backward_mistakes_are_named(mistake):
    function, named = DENSE_MISTAKES[mistake]
    assert named in _message(tests.dense_backward_test, function)


def test_dense_backward_that_changes_its_cache_is_told_so():
    assert "changed what it was given: W" in _message(tests.dense_backward_test, dense_in_place)


@pytest.mark.parametrize("function", [dense_reference, dense_einsum, dense_per_example])
def test_dense_backward_correct_variants_pass(function, capsys):
    tests.dense_backward_test(function)
    assert "All tests passed." in capsys.readouterr().out


# ------------------------------------------------------------------------------ softmax_cross_entropy

def softmax_reference(Z, Y):
    m = Z.shape[1]
    shifted = Z - np.max(Z, axis=0, keepdims=True)
    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
    return -np.sum(Y * log_p) / m, (np.exp(log_p) - Y) / m


def softmax_logsumexp_of_z(Z, Y):
    """log Σ exp(z) as max + log Σ exp(z − max), the loss as logsumexp − z_y: correct."""
    m = Z.shape[1]
    top = Z.max(axis=0)
    logsumexp = top + np.log(np.exp(Z - top).sum(axis=0))
    loss = np.mean(logsumexp - np.sum(Y * Z, axis=0))
    return loss, (np.exp(Z - logsumexp) - Y) / m


def softmax_naive(Z, Y):
    m = Z.shape[1]
    p = np.exp(Z) / np.sum(np.exp(Z), axis=0, keepdims=True)
    return -np.sum(Y * np.log(p)) / m, (p - Y) / m


def softmax_log_of_probability(Z, Y):
    m = Z.shape[1]
    e = np.exp(Z - Z.max(axis=0, keepdims=True))
    p = e / e.sum(axis=0, keepdims=True)
    return -np.sum(Y * np.log(p)) / m, (p - Y) / m


def softmax_clipped(Z, Y):
    m = Z.shape[1]
    e = np.exp(Z - Z.max(axis=0, keepdims=True))
    p = e / e.sum(axis=0, keepdims=True)
    return -np.sum(Y * np.log(np.clip(p, 1e-12, 1.0))) / m, (p - Y) / m


def _softmax_with(loss=None, dZ=None):
    def wrong(Z, Y):
        right_loss, right_dZ = softmax_reference(Z, Y)
        p = right_dZ * Z.shape[1] + Y
        return (right_loss if loss is None else loss(right_loss, Z), right_dZ if dZ is None else dZ(p, Y, Z))
    return wrong


def _softmax_rows(Z):
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


SOFTMAX_MISTAKES = {
    "naive exp": (softmax_naive, "exp overflowed"),
    "log of the probability": (softmax_log_of_probability, "A probability underflowed to 0"),
    "clipped": (softmax_clipped, "clipped at 1e-12"),
    "sum not mean": (_softmax_with(loss=lambda loss, Z: loss * Z.shape[1]), "the sum over the batch"),
    "dZ without 1/m": (_softmax_with(dZ=lambda p, Y, Z: p - Y), "It is softmax(Z) − Y"),
    "dZ sign": (_softmax_with(dZ=lambda p, Y, Z: (Y - p) / Z.shape[1]), "the sign is flipped"),
    "softmax over the examples": (_softmax_with(dZ=lambda p, Y, Z: (_softmax_rows(Z) - Y) / Z.shape[1]),
                                  "along each row, over the examples"),
    "dZ without Y": (_softmax_with(dZ=lambda p, Y, Z: p / Z.shape[1]), "subtract Y"),
    "loss only": (lambda Z, Y: softmax_reference(Z, Y)[0], "expected the pair (loss, dZ)"),
}


@pytest.mark.parametrize("mistake", SOFTMAX_MISTAKES)
def test_softmax_cross_entropy_mistakes_are_named(mistake):
    function, named = SOFTMAX_MISTAKES[mistake]
    assert named in _message(tests.softmax_cross_entropy_test, function)


def test_an_overflow_is_reported_with_numpys_own_warning():
    message = _message(tests.softmax_cross_entropy_test, softmax_naive)
    assert "on logits near 1000" in message and "NumPy warned: overflow encountered in exp" in message


@pytest.mark.parametrize("function", [softmax_reference, softmax_logsumexp_of_z])
def test_softmax_cross_entropy_correct_variants_pass(function, capsys):
    tests.softmax_cross_entropy_test(function)
    assert "All tests passed." in capsys.readouterr().out


# --------------------------------------------------------------------------------- batchnorm_backward

def batchnorm_reference(dout, cache):
    X_hat, gamma, std = cache["X_hat"], cache["gamma"], cache["std"]
    dX_hat = gamma * dout
    dX = (dX_hat - dX_hat.mean(axis=1, keepdims=True)
          - X_hat * (dX_hat * X_hat).mean(axis=1, keepdims=True)) / std
    return dX, np.sum(dout * X_hat, axis=1, keepdims=True), np.sum(dout, axis=1, keepdims=True)


def batchnorm_staged(dout, cache):
    """Back-propagation through every step of the forward pass, as in a computational graph: correct."""
    X, mean, var, gamma, eps = cache["X"], cache["mean"], cache["var"], cache["gamma"], cache["eps"]
    m = X.shape[1]
    centred = X - mean
    inverse = 1 / np.sqrt(var + eps)
    X_hat = centred * inverse
    dbeta = dout.sum(axis=1, keepdims=True)
    dgamma = (dout * X_hat).sum(axis=1, keepdims=True)
    dX_hat = dout * gamma
    dinverse = (dX_hat * centred).sum(axis=1, keepdims=True)
    dcentred = dX_hat * inverse
    dvar = dinverse * -0.5 * (var + eps) ** -1.5
    dcentred += 2 * centred / m * dvar
    dmean = -dcentred.sum(axis=1, keepdims=True)
    return dcentred + dmean / m, dgamma, dbeta


def batchnorm_with_sums(dout, cache):
    """The compact formula written with sums and m: correct."""
    X_hat, gamma, std = cache["X_hat"], cache["gamma"], cache["std"]
    m = dout.shape[1]
    dX_hat = dout * gamma
    dX = (m * dX_hat - dX_hat.sum(axis=1, keepdims=True)
          - X_hat * (dX_hat * X_hat).sum(axis=1, keepdims=True)) / (m * std)
    return dX, (dout * X_hat).sum(axis=1, keepdims=True), dout.sum(axis=1, keepdims=True)


def _batchnorm_with(dX=None, dgamma=None, dbeta=None):
    def wrong(dout, cache):
        right = batchnorm_reference(dout, cache)
        return (right[0] if dX is None else dX(dout, cache), right[1] if dgamma is None else dgamma(dout, cache),
                right[2] if dbeta is None else dbeta(dout, cache))
    return wrong


def _compact(dout, cache, *, mean=True, variance=True, gamma=True, divisor=None, std=None, X_hat=None):
    X_hat = cache["X_hat"] if X_hat is None else X_hat
    std = cache["std"] if std is None else std
    m = dout.shape[1]
    d = cache["gamma"] * dout if gamma else dout
    result = d.copy()
    if mean:
        result = result - d.mean(axis=1, keepdims=True)
    if variance:
        result = result - X_hat * (d * X_hat).sum(axis=1, keepdims=True) / (divisor or m)
    return result / std


BATCHNORM_MISTAKES = {
    "mean's gradient forgotten": (_batchnorm_with(dX=lambda d, c: _compact(d, c, mean=False)),
                                  "the mean's gradient is forgotten"),
    "variance's gradient forgotten": (_batchnorm_with(dX=lambda d, c: _compact(d, c, variance=False)),
                                      "the variance's gradient is forgotten"),
    "both forgotten": (_batchnorm_with(dX=lambda d, c: _compact(d, c, mean=False, variance=False)),
                       "as if the mean and the variance were constants"),
    "γ forgotten": (_batchnorm_with(dX=lambda d, c: _compact(d, c, gamma=False)), "dX̂ = γ·dout belongs"),
    "m − 1": (_batchnorm_with(dX=lambda d, c: _compact(d, c, divisor=d.shape[1] - 1)), "divides by m − 1"),
    "ε forgotten": (_batchnorm_with(dX=lambda d, c: _compact(d, c, std=np.sqrt(c["var"]),
                                                             X_hat=(c["X"] - c["mean"]) / np.sqrt(c["var"]))),
                    "It divides by √var"),
    "var instead of std": (_batchnorm_with(dX=lambda d, c: _compact(d, c) * c["std"] / (c["var"] + c["eps"])),
                           "It divides by var + ε"),
    "dγ not summed": (_batchnorm_with(dgamma=lambda d, c: d * c["X_hat"]), "a missing sum over the batch"),
    "dγ over features": (_batchnorm_with(dgamma=lambda d, c: (d * c["X_hat"]).sum(axis=0, keepdims=True)),
                         "over the features"),
    "dγ without keepdims": (_batchnorm_with(dgamma=lambda d, c: (d * c["X_hat"]).sum(axis=1)),
                            "keeps dγ the shape of γ"),
    "dγ without X̂": (_batchnorm_with(dgamma=lambda d, c: d.sum(axis=1, keepdims=True)), "the gradient of β"),
    "dγ with X": (_batchnorm_with(dgamma=lambda d, c: (d * c["X"]).sum(axis=1, keepdims=True)), "It uses X"),
    "dβ not summed": (_batchnorm_with(dbeta=lambda d, c: d), "It is dout itself, a missing sum over the batch"),
    "dβ mean": (_batchnorm_with(dbeta=lambda d, c: d.mean(axis=1, keepdims=True)), "the mean of dout"),
    "dβ without keepdims": (_batchnorm_with(dbeta=lambda d, c: d.sum(axis=1)), "keeps dβ the shape of β"),
    "dX only": (lambda dout, cache: batchnorm_reference(dout, cache)[0], "expected the three gradients"),
}


def batchnorm_in_place(dout, cache):
    cache["X_hat"] *= cache["gamma"]  # reuses the cache as scratch space
    dX_hat_times = cache["X_hat"] / cache["gamma"]
    return batchnorm_reference(dout, {**cache, "X_hat": dX_hat_times})


@pytest.mark.parametrize("mistake", BATCHNORM_MISTAKES)
def test_batchnorm_backward_mistakes_are_named(mistake):
    function, named = BATCHNORM_MISTAKES[mistake]
    assert named in _message(tests.batchnorm_backward_test, function)


def test_batchnorm_backward_that_changes_its_cache_is_told_so():
    assert "changed what it was given: cache['X_hat']" in _message(tests.batchnorm_backward_test, batchnorm_in_place)


@pytest.mark.parametrize("function", [batchnorm_reference, batchnorm_staged, batchnorm_with_sums])
def test_batchnorm_backward_correct_variants_pass(function, capsys):
    tests.batchnorm_backward_test(function)
    assert "All tests passed." in capsys.readouterr().out


# ------------------------------------------------------------------------------------------ hvp_check

def hvp_reference(gradient, hvp, theta, v, epsilon=1e-5):
    approx = (gradient(theta + epsilon * v) - gradient(theta - epsilon * v)) / (2 * epsilon)
    exact = hvp(theta, v)
    return np.linalg.norm(exact - approx) / (np.linalg.norm(exact) + np.linalg.norm(approx))


def hvp_with_gradient_at_theta(gradient, hvp, theta, v, epsilon=1e-5):
    """Also evaluates the gradient at θ (for nothing), and flattens: still correct."""
    gradient(theta)
    plus, minus = gradient(theta + epsilon * v).ravel(), gradient(theta - epsilon * v).ravel()
    exact = np.ravel(hvp(theta, v))
    approx = (plus - minus) / (2 * epsilon)
    return float(np.sqrt(np.sum((exact - approx) ** 2)) / (np.sqrt(np.sum(exact ** 2)) + np.sqrt(np.sum(approx ** 2))))


def hvp_one_sided(gradient, hvp, theta, v, epsilon=1e-5):
    approx = (gradient(theta + epsilon * v) - gradient(theta)) / epsilon
    exact = hvp(theta, v)
    return np.linalg.norm(exact - approx) / (np.linalg.norm(exact) + np.linalg.norm(approx))


def hvp_over_epsilon(gradient, hvp, theta, v, epsilon=1e-5):
    approx = (gradient(theta + epsilon * v) - gradient(theta - epsilon * v)) / epsilon
    exact = hvp(theta, v)
    return np.linalg.norm(exact - approx) / (np.linalg.norm(exact) + np.linalg.norm(approx))


def hvp_unit_direction(gradient, hvp, theta, v, epsilon=1e-5):
    """Normalises v for the difference but not for the product."""
    u = v / np.linalg.norm(v)
    approx = (gradient(theta + epsilon * u) - gradient(theta - epsilon * u)) / (2 * epsilon)
    exact = hvp(theta, v)
    return np.linalg.norm(exact - approx) / (np.linalg.norm(exact) + np.linalg.norm(approx))


def hvp_fixed_epsilon(gradient, hvp, theta, v, epsilon=1e-5):
    return hvp_reference(gradient, hvp, theta, v, 1e-5)


def hvp_without_product(gradient, hvp, theta, v, epsilon=1e-5):
    approx = (gradient(theta + epsilon * v) - gradient(theta - epsilon * v)) / (2 * epsilon)
    return np.linalg.norm(approx) / (2 * np.linalg.norm(approx))


def hvp_array(gradient, hvp, theta, v, epsilon=1e-5):
    approx = (gradient(theta + epsilon * v) - gradient(theta - epsilon * v)) / (2 * epsilon)
    exact = hvp(theta, v)
    return np.abs(exact - approx) / (np.abs(exact) + np.abs(approx))


HVP_MISTAKES = {
    "one-sided": (hvp_one_sided, "a one-sided difference"),
    "divided by ε": (hvp_over_epsilon, "divided by ε instead of 2ε"),
    "unit direction": (hvp_unit_direction, "Shift θ by ±epsilon·v with the epsilon passed"),
    "fixed epsilon": (hvp_fixed_epsilon, "Shift θ by ±epsilon·v with the epsilon passed, 0.25"),
    "no product": (hvp_without_product, "never called hvp(theta, v)"),
    "an array": (hvp_array, "it should return one number"),
}


@pytest.mark.parametrize("mistake", HVP_MISTAKES)
def test_hvp_check_mistakes_are_named(mistake):
    function, named = HVP_MISTAKES[mistake]
    assert named in _message(tests.hvp_check_test, function)


def test_a_one_sided_hvp_check_is_told_where_it_evaluated_the_gradient():
    message = _message(tests.hvp_check_test, hvp_one_sided)
    assert "evaluated the gradient 2 times, at θ + 0.25·v, θ" in message


@pytest.mark.parametrize("function", [hvp_reference, hvp_with_gradient_at_theta])
def test_hvp_check_correct_variants_pass(function, capsys):
    tests.hvp_check_test(function)
    assert "All tests passed." in capsys.readouterr().out


# ------------------------------------------------------------------------------------- every exercise

EXERCISES = ("vjp_check", "dense_backward", "softmax_cross_entropy", "batchnorm_backward", "hvp_check")


@pytest.mark.parametrize("exercise", EXERCISES)
def test_a_stub_is_not_implemented_yet(exercise):
    def stub(*args):
        raise NotImplementedError("Replace this line with your code")

    assert f"{exercise} is not implemented yet" in _message(getattr(tests, f"{exercise}_test"), stub)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_something_that_is_not_a_function_is_refused_clearly(exercise):
    assert f"{exercise}_test expects the function you defined" in _message(getattr(tests, f"{exercise}_test"), 3)


def test_the_feedback_is_korean_after_set_language():
    gc_utils.set_language("ko")
    try:
        message = _message(tests.dense_backward_test, DENSE_MISTAKES["db not summed"][0])
        assert i18n.template("public_tests.layers.dense.mistake.db_not_summed", "ko") in message
        assert "dense_backward(전치한 곱도 모양이 맞는 정사각 사례: X 4×4" in message
        assert "아직 구현되지 않았습니다" in _message(tests.hvp_check_test, lambda *a: (_ for _ in ()).throw(
            NotImplementedError()))
    finally:
        gc_utils.set_language("en")


def test_every_layers_message_is_used_and_every_korean_text_avoids_templated_particles():
    import re
    from pathlib import Path

    source = "".join(path.read_text(encoding="utf-8") for path in Path(tests.__file__).parent.glob("layer*.py"))
    keys = [key for key in i18n.catalogues("public_tests")["en"] if key.startswith("layers.")]
    dynamic = ("layers.dense.mistake.", "layers.dense.formula.", "layers.softmax.mistake.", "layers.batchnorm.mistake.",
               "layers.batchnorm.formula.")
    unused = [key for key in keys if f'"{key}"' not in source and not key.startswith(dynamic)]
    assert unused == []
    for key in keys:
        korean = i18n.template(f"public_tests.{key}", "ko")
        assert not re.search(r"이\(가\)|은\(는\)|을\(를\)|와\(과\)|\(으\)로", korean), key
