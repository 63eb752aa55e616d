"""Public tests of the exercises of "Checking your own layers".

Each test takes the student's function, calls it on a few cases whose answers are known (the reference layers of
``gc_utils.layers``, exact arithmetic, or the definition computed here with what the function was seen to use),
watches what it did (which upstream gradient it gave the backward pass, where it evaluated the forward pass or the
gradient, which NumPy warnings it raised, whether it changed its arguments) and either prints "All tests passed." or
raises ``AssertionError`` with a message that says what the function did, what it should do and, when a known
mistake reproduces what it returned, which mistake that is::

    from public_tests.layers import *
    vjp_check_test(vjp_check)

Their texts come from ``public_tests.messages`` (ids ``layers.*``), in the language ``set_language`` chose.
"""

from __future__ import annotations

import contextlib
import io
import math
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from gc_utils import layers as reference
from gc_utils.comparison import relative_difference

from . import TestFailure
from .messages import text
from .practice import _passed


class _Failure(TestFailure):
    """A case failed; the message says what the function did, what it should do and, when known, the mistake. In
    Jupyter only the message is shown (``TestFailure._render_traceback_``), not the test's frames."""

__all__ = [
    "batchnorm_backward_test",
    "dense_backward_test",
    "hvp_check_test",
    "softmax_cross_entropy_test",
    "vjp_check_test",
]

ROUND_OFF_LIMIT = 1e-6
"""A correct check of these cases scores 1e-9 or less; every planted bug scores 1e-2 or more."""

EXACT = {"rtol": 1e-9, "atol": 1e-12}
"""Gradients computed by a right formula agree with the reference to round-off."""


def _close(value: Any, expected: np.ndarray) -> bool:
    array = np.asarray(value, dtype=float)
    return array.shape == expected.shape and bool(np.allclose(array, expected, **EXACT))


def _describe(value: Any) -> str:
    """What came back, in a few words: the shape of an array, or the type."""
    if isinstance(value, np.ndarray):
        return text("layers.array", shape=value.shape)
    if isinstance(value, (int, float, np.number)):
        return f"{float(value):.6g}"
    return type(value).__name__


def _array(value: Any) -> np.ndarray | None:
    """``value`` as a float array, or None when it is not an array of real numbers."""
    try:
        array = np.asarray(value)
    except Exception:  # noqa: BLE001 - anything NumPy cannot look at
        return None
    return array.astype(float) if array.dtype.kind in "iufb" else None


def _unchanged(before: Mapping[str, np.ndarray], after: Mapping[str, Any]) -> list[str]:
    """The names whose arrays changed (or went missing) between ``before`` and ``after``."""
    return [name for name, array in before.items()
            if name not in after or np.shape(after[name]) != array.shape or not np.array_equal(after[name], array)]


def _matching(value: np.ndarray | None, candidates: Mapping[str, np.ndarray]) -> str | None:
    """The first key of ``candidates`` whose array ``value`` reproduces (a mistake's formula), or None."""
    if value is None:
        return None
    for key, candidate in candidates.items():
        if _close(value, candidate):
            return key
    return None


def _run(exercise: str, function: Callable, *args: Any) -> tuple[Any, list[str]]:
    """Call the student's ``function`` quietly; what it returns, and the messages of the floating-point warnings
    NumPy gave meanwhile (once each). Its exceptions become a failure that names them."""
    if not callable(function):
        raise _Failure(text("expects_function", exercise=exercise, type=type(function).__name__))
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"), \
            contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("always")
        try:
            returned = function(*args)
        except NotImplementedError:
            raise _Failure(text("layers.not_implemented", exercise=exercise)) from None
        except Exception as error:  # noqa: BLE001 - the student's error is reported, not raised
            raise _Failure(text("layers.raised", exercise=exercise, error_type=type(error).__name__,
                                error=error)) from None
    said = [str(warning.message) for warning in caught if issubclass(warning.category, RuntimeWarning)]
    return returned, list(dict.fromkeys(said))


