"""A small network assembled from ``gc_utils.layers``, to check at initialisation and again during training.

``dense → tanh → dense → softmax with cross-entropy``: the cost is a function of the parameter dict
(``W1, b1, W2, b2``), so every check of ``gc_utils.checks`` takes it, and its back-propagation is the chain of the
layers' backward passes, with a tanh bug to plant (``gc_utils.layers.BUGS["tanh"]``). ``train`` takes plain
gradient-descent steps with the correct gradient and returns the parameters it passed through.

Why check again after training: at initialisation small weights keep every pre-activation ``Z`` near 0, where
``tanh(Z) ≈ Z`` and a wrong derivative ``1 − Z²`` is almost ``1 − tanh(Z)²`` (their gap is about ``(2/3)·Z⁴``);
training grows the weights, units saturate, and the same bug stands out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from .layers import cross_entropy, dense_backward, dense_forward, softmax_cross_entropy, tanh_backward
from .synthetic import synthetic_data


class TanhNetwork:
    """The cost of ``dense → tanh → dense → softmax cross-entropy`` on fixed data.

    Parameters
    ----------
    X : ndarray of shape (n_0, m)
    Y : ndarray of shape (k, m), one-hot

    Examples
    --------
    >>> network, parameters = TanhNetwork.example()
    >>> from gc_utils.checks import gradient_check_full
    >>> gradient_check_full(network, parameters, network.gradients(parameters)) < 1e-7
    True
    """

    def __init__(self, X: np.ndarray, Y: np.ndarray) -> None:
        self.X, self.Y = np.asarray(X), np.asarray(Y)

    @classmethod
    def example(cls, *, n: int = 6, hidden: int = 8, k: int = 3, m: int = 32, scale: float = 0.01, seed: int = 0
                ) -> tuple[TanhNetwork, dict[str, np.ndarray]]:
        """A network on synthetic data (``gc_utils.synthetic``) and its initial parameters, weights drawn from
        ``N(0, scale²)`` (small: every unit starts in tanh's linear part)."""
        X, Y = synthetic_data(n, k, m, seed=seed)
        rng = np.random.default_rng([seed, 2])
        parameters = {"W1": scale * rng.standard_normal((hidden, n)), "b1": np.zeros((hidden, 1)),
                      "W2": scale * rng.standard_normal((k, hidden)), "b2": np.zeros((k, 1))}
        return cls(X, Y), parameters

    def pre_activations(self, parameters: Mapping[str, np.ndarray]) -> np.ndarray:
        """``Z1``, the hidden layer's pre-activations."""
        return dense_forward(self.X, parameters["W1"], parameters["b1"])[0]

    def __call__(self, parameters: Mapping[str, np.ndarray]) -> float:
        A1 = np.tanh(self.pre_activations(parameters))
        return cross_entropy(dense_forward(A1, parameters["W2"], parameters["b2"])[0], self.Y)

    def gradients(self, parameters: Mapping[str, np.ndarray], bugs: str | Iterable[str] = ()) -> dict[str, np.ndarray]:
        """``dW1, db1, dW2, db2`` by the chain of the layers' backward passes (``bugs``: from ``BUGS["tanh"]``)."""
        Z1, cache1 = dense_forward(self.X, parameters["W1"], parameters["b1"])
        A1 = np.tanh(Z1)
        Z2, cache2 = dense_forward(A1, parameters["W2"], parameters["b2"])
        _, dZ2 = softmax_cross_entropy(Z2, self.Y)
        dA1, dW2, db2 = dense_backward(dZ2, cache2)
        dZ1 = tanh_backward(dA1, (Z1, A1), bugs)
        _, dW1, db1 = dense_backward(dZ1, cache1)
        return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}

    def train(self, parameters: Mapping[str, np.ndarray], steps: int, learning_rate: float = 1.0,
              every: int = 1) -> list[tuple[int, dict[str, np.ndarray]]]:
        """Plain gradient descent with the correct gradients: ``(step, parameters)`` at step 0 and every
        ``every`` steps (copies; ``parameters`` itself is not changed)."""
        current = {name: np.array(value, dtype=float) for name, value in parameters.items()}
        snapshots = [(0, {name: value.copy() for name, value in current.items()})]
        for step in range(1, steps + 1):
            for name, gradient in self.gradients(current).items():
                current[name[1:]] -= learning_rate * gradient
            if step % every == 0:
                snapshots.append((step, {name: value.copy() for name, value in current.items()}))
        return snapshots
