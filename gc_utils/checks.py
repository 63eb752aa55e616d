"""Numerical gradient checks: finite differences, the complex step and the relative difference.

Two kinds of tools live here, all plain NumPy (nothing imports plots or widgets):

* the lesson's building blocks: ``relative_difference``, ``finite_difference_gradient`` on a vector,
  ``check_blocks`` and ``format_block_report``;
* general checks for any network given as a cost function of a parameter dict plus its gradient
  dict: ``gradient_check_full``, ``gradient_check_subset`` and ``gradient_check_directional``, each
  with a per-block breakdown on request (``suspect_blocks`` names the wrong ones), built on
  ``numerical_gradient``; ``complex_step_derivative`` for a function of one variable; and, to look
  closer, ``epsilon_sweep`` and ``worst_entries``.

A cost is any callable ``cost(parameters) -> float``. The entry-wise checks shift one entry of the
*flat parameter vector* at a time: the dict's arrays flattened row by row and joined in the dict's
order. A cost that also has a method ``perturbed_costs(parameters, positions, steps)`` (see
``PerturbableCost``) receives all those shifts in one call, which is how
``gc_utils.deep_network.DeepNetwork`` vectorises them; any other cost is called once per shift.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .packing import dictionary_to_vector, gradients_to_vector, shapes_of

ComplexWarning = getattr(np, "exceptions", np).ComplexWarning  # numpy.exceptions exists from NumPy 1.25 on

THRESHOLD = 2e-7
"""The lesson's verdict line: a relative difference above it means a mistake in back-propagation."""

METHODS = ("central", "forward", "complex")
"""The derivative approximations: two-sided and one-sided differences, and the complex step."""

DEFAULT_EPSILON = {"central": 1e-6, "forward": 1e-8, "complex": 1e-20}
"""Step used when none is given. Central: a little below the float64 optimum u^(1/3) ~ 6e-6, so that
ReLU kinks are crossed less often; forward: about u^(1/2); complex step: any tiny h."""

DEFAULT_DIRECTIONAL_EPSILON = 1e-5
"""Central-difference step of ``gradient_check_directional``. The slope along a random unit direction is
about ``||g|| / sqrt(n)``, so round-off (about ``u |J| / ε``) weighs ``sqrt(n)`` times more than in an
entry-wise check; a larger step makes up for it, and each entry still moves only about ``ε / sqrt(n)``."""


class PerturbableCost(Protocol):
    """A cost that evaluates many single-entry shifts in one call (an optional speed-up).

    ``perturbed_costs(parameters, positions, steps)`` returns an array whose entry ``k`` is the cost
    with entry ``positions[k]`` of the flat parameter vector shifted by ``steps[k]``. Steps may be
    imaginary (``1j * h``); then the costs are complex.
    """

    def __call__(self, parameters: Mapping[str, np.ndarray]) -> float: ...

    def perturbed_costs(self, parameters: Mapping[str, np.ndarray], positions: np.ndarray,
                        steps: np.ndarray) -> np.ndarray: ...


class StepTooSmallError(ValueError):
    """``w + ε`` rounds back to ``w``: the step vanishes in the parameters' precision."""


# ----- the lesson's building blocks -----------------------------------------------------------------


def relative_difference(grad: object, gradapprox: object) -> float:
    """``||grad - gradapprox||_2 / (||grad||_2 + ||gradapprox||_2)`` as a Python float.

    Parameters
    ----------
    grad, gradapprox : array_like of the same shape
        The back-propagated gradient and its numerical approximation.

    Returns
    -------
    float
        Between 0 (identical) and 1 (at least one is zero, or they point in opposite directions).
        Two all-zero inputs agree: 0.0.

    Raises
    ------
    ValueError
        The shapes differ, or a value is NaN or infinite.
    """
    g = np.asarray(grad)
    a = np.asarray(gradapprox)
    if g.shape != a.shape:
        raise ValueError(f"grad and gradapprox must have the same shape; got {g.shape} and {a.shape}")
    for name, values in (("grad", g), ("gradapprox", a)):
        if not np.all(np.isfinite(values)):
            bad = np.argwhere(~np.isfinite(values))[0]
            raise ValueError(f"{name} has a non-finite value at index {tuple(int(i) for i in bad)}")
    g = g.astype(np.float64, copy=False)
    a = a.astype(np.float64, copy=False)
    denominator = np.linalg.norm(g) + np.linalg.norm(a)
    if denominator == 0:
        return 0.0
    return float(np.linalg.norm(g - a) / denominator)


