"""gc_utils.layer_plots and bridge: the figures of "Checking your own layers", their alt texts, and
the checks in PyTorch and JAX (skipped with a note when missing)."""

from __future__ import annotations

import sys
import types

import numpy as np
import pytest
from matplotlib.figure import Figure

import gc_utils
from gc_utils import bridge, layer_plots

FIGURES = {
    "upstreams": lambda: layer_plots.plot_upstream_comparison({"a": {"x": 1e-10, "y": 0.3}, "b": {"x": 0.0, "y": 1}}),
    "softmax": lambda: layer_plots.plot_softmax_stability([1, 10, 100], {"lse": [1e-10, 1e-9, 1e-8],
                                                                          "naive": [1e-10, np.nan, np.nan]}),
    "hvp": lambda: layer_plots.plot_hvp_steps([1e-6, 1e-4, 1e-2], {"c": [1e-9, 1e-10, 1e-6], "f": [1e-7, 1e-5, 1e-3]}),
    "training": lambda: layer_plots.plot_training_checks([0, 2, 4], {"ok": [1e-9, 1e-9, 1e-9], "bug": [1e-8, 1e-3, 1]},
                                                         [0, 0.1, 0.2]),
}


@pytest.mark.parametrize("name", FIGURES)
def test_every_figure_has_the_projects_style(name):
    figure = FIGURES[name]()
    assert isinstance(figure, Figure) and figure.get_facecolor()[:3] == (1, 1, 1)
    assert tuple(figure.get_size_inches()) != (6.4, 4.8)  # an explicit size, not matplotlib's default
    axes = figure.axes
    assert all(ax.get_ylabel() for ax in axes if ax.get_yscale() == "log")
    assert any(ax.get_xlabel() for ax in axes)
    assert any(ax.get_title() for ax in axes) or figure.get_suptitle()
    assert any(ax.get_yscale() == "log" for ax in axes)


def test_every_figure_has_an_alt_text_in_both_languages():
    for name in layer_plots.FIGURES:
        english = layer_plots.alt(name)
        gc_utils.set_language("ko")
        try:
            korean = layer_plots.alt(name)
        finally:
            gc_utils.set_language("en")
        assert len(english) > 150 and len(korean) > 80 and english != korean
    with pytest.raises(ValueError, match="name must be one of"):
        layer_plots.alt("scaling")


def test_figure_words_are_korean_after_set_language():
    gc_utils.set_language("ko")
    try:
        figure = FIGURES["training"]()
    finally:
        gc_utils.set_language("en")
    assert figure.axes[1].get_xlabel() == "훈련 단계 (경사 하강법)"


def test_each_figure_shows_as_a_picture_with_its_alt_text():
    from gc_utils.figures import figure_output

    for name, draw in FIGURES.items():
        data, metadata = figure_output(draw(), layer_plots.alt(name)).mimebundle()
        assert data["text/plain"] == metadata["image/png"]["alt"] == layer_plots.alt(name)
        assert data["image/png"].startswith("iVBORw0KGgo") and "alt=" in data["text/html"]


def test_png_of_the_same_figure_is_the_same_bytes():
    from gc_utils.figures import png_of

    assert png_of(FIGURES["softmax"]()) == png_of(FIGURES["softmax"]())


# ------------------------------------------------------------------------------------------------ bridge

@pytest.mark.parametrize("tool", bridge.TOOLS)
def test_a_missing_library_is_skipped_with_a_note(monkeypatch, tool):
    _, module, install = bridge.TOOLS[tool]
    monkeypatch.setitem(sys.modules, module, None)  # import fails, as when it is not installed
    outcome = bridge.run(tool)
    assert outcome.skipped and outcome.correct_passes is None
    assert str(outcome) == f"{tool}: {bridge.TOOLS[tool][0]} is not installed: skipped ({install} to run it; " \
                           "nothing else in this lesson needs it)"


def test_the_skip_note_is_korean_after_set_language(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)
    gc_utils.set_language("ko")
    try:
        assert "PyTorch가 설치되어 있지 않아 건너뜁니다" in str(bridge.run("torch.autograd.gradcheck"))
    finally:
        gc_utils.set_language("en")
    assert gc_utils.i18n.catalogue_problems(gc_utils.i18n.catalogues("bridge")) == []


def test_a_library_that_cannot_run_the_check_is_reported_not_raised(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", types.ModuleType("torch"))  # installed, but not the PyTorch we know
    outcome = bridge.run("torch.autograd.gradcheck")
    assert "PyTorch is installed but the check could not run: AttributeError" in str(outcome)


def test_run_all_runs_every_tool(monkeypatch):
    for _, module, _ in bridge.TOOLS.values():
        monkeypatch.setitem(sys.modules, module, None)
    assert [outcome.tool for outcome in bridge.run_all()] == list(bridge.TOOLS)


def test_verdicts_read_as_a_sentence():
    outcome = bridge.Outcome("torch.autograd.gradcheck", True, False)
    assert str(outcome) == ("torch.autograd.gradcheck: the correct backward pass passes; with the mean's gradient "
                            "forgotten fails")


def test_torch_gradcheck_passes_the_correct_layer_and_fails_the_bug():
    pytest.importorskip("torch")
    outcome = bridge.run("torch.autograd.gradcheck")
    assert (outcome.correct_passes, outcome.buggy_passes) == (True, False), str(outcome)


def test_jax_check_grads_passes_the_correct_layer_and_fails_the_bug():
    pytest.importorskip("jax")
    outcome = bridge.run("jax.test_util.check_grads")
    assert (outcome.correct_passes, outcome.buggy_passes) == (True, False), str(outcome)
