"""Judging plain outcomes: compare them with the correct solution's and explain a failure.

The other half of the public tests (``public_tests.execution`` runs the function). Everything here works on
plain data (``execution.Outcome``), so the grader judges in its own process what a sandboxed child sent back.
"""

from __future__ import annotations

import hashlib
import math
import pickle
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import formulas, observations
from .cases import MAX_DIGITS, Case
from .execution import Outcome, execute, normalise
from .expected import expected_outcomes
from .messages import text
from .mistakes import Mistake, mistakes_of


def describe(plain: tuple, digits: int = MAX_DIGITS, other: tuple | None = None) -> str:
    """A short human description of a normalised value: a number to ``digits`` significant digits, or more when it
    would then read like ``other``, a different number it is shown beside."""
    kind = plain[0]
    if kind == "scalar":
        return _number(plain[1], digits, other[1] if other and other[0] == "scalar" else None)
    if kind == "none":
        return "None"
    if kind == "array":
        array = plain[1]
        if array.size <= 6:
            return text("describe.array_values", shape=array.shape,
                        values=np.array2string(array.reshape(-1), precision=6))
        return text("describe.array", shape=array.shape)
    if kind == "dict":
        return text("describe.dict", keys=sorted(plain[1]))
    if kind == "sequence":
        return text("describe.tuple", count=len(plain[1]))
    return plain[1]


def _number(value: float, digits: int, other: float | None = None) -> str:
    shown = f"{value:.{digits}g}"
    while other is not None and other != value and digits < 17 and shown == f"{other:.{digits}g}":
        digits += 1
        shown = f"{value:.{digits}g}"
    return shown


def shown(case: Case, got: tuple, want: tuple | None = None) -> str:
    """How a message shows a value returned on ``case``: to the digits the case's tolerance decides
    (``Expect.digits``), one precision for every number of the case, and as many more as it takes to read
    differently from the right value ``want`` it differs from."""
    return describe(got, case.expect.digits, want)


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


def _step_class(step: float, epsilon: float) -> str:
    if step == 0:
        return "0"
    if math.isclose(abs(step), epsilon, rel_tol=1e-4):
        return "+ε" if step > 0 else "−ε"
    return f"{step:.3g}"


def signature(record: tuple | None, case: Case) -> tuple:
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
        if not _close(a.value, b.value, 1e-6, case.expect.limit):
            return False
    elif not _close(a.value, b.value, case.expect.rtol, case.expect.atol):
        return False
    return signature(a.record, case) == signature(b.record, case)


# What a correct return value looks like, per exercise: (check, what it should be).
_GRADIENT_KEYS = ("dW1", "db1", "dW2", "db2", "dW3", "db3")
_CACHE_NAMES = ("Z1", "A1", "W1", "b1", "Z2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3")


def _graded_gradients(plain: tuple) -> dict:
    """The gradients gradient checking checks (dW1 ... db3) of a correct ``backward_propagation_n`` value.

    The other keys (dZ3, dA2, ...) are the back-propagation's intermediate steps: ``gradients_to_vector``
    ignores them, and a fix that moves a factor from dW3 into dZ3 is right for every dW and db.
    """
    return {key: value for key, value in plain[1].items() if key in _GRADIENT_KEYS}


def _shape_problem(exercise: str, got: tuple, want: tuple) -> str | None:
    """Why ``got`` does not have the form of ``want`` (the correct solution's value), or None."""
    if exercise in ("forward_propagation", "backward_propagation", "gradient_check", "gradient_check_n"):
        if got[0] != "scalar":
            extra = text("shape.norm_axis") if got[0] == "array" else ""
            none = text("shape.no_return") if got[0] == "none" else ""
            return text("shape.not_scalar", got=describe(got), extra=extra, none=none)
        return None
    if exercise == "backward_propagation_n":
        if got[0] != "dict":
            return text("shape.not_dict", got=describe(got))
        wanted = _graded_gradients(want)
        missing = [key for key in wanted if key not in got[1]]
        if missing:
            return text("shape.missing_keys", missing=", ".join(missing), wanted=", ".join(wanted))
        for key, value in wanted.items():
            if got[1][key][0] != "array" or got[1][key][1].shape != value[1].shape:
                return text("shape.gradient", key=key, got=describe(got[1][key]), shape=value[1].shape,
                            name=key[1:])
        return None
    if exercise == "forward_propagation_n":
        if got[0] != "sequence" or len(got[1]) != 2:
            return text("shape.not_pair", got=describe(got))
        cost, cache = got[1]
        if cost[0] != "scalar":
            return text("shape.cost", got=describe(cost))
        if cache[0] != "sequence" or len(cache[1]) != len(_CACHE_NAMES):
            return text("shape.cache", got=describe(cache), names=", ".join(_CACHE_NAMES))
        return None
    raise ValueError(f"unknown exercise {exercise!r}")