def _call(exercise: str, function: Callable, *args: Any) -> Any:
    """``_run`` without the warnings."""
    return _run(exercise, function, *args)[0]


def _number(exercise: str, value: Any, where: str) -> float:
    """``value`` as a float, or a failure saying what came back instead."""
    array = _array(value)
    if (isinstance(value, (bool, np.bool_)) or array is None or array.size != 1 or np.asarray(value).dtype.kind == "b"
            or not isinstance(value, (int, float, np.integer, np.floating, np.ndarray))):
        raise _Failure(text("layers.not_number", exercise=exercise, where=where, type=type(value).__name__,
                            value=value))
    return float(array.reshape(()))


# ----------------------------------------------------------------------------------------- the VJP check

class _WatchedLayer:
    """A reference layer whose ``forward`` and ``backward`` note what they are given: the entries each forward
    evaluation shifted (from the inputs of the case), and each upstream gradient."""

    def __init__(self, layer: reference.Layer, inputs: Mapping[str, np.ndarray]) -> None:
        self.layer, self.original = layer, {name: array.copy() for name, array in inputs.items()}
        self.evaluations: list[list[tuple[str, tuple[int, ...], float]]] = []
        self.upstreams: list[np.ndarray] = []

    def _read(self, inputs: Any, who: str) -> dict[str, np.ndarray]:
        if not isinstance(inputs, Mapping):
            raise TypeError(text("layers.vjp.not_dict", who=who, type=type(inputs).__name__))
        arrays = {}
        for name, original in self.original.items():
            if name not in inputs:
                raise KeyError(text("layers.vjp.missing_input", who=who, name=name))
            array = np.asarray(inputs[name], dtype=float)
            if array.shape != original.shape:
                raise ValueError(text("layers.vjp.input_shape", who=who, name=name, got=array.shape,
                                      shape=original.shape))
            arrays[name] = array
        return arrays

    def forward(self, inputs: Any) -> np.ndarray:
        arrays = self._read(inputs, "forward")
        shifts = []
        for name, original in self.original.items():
            delta = arrays[name] - original
            shifts += [(name, tuple(int(i) for i in index), float(delta[tuple(index)]))
                       for index in np.argwhere(delta != 0)]
        self.evaluations.append(shifts)
        return self.layer.forward({name: array.copy() for name, array in arrays.items()})

    def backward(self, inputs: Any, upstream: Any) -> dict[str, np.ndarray]:
        arrays = self._read(inputs, "backward")
        gradient = np.array(upstream, dtype=float, copy=True)
        self.upstreams.append(gradient)
        return self.layer.backward(arrays, gradient.copy())


_VJP_CASES = (
    ("layers.vjp.case_dense", "dense", (), 1e-6, 0),
    ("layers.vjp.case_relu", "relu", ("upstream_ignored",), 1e-6, 1),
    ("layers.vjp.case_transposed", "dense", ("upstream_transposed",), 1e-5, 2),
    ("layers.vjp.case_tanh", "tanh", (), 1e-4, 3),
)
"""(label, layer kind, bugs planted, epsilon, seed): a correct dense layer; two bugs an all-ones upstream gradient
hides; a correct tanh layer with a large step (a one-sided difference is off by about ε there, a central one by ε²)."""


