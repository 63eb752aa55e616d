"""Judging plain outcomes: compare them with the correct solution's and explain a failure.

The other half of the public tests (``public_tests.execution`` runs the function). Everything here works on
plain data (``execution.Outcome``), so the grader judges in its own process what a sandboxed child sent back.

What is wrong with an outcome is decided by rules, functions of ``(case, outcome, correct outcome)`` that return a
sentence or None, tried in the order of ``PROBLEMS`` (the first that speaks is the verdict): the form of the value
(``FORMS``, per exercise), a relative difference outside [0, 1], a wrong value, a changed argument, a breach of the
record (``public_tests.observations``). A failure's message adds the record's facts, the facts about the returned
numbers (``public_tests.facts``) and the hint of a catalogued mistake that behaves the same on every case.
Tests: ``tests/test_judging.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from . import observations
from .cases import Case, Expect
from .execution import Outcome, execute, normalise
from .expected import expected_outcomes
from .facts import CHECKS, describe, error_fact, shown, value_facts
from .memo import cached, digest
from .messages import text
from .mistakes import Mistake, mistakes_of

# ----------------------------------------------------------------------------------------- comparing

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


def _step_class(step: float, epsilon: float) -> str:
    if step == 0:
        return "0"
    if math.isclose(abs(step), epsilon, rel_tol=1e-4):
        return "+ε" if step > 0 else "−ε"
    return f"{step:.3g}"


def signature(record: observations.Record, case: Case) -> tuple:
    """What a record says about the calls of the cost and gradient functions, independent of their order and
    of round-off: per call, which inputs it got and which step from θ."""
    epsilon = observations.epsilon_of(case)
    parts: list = [observations.calls_of(record).get("backward_propagation_n", 0)]
    if case.exercise == "gradient_check":
        x, theta = (float(a) for a in case.args[:2])
        for name in ("forward_propagation", "backward_propagation"):
            rows = observations.rows_of(record, name)
            parts.append(tuple(sorted(
                ("x" if xa == x else "θ" if ta == x else "?", _step_class((xa if ta == x != xa else ta) - theta,
                                                                          epsilon))
                for xa, ta in zip(rows["x"], rows["theta"]))))
    elif case.exercise == "gradient_check_n":
        rows = observations.rows_of(record, "forward_propagation_n")
        parts.append(tuple(sorted(
            (int(X), int(Y), int(changed), int(e1), _step_class(d1, epsilon), int(e2), _step_class(d2, epsilon))
            for X, Y, changed, e1, d1, e2, d2 in zip(*(rows[c] for c in list(rows)[1:])))))
    return tuple(parts)


def same_behaviour(a: Outcome, b: Outcome, case: Case) -> bool:
    """Whether two outcomes of ``case`` are indistinguishable at the case's resolution: the same value (or
    error) and the same calls of the cost and gradient functions (compared last: the values tell most apart)."""
    if a.error_type or b.error_type:
        if a.error_type != b.error_type:
            return False
    elif case.expect.kind == "below":
        if not _close(a.returned, b.returned, 1e-6, case.expect.limit):
            return False
    elif not _close(a.returned, b.returned, case.expect.rtol, case.expect.atol):
        return False
    return signature(a.record, case) == signature(b.record, case)


# ----------------------------------------------------------------------------------------- the value's form

_GRADIENT_KEYS = ("dW1", "db1", "dW2", "db2", "dW3", "db3")
_CACHE_NAMES = ("Z1", "A1", "W1", "b1", "Z2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3")


def _graded_gradients(plain: tuple) -> dict:
    """The gradients gradient checking checks (dW1 ... db3) of a correct ``backward_propagation_n`` value.

    The other keys (dZ3, dA2, ...) are the back-propagation's intermediate steps: ``gradients_to_vector``
    ignores them, and a fix that moves a factor from dW3 into dZ3 is right for every dW and db.
    """
    return {key: value for key, value in plain[1].items() if key in _GRADIENT_KEYS}


def number_form(got: tuple, want: tuple) -> str | None:
    """A single real number is expected (J, dθ, a relative difference)."""
    if got[0] == "scalar":
        return None
    extra = text("shape.norm_axis") if got[0] == "array" else ""
    none = text("shape.no_return") if got[0] == "none" else ""
    return text("shape.not_scalar", got=describe(got), extra=extra, none=none)


def gradients_form(got: tuple, want: tuple) -> str | None:
    """A dict of gradients with dW1 ... db3, each of its parameter's shape."""
    if got[0] != "dict":
        return text("shape.not_dict", got=describe(got))
    wanted = _graded_gradients(want)
    missing = [key for key in wanted if key not in got[1]]
    if missing:
        return text("shape.missing_keys", missing=", ".join(missing), wanted=", ".join(wanted))
    wrong = next((key for key, value in wanted.items()
                  if got[1][key][0] != "array" or got[1][key][1].shape != value[1].shape), None)
    if wrong is None:
        return None
    return text("shape.gradient", key=wrong, got=describe(got[1][wrong]), shape=wanted[wrong][1].shape,
                name=wrong[1:])