def _value_problem(case: Case, got: tuple, want: tuple) -> str | None:
    """Why the value ``got`` is wrong for ``case``, or None."""
    expect = case.expect
    if expect.kind == "below":
        value = got[1]
        if not (value >= 0 and value < expect.limit):  # also rejects NaN
            return text("value.not_below", got=shown(case, got), limit=expect.limit)
        return None
    if case.exercise == "backward_propagation_n":
        got_gradients, want_gradients = _graded_gradients(got), _graded_gradients(want)
        if all(_close(got_gradients[k], v, expect.rtol, expect.atol) for k, v in want_gradients.items()):
            return None
        return _gradient_report(got_gradients, want_gradients, expect)
    if _close(got, want, expect.rtol, expect.atol) or _guarded(got, want, expect):
        return None
    if case.exercise == "forward_propagation_n":
        (cost, cache), (want_cost, want_cache) = got[1], want[1]
        if not _close(cost, want_cost, expect.rtol, expect.atol):
            return text("value.cost", got=describe(cost), want=describe(want_cost))
        wrong = [name for name, x, y in zip(_CACHE_NAMES, cache[1], want_cache[1])
                 if not _close(x, y, expect.rtol, expect.atol)]
        return text("value.cache", wrong=", ".join(wrong), names=", ".join(_CACHE_NAMES))
    return text("value.wrong", got=shown(case, got, want), want=shown(case, want))


def _guarded(got: tuple, want: tuple, expect) -> bool:
    """Whether a number is what a guard in the denominator makes of the expected one: at most ``expect.guard``
    (relative) below it (``public_tests.tolerances``, point 3)."""
    if got[0] != "scalar" or want[0] != "scalar" or not expect.guard:
        return False
    return want[1] * (1 - expect.guard) * (1 - expect.rtol) <= got[1] <= want[1]


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
                ratio = text("gradients.ratio", ratio=ratios.flat[0])
        floored = np.floor(w)
        if not ratio and np.any(floored != w) and np.array_equal(g, floored):
            ratio = text("gradients.floor")
        wrong.append(f"{key}{ratio}")
    right = [key for key in want if key not in {w.split(" ")[0] for w in wrong}]
    return text("gradients.differ", wrong="; ".join(wrong),
                right=text("gradients.right", keys=", ".join(right)) if right else "")


def _impossible_value(case: Case, got: tuple) -> str | None:
    """A fact about the returned number alone: a relative difference lies in [0, 1]."""
    if case.exercise not in ("gradient_check", "gradient_check_n") or got[0] != "scalar":
        return None
    value = got[1]
    if math.isnan(value):
        return text("impossible.nan")
    if value < 0 or value > 1 + 1e-12:
        shapes = text("impossible.shapes") if case.exercise == "gradient_check_n" else ""
        return text("impossible.range", got=shown(case, got), shapes=shapes)
    return None


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
            return text("mutation", name=name)
    return None


def _breach(case: Case, outcome: Outcome) -> str | None:
    """A fact of the record that breaks the exercise's contract by itself (it can only lower a verdict)."""
    return next((str(fact) for fact in observations.observe(case, outcome.record) if fact.breach), None)


def problem(case: Case, outcome: Outcome, correct: Outcome) -> str | None:
    """What is wrong with ``outcome`` for ``case``, given the correct solution's outcome; None if nothing."""
    if outcome.error_type:
        return text("raised", error_type=outcome.error_type, error=outcome.error)
    return (_shape_problem(case.exercise, outcome.value, correct.value)
            or _impossible_value(case, outcome.value)
            or _value_problem(case, outcome.value, correct.value)
            or _mutation_problem(case, outcome)
            or _breach(case, outcome))


# ------------------------------------------------------------------------------ what is computed once

_DIGESTS: dict[int, tuple[Sequence[Case], str]] = {}


