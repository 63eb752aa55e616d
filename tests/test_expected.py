"""The expected values of the public tests (public_tests.expected) against a student-style correct solution.

``public_tests.expected`` computes each case's correct outcome from gc_utils' numerics; ``reference_solutions``
is an independent, student-style solution run on the same case in the same environment. Both must agree far
within each case's tolerance, on every case of every exercise and several seeds, so that every verdict is the
same as when the reference's outcomes were the expected ones.
"""

import math

import numpy as np
import pytest

import reference_solutions as reference
from public_tests import expected, tolerances
from public_tests.cases import EXERCISES, NOTEBOOK_SEED, build_cases
from public_tests.execution import execute

SEEDS = (NOTEBOOK_SEED, 1, 2, 3)
MARGIN = 1 / tolerances.SAFETY
"""How much of a "close" case's tolerance the two may use between them: the tolerances of the gradient-checking cases
are SAFETY times the bound derived for two correct codes (``public_tests.tolerances``), which these two are; the
other exercises' are wider still."""
ROUND_OFF_MARGIN = 1e-2
"""A "below" case passes any value under its limit: the two may differ by 1% of it, and ours must be under it.
(They differ in their round-off digits: gc_utils divides by the distance between the two points really evaluated, the
reference by 2ε; at the lesson's x = 3, θ = 4, ε = 1e-7 that is 3.7e-10 against the lesson's 7.8e-11.)"""


def _leaves(plain: tuple):
    """The numbers of a normalised value, flattened, and its structure without them."""
    kind = plain[0]
    if kind == "scalar":
        return [plain[1]], "scalar"
    if kind == "array":
        return list(plain[1].reshape(-1)), ("array", plain[1].shape)
    if kind == "dict":
        parts = {key: _leaves(value) for key, value in sorted(plain[1].items())}
        return [x for numbers, _ in parts.values() for x in numbers], {k: s for k, (_, s) in parts.items()}
    if kind == "sequence":
        parts = [_leaves(value) for value in plain[1]]
        return [x for numbers, _ in parts for x in numbers], [s for _, s in parts]
    return [], plain


def _allowed(case) -> tuple[float, float]:
    """(relative, absolute) difference allowed: a small part of what the case's verdict tolerates."""
    if case.expect.kind == "below":
        return 0.0, ROUND_OFF_MARGIN * case.expect.limit
    return MARGIN * case.expect.rtol, MARGIN * case.expect.atol


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("exercise", EXERCISES)
def test_expected_values_agree_with_a_correct_solution(exercise, seed):
    for index, case in enumerate(build_cases(exercise, seed)):
        ours = expected.expected_outcomes([case])[0]
        theirs = execute(reference.SOLUTIONS[exercise], case)
        assert theirs.error_type is None, theirs.error
        (got, got_shape), (want, want_shape) = _leaves(ours.value), _leaves(theirs.value)
        assert got_shape == want_shape, (index, case.label)
        rtol, atol = _allowed(case)
        for a, b in zip(got, want):
            assert math.isclose(a, b, rel_tol=rtol, abs_tol=atol), (index, case.label, a, b)
        if case.expect.kind == "below":
            assert 0 <= got[0] < case.expect.limit, (index, case.label, got[0])


def test_an_unknown_exercise_is_named():
    case = build_cases("forward_propagation")[0]
    with pytest.raises(ValueError, match="unknown exercise 'nope'"):
        expected.expected_value(type(case)("nope", "", (), case.expect))


def test_the_expected_values_are_plain_data():
    """No record and no inputs: the correct outcome is computed, not observed from a run."""
    outcome = expected.expected_outcomes(build_cases("gradient_check_n"))[0]
    assert outcome.record is None and outcome.inputs_after is None
    assert outcome.value[0] == "scalar" and np.isfinite(outcome.value[1])
