"""Swap global names of a function's module for the length of one call, and restore them exactly.

A student's ``gradient_check`` calls the global names ``forward_propagation`` and ``backward_propagation`` of its
own module. To make it differentiate another J, or see a wrong dθ, those names are replaced in its module's
namespace for the call and restored afterwards, whatever happens (``injected``); ``injected_globals`` does it for
a function and counts how often each replacement was called, to learn whether the function used them.
``public_tests`` and the explorers share this one helper.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any

__all__ = ["Counted", "injected", "injected_globals"]

_MISSING = object()


@contextlib.contextmanager
def injected(namespace: MutableMapping[str, Any], names: Mapping[str, Any]) -> Iterator[None]:
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
    saved = {name: namespace.get(name, _MISSING) for name in names}
    try:
        namespace.update(names)
        yield
    finally:
        for name, old in saved.items():
            if old is _MISSING:
                namespace.pop(name, None)
            else:
                namespace[name] = old


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