def cost_and_cache_form(got: tuple, want: tuple) -> str | None:
    """The pair (cost, cache): a number, and the 12 arrays of the cache."""
    if got[0] != "sequence" or len(got[1]) != 2:
        return text("shape.not_pair", got=describe(got))
    cost, cache = got[1]
    if cost[0] != "scalar":
        return text("shape.cost", got=describe(cost))
    if cache[0] != "sequence" or len(cache[1]) != len(_CACHE_NAMES):
        return text("shape.cache", got=describe(cache), names=", ".join(_CACHE_NAMES))
    return None


FORMS: Mapping[str, Callable[[tuple, tuple], str | None]] = {
    "forward_propagation": number_form,
    "backward_propagation": number_form,
    "gradient_check": number_form,
    "gradient_check_n": number_form,
    "backward_propagation_n": gradients_form,
    "forward_propagation_n": cost_and_cache_form,
}
"""Exercise -> why a value has not the form of the correct one (``got``, ``want``), or None."""


# ----------------------------------------------------------------------------------------- the problems

def form_problem(case: Case, outcome: Outcome, correct: Outcome) -> str | None:
    """The returned value has not the form of the correct one (``FORMS``)."""
    if case.exercise not in FORMS:
        raise ValueError(f"unknown exercise {case.exercise!r}")
    return FORMS[case.exercise](outcome.returned, correct.returned)


def impossible_value(case: Case, outcome: Outcome, correct: Outcome) -> str | None:
    """A fact about the returned number alone: a relative difference lies in [0, 1]."""
    got = outcome.returned
    if case.exercise not in CHECKS or got[0] != "scalar":
        return None
    value = got[1]
    if math.isnan(value):
        return text("impossible.nan")
    if value < 0 or value > 1 + 1e-12:
        shapes = text("impossible.shapes") if case.exercise == "gradient_check_n" else ""
        return text("impossible.range", got=shown(case, got), shapes=shapes)
    return None


def value_problem(case: Case, outcome: Outcome, correct: Outcome) -> str | None:
    """Why the value returned is wrong for ``case``, or None."""
    got, want, expect = outcome.returned, correct.returned, case.expect
    if expect.kind == "below":
        return _not_below(case, got)
    if case.exercise == "backward_propagation_n":
        return _gradients_value(_graded_gradients(got), _graded_gradients(want), expect)
    if _close(got, want, expect.rtol, expect.atol) or _guarded(got, want, expect):
        return None
    if case.exercise == "forward_propagation_n":
        return _cost_and_cache_value(got, want, expect)
    return text("value.wrong", got=shown(case, got, want), want=shown(case, want))


