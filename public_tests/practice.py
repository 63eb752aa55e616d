"""Public tests of the exercises of "Gradient checking in practice".

Each test takes the student's function, calls it on a few cases whose answers are known independently (exact
arithmetic, or the definition computed here), watches what it did (where it evaluated the cost, which masks it
drew and passed on) and either prints "All tests passed." or raises ``AssertionError`` with a message that says
what the function did, then what it should do::

    from public_tests.practice import *
    one_sided_check_test(one_sided_check)

The checks are self-contained: they use neither ``gc_utils``'s helpers nor the assignment's cases, so the
notebook's helpers may change without changing a verdict. Their texts come from ``public_tests.messages`` (ids
``practice.*``), in the language ``set_language`` chose.
"""

from __future__ import annotations

import contextlib
import io
import math
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from . import TestFailure
from .messages import text

__all__ = [
    "dropout_gradient_check_test",
    "one_sided_check_test",
    "optimal_epsilon_test",
    "wrong_layer_test",
]

GREEN, RESET = "\033[92m", "\033[0m"
ROUND_OFF_LIMIT = 1e-6
"""A correct check at ε = 1e-6 in float64 scores about 1e-10 here; any mistake scores 1e-2 or more."""


class _Failure(TestFailure):
    """A case failed; the message says what the function did and what it should do. In Jupyter only the message is
    shown, as for the assignment's tests (``TestFailure._render_traceback_``), not the frames of this module."""


def _call(exercise: str, function: Callable, *args: Any) -> Any:
    """Call the student's ``function`` quietly; its exceptions become a failure that names them."""
    if not callable(function):
        raise _Failure(text("expects_function", exercise=exercise, type=type(function).__name__))
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return function(*args)
        except NotImplementedError:
            raise _Failure(text("practice.not_implemented", exercise=exercise)) from None
        except Exception as error:  # noqa: BLE001 - the student's error is reported, not raised
            raise _Failure(text("practice.raised", exercise=exercise, error_type=type(error).__name__,
                                error=error)) from None


