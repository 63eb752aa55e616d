"""Simulated students for the explorer tests, and small readers of an explorer's figure and readout.

A "student" is lesson-style solutions executed into a fresh namespace, so that their globals behave like a
notebook's.
"""

from __future__ import annotations

import inspect
import re

import numpy as np

import reference_solutions as reference
from gc_utils import plots

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


EIGHT_DIGITS = 1e-8


STUDENT_SOURCE = inspect.getsource(reference) + "\nbackward_propagation_n = lesson_backward_propagation_n\n"
"""Lesson-style solutions (reference_solutions's) as a student's notebook defines them; its
backward_propagation_n is the lesson's, with the two planted bugs."""


def student() -> dict:
    """A fresh namespace holding the student's functions (their ``__globals__``, like a notebook's)."""
    namespace: dict = {"__name__": "student"}
    exec(compile(STUDENT_SOURCE, "<student>", "exec"), namespace)
    return namespace


def stubs() -> dict:
    """A student who has not started: every exercise raises NotImplementedError, as the student edition's stubs."""
    namespace = student()

    def stub(*args, **kwargs):
        raise NotImplementedError()

    for name in ("forward_propagation", "backward_propagation", "gradient_check", "gradient_check_n"):
        namespace[name] = stub
    return namespace


def curve(explorer, gid: str) -> tuple[np.ndarray, np.ndarray]:
    line = plots.lines_by_gid(explorer.axes)[gid]
    return np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)


def loglog_slope(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.polyfit(np.log10(x), np.log10(y), 1)[0])


def text_of(explorer) -> str:
    """The readout without HTML tags or entities."""
    return re.sub(r"<[^>]+>", "", explorer.readout.value).replace("&gt;", ">").replace("&#x27;", "'")
