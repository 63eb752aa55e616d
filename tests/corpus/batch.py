"""A batch that mixes every kind of submission the grader must survive, each with the grade it deserves.

``corpus()`` lists the submissions, each with an ``Expected`` (the row's status, which exercises get 0 points with
a piece of their feedback — every other one full marks —, whether it is flagged for review) and a writer;
``build(folder)`` writes them all.
Kinds: correct variants; each common mistake of tests/corpus/submissions.py; failure modes (crash, hang,
sys.exit, os._exit, endless output, missing function, memory hog, a leftover process); tampering attempts; bad
files. Tampering never pays: each attempt gets at most the points its honest part earns, and costs only the
exercise it is in (each exercise runs in a sandbox of its own); running the grader's reference solution read from
disk finds no such file in the sandbox.
"""

from __future__ import annotations

import copy
import json
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

import reference_solutions as reference
from public_tests.cases import NOTEBOOK_SEED, build_cases
from public_tests.execution import execute

from . import notebooks as nbs
from .submissions import PASS, SUBMISSIONS

GRADED = nbs.GRADED
ROOT = nbs.ROOT


@dataclass
class Expected:
    name: str
    """The file name (and the submission's name in the outputs)."""
    status: str = "graded"
    zero: dict[str, str] = field(default_factory=dict)
    """Exercise -> a piece of its feedback ("a|b": either); these get 0 points, every other one full marks."""
    review: bool = False
    """Whether the row must be flagged for the instructor's review."""

    def points(self, exercise: str) -> int:
        return 0 if exercise in self.zero or self.status not in ("graded", "truncated") else GRADED[exercise]


def _code(source: str) -> str:
    return textwrap.dedent(source).strip("\n") + "\n"


# ------------------------------------------------------------------------------------ failure modes

FAILURES = {  # name -> (exercise, its answer cell, a piece of its feedback, flagged for review)
    "crash-segfault": ("forward_propagation", """
        def forward_propagation(x, theta):
            import ctypes
            ctypes.string_at(0)
            return theta * x
        """, "crashed (SIGSEGV)", True),
    "crash-os-exit-first": ("forward_propagation", """
        def forward_propagation(x, theta):
            import os
            os._exit(0)
        """, "exited with code 0", True),
    "hang-loop": ("backward_propagation", """
        def backward_propagation(x, theta):
            while True:
                pass
        """, "did not finish", False),
    "sys-exit": ("gradient_check", """
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            import sys
            sys.exit("done here")
        """, "SystemExit", True),
    "os-exit-last": ("gradient_check_n", """
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            import os
            os._exit(3)
        """, "exited with code 3", True),
    "endless-print": ("forward_propagation", """
        def forward_propagation(x, theta):
            while True:
                print("All tests passed. " * 100)
        """, "did not finish|MemoryError", False),
    "endless-stderr": ("backward_propagation", """
        def backward_propagation(x, theta):
            import os
            while True:
                os.write(2, b"All tests passed.\\n" * 4096)
        """, "raised BrokenPipeError", False),
    "memory-hog-at-once": ("backward_propagation", """
        def backward_propagation(x, theta):
            big = np.ones((40000, 40000))
            return x
        """, "MemoryError", False),
    "memory-hog-growing": ("gradient_check", """
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            blocks = []
            while True:
                blocks.append(bytearray(10**7))
        """, "MemoryError|did not finish", False),
}


LEFTOVER_TOKEN = "601.2503"
LEFTOVER_PROCESS = _code(f"""
    def forward_propagation(x, theta):
        import os
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:  # a daemon: double fork and a new session
                os.execv("/bin/sleep", ["sleep", "{LEFTOVER_TOKEN}"])
            os._exit(0)
        return theta * x
    """)
"""Leaves a daemon behind at every call, ``sleep LEFTOVER_TOKEN`` (the test checks no such process is left)."""


# ------------------------------------------------------------------------------------ tampering

def _lookup_table_source() -> str:
    """A gradient_check that returns the right value only for the notebook's own cases (values seen there)."""
    table = {}
    for case in build_cases("gradient_check", NOTEBOOK_SEED):
        key = (float(case.args[0]), float(case.args[1]), float(case.kwargs.get("epsilon", 1e-7)))
        table[key] = execute(reference.gradient_check, case).value[1]
    return _code(f"""
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False, _seen={table!r}):
            return _seen.get((float(x), float(theta), float(epsilon)), 1e-9)
        """)