def _not_below(case: Case, got: tuple) -> str | None:
    """A round-off case: any value from 0 to the limit passes (NaN does not)."""
    value = got[1]
    if value >= 0 and value < case.expect.limit:
        return None
    return text("value.not_below", got=shown(case, got), limit=case.expect.limit)


def _guarded(got: tuple, want: tuple, expect: Expect) -> bool:
    """Whether a number is what a guard in the denominator makes of the expected one: at most ``expect.guard``
    (relative) below it (``public_tests.tolerances``, point 3)."""
    if got[0] != "scalar" or want[0] != "scalar" or not expect.guard:
        return False
    return want[1] * (1 - expect.guard) * (1 - expect.rtol) <= got[1] <= want[1]


def _cost_and_cache_value(got: tuple, want: tuple, expect: Expect) -> str:
    (cost, cache), (want_cost, want_cache) = got[1], want[1]
    if not _close(cost, want_cost, expect.rtol, expect.atol):
        return text("value.cost", got=describe(cost), want=describe(want_cost))
    wrong = [name for name, x, y in zip(_CACHE_NAMES, cache[1], want_cache[1])
             if not _close(x, y, expect.rtol, expect.atol)]
    return text("value.cache", wrong=", ".join(wrong), names=", ".join(_CACHE_NAMES))


def how_wrong(got: np.ndarray, want: np.ndarray) -> str:
    """What a wrong gradient is, when it is plain: a constant multiple of the right one, or the right one rounded
    down to whole numbers (``//``); empty otherwise."""
    nonzero = np.abs(want) > 1e-12
    if nonzero.any():
        ratios = got[nonzero] / want[nonzero]
        if np.allclose(ratios, ratios.flat[0], rtol=1e-6) and np.allclose(got[~nonzero], 0):
            return text("gradients.ratio", ratio=ratios.flat[0])
    floored = np.floor(want)
    if np.any(floored != want) and np.array_equal(got, floored):
        return text("gradients.floor")
    return ""


def _gradients_value(got: dict, want: dict, expect: Expect) -> str | None:
    """Which gradients differ from the right ones (and how, when it is plain), and which are right."""
    wrong = [key for key, value in want.items() if not _close(got[key], value, expect.rtol, expect.atol)]
    if not wrong:
        return None
    right = [key for key in want if key not in wrong]
    return text("gradients.differ", wrong="; ".join(f"{key}{how_wrong(got[key][1], want[key][1])}" for key in wrong),
                right=text("gradients.right", keys=", ".join(right)) if right else "")


_ARGUMENTS = {"gradient_check_n": ("parameters", "gradients", "X", "Y"),
              "forward_propagation_n": ("X", "Y", "parameters"),
              "backward_propagation_n": ("X", "Y", "cache")}
"""The arguments a function must leave as they were, per exercise (those with arrays or dicts among them)."""


def mutation_problem(case: Case, outcome: Outcome, correct: Outcome) -> str | None:
    """Which argument the call changed, if any."""
    names = _ARGUMENTS.get(case.exercise)
    if names is None or outcome.inputs_after is None:
        return None
    before = normalise(list(case.args))
    return next((text("mutation", name=name) for name, old, new in zip(names, before[1], outcome.inputs_after[1])
                 if not _identical(old, new)), None)


def breach(case: Case, outcome: Outcome, correct: Outcome) -> str | None:
    """A fact of the record that breaks the exercise's contract by itself (it can only lower a verdict)."""
    return next((str(fact) for fact in observations.observe(case, outcome.record) if fact.breach), None)


Problem = Callable[[Case, Outcome, Outcome], str | None]

PROBLEMS: tuple[Problem, ...] = (form_problem, impossible_value, value_problem, mutation_problem, breach)
"""What can be wrong with an outcome that did not raise, in the order it is looked for: the first that speaks is
the verdict."""