def finite_difference_gradient(
    cost: Callable[[np.ndarray], float], theta: np.ndarray, epsilon: float = 1e-7, method: str = "central"
) -> np.ndarray:
    """Approximate the gradient of ``cost`` at ``theta``, one entry at a time.

    Parameters
    ----------
    cost : callable
        ``cost(theta) -> float`` for a vector shaped like ``theta``.
    theta : ndarray
        Where to differentiate; not modified.
    epsilon : float
        The step.
    method : {"central", "forward"}
        ``(J(θ+ε) − J(θ−ε)) / 2ε`` (error O(ε²)) or ``(J(θ+ε) − J(θ)) / ε`` (error O(ε)).

    Returns
    -------
    ndarray shaped like ``theta``
    """
    if method not in ("central", "forward"):
        raise ValueError(f"method must be 'central' or 'forward'; got {method!r}")
    _check_epsilon(epsilon)
    base = np.array(theta, dtype=float)
    flat = base.reshape(-1)
    approx = np.empty_like(flat)
    j_here = cost(base) if method == "forward" else None
    for i in range(flat.size):
        shifted = flat.copy()
        shifted[i] = flat[i] + epsilon
        j_plus = cost(shifted.reshape(base.shape))
        if method == "central":
            shifted[i] = flat[i] - epsilon
            approx[i] = (j_plus - cost(shifted.reshape(base.shape))) / (2 * epsilon)
        else:
            approx[i] = (j_plus - j_here) / epsilon
    return approx.reshape(base.shape)


def block_differences(grad: np.ndarray, gradapprox: np.ndarray, keys: Sequence[str]) -> dict[str, float]:
    """The relative difference of each parameter block, in packing order.

    Parameters
    ----------
    grad, gradapprox : ndarray of shape (n, 1)
        Stacked as by ``dictionary_to_vector``.
    keys : sequence of str
        The block each entry belongs to, as ``dictionary_to_vector`` returns them.
    """
    labels = np.asarray(keys)
    if labels.shape[0] != np.asarray(grad).shape[0]:
        raise ValueError(f"keys names {labels.shape[0]} entries, but the vectors have {np.asarray(grad).shape[0]}")
    return {str(name): relative_difference(grad[labels == name], gradapprox[labels == name])
            for name in dict.fromkeys(keys)}


def check_blocks(
    forward: Callable, parameters: Mapping[str, np.ndarray], gradients: Mapping[str, np.ndarray],
    X: np.ndarray, Y: np.ndarray, epsilon: float = DEFAULT_EPSILON["central"],
) -> dict[str, float]:
    """Gradient-check each block (W1, b1, ...) of a network separately.

    Parameters
    ----------
    forward : callable
        ``forward(X, Y, parameters) -> (cost, cache)``, like the lesson's ``forward_propagation_n``.
    parameters, gradients : dict
        The point to check and the back-propagated gradients (``dW1, db1, ...``) there.
    X, Y : ndarray
        The data the cost is computed on.
    epsilon : float
        The step of the central difference.

    Returns
    -------
    dict
        Block name to relative difference; the overall difference is under key ``"all"``.
    """
    # Validate like the lesson's packing (W1, b1, ... chained; other keys ignored), then check every block.
    dictionary_to_vector(parameters)
    gradients_to_vector(gradients)
    blocks = {name: parameters[name] for name in shapes_of(parameters)}
    return gradient_check_full(lambda p: forward(X, Y, p)[0], blocks, gradients, epsilon, per_block=True)


def format_block_report(report: Mapping[str, float], threshold: float = THRESHOLD, digits: int = 2) -> str:
    """A small fixed-width table of ``check_blocks`` results, marking each block above ``threshold``.

    ``digits`` is the number of decimals of each difference (1 keeps round-off noise out of stored outputs).
    """
    lines = [f"{'block':<6} {'difference':>11}  verdict"]
    for name, value in report.items():
        verdict = "MISTAKE?" if value > threshold else "ok"
        lines.append(f"{name:<6} {value:>11.{digits}e}  {verdict}")
    return "\n".join(lines)


def suspect_blocks(report: Mapping[str, float], threshold: float = THRESHOLD) -> list[str]:
    """The blocks of a per-block report whose difference exceeds ``threshold``, in the report's order.

    The overall entry ``"all"`` is left out. An error in back-propagation flows backwards, to earlier
    layers, so the mistake itself is usually in the *last* (deepest) layer named.
    """
    return [name for name, value in report.items() if name != "all" and value > threshold]


# ----- input checking ----------------------------------------------------------------------------


def _check_epsilon(epsilon: object, name: str = "epsilon") -> float:
    if isinstance(epsilon, (bool, np.bool_)) or not isinstance(epsilon, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a positive real number; got {type(epsilon).__name__} {epsilon!r}")
    if not (np.isfinite(epsilon) and epsilon > 0):
        raise ValueError(f"{name} must be a positive, finite number; got {epsilon!r}")
    return float(epsilon)


def _check_method(method: object) -> str:
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}; got {method!r}")
    return method


