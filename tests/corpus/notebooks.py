"""Submitted notebooks for the grader's tests, made from the student edition by putting code into its stubs.

``student_edition()`` is notebooks/Gradient_Checking.ipynb (or, where it is missing, a minimal notebook that
follows the same contract: answer cells with nbgrader metadata and ``# YOUR CODE HERE`` stubs, test cells
with points). ``solved`` fills the stubs with correct code written here, independently of the solution edition;
``with_answer`` replaces one answer cell's code by a submission's (a whole definition, as students often write).
"""

from __future__ import annotations

import copy
import functools
import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent.parent
STUDENT_EDITION = ROOT / "notebooks" / "Gradient_Checking.ipynb"
GRADED = {"forward_propagation": 10, "backward_propagation": 10, "gradient_check": 10, "gradient_check_n": 20,
          "backward_propagation_n": 10}
ANSWER_IDS = {"backward_propagation_n": "backward_propagation_n_fix"}
"""Answer cells whose grade_id is not the exercise's name: the bug fix, given code that the student repairs."""
REPAIRS = (("dW2 = 1.0 / m * np.dot(dZ2, A1.T) * 2", "dW2 = 1.0 / m * np.dot(dZ2, A1.T)"),
           ("db1 = 4.0 / m * np.sum(dZ1", "db1 = 1.0 / m * np.sum(dZ1"))
"""The bug fix: the two lines as handed out, and as repaired."""
STUB = re.compile(r"^([ \t]*)# YOUR CODE HERE\n[ \t]*raise NotImplementedError\([^\n]*\)[ \t]*$", flags=re.M)

CORRECT_BODIES = {
    "forward_propagation": "J = theta * x",
    "backward_propagation": "dtheta = x",
    "gradient_check": """\
J_plus = forward_propagation(x, theta + epsilon)
J_minus = forward_propagation(x, theta - epsilon)
gradapprox = (J_plus - J_minus) / (2 * epsilon)
grad = backward_propagation(x, theta)
difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))""",
    "gradient_check_n": """\
for i in range(num_parameters):
    shifted = np.copy(parameters_values)
    shifted[i] += epsilon
    J_plus[i] = forward_propagation_n(X, Y, vector_to_dictionary(shifted))[0]
    shifted[i] -= 2 * epsilon
    J_minus[i] = forward_propagation_n(X, Y, vector_to_dictionary(shifted))[0]
    gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))""",
}
"""Correct code for each graded stub (the lines that replace `# YOUR CODE HERE` / `raise NotImplementedError()`)."""

_MINIMAL_ANSWERS = {
    "forward_propagation": "def forward_propagation(x, theta):\n    {stub}\n    return J",
    "backward_propagation": "def backward_propagation(x, theta):\n    {stub}\n    return dtheta",
    "gradient_check": "def gradient_check(x, theta, epsilon=1e-7, print_msg=False):\n    {stub}\n    return difference",
    "gradient_check_n": """def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    num_parameters = parameters_values.shape[0]
    J_plus = np.zeros((num_parameters, 1))
    J_minus = np.zeros((num_parameters, 1))
    gradapprox = np.zeros((num_parameters, 1))
    {stub}
    return difference""",
}


_MINIMAL_FIX = """def backward_propagation_n(X, Y, cache):
    from gc_utils.network import backward_propagation_n as correct_backward
    gradients = correct_backward(X, Y, cache)
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3), m = cache, X.shape[1]
    dZ2, dZ1 = gradients["dZ2"], gradients["dZ1"]
    dW2 = 1.0 / m * np.dot(dZ2, A1.T) * 2
    db1 = 4.0 / m * np.sum(dZ1, axis=1, keepdims=True)
    return {**gradients, "dW2": dW2, "db1": db1}"""
"""The bug fix of ``minimal_student_edition``: the two buggy lines over gc_utils' correct back-propagation."""


