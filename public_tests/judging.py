"""Judging plain outcomes: compare them with the correct solution's and explain a failure.

The other half of the public tests (``public_tests.execution`` runs the function). Everything here works on
plain data (``execution.Outcome``), so the grader judges in its own process what a sandboxed child sent back.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import reference
from .cases import Case
from .execution import Outcome, execute, normalise
from .mistakes import Mistake, mistakes_of


def describe(plain: tuple) -> str:
    """A short human description of a normalised value, with fixed digits."""
    kind = plain[0]
    if kind == "scalar":
        return f"{plain[1]:.10g}"
    if kind == "none":
        return "None"
    if kind == "array":
        array = plain[1]
        if array.size <= 6:
            return f"an array of shape {array.shape}: {np.array2string(array.reshape(-1), precision=6)}"
        return f"an array of shape {array.shape}"
    if kind == "dict":
        return f"a dict with keys {sorted(plain[1])}"
    if kind == "sequence":
        return f"a tuple of {len(plain[1])} items"
    return plain[1]


# ----------------------------------------------------------------------------------------- judging

def _close(a: tuple, b: tuple, rtol: float, atol: float) -> bool:
    """Whether two normalised values agree within the tolerances (NaN agrees with NaN)."""
    if a[0] != b[0]:
        return False
    kind = a[0]
    if kind == "scalar":
        x, y = a[1], b[1]
        if math.isnan(x) or math.isnan(y):
            return math.isnan(x) and math.isnan(y)
        return math.isclose(x, y, rel_tol=rtol, abs_tol=atol)
    if kind == "array":
        return a[1].shape == b[1].shape and bool(np.allclose(a[1], b[1], rtol=rtol, atol=atol, equal_nan=True))
    if kind == "dict":
        return a[1].keys() == b[1].keys() and all(_close(a[1][k], b[1][k], rtol, atol) for k in a[1])
    if kind == "sequence":
        return len(a[1]) == len(b[1]) and all(_close(x, y, rtol, atol) for x, y in zip(a[1], b[1]))
    return a == b


def _identical(a: tuple, b: tuple) -> bool:
    return _close(a, b, 0.0, 0.0)


def same_behaviour(a: Outcome, b: Outcome, case: Case) -> bool:
    """Whether two outcomes of ``case`` are indistinguishable at the case's resolution."""
    if a.error_type or b.error_type:
        return a.error_type == b.error_type
    if case.expect.kind == "below":
        return _close(a.value, b.value, 1e-6, case.expect.limit)
    return _close(a.value, b.value, case.expect.rtol, case.expect.atol)


# What a correct return value looks like, per exercise: (check, what it should be).
_GRADIENT_KEYS = ("dW1", "db1", "dW2", "db2", "dW3", "db3")
_CACHE_NAMES = ("Z1", "A1", "W1", "b1", "Z2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3")


def _shape_problem(exercise: str, got: tuple, want: tuple) -> str | None:
    """Why ``got`` does not have the form of ``want`` (the correct solution's value), or None."""
    if exercise in ("forward_propagation", "backward_propagation", "gradient_check", "gradient_check_n"):
        if got[0] != "scalar":
            extra = " (np.linalg.norm without an axis gives one number)" if got[0] == "array" else ""
            none = " Did you forget the `return` statement?" if got[0] == "none" else ""
            return f"it returned {describe(got)}; expected a single real number{extra}.{none}"
        return None
    if exercise == "backward_propagation_n":
        if got[0] != "dict":
            return f"it returned {describe(got)}; expected a dict of gradients (dW1, db1, ..., db3)."
        missing = [key for key in want[1] if key not in got[1]]
        if missing:
            return f"the gradients dict has no {', '.join(missing)}."
        for key, value in want[1].items():
            if got[1][key][0] != "array" or got[1][key][1].shape != value[1].shape:
                return f"{key} should be an array of shape {value[1].shape}; got {describe(got[1][key])}."
        return None
    if exercise == "forward_propagation_n":
        if got[0] != "sequence" or len(got[1]) != 2:
            return f"it returned {describe(got)}; expected the pair (cost, cache)."
        cost, cache = got[1]
        if cost[0] != "scalar":
            return f"the cost is {describe(cost)}; expected a single real number."
        if cache[0] != "sequence" or len(cache[1]) != len(_CACHE_NAMES):
            return f"the cache is {describe(cache)}; expected the 12 arrays ({', '.join(_CACHE_NAMES)})."
        return None
    raise ValueError(f"unknown exercise {exercise!r}")


