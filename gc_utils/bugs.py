"""Bugs planted in a back-propagation: one type for the lesson's network and for ``DeepNetwork``.

A *bug* is what gc_utils plants in a network's back-propagation on purpose (``gc_utils.network.BUGS``,
``gc_utils.deep_network.BUGS``); a *mistake* is what a student's code does (``public_tests.mistakes``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Bug:
    """A named bug that can be switched on in a back-propagation.

    Attributes
    ----------
    name : str
        Identifier used to switch it on (``bugs=...``, ``bug=...``).
    label : str
        A short human description, for controls and legends; ``{layer}`` is filled in for a bug planted in
        one chosen layer (``describe``).
    blocks : tuple of str
        The gradient blocks it corrupts directly (others may follow through the chain rule); for a bug of a
        chosen layer, the kinds of block (``"W"``, ``"b"``).
    in_lesson : bool
        True for the two bugs planted in the lesson's notebook.
    """

    name: str
    label: str
    blocks: tuple[str, ...]
    in_lesson: bool = False

    def describe(self, layer: int | None = None) -> str:
        """The label, with the layer filled in.

        Examples
        --------
        >>> Bug("db_missing", "db{layer} is left at zero", ("b",)).describe(2)
        'db2 is left at zero'
        """
        return self.label.format(layer="" if layer is None else layer)


def catalogue(*bugs: Bug) -> dict[str, Bug]:
    """The bugs by name, in the order given (the order controls list them)."""
    return {bug.name: bug for bug in bugs}


def checked_bug_names(names: str | Iterable[str], bugs: Mapping[str, Bug]) -> frozenset[str]:
    """``names`` (one name or several) as a set, or a ``ValueError`` naming the unknown ones and the known ones."""
    chosen = frozenset((names,) if isinstance(names, str) else names)
    unknown = sorted(chosen - bugs.keys())
    if unknown:
        raise ValueError(f"unknown bug(s) {unknown}; expected names from {list(bugs)}")
    return chosen
