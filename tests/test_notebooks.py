"""The assignment notebook: its two editions, what they show, and that they run."""

import base64
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.gc_utils.widgets.students import PNG_SIGNATURE

ROOT = Path(__file__).resolve().parent.parent
SOLUTION = ROOT / "notebooks" / "solutions" / "Gradient_Checking.ipynb"
STUDENT = ROOT / "notebooks" / "Gradient_Checking.ipynb"
PRACTICE_SOLUTION = ROOT / "notebooks" / "solutions" / "Gradient_Checking_in_Practice.ipynb"
PRACTICE_STUDENT = ROOT / "notebooks" / "Gradient_Checking_in_Practice.ipynb"
LAYERS = [ROOT / "notebooks" / folder / "Gradient_Checking_Your_Own_Layers.ipynb"
          for folder in ("solutions", ".", "solutions/ko", "ko")]
STORED_OUTPUTS = [SOLUTION, PRACTICE_SOLUTION]
EXERCISES = {"forward_propagation": 10, "backward_propagation": 10, "gradient_check": 10, "gradient_check_n": 20}
STUB = r"# YOUR CODE HERE\n{indent}raise NotImplementedError\(\"Replace this line with your code\"\)"


def read(path):
    return nbformat.read(path, as_version=4)


def run(notebook, path, allow_errors=False, store_widget_state=False):
    NotebookClient(notebook, timeout=300, kernel_name="python3", allow_errors=allow_errors,
                   store_widget_state=store_widget_state, resources={"metadata": {"path": str(path.parent)}}).execute()
    return notebook


def text_of(cell):
    return "".join(o.get("text", "") + "".join(o.get("traceback", [])) + str(o.get("evalue", ""))
                   for o in cell.get("outputs", []))


def solution_regions(source):
    return re.findall(r"### BEGIN SOLUTION\n(.*?)\n[ \t]*### END SOLUTION", source, flags=re.S)


def hidden_regions(source):
    return re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)\n[ \t]*### END HIDDEN TESTS", source, flags=re.S)


def graded_cells(notebook):
    return {c.metadata["nbgrader"]["grade_id"]: c for c in notebook.cells if "nbgrader" in c.metadata}


