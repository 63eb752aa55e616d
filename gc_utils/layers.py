"""Reference layers, one forward and one backward each, and the bugs we plant in their backward passes.

The lesson's convention: one example per *column*. A dense layer computes ``Z = W·X + b`` with ``X`` of shape
``(n_in, m)``, ``W`` ``(n_out, n_in)``, ``b`` ``(n_out, 1)``; batch normalisation normalises each feature (row)
over the batch (the columns); softmax runs down each column. A backward pass takes the *upstream gradient* (the
gradient of the cost with respect to the layer's output, shaped like the output) and returns the gradients with
respect to the layer's inputs, parameters and data alike; no ``1/m`` appears in a layer's backward pass: when the
cost is a mean over the batch, the ``1/m`` is already in the upstream gradient.

Every layer also comes as a ``Layer``: ``forward(inputs)`` and ``backward(inputs, upstream)`` on dicts keyed by
input name (``"X"``, ``"W"``, ``"b"``, ...), the form the vector-Jacobian checks of ``gc_utils.vjp`` take.
``layer(kind, bugs=...)`` makes one with planted bugs switched on (``BUGS[kind]``, ``gc_utils.bugs.Bug``).

Examples
--------
>>> import numpy as np
>>> Z, cache = dense_forward(np.ones((2, 3)), np.eye(2), np.zeros((2, 1)))
>>> [g.shape for g in dense_backward(np.ones((2, 3)), cache)]
[(2, 3), (2, 2), (2, 1)]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from .bugs import Bug, catalogue, checked_bug_names

BATCHNORM_EPSILON = 1e-5
"""The ε inside batch normalisation's square root (not a finite-difference step)."""

CLIP = 1e-12
"""The floor the ``"clipped"`` cross-entropy puts under each probability (a common way to avoid ``log(0)``)."""

LOSS_FORMS = ("log-sum-exp", "naive", "clipped")
"""How ``cross_entropy`` computes the loss: ``"log-sum-exp"`` (stable), ``"naive"`` (``exp`` of the raw logits,
then ``log`` of the probability), ``"clipped"`` (a stable softmax whose probabilities are clipped at ``CLIP``)."""

BUGS: dict[str, dict[str, Bug]] = {
    "dense": catalogue(
        Bug("upstream_transposed", "dW = dZᵀ·Xᵀ: the upstream gradient transposed (possible when m = n_out)", ("W",)),
        Bug("divided_by_m", "dW and db divided by m: the cost's 1/m counted twice", ("W", "b")),
        Bug("last_example_dropped", "dX of the last example left at zero (a loop that stops one short)", ("X",)),
    ),
    "relu": catalogue(
        Bug("upstream_ignored", "dX = (X > 0): the upstream gradient is left out", ("X",)),
    ),
    "tanh": catalogue(
        Bug("derivative_of_z", "dZ = dA·(1 − Z²): the derivative taken at Z instead of tanh(Z)", ("X",)),
    ),
    "batchnorm": catalogue(
        Bug("mean_gradient_forgotten", "dX without −mean(dX̂): the mean's gradient forgotten", ("X",)),
        Bug("variance_gradient_forgotten", "dX without −X̂·mean(dX̂·X̂): the variance's gradient forgotten", ("X",)),
        Bug("gamma_forgotten", "dX̂ = dout: γ left out of dX", ("X",)),
        Bug("unbiased_variance", "the variance's term divided by m − 1 instead of m", ("X",)),
        Bug("epsilon_forgotten", "1/√var instead of 1/√(var + ε)", ("X",)),
        Bug("dgamma_without_xhat", "dγ = Σ dout: X̂ left out of dγ", ("gamma",)),
    ),
}
"""The bugs that can be planted in each layer's backward pass, by layer kind."""


# ------------------------------------------------------------------------------------------------ dense

def dense_forward(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, tuple]:
    """``Z = W·X + b`` and the cache ``(X, W, b)``."""
    return W @ X + b, (X, W, b)


