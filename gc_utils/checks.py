"""Entry-wise gradient checks: the lesson's per-block check, the full and the subset check, and tools to look closer.

All plain NumPy (nothing imports plots or widgets), all on the one finite-difference engine
(``gc_utils.perturbation``: the flat layout, the protocol a fast cost implements, the loop fallback, the
ε policy):

* the lesson's building blocks: ``check_blocks``, ``format_block_report`` and ``suspect_blocks``
  (``relative_difference`` and ``block_differences`` live in ``gc_utils.comparison``);
* general checks for any network given as a cost function of a parameter dict plus its gradient dict:
  ``gradient_check_full`` and ``gradient_check_subset``, each with a per-block breakdown on request, built on
  ``numerical_gradient`` (``gradient_check_directional``, for large networks, is in ``gc_utils.directional``);
  ``complex_step_derivative`` for a function of one variable;
* to look closer: ``epsilon_sweep`` and ``worst_entries``.

A cost is any callable ``cost(parameters) -> float``; see ``gc_utils.perturbation`` for how a cost can
evaluate many shifted points in one call.
"""

from __future__ import annotations

import unicodedata
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Literal, overload

import numpy as np

from . import i18n
from .comparison import block_differences, difference_report, relative_difference
from .packing import dictionary_to_vector, gradients_to_vector, shapes_of
from .perturbation import (
    DEFAULT_DIRECTIONAL_EPSILON,
    DEFAULT_EPSILON,
    METHODS,
    ComplexWarning,
    Layout,
    PerturbableCost,
    StepTooSmallError,
    VectorBatchCost,
    approximate,
    check_epsilon,
    loop_perturbed_costs,
    resolve_step,
)
from .validation import check_count, checked_pairs, checked_parameters, first_bad_index

THRESHOLD = 2e-7
"""The lesson's verdict line: a relative difference above it means a mistake in back-propagation."""

__all__ = [
    "DEFAULT_DIRECTIONAL_EPSILON", "DEFAULT_EPSILON", "METHODS", "THRESHOLD", "PerturbableCost", "StepTooSmallError",
    "VectorBatchCost", "block_differences", "check_blocks", "complex_step_derivative", "epsilon_sweep",
    "format_block_report", "gradient_check_directional", "gradient_check_full", "gradient_check_subset",
    "loop_perturbed_costs", "numerical_gradient", "relative_difference", "suspect_blocks", "worst_entries",
]


# ----- the lesson's building blocks -----------------------------------------------------------------


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


REPORT_WORDS = ("block", "difference", "verdict", "mistake", "ok")
"""The words of ``format_block_report``'s table: the messages ``checks.report.*`` of ``gc_utils.locales``."""


def _padded(text: str, width: int, align: str = "<") -> str:
    """``text`` padded to ``width`` columns of a monospace font, in which Hangul takes two."""
    columns = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    padding = " " * max(0, width - columns)
    return text + padding if align == "<" else padding + text


def format_block_report(report: Mapping[str, float], threshold: float = THRESHOLD, digits: int = 2) -> str:
    """A small fixed-width table of ``check_blocks`` results, marking each block above ``threshold``, in the
    language of ``gc_utils.set_language``.

    ``digits`` is the number of decimals of each difference (1 keeps round-off noise out of stored outputs).

    Examples
    --------
    >>> print(format_block_report({"W1": 1e-9, "all": 0.3}, digits=1))
    block   difference  verdict
    W1         1.0e-09  ok
    all        3.0e-01  MISTAKE?
    """
    words = {key: i18n.text(f"checks.report.{key}") for key in REPORT_WORDS}
    lines = [f"{_padded(words['block'], 6)} {_padded(words['difference'], 11, '>')}  {words['verdict']}"]
    for name, value in report.items():
        verdict = words["mistake"] if value > threshold else words["ok"]
        lines.append(f"{_padded(name, 6)} {value:>11.{digits}e}  {verdict}")
    return "\n".join(lines)


def suspect_blocks(report: Mapping[str, float], threshold: float = THRESHOLD) -> list[str]:
    """The blocks of a per-block report whose difference exceeds ``threshold``, in the report's order.

    The overall entry ``"all"`` is left out. An error in back-propagation flows backwards, to earlier
    layers, so the mistake itself is usually in the *last* (deepest) layer named.
    """
    return [name for name, value in report.items() if name != "all" and value > threshold]


# ----- general checks ----------------------------------------------------------------------------


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
    method, epsilon = resolve_step(method, epsilon)
    blocks = checked_parameters(parameters)
    layout = Layout.of(blocks)
    approx = approximate(cost, blocks, np.arange(layout.total), epsilon, method, layout)
    return {f"d{name}": approx[start:end].reshape(shape)
            for name, shape, start, end in zip(layout.names, layout.shapes, layout.starts, layout.ends, strict=True)}


