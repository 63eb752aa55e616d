"""The public tests judge real submissions: right ones pass, each known mistake gets its own hint."""

import numpy as np
import pytest

import public_tests
import reference_solutions as reference
from gc_utils import relu, sigmoid
from public_tests import cases as case_data
from public_tests.execution import execute
from public_tests.judging import correct_outcomes, judge, problem
from public_tests.mistakes import CATALOGUE
from tests.corpus.submissions import PASS, SUBMISSIONS


def define(source: str, name: str):
    """Define a function from source in a fresh namespace, as a notebook cell would."""
    namespace = {"np": np, "relu": relu, "sigmoid": sigmoid, "forward_propagation": lambda x, theta: theta * x}
    exec(source, namespace)  # noqa: S102 - the corpus is this repository's own code
    return namespace[name]


@pytest.mark.parametrize("submission", SUBMISSIONS, ids=lambda s: s.name)
def test_submission_gets_its_verdict(submission):
    report = public_tests.run(submission.exercise, define(submission.source, submission.exercise))
    if submission.verdict == PASS:
        assert report.passed, report.message
    else:
        assert not report.passed
        assert submission.verdict in report.message, report.message
    if submission.not_in:
        assert submission.not_in not in report.message, report.message


@pytest.mark.parametrize("seed", [1, 8])
@pytest.mark.parametrize("submission", SUBMISSIONS, ids=lambda s: s.name)
def test_submission_gets_its_verdict_on_a_graders_cases(submission, seed):
    """A grader draws new cases every run: the message must name the mistake on those too (seed 8 once left the
    float32 gradapprox unnamed)."""
    cases = case_data.build_cases(submission.exercise, seed)
    function = define(submission.source, submission.exercise)
    report = judge(submission.exercise, cases, [execute(function, case) for case in cases])
    if submission.verdict == PASS:
        assert report.passed, report.message
    else:
        assert not report.passed and submission.verdict in report.message, report.message
    assert not submission.not_in or submission.not_in not in report.message, report.message


@pytest.mark.parametrize("mistake", CATALOGUE, ids=lambda m: f"{m.exercise}:{m.name}")
def test_every_catalogued_mistake_is_rejected_with_its_hint(mistake):
    report = public_tests.run(mistake.exercise, mistake.function)
    assert not report.passed
    assert mistake.hint in report.message or "changed its argument" in report.message, report.message


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("exercise", case_data.EXERCISES)
def test_fresh_seeds_keep_the_verdicts(exercise, seed):
    """A grader draws new cases each run: the right answer must still pass and no mistake may slip through.

    Verdicts only (the messages are the corpus tests' business): each outcome is checked on its own, the
    correct solution's outcomes computed once. Four seeds: every random choice of the builders (signs, block,
    sizes) is drawn afresh each time, and 4 seeds cover the blocks of gradient_check_n with high odds."""
    cases = case_data.build_cases(exercise, seed)
    correct = correct_outcomes(cases)
    assert judge(exercise, cases, [execute(reference.SOLUTIONS[exercise], c) for c in cases], correct).passed
    for mistake in (m for m in CATALOGUE if m.exercise == exercise):
        assert any(problem(case, execute(mistake.function, case), right)
                   for case, right in zip(cases, correct)), mistake.name


def test_green_line_on_success(capsys):
    source = "def forward_propagation(x, theta):\n    return theta * x"
    public_tests.forward_propagation_test(define(source, "forward_propagation"))
    assert "All tests passed." in capsys.readouterr().out


def test_failure_message_names_case_expected_and_got():
    with pytest.raises(AssertionError) as failure:
        public_tests.forward_propagation_test(define("def forward_propagation(x, theta):\n    return x - theta",
                                                     "forward_propagation"))
    message = str(failure.value)
    assert "case 1 of" in message and "x = 2, θ = 4" in message
    assert "Observed: it returned -2; expected: 8." in message


