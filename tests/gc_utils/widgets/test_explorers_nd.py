"""The N-D explorers driven in-process, against the lesson's published numbers and the mathematics."""

from __future__ import annotations

import numpy as np
import pytest

from gc_utils import checks, dictionary_to_vector, network, plots, sweeps, vector_to_dictionary
from gc_utils.widgets import (
    BugInjectorND,
    EpsilonExplorerND,
)
from testCases import gradient_check_n_test_case
from tests.gc_utils.widgets.students import EIGHT_DIGITS, curve, loglog_slope, student, text_of
from tests.lesson import BOTH_BUGS, ONLY_DB1_BUG, ONLY_DW2_BUG, lesson_loop


def test_nd_explorer_reproduces_the_lessons_values(lesson):
    X, Y, parameters = lesson
    me = student()
    explorer = EpsilonExplorerND(X, Y, parameters, me["gradient_check_n"], me["backward_propagation_n"])
    assert explorer.values["lesson-bugs"] == pytest.approx(BOTH_BUGS, rel=EIGHT_DIGITS)
    assert explorer.values["yours"] == pytest.approx(BOTH_BUGS, rel=EIGHT_DIGITS)
    assert explorer.current.value == pytest.approx(BOTH_BUGS, rel=EIGHT_DIGITS)
    # 1.189e-07 published; its third digit is round-off, so only the order and the verdict are checked
    assert 5e-8 < explorer.values["correct"] < checks.THRESHOLD
    readout = text_of(explorer)
    assert "2.851e-01" in readout and "mistake" in readout


def test_nd_sweep_agrees_with_the_one_at_a_time_loop(lesson):
    X, Y, parameters = lesson
    theta, _ = dictionary_to_vector(parameters)
    for epsilon in (1e-6, 1e-4, 1e-2):
        batched = sweeps.central_differences(X, Y, theta, [epsilon])[0]
        looped = lesson_loop(lambda t: network.forward_propagation_n(X, Y, vector_to_dictionary(t))[0], theta, epsilon)
        # the same differences, only the summation order inside the forward pass differs
        assert np.max(np.abs(batched - looped)) < 1e-15 / epsilon + 1e-12


def test_nd_curve_is_u_shaped_with_the_theory_slopes(lesson):
    X, Y, parameters = lesson
    explorer = EpsilonExplorerND(X, Y, parameters)
    eps, correct = curve(explorer, "correct")
    best = eps[np.nanargmin(correct)]
    assert 1e-6 < best < 1e-3  # theory: about u^(1/3) ≈ 6e-6 times a problem-dependent factor
    left = eps <= 1e-9
    right = (eps >= 1e-3) & (eps <= 3e-2)  # before the ReLU kinks of ε ≈ 0.1
    assert loglog_slope(eps[left], correct[left]) == pytest.approx(-1.0, abs=0.2)
    assert loglog_slope(eps[right], correct[right]) == pytest.approx(2.0, abs=0.1)
    assert explorer.model is not None and 1e-6 < explorer.model.best_epsilon < 1e-3
    _, guide = curve(explorer, "guide-truncation")
    assert loglog_slope(eps, guide) == pytest.approx(2.0)
    _, buggy = curve(explorer, "lesson-bugs")
    assert np.all(buggy[(eps >= 1e-9) & (eps <= 1e-2)] > 0.28)  # a real bug does not depend on ε


def test_nd_epsilon_slider_moves_the_marker_and_changes_the_readout(lesson):
    X, Y, parameters = lesson
    me = student()
    explorer = EpsilonExplorerND(X, Y, parameters, me["gradient_check_n"])
    before_png, before_text, before_renders = explorer.png(), text_of(explorer), explorer.renders
    explorer.epsilon_slider.value = 1e-5
    assert explorer.renders == before_renders + 1
    assert explorer.png() != before_png and text_of(explorer) != before_text
    assert plots.lines_by_gid(explorer.axes)["current-line"].get_xdata()[0] == pytest.approx(1e-5)
    # LESSON.md: a correct back-prop measures ~1.2e-7 at 1e-7 but far less at 1e-5 (round-off ∝ 1/ε)
    assert explorer.values["correct"] < 1e-8
    assert explorer.current.value == pytest.approx(explorer.values["correct"], rel=0.5)
    explorer.epsilon_slider.value = 1e-11
    assert explorer.values["correct"] > checks.THRESHOLD
    assert "round-off" in text_of(explorer)


