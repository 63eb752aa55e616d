"""The tolerances of the gradient-checking cases, derived from what correct code can do (public_tests.tolerances),
hold on both sides: correct code written in other ways passes every case of several seeds, and a mistake as small
as gradapprox stored in float32 still fails."""

import math

import pytest

import reference_solutions as reference
from public_tests import cases as case_data
from public_tests import tolerances
from public_tests.execution import execute
from public_tests.judging import correct_outcomes, judge
from tests.corpus.submissions import _CENTRAL, _LESSON_LOOP, _gradient_check, _gradient_check_n
from tests.test_public_tests import define

SEEDS = (case_data.NOTEBOOK_SEED, 1, 2, 3, 4, 5)

CORRECT_1D = {
    "guard 1e-8": _gradient_check(_CENTRAL, "return numerator / (denominator + 1e-8)"),
    "guard GUARD": _gradient_check(_CENTRAL, f"return numerator / (denominator + {tolerances.GUARD!r})"),
    "guard 1e-12": _gradient_check(_CENTRAL, "return numerator / (denominator + 1e-12)"),
    "two quotients": _gradient_check("gradapprox = J_plus / (2 * epsilon) - J_minus / (2 * epsilon)"),
    "halved then over epsilon": _gradient_check("gradapprox = (J_plus - J_minus) / 2 / epsilon"),
    "step back from theta_plus": _gradient_check(_CENTRAL, minus="theta_minus = theta_plus - 2 * epsilon"),
    "abs instead of norms": _gradient_check(_CENTRAL, "return abs(grad - gradapprox) / (abs(grad) + abs(gradapprox))"),
}

CORRECT_ND = {
    "guard 1e-8": _gradient_check_n(_LESSON_LOOP, result="difference = numerator / (denominator + 1e-8)"),
    "guard GUARD": _gradient_check_n(_LESSON_LOOP,
                                     result=f"difference = numerator / (denominator + {tolerances.GUARD!r})"),
    "two quotients": _gradient_check_n(_LESSON_LOOP.replace(
        "(J_plus[i] - J_minus[i]) / (2 * epsilon)", "J_plus[i] / (2 * epsilon) - J_minus[i] / (2 * epsilon)")),
    "perturb and restore": _gradient_check_n("""
theta[i] = theta[i] + epsilon
J_plus[i] = forward_propagation_n(X, Y, vector_to_dictionary(theta))[0]
theta[i] = theta[i] - 2 * epsilon
J_minus[i] = forward_propagation_n(X, Y, vector_to_dictionary(theta))[0]
theta[i] = theta[i] + epsilon
gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
""", before="theta = np.copy(parameters_values)"),
    "norms of flat vectors": _gradient_check_n(_LESSON_LOOP, result="difference = np.linalg.norm((grad - gradapprox)"
                                               ".ravel()) / (np.linalg.norm(grad.ravel()) + np.linalg.norm("
                                               "gradapprox.ravel()))"),
}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("exercise", "name", "source"),
                         [("gradient_check", n, s) for n, s in CORRECT_1D.items()]
                         + [("gradient_check_n", n, s) for n, s in CORRECT_ND.items()])
def test_correct_code_written_otherwise_passes_every_case(exercise, name, source, seed):
    cases = case_data.build_cases(exercise, seed)
    function = define(source, exercise)
    report = judge(exercise, cases, [execute(function, case) for case in cases])
    assert report.passed, report.message


@pytest.mark.parametrize("seed", SEEDS)
def test_gradapprox_in_float32_fails(seed):
    source = _gradient_check_n(_LESSON_LOOP, before="gradapprox = np.zeros((num_parameters, 1), dtype=np.float32)")
    cases = case_data.build_cases("gradient_check_n", seed)
    assert not judge("gradient_check_n", cases, [execute(define(source, "gradient_check_n"), c) for c in cases]).passed


def test_a_guard_above_the_largest_accepted_fails():
    source = _gradient_check(_CENTRAL, f"return numerator / (denominator + {10 * tolerances.GUARD!r})")
    cases = case_data.build_cases("gradient_check")
    assert not judge("gradient_check", cases, [execute(define(source, "gradient_check"), c) for c in cases]).passed


def test_the_derived_limits_are_the_lessons_thresholds_and_its_published_values_pass():
    """The round-off limits come out at 1e-7 (1-D) and 1e-6 (N-D); the lesson's printed numbers pass."""
    one_d = case_data.build_cases("gradient_check")
    assert [c.expect.limit for c in one_d if c.expect.kind == "below"] == [1e-7, 1e-7]
    both_bugs, correct = case_data.build_cases("gradient_check_n")[:2]
    assert correct.expect.limit == 1e-6 and 1.1890913024229996e-07 < correct.expect.limit
    expected = correct_outcomes(case_data.build_cases("gradient_check_n"))[0].value[1]
    for printed in (0.2850931567761623, 0.28509315672):  # the lesson's, and a reordered computation's
        assert math.isclose(printed, expected, rel_tol=both_bugs.expect.rtol)


@pytest.mark.parametrize("exercise", ["gradient_check", "gradient_check_n"])
def test_every_close_tolerance_is_at_least_the_bound_a_reference_solution_uses(exercise):
    """The reference is one correct code and gc_utils another: they differ by less than the derived bound."""
    for seed in SEEDS:
        cases = case_data.build_cases(exercise, seed)
        for case, right in zip(cases, correct_outcomes(cases)):
            if case.expect.kind == "close":
                ours = execute(reference.SOLUTIONS[exercise], case).value[1]
                assert math.isclose(ours, right.value[1], rel_tol=case.expect.rtol / tolerances.SAFETY), case.label
