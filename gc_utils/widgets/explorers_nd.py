"""The N-D explorers: the lesson's 3-layer network, the student's ``gradient_check_n``, planted bugs.

- ``EpsilonExplorerND``: the U-shaped curve of the difference against ε, correct and buggy back-propagation
  together, with the ε² and u/ε slopes;
- ``BugInjectorND``: named bugs switched on and off, and the difference per parameter block, so that the
  wrong block stands out.

The curves and bars come from ``gc_utils.sweeps`` (the finite-difference engine, vectorised); the student's
functions are called once per change, through ``calling.call_student``.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D

from .. import network, plots, sweeps
from ..bugs import checked_bug_names
from ..checks import THRESHOLD
from ..comparison import block_differences, relative_difference
from ..packing import dictionary_to_vector, gradients_to_vector, shapes_of
from ..perturbation import LESSON_EPSILON
from .base import Explorer, check_explorer_epsilon, log_slider
from .calling import CallResult, call_student, check_callable, copy_arrays, student_gradients
from .messages import text as message
from .readouts import call_remarks, fmt, fmt_difference, line, note, problem, verdict_badge, verdict_word


def _lesson_point(X: np.ndarray, Y: np.ndarray, parameters: Mapping[str, np.ndarray]):
    """Validated inputs of the lesson's network: θ, keys, shapes and the reference forward cache."""
    theta, keys = dictionary_to_vector(parameters)
    shapes = shapes_of(parameters)
    if list(shapes) != ["W1", "b1", "W2", "b2", "W3", "b3"]:
        raise ValueError(f"the N-D explorers need the lesson's 3-layer network (W1, b1, ..., b3); got {list(shapes)}")
    _, cache = network.forward_propagation_n(X, Y, parameters)
    return theta, keys, shapes, cache


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
                 epsilon: float = LESSON_EPSILON, threshold: float = THRESHOLD):
        check_callable(gradient_check_n, "gradient_check_n", optional=True)
        check_callable(backward_propagation_n, "backward_propagation_n", optional=True)
        epsilon = check_explorer_epsilon(epsilon)
        super().__init__()
        self.X, self.Y, self.parameters = X, Y, copy_arrays(parameters)
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
            vector, as_dict, self.backward_problem = student_gradients(backward_propagation_n, X, Y, cache)
            if vector is not None and vector.shape != self.theta.shape:
                self.backward_problem = message("call.gradient_count", got=vector.shape[0],
                                                expected=self.theta.shape[0])
                vector = None
            if vector is not None and as_dict is not None:  # the two are None together
                self.gradients["yours"] = vector
                self.gradients_for_check = as_dict
        self.curves = {name: sweeps.relative_differences(g, approximations) for name, g in self.gradients.items()}
        self.model = sweeps.fit_error_model(self.epsilons, self.curves["correct"])

        self.epsilon_slider = log_slider(epsilon, *sweeps.EPSILON_RANGE, message("control.epsilon"))
        self.epsilon_slider.add_class("gc-epsilon-slider")
        self._observe(self.epsilon_slider, self._on_epsilon)
        self._assemble([self.epsilon_slider])
        self.values: dict[str, float] = {}
        self.current = CallResult(None)
        self._draw()
        self._update()

    LABEL_KEYS = {"correct": "curve.correct", "lesson-bugs": "curve.lesson_bugs", "yours": "curve.yours_nd"}
    ROLES = {"correct": "correct", "lesson-bugs": "buggy", "yours": "yours"}

    def _draw(self) -> None:
        curves = [plots.Curve(name, message(self.LABEL_KEYS[name]), values, self.ROLES[name])
                  for name, values in self.curves.items()]
        if self.model is not None:
            curves += [
                plots.Curve("guide-truncation", message("curve.truncation"), self.model.truncation_line(self.epsilons),
                            "guide"),
                plots.Curve("guide-roundoff", message("curve.roundoff"), self.model.roundoff_line(self.epsilons),
                            "guide", linestyle="--"),
            ]
        plots.plot_difference_curves(
            self.axes, self.epsilons, curves, threshold=self.threshold,
            title=message("title.epsilon_nd", n=self.theta.shape[0]),
            xlabel=message("axis.epsilon"),
        )
        self.marker = plots.add_position_marker(self.axes, self.epsilon_slider.value, list(self.curves),
                                                message("legend.current_epsilon"))
        self.star = plots.add_star(self.axes, "current-gradient_check_n", message("legend.yours_nd_at"))
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
            self.current = call_student(self.gradient_check_n, copy_arrays(self.parameters),
                                        copy_arrays(self.gradients_for_check), self.X, self.Y, epsilon,
                                        name="gradient_check_n")
        self.marker.move(epsilon, self.values)
        plots.move_star(self.star, epsilon, self.current.value)
        self._show(self._render())
        self._write_readout(epsilon)

    def alt_text(self) -> str:
        curves = [message(self.LABEL_KEYS[name]) for name in self.curves]
        values = [f"{message(self.LABEL_KEYS[name])} {fmt_difference(value)}" for name, value in self.values.items()]
        if self.gradient_check_n is not None and self.current.value is not None:
            values.append(f"{message('legend.yours_check_n')} {fmt_difference(self.current.value)}")
        return message("alt.epsilon_nd", n=self.theta.shape[0], curves=", ".join(curves),
                       guides=message("alt.guides") if self.model is not None else "", threshold=self.threshold,
                       epsilon=self.epsilon_slider.value, values="; ".join(values))

    def _write_readout(self, epsilon: float) -> None:
        parts = [line(f"<b>ε = {epsilon:.1e}</b>")]
        for name, value in self.values.items():
            label = html.escape(message(self.LABEL_KEYS[name]))
            parts.append(line(f"{label}: {fmt(value, 3)}{verdict_badge(value, self.threshold)}"))
        if self.gradient_check_n is not None:
            parts += self._student_lines(epsilon)
        if self.backward_problem:
            parts.append(problem(self.backward_problem))
        if self.values["correct"] > self.threshold:
            too_small = epsilon < (self.model.best_epsilon if self.model else 1e-5)
            parts.append(note(message("note.correct_fails_roundoff" if too_small else "note.correct_fails_truncation")))
        if self.model is not None:
            parts.append(note(message("note.guides", truncation=self.model.truncation, roundoff=self.model.roundoff,
                                      u=sweeps.UNIT_ROUNDOFF, best=self.model.best_epsilon)))
        self.readout.value = "".join(parts)

    def _student_lines(self, epsilon: float) -> list[str]:
        """The student's ``gradient_check_n`` at ``epsilon``: its value, whether it disagrees with the curve, and
        what went wrong with the call."""
        value = self.current.value
        parts = []
        if value is not None:
            key = "readout.yours_nd_with_yours" if "yours" in self.gradients else "readout.yours_nd_with_correct"
            parts.append(line(message(key, value=fmt(value, 3), badge=verdict_badge(value, self.threshold))))
            expected = self.values.get("yours", self.values["correct"])
            if epsilon >= 1e-9 and expected > 0 and abs(math.log10(max(value, 1e-300) / expected)) > 1:
                parts.append(problem(message("problem.disagrees_nd", value=fmt(value), expected=fmt(expected))))
        return parts + call_remarks(self.current.problem, self.current.note)


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
        Names from ``gc_utils.network.BUGS`` switched on at the start: the lesson's two by default.
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
        Block name to ``"ok"``, ``"round-off"``, ``"look closer"`` or ``"bug"`` (``sweeps.verdict_level``):
        ``"round-off"`` when a block is above the threshold but no further from the approximation than the
        correct back-propagation's block at the same ε.
    roundoff : dict
        Block name to the correct back-propagation's difference at the current ε.
    current : CallResult
        The student's ``gradient_check_n`` for the current bugs.
    """

    css_class = "gc-bugs-nd"
    SEVERITY_RANGE = (1e-6, 1.0)
    EPSILONS = (1e-7, 1e-6, 1e-5, 1e-4)
    """The steps the menu offers (the lesson's first, labelled ``control.lesson_epsilon``)."""

    def __init__(self, X: np.ndarray, Y: np.ndarray, parameters: Mapping[str, np.ndarray],
                 gradient_check_n: Callable | None = None, epsilon: float = LESSON_EPSILON,
                 bugs: Sequence[str] = network.LESSON_BUGS, severity: float = 1.0, threshold: float = THRESHOLD):
        check_callable(gradient_check_n, "gradient_check_n", optional=True)
        chosen = checked_bug_names(bugs, network.BUGS)
        low, high = self.SEVERITY_RANGE
        if not isinstance(severity, (int, float, np.floating)) or not low <= severity <= high:
            raise ValueError(f"severity must be between {low:g} and {high:g}; got {severity!r}")
        epsilon = check_explorer_epsilon(epsilon)
        super().__init__()
        self.X, self.Y, self.parameters = X, Y, copy_arrays(parameters)
        self.gradient_check_n = gradient_check_n
        self.threshold = float(threshold)
        self.theta, self.keys, self.shapes, self.cache = _lesson_point(X, Y, self.parameters)
        self.correct = gradients_to_vector(network.backward_propagation_n(X, Y, self.cache))

        self.checkboxes = {
            name: widgets.Checkbox(value=name in chosen,
                                   description=message(f"bug.{name}") + (message("control.lesson") if bug.in_lesson
                                                                         else ""),
                                   indent=False, layout=widgets.Layout(width="auto"))
            for name, bug in network.BUGS.items()
        }
        for name, box in self.checkboxes.items():
            box.add_class("gc-bug-toggle")
            box.add_class(f"gc-bug-{name}")
            self._observe(box, self._on_bugs)
        self.severity_slider = log_slider(float(severity), low, high, message("control.severity"), step=0.1)
        self.severity_slider.readout_format = ".2g"
        self.severity_slider.add_class("gc-severity-slider")
        self._observe(self.severity_slider, self._on_bugs)
        choices = [(message("control.lesson_epsilon") if step == LESSON_EPSILON else f"1e{round(math.log10(step))}",
                    step) for step in self.EPSILONS]
        if epsilon not in self.EPSILONS:
            choices.append((f"{epsilon:g}", epsilon))
        self.epsilon_menu = widgets.Dropdown(options=choices, value=epsilon, description=message("control.epsilon"),
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
        self.bars, self.star = self._draw_bars()
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
        self.roundoff = block_differences(self.correct, self.approximation, self.keys)
        plots.set_title(self.axes, message("title.blocks", epsilon=self.epsilon))
        self._update()

    def _draw_bars(self) -> tuple[plots.BlockBars, Line2D]:
        """The bars, their legend and the star of the student's overall difference (hidden until it has one)."""
        bars = plots.plot_block_bars(self.axes, self.block_names, threshold=self.threshold,
                                     bug_level=sweeps.BUG_LEVEL, title=message("title.blocks", epsilon=self.epsilon))
        star = plots.add_star(self.axes, "current-gradient_check_n", message("legend.yours_check_n"))
        legend = self.axes.get_legend()
        if self.gradient_check_n is not None and legend is not None:
            star.set_visible(True)  # so that the legend shows it; move_star hides it without a value
            self.axes.legend(handles=[*legend.legend_handles, star], **plots.LEGEND_STYLE)
        self.renderer.set_animated([self.axes.title, *bars.artists, star])
        return bars, star

    def _on_bugs(self) -> None:
        self._update()

    def _update(self) -> None:
        severity = self.severity_slider.value
        gradients = network.backward_propagation_n(self.X, self.Y, self.cache, bugs=self.bugs, severity=severity)
        grad = gradients_to_vector(gradients)
        self.block_values = block_differences(grad, self.approximation, self.keys)
        self.block_values["all"] = relative_difference(grad, self.approximation)
        self.levels = {name: sweeps.verdict_level(value, self.threshold, roundoff=self.roundoff.get(name))
                       for name, value in self.block_values.items()}
        if self.gradient_check_n is not None:
            self.current = call_student(self.gradient_check_n, copy_arrays(self.parameters), copy_arrays(gradients),
                                        self.X, self.Y, self.epsilon, name="gradient_check_n")
        self.bars.update(self.block_values, self.levels)
        plots.move_star(self.star, self.block_names.index("all"), self.current.value)
        self._show(self._render())
        self._write_readout(severity)

    def alt_text(self) -> str:
        # by level, not by the threshold alone: whether a correct block sits just above or below it is round-off,
        # which changes with the machine, and stored alt text must not
        blocks = list(self.shapes)
        far, unsure = self._blocks_at("bug"), self._blocks_at("look closer")
        rest = [name for name in blocks if name not in far and name not in unsure]
        overall, none = self.block_values["all"], message("alt.none")
        return message("alt.blocks", names=", ".join(blocks), epsilon=self.epsilon, threshold=self.threshold,
                       bugs="; ".join(message(f"bug.{name}") for name in self.bugs) or none,
                       level=sweeps.BUG_LEVEL, far=", ".join(far) or none, unsure=", ".join(unsure) or none,
                       rest=", ".join(rest) or none,
                       overall=f"{fmt_difference(overall)}, {verdict_word(overall, self.threshold)}")

    def _write_readout(self, severity: float) -> None:
        overall = self.block_values["all"]
        parts = [line(self._bugs_text(severity)),
                 line(message("readout.overall", value=fmt_difference(overall),
                              badge=verdict_badge(overall, self.threshold)))]
        if self.gradient_check_n is not None:
            parts += self._student_lines()
        parts += self._block_lines()
        self.readout.value = "".join(parts)

    def _bugs_text(self, severity: float) -> str:
        """The bugs switched on, with the severity and the step, or that none is."""
        if not self.bugs:
            return message("readout.no_bugs", epsilon=self.epsilon)
        listed = "; ".join(html.escape(message(f"bug.{name}")) for name in self.bugs)
        return message("readout.bugs_on", severity=severity, epsilon=self.epsilon, listed=listed)

    def _student_lines(self) -> list[str]:
        """The student's ``gradient_check_n``: its value, and what went wrong with the call."""
        value = self.current.value
        parts = [] if value is None else [line(message("readout.yours_check_n", value=fmt_difference(value),
                                                       badge=verdict_badge(value, self.threshold)))]
        return parts + call_remarks(self.current.problem, self.current.note)

    def _blocks_at(self, level: str) -> list[str]:
        """The parameter blocks whose difference is at ``level`` (``sweeps.verdict_level``), in packing order."""
        return [name for name in self.shapes if self.levels[name] == level]

    def _block_lines(self) -> list[str]:
        """Which blocks stand out: those with a bug, those to look at closer, those at round-off; or none."""
        culprits, unsure, roundoff = (self._blocks_at(level) for level in ("bug", "look closer", "round-off"))
        parts = []
        if culprits:
            parts.append(line(message("readout.culprits", level=sweeps.BUG_LEVEL, blocks=", ".join(culprits),
                                      gradients=", ".join(f"d{name}" for name in culprits))))
        if unsure:
            parts.append(line(message("readout.unsure", level=sweeps.BUG_LEVEL, blocks=", ".join(unsure))))
        if roundoff:
            parts.append(line(message("readout.roundoff", blocks=", ".join(roundoff), epsilon=self.epsilon)))
        return parts or [line(message("readout.none_above"))]