def _shift_facts(watched: _WatchedLayer, epsilon: float) -> str | None:
    """A fact about the forward evaluations that is wrong for a central-difference check, or None."""
    evaluations = watched.evaluations
    n = sum(array.size for array in watched.original.values())
    if not evaluations:
        return text("layers.vjp.no_forward")
    several = [shifts for shifts in evaluations if len(shifts) > 1]
    if several:
        return text("layers.vjp.several", count=len(several), total=len(evaluations), shifted=len(several[0]))
    steps = [delta for shifts in evaluations for _, _, delta in shifts]
    if not steps:
        return text("layers.vjp.never_shifted", count=len(evaluations))
    sizes = sorted({float(f"{abs(delta):.3g}") for delta in steps})
    if any(not math.isclose(abs(delta), epsilon, rel_tol=1e-6) for delta in steps):
        return text("layers.vjp.epsilon", epsilon=epsilon, sizes=", ".join(f"{s:g}" for s in sizes[:4]))
    if not any(delta < 0 for delta in steps):
        return text("layers.vjp.one_sided", count=len(steps), n=n)
    shifted = {(name, index) for shifts in evaluations for name, index, _ in shifts}
    if len(shifted) < n:
        missing = [name for name, array in watched.original.items()
                   if sum(1 for key, _ in shifted if key == name) < array.size]
        return text("layers.vjp.entries_missed", checked=len(shifted), n=n, names=", ".join(missing))
    return None


def vjp_check_test(target: Callable) -> None:
    """Test ``vjp_check(forward, backward, inputs, rng, epsilon=1e-6)``: a random upstream gradient drawn from
    ``rng``, given to ``backward`` and used in the central differences of ``Σ upstream ⊙ forward``, for every input;
    a dict of relative differences back, one per input.

    The layers are ``gc_utils.layers``' reference layers, correct or with a bug that an all-ones upstream gradient
    hides. The expected differences are computed with the upstream gradient the function gave ``backward``.
    """
    for label_key, kind, bugs, epsilon, seed in _VJP_CASES:
        label = text(label_key)
        inputs = reference.example_inputs(kind, seed=seed)
        watched = _WatchedLayer(reference.layer(kind, bugs), inputs)
        given = {name: array.copy() for name, array in inputs.items()}
        rng = np.random.default_rng(100 + seed)
        returned = _call("vjp_check", target, watched.forward, watched.backward, given, rng, epsilon)
        where = text("layers.vjp.where", label=label, epsilon=epsilon)
        changed = _unchanged(inputs, given)
        if changed:
            raise _Failure(text("layers.mutated", exercise="vjp_check", where=where, names=", ".join(changed)))
        if not isinstance(returned, Mapping):
            raise _Failure(text("layers.vjp.not_mapping", where=where, got=_describe(returned),
                                names=", ".join(inputs)))
        missing = [name for name in inputs if name not in returned and f"d{name}" not in returned]
        if missing:
            raise _Failure(text("layers.vjp.missing", where=where, missing=", ".join(missing),
                                names=", ".join(inputs), keys=", ".join(map(str, returned)) or "—"))
        if not watched.upstreams:
            raise _Failure(text("layers.vjp.no_backward", where=where))
        upstream = watched.upstreams[-1]
        out_shape = watched.layer.forward(inputs).shape
        if upstream.shape != out_shape:
            raise _Failure(text("layers.vjp.upstream_shape", where=where, got=upstream.shape, shape=out_shape))
        if upstream.size > 1 and np.all(upstream == upstream.flat[0]):
            raise _Failure(text("layers.vjp.constant_upstream", where=where, value=float(upstream.flat[0])))
        fact = _shift_facts(watched, epsilon)
        exact = reference.layer(kind).backward(inputs, upstream)
        planted = watched.layer.backward(inputs, upstream)
        for name in inputs:
            value = _number("vjp_check", returned[name if name in returned else f"d{name}"],
                            text("layers.vjp.entry", name=name))
            expected = relative_difference(planted[name], exact[name])
            correct = expected < ROUND_OFF_LIMIT
            if (value < ROUND_OFF_LIMIT) if correct else math.isclose(value, expected, rel_tol=1e-4):
                continue
            want = (text("layers.vjp.want_below", limit=ROUND_OFF_LIMIT) if correct
                    else text("layers.vjp.want_value", expected=expected))
            message = text("layers.vjp.did", where=where, name=name, value=value, want=want)
            if fact:
                message += " " + fact
            elif math.isclose(value, relative_difference(planted[name], reference.layer(kind).backward(
                    inputs, np.ones(out_shape))[name]), rel_tol=1e-4):
                message += " " + text("layers.vjp.ones_on_numeric_side")
            else:
                message += " " + text("layers.vjp.same_upstream")
            raise _Failure(message)
        if fact:
            raise _Failure(text("layers.vjp.right_values_wrong_steps", where=where, fact=fact))
    _passed()