def _number(exercise: str, value: Any, where: str) -> float:
    """``value`` as a float, or a failure saying what came back instead."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)) and not (
            isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf"):
        raise _Failure(text("practice.not_number", exercise=exercise, where=where, type=type(value).__name__,
                            value=value))
    return float(np.asarray(value).reshape(()))


def _passed() -> None:
    print(f"{GREEN}{text('passed')}{RESET}")


# ----------------------------------------------------------------------------------------- one-sided check

def _cube(theta: float) -> float:
    return theta ** 3


def _relative_of_error(grad: float, error: float) -> float:
    """The relative difference of ``grad`` and an approximation off by ``error`` (known in closed form)."""
    return abs(error) / (abs(grad) + abs(grad + error))


def one_sided_check_test(target: Callable) -> None:
    """Test ``one_sided_check(J, dJ, theta, epsilon)``: the relative difference between ``dJ(theta)`` and the
    forward difference ``(J(theta + epsilon) - J(theta)) / epsilon``.

    With J(θ) = θ³ and steps that are powers of two, the forward difference is exact in floating point:
    ((θ+ε)³ − θ³)/ε = 3θ² + 3θε + ε², so the expected difference is known independently of any code.
    """
    for theta, epsilon in ((2.0, 0.5), (-1.0, 0.25)):
        seen: list[float] = []

        def J(value, seen=seen):
            seen.append(float(value))
            return _cube(value)

        value = _number("one_sided_check", _call("one_sided_check", target, J, lambda t: 3 * t ** 2, theta, epsilon),
                        f"(J = θ³, dJ = 3θ², theta={theta}, epsilon={epsilon})")
        truncation = 3 * theta * epsilon + epsilon ** 2
        forward = 3 * theta ** 2 + truncation
        expected = _relative_of_error(3 * theta ** 2, truncation)
        if math.isclose(value, expected, rel_tol=1e-9):
            continue
        points = ", ".join(f"{p:g}" for p in seen) or text("practice.one_sided.nowhere")
        message = text("practice.one_sided.did", theta=theta, epsilon=epsilon, points=points, value=value)
        if theta - epsilon in seen:
            message += text("practice.one_sided.central", below=theta - epsilon)
        elif math.isclose(value, _relative_of_error(3 * theta ** 2, forward / 2 - 3 * theta ** 2), rel_tol=1e-9):
            message += text("practice.one_sided.over_2eps")
        message += text("practice.one_sided.expected", above=theta + epsilon, theta=theta, epsilon=epsilon,
                        forward=forward, expected=expected)
        raise _Failure(message)
    _passed()


# ---------------------------------------------------------------------------------------- optimal epsilon

def optimal_epsilon_test(target: Callable) -> None:
    """Test ``optimal_epsilon(u, J, J3)``: the step ``(3 u |J| / |J3|) ** (1/3)`` that minimises
    ``E(ε) = |J3| ε² / 6 + u |J| / ε`` (``dE/dε = |J3| ε / 3 − u |J| / ε² = 0``)."""
    cases = ((9.0, 1.0, 1.0, 3.0), (2.0 ** -53, -2.0, -6.0, 2.0 ** (-53 / 3)), (2.0 ** -24, 8.0, 3.0, 2.0 ** -7))
    for u, J, J3, expected in cases:
        call = f"optimal_epsilon(u={u:.3g}, J={J:g}, J3={J3:g})"
        value = _number("optimal_epsilon", _call("optimal_epsilon", target, u, J, J3), f"(u={u:.3g}, J={J:g}, "
                        f"J3={J3:g})")
        if math.isclose(value, expected, rel_tol=1e-9):
            continue
        ratio = 3 * u * abs(J) / abs(J3)
        message = text("practice.optimal.did", call=call, value=value, expected=expected)
        if math.isnan(value):
            message += text("practice.optimal.nan")
        elif math.isclose(value, (ratio / 3) ** (1 / 3), rel_tol=1e-9):
            message += text("practice.optimal.no_3")
        elif math.isclose(value, ratio ** 0.5, rel_tol=1e-9):
            message += text("practice.optimal.square_root")
        elif math.isclose(value, ratio ** (-1 / 3), rel_tol=1e-9):
            message += text("practice.optimal.inverse")
        raise _Failure(message)
    _passed()


# ------------------------------------------------------------------------------------------ dropout check

_KEEP = 0.8
_A = np.array([[0.5, -1.0, 0.3, 0.8], [1.2, 0.4, -0.7, 0.1], [-0.3, 0.9, 0.6, -1.1],
               [0.7, -0.2, -0.5, 0.4], [-0.9, 0.6, 1.0, 0.2]])
_THETA = np.array([0.4, -0.3, 0.8, 0.1])


def _dropout_cost(theta: np.ndarray, mask: np.ndarray) -> float:
    """0.5·‖D ⊙ tanh(Aθ) / keep‖²: a cost whose value depends on the dropout mask D."""
    hidden = mask * np.tanh(_A @ theta) / _KEEP
    return float(0.5 * hidden @ hidden)


def _dropout_gradient(theta: np.ndarray, mask: np.ndarray) -> np.ndarray:
    h = np.tanh(_A @ theta)
    return _A.T @ (mask * mask * h * (1 - h ** 2) / _KEEP ** 2)


class _Masks:
    """``new_mask()`` for a case: a fresh random mask at each call, and a record of the masks drawn."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.drawn: list[np.ndarray] = []

    def __call__(self) -> np.ndarray:
        mask = np.asarray(self.rng.random(_A.shape[0]) < _KEEP, dtype=float)
        self.drawn.append(mask)
        return mask.copy()

    def number(self, mask: Any) -> int | None:
        """Which drawn mask ``mask`` is (1 for the first), or None for one this object did not draw."""
        for index, drawn in enumerate(self.drawn, 1):
            if np.shape(mask) == drawn.shape and np.array_equal(mask, drawn):
                return index
        return None


def dropout_gradient_check_test(target: Callable) -> None:
    """Test ``dropout_gradient_check(cost, gradient, theta, new_mask, epsilon=1e-6)``: one mask, drawn once
    with ``new_mask()``, for the gradient and for every evaluation of the cost; the relative difference back.

    The tests watch which masks ``cost`` and ``gradient`` receive. A correct gradient must then score below
    1e-6; a gradient with a planted mistake must score what the definition gives with that one mask.
    """
    def wrong_gradient(theta, mask):
        return _dropout_gradient(theta, mask) * np.array([1.5, 1.0, 1.0, 1.0])

    for label, gradient in ((text("practice.dropout.correct"), _dropout_gradient),
                            (text("practice.dropout.too_large"), wrong_gradient)):
        masks = _Masks(seed=7)
        used: dict[str, list[int | None]] = {"cost": [], "gradient": []}

        def watched(name, function, masks=masks, used=used):
            def call(theta, mask):
                used[name].append(masks.number(mask))
                return function(np.array(theta, dtype=float), np.asarray(mask, dtype=float))
            return call

        returned = _call("dropout_gradient_check", target, watched("cost", _dropout_cost),
                         watched("gradient", gradient), _THETA.copy(), masks, 1e-6)
        value = _number("dropout_gradient_check", returned, text("practice.dropout.with", label=label))
        did = text("practice.dropout.did", label=label, masks=len(masks.drawn), costs=len(used["cost"]),
                   gradients=len(used["gradient"]))
        given = set(used["cost"]) | set(used["gradient"])
        if not used["gradient"] or not used["cost"]:
            raise _Failure(text("practice.dropout.not_called", did=did))
        if None in given:
            raise _Failure(text("practice.dropout.foreign_mask", did=did))
        drawn = {number for number in given if number is not None}
        if len(drawn) > 1:
            raise _Failure(text("practice.dropout.several_masks", did=did, count=len(drawn)))
        one_mask = masks.drawn[drawn.pop() - 1]
        # With one mask, the central differences at ε = 1e-6 are the exact gradient up to ~1e-10 (relative):
        # the expected difference is the planted error's, against the exact gradient (far within rel_tol=1e-4).
        grad, exact = gradient(_THETA, one_mask), _dropout_gradient(_THETA, one_mask)
        expected = float(np.linalg.norm(grad - exact) / (np.linalg.norm(grad) + np.linalg.norm(exact)))
        if gradient is _dropout_gradient:
            if not value < ROUND_OFF_LIMIT:
                raise _Failure(text("practice.dropout.not_below", did=did, value=value, limit=ROUND_OFF_LIMIT))
        elif not math.isclose(value, expected, rel_tol=1e-4):
            raise _Failure(text("practice.dropout.wrong_value", did=did, value=value, expected=expected))
    _passed()


