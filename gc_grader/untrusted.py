"""Text from a submission, made safe once, where it enters the grader.

A submission chooses many strings the grader keeps: its file name (any bytes but ``/`` and NUL, which Python
hands over with lone surrogates for bytes that are not UTF-8), what its code prints, the messages of the
exceptions it raises, and anything it writes into its result pipe. Every writer of the grader's outputs (UTF-8
CSV, JSON and Markdown, the terminal) must be able to write them, and none may change the layout around them.
So each such string goes through ``text`` (or ``name``) once, as it is read:

- a lone surrogate (not encodable in UTF-8) becomes a visible escape: ``\\xff`` for a byte that was not UTF-8
  (Python's ``surrogateescape``), ``\\ud800`` for any other;
- a control character becomes a visible escape (``\\x1b``, ``\\r``, ``\\u202e``): no terminal escape sequence,
  no carriage return that hides text, no bidirectional override that reorders what a reader sees; ``text``
  keeps line breaks and tabs (messages have lines), ``name`` escapes them too (a name is one line: no file name
  can start a Markdown heading or a CSV row of its own);
- the result is cut to ``limit`` characters.

Markdown's and spreadsheets' own meta-characters are the writers' business (``reports``): the feedback quotes
student text in fenced blocks, and CSV cells that a spreadsheet would run as a formula are prefixed.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
"""Everything ``text`` escapes: C0 and C1 controls but tab and newline, bidirectional marks and overrides, line
and paragraph separators, the byte-order mark, and lone surrogates."""
_UNSAFE_IN_NAME = re.compile(f"{_UNSAFE.pattern[:-1]}\t\n]")


_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match) -> str:
    if match.group() in _NAMED:
        return _NAMED[match.group()]
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as surrogateescape keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def text(value: str, limit: int = 100_000) -> str:
    """``value`` with every unsafe character escaped (line breaks and tabs kept), at most ``limit`` characters."""
    return _UNSAFE.sub(_escape, value[:limit])[:limit]


def name(value: str, limit: int = 1000) -> str:
    """A one-line form of ``value`` (a file name or path): ``text``'s escapes, and line breaks and tabs too."""
    return _UNSAFE_IN_NAME.sub(_escape, value[:limit])[:limit]
