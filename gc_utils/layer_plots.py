"""Figures of the "Checking your own layers" notebook, and the alt text of each.

Pure functions: data in, a ``matplotlib.figure.Figure`` out (no pyplot), in the project's one style: white
background, explicit size, a title and labelled axes, log scales where values span decades, the Okabe-Ito colours
and threshold line of ``gc_utils.style``, markers and line styles as a second cue. The words inside them come from
``gc_utils.figure_messages`` (English and Korean); ``alt(name)`` gives the sentence that says what figure ``name``
shows, for ``gc_utils.figures.figure_output``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .figure_messages import text
from .layers import LOSS_FORMS
from .log_ticks import set_log_scale
from .style import GREY, GRID, LEVEL_COLORS, OKABE_ITO, ROLE_COLORS, SERIES_COLORS, SERIES_MARKERS, THRESHOLD_LINE

FLOOR = 1e-14
"""The bottom of the log axes of differences (an exact 0 is drawn there)."""

GRADIENT_LABELS = {"gamma": "dγ", "beta": "dβ", "all": "all"}
"""How a block's gradient is named on an axis (``dX``, ``dγ``, ...)."""

FIGURES = ("upstreams", "softmax", "batchnorm", "hvp", "training")
"""The figures of the notebook, by name: ``alt(name)`` describes each."""


def alt(name: str) -> str:
    """The alt text of figure ``name`` (one of ``FIGURES``), in the current language.

    Examples
    --------
    >>> alt("hvp").startswith("Log-log plot")
    True
    """
    if name not in FIGURES:
        raise ValueError(f"name must be one of {FIGURES}; got {name!r}")
    return text(f"layers.alt.{name}")


def _figure(width: float, height: float, rows: int = 1, columns: int = 1, **options) -> tuple[Figure, list]:
    figure = Figure(figsize=(width, height), dpi=100, facecolor="white", layout="constrained")
    axes = figure.subplots(rows, columns, squeeze=False, **options).reshape(-1)
    for ax in axes:
        ax.set_facecolor("white")
        ax.grid(True, which="major", **GRID)
        ax.set_axisbelow(True)
    return figure, list(axes)


def _threshold(ax, threshold: float) -> None:
    ax.axhline(threshold, **THRESHOLD_LINE, label=text("practice.threshold", threshold=threshold))


def _shown(values: Sequence[float] | np.ndarray, floor: float = FLOOR) -> np.ndarray:
    """Values for a log axis: an exact 0 at ``floor``, NaN stays a gap."""
    array = np.asarray(values, dtype=float)
    return np.where(np.isnan(array), np.nan, np.maximum(array, floor))


def _verdict_handles(threshold: float) -> list:
    return [Patch(color=LEVEL_COLORS["bug"], label=text("layers.bars.above", threshold=threshold)),
            Patch(color=LEVEL_COLORS["ok"], label=text("layers.bars.below", threshold=threshold))]


def plot_upstream_comparison(reports: Mapping[str, Mapping[str, float]], *, threshold: float = 2e-7) -> Figure:
    """The same checks with two upstream gradients, side by side: one bar per checked case, on a log axis.

    Parameters
    ----------
    reports : dict
        Upstream label (a panel) to a dict of case label (a bar) to relative difference.
    threshold : float
    """
    figure, axes = _figure(4.4 * len(reports), 4.6, 1, len(reports), sharey=True)
    for ax, (title, report) in zip(axes, reports.items(), strict=True):
        labels = list(report)
        values = np.array([report[label] for label in labels], dtype=float)
        colours = [LEVEL_COLORS["bug"] if value > threshold else LEVEL_COLORS["ok"] for value in values]
        positions = np.arange(len(labels))
        ax.bar(positions, _shown(values) - FLOOR, bottom=FLOOR, color=colours, edgecolor=OKABE_ITO["black"],
               linewidth=0.6)
        for position, value in zip(positions, values, strict=True):
            ax.text(position, max(value, FLOOR) * 1.8, f"{value:.0e}", ha="center", va="bottom", fontsize=8)
        _threshold(ax, threshold)
        set_log_scale(ax, "y")
        ax.set_ylim(FLOOR, 30)
        ax.set_xticks(positions, labels, rotation=20, ha="right", fontsize=8)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel(text("layers.axis.case"))
        ax.set_ylabel(text("axis.difference"))
    axes[0].legend(handles=[*_verdict_handles(threshold), *axes[0].get_lines()], loc="upper left", fontsize=8)
    figure.suptitle(text("layers.upstreams.title"), fontsize=12)
    return figure


