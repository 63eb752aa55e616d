"""Pieces of an explorer's readout: numbers, verdicts, problems and notes as small HTML fragments.

Colours come from ``gc_utils.style``; every text is escaped where it can hold what a student's code said.
"""

from __future__ import annotations

import html
import math

from ..style import OKABE_ITO
from .messages import text as message


def fmt(value: float | None, digits: int = 1) -> str:
    """A difference in scientific notation with ``digits`` decimals; "exactly 0", or "n/a" for no value."""
    if value is None or not math.isfinite(value):
        return message("readout.no_value")
    return message("readout.exactly_0") if value == 0 else f"{value:.{digits}e}"


def fmt_difference(value: float | None) -> str:
    """A difference with the digits that mean something on any machine: nine significant digits for a real
    mistake (≥ 1e-3, where round-off moves only the tenth), two for a value at round-off level.

    Examples
    --------
    >>> fmt_difference(0.2850931567761623), fmt_difference(1.1890913e-07)
    ('0.285093157', '1.19e-07')
    """
    if value is not None and math.isfinite(value) and value >= 1e-3:
        return f"{value:.9g}"
    return fmt(value, 2)


def verdict_badge(value: float | None, threshold: float) -> str:
    """" — correct (≤ t)" or " — mistake (> t)", coloured; nothing for no value."""
    if value is None:
        return ""
    if value > threshold:
        return (f' — <b style="color:{OKABE_ITO["vermillion"]}">{message("readout.mistake")}</b> (&gt; {threshold:g})')
    return f' — <b style="color:{OKABE_ITO["bluish_green"]}">{message("readout.correct")}</b> (≤ {threshold:g})'


def verdict_word(value: float, threshold: float) -> str:
    """"mistake" above ``threshold``, else "correct" (the badge's word, without its colour)."""
    return message("readout.mistake" if value > threshold else "readout.correct")


def problem(text: str) -> str:
    """A warning line: what went wrong."""
    return f'<div style="color:{OKABE_ITO["vermillion"]}">⚠ {html.escape(text)}</div>'


def line(text: str) -> str:
    """A plain line (``text`` is HTML already)."""
    return f"<div>{text}</div>"


def note(text: str) -> str:
    """A quieter, italic line: an explanation or a remark."""
    return f'<div style="opacity:0.75"><i>{html.escape(text)}</i></div>'  # readable in light and dark themes


def call_remarks(problem_text: str | None, note_text: str | None) -> list[str]:
    """What a student's call left to say, a line each: its problem, then its note (none when there is neither).

    Examples
    --------
    >>> call_remarks(None, None)
    []
    """
    return [*([problem(problem_text)] if problem_text else []), *([note(note_text)] if note_text else [])]


def distinct_problems(*texts: str | None) -> list[str]:
    """The problems worth a line each: empty ones left out, and one that only repeats an earlier one
    (the same message, "at 89 of 89 steps") too.

    Examples
    --------
    >>> distinct_problems("f raised E", None, "f raised E (at 3 of 3 steps)", "g did not call h")
    ['f raised E', 'g did not call h']
    """
    kept: list[str] = []
    for text in texts:
        if text and not any(text.startswith(earlier) for earlier in kept):
            kept.append(text)
    return kept


def digits_to_show(relative_change: float) -> int:
    """Significant digits that make a number changed by ``relative_change`` differ, in print, from the original.

    Examples
    --------
    >>> digits_to_show(1e-10), f"{3 * (1 + 1e-10):.{digits_to_show(1e-10)}g}"
    (13, '3.0000000003')
    """
    if relative_change == 0 or not math.isfinite(relative_change):
        return 6
    return min(17, max(6, math.ceil(-math.log10(abs(relative_change))) + 3))


def disagrees(value: float, expected: float, threshold: float, floor: float = 1e-8) -> bool:
    """Whether a student's difference contradicts the same check done right: the two fall on opposite sides of
    ``threshold``, or both are above ``floor`` (far above round-off) and differ more than tenfold.

    Examples
    --------
    >>> disagrees(1.0, 5e-7, 2e-7), disagrees(4.9e-7, 5e-7, 2e-7), disagrees(3e-11, 7.8e-11, 2e-7)
    (True, False, False)
    """
    if (value > threshold) != (expected > threshold):
        return True
    if value > floor and expected > floor:
        return abs(math.log10(value / expected)) > 1
    return False
