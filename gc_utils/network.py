"""The lesson's network, its cost for the finite-difference engine, and its catalogue of planted bugs.

The network is LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID with the mean
cross-entropy cost. ``forward_propagation_n`` and ``backward_propagation_n`` here are the
*reference* versions: the backward pass is correct unless bugs from ``BUGS`` are switched on.
Tests, widgets and the public tests share this one list of bugs. ``NetworkCost`` is the same cost
as a function of the parameters for the finite-difference engine, batched (``costs_of_vectors``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from .activations import relu, sigmoid
from .bugs import Bug, catalogue, checked_bug_names
from .packing import LESSON_SHAPES, Shape
from .perturbation import Layout

Cache = tuple[np.ndarray, ...]


def forward_propagation_n(X: np.ndarray, Y: np.ndarray, parameters: Mapping[str, np.ndarray]) -> tuple[float, Cache]:
    """Cost of the lesson's 3-layer network, and the cache back-propagation needs.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        One example per column.
    Y : array_like of shape (1, m) or (m,)
        Labels, 0 or 1.
    parameters : dict
        ``W1, b1, W2, b2, W3, b3``.

    Returns
    -------
    cost : float
        Mean cross-entropy ``-(1/m) sum(Y log A3 + (1 - Y) log(1 - A3))``.
    cache : tuple
        ``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)``, in the lesson's order.
    """
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

    log_likelihood = np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    cost = 1.0 / m * log_likelihood.sum()
    return cost, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)


BUGS: dict[str, Bug] = catalogue(
    Bug("dW2_times_2", "dW2 multiplied by an extra 2", ("W2",), in_lesson=True),
    Bug("db1_4_over_m", "db1 computed with 4/m instead of 1/m", ("b1",), in_lesson=True),
    Bug("relu_mask_ge", "ReLU mask A2 >= 0 instead of A2 > 0", ("W2", "b2", "W1", "b1")),
    Bug("relu_mask_on_dA", "ReLU mask taken from dA1 instead of A1", ("W1", "b1")),
    Bug("dW3_missing_1_over_m", "dW3 without the 1/m", ("W3",)),
    Bug("dZ3_sign_flip", "dZ3 = Y - A3 (sign flipped)", ("W3", "b3", "W2", "b2", "W1", "b1")),
    Bug("dW2_uses_Z1", "dW2 uses Z1 instead of A1", ("W2",)),
)
"""The catalogue of bugs, in the order controls list them."""

LESSON_BUGS: tuple[str, ...] = tuple(name for name, bug in BUGS.items() if bug.in_lesson)


def backward_propagation_n(
    X: np.ndarray, Y: np.ndarray, cache: Cache, bugs: Iterable[str] = (), severity: float = 1.0
) -> dict[str, np.ndarray]:
    """Gradients of the lesson's cost, correct unless ``bugs`` are switched on.

    Parameters
    ----------
    X, Y : ndarray
        As for ``forward_propagation_n``.
    cache : tuple
        The second value ``forward_propagation_n`` returns.
    bugs : iterable of str, optional
        Names from ``BUGS``. ``LESSON_BUGS`` gives the lesson's buggy back-propagation exactly.
    severity : float, optional
        0 gives the correct value, 1 the named bug; in between, a linear blend of the two for every
        quantity a bug touches (``dW2`` is multiplied by ``1 + severity`` for ``"dW2_times_2"``).

    Returns
    -------
    dict
        ``dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1``.
    """
    chosen = checked_bug_names(bugs, BUGS)
    s = float(severity)
    if not np.isfinite(s):
        raise ValueError(f"severity must be a finite number (0 = correct, 1 = the named bug); got {severity!r}")

    def pick(bug: str, correct, buggy):
        """``correct()``, or ``buggy()`` blended in by the severity when ``bug`` is on."""
        if bug not in chosen or s == 0:
            return correct()
        if s == 1:
            return buggy()
        return (1 - s) * correct() + s * buggy()

    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = pick("dZ3_sign_flip", lambda: A3 - Y, lambda: Y - A3)
    dW3 = pick("dW3_missing_1_over_m", lambda: 1.0 / m * np.dot(dZ3, A2.T), lambda: np.dot(dZ3, A2.T))
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    dZ2 = pick(
        "relu_mask_ge", lambda: np.multiply(dA2, np.int64(A2 > 0)), lambda: np.multiply(dA2, np.int64(A2 >= 0))
    )
    dW2 = pick(
        "dW2_uses_Z1",
        lambda: pick("dW2_times_2", lambda: 1.0 / m * np.dot(dZ2, A1.T), lambda: 1.0 / m * np.dot(dZ2, A1.T) * 2),
        lambda: 1.0 / m * np.dot(dZ2, Z1.T),
    )
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dZ1 = pick(
        "relu_mask_on_dA", lambda: np.multiply(dA1, np.int64(A1 > 0)), lambda: np.multiply(dA1, np.int64(dA1 > 0))
    )
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    db1 = pick(
        "db1_4_over_m",
        lambda: 1.0 / m * np.sum(dZ1, axis=1, keepdims=True),
        lambda: 4.0 / m * np.sum(dZ1, axis=1, keepdims=True),
    )

    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def costs_of_vectors(
    X: np.ndarray, Y: np.ndarray, thetas: np.ndarray, shapes: Mapping[str, Shape] | None = None
) -> np.ndarray:
    """The network's cost for many parameter vectors at once.

    The same network as ``forward_propagation_n`` (ReLU hidden layers, a sigmoid output, mean
    cross-entropy), for any depth given by ``shapes``; evaluated for a whole batch with stacked
    matrix products instead of a Python loop. This is what makes sweeps over ε fast.

    Parameters
    ----------
    X, Y : ndarray
        Inputs (n_x, m) and labels (1, m).
    thetas : ndarray of shape (K, n)
        One parameter vector per row, packed as by ``dictionary_to_vector``.
    shapes : dict, optional
        Block shapes; the lesson's network by default.

    Returns
    -------
    ndarray of shape (K,)
    """
    shapes = LESSON_SHAPES if shapes is None else shapes
    thetas = np.atleast_2d(np.asarray(thetas))
    blocks = Layout.of(shapes).rows(thetas)
    n_layers = len(shapes) // 2
    m = X.shape[1]
    A = np.broadcast_to(X, (thetas.shape[0], *X.shape))
    for layer in range(1, n_layers + 1):
        Z = np.matmul(blocks[f"W{layer}"], A) + blocks[f"b{layer}"]
        A = relu(Z) if layer < n_layers else sigmoid(Z)
    log_likelihood = np.multiply(-np.log(A), Y) + np.multiply(-np.log(1 - A), 1 - Y)
    return 1.0 / m * np.sum(log_likelihood, axis=(1, 2))


class NetworkCost:
    """The cost of this module's network on fixed data, as a function of its parameters (for the engine).

    ``cost(parameters)`` is ``forward_propagation_n``'s cost for any depth; ``costs_of_vectors`` evaluates a
    batch of flat parameter vectors at once (``gc_utils.perturbation.VectorBatchCost``), so every check and
    sweep of gc_utils runs vectorised on it.

    Parameters
    ----------
    X, Y : ndarray
        Inputs (n_x, m) and labels (1, m).
    shapes : dict, optional
        Block shapes ``W1, b1, ...``; the lesson's network by default.

    Examples
    --------
    >>> from testCases import gradient_check_n_test_case
    >>> X, Y, parameters = gradient_check_n_test_case()
    >>> bool(abs(NetworkCost(X, Y)(parameters) - forward_propagation_n(X, Y, parameters)[0]) < 1e-12)
    True
    """

    def __init__(self, X: np.ndarray, Y: np.ndarray, shapes: Mapping[str, Shape] | None = None) -> None:
        self.X, self.Y = X, Y
        self.shapes = dict(LESSON_SHAPES if shapes is None else shapes)
        self.layout = Layout.of(self.shapes)

    def _checked_layout(self, layout: Layout) -> None:
        if layout.names != self.layout.names or layout.shapes != self.layout.shapes:
            raise ValueError(f"parameters must be the blocks {list(self.shapes.items())}, in that order; got "
                             f"{list(zip(layout.names, layout.shapes))}")

    def __call__(self, parameters: Mapping[str, np.ndarray]) -> float:
        self._checked_layout(Layout.of(parameters))
        return float(self.costs_of_vectors(self.layout.flatten(parameters)[None, :], self.layout)[0])

    def costs_of_vectors(self, thetas: np.ndarray, layout: Layout) -> np.ndarray:
        """The cost of each row of ``thetas`` (see ``costs_of_vectors``)."""
        self._checked_layout(layout)
        return costs_of_vectors(self.X, self.Y, thetas, self.shapes)
