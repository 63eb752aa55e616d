"""Log axes whose tick labels are plain text, 10⁻³ and 2×10⁻², rather than matplotlib's mathtext.

matplotlib labels a log axis with mathtext (``$\\mathdefault{10^{-3}}$``) and parses every label again for each
new figure: a third of the time of drawing one of the lesson's log plots (benchmarks/bench_figures.py). The same
labels in Unicode superscripts, which DejaVu Sans (matplotlib's font) has, are drawn as plain text and look alike.
"""

from __future__ import annotations

import re

from matplotlib.axes import Axes
from matplotlib.ticker import LogFormatterSciNotation

SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
MATHTEXT_LABEL = re.compile(r"\$\\mathdefault\{(?:(?P<factor>\d+(?:\.\d+)?)\\times)?(?P<base>\d+)"
                            r"(?:\^\{(?P<exponent>-?\d+)\})?\}\$")
"""The labels LogFormatterSciNotation makes: ``$\\mathdefault{10^{-3}}$``, ``$\\mathdefault{2\\times10^{-2}}$``."""


def plain(label: str) -> str:
    """``label`` in plain text when it is one of ``MATHTEXT_LABEL``'s, else unchanged.

    >>> plain("$\\\\mathdefault{10^{-3}}$"), plain("$\\\\mathdefault{2\\\\times10^{-2}}$"), plain("")
    ('10⁻³', '2×10⁻²', '')
    """
    match = MATHTEXT_LABEL.fullmatch(label)
    if match is None:
        return label
    factor, base, exponent = match.group("factor", "base", "exponent")
    return (f"{factor}×" if factor else "") + base + (exponent or "").translate(SUPERSCRIPTS)


class PlainLogFormatter(LogFormatterSciNotation):
    """matplotlib's log tick labels (which ticks get one, and their values), written in plain text."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return plain(super().__call__(x, pos))


def set_log_scale(axes: Axes, which: str = "xy") -> None:
    """Put the x and/or y axis of ``axes`` (``which``: ``"x"``, ``"y"`` or ``"xy"``) on a log scale, labelled in
    plain text."""
    if not which or set(which) - {"x", "y"}:
        raise ValueError(f"which must be 'x', 'y' or 'xy'; got {which!r}")
    for name in which:
        getattr(axes, f"set_{name}scale")("log")
        axis = getattr(axes, f"{name}axis")
        axis.set_major_formatter(PlainLogFormatter())  # what the log scale sets, in plain text
        axis.set_minor_formatter(PlainLogFormatter())
