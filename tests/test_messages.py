"""The message catalogues: every message has a Korean text with the same fields, and the language switch works."""

import pytest

import gc_utils
import public_tests
from gc_utils import i18n
from public_tests import messages


@pytest.fixture
def korean():
    gc_utils.set_language("ko")
    yield
    gc_utils.set_language("en")


def test_every_public_test_message_has_korean_with_the_same_fields():
    assert i18n.catalogue_problems(messages.CATALOGUE) == []


TEMPLATED_PARTICLES = ("이(가)", "가(이)", "을(를)", "를(을)", "은(는)", "는(은)", "와(과)", "과(와)", "(으)로", "(이)")


def test_no_korean_message_leaves_its_particle_to_the_reader():
    """A particle is chosen by the last syllable of the word before it: "이(가)" is never written; a particle never
    follows a placeholder whose last syllable changes ({exercise}, {got}, ...), only invariant endings (의, 에서,
    입니다) do (issue 23)."""
    import re

    templated = {key: value for key, value in messages.KO.items() if any(p in value for p in TEMPLATED_PARTICLES)}
    assert templated == {}
    after_field = re.compile(r"\}(이|가|을|를|은|는|와|과|로|으로|였|랑|이랑)(?![가-힣])")
    assert {key: value for key, value in messages.KO.items() if after_field.search(value)} == {}


def test_a_missing_or_mismatched_translation_is_reported():
    catalogue = {"en": {"a": "{n} cases", "b": "x", "c": "y"}, "ko": {"a": "사례 {count}개", "c": "y"}}
    problems = i18n.catalogue_problems(catalogue)
    assert any("'b' has no ko text" in p for p in problems)
    assert any("'a'" in p and "fields" in p for p in problems)
    assert len(problems) == 2


def test_fields_are_read_with_their_format_specs():
    assert i18n.fields_of("{value:.10g} of {total} ({x!r})") == {"value", "total", "x"}


def test_an_unknown_language_is_refused_with_the_choices():
    with pytest.raises(ValueError, match=r"one of \['en', 'ko'\]; got 'fr'"):
        gc_utils.set_language("fr")


def test_every_mistake_and_formula_has_its_messages():
    from public_tests import formulas, mistakes

    for mistake in mistakes.CATALOGUE:
        assert f"mistake.{mistake.hint_key}" in messages.EN, mistake.name
    for formula in formulas.FORMULAS:
        assert formula.observed and formula.expected


def test_feedback_is_korean_after_set_language(korean):
    with pytest.raises(AssertionError) as failure:
        public_tests.forward_propagation_test(lambda x, theta: x + theta)
    message = str(failure.value)
    assert message.startswith("forward_propagation 테스트가 사례 6개 중 1번째에서 실패했습니다: 수업의 x = 2, θ = 4")
    assert "관찰: 반환값: 6. 기대: 8." in message
    assert f"힌트: {messages.KO['mistake.forward_sum']}" in message


def test_english_is_the_default_and_comes_back(korean):
    gc_utils.set_language("en")
    with pytest.raises(AssertionError, match="failed on case 1 of 6: the lesson's x = 2, θ = 4"):
        public_tests.forward_propagation_test(lambda x, theta: x + theta)


def test_every_explorer_message_has_korean_with_the_same_fields():
    from gc_utils.widgets import messages as widget_messages

    assert i18n.catalogue_problems(widget_messages.CATALOGUE) == []


def test_practice_feedback_is_korean_after_set_language(korean):
    from public_tests import practice

    with pytest.raises(AssertionError) as failure:
        practice.optimal_epsilon_test(lambda u, J, J3: (3 * u * abs(J) / abs(J3)) ** 0.5)
    message = str(failure.value)
    assert message.startswith("optimal_epsilon(u=9, J=1, J3=1)의 반환값: 5.19615.")
    assert message.endswith(messages.KO["practice.optimal.square_root"])


def test_practice_feedback_stays_english_by_default():
    from public_tests import practice

    with pytest.raises(AssertionError, match=r"returned 5\.19615; expected .* = 3\. That is a square root"):
        practice.optimal_epsilon_test(lambda u, J, J3: (3 * u * abs(J) / abs(J3)) ** 0.5)


def test_explorer_readouts_are_korean_after_set_language(korean):
    from gc_utils.widgets import messages as widget_messages
    from gc_utils.widgets import readouts

    assert readouts.fmt(0.0) == widget_messages.KO["readout.exactly_0"]
    assert widget_messages.KO["readout.mistake"] in readouts.verdict_badge(0.3, 2e-7)
    gc_utils.set_language("en")
    assert readouts.fmt(0.0) == "exactly 0" and ">mistake</b>" in readouts.verdict_badge(0.3, 2e-7)


def test_every_figure_message_has_korean_with_the_same_fields():
    from gc_utils import figure_messages

    assert i18n.catalogue_problems(figure_messages.CATALOGUE) == []


def test_every_planted_bug_and_one_parameter_cost_has_an_explorer_message():
    from gc_utils import network, sweeps
    from gc_utils.widgets import messages as widget_messages

    names = [f"bug.{name}" for name in network.BUGS] + [f"cost.{name}" for name in sweeps.SCALAR_COSTS]
    assert [name for name in names if name not in widget_messages.KO] == []


def test_what_a_student_function_did_is_said_in_korean(korean):
    from gc_utils.widgets import call_student

    raised = call_student(lambda: 1 / 0, name="gradient_check")
    assert raised.problem == "여러분의 gradient_check에서 예외가 발생했습니다: ZeroDivisionError: division by zero"
    returned = call_student(lambda: None, name="gradient_check")
    assert returned.problem.startswith("여러분의 gradient_check 함수가 None을 반환했습니다")
    gc_utils.set_language("en")
    assert call_student(lambda: None, name="gradient_check").problem.startswith("your gradient_check returned None")


def test_figure_labels_are_korean_after_set_language(korean):
    from matplotlib.figure import Figure

    from gc_utils import plots, practice_plots, style

    assert style.threshold_label(2e-7) == "문턱값 2e-07"
    axes = Figure().subplots()
    plots.plot_block_bars(axes, ["W1", "all"], threshold=2e-7, bug_level=1e-3, title="")
    assert axes.get_ylabel() == "상대 차이" and axes.get_xlabel() == "매개변수 블록"
    assert "모든 매개변수" in [text.get_text() for text in axes.get_legend().get_texts()]
    figure = practice_plots.plot_scaling([10, 100], {"a": [1e-3, 1e-2]})
    assert figure.axes[0].get_xlabel() == "매개변수 개수 n"
    gc_utils.set_language("en")
    assert style.threshold_label(2e-7) == "threshold 2e-07"


def test_an_explorer_readout_is_korean_after_set_language(korean):
    from gc_utils.widgets import EpsilonExplorer1D
    from gc_utils.widgets import messages as widget_messages

    readout = EpsilonExplorer1D(lambda x, theta, epsilon: None).readout.value
    assert "여러분의 gradient_check 함수가 None을 반환했습니다" in readout
    assert "gc_utils 기준값" in readout and widget_messages.KO["cost.linear"] in readout
    assert "returned" not in readout and "reference" not in readout


def test_every_grader_message_has_korean_with_the_same_fields():
    from gc_grader import messages as grading_messages

    assert i18n.catalogue_problems(grading_messages.CATALOGUE) == []
