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
    :func:`symdiv.prove`.
    """


class InconsistencyError(SymdivError, RuntimeError):
    """The symbolic prover and the numeric cross-check disagree.

    This is always a bug in symdiv (or in sympy), never a property of the
    statement, so it is raised loudly rather than folded into a verdict.
    """
