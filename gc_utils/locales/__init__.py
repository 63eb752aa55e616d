"""The lesson's languages, one module each, named by its code: ``en`` (the default), ``ko``.

Adding a language is adding one file here, ``xx.py``, with every message id of ``en.py`` translated (its format is
described there); ``gc_utils.i18n`` finds it, ``set_language("xx")`` uses it, and ``tests/test_messages.py`` checks it
is complete. A language whose script DejaVu Sans lacks needs a font for its figures too, as Korean has
(``gc_utils.fonts``).
"""
