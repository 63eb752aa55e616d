"""The stored "Gradient checking in practice" notebook: generated, reproducible, readable.

The solution edition (notebooks/solutions/) is the source, executed with its outputs stored; nbval re-runs it
and compares the outputs. These tests check what nbval does not: that nothing machine- or run-specific leaks
into it, that every figure is described in words, and that the exercises' public tests pass the solutions and
name what typical wrong solutions do. (tests/test_notebooks.py checks that the student edition is generated.)
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from public_tests import practice

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "solutions" / "Gradient_Checking_in_Practice.ipynb"
STUDENT = ROOT / "notebooks" / "Gradient_Checking_in_Practice.ipynb"
SANITIZE = ROOT / "notebooks" / "sanitize.cfg"


@pytest.fixture(scope="module")
def notebook():
    return nbformat.read(NOTEBOOK, as_version=4)


def test_every_code_cell_ran_in_order_without_errors(notebook):
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not [o for c in code for o in c.outputs if o.output_type == "stream" and o.name == "stderr"]


def test_nothing_run_specific_is_stored(notebook):
    assert notebook.metadata["language_info"] == {"name": "python"}
    assert all("execution" not in c.metadata for c in notebook.cells)
    text = NOTEBOOK.read_text(encoding="utf-8")
    for leak in ("/work/", "/tmp/", "/root/", "/home/", "site-packages"):
        assert leak not in text


def test_every_figure_has_a_description_next_to_it(notebook):
    cells = notebook.cells
    figures = [i for i, c in enumerate(cells) if c.cell_type == "code"
               and any("image/png" in o.get("data", {}) for o in c.outputs)]
    assert len(figures) == 4
    for number, index in enumerate(figures, start=1):
        following = cells[index + 1]
        assert following.cell_type == "markdown" and following.source.startswith(f"*Figure {number}."), index
        assert len(following.source) > 200


def test_timings_are_marked_and_sanitised(notebook):
    rules = re.findall(r"^regex: (.*)$\n^replace: (.*)$", SANITIZE.read_text(encoding="utf-8"), flags=re.M)
    timed = [o.text for c in notebook.cells if c.cell_type == "code" for o in c.outputs
             if o.output_type == "stream" and "(timed)" in o.text]
    assert timed, "the notebook prints measured times"
    for text in timed:
        for pattern, replacement in rules:
            text = re.sub(pattern, replacement, text)
        assert not re.search(r"\d+(\.\d+)? ?(ms|x) \(timed\)", text)
    for cell in notebook.cells:
        if cell.cell_type == "code" and (re.search(r"(?<!def )seconds\(", cell.source) or "timings" in cell.source):
            assert "timed" in cell.metadata.get("tags", []), cell.source[:60]


def test_round_off_sized_numbers_are_printed_short(notebook):
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            for number in re.findall(r"\d\.\d+e[-+]\d\d", output.get("text", "")):
                assert len(number.split("e")[0]) <= 3, number  # one decimal: d.de-XX


def test_headings_and_the_large_network_switch(notebook):
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    headings = re.findall(r"^(#+) (.*)$", markdown, flags=re.M)
    assert [level for level, _ in headings].count("#") == 1
    titles = [title for _, title in headings]
    assert titles[0] == "Gradient checking in practice"
    for topic in ("ε", "ReLU kinks", "Dropout", "Regularisation", "large network", "Localisation"):
        assert any(topic in title for title in titles), topic
    assert any("FULL_SIZE = False" in c.source for c in notebook.cells if c.cell_type == "code")


# ------------------------------------------------------------------------------------ the exercises' tests

KOREAN_STUDENT = ROOT / "notebooks" / "ko" / "Gradient_Checking_in_Practice.ipynb"


@pytest.mark.parametrize("path", [STUDENT, KOREAN_STUDENT], ids=["en", "ko"])
def test_every_stub_of_the_student_edition_says_what_it_takes_and_returns(path):
    """Each exercise's function comes with a docstring, written in the solution source (issue 23)."""
    import ast

    stubs = [c for c in nbformat.read(path, as_version=4).cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert len(stubs) == len(EXERCISES)
    for cell in stubs:
        function = ast.parse(cell.source).body[0]
        docstring = ast.get_docstring(function)
        assert docstring and "Arguments:" in docstring and "Returns:" in docstring, function.name
        assert all(f"{argument.arg} --" in docstring for argument in function.args.args), function.name


def test_no_given_cell_computes_an_exercises_answer(notebook):
    """The best step ε* is the student's to derive and write (Exercise 1): no given code computes it, and no text
    before the exercise's test gives its formula (issue 23: the figure's cell computed it, and the derivation ended
    in it)."""
    given = [c.source for c in notebook.cells
             if c.cell_type == "code" and not c.metadata.get("nbgrader", {}).get("solution")]
    cube_root_of_the_constants = re.compile(r"\([^()\n]*(J_size|M3)[^()\n]*\)\s*\*\*\s*\(1 / 3\)|cbrt")
    assert not [source for source in given if cube_root_of_the_constants.search(source)]
    test = next(i for i, c in enumerate(notebook.cells) if c.source == "optimal_epsilon_test(optimal_epsilon)")
    before = "\n".join(c.source for c in notebook.cells[:test] if c.cell_type == "markdown")
    assert "^{1/3}" not in before.replace("$u^{1/3}$", "")

EXERCISES = ("one_sided_check", "optimal_epsilon", "dropout_gradient_check", "wrong_layer")


def _answers(notebook) -> dict:
    """The solution edition's answer cells, defined in one namespace as the notebook defines them."""
    namespace = {"np": np, "THRESHOLD": 2e-7}
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            exec(cell.source, namespace)  # noqa: S102 - our own solution edition
    return namespace


def _message(test, function) -> str:
    with pytest.raises(AssertionError) as failure:
        test(function)
    return str(failure.value)


def test_exercises_have_nbgrader_answer_and_test_cells(notebook):
    cells = {c.metadata["nbgrader"]["grade_id"]: c for c in notebook.cells if "nbgrader" in c.metadata}
    for exercise in EXERCISES:
        answer, test = cells[exercise], cells[f"{exercise}_test"]
        assert answer.metadata["nbgrader"]["solution"] and "### BEGIN SOLUTION" in answer.source
        assert test.metadata["nbgrader"]["grade"] and test.metadata["nbgrader"]["points"] > 0
        assert test.source == f"{exercise}_test({exercise})"
        assert "All tests passed." in "".join(o.get("text", "") for o in test.outputs)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_the_solution_editions_answers_pass(notebook, exercise, capsys):
    getattr(practice, f"{exercise}_test")(_answers(notebook)[exercise])
    assert "All tests passed." in capsys.readouterr().out


@pytest.mark.parametrize("exercise", EXERCISES)
def test_a_stub_is_not_implemented_yet(exercise):
    def stub(*args):
        raise NotImplementedError()

    assert f"{exercise} is not implemented yet" in _message(getattr(practice, f"{exercise}_test"), stub)


def _relative(grad, approx):
    return abs(grad - approx) / (abs(grad) + abs(approx))


def test_one_sided_check_names_a_central_difference_and_a_wrong_divisor():
    def central(J, dJ, theta, epsilon):
        return _relative(dJ(theta), (J(theta + epsilon) - J(theta - epsilon)) / (2 * epsilon))

    def halved(J, dJ, theta, epsilon):
        return _relative(dJ(theta), (J(theta + epsilon) - J(theta)) / (2 * epsilon))

    message = _message(practice.one_sided_check_test, central)
    assert "evaluated J at 2.5, 1.5" in message and "central difference" in message
    assert "divided by 2ε" in _message(practice.one_sided_check_test, halved)
    assert "returned list" in _message(practice.one_sided_check_test, lambda J, dJ, theta, epsilon: [0.1])


@pytest.mark.parametrize(("wrong", "named"), [
    (lambda u, J, J3: (u * abs(J) / abs(J3)) ** (1 / 3), "factor 3"),
    (lambda u, J, J3: (3 * u * abs(J) / abs(J3)) ** 0.5, "square root"),
    (lambda u, J, J3: (abs(J3) / (3 * u * abs(J))) ** (1 / 3), "inverse"),
    (lambda u, J, J3: np.cbrt(3 * u * J / J3) if J > 0 else np.nan, "magnitudes"),
])
def test_optimal_epsilon_names_the_mistake(wrong, named):
    assert named in _message(practice.optimal_epsilon_test, wrong)


def test_dropout_check_with_a_fresh_mask_per_evaluation_is_told_how_many_masks_it_used(notebook):
    def fresh_masks(cost, gradient, theta, new_mask, epsilon=1e-6):
        grad, approx = gradient(theta, new_mask()), np.zeros_like(theta)
        for i in range(theta.size):
            step = np.eye(theta.size)[i] * epsilon
            approx[i] = (cost(theta + step, new_mask()) - cost(theta - step, new_mask())) / (2 * epsilon)
        return np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx))

    message = _message(practice.dropout_gradient_check_test, fresh_masks)
    assert re.search(r"called new_mask\(\) 9 times, cost 8 times and gradient 1 times, and passed \d+ different "
                     "masks", message)
    check = _answers(notebook)["dropout_gradient_check"]

    def own_mask(cost, gradient, theta, new_mask, epsilon=1e-6):
        return check(cost, gradient, theta, lambda: np.ones(5), epsilon)

    assert "a mask that new_mask() did not draw" in _message(practice.dropout_gradient_check_test, own_mask)

    def one_sided(cost, gradient, theta, new_mask, epsilon=1e-6):
        mask = new_mask()
        grad = gradient(theta, mask)
        approx = np.array([(cost(theta + np.eye(theta.size)[i] * epsilon, mask) - cost(theta, mask)) / epsilon
                           for i in range(theta.size)])
        return np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx))

    assert "with one mask, and returned" in _message(practice.dropout_gradient_check_test, one_sided)


