"""Swap global names of a function's module for the length of one call, and restore them exactly.

A student's ``gradient_check`` calls the global names ``forward_propagation`` and ``backward_propagation`` of its
own module. To make it differentiate another J, or see a wrong dθ, those names are replaced in its module's
namespace for the call and restored afterwards, whatever happens (``injected``; ``injected_in`` does the same for
names in several namespaces at once, e.g. a module's globals and attributes of other modules); ``injected_globals``
does it for a function and counts how often each replacement was called, to learn whether the function used them.
``public_tests`` and the explorers share this one helper.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from typing import Any

__all__ = ["Counted", "Replacement", "injected", "injected_globals", "injected_in"]

_MISSING = object()


Replacement = tuple[MutableMapping[str, Any], str, Any]
"""(a namespace, a name in it, the value it holds for the duration of a block)."""


@contextlib.contextmanager
def injected_in(replacements: Iterable[Replacement]) -> Iterator[None]:
    """Set each name in its namespace for the duration of the block, then restore every namespace exactly.

    A name that was absent before is removed again; one that was present gets its old value back (in reverse
    order, so a name replaced twice ends as it began).
    """
    saved = []
    try:
        for namespace, name, value in replacements:
            saved.append((namespace, name, namespace.get(name, _MISSING)))
            namespace[name] = value
        yield
    finally:
        for namespace, name, old in reversed(saved):
            if old is _MISSING:
                namespace.pop(name, None)
            else:
                namespace[name] = old


def injected(namespace: MutableMapping[str, Any], names: Mapping[str, Any]):
    """Put ``names`` into ``namespace`` for the duration of the block, then restore it exactly.

    A name that was absent before is removed again; one that was present gets its old value back.

    Examples
    --------
    >>> namespace = {"f": 1}
    >>> with injected(namespace, {"f": 2, "g": 3}):
    ...     sorted(namespace.items())
    [('f', 2), ('g', 3)]
    >>> namespace
    {'f': 1}
    """
    return injected_in((namespace, name, value) for name, value in names.items())


class Counted:
    """A function that counts its calls (to learn whether an injected global was used)."""

    def __init__(self, function: Callable):
        self.function = function
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.function(*args, **kwargs)


def globals_of(function: Callable) -> dict | None:
    """The module namespace ``function`` looks its global names up in, or None (builtins, partials)."""
    target = getattr(function, "__func__", function)  # bound methods
    namespace = getattr(target, "__globals__", None)
    return namespace if isinstance(namespace, dict) else None


@contextlib.contextmanager
def injected_globals(function: Callable, replacements: Mapping[str, Callable]) -> Iterator[dict[str, Counted]]:
    """Temporarily replace global names that ``function`` looks up in its module.

    Yields the counted replacements by name (``.calls`` tells whether ``function`` used them). The previous
    values, or their absence, are restored on exit, whatever happens.

    Raises
    ------
    TypeError
        ``function`` has no module globals (a builtin, a ``functools.partial``, ...).
    """
    namespace = globals_of(function)
    if namespace is None:
        raise TypeError(f"{getattr(function, '__name__', function)!r} has no module globals to inject names into")
    counted = {name: Counted(replacement) for name, replacement in replacements.items()}
    with injected(namespace, counted):
        yield counted