def _digest(cases: Sequence[Case]) -> str:
    """A fingerprint of the cases' contents (remembered for the list object, which is kept alive with it)."""
    known = _DIGESTS.get(id(cases))
    if known is None or known[0] is not cases:
        if len(_DIGESTS) >= 64:
            _DIGESTS.clear()
        known = _DIGESTS[id(cases)] = (cases, hashlib.blake2b(pickle.dumps(list(cases), protocol=4),
                                                              digest_size=16).hexdigest())
    return known[1]


_CACHE: dict[tuple, object] = {}
_CACHE_LIMIT = 4096


def _cached(key: tuple, compute):
    """``compute()``, remembered under ``key`` (the notebook and the tests judge the same cases many times)."""
    if key not in _CACHE:
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = compute()
    return _CACHE[key]


def correct_outcomes(cases: Sequence[Case]) -> list[Outcome]:
    """What a correct solution returns on each case, computed in this process (once per set of cases) from
    gc_utils' numerics (``public_tests.expected``), not by running a solution."""
    return _cached(("correct", _digest(cases)), lambda: expected_outcomes(cases))


def _mistake_outcome(cases: Sequence[Case], index: int, mistake: Mistake) -> Outcome:
    """What a catalogued mistake does on one case (run only when needed: a failing case first)."""
    return _cached(("mistake", mistake.exercise, mistake.name, index, _digest(cases)),
                   lambda: execute(mistake.function, cases[index]))


def _truths(cases: Sequence[Case]) -> list:
    return _cached(("truth", _digest(cases)), lambda: [formulas.truth(case) for case in cases])


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


def _returned(outcome: Outcome) -> float | np.ndarray | None:
    """The number (or the array of numbers) a check returned, or None."""
    value = outcome.value
    if value and value[0] == "scalar":
        return value[1]
    return value[1] if value and value[0] == "array" else None


def named_formulas(cases: Sequence[Case], outcomes: Sequence[Outcome], correct: Sequence[Outcome],
                   failing: int) -> tuple[list[formulas.Formula], int]:
    """The wrong formulas that reproduce what the check returned (``public_tests.formulas``), and on how many cases
    with an exactly known answer they show.

    A formula qualifies when it gives the returned value on the failing case, no case with an exactly known answer
    contradicts it, and at least one such case shows it (where its value differs from the right one); when the
    failing case's answer is round-off, its value there is only compared in size. Of those, the ones with the
    fewest departures from the right formula are kept.
    """
    if cases[0].exercise not in ("gradient_check", "gradient_check_n"):
        return [], 0
    returned = [_returned(o) for o in outcomes]
    right = [o.value[1] if o.value and o.value[0] == "scalar" else None for o in correct]
    if returned[failing] is None or right[failing] is None:
        return [], 0
    truths = _truths(cases)
    exact = cases[failing].expect.kind == "close"
    others = [k for k, case in enumerate(cases)
              if k != failing and case.expect.kind == "close" and returned[k] is not None and right[k] is not None]
    found = []
    for formula in formulas.formulas():
        if formulas.verdict(formula, truths[failing], returned[failing], right[failing],
                            cases[failing].expect) != "match":
            continue
        verdicts = [formulas.verdict(formula, truths[k], returned[k], right[k], cases[k].expect) for k in others]
        if "contradicts" not in verdicts and (exact or "match" in verdicts):
            found.append((formula, verdicts.count("match")))
    if not found:
        return [], 0
    fewest = min(formula.departures for formula, _ in found)
    kept = list({f.observed: (f, m) for f, m in found if f.departures == fewest}.values())
    return [f for f, _ in kept], min(m for _, m in kept)


def formula_fact(cases: Sequence[Case], outcomes: Sequence[Outcome], correct: Sequence[Outcome],
                 failing: int) -> str | None:
    """The wrong formula that reproduces what the check returned, said as an observation (``named_formulas``); a
    tie between formulas that no case tells apart is said as such."""
    found, matches = named_formulas(cases, outcomes, correct, failing)
    if not found:
        return None
    value = shown(cases[failing], outcomes[failing].value, correct[failing].value)
    if len(found) > 1:
        return text("formula.several", value=value, observed="; ".join(f.observed for f in found),
                    expected=found[0].expected)
    formula, returned = found[0], _returned(outcomes[failing])
    exact = cases[failing].expect.kind == "close"
    if not exact and not formulas.exactly(formula, _truths(cases)[failing], returned):
        return text("formula.below", value=value, matches=matches, observed=formula.observed,
                    expected=formula.expected)
    matches += 1
    where = text("formula.where_all", matches=matches) if matches > 1 else text("formula.where_this")
    key = "formula.array" if isinstance(returned, np.ndarray) else "formula.one"
    return text(key, value=value, observed=formula.observed, where=where, expected=formula.expected)


