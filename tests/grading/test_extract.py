"""Reading a submission as Python and Jupyter would, and within a memory bound.

Definitions are found by the parser, under the names Python gives them (NFKC); cells are read through IPython's own
input transformer, on their own line numbers; a notebook's JSON is parsed only when the memory it can take is known
to fit (the bound checked against what parsing takes, measured, and a process reading a notebook just under it
measured whole); a notebook
nested too deeply is reported, never an internal error.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
import time
import traceback
from collections.abc import Iterator
from pathlib import Path

import nbformat
import numpy as np
import pytest

from gc_grader import cells as cell_reading
from gc_grader import extract, notebook_file
from tests.corpus import notebooks as nbs

GRADED = list(nbs.GRADED)
EXERCISE = "forward_propagation"


def program_of(notebook: nbformat.NotebookNode) -> extract.Program:
    return extract.extract_program(notebook_file.NotebookCells(notebook_file.code_cells(notebook.cells)[0]), GRADED)


def answer(source: str) -> nbformat.NotebookNode:
    """The solved notebook whose forward_propagation answer cell is ``source``."""
    return nbs.with_answer(EXERCISE, textwrap.dedent(source).lstrip("\n"))


def answer_number(notebook: nbformat.NotebookNode) -> int:
    return notebook.cells.index(nbs.answer_cell(notebook, EXERCISE)) + 1


def graded_function(program: extract.Program, exercise: str = EXERCISE):
    """The function the child of ``exercise`` would take, defined here from its chunk as the child does."""
    chunk = next(c for c in program.chunks if exercise in c.defines)
    namespace = {"np": np}
    exec(compile(chunk.source, f"<cell {chunk.cell}>", "exec", dont_inherit=True), namespace)  # noqa: S102
    return namespace[exercise]


# ------------------------------------------------------------------ definitions found by the parser

@pytest.mark.parametrize("source", [
    "def ｆｏｒｗａｒｄ_propagation(x, theta):\n    return theta * x\n",  # fullwidth letters: NFKC gives the name
    "def 𝐟𝐨𝐫𝐰𝐚𝐫𝐝_propagation(x, theta):\n    return theta * x\n",  # mathematical bold letters, likewise
    "def\x0cforward_propagation(x, theta):\n    return theta * x\n",  # a form feed is whitespace to Python
    "def \\\n    forward_propagation(x, theta):\n    return theta * x\n",  # a backslash continues the line
    "if True: pass\nｆｏｒｗａｒｄ_propagation = lambda x, theta: theta * x\n",  # an assignment binds it too
], ids=["fullwidth", "bold", "form-feed", "continued", "assigned"])
def test_a_definition_python_accepts_is_found(source):
    notebook = answer(source)
    program = program_of(notebook)
    assert program.found.get(EXERCISE) == answer_number(notebook), program.missing
    assert graded_function(program)(2.0, 3.0) == 6.0


def test_an_async_definition_is_found_as_python_defines_it():
    program = program_of(answer("async def forward_propagation(x, theta):\n    return theta * x\n"))
    assert EXERCISE in program.found  # graded as written: a coroutine function, which fails the tests


def test_a_grade_id_is_compared_as_python_normalises_names():
    notebook = answer("def forward_propagation(x, theta):\n    return theta * x\n")
    number = answer_number(notebook)
    nbs.answer_cell(notebook, EXERCISE).metadata["nbgrader"]["grade_id"] = "ｆｏｒｗａｒｄ_propagation"
    notebook.cells.append(nbformat.v4.new_code_cell("def forward_propagation(x, theta):\n    return -1\n"))
    assert program_of(notebook).found[EXERCISE] == number  # the tagged cell, not the notebook's last one


def test_every_code_cell_is_parsed_whatever_it_looks_like(monkeypatch):
    parsed = []
    real = cell_reading.parse_cell
    monkeypatch.setattr(extract, "parse_cell", lambda source: parsed.append(source) or real(source))
    extract._kept_statements.cache_clear()
    cells = notebook_file.code_cells(nbs.solved().cells)[0]
    extract.extract_program(notebook_file.NotebookCells(cells), GRADED)
    assert parsed == [c.source for c in cells]


# ------------------------------------------------------------------ cells read as IPython reads them

@pytest.mark.parametrize("line", [
    "%timeit theta * x", "files = !ls", "names = %who_ls", "theta?", "!echo hi", "/abs J", ",print J", ";str J",
], ids=["line-magic", "system-assign", "magic-assign", "help", "shell", "autocall-paren", "autocall-quote",
        "autocall-quote-whole"])
def test_ipython_syntax_in_an_answer_is_read_as_jupyter_reads_it(line):
    source = f"def forward_propagation(x, theta):\n    J = theta * x\n    {line}\n    return J\n"
    notebook = answer(source)
    program = program_of(notebook)
    assert program.found.get(EXERCISE) == answer_number(notebook), program.missing
    chunk = next(c for c in program.chunks if EXERCISE in c.defines)
    assert "get_ipython" not in chunk.source  # the child has no IPython: magics do not run there
    assert chunk.source.split("\n").index("    return J") == 3  # at its line in the cell
    assert graded_function(program)(2.0, 3.0) == 6.0


def test_a_name_assigned_from_ipython_stays_local_to_its_function():
    """`files = !ls` binds `files` in the function, as Jupyter runs it, even though the command does not run."""
    program = program_of(answer("""
        def forward_propagation(x, theta):
            files = !ls
            return theta * x if files is None else files
        """))
    function = graded_function(program)
    assert "files" in function.__code__.co_varnames
    function.__globals__["files"] = "a global the function must not read"
    assert function(2.0, 3.0) == 6.0


def test_line_numbers_are_the_cells_when_ipython_joins_continued_lines():
    source = "!echo a \\\n    b\ndef forward_propagation(x, theta):\n    !echo c \\\n       d\n    return 1 / 0\n"
    notebook = answer(source)
    program = program_of(notebook)
    assert program.found.get(EXERCISE) == answer_number(notebook), program.missing
    with pytest.raises(ZeroDivisionError) as raised:
        graded_function(program)(2.0, 3.0)
    assert traceback.extract_tb(raised.value.__traceback__)[-1].lineno == 6


@pytest.mark.parametrize("source, line", [
    ("%%time\ndef forward_propagation(x, theta):\n    return theta * x\n", 2),
    ("%%capture captured\n%%time\n\ndef forward_propagation(x, theta):\n    return theta * x\n", 4),
    ("\n\n>>> def forward_propagation(x, theta):\n...     return theta * x\n", 3),
    ("In [3]: def forward_propagation(x, theta):\n   ...:     return theta * x\n", 1),
    ("    def forward_propagation(x, theta):\n        return theta * x\n", 1),
], ids=["time", "capture-time", "doctest-prompts", "ipython-prompts", "indented"])
def test_cells_jupyter_runs_are_read_on_their_own_lines(source, line):
    notebook = nbs.with_answer(EXERCISE, source)
    program = program_of(notebook)
    assert program.found.get(EXERCISE) == answer_number(notebook), program.missing
    chunk = next(c for c in program.chunks if EXERCISE in c.defines)
    assert chunk.source.split("\n")[line - 1].startswith("def forward_propagation(")
    assert graded_function(program)(2.0, 3.0) == 6.0


def test_a_cell_magic_whose_body_is_not_python_is_skipped_with_a_warning():
    notebook = nbs.with_answer(EXERCISE, "%%bash\ndef forward_propagation(x, theta):\n    return theta * x\n")
    program = program_of(notebook)
    number = answer_number(notebook)
    assert EXERCISE not in program.found and f"(cell {number})" in program.missing[EXERCISE]
    assert "%%bash" in program.missing[EXERCISE]
    assert f"Cell {number} was not run: it has a %%bash cell (not Python)." in program.warnings


@pytest.mark.parametrize("source", [
    "import numpy as np\n\ndef f(x):\n    return np.sum(x)\n",
    "\n\n  \nx = 1\ny = '''\n   \n'''\n",  # leading blank lines; a string with a line of spaces (IPython's dedent)
    ">>> x = 1\n>>> def f():\n...     return x\n",
    "In [1]: x = 1\n",  # valid Python (an annotation), and yet a prompt to IPython
    "/print 1\n,print a b\n;print a b\n",
    "if True:\n    x = [1,\n         2]\n",
    "def f():\n    '''\n    >>> f()\n    1\n    '''\n    return 1\n",
])
def test_the_grader_and_jupyter_read_a_cell_alike(source):
    from IPython.core.inputtransformer2 import TransformerManager

    jupyter = ast.parse(TransformerManager().transform_cell(source))
    assert ast.dump(cell_reading.parse_cell(source).tree) == ast.dump(jupyter)


def test_the_solved_notebooks_cells_are_read_as_jupyter_reads_them():
    from IPython.core.inputtransformer2 import TransformerManager

    for cell in notebook_file.code_cells(nbs.solved().cells)[0]:
        jupyter = TransformerManager().transform_cell(cell.source)
        if "get_ipython" not in jupyter:
            assert ast.dump(cell_reading.parse_cell(cell.source).tree) == ast.dump(ast.parse(jupyter)), cell.source


def test_without_ipython_magics_become_pass_as_before(monkeypatch):
    monkeypatch.setattr(cell_reading, "_transformer", lambda: None)
    extract._kept_statements.cache_clear()
    try:
        parsed = cell_reading.parse_cell("%matplotlib inline\n!pip install x\ndef f():\n    !ls\n    return 1\nnp.sum?")
        assert [type(n).__name__ for n in parsed.tree.body] == ["Pass", "Pass", "FunctionDef", "Pass"]
        assert parsed.lines[3] == "    pass"
        notebook = answer("def ｆｏｒｗａｒｄ_propagation(x, theta):\n    %time y = 1\n    return theta * x\n")
        assert graded_function(program_of(notebook))(2.0, 3.0) == 6.0
    finally:
        extract._kept_statements.cache_clear()


def test_transforming_ipython_syntax_takes_a_bounded_time():
    """Each IPython transformation tokenizes the whole cell again: a cell full of magics is refused, not run for
    minutes, and a notebook of many such cells stops being read once its budget is spent."""
    cell = "def forward_propagation(x, theta):\n" + "    !a\n" * 3000 + "    return theta * x\n"
    started = time.monotonic()
    with pytest.raises(ValueError, match="IPython"):
        cell_reading.parse_cell(cell)
    assert time.monotonic() - started < 10
    small = "!a\n" * 40 + "def forward_propagation(x, theta):\n    return theta * x\n"
    cells = [notebook_file.CodeCell(n, small + f"# {n}\n") for n in range(1, 400)]
    started = time.monotonic()
    program = extract.extract_program(notebook_file.NotebookCells(cells), [EXERCISE])
    assert time.monotonic() - started < 15
    assert any("IPython" in w for w in program.warnings) and program.found[EXERCISE] < 399


# ------------------------------------------------------------------ the notebook's JSON, within a memory bound

LIMIT_KIB = 2**20  # 1 GiB: the grader's resident memory must stay below it whatever the file
SIZE = 60 * 2**20

CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))  # a safety net for the machine, far above the bound
import gc_grader.grader  # what the grader has imported when it reads a notebook
from gc_grader.notebook_file import UnreadableNotebook, read_notebook
try:
    notebook = read_notebook(sys.argv[1])
    outcome = f"read {len(notebook.cells)}"
except UnreadableNotebook as problem:
    outcome = f"{problem.kind} {problem}"
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, outcome)
"""


