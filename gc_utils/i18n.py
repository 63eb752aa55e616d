"""The language of what the lesson says, and the one lookup of every message it says, by id.

**One catalogue format.** Every student-facing text (the public tests' feedback, the explorers' titles, labels and
readouts, the words inside figures, the grader's feedback files) is a ``str.format`` template with a message id, in a
module per language of ``gc_utils.locales`` (``en.py``, ``ko.py``). A language module holds one dict per part of the
lesson, named in capitals; the part is the id's namespace (``PUBLIC_TESTS["passed"]`` is ``public_tests.passed``)::

    >>> text("public_tests.failed_on_case", exercise="f", index=1, total=6, label="x = 2")
    'f failed on case 1 of 6: x = 2.'
    >>> set_language("ko", figures=False)
    >>> text("public_tests.failed_on_case", exercise="f", index=1, total=6, label="x = 2")
    'f 테스트가 사례 6개 중 1번째에서 실패했습니다: x = 2.'
    >>> set_language("en")

Why this design:

- **Adding a language is one file**, ``gc_utils/locales/xx.py``: ``LANGUAGES`` is read from the folder, and
  ``catalogue_problems`` (run by ``tests/test_messages.py`` for every language) names every id it lacks or whose
  format fields differ from English's. A translator works in one file, in one language, with every text of the lesson.
- **Python modules, not data files**: they ship and import like the rest of ``gc_utils`` (a student release copies the
  package whole, the grader's sandbox binds it whole; nothing to register as package data, no parser to add on
  Python 3.10), and the English file can take the names of the planted bugs from where they are defined.
- **In gc_utils, the grader's texts included**: a student release ships ``gc_utils`` and ``public_tests`` but not
  ``gc_grader``; ``public_tests`` and ``gc_utils`` need their texts there, and the grader's few dozen (namespace
  ``grader``) sit with them, unused in a release, so that a language stays one file.
- **One lookup**, ``text(id, **fields)``, in the current language with English as the fallback. A part of the lesson
  binds its namespace once (``public_tests.messages.text = Namespace("public_tests")``) and looks up its own ids
  by their short names.

``set_language("ko")`` (called once in the Korean notebooks' import cell, for the public tests and the explorers
alike) switches every message to Korean and, for figures, registers a font that has Hangul (``gc_utils.fonts``).
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import string
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from . import locales

DEFAULT = "en"
"""The default language, and the fallback of a message a language lacks."""


def _languages() -> tuple[str, ...]:
    found = sorted(module.name for module in pkgutil.iter_modules(locales.__path__) if not module.name.startswith("_"))
    return (DEFAULT, *[language for language in found if language != DEFAULT])


LANGUAGES = _languages()
"""The languages of ``gc_utils.locales``: English first (the default and the fallback), then the others."""

Catalogue = Mapping[str, Mapping[str, str]]
"""Language -> message id -> template (``catalogues()``)."""

_current = {"language": DEFAULT}


def set_language(language: str, figures: bool = True) -> None:
    """Make ``language`` (one of ``LANGUAGES``) the language of every message and figure from now on.

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


@functools.cache
def messages(language: str) -> Mapping[str, str]:
    """Every template of ``language``, by namespaced id (``"public_tests.passed"``): the capitalised dicts of its
    module in ``gc_utils.locales``, read once."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {list(LANGUAGES)}; got {language!r}")
    module = importlib.import_module(f"{locales.__name__}.{language}")
    found: dict[str, str] = {}
    for part, entries in vars(module).items():
        if part.isupper() and isinstance(entries, dict):
            found.update({f"{part.lower()}.{key}": template for key, template in entries.items()})
    return MappingProxyType(found)


def template(message_id: str, language: str | None = None) -> str:
    """The template of ``message_id`` in ``language`` (the current one by default), English when it has none;
    KeyError when English has none either."""
    found = messages(language or get_language()).get(message_id)
    return messages(DEFAULT)[message_id] if found is None else found


def text(message_id: str, /, **fields: object) -> str:
    """The message ``message_id`` in the current language (English when it has none), filled in with ``fields``."""
    return template(message_id).format(**fields)


def has(message_id: str) -> bool:
    """Whether ``message_id`` is a message (English has every message)."""
    return message_id in messages(DEFAULT)


@dataclass(frozen=True)
class Namespace:
    """The lookup of one part of the lesson: ``Namespace("public_tests")("passed")`` is
    ``text("public_tests.passed")``. Each part binds its own once (``text = Namespace("public_tests")``)."""

    name: str

    def __call__(self, key: str, /, **fields: object) -> str:
        return text(f"{self.name}.{key}", **fields)

    def __contains__(self, key: str) -> bool:
        return has(f"{self.name}.{key}")


def catalogues(namespace: str | None = None) -> dict[str, dict[str, str]]:
    """Language -> message id -> template, for every language; only the ids of ``namespace`` (without it) when
    given."""
    if namespace is None:
        return {language: dict(messages(language)) for language in LANGUAGES}
    prefix = f"{namespace}."
    return {language: {key[len(prefix):]: value for key, value in messages(language).items() if key.startswith(prefix)}
            for language in LANGUAGES}


def fields_of(template: str) -> set[str]:
    """The names of the format fields of ``template`` (``"{n:.3g} of {total}"`` -> ``{"n", "total"}``)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def catalogue_problems(catalogue: Catalogue | None = None) -> list[str]:
    """What keeps ``catalogue`` (every language's, by default) from being complete: a message id without a text in a
    language, a text of an id English does not have, or a translation whose format fields differ from the English
    text's. Empty when every language has every message."""
    catalogue = catalogues() if catalogue is None else catalogue
    english = catalogue[DEFAULT]
    problems = []
    for language in [language for language in catalogue if language != DEFAULT]:
        translated = catalogue[language]
        problems += [f"{key!r} has no {language} text" for key in english if key not in translated]
        problems += [f"{key!r} exists only in {language}" for key in translated if key not in english]
        problems += [f"{key!r}: the {language} text has the fields {sorted(fields_of(translated[key]))}, the "
                     f"English one {sorted(fields_of(english[key]))}"
                     for key in english if key in translated and fields_of(translated[key]) != fields_of(english[key])]
    return problems