def test_student_edition_is_what_the_generator_makes():
    result = subprocess.run([sys.executable, "tools/make_student_edition.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_student_edition_holds_no_solution_line():
    code_cells = [c for c in read(STUDENT).cells if c.cell_type == "code"]
    student_lines = {line.strip() for c in code_cells for line in c.source.splitlines()}
    for cell in read(SOLUTION).cells:
        for region in solution_regions(cell.source) + hidden_regions(cell.source):
            for line in filter(None, (line.strip() for line in region.splitlines())):
                assert line not in student_lines, line
    assert not any(c.get("outputs") for c in read(STUDENT).cells)


def test_nbgrader_metadata_marks_answers_and_points():
    cells = graded_cells(read(SOLUTION))
    for exercise, points in EXERCISES.items():
        answer, test = cells[exercise], cells[f"{exercise}_test"]
        assert answer.metadata["nbgrader"]["solution"] and not answer.metadata["nbgrader"]["grade"]
        assert re.search(rf"^def {exercise}\(", answer.source, flags=re.M)
        assert test.metadata["nbgrader"]["grade"] and test.metadata["nbgrader"]["points"] == points
        assert test.source.strip() == f"{exercise}_test({exercise})"


@pytest.fixture(scope="module")
def executed_student_edition():
    """The student edition as handed out, executed by nbclient (as nbval and nbconvert do) with the widget state
    stored, as a static viewer would get it; every stub raises, and the run goes on."""
    return run(read(STUDENT), STUDENT, allow_errors=True, store_widget_state=True)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_student_edition_says_not_implemented_yet(executed_student_edition, exercise):
    output = text_of(graded_cells(executed_student_edition)[f"{exercise}_test"])
    assert f"{exercise} is not implemented yet" in output
    assert "public_tests" not in output and "Traceback" not in output, "the message only, not the test's frames"


def test_student_edition_stops_run_all_on_a_sentence(executed_student_edition):
    """Run All stops in the first exercise's call, on a sentence, with the stubbed function in the traceback."""
    first_error = next(o for c in executed_student_edition.cells for o in c.get("outputs", [])
                       if o.output_type == "error")
    assert first_error.ename == "NotImplementedError"
    assert first_error.evalue == "Replace this line with your code"
    assert "forward_propagation" in "".join(first_error.traceback)


def test_headless_execution_leaves_a_png_per_explorer_cell(executed_student_edition):
    """Executed without a browser, each of the four explorer cells shows one static PNG with its widget, and the
    widget state stored in the notebook holds each explorer's model (for static viewers); before any exercise is
    done already."""
    notebook = executed_student_edition
    explorer_cells = [cell for cell in notebook.cells
                      if cell.cell_type == "code" and ("Explorer" in cell.source or "Injector" in cell.source)]
    assert len(explorer_cells) == 4
    state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    for cell in explorer_cells:
        assert [o.output_type for o in cell.outputs] == ["execute_result"], cell.source  # one output, no text
        data = cell.outputs[0].data
        assert base64.b64decode(data["image/png"]).startswith(PNG_SIGNATURE), cell.source
        assert data["application/vnd.jupyter.widget-view+json"]["model_id"] in state, cell.source


def without_hidden_regions(source: str) -> str:
    """``source`` without its ``### BEGIN/END HIDDEN TESTS`` regions, markers included (as nbgrader's release)."""
    return re.sub(r"[ \t]*### BEGIN HIDDEN TESTS\n.*?### END HIDDEN TESTS\n?", "", source, flags=re.S).rstrip("\n")


def solutions_put_back() -> nbformat.NotebookNode:
    """The student edition with the solution edition's regions in place of its stubs, and the bug fix made."""
    solution_cells = graded_cells(read(SOLUTION))
    notebook = read(STUDENT)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id == "backward_propagation_n_fix":  # given code: the student repairs the buggy lines in place
            cell.source = cell.source.replace("A1.T) * 2", "A1.T)").replace("4.0 / m", "1.0 / m")
            continue
        regions = solution_regions(solution_cells[grade_id].source) if grade_id else []
        for region in regions:
            indent = re.match(r"[ \t]*", region).group(0)
            stub = re.search(STUB.format(indent=indent), cell.source)
            assert stub, cell.source
            cell.source = cell.source[:stub.start()] + region.lstrip() + cell.source[stub.end():]
    return notebook


def test_with_the_solutions_put_back_the_student_edition_is_the_solution_editions_code():
    """Cell for cell, but for the solution regions' marker comments and the hidden regions nbgrader's release leaves
    out (the solution edition's banner; after the bug-fix cell, the reference back-propagation in place of the
    repair): so the run of the solution edition, whose outputs nbval compares with the stored ones, is the run of
    the student edition completed, and there every test cell says that all its tests passed. The repair itself is
    graded in tests/test_grader.py (the corpus's solved notebook gets full marks)."""
    solution = read(SOLUTION)
    put_back = solutions_put_back()
    assert [c.id for c in put_back.cells] == [c.id for c in solution.cells]
    for completed, cell in zip(put_back.cells, solution.cells):
        assert completed.cell_type == cell.cell_type, cell.id
        if cell.cell_type == "code":
            expected = re.sub(r"\n?[ \t]*### (BEGIN|END) SOLUTION", "", without_hidden_regions(cell.source))
            if cell.metadata.get("nbgrader", {}).get("grade_id") == "backward_propagation_n_fix":
                expected = expected.replace("A1.T) * 2", "A1.T)").replace("4.0 / m", "1.0 / m")
            assert completed.source == expected, cell.id
    test_cells = [c for c in solution.cells if re.fullmatch(r"\w+_test\(\w+\)", c.source.strip())]
    assert len(test_cells) == 6
    for cell in test_cells:
        assert "All tests passed." in text_of(cell), cell.source


def test_stored_outputs_show_the_lessons_numbers():
    outputs = [text_of(c) for c in read(SOLUTION).cells if c.cell_type == "code"]
    assert any(o.strip() == "J = 8" for o in outputs)
    assert any(o.strip() == "dtheta = 3" for o in outputs)
    one_d = next(o for o in outputs if "difference = " in o)
    assert "\033[92mYour backward propagation works perfectly fine!" in one_d
    assert 1e-11 < float(re.search(r"difference = (\S+?)\x1b", one_d).group(1)) < 1e-9
    checks = [o for o in outputs if "backward propagation" in o][1:]
    assert "\033[93mThere is a mistake in the backward propagation! difference = 0.2850931567761623" in checks[0]
    assert "\033[92mYour backward propagation works perfectly fine!" in checks[1]
    assert float(re.search(r"difference = (\S+?)\x1b", checks[1]).group(1)) < 2e-7


@pytest.mark.parametrize("path", [SOLUTION, STUDENT, PRACTICE_SOLUTION, PRACTICE_STUDENT, *LAYERS],
                         ids=lambda p: p.parent.name + "/" + p.name)
def test_accessible_structure(path):
    cells = [c for c in read(path).cells if c.cell_type == "markdown"]
    markdown = "\n".join(c.source for c in cells)
    levels = [len(m) for m in re.findall(r"^(#+) ", markdown, flags=re.M)]
    assert levels.count(1) == 1 and levels[0] == 1, "exactly one H1, first"
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), f"heading levels skip: {levels}"
    for cell in cells:
        for alt, target in re.findall(r"!\[([^\]]*)\]\(([^)\s]+)", cell.source):
            if target.startswith("http"):
                continue  # badges
            assert len(alt) > 20, f"{target} needs a describing alt text"
            # Figures travel with the notebook (Colab, nbgrader's release, a copy in work/): attachments only.
            assert target.startswith("attachment:"), f"{target} is a file beside the notebook, not an attachment"
            assert "image/png" in cell.get("attachments", {}).get(target.removeprefix("attachment:"), {}), target


@pytest.mark.parametrize("path", STORED_OUTPUTS, ids=lambda p: p.parent.name + "/" + p.name)
def test_no_machine_paths_in_stored_notebooks(path):
    text = path.read_text(encoding="utf-8")
    for leak in ("/work/", "/tmp/", "/root/", "/home/", "C:\\\\Users"):
        assert leak not in text
