"""Facts about the numbers a function returned, across its cases: what a failure's message says besides the
verdict, as the record's facts are (``public_tests.observations``).

Each fact is a function of the cases, the outcomes, the correct outcomes and the failing case, which returns a
sentence or None (``VALUE_FACTS``, in the order a message gives them; ``error_fact`` when the function raised):

- ``constant_fact``: one and the same number on every case, while the right answers differ;
- ``formula_fact``: the wrong formula (``public_tests.formulas``) that gives exactly the returned number, said
  only when no case with an exactly known answer contradicts it;
- ``rounding_fact``: the right number made whole (``//``, ``int()``, ``round()``), for the 1-D exercises;
- ``error_fact``: what the calls made before an error show about it.

A new fact is one such function added to ``VALUE_FACTS`` and one test in ``tests/test_facts.py``. Here too is how a
value is shown in a message (``describe``, ``shown``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from . import formulas, observations
from .cases import MAX_DIGITS, Case, Expect
from .execution import Outcome
from .memo import cached, digest
from .messages import text

CHECKS = ("gradient_check", "gradient_check_n")
"""The exercises that return a relative difference."""
ONE_D = ("forward_propagation", "backward_propagation")
"""The exercises that return one number, J or dθ."""


# ------------------------------------------------------------------------------------------ showing a value

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
    return str(plain[1])


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


def scalar(outcome: Outcome) -> float | None:
    """The number an outcome returned, or None when it returned something else (or raised)."""
    value = outcome.value
    return value[1] if value and value[0] == "scalar" else None


def returned_number(outcome: Outcome) -> float | np.ndarray | None:
    """The number (or the array of numbers) a check returned, or None."""
    value = outcome.value
    return value[1] if value and value[0] in ("scalar", "array") else None


def truths(cases: Sequence[Case]) -> list[formulas.Truth | None]:
    """The trusted grad and gradapprox of each case (``formulas.truth``), computed once per set of cases."""
    return cached(("truth", digest(cases)), lambda: [formulas.truth(case) for case in cases])


# ------------------------------------------------------------------------------------------ one number

def constant_fact(cases: Sequence[Case], outcomes: Sequence[Outcome], correct: Sequence[Outcome],
                  failing: int) -> str | None:
    """When the function returned one and the same number on every case, while the right answers differ."""
    values = [scalar(o) for o in outcomes]
    right = {round(value, 12) for value in map(scalar, correct) if value is not None}
    if None in values or len(set(values)) != 1 or len(right) < 2 or len(values) < 3:
        return None
    value = shown(cases[failing], outcomes[failing].returned, correct[failing].returned)
    return text("constant", value=value, count=len(values))


# ------------------------------------------------------------------------------------------ a wrong formula

def _exact_cases(cases: Sequence[Case], numbers: Sequence[object], right: Sequence[float | None],
                 failing: int) -> list[int]:
    """The other cases that can confirm or contradict a formula: an exactly known answer and a number returned."""
    return [k for k, case in enumerate(cases)
            if k != failing and case.expect.kind == "close" and numbers[k] is not None and right[k] is not None]


def _fewest_departures(found: list[tuple[formulas.Formula, int]]) -> tuple[list[formulas.Formula], int]:
    """Of the formulas found (each with the cases that show it), those that depart least from the right one, one
    per text, and the fewest cases any of them shows on."""
    if not found:
        return [], 0
    fewest = min(formula.departures for formula, _ in found)
    kept = list({f.observed: (f, m) for f, m in found if f.departures == fewest}.values())
    return [f for f, _ in kept], min(m for _, m in kept)


def _verdict(formula: formulas.Formula, truth: formulas.Truth | None, number: formulas.Number | None,
             right: float | None, expect: Expect) -> str:
    """``formulas.verdict`` on a case, silent where the case has no truth, no number returned or no right one."""
    if truth is None or number is None or right is None:
        return "silent"
    return formulas.verdict(formula, truth, number, right, expect)


def named_formulas(cases: Sequence[Case], outcomes: Sequence[Outcome], correct: Sequence[Outcome],
                   failing: int) -> tuple[list[formulas.Formula], int]:
    """The wrong formulas that reproduce what the check returned (``public_tests.formulas``), and on how many cases
    with an exactly known answer they show.

    A formula qualifies when it gives the returned value on the failing case, no case with an exactly known answer
    contradicts it, and at least one such case shows it (where its value differs from the right one); when the
    failing case's answer is round-off, its value there is only compared in size. Of those, the ones with the
    fewest departures from the right formula are kept.
    """
    numbers = [returned_number(o) for o in outcomes]
    right = [scalar(o) for o in correct]
    if cases[0].exercise not in CHECKS or numbers[failing] is None or right[failing] is None:
        return [], 0
    case_truths = truths(cases)

    def verdict(formula: formulas.Formula, k: int) -> str:
        return _verdict(formula, case_truths[k], numbers[k], right[k], cases[k].expect)

    others = _exact_cases(cases, numbers, right, failing)
    exact = cases[failing].expect.kind == "close"
    found = []
    for formula in formulas.formulas():
        if verdict(formula, failing) != "match":
            continue
        verdicts = [verdict(formula, k) for k in others]
        if "contradicts" not in verdicts and (exact or "match" in verdicts):
            found.append((formula, verdicts.count("match")))
    return _fewest_departures(found)


def formula_fact(cases: Sequence[Case], outcomes: Sequence[Outcome], correct: Sequence[Outcome],
                 failing: int) -> str | None:
    """The wrong formula that reproduces what the check returned, said as an observation (``named_formulas``); a
    tie between formulas that no case tells apart is said as such."""
    found, matches = named_formulas(cases, outcomes, correct, failing)
    if not found:
        return None
    value = shown(cases[failing], outcomes[failing].returned, correct[failing].returned)
    if len(found) > 1:
        return text("formula.several", value=value, observed="; ".join(f.observed for f in found),
                    expected=found[0].expected)
    formula, number = found[0], returned_number(outcomes[failing])
    exact = cases[failing].expect.kind == "close"
    truth = truths(cases)[failing]
    if not exact and truth is not None and number is not None and not formulas.exactly(formula, truth, number):
        return text("formula.below", value=value, matches=matches, observed=formula.observed,
                    expected=formula.expected)
    matches += 1
    where = text("formula.where_all", matches=matches) if matches > 1 else text("formula.where_this")
    key = "formula.array" if isinstance(number, np.ndarray) else "formula.one"
    return text(key, value=value, observed=formula.observed, where=where, expected=formula.expected)


# ------------------------------------------------------------------------------------------ made whole

_ROUNDINGS: tuple[tuple[str, Callable[[float], int]], ...] = (("floor", math.floor), ("trunc", math.trunc),
                                                               ("round", round))
"""Ways a number is made whole: floor division ``//`` rounds down, ``int()`` cuts the decimals, ``round()``."""