def _value_problem(case: Case, got: tuple, want: tuple) -> str | None:
    """Why the value ``got`` is wrong for ``case``, or None."""
    expect = case.expect
    if expect.kind == "below":
        value = got[1]
        if not (value >= 0 and value < expect.limit):  # also rejects NaN
            return (f"expected a relative difference below {expect.limit:.0e} (round-off only: the gradient is "
                    f"correct); got {describe(got)}.")
        return None
    if _close(got, want, expect.rtol, expect.atol):
        return None
    if case.exercise == "backward_propagation_n":
        return _gradient_report(got[1], want[1], expect)
    if case.exercise == "forward_propagation_n":
        (cost, cache), (want_cost, want_cache) = got[1], want[1]
        if not _close(cost, want_cost, expect.rtol, expect.atol):
            return f"expected the cost {describe(want_cost)}; got {describe(cost)}."
        wrong = [name for name, x, y in zip(_CACHE_NAMES, cache[1], want_cache[1])
                 if not _close(x, y, expect.rtol, expect.atol)]
        return (f"the cost is right, but the cache entries {', '.join(wrong)} are not "
                f"(expected order: {', '.join(_CACHE_NAMES)}).")
    return f"expected {describe(want)}; got {describe(got)}."


def _gradient_report(got: dict, want: dict, expect) -> str:
    wrong = []
    for key, value in want.items():
        if _close(got[key], value, expect.rtol, expect.atol):
            continue
        ratio = ""
        g, w = got[key][1], value[1]
        nonzero = np.abs(w) > 1e-12
        if nonzero.any():
            ratios = g[nonzero] / w[nonzero]
            if np.allclose(ratios, ratios.flat[0], rtol=1e-6) and np.allclose(g[~nonzero], 0):
                ratio = f" ({ratios.flat[0]:.6g} times the correct values)"
        wrong.append(f"{key}{ratio}")
    return f"these gradients differ from the correct ones: {'; '.join(wrong)}."


def _mutation_problem(case: Case, outcome: Outcome) -> str | None:
    """Which argument the call changed, if any."""
    names = {"gradient_check_n": ("parameters", "gradients", "X", "Y"),
             "forward_propagation_n": ("X", "Y", "parameters"),
             "backward_propagation_n": ("X", "Y", "cache")}.get(case.exercise)
    if names is None or outcome.inputs_after is None:
        return None
    before = normalise(list(case.args))
    for name, old, new in zip(names, before[1], outcome.inputs_after[1]):
        if not _identical(old, new):
            return f"it changed its argument `{name}`; a check must leave its inputs as they were (work on copies)."
    return None


def problem(case: Case, outcome: Outcome, correct: Outcome) -> str | None:
    """What is wrong with ``outcome`` for ``case``, given the correct solution's outcome; None if nothing."""
    if outcome.error_type:
        return f"it raised {outcome.error_type}: {outcome.error}"
    return (_shape_problem(case.exercise, outcome.value, correct.value)
            or _value_problem(case, outcome.value, correct.value)
            or _mutation_problem(case, outcome))


def correct_outcomes(cases: Sequence[Case]) -> list[Outcome]:
    """What the correct solution returns on each case, computed in this process."""
    solution = reference.SOLUTIONS[cases[0].exercise]
    return [execute(solution, case) for case in cases]


@dataclass
class Report:
    """The verdict on one exercise: passed, or the first failing case with an explanation."""

    exercise: str
    passed: bool
    cases: int
    failed_case: int | None = None
    message: str = ""


def explain(cases: Sequence[Case], outcomes: Sequence[Outcome], failing: int,
            mistakes: Sequence[Mistake] | None = None) -> str | None:
    """The hint of the known mistake that behaves like the submission, or None.

    A mistake that matches on every case is certain; one that matches on the failing case only is offered
    as a possibility.
    """
    mistakes = mistakes_of(cases[0].exercise) if mistakes is None else mistakes
    possible = None
    for mistake in mistakes:
        matches = [same_behaviour(outcome, execute(mistake.function, case), case)
                   for case, outcome in zip(cases, outcomes)]
        if all(matches):
            return f"Hint: {mistake.hint}"
        if matches[failing] and possible is None:
            possible = f"Possible cause: {mistake.hint}"
    return possible


def judge(exercise: str, cases: Sequence[Case], outcomes: Sequence[Outcome],
          correct: Sequence[Outcome] | None = None) -> Report:
    """Judge the outcomes of a submission on ``cases``."""
    correct = correct_outcomes(cases) if correct is None else correct
    for index, (case, outcome, right) in enumerate(zip(cases, outcomes, correct)):
        if outcome.error_type == "NotImplementedError":
            return Report(exercise, False, len(cases), index,
                          f"{exercise} is not implemented yet: replace the `raise NotImplementedError` line in its "
                          f"cell with your code, run that cell, then run this test again.")
        issue = problem(case, outcome, right)
        if issue:
            lines = [f"{exercise} failed on case {index + 1} of {len(cases)}: {case.label}.", f"  {issue}"]
            hint = explain(cases, outcomes, index)
            if hint:
                lines.append(f"  {hint}")
            return Report(exercise, False, len(cases), index, "\n".join(lines))
    return Report(exercise, True, len(cases))