def _error_fact(case: Case, outcome: Outcome) -> str | None:
    """What the calls made before an error show about it."""
    refused = observations.refused_call(outcome.record)
    if refused is not None:
        return str(refused)
    calls = observations.calls_of(outcome.record).get("forward_propagation_n", 0)
    error = outcome.error or ""
    if case.exercise == "gradient_check" and "Improper number of dimensions to norm" in error:
        return text("error.norm_of_number")
    if case.exercise == "gradient_check_n" and "setting an array element with a sequence" in error:
        if calls == 0:
            return text("error.element_before_cost", n=observations.parameter_count(case))
        return text("error.unpack") if calls == 1 else text("error.element_after_cost", calls=calls)
    if case.exercise == "gradient_check_n" and outcome.error_type == "IndexError" and calls:
        n = observations.parameter_count(case)
        return text("error.index", calls=calls, n=n)
    return None


def constant_fact(cases: Sequence[Case], outcomes: Sequence[Outcome], correct: Sequence[Outcome],
                  failing: int) -> str | None:
    """When the function returned one and the same number on every case, while the right answers differ."""
    values = [o.value[1] if o.value and o.value[0] == "scalar" else None for o in outcomes]
    right = {round(o.value[1], 12) for o in correct if o.value and o.value[0] == "scalar"}
    if None in values or len(set(values)) != 1 or len(right) < 2 or len(values) < 3:
        return None
    value = shown(cases[failing], outcomes[failing].value, correct[failing].value)
    return text("constant", value=value, count=len(values))


_ROUNDINGS = (("floor", math.floor), ("trunc", math.trunc), ("round", round))
"""Ways a number is made whole: floor division ``//`` rounds down, ``int()`` cuts the decimals, ``round()``."""


def rounding_fact(cases: Sequence[Case], outcomes: Sequence[Outcome], correct: Sequence[Outcome],
                  failing: int) -> str | None:
    """When every number returned is the right one made whole the same way (``//``, ``int()``, ``round()``): on the
    failing case, and on every case where that differs from the right number, with at least one such case."""
    returned = [o.value[1] if o.value and o.value[0] == "scalar" else None for o in outcomes]
    right = [o.value[1] if o.value and o.value[0] == "scalar" else None for o in correct]
    if returned[failing] is None or right[failing] is None or not math.isfinite(right[failing]):
        return None
    found, shown = [], 0
    for name, whole in _ROUNDINGS:
        pairs = [(v, whole(r)) for r, v in zip(right, returned)
                 if r is not None and v is not None and math.isfinite(r) and whole(r) != r]
        if pairs and all(v == w for v, w in pairs) and returned[failing] == whole(right[failing]):
            found.append(name)
            shown = max(shown, len(pairs))
    if not found:
        return None
    where = text("formula.where_all", matches=shown) if shown > 1 else text("formula.where_this")
    return text("rounding.observed", value=describe(outcomes[failing].value), right=describe(correct[failing].value),
                how=text("rounding.or").join(text(f"rounding.{name}") for name in found), where=where)


MAX_FACTS = 4
"""Lines of observed facts per message: the most telling first."""


def failure_message(cases: Sequence[Case], outcomes: Sequence[Outcome], correct: Sequence[Outcome],
                    index: int, issue: str) -> str:
    """The message of a failing case: which case, what was observed then expected, and the likely mistake."""
    case, outcome = cases[index], outcomes[index]
    lines = [text("failed_on_case", exercise=case.exercise, index=index + 1, total=len(cases), label=case.label),
             f"  {issue}"]
    if outcome.error_type:
        facts = [_error_fact(case, outcome)]
    else:
        facts = [str(f) for f in observations.observe(case, outcome.record) if str(f) != issue][:MAX_FACTS - 2]
        facts += [constant_fact(cases, outcomes, correct, index), formula_fact(cases, outcomes, correct, index)]
        if case.exercise in ("forward_propagation", "backward_propagation"):
            facts.append(rounding_fact(cases, outcomes, correct, index))
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