def read_in_child(path: Path) -> tuple[int, str]:
    """Peak resident memory (KiB) of a process that reads the notebook at ``path`` as the grader does, and what
    reading it gave: ``read N`` (code cells), or the kind of problem and its message."""
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, timeout=300,
                          cwd=nbs.ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    peak, outcome = done.stdout.strip().split(" ", 1)
    return int(peak), outcome


def write_pieces(path: Path, pieces: Iterator[bytes]) -> Path:
    with path.open("wb") as file:
        for piece in pieces:
            file.write(piece)
    return path


def repeated(head: str, unit: str, tail: str, size: int = SIZE) -> Iterator[bytes]:
    """``head``, then ``unit`` as many times as fit in ``size`` bytes with ``tail``, in pieces of about 1 MiB."""
    unit_bytes = unit.encode()
    count = (size - len(head.encode()) - len(tail.encode())) // len(unit_bytes)
    yield head.encode()
    per_piece = max(1, 2**20 // len(unit_bytes))
    for start in range(0, count, per_piece):
        yield unit_bytes * min(per_piece, count - start)
    yield tail.encode()


CODE_CELL = ('{"cell_type": "code", "execution_count": 1, "metadata": {}, "source": '
             '"def forward_propagation(x, theta):\\n    return theta * x\\n", "outputs": [')
NOTEBOOK_END = '], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
HEAD = '{"cells": [' + CODE_CELL + ']}], "metadata": {"x": ['
TAIL = '0]}, "nbformat": 4, "nbformat_minor": 5}'

STRUCTURES = {
    "empty arrays": "[],", "nested arrays": "[" * 500 + "]" * 500 + ",", "arrays of one": "[0],", "floats": "0.5,",
    "tiny dicts": '{"a":0},', "nested dicts": '{"a":{"b":{}}},', "arrays of dicts": '[{"a":0}],',
    "short strings": '"ab",', "wide strings": '"\u0101\u0101",',
}
"""JSON that makes many objects out of little text: a unit, repeated in a notebook's metadata."""


def numbered_keys(size: int = SIZE) -> Iterator[bytes]:
    """A notebook whose metadata is one dict of ``size`` bytes of distinct keys: ``"00000000":0,"00000001":0,...``."""
    head, tail = HEAD[:-1] + "{", '"end": 0}}, "nbformat": 4, "nbformat_minor": 5}'
    yield head.encode()
    written, number = len(head) + len(tail), 0
    while written < size - 2**20:
        piece = hex_keys(number, 50_000)
        number += 50_000
        written += len(piece)
        yield piece
    yield tail.encode()


def hex_keys(start: int, count: int) -> bytes:
    """``"".join(f'"{n:08x}":0,' for n in range(start, start + count)).encode()``, written by NumPy: the same bytes
    (``test_hex_keys_are_the_formatted_numbers``) in a sixth of the time (0.25 s against 1.5 s for the 60 MiB
    notebook)."""
    numbers = np.arange(start, start + count, dtype=np.uint32)
    digits = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
    rows = np.empty((count, 13), dtype=np.uint8)
    rows[:, 0], rows[:, 9:] = ord('"'), np.frombuffer(b'":0,', dtype=np.uint8)
    for place in range(8):  # the last hex digit first
        rows[:, 8 - place] = digits[(numbers >> 4 * place) & 15]
    return rows.tobytes()


@pytest.mark.parametrize("start", [0, 0xFFFF_FF00])
def test_hex_keys_are_the_formatted_numbers(start):
    assert hex_keys(start, 256) == "".join(f'"{n:08x}":0,' for n in range(start, start + 256)).encode()


def markdown(unit: str, end: str, size: int = SIZE) -> Iterator[bytes]:
    """A notebook of a code cell and a markdown cell whose text is ``unit`` repeated to ``size``, then ``end``."""
    head = '{"cells": [' + CODE_CELL + ']}, {"cell_type": "markdown", "metadata": {}, "source": "'
    return repeated(head, unit, end + '"}' + NOTEBOOK_END, size=size)


def read_here(path: Path) -> str:
    """What reading the notebook at ``path`` as the grader does gives: ``read N`` (code cells), or the problem."""
    try:
        return f"read {len(notebook_file.read_notebook(path).cells)}"
    except notebook_file.UnreadableNotebook as problem:
        return f"{problem.kind} {problem}"


@pytest.mark.parametrize("unit", list(STRUCTURES.values()), ids=list(STRUCTURES))
def test_a_notebook_of_many_small_objects_is_refused_before_it_is_parsed(tmp_path, unit):
    started = time.monotonic()
    outcome = read_here(write_pieces(tmp_path / "hostile.ipynb", repeated(HEAD, unit, TAIL)))
    assert outcome.startswith("too_complex") and "MAX_PARSE_BYTES" in outcome, outcome
    assert time.monotonic() - started < 5  # counted, not parsed


def test_a_notebook_of_many_distinct_keys_is_refused_before_it_is_parsed(tmp_path):
    outcome = read_here(write_pieces(tmp_path / "hostile.ipynb", numbered_keys()))
    assert outcome.startswith("too_complex"), outcome


def units_costing(unit: str, cost: float) -> int:
    """How many ``unit`` make ``HEAD + unit * n + TAIL`` cost about ``cost`` bytes to parse."""
    costs = [notebook_file.parse_cost(HEAD + unit * n + TAIL) for n in (10_000, 20_000)]
    return int((cost - notebook_file.parse_cost(HEAD + TAIL)) / ((costs[1] - costs[0]) / 10_000))


def parsing_takes(text: str) -> int:
    """The memory parsing ``text`` takes at its peak, the text included, measured by tracemalloc."""
    import tracemalloc

    tracemalloc.start()
    try:
        parsed = json.loads(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    del parsed
    return peak + sys.getsizeof(text)


@pytest.mark.parametrize("unit", list(STRUCTURES.values()), ids=list(STRUCTURES))
def test_the_bound_is_above_what_parsing_takes(unit):
    """``parse_cost`` bounds what parsing takes, structure by structure (measured on texts costing ~24 MiB: what
    parsing takes grows with the count of each structure, so the bound holds at any size)."""
    text = HEAD + unit * units_costing(unit, 24 * 2**20) + TAIL
    assert parsing_takes(text) <= notebook_file.parse_cost(text)


@pytest.mark.parametrize("unit, end", [
    ("\U0001F600", ""), ("a", "\U0001F600"), ("a", "\\ud83d\\ude00"), ("a\\n", "\U0001F600"),
], ids=["4-byte characters", "ASCII and one 4-byte character", "ASCII and one escaped 4-byte character",
        "escapes in a string widened by a 4-byte character"])
def test_the_bound_holds_for_a_huge_string(unit, end):
    """One 4-byte character makes CPython store the whole text, and maybe a string, with 4 bytes per character."""
    text = b"".join(markdown(unit, end, size=4 * 2**20)).decode()
    assert parsing_takes(text) <= notebook_file.parse_cost(text)


def test_just_under_the_bound_the_reading_process_stays_under_1_gib(tmp_path):
    """What the bound lets through really fits: parsed, the resident memory of a process that reads the notebook as
    the grader does (its imports included) stays under 1 GiB; measured on the costliest structure per character."""
    unit = STRUCTURES["tiny dicts"]
    units = units_costing(unit, 0.98 * notebook_file.MAX_PARSE_BYTES)
    size = len(HEAD + TAIL) + units * len(unit)
    path = write_pieces(tmp_path / "hostile.ipynb", repeated(HEAD, unit, TAIL, size=size))
    peak, outcome = read_in_child(path)
    assert outcome == "read 1" and peak < LIMIT_KIB, f"{peak / 1024:.0f} MiB ({outcome[:200]})"


def png_output() -> Iterator[bytes]:
    head = '{"cells": [' + CODE_CELL + '{"output_type": "display_data", "metadata": {}, "data": {"image/png": "'
    return repeated(head, "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk", '\\n"}}]}' + NOTEBOOK_END)


def text_output() -> Iterator[bytes]:
    head = '{"cells": [' + CODE_CELL + '{"output_type": "stream", "name": "stdout", "text": [\n'
    line = '  "iteration 1234: cost = 0.693147, difference = 2.3e-07 (gradient check passed)\\n",\n'
    yield from repeated(head, line, '  "done\\n"\n ]}]}' + NOTEBOOK_END, size=len(head) + 200_000 * len(line))


@pytest.mark.parametrize("pieces", [png_output, text_output], ids=["60 MiB PNG", "200,000 lines of text"])
def test_an_honest_large_notebook_is_read(tmp_path, pieces):
    path = write_pieces(tmp_path / "honest.ipynb", pieces())
    assert read_here(path) == "read 1"
    cost = notebook_file.parse_cost(path.read_text())
    assert cost < notebook_file.MAX_PARSE_BYTES / 4, f"{cost / 2**20:.0f} MiB"  # a wide margin


# ------------------------------------------------------------------ nested too deeply

def deep_after_cells(cells: int, closed: bool) -> str:
    """The solved notebook's first ``cells`` cells, then a cell whose outputs nest 100,000 arrays deep."""
    notebook = json.loads(nbformat.writes(nbs.solved()))
    text = json.dumps({**notebook, "cells": notebook["cells"][:cells] + ["DEEP"]})
    deep = '{"cell_type": "code", "metadata": {}, "source": "x = 1", "outputs": ' + "[" * 100_000
    return text.replace('"DEEP"', deep + ("]" * 100_000 + "}" if closed else ""))


@pytest.mark.parametrize("closed", [True, False], ids=["closed", "cut-short"])
def test_a_notebook_nested_deep_after_complete_cells_keeps_them(tmp_path, closed):
    path = tmp_path / "deep.ipynb"
    path.write_text(deep_after_cells(5, closed))
    notebook = notebook_file.read_notebook(path)
    code = [c for c in nbs.solved().cells[:5] if c.cell_type == "code"]
    assert notebook.truncated and [c.source for c in notebook.cells] == [c.source for c in code]
    assert "5 complete cells" in notebook.warnings[0] and "deep" in notebook.warnings[0]


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '{"cells": ' + "[" * 100_000,
                                  deep_after_cells(0, True)], ids=["array", "cells", "first-cell"])
def test_a_notebook_nested_deep_from_the_start_is_not_json(tmp_path, text):
    (tmp_path / "deep.ipynb").write_text(text)
    with pytest.raises(notebook_file.UnreadableNotebook) as problem:
        notebook_file.read_notebook(tmp_path / "deep.ipynb")
    assert problem.value.kind == "not_json"


def test_a_number_too_long_for_python_is_reported_not_a_crash(tmp_path):
    notebook = json.loads(nbformat.writes(nbs.solved()))
    text = json.dumps(notebook)[:-1] + ', "x": ' + "1" * 5000 + "}"
    (tmp_path / "long.ipynb").write_text(text)
    read = notebook_file.read_notebook(tmp_path / "long.ipynb")
    assert read.truncated and len(read.cells) == len(notebook_file.code_cells(nbs.solved().cells)[0])