def _check_count(value: object, name: str, low: int, high: int | None = None, why: str = "") -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer; got {type(value).__name__} {value!r}")
    if value < low or (high is not None and value > high):
        bounds = f">= {low}" if high is None else f"between {low} and {high}"
        raise ValueError(f"{name} must be {bounds}{why}; got {value}")
    return int(value)


def _first_bad(values: np.ndarray) -> tuple[int, ...]:
    return tuple(int(i) for i in np.argwhere(~np.isfinite(values))[0])


@dataclass(frozen=True)
class _Layout:
    """Where each block sits in the flat parameter vector."""

    names: tuple[str, ...]
    shapes: tuple[tuple[int, ...], ...]
    starts: np.ndarray
    ends: np.ndarray

    @classmethod
    def of(cls, blocks: Mapping[str, np.ndarray]) -> _Layout:
        sizes = np.array([array.size for array in blocks.values()], dtype=np.intp)
        ends = np.cumsum(sizes)
        return cls(tuple(blocks), tuple(array.shape for array in blocks.values()), ends - sizes, ends)

    @property
    def total(self) -> int:
        return int(self.ends[-1])

    def locate(self, position: int) -> tuple[str, int]:
        """Block name and flat index inside the block of a flat-vector ``position``."""
        block = int(np.searchsorted(self.ends, position, side="right"))
        return self.names[block], int(position - self.starts[block])

    def describe(self, position: int) -> str:
        name, index = self.locate(position)
        shape = self.shapes[self.names.index(name)]
        return f"{name}[{', '.join(str(int(i)) for i in np.unravel_index(index, shape))}]" if shape else name


def _all_finite(arrays: Sequence[np.ndarray]) -> bool:
    """Whether every entry is finite: one summing pass (a NaN or an infinity makes the sum non-finite)."""
    if math.isfinite(sum(float(array.sum()) for array in arrays)):
        return True
    return all(np.isfinite(array).all() for array in arrays)  # non-finite entries, or only an overflowing sum


def _checked_parameters(parameters: object, flat: bool = False) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
    """The blocks of ``parameters`` (real floating arrays of one dtype, all finite), and with ``flat`` the
    flat parameter vector."""
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
    vector = _flat(blocks) if flat else None
    if not (np.isfinite(vector.sum()) if flat else _all_finite(list(blocks.values()))):
        name = next((name for name, array in blocks.items() if not np.isfinite(array).all()), None)
        if name is not None:  # else only the sum overflowed
            raise ValueError(f"parameters[{name!r}] has a non-finite value at index {_first_bad(blocks[name])}")
    return blocks, vector


def _gradient_key(name: str, gradients: Mapping[str, object]) -> str:
    for key in (f"d{name}", name):
        if key in gradients:
            return key
    raise KeyError(f"gradients has no entry for parameter {name!r}: expected key 'd{name}'; "
                   f"got keys {sorted(map(str, gradients))}")


def _checked_pairs(parameters: object, gradients: object, flat: bool = False):
    """The parameter blocks and their gradients (float64, keyed by parameter name), checked against each
    other; with ``flat`` also both as flat vectors: ``(blocks, grads, flat_parameters, flat_gradients)``."""
    blocks, vector = _checked_parameters(parameters, flat)
    if not isinstance(gradients, Mapping):
        raise TypeError(f"gradients must be a dict of arrays; got {type(gradients).__name__}")
    keys, grads = {}, {}
    for name, array in blocks.items():
        key = _gradient_key(name, gradients)
        grad = np.asarray(gradients[key])
        if grad.dtype.kind not in "fiu":
            raise TypeError(f"gradients[{key!r}] must hold real numbers; got dtype {grad.dtype}")
        if grad.shape != array.shape:
            raise ValueError(f"gradients[{key!r}] has shape {grad.shape}, but parameters[{name!r}] has shape "
                             f"{array.shape}; they must be equal")
        keys[name] = key
        grads[name] = grad.astype(np.float64, copy=False)
    grad_vector = _flat(grads) if flat else None
    if not (np.isfinite(grad_vector.sum()) if flat else _all_finite(list(grads.values()))):
        name = next((name for name, grad in grads.items() if not np.isfinite(grad).all()), None)
        if name is not None:
            raise ValueError(f"gradients[{keys[name]!r}] has a non-finite value at index {_first_bad(grads[name])}")
    return blocks, grads, vector, grad_vector


def _flat(arrays: Mapping[str, np.ndarray]) -> np.ndarray:
    """The arrays flattened row by row and joined in the dict's order."""
    return np.concatenate([array.reshape(-1) for array in arrays.values()])


