"""The lookup of the public tests' messages: ``text("failed_on_case", ...)`` is the message
``public_tests.failed_on_case`` of ``gc_utils.locales``, in the language of ``gc_utils.i18n``
(``public_tests.set_language("ko")``).

The code that builds a message (``judging``, ``facts``, ``observations``, ``formulas``, ``mistakes``, ``cases``,
``practice``, the layers' tests) looks its text up by id and fills in the fields; the texts themselves, in every
language, are in ``gc_utils/locales/`` (section ``PUBLIC_TESTS``).
"""

from __future__ import annotations

from gc_utils.i18n import Namespace

text = Namespace("public_tests")