# ------------------------------------------------------------------------------------ the dense backward

_DENSE_CASES = (
    ("layers.dense.case_square", 4, 4, 4, 1),
    ("layers.dense.case_rect", 3, 2, 5, 0),
    ("layers.dense.case_wide", 2, 5, 3, 2),
)
"""(label, n_in, n_out, m, seed). In the square case, first, every product has the right shape, transposed or not:
a product with an operand transposed wrongly returns values to compare with the mistakes' formulas, instead of
raising on a rectangular case first."""


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


def _shape_of(value: Any) -> tuple | None:
    array = _array(value)
    return None if array is None else array.shape


def dense_backward_test(target: Callable) -> None:
    """Test ``dense_backward(dZ, cache)`` for ``Z = W·X + b``, ``cache = (X, W, b)``: ``(dX, dW, db)`` =
    ``(Wᵀ·dZ, dZ·Xᵀ, Σ dZ over the batch)``, each shaped like its input; no 1/m (it is in ``dZ`` already)."""
    for label_key, n_in, n_out, m, seed in _DENSE_CASES:
        rng = np.random.default_rng([7, seed])
        X, W, b = rng.standard_normal((n_in, m)), rng.standard_normal((n_out, n_in)), rng.standard_normal((n_out, 1))
        dZ = rng.standard_normal((n_out, m))
        where = text("layers.dense.where", label=text(label_key), n_in=n_in, n_out=n_out, m=m)
        cache = (X.copy(), W.copy(), b.copy())
        given = dZ.copy()
        returned = _call("dense_backward", target, given, cache)
        changed = _unchanged({"dZ": dZ, "X": X, "W": W, "b": b},
                             {"dZ": given, **dict(zip(("X", "W", "b"), cache, strict=True))})
        if changed:
            raise _Failure(text("layers.mutated", exercise="dense_backward", where=where, names=", ".join(changed)))
        if not isinstance(returned, (tuple, list)) or len(returned) != 3:
            raise _Failure(text("layers.dense.not_triple", where=where, got=_describe(returned)))
        expected = {"dX": W.T @ dZ, "dW": dZ @ X.T, "db": dZ.sum(axis=1, keepdims=True)}
        mistakes = _dense_mistakes(dZ, X, W)
        for (name, want), value in zip(expected.items(), returned, strict=True):
            array = _array(value)
            if array is not None and _close(array, want):
                continue
            found = _matching(array, mistakes[name])
            if array is None:
                message = text("layers.dense.not_array", where=where, name=name, got=_describe(value))
            elif array.shape != want.shape:
                message = text("layers.dense.shape", where=where, name=name, got=array.shape, shape=want.shape)
            else:
                message = text("layers.dense.values", where=where, name=name)
            message += " " + text(f"layers.dense.mistake.{found}" if found else f"layers.dense.formula.{name}")
            raise _Failure(message)
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


