"""The lookup of the words inside figures (legend entries, axis labels, titles of ``style``, ``plots``,
``practice_plots`` and ``layer_plots``): ``text("threshold", threshold=2e-7)`` is the message ``figures.threshold`` of
``gc_utils.locales``, in the language of ``gc_utils.i18n``, looked up when a figure is drawn. (The explorers' own
titles and readouts are in ``gc_utils.widgets.messages``.)
"""

from __future__ import annotations

from .i18n import Namespace

text = Namespace("figures")
