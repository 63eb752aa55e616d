"""The directional check: the gradient against the cost's slope along random unit directions.

Two cost evaluations per direction, whatever the number of parameters, so it suits large networks; with
``per_block=True`` it draws directions inside each block, which catches a mistake confined to a small block.
The step along a direction is ``DEFAULT_DIRECTIONAL_EPSILON`` unless given (see ``gc_utils.perturbation``).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping

import numpy as np

from .comparison import difference_report
from .perturbation import DEFAULT_DIRECTIONAL_EPSILON, ComplexWarning, as_cost_value, resolve_step
from .validation import check_count, checked_pairs


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
                        ) -> tuple[float, float | complex]:
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
                value = as_cost_value(cost(shifted), f"the point shifted by {epsilon:.3g}i along a direction")
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
    j_plus = as_cost_value(cost(plus), f"the point shifted by +{epsilon:.3g} along a direction")
    j_minus = as_cost_value(cost(minus), f"the point shifted by -{epsilon:.3g} along a direction"
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
    method, epsilon = resolve_step(method, epsilon)
    n_directions = check_count(n_directions, "n_directions", 1)
    blocks, grads = checked_pairs(parameters, gradients)
    rng = np.random.default_rng(seed)
    work = {name: (np.empty_like(array), np.empty_like(array)) for name, array in blocks.items()}
    groups = [[name] for name in blocks] if per_block else [list(blocks)]
    slopes = []
    for group in groups:
        pairs = [_directional_slopes(cost, blocks, grads, *_random_direction(rng, {n: blocks[n] for n in group}),
                                     epsilon, method, work) for _ in range(n_directions)]
        slopes.append(np.array(pairs, dtype=np.float64))
    stacked = np.concatenate(slopes)
    return difference_report(list(blocks) if per_block else ["all"], [n_directions] * len(groups),
                        stacked[:, 0], stacked[:, 1], per_block)

