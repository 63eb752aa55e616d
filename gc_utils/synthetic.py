"""Random inputs for a fully connected network of any size: its parameters and data to check it on.

``initialize_parameters`` draws ``W1, b1, ..., WL, bL`` (He initialisation), ``synthetic_data`` inputs and labels
from a random linear teacher; both are seeded, so the same call gives the same arrays. The practice notebook and the
benchmarks build their networks (``gc_utils.deep_network.DeepNetwork``, which also exports both names) from them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from .packing import layer_shapes


def initialize_parameters(
    layer_sizes: Sequence[int], *, seed: int = 0, dtype: type | np.dtype = np.float64
) -> dict[str, np.ndarray]:
    """Random parameters ``W1, b1, ..., WL, bL`` (He initialisation, small random biases).

    Parameters
    ----------
    layer_sizes : sequence of int
        ``(n_0, n_1, ..., n_L)``: inputs, then the units of each layer.
    seed : int
        Seed of the random generator, so the same call gives the same parameters.
    dtype : float32 or float64

    Returns
    -------
    dict
        ``W{l}`` of shape ``(n_l, n_{l-1})`` drawn from ``N(0, 2 / n_{l-1})``, ``b{l}`` of shape ``(n_l, 1)``
        drawn from ``N(0, 0.1^2)``.
    """
    dtype = _checked_float_dtype(dtype)
    shapes = layer_shapes(layer_sizes)
    rng = np.random.default_rng(seed)
    parameters = {}
    for name, shape in shapes.items():
        scale = np.sqrt(2.0 / shape[1]) if name.startswith("W") else 0.1
        parameters[name] = (scale * rng.standard_normal(shape)).astype(dtype)
    return parameters


def synthetic_data(
    n_features: int, n_outputs: int, m: int, *, seed: int = 0, dtype: type | np.dtype = np.float64
) -> tuple[np.ndarray, np.ndarray]:
    """Inputs and labels from a random linear teacher.

    Parameters
    ----------
    n_features, n_outputs, m : int
        Inputs per example, output units of the network, number of examples.
    seed : int
    dtype : float32 or float64

    Returns
    -------
    X : ndarray of shape (n_features, m)
        Standard normal entries.
    Y : ndarray of shape (n_outputs, m)
        One-hot class labels (the teacher's arg-max) when ``n_outputs > 1``; 0/1 labels when it is 1.
    """
    for name, value in (("n_features", n_features), ("n_outputs", n_outputs), ("m", m)):
        if not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive integer; got {value!r}")
    dtype = _checked_float_dtype(dtype)
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_features, m))
    teacher = rng.standard_normal((max(n_outputs, 2), n_features))
    labels = np.argmax(teacher @ X, axis=0)
    if n_outputs == 1:
        Y = labels.reshape(1, m)
    else:
        Y = np.zeros((n_outputs, m))
        Y[labels, np.arange(m)] = 1
    return X.astype(dtype), Y.astype(dtype)


def _checked_float_dtype(dtype: npt.DTypeLike) -> np.dtype:
    resolved = np.dtype(dtype)
    if resolved not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise TypeError(f"dtype must be float32 or float64; got {resolved}")
    return resolved
