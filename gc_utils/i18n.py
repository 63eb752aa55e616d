"""The language of what the lesson says to a student: one setting, and catalogues of messages keyed by id.

Every student-facing text (the public tests' feedback, the explorers' titles, labels and readouts) is looked up
by a message id in a catalogue, a plain mapping ``{language: {id: template}}`` (``public_tests.messages``,
``gc_utils.widgets.messages``). A template is a ``str.format`` string whose fields the caller fills in::

    >>> catalogue = {"en": {"hello": "{n} cases"}, "ko": {"hello": "사례 {n}개"}}
    >>> text(catalogue, "hello", n=3)
    '3 cases'

English is the default and the fallback; ``set_language("ko")`` (called once in the Korean notebooks' import
cell, for the public tests and the explorers alike) switches every catalogue to Korean and, for figures, registers
a font that has Hangul (``gc_utils.fonts``).
"""

from __future__ import annotations

import string
from collections.abc import Mapping

LANGUAGES = ("en", "ko")
"""The languages every catalogue has: English first (the default and the fallback)."""

Catalogue = Mapping[str, Mapping[str, str]]

_current = {"language": "en"}


def set_language(language: str, figures: bool = True) -> None:
    """Make ``language`` (``"en"`` or ``"ko"``) the language of every message and figure from now on.

    ``figures=False`` leaves matplotlib alone (no Hangul font registered): for a process that draws nothing, such
    as the grader.
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {list(LANGUAGES)}; got {language!r}")
    _current["language"] = language
    if language == "ko" and figures:
        from . import fonts  # only when asked for: matplotlib is not needed by the public tests otherwise

        fonts.use_hangul_font()


def get_language() -> str:
    """The language messages are given in now."""
    return _current["language"]


def text(catalogue: Catalogue, key: str, /, **fields: object) -> str:
    """The message ``key`` of ``catalogue`` in the current language (English when it has none), filled in."""
    template = catalogue.get(get_language(), {}).get(key)
    if template is None:
        template = catalogue["en"][key]
    return template.format(**fields)


def fields_of(template: str) -> set[str]:
    """The names of the format fields of ``template`` (``"{n:.3g} of {total}"`` -> ``{"n", "total"}``)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def catalogue_problems(catalogue: Catalogue) -> list[str]:
    """What keeps ``catalogue`` from being complete: a message id without a text in a language, or a translation
    whose format fields differ from the English text's. Empty when every language has every message."""
    english = catalogue["en"]
    problems = []
    for language in LANGUAGES[1:]:
        translated = catalogue.get(language, {})
        problems += [f"{key!r} has no {language} text" for key in english if key not in translated]
        problems += [f"{key!r} exists only in {language}" for key in translated if key not in english]
        problems += [f"{key!r}: the {language} text has the fields {sorted(fields_of(translated[key]))}, the "
                     f"English one {sorted(fields_of(english[key]))}"
                     for key in english if key in translated and fields_of(translated[key]) != fields_of(english[key])]
    return problems