def _as_cost_value(value: object, where: str) -> float | complex:
    """A cost's return value as a Python number, or a clear error saying where it went wrong."""
    if isinstance(value, tuple):
        raise TypeError(f"cost returned a tuple at {where}; it must return one number. If it is the lesson's "
                        "forward_propagation_n, wrap it: cost = lambda p: forward_propagation_n(X, Y, p)[0]")
    array = np.asarray(value)
    if array.size != 1 or not np.issubdtype(array.dtype, np.number):
        raise TypeError(f"cost must return one number; got {type(value).__name__} with shape {array.shape} "
                        f"at {where}")
    number = array.reshape(()).item()
    if not np.isfinite(number):
        raise ValueError(f"cost returned {number} at {where}")
    return number


# ----- perturbed costs ---------------------------------------------------------------------------


def loop_perturbed_costs(
    cost: Callable[[Mapping[str, np.ndarray]], float], parameters: Mapping[str, np.ndarray],
    positions: np.ndarray, steps: np.ndarray,
) -> np.ndarray:
    """Costs with one entry shifted at a time, one call of ``cost`` each.

    The fallback for costs without a ``perturbed_costs`` method. It works on private copies, so the
    caller's arrays never change; imaginary steps make the copies complex, and the cost must then be
    complex-safe.

    Parameters
    ----------
    cost : callable
        ``cost(parameters) -> number``.
    parameters : dict of ndarray
    positions : ndarray of int
        Entries of the flat parameter vector (the dict's arrays flattened and joined in its order).
    steps : ndarray
        The shift of each entry.

    Returns
    -------
    ndarray
        One cost per shift (complex for imaginary steps).
    """
    layout = _Layout.of(parameters)
    steps = np.asarray(steps).reshape(-1)
    complex_steps = np.iscomplexobj(steps)
    working = {name: np.array(value, dtype=np.result_type(value, np.complex64) if complex_steps else None)
               for name, value in parameters.items()}
    flats = [working[name].reshape(-1) for name in layout.names]
    blocks_of = np.searchsorted(layout.ends, positions, side="right")
    values = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", ComplexWarning)
        for position, block, step in zip(positions, blocks_of, steps, strict=True):
            flat, index = flats[block], position - layout.starts[block]
            kept = flat[index]
            flat[index] = kept + step
            try:
                value = cost(working)
            except ComplexWarning as error:
                raise TypeError(f"cost is not complex-safe: it discarded an imaginary part at "
                                f"{layout.describe(position)} shifted by {step:.3g} ({error}); "
                                "avoid abs, np.maximum, float() and real-only casts") from None
            if type(value) is not float or value - value != 0:
                value = _as_cost_value(value, f"{layout.describe(position)} shifted by {step:.3g}")
            values.append(value)
            flat[index] = kept
    return np.array(values)


def _perturbed_costs(cost, blocks: Mapping[str, np.ndarray], layout: _Layout, positions: np.ndarray,
                     steps: np.ndarray) -> np.ndarray:
    """Dispatch to ``cost.perturbed_costs`` when it exists, else loop; check what comes back."""
    if callable(getattr(cost, "perturbed_costs", None)):
        values = np.asarray(cost.perturbed_costs(blocks, positions, steps))
    else:
        values = loop_perturbed_costs(cost, blocks, positions, steps)
    if values.shape != positions.shape:
        raise ValueError(f"perturbed_costs returned shape {values.shape}; expected {positions.shape}")
    if np.iscomplexobj(steps) and not np.iscomplexobj(values):
        raise TypeError("cost is not complex-safe: it returned real numbers for complex parameters; "
                        "a complex step needs every operation to keep the imaginary part")
    if not np.isfinite(values).all():
        k = int(np.flatnonzero(~np.isfinite(values))[0])
        raise ValueError(f"cost returned {values[k]} at {layout.describe(positions[k])} shifted by {steps[k]:.3g}")
    return values


def _approximate(cost, blocks: Mapping[str, np.ndarray], layout: _Layout, flat: np.ndarray, positions: np.ndarray,
                 epsilon: float, method: str) -> np.ndarray:
    """Numerical partial derivatives (float64) at the given positions of the flat parameter vector.

    Differences are divided by the distance between the two points really evaluated, ``(w + ε) − (w − ε)``
    in the parameters' dtype: ``2ε`` up to their precision, which matters in float32.
    """
    if method == "complex":
        costs = _perturbed_costs(cost, blocks, layout, positions, np.full(positions.size, 1j * epsilon))
        return np.imag(costs).astype(np.float64) / epsilon
    values = flat[positions]
    step = values.dtype.type(epsilon)
    up = values + step
    down = values - step if method == "central" else values
    width = up.astype(np.float64) - down
    if not width.all():
        k = int(np.flatnonzero(width == 0)[0])
        raise StepTooSmallError(f"epsilon={epsilon:.3g} is too small for {layout.describe(positions[k])} = "
                                f"{values[k]:.6g} in {values.dtype}: w + epsilon rounds back to w; use a larger one")
    if method == "central":
        costs = _perturbed_costs(cost, blocks, layout, np.concatenate([positions, positions]),
                                 np.concatenate([up - values, down - values]))
        return (costs[: positions.size].astype(np.float64) - costs[positions.size:]) / width
    costs = _perturbed_costs(cost, blocks, layout, positions, up - values)
    base = _as_cost_value(cost(blocks), "the unperturbed parameters")
    return (costs.astype(np.float64) - base) / width


