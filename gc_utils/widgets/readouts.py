"""Pieces of an explorer's readout: numbers, verdicts, problems and notes as small HTML fragments.

Colours come from ``gc_utils.style``; every text is escaped where it can hold what a student's code said.
"""

from __future__ import annotations

import html
import math

from ..style import OKABE_ITO


def fmt(value: float | None, digits: int = 1) -> str:
    """A difference in scientific notation with ``digits`` decimals; "exactly 0", or "n/a" for no value."""
    if value is None or not math.isfinite(value):
        return "n/a"
    return "exactly 0" if value == 0 else f"{value:.{digits}e}"


def verdict_badge(value: float | None, threshold: float) -> str:
    """" — correct (≤ t)" or " — mistake (> t)", coloured; nothing for no value."""
    if value is None:
        return ""
    if value > threshold:
        return (f' — <b style="color:{OKABE_ITO["vermillion"]}">mistake</b> (&gt; {threshold:g})')
    return f' — <b style="color:{OKABE_ITO["bluish_green"]}">correct</b> (≤ {threshold:g})'


def problem(text: str) -> str:
    """A warning line: what went wrong."""
    return f'<div style="color:{OKABE_ITO["vermillion"]}">⚠ {html.escape(text)}</div>'


def line(text: str) -> str:
    """A plain line (``text`` is HTML already)."""
    return f"<div>{text}</div>"


def note(text: str) -> str:
    """A quieter, italic line: an explanation or a remark."""
    return f'<div style="opacity:0.75"><i>{html.escape(text)}</i></div>'  # readable in light and dark themes
