"""Plots of gradient-check differences, in one style: data in, matplotlib Axes drawn on.

The style: a white figure (readable in dark themes too), an explicit size, the colours of ``gc_utils.style``
(the Okabe-Ito colour-blind-safe palette), a title, labelled axes and log scales (differences span many decades).

Figures here are ``matplotlib.figure.Figure`` objects with an Agg canvas, never pyplot figures: nothing is
registered with pyplot, so nothing is shown twice by the inline backend and nothing piles up (a figure is
freed with the object that holds it). ``PngRenderer`` turns a figure into PNG bytes, redrawing only the
artists marked *animated* when the rest has not changed: that is what makes the explorers respond fast.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text
from PIL import Image

from .figure_messages import text
from .log_ticks import set_log_scale
from .style import BUG_LEVEL_LINE, GREY, GRID, LEVEL_COLORS, ROLE_COLORS, add_threshold_line

FIGSIZE: tuple[float, float] = (9.6, 4.4)
DPI = 100
"""Figures are 9.6 × 4.4 inches at 100 dpi: 960 × 440 pixels, the legend to the right of the axes."""

LEGEND_STYLE: dict[str, Any] = {"loc": "upper left", "bbox_to_anchor": (1.02, 1.0), "fontsize": 9, "frameon": False}
"""Legends sit outside the axes, so that they never hide a curve or a bar."""

FLOOR = 1e-17
"""Lowest value a log axis of differences shows; exact zeros cannot be drawn on a log axis at all."""


# ----------------------------------------------------------------------------------------- figures

def new_figure(figsize: tuple[float, float] = FIGSIZE) -> tuple[Figure, Axes]:
    """A white figure with one Axes and an Agg canvas, not registered with pyplot.

    Margins are fixed (no layout engine), so redrawing is cheap and the axes never jump.
    """
    figure = Figure(figsize=figsize, dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)
    figure.subplots_adjust(left=0.08, right=0.68, bottom=0.14, top=0.9)
    axes = figure.add_subplot()
    axes.set_facecolor("white")
    return figure, axes


def release_figure(figure: Figure) -> None:
    """Remove every artist and the canvas' pixel buffers (a few MB) from a figure that is no longer shown."""
    figure.clear()
    FigureCanvasAgg(figure)  # a fresh canvas: the old one, with its rendered buffer, is let go


class PngRenderer:
    """Render a figure to PNG bytes, redrawing only its animated artists when nothing else changed.

    ``full()`` draws everything and remembers the static part (all artists not marked animated);
    ``fast()`` pastes that back and draws just ``animated`` on top. Call ``full()`` after changing static
    artists (curves, limits), ``fast()`` after moving animated ones (markers, bars).

    Parameters
    ----------
    figure : Figure
        A figure with an Agg canvas (as ``new_figure`` makes).
    animated : sequence of Artist, optional
        The artists ``fast()`` redraws; each is set to animated.
    """

    def __init__(self, figure: Figure, animated: Sequence[Artist] = ()):
        if not isinstance(figure.canvas, FigureCanvasAgg):
            raise TypeError(f"PngRenderer needs a figure with an Agg canvas; got {type(figure.canvas).__name__}")
        self.figure = figure
        self.animated: list[Artist] = []
        self._background = None
        self.set_animated(animated)

    def set_animated(self, artists: Sequence[Artist]) -> None:
        """Replace the artists that ``fast()`` redraws (the static background must then be redrawn)."""
        self.animated = list(artists)
        for artist in self.animated:
            artist.set_animated(True)
        self._background = None

    def full(self, compact: bool = False) -> bytes:
        """Draw the whole figure and return it as PNG (``compact``: see ``rgba_buffer_to_png``)."""
        canvas = self._canvas()
        canvas.draw()  # animated artists are skipped here
        self._background = canvas.copy_from_bbox(self.figure.bbox)
        return self._with_animated(compact)

    def fast(self, compact: bool = False) -> bytes:
        """Redraw only the animated artists over the remembered background (``full()`` if there is none)."""
        if self._background is None:
            return self.full(compact)
        self._canvas().restore_region(self._background)
        return self._with_animated(compact)

    def _with_animated(self, compact: bool) -> bytes:
        for artist in self.animated:
            if artist.get_visible():
                self.figure.draw_artist(artist)
        return rgba_buffer_to_png(self._canvas(), compact)

    def _canvas(self) -> FigureCanvasAgg:
        """The figure's canvas, which draws with Agg (what ``copy_from_bbox`` and the RGBA buffer need)."""
        canvas = self.figure.canvas
        if not isinstance(canvas, FigureCanvasAgg):
            raise TypeError(f"the figure must draw with Agg; its canvas is a {type(canvas).__name__}")
        return canvas


