"""Every figure a notebook shows goes out through ``figure_output``: a picture and the words that say what it shows::

    from gc_utils.figures import figure_output

    figure_output(figure, "Log-log plot of the relative difference against ε ...")   # the last line of a cell

gives an output that any front end shows as the picture, with the words as its text alternative (the ``alt`` of
its ``<img>``), and that a text-only front end shows as the words. The explorers' static figures, their live
figures and the practice notebook's figures are all made here, so every figure output carries alt text.

Why an HTML ``<img>`` beside the PNG: JupyterLab 4 and Notebook 7 show an ``image/png`` output with
``renderImage`` (``@jupyterlab/rendermime``, ``renderers.ts``), which sets the ``<img>``'s source, width, height
and background classes and nothing else: no metadata of an image output becomes its ``alt`` (an ``alt`` key is
only proposed, jupyter/enhancement-proposals#120). Their HTML renderer ranks above the image renderer and is
"safe" (an untrusted notebook's HTML is sanitised, and the sanitiser keeps ``<img>`` with a ``data:`` source and
its ``alt``), so a bundle holding ``text/html`` is shown through it, with the alt text, in JupyterLab, Notebook 7,
VS Code, Colab and nbconvert's HTML. ``image/png`` stays for what takes pictures only (nbconvert to LaTeX/PDF,
tools that extract figures), with the alt text in its metadata (``metadata["image/png"]["alt"]``, which
nbconvert's HTML template reads); ``text/plain`` is the alt text itself. The cost: the PNG is stored twice in a
notebook with outputs (the solution editions; student editions have none).
"""

from __future__ import annotations

import base64
import html
import io
import struct
from typing import Any, Protocol, runtime_checkable

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MIN_ALT_LENGTH = 20
"""Shorter than this, a text cannot say what a figure shows ("figure", "plot of x" are not descriptions)."""
CSS_CLASS = "gc-figure"
"""The class of every figure's ``<img>`` (the browser test finds the explorers' figures by it)."""


@runtime_checkable
class DrawnFigure(Protocol):
    """What ``png_of`` uses of a matplotlib ``Figure`` (this module does not import matplotlib)."""

    dpi: float

    def savefig(self, fname: Any, **kwargs: Any) -> None: ...

    def get_facecolor(self) -> Any: ...

    def get_edgecolor(self) -> Any: ...


def check_alt(alt: object) -> str:
    """``alt`` without surrounding white space, if it can describe a figure; else ``ValueError``."""
    if not isinstance(alt, str) or len(alt.strip()) < MIN_ALT_LENGTH:
        raise ValueError(f"a figure needs alt text that says what it shows (at least {MIN_ALT_LENGTH} characters); "
                         f"got {alt!r}")
    return alt.strip()


def png_of(figure: object) -> bytes:
    """PNG bytes of a matplotlib ``Figure`` (as the notebook's inline backend saves it: cut to what is drawn, with
    ``savefig``'s padding), or PNG bytes as given.

    The PNG carries no "Software" text, so that the same pixels give the same bytes whatever matplotlib drew them.
    """
    if isinstance(figure, (bytes, bytearray, memoryview)):
        png = bytes(figure)
        if not png.startswith(PNG_SIGNATURE):
            raise ValueError("figure_output needs a matplotlib Figure or PNG bytes; the bytes given are not a PNG")
        return png
    if not isinstance(figure, DrawnFigure):
        raise TypeError(f"figure_output needs a matplotlib Figure or PNG bytes; got {type(figure).__name__}")
    return _drawn_once(figure) or _saved_tight(figure)