def _relative(grad: np.ndarray, approx: np.ndarray) -> float:
    """``relative_difference`` for vectors already known to be finite float64."""
    denominator = np.linalg.norm(grad) + np.linalg.norm(approx)
    return 0.0 if denominator == 0 else float(np.linalg.norm(grad - approx) / denominator)


def _differences(names: Sequence[str], counts: Sequence[int], grad: np.ndarray, approx: np.ndarray,
                 per_block: bool) -> float | dict[str, float]:
    """The overall relative difference, or a per-block report (``counts`` consecutive entries per block)."""
    overall = _relative(grad, approx)
    if not per_block:
        return overall
    bounds = np.cumsum([0, *counts])
    report = {name: _relative(grad[bounds[i]:bounds[i + 1]], approx[bounds[i]:bounds[i + 1]])
              for i, name in enumerate(names)}
    report["all"] = overall
    return report


# ----- general checks ----------------------------------------------------------------------------


def _resolved(method: object, epsilon: object) -> tuple[str, float]:
    method = _check_method(method)
    return method, _check_epsilon(DEFAULT_EPSILON[method] if epsilon is None else epsilon)


def numerical_gradient(
    cost: Callable, parameters: Mapping[str, np.ndarray], epsilon: float | None = None, *, method: str = "central"
) -> dict[str, np.ndarray]:
    """Approximate every partial derivative of ``cost`` at ``parameters``.

    Parameters
    ----------
    cost : callable
        ``cost(parameters) -> float``; complex-safe for ``method="complex"``.
    parameters : dict of ndarray
        Real floating arrays of one dtype (float32 or float64); not modified.
    epsilon : float, optional
        The step; ``DEFAULT_EPSILON[method]`` by default. For the complex step it is ``h`` in
        ``Im J(θ + ih) / h``.
    method : {"central", "forward", "complex"}
        ``(J(θ+ε) − J(θ−ε)) / 2ε``: error O(ε²) + O(u/ε); ``(J(θ+ε) − J(θ)) / ε``: O(ε) + O(u/ε);
        ``Im J(θ + iε) / ε``: O(ε²) and no cancellation, so ε can be tiny (u: unit round-off).

    Returns
    -------
    dict
        ``"d" + name`` to a float64 array shaped like ``parameters[name]`` (a gradient dict).

    Raises
    ------
    StepTooSmallError
        ``w + ε`` rounds back to ``w`` for some entry (a ValueError naming the entry).

    Examples
    --------
    >>> import numpy as np
    >>> g = numerical_gradient(lambda p: float(np.sum(p["x"] ** 3)), {"x": np.array([1.0, 2.0])})
    >>> np.round(g["dx"], 6)
    array([ 3., 12.])
    """
    method, epsilon = _resolved(method, epsilon)
    blocks, flat = _checked_parameters(parameters, flat=True)
    layout = _Layout.of(blocks)
    approx = _approximate(cost, blocks, layout, flat, np.arange(layout.total), epsilon, method)
    return {f"d{name}": approx[start:end].reshape(shape)
            for name, shape, start, end in zip(layout.names, layout.shapes, layout.starts, layout.ends, strict=True)}