def rgba_buffer_to_png(canvas: FigureCanvasAgg, compact: bool = False) -> bytes:
    """The canvas' current pixels as PNG, without metadata (identical pixels give identical bytes).

    By default RGB with fast compression (a few ms: for interaction). ``compact`` reduces the picture to a
    256-colour palette first: about 2.5 times smaller and 25 ms slower, for pictures that are stored (a
    notebook's output and widget state hold the first frame twice).
    """
    width, height = canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
    buffer = io.BytesIO()
    if compact:
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(buffer, format="png", optimize=True)
    else:
        image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


# ----------------------------------------------------------------------------------------- helpers

def positive_or_nan(values: object) -> np.ndarray:
    """``values`` as floats with zeros, negatives and non-finite entries replaced by NaN (not drawn on a log axis)."""
    array = np.array(values, dtype=float, copy=True).reshape(-1)
    array[~(np.isfinite(array) & (array > 0))] = np.nan
    return array


def log_limits(arrays: Sequence[object], floor: float = FLOOR, ceiling: float = 2.0) -> tuple[float, float]:
    """Limits of a log axis showing every positive value of ``arrays``: whole decades, at least ``floor``."""
    positives = [positive_or_nan(a) for a in arrays]
    finite = np.concatenate([p[np.isfinite(p)] for p in positives]) if positives else np.array([])
    if finite.size == 0:
        return floor, ceiling
    low = 10.0 ** np.floor(np.log10(finite.min()) - 0.3)
    high = max(ceiling, 10.0 ** np.ceil(np.log10(finite.max()) + 0.1))
    return max(floor, float(low)), float(high)


def set_title(axes: Axes, title: str) -> None:
    """The title, at a fixed height (matplotlib then skips measuring the axes to place it: faster redraws)."""
    axes.set_title(title, fontsize=12, y=1.02)


def style_axes(axes: Axes, title: str, xlabel: str, ylabel: str, xlog: bool = True, ylog: bool = True) -> None:
    """Title, axis labels, log scales and a light grid."""
    set_title(axes, title)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    if xlog:
        set_log_scale(axes, "x")
    if ylog:
        set_log_scale(axes, "y")
    axes.grid(True, which="major", **GRID)
    axes.set_axisbelow(True)


def lines_by_gid(axes: Axes) -> dict[str, Line2D]:
    """The Line2D artists of ``axes`` that have a gid, by gid (how tests find a curve)."""
    return {gid: line for line in axes.get_lines() if (gid := line.get_gid())}


# ----------------------------------------------------------------------------------------- curves

@dataclass(frozen=True)
class Curve:
    """One curve of differences: identifier, legend label, y values and its role (which sets colour and style).

    ``role`` is a key of ``ROLE_COLORS``; ``"guide"`` and ``"theory"`` curves are dashed and thin, ``"yours"`` is a
    wide translucent band under the others (so a curve it coincides with still shows through).
    """

    gid: str
    label: str
    values: np.ndarray
    role: str = "yours"
    linestyle: str | None = None


@dataclass
class PositionMarker:
    """The animated mark of the current control value: a vertical line and one dot per curve."""

    line: Line2D
    dots: dict[str, Line2D] = field(default_factory=dict)

    @property
    def artists(self) -> list[Artist]:
        return [self.line, *self.dots.values()]

    def move(self, x: float, values: Mapping[str, float]) -> None:
        """Put the line at ``x`` and each dot at ``(x, values[gid])``; a missing, zero or NaN value hides it."""
        self.line.set_xdata([x, x])
        for gid, dot in self.dots.items():
            y = positive_or_nan([values.get(gid, np.nan)])[0]
            dot.set_data([x], [y])
            dot.set_visible(bool(np.isfinite(y)))


