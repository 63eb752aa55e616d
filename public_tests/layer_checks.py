"""The public tests of the two checks of "Checking your own layers" (``public_tests.layers``): ``vjp_check``, a
vector-Jacobian check with a random upstream gradient, and ``hvp_check``, a Hessian-vector product check.

Each watches the functions it hands the check (where it evaluated the forward pass or the gradient, which upstream
gradient it gave the backward pass), and explains a wrong difference by the first rule that finds something in what
it saw (``SHIFT_RULES``, ``VJP_FORM_RULES``, ``HVP_CAUSES``): a new explanation is one small rule in its list.
Tests: ``tests/test_layers_public_tests.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gc_utils import layers as reference
from gc_utils.comparison import relative_difference

from .layer_support import ROUND_OFF_LIMIT, Failure, call, changed, describe, first, number
from .messages import text
from .practice import _passed

# ----------------------------------------------------------------------------------------- the VJP check

Shift = tuple[str, tuple[int, ...], float]
"""An entry a forward evaluation shifted: the input's name, the entry's index, by how much."""


class _WatchedLayer:
    """A reference layer whose ``forward`` and ``backward`` note what they are given: the entries each forward
    evaluation shifted (from the inputs of the case), and each upstream gradient."""

    def __init__(self, layer: reference.Layer, inputs: Mapping[str, np.ndarray]) -> None:
        self.layer, self.original = layer, {name: array.copy() for name, array in inputs.items()}
        self.evaluations: list[list[Shift]] = []
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


@dataclass(frozen=True)
class Shifts:
    """The forward evaluations of a VJP check: the entries each one shifted, the size of each input, and ε."""

    evaluations: list[list[Shift]]
    sizes: Mapping[str, int]
    epsilon: float

    @property
    def steps(self) -> list[float]:
        return [delta for shifts in self.evaluations for _, _, delta in shifts]


def no_forward(shifts: Shifts) -> str | None:
    return text("layers.vjp.no_forward") if not shifts.evaluations else None


def several_at_once(shifts: Shifts) -> str | None:
    several = [evaluation for evaluation in shifts.evaluations if len(evaluation) > 1]
    if not several:
        return None
    return text("layers.vjp.several", count=len(several), total=len(shifts.evaluations), shifted=len(several[0]))


def never_shifted(shifts: Shifts) -> str | None:
    return text("layers.vjp.never_shifted", count=len(shifts.evaluations)) if not shifts.steps else None


def not_epsilon(shifts: Shifts) -> str | None:
    steps = shifts.steps
    if all(math.isclose(abs(delta), shifts.epsilon, rel_tol=1e-6) for delta in steps):
        return None
    sizes = sorted({float(f"{abs(delta):.3g}") for delta in steps})
    return text("layers.vjp.epsilon", epsilon=shifts.epsilon, sizes=", ".join(f"{s:g}" for s in sizes[:4]))


def one_sided(shifts: Shifts) -> str | None:
    if any(delta < 0 for delta in shifts.steps):
        return None
    return text("layers.vjp.one_sided", count=len(shifts.steps), n=sum(shifts.sizes.values()))


def entries_missed(shifts: Shifts) -> str | None:
    shifted = {(name, index) for evaluation in shifts.evaluations for name, index, _ in evaluation}
    n = sum(shifts.sizes.values())
    if len(shifted) >= n:
        return None
    missing = [name for name, size in shifts.sizes.items() if sum(1 for key, _ in shifted if key == name) < size]
    return text("layers.vjp.entries_missed", checked=len(shifted), n=n, names=", ".join(missing))


SHIFT_RULES: tuple[Callable[[Shifts], str | None], ...] = (
    no_forward, several_at_once, never_shifted, not_epsilon, one_sided, entries_missed)
"""What is wrong with the forward evaluations for a central-difference check: the first rule that speaks."""


def shift_fact(watched: _WatchedLayer, epsilon: float) -> str | None:
    """A fact about the forward evaluations that is wrong for a central-difference check, or None."""
    sizes = {name: array.size for name, array in watched.original.items()}
    return first(SHIFT_RULES, Shifts(watched.evaluations, sizes, epsilon))


@dataclass
class VjpRun:
    """One case of ``vjp_check_test``: what the check was given, what it returned, what the layer saw."""

    kind: str
    epsilon: float
    where: str
    inputs: dict[str, np.ndarray]
    given: dict[str, np.ndarray]
    watched: _WatchedLayer
    returned: Any = None

    @property
    def out_shape(self) -> tuple[int, ...]:
        return self.watched.layer.forward(self.inputs).shape


def _mutated(run: VjpRun) -> str | None:
    names = changed(run.inputs, run.given)
    return text("layers.mutated", exercise="vjp_check", where=run.where, names=", ".join(names)) if names else None


def _not_mapping(run: VjpRun) -> str | None:
    if isinstance(run.returned, Mapping):
        return None
    return text("layers.vjp.not_mapping", where=run.where, got=describe(run.returned), names=", ".join(run.inputs))


def _missing(run: VjpRun) -> str | None:
    missing = [name for name in run.inputs if name not in run.returned and f"d{name}" not in run.returned]
    if not missing:
        return None
    return text("layers.vjp.missing", where=run.where, missing=", ".join(missing), names=", ".join(run.inputs),
                keys=", ".join(map(str, run.returned)) or "—")


def _no_backward(run: VjpRun) -> str | None:
    return text("layers.vjp.no_backward", where=run.where) if not run.watched.upstreams else None


def _upstream_shape(run: VjpRun) -> str | None:
    upstream, out_shape = run.watched.upstreams[-1], run.out_shape
    if upstream.shape == out_shape:
        return None
    return text("layers.vjp.upstream_shape", where=run.where, got=upstream.shape, shape=out_shape)


def _constant_upstream(run: VjpRun) -> str | None:
    upstream = run.watched.upstreams[-1]
    if upstream.size > 1 and np.all(upstream == upstream.flat[0]):
        return text("layers.vjp.constant_upstream", where=run.where, value=float(upstream.flat[0]))
    return None


VJP_FORM_RULES: tuple[Callable[[VjpRun], str | None], ...] = (
    _mutated, _not_mapping, _missing, _no_backward, _upstream_shape, _constant_upstream)
"""What can be wrong before the differences are read, in order: the first rule that speaks fails the case."""


def _vjp_run(target: Callable, label_key: str, kind: str, bugs: tuple[str, ...], epsilon: float,
             seed: int) -> VjpRun:
    """Call the check on one case with a watched layer."""
    inputs = reference.example_inputs(kind, seed=seed)
    run = VjpRun(kind, epsilon, text("layers.vjp.where", label=text(label_key), epsilon=epsilon), inputs,
                 {name: array.copy() for name, array in inputs.items()},
                 _WatchedLayer(reference.layer(kind, bugs), inputs))
    rng = np.random.default_rng(100 + seed)
    run.returned = call("vjp_check", target, run.watched.forward, run.watched.backward, run.given, rng, epsilon)
    return run


def _vjp_difference_problem(run: VjpRun, name: str, fact: str | None) -> str | None:
    """What is wrong with the difference returned for the input ``name``, or None."""
    upstream = run.watched.upstreams[-1]
    exact = reference.layer(run.kind).backward(run.inputs, upstream)
    planted = run.watched.layer.backward(run.inputs, upstream)
    value = number("vjp_check", run.returned[name if name in run.returned else f"d{name}"],
                   text("layers.vjp.entry", name=name))
    expected = relative_difference(planted[name], exact[name])
    correct = expected < ROUND_OFF_LIMIT
    if (value < ROUND_OFF_LIMIT) if correct else math.isclose(value, expected, rel_tol=1e-4):
        return None
    want = (text("layers.vjp.want_below", limit=ROUND_OFF_LIMIT) if correct
            else text("layers.vjp.want_value", expected=expected))
    message = text("layers.vjp.did", where=run.where, name=name, value=value, want=want)
    if fact:
        return message + " " + fact
    with_ones = reference.layer(run.kind).backward(run.inputs, np.ones(run.out_shape))
    if math.isclose(value, relative_difference(planted[name], with_ones[name]), rel_tol=1e-4):
        return message + " " + text("layers.vjp.ones_on_numeric_side")
    return message + " " + text("layers.vjp.same_upstream")


def _vjp_case_problem(target: Callable, label_key: str, kind: str, bugs: tuple[str, ...], epsilon: float,
                      seed: int) -> str | None:
    run = _vjp_run(target, label_key, kind, bugs, epsilon, seed)
    said = first(VJP_FORM_RULES, run)
    if said:
        return said
    fact = shift_fact(run.watched, epsilon)
    for name in run.inputs:
        said = _vjp_difference_problem(run, name, fact)
        if said:
            return said
    return text("layers.vjp.right_values_wrong_steps", where=run.where, fact=fact) if fact else None


def vjp_check_test(target: Callable) -> None:
    """Test ``vjp_check(forward, backward, inputs, rng, epsilon=1e-6)``: a random upstream gradient drawn from
    ``rng``, given to ``backward`` and used in the central differences of ``Σ upstream ⊙ forward``, for every input;
    a dict of relative differences back, one per input.

    The layers are ``gc_utils.layers``' reference layers, correct or with a bug that an all-ones upstream gradient
    hides. The expected differences are computed with the upstream gradient the function gave ``backward``.
    """
    for case in _VJP_CASES:
        said = _vjp_case_problem(target, *case)
        if said:
            raise Failure(said)
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
        found: list[float | None] = []
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


@dataclass
class HvpRun:
    """One case of ``hvp_check_test``: what the check returned, where it asked for the gradient (as multiples of
    ``v``, ``steps``), the products it asked for, and the differences a right and two wrong checks give."""

    value: float
    steps: list[float | None]
    products: list[tuple[np.ndarray, np.ndarray]]
    epsilon: float
    correct: bool
    """Whether the case's product is right (its difference is round-off)."""
    product: np.ndarray
    central: np.ndarray
    forward: np.ndarray
    expected: float = field(init=False)

    def __post_init__(self) -> None:
        self.expected = relative_difference(self.product, self.central)

    @property
    def passes(self) -> bool:
        """The right difference, from gradients taken on both sides of θ along v."""
        right = (self.value < ROUND_OFF_LIMIT) if self.correct else math.isclose(self.value, self.expected,
                                                                                rel_tol=1e-9)
        both_sides = all(t is not None for t in self.steps) and any(t is not None and t < 0 for t in self.steps)
        return right and both_sides


