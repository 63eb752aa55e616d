"""The vector–Jacobian check of one layer: its backward pass against the central difference of ``Σ upstream ⊙ out``.

A layer's backward pass computes ``upstream · J``, the upstream gradient ``G`` (shaped like the output) times the
Jacobian of the output with respect to each input. That product is exactly the gradient of the scalar
``s(inputs) = Σ G ⊙ forward(inputs)``, so the lesson's check applies to it: differentiate ``s`` numerically, entry
by entry (``gc_utils.perturbation``, through ``gradient_check_full``), and compare with what ``backward(inputs, G)``
returns, for the parameters *and* for the data ``X``.

``G`` should be random. With ``G`` all ones, ``s`` is the plain sum of the outputs: the check then sees only the
column sums of the Jacobian, and a backward pass that ignores ``G`` altogether, or transposes it, passes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from .checks import gradient_check_full
from .validation import checked_parameters

UPSTREAMS = ("random", "ones")
"""The upstream gradients ``vjp_check`` draws itself (any array of the output's shape can also be given)."""


def upstream_gradient(shape: tuple[int, ...], kind: str = "random", seed: int | None = 0,
                      dtype: type | np.dtype = np.float64) -> np.ndarray:
    """An upstream gradient of ``shape``: standard normal entries (``"random"``, seeded) or all ones (``"ones"``).

    Examples
    --------
    >>> upstream_gradient((2, 2), "ones")
    array([[1., 1.],
           [1., 1.]])
    """
    if kind == "random":
        return np.random.default_rng(seed).standard_normal(shape).astype(dtype)
    if kind == "ones":
        return np.ones(shape, dtype=dtype)
    raise ValueError(f"kind must be one of {UPSTREAMS}; got {kind!r}")


class ProjectedOutput:
    """``s(inputs) = Σ upstream ⊙ forward(inputs)``: the scalar whose gradient a backward pass computes."""

    def __init__(self, forward: Callable[[Mapping[str, np.ndarray]], np.ndarray], upstream: np.ndarray) -> None:
        self.forward, self.upstream = forward, upstream

    def __call__(self, inputs: Mapping[str, np.ndarray]) -> float:
        out = np.asarray(self.forward(inputs))
        if out.shape != self.upstream.shape:
            raise ValueError(f"forward returned shape {out.shape}, but the upstream gradient has shape "
                             f"{self.upstream.shape}")
        return np.vdot(self.upstream, out).item()


def vjp_check(forward: Callable, backward: Callable, inputs: Mapping[str, np.ndarray], *,
              upstream: str | np.ndarray = "random", epsilon: float | None = None, seed: int | None = 0
              ) -> dict[str, float]:
    """Check a layer's backward pass against central differences of ``Σ upstream ⊙ forward(inputs)``.

    Parameters
    ----------
    forward : callable
        ``forward(inputs) -> output`` (an array).
    backward : callable
        ``backward(inputs, upstream) -> dict`` of gradients, keyed by input name (``"X"``, ``"W"``, ...) or by
        ``"d" + name``.
    inputs : dict of ndarray
        The point: every input of the layer, data and parameters (real floats of one dtype); not modified.
    upstream : {"random", "ones"} or ndarray
        The upstream gradient: drawn (``upstream_gradient``) or given, shaped like the output.
    epsilon : float, optional
        The step of the central differences (``gc_utils.perturbation.DEFAULT_EPSILON``: 1e-6).
    seed : int or None
        Seed of a random upstream gradient.

    Returns
    -------
    dict
        Input name to the relative difference of its gradient, and ``"all"`` over every input.

    Examples
    --------
    >>> from gc_utils.layers import example_inputs, layer
    >>> dense = layer("dense", bugs="upstream_transposed")
    >>> vjp_check(dense.forward, dense.backward, example_inputs("dense"), upstream="ones")["W"] < 1e-7
    True
    >>> vjp_check(dense.forward, dense.backward, example_inputs("dense"))["W"] > 0.1
    True
    """
    blocks = checked_parameters(inputs)
    copies = {name: array.copy() for name, array in blocks.items()}
    output = np.asarray(forward(copies))
    if isinstance(upstream, str):
        upstream = upstream_gradient(output.shape, upstream, seed, np.result_type(output.dtype, np.float64))
    upstream = np.asarray(upstream)
    if upstream.shape != output.shape:
        raise ValueError(f"upstream must have the output's shape {output.shape}; got {upstream.shape}")
    gradients = backward({name: array.copy() for name, array in blocks.items()}, upstream.copy())
    if not isinstance(gradients, Mapping):
        raise TypeError(f"backward must return a dict of gradients keyed by input name; got "
                        f"{type(gradients).__name__}")
    return gradient_check_full(ProjectedOutput(forward, upstream), blocks, gradients, epsilon, per_block=True)


def check_layer(layer, inputs: Mapping[str, np.ndarray], **options) -> dict[str, float]:
    """``vjp_check(layer.forward, layer.backward, inputs, **options)`` for a ``gc_utils.layers.Layer``."""
    return vjp_check(layer.forward, layer.backward, inputs, **options)


def format_vjp_report(report: Mapping[str, float], threshold: float = 2e-7) -> str:
    """One line per input, ``dX  3.1e-01  MISTAKE?``, with one decimal (round-off digits stay out of print).

    Examples
    --------
    >>> print(format_vjp_report({"X": 0.31, "W": 2e-10, "all": 0.2}))
    dX  3.1e-01  MISTAKE?
    dW  2.0e-10  ok
    all 2.0e-01  MISTAKE?
    """
    width = max(len(name) + (name != "all") for name in report)
    lines = []
    for name, value in report.items():
        label = name if name == "all" else f"d{name}"
        lines.append(f"{label:<{width}} {value:.1e}  {'MISTAKE?' if value > threshold else 'ok'}")
    return "\n".join(lines)
