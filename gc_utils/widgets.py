"""Interactive explorers: sliders and toggles that run the student's own functions and redraw one figure.

Four explorers, each a notebook cell of one or two lines:

- ``EpsilonExplorer1D(gradient_check)``: the 1-D difference against ε, for a linear or a curved J;
- ``BugInjector1D(gradient_check)``: the difference against the relative error δ of a wrong dθ = x·(1 + δ);
- ``EpsilonExplorerND(X, Y, parameters, gradient_check_n, backward_propagation_n)``: the U-shaped curve of
  the 3-layer network, correct and buggy back-propagation together, with the ε² and u/ε slopes;
- ``BugInjectorND(X, Y, parameters, gradient_check_n)``: named bugs switched on and off, and the difference
  per parameter block, so that the wrong block stands out.

How they work
    The numbers come from ``gc_utils.sweeps`` (vectorised) and from the student's functions; this module only
    orchestrates. A student's function is called through ``call_student``: whatever it raises, prints or
    returns, the explorer says so in its readout and its controls keep working.

    The 1-D curved costs need the student's ``gradient_check`` to differentiate another J. It calls the
    global names ``forward_propagation`` and ``backward_propagation`` of its own module, so for the length of
    the call those two names are swapped in ``gradient_check.__globals__`` and restored afterwards
    (``injected_globals``). If the function never calls them (or has no globals), the curve comes from
    gc_utils' own arithmetic instead and the readout says so.

    Each explorer owns one matplotlib ``Figure`` (not a pyplot figure: nothing piles up) rendered to PNG into
    one ``ipywidgets.Image``, which is replaced in place; this needs no ipympl and works in any front end.
    Control changes that only move markers redraw just those (``plots.PngRenderer``). Displayed, an explorer
    also carries a static PNG of its current figure, so a notebook executed headless (nbval, nbconvert,
    static viewers) still shows the figure of its initial state.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import math
import warnings
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

import ipywidgets as widgets
import numpy as np

from . import network, plots, sweeps
from .checks import THRESHOLD, block_differences, relative_difference
from .packing import dictionary_to_vector, gradients_to_vector, shapes_of

__all__ = [
    "BugInjector1D",
    "BugInjectorND",
    "CallResult",
    "EpsilonExplorer1D",
    "EpsilonExplorerND",
    "as_difference",
    "call_student",
    "injected_globals",
]

# ----------------------------------------------------------------------------------- student calls

_MAX_MESSAGE = 300


@dataclass(frozen=True)
class CallResult:
    """What calling a student's function gave: a usable value, or the problem in words.

    Attributes
    ----------
    value : float or None
        The difference it returned, when usable.
    problem : str or None
        What went wrong ("raised ZeroDivisionError: ...", "returned None ..."), for the readout.
    note : str or None
        A usable value with a remark (e.g. it came as an array of shape (1, 1)).
    """

    value: float | None
    problem: str | None = None
    note: str | None = None


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def as_difference(value: object) -> tuple[float, str | None]:
    """Check that ``value`` can be a relative difference; return it as a float, with a remark or None.

    Raises
    ------
    ValueError
        Saying what ``value`` was and what was expected (finite, between 0 and 1, one number).
    """
    if value is None:
        raise ValueError("returned None; expected the difference, a float (is `return difference` missing?)")
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"returned {value!r} (a bool); expected the difference itself, a float")
    try:
        array = np.asarray(value)
    except Exception:  # noqa: BLE001 - an object NumPy cannot even look at
        array = np.asarray(None)
    if array.dtype.kind not in "iuf":  # strings, objects, complex numbers, ragged lists
        raise ValueError(f"returned {_short(repr(value))} ({type(value).__name__}); expected a float")
    if array.size != 1:
        raise ValueError(f"returned an array of shape {array.shape}; expected one number, the difference")
    number = float(array.reshape(-1)[0])
    note = None
    if array.ndim > 0:
        note = f"returned an array of shape {array.shape}; the lesson expects a plain number (a scalar)"
    if not math.isfinite(number):
        raise ValueError(f"returned {number}; expected a finite difference")
    if number < 0:
        raise ValueError(f"returned {number:.3g}; a relative difference (a ratio of norms) cannot be negative")
    if number > 1 + 1e-9:
        raise ValueError(
            f"returned {number:.3g}; a relative difference is at most 1: divide by ‖grad‖ + ‖gradapprox‖"
        )
    return number, note


def call_student(function: Callable, *args: object, name: str) -> CallResult:
    """Call a student's function; never raise.

    What it prints is swallowed and its warnings are silenced (a sweep calls it many times); an exception or
    a returned value that cannot be a difference becomes ``CallResult.problem``.
    """
    try:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            raw = function(*args)
    except Exception as exc:  # noqa: BLE001 - anything the student's code raises is reported, not re-raised
        return CallResult(None, problem=f"your {name} raised {type(exc).__name__}: {_short(str(exc))}")
    try:
        value, note = as_difference(raw)
    except ValueError as exc:
        return CallResult(None, problem=f"your {name} {exc}")
    return CallResult(value, note=None if note is None else f"your {name} {note}")


class _Counted:
    """A function that counts its calls (to learn whether an injected global was used)."""

    def __init__(self, function: Callable):
        self.function = function
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.function(*args, **kwargs)


def _globals_of(function: Callable) -> dict | None:
    target = getattr(function, "__func__", function)  # bound methods
    namespace = getattr(target, "__globals__", None)
    return namespace if isinstance(namespace, dict) else None


@contextlib.contextmanager
def injected_globals(function: Callable, replacements: Mapping[str, Callable]) -> Iterator[dict[str, _Counted]]:
    """Temporarily replace global names that ``function`` looks up in its module.

    Yields the counted replacements by name (``.calls`` tells whether ``function`` used them). The previous
    values, or their absence, are restored on exit, whatever happens.

    Raises
    ------
    TypeError
        ``function`` has no module globals (a builtin, a ``functools.partial``, ...).
    """
    namespace = _globals_of(function)
    if namespace is None:
        raise TypeError(f"{getattr(function, '__name__', function)!r} has no module globals to inject names into")
    missing = object()
    saved = {name: namespace.get(name, missing) for name in replacements}
    counted = {name: _Counted(replacement) for name, replacement in replacements.items()}
    namespace.update(counted)
    try:
        yield counted
    finally:
        for name, old in saved.items():
            if old is missing:
                namespace.pop(name, None)
            else:
                namespace[name] = old


def _copy_arrays(mapping: Mapping[str, object]) -> dict[str, object]:
    return {key: np.array(value, copy=True) if isinstance(value, np.ndarray) else value
            for key, value in mapping.items()}


def _check_callable(function: object, name: str, optional: bool = False) -> None:
    if function is None and optional:
        return
    if not callable(function):
        raise TypeError(f"{name} must be a function (pass your {name} itself, without calling it); "
                        f"got {type(function).__name__}")


def _check_epsilon(epsilon: float) -> float:
    low, high = sweeps.EPSILON_RANGE
    if not isinstance(epsilon, (int, float, np.floating)) or not low <= float(epsilon) <= high:
        raise ValueError(f"epsilon must be a number between {low:g} and {high:g}; got {epsilon!r}")
    return float(epsilon)


# ----------------------------------------------------------------------------------- readout pieces

def _fmt(value: float | None, digits: int = 1) -> str:
    if value is None or not math.isfinite(value):
        return "n/a"
    return "exactly 0" if value == 0 else f"{value:.{digits}e}"


def _verdict(value: float | None, threshold: float) -> str:
    if value is None:
        return ""
    if value > threshold:
        return (f' — <b style="color:{plots.OKABE_ITO["vermillion"]}">mistake</b> (&gt; {threshold:g})')
    return f' — <b style="color:{plots.OKABE_ITO["bluish_green"]}">correct</b> (≤ {threshold:g})'


def _problem(text: str) -> str:
    return f'<div style="color:{plots.OKABE_ITO["vermillion"]}">⚠ {html.escape(text)}</div>'


def _line(text: str) -> str:
    return f"<div>{text}</div>"


def _note(text: str) -> str:
    return f'<div style="opacity:0.75"><i>{html.escape(text)}</i></div>'  # readable in light and dark themes


# ----------------------------------------------------------------------------------- base class

class Explorer:
    """What every explorer shares: one figure, one image, one readout, the controls, error isolation.

    Attributes
    ----------
    figure, axes : matplotlib Figure and Axes
        The one figure, redrawn in place.
    image : ipywidgets.Image
        The figure as PNG.
    readout : ipywidgets.HTML
        Values, verdicts and what went wrong.
    widget : ipywidgets.VBox
        Controls, image and readout; what a notebook displays.
    renders : int
        How many times the figure has been rendered (tests and benchmarks watch it).
    closed : bool
        True after ``close()``: the widgets are gone and the figure is released.

    Notes
    -----
    Re-running a cell makes a new explorer, and the old one would live on (widget models stay in the kernel,
    and IPython's ``Out`` keeps the object), each holding a rendered figure of a few MB. So at most
    ``MAX_LIVE`` explorers of one kind stay open: making one more closes the oldest.
    """

    css_class = "gc-explorer"
    MAX_LIVE = 6
    _live: ClassVar[dict[type, list[weakref.ref]]] = {}

    def __init__(self) -> None:
        self._close_oldest()
        self.closed = False
        self.figure, self.axes = plots.new_figure()
        self.renderer = plots.PngRenderer(self.figure)
        width, _ = self.figure.canvas.get_width_height()
        self.image = widgets.Image(format="png", layout=widgets.Layout(width=f"{width}px", max_width="100%"))
        self.image.add_class("gc-figure")
        self.readout = widgets.HTML()
        self.readout.add_class("gc-readout")
        self.renders = 0
        self.widget: widgets.VBox | None = None
        self._controls: list[widgets.Widget] = []

    # -- assembling and displaying
    def _assemble(self, control_rows: Sequence[widgets.Widget]) -> None:
        self.widget = widgets.VBox([*control_rows, self.image, self.readout],
                                   layout=widgets.Layout(width="100%", max_width="980px"))
        self.widget.add_class("gc-explorer")
        self.widget.add_class(self.css_class)

    def _observe(self, control: widgets.Widget, handler: Callable[[], None]) -> None:
        """Call ``handler`` when ``control`` changes; an error in it goes to the readout, never up."""

        def on_change(change: dict) -> None:
            try:
                handler()
            except Exception as exc:  # noqa: BLE001 - keep the controls alive whatever happens
                self.readout.value = _problem(f"the explorer failed: {type(exc).__name__}: {_short(str(exc))}")

        control.observe(on_change, names="value")
        self._controls.append(control)

    def _render(self) -> bytes:
        """The figure as PNG: the first frame compact (notebooks store it), later ones fast."""
        return self.renderer.fast(compact=self.renders == 0)

    def _show(self, png: bytes) -> None:
        self.image.value = png
        self.renders += 1

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle = {} if self.closed else dict(self.widget._repr_mimebundle_() or {})
        bundle["text/plain"] = f"{type(self).__name__}: interactive explorer (static figure attached as image/png)"
        bundle["image/png"] = base64.b64encode(self.image.value).decode("ascii")
        return bundle

    def png(self) -> bytes:
        """The figure as it is now, as PNG bytes."""
        return bytes(self.image.value)

    def _close_oldest(self) -> None:
        alive = [ref for ref in Explorer._live.get(type(self), []) if ref() is not None and not ref().closed]
        while len(alive) >= self.MAX_LIVE:
            alive.pop(0)().close()
        Explorer._live[type(self)] = [*alive, weakref.ref(self)]

    def close(self) -> None:
        """Close the widgets and release the figure; the explorer cannot be used afterwards."""
        if self.closed:
            return
        self.closed = True
        for control in self._controls:
            control.close()
        self.image.close()
        self.readout.close()
        if self.widget is not None:
            for child in self.widget.children:
                child.close()
            self.widget.close()
        plots.release_figure(self.figure)
        self.renderer = None  # and with it the remembered background


def _log_slider(value: float, low: float, high: float, description: str, step: float = 0.1) -> widgets.FloatLogSlider:
    slider = widgets.FloatLogSlider(
        value=value, base=10, min=math.log10(low), max=math.log10(high), step=step, description=description,
        readout_format=".1e", continuous_update=True, layout=widgets.Layout(width="480px"),
        style={"description_width": "90px"},
    )
    return slider


# ----------------------------------------------------------------------------------- 1-D ε explorer

class EpsilonExplorer1D(Explorer):
    """The 1-D gradient check against ε, with the student's ``gradient_check``.

    Parameters
    ----------
    gradient_check : callable
        The student's ``gradient_check(x, theta, epsilon, ...)``; called with three positional arguments.
    x, theta : float
        Where to check (the lesson's test case by default: 3 and 4).
    epsilon : float
        The initial ε, between 1e-12 and 1e-1.
    cost : {"linear", "cubic", "sine"}
        The initial J: the lesson's ``θ·x`` uses the student's own ``forward_propagation`` and
        ``backward_propagation``; the curved ``x·θ³`` and ``sin(θ·x)`` are injected into the student's
        ``gradient_check`` (see the module notes).
    threshold : float
        The verdict line.

    Attributes
    ----------
    epsilons : ndarray
        The swept steps.
    yours, reference : ndarray
        The student's differences (NaN where a call failed) and gc_utils' own, per ε.
    current : CallResult
        The student's result at the slider's ε.
    """

    css_class = "gc-epsilon-1d"
    COST_CHOICES = (
        ("θ·x (your functions)", "linear"),
        ("x·θ³ (curved)", "cubic"),
        ("sin(θ·x) (curved)", "sine"),
    )

    def __init__(self, gradient_check: Callable, x: float = 3.0, theta: float = 4.0, epsilon: float = 1e-7,
                 cost: str = "linear", threshold: float = THRESHOLD):
        _check_callable(gradient_check, "gradient_check")
        if cost not in sweeps.SCALAR_COSTS:
            raise ValueError(f"cost must be one of {list(sweeps.SCALAR_COSTS)}; got {cost!r}")
        super().__init__()
        self.gradient_check = gradient_check
        self.x, self.theta, self.threshold = float(x), float(theta), float(threshold)
        self.epsilons = sweeps.epsilon_grid()
        self.epsilon_slider = _log_slider(_check_epsilon(epsilon), *sweeps.EPSILON_RANGE, "ε (step)")
        self.epsilon_slider.add_class("gc-epsilon-slider")
        self.cost_buttons = widgets.ToggleButtons(options=self.COST_CHOICES, value=cost, description="J(θ) =",
                                                  style={"description_width": "90px", "button_width": "auto"})
        self.cost_buttons.add_class("gc-cost-buttons")
        self._observe(self.epsilon_slider, self._on_epsilon)
        self._observe(self.cost_buttons, self._on_cost)
        self._assemble([self.cost_buttons, self.epsilon_slider])
        self.yours = self.reference = np.full(self.epsilons.shape, np.nan)
        self.sweep_problem: str | None = None
        self.fallback: str | None = None
        self.current = CallResult(None)
        self._build()
        self._on_cost()

    def _build(self) -> None:
        self.lines = plots.plot_difference_curves(
            self.axes, self.epsilons,
            [plots.Curve("yours", "your gradient_check", self.yours, "yours"),
             plots.Curve("reference", "gc_utils reference", self.reference, "reference")],
            threshold=self.threshold, title="", xlabel="ε, the step of the central difference", ylim=(1e-17, 2.0),
        )
        self.marker = plots.add_position_marker(self.axes, self.epsilon_slider.value, ["yours", "reference"],
                                                "current ε")
        plots.refresh_legend(self.axes)
        # everything that changes with the controls is animated; the frame, ticks and legend are drawn once
        self.renderer.set_animated([self.axes.title, *self.lines.values(), *self.marker.artists])

    @property
    def cost(self) -> sweeps.ScalarCost:
        return sweeps.SCALAR_COSTS[self.cost_buttons.value]

    # -- numbers
    def _run(self, epsilons: Sequence[float]) -> list[CallResult]:
        """The student's gradient_check at each ε, with the chosen J injected when it is not the linear one."""
        cost = self.cost
        self.fallback = None
        if cost.name == "linear":
            return [call_student(self.gradient_check, self.x, self.theta, e, name="gradient_check") for e in epsilons]
        replacements = {"forward_propagation": cost.forward, "backward_propagation": cost.backward}
        try:
            with injected_globals(self.gradient_check, replacements) as counted:
                results = [call_student(self.gradient_check, self.x, self.theta, e, name="gradient_check")
                           for e in epsilons]
        except TypeError as exc:
            self.fallback = f"{exc}; the curve below is gc_utils' own computation of the same check"
            return [CallResult(v) for v in sweeps.scalar_differences(cost, self.x, self.theta, np.asarray(epsilons))]
        if counted["forward_propagation"].calls == 0 and counted["backward_propagation"].calls == 0:
            self.fallback = ("your gradient_check did not call forward_propagation / backward_propagation, so "
                             f"{cost.formula} could not be passed to it: the curve is gc_utils' own computation")
            return [CallResult(v) for v in sweeps.scalar_differences(cost, self.x, self.theta, np.asarray(epsilons))]
        return results

    def _reference_at(self, epsilons: np.ndarray) -> np.ndarray:
        return sweeps.scalar_differences(self.cost, self.x, self.theta, epsilons)

    # -- events
    def _on_cost(self) -> None:
        results = self._run(self.epsilons)
        self.yours = np.array([np.nan if r.value is None else r.value for r in results])
        problems = [r.problem for r in results if r.problem]
        self.sweep_problem = (f"{problems[0]} (at {len(problems)} of {len(results)} steps)" if problems else None)
        self.reference = self._reference_at(self.epsilons)
        # a curve that is not the student's is not drawn as theirs: the readout says why it is missing
        plots.update_curves(self.lines, {"yours": self.yours if self.fallback is None else None,
                                         "reference": self.reference})
        plots.set_title(self.axes, f"1-D gradient check of {self.cost.formula} at x = {self.x:g}, θ = {self.theta:g}")
        self._update()

    def _on_epsilon(self) -> None:
        self._update()

    def _update(self) -> None:
        epsilon = self.epsilon_slider.value
        (self.current,) = self._run([epsilon])
        reference = float(self._reference_at(np.array([epsilon]))[0])
        mine = self.current.value if self.current.value is not None and self.fallback is None else np.nan
        self.marker.move(epsilon, {"yours": mine, "reference": reference})
        self._show(self._render())
        self._write_readout(epsilon, reference)

    def _write_readout(self, epsilon: float, reference: float) -> None:
        parts = [_line(f"<b>ε = {epsilon:.1e}</b>, {html.escape(self.cost.formula)}, "
                       f"x = {self.x:g}, θ = {self.theta:g}")]
        if self.current.value is not None:
            who = "your gradient_check" if self.fallback is None else "gc_utils (in place of your gradient_check)"
            parts.append(_line(f"{who}: difference = {_fmt(self.current.value)}"
                               f"{_verdict(self.current.value, self.threshold)}"))
        parts.append(_line(f"gc_utils reference: {_fmt(reference)}"))
        for problem in (self.current.problem, self.sweep_problem, self.fallback):
            if problem:
                parts.append(_problem(problem))
        if self.current.note:
            parts.append(_note(self.current.note))
        zeros = int(np.sum(self.yours == 0))
        if zeros:
            parts.append(_note(f"{zeros} of the {self.yours.size} values are exactly 0: a log axis cannot show them"))
        parts.append(_note(self.cost.explanation))
        self.readout.value = "".join(parts)


# ----------------------------------------------------------------------------------- 1-D bug injector

class BugInjector1D(Explorer):
    """How small a bug does the check catch? The difference against the relative error δ of dθ.

    The student's ``gradient_check`` runs on the lesson's J = θ·x with ``backward_propagation`` replaced by a
    wrong one, dθ = x·(1 + δ) (injected into its module globals for the length of each call).

    Parameters
    ----------
    gradient_check : callable
        The student's ``gradient_check(x, theta, epsilon, ...)``.
    x, theta, epsilon : float
        Where to check and the fixed step (the lesson's 3, 4 and 1e-7).
    delta : float
        Initial relative error, between -1 and 1 (not 0).
    threshold : float
        The verdict line.
    """

    css_class = "gc-bug-1d"
    DELTA_RANGE = (1e-10, 1.0)

    def __init__(self, gradient_check: Callable, x: float = 3.0, theta: float = 4.0, epsilon: float = 1e-7,
                 delta: float = 1e-6, threshold: float = THRESHOLD):
        _check_callable(gradient_check, "gradient_check")
        low, high = self.DELTA_RANGE
        if not isinstance(delta, (int, float, np.floating)) or not low <= abs(delta) <= high:
            raise ValueError(f"delta must be a relative error with {low:g} ≤ |delta| ≤ {high:g}; got {delta!r}")
        super().__init__()
        self.gradient_check = gradient_check
        self.x, self.theta, self.threshold = float(x), float(theta), float(threshold)
        self.epsilon = _check_epsilon(epsilon)
        self.magnitudes = sweeps.log_grid(low, high)
        self.delta_slider = _log_slider(abs(float(delta)), low, high, "|δ| in dθ")
        self.delta_slider.add_class("gc-delta-slider")
        self.sign_buttons = widgets.ToggleButtons(options=[("δ > 0", 1.0), ("δ < 0", -1.0)],
                                                  value=1.0 if delta > 0 else -1.0, description="sign",
                                                  style={"description_width": "90px", "button_width": "auto"})
        self.sign_buttons.add_class("gc-sign-buttons")
        self._observe(self.delta_slider, self._on_delta)
        self._observe(self.sign_buttons, self._on_sign)
        self._assemble([self.sign_buttons, self.delta_slider])
        self.fallback: str | None = None
        self.current = CallResult(None)
        self._build()
        self._on_sign()

    @property
    def delta(self) -> float:
        """The relative error now chosen, with its sign."""
        return self.sign_buttons.value * self.delta_slider.value

    def _build(self) -> None:
        empty = np.full(self.magnitudes.shape, np.nan)
        self.lines = plots.plot_difference_curves(
            self.axes, self.magnitudes,
            [plots.Curve("yours", "your gradient_check", empty, "yours"),
             plots.Curve("theory", "exact arithmetic: |δ| / (|1 + δ| + 1)", empty, "theory")],
            threshold=self.threshold, title="", xlabel="|δ|, the relative error in dθ = x·(1 + δ)", ylim=(1e-12, 2.0),
        )
        caught = sweeps.smallest_caught_error(self.threshold)[0]
        self.axes.axvline(caught, color=plots.GREY, linestyle=":", linewidth=1.2, gid="smallest-caught",
                          label=f"smallest |δ| caught ≈ {caught:.0e}")
        self.marker = plots.add_position_marker(self.axes, self.delta_slider.value, ["yours", "theory"], "current |δ|")
        plots.refresh_legend(self.axes)
        self.renderer.set_animated([self.axes.title, *self.lines.values(), *self.marker.artists])

    def _run(self, deltas: Sequence[float]) -> list[CallResult]:
        linear = sweeps.SCALAR_COSTS["linear"]
        factor = [1.0]

        def wrong_backward(x, theta):
            return linear.backward(x, theta) * factor[0]

        replacements = {"forward_propagation": linear.forward, "backward_propagation": wrong_backward}
        self.fallback = None
        results = []
        try:
            with injected_globals(self.gradient_check, replacements) as counted:
                for delta in deltas:
                    factor[0] = 1.0 + delta
                    results.append(call_student(self.gradient_check, self.x, self.theta, self.epsilon,
                                                name="gradient_check"))
            used = counted["backward_propagation"].calls > 0
            reason = "your gradient_check did not call backward_propagation, so the wrong dθ could not be passed to it"
        except TypeError as exc:
            used, reason = False, str(exc)
        if used:
            return results
        self.fallback = f"{reason}: the numbers are gc_utils' own computation of the same check"
        values = sweeps.scalar_differences(linear, self.x, self.theta, np.full(len(deltas), self.epsilon),
                                           gradient_factor=1.0 + np.asarray(deltas, dtype=float))
        return [CallResult(float(v)) for v in values]

    def _on_sign(self) -> None:
        sign = self.sign_buttons.value
        results = self._run(sign * self.magnitudes)
        self.yours = np.array([np.nan if r.value is None else r.value for r in results])
        problems = [r.problem for r in results if r.problem]
        self.sweep_problem = f"{problems[0]} (at {len(problems)} of {len(results)} δ)" if problems else None
        self.theory = sweeps.relative_error_difference(sign * self.magnitudes)
        plots.update_curves(self.lines, {"yours": self.yours if self.fallback is None else None,
                                         "theory": self.theory})
        plots.set_title(self.axes, f"Checking a wrong dθ = x·(1 {'+' if sign > 0 else '−'} |δ|): J = θ·x, "
                                   f"ε = {self.epsilon:g}")
        self._update()

    def _on_delta(self) -> None:
        self._update()

    def _update(self) -> None:
        delta = self.delta
        (self.current,) = self._run([delta])
        theory = float(sweeps.relative_error_difference(delta))
        mine = self.current.value if self.current.value is not None and self.fallback is None else np.nan
        self.marker.move(abs(delta), {"yours": mine, "theory": theory})
        self._show(self._render())
        self._write_readout(delta, theory)

    def _write_readout(self, delta: float, theory: float) -> None:
        true_grad = sweeps.SCALAR_COSTS["linear"].backward(self.x, self.theta)
        parts = [_line(f"<b>δ = {delta:+.1e}</b>: dθ = x·(1 + δ) = {true_grad * (1 + delta):.10g} "
                       f"instead of {true_grad:g} (ε = {self.epsilon:g})")]
        value = self.current.value
        if value is not None:
            caught = value > self.threshold
            verdict = ("caught: the check reports a mistake" if caught
                       else "missed: this wrong gradient passes as correct")
            who = "your gradient_check" if self.fallback is None else "gc_utils (in place of your gradient_check)"
            parts.append(_line(f"{who}: difference = {_fmt(value)}{_verdict(value, self.threshold)} — {verdict}"))
        parts.append(_line(f"exact arithmetic: |δ| / (|1 + δ| + 1) = {_fmt(theory)}"))
        for problem in (self.current.problem, self.sweep_problem, self.fallback):
            if problem:
                parts.append(_problem(problem))
        if self.current.note:
            parts.append(_note(self.current.note))
        above = sweeps.smallest_caught_error(self.threshold)[0]
        parts.append(_note(f"The threshold {self.threshold:g} catches relative errors from about {above:.1e} up "
                           f"(dotted line); far below that the difference is round-off of the central "
                           f"difference, whatever δ is."))
        self.readout.value = "".join(parts)


# ----------------------------------------------------------------------------------- N-D helpers

def _lesson_point(X: np.ndarray, Y: np.ndarray, parameters: Mapping[str, np.ndarray]):
    """Validated inputs of the lesson's network: θ, keys, shapes and the reference forward cache."""
    theta, keys = dictionary_to_vector(parameters)
    shapes = shapes_of(parameters)
    if list(shapes) != ["W1", "b1", "W2", "b2", "W3", "b3"]:
        raise ValueError(f"the N-D explorers need the lesson's 3-layer network (W1, b1, ..., b3); got {list(shapes)}")
    _, cache = network.forward_propagation_n(X, Y, parameters)
    return theta, keys, shapes, cache


def _student_gradients(backward: Callable, X, Y, cache) -> tuple[np.ndarray | None, dict | None, str | None]:
    """The student's back-propagated gradients as a vector and a dict, or the problem in words."""
    try:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gradients = backward(X, Y, tuple(np.array(a, copy=True) for a in cache))
        vector = gradients_to_vector(gradients)
    except Exception as exc:  # noqa: BLE001 - reported in the readout
        return None, None, f"your backward_propagation_n raised {type(exc).__name__}: {_short(str(exc))}"
    if not np.all(np.isfinite(vector)):
        return None, None, "your backward_propagation_n returned non-finite gradients (nan or inf)"
    return vector, dict(gradients), None


# ----------------------------------------------------------------------------------- N-D ε explorer

class EpsilonExplorerND(Explorer):
    """The U-shaped curve of the 3-layer network: difference against ε, correct and buggy back-prop together.

    The curves come from one vectorised sweep (all ε, all parameters, one batched forward pass). The
    student's ``gradient_check_n`` is called once per slider move, at the chosen ε, and drawn as a star.

    Parameters
    ----------
    X, Y, parameters
        The lesson's inputs (``gradient_check_n_test_case()``).
    gradient_check_n : callable, optional
        The student's ``gradient_check_n(parameters, gradients, X, Y, epsilon, ...)``.
    backward_propagation_n : callable, optional
        The student's back-propagation: its curve is drawn, and its gradients go to ``gradient_check_n``
        (else the correct reference gradients do).
    epsilon : float
        The initial ε.
    threshold : float
        The verdict line.

    Attributes
    ----------
    epsilons : ndarray
    curves : dict
        ``"correct"``, ``"lesson-bugs"`` and (with ``backward_propagation_n``) ``"yours"``: differences per ε.
    model : sweeps.ErrorModel or None
        The ε² and u/ε lines fitted to the correct curve.
    values : dict
        The same curves evaluated exactly at the slider's ε.
    current : CallResult
        The student's ``gradient_check_n`` at the slider's ε.
    """

    css_class = "gc-epsilon-nd"

    def __init__(self, X: np.ndarray, Y: np.ndarray, parameters: Mapping[str, np.ndarray],
                 gradient_check_n: Callable | None = None, backward_propagation_n: Callable | None = None,
                 epsilon: float = 1e-7, threshold: float = THRESHOLD):
        _check_callable(gradient_check_n, "gradient_check_n", optional=True)
        _check_callable(backward_propagation_n, "backward_propagation_n", optional=True)
        epsilon = _check_epsilon(epsilon)
        super().__init__()
        self.X, self.Y, self.parameters = X, Y, _copy_arrays(parameters)
        self.gradient_check_n = gradient_check_n
        self.threshold = float(threshold)
        self.theta, self.keys, self.shapes, cache = _lesson_point(X, Y, self.parameters)
        self.epsilons = sweeps.epsilon_grid()
        approximations = sweeps.central_differences(X, Y, self.theta, self.epsilons, self.shapes)

        self.gradients = {
            "correct": gradients_to_vector(network.backward_propagation_n(X, Y, cache)),
            "lesson-bugs": gradients_to_vector(network.backward_propagation_n(X, Y, cache, network.LESSON_BUGS)),
        }
        self.gradients_for_check = network.backward_propagation_n(X, Y, cache)
        self.backward_problem = None
        if backward_propagation_n is not None:
            vector, as_dict, self.backward_problem = _student_gradients(backward_propagation_n, X, Y, cache)
            if vector is not None and vector.shape != self.theta.shape:
                vector, self.backward_problem = None, (f"your backward_propagation_n gave {vector.shape[0]} gradient "
                                                       f"entries; expected {self.theta.shape[0]}")
            if vector is not None:
                self.gradients["yours"] = vector
                self.gradients_for_check = as_dict
        self.curves = {name: sweeps.relative_differences(g, approximations) for name, g in self.gradients.items()}
        self.model = sweeps.fit_error_model(self.epsilons, self.curves["correct"])

        self.epsilon_slider = _log_slider(epsilon, *sweeps.EPSILON_RANGE, "ε (step)")
        self.epsilon_slider.add_class("gc-epsilon-slider")
        self._observe(self.epsilon_slider, self._on_epsilon)
        self._assemble([self.epsilon_slider])
        self.values: dict[str, float] = {}
        self.current = CallResult(None)
        self._draw()
        self._update()

    LABELS = {"correct": "correct back-prop", "lesson-bugs": "lesson's bugs (dW2 × 2, db1 4/m)",
              "yours": "your backward_propagation_n"}
    ROLES = {"correct": "correct", "lesson-bugs": "buggy", "yours": "yours"}

    def _draw(self) -> None:
        curves = [plots.Curve(name, self.LABELS[name], values, self.ROLES[name])
                  for name, values in self.curves.items()]
        if self.model is not None:
            curves += [
                plots.Curve("guide-truncation", "truncation ∝ ε² (guide)", self.model.truncation_line(self.epsilons),
                            "guide"),
                plots.Curve("guide-roundoff", "round-off ∝ u/ε (guide)", self.model.roundoff_line(self.epsilons),
                            "guide", linestyle="--"),
            ]
        plots.plot_difference_curves(
            self.axes, self.epsilons, curves, threshold=self.threshold,
            title=f"N-D gradient check of the {self.theta.shape[0]}-parameter network against ε",
            xlabel="ε, the step of the central difference",
        )
        self.marker = plots.add_position_marker(self.axes, self.epsilon_slider.value, list(self.curves), "current ε")
        self.star = plots.add_star(self.axes, "current-gradient_check_n", "your gradient_check_n at ε")
        handles, labels = self.axes.get_legend_handles_labels()
        if self.gradient_check_n is None:
            handles, labels = handles[:-1], labels[:-1]
        self.star.set_visible(True)  # so that the legend shows it; move_star hides it while there is no value
        self.axes.legend(handles, labels, **plots.LEGEND_STYLE)
        self.renderer.set_animated([*self.marker.artists, self.star])

    def _on_epsilon(self) -> None:
        self._update()

    def _update(self) -> None:
        epsilon = self.epsilon_slider.value
        approx = sweeps.central_differences(self.X, self.Y, self.theta, [epsilon], self.shapes)
        self.values = {name: float(sweeps.relative_differences(g, approx)[0]) for name, g in self.gradients.items()}
        if self.gradient_check_n is not None:
            self.current = call_student(self.gradient_check_n, _copy_arrays(self.parameters),
                                        _copy_arrays(self.gradients_for_check), self.X, self.Y, epsilon,
                                        name="gradient_check_n")
        self.marker.move(epsilon, self.values)
        plots.move_star(self.star, epsilon, self.current.value)
        self._show(self._render())
        self._write_readout(epsilon)

    def _write_readout(self, epsilon: float) -> None:
        parts = [_line(f"<b>ε = {epsilon:.1e}</b>")]
        for name, value in self.values.items():
            parts.append(_line(f"{html.escape(self.LABELS[name])}: {_fmt(value, 3)}{_verdict(value, self.threshold)}"))
        if self.gradient_check_n is not None:
            if self.current.value is not None:
                source = "your gradients" if "yours" in self.gradients else "the correct gradients"
                parts.append(_line(f"your gradient_check_n (with {source}): {_fmt(self.current.value, 3)}"
                                   f"{_verdict(self.current.value, self.threshold)}"))
                expected = self.values.get("yours", self.values["correct"])
                if epsilon >= 1e-9 and expected > 0 and abs(math.log10(max(self.current.value, 1e-300) / expected)) > 1:
                    parts.append(_problem(f"your gradient_check_n gives {_fmt(self.current.value)} where the same "
                                          f"check computed by gc_utils gives {_fmt(expected)}: does it use its "
                                          f"epsilon argument and the two-sided difference?"))
            if self.current.problem:
                parts.append(_problem(self.current.problem))
            if self.current.note:
                parts.append(_note(self.current.note))
        if self.backward_problem:
            parts.append(_problem(self.backward_problem))
        if self.values["correct"] > self.threshold:
            side = "round-off (ε too small)" if epsilon < (self.model.best_epsilon if self.model else 1e-5) \
                else "truncation (ε too large)"
            parts.append(_note(f"At this ε even the correct back-prop fails the threshold: the approximation "
                               f"itself is poor, dominated by {side}."))
        if self.model is not None:
            parts.append(_note(f"Dotted guides fitted to the correct curve: {self.model.truncation:.2g}·ε² and "
                               f"{self.model.roundoff:.2g}·u/ε (u = {sweeps.UNIT_ROUNDOFF:.1e}); their sum is "
                               f"smallest near ε ≈ {self.model.best_epsilon:.0e}."))
        self.readout.value = "".join(parts)


# ----------------------------------------------------------------------------------- N-D bug injector

class BugInjectorND(Explorer):
    """Switch named back-propagation bugs on and off; see the difference of each parameter block.

    The gradients come from ``gc_utils.network.backward_propagation_n`` with the chosen bugs (the lesson's two
    among them); the approximation is computed once per ε, vectorised. The student's ``gradient_check_n`` is
    called once per change and gives the overall difference in the readout (and the star on the last bar).

    Parameters
    ----------
    X, Y, parameters
        The lesson's inputs.
    gradient_check_n : callable, optional
        The student's ``gradient_check_n(parameters, gradients, X, Y, epsilon, ...)``.
    epsilon : float
        The initial step of the check (1e-7 as in the lesson; the menu offers 1e-7 to 1e-4).
    bugs : iterable of str
        Names from ``gc_utils.network.BUGS`` switched on at the start.
    severity : float
        1e-6 ≤ severity ≤ 1: how much of each bug (1 = the named bug itself).
    threshold : float
        The verdict line.

    Attributes
    ----------
    checkboxes : dict
        Bug name to its checkbox.
    block_values : dict
        Block name (and ``"all"``) to the relative difference now shown.
    levels : dict
        Block name to ``"ok"``, ``"look closer"`` or ``"bug"`` (``sweeps.verdict_level``).
    current : CallResult
        The student's ``gradient_check_n`` for the current bugs.
    """

    css_class = "gc-bugs-nd"
    SEVERITY_RANGE = (1e-6, 1.0)
    EPSILON_CHOICES = (("1e-7 (the lesson's)", 1e-7), ("1e-6", 1e-6), ("1e-5", 1e-5), ("1e-4", 1e-4))

    def __init__(self, X: np.ndarray, Y: np.ndarray, parameters: Mapping[str, np.ndarray],
                 gradient_check_n: Callable | None = None, epsilon: float = 1e-7, bugs: Sequence[str] = (),
                 severity: float = 1.0, threshold: float = THRESHOLD):
        _check_callable(gradient_check_n, "gradient_check_n", optional=True)
        chosen = [bugs] if isinstance(bugs, str) else list(bugs)
        unknown = sorted(set(chosen) - set(network.BUGS))
        if unknown:
            raise ValueError(f"unknown bug(s) {unknown}; expected names from {list(network.BUGS)}")
        low, high = self.SEVERITY_RANGE
        if not isinstance(severity, (int, float, np.floating)) or not low <= severity <= high:
            raise ValueError(f"severity must be between {low:g} and {high:g}; got {severity!r}")
        epsilon = _check_epsilon(epsilon)
        super().__init__()
        self.X, self.Y, self.parameters = X, Y, _copy_arrays(parameters)
        self.gradient_check_n = gradient_check_n
        self.threshold = float(threshold)
        self.theta, self.keys, self.shapes, self.cache = _lesson_point(X, Y, self.parameters)

        self.checkboxes = {
            name: widgets.Checkbox(value=name in chosen, description=bug.label + (" (lesson)" if bug.in_lesson else ""),
                                   indent=False, layout=widgets.Layout(width="auto"))
            for name, bug in network.BUGS.items()
        }
        for name, box in self.checkboxes.items():
            box.add_class("gc-bug-toggle")
            box.add_class(f"gc-bug-{name}")
            self._observe(box, self._on_bugs)
        self.severity_slider = _log_slider(float(severity), low, high, "severity", step=0.1)
        self.severity_slider.readout_format = ".2g"
        self.severity_slider.add_class("gc-severity-slider")
        self._observe(self.severity_slider, self._on_bugs)
        choices = list(self.EPSILON_CHOICES)
        if epsilon not in [value for _, value in choices]:
            choices.append((f"{epsilon:g}", epsilon))
        self.epsilon_menu = widgets.Dropdown(options=choices, value=epsilon, description="ε (step)",
                                             style={"description_width": "90px"})
        self.epsilon_menu.add_class("gc-epsilon-menu")
        self._observe(self.epsilon_menu, self._on_epsilon)
        grid = widgets.GridBox(list(self.checkboxes.values()),
                               layout=widgets.Layout(grid_template_columns="repeat(2, 1fr)", width="100%"))
        self._assemble([grid, widgets.HBox([self.severity_slider, self.epsilon_menu])])

        self.block_names = [*self.shapes, "all"]
        self.block_values: dict[str, float] = {}
        self.levels: dict[str, str] = {}
        self.current = CallResult(None)
        self.bars: plots.BlockBars | None = None
        self._on_epsilon()

    @property
    def bugs(self) -> tuple[str, ...]:
        """The bugs switched on, in catalogue order."""
        return tuple(name for name, box in self.checkboxes.items() if box.value)

    @property
    def epsilon(self) -> float:
        return float(self.epsilon_menu.value)

    def _on_epsilon(self) -> None:
        self.approximation = sweeps.central_differences(self.X, self.Y, self.theta, [self.epsilon], self.shapes)
        self.approximation = self.approximation.reshape(-1, 1)
        title = f"Relative difference per parameter block (ε = {self.epsilon:g})"
        if self.bars is None:
            self.bars = plots.plot_block_bars(self.axes, self.block_names, threshold=self.threshold,
                                              bug_level=sweeps.BUG_LEVEL, title=title)
            self.star = plots.add_star(self.axes, "current-gradient_check_n", "your gradient_check_n")
            if self.gradient_check_n is not None:
                self.star.set_visible(True)  # so that the legend shows it; move_star hides it without a value
                self.axes.legend(handles=[*self.axes.get_legend().legend_handles, self.star], **plots.LEGEND_STYLE)
            self.renderer.set_animated([self.axes.title, *self.bars.artists, self.star])
        plots.set_title(self.axes, title)
        self._update()

    def _on_bugs(self) -> None:
        self._update()

    def _update(self) -> None:
        severity = self.severity_slider.value
        gradients = network.backward_propagation_n(self.X, self.Y, self.cache, bugs=self.bugs, severity=severity)
        grad = gradients_to_vector(gradients)
        self.block_values = block_differences(grad, self.approximation, self.keys)
        self.block_values["all"] = relative_difference(grad, self.approximation)
        self.levels = {name: sweeps.verdict_level(value, self.threshold) for name, value in self.block_values.items()}
        if self.gradient_check_n is not None:
            self.current = call_student(self.gradient_check_n, _copy_arrays(self.parameters), _copy_arrays(gradients),
                                        self.X, self.Y, self.epsilon, name="gradient_check_n")
        self.bars.update(self.block_values, self.levels)
        plots.move_star(self.star, self.block_names.index("all"), self.current.value)
        self._show(self._render())
        self._write_readout(severity)

    def _write_readout(self, severity: float) -> None:
        bugs = self.bugs
        if bugs:
            listed = "; ".join(html.escape(network.BUGS[name].label) for name in bugs)
            parts = [_line(f"<b>Bugs on</b> (severity {severity:.2g}, ε = {self.epsilon:g}): {listed}")]
        else:
            parts = [_line(f"<b>No bugs on</b> (ε = {self.epsilon:g}): the correct back-propagation")]
        overall = self.block_values["all"]
        parts.append(_line(f"overall difference (gc_utils) = {overall:.10g}{_verdict(overall, self.threshold)}"))
        if self.gradient_check_n is not None:
            if self.current.value is not None:
                parts.append(_line(f"your gradient_check_n = {self.current.value:.10g}"
                                   f"{_verdict(self.current.value, self.threshold)}"))
            if self.current.problem:
                parts.append(_problem(self.current.problem))
            if self.current.note:
                parts.append(_note(self.current.note))
        culprits = [name for name in self.shapes if self.levels[name] == "bug"]
        unsure = [name for name in self.shapes if self.levels[name] == "look closer"]
        if culprits:
            parts.append(_line(f"Blocks at or above {sweeps.BUG_LEVEL:g}: <b>{', '.join(culprits)}</b> — look at "
                               + ", ".join(f"d{name}" for name in culprits) + " in backward_propagation_n."))
        if unsure:
            parts.append(_line(f"Above the threshold but below {sweeps.BUG_LEVEL:g}: {', '.join(unsure)} — a small "
                               "bug, or round-off at this ε (try a larger ε)."))
        if not culprits and not unsure:
            parts.append(_line("No block is above the threshold."))
        self.readout.value = "".join(parts)