def softmax_cross_entropy_test(target: Callable) -> None:
    """Test ``softmax_cross_entropy(Z, Y)``: the mean over the batch of ``−log softmax(Z)[y]`` (one column per
    example, ``Y`` one-hot) and ``dZ = (softmax(Z) − Y) / m``, finite for logits near 1000 and for a probability
    below the smallest float (the log-sum-exp trick)."""
    for label_key, Z, Y in _softmax_cases():
        where = text("layers.softmax.where", label=text(label_key), shape=Z.shape)
        given = Z.copy()
        returned, said = _run("softmax_cross_entropy", target, given, Y.copy())
        if not np.array_equal(given, Z):
            raise _Failure(text("layers.mutated", exercise="softmax_cross_entropy", where=where, names="Z"))
        if not isinstance(returned, (tuple, list)) or len(returned) != 2:
            raise _Failure(text("layers.softmax.not_pair", where=where, got=_describe(returned)))
        loss_value, dZ_value = returned
        loss = _number("softmax_cross_entropy", loss_value, text("layers.softmax.the_loss"))
        dZ = _array(dZ_value)
        expected_loss = reference.cross_entropy(Z, Y)
        expected_dZ = (reference.softmax(Z) - Y) / Z.shape[1]
        warned = text("layers.softmax.warned", warnings="; ".join(said)) if said else ""
        if not math.isfinite(loss) or (dZ is not None and not np.isfinite(dZ).all()):
            what = text("layers.softmax.loss_name") if not math.isfinite(loss) else "dZ"
            hint = ("layers.softmax.hint.overflow" if any("overflow" in s for s in said) else
                    "layers.softmax.hint.log_zero" if any("divide by zero" in s for s in said) else
                    "layers.softmax.hint.not_finite")
            raise _Failure(text("layers.softmax.not_finite", where=where, what=what, loss=loss, warned=warned,
                                expected=expected_loss) + " " + text(hint))
        if not math.isclose(loss, expected_loss, rel_tol=1e-9, abs_tol=1e-12):
            found = next((key for key, value in _loss_mistakes(Z, Y).items()
                          if math.isclose(loss, value, rel_tol=1e-9)), None)
            raise _Failure(text("layers.softmax.loss", where=where, loss=loss, expected=expected_loss, warned=warned)
                           + " " + text(f"layers.softmax.mistake.{found}" if found else "layers.softmax.formula_loss"))
        if dZ is None or dZ.shape != Z.shape:
            raise _Failure(text("layers.softmax.dZ_shape", where=where, got=_describe(dZ_value), shape=Z.shape))
        if not _close(dZ, expected_dZ):
            found = _matching(dZ, _dZ_mistakes(Z, Y))
            raise _Failure(text("layers.softmax.dZ", where=where, warned=warned)
                           + " " + text(f"layers.softmax.mistake.{found}" if found else "layers.softmax.formula_dZ"))
    _passed()


# ------------------------------------------------------------------------------- batch normalisation backward

_BATCHNORM_CASES = (
    ("layers.batchnorm.case_small", 3, 5, 1e-5, 0),
    ("layers.batchnorm.case_eps", 2, 6, 0.5, 1),
    ("layers.batchnorm.case_wide", 4, 3, 1e-5, 2),
)
"""(label, features, batch size, ε of the layer, seed). A large ε tells 1/√var from 1/√(var + ε)."""


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