def plot_softmax_stability(scales: Sequence[float], curves: Mapping[str, Sequence[float]], *,
                           threshold: float = 2e-7) -> Figure:
    """The check of a correct ``dZ = (softmax − Y) / m`` against the loss computed several ways, as the logits grow.

    Parameters
    ----------
    scales : sequence of float
        The factor the logits are multiplied by.
    curves : dict
        A way to compute the loss (a form of ``gc_utils.layers.LOSS_FORMS``, named in the current language, or a
        label of your own) to one relative difference per scale; NaN where the check cannot be computed (the loss
        is inf or nan), drawn as crosses along the top.
    """
    s = np.asarray(scales, dtype=float)
    figure, (ax,) = _figure(7.6, 4.6)
    top = 3.0
    for index, (name, values) in enumerate(curves.items()):
        colour, marker = SERIES_COLORS[index], SERIES_MARKERS[index]
        label = text(f"layers.form.{name}") if name in LOSS_FORMS else name
        differences = np.asarray(values, dtype=float)
        ax.plot(s, _shown(differences), color=colour, marker=marker, markersize=5, label=label)
        failed = np.isnan(differences)
        if failed.any():
            ax.plot(s[failed], np.full(failed.sum(), top * (1.6 ** index)), linestyle="none", marker="x",
                    markersize=8, markeredgewidth=2, color=colour,
                    label=text("layers.softmax.impossible", label=label))
    _threshold(ax, threshold)
    set_log_scale(ax)
    ax.set_ylim(1e-12, 30)
    ax.set_xlabel(text("layers.softmax.xlabel"))
    ax.set_ylabel(text("axis.difference"))
    ax.set_title(text("layers.softmax.title"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, frameon=False)
    return figure


def plot_hvp_steps(epsilons: Sequence[float], curves: Mapping[str, Sequence[float]], *,
                   threshold: float = 2e-7) -> Figure:
    """Hessian–vector checks against the step along ``v``, log-log, with slope-1 and slope-2 guides.

    Parameters
    ----------
    epsilons : sequence of float
    curves : dict
        Label to one relative difference per step. The first curve is a correct central check (its largest step
        anchors the ε² guide), the second a correct one-sided check (the ε guide).
    """
    eps = np.asarray(epsilons, dtype=float)
    figure, (ax,) = _figure(7.6, 4.6)
    series = [np.asarray(v, dtype=float) for v in curves.values()]
    for index, (label, values) in enumerate(zip(curves, series, strict=True)):
        ax.plot(eps, _shown(values), color=SERIES_COLORS[index], marker=SERIES_MARKERS[index], markersize=5,
                label=label)
    if len(series) >= 2:
        ax.plot(eps, series[0][-1] * (eps / eps[-1]) ** 2, color=GREY, linestyle=":", label=text("layers.hvp.slope2"))
        ax.plot(eps, series[1][-1] * eps / eps[-1], color=GREY, linestyle="-.", label=text("layers.hvp.slope1"))
    _threshold(ax, threshold)
    set_log_scale(ax)
    ax.set_ylim(1e-12, 10)
    ax.set_xlim(eps.min(), eps.max())
    ax.set_xlabel(text("layers.hvp.xlabel"))
    ax.set_ylabel(text("axis.difference"))
    ax.set_title(text("layers.hvp.title"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, frameon=False)
    return figure


def plot_training_checks(steps: Sequence[int], curves: Mapping[str, Sequence[float]], saturated: Sequence[float], *,
                         threshold: float = 2e-7) -> Figure:
    """The check repeated during training (top, log scale) and the share of saturated hidden units (bottom).

    Parameters
    ----------
    steps : sequence of int
        The training steps at which the check ran.
    curves : dict
        Label to one relative difference per step.
    saturated : sequence of float
        The share of hidden units with ``|tanh(z)| > 0.9`` at each step (0 to 1).
    """
    x = np.asarray(steps, dtype=float)
    figure, (top, bottom) = _figure(7.6, 6.0, 2, 1, sharex=True, height_ratios=(2, 1))
    for index, (label, values) in enumerate(curves.items()):
        top.plot(x, _shown(values), color=SERIES_COLORS[index], marker=SERIES_MARKERS[index], markersize=4,
                 label=label)
    _threshold(top, threshold)
    set_log_scale(top, "y")
    top.set_ylim(1e-11, 10)
    top.set_ylabel(text("axis.difference"))
    top.set_title(text("layers.training.title"))
    top.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, frameon=False)
    bottom.plot(x, np.asarray(saturated, dtype=float), color=ROLE_COLORS["theory"], marker="D", markersize=3,
                label=text("layers.training.saturated"))
    bottom.set_ylim(0, 1)
    bottom.set_xlabel(text("layers.training.xlabel"))
    bottom.set_ylabel(text("layers.training.share"))
    bottom.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, frameon=False)
    return figure