def _nbgrader(grade_id: str, solution: bool, grade: bool, points: int | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": not solution, "schema_version": 3, "solution": solution}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def minimal_student_edition() -> nbformat.NotebookNode:
    """A small notebook that follows the assignment's contract, for when the real student edition is missing."""
    cells = [nbformat.v4.new_markdown_cell("# Gradient Checking"),
             nbformat.v4.new_code_cell("import numpy as np\n\nfrom testCases import *\nfrom public_tests import *\n"
                                       "from gc_utils import sigmoid, relu, dictionary_to_vector, "
                                       "vector_to_dictionary, gradients_to_vector"),
             nbformat.v4.new_code_cell("%load_ext autoreload\n%autoreload 2")]
    stub = "# YOUR CODE HERE\n    raise NotImplementedError()"
    for exercise, answer in _MINIMAL_ANSWERS.items():
        cells.append(nbformat.v4.new_code_cell(answer.format(stub=stub), metadata=_nbgrader(exercise, True, False)))
        cells.append(nbformat.v4.new_code_cell(f"{exercise}_test({exercise})",
                                               metadata=_nbgrader(f"{exercise}_test", False, True, GRADED[exercise])))
    cells.append(nbformat.v4.new_code_cell(_MINIMAL_FIX, metadata=_nbgrader(ANSWER_IDS["backward_propagation_n"],
                                                                             False, False)))
    cells.append(nbformat.v4.new_code_cell("backward_propagation_n_test(backward_propagation_n)",
                                           metadata=_nbgrader("backward_propagation_n_fix_check", False, True,
                                                              GRADED["backward_propagation_n"])))
    return nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3",
                                                                          "display_name": "Python 3"}})


@functools.lru_cache(maxsize=1)
def _read_student_edition() -> nbformat.NotebookNode:
    return nbformat.read(STUDENT_EDITION, as_version=4)


def student_edition() -> nbformat.NotebookNode:
    """The real student edition when it exists, else ``minimal_student_edition()``."""
    if STUDENT_EDITION.is_file():
        return copy.deepcopy(_read_student_edition())
    return minimal_student_edition()


def answer_cell(notebook: nbformat.NotebookNode, exercise: str) -> nbformat.NotebookNode:
    grade_id = ANSWER_IDS.get(exercise, exercise)
    return next(c for c in notebook.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id)


def _fill(source: str, body: str) -> str:
    match = STUB.search(source)
    if not match:
        raise ValueError("no `# YOUR CODE HERE` stub in this cell")
    indent = match.group(1)
    return source[: match.start()] + "\n".join(indent + line if line else line for line in body.split("\n")) \
        + source[match.end():]


def solved(notebook: nbformat.NotebookNode | None = None, skip: tuple[str, ...] = ()) -> nbformat.NotebookNode:
    """A copy of ``notebook`` (default: the student edition) with the graded stubs filled with correct code."""
    notebook = copy.deepcopy(student_edition() if notebook is None else notebook)
    for exercise, body in CORRECT_BODIES.items():
        if exercise not in skip:
            cell = answer_cell(notebook, exercise)
            cell.source = _fill(cell.source, body)
    if "backward_propagation_n" not in skip:
        cell = answer_cell(notebook, "backward_propagation_n")
        for buggy, repaired in REPAIRS:
            assert buggy in cell.source, buggy
            cell.source = cell.source.replace(buggy, repaired)
    return notebook


def with_answer(exercise: str, source: str, notebook: nbformat.NotebookNode | None = None) -> nbformat.NotebookNode:
    """The solved notebook with the answer cell of ``exercise`` replaced by ``source``."""
    notebook = solved() if notebook is None else copy.deepcopy(notebook)
    answer_cell(notebook, exercise).source = source
    return notebook


def without_metadata(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """What some editors do: every cell's metadata removed."""
    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        cell.metadata = {}
    return notebook


def write(notebook: nbformat.NotebookNode, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, str(path))
    return path
