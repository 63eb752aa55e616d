"""What every explorer shares: a static PNG when displayed, no pyplot figures, bounded memory.

Headless execution (nbclient, the widget state stored) is checked on the assignment's own explorer cells, in the
execution that tests/test_notebooks.py makes anyway."""

from __future__ import annotations

import base64
import html

import matplotlib.pyplot as plt
import nbformat

from gc_utils import network
from gc_utils.widgets import (
    BugInjector1D,
    BugInjectorND,
    EpsilonExplorer1D,
    EpsilonExplorerND,
)
from testCases import gradient_check_n_test_case
from tests.gc_utils.widgets.students import PNG_SIGNATURE, STUDENT_SOURCE, student


def all_explorers():
    X, Y, parameters = gradient_check_n_test_case()
    me = student()
    return [EpsilonExplorer1D(me["gradient_check"]), BugInjector1D(me["gradient_check"]),
            EpsilonExplorerND(X, Y, parameters, me["gradient_check_n"], me["backward_propagation_n"]),
            BugInjectorND(X, Y, parameters, me["gradient_check_n"], bugs=network.LESSON_BUGS)]


def test_display_carries_a_described_static_png_and_the_widget():
    for explorer in all_explorers():
        bundle, metadata = explorer._repr_mimebundle_()
        png = base64.b64decode(bundle["image/png"])
        assert png.startswith(PNG_SIGNATURE) and png == explorer.png()
        assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == explorer.widget.model_id
        # the static figure says what it shows (figures.figure_output), as the live one does
        alt = explorer.alt_text()
        assert metadata == {"image/png": {"alt": alt}} and len(alt) > 100
        assert bundle["text/plain"] == f"{type(explorer).__name__}: {alt}"
        assert f'alt="{html.escape(alt)}"' in bundle["text/html"] and bundle["image/png"] in bundle["text/html"]
        assert explorer.image.value == bundle["text/html"]


def test_the_alt_text_follows_the_controls():
    explorer = all_explorers()[3]
    before = explorer.alt_text()
    assert "Far above the threshold (over 0.001): b1, W2" in before and "0.285093157, mistake" in before
    explorer.checkboxes["dW2_times_2"].value = False
    after = explorer.alt_text()
    assert "Far above the threshold (over 0.001): b1." in after and after in explorer.image.value


def test_no_pyplot_figures_are_left_behind():
    before = plt.get_fignums()
    for explorer in all_explorers():
        for control in explorer._controls[:1]:
            control.value = control.value if not hasattr(control, "max") else 10 ** ((control.min + control.max) / 2)
        explorer.close()
    assert plt.get_fignums() == before


def test_rerunning_a_cell_does_not_pile_up_open_explorers():
    me = student()
    made = [EpsilonExplorer1D(me["gradient_check"]) for _ in range(EpsilonExplorer1D.MAX_LIVE + 2)]
    assert [explorer.closed for explorer in made] == [True, True] + [False] * EpsilonExplorer1D.MAX_LIVE
    oldest = made[0]
    assert oldest.png().startswith(PNG_SIGNATURE) and not oldest.figure.get_children()[1:]  # only the patch left
    assert "image/png" in oldest._repr_mimebundle_()[0]
    made[-1].epsilon_slider.value = 1e-3  # the newest still works
    assert made[-1].current.value is not None
    for explorer in made:
        explorer.close()


DEMO_EXPLORER_CELLS = [
    ("The 1-D check against ε: choose a curved J to see both branches of the U.",
     "from gc_utils.widgets import EpsilonExplorer1D\nEpsilonExplorer1D(gradient_check)"),
    ("How small a bug does the check catch?",
     "from gc_utils.widgets import BugInjector1D\nBugInjector1D(gradient_check)"),
    ("The U-shaped curve of the network, correct and buggy back-propagation together.",
     "from gc_utils.widgets import EpsilonExplorerND\n"
     "EpsilonExplorerND(X, Y, parameters, gradient_check_n, backward_propagation_n)"),
    ("Switch bugs on and off: which block is wrong?",
     "from gc_utils.widgets import BugInjectorND\nBugInjectorND(X, Y, parameters, gradient_check_n)"),
]


def demo_notebook() -> nbformat.NotebookNode:
    """A small notebook with lesson-style solutions and the four explorer cells (the browser test's fallback)."""
    cells = [nbformat.v4.new_markdown_cell("# Gradient checking explorers (demo)"),
             nbformat.v4.new_code_cell(STUDENT_SOURCE),
             nbformat.v4.new_code_cell("from testCases import gradient_check_n_test_case\n"
                                       "X, Y, parameters = gradient_check_n_test_case()")]
    for markdown, code in DEMO_EXPLORER_CELLS:
        cells += [nbformat.v4.new_markdown_cell(markdown), nbformat.v4.new_code_cell(code)]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return notebook
