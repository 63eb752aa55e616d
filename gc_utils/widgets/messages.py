"""The lookup of the explorers' titles, controls, legend labels and readouts, and of what a student's function did
inside one: ``text("readout.exactly_0")`` is the message ``widgets.readout.exactly_0`` of ``gc_utils.locales``, in the
language of ``gc_utils.i18n`` (``gc_utils.set_language("ko")``).
"""

from __future__ import annotations

from ..i18n import Namespace

text = Namespace("widgets")
