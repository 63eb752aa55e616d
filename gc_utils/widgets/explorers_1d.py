"""The 1-D explorers: the lesson's J = θ·x (or a curved J) checked by the student's ``gradient_check``.

- ``EpsilonExplorer1D``: the difference against ε, for a linear or a curved J;
- ``BugInjector1D``: the difference against the relative error δ of a wrong dθ = x·(1 + δ).

The curved costs and the wrong dθ reach the student's ``gradient_check`` through the global names it calls,
``forward_propagation`` and ``backward_propagation``, swapped for the length of each call
(``gc_utils.injection.injected_globals``). If the function never calls them (or has no globals), the curve comes
from gc_utils' own arithmetic instead and the readout says so.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import ipywidgets as widgets
import numpy as np

from .. import plots, sweeps
from ..checks import THRESHOLD
from ..injection import injected_globals
from ..perturbation import LESSON_EPSILON
from .base import Explorer, check_explorer_epsilon, log_slider
from .calling import CallResult, call_student, check_callable, first_problem
from .messages import text as message
from .readouts import (
    digits_to_show,
    disagrees,
    distinct_problems,
    fmt,
    line,
    note,
    problem,
    verdict_badge,
    verdict_word,
)


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
    COSTS = ("linear", "cubic", "sine")
    """The J the buttons offer (keys of ``sweeps.SCALAR_COSTS``), each labelled by ``cost.choice.<name>``."""

    def __init__(self, gradient_check: Callable, x: float = 3.0, theta: float = 4.0, epsilon: float = LESSON_EPSILON,
                 cost: str = "linear", threshold: float = THRESHOLD):
        check_callable(gradient_check, "gradient_check")
        if cost not in sweeps.SCALAR_COSTS:
            raise ValueError(f"cost must be one of {list(sweeps.SCALAR_COSTS)}; got {cost!r}")
        super().__init__()
        self.gradient_check = gradient_check
        self.x, self.theta, self.threshold = float(x), float(theta), float(threshold)
        self.epsilons = sweeps.epsilon_grid()
        self.epsilon_slider = log_slider(check_explorer_epsilon(epsilon), *sweeps.EPSILON_RANGE,
                                         message("control.epsilon"))
        self.epsilon_slider.add_class("gc-epsilon-slider")
        choices = [(message(f"cost.choice.{name}"), name) for name in self.COSTS]
        self.cost_buttons = widgets.ToggleButtons(options=choices, value=cost, description="J(θ) =",
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
            [plots.Curve("yours", message("curve.yours_1d"), self.yours, "yours"),
             plots.Curve("reference", message("curve.reference"), self.reference, "reference")],
            threshold=self.threshold, title="", xlabel=message("axis.epsilon"),
            ylim=(1e-17, 2.0),
        )
        self.marker = plots.add_position_marker(self.axes, self.epsilon_slider.value, ["yours", "reference"],
                                                message("legend.current_epsilon"))
        plots.refresh_legend(self.axes)
        # everything that changes with the controls is animated; the frame, ticks and legend are drawn once
        self.renderer.set_animated([self.axes.title, *self.lines.values(), *self.marker.artists])

    @property
    def cost(self) -> sweeps.ScalarCost:
        return sweeps.SCALAR_COSTS[self.cost_buttons.value]

    # -- numbers
    def _run(self, epsilons: Sequence[float] | np.ndarray) -> list[CallResult]:
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
            self.fallback = message("fallback.no_globals_cost", reason=exc)
            return [CallResult(v) for v in sweeps.scalar_differences(cost, self.x, self.theta, np.asarray(epsilons))]
        if counted["forward_propagation"].calls == 0 and counted["backward_propagation"].calls == 0:
            raised = first_problem(results)
            self.fallback = (message("fallback.raised_cost", raised=raised, formula=cost.formula) if raised else
                             message("fallback.uncalled_cost", formula=cost.formula))
            return [CallResult(v) for v in sweeps.scalar_differences(cost, self.x, self.theta, np.asarray(epsilons))]
        return results

    def _reference_at(self, epsilons: np.ndarray) -> np.ndarray:
        return sweeps.scalar_differences(self.cost, self.x, self.theta, epsilons)

    # -- events
    def _on_cost(self) -> None:
        results = self._run(self.epsilons)
        self.yours = np.array([np.nan if r.value is None else r.value for r in results])
        problems = [r.problem for r in results if r.problem]
        self.sweep_problem = (message("sweep.steps", problem=problems[0], count=len(problems), total=len(results))
                              if problems else None)
        self.reference = self._reference_at(self.epsilons)
        # a curve that is not the student's is not drawn as theirs: the readout says why it is missing
        plots.update_curves(self.lines, {"yours": self.yours if self.fallback is None else None,
                                         "reference": self.reference})
        plots.set_title(self.axes, message("title.epsilon_1d", formula=self.cost.formula, x=self.x, theta=self.theta))
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

    def alt_text(self) -> str:
        return message("alt.epsilon_1d", formula=self.cost.formula, x=self.x, theta=self.theta,
                       threshold=self.threshold, epsilon=self.epsilon_slider.value,
                       yours=_yours(self.current, self.fallback, self.threshold))

    def _write_readout(self, epsilon: float, reference: float) -> None:
        parts = [line(f"<b>ε = {epsilon:.1e}</b>, {html.escape(self.cost.formula)}, "
                       f"x = {self.x:g}, θ = {self.theta:g}")]
        if self.current.value is not None:
            who = message("who.yours_1d" if self.fallback is None else "who.fallback_1d")
            parts.append(line(message("readout.difference", who=who, value=fmt(self.current.value),
                                      badge=verdict_badge(self.current.value, self.threshold))))
        parts.append(line(message("readout.reference", value=fmt(reference))))
        for text in distinct_problems(self.current.problem, self.sweep_problem, self.fallback):
            parts.append(problem(text))
        if self.current.note:
            parts.append(note(self.current.note))
        zeros = int(np.sum(self.yours == 0))
        if zeros:
            parts.append(note(message("readout.zeros", zeros=zeros, total=self.yours.size)))
        parts.append(note(message(f"cost.{self.cost.name}")))
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

    def __init__(self, gradient_check: Callable, x: float = 3.0, theta: float = 4.0, epsilon: float = LESSON_EPSILON,
                 delta: float = 1e-6, threshold: float = THRESHOLD):
        check_callable(gradient_check, "gradient_check")
        low, high = self.DELTA_RANGE
        if not isinstance(delta, (int, float, np.floating)) or not low <= abs(delta) <= high:
            raise ValueError(f"delta must be a relative error with {low:g} ≤ |delta| ≤ {high:g}; got {delta!r}")
        super().__init__()
        self.gradient_check = gradient_check
        self.x, self.theta, self.threshold = float(x), float(theta), float(threshold)
        self.epsilon = check_explorer_epsilon(epsilon)
        self.magnitudes = sweeps.log_grid(low, high)
        self.delta_slider = log_slider(abs(float(delta)), low, high, message("control.delta"))
        self.delta_slider.add_class("gc-delta-slider")
        self.sign_buttons = widgets.ToggleButtons(options=[("δ > 0", 1.0), ("δ < 0", -1.0)],
                                                  value=1.0 if delta > 0 else -1.0, description=message("control.sign"),
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
            [plots.Curve("yours", message("curve.yours_1d"), empty, "yours"),
             plots.Curve("theory", message("curve.theory"), empty, "theory")],
            threshold=self.threshold, title="", xlabel=message("axis.delta"),
            ylim=(1e-12, 2.0),
        )
        caught = sweeps.smallest_caught_error(self.threshold)[0]
        self.axes.axvline(caught, color=plots.GREY, linestyle=":", linewidth=1.2, gid="smallest-caught",
                          label=message("legend.smallest_caught", caught=caught))
        self.marker = plots.add_position_marker(self.axes, self.delta_slider.value, ["yours", "theory"],
                                                message("legend.current_delta"))
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
            raised = first_problem(results)
            fallback = (message("fallback.raised_bug", raised=raised) if raised else
                        message("fallback.uncalled_bug"))
        except TypeError as exc:
            used, fallback = False, message("fallback.no_globals_bug", reason=exc)
        if used:
            return results
        self.fallback = fallback
        values = sweeps.scalar_differences(linear, self.x, self.theta, np.full(len(deltas), self.epsilon),
                                           gradient_factor=1.0 + np.asarray(deltas, dtype=float))
        return [CallResult(float(v)) for v in values]

    def _on_sign(self) -> None:
        sign = self.sign_buttons.value
        results = self._run(sign * self.magnitudes)
        self.yours = np.array([np.nan if r.value is None else r.value for r in results])
        problems = [r.problem for r in results if r.problem]
        self.sweep_problem = (message("sweep.deltas", problem=problems[0], count=len(problems), total=len(results))
                              if problems else None)
        self.theory = sweeps.relative_error_difference(sign * self.magnitudes)
        plots.update_curves(self.lines, {"yours": self.yours if self.fallback is None else None,
                                         "theory": self.theory})
        plots.set_title(self.axes, message("title.bug_1d", sign="+" if sign > 0 else "−", epsilon=self.epsilon))
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

    def alt_text(self) -> str:
        return message("alt.bug_1d", epsilon=self.epsilon, threshold=self.threshold,
                       caught=sweeps.smallest_caught_error(self.threshold)[0], delta=self.delta,
                       yours=_yours(self.current, self.fallback, self.threshold))

    def _write_readout(self, delta: float, theory: float) -> None:
        true_grad = sweeps.SCALAR_COSTS["linear"].backward(self.x, self.theta)
        digits = digits_to_show(delta)
        parts = [line(f"<b>δ = {delta:+.1e}</b>: " + message(
            "readout.delta", wrong=f"{true_grad * (1 + delta):.{digits}g}", right=f"{true_grad:.{digits}g}",
            delta=delta, epsilon=self.epsilon))]
        value = self.current.value
        expected = float(sweeps.scalar_differences(sweeps.SCALAR_COSTS["linear"], self.x, self.theta,
                                                   np.array([self.epsilon]), gradient_factor=1.0 + delta)[0])
        wrong = value is not None and self.fallback is None and disagrees(value, expected, self.threshold)
        if value is not None:
            outcome = message("outcome.not_a_verdict" if wrong else
                              "outcome.caught" if value > self.threshold else "outcome.missed")
            who = message("who.yours_1d" if self.fallback is None else "who.fallback_1d")
            parts.append(line(message("readout.difference_outcome", who=who, value=fmt(value),
                                      badge=verdict_badge(value, self.threshold), outcome=outcome)))
        parts.append(line(f"{message('curve.theory')} = {fmt(theory)}"))
        if wrong:
            parts.append(problem(message("problem.wrong_difference_1d", value=fmt(value), theory=fmt(theory),
                                         expected=fmt(expected), epsilon=self.epsilon)))
        for text in distinct_problems(self.current.problem, self.sweep_problem, self.fallback):
            parts.append(problem(text))
        if self.current.note:
            parts.append(note(self.current.note))
        above = sweeps.smallest_caught_error(self.threshold)[0]
        parts.append(note(message("note.threshold_catches", threshold=self.threshold, above=above)))
        self.readout.value = "".join(parts)


def _yours(current: CallResult, fallback: str | None, threshold: float) -> str:
    """The alt text's sentence on the student's value at the marker (none when gc_utils stood in for it)."""
    if current.value is None or fallback is not None:
        return message("alt.yours_none")
    return message("alt.yours_at", value=fmt(current.value), verdict=verdict_word(current.value, threshold))
