"""The functions a test case puts into a student's module for the duration of one call.

A student's ``gradient_check`` calls the global names ``forward_propagation`` and
``backward_propagation``; ``gradient_check_n`` calls ``forward_propagation_n``,
``vector_to_dictionary`` and friends (perhaps as ``gc_utils.vector_to_dictionary`` or under an alias).
A case replaces those functions with trusted versions, so that it controls exactly which cost and which
(possibly wrong) gradient the check sees. The trusted versions take their arguments as the originals do.
This module binds gc_utils' functions at import, so swapping them in ``gc_utils`` for a call (see
``public_tests.execution``) does not reach the trusted versions themselves.

A case names them as plain data, ``(global name, builder, parameters)``, so that a grader can
rebuild the same environment in another process. ``build_environment`` turns that data into functions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import numpy as np

from gc_utils import dictionary_to_vector, gradients_to_vector, network, vector_to_dictionary

EnvironmentSpec = tuple[tuple[str, str, Mapping[str, Any]], ...]

_FLOAT = np.dtype(float)


# --- 1-D costs: J(θ) = x·θ (the lesson's) and J(θ) = x·θ³ (curved, so that ε matters) ----------------

def _linear_forward(x, theta):
    return theta * x


def _linear_backward(x, theta, factor=1.0):
    return x * factor


def _cubic_forward(x, theta):
    return x * theta**3


def _cubic_backward(x, theta, factor=1.0):
    return 3 * x * theta**2 * factor


# --- N-D costs: the lesson's network, and a polynomial whose central difference is known exactly ------

def polynomial_cost_of_vector(theta: np.ndarray, a, b, c, w) -> float:
    """``sum(a·θ + b·θ² + c·θ³) + (w·θ)²/2`` over the entries of the column vector ``theta``.

    The cubic terms make the central difference depend on ε (it is off by exactly c·ε²); the coupling
    term ``(w·θ)²/2`` makes every partial derivative depend on every parameter, so a perturbation left
    behind in the vector shows up in the entries after it. The coefficients may be lists or arrays (a case's
    trusted functions get them as arrays, converted once).
    """
    t = np.asarray(theta, dtype=float).reshape(-1)
    return float(np.dot((np.asarray(c) * t + b) * t + a, t) + np.dot(w, t) ** 2 / 2)  # Horner: ((cθ + b)θ + a)·θ


def polynomial_gradient_of_vector(theta: np.ndarray, a, b, c, w) -> np.ndarray:
    """The exact gradient ``a + 2bθ + 3cθ² + (w·θ)w`` of ``polynomial_cost_of_vector``, as a column vector."""
    t = np.asarray(theta, dtype=float).reshape(-1)
    w = np.asarray(w, dtype=float)
    gradient = np.asarray(a) + 2 * np.asarray(b) * t + 3 * np.asarray(c) * t**2 + np.dot(w, t) * w
    return gradient.reshape(-1, 1)


def flat_parameters(parameters: Mapping[str, Any], shapes: Mapping[str, tuple]) -> np.ndarray:
    """The blocks of ``parameters`` read in ``shapes``' order, each of its shape (a tuple), as one flat vector of
    floats (a copy); ValueError naming the first block of another shape, KeyError for a missing one."""
    blocks = []
    for name, shape in shapes.items():
        block = np.asarray(parameters[name], dtype=_FLOAT)
        if block.shape != shape:
            raise ValueError(f"parameters[{name!r}] has shape {block.shape}; this network's {name} is {shape}")
        blocks.append(block.ravel())
    return np.concatenate(blocks)  # what ``axis=None`` does with the blocks themselves, at a fraction of the cost


_SHARED: list[tuple] = []
"""At most one ``(parameters, blocks, flat)``: the recorder's reading of the call it is making (``share_reading``)."""


def share_reading(parameters: Any, blocks: tuple, flat: np.ndarray) -> None:
    """Offer ``flat``, the recorder's ``flat_parameters`` of ``parameters`` read in ``blocks`` (``shapes.items()``),
    to the trusted function it calls next, which then does not read them again (~35k instructions, 304 times per
    correct ``gradient_check_n``). Only the grader's code may run between the reading and the call; ``end_reading``
    after the call, whether or not the function took it."""
    _SHARED[:] = [(parameters, blocks, flat)]