def _forged_result() -> str:
    outcome = {"value": ["scalar", 1e-9], "error_type": None, "error": None,
               "inputs_after": ["sequence", [["none"], ["none"], ["none"], ["none"]]]}
    forged = json.dumps({"type": "result", "exercise": "gradient_check_n",
                         "outcomes": [outcome] * len(build_cases("gradient_check_n"))})
    return _code(f"""
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            import os
            lines = ({forged!r} + "\\n" + '{{"type": "done"}}' + "\\n").encode()
            for fd in range(3, 64):
                try:
                    os.write(fd, lines)
                except OSError:
                    pass
            os._exit(0)
        """)


def tampering() -> dict[str, tuple[str, str, str, bool]]:
    """name -> (exercise, source of its answer cell, feedback piece, flagged for review)."""
    solutions = ROOT / "notebooks" / "solutions" / "Gradient_Checking.ipynb"
    return {
        "tamper-fake-success-print": ("forward_propagation", """
            print("\\033[92mAll tests passed.\\033[0m")
            def forward_propagation(x, theta, _=print("All tests passed.")):
                print("\\033[92mAll tests passed.\\033[0m")
                return 0
            """, "expected", False),
        "tamper-redefine-public-test": ("forward_propagation", """
            def forward_propagation_test(target):
                print("All tests passed.")

            def forward_propagation(x, theta):
                return x + theta
            """, "product θ·x", False),
        "tamper-patch-public-tests": ("backward_propagation", """
            import public_tests
            public_tests.judging = lambda *args, **kwargs: None

            def backward_propagation(x, theta):
                import public_tests.judging as judging
                judging.judge = lambda *args, **kwargs: None
                return theta
            """, "not available to submissions", True),
        "tamper-patch-numpy": ("gradient_check", """
            def gradient_check(x, theta, epsilon=1e-7, print_msg=False,
                               _=[setattr(np, name, lambda *a, **k: True)
                                  for name in ("allclose", "isclose", "array_equal")]):
                return 0.0
            """, "sabotaged|changed numpy.allclose", True),
        "tamper-lying-eq": ("forward_propagation", """
            class AlwaysRight:
                __eq__ = __le__ = __ge__ = lambda self, other: True
                __lt__ = __gt__ = __ne__ = lambda self, other: False
                __float__ = lambda self: 8.0
                __bool__ = lambda self: True
                __hash__ = object.__hash__

            def forward_propagation(x, theta):
                return AlwaysRight()
            """, "AlwaysRight", False),
        "tamper-float-subclass": ("backward_propagation", """
            class Liar(float):
                __eq__ = __le__ = __ge__ = lambda self, other: True
                __lt__ = __gt__ = __ne__ = lambda self, other: False
                __hash__ = float.__hash__
                def __float__(self):
                    return 3.0

            def backward_propagation(x, theta):
                return Liar(0.0)
            """, "expected", False),
        "tamper-array-subclass": ("gradient_check_n", """
            class Agreeable(np.ndarray):
                def __eq__(self, other):
                    return np.ones(np.shape(other), dtype=bool)
                __lt__ = __le__ = __gt__ = __ge__ = __eq__

            def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
                return np.zeros((1, 1)).view(Agreeable)
            """, "single real number", False),
        "tamper-read-published-values": ("gradient_check_n", f"""
            def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
                import re
                text = open({str(solutions)!r}, encoding="utf-8").read()
                return float(re.findall(r"difference = ([0-9.e-]+)", text)[-2])
            """, "gradient_check_n failed", True),
        "tamper-import-reference": ("gradient_check", """
            def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
                from reference_solutions import gradient_check as answer
                return answer(x, theta, epsilon)
            """, "No module named 'reference_solutions'", True),
        "tamper-builtins": ("forward_propagation", """
            import builtins
            def forward_propagation(x, theta, _=setattr(builtins, "float", lambda *args: 8.0)):
                return 8
            """, "changed builtins.float while being defined", True),
        "tamper-write-output-folder": ("forward_propagation", """
            def forward_propagation(x, theta):
                import os
                pid = os.getppid()
                for _ in range(4):  # up the process tree to the grader, whose command line names --out
                    try:
                        args = open(f"/proc/{pid}/cmdline", "rb").read().decode().split("\\0")
                        pid = int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])
                    except (OSError, ValueError, IndexError):
                        break
                    if "--out" in args:
                        out = args[args.index("--out") + 1]
                        for name in ("grades.csv", "grades.json", "feedback/tamper-write-output-folder.md"):
                            try:
                                with open(os.path.join(out, name), "w") as stream:
                                    stream.write("tamper-write-output-folder,10,10,10,20,10,60,60,graded,,\\n")
                            except OSError:
                                pass
                return x + theta
            """, "product θ·x", True),
        "tamper-lookup-notebook-values": ("gradient_check", _lookup_table_source(), "gradient_check failed", False),
        "tamper-forge-result-channel": ("gradient_check_n", _forged_result(), "gradient_check_n failed", True),
    }


