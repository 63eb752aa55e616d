"""Figures of the "gradient checking in practice" notebook.

Pure functions: data in, a ``matplotlib.figure.Figure`` out (no pyplot, no global state), one style:
white background, explicit size, titles and labelled axes, log scales, the colours and threshold line of
``gc_utils.style`` (the Okabe-Ito palette, as in the assignment's explorers), line styles as a second cue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter

from .figure_messages import text
from .log_ticks import set_log_scale
from .style import GREY, GRID, LEVEL_COLORS, METHOD_COLORS, OKABE_ITO, SERIES_COLORS, SERIES_MARKERS, THRESHOLD_LINE

METHOD_STYLES = {
    "central": {"color": METHOD_COLORS["central"], "marker": "o"},
    "forward": {"color": METHOD_COLORS["forward"], "marker": "s"},
    "complex": {"color": METHOD_COLORS["complex"], "marker": "^"},
}
"""Colour and marker of each derivative approximation; its legend entry is the message ``practice.method.<name>``."""

_SERIES_COLOURS = SERIES_COLORS
_MARKERS = SERIES_MARKERS


def _figure(width: float, height: float, columns: int = 1) -> tuple[Figure, list]:
    figure = Figure(figsize=(width, height), dpi=100, facecolor="white", layout="constrained")
    axes = figure.subplots(1, columns, squeeze=False)[0]
    for ax in axes:
        ax.set_facecolor("white")
        ax.grid(True, which="major", **GRID)
    return figure, list(axes)


def _threshold_line(ax, threshold: float) -> None:
    ax.axhline(threshold, **THRESHOLD_LINE, label=text("practice.threshold", threshold=threshold))


def _positive(values: Sequence[float]) -> np.ndarray:
    """Values for a log axis: zeros and NaN become gaps."""
    array = np.asarray(values, dtype=float)
    return np.where(array > 0, array, np.nan)


def epsilon_guides(epsilons: Sequence[float] | np.ndarray, float64: Mapping[str, Sequence[float]], unit_roundoff: float
                   ) -> dict[str, float]:
    """Constants of the error models, read off float64 data: ``a ε²`` and ``c u / ε`` for central
    differences, ``b ε`` for the truncation of forward differences.

    ``c`` comes from the smallest step (pure round-off); ``a`` and ``b`` from the largest step whose
    difference is still below 1e-3 (truncation, before kinks take over). They are properties of the
    cost, not of the precision, so the same constants predict the float32 curves with their own ``u``.
    """
    eps = np.asarray(epsilons, dtype=float)

    def largest_clean_step(values: np.ndarray) -> int:
        return int(np.flatnonzero(np.isfinite(values) & (values > 0) & (values < 1e-3))[-1])

    central = np.asarray(float64["central"], dtype=float)
    smallest = int(np.flatnonzero(np.isfinite(central) & (central > 0))[0])
    upper = largest_clean_step(central)
    constants = {"c": float(central[smallest] * eps[smallest] / unit_roundoff),
                 "a": float(central[upper] / eps[upper] ** 2)}
    if "forward" in float64:
        forward = np.asarray(float64["forward"], dtype=float)
        upper = largest_clean_step(forward)
        constants["b"] = float(forward[upper] / eps[upper])
    return constants


def plot_epsilon_tradeoff(
    epsilons: Sequence[float], differences: Mapping[str, Mapping[str, Sequence[float]]],
    unit_roundoffs: Mapping[str, float], *, threshold: float = 2e-7, marked_epsilon: float = 1e-7,
    marked_label: str | None = None, extra: Mapping[str, Sequence[float]] | None = None,
) -> Figure:
    """Relative difference of a correct gradient against the step, one panel per floating-point type.

    Parameters
    ----------
    epsilons : sequence of float
        The steps (``h`` for the complex step).
    differences : dict
        Precision name (``"float64"``, ``"float32"``) to a dict method (``"central"``, ``"forward"``,
        ``"complex"``) to one relative difference per step (NaN: the step vanished).
    unit_roundoffs : dict
        Precision name to its unit round-off ``u``; ``u^(1/3)`` is marked in each panel.
    threshold : float
        The verdict line of the check.
    marked_epsilon, marked_label : float, str
        A step to point out on the central curve, and its legend entry ("the assignment's step", in the current
        language, by default).
    extra : dict, optional
        Label to differences, drawn in grey in the first panel (e.g. the same cost computed differently).

    Returns
    -------
    Figure
        Theory guides (``epsilon_guides``): truncation ``a ε²`` (central) and ``b ε`` (forward), round-off
        ``c u / ε``; the constants come from the first panel's data and serve every panel.
    """
    eps = np.asarray(epsilons, dtype=float)
    names = list(differences)
    figure, axes = _figure(5.2 * len(names), 5.4, len(names))
    first = names[0]
    guides = epsilon_guides(eps, differences[first], unit_roundoffs[first])
    for ax, name in zip(axes, names, strict=True):
        u = unit_roundoffs[name]
        for method, values in differences[name].items():
            style = METHOD_STYLES[method]
            ax.plot(eps, _positive(values), marker=style["marker"], markersize=4, color=style["color"],
                    label=text(f"practice.method.{method}"))
        if extra and name == first:
            for index, (label, values) in enumerate(extra.items()):
                ax.plot(eps, _positive(values), color=GREY, linestyle=(0, (4, 2)) if index == 0 else ":",
                        marker=".", label=label)
        ax.plot(eps, guides["a"] * eps ** 2, color=METHOD_STYLES["central"]["color"], linestyle=":", linewidth=1.2,
                label=text("practice.truncation_central"))
        if "b" in guides:
            ax.plot(eps, guides["b"] * eps, color=METHOD_STYLES["forward"]["color"], linestyle=":", linewidth=1.2,
                    label=text("practice.truncation_forward"))
        ax.plot(eps, guides["c"] * u / eps, color=GREY, linestyle="--", linewidth=1,
                label=text("practice.roundoff"))
        ax.axvline(u ** (1 / 3), color=OKABE_ITO["reddish_purple"], linewidth=1.2)
        ax.annotate(rf"$u^{{1/3}}$ = {u ** (1 / 3):.0e}", (u ** (1 / 3), 3e-16), xytext=(-4, 0),
                    textcoords="offset points", ha="right", color=OKABE_ITO["reddish_purple"], fontsize=8)
        _threshold_line(ax, threshold)
        central = np.asarray(differences[name]["central"], dtype=float)
        at = int(np.argmin(np.abs(np.log(eps / marked_epsilon))))
        if np.isfinite(central[at]):
            ax.plot([eps[at]], [central[at]], marker="o", markersize=11, markerfacecolor="none",
                    markeredgecolor=OKABE_ITO["vermillion"], markeredgewidth=1.8,
                    label=text("practice.marked", epsilon=marked_epsilon,
                               label=text("practice.marked_step") if marked_label is None else marked_label))
        set_log_scale(ax)
        ax.set_ylim(1e-16, 2)
        ax.set_xlim(eps.min(), eps.max())
        ax.set_xlabel(text("practice.tradeoff.xlabel"))
        ax.set_ylabel(text("practice.correct_difference"))
        ax.set_title(text("practice.tradeoff.title", name=name))
    handles, labels = {}, []
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            if label not in handles:
                handles[label] = handle
                labels.append(label)
    figure.legend([handles[label] for label in labels], labels, loc="outside lower center", ncol=4, fontsize=8,
                  frameon=False)
    figure.suptitle(text("practice.tradeoff.suptitle"), fontsize=12)
    return figure


def plot_kink(
    epsilons: Sequence[float], curves: Mapping[str, Sequence[float]], *, kink_distance: float,
    threshold: float = 2e-7,
) -> Figure:
    """Relative difference against the step at a smooth point and next to a ReLU kink.

    Parameters
    ----------
    epsilons : sequence of float
    curves : dict
        Label to one relative difference per step.
    kink_distance : float
        How far the nearest pre-activation is from zero, divided by the largest input it is multiplied
        by: steps above it can cross the kink.
    threshold : float
    """
    eps = np.asarray(epsilons, dtype=float)
    figure, (ax,) = _figure(6.4, 4.2)
    for index, (label, values) in enumerate(curves.items()):
        ax.plot(eps, _positive(values), color=_SERIES_COLOURS[index], marker=_MARKERS[index], markersize=4,
                label=label)
    ax.axvline(kink_distance, color=OKABE_ITO["reddish_purple"], linewidth=1.2,
               label=text("practice.kink.distance", distance=kink_distance))
    ax.axvspan(kink_distance, eps.max(), color=OKABE_ITO["reddish_purple"], alpha=0.08)
    _threshold_line(ax, threshold)
    set_log_scale(ax)
    ax.set_xlim(eps.min(), eps.max())
    ax.set_xlabel(text("practice.kink.xlabel"))
    ax.set_ylabel(text("practice.correct_difference"))
    ax.set_title(text("practice.kink.title"))
    ax.legend(loc="upper left", fontsize=8, framealpha=0.95)
    return figure


def plot_scaling(n_parameters: Sequence[int], seconds: Mapping[str, Sequence[float]]) -> Figure:
    """Time of each check against the number of parameters, log-log, with slope-1 and slope-2 guides.

    The guides pass through the last point of the first series (slope 2) and of the last series (slope 1),
    where the asymptotic growth shows best.

    Parameters
    ----------
    n_parameters : sequence of int
    seconds : dict
        Method label to one time per network (NaN where it was not measured).
    """
    n = np.asarray(n_parameters, dtype=float)
    figure, (ax,) = _figure(8.2, 4.4)
    for index, (label, values) in enumerate(seconds.items()):
        ax.plot(n, _positive(values), color=_SERIES_COLOURS[index], marker=_MARKERS[index], label=label)
    series = [_positive(v) for v in seconds.values()]
    first, last = series[0], series[-1]
    quadratic = int(np.flatnonzero(np.isfinite(first))[-1])
    linear = int(np.flatnonzero(np.isfinite(last))[-1])
    ax.plot(n, last[linear] * n / n[linear], color=GREY, linestyle=":", label=r"$\propto n$")
    ax.plot(n, first[quadratic] * (n / n[quadratic]) ** 2, color=GREY, linestyle="-.", label=r"$\propto n^2$")
    set_log_scale(ax)
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(text("practice.scaling.xlabel"))
    ax.set_ylabel(text("practice.scaling.ylabel"))
    ax.set_title(text("practice.scaling.title"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize=8, frameon=False)
    return figure


def plot_block_reports(reports: Mapping[str, Mapping[str, float]], *, threshold: float = 2e-7) -> Figure:
    """Per-block relative differences as bars on a log scale, one panel per report, the threshold marked.

    Parameters
    ----------
    reports : dict
        Title to a per-block report (block name to difference; an ``"all"`` entry is drawn last, hatched).
    threshold : float
    """
    figure, axes = _figure(4.6 * len(reports), 4.0, len(reports))
    for ax, (title, report) in zip(axes, reports.items(), strict=True):
        names = list(report)
        values = np.maximum(np.asarray([report[name] for name in names], dtype=float), 1e-16)
        colours = [LEVEL_COLORS["bug"] if value > threshold else LEVEL_COLORS["ok"] for value in values]
        bars = ax.bar(names, values, color=colours, edgecolor=OKABE_ITO["black"], linewidth=0.6)
        for bar, name in zip(bars, names, strict=True):
            if name == "all":
                bar.set_hatch("//")
        _threshold_line(ax, threshold)
        set_log_scale(ax, "y")
        ax.set_ylim(1e-14, 10)
        ax.set_xlabel(text("axis.block"))
        ax.set_ylabel(text("axis.difference"))
        ax.set_title(title, fontsize=10)
        ax.legend(loc="upper left", fontsize=8)
    figure.suptitle(text("practice.blocks.suptitle"), fontsize=12)
    return figure
