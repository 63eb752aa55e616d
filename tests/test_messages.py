"""The messages of every language (``gc_utils.locales``): every message has a text in every language with the same
fields, the Korean texts choose their particles, and the language switch works."""

import pytest

import gc_utils
import public_tests
from gc_utils import i18n

NAMESPACES = ("public_tests", "widgets", "figures", "bridge", "checks", "grader")
"""The parts of the lesson with messages: the sections of a language's file."""


def korean_text(message_id: str) -> str:
    return i18n.template(message_id, "ko")


@pytest.fixture
def korean():
    gc_utils.set_language("ko")
    yield
    gc_utils.set_language("en")


@pytest.mark.parametrize("language", i18n.LANGUAGES[1:])
@pytest.mark.parametrize("namespace", NAMESPACES)
def test_every_message_has_a_text_in_every_language_with_the_same_fields(namespace, language):
    catalogue = i18n.catalogues(namespace)
    assert catalogue["en"], namespace
    assert i18n.catalogue_problems({"en": catalogue["en"], language: catalogue[language]}) == []


def test_every_message_belongs_to_a_part_of_the_lesson():
    assert {message_id.split(".")[0] for message_id in i18n.messages("en")} == set(NAMESPACES)
    assert i18n.catalogue_problems() == []


def test_the_languages_are_the_files_of_gc_utils_locales():
    from pathlib import Path

    files = {path.stem for path in Path(i18n.locales.__file__).parent.glob("*.py") if not path.stem.startswith("_")}
    assert i18n.LANGUAGES[0] == "en" and set(i18n.LANGUAGES) == files


def test_a_language_is_one_file(tmp_path, monkeypatch):
    """A copy of the English file under another code, with one text changed, is a language: found, complete, used."""
    from pathlib import Path

    english = (Path(i18n.locales.__file__).parent / "en.py").read_text(encoding="utf-8")
    assert '"passed": "All tests passed.",' in english
    (tmp_path / "xx.py").write_text(english.replace('"passed": "All tests passed.",', '"passed": "Xx passed.",'),
                                    encoding="utf-8")
    monkeypatch.setattr(i18n.locales, "__path__", [*i18n.locales.__path__, str(tmp_path)])
    monkeypatch.setattr(i18n, "LANGUAGES", i18n._languages())
    try:
        assert i18n.LANGUAGES == ("en", "ko", "xx")
        assert i18n.catalogue_problems() == []
        i18n.set_language("xx", figures=False)
        assert i18n.text("public_tests.passed") == "Xx passed."
        assert i18n.text("public_tests.hint.certain", hint="h") == "Hint: h"
    finally:
        i18n.set_language("en")
        i18n.messages.cache_clear()


def test_a_message_a_language_lacks_is_said_in_english(monkeypatch):
    original = i18n.messages
    lacking = {**original("ko")}
    del lacking["public_tests.passed"]
    monkeypatch.setattr(i18n, "messages", lambda language: lacking if language == "ko" else original(language))
    monkeypatch.setitem(i18n._current, "language", "ko")
    assert i18n.text("public_tests.hint.certain", hint="h") == "힌트: h"
    assert i18n.text("public_tests.passed") == "All tests passed."


def test_a_namespace_looks_up_its_own_ids():
    from public_tests.messages import text

    assert text("passed") == i18n.text("public_tests.passed") == "All tests passed."
    assert "passed" in text and "no.such.id" not in text
    with pytest.raises(KeyError):
        text("no.such.id")


TEMPLATED_PARTICLES = ("이(가)", "가(이)", "을(를)", "를(을)", "은(는)", "는(은)", "와(과)", "과(와)", "(으)로", "(이)")


def test_no_korean_message_leaves_its_particle_to_the_reader():
    """A particle is chosen by the last syllable of the word before it: "이(가)" is never written; a particle never
    follows a placeholder whose last syllable changes ({exercise}, {got}, ...), only invariant endings (의, 에서,
    입니다) do (issue 23)."""
    import re

    texts = i18n.catalogues("public_tests")["ko"]
    templated = {key: value for key, value in texts.items() if any(p in value for p in TEMPLATED_PARTICLES)}
    assert templated == {}
    after_field = re.compile(r"\}(이|가|을|를|은|는|와|과|로|으로|였|랑|이랑)(?![가-힣])")
    assert {key: value for key, value in texts.items() if after_field.search(value)} == {}


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
        assert i18n.has(f"public_tests.mistake.{mistake.hint_key}"), mistake.name
    for formula in formulas.FORMULAS:
        assert formula.observed and formula.expected


def test_feedback_is_korean_after_set_language(korean):
    with pytest.raises(AssertionError) as failure:
        public_tests.forward_propagation_test(lambda x, theta: x + theta)
    message = str(failure.value)
    assert message.startswith("forward_propagation 테스트가 사례 6개 중 1번째에서 실패했습니다: 수업의 x = 2, θ = 4")
    assert "관찰: 반환값: 6. 기대: 8." in message
    assert f"힌트: {korean_text('public_tests.mistake.forward_sum')}" in message


def test_english_is_the_default_and_comes_back(korean):
    gc_utils.set_language("en")
    with pytest.raises(AssertionError, match="failed on case 1 of 6: the lesson's x = 2, θ = 4"):
        public_tests.forward_propagation_test(lambda x, theta: x + theta)


def test_practice_feedback_is_korean_after_set_language(korean):
    from public_tests import practice

    with pytest.raises(AssertionError) as failure:
        practice.optimal_epsilon_test(lambda u, J, J3: (3 * u * abs(J) / abs(J3)) ** 0.5)
    message = str(failure.value)
    assert message.startswith("optimal_epsilon(u=9, J=1, J3=1)의 반환값: 5.19615.")
    assert message.endswith(korean_text("public_tests.practice.optimal.square_root"))


def test_practice_feedback_stays_english_by_default():
    from public_tests import practice

    with pytest.raises(AssertionError, match=r"returned 5\.19615; expected .* = 3\. That is a square root"):
        practice.optimal_epsilon_test(lambda u, J, J3: (3 * u * abs(J) / abs(J3)) ** 0.5)


def test_explorer_readouts_are_korean_after_set_language(korean):
    from gc_utils.widgets import readouts

    assert readouts.fmt(0.0) == korean_text("widgets.readout.exactly_0")
    assert korean_text("widgets.readout.mistake") in readouts.verdict_badge(0.3, 2e-7)
    gc_utils.set_language("en")
    assert readouts.fmt(0.0) == "exactly 0" and ">mistake</b>" in readouts.verdict_badge(0.3, 2e-7)


def test_every_planted_bug_and_one_parameter_cost_has_an_explorer_message():
    from gc_utils import network, sweeps

    names = [f"bug.{name}" for name in network.BUGS] + [f"cost.{name}" for name in sweeps.SCALAR_COSTS]
    assert [name for name in names if name not in i18n.catalogues("widgets")["ko"]] == []


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

    readout = EpsilonExplorer1D(lambda x, theta, epsilon: None).readout.value
    assert "여러분의 gradient_check 함수가 None을 반환했습니다" in readout
    assert "gc_utils 기준값" in readout and korean_text("widgets.cost.linear") in readout
    assert "returned" not in readout and "reference" not in readout


def test_every_reason_of_the_grader_is_a_message_with_the_fields_of_its_pattern():
    from gc_grader.messages import REASONS

    for pattern, key in REASONS:
        assert set(pattern.groupindex) == i18n.fields_of(i18n.template(f"grader.{key}", "en")), key
