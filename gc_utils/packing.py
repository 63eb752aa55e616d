"""Packing a network's parameters into one column vector and back.

Gradient checking perturbs one number at a time, so it is easier to work with all
parameters as a single vector ``theta`` of shape ``(n, 1)``. The order is the lesson's:
``W1, b1, W2, b2, ..., WL, bL``, each matrix flattened row by row (C order).
Gradients follow the same order with the names ``dW1, db1, ..., dWL, dbL``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

import numpy as np

Shape = tuple[int, ...]

LESSON_LAYER_SIZES: tuple[int, ...] = (4, 5, 3, 1)
"""Units per layer of the lesson's network: 4 inputs, hidden layers of 5 and 3, one output."""


def layer_shapes(layer_sizes: Sequence[int]) -> dict[str, Shape]:
    """Shapes of ``W1, b1, ..., WL, bL`` for a fully connected network.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``(n_0, n_1, ..., n_L)``: the number of inputs, then the units of each layer.

    Returns
    -------
    dict
        ``{"W1": (n_1, n_0), "b1": (n_1, 1), ...}`` in packing order.

    Examples
    --------
    >>> layer_shapes((4, 5, 3, 1))["W2"]
    (3, 5)
    """
    sizes = list(layer_sizes)
    if len(sizes) < 2 or not all(isinstance(n, (int, np.integer)) and n > 0 for n in sizes):
        raise ValueError(
            f"layer_sizes must list at least two positive integers (inputs, then each layer's units); "
            f"got {layer_sizes!r}"
        )
    shapes: dict[str, Shape] = {}
    for layer in range(1, len(sizes)):
        shapes[f"W{layer}"] = (int(sizes[layer]), int(sizes[layer - 1]))
        shapes[f"b{layer}"] = (int(sizes[layer]), 1)
    return shapes


LESSON_SHAPES: dict[str, Shape] = layer_shapes(LESSON_LAYER_SIZES)
"""The 47-parameter network of the lesson: W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3), b3 (1, 1)."""


def _describe_shapes(shapes: Mapping[str, Shape]) -> str:
    return ", ".join(f"{name} {tuple(shape)}" for name, shape in shapes.items())


def _layer_count(mapping: Mapping[str, object], prefix: str, what: str) -> int:
    """Number of layers L named in ``mapping`` by keys ``{prefix}W1 ... {prefix}WL``."""
    pattern = re.compile(rf"^{re.escape(prefix)}W([1-9][0-9]*)$")
    layers = sorted(int(m.group(1)) for key in mapping if isinstance(key, str) and (m := pattern.match(key)))
    if not layers:
        raise KeyError(
            f"{what} has no key {prefix}W1: expected keys {prefix}W1, {prefix}b1, ..., {prefix}WL, {prefix}bL; "
            f"got keys {sorted(map(str, mapping))}"
        )
    missing = [f"{prefix}{kind}{layer}" for layer in range(1, layers[-1] + 1) for kind in "Wb"
               if f"{prefix}{kind}{layer}" not in mapping]
    if missing:
        raise KeyError(
            f"{what} is missing {', '.join(missing)}: expected {prefix}W1, {prefix}b1, ..., "
            f"{prefix}W{layers[-1]}, {prefix}b{layers[-1]}; got keys {sorted(map(str, mapping))}"
        )
    return layers[-1]


NUMBER_KINDS = "biufcm"
"""``dtype.kind`` of the arrays that hold numbers: booleans, integers, floats, complex numbers and timedeltas (a
NumPy integer type); the kinds for which ``np.issubdtype(dtype, np.number) or dtype == np.bool_`` holds."""


def _as_real_array(value: object, name: str) -> np.ndarray:
    """``value`` as a NumPy array of real (or complex) numbers, or a TypeError naming ``name``."""
    array = np.asarray(value)
    if array.dtype.kind not in NUMBER_KINDS:
        raise TypeError(f"{name} must hold numbers; got {type(value).__name__} of dtype {array.dtype}")
    return array


def _checked_blocks(mapping: Mapping[str, object], prefix: str, what: str) -> list[tuple[str, np.ndarray]]:
    """The arrays ``{prefix}W1, {prefix}b1, ...`` in packing order, with their shapes checked."""
    if not isinstance(mapping, Mapping):
        raise TypeError(f"{what} must be a dict of arrays; got {type(mapping).__name__}")
    n_layers = _layer_count(mapping, prefix, what)
    blocks: list[tuple[str, np.ndarray]] = []
    previous_units = None
    for layer in range(1, n_layers + 1):
        w_name, b_name = f"{prefix}W{layer}", f"{prefix}b{layer}"
        weights = _as_real_array(mapping[w_name], w_name)
        bias = _as_real_array(mapping[b_name], b_name)
        if weights.ndim != 2:
            raise ValueError(f"{w_name} must be a 2-D matrix (units, inputs); got shape {weights.shape}")
        if previous_units is not None and weights.shape[1] != previous_units:
            raise ValueError(
                f"{w_name} has shape {weights.shape}, but layer {layer - 1} has {previous_units} units: "
                f"expected ({weights.shape[0]}, {previous_units})"
            )
        if bias.shape != (weights.shape[0], 1):
            raise ValueError(f"{b_name} must have shape {(weights.shape[0], 1)} to match {w_name}; got {bias.shape}")
        blocks += [(w_name, weights), (b_name, bias)]
        previous_units = weights.shape[0]
    return blocks


