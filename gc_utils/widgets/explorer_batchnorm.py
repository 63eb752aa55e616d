"""The batch-normalisation explorer: planted bugs in its backward pass, checked block by block, beside yours.

``BatchNormBugExplorer(batchnorm_backward)``: check boxes plant bugs in the reference backward pass
(``gc_utils.layers.BUGS["batchnorm"]``: the mean's gradient forgotten, the variance's, γ, the m − 1, the ε, X̂ in
dγ), a toggle chooses the upstream gradient (random or all ones), a menu the step. The figure shows, per block
(dX, dγ, dβ and all), the vector–Jacobian check of the reference with those bugs and of the student's
``batchnorm_backward(dout, cache)`` at the same point with the same upstream gradient.

The numerical side (the central differences of ``Σ upstream ⊙ out``) is computed once per upstream and step; a
change of the bugs only re-runs the reference's backward pass. Displayed headless, the explorer leaves a PNG of its
initial state with its alt text (``gc_utils.figures.figure_output``, through ``Explorer``).
"""

from __future__ import annotations

import contextlib
import html
import io
import warnings
from collections.abc import Callable, Iterable

import ipywidgets as widgets
import numpy as np

from .. import layer_plots, layers, plots
from ..bugs import checked_bug_names
from ..checks import THRESHOLD, numerical_gradient
from ..comparison import relative_difference
from ..figure_messages import text as figure_text
from ..vjp import ProjectedOutput, upstream_gradient
from .base import Explorer
from .calling import check_callable, describe_exception
from .messages import text as message
from .readouts import fmt, line, note, problem, verdict_badge

BLOCKS = ("X", "gamma", "beta")
SHAPE = (4, 8)
"""Four features, a batch of eight."""


def _report(gradients: dict[str, np.ndarray], approximation: dict[str, np.ndarray]) -> dict[str, float]:
    report = {name: relative_difference(gradients[name], approximation[f"d{name}"]) for name in BLOCKS}
    report["all"] = relative_difference(np.concatenate([gradients[name].ravel() for name in BLOCKS]),
                                        np.concatenate([approximation[f"d{name}"].ravel() for name in BLOCKS]))
    return report


