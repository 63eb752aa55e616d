"""Every wrong shape of the relative difference, written as a student writes it, is named by what it computes, and
what is named is what the code did: on every case, the named formula gives what the code returned.

A check's number depends only on its grad and gradapprox and on the formula that combines them, so the checks here
compute grad and gradapprox once per case, as a student's loop does (run in the case's environment), and combine
them with each formula of ``public_tests.formulas.shapes()`` written in NumPy (``np.sum(np.abs(...))``,
``np.maximum``, ...): the judge sees what such a submission returns, with the calls of a correct loop.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from public_tests import cases as case_data
from public_tests import formulas
from public_tests.execution import execute, normalise
from public_tests.facts import named_formulas
from public_tests.judging import correct_outcomes, judge, problem
from tests.corpus.submissions import _CENTRAL, _LESSON_LOOP, _gradient_check, _gradient_check_n
from tests.test_public_tests import define

PARTS = {
    "gradient_check": _gradient_check(_CENTRAL, "return grad, gradapprox"),
    "gradient_check_n": _gradient_check_n(_LESSON_LOOP).replace("    return difference\n",
                                                                "    return grad, gradapprox\n"),
}
"""A correct check that returns its grad and gradapprox instead of combining them."""

_NORM_CODE = {"2": "np.linalg.norm({})", "1": "np.sum(np.abs({}))", "inf": "np.max(np.abs({}))",
              "sq": "np.sum(({}) ** 2)", "none": "({})"}


def code_of(shape: formulas.Shape) -> str:
    """The shape as a student writes it in NumPy."""
    def norm(expression: str, kind: str) -> str:
        return _NORM_CODE[kind].format(expression)

    if shape.numerator == "difference":
        top = norm("grad - gradapprox", shape.numerator_norm)
    else:
        top = f"({norm('grad', shape.numerator_norm)} - {norm('gradapprox', shape.numerator_norm)})"
        top = f"np.abs{top}" if shape.numerator == "abs_norm_difference" else top
    g, a = norm("grad", shape.denominator_norm), norm("gradapprox", shape.denominator_norm)
    bottom = {"sum": f"({g} + {a})", "max": f"np.maximum({g}, {a})", "min": f"np.minimum({g}, {a})",
              "mean": f"(({g} + {a}) / 2)", "grad": g, "approx": a,
              "sum_vector": norm("grad + gradapprox", shape.denominator_norm), "product": f"({g} * {a})",
              "none": None, "parentheses": None, "plus_epsilon": f"({g} + {a} + epsilon)"}[shape.denominator]
    if shape.denominator == "none":
        return top
    if shape.denominator == "parentheses":
        return f"{top} / {g} + {a}"
    return f"{top} / {bottom}"


TRANSFORM_CODE = {
    "formula.double": "2 * gradapprox", "formula.precedence": "epsilon ** 2 * gradapprox",
    "formula.undivided": "2 * epsilon * gradapprox", "formula.over_epsilon": "gradapprox / epsilon",
    "formula.sign": "-gradapprox", "formula.zero_approx": "0 * gradapprox",
    "formula.float32": "gradapprox.astype(np.float32)",
    "formula.last_only": "np.where(np.arange(np.size(gradapprox)).reshape(np.shape(gradapprox)) == np.size(gradapprox)"
                         " - 1, gradapprox, 0)",
    "formula.last_for_every_entry": "np.ravel(gradapprox)[-1]",
}
"""A wrong gradapprox, as code, for the transforms that need no other input than grad and gradapprox."""


@dataclasses.dataclass
class Run:
    cases: list
    correct: list
    reference: list
    parts: list
    truths: list


def _runs():
    runs = {}
    for exercise in PARTS:
        for seed in (case_data.NOTEBOOK_SEED, 1):
            cases = case_data.build_cases(exercise, seed)
            function = define(PARTS[exercise], exercise)
            outcomes = [execute(function, case) for case in cases]
            parts = [tuple(np.asarray(part[1]) for part in o.value[1]) for o in outcomes]
            runs[exercise, seed] = Run(cases, correct_outcomes(cases), outcomes, parts,
                                       [formulas.truth(case) for case in cases])
    return runs


@pytest.fixture(scope="module")
def runs():
    return _runs()


def _outcomes(run: Run, expression: str) -> list:
    """What a check combining its grad and gradapprox with ``expression`` returns on each case (the calls of a
    correct loop)."""
    found = []
    for case, reference, (grad, gradapprox) in zip(run.cases, run.reference, run.parts):
        epsilon = case.kwargs.get("epsilon", 1e-7)
        if grad.ndim == 0:  # the 1-D check works with numbers (NumPy's, so that .astype works as on arrays)
            grad, gradapprox = np.float64(grad), np.float64(gradapprox)
        with np.errstate(all="ignore"):
            value = eval(expression, {"np": np, "grad": grad, "gradapprox": gradapprox, "epsilon": epsilon})  # noqa: S307
        found.append(dataclasses.replace(reference, value=normalise(value)))
    return found


def _agrees(formula: formulas.Formula, run: Run, outcomes: list) -> bool:
    """Whether ``formula`` gives what the code returned on every case with an exactly known answer."""
    for case, truth, outcome in zip(run.cases, run.truths, outcomes):
        if case.expect.kind != "close" or outcome.value[0] not in ("scalar", "array"):
            continue
        value = formulas.value_of(formula, truth)
        if value is None:
            return False
        if isinstance(value, np.ndarray) != (outcome.value[0] == "array"):
            return False
        if isinstance(value, np.ndarray):
            if not np.allclose(outcome.value[1].reshape(-1), value, rtol=1e-6, equal_nan=True):
                return False
        elif not math.isclose(outcome.value[1], value, rel_tol=max(1e-6, case.expect.rtol)):
            return False
    return True


def _check(run: Run, expression: str, exercise: str, wanted: str) -> None:
    outcomes = _outcomes(run, expression)
    failing = next((k for k, (case, outcome, right) in enumerate(zip(run.cases, outcomes, run.correct))
                    if problem(case, outcome, right)), None)
    if failing is None:  # the code is right on these cases (in 1-D every norm of a number is its size)
        return
    named, _ = named_formulas(run.cases, outcomes, run.correct, failing)
    assert named, f"{expression}: nothing named\n{judge(exercise, run.cases, outcomes, run.correct).message}"
    for formula in named:
        assert _agrees(formula, run, outcomes), f"{expression}: named {formula.observed}, which it is not"
    if exercise == "gradient_check_n":  # several entries: every shape is told apart from the others
        assert wanted in [f.observed for f in named], f"{expression}: {[f.observed for f in named]}"


SHAPES = formulas.shapes()


@pytest.mark.parametrize("seed", [case_data.NOTEBOOK_SEED, 1])
@pytest.mark.parametrize("exercise", list(PARTS))
def test_every_wrong_shape_is_named_by_what_it_computes(runs, exercise, seed):
    run = runs[exercise, seed]
    for formula in SHAPES:
        _check(run, code_of(formula.shape), exercise, formula.observed)


@pytest.mark.parametrize("seed", [case_data.NOTEBOOK_SEED, 1])
@pytest.mark.parametrize("exercise", list(PARTS))
def test_every_wrong_gradapprox_is_named_by_what_it_computes(runs, exercise, seed):
    run = runs[exercise, seed]
    for formula in formulas.TRANSFORMS:
        if formula.key in TRANSFORM_CODE and not (formula.several_entries and exercise == "gradient_check"):
            expression = ("np.linalg.norm(grad - ({0})) / (np.linalg.norm(grad) + np.linalg.norm({0}))"
                          .format(TRANSFORM_CODE[formula.key]))
            _check(run, expression, exercise, formula.observed)


def test_a_formula_outside_the_families_is_not_named(runs):
    """‖g − a‖ / (‖g‖ + ‖a‖)² is no formula of the families: the number is shown, no formula is named for it."""
    run = runs["gradient_check_n", case_data.NOTEBOOK_SEED]
    outcomes = _outcomes(run, "np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + "
                              "np.linalg.norm(gradapprox)) ** 2")
    report = judge("gradient_check_n", run.cases, outcomes, run.correct)
    assert not report.passed
    assert named_formulas(run.cases, outcomes, run.correct, report.failed_case) == ([], 0)


def test_the_shapes_cover_the_listed_kinds():
    described = {formula.observed.split(":")[0] for formula in SHAPES}
    for written in ("‖grad − gradapprox‖₁ / (‖grad‖₁ + ‖gradapprox‖₁)",
                    "‖grad − gradapprox‖₂² / (‖grad‖₂ + ‖gradapprox‖₂)",
                    "‖grad − gradapprox‖₂ / max(‖grad‖₂, ‖gradapprox‖₂)",
                    "(grad − gradapprox) / (grad + gradapprox)"):
        assert written in described


# ------------------------------------------------------------------------------------------------ the verdicts

def _truth(grad, gradapprox, epsilon=1e-3) -> formulas.Truth:
    grad, gradapprox = np.asarray(grad, dtype=float), np.asarray(gradapprox, dtype=float)
    return formulas.Truth(grad, gradapprox, gradapprox, epsilon, gradapprox, -gradapprox)


def test_an_exact_verdict_matches_contradicts_or_stays_silent_on_a_right_answer():
    assert formulas.exact_verdict(0.25, 0.25, 0.1, 1e-9, 1e-9) == "match"
    assert formulas.exact_verdict(0.25, 0.26, 0.1, 1e-9, 1e-9) == "contradicts"
    assert formulas.exact_verdict(0.1, 0.1, 0.1, 1e-9, 1e-9) == "silent"  # the right answer shows no formula
    assert formulas.exact_verdict(0.25, 0.25 * (1 + 1e-6), 0.1, 1e-9, 1e-5) == "match"  # within the formula's own


def test_a_round_off_verdict_compares_sizes_and_is_silent_where_the_formula_would_pass():
    limit = 1e-6
    assert formulas.round_off_verdict(3e-7, 0.5, limit) == "silent"
    assert formulas.round_off_verdict(2e-5, 5e-5, limit) == "match"  # same sign, within a factor of 10
    assert formulas.round_off_verdict(2e-5, 5e-3, limit) == "contradicts"
    assert formulas.round_off_verdict(2e-5, -2e-5, limit) == "contradicts"
    assert formulas.round_off_verdict(np.ones(2), np.ones(2) * 1.001, limit) == "match"
    assert formulas.round_off_verdict(np.ones(2), 1.0, limit) == "contradicts"


def test_a_formula_that_does_not_apply_is_silent():
    truth = _truth([2.0], [2.0])
    one_entry_only = next(f for f in formulas.TRANSFORMS if f.several_entries)
    assert formulas.value_of(one_entry_only, truth) is None
    assert formulas.verdict(one_entry_only, truth, 0.3, 0.0, case_data.Expect("close", rtol=1e-9)) == "silent"


def test_the_verdict_takes_the_round_off_or_the_exact_rule_by_the_case():
    double = next(f for f in formulas.TRANSFORMS if f.key == "formula.double")
    truth = _truth([1.0, 2.0], [1.0, 2.0])
    value = formulas.value_of(double, truth)
    assert math.isclose(value, 1 / 3)
    assert formulas.verdict(double, truth, value, 0.0, case_data.Expect("close", rtol=1e-9)) == "match"
    assert formulas.verdict(double, truth, value * 2, 0.0, case_data.Expect("below", limit=1e-6)) == "match"
    assert formulas.verdict(double, truth, value * 20, 0.0, case_data.Expect("below", limit=1e-6)) == "contradicts"


def test_a_float32_formula_is_given_the_room_one_rounding_of_each_entry_takes():
    float32 = next(f for f in formulas.TRANSFORMS if f.key == "formula.float32")
    truth = _truth([1.0, 2.0], [1.0 + 1e-3, 2.0])
    widened = formulas.tolerance(float32, truth, 1e-9)
    assert widened > 1e-9 and math.isclose(widened, 1e-9 + 2 * formulas.U32 * np.linalg.norm([1.001, 2]) / 1e-3)
    assert formulas.tolerance(formulas.TRANSFORMS[0], truth, 1e-9) == 1e-9


def test_a_shape_counts_its_departures_and_writes_its_formula():
    l1_throughout = formulas.Shape(numerator_norm="1", denominator_norm="1")
    assert l1_throughout.departures == 1
    assert l1_throughout.formula() == "‖grad − gradapprox‖₁ / (‖grad‖₁ + ‖gradapprox‖₁)"
    maximum = formulas.Shape(denominator="max", denominator_norm="inf")
    assert maximum.departures == 2 and maximum.formula() == "‖grad − gradapprox‖₂ / max(‖grad‖∞, ‖gradapprox‖∞)"
    assert formulas.Shape().compute(_truth([3.0, 4.0], [0.0, 0.0])) == 1.0


def test_exactly_is_six_digits():
    double = next(f for f in formulas.TRANSFORMS if f.key == "formula.double")
    truth = _truth([1.0, 2.0], [1.0, 2.0])
    assert formulas.exactly(double, truth, 1 / 3 * (1 + 1e-7))
    assert not formulas.exactly(double, truth, 1 / 3 * (1 + 1e-5))
