"""The 1-D explorers driven in-process: set a control, check the plotted data and the readout.

Expected values come from the lesson's published numbers or from the mathematics (closed forms worked out in
the comments), never from the explorers' own output.
"""

from __future__ import annotations

import numpy as np
import pytest

from gc_utils import plots, sweeps
from gc_utils.widgets import (
    BugInjector1D,
    EpsilonExplorer1D,
)
from tests.gc_utils.widgets.students import curve, loglog_slope, stubs, student, text_of


def test_linear_cost_at_large_epsilon_is_pure_round_off():
    explorer = EpsilonExplorer1D(student()["gradient_check"])
    eps, yours = curve(explorer, "yours")
    # (θ+ε)x − (θ−ε)x = 2εx exactly in real arithmetic: only round-off, about u·|θx| / (ε·|x|) ≤ 1e-12 here
    large = eps >= 1e-3
    assert np.all(np.nan_to_num(yours[large]) < 1e-11)
    explorer.epsilon_slider.value = 1e-2
    assert explorer.current.value < 1e-11
    assert "correct" in text_of(explorer) and "round-off" in text_of(explorer)
    marker_x = plots.lines_by_gid(explorer.axes)["current-line"].get_xdata()
    assert marker_x[0] == pytest.approx(1e-2)


def test_lesson_value_at_default_epsilon():
    explorer = EpsilonExplorer1D(student()["gradient_check"])
    # LESSON.md: gradient_check(3, 4) = 7.814075313343006e-11 (pure round-off, so compare loosely)
    assert 1e-11 < explorer.current.value < 1e-9
    assert "ε = 1.0e-07" in text_of(explorer) and "correct" in text_of(explorer)


@pytest.mark.parametrize("cost", ["cubic", "sine"])
def test_curved_cost_shows_the_truncation_slope_two(cost):
    explorer = EpsilonExplorer1D(student()["gradient_check"])
    before = explorer.png()
    explorer.cost_buttons.value = cost
    assert explorer.fallback is None  # the curved J really went through the student's function
    eps, yours = curve(explorer, "yours")
    right = (eps >= 1e-3) & (eps <= 1e-1)
    assert loglog_slope(eps[right], yours[right]) == pytest.approx(2.0, abs=0.05)
    # closed forms: x·θ³ gives gradapprox = x(3θ² + ε²), so difference = ε² / (6θ² + ε²);
    # sin(θx) gives difference ≈ x²ε²/12 for small ε (Taylor), where cos(θx) ≠ 0
    expected = eps[right] ** 2 / (6 * 16 + eps[right] ** 2) if cost == "cubic" else 9 * eps[right] ** 2 / 12
    assert yours[right] == pytest.approx(expected, rel=1e-2 if cost == "sine" else 1e-6)
    assert explorer.png() != before
    assert "truncation" in text_of(explorer)


def test_curved_cost_injection_restores_the_students_globals():
    namespace = student()
    original = namespace["forward_propagation"], namespace["backward_propagation"]
    explorer = EpsilonExplorer1D(namespace["gradient_check"], cost="cubic")
    explorer.epsilon_slider.value = 1e-3
    assert (namespace["forward_propagation"], namespace["backward_propagation"]) == original


def test_gradient_check_that_ignores_the_globals_falls_back_and_says_so():
    def inline_gradient_check(x, theta, epsilon=1e-7):
        return abs(x - ((theta + epsilon) * x - (theta - epsilon) * x) / (2 * epsilon)) / (2 * abs(x))

    explorer = EpsilonExplorer1D(inline_gradient_check, cost="cubic")
    assert explorer.fallback is not None
    assert "did not call forward_propagation" in text_of(explorer)
    lines = plots.lines_by_gid(explorer.axes)
    assert not lines["yours"].get_visible() and lines["reference"].get_visible()


def test_bug_injector_difference_grows_like_delta_over_two_plus_delta():
    explorer = BugInjector1D(student()["gradient_check"])
    deltas, yours = curve(explorer, "yours")
    # grad = x(1 + δ), gradapprox = x (+ round-off ~1e-10 at ε = 1e-7): difference = |δ| / (2 + δ)
    visible = deltas >= 1e-5
    assert yours[visible] == pytest.approx(deltas[visible] / (2 + deltas[visible]), rel=1e-3)
    for delta, caught in ((1e-5, True), (1e-3, True), (1e-8, False)):
        explorer.delta_slider.value = delta
        assert explorer.current.value == pytest.approx(delta / (2 + delta), rel=0.05)
        assert ("caught" in text_of(explorer)) is caught
        assert ("missed" in text_of(explorer)) is not caught


def test_bug_injector_sign_toggle_uses_negative_delta():
    explorer = BugInjector1D(student()["gradient_check"], delta=0.5)
    explorer.sign_buttons.value = -1.0
    # δ = −0.5: |δ| / (|1 + δ| + 1) = 0.5 / 1.5
    assert explorer.current.value == pytest.approx(1 / 3, rel=1e-6)
    assert "δ = -5.0e-01" in text_of(explorer)
    _, yours = curve(explorer, "yours")
    assert np.nanmax(yours) == pytest.approx(1.0, rel=1e-6)  # δ = −1: dθ = 0, the largest possible difference


def test_smallest_caught_error_solves_the_threshold_equation():
    above, below = sweeps.smallest_caught_error(2e-7)
    assert sweeps.relative_error_difference(above) == pytest.approx(2e-7, rel=1e-12)
    assert sweeps.relative_error_difference(below) == pytest.approx(2e-7, rel=1e-12)


def test_a_stub_is_called_not_implemented_yet_once():
    text = text_of(EpsilonExplorer1D(stubs()["gradient_check"]))
    assert "your gradient_check is not implemented yet (it raises NotImplementedError)" in text
    assert "NotImplementedError:" not in text
    assert text.count("not implemented yet") == 1


def test_the_bug_injector_blames_the_stub_not_a_missing_call():
    text = text_of(BugInjector1D(stubs()["gradient_check"]))
    assert "your gradient_check is not implemented yet" in text
    assert "did not call backward_propagation" not in text


def test_a_tiny_delta_is_printed_with_the_digits_that_show_it():
    explorer = BugInjector1D(student()["gradient_check"], delta=1e-10)
    # dθ = x·(1 + δ) = 3·(1 + 1e-10) = 3.0000000003: the change must be visible in the print
    assert "dθ = x·(1 + δ) = 3.0000000003 instead of 3," in text_of(explorer)
    assert "a relative change of +1.0e-10" in text_of(explorer)


def test_a_wrong_check_is_not_credited_with_catching_the_bug():
    namespace = student()
    exec("def gradient_check(x, theta, epsilon=1e-7, print_msg=False):\n    backward_propagation(x, theta)\n"
         "    return 1.0\n", namespace)
    explorer = BugInjector1D(namespace["gradient_check"], delta=1e-6)
    text = text_of(explorer)
    # exact arithmetic: |δ| / (|1 + δ| + 1) = 1e-6 / 2.000001 ≈ 5.0e-07, far from the 1.0 returned
    assert "5.0e-07" in text
    assert "caught" not in text
    assert "computes the difference wrongly" in text


def test_a_right_check_still_catches_the_bug():
    explorer = BugInjector1D(student()["gradient_check"], delta=1e-3)
    assert "caught: the check reports a mistake" in text_of(explorer)
    assert "computes the difference wrongly" not in text_of(explorer)