class BatchNormBugExplorer(Explorer):
    """Plant bugs in batch normalisation's backward pass and see which gradient the check flags.

    Parameters
    ----------
    batchnorm_backward : callable, optional
        The student's ``batchnorm_backward(dout, cache) -> (dX, dgamma, dbeta)``, checked beside the reference.
    bugs : iterable of str
        Bugs from ``gc_utils.layers.BUGS["batchnorm"]`` switched on at the start.
    upstream : {"random", "ones"}
        The upstream gradient at the start.
    epsilon : float
        The step of the central differences at the start (the menu offers 1e-7 to 1e-4).
    seed : int
        The point (``gc_utils.layers.example_inputs``) and the random upstream gradient.

    Attributes
    ----------
    reports : dict
        ``"planted"`` and, with a student's function that returned usable gradients, ``"yours"``: block name (and
        ``"all"``) to the relative difference now shown.
    yours_problem : str or None
        What the student's function did wrong, in words.
    """

    css_class = "gc-batchnorm"
    EPSILONS = (1e-7, 1e-6, 1e-5, 1e-4)

    def __init__(self, batchnorm_backward: Callable | None = None, bugs: Iterable[str] = ("mean_gradient_forgotten",),
                 upstream: str = "random", epsilon: float = 1e-6, seed: int = 0) -> None:
        check_callable(batchnorm_backward, "batchnorm_backward", optional=True)
        chosen = checked_bug_names(bugs, layers.BUGS["batchnorm"])
        if upstream not in ("random", "ones"):
            raise ValueError(f"upstream must be 'random' or 'ones'; got {upstream!r}")
        if epsilon not in self.EPSILONS:
            raise ValueError(f"epsilon must be one of {self.EPSILONS}; got {epsilon!r}")
        super().__init__()
        self.student = batchnorm_backward
        self.seed = seed
        self.inputs = layers.example_inputs("batchnorm", n_in=SHAPE[0], m=SHAPE[1], seed=seed)
        self.output, self.cache = layers.batchnorm_forward(self.inputs["X"], self.inputs["gamma"], self.inputs["beta"])
        self.checkboxes = {name: widgets.Checkbox(value=name in chosen, description=message(f"layers.bug.{name}"),
                                                  indent=False, layout=widgets.Layout(width="auto"))
                           for name in layers.BUGS["batchnorm"]}
        for name, box in self.checkboxes.items():
            box.add_class("gc-bug-toggle")
            box.add_class(f"gc-bug-{name}")
            self._observe(box, self._update)
        self.upstream_toggle = widgets.ToggleButtons(
            options=[(message("layers.control.random"), "random"), (message("layers.control.ones"), "ones")],
            value=upstream, description=message("layers.control.upstream"), style={"description_width": "110px"})
        self.upstream_toggle.add_class("gc-upstream-toggle")
        self._observe(self.upstream_toggle, self._on_point)
        self.epsilon_menu = widgets.Dropdown(options=[(f"{step:g}", step) for step in self.EPSILONS], value=epsilon,
                                             description=message("control.epsilon"),
                                             style={"description_width": "90px"})
        self.epsilon_menu.add_class("gc-epsilon-menu")
        self._observe(self.epsilon_menu, self._on_point)
        grid = widgets.GridBox(list(self.checkboxes.values()),
                               layout=widgets.Layout(grid_template_columns="repeat(2, 1fr)", width="100%"))
        self._assemble([grid, widgets.HBox([self.upstream_toggle, self.epsilon_menu])])
        self.reports: dict[str, dict[str, float]] = {}
        self.yours_problem: str | None = None
        labels = [message("layers.legend.planted")] + ([message("layers.legend.yours")] if self.student else [])
        self.bars = layer_plots.GroupedBars(self.axes, [*BLOCKS, "all"], labels, threshold=THRESHOLD)
        self.renderer.set_animated([self.axes.title, *self.bars.artists])
        self._on_point()

    @property
    def bugs(self) -> tuple[str, ...]:
        """The bugs switched on, in catalogue order."""
        return tuple(name for name, box in self.checkboxes.items() if box.value)

    def _on_point(self) -> None:
        """A new upstream gradient or step: the numerical side again, and the student's check."""
        kind, epsilon = self.upstream_toggle.value, float(self.epsilon_menu.value)
        self.upstream = upstream_gradient(self.output.shape, kind, self.seed + 1)
        self.approximation = numerical_gradient(
            ProjectedOutput(layers.layer("batchnorm").forward, self.upstream), self.inputs, epsilon)
        self.yours_problem = None
        self.reports.pop("yours", None)
        if self.student is not None:
            gradients = self._student_gradients(self.student)
            if gradients is not None:
                self.reports["yours"] = _report(gradients, self.approximation)
        self._update()

    def _student_gradients(self, student: Callable) -> dict[str, np.ndarray] | None:
        cache = {key: np.array(value, copy=True) if isinstance(value, np.ndarray) else value
                 for key, value in self.cache.items()}
        try:
            with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                returned = student(self.upstream.copy(), cache)
        except Exception as exc:  # noqa: BLE001 - reported in the readout, never raised
            self.yours_problem = describe_exception("batchnorm_backward", exc)
            return None
        if not isinstance(returned, (tuple, list)) or len(returned) != 3:
            self.yours_problem = message("layers.call.not_triple", type=type(returned).__name__)
            return None
        gradients = {}
        for name, value in zip(BLOCKS, returned, strict=True):
            array = np.asarray(value, dtype=float) if np.asarray(value).dtype.kind in "iuf" else None
            wanted = self.inputs[name].shape
            if array is None or array.shape != wanted or not np.isfinite(array).all():
                self.yours_problem = message("layers.call.bad_gradient", name=f"d{name}",
                                             got=getattr(array, "shape", type(value).__name__), shape=wanted)
                return None
            gradients[name] = array
        return gradients

    def _update(self) -> None:
        planted = layers.layer("batchnorm", self.bugs).backward(self.inputs, self.upstream)
        self.reports = {"planted": _report(planted, self.approximation), **(
            {"yours": self.reports["yours"]} if "yours" in self.reports else {})}
        self.bars.update([self.reports["planted"], *([self.reports.get("yours")] if self.student else [])])
        plots.set_title(self.axes, figure_text("layers.batchnorm.title", epsilon=float(self.epsilon_menu.value),
                                               upstream=figure_text(f"layers.batchnorm.{self.upstream_kind}")))
        self._show(self._render())
        self._write_readout()

    @property
    def upstream_kind(self) -> str:
        return self.upstream_toggle.value

    def _write_readout(self) -> None:
        parts = [line(self._bugs_text()), *(self._report_line(key, report) for key, report in self.reports.items())]
        if self.student is not None and self.yours_problem:
            parts.append(problem(self.yours_problem))
        if self.upstream_kind == "ones":
            parts.append(note(message("layers.note.ones")))
        flagged = self._flagged()
        if self.bugs and flagged:
            parts.append(line(message("layers.readout.flagged", blocks=", ".join(flagged))))
        self.readout.value = "".join(parts)

    def _bugs_text(self) -> str:
        """The bugs planted, or that none is."""
        listed = "; ".join(html.escape(message(f"layers.bug.{name}")) for name in self.bugs)
        return message("layers.readout.bugs", listed=listed) if listed else message("layers.readout.no_bugs")

    @staticmethod
    def _report_line(key: str, report: dict[str, float]) -> str:
        """One backward pass's check (``key``: "planted" or "yours"): each block's difference, the worst's verdict."""
        label = message("layers.legend.planted" if key == "planted" else "layers.legend.yours")
        blocks = {name: value for name, value in report.items() if name != "all"}
        values = ", ".join(f"{_gradient_label(name)} {fmt(value)}" for name, value in blocks.items())
        return line(f"{html.escape(label)}: {values}{verdict_badge(max(blocks.values()), THRESHOLD)}")

    def _flagged(self) -> list[str]:
        """The gradients (``dX``, ``dγ``, ``dβ``) whose planted backward pass the check flags, in order."""
        return [_gradient_label(name) for name in BLOCKS if self.reports["planted"][name] > THRESHOLD]

    def alt_text(self) -> str:
        """The figure's alt text: what it shows, and which blocks the check flags now."""
        return message("layers.alt.explorer", figure=layer_plots.alt("batchnorm"),
                       flagged=", ".join(self._flagged()) or message("alt.none"))


def _gradient_label(name: str) -> str:
    """How the figure names the gradient of block ``name`` (``dγ`` for gamma)."""
    return layer_plots.GRADIENT_LABELS.get(name, "d" + name)
