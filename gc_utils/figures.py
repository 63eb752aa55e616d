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
    """PNG bytes of a matplotlib ``Figure`` (drawn as the notebook's inline backend draws it), or PNG bytes as given.

    The PNG carries no "Software" text, so that the same pixels give the same bytes whatever matplotlib drew them.
    """
    if isinstance(figure, (bytes, bytearray, memoryview)):
        png = bytes(figure)
        if not png.startswith(PNG_SIGNATURE):
            raise ValueError("figure_output needs a matplotlib Figure or PNG bytes; the bytes given are not a PNG")
        return png
    if not isinstance(figure, DrawnFigure):
        raise TypeError(f"figure_output needs a matplotlib Figure or PNG bytes; got {type(figure).__name__}")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=figure.dpi, bbox_inches="tight", facecolor=figure.get_facecolor(),
                   edgecolor=figure.get_edgecolor(), metadata={"Software": None})
    return buffer.getvalue()


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
