"""A small course in nbgrader's layout (``<student>/ps1/<notebook>.ipynb``) for the tests of the output formats and
of a run spread over shards: honest, wrong and broken notebooks, names and text no writer may trip over, a student
with two notebooks, a hard link graded once, and a roster that matches them but for what must be reported.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat

from . import notebooks as nbs

HOSTILE = "bad \ud800 \x1b[2J \ufffe \uffff \x0c ]]> <x> & \"q\" '; =1+1"
"""What an exception of a submission says: a lone surrogate, controls, characters XML forbids, markup, a formula."""

EXPECTED_TOTALS = {  # submission -> total
    "ada/ps1/Gradient_Checking.ipynb": 60,
    "bob/ps1/Gradient_Checking.ipynb": 50,  # forward_propagation sums
    "cyd/ps1/Gradient_Checking.ipynb": 40,  # gradient_check_n raises HOSTILE
    "dee/ps1/Gradient_Checking.ipynb": 0,  # not a notebook
    "fay/ps1/Gradient_Checking.ipynb": 50,
    "fay/ps1/resubmitted.ipynb": 60,
    "gus/ps1/Gradient_Checking.ipynb": 0,  # a hard link to ada's: graded once, as ada's
    "hal/ps1/Gradient_Checking.ipynb": 0,  # another assignment's notebook
    "=SUM(A1)/ps1/Gradient_Checking.ipynb": 60,
    "eve\ufffe/ps1/Gradient_Checking.ipynb": 60,
    "bad-\\xff-\\u202e/ps1/Gradient_Checking.ipynb": 60,  # as untrusted.name writes a name
}
STATUSES = {"dee/ps1/Gradient_Checking.ipynb": "not_json", "gus/ps1/Gradient_Checking.ipynb": "duplicate",
            "hal/ps1/Gradient_Checking.ipynb": "wrong_assignment"}

ROSTER = """\ufeffSubmission,Student ID,First Name,Last Name,Email,Canvas ID,SIS User ID,SIS Login ID,Section,Notes
ada/ps1/Gradient_Checking.ipynb,ada,Ada,Lovelace,ada@example.org,101,S-101,ada,Mon,
bob/ps1/Gradient_Checking.ipynb,bob,Bob,"Smith, Jr.",bob@example.org,102,S-102,bob,Mon,
cyd/ps1/Gradient_Checking.ipynb,cyd,Cyd,Charisse,cyd@example.org,103,,cyd,Tue,
dee/ps1/Gradient_Checking.ipynb,dee,Dee,Dee,dee@example.org,,S-104,,Tue,
fay/ps1/Gradient_Checking.ipynb,fay,Fay,Wray,fay@example.org,105,S-105,fay,Tue,
fay/ps1/resubmitted.ipynb,fay,Fay,Wray,fay@example.org,105,S-105,fay,Tue,
gus/ps1/Gradient_Checking.ipynb,gus,Gus,Grissom,gus@example.org,106,S-106,gus,Wed,
=SUM(A1)/ps1/Gradient_Checking.ipynb,formula,=HYPERLINK(\"http://x\"),@cmd,+1@example.org,-107,S-107,=1+1,Wed,
zed/ps1/Gradient_Checking.ipynb,zed,Zed,Zephyr,zed@example.org,108,S-108,zed,Wed,
"""
"""The roster (as a spreadsheet saves it: a byte-order mark, its own header spelling, a column of its own); zed
submitted nothing, hal, eve and bad- are not in it."""


def write(folder: Path) -> Path:
    """Write the course's submissions under ``folder``; the roster's path (beside it)."""
    def put(student: str, notebook: nbformat.NotebookNode | str, name: str = "Gradient_Checking.ipynb") -> Path:
        path = folder / student / "ps1" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(notebook, str):
            path.write_text(notebook)
        else:
            nbs.write(notebook, path)
        return path

    wrong_sum = "def forward_propagation(x, theta):\n    return theta + x\n"
    ada = put("ada", nbs.solved())
    put("bob", nbs.with_answer("forward_propagation", wrong_sum))
    put("cyd", nbs.with_answer("gradient_check_n", "def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, "
                                                   f"print_msg=False):\n    raise ValueError({HOSTILE!r})\n"))
    put("dee", "print('this is a script, renamed')")
    put("fay", nbs.with_answer("forward_propagation", wrong_sum))
    put("fay", nbs.solved(), "resubmitted.ipynb")
    (folder / "gus" / "ps1").mkdir(parents=True)
    os.link(ada, folder / "gus" / "ps1" / "Gradient_Checking.ipynb")
    put("hal", nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Another assignment"),
                                                nbformat.v4.new_code_cell("def answer():\n    return 42\n")]))
    put("=SUM(A1)", nbs.solved())
    put("eve\ufffe", nbs.solved())
    nbs.write(nbs.solved(), Path(os.fsdecode(bytes(folder) + b"/bad-\xff-\xe2\x80\xae/ps1/Gradient_Checking.ipynb")))
    roster = folder.parent / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    return roster