def dense_backward(dZ: np.ndarray, cache: tuple, bugs: Iterable[str] = ()) -> tuple[np.ndarray, ...]:
    """``(dX, dW, db)`` from the upstream gradient ``dZ``: ``Wᵀ·dZ``, ``dZ·Xᵀ`` and ``dZ`` summed over the batch.

    ``bugs``: names from ``BUGS["dense"]`` to plant.
    """
    bugs = checked_bug_names(bugs, BUGS["dense"])
    X, W, _ = cache
    dX = W.T @ dZ
    dW = (dZ.T @ X.T) if "upstream_transposed" in bugs else dZ @ X.T
    db = dZ.sum(axis=1, keepdims=True)
    if "divided_by_m" in bugs:
        dW, db = dW / dZ.shape[1], db / dZ.shape[1]
    if "last_example_dropped" in bugs:
        dX[:, -1] = 0
    return (dX, dW, db)


# ----------------------------------------------------------------------------------------- activations

def relu_forward(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``max(0, X)`` and the cache ``X``."""
    return np.maximum(X, 0), X


def relu_backward(dA: np.ndarray, X: np.ndarray, bugs: Iterable[str] = ()) -> np.ndarray:
    """``dA`` where ``X > 0``, else 0 (``bugs``: names from ``BUGS["relu"]``)."""
    bugs = checked_bug_names(bugs, BUGS["relu"])
    mask = (X > 0).astype(float)
    return mask if "upstream_ignored" in bugs else dA * mask


def tanh_forward(Z: np.ndarray) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """``tanh(Z)`` and the cache ``(Z, tanh(Z))``."""
    A = np.tanh(Z)
    return A, (Z, A)


def tanh_backward(dA: np.ndarray, cache: tuple, bugs: Iterable[str] = ()) -> np.ndarray:
    """``dA·(1 − tanh(Z)²)`` (``bugs``: names from ``BUGS["tanh"]``)."""
    bugs = checked_bug_names(bugs, BUGS["tanh"])
    Z, A = cache
    return dA * (1 - Z ** 2) if "derivative_of_z" in bugs else dA * (1 - A ** 2)


# ---------------------------------------------------------------------------------- softmax, cross-entropy

def log_softmax(Z: np.ndarray) -> np.ndarray:
    """``log softmax`` of each column, by the log-sum-exp trick: ``z − max − log Σ exp(z − max)``.

    Examples
    --------
    >>> import numpy as np
    >>> np.round(np.exp(log_softmax(np.array([[1000.0], [1000.0]]))), 3)
    array([[0.5],
           [0.5]])
    """
    shifted = Z - Z.max(axis=0, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))


def softmax(Z: np.ndarray) -> np.ndarray:
    """The probabilities of each column, computed stably (``exp`` of ``log_softmax``)."""
    return np.exp(log_softmax(Z))


def cross_entropy(Z: np.ndarray, Y: np.ndarray, form: str = "log-sum-exp") -> float:
    """The mean over the batch of ``−log softmax(Z)[y]`` (``Y`` one-hot, one column per example), computed in one of
    ``LOSS_FORMS``.

    The three forms are one function in exact arithmetic; in floating point ``"naive"`` overflows once a logit
    passes about 709 (``exp`` gives ``inf``, then ``nan``), and ``"clipped"`` stops growing once a probability
    falls below ``CLIP``: it is finite but no longer the loss, and its gradient is no longer ``softmax − Y``.
    """
    examples = Z.shape[1]
    if form == "log-sum-exp":
        return float(-np.sum(Y * log_softmax(Z)) / examples)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if form == "naive":
            exp = np.exp(Z)
            probabilities = exp / exp.sum(axis=0, keepdims=True)
            return float(-np.sum(Y * np.log(probabilities)) / examples)
        if form == "clipped":
            return float(-np.sum(Y * np.log(np.clip(softmax(Z), CLIP, 1.0))) / examples)
    raise ValueError(f"form must be one of {LOSS_FORMS}; got {form!r}")


def softmax_cross_entropy(Z: np.ndarray, Y: np.ndarray) -> tuple[float, np.ndarray]:
    """The stable loss and its gradient ``dZ = (softmax(Z) − Y) / m``."""
    return cross_entropy(Z, Y), (softmax(Z) - Y) / Z.shape[1]


# --------------------------------------------------------------------------------- batch normalisation

def batchnorm_forward(X: np.ndarray, gamma: np.ndarray, beta: np.ndarray,
                      eps: float = BATCHNORM_EPSILON) -> tuple[np.ndarray, dict]:
    """``γ·X̂ + β`` with ``X̂ = (X − mean) / √(var + ε)`` per feature (row) over the batch (columns).

    Returns
    -------
    out : ndarray, shaped like ``X``
    cache : dict
        ``X``, ``X_hat``, ``mean``, ``var`` (the biased variance, divided by m), ``std`` (``√(var + ε)``),
        ``gamma``, ``beta`` and ``eps``: what a backward pass may need.
    """
    mean = X.mean(axis=1, keepdims=True)
    centred = X - mean
    var = (centred ** 2).mean(axis=1, keepdims=True)
    std = np.sqrt(var + eps)
    X_hat = centred / std
    cache = {"X": X, "X_hat": X_hat, "mean": mean, "var": var, "std": std, "gamma": gamma, "beta": beta,
             "eps": eps}
    return gamma * X_hat + beta, cache


def batchnorm_backward(dout: np.ndarray, cache: Mapping, bugs: Iterable[str] = ()) -> tuple[np.ndarray, ...]:
    """``(dX, dgamma, dbeta)``; with ``dX̂ = γ·dout``, the compact form

    ``dX = (dX̂ − mean(dX̂) − X̂·mean(dX̂·X̂)) / √(var + ε)``, the means over the batch (one per feature):
    the second term is the mean's gradient, the third the variance's.

    ``bugs``: names from ``BUGS["batchnorm"]`` to plant.
    """
    bugs = checked_bug_names(bugs, BUGS["batchnorm"])
    X_hat, std = cache["X_hat"], cache["std"]
    gamma = cache["gamma"]
    m = dout.shape[1]
    if "epsilon_forgotten" in bugs:
        std = np.sqrt(cache["var"])
        X_hat = (cache["X"] - cache["mean"]) / std
    dX_hat = dout if "gamma_forgotten" in bugs else gamma * dout
    dX = dX_hat.copy()
    if "mean_gradient_forgotten" not in bugs:
        dX -= dX_hat.mean(axis=1, keepdims=True)
    if "variance_gradient_forgotten" not in bugs:
        divisor = m - 1 if "unbiased_variance" in bugs else m
        dX -= X_hat * (dX_hat * X_hat).sum(axis=1, keepdims=True) / divisor
    dX /= std
    dgamma = dout.sum(axis=1, keepdims=True) if "dgamma_without_xhat" in bugs else (
        (dout * cache["X_hat"]).sum(axis=1, keepdims=True))
    return dX, dgamma, dout.sum(axis=1, keepdims=True)


# -------------------------------------------------------------------------------------- uniform layers

@dataclass(frozen=True)
class Layer:
    """A layer in the form the vector-Jacobian checks take.

    Attributes
    ----------
    kind : str
        ``"dense"``, ``"relu"``, ``"tanh"`` or ``"batchnorm"``.
    inputs : tuple of str
        The names of its inputs, data first (``("X", "W", "b")``).
    forward : callable
        ``forward(inputs) -> output`` for a dict of inputs.
    backward : callable
        ``backward(inputs, upstream) -> dict`` of gradients, keyed like the inputs.
    bugs : frozenset of str
        The bugs planted in ``backward``.
    """

    kind: str
    inputs: tuple[str, ...]
    forward: Callable[[Mapping[str, np.ndarray]], np.ndarray]
    backward: Callable[[Mapping[str, np.ndarray], np.ndarray], dict[str, np.ndarray]]
    bugs: frozenset[str] = frozenset()


def _dense(bugs: frozenset[str]) -> Layer:
    def forward(p):
        return dense_forward(p["X"], p["W"], p["b"])[0]

    def backward(p, upstream):
        dX, dW, db = dense_backward(upstream, (p["X"], p["W"], p["b"]), bugs)
        return {"X": dX, "W": dW, "b": db}

    return Layer("dense", ("X", "W", "b"), forward, backward, bugs)


def _relu(bugs: frozenset[str]) -> Layer:
    def forward(p):
        return relu_forward(p["X"])[0]

    def backward(p, upstream):
        return {"X": relu_backward(upstream, p["X"], bugs)}

    return Layer("relu", ("X",), forward, backward, bugs)


def _tanh(bugs: frozenset[str]) -> Layer:
    def forward(p):
        return np.tanh(p["X"])

    def backward(p, upstream):
        return {"X": tanh_backward(upstream, (p["X"], np.tanh(p["X"])), bugs)}

    return Layer("tanh", ("X",), forward, backward, bugs)


def _batchnorm(bugs: frozenset[str]) -> Layer:
    def forward(p):
        return batchnorm_forward(p["X"], p["gamma"], p["beta"])[0]

    def backward(p, upstream):
        _, cache = batchnorm_forward(p["X"], p["gamma"], p["beta"])
        dX, dgamma, dbeta = batchnorm_backward(upstream, cache, bugs)
        return {"X": dX, "gamma": dgamma, "beta": dbeta}

    return Layer("batchnorm", ("X", "gamma", "beta"), forward, backward, bugs)


_MAKERS = {"dense": _dense, "relu": _relu, "tanh": _tanh, "batchnorm": _batchnorm}


def layer(kind: str, bugs: str | Iterable[str] = ()) -> Layer:
    """The reference layer ``kind`` (``"dense"``, ``"relu"``, ``"tanh"``, ``"batchnorm"``) with ``bugs`` planted.

    Examples
    --------
    >>> relu = layer("relu", bugs="upstream_ignored")
    >>> relu.inputs, sorted(relu.bugs)
    (('X',), ['upstream_ignored'])
    """
    if kind not in _MAKERS:
        raise ValueError(f"kind must be one of {list(_MAKERS)}; got {kind!r}")
    return _MAKERS[kind](checked_bug_names(bugs, BUGS[kind]))


def example_inputs(kind: str, *, n_in: int = 4, n_out: int = 4, m: int = 4, seed: int = 0,
                   dtype: type | np.dtype = np.float64) -> dict[str, np.ndarray]:
    """Random inputs for a layer of ``kind``, seeded: standard normal data, weights scaled by ``1/√n_in``.

    By default every dimension is 4, so that ``dZ`` is square and a transposed upstream gradient has the right
    shape. ReLU inputs are kept at least 0.1 away from the kink at 0 (a central difference across it averages two
    slopes), batch normalisation's ``γ`` is drawn around 1.
    """
    rng = np.random.default_rng([seed, 1])  # not the stream of an upstream gradient drawn with the same seed
    if kind == "dense":
        inputs = {"X": rng.standard_normal((n_in, m)), "W": rng.standard_normal((n_out, n_in)) / np.sqrt(n_in),
                  "b": 0.1 * rng.standard_normal((n_out, 1))}
    elif kind == "relu":
        X = rng.standard_normal((n_in, m))
        inputs = {"X": np.where(np.abs(X) < 0.1, np.sign(X + 1e-300) * 0.1 + X, X)}
    elif kind == "tanh":
        inputs = {"X": rng.standard_normal((n_in, m))}
    elif kind == "batchnorm":
        inputs = {"X": 2 * rng.standard_normal((n_in, m)) + 1, "gamma": 1 + 0.3 * rng.standard_normal((n_in, 1)),
                  "beta": 0.3 * rng.standard_normal((n_in, 1))}
    else:
        raise ValueError(f"kind must be one of {list(_MAKERS)}; got {kind!r}")
    return {name: value.astype(dtype) for name, value in inputs.items()}
