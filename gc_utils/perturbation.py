"""The one finite-difference engine: shift entries of the flat parameter vector, evaluate the cost, difference.

Every numerical derivative of gc_utils comes from here: the checks (``gc_utils.checks``), the sweeps behind the
explorers (``gc_utils.sweeps``), the lesson's network (``gc_utils.network.NetworkCost``) and
``gc_utils.deep_network.DeepNetwork``.

The flat layout
    A parameter dict is read as one vector: its arrays flattened row by row (C order) and joined in the dict's
    order (``Layout``). A *position* is an index into that vector. For the lesson's dict this is exactly the
    order of ``dictionary_to_vector``.

The protocol: how a cost is evaluated for many shifted points
    A cost is any callable ``cost(parameters) -> number``. The engine asks for the costs of many single-entry
    shifts at once (``perturbed_costs``) and dispatches on what the cost offers, fastest first:

    1. a method ``perturbed_costs(parameters, positions, steps)`` (``PerturbableCost``): the cost does it
       itself (``DeepNetwork`` recomputes only the layers a shift changes);
    2. a method ``costs_of_vectors(thetas, layout)`` (``VectorBatchCost``): the cost of a batch of whole
       parameter vectors, one per row; the engine builds the shifted vectors, in chunks of bounded memory;
    3. neither: the loop fallback, one call of ``cost`` per shift, on private copies (``loop_perturbed_costs``).

The ε policy
    One default step per method, ``DEFAULT_EPSILON`` (and ``DEFAULT_DIRECTIONAL_EPSILON`` for a step along a
    unit direction, where round-off weighs more), used by every check when no ε is given. The explorers
    start at the lesson's ε, ``LESSON_EPSILON`` = 1e-7, because they show the lesson's numbers. Every ε is
    validated by ``check_epsilon``, which raises ``EpsilonError`` (a ``ValueError``) for anything that is not
    a positive finite real number, or that lies outside the range a caller allows; ``StepTooSmallError``, its
    subclass, when ``w + ε`` rounds back to ``w``.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Protocol

import numpy as np

ComplexWarning = getattr(np, "exceptions", np).ComplexWarning  # numpy.exceptions exists from NumPy 1.25 on

METHODS = ("central", "forward", "complex")
"""The derivative approximations: two-sided and one-sided differences, and the complex step."""

DEFAULT_EPSILON = {"central": 1e-6, "forward": 1e-8, "complex": 1e-20}
"""Step used when none is given. Central: a little below the float64 optimum u^(1/3) ~ 6e-6, so that
ReLU kinks are crossed less often; forward: about u^(1/2); complex step: any tiny h."""

DEFAULT_DIRECTIONAL_EPSILON = 1e-5
"""Central-difference step along a random unit direction. The slope along it is about ``||g|| / sqrt(n)``, so
round-off (about ``u |J| / ε``) weighs ``sqrt(n)`` times more than in an entry-wise check; a larger step makes up
for it, and each entry still moves only about ``ε / sqrt(n)``."""

LESSON_EPSILON = 1e-7
"""The lesson's step: where the explorers start, so that they show the lesson's numbers."""

MAX_BATCH_ELEMENTS = 1 << 22
"""How many numbers one batch of shifted parameter vectors may hold (32 MB in float64)."""


class EpsilonError(ValueError):
    """A step ε that cannot be used: not a positive finite real number, or outside the allowed range."""


class StepTooSmallError(EpsilonError):
    """``w + ε`` rounds back to ``w``: the step vanishes in the parameters' precision."""