def _no_gradient(run: HvpRun) -> str | None:
    return text("layers.hvp.no_gradient") if not run.steps else None


def _not_along_v(run: HvpRun) -> str | None:
    return text("layers.hvp.not_along_v") if any(t is None for t in run.steps) else None


def _one_side_of_theta(run: HvpRun) -> str | None:
    return text("layers.hvp.one_sided") if not any(t is not None and t < 0 for t in run.steps) else None


def _not_epsilon(run: HvpRun) -> str | None:
    off = any(not math.isclose(abs(t), run.epsilon, rel_tol=1e-6) for t in run.steps if t is not None and t != 0)
    return text("layers.hvp.epsilon", epsilon=run.epsilon) if off else None


def _no_product(run: HvpRun) -> str | None:
    return text("layers.hvp.no_hvp") if not run.products else None


def _over_epsilon(run: HvpRun) -> str | None:
    doubled = not run.correct and math.isclose(run.value, relative_difference(run.product, 2 * run.central),
                                               rel_tol=1e-9)
    return text("layers.hvp.over_eps") if doubled else None


def _forward_difference(run: HvpRun) -> str | None:
    one_sided = not run.correct and math.isclose(run.value, relative_difference(run.product, run.forward),
                                                 rel_tol=1e-9)
    return text("layers.hvp.one_sided") if one_sided else None