def end_reading() -> None:
    _SHARED.clear()


def _read_flat(parameters: Any, shapes: Mapping[str, tuple]) -> np.ndarray:
    """``flat_parameters(parameters, shapes)``: the shared reading (``share_reading``) when it is of these very
    parameters in these shapes, in this order; it is taken, so it serves one read."""
    if _SHARED:
        shared, blocks, flat = _SHARED.pop()
        if shared is parameters and blocks == tuple(shapes.items()):
            return flat
    return flat_parameters(parameters, shapes)


def _polynomial_forward_n(X, Y, parameters, a, b, c, w, shapes):
    """The polynomial cost of ``parameters`` (``flat_parameters`` in ``shapes``' order)."""
    return polynomial_cost_of_vector(_read_flat(parameters, shapes), a, b, c, w), dict(parameters)


def _polynomial_backward_n(X, Y, cache, a, b, c, w, shapes):
    theta, _ = dictionary_to_vector(cache)
    gradient = vector_to_dictionary(polynomial_gradient_of_vector(theta, a, b, c, w), shapes)
    return {f"d{name}": value for name, value in gradient.items()}


def _vector_to_dictionary_of(shapes):
    """``vector_to_dictionary`` whose default network is the case's: called as the real one, positionally
    (``vector_to_dictionary(theta, shapes_of(parameters))``) or by keyword, with or without ``shapes``."""

    def vector_to_dictionary_of_the_case(theta, shapes=None):
        return vector_to_dictionary(theta, case_shapes if shapes is None else shapes)

    case_shapes = shapes
    return vector_to_dictionary_of_the_case


def _polynomial(function: Callable, a, b, c, w, shapes) -> Callable:
    """``function`` bound to a case's polynomial: its coefficients as float arrays and its shapes as tuples, made
    once for all the calls of the case."""
    a, b, c, w = (np.asarray(coefficients, dtype=float) for coefficients in (a, b, c, w))
    return partial(function, a=a, b=b, c=c, w=w, shapes={name: tuple(shape) for name, shape in shapes.items()})


_LESSON_FORWARD_N, _LESSON_BACKWARD_N = network.forward_propagation_n, network.backward_propagation_n

BUILDERS: dict[str, Callable[..., Callable]] = {
    "linear_forward": lambda: _linear_forward,
    "linear_backward": lambda factor=1.0: partial(_linear_backward, factor=factor),
    "cubic_forward": lambda: _cubic_forward,
    "cubic_backward": lambda factor=1.0: partial(_cubic_backward, factor=factor),
    "lesson_forward_n": lambda: _LESSON_FORWARD_N,
    "lesson_backward_n": lambda: _LESSON_BACKWARD_N,
    "polynomial_forward_n": partial(_polynomial, _polynomial_forward_n),
    "polynomial_backward_n": partial(_polynomial, _polynomial_backward_n),
    "dictionary_to_vector": lambda: dictionary_to_vector,
    "gradients_to_vector": lambda: gradients_to_vector,
    "vector_to_dictionary": _vector_to_dictionary_of,
}

REAL_FUNCTIONS: dict[str, Callable] = {
    "dictionary_to_vector": dictionary_to_vector,
    "gradients_to_vector": gradients_to_vector,
    "vector_to_dictionary": vector_to_dictionary,
    "forward_propagation_n": _LESSON_FORWARD_N,
    "backward_propagation_n": _LESSON_BACKWARD_N,
}
"""Global name -> the function of ``gc_utils`` a student may reach under that or another name (``v2d``,
``gc_utils.vector_to_dictionary``...): wherever it is found, a case's trusted version takes its place."""


def build_environment(spec: EnvironmentSpec) -> dict[str, Callable]:
    """Global name -> function, from a case's plain-data description."""
    return {name: BUILDERS[builder](**dict(params)) for name, builder, params in spec}

