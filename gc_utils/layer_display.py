"""The one way the "Checking your own layers" notebook shows a figure: a PNG that carries its alt text.

Every figure of that notebook, the explorer's static picture included, goes through ``figure_bundle`` (and the
notebook's cells through ``show_figure``): the PNG, and a sentence saying what the figure shows, as the bundle's
``text/plain`` (what a viewer without images, a screen reader reading the notebook as text, or nbconvert's text
formats get) and as the image's ``alt`` metadata. Written as one small module so that the project's figure display,
when it has one, can take its place here in one edit.
"""

from __future__ import annotations

import base64
import io

from matplotlib.figure import Figure

from .plots import release_figure


def png_of(figure: Figure) -> bytes:
    """``figure`` as PNG bytes, white background, tight bounding box, no metadata that changes between runs."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=figure.dpi, facecolor="white", bbox_inches="tight",
                   metadata={"Software": None})
    return buffer.getvalue()


def figure_bundle(png: bytes, alt: str) -> tuple[dict, dict]:
    """The MIME bundle and metadata that show ``png`` with its alt text ``alt``.

    Examples
    --------
    >>> data, metadata = figure_bundle(b"\\x89PNG", "A bar chart of three differences.")
    >>> data["text/plain"], metadata["image/png"]["alt"]
    ('A bar chart of three differences.', 'A bar chart of three differences.')
    """
    alt = " ".join(str(alt).split())
    if not alt:
        raise ValueError("a figure needs an alt text saying what it shows")
    return ({"image/png": base64.b64encode(png).decode("ascii"), "text/plain": alt}, {"image/png": {"alt": alt}})


def show_figure(figure: Figure, alt: str) -> None:
    """Display ``figure`` with its alt text (``figure_bundle``), then release it (its pixels are in the output)."""
    from IPython.display import display

    data, metadata = figure_bundle(png_of(figure), alt)
    display(data, raw=True, metadata=metadata)
    release_figure(figure)
