"""One style for every figure of the lesson: the Okabe-Ito palette, what each colour means, threshold lines.

Used by ``gc_utils.plots`` (the explorers), ``gc_utils.practice_plots`` (the practice notebook), the readouts of
``gc_utils.widgets`` and ``tools/draw_figures.py`` (the diagrams). The palette's eight colours stay apart with
every common colour-vision deficiency; line styles and markers are a second cue wherever colours carry meaning.
"""

from __future__ import annotations

from typing import Any

from .figure_messages import text

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
"""The Okabe-Ito palette: eight colours told apart with every common colour-vision deficiency."""

GREY = "#7F7F7F"
"""Guides and secondary lines."""

GRID: dict[str, Any] = {"color": "#DDDDDD", "linewidth": 0.8}
"""The light major grid of every axes."""

ROLE_COLORS: dict[str, str] = {
    "yours": OKABE_ITO["blue"],
    "correct": OKABE_ITO["bluish_green"],
    "buggy": OKABE_ITO["vermillion"],
    "reference": OKABE_ITO["black"],
    "theory": OKABE_ITO["reddish_purple"],
    "current": OKABE_ITO["orange"],
    "threshold": OKABE_ITO["black"],
    "guide": GREY,
    "overall": OKABE_ITO["black"],
}
"""What each colour means, the same in every explorer and figure."""

LEVEL_COLORS: dict[str, str] = {
    "ok": OKABE_ITO["bluish_green"],
    "round-off": OKABE_ITO["sky_blue"],
    "look closer": OKABE_ITO["orange"],
    "bug": OKABE_ITO["vermillion"],
}
"""Colours of a verdict on a difference (see ``gc_utils.sweeps.verdict_level``)."""

METHOD_COLORS: dict[str, str] = {
    "central": OKABE_ITO["blue"],
    "forward": OKABE_ITO["orange"],
    "complex": OKABE_ITO["bluish_green"],
}
"""The derivative approximations of the practice notebook."""

SERIES_COLORS: tuple[str, ...] = tuple(OKABE_ITO[name] for name in (
    "blue", "orange", "bluish_green", "reddish_purple", "vermillion", "sky_blue", "black"))
"""Colours of unnamed series, in order (with ``SERIES_MARKERS`` as the second cue)."""

SERIES_MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X")

THRESHOLD_LINE: dict[str, Any] = {"color": ROLE_COLORS["threshold"], "linestyle": "-.", "linewidth": 1.2}
"""The verdict threshold, as a horizontal line."""

BUG_LEVEL_LINE: dict[str, Any] = {"color": GREY, "linestyle": ":", "linewidth": 1.2}
"""The level from which a difference is surely a bug."""

DIAGRAM_COLORS: dict[str, str] = {
    "forward": OKABE_ITO["blue"],
    "backward": OKABE_ITO["vermillion"],
    "box": "#F0F0F0",
    "linear": "#DCEBF5",
    "text": "#222222",
}
"""The flow diagrams: forward arrows, backward arrows, boxes, the boxes that hold parameters, text."""


def threshold_label(threshold: float) -> str:
    """The legend entry of a threshold line, in the current language.

    Examples
    --------
    >>> threshold_label(2e-7)
    'threshold 2e-07'
    """
    return text("threshold", threshold=threshold)


def add_threshold_line(axes, threshold: float, **extra: Any):
    """Draw the threshold as a horizontal line on ``axes`` (labelled for the legend) and return the line."""
    return axes.axhline(threshold, **{**THRESHOLD_LINE, "label": threshold_label(threshold), **extra})
