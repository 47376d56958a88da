"""Argument checks shared by the public numeric API, the strategies and ``prove``.

Each helper returns the value in its plain form (``int``, ``float``, ...)
or raises :class:`~symdiv.errors.InvalidTypeError` (wrong type) or
:class:`~symdiv.errors.InvalidInputError` (right type, bad value) with a
message that names the argument and the value, so that no numpy, sympy or
hypothesis error escapes from a bad argument:

>>> integer(3, "samples")
3
>>> integer(2.5, "samples")
Traceback (most recent call last):
...
symdiv.errors.InvalidTypeError: samples must be a positive int, got 2.5 of type float
>>> integer(-5, "samples")
Traceback (most recent call last):
...
symdiv.errors.InvalidInputError: samples must be a positive int, got -5
>>> number(float("nan"), "alpha", above=0)
Traceback (most recent call last):
...
symdiv.errors.InvalidInputError: alpha must be a finite number > 0, got nan
"""

from __future__ import annotations

import math
from numbers import Integral, Real
from typing import Collection, Optional

import numpy as np
from sympy import Expr

from ..errors import InvalidInputError, InvalidTypeError

__all__ = ["show", "integer", "seed", "number", "flag", "text", "one_of", "generator", "int_range",
           "int_sequence", "expression", "rows"]

#: Longest repr quoted in a message; a large array is cut, not printed whole.
_SHOWN = 80


def show(value: object) -> str:
    """A short repr of *value* with its type, for a message about a wrong type.

    >>> show("3")
    "'3' of type str"
    """
    text = repr(value)
    if len(text) > _SHOWN:
        text = text[:_SHOWN - 3] + "..."
    return f"{text} of type {type(value).__name__}"


def integer(value: object, name: str, *, minimum: int = 1) -> int:
    """*value* as an ``int`` of at least *minimum*; bools and floats are refused."""
    kind = {0: "a non-negative int", 1: "a positive int"}.get(minimum, f"an int >= {minimum}")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral):
        raise InvalidTypeError(f"{name} must be {kind}, got {show(value)}")
    if value < minimum:
        raise InvalidInputError(f"{name} must be {kind}, got {value!r}")
    return int(value)


def seed(value: object, name: str = "seed") -> int:
    """A seed for ``numpy.random.default_rng``: a non-negative int."""
    return integer(value, name, minimum=0)


def number(value: object, name: str, *, above: Optional[float] = None, at_least: Optional[float] = None,
           below: Optional[float] = None, at_most: Optional[float] = None) -> float:
    """*value* as a finite ``float`` within the given bounds; NaN, infinities and bools are refused.

    >>> number(2, "eps", above=0, below=1)
    Traceback (most recent call last):
    ...
    symdiv.errors.InvalidInputError: eps must be a finite number > 0 and < 1, got 2
    """
    bounds = [f"{op} {b:g}" for op, b in ((">", above), (">=", at_least), ("<", below), ("<=", at_most))
              if b is not None]
    kind = "a finite number" + (" " + " and ".join(bounds) if bounds else "")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise InvalidTypeError(f"{name} must be {kind}, got {show(value)}")
    x = float(value)
    if (not math.isfinite(x) or (above is not None and not x > above) or (at_least is not None and not x >= at_least)
            or (below is not None and not x < below) or (at_most is not None and not x <= at_most)):
        raise InvalidInputError(f"{name} must be {kind}, got {value!r}")
    return x


def flag(value: object, name: str) -> bool:
    """*value* as a ``bool``; a truthy string such as ``"no"`` is refused, not taken as True."""
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidTypeError(f"{name} must be True or False, got {show(value)}")
    return bool(value)


def text(value: object, name: str) -> str:
    """*value*, which must be a ``str`` (a dtype name, a reduction, ...)."""
    if not isinstance(value, str):
        raise InvalidTypeError(f"{name} must be a str, got {show(value)}")
    return value


def one_of(value: object, name: str, options: Collection[str]) -> str:
    """*value*, which must be one of the strings *options*."""
    if not isinstance(value, str):
        raise InvalidTypeError(f"{name} must be one of {tuple(options)}, got {show(value)}")
    if value not in options:
        raise InvalidInputError(f"{name} must be one of {tuple(options)}, got {value!r}")
    return value


def generator(value: object, name: str = "rng") -> np.random.Generator:
    """*value*, which must be a ``numpy.random.Generator``."""
    if not isinstance(value, np.random.Generator):
        raise InvalidTypeError(
            f"{name} must be a numpy.random.Generator, e.g. numpy.random.default_rng(0), got {show(value)}"
        )
    return value


def int_range(low: object, high: object, low_name: str, high_name: str, *, minimum: int = 1) -> tuple[int, int]:
    """``(low, high)`` as ints with ``minimum <= low <= high``.

    >>> int_range(5, 3, "min_size", "max_size")
    Traceback (most recent call last):
    ...
    symdiv.errors.InvalidInputError: min_size must be at most max_size, got min_size=5 and max_size=3
    """
    lo, hi = integer(low, low_name, minimum=minimum), integer(high, high_name, minimum=minimum)
    if lo > hi:
        raise InvalidInputError(f"{low_name} must be at most {high_name}, got {low_name}={lo} and {high_name}={hi}")
    return lo, hi


def int_sequence(value: object, name: str, *, minimum: int = 1) -> tuple[int, ...]:
    """A non-empty list or tuple of ints, each at least *minimum*, as a tuple."""
    if not isinstance(value, (list, tuple, range)):
        raise InvalidTypeError(f"{name} must be a list or tuple of ints, got {show(value)}")
    if not value:
        raise InvalidInputError(f"{name} must not be empty")
    return tuple(integer(v, f"{name}[{i}]", minimum=minimum) for i, v in enumerate(value))


def expression(value: object, name: str) -> Expr:
    """*value*, which must be a sympy expression (text is never parsed here)."""
    if not isinstance(value, Expr):
        raise InvalidTypeError(
            f"{name} must be a sympy expression built from symdiv objects, got {show(value)}"
        )
    return value


def rows(value: object, name: str) -> np.ndarray:
    """*value* as a float64 ``(B, k)`` array with ``B, k >= 1`` and finite, non-negative entries."""
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged lists and other objects numpy cannot read
        raise InvalidTypeError(f"{name} must be a 2-D array of numbers, got {show(value)}") from exc
    if arr.dtype.kind not in "iuf":
        raise InvalidTypeError(f"{name} must be a 2-D array of real numbers, got {show(value)}")
    if arr.ndim != 2 or 0 in arr.shape:
        raise InvalidInputError(
            f"{name} must be a 2-D array with at least one row and one column, got shape {arr.shape}"
        )
    arr = arr.astype(np.float64)
    bad = ~np.isfinite(arr) | (arr < 0)
    if bad.any():
        r, c = (int(i) for i in np.argwhere(bad)[0])
        raise InvalidInputError(
            f"{name} must have finite, non-negative entries, got {float(arr[r, c])!r} at row {r}, column {c}"
        )
    return arr

