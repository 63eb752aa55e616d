"""Public tests of the gradient-checking lesson.

Each test takes the student's function, runs it on the cases of ``public_tests.cases`` and either
prints a green "All tests passed." or raises ``TestFailure`` (an ``AssertionError``) with a message that
names the case, what the function did, what was expected, and, when it is known, the mistake::

    from public_tests import *
    gradient_check_test(gradient_check)

The cases are data and the judging works on plain values, so that the grader
(``python -m public_tests grade``) runs the very same cases outside the student's process.

Importing the package imports nothing heavy: NumPy, the cases and the judge are imported by the first test (the
grader starts its fork server before it imports them, so that the two imports run side by side).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import judging

__all__ = [
    "backward_propagation_n_test",
    "backward_propagation_test",
    "forward_propagation_n_test",
    "forward_propagation_test",
    "gradient_check_n_test",
    "gradient_check_test",
]


def set_language(language: str, figures: bool = True) -> None:
    """``set_language("ko")``: the tests' messages (and gc_utils' explorers and figures) in Korean from now on
    (``gc_utils.set_language``)."""
    from gc_utils import i18n

    i18n.set_language(language, figures)


GREEN, RED, RESET = "\033[92m", "\033[91m", "\033[0m"


WIDTH = 80
"""Columns of a line of a failure message as a notebook shows it. JupyterLab breaks an output line that is wider than
its cell anywhere, even inside a word (``word-break: break-all``): the message is broken at spaces first, to a width
that fits a cell in Colab, JupyterLab and Notebook 7 with their side panels open."""


def _columns(text: str) -> int:
    """How many columns ``text`` takes in a monospace font: Hangul and other wide characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def wrap(line: str, width: int = WIDTH) -> list[str]:
    """``line`` broken at spaces into lines of at most ``width`` columns, each continuation indented 4 more than the
    line; a word longer than a line keeps a line of its own, whole."""
    indent = line[:len(line) - len(line.lstrip(" "))]
    words = line.split()
    lines, current = [], indent
    for word in words:
        if current.strip() and _columns(current) + 1 + _columns(word) > width:
            lines.append(current)
            current = indent + "    " + word
        else:
            current = f"{current} {word}" if current.strip() else current + word
    lines.append(current)
    return lines


class TestFailure(AssertionError):
    """A public test failed. In Jupyter only its message is shown, not the test's own frames: IPython displays
    what ``_render_traceback_`` returns instead of a traceback, its lines broken at spaces (``wrap``)."""

    __test__ = False  # not a pytest test class

    def _render_traceback_(self) -> list[str]:
        first, *rest = str(self).split("\n")
        return [f"{RED}{part}{RESET}" for part in wrap(first)] + [part for line in rest for part in wrap(line)]


def run(exercise: str, target: Callable, seed: int | None = None) -> judging.Report:
    """Run ``target`` on every case of ``exercise`` in this process and judge it (the notebook's cases, or those
    of ``seed``)."""
    from . import execution, judging
    from .cases import NOTEBOOK_SEED, build_cases
    from .messages import text

    if not callable(target) or not hasattr(target, "__globals__"):
        raise TestFailure(text("expects_function", exercise=exercise, type=type(target).__name__))
    cases = build_cases(exercise, NOTEBOOK_SEED if seed is None else seed)
    return judging.judge(exercise, cases, [execution.execute(target, case) for case in cases])


def _check(exercise: str, target: Callable) -> None:
    from .messages import text

    report = run(exercise, target)
    if not report.passed:
        raise TestFailure(report.message) from None
    print(f"{GREEN}{text('passed')}{RESET}")


def forward_propagation_test(target: Callable) -> None:
    """Test the 1-D ``forward_propagation(x, theta)``: J = θ·x."""
    _check("forward_propagation", target)


def backward_propagation_test(target: Callable) -> None:
    """Test the 1-D ``backward_propagation(x, theta)``: dθ = x, for every θ including 0."""
    _check("backward_propagation", target)


def gradient_check_test(target: Callable) -> None:
    """Test ``gradient_check(x, theta, epsilon=1e-7, print_msg=False)`` with correct and wrong back-propagations."""
    _check("gradient_check", target)


def forward_propagation_n_test(target: Callable) -> None:
    """Test the 3-layer ``forward_propagation_n(X, Y, parameters)``: cost and cache."""
    _check("forward_propagation_n", target)


def backward_propagation_n_test(target: Callable) -> None:
    """Test ``backward_propagation_n(X, Y, cache)``: passes only once both planted bugs are fixed."""
    _check("backward_propagation_n", target)


def gradient_check_n_test(target: Callable) -> None:
    """Test ``gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False)``."""
    _check("gradient_check_n", target)