def test_injected_names_are_restored_in_the_students_namespace():
    namespace = {"np": np, "backward_propagation": "the student's own"}
    exec(SUBMISSIONS[[s.name for s in SUBMISSIONS].index("check correct")].source, namespace)  # noqa: S102
    public_tests.run("gradient_check", namespace["gradient_check"])
    assert namespace["backward_propagation"] == "the student's own"
    assert "forward_propagation" not in namespace


def test_the_tests_do_not_print_the_students_output(capsys):
    source = "def forward_propagation(x, theta):\n    print('noise')\n    return theta * x"
    public_tests.forward_propagation_test(define(source, "forward_propagation"))
    assert "noise" not in capsys.readouterr().out


def test_passing_something_other_than_a_function_is_explained():
    with pytest.raises(AssertionError, match="expects the function you defined"):
        public_tests.gradient_check_test(0.28)


def test_star_import_exports_only_the_tests():
    exported = {}
    exec("from public_tests import *", exported)  # noqa: S102
    assert sorted(k for k in exported if not k.startswith("__")) == sorted(public_tests.__all__)
    assert all(name.endswith("_test") for name in public_tests.__all__)


def test_lesson_values_are_what_the_cases_expect():
    """The first N-D case expects the lesson's published 0.2850931567761623 (independent of our reference)."""
    first = case_data.build_cases("gradient_check_n")[0]
    outcome = execute(reference.SOLUTIONS["gradient_check_n"], first)
    assert outcome.value[1] == pytest.approx(0.2850931567761623, rel=1e-8)
    second = case_data.build_cases("gradient_check_n")[1]
    assert 1e-8 < execute(reference.SOLUTIONS["gradient_check_n"], second).value[1] < 2e-7



def _arrays_in(value) -> list[np.ndarray]:
    if isinstance(value, np.ndarray):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, (tuple, list)) else ()
    return [array for item in items for array in _arrays_in(item)]


@pytest.mark.parametrize("exercise", ["forward_propagation_n", "backward_propagation_n", "gradient_check_n"])
def test_each_build_of_the_lesson_cases_is_a_fresh_copy_of_the_lessons_inputs(exercise, lesson):
    """The lesson's inputs are drawn once per process: a case changed in place must not reach the next build."""
    X, Y, parameters = lesson
    for array in _arrays_in(case_data.build_cases(exercise)[0].args):
        array += 1
    args = case_data.build_cases(exercise)[0].args
    given_X, given_parameters = (args[2], args[0]) if exercise == "gradient_check_n" else (args[0], args[2])
    np.testing.assert_array_equal(given_X, X)
    if isinstance(given_parameters, dict):
        given = given_parameters
    else:  # a forward cache: (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
        given = dict(zip(("W1", "b1", "W2", "b2", "W3", "b3"), [given_parameters[k] for k in (2, 3, 6, 7, 10, 11)]))
    assert all(np.array_equal(given[name], parameters[name]) for name in given)

@pytest.mark.parametrize("exercise", case_data.EXERCISES)
def test_cases_drawn_from_the_seeds_generator_state_are_the_seeds_cases(exercise):
    """What a grader's child does (``state=``) gives what the grader does (the seed), whatever came before."""
    for seed in (0, 1, 2**32 + 5, 2**63 + 11):
        case_data.build_cases(exercise, state=case_data.generator_state(seed + 1))  # the generator is reused
        from_state = case_data.build_cases(exercise, state=case_data.generator_state(seed))
        from_seed = case_data.build_cases(exercise, seed)
        assert [c.label for c in from_state] == [c.label for c in from_seed]
        assert [c.kwargs for c in from_state] == [c.kwargs for c in from_seed]
        assert [c.environment for c in from_state] == [c.environment for c in from_seed]
        for mine, theirs in zip(from_state, from_seed):
            assert repr(mine.args) == repr(theirs.args)
            for array, same in zip(_arrays_in(mine.args), _arrays_in(theirs.args), strict=True):
                np.testing.assert_array_equal(array, same, strict=True)


