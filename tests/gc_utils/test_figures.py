"""gc_utils.figures.png_of: one draw gives the picture that savefig(bbox_inches="tight") gives with two.

The two are not the same bytes: savefig draws the figure again shifted by a fraction of a pixel, so anti-aliased
edges differ. They are the same picture: the same size and the same extent of ink (to a pixel), and the same
amount of ink (to 1 %; taking a legend away changes it by 4 %).
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image

from gc_utils import figures
from gc_utils.figures import png_of
from tests.gc_utils.test_layer_figures import FIGURES


def grey(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=float)


def ink_extent(picture: np.ndarray) -> tuple[int, int, int, int]:
    """The rows and columns between which anything is drawn on the white background: top, bottom, left, right."""
    rows, columns = np.nonzero(picture < 250)
    return rows.min(), rows.max(), columns.min(), columns.max()


def ink(picture: np.ndarray) -> float:
    """How much is drawn: the darkness summed over the picture, in pixels of black."""
    return float((255 - picture).sum() / 255)


def assert_same_picture(drawn: np.ndarray, saved: np.ndarray) -> None:
    assert all(abs(a - b) <= 1 for a, b in zip(drawn.shape, saved.shape)), (drawn.shape, saved.shape)
    assert all(abs(a - b) <= 1 for a, b in zip(ink_extent(drawn), ink_extent(saved)))
    assert ink(drawn) == pytest.approx(ink(saved), rel=0.01)


@pytest.mark.parametrize("name", ["upstreams", "hvp", "training"])
def test_one_draw_gives_the_picture_savefig_tight_gives(name):
    once = figures._drawn_once(FIGURES[name]())
    assert once is not None, "these figures lie within their edges: no second draw is needed"
    assert_same_picture(grey(once), grey(figures._saved_tight(FIGURES[name]())))


def test_the_comparison_sees_a_missing_legend():
    figure = FIGURES["training"]()
    figure.axes[0].get_legend().remove()
    with pytest.raises(AssertionError):
        assert_same_picture(grey(png_of(figure)), grey(figures._saved_tight(FIGURES["training"]())))


def test_what_lies_past_the_edges_is_shown_too():
    def sticking_out():
        figure = Figure(figsize=(3, 2), dpi=100, facecolor="white", layout="constrained")
        figure.add_subplot().set_title("a title much wider than the figure it is the title of")
        return figure

    figure = sticking_out()
    drawn, saved = grey(png_of(figure)), grey(figures._saved_tight(sticking_out()))
    assert drawn.shape[1] > 300  # widened to show the title
    assert_same_picture(drawn, saved)
    assert type(figure.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"  # set aside, then put back