def gradient_check_full(
    cost: Callable, parameters: Mapping[str, np.ndarray], gradients: Mapping[str, np.ndarray],
    epsilon: float | None = None, *, method: str = "central", per_block: bool = False,
) -> float | dict[str, float]:
    """Compare back-propagated gradients with numerical derivatives of every parameter.

    Parameters
    ----------
    cost : callable
        ``cost(parameters) -> float``, e.g. a ``DeepNetwork`` or ``lambda p: forward_propagation_n(X, Y, p)[0]``.
        A cost with a ``perturbed_costs`` method (``PerturbableCost``) gets all shifts in one call.
    parameters : dict of ndarray
        The point to check: every key is a block (``W1``, ``b1``, ...), all of one float dtype. Not modified.
    gradients : dict of ndarray
        The back-propagated gradient of each block, under ``"d" + name`` (the lesson's ``dW1``) or ``name``;
        other keys (``dZ1``, ``dA2``, ...) are ignored.
    epsilon : float, optional
        The step; ``DEFAULT_EPSILON[method]`` by default.
    method : {"central", "forward", "complex"}
        See ``numerical_gradient``. Central costs 2 evaluations per parameter, the others 1.
    per_block : bool
        Return the breakdown by block as well.

    Returns
    -------
    float or dict
        The relative difference ``||g − g_approx|| / (||g|| + ||g_approx||)`` over all parameters; with
        ``per_block=True`` a dict of block name to difference with the overall value under ``"all"``
        (the format of ``check_blocks``, ``format_block_report`` and ``suspect_blocks``).

    Raises
    ------
    KeyError
        A parameter has no gradient.
    ValueError
        Shapes differ, a value is NaN or infinite (the message names the block and index), the cost is not
        finite at a shifted point, or ``epsilon`` is not positive (``StepTooSmallError`` if it vanishes).
    TypeError
        Arrays do not hold real floats of one dtype, or the cost does not return one number.

    Examples
    --------
    >>> import numpy as np
    >>> parameters = {"w": np.array([1.0, -2.0])}
    >>> cost = lambda p: float(np.sum(p["w"] ** 2))
    >>> gradient_check_full(cost, parameters, {"dw": 2 * parameters["w"]}) < 1e-9
    True
    """
    method, epsilon = _resolved(method, epsilon)
    blocks, _, flat, grad = _checked_pairs(parameters, gradients, flat=True)
    layout = _Layout.of(blocks)
    approx = _approximate(cost, blocks, layout, flat, np.arange(layout.total), epsilon, method)
    return _differences(layout.names, layout.ends - layout.starts, grad, approx, per_block)


def _subset_counts(sizes: Sequence[int], k: int) -> np.ndarray:
    """Split ``k`` samples over blocks: one each, the rest in proportion to the room left (largest remainders)."""
    sizes = np.asarray(sizes)
    counts = np.ones(sizes.size, dtype=np.intp)
    room = sizes - 1
    extra = k - sizes.size
    if extra > 0:
        share = extra * room / room.sum()
        counts += np.floor(share).astype(np.intp)
        for block in np.argsort(-(share - np.floor(share)), kind="stable")[: k - counts.sum()]:
            counts[block] += 1
    return counts


def gradient_check_subset(
    cost: Callable, parameters: Mapping[str, np.ndarray], gradients: Mapping[str, np.ndarray], k: int = 200,
    epsilon: float | None = None, *, method: str = "central", seed: int | None = 0, per_block: bool = False,
) -> float | dict[str, float]:
    """Check ``k`` randomly chosen parameters instead of all of them.

    The samples are spread over the blocks: every block gets at least one and the rest go in proportion
    to the block sizes, so a small block (a bias) is never skipped. Central differences cost ``2k``
    evaluations.

    Parameters
    ----------
    cost, parameters, gradients, epsilon, method, per_block
        As for ``gradient_check_full``.
    k : int
        How many entries to check: at least the number of blocks, at most the number of parameters.
    seed : int or None
        Seed of the sampling (None: a fresh random choice).

    Returns
    -------
    float or dict
        The relative difference over the sampled entries (per block on request).
    """
    method, epsilon = _resolved(method, epsilon)
    blocks, _, flat, grad = _checked_pairs(parameters, gradients, flat=True)
    layout = _Layout.of(blocks)
    k = _check_count(k, "k", len(blocks), layout.total,
                     f" (one sample per block at least, {len(blocks)} blocks and {layout.total} parameters)")
    counts = _subset_counts(layout.ends - layout.starts, k)
    rng = np.random.default_rng(seed)
    positions = np.concatenate([start + np.sort(rng.choice(end - start, size=count, replace=False))
                                for start, end, count in zip(layout.starts, layout.ends, counts, strict=True)])
    approx = _approximate(cost, blocks, layout, flat, positions, epsilon, method)
    return _differences(layout.names, counts, grad[positions], approx, per_block)


def _random_direction(rng: np.random.Generator, blocks: Mapping[str, np.ndarray]
                      ) -> tuple[dict[str, np.ndarray], float]:
    """A random direction over the given blocks, and the factor that makes it a unit vector.

    Entries are independent and uniform in [-1, 1): like a Gaussian direction, this gives
    ``E[(d · v)^2] = ||d||^2 / n`` for a unit ``v`` and any vector ``d``, and it is several times quicker to
    draw. Random signs would be quicker still, but can be exactly orthogonal to a structured gradient
    (a softmax layer's bias gradient sums to zero, so ``(1, 1, ..., 1)`` always misses it).
    """
    direction = {}
    squared = 0.0
    for name, array in blocks.items():
        v = rng.random(array.shape)
        v *= 2
        v -= 1
        squared += float(np.vdot(v, v))
        direction[name] = v
    return direction, 1 / math.sqrt(squared)