def test_nd_gradient_check_that_ignores_epsilon_is_pointed_out(lesson):
    X, Y, parameters = lesson
    me = student()

    def stubborn(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
        return me["gradient_check_n"](parameters, gradients, X, Y, 1e-7)

    explorer = EpsilonExplorerND(X, Y, parameters, stubborn)
    explorer.epsilon_slider.value = 1e-4
    assert "does it use its epsilon argument" in text_of(explorer)


def test_nd_student_backward_that_raises_is_reported(lesson):
    X, Y, parameters = lesson

    def broken_backward(X, Y, cache):
        raise KeyError("dW3")

    explorer = EpsilonExplorerND(X, Y, parameters, backward_propagation_n=broken_backward)
    assert "yours" not in explorer.curves
    assert "your backward_propagation_n raised KeyError" in text_of(explorer)
    explorer.epsilon_slider.value = 1e-6
    assert "ε = 1.0e-06" in text_of(explorer)


@pytest.mark.parametrize(("bugs", "published"), [
    (network.LESSON_BUGS, BOTH_BUGS),
    (("dW2_times_2",), ONLY_DW2_BUG),
    (("db1_4_over_m",), ONLY_DB1_BUG),
])
def test_bug_toggles_reproduce_the_lessons_values(lesson, bugs, published):
    X, Y, parameters = lesson
    explorer = BugInjectorND(X, Y, parameters, student()["gradient_check_n"], bugs=())
    assert explorer.block_values["all"] < checks.THRESHOLD  # no bugs on
    for name in bugs:
        explorer.checkboxes[name].value = True
    assert explorer.block_values["all"] == pytest.approx(published, rel=EIGHT_DIGITS)
    assert explorer.current.value == pytest.approx(published, rel=EIGHT_DIGITS)
    assert str(published)[:10] in text_of(explorer)  # eight significant digits, truncated


def test_bars_point_at_w2_and_b1(lesson):
    X, Y, parameters = lesson
    explorer = BugInjectorND(X, Y, parameters, bugs=network.LESSON_BUGS)
    surely = {name for name, level in explorer.levels.items() if level == "bug"} - {"all"}
    assert surely == {"W2", "b1"}
    heights = {name: bar.get_height() + explorer.bars.floor for name, bar in zip(explorer.block_names,
                                                                                   explorer.bars.bars, strict=True)}
    # per block: dW2 is 2× right, so ‖2g − g‖/(‖2g‖ + ‖g‖) = 1/3; db1 is 4× right: 3/5
    assert heights["W2"] == pytest.approx(1 / 3, rel=1e-6)
    assert heights["b1"] == pytest.approx(3 / 5, rel=1e-6)
    assert max(heights[name] for name in ("W1", "b2", "W3", "b3")) < 1e-3
    assert "W2" in text_of(explorer) and "b1" in text_of(explorer) and "look at db1, dW2" in text_of(explorer)


@pytest.mark.parametrize("severity", [1e-4, 1e-2, 0.5])
def test_severity_scales_the_bug(lesson, severity):
    X, Y, parameters = lesson
    explorer = BugInjectorND(X, Y, parameters, bugs=("dW2_times_2",))
    explorer.severity_slider.value = severity
    s = explorer.severity_slider.value  # the slider rounds to its steps
    # dW2 becomes (1 + s)·dW2, so the W2 block differs by s / (2 + s) (plus round-off ~1e-7 at ε = 1e-7)
    assert explorer.block_values["W2"] == pytest.approx(s / (2 + s), rel=1e-2)


@pytest.fixture(scope="module")
def one_injector():
    """One BugInjectorND for the tests that only switch bugs on: its figure and first draw made once."""
    X, Y, parameters = gradient_check_n_test_case()
    explorer = BugInjectorND(X, Y, parameters, bugs=())
    yield explorer
    explorer.close()


@pytest.fixture
def bug_free_injector(one_injector):
    """``one_injector`` with every bug off, as a new one opens with ``bugs=()``; switched off again afterwards."""
    assert not any(checkbox.value for checkbox in one_injector.checkboxes.values())
    assert one_injector.block_values["all"] < checks.THRESHOLD
    yield one_injector
    for checkbox in one_injector.checkboxes.values():
        checkbox.value = False


@pytest.mark.parametrize("name", list(network.BUGS))
def test_each_bug_is_flagged_in_the_blocks_it_corrupts(bug_free_injector, name):
    explorer = bug_free_injector
    explorer.checkboxes[name].value = True
    surely = {block for block, level in explorer.levels.items() if level == "bug"} - {"all"}
    assert surely and surely <= set(network.BUGS[name].blocks)
    assert explorer.levels["all"] == "bug"


def test_larger_epsilon_clears_the_round_off_suspects(lesson):
    X, Y, parameters = lesson
    explorer = BugInjectorND(X, Y, parameters, bugs=())
    title_before = explorer.axes.get_title()
    explorer.epsilon_menu.value = 1e-5
    assert explorer.axes.get_title() != title_before and "1e-05" in explorer.axes.get_title()
    # LESSON.md: correct back-prop measures ~8e-9 at 1e-6 and less towards 1e-4: no block above 2e-7
    assert all(level == "ok" for level in explorer.levels.values())
    assert "No block is above the threshold" in text_of(explorer)


def test_the_current_epsilon_dots_have_a_legend_entry(lesson):
    X, Y, parameters = lesson
    explorer = EpsilonExplorerND(X, Y, parameters, student()["gradient_check_n"])
    labels = [text.get_text() for text in explorer.axes.get_legend().get_texts()]
    assert "current ε" in labels and "values at the current ε" in labels


def test_the_nd_bug_injector_opens_on_the_lessons_two_bugs(lesson):
    X, Y, parameters = lesson
    explorer = BugInjectorND(X, Y, parameters, student()["gradient_check_n"])
    assert explorer.bugs == network.LESSON_BUGS
    assert explorer.block_values["all"] == pytest.approx(BOTH_BUGS, rel=EIGHT_DIGITS)


def test_a_correct_backprop_is_never_left_orange_without_a_word(lesson):
    X, Y, parameters = lesson
    explorer = BugInjectorND(X, Y, parameters, bugs=())
    # at ε = 1e-7 round-off puts some small blocks of the *correct* back-propagation above 2e-7 (LESSON.md)
    above = [name for name in explorer.shapes if explorer.block_values[name] > checks.THRESHOLD]
    assert above, "the premise: some correct block is above the threshold at ε = 1e-7"
    assert all(explorer.levels[name] == "round-off" for name in above)
    assert "by round-off alone: " + ", ".join(above) in text_of(explorer)