def batchnorm_backward_test(target: Callable) -> None:
    """Test ``batchnorm_backward(dout, cache)`` with the cache of ``gc_utils.layers.batchnorm_forward``:
    ``(dX, dgamma, dbeta)``, with ``dX = (dX̂ − mean(dX̂) − X̂·mean(dX̂·X̂)) / √(var + ε)`` and ``dX̂ = γ·dout``."""
    for label_key, features, m, eps, seed in _BATCHNORM_CASES:
        rng = np.random.default_rng([13, seed])
        X = 2 * rng.standard_normal((features, m)) + 1
        gamma, beta = 1 + 0.5 * rng.standard_normal((features, 1)), rng.standard_normal((features, 1))
        dout = rng.standard_normal((features, m))
        _, cache = reference.batchnorm_forward(X, gamma, beta, eps)
        where = text("layers.batchnorm.where", label=text(label_key), features=features, m=m, eps=eps)
        given_cache = {key: np.array(value, copy=True) if isinstance(value, np.ndarray) else value
                       for key, value in cache.items()}
        given = dout.copy()
        returned = _call("batchnorm_backward", target, given, given_cache)
        changed = _unchanged({"dout": dout, **{k: v for k, v in cache.items() if isinstance(v, np.ndarray)}},
                             {"dout": given, **given_cache})
        if changed:
            raise _Failure(text("layers.mutated", exercise="batchnorm_backward", where=where,
                                names=", ".join(f"cache[{name!r}]" if name != "dout" else name for name in changed)))
        if not isinstance(returned, (tuple, list)) or len(returned) != 3:
            raise _Failure(text("layers.batchnorm.not_triple", where=where, got=_describe(returned)))
        dX, dgamma, dbeta = reference.batchnorm_backward(dout, cache)
        mistakes = _batchnorm_mistakes(dout, cache)
        for (name, want), value in zip({"dX": dX, "dgamma": dgamma, "dbeta": dbeta}.items(), returned, strict=True):
            array = _array(value)
            if array is not None and _close(array, want):
                continue
            found = _matching(array, mistakes[name])
            if array is None:
                message = text("layers.batchnorm.not_array", where=where, name=name, got=_describe(value))
            elif array.shape != want.shape:
                message = text("layers.batchnorm.shape", where=where, name=name, got=array.shape, shape=want.shape)
            else:
                message = text("layers.batchnorm.values", where=where, name=name,
                               error=float(np.max(np.abs(array - want))))
            message += " " + text(f"layers.batchnorm.mistake.{name}.{found}" if found
                                  else f"layers.batchnorm.formula.{name}")
            raise _Failure(message)
    _passed()


# ---------------------------------------------------------------------------------- the second-order check

class _WatchedGradient:
    """``gradient(θ)`` of ``J = Σ θ⁴/4 + ½ θᵀAθ``-like costs, noting each point it is asked at, relative to θ."""

    def __init__(self, gradient: Callable, theta: np.ndarray, v: np.ndarray) -> None:
        self.gradient, self.theta, self.v = gradient, theta.copy(), v.copy()
        self.points: list[np.ndarray] = []

    def __call__(self, point: Any) -> np.ndarray:
        array = np.asarray(point, dtype=float)
        if array.shape != self.theta.shape:
            raise ValueError(text("layers.hvp.point_shape", got=array.shape, shape=self.theta.shape))
        self.points.append(array - self.theta)
        return self.gradient(array.copy())

    def steps(self) -> list[float | None]:
        """Each evaluation's displacement as a multiple ``t`` of ``v`` (``θ + t·v``), None when it is not one."""
        found = []
        scale = float(np.vdot(self.v, self.v))
        for shift in self.points:
            t = float(np.vdot(shift, self.v)) / scale
            found.append(t if np.allclose(shift, t * self.v, rtol=1e-6, atol=1e-15) else None)
        return found


def _cubic_case(bug: bool) -> tuple[Callable, Callable, np.ndarray, np.ndarray]:
    """``g(θ) = θ³`` (of ``J = Σ θ⁴/4``) and ``H·v = 3θ²·v``, or a wrong ``2θ²·v``; dyadic numbers, so that every
    difference quotient with ε = 1/4 is computed exactly: central ``3θ²v + ε²v³``, one-sided ``+ 3θεv²`` too."""
    theta, v = np.array([1.0, -2.0, 0.5, 1.5]), np.array([1.0, 0.5, -1.0, 2.0])
    factor = 2.0 if bug else 3.0
    return (lambda t: t ** 3), (lambda t, w: factor * t ** 2 * w), theta, v


def _softmax_regression_case() -> tuple[Callable, Callable, np.ndarray, np.ndarray]:
    from gc_utils.second_order import SoftmaxRegression

    rng = np.random.default_rng(21)
    X, classes = rng.standard_normal((4, 6)), rng.integers(0, 3, 6)
    model = SoftmaxRegression(X, np.eye(3)[:, classes])
    return model.gradient, model.hvp, rng.standard_normal((3, 4)), rng.standard_normal((3, 4))