@overload
def gradient_check_full(cost: Callable, parameters: Mapping[str, np.ndarray], gradients: Mapping[str, np.ndarray],
                        epsilon: float | None = None, *, method: str = "central",
                        per_block: Literal[False] = False) -> float: ...
@overload
def gradient_check_full(cost: Callable, parameters: Mapping[str, np.ndarray], gradients: Mapping[str, np.ndarray],
                        epsilon: float | None = None, *, method: str = "central",
                        per_block: Literal[True]) -> dict[str, float]: ...
@overload
def gradient_check_full(cost: Callable, parameters: Mapping[str, np.ndarray], gradients: Mapping[str, np.ndarray],
                        epsilon: float | None = None, *, method: str = "central",
                        per_block: bool) -> float | dict[str, float]: ...
def gradient_check_full(
    cost: Callable, parameters: Mapping[str, np.ndarray], gradients: Mapping[str, np.ndarray],
    epsilon: float | None = None, *, method: str = "central", per_block: bool = False,
) -> float | dict[str, float]:
    """Compare back-propagated gradients with numerical derivatives of every parameter.

    Parameters
    ----------
    cost : callable
        ``cost(parameters) -> float``, e.g. a ``DeepNetwork``, a ``network.NetworkCost`` or
        ``lambda p: forward_propagation_n(X, Y, p)[0]``. A cost that evaluates many points in one call
        (``PerturbableCost`` or ``VectorBatchCost``, see ``gc_utils.perturbation``) gets all shifts at once;
        any other is called once per shift.
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
    method, epsilon = resolve_step(method, epsilon)
    blocks, grads = checked_pairs(parameters, gradients)
    layout = Layout.of(blocks)
    grad = layout.flatten(grads)
    approx = approximate(cost, blocks, np.arange(layout.total), epsilon, method, layout)
    return difference_report(layout.names, layout.ends - layout.starts, grad, approx, per_block)


def _subset_counts(sizes: Sequence[int] | np.ndarray, k: int) -> np.ndarray:
    """Split ``k`` samples over blocks: one each, the rest in proportion to the room left (largest remainders)."""
    block_sizes = np.asarray(sizes)
    counts = np.ones(block_sizes.size, dtype=np.intp)
    room = block_sizes - 1
    extra = k - block_sizes.size
    if extra > 0:
        share = extra * room / room.sum()
        counts += np.floor(share).astype(np.intp)
        for block in np.argsort(-(share - np.floor(share)), kind="stable")[: k - counts.sum()]:
            counts[block] += 1
    return counts


@overload
def gradient_check_subset(cost: Callable, parameters: Mapping[str, np.ndarray], gradients: Mapping[str, np.ndarray],
                          k: int = 200, epsilon: float | None = None, *, method: str = "central",
                          seed: int | None = 0, per_block: Literal[False] = False) -> float: ...
@overload
def gradient_check_subset(cost: Callable, parameters: Mapping[str, np.ndarray], gradients: Mapping[str, np.ndarray],
                          k: int = 200, epsilon: float | None = None, *, method: str = "central",
                          seed: int | None = 0, per_block: Literal[True]) -> dict[str, float]: ...
@overload
def gradient_check_subset(cost: Callable, parameters: Mapping[str, np.ndarray], gradients: Mapping[str, np.ndarray],
                          k: int = 200, epsilon: float | None = None, *, method: str = "central",
                          seed: int | None = 0, per_block: bool) -> float | dict[str, float]: ...
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
    method, epsilon = resolve_step(method, epsilon)
    blocks, grads = checked_pairs(parameters, gradients)
    layout = Layout.of(blocks)
    grad = layout.flatten(grads)
    k = check_count(k, "k", len(blocks), layout.total,
                     f" (one sample per block at least, {len(blocks)} blocks and {layout.total} parameters)")
    counts = _subset_counts(layout.ends - layout.starts, k)
    rng = np.random.default_rng(seed)
    positions = np.concatenate([start + np.sort(rng.choice(end - start, size=count, replace=False))
                                for start, end, count in zip(layout.starts, layout.ends, counts, strict=True)])
    approx = approximate(cost, blocks, positions, epsilon, method, layout)
    return difference_report(layout.names, counts, grad[positions], approx, per_block)


def complex_step_derivative(function: Callable, x: object, h: float = DEFAULT_EPSILON["complex"]) -> np.ndarray | float:
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
    h = check_epsilon(h, "h")
    points = np.asarray(x)
    if points.dtype.kind not in "fiu":
        raise TypeError(f"x must hold real numbers; got dtype {points.dtype}")
    if not np.isfinite(points).all():
        raise ValueError(f"x has a non-finite value at index {first_bad_index(points)}")
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
    count = check_count(count, "count", 1)
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


from .directional import gradient_check_directional  # noqa: E402 - kept importable from here, as the notebooks do