def test_wrong_layer_names_the_layer_nearest_the_input_and_string_order():
    def nearest_input(report, threshold):
        flagged = [int(name[1:]) for name, value in report.items() if name != "all" and value > threshold]
        return min(flagged) if flagged else None

    def as_strings(report, threshold):
        flagged = sorted(name[1:] for name, value in report.items() if name != "all" and value > threshold)
        return int(flagged[-1]) if flagged else None

    def one_digit(report, threshold):  # issue 23: told it compared strings
        flagged = [int(name[1]) for name, value in report.items() if name != "all" and value > threshold]
        return max(flagged) if flagged else None

    def last_digit(report, threshold):
        flagged = [int(name[-1]) for name, value in report.items() if name != "all" and value > threshold]
        return max(flagged) if flagged else None

    assert "nearest the input" in _message(practice.wrong_layer_test, nearest_input)
    assert "comparing the layer numbers as strings" in _message(practice.wrong_layer_test, as_strings)
    message = _message(practice.wrong_layer_test, one_digit)
    assert "reading only the first digit" in message and "strings" not in message
    assert "reading only the last digit" in _message(practice.wrong_layer_test, last_digit)
    assert "not a block's name" in _message(practice.wrong_layer_test, lambda report, threshold: "W2")
    def zero_for_none(report, threshold):
        flagged = [int(name[1:]) for name, value in report.items() if name != "all" and value > threshold]
        return max(flagged, default=0)

    assert "no layer is wrong: return None, not 0" in _message(practice.wrong_layer_test, zero_for_none)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_in_jupyter_a_failure_shows_only_its_message(exercise):
    """As the assignment's tests: IPython shows what _render_traceback_ returns, not the test's frames (issue 23)."""
    import public_tests

    def stub(*args):
        raise NotImplementedError()

    with pytest.raises(public_tests.TestFailure) as failure:
        getattr(practice, f"{exercise}_test")(stub)
    lines = failure.value._render_traceback_()
    assert f"{exercise} is not implemented yet" in lines[0]
    assert not any("File " in line or "Traceback" in line for line in lines)
