"""Whether a dict has changed, told without reading it: CPython's dict version tag (PEP 509).

CPython 3.10 to 3.13 keep in every dict a 64-bit tag that takes a new value whenever an entry is added, removed or
bound to another object. Comparing it with the value read earlier says whether anything changed, without reading
a key or a value. In a process forked from the grader's fork server that matters: reading a value raises its
reference count, which copies the memory page holding it (a module such as NumPy's spreads ~600 values over
~300 pages, ~1 ms to copy in every forked child).

A ``Watch`` reads the tag through ``ctypes`` where ``tags_work`` found it behaves as described (checked once, on a
probe dict); elsewhere (another implementation, another layout) it says "changed" every time, and callers read the
dict.
"""

from __future__ import annotations

import ctypes
import functools
import sys


class DictHead(ctypes.Structure):
    """The head of a CPython dict object (3.10 to 3.13): ``ma_version_tag`` changes whenever the dict does."""

    _fields_ = [("ob_refcnt", ctypes.c_ssize_t), ("ob_type", ctypes.c_void_p), ("ma_used", ctypes.c_ssize_t),
                ("ma_version_tag", ctypes.c_uint64)]


@functools.cache
def tags_work() -> bool:
    """Whether ``DictHead`` reads a tag that changes after a replacement, an addition and a removal, and stays
    while nothing changes (and ``ma_used`` is the number of entries: the layout is the one described)."""
    if sys.implementation.name != "cpython":
        return False
    probe = {"entry": object()}
    head = DictHead.from_address(id(probe))
    tags = [head.ma_version_tag]
    probe["entry"] = object()
    tags.append(head.ma_version_tag)
    probe["added"] = 1
    tags.append(head.ma_version_tag)
    del probe["entry"]
    tags.append(head.ma_version_tag)
    return len(set(tags)) == 4 and head.ma_version_tag == tags[-1] and head.ma_used == len(probe)


def head(mapping: dict) -> DictHead | None:
    """A view of ``mapping``'s head (read ``.ma_version_tag``), or None where tags do not work or ``mapping`` is
    not a plain dict. The view does not keep ``mapping`` alive: whoever reads it must."""
    if type(mapping) is not dict or not tags_work():
        return None
    return DictHead.from_address(id(mapping))


class Watch:
    """Whether ``mapping`` has changed since the watch was made or last ``renew``-ed (always "changed" where tags
    cannot be read). The watch does not keep ``mapping`` alive: whoever uses it must."""

    def __init__(self, mapping: dict) -> None:
        self._head = head(mapping)
        self.renew()

    def renew(self) -> None:
        """From now on, compare with the dict as it is now."""
        self._tag = None if self._head is None else self._head.ma_version_tag

    def changed(self) -> bool:
        return self._head is None or self._head.ma_version_tag != self._tag
