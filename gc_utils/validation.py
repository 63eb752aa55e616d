"""Checking what a caller passes to the checks: parameter and gradient dicts, counts.

Each function returns the checked value or raises an error that names what was wrong (the block, the index,
the key) and what was expected.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np


def check_count(value: object, name: str, low: int, high: int | None = None, why: str = "") -> int:
    """``value`` as an int if it is an integer from ``low`` to ``high``; else an error saying what was expected."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer; got {type(value).__name__} {value!r}")
    if value < low or (high is not None and value > high):
        bounds = f">= {low}" if high is None else f"between {low} and {high}"
        raise ValueError(f"{name} must be {bounds}{why}; got {value}")
    return int(value)


def first_bad_index(values: np.ndarray) -> tuple[int, ...]:
    """The index of the first NaN or infinity of ``values`` (which has one)."""
    return tuple(int(i) for i in np.argwhere(~np.isfinite(values))[0])


def first_non_finite(arrays: Mapping[str, np.ndarray]) -> str | None:
    """The name of the first array that holds a NaN or an infinity, or None when every entry is finite."""
    return next((name for name, array in arrays.items() if not np.isfinite(array).all()), None)


def checked_parameters(parameters: object) -> dict[str, np.ndarray]:
    """The blocks of ``parameters``: real floating arrays of one dtype, all finite."""
    if not isinstance(parameters, Mapping):
        raise TypeError(f"parameters must be a dict of arrays; got {type(parameters).__name__}")
    if not parameters:
        raise ValueError("parameters is empty: there is nothing to check")
    blocks = {}
    for name, value in parameters.items():
        array = np.asarray(value)
        if array.dtype.kind != "f":
            raise TypeError(f"parameters[{name!r}] must hold real floating-point numbers (float32 or float64); "
                            f"got dtype {array.dtype}")
        blocks[name] = array
    dtypes = {array.dtype for array in blocks.values()}
    if len(dtypes) > 1:
        found = ", ".join(f"{name} {array.dtype}" for name, array in blocks.items())
        raise TypeError(f"parameters mix floating-point types ({found}); cast them all to one dtype")
    bad = first_non_finite(blocks)
    if bad is not None:
        raise ValueError(f"parameters[{bad!r}] has a non-finite value at index {first_bad_index(blocks[bad])}")
    return blocks


def gradient_key(name: str, gradients: Mapping[str, object]) -> str:
    for key in (f"d{name}", name):
        if key in gradients:
            return key
    raise KeyError(f"gradients has no entry for parameter {name!r}: expected key 'd{name}'; "
                   f"got keys {sorted(map(str, gradients))}")


def checked_pairs(parameters: object, gradients: object) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The parameter blocks and their gradients (float64, keyed by parameter name), checked against each other."""
    blocks = checked_parameters(parameters)
    if not isinstance(gradients, Mapping):
        raise TypeError(f"gradients must be a dict of arrays; got {type(gradients).__name__}")
    keys, grads = {}, {}
    for name, array in blocks.items():
        key = gradient_key(name, gradients)
        grad = np.asarray(gradients[key])
        if grad.dtype.kind not in "fiu":
            raise TypeError(f"gradients[{key!r}] must hold real numbers; got dtype {grad.dtype}")
        if grad.shape != array.shape:
            raise ValueError(f"gradients[{key!r}] has shape {grad.shape}, but parameters[{name!r}] has shape "
                             f"{array.shape}; they must be equal")
        keys[name] = key
        grads[name] = grad.astype(np.float64, copy=False)
    bad = first_non_finite(grads)
    if bad is not None:
        raise ValueError(f"gradients[{keys[bad]!r}] has a non-finite value at index {first_bad_index(grads[bad])}")
    return blocks, grads