READ_REFERENCE = ("gradient_check", _code("""
    def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
        import glob, os
        import gc_utils
        root = os.path.dirname(os.path.dirname(gc_utils.__file__))
        namespace = {"__name__": "copied"}
        exec(open(os.path.join(root, "reference_solutions.py")).read(), namespace)
        namespace.update(forward_propagation=forward_propagation, backward_propagation=backward_propagation)
        return namespace["gradient_check"](x, theta, epsilon)
    """))
"""Running the grader's reference solution read from disk: the file is not in the sandbox (it passed before the
sandbox, like copying a correct answer would); flagged for review."""


# ------------------------------------------------------------------------------------ bad files

def _magics(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    notebook = copy.deepcopy(notebook)
    for exercise in GRADED:
        cell = nbs.answer_cell(notebook, exercise)
        cell.source = "%matplotlib inline\n!pip install --quiet numpy\n" + cell.source
    check = nbs.answer_cell(notebook, "gradient_check")
    check.source = check.source.replace("    if print_msg:", "    %time pass_ = 1\n    if print_msg:", 1)
    notebook.cells.insert(1, nbformat.v4.new_code_cell("%%capture\n!pip install gradient-checking-lesson"))
    notebook.cells.insert(1, nbformat.v4.new_code_cell("%%bash\nfor i in 1 2; do echo $i; done"))
    notebook.cells.insert(1, nbformat.v4.new_code_cell("np.linalg.norm?"))
    return notebook


def _truncated(path: Path) -> None:
    text = nbformat.writes(nbs.solved())
    cut = text.index("def gradient_check_n(") + 200
    path.write_text(text[:cut], encoding="utf-8")


def _latin1(path: Path) -> None:
    notebook = nbs.solved()
    cell = nbs.answer_cell(notebook, "forward_propagation")
    cell.source = "# Coût: J = θ·x, écrit par Zoë\n".replace("θ·", "") + cell.source
    path.write_bytes(nbformat.writes(notebook).encode("latin-1", errors="replace"))


def _huge(path: Path) -> None:
    notebook = nbs.solved()
    filler = "0123456789abcdef" * (20 * 2**20 // 16)
    first_code = next(c for c in notebook.cells if c.cell_type == "code")
    first_code.outputs = [nbformat.v4.new_output("stream", name="stdout", text=filler)]
    nbs.write(notebook, path)


def _last_definition_wins(correct_last: bool) -> nbformat.NotebookNode:
    notebook = nbs.solved()
    cell = nbs.answer_cell(notebook, "backward_propagation")
    wrong = "def backward_propagation(x, theta):\n    return theta\n"
    cell.source = (wrong + "\n\n" + cell.source) if correct_last else (cell.source + "\n\n" + wrong)
    return notebook


def _stripped_with_redefinition() -> nbformat.NotebookNode:
    notebook = nbs.without_metadata(nbs.with_answer("gradient_check", "def gradient_check(x, theta, epsilon=1e-7, "
                                                    "print_msg=False):\n    return 0.5\n"))
    fixed = nbs.answer_cell(nbs.solved(), "gradient_check").source
    notebook.cells.append(nbformat.v4.new_code_cell("# second try\n" + fixed))
    return notebook


def _other_assignment() -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Optimization methods"),
        nbformat.v4.new_code_cell("import numpy as np\n\ndef update_parameters_with_gd(parameters, grads, lr):\n"
                                  "    return {k: v - lr * grads['d' + k] for k, v in parameters.items()}\n")])


