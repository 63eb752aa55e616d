"""The same layer checks in the tools students use next: ``torch.autograd.gradcheck`` and JAX's ``check_grads``.

Neither PyTorch nor JAX is a requirement of the lesson. Each check here imports its library when it runs; when the
library is missing it says so and skips (``Outcome.skipped``), and nothing else changes.

Both wrap *our* batch normalisation, forward and backward in NumPy (``gc_utils.layers``), as a function of their
framework with a hand-written backward pass, exactly what a student does with a layer of their own:

* PyTorch: a ``torch.autograd.Function`` whose ``backward`` calls ``batchnorm_backward``; ``gradcheck`` compares
  it with finite differences in float64. It builds the whole Jacobian, one backward call per output entry (each
  upstream gradient one-hot), so even an all-ones blind spot cannot hide; ``fast_mode=True`` uses random vectors
  instead, as ``gc_utils.vjp.vjp_check`` does.
* JAX: a ``jax.custom_vjp`` whose backward calls ``batchnorm_backward`` through ``jax.pure_callback``;
  ``jax.test_util.check_grads(..., modes=("rev",))`` compares a random vector–Jacobian product with a numerical
  directional derivative. It needs float64 (``jax_enable_x64``), which ``jax_check_grads`` switches on.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from . import i18n, layers

text = i18n.Namespace("bridge")
"""The words of the outcomes (``bridge.*`` in ``gc_utils.locales``), in the language of ``gc_utils.set_language``."""

TOOLS = {"torch.autograd.gradcheck": ("PyTorch", "torch", "pip install torch"),
         "jax.test_util.check_grads": ("JAX", "jax", "pip install jax")}
"""Tool -> (library, module imported, how to install it)."""


@dataclass(frozen=True)
class Outcome:
    """What one tool said: whether the correct and the buggy backward passes passed, or why it was skipped."""

    tool: str
    correct_passes: bool | None = None
    buggy_passes: bool | None = None
    skipped: str | None = None

    def __str__(self) -> str:
        if self.skipped is not None:
            return f"{self.tool}: {self.skipped}"
        words: dict[bool | None, str] = {True: text("passes"), False: text("fails")}  # both are set when not skipped
        return f"{self.tool}: " + text("verdicts", correct=words[self.correct_passes], buggy=words[self.buggy_passes])


def _library(tool: str):
    """The tool's module, or None when its library is not installed."""
    _, module, _ = TOOLS[tool]
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def _inputs(seed: int) -> dict[str, np.ndarray]:
    return layers.example_inputs("batchnorm", n_in=3, m=5, seed=seed)


def _backward(bugs: Iterable[str]) -> Callable:
    return lambda dout, cache: layers.batchnorm_backward(dout, cache, bugs)


def torch_gradcheck(backward: Callable, seed: int = 0) -> bool:
    """Whether ``torch.autograd.gradcheck`` passes batch normalisation with ``backward(dout, cache)``."""
    import torch

    class BatchNorm(torch.autograd.Function):
        @staticmethod
        def forward(ctx, X, gamma, beta):
            out, ctx.cache = layers.batchnorm_forward(X.detach().numpy(), gamma.detach().numpy(),
                                                      beta.detach().numpy())
            return torch.from_numpy(out)

        @staticmethod
        def backward(ctx, dout):
            return tuple(torch.from_numpy(np.ascontiguousarray(g)) for g in backward(dout.detach().numpy(), ctx.cache))

    tensors = tuple(torch.tensor(value, dtype=torch.float64, requires_grad=True) for value in _inputs(seed).values())
    return bool(torch.autograd.gradcheck(BatchNorm.apply, tensors, eps=1e-6, atol=1e-6, rtol=1e-4,
                                         raise_exception=False))


def jax_check_grads(backward: Callable, seed: int = 0) -> bool:
    """Whether ``jax.test_util.check_grads`` (reverse mode, order 1) passes batch normalisation with
    ``backward(dout, cache)``. Switches JAX to float64 (``jax_enable_x64``)."""
    import jax
    from jax.test_util import check_grads

    jax.config.update("jax_enable_x64", True)

    def forward_on_host(X, gamma, beta):
        return layers.batchnorm_forward(np.asarray(X), np.asarray(gamma), np.asarray(beta))[0]

    def backward_on_host(X, gamma, beta, dout):
        _, cache = layers.batchnorm_forward(np.asarray(X), np.asarray(gamma), np.asarray(beta))
        return tuple(np.asarray(g, dtype=np.float64) for g in backward(np.asarray(dout), cache))

    @jax.custom_vjp
    def batchnorm(X, gamma, beta):
        return jax.pure_callback(forward_on_host, jax.ShapeDtypeStruct(X.shape, X.dtype), X, gamma, beta)

    def forward_rule(X, gamma, beta):
        return batchnorm(X, gamma, beta), (X, gamma, beta)

    def backward_rule(residuals, dout):
        shapes = tuple(jax.ShapeDtypeStruct(a.shape, a.dtype) for a in residuals)
        return jax.pure_callback(backward_on_host, shapes, *residuals, dout)

    batchnorm.defvjp(forward_rule, backward_rule)
    arguments = tuple(jax.numpy.asarray(value, dtype=jax.numpy.float64) for value in _inputs(seed).values())
    try:
        check_grads(batchnorm, arguments, order=1, modes=("rev",), eps=1e-6, atol=1e-5, rtol=1e-5)
    except AssertionError:
        return False
    return True


RUNNERS = {"torch.autograd.gradcheck": torch_gradcheck, "jax.test_util.check_grads": jax_check_grads}


def run(tool: str, seed: int = 0) -> Outcome:
    """Check the correct batch normalisation and one with the mean's gradient forgotten with ``tool`` (a key of
    ``TOOLS``); skipped, with a note, when its library is missing."""
    library, _, install = TOOLS[tool]
    if _library(tool) is None:
        return Outcome(tool, skipped=text("missing", library=library, install=install))
    try:
        return Outcome(tool, RUNNERS[tool](_backward(()), seed),
                       RUNNERS[tool](_backward(("mean_gradient_forgotten",)), seed))
    except Exception as error:  # noqa: BLE001 - a library version we do not know: say so, never break the notebook
        return Outcome(tool, skipped=text("failed_to_run", library=library, error=f"{type(error).__name__}: {error}"))


def run_all(seed: int = 0) -> list[Outcome]:
    """``run`` for every tool of ``TOOLS``."""
    return [run(tool, seed) for tool in TOOLS]