def cases_made_whole(whole: Callable[[float], int], numbers: Sequence[float | None], right: Sequence[float | None],
                     failing: int) -> int:
    """On how many cases the returned numbers show they are the right ones made whole by ``whole`` (the cases where
    that differs from the right number); 0 when a case contradicts it or the failing case is not such a number."""
    pairs = [(number, whole(r)) for r, number in zip(right, numbers)
             if r is not None and number is not None and math.isfinite(r) and whole(r) != r]
    right_failing = right[failing]
    if right_failing is None or not math.isfinite(right_failing) or numbers[failing] != whole(right_failing):
        return 0
    return len(pairs) if pairs and all(number == made for number, made in pairs) else 0


def rounding_fact(cases: Sequence[Case], outcomes: Sequence[Outcome], correct: Sequence[Outcome],
                  failing: int) -> str | None:
    """When every number returned is the right one made whole the same way (``//``, ``int()``, ``round()``): on the
    failing case, and on every case where that differs from the right number, with at least one such case. Said of
    the 1-D exercises only (``ONE_D``)."""
    if cases[failing].exercise not in ONE_D:
        return None
    numbers, right = [scalar(o) for o in outcomes], [scalar(o) for o in correct]
    right_failing = right[failing]
    if numbers[failing] is None or right_failing is None or not math.isfinite(right_failing):
        return None
    found = {name: count for name, whole in _ROUNDINGS if (count := cases_made_whole(whole, numbers, right, failing))}
    if not found:
        return None
    count = max(found.values())
    where = text("formula.where_all", matches=count) if count > 1 else text("formula.where_this")
    return text("rounding.observed", value=describe(outcomes[failing].returned),
                right=describe(correct[failing].returned),
                how=text("rounding.or").join(text(f"rounding.{name}") for name in found), where=where)


# ------------------------------------------------------------------------------------------ an error

def error_fact(case: Case, outcome: Outcome) -> str | None:
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
        return text("error.index", calls=calls, n=observations.parameter_count(case))
    return None


ValueFact = Callable[[Sequence[Case], Sequence[Outcome], Sequence[Outcome], int], str | None]

VALUE_FACTS: tuple[ValueFact, ...] = (constant_fact, formula_fact, rounding_fact)
"""The facts about returned numbers a failure's message gives, in order (each says nothing where it does not
apply: a formula outside the checks, a rounding outside the 1-D exercises)."""


def value_facts(cases: Sequence[Case], outcomes: Sequence[Outcome], correct: Sequence[Outcome],
                failing: int) -> list[str]:
    """What the value facts say about the failing case."""
    return [said for rule in VALUE_FACTS if (said := rule(cases, outcomes, correct, failing))]
