"""The exceptions symdiv raises.

Every error derives from :class:`SymdivError`, so ``except SymdivError``
catches all of them.  Each subclass also derives from the builtin a caller
would expect (hypothesis does the same with ``InvalidArgument``), so code
written against plain Python keeps working:

>>> from symdiv.errors import InvalidInputError, SymdivError
>>> issubclass(InvalidInputError, ValueError) and issubclass(InvalidInputError, SymdivError)
True
"""

from __future__ import annotations

__all__ = [
    "SymdivError",
    "InvalidInputError",
    "InvalidTypeError",
    "SizeMismatchError",
    "BudgetExceeded",
    "InconsistencyError",
    "ParseError",
]


class SymdivError(Exception):
    """Base class of every error symdiv raises on purpose."""


class InvalidInputError(SymdivError, ValueError):
    """A value has the right type but is not acceptable (e.g. a size of 0)."""


class InvalidTypeError(SymdivError, TypeError):
    """An argument has the wrong type (e.g. a string where an expression goes)."""


class SizeMismatchError(InvalidInputError):
    """Distributions of different alphabet sizes were combined in one measure."""


class BudgetExceeded(SymdivError, TimeoutError):
    """A symbolic step ran past its time budget.

    The prover turns this into an ``unknown`` verdict; it never escapes
    :func:`symdiv.prove`.  *stop* (a :class:`symdiv.budget.Stop`) says which
    limit ran out, and where.
    """

    def __init__(self, message: str, stop: object = None) -> None:
        super().__init__(message)
        self.stop = stop

    def __reduce__(self):  # survives the trip back from a worker process
        return (type(self), (str(self), self.stop))


class InconsistencyError(SymdivError, RuntimeError):
    """The symbolic prover and the numeric cross-check disagree.

    This is always a bug in symdiv (or in sympy), never a property of the
    statement, so it is raised loudly rather than folded into a verdict.
    """


class ParseError(InvalidInputError):
    """Text given to :mod:`symdiv.parse` is not a statement symdiv can read.

    The message names the line and column and draws a caret under the
    problem, so a person can fix it without reading a traceback:

    >>> err = ParseError("unknown symbol 'X'", "H(P) = H(X)", 9)
    >>> print(err)
    line 1, column 10: unknown symbol 'X'
      H(P) = H(X)
               ^
    >>> err.line, err.column
    (1, 10)

    Text from a file starts with ``file:line:column:``, the form editors and
    CI annotators turn into a link (columns count characters, a tab as one):

    >>> print(ParseError("unknown symbol 'X'", "$$\\nH(P) = H(X)\\n$$", 12, origin="kl.md"))
    kl.md:2:10: unknown symbol 'X'
      H(P) = H(X)
               ^
    """

    def __init__(self, message: str, text: str = "", offset: int = 0, *, origin: str = "") -> None:
        self.message = message
        self.text = text
        self.offset = max(0, min(offset, len(text)))
        #: Where the text came from (a file name), for the message.
        self.origin = origin
        self.line, self.column = source_position(text, self.offset)
        start = self.offset - self.column + 1
        end = text.find("\n", start)
        self.line_text = text[start: len(text) if end < 0 else end]
        super().__init__(self._format())

    def __reduce__(self):
        # Rebuilt from its parts (a worker process sends it back pickled).
        return (_rebuild_parse_error, (type(self), self.message, self.text, self.offset, self.origin))

    def _format(self) -> str:
        if self.origin:  # file:line:column:, as GNU tools write it
            head = f"{self.origin}:{self.line}:{self.column}: {self.message}"
        else:  # a statement typed on the command line: no file to name
            head = f"line {self.line}, column {self.column}: {self.message}"
        if not self.text:
            return head
        shown, col = self.line_text, self.column - 1
        if len(shown) > 2 * _WINDOW:  # a window around the problem, not a 10 kB line
            lo = max(0, col - _WINDOW)
            hi = min(len(shown), col + _WINDOW)
            prefix = "..." if lo > 0 else ""
            shown, col = prefix + shown[lo:hi] + ("..." if hi < len(shown) else ""), col - lo + len(prefix)
        # Tabs keep their width so the caret lines up in a terminal.
        pad = "".join("\t" if ch == "\t" else " " for ch in shown[:col])
        return f"{head}\n  {shown}\n  {pad}^"


def _rebuild_parse_error(cls: type, message: str, text: str, offset: int, origin: str) -> "ParseError":
    return cls(message, text, offset, origin=origin)


def source_position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based ``(line, column)`` of *offset* in *text*.

    >>> source_position("a = b\\nc = d", 8)
    (2, 3)
    """
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


#: Characters shown on each side of the caret in a long line.
_WINDOW = 60