# --------------------------------------------------------------------------------------------- wrong layer

def _layer_report(flagged: set[int], layers: int) -> dict[str, float]:
    report: dict[str, float] = {}
    for layer in range(1, layers + 1):
        report[f"W{layer}"] = 0.3 if layer in flagged else 2e-10
        report[f"b{layer}"] = 0.05 if layer in flagged else 3e-10
    report["all"] = 0.2 if flagged else 2e-10
    return report


def _flagged_names(report: Mapping[str, float], threshold: float) -> list[str]:
    return [name for name, difference in report.items() if name != "all" and difference > threshold]


def _highest(numbers: list, default=None):
    return max(numbers) if numbers else default


_READINGS: dict[str, Callable[[list[str]], Any]] = {
    "name": lambda names: sorted(names)[-1] if names else None,
    "nearest_input": lambda names: min(int(name[1:]) for name in names) if names else None,
    "as_strings": lambda names: int(max(name[1:] for name in names)) if names else None,
    "first_digit": lambda names: _highest([int(name[1]) for name in names]),
    "last_digit": lambda names: _highest([int(name[-1]) for name in names]),
    "zero_for_none": lambda names: _highest([int(name[1:]) for name in names], default=0),
}
"""Wrong ways to read a report, each as what it returns for the flagged blocks' names: the hint of
``practice.layer.<name>`` is given when the function returned what one of them does on every case."""


def wrong_layer_test(target: Callable) -> None:
    """Test ``wrong_layer(report, threshold)``: the number of the flagged layer nearest the output (the highest
    layer number with a block above ``threshold``), ``None`` when nothing is flagged; ``"all"`` is not a layer.

    Every case is run before a failure is told, so that a wrong reading of the report is named only when the function
    returned what that reading gives on every case: reading one digit of "W10" and comparing "10" with "9" as strings
    give the same 9 on layers 1 to 10, but 1 and 10 when only layer 10 is flagged.
    """
    reports: list[tuple[str, Mapping[str, float], float, int | None]] = [
        (text("practice.layer.case_1_2"), _layer_report({1, 2}, 3), 2e-7, 2),
        (text("practice.layer.case_1_10"), _layer_report(set(range(1, 11)), 11), 2e-7, 10),
        (text("practice.layer.case_none"), _layer_report(set(), 3), 2e-7, None),
        (text("practice.layer.case_b3"), {**_layer_report(set(), 3), "b3": 0.01}, 2e-7, 3),
        (text("practice.layer.case_threshold"), {**_layer_report(set(), 2), "W1": 1e-5}, 1e-4, None),
        (text("practice.layer.case_10_of_12"), _layer_report({10}, 12), 2e-7, 10),
        (text("practice.layer.case_9_12"), _layer_report({9, 12}, 12), 2e-7, 12),
    ]
    returned = [_call("wrong_layer", target, dict(report), threshold) for _, report, threshold, _ in reports]
    for (label, report, threshold, expected), value in zip(reports, returned):
        if value == expected and (value is None or isinstance(value, (int, np.integer))):
            continue
        flagged = _flagged_names(report, threshold)
        message = text("practice.layer.did", label=label, threshold=threshold,
                       flagged=", ".join(flagged) or text("practice.layer.no_block"), value=value, expected=expected)
        reading = next((name for name, read in _READINGS.items()
                        if all(value == read(_flagged_names(report, threshold)) for (_, report, threshold, _), value
                               in zip(reports, returned))), None)
        if reading:
            message += text(f"practice.layer.{reading}")
        elif isinstance(value, str):  # what the case shows, whatever the reading
            message += text("practice.layer.name")
        elif expected is None:
            message += text("practice.layer.none")
        raise _Failure(message)
    _passed()
