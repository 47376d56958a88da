"""Text bound for a terminal, made safe to print.

A document's commentary, a file name or a statement can hold terminal
escape sequences (ESC, BEL, CR) or bidirectional overrides (U+202E): printed
raw, they can rewrite what the terminal shows, e.g. "all steps proved" over
a REFUTED line.  Everything the command prints goes through :func:`safe`,
which writes such characters as ``\\uXXXX`` escapes.  The same escape is
valid inside a JSON string, so JSON output stays strict JSON, and text that
is not valid Unicode (bytes smuggled in through surrogate escapes) leaves as
an escape too, so the output is always UTF-8.

>>> safe("proved\\x1b[2K\\rREFUTED \\u202egnirts")
'proved\\\\u001b[2K\\\\u000dREFUTED \\\\u202egnirts'
>>> safe("H(P) = -sum_i p_i log p_i\\n\\t熵")
'H(P) = -sum_i p_i log p_i\\n\\t熵'
"""

from __future__ import annotations

import unicodedata
from typing import TextIO

__all__ = ["safe", "SafeStream", "pad"]

# Control (Cc), format (Cf: bidi overrides, zero-width joiners), surrogates
# (Cs: undecodable bytes), line and paragraph separators (Zl, Zp).
_UNSAFE = {"Cc", "Cf", "Cs", "Zl", "Zp"}
_KEPT = {"\n", "\t"}


def _escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    # Beyond the BMP, JSON (and JavaScript) spell a character as a surrogate pair.
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def safe(text: str) -> str:
    """*text* with every control, format and bidi character written as an escape."""
    if text.isprintable() or all(ch in _KEPT or ch.isprintable() for ch in text):
        return text  # the common case, and fast
    return "".join(_escape(ch) if ch not in _KEPT and unicodedata.category(ch) in _UNSAFE else ch
                   for ch in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """*text* padded with spaces to *width* terminal columns (a Chinese character takes two).

    >>> pad("定理", 6) + "|", pad("time", 6, right=True) + "|"
    ('定理  |', '  time|')
    """
    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    fill = " " * max(0, width - columns)
    return fill + text if right else text + fill


class SafeStream:
    """A text stream that passes everything written to it through :func:`safe`."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(safe(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def __getattr__(self, name: str):
        return getattr(self._stream, name)