def _directional_slopes(cost, blocks, grads, direction, scale: float, epsilon: float, method: str, work
                        ) -> tuple[float, float]:
    """(analytic, numerical) slope of the cost along the unit direction ``scale * direction``.

    The analytic slope uses the displacement the rounded parameters really take, ``θ₊ − θ₋``: with many
    parameters each entry moves so little that rounding it matters even in float64. The shifted points
    are written into the preallocated ``work`` arrays (fresh large arrays are slow to allocate).
    """
    step = epsilon * scale
    if method == "complex":
        shifted = {**blocks, **{name: blocks[name] + (1j * step) * v for name, v in direction.items()}}
        with warnings.catch_warnings():
            warnings.simplefilter("error", ComplexWarning)
            try:
                value = _as_cost_value(cost(shifted), f"the point shifted by {epsilon:.3g}i along a direction")
            except ComplexWarning:
                value = None
        if not isinstance(value, complex):
            raise TypeError("cost is not complex-safe: it dropped the imaginary part of complex parameters "
                            "(avoid abs, np.maximum, float() and real-only casts)")
        analytic = step * sum(float(np.vdot(grads[name], v)) for name, v in direction.items())
        return analytic / epsilon, value.imag / epsilon
    plus, minus = dict(blocks), dict(blocks)
    for name, v in direction.items():
        w, (up, down) = blocks[name], work[name]
        np.multiply(v, step, out=up, casting="same_kind")
        up += w
        plus[name] = up
        if method == "central":
            np.multiply(v, -step, out=down, casting="same_kind")
            down += w
            minus[name] = down
    j_plus = _as_cost_value(cost(plus), f"the point shifted by +{epsilon:.3g} along a direction")
    j_minus = _as_cost_value(cost(minus), f"the point shifted by -{epsilon:.3g} along a direction"
                             if method == "central" else "the unperturbed parameters")
    width = 2 * epsilon if method == "central" else epsilon
    analytic = 0.0
    for name in direction:
        if plus[name].dtype == np.float64:
            displacement = np.subtract(plus[name], minus[name], out=plus[name])  # plus is no longer needed
        else:
            displacement = np.subtract(plus[name], minus[name], dtype=np.float64)
        analytic += float(np.vdot(grads[name], displacement))
    return analytic / width, (j_plus - j_minus) / width


def gradient_check_directional(
    cost: Callable, parameters: Mapping[str, np.ndarray], gradients: Mapping[str, np.ndarray],
    n_directions: int = 3, epsilon: float | None = None, *, method: str = "central", seed: int | None = 0,
    per_block: bool = False,
) -> float | dict[str, float]:
    """Compare the gradient with the cost's slope along random unit directions.

    For a unit vector ``v`` the slope ``(J(θ + εv) − J(θ − εv)) / 2ε`` should equal ``g · v``; a wrong
    ``g`` breaks this for almost every ``v``. Two evaluations per direction, whatever the number of
    parameters, so it suits large networks. But a mistake confined to a small block hardly moves
    ``g · v`` for a ``v`` spread over all blocks: ``per_block=True`` draws directions inside each block
    separately, which catches it and says which block is wrong.

    Parameters
    ----------
    cost, parameters, gradients, method
        As for ``gradient_check_full``.
    n_directions : int
        Directions per check (per block with ``per_block=True``). Several directions make a small slope
        (a direction nearly orthogonal to the gradient, where round-off weighs most) harmless.
    epsilon : float, optional
        The step along the unit direction; ``DEFAULT_DIRECTIONAL_EPSILON`` for central differences,
        ``DEFAULT_EPSILON[method]`` otherwise.
    seed : int or None
        Seed of the directions (None: fresh random directions).
    per_block : bool
        Check each block along its own directions; ``"all"`` then combines those same slopes.

    Returns
    -------
    float or dict
        The relative difference between the vectors of analytic and numerical slopes.

    Examples
    --------
    >>> import numpy as np
    >>> parameters = {"w": np.array([1.0, -2.0, 0.5])}
    >>> cost = lambda p: float(np.sum(np.sin(p["w"])))
    >>> gradient_check_directional(cost, parameters, {"dw": np.cos(parameters["w"])}) < 1e-8
    True
    """
    if epsilon is None and method == "central":
        epsilon = DEFAULT_DIRECTIONAL_EPSILON
    method, epsilon = _resolved(method, epsilon)
    n_directions = _check_count(n_directions, "n_directions", 1)
    blocks, grads, _, _ = _checked_pairs(parameters, gradients)
    rng = np.random.default_rng(seed)
    work = {name: (np.empty_like(array), np.empty_like(array)) for name, array in blocks.items()}
    groups = [[name] for name in blocks] if per_block else [list(blocks)]
    slopes = []
    for group in groups:
        pairs = [_directional_slopes(cost, blocks, grads, *_random_direction(rng, {n: blocks[n] for n in group}),
                                     epsilon, method, work) for _ in range(n_directions)]
        slopes.append(np.array(pairs, dtype=np.float64))
    stacked = np.concatenate(slopes)
    return _differences(list(blocks) if per_block else ["all"], [n_directions] * len(groups),
                        stacked[:, 0], stacked[:, 1], per_block)