def problem(case: Case, outcome: Outcome, correct: Outcome) -> str | None:
    """What is wrong with ``outcome`` for ``case``, given the correct solution's outcome; None if nothing."""
    if outcome.error_type:
        return text("raised", error_type=outcome.error_type, error=outcome.error)
    return next((said for rule in PROBLEMS if (said := rule(case, outcome, correct))), None)


# ------------------------------------------------------------------------------ what is computed once

def correct_outcomes(cases: Sequence[Case]) -> list[Outcome]:
    """What a correct solution returns on each case, computed in this process (once per set of cases) from
    gc_utils' numerics (``public_tests.expected``), not by running a solution."""
    return cached(("correct", digest(cases)), lambda: expected_outcomes(cases))


def _mistake_outcome(cases: Sequence[Case], index: int, mistake: Mistake) -> Outcome:
    """What a catalogued mistake does on one case (run only when needed: a failing case first)."""
    return cached(("mistake", mistake.exercise, mistake.name, index, digest(cases)),
                  lambda: execute(mistake.function, cases[index]))


@dataclass
class Report:
    """The verdict on one exercise: passed, or the first failing case with an explanation."""

    exercise: str
    passed: bool
    cases: int
    failed_case: int | None = None
    message: str = ""


# ------------------------------------------------------------------------------------------ explaining

def explain(cases: Sequence[Case], outcomes: Sequence[Outcome], failing: int,
            mistakes: Sequence[Mistake] | None = None) -> str | None:
    """The hint of the known mistake that behaves like the submission on every case (value and calls), or None.

    A mistake that behaves like it on the failing case but differs on another is not what the code did, and is not
    named: a hint never names a mistake the code did not make.
    """
    mistakes = mistakes_of(cases[0].exercise) if mistakes is None else mistakes
    for mistake in mistakes:
        if not same_behaviour(outcomes[failing], _mistake_outcome(cases, failing, mistake), cases[failing]):
            continue
        if all(same_behaviour(outcome, _mistake_outcome(cases, index, mistake), case)
               for index, (case, outcome) in enumerate(zip(cases, outcomes))):
            return text("hint.certain", hint=mistake.hint)
    return None


MAX_FACTS = 4
"""Lines of observed facts per message: the most telling first."""


def failure_message(cases: Sequence[Case], outcomes: Sequence[Outcome], correct: Sequence[Outcome],
                    index: int, issue: str) -> str:
    """The message of a failing case: which case, what was observed then expected, and the likely mistake."""
    case, outcome = cases[index], outcomes[index]
    lines = [text("failed_on_case", exercise=case.exercise, index=index + 1, total=len(cases), label=case.label),
             f"  {issue}"]
    facts: list[str | None]
    if outcome.error_type:
        facts = [error_fact(case, outcome)]
    else:
        observed = [str(f) for f in observations.observe(case, outcome.record) if str(f) != issue][:MAX_FACTS - 2]
        facts = [*observed, *value_facts(cases, outcomes, correct, index)]
    lines += [f"  {line}" for line in facts if line]
    hint = explain(cases, outcomes, index)
    if hint:
        lines.append(f"  {hint}")
    return "\n".join(lines)


def judge(exercise: str, cases: Sequence[Case], outcomes: Sequence[Outcome],
          correct: Sequence[Outcome] | None = None) -> Report:
    """Judge the outcomes of a submission on ``cases``."""
    correct = correct_outcomes(cases) if correct is None else correct
    for outcome in outcomes:
        observations.check_record(outcome.record)  # a forged record is refused here, not judged
    for index, (case, outcome, right) in enumerate(zip(cases, outcomes, correct)):
        if outcome.error_type == "NotImplementedError":
            return Report(exercise, False, len(cases), index,
                          text("not_implemented", exercise=exercise))
        issue = problem(case, outcome, right)
        if issue:
            return Report(exercise, False, len(cases), index, failure_message(cases, outcomes, correct, index, issue))
    return Report(exercise, True, len(cases))