def hvp_check_test(target: Callable) -> None:
    """Test ``hvp_check(gradient, hvp, theta, v, epsilon=1e-5)``: the relative difference between ``hvp(theta, v)``
    and the central difference ``(gradient(θ + εv) − gradient(θ − εv)) / 2ε``.

    Two cases are computed exactly (``g(θ) = θ³`` with ε = 1/4: the expected difference is known to the last
    digit), with a correct and a wrong product; the third is softmax regression (``gc_utils.second_order``) with a
    small step, where a correct product must score below 1e-6.
    """
    cases = [("layers.hvp.case_cubic", *_cubic_case(False), 0.25),
             ("layers.hvp.case_cubic_bug", *_cubic_case(True), 0.25),
             ("layers.hvp.case_softmax", *_softmax_regression_case(), 1e-5)]
    for label_key, gradient, hvp, theta, v, epsilon in cases:
        where = text("layers.hvp.where", label=text(label_key), epsilon=epsilon)
        watched = _WatchedGradient(gradient, theta, v)
        products: list[tuple[np.ndarray, np.ndarray]] = []

        def watched_hvp(point, direction, products=products, hvp=hvp):
            products.append((np.array(point, dtype=float), np.array(direction, dtype=float)))
            return hvp(np.array(point, dtype=float), np.array(direction, dtype=float))

        given_theta, given_v = theta.copy(), v.copy()
        value = _number("hvp_check", _call("hvp_check", target, watched, watched_hvp, given_theta, given_v, epsilon),
                        text("layers.hvp.on", label=text(label_key)))
        changed = _unchanged({"theta": theta, "v": v}, {"theta": given_theta, "v": given_v})
        if changed:
            raise _Failure(text("layers.mutated", exercise="hvp_check", where=where, names=", ".join(changed)))
        product = hvp(theta.copy(), v.copy())
        central = (gradient(theta + epsilon * v) - gradient(theta - epsilon * v)) / (2 * epsilon)
        forward = (gradient(theta + epsilon * v) - gradient(theta)) / epsilon
        expected = relative_difference(product, central)
        correct = label_key == "layers.hvp.case_softmax"
        if (value < ROUND_OFF_LIMIT) if correct else math.isclose(value, expected, rel_tol=1e-9):
            steps = watched.steps()
            if all(t is not None for t in steps) and any(t is not None and t < 0 for t in steps):
                continue
        steps = watched.steps()
        shown = ", ".join("θ" if t == 0 else f"θ {'+' if t > 0 else '−'} {abs(t):g}·v" if t is not None
                          else text("layers.hvp.elsewhere") for t in steps[:4]) or text("layers.hvp.nowhere")
        message = text("layers.hvp.did", where=where, points=shown, count=len(steps), value=value,
                       want=text("layers.vjp.want_below", limit=ROUND_OFF_LIMIT) if correct
                       else text("layers.hvp.want_value", expected=expected))
        if not steps:
            message += " " + text("layers.hvp.no_gradient")
        elif any(t is None for t in steps):
            message += " " + text("layers.hvp.not_along_v")
        elif not any(t < 0 for t in steps):
            message += " " + text("layers.hvp.one_sided")
        elif any(not math.isclose(abs(t), epsilon, rel_tol=1e-6) for t in steps if t != 0):
            message += " " + text("layers.hvp.epsilon", epsilon=epsilon)
        elif not products:
            message += " " + text("layers.hvp.no_hvp")
        elif not correct and math.isclose(value, relative_difference(product, 2 * central), rel_tol=1e-9):
            message += " " + text("layers.hvp.over_eps")
        elif not correct and math.isclose(value, relative_difference(product, forward), rel_tol=1e-9):
            message += " " + text("layers.hvp.one_sided")
        raise _Failure(message)
    _passed()