# --------------------------------------------------------------------------- observing what the code did

def _lesson_case():
    return case_data.build_cases("gradient_check_n")[0]


def test_trusted_functions_are_restored_everywhere_after_the_call():
    import gc_utils
    from gc_utils import network

    originals = (gc_utils.vector_to_dictionary, network.forward_propagation_n)
    namespace = {"np": np, "gc_utils": gc_utils, "v2d": gc_utils.vector_to_dictionary}
    exec("def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):\n"  # noqa: S102
         "    seen.append((gc_utils.vector_to_dictionary, v2d))\n    raise RuntimeError('stop')\n", namespace)
    namespace["seen"] = []
    outcome = execute(namespace["gradient_check_n"], _lesson_case())
    assert outcome.error_type == "RuntimeError"
    assert all(f is not originals[0] for f in namespace["seen"][0]), "the trusted version was reachable"
    assert (gc_utils.vector_to_dictionary, network.forward_propagation_n) == originals
    assert namespace["v2d"] is originals[0] and "forward_propagation_n" not in namespace


def test_a_record_is_small_and_crosses_the_graders_wire_unchanged():
    from gc_grader import wire

    case = _lesson_case()
    outcome = execute(reference.SOLUTIONS["gradient_check_n"], case)
    numbers = sum(v[1].size for v in outcome.record[1].values() if v[0] == "array")
    assert 0 < numbers < 2_000  # 94 cost evaluations, a few numbers each: far below the wire's 200,000
    arrived = wire.decode_outcome(wire.encode_outcome(outcome))
    source = SUBMISSIONS[[s.name for s in SUBMISSIONS].index("check_n loop one short")].source
    wrong = [execute(define(source, "gradient_check_n"), c) for c in case_data.build_cases("gradient_check_n")]
    cases = case_data.build_cases("gradient_check_n")
    sent = [wire.decode_outcome(wire.encode_outcome(o)) for o in wrong]
    assert judge("gradient_check_n", cases, sent).message == judge("gradient_check_n", cases, wrong).message
    assert "92 times for 47 parameters" in judge("gradient_check_n", cases, sent).message
    assert arrived.record[1]["calls"] == outcome.record[1]["calls"]


def test_a_record_can_lower_a_verdict_but_a_right_record_cannot_raise_one():
    import dataclasses

    cases = case_data.build_cases("gradient_check_n")
    case = cases[2]  # ε = 1e-2, a close case
    right, expected = execute(reference.gradient_check_n, case), correct_outcomes(cases)[2]
    assert problem(case, right, expected) is None
    rows = right.record[1]["forward_propagation_n"][1].copy()
    rows[:, 5] = np.sign(rows[:, 5]) * 1e-7  # as if every step had been 1e-7
    record = ("dict", {**right.record[1], "forward_propagation_n": ("array", rows)})
    lowered = problem(case, dataclasses.replace(right, record=record), expected)
    assert lowered and "epsilon = 0.01 was passed; the steps taken in θ were 1e-07" in lowered
    wrong_value = dataclasses.replace(right, value=("scalar", right.value[1] * 1.01))
    assert problem(case, wrong_value, expected)  # a correct solution's record does not save a wrong value


