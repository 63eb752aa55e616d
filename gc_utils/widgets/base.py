"""What every explorer shares: one figure rendered to one image, a readout, controls that never break.

Each explorer owns one matplotlib ``Figure`` (not a pyplot figure: nothing piles up) rendered to PNG and shown in
one ``ipywidgets.HTML`` as an ``<img>`` whose ``alt`` says what the figure shows now (``gc_utils.figures``:
an ``ipywidgets.Image`` cannot carry alt text); this needs no ipympl and works in any front end. Control changes
that only move markers redraw just those (``plots.PngRenderer``). Displayed, an explorer also carries its current
figure as a static output (``figures.figure_output``: the picture with the same alt text), so a notebook executed
headless (nbval, nbconvert, static viewers) still shows the figure of its initial state, described.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Sequence
from typing import ClassVar

import ipywidgets as widgets

from .. import plots, sweeps
from ..figures import figure_output
from ..perturbation import check_epsilon
from .calling import short
from .messages import text as message
from .readouts import problem


def check_explorer_epsilon(epsilon: object) -> float:
    """``epsilon`` if the explorers offer it (``sweeps.EPSILON_RANGE``), else ``EpsilonError`` (one ε validation)."""
    low, high = sweeps.EPSILON_RANGE
    return check_epsilon(epsilon, low=low, high=high)


class Explorer:
    """What every explorer shares: one figure, one image, one readout, the controls, error isolation.

    Attributes
    ----------
    figure, axes : matplotlib Figure and Axes
        The one figure, redrawn in place.
    image : ipywidgets.HTML
        The figure: an ``<img>`` of the PNG with its alt text (``alt_text()``).
    readout : ipywidgets.HTML
        Values, verdicts and what went wrong.
    widget : ipywidgets.VBox
        Controls, image and readout; what a notebook displays.
    renders : int
        How many times the figure has been rendered (tests and benchmarks watch it).
    closed : bool
        True after ``close()``: the widgets are gone and the figure is released.

    Notes
    -----
    Re-running a cell makes a new explorer, and the old one would live on (widget models stay in the kernel,
    and IPython's ``Out`` keeps the object), each holding a rendered figure of a few MB. So at most
    ``MAX_LIVE`` explorers of one kind stay open: making one more closes the oldest.
    """

    css_class = "gc-explorer"
    MAX_LIVE = 6
    _live: ClassVar[dict[type, list[weakref.ref]]] = {}

    def __init__(self) -> None:
        self._close_oldest()
        self.closed = False
        self.figure, self.axes = plots.new_figure()
        self.renderer = plots.PngRenderer(self.figure)
        self.image = widgets.HTML(layout=widgets.Layout(max_width="100%"))
        self.image.add_class("gc-figure-box")
        self._png = b""
        self.readout = widgets.HTML()
        self.readout.add_class("gc-readout")
        self.renders = 0
        self.widget: widgets.VBox | None = None
        self._controls: list[widgets.Widget] = []

    # -- assembling and displaying
    def _assemble(self, control_rows: Sequence[widgets.Widget]) -> None:
        self.widget = widgets.VBox([*control_rows, self.image, self.readout],
                                   layout=widgets.Layout(width="100%", max_width="980px"))
        self.widget.add_class("gc-explorer")
        self.widget.add_class(self.css_class)

    def _observe(self, control: widgets.Widget, handler: Callable[[], None]) -> None:
        """Call ``handler`` when ``control`` changes; an error in it goes to the readout, never up."""

        def on_change(change: dict) -> None:
            try:
                handler()
            except Exception as exc:  # noqa: BLE001 - keep the controls alive whatever happens
                self.readout.value = problem(message("explorer.failed", error_type=type(exc).__name__,
                                                     error=short(str(exc))))

        control.observe(on_change, names="value")
        self._controls.append(control)

    def _render(self) -> bytes:
        """The figure as PNG: the first frame compact (notebooks store it), later ones fast."""
        return self.renderer.fast(compact=self.renders == 0)

    def _show(self, png: bytes) -> None:
        """Show ``png``, the figure just rendered, with the alt text of the state it shows."""
        self._png = png
        self.image.value = figure_output(png, self.alt_text()).html()
        self.renders += 1

    def alt_text(self) -> str:
        """What the figure shows now, in words: its alt text (each explorer says it)."""
        raise NotImplementedError

    def _repr_mimebundle_(self, include=None, exclude=None) -> tuple[dict, dict]:
        data, metadata = figure_output(self._png, self.alt_text()).mimebundle()
        described = f"{type(self).__name__}: {data['text/plain']}"
        if not self.closed and self.widget is not None:
            data.update(self.widget._repr_mimebundle_() or {})  # the live explorer, where widgets are shown
        data["text/plain"] = described
        return data, metadata

    def png(self) -> bytes:
        """The figure as it is now, as PNG bytes."""
        return self._png

    def _close_oldest(self) -> None:
        alive = [explorer for ref in Explorer._live.get(type(self), [])
                 if (explorer := ref()) is not None and not explorer.closed]
        while len(alive) >= self.MAX_LIVE:
            alive.pop(0).close()
        Explorer._live[type(self)] = [*map(weakref.ref, alive), weakref.ref(self)]

    def close(self) -> None:
        """Close the widgets and release the figure; the explorer cannot be used afterwards."""
        if self.closed:
            return
        self.closed = True
        for control in self._controls:
            control.close()
        self.image.close()
        self.readout.close()
        if self.widget is not None:
            for child in self.widget.children:
                child.close()
            self.widget.close()
        plots.release_figure(self.figure)
        self.renderer.set_animated([])  # forgets the remembered background


def log_slider(value: float, low: float, high: float, description: str, step: float = 0.1) -> widgets.FloatLogSlider:
    slider = widgets.FloatLogSlider(
        value=value, base=10, min=math.log10(low), max=math.log10(high), step=step, description=description,
        readout_format=".1e", continuous_update=True, layout=widgets.Layout(width="480px"),
        style={"description_width": "90px"},
    )
    return slider