def complex_step_derivative(function: Callable, x: object, h: float = 1e-20) -> np.ndarray | float:
    """``f'(x) ≈ Im f(x + ih) / h`` for a complex-safe, real-analytic ``f``, element-wise in ``x``.

    There is no difference of nearly equal numbers, so ``h`` can be tiny and the result is accurate
    to machine precision (the error is ``O(h²)``).

    Parameters
    ----------
    function : callable
        Element-wise and complex-safe: built from +, −, ×, /, exp, log, sin, ... (not abs, max, comparisons).
    x : float or array_like of float
        Where to differentiate.
    h : float
        The imaginary step.

    Returns
    -------
    float or ndarray
        Shaped like ``x``.

    Examples
    --------
    >>> complex_step_derivative(lambda t: t ** 3, 2.0)
    12.0
    """
    h = _check_epsilon(h, "h")
    points = np.asarray(x)
    if points.dtype.kind not in "fiu":
        raise TypeError(f"x must hold real numbers; got dtype {points.dtype}")
    if not np.isfinite(points).all():
        raise ValueError(f"x has a non-finite value at index {_first_bad(points)}")
    with warnings.catch_warnings():
        warnings.simplefilter("error", ComplexWarning)
        try:
            values = np.asarray(function(points.astype(np.complex128) + 1j * h))
        except ComplexWarning:
            raise TypeError("function is not complex-safe: it discarded an imaginary part") from None
    if not np.iscomplexobj(values):
        raise TypeError("function is not complex-safe: it returned real numbers for complex input "
                        "(avoid abs, np.maximum, comparisons and float())")
    derivative = values.imag / h
    return float(derivative) if derivative.ndim == 0 else derivative


# ----- inspection --------------------------------------------------------------------------------


def epsilon_sweep(
    cost: Callable, parameters: Mapping[str, np.ndarray], gradients: Mapping[str, np.ndarray],
    epsilons: Sequence[float], methods: Sequence[str] = METHODS,
) -> dict[str, np.ndarray]:
    """The full check's relative difference for each step in ``epsilons`` and each method.

    Parameters
    ----------
    cost, parameters, gradients
        As for ``gradient_check_full``.
    epsilons : sequence of float
        The steps to try (``h`` for the complex step).
    methods : sequence of str
        Names from ``METHODS``.

    Returns
    -------
    dict
        Method name to an array of differences, one per step; NaN where the step vanishes in the
        parameters' precision (``StepTooSmallError``).
    """
    sweep = {}
    for method in methods:
        differences = []
        for epsilon in epsilons:
            try:
                differences.append(gradient_check_full(cost, parameters, gradients, float(epsilon), method=method))
            except StepTooSmallError:
                differences.append(np.nan)
        sweep[method] = np.array(differences)
    return sweep


def worst_entries(
    gradients: Mapping[str, np.ndarray], approximations: Mapping[str, np.ndarray], count: int = 5
) -> list[tuple[str, tuple[int, ...], float, float]]:
    """The entries where back-propagation and the numerical gradient disagree most.

    Parameters
    ----------
    gradients, approximations : dict
        Gradient dicts with the same keys, e.g. from back-propagation and ``numerical_gradient``
        (keys of ``gradients`` missing from ``approximations`` are ignored).
    count : int
        How many entries to return.

    Returns
    -------
    list of (key, index, gradient, approximation)
        Sorted by ``|gradient − approximation|``, largest first.
    """
    count = _check_count(count, "count", 1)
    keys, grads, approxs = [], [], []
    for key, approx in approximations.items():
        if key not in gradients:
            raise KeyError(f"gradients has no entry {key!r} to compare with; got keys {sorted(gradients)}")
        grad = np.asarray(gradients[key], np.float64)
        approx = np.asarray(approx, np.float64)
        if grad.shape != approx.shape:
            raise ValueError(f"gradients[{key!r}] has shape {grad.shape}, approximations[{key!r}] {approx.shape}")
        keys.append(key)
        grads.append(grad)
        approxs.append(approx)
    errors = np.concatenate([np.abs(g - a).reshape(-1) for g, a in zip(grads, approxs, strict=True)])
    ends = np.cumsum([g.size for g in grads])
    rows = []
    for position in np.argsort(-errors, kind="stable")[:count]:
        block = int(np.searchsorted(ends, position, side="right"))
        flat = int(position - (ends[block] - grads[block].size))
        index = tuple(int(i) for i in np.unravel_index(flat, grads[block].shape))
        rows.append((keys[block], index, float(grads[block].flat[flat]), float(approxs[block].flat[flat])))
    return rows