def test_the_execution_half_never_imports_the_judging_half():
    """The grading sandbox holds only execution and what it imports (public_tests.cases, environment, ...)."""
    import ast
    from pathlib import Path

    package = Path(public_tests.__file__).parent
    forbidden = {"reference", "mistakes", "judging", "formulas", "observations", "expected"}
    todo, seen = ["execution"], set()
    while todo:
        module = todo.pop()
        seen.add(module)
        for node in ast.walk(ast.parse((package / f"{module}.py").read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                names = [node.module] if node.module else [alias.name for alias in node.names]
                assert not forbidden & set(names), f"{module} imports {names}"
                todo += [n for n in names if n not in seen and (package / f"{n}.py").exists()]
    assert {"execution", "cases", "environment", "recording"} <= seen


def test_in_jupyter_a_failure_shows_only_its_message():
    with pytest.raises(public_tests.TestFailure) as failure:
        public_tests.forward_propagation_test(define("def forward_propagation(x, theta):\n    return x",
                                                     "forward_propagation"))
    lines = failure.value._render_traceback_()
    assert "forward_propagation failed on case 1" in lines[0] and not any("File " in line for line in lines)
    assert isinstance(failure.value, AssertionError) and failure.value.__cause__ is None


@pytest.mark.parametrize("language", ["en", "ko"])
def test_in_jupyter_a_long_message_is_broken_at_spaces_never_inside_a_word(language):
    """JupyterLab breaks a too-wide output line anywhere ("J_pl us"): the message's lines come already broken."""
    import gc_utils
    from public_tests import WIDTH, _columns

    source = SUBMISSIONS[[s.name for s in SUBMISSIONS].index("check_n L1 numerator over L2 norms")].source
    gc_utils.set_language(language, figures=False)
    try:
        with pytest.raises(public_tests.TestFailure) as failure:
            public_tests.gradient_check_n_test(define(source, "gradient_check_n"))
    finally:
        gc_utils.set_language("en", figures=False)
    message = str(failure.value)
    lines = [line.replace(public_tests.RED, "").replace(public_tests.RESET, "")
             for line in failure.value._render_traceback_()]
    assert " ".join(" ".join(lines).split()) == " ".join(message.split())
    assert all(_columns(line) <= WIDTH or " " not in line.strip() for line in lines), lines
    assert len(lines) > len(message.split("\n"))


def test_one_value_is_shown_to_one_precision_in_a_message():
    """The lesson's published 0.2850931567761623 and the expected value are shown to the digits the case's tolerance
    decides, and read the same (issue 23: "0.2850931567761623" beside "expected: 0.2850931566")."""
    import re

    source = SUBMISSIONS[[s.name for s in SUBMISSIONS].index("check_n L1 norms ord=1 (issue 23)")].source
    message = public_tests.run("gradient_check_n", define(source, "gradient_check_n")).message
    published = re.search(r"the lesson's result: ([0-9.]+)\)", message).group(1)
    expected = re.search(r"expected: ([0-9.]+)\.", message).group(1)
    returned = re.search(r"it returned ([0-9.]+);", message).group(1)
    digits = case_data.build_cases("gradient_check_n")[0].expect.digits
    assert published == expected == f"{0.2850931567761623:.{digits}g}"
    assert len(returned.lstrip("0.")) == len(expected.lstrip("0.")) == digits
    assert f"Observed: {returned} (as on all" in message  # the formula's line shows the same number


def test_a_returned_number_is_shown_with_the_digits_that_tell_it_from_the_right_one():
    from public_tests.judging import shown

    case = case_data.build_cases("gradient_check_n")[0]
    assert shown(case, ("scalar", 0.28509325), ("scalar", 0.2850931567761623)) == "0.2850933"
    assert shown(case, ("scalar", 0.5), ("scalar", 0.2850931567761623)) == "0.5"


def test_a_module_bound_to_a_trusted_function_after_a_first_case_is_still_found():
    """``replacements`` remembers where a module binds gc_utils' functions only while the module is unchanged."""
    import types

    import gc_utils
    from public_tests import execution

    helpers = types.ModuleType("helpers_for_the_test")
    namespace = {"helpers": helpers}
    trusted = {"vector_to_dictionary": lambda *args, **kwargs: None}

    def places():
        return sorted(key for mapping, key, _ in execution.replacements(namespace, trusted) if mapping is vars(helpers))

    assert places() == []
    helpers.v2d = gc_utils.vector_to_dictionary
    assert places() == ["v2d"]
    assert places() == ["v2d"]
    del helpers.v2d
    assert places() == []
