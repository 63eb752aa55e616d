"""The batch-normalisation explorer: planted bugs and the student's own backward pass, checked block by block."""

from __future__ import annotations

import base64

import matplotlib.pyplot as plt
import numpy as np
import pytest

from gc_utils import layers
from gc_utils.widgets.explorer_batchnorm import BatchNormBugExplorer
from tests.gc_utils.widgets.students import PNG_SIGNATURE


def test_the_planted_bug_is_flagged_in_dX_only_and_a_correct_student_passes_every_block():
    explorer = BatchNormBugExplorer(layers.batchnorm_backward)
    assert explorer.bugs == ("mean_gradient_forgotten",)
    planted, yours = explorer.reports["planted"], explorer.reports["yours"]
    assert planted["X"] > 0.1 and planted["gamma"] < 1e-8 and planted["beta"] < 1e-8
    assert max(yours.values()) < 1e-8
    assert "The check flags dX" in explorer.readout.value
    explorer.close()


def test_switching_bugs_moves_the_flag_to_their_blocks():
    explorer = BatchNormBugExplorer(layers.batchnorm_backward, bugs=())
    assert max(explorer.reports["planted"].values()) < 1e-8 and "No planted bug" in explorer.readout.value
    explorer.checkboxes["dgamma_without_xhat"].value = True
    assert explorer.reports["planted"]["gamma"] > 0.1 and explorer.reports["planted"]["X"] < 1e-8
    renders = explorer.renders
    explorer.checkboxes["epsilon_forgotten"].value = True
    assert explorer.renders == renders + 1 and 2e-7 < explorer.reports["planted"]["X"] < 1e-4
    explorer.close()


def test_an_all_ones_upstream_gradient_flags_even_the_correct_layer_and_says_why():
    explorer = BatchNormBugExplorer(layers.batchnorm_backward, bugs=())
    explorer.upstream_toggle.value = "ones"
    assert explorer.reports["yours"]["X"] > 2e-7 and explorer.reports["yours"]["beta"] < 1e-8
    assert "compares round-off with round-off" in explorer.readout.value
    explorer.epsilon_menu.value = 1e-4
    assert "ε = 0.0001" in explorer.axes.get_title()
    explorer.close()


@pytest.mark.parametrize(("student", "said"), [
    (lambda dout, cache: (_ for _ in ()).throw(NotImplementedError()), "is not implemented yet"),
    (lambda dout, cache: 1 / 0, "raised ZeroDivisionError"),
    (lambda dout, cache: dout, "expected the three gradients"),
    (lambda dout, cache: (dout, dout, dout), "returned dgamma as (4, 8); expected a finite array of shape (4, 1)"),
])
def test_a_student_function_that_fails_is_described_and_the_explorer_keeps_working(student, said):
    explorer = BatchNormBugExplorer(student)
    assert "yours" not in explorer.reports and said in explorer.readout.value
    explorer.checkboxes["gamma_forgotten"].value = True
    assert explorer.reports["planted"]["X"] > 1e-3
    explorer.close()


def test_display_carries_the_png_and_its_alt_text_and_no_pyplot_figure_is_left():
    before = plt.get_fignums()
    explorer = BatchNormBugExplorer()
    data, metadata = explorer._repr_mimebundle_()
    assert base64.b64decode(data["image/png"]).startswith(PNG_SIGNATURE)
    alt = metadata["image/png"]["alt"]
    assert data["text/plain"] == f"BatchNormBugExplorer: {alt}" and "Grouped bar chart" in alt
    assert f'alt="{alt}"'.replace("'", "&#x27;") in data["text/html"]
    assert data["application/vnd.jupyter.widget-view+json"]["model_id"] == explorer.widget.model_id
    explorer.close()
    assert "image/png" in explorer._repr_mimebundle_()[0]
    assert plt.get_fignums() == before


def test_arguments_are_checked():
    with pytest.raises(TypeError, match="batchnorm_backward must be a function"):
        BatchNormBugExplorer(3)
    with pytest.raises(ValueError, match="upstream must be 'random' or 'ones'"):
        BatchNormBugExplorer(upstream="zeros")
    with pytest.raises(ValueError, match="epsilon must be one of"):
        BatchNormBugExplorer(epsilon=1e-3)
    with pytest.raises(ValueError, match="unknown bug"):
        BatchNormBugExplorer(bugs=("typo",))


def test_the_student_is_called_on_copies():
    seen = []

    def student(dout, cache):
        seen.append(cache)
        cache["X_hat"][:] = 0  # vandalises its cache: the explorer's own must survive
        return layers.batchnorm_backward(dout, {**cache, "X_hat": np.ones_like(cache["X_hat"])})

    explorer = BatchNormBugExplorer(student)
    explorer.upstream_toggle.value = "ones"
    explorer.upstream_toggle.value = "random"
    assert len(seen) == 3 and np.abs(explorer.cache["X_hat"]).max() > 0.1
    explorer.close()