def shapes_of(parameters: Mapping[str, object]) -> dict[str, Shape]:
    """Shapes of ``W1, b1, ..., WL, bL`` in ``parameters``, in packing order (checked like dictionary_to_vector)."""
    return {name: array.shape for name, array in _checked_blocks(parameters, "", "parameters")}


def dictionary_to_vector(parameters: Mapping[str, object]) -> tuple[np.ndarray, list[str]]:
    """Stack ``W1, b1, ..., WL, bL`` into one column vector.

    Parameters
    ----------
    parameters : dict
        Arrays ``W1 ... WL`` and ``b1 ... bL`` of a fully connected network (any depth; other keys are ignored).

    Returns
    -------
    theta : ndarray of shape (n, 1)
        All parameters, each matrix flattened row by row, in the order ``W1, b1, W2, ...``.
    keys : list of str
        The name of the parameter each entry of ``theta`` comes from (``["W1", "W1", ..., "b3"]``).

    Raises
    ------
    KeyError
        A ``W`` or ``b`` of some layer is missing.
    ValueError
        Shapes do not chain (``W{l}`` must be ``(n_l, n_{l-1})``, ``b{l}`` must be ``(n_l, 1)``).
    TypeError
        ``parameters`` is not a dict, or an entry does not hold numbers.
    """
    blocks = _checked_blocks(parameters, "", "parameters")
    theta = np.concatenate([array.reshape(-1, 1) for _, array in blocks], axis=0)
    keys = [name for name, array in blocks for _ in range(array.size)]
    return theta, keys


def gradients_to_vector(gradients: Mapping[str, object]) -> np.ndarray:
    """Stack ``dW1, db1, ..., dWL, dbL`` into one column vector, in the order of ``dictionary_to_vector``.

    Other keys of ``gradients`` (``dZ3``, ``dA2``, ...) are ignored.

    Parameters
    ----------
    gradients : dict
        At least ``dW1 ... dWL`` and ``db1 ... dbL``.

    Returns
    -------
    ndarray of shape (n, 1)

    Raises
    ------
    KeyError, ValueError, TypeError
        As ``dictionary_to_vector``, naming the gradient that is missing or misshapen.
    """
    blocks = _checked_blocks(gradients, "d", "gradients")
    return np.concatenate([array.reshape(-1, 1) for _, array in blocks], axis=0)


def vector_to_dictionary(theta: object, shapes: Mapping[str, Shape] | None = None) -> dict[str, np.ndarray]:
    """Cut a column vector back into the parameter dict; the inverse of ``dictionary_to_vector``.

    Parameters
    ----------
    theta : array_like of shape (n, 1) or (n,)
        The stacked parameters.
    shapes : dict, optional
        Name and shape of each block, in packing order, e.g. ``layer_shapes((784, 256, 10))`` or
        ``shapes_of(parameters)``. By default the lesson's 47-parameter network (``LESSON_SHAPES``).

    Returns
    -------
    dict
        An array per name, all cut from one fresh copy of ``theta`` (changing one changes neither ``theta`` nor
        another block).

    Raises
    ------
    ValueError
        ``theta`` is not a vector, or its length is not the total size of ``shapes``.
    TypeError
        ``theta`` does not hold numbers.
    """
    shapes = LESSON_SHAPES if shapes is None else shapes
    vector = _as_real_array(theta, "theta")
    sizes = [math.prod(shape) for shape in shapes.values()]
    if vector.ndim not in (1, 2) or (vector.ndim == 2 and vector.shape[1] != 1):
        raise ValueError(f"theta must be a column vector of shape ({sum(sizes)}, 1); got shape {vector.shape}")
    if vector.shape[0] != sum(sizes):
        raise ValueError(
            f"theta has {vector.shape[0]} entries, but the network needs {sum(sizes)} "
            f"({_describe_shapes(shapes)}); pass shapes=... for another network"
        )
    parameters: dict[str, np.ndarray] = {}
    start = 0
    for (name, shape), size in zip(shapes.items(), sizes):
        parameters[name] = vector[start:start + size].reshape(shape).copy()
        start += size
    return parameters
