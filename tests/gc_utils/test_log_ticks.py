"""gc_utils.log_ticks: log axes labelled in plain text, with the ticks and values matplotlib's labels have."""

from __future__ import annotations

import re

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import LogFormatterSciNotation

from gc_utils.log_ticks import plain, set_log_scale

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def value_of(label: str) -> float:
    """The number a plain label writes: ``2×10⁻²`` is 0.02 (read back independently of the formatter)."""
    match = re.fullmatch(r"(?:([\d.]+)×)?(\d+)(⁻?[⁰-⁹¹²³]*)", label)
    assert match, label
    factor, base, exponent = match.groups()
    power = int(exponent.replace("⁻", "-").translate({ord(c): str(i) for i, c in enumerate(SUPERSCRIPT_DIGITS)})
                or "1") if exponent else 1
    return float(factor or 1) * float(base) ** power


@pytest.mark.parametrize("limits", [(1e-16, 2), (1e-3, 0.5), (0.02, 0.5), (3, 3000)])
def test_each_label_is_the_one_matplotlib_writes_in_plain_text(limits):
    figure = Figure(figsize=(4, 3))
    canvas = FigureCanvasAgg(figure)
    axes, reference = figure.add_subplot(121), figure.add_subplot(122)
    set_log_scale(axes, "y")
    reference.set_yscale("log")
    for ax in (axes, reference):
        ax.set_ylim(*limits)
    canvas.draw()
    assert axes.get_yscale() == "log" and isinstance(axes.yaxis.get_major_formatter(), LogFormatterSciNotation)
    for kind in ("major", "minor"):
        ours = [(t.get_position()[1], t.get_text()) for t in axes.get_yticklabels(which=kind)]
        theirs = [t.get_text() for t in reference.get_yticklabels(which=kind)]
        assert [bool(text) for _, text in ours] == [bool(text) for text in theirs]  # the same ticks labelled
        for (position, text), mathtext in zip(ours, theirs):
            assert "$" not in text and (text == "") == (mathtext == "")
            if text:
                assert value_of(text) == pytest.approx(position, rel=1e-9)


def test_labels_it_does_not_know_are_left_as_they_are():
    assert plain("") == ""
    assert plain("$\\mathdefault{\\mathrm{x}}$") == "$\\mathdefault{\\mathrm{x}}$"


def test_which_axis_must_be_named():
    axes = Figure().add_subplot()
    set_log_scale(axes, "x")
    assert (axes.get_xscale(), axes.get_yscale()) == ("log", "linear")
    with pytest.raises(ValueError, match="'x', 'y' or 'xy'"):
        set_log_scale(axes, "z")