def corpus() -> list[tuple[Expected, Callable[[Path], None]]]:
    """Every submission of the batch: what it deserves, and how to write it (given its path)."""
    entries: list[tuple[Expected, Callable[[Path], None]]] = []

    def add(name: str, notebook: nbformat.NotebookNode | None = None, writer: Callable[[Path], None] | None = None,
            **expectation) -> None:
        entries.append((Expected(f"{name}.ipynb", **expectation),
                        writer or (lambda path, notebook=notebook: nbs.write(notebook, path))))

    add("correct", nbs.solved())
    add("correct-minimal-edition", nbs.solved(nbs.minimal_student_edition()))
    add("untouched-student-edition", nbs.student_edition(),  # the bug fix is given code, its two bugs in place
        zero={**{e: "not implemented" for e in GRADED}, "backward_propagation_n": "Both bugs"})
    for submission in SUBMISSIONS:
        if submission.exercise in GRADED:
            slug = re.sub(r"[^a-z0-9]+", "-", submission.name.lower()).strip("-")
            zero = {} if submission.verdict == PASS else {submission.exercise: submission.verdict}
            add(f"mistake-{slug}", nbs.with_answer(submission.exercise, submission.source), zero=zero)
    for name, (exercise, source, piece, review) in FAILURES.items():
        add(name, nbs.with_answer(exercise, _code(source)), zero={exercise: piece}, review=review)
    add("hang-while-defining", nbs.with_answer("gradient_check", _code("""
        import time
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False, _=time.sleep(3600)):
            return 0.0
        """)), zero={"gradient_check": "while defining"})
    add("missing-function", nbs.with_answer("gradient_check", "# I deleted this by mistake\n"),
        zero={"gradient_check": "No definition of `gradient_check`"})
    add("leftover-process", nbs.with_answer("forward_propagation", LEFTOVER_PROCESS), review=True)
    for name, (exercise, source, piece, review) in tampering().items():
        add(name, nbs.with_answer(exercise, _code(source)), zero={exercise: piece}, review=review)
    add("exec-reference-from-disk", nbs.with_answer(*READ_REFERENCE), zero={"gradient_check": "No such file"},
        review=True)
    # bad files
    add("not-json", writer=lambda p: p.write_text("print('this is a Python script')\n"), status="not_json")
    add("binary-pdf", writer=lambda p: p.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 4),
        status="not_json")
    add("truncated", writer=_truncated, status="truncated",
        zero={"gradient_check_n": "No definition", "backward_propagation_n": "Both bugs"})  # the given cell
    add("old-nbformat-v3", writer=lambda p: p.write_text(nbformat.writes(nbformat.convert(nbs.solved(), 3))))
    add("empty-file", writer=lambda p: p.write_bytes(b""), status="empty")
    add("empty-notebook", nbformat.v4.new_notebook(), status="empty")
    add("json-not-notebook", writer=lambda p: p.write_text("[1, 2, 3]"), status="not_a_notebook")
    add("another-assignment", _other_assignment(), status="wrong_assignment")
    add("magics-and-shell-lines", _magics(nbs.solved()))
    add("not-utf8-latin1", writer=_latin1)
    add("utf16-with-bom", writer=lambda p: p.write_bytes(nbformat.writes(nbs.solved()).encode("utf-16")))
    add("huge-20mb-output", writer=_huge)
    add("metadata-stripped", nbs.without_metadata(nbs.solved()))
    add("metadata-stripped-redefined-later", _stripped_with_redefinition())
    add("last-definition-in-cell-wins", _last_definition_wins(correct_last=True))
    add("last-definition-in-cell-wins-wrong", _last_definition_wins(correct_last=False),
        zero={"backward_propagation": "not θ"})
    entries.append((Expected("group-b/student-7/Gradient_Checking.ipynb"), lambda p: nbs.write(nbs.solved(), p)))
    return entries


def build(folder: Path, entries: list[tuple[Expected, Callable[[Path], None]]] | None = None) -> list[Expected]:
    """Write the batch into ``folder`` (plus a checkpoint copy the grader must skip); what each deserves."""
    entries = corpus() if entries is None else entries
    for expected, write in entries:
        path = folder / expected.name
        path.parent.mkdir(parents=True, exist_ok=True)
        write(path)
    nbs.write(nbs.solved(), folder / ".ipynb_checkpoints" / "correct-checkpoint.ipynb")
    return [expected for expected, _ in entries]
