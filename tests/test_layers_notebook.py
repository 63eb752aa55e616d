"""The "Checking your own layers" notebook: both editions, both languages, what they show and that they run.

nbval re-runs the solution editions (English and Korean) and compares their stored outputs. These tests check what
nbval does not: that nothing run-specific is stored, that every figure is shown through the notebook's one figure
function with an alt text and described in the text beside it, that the Korean Markdown renders (bold included),
that the exercises carry nbgrader's metadata and their tests pass the solutions. They execute the student editions as
handed out (each exercise "not implemented yet", the figures shown all the same), and show that either edition with
the solutions put back is its solution edition's code, which nbval runs.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from public_tests import layers as layer_tests
from tests.gc_utils.widgets.students import PNG_SIGNATURE

ROOT = Path(__file__).resolve().parent.parent
NAME = "Gradient_Checking_Your_Own_Layers.ipynb"
SOLUTIONS = {"en": ROOT / "notebooks" / "solutions" / NAME, "ko": ROOT / "notebooks" / "solutions" / "ko" / NAME}
STUDENTS = {"en": ROOT / "notebooks" / NAME, "ko": ROOT / "notebooks" / "ko" / NAME}
EXERCISES = ("vjp_check", "dense_backward", "softmax_cross_entropy", "batchnorm_backward", "hvp_check")
NOT_IMPLEMENTED = {"en": "{exercise} is not implemented yet", "ko": "{exercise}: 아직 구현되지 않았습니다"}
PASSED = {"en": "All tests passed.", "ko": "모든 테스트를 통과했습니다."}
CAPTION = {"en": "*Figure {number}.", "ko": "*그림 {number}"}
STUB = r"# YOUR CODE HERE\n{indent}raise NotImplementedError\(\"Replace this line with your code\"\)"


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def run(notebook: nbformat.NotebookNode, path: Path, allow_errors: bool = False) -> nbformat.NotebookNode:
    NotebookClient(notebook, timeout=300, kernel_name="python3", allow_errors=allow_errors,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return notebook


def text_of(cell) -> str:
    return "".join(o.get("text", "") + "".join(o.get("traceback", [])) + str(o.get("evalue", ""))
                   for o in cell.get("outputs", []))


def graded(notebook) -> dict:
    return {c.metadata["nbgrader"]["grade_id"]: c for c in notebook.cells if "nbgrader" in c.metadata}


@pytest.fixture(scope="module", params=list(SOLUTIONS))
def solution(request):
    return request.param, read(SOLUTIONS[request.param])


# --------------------------------------------------------------------------------------- stored outputs

def test_every_code_cell_ran_in_order_without_errors(solution):
    _, notebook = solution
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not [o for c in code for o in c.outputs if o.output_type == "stream" and o.name == "stderr"]


def test_nothing_run_specific_is_stored(solution):
    language, notebook = solution
    assert notebook.metadata["language_info"] == {"name": "python"}
    assert all("execution" not in c.metadata for c in notebook.cells)
    assert "widgets" not in notebook.metadata
    text = SOLUTIONS[language].read_text(encoding="utf-8")
    for leak in ("/work/", "/tmp/", "/root/", "/home/", "site-packages"):
        assert leak not in text


def test_every_figure_goes_through_figure_output_with_an_alt_text_and_a_caption(solution):
    language, notebook = solution
    cells = notebook.cells
    figures = [i for i, c in enumerate(cells) if c.cell_type == "code"
               and any("image/png" in o.get("data", {}) for o in c.outputs)]
    assert len(figures) == 5
    for number, index in enumerate(figures, start=1):
        cell = cells[index]
        assert "figure_output(" in cell.source or cell.source.strip() == "BatchNormBugExplorer(batchnorm_backward)"
        for output in cell.outputs:
            if "image/png" in output.get("data", {}):
                alt = output.metadata["image/png"]["alt"]
                assert output.data["text/plain"].endswith(alt) and len(alt) > 150, cell.id  # an explorer names itself
                assert not alt.startswith("<Figure") and not re.search(r"\d\.\d{3,}", alt)
                assert base64.b64decode(output.data["image/png"]).startswith(PNG_SIGNATURE)
        following = cells[index + 1]
        assert following.cell_type == "markdown" and following.source.startswith(
            CAPTION[language].format(number=number)), following.source[:40]
        assert len(following.source) > 200
    korean_alt = [o.data["text/plain"] for i in figures for o in cells[i].outputs if "image/png" in o.get("data", {})]
    assert all(re.search("[가-힣]", alt) for alt in korean_alt) == (language == "ko")


def test_round_off_sized_numbers_are_printed_short(solution):
    _, notebook = solution
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            for number in re.findall(r"\d\.\d+e[-+]\d\d", output.get("text", "")):
                assert len(number.split("e")[0]) <= 3, number


def test_the_bridge_cell_is_left_out_of_nbvals_comparison_and_says_what_it_skipped(solution):
    language, notebook = solution
    [cell] = [c for c in notebook.cells if "bridge.run_all()" in c.source]
    assert "nbval-ignore-output" in cell.metadata["tags"]
    printed = text_of(cell)
    assert printed.count("torch.autograd.gradcheck: ") == 1 and printed.count("jax.test_util.check_grads: ") == 1


def test_headings_cover_the_topics():
    markdown = "\n".join(c.source for c in read(SOLUTIONS["en"]).cells if c.cell_type == "markdown")
    titles = [title for _, title in re.findall(r"^(#+) (.*)$", markdown, flags=re.M)]
    assert titles[0] == "Checking your own layers"
    for topic in ("one layer", "random", "Softmax", "Batch normalisation", "Second order", "When to check",
                  "float64", "random entries", "PyTorch and JAX", "checklist"):
        assert any(topic in title for title in titles), topic
    assert sum(title.startswith("Exercise") for title in titles) == len(EXERCISES)


# ------------------------------------------------------------------------------------------- Korean

def _is_space(character: str) -> bool:
    return character.isspace()


def _is_punctuation(character: str) -> bool:
    return unicodedata.category(character)[0] in "PS"


def bold_that_does_not_render(markdown: str) -> list[str]:
    """The ``**`` delimiters of ``markdown`` that CommonMark's flanking rules keep from opening or closing a bold.

    A closing ``**`` must be right-flanking: not after a space, and, when it follows punctuation, itself followed by
    a space or punctuation. So ``**곱(product)**입니다`` stays literal: ``)`` is punctuation and ``입`` is not.
    Math is replaced as JupyterLab does before it parses Markdown (by ``@@0@@``, punctuation at both ends), code
    spans are left out.
    """
    text = re.sub(r"`[^`\n]*`", "code", markdown)
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]*\$", "@@0@@", text, flags=re.S)
    problems, opening = [], True
    for match in re.finditer(r"(?<!\*)\*\*(?!\*)", text):
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        left = not _is_space(after) and (not _is_punctuation(after) or _is_space(before) or _is_punctuation(before))
        right = not _is_space(before) and (not _is_punctuation(before) or _is_space(after) or _is_punctuation(after))
        if not (left if opening else right):
            problems.append(text[max(0, match.start() - 20):match.end() + 10])
        opening = not opening
    return problems


def test_the_bold_check_knows_the_flanking_rule():
    assert bold_that_does_not_render("**곱(product)**입니다") == ["**곱(product)**입니다"]
    assert bold_that_does_not_render("**곱**(product)입니다, **$x$** 값, **log-sum-exp 기법**은") == []
    assert bold_that_does_not_render("**$x$**는") == ["**@@0@@**는"]


def test_markdown_renders_every_bold_and_korean_uses_no_templated_particles():
    for path in (*SOLUTIONS.values(), STUDENTS["ko"]):
        for cell in read(path).cells:
            if cell.cell_type != "markdown":
                continue
            assert bold_that_does_not_render(cell.source) == [], (path.name, cell.id)
            assert not re.search(r"이\(가\)|은\(는\)|을\(를\)|와\(과\)|\(으\)로", cell.source), cell.id


def test_the_korean_edition_has_the_english_cells_in_korean():
    english, korean = read(SOLUTIONS["en"]), read(SOLUTIONS["ko"])
    assert [c.id for c in korean.cells] == [c.id for c in english.cells]
    for en_cell, ko_cell in zip(english.cells, korean.cells, strict=True):
        if en_cell.cell_type == "markdown":
            assert re.search("[가-힣]", ko_cell.source), ko_cell.id
    assert any('set_language("ko")' in c.source for c in korean.cells if c.cell_type == "code")


# ---------------------------------------------------------------------------------------- exercises

def answers(notebook) -> dict:
    """The answer cells, defined in one namespace as the notebook defines them."""
    namespace = {"np": np}
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            exec(cell.source, namespace)  # noqa: S102 - our own solution edition
    return namespace


def test_exercises_have_nbgrader_answer_and_test_cells(solution):
    language, notebook = solution
    cells = graded(notebook)
    assert sorted(cells) == sorted([*EXERCISES, *(f"{exercise}_test" for exercise in EXERCISES)])
    for exercise in EXERCISES:
        answer, test = cells[exercise], cells[f"{exercise}_test"]
        assert answer.metadata["nbgrader"]["solution"] and not answer.metadata["nbgrader"]["grade"]
        assert re.search(rf"^def {exercise}\(", answer.source, flags=re.M) and "### BEGIN SOLUTION" in answer.source
        assert test.metadata["nbgrader"]["grade"] and test.metadata["nbgrader"]["points"] > 0
        assert test.source == f"{exercise}_test({exercise})"
        assert PASSED[language] in text_of(test)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_the_solution_editions_answers_pass(exercise, capsys):
    getattr(layer_tests, f"{exercise}_test")(answers(read(SOLUTIONS["en"]))[exercise])
    assert "All tests passed." in capsys.readouterr().out


# ------------------------------------------------------------------------------------ student editions

@pytest.mark.parametrize("language", list(STUDENTS))
def test_the_student_edition_is_generated_and_holds_no_solution(language):
    student, solution = read(STUDENTS[language]), read(SOLUTIONS[language])
    assert student.metadata["generated"]["from"] == str(SOLUTIONS[language].relative_to(ROOT))
    assert not any(c.get("outputs") for c in student.cells)
    lines = {line.strip() for c in student.cells if c.cell_type == "code" for line in c.source.splitlines()}
    for cell in solution.cells:
        for region in re.findall(r"### BEGIN SOLUTION\n(.*?)\n[ \t]*### END SOLUTION", cell.source, flags=re.S):
            assert not {line.strip() for line in region.splitlines() if line.strip()} & lines


@pytest.fixture(scope="module", params=list(STUDENTS))
def executed_student_edition(request):
    language = request.param
    return language, run(read(STUDENTS[language]), STUDENTS[language], allow_errors=True)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_the_student_edition_says_not_implemented_yet(executed_student_edition, exercise):
    language, notebook = executed_student_edition
    output = text_of(graded(notebook)[f"{exercise}_test"])
    assert NOT_IMPLEMENTED[language].format(exercise=exercise) in output
    assert "public_tests" not in output and "Traceback" not in output, "the message only, not the test's frames"


def test_the_student_edition_shows_its_figures_before_any_exercise_is_done(executed_student_edition):
    _, notebook = executed_student_edition
    shown = [c.id for c in notebook.cells if any("image/png" in o.get("data", {}) for o in c.get("outputs", []))]
    assert {"c07-upstreams", "c16-softmax-figure", "c30-hvp-figure", "c35-training", "c27-explorer"} <= set(shown)


def solutions_put_back(language: str) -> nbformat.NotebookNode:
    """The student edition with the solution edition's regions in place of its stubs."""
    solutions = graded(read(SOLUTIONS[language]))
    notebook = read(STUDENTS[language])
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id not in EXERCISES:
            continue
        for region in re.findall(r"### BEGIN SOLUTION\n(.*?)\n[ \t]*### END SOLUTION", solutions[grade_id].source,
                                 flags=re.S):
            indent = re.match(r"[ \t]*", region).group(0)
            stub = re.search(STUB.format(indent=indent), cell.source)
            assert stub, cell.source
            cell.source = cell.source[:stub.start()] + region.lstrip() + cell.source[stub.end():]
    return notebook


@pytest.mark.parametrize("language", list(STUDENTS))
def test_with_the_solutions_put_back_the_student_edition_is_the_solution_editions_code(language):
    """Cell for cell, but for the solution regions' marker comments: so the run of the solution edition, whose
    outputs nbval compares with the stored ones (every test passed), is the run of the student edition completed."""
    solution = read(SOLUTIONS[language])
    put_back = solutions_put_back(language)
    assert [c.id for c in put_back.cells] == [c.id for c in solution.cells]
    for completed, cell in zip(put_back.cells, solution.cells):
        assert completed.cell_type == cell.cell_type, cell.id
        if cell.cell_type == "code":
            assert completed.source == re.sub(r"\n?[ \t]*### (BEGIN|END) SOLUTION", "", cell.source), cell.id