def plot_difference_curves(
    axes: Axes, x: np.ndarray, curves: Sequence[Curve], *, threshold: float, title: str, xlabel: str,
    ylabel: str | None = None, ylim: tuple[float, float] | None = None, floor: float = FLOOR,
) -> dict[str, Line2D]:
    """Draw difference curves on log-log axes with the verdict threshold and a legend (clears ``axes`` first).

    Non-positive values (an exact 0, a failed call) are left out: a log axis cannot show them.

    Parameters
    ----------
    ylabel : str, optional
        "relative difference" (in the current language) by default.
    ylim : (low, high), optional
        Fixed limits (so that curves can later change without rescaling); by default they fit the data.

    Returns
    -------
    dict
        The curves' Line2D artists by gid; ``update_curves`` changes their values in place.
    """
    x = np.asarray(x, dtype=float)
    axes.clear()
    style_axes(axes, title, xlabel, text("axis.difference") if ylabel is None else ylabel)
    lines = {curve.gid: _add_curve(axes, x, curve) for curve in curves}
    add_threshold_line(axes, threshold, gid="threshold")
    axes.set_xlim(float(np.min(x)), float(np.max(x)))
    if ylim is None:
        ylim = log_limits([c.values for c in curves if c.role not in ("guide", "theory")] + [[threshold]], floor=floor)
    axes.set_ylim(*ylim)
    axes.legend(**LEGEND_STYLE)
    return lines


def update_curves(lines: Mapping[str, Line2D], values: Mapping[str, object]) -> None:
    """Give the curves named in ``values`` new y values (same x); ``None`` hides a curve."""
    for gid, y in values.items():
        line = lines[gid]
        line.set_visible(y is not None)
        if y is not None:
            line.set_ydata(positive_or_nan(y))


def _add_curve(axes: Axes, x: np.ndarray, curve: Curve) -> Line2D:
    color = ROLE_COLORS[curve.role]
    y = positive_or_nan(curve.values)
    if curve.role in ("guide", "theory"):
        default = "--" if curve.role == "theory" else ":"
        (line,) = axes.plot(x, y, color=color, linestyle=curve.linestyle or default, linewidth=1.4, label=curve.label,
                            gid=curve.gid)
    elif curve.role == "yours":
        (line,) = axes.plot(x, y, color=color, linewidth=5, alpha=0.45, solid_capstyle="round", label=curve.label,
                            gid=curve.gid, zorder=1.5)
    elif curve.role == "reference":
        (line,) = axes.plot(x, y, color=color, marker="o", markersize=2, linewidth=0.9, label=curve.label,
                            gid=curve.gid)
    else:
        (line,) = axes.plot(x, y, color=color, marker="o", markersize=3, linewidth=1.8, label=curve.label,
                            gid=curve.gid)
    return line


def refresh_legend(axes: Axes) -> None:
    """Rebuild the legend from every labelled artist of ``axes`` (after adding markers, say)."""
    axes.legend(**LEGEND_STYLE)


def add_position_marker(axes: Axes, x: float, curve_gids: Sequence[str], label: str) -> PositionMarker:
    """An (animated) vertical line at ``x`` and a dot per named curve, in the 'current' colour.

    Both have a legend entry: ``label`` for the line, "values at the <label>" (in the current language) for the
    dots.
    """
    color = ROLE_COLORS["current"]
    line = axes.axvline(x, color=color, linewidth=1.5, gid="current-line", label=label)
    dots = {}
    for index, gid in enumerate(curve_gids):
        (dot,) = axes.plot([x], [np.nan], linestyle="none", marker="o", markersize=9, markerfacecolor=color,
                           markeredgecolor=ROLE_COLORS.get(gid, "black"), markeredgewidth=1.5,
                           gid=f"current-{gid}", label=text("marker.values_at", label=label) if index == 0 else None)
        dots[gid] = dot
    return PositionMarker(line, dots)