HVP_CAUSES: tuple[Callable[[HvpRun], str | None], ...] = (
    _no_gradient, _not_along_v, _one_side_of_theta, _not_epsilon, _no_product, _over_epsilon, _forward_difference)
"""Why a Hessian-vector check is wrong, from where it evaluated the gradient and what it returned: the first rule
that speaks (none may)."""


def _shown_points(steps: list[float | None]) -> str:
    """The first points the gradient was asked at, in terms of θ and v."""
    return ", ".join("θ" if t == 0 else f"θ {'+' if t > 0 else '−'} {abs(t):g}·v" if t is not None
                     else text("layers.hvp.elsewhere") for t in steps[:4]) or text("layers.hvp.nowhere")


def _hvp_case_problem(target: Callable, label_key: str, gradient: Callable, hvp: Callable, theta: np.ndarray,
                      v: np.ndarray, epsilon: float) -> str | None:
    where = text("layers.hvp.where", label=text(label_key), epsilon=epsilon)
    watched = _WatchedGradient(gradient, theta, v)
    products: list[tuple[np.ndarray, np.ndarray]] = []

    def watched_hvp(point: Any, direction: Any) -> Any:
        products.append((np.array(point, dtype=float), np.array(direction, dtype=float)))
        return hvp(np.array(point, dtype=float), np.array(direction, dtype=float))

    given_theta, given_v = theta.copy(), v.copy()
    value = number("hvp_check", call("hvp_check", target, watched, watched_hvp, given_theta, given_v, epsilon),
                   text("layers.hvp.on", label=text(label_key)))
    names = changed({"theta": theta, "v": v}, {"theta": given_theta, "v": given_v})
    if names:
        return text("layers.mutated", exercise="hvp_check", where=where, names=", ".join(names))
    run = HvpRun(value, watched.steps(), products, epsilon, label_key == "layers.hvp.case_softmax",
                 hvp(theta.copy(), v.copy()),
                 (gradient(theta + epsilon * v) - gradient(theta - epsilon * v)) / (2 * epsilon),
                 (gradient(theta + epsilon * v) - gradient(theta)) / epsilon)
    if run.passes:
        return None
    message = text("layers.hvp.did", where=where, points=_shown_points(run.steps), count=len(run.steps), value=value,
                   want=text("layers.vjp.want_below", limit=ROUND_OFF_LIMIT) if run.correct
                   else text("layers.hvp.want_value", expected=run.expected))
    cause = first(HVP_CAUSES, run)
    return f"{message} {cause}" if cause else message


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
    for case in cases:
        said = _hvp_case_problem(target, *case)
        if said:
            raise Failure(said)
    _passed()