def _saved_tight(figure: DrawnFigure) -> bytes:
    """``savefig`` with ``bbox_inches="tight"``, as the inline backend saves: it draws the figure twice (once to
    find the box that holds everything drawn, once to draw it in that box)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=figure.dpi, bbox_inches="tight", facecolor=figure.get_facecolor(),
                   edgecolor=figure.get_edgecolor(), metadata={"Software": None})
    return buffer.getvalue()


def _drawn_once(figure: Any) -> bytes | None:
    """What ``_saved_tight`` gives, from one draw: the whole figure is drawn, then cut to the box that holds
    everything drawn, with savefig's padding in the figure's colour around it. Where something is drawn past the
    figure's edges (a title wider than the figure), only a second draw shows it: savefig draws the laid-out figure
    once more in that box. The second draw is about a quarter of a figure's time (benchmarks/bench_figures.py).

    None, for ``_saved_tight`` to do it all, when the figure has a visible edge (savefig draws it around the box) or
    a canvas of its own that does not draw with Agg.
    """
    from matplotlib import rcParams
    from matplotlib.backend_bases import FigureCanvasBase
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = figure.canvas
    if type(canvas) is FigureCanvasBase:  # a Figure() not made by pyplot: it has no canvas that draws yet
        canvas = FigureCanvasAgg(figure)
    elif not isinstance(canvas, FigureCanvasAgg):  # the inline backend's canvas is an Agg canvas
        return None
    if figure.patch.get_linewidth() > 0:
        return None
    canvas.draw()
    drawn = figure.get_tightbbox(canvas.get_renderer())  # in inches, from the bottom left corner
    box = drawn.padded(rcParams["savefig.pad_inches"])
    width, height = canvas.get_width_height()
    if drawn.x0 < 0 or drawn.y0 < 0 or drawn.x1 * figure.dpi > width or drawn.y1 * figure.dpi > height:
        return _saved_as_laid_out(figure, box)
    left, right = round(box.x0 * figure.dpi), round(box.x1 * figure.dpi)
    top, bottom = round(height - box.y1 * figure.dpi), round(height - box.y0 * figure.dpi)
    background = tuple(round(255 * channel) for channel in figure.patch.get_facecolor())
    picture = Image.new("RGBA", (right - left, bottom - top), background)
    pixels = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    inside = (max(left, 0), max(top, 0), min(right, width), min(bottom, height))
    picture.paste(pixels.crop(inside), (inside[0] - left, inside[1] - top))
    buffer = io.BytesIO()
    picture.save(buffer, format="png")
    return buffer.getvalue()


def _saved_as_laid_out(figure: Any, box: Any) -> bytes:
    """``figure``, just drawn, saved in ``box`` (inches): its layout engine is set aside meanwhile, or savefig would
    lay it out and draw it twice again."""
    engine = figure.get_layout_engine()
    figure.set_layout_engine("none")
    try:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=figure.dpi, bbox_inches=box, facecolor=figure.get_facecolor(),
                       edgecolor=figure.get_edgecolor(), metadata={"Software": None})
        return buffer.getvalue()
    finally:
        figure.set_layout_engine(engine)


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, read from the PNG's header."""
    return struct.unpack(">II", png[16:24])


class FigureOutput:
    """A figure as a notebook output: ``png`` and its ``alt`` text (made by ``figure_output``).

    Displayed (the last expression of a cell, or ``IPython.display.display``), it is one output whose bundle holds
    ``text/html`` (an ``<img>`` with the alt text), ``image/png`` (alt text in its metadata) and ``text/plain``
    (the alt text).
    """

    def __init__(self, png: bytes, alt: str):
        self.png = png
        self.alt = alt

    def html(self) -> str:
        """The ``<img>`` element: the PNG as a ``data:`` URL, the alt text, at most as wide as its container."""
        encoded = base64.b64encode(self.png).decode("ascii")
        return (f'<img class="{CSS_CLASS}" src="data:image/png;base64,{encoded}" alt="{html.escape(self.alt)}" '
                'style="max-width:100%;height:auto">')

    def mimebundle(self) -> tuple[dict, dict]:
        """``(data, metadata)`` of the output."""
        data = {"text/html": self.html(), "image/png": base64.b64encode(self.png).decode("ascii"),
                "text/plain": self.alt}
        return data, {"image/png": {"alt": self.alt}}

    def _repr_mimebundle_(self, include=None, exclude=None) -> tuple[dict, dict]:
        return self.mimebundle()

    def __repr__(self) -> str:
        width, height = png_size(self.png)
        return f"<FigureOutput {width}x{height}: {self.alt[:60]!r}>"


def figure_output(figure: object, alt: str) -> FigureOutput:
    """The one way a figure is shown: ``figure`` (a matplotlib ``Figure``, or PNG bytes) with ``alt``, the text
    that says what it shows to whoever cannot see it.

    Parameters
    ----------
    figure : matplotlib.figure.Figure or bytes
        The picture. A ``Figure`` is drawn once, now: later changes to it are not shown.
    alt : str
        What the figure shows: its kind, its axes and what is on them, what it shows now (at least
        ``MIN_ALT_LENGTH`` characters). Say the numbers a reader needs, not the pixels.

    Returns
    -------
    FigureOutput
        Displayed as the cell's result (or through ``display``), the picture with its alt text.

    Examples
    --------
    >>> from gc_utils.figures import PNG_SIGNATURE
    >>> png = PNG_SIGNATURE + bytes.fromhex("0000000d49484452000000020000000108060000001f15c489")
    >>> output = figure_output(png, "A two-pixel test picture, both pixels transparent.")
    >>> data, metadata = output.mimebundle()
    >>> sorted(data), metadata["image/png"]["alt"]
    (['image/png', 'text/html', 'text/plain'], 'A two-pixel test picture, both pixels transparent.')
    >>> 'alt="A two-pixel test picture, both pixels transparent."' in data["text/html"]
    True
    """
    return FigureOutput(png_of(figure), check_alt(alt))