def check_epsilon(epsilon: object, name: str = "epsilon", *, low: float | None = None,
                  high: float | None = None) -> float:
    """``epsilon`` as a float, or ``EpsilonError`` saying what it was and what was expected.

    Parameters
    ----------
    epsilon : object
        The step to check.
    name : str
        How the message names it (``"epsilon"``, ``"h"``, ``"epsilons[3]"``).
    low, high : float, optional
        An allowed range, both ends included (the explorers offer 1e-12 to 0.1).

    Examples
    --------
    >>> check_epsilon(1e-7)
    1e-07
    >>> check_epsilon(-1.0)
    Traceback (most recent call last):
    ...
    gc_utils.perturbation.EpsilonError: epsilon must be a positive, finite number; got -1.0
    """
    if isinstance(epsilon, (bool, np.bool_)) or not isinstance(epsilon, (int, float, np.integer, np.floating)):
        raise EpsilonError(f"{name} must be a positive real number; got {type(epsilon).__name__} {epsilon!r}")
    value = float(epsilon)
    if not (np.isfinite(value) and value > 0):
        raise EpsilonError(f"{name} must be a positive, finite number; got {epsilon!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise EpsilonError(f"{name} must be between {low:g} and {high:g}; got {epsilon!r}")
    return value


def check_method(method: object) -> str:
    """``method`` if it is one of ``METHODS``, else a ``ValueError`` listing them."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}; got {method!r}")
    return method


def resolve_step(method: object, epsilon: object | None) -> tuple[str, float]:
    """The checked method and its step: ``epsilon``, or the method's default when it is None."""
    method = check_method(method)
    return method, check_epsilon(DEFAULT_EPSILON[method] if epsilon is None else epsilon)


# ----- the flat layout ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """Where each block of a parameter dict sits in the flat parameter vector.

    ``Layout.of`` remembers the layouts it has built (one per list of names and shapes), so asking again for
    the layout of a dict costs a dictionary look-up; a layout is immutable (its arrays are read-only).

    Attributes
    ----------
    names : tuple of str
        Block names, in the dict's order.
    shapes : tuple of tuple of int
    starts, ends : ndarray of int
        Block ``k`` occupies positions ``starts[k]`` to ``ends[k] - 1``.

    Examples
    --------
    >>> import numpy as np
    >>> layout = Layout.of({"W": np.zeros((2, 3)), "b": np.zeros((2, 1))})
    >>> layout.total, layout.describe(4), layout.describe(7)
    (8, 'W[1, 1]', 'b[1, 0]')
    """

    names: tuple[str, ...]
    shapes: tuple[tuple[int, ...], ...]
    starts: np.ndarray
    ends: np.ndarray

    @classmethod
    def of(cls, blocks: Mapping[str, object]) -> Layout:
        """The layout of a dict of arrays (or of a dict of shapes)."""
        return _layout(tuple(blocks), tuple(_shape_of(value) for value in blocks.values()))

    @cached_property
    def spans(self) -> tuple[tuple[str, tuple[int, ...], int, int], ...]:
        """``(name, shape, start, end)`` of each block, with Python ints (what slicing is fastest with)."""
        return tuple(zip(self.names, self.shapes, self.starts.tolist(), self.ends.tolist(), strict=True))

    @property
    def total(self) -> int:
        """The length of the flat vector."""
        return int(self.ends[-1]) if len(self.ends) else 0

    @property
    def sizes(self) -> np.ndarray:
        return self.ends - self.starts

    def block_of(self, positions: np.ndarray | int) -> np.ndarray:
        """The index (into ``names``) of the block each position falls in."""
        return np.searchsorted(self.ends, positions, side="right")

    def locate(self, position: int) -> tuple[str, int]:
        """Block name and flat index inside the block of a flat-vector ``position``."""
        block = int(self.block_of(position))
        return self.names[block], int(position - self.starts[block])

    def describe(self, position: int) -> str:
        """``"W1[2, 0]"``: the block and the index of a position, as a message names it."""
        name, index = self.locate(position)
        shape = self.shapes[self.names.index(name)]
        return f"{name}[{', '.join(str(int(i)) for i in np.unravel_index(index, shape))}]" if shape else name

    def flatten(self, blocks: Mapping[str, np.ndarray]) -> np.ndarray:
        """The flat vector of ``blocks`` (which must have this layout's names, in this order)."""
        return np.concatenate([np.asarray(blocks[name]).reshape(-1) for name in self.names])

    def rows(self, thetas: np.ndarray) -> dict[str, np.ndarray]:
        """Views of a batch of flat vectors ``(K, total)`` as stacked blocks ``(K, *shape)``."""
        if thetas.ndim != 2 or thetas.shape[1] != self.total:
            raise ValueError(f"each parameter vector must have {self.total} entries for this layout; "
                             f"got a batch of shape {thetas.shape}")
        count = thetas.shape[0]
        return {name: thetas[:, start:end].reshape((count, *shape)) for name, shape, start, end in self.spans}


def _shape_of(value: object) -> tuple[int, ...]:
    """A block's shape: the value itself when it is one (a tuple), else the shape of the array it is or makes."""
    if isinstance(value, tuple):
        return value
    shape = getattr(value, "shape", None)
    return tuple(shape) if shape is not None else np.asarray(value).shape


@lru_cache(maxsize=256)
def _layout(names: tuple[str, ...], shapes: tuple[tuple[int, ...], ...]) -> Layout:
    """The layout of blocks with these names and shapes, built once."""
    sizes = np.fromiter((math.prod(shape) for shape in shapes), dtype=np.intp, count=len(shapes))
    ends = np.cumsum(sizes)
    starts = ends - sizes
    starts.flags.writeable = ends.flags.writeable = False
    return Layout(names, shapes, starts, ends)


# ----- the protocol ------------------------------------------------------------------------------


class PerturbableCost(Protocol):
    """A cost that evaluates many single-entry shifts in one call.

    ``perturbed_costs(parameters, positions, steps)`` returns an array whose entry ``k`` is the cost
    with entry ``positions[k]`` of the flat parameter vector shifted by ``steps[k]``. Steps may be
    imaginary (``1j * h``); then the costs are complex.
    """

    def __call__(self, parameters: Mapping[str, np.ndarray]) -> float: ...

    def perturbed_costs(self, parameters: Mapping[str, np.ndarray], positions: np.ndarray,
                        steps: np.ndarray) -> np.ndarray: ...


class VectorBatchCost(Protocol):
    """A cost that evaluates a batch of whole parameter vectors in one call.

    ``costs_of_vectors(thetas, layout)`` returns the cost of each row of ``thetas`` (shape ``(K, n)``), read
    with ``layout`` (``Layout.rows`` gives the stacked blocks).
    """

    def __call__(self, parameters: Mapping[str, np.ndarray]) -> float: ...

    def costs_of_vectors(self, thetas: np.ndarray, layout: Layout) -> np.ndarray: ...


def as_cost_value(value: object, where: str) -> float | complex:
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


def loop_perturbed_costs(
    cost: Callable[[Mapping[str, np.ndarray]], float | complex], parameters: Mapping[str, np.ndarray],
    positions: np.ndarray, steps: np.ndarray,
) -> np.ndarray:
    """Costs with one entry shifted at a time, one call of ``cost`` each: the loop fallback.

    It works on private copies, so the caller's arrays never change; imaginary steps make the copies
    complex, and the cost must then be complex-safe.

    Parameters
    ----------
    cost : callable
        ``cost(parameters) -> number``.
    parameters : dict of ndarray
    positions : ndarray of int
        Entries of the flat parameter vector.
    steps : ndarray
        The shift of each entry.

    Returns
    -------
    ndarray
        One cost per shift (complex for imaginary steps).

    Examples
    --------
    >>> import numpy as np
    >>> loop_perturbed_costs(lambda p: float(np.sum(p["w"])), {"w": np.zeros(3)}, np.array([0, 2]), np.ones(2))
    array([1., 1.])
    """
    layout = Layout.of(parameters)
    steps = np.asarray(steps).reshape(-1)
    complex_steps = np.iscomplexobj(steps)
    working = {name: np.array(value, dtype=np.result_type(value, np.complex64) if complex_steps else None)
               for name, value in parameters.items()}
    flats = [working[name].reshape(-1) for name in layout.names]
    blocks_of = layout.block_of(positions)
    values: list[float | complex] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", ComplexWarning)
        for position, block, step in zip(positions, blocks_of, steps, strict=True):
            flat, index = flats[block], position - layout.starts[block]
            kept = flat[index]
            flat[index] = kept + step
            try:
                value: float | complex = cost(working)
            except ComplexWarning as error:
                raise TypeError(f"cost is not complex-safe: it discarded an imaginary part at "
                                f"{layout.describe(position)} shifted by {step:.3g} ({error}); "
                                "avoid abs, np.maximum, float() and real-only casts") from None
            if not (type(value) is float and math.isfinite(value)):  # anything else is converted, or refused
                value = as_cost_value(value, f"{layout.describe(position)} shifted by {step:.3g}")
            values.append(value)
            flat[index] = kept
    return np.array(values)


def stacked_perturbed_costs(
    costs_of_vectors: Callable[[np.ndarray, Layout], np.ndarray], base: np.ndarray, layout: Layout,
    positions: np.ndarray, steps: np.ndarray, max_elements: int = MAX_BATCH_ELEMENTS,
) -> np.ndarray:
    """Costs of single-entry shifts from a batch cost: row ``k`` is ``base`` with ``positions[k]`` shifted.

    The shifted vectors are built and evaluated in chunks of at most ``max_elements`` numbers.
    """
    positions = np.asarray(positions, dtype=np.intp).reshape(-1)
    steps = np.asarray(steps).reshape(-1)
    base = base.astype(np.result_type(base, steps), copy=False)
    per_chunk = max(1, max_elements // max(1, base.size))
    costs = []
    for start in range(0, positions.size, per_chunk):
        where, shift = positions[start:start + per_chunk], steps[start:start + per_chunk]
        thetas = base[None, :].repeat(where.size, axis=0)
        thetas.reshape(-1)[np.arange(0, thetas.size, base.size) + where] += shift  # row k, entry where[k]
        costs.append(np.asarray(costs_of_vectors(thetas, layout)))
    return costs[0] if len(costs) == 1 else np.concatenate(costs) if costs else np.empty(0)


def perturbed_costs(cost: Callable, blocks: Mapping[str, np.ndarray], layout: Layout, positions: np.ndarray,
                    steps: np.ndarray) -> np.ndarray:
    """The dispatch: the costs of single-entry shifts, by the fastest way ``cost`` offers; checked.

    See the module notes for the order. What comes back must have one finite number per shift, complex
    for imaginary steps.
    """
    perturbed, of_vectors = getattr(cost, "perturbed_costs", None), getattr(cost, "costs_of_vectors", None)
    if callable(perturbed):
        values = np.asarray(perturbed(blocks, positions, steps))
    elif callable(of_vectors):
        values = stacked_perturbed_costs(of_vectors, layout.flatten(blocks), layout, positions, steps)
    else:
        values = loop_perturbed_costs(cost, blocks, positions, steps)
    if values.shape != np.shape(positions):
        raise ValueError(f"perturbed_costs returned shape {values.shape}; expected {np.shape(positions)}")
    if np.iscomplexobj(steps) and not np.iscomplexobj(values):
        raise TypeError("cost is not complex-safe: it returned real numbers for complex parameters; "
                        "a complex step needs every operation to keep the imaginary part")
    if not np.isfinite(values.sum()) and not np.isfinite(values).all():  # a sum is finite when every term is
        k = int(np.flatnonzero(~np.isfinite(values))[0])
        raise ValueError(f"cost returned {values[k]} at {layout.describe(positions[k])} shifted by {steps[k]:.3g}")
    return values


# ----- differences -------------------------------------------------------------------------------


def _step_widths(values: np.ndarray, epsilons: np.ndarray, layout: Layout, positions: np.ndarray,
                 method: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The shifted values ``up``, ``down`` (``(E, P)`` in the parameters' dtype) and the distance between them.

    Raises ``StepTooSmallError`` where the two points coincide in the parameters' precision.
    """
    step = epsilons.astype(values.dtype)[:, None]
    up = values + step
    down = values - step if method == "central" else np.broadcast_to(values, up.shape)
    width = up.astype(np.float64) - down
    if not width.all():
        e, k = (int(i) for i in np.argwhere(width == 0)[0])
        raise StepTooSmallError(f"epsilon={epsilons[e]:.3g} is too small for {layout.describe(positions[k])} = "
                                f"{values[k]:.6g} in {values.dtype}: w + epsilon rounds back to w; use a larger one")
    return up, down, width


def approximate(cost: Callable, blocks: Mapping[str, np.ndarray], positions: np.ndarray,
                epsilons: float | Sequence[float] | np.ndarray, method: str = "central",
                layout: Layout | None = None, flat: np.ndarray | None = None) -> np.ndarray:
    """Numerical partial derivatives (float64) at ``positions`` of the flat vector, for one ε or many.

    Differences are divided by the distance between the two points really evaluated, ``(w + ε) − (w − ε)``
    in the parameters' dtype: ``2ε`` up to their precision, which matters in float32 and for tiny ε.

    Parameters
    ----------
    cost : callable
        A cost (see the module notes for the protocol).
    blocks : dict of ndarray
        The point: real floating arrays of one dtype (already checked by the caller).
    positions : ndarray of int, shape (P,)
    epsilons : float or array_like of shape (E,)
        The step(s); ``h`` of ``Im J(θ + ih) / h`` for the complex step.
    method : {"central", "forward", "complex"}
    layout : Layout, optional
        ``Layout.of(blocks)``, when the caller has it already.
    flat : ndarray, optional
        ``layout.flatten(blocks)``, likewise.

    Returns
    -------
    ndarray
        Shape ``(P,)`` for one ε, ``(E, P)`` for an array of them.

    Examples
    --------
    >>> import numpy as np
    >>> cube = lambda p: float(np.sum(p["x"] ** 3))
    >>> np.round(approximate(cube, {"x": np.array([1.0, 2.0])}, np.arange(2), 1e-4), 6)
    array([ 3., 12.])
    """
    layout = Layout.of(blocks) if layout is None else layout
    eps = np.asarray(epsilons, dtype=float)
    single = eps.ndim == 0
    eps = eps.reshape(-1)
    positions = np.asarray(positions, dtype=np.intp).reshape(-1)
    P, E = positions.size, eps.size
    if method == "complex":
        steps = np.repeat(1j * eps, P)
        costs = perturbed_costs(cost, blocks, layout, np.tile(positions, E), steps).reshape(E, P)
        approx = np.imag(costs).astype(np.float64) / eps[:, None]
        return approx[0] if single else approx
    values = (layout.flatten(blocks) if flat is None else flat)[positions]
    up, down, width = _step_widths(values, eps, layout, positions, method)
    if method == "central":
        shifts = (np.concatenate((up, down)) - values).reshape(-1)
        pairs = perturbed_costs(cost, blocks, layout, np.tile(positions, 2 * E), shifts).reshape(2, E, P)
        approx = (pairs[0].astype(np.float64) - pairs[1]) / width
    else:
        costs = perturbed_costs(cost, blocks, layout, np.tile(positions, E), (up - values).reshape(-1)).reshape(E, P)
        base = as_cost_value(cost(blocks), "the unperturbed parameters")
        approx = (costs.astype(np.float64) - base) / width
    return approx[0] if single else approx


def directional_difference(function: Callable[[np.ndarray], object], point: np.ndarray, direction: np.ndarray,
                           epsilon: float, method: str = "central") -> np.ndarray:
    """The derivative of an array-valued ``function`` at ``point`` along ``direction``, by a difference quotient.

    ``(f(x + εv) − f(x − εv)) / 2ε`` (central) or ``(f(x + εv) − f(x)) / ε`` (forward), float64, shaped like
    what ``function`` returns. With ``function`` a gradient, this is the Hessian–vector product ``H·v`` up to
    O(ε²) (central) or O(ε) (forward): the second-order check of ``gc_utils.second_order``.

    Examples
    --------
    >>> import numpy as np
    >>> directional_difference(lambda x: x ** 2, np.array([1.0, 2.0]), np.array([1.0, 0.0]), 0.5)
    array([2., 0.])
    """
    method = check_method(method)
    if method == "complex":
        raise ValueError("directional_difference takes method 'central' or 'forward'")
    epsilon = check_epsilon(epsilon)
    x = np.asarray(point, dtype=np.float64)
    v = np.asarray(direction, dtype=np.float64)
    if x.shape != v.shape:
        raise ValueError(f"direction must have the shape of point, {x.shape}; got {v.shape}")
    up = np.asarray(function(x + epsilon * v), dtype=np.float64)
    if method == "central":
        return (up - np.asarray(function(x - epsilon * v), dtype=np.float64)) / (2 * epsilon)
    return (up - np.asarray(function(x.copy()), dtype=np.float64)) / epsilon
