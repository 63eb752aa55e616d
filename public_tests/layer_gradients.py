"""The public tests of the three layers' gradients of "Checking your own layers" (``public_tests.layers``):
``dense_backward``, ``softmax_cross_entropy`` and ``batchnorm_backward``.

Each compares what the function returned with the right gradients and, when one is wrong, with known wrong formulas
(``*_mistakes``: a new mistake is one entry there, one message ``layers.*.mistake.*`` and one submission in
``tests/test_layers_public_tests.py``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from gc_utils import layers as reference

from .layer_support import (
    Failure,
    GradientTexts,
    as_array,
    call,
    changed,
    close,
    describe,
    first,
    matching,
    number,
    run_quietly,
    wrong_gradient,
)
from .messages import text
from .practice import _passed

# ------------------------------------------------------------------------------------ the dense backward

_DENSE_CASES = (
    ("layers.dense.case_square", 4, 4, 4, 1),
    ("layers.dense.case_rect", 3, 2, 5, 0),
    ("layers.dense.case_wide", 2, 5, 3, 2),
)
"""(label, n_in, n_out, m, seed). In the square case, first, every product has the right shape, transposed or not:
a product with an operand transposed wrongly returns values to compare with the mistakes' formulas, instead of
raising on a rectangular case first."""

_DENSE_TEXTS = GradientTexts("layers.dense.not_array", "layers.dense.shape", "layers.dense.values")


def _dense_mistakes(dZ: np.ndarray, X: np.ndarray, W: np.ndarray) -> dict[str, dict[str, np.ndarray]]:
    """Gradient -> known wrong formula (a message id of ``layers.dense.mistake.*``) -> what it gives."""
    m = dZ.shape[1]
    mistakes = {
        "dX": {"dX_W_not_transposed": W @ dZ if W.shape[0] == W.shape[1] else None, "dX_over_m": W.T @ dZ / m},
        "dW": {"dW_transposed": X @ dZ.T, "dW_upstream_transposed": dZ.T @ X.T if dZ.shape[0] == dZ.shape[1] else None,
               "dW_over_m": dZ @ X.T / m},
        "db": {"db_not_summed": dZ, "db_wrong_axis": dZ.sum(axis=0, keepdims=True),
               "db_no_keepdims": dZ.sum(axis=1), "db_mean": dZ.mean(axis=1, keepdims=True),
               "db_total": np.sum(dZ)},
    }
    return {gradient: {key: np.asarray(value) for key, value in formulas.items() if value is not None}
            for gradient, formulas in mistakes.items()}


def _dense_case_problem(target: Callable, label_key: str, n_in: int, n_out: int, m: int, seed: int) -> str | None:
    rng = np.random.default_rng([7, seed])
    X, W, b = rng.standard_normal((n_in, m)), rng.standard_normal((n_out, n_in)), rng.standard_normal((n_out, 1))
    dZ = rng.standard_normal((n_out, m))
    where = text("layers.dense.where", label=text(label_key), n_in=n_in, n_out=n_out, m=m)
    cache = (X.copy(), W.copy(), b.copy())
    given = dZ.copy()
    returned = call("dense_backward", target, given, cache)
    names = changed({"dZ": dZ, "X": X, "W": W, "b": b}, {"dZ": given, **dict(zip(("X", "W", "b"), cache, strict=True))})
    if names:
        return text("layers.mutated", exercise="dense_backward", where=where, names=", ".join(names))
    if not isinstance(returned, (tuple, list)) or len(returned) != 3:
        return text("layers.dense.not_triple", where=where, got=describe(returned))
    expected = {"dX": W.T @ dZ, "dW": dZ @ X.T, "db": dZ.sum(axis=1, keepdims=True)}
    mistakes = _dense_mistakes(dZ, X, W)
    for (name, want), value in zip(expected.items(), returned, strict=True):
        wrong = wrong_gradient(_DENSE_TEXTS, where, name, value, want, mistakes[name])
        if wrong:
            message, found = wrong
            return message + " " + text(f"layers.dense.mistake.{found}" if found else f"layers.dense.formula.{name}")
    return None


def dense_backward_test(target: Callable) -> None:
    """Test ``dense_backward(dZ, cache)`` for ``Z = W·X + b``, ``cache = (X, W, b)``: ``(dX, dW, db)`` =
    ``(Wᵀ·dZ, dZ·Xᵀ, Σ dZ over the batch)``, each shaped like its input; no 1/m (it is in ``dZ`` already)."""
    for case in _DENSE_CASES:
        said = _dense_case_problem(target, *case)
        if said:
            raise Failure(said)
    _passed()


# ------------------------------------------------------------------------------ softmax with cross-entropy

def _softmax_cases() -> list[tuple[str, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(11)
    small = rng.standard_normal((3, 4))
    large = 1000 + 5 * rng.standard_normal((4, 3))
    confident = rng.standard_normal((3, 4))
    confident[:, 1] = [0.0, 800.0, 5.0]  # example 1 belongs to class 0: p = e^-800, below any float
    labels = {"layers.softmax.case_small": (small, [0, 2, 1, 1]), "layers.softmax.case_large": (large, [1, 0, 3]),
              "layers.softmax.case_confident": (confident, [2, 0, 1, 2])}
    return [(key, Z, np.eye(Z.shape[0])[:, classes]) for key, (Z, classes) in labels.items()]


def _softmax(Z: np.ndarray, axis: int) -> np.ndarray:
    shifted = Z - Z.max(axis=axis, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=axis, keepdims=True)


def _loss_mistakes(Z: np.ndarray, Y: np.ndarray) -> dict[str, float]:
    loss = reference.cross_entropy(Z, Y)
    with np.errstate(all="ignore"):
        clipped = reference.cross_entropy(Z, Y, "clipped")
    return {"loss_sum": loss * Z.shape[1], "loss_clipped": clipped}


def _dZ_mistakes(Z: np.ndarray, Y: np.ndarray) -> dict[str, np.ndarray]:
    m, p = Z.shape[1], reference.softmax(Z)
    return {"dZ_no_m": p - Y, "dZ_sign": (Y - p) / m, "dZ_axis": (_softmax(Z, 1) - Y) / m, "dZ_no_Y": p / m}


@dataclass(frozen=True)
class SoftmaxRun:
    """One case of ``softmax_cross_entropy_test``: the logits and labels, what the function returned (the loss as a
    number, dZ as an array or None) and the NumPy warnings it raised."""

    where: str
    Z: np.ndarray
    Y: np.ndarray
    loss: float
    dZ: np.ndarray | None
    dZ_value: Any
    said: list[str]

    @property
    def expected_loss(self) -> float:
        return reference.cross_entropy(self.Z, self.Y)

    @property
    def warned(self) -> str:
        return text("layers.softmax.warned", warnings="; ".join(self.said)) if self.said else ""


def _not_finite(run: SoftmaxRun) -> str | None:
    dZ_finite = run.dZ is None or bool(np.isfinite(run.dZ).all())
    if math.isfinite(run.loss) and dZ_finite:
        return None
    what = text("layers.softmax.loss_name") if not math.isfinite(run.loss) else "dZ"
    hint = ("layers.softmax.hint.overflow" if any("overflow" in s for s in run.said) else
            "layers.softmax.hint.log_zero" if any("divide by zero" in s for s in run.said) else
            "layers.softmax.hint.not_finite")
    return text("layers.softmax.not_finite", where=run.where, what=what, loss=run.loss, warned=run.warned,
                expected=run.expected_loss) + " " + text(hint)


def _wrong_loss(run: SoftmaxRun) -> str | None:
    if math.isclose(run.loss, run.expected_loss, rel_tol=1e-9, abs_tol=1e-12):
        return None
    found = next((key for key, value in _loss_mistakes(run.Z, run.Y).items()
                  if math.isclose(run.loss, value, rel_tol=1e-9)), None)
    return (text("layers.softmax.loss", where=run.where, loss=run.loss, expected=run.expected_loss, warned=run.warned)
            + " " + text(f"layers.softmax.mistake.{found}" if found else "layers.softmax.formula_loss"))


def _wrong_dZ_shape(run: SoftmaxRun) -> str | None:
    if run.dZ is not None and run.dZ.shape == run.Z.shape:
        return None
    return text("layers.softmax.dZ_shape", where=run.where, got=describe(run.dZ_value), shape=run.Z.shape)


def _wrong_dZ(run: SoftmaxRun) -> str | None:
    if close(run.dZ, (reference.softmax(run.Z) - run.Y) / run.Z.shape[1]):
        return None
    found = matching(run.dZ, _dZ_mistakes(run.Z, run.Y))
    return (text("layers.softmax.dZ", where=run.where, warned=run.warned)
            + " " + text(f"layers.softmax.mistake.{found}" if found else "layers.softmax.formula_dZ"))


SOFTMAX_RULES: tuple[Callable[[SoftmaxRun], str | None], ...] = (_not_finite, _wrong_loss, _wrong_dZ_shape, _wrong_dZ)
"""What can be wrong with a loss and dZ, in the order it is looked for: the first rule that speaks fails the case."""


def _softmax_case_problem(target: Callable, label_key: str, Z: np.ndarray, Y: np.ndarray) -> str | None:
    where = text("layers.softmax.where", label=text(label_key), shape=Z.shape)
    given = Z.copy()
    returned, said = run_quietly("softmax_cross_entropy", target, given, Y.copy())
    if not np.array_equal(given, Z):
        return text("layers.mutated", exercise="softmax_cross_entropy", where=where, names="Z")
    if not isinstance(returned, (tuple, list)) or len(returned) != 2:
        return text("layers.softmax.not_pair", where=where, got=describe(returned))
    loss_value, dZ_value = returned
    loss = number("softmax_cross_entropy", loss_value, text("layers.softmax.the_loss"))
    return first(SOFTMAX_RULES, SoftmaxRun(where, Z, Y, loss, as_array(dZ_value), dZ_value, said))


def softmax_cross_entropy_test(target: Callable) -> None:
    """Test ``softmax_cross_entropy(Z, Y)``: the mean over the batch of ``−log softmax(Z)[y]`` (one column per
    example, ``Y`` one-hot) and ``dZ = (softmax(Z) − Y) / m``, finite for logits near 1000 and for a probability
    below the smallest float (the log-sum-exp trick)."""
    for label_key, Z, Y in _softmax_cases():
        said = _softmax_case_problem(target, label_key, Z, Y)
        if said:
            raise Failure(said)
    _passed()


# ------------------------------------------------------------------------------- batch normalisation backward

_BATCHNORM_CASES = (
    ("layers.batchnorm.case_small", 3, 5, 1e-5, 0),
    ("layers.batchnorm.case_eps", 2, 6, 0.5, 1),
    ("layers.batchnorm.case_wide", 4, 3, 1e-5, 2),
)
"""(label, features, batch size, ε of the layer, seed). A large ε tells 1/√var from 1/√(var + ε)."""

_BATCHNORM_TEXTS = GradientTexts("layers.batchnorm.not_array", "layers.batchnorm.shape", "layers.batchnorm.values")


def _batchnorm_mistakes(dout: np.ndarray, cache: Mapping[str, Any]) -> dict[str, dict[str, np.ndarray]]:
    """Gradient -> known wrong formula (a message id of ``layers.batchnorm.mistake.*``) -> what it gives."""
    X, X_hat, gamma, std, var, mean = (cache[k] for k in ("X", "X_hat", "gamma", "std", "var", "mean"))
    m = dout.shape[1]
    dX_hat = dout * gamma

    def compact(d, xhat, s, divisor=m, mean_term=True, variance_term=True):
        result = d.copy()
        if mean_term:
            result -= d.mean(axis=1, keepdims=True)
        if variance_term:
            result -= xhat * (d * xhat).sum(axis=1, keepdims=True) / divisor
        return result / s

    bare_std = np.sqrt(var)
    return {
        "dX": {"mean_forgotten": compact(dX_hat, X_hat, std, mean_term=False),
               "variance_forgotten": compact(dX_hat, X_hat, std, variance_term=False),
               "both_forgotten": dX_hat / std,
               "gamma_forgotten": compact(dout, X_hat, std),
               "unbiased": compact(dX_hat, X_hat, std, divisor=m - 1),
               "epsilon_forgotten": compact(dX_hat, (X - mean) / bare_std, bare_std),
               "var_not_std": compact(dX_hat, X_hat, std) * std / (var + cache["eps"])},
        "dgamma": {"not_summed": dout * X_hat, "wrong_axis": (dout * X_hat).sum(axis=0, keepdims=True),
                   "no_keepdims": (dout * X_hat).sum(axis=1), "without_xhat": dout.sum(axis=1, keepdims=True),
                   "with_x": (dout * X).sum(axis=1, keepdims=True)},
        "dbeta": {"not_summed": dout, "wrong_axis": dout.sum(axis=0, keepdims=True),
                  "no_keepdims": dout.sum(axis=1), "mean": dout.mean(axis=1, keepdims=True)},
    }


def _batchnorm_case_problem(target: Callable, label_key: str, features: int, m: int, eps: float,
                            seed: int) -> str | None:
    rng = np.random.default_rng([13, seed])
    X = 2 * rng.standard_normal((features, m)) + 1
    gamma, beta = 1 + 0.5 * rng.standard_normal((features, 1)), rng.standard_normal((features, 1))
    dout = rng.standard_normal((features, m))
    _, cache = reference.batchnorm_forward(X, gamma, beta, eps)
    where = text("layers.batchnorm.where", label=text(label_key), features=features, m=m, eps=eps)
    given_cache = {key: np.array(value, copy=True) if isinstance(value, np.ndarray) else value
                   for key, value in cache.items()}
    given = dout.copy()
    returned = call("batchnorm_backward", target, given, given_cache)
    names = changed({"dout": dout, **{k: v for k, v in cache.items() if isinstance(v, np.ndarray)}},
                    {"dout": given, **given_cache})
    if names:
        return text("layers.mutated", exercise="batchnorm_backward", where=where,
                    names=", ".join(f"cache[{name!r}]" if name != "dout" else name for name in names))
    if not isinstance(returned, (tuple, list)) or len(returned) != 3:
        return text("layers.batchnorm.not_triple", where=where, got=describe(returned))
    dX, dgamma, dbeta = reference.batchnorm_backward(dout, cache)
    mistakes = _batchnorm_mistakes(dout, cache)
    for (name, want), value in zip({"dX": dX, "dgamma": dgamma, "dbeta": dbeta}.items(), returned, strict=True):
        wrong = wrong_gradient(_BATCHNORM_TEXTS, where, name, value, want, mistakes[name])
        if wrong:
            message, found = wrong
            return message + " " + text(f"layers.batchnorm.mistake.{name}.{found}" if found
                                        else f"layers.batchnorm.formula.{name}")
    return None


def batchnorm_backward_test(target: Callable) -> None:
    """Test ``batchnorm_backward(dout, cache)`` with the cache of ``gc_utils.layers.batchnorm_forward``:
    ``(dX, dgamma, dbeta)``, with ``dX = (dX̂ − mean(dX̂) − X̂·mean(dX̂·X̂)) / √(var + ε)`` and ``dX̂ = γ·dout``."""
    for case in _BATCHNORM_CASES:
        said = _batchnorm_case_problem(target, *case)
        if said:
            raise Failure(said)
    _passed()