class GroupedBars:
    """Grouped bars of per-block differences on a log axis, made once and updated in place (an explorer redraws
    them on every change): a group per block, a bar per series, coloured by verdict, the second series hatched.

    ``update(values)`` takes one dict per series (block to difference); a missing series hides its bars.
    """

    def __init__(self, ax, blocks: Sequence[str], series: Sequence[str], *, threshold: float = 2e-7) -> None:
        self.ax, self.blocks, self.series, self.threshold = ax, list(blocks), list(series), threshold
        ax.set_facecolor("white")
        ax.grid(True, which="major", **GRID)
        ax.set_axisbelow(True)
        positions = np.arange(len(blocks))
        width = 0.8 / max(1, len(series))
        self.bars, self.labels = [], []
        for index in range(len(series)):
            offset = (index - (len(series) - 1) / 2) * width
            container = ax.bar(positions + offset, np.zeros(len(blocks)), bottom=FLOOR, width=width,
                               color=LEVEL_COLORS["ok"], edgecolor=OKABE_ITO["black"], linewidth=0.6,
                               hatch="//" if index else None)
            self.bars.append(list(container.patches))
            self.labels.append([ax.text(p + offset, FLOOR, "", ha="center", va="bottom", fontsize=8)
                                for p in positions])
        _threshold(ax, threshold)
        set_log_scale(ax, "y")
        ax.set_ylim(FLOOR, 30)
        ax.set_xticks(positions, [GRADIENT_LABELS.get(block, f"d{block}") for block in blocks])
        ax.set_xlim(-0.6, len(blocks) - 0.4)
        ax.set_xlabel(text("layers.axis.gradient"))
        ax.set_ylabel(text("axis.difference"))
        handles = [*_verdict_handles(threshold)]
        handles += [Patch(facecolor="white", edgecolor=OKABE_ITO["black"], hatch="//" if index else None, label=label)
                    for index, label in enumerate(series)]
        ax.legend(handles=[*handles, *ax.get_lines()], loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8,
                  frameon=False)

    @property
    def artists(self) -> list:
        return [artist for group in (*self.bars, *self.labels) for artist in group]

    def update(self, values: Sequence[Mapping[str, float] | None]) -> None:
        for bars, labels, report in zip(self.bars, self.labels, values, strict=True):
            for block, bar, label in zip(self.blocks, bars, labels, strict=True):
                value = np.nan if report is None else float(report.get(block, np.nan))
                bar.set_visible(report is not None)
                label.set_visible(report is not None)
                shown = value if np.isfinite(value) and value > FLOOR else FLOOR
                bar.set_height(shown - FLOOR)
                bar.set_facecolor(GREY if not np.isfinite(value) else
                                  LEVEL_COLORS["bug"] if value > self.threshold else LEVEL_COLORS["ok"])
                label.set_position((bar.get_x() + bar.get_width() / 2, shown * 1.8))
                label.set_text(f"{value:.0e}" if np.isfinite(value) else text("bars.no_value"))