def add_star(axes: Axes, gid: str, label: str) -> Line2D:
    """An (animated, initially hidden) star, for a single value a student's function returned."""
    (star,) = axes.plot([np.nan], [np.nan], linestyle="none", marker="*", markersize=15,
                        markerfacecolor=ROLE_COLORS["yours"], markeredgecolor="white", markeredgewidth=0.8,
                        gid=gid, label=label)
    star.set_visible(False)
    return star


def move_star(star: Line2D, x: float, y: float | None) -> None:
    """Show ``star`` at ``(x, y)``, or hide it when ``y`` is None, zero or not finite."""
    value = positive_or_nan([np.nan if y is None else y])[0]
    star.set_data([x], [value])
    star.set_visible(bool(np.isfinite(value)))


# ----------------------------------------------------------------------------------------- bars

@dataclass
class BlockBars:
    """Animated bars of per-block differences on a log axis, with a value label over each."""

    names: list[str]
    bars: list[Rectangle]
    labels: list[Text]
    floor: float
    overall: str | None

    @property
    def artists(self) -> list[Artist]:
        return [*self.bars, *self.labels]

    def update(self, values: Mapping[str, float], levels: Mapping[str, str]) -> None:
        """Set each bar's height to ``values[name]`` and its colour by ``levels[name]`` (a key of LEVEL_COLORS)."""
        for name, bar, label in zip(self.names, self.bars, self.labels, strict=True):
            value = float(values.get(name, np.nan))
            shown = value if np.isfinite(value) and value > self.floor else self.floor
            bar.set_height(shown - self.floor)
            color = ROLE_COLORS["overall"] if name == self.overall else LEVEL_COLORS.get(levels.get(name, ""), GREY)
            bar.set_facecolor(color)
            label.set_position((bar.get_x() + bar.get_width() / 2, shown * 1.6))
            label.set_text(text("bars.no_value") if not np.isfinite(value) else f"{value:.1e}")


def plot_block_bars(
    axes: Axes, names: Sequence[str], *, threshold: float, bug_level: float, title: str, floor: float = 1e-13,
    overall: str | None = "all", ylabel: str | None = None, xlabel: str | None = None,
) -> BlockBars:
    """Bars (one per parameter block, plus ``overall``) on a log axis from ``floor`` to 10, the threshold and
    the level above which a difference is surely a bug. Clears ``axes`` first; ``BlockBars.update`` fills the bars.
    The axis labels are "parameter block" and "relative difference" (in the current language) by default.
    """
    axes.clear()
    style_axes(axes, title, text("axis.block") if xlabel is None else xlabel,
               text("axis.difference") if ylabel is None else ylabel, xlog=False)
    positions = np.arange(len(names))
    container = axes.bar(positions, np.zeros(len(names)), bottom=floor, width=0.6,
                         color=LEVEL_COLORS["ok"], edgecolor="white", gid="blocks")
    labels = [axes.text(float(p), floor, "", ha="center", va="bottom", fontsize=9) for p in positions]
    threshold_line = add_threshold_line(axes, threshold, gid="threshold")
    bug_line = axes.axhline(bug_level, **BUG_LEVEL_LINE, label=text("bars.bug_level", bug_level=bug_level),
                            gid="bug-level")
    axes.set_xticks(positions, list(names))
    axes.set_xlim(-0.6, len(names) - 0.4)
    axes.set_ylim(floor, 10.0)
    handles: list[Artist] = [Patch(color=LEVEL_COLORS["bug"], label=text("bars.bug", bug_level=bug_level)),
               Patch(color=LEVEL_COLORS["look closer"],
                     label=text("bars.look_closer", threshold=threshold, bug_level=bug_level)),
               Patch(color=LEVEL_COLORS["round-off"], label=text("bars.roundoff")),
               Patch(color=LEVEL_COLORS["ok"], label=text("bars.fine", threshold=threshold))]
    if overall is not None:
        handles.append(Patch(color=ROLE_COLORS["overall"], label=text("bars.overall")))
    handles += [threshold_line, bug_line]
    axes.legend(handles=handles, **LEGEND_STYLE)
    return BlockBars(list(names), list(container.patches), labels, floor, overall)
