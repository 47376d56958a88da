"""One-liners for concrete numbers: ``entropy([0.5, 0.25, 0.25], base=2)`` is 1.5.

The conventions are scipy's and dit's, with symdiv's strictness:

* ``base`` is a keyword: ``e`` (nats) by default, ``2`` for bits;
* nothing is normalised silently: probabilities that do not sum to 1 (within
  rounding) are an error naming the sum, as are negative ones;
* ``0 log 0 = 0``, and ``+inf`` where ``p > 0`` and ``q = 0``;
* exact inputs give exact answers: ints, ``fractions.Fraction`` and sympy
  rationals give a sympy number (``3/2``, ``log(3)``), floats and numpy
  arrays a float;
* a table (nested rows, a 2-D array) is a joint distribution: ``entropy`` of
  it is the joint entropy, ``mutual_information`` takes one of two variables;
* a mapping ``{outcome: probability}`` is a distribution too; two mappings are
  aligned by their outcomes (one missing from a mapping has probability 0).

>>> entropy([0.5, 0.25, 0.25], base=2)
1.5
>>> from fractions import Fraction as F
>>> entropy([F(1, 2), F(1, 4), F(1, 4)], base=2)
3/2
>>> kl_divergence([F(1, 2), F(1, 2)], [F(1, 4), F(3, 4)])
-log(3)/2 + log(2)
>>> mutual_information([[F(1, 2), 0], [0, F(1, 2)]], base=2)
1
>>> cross_entropy({"a": 0.5, "b": 0.5}, {"b": 1.0})
inf
>>> entropy([0.5, 0.6])
Traceback (most recent call last):
...
symdiv.errors.InvalidInputError: the probabilities of p sum to 1.1, not 1 (symdiv never normalises silently)
"""

from __future__ import annotations

import math
from fractions import Fraction
from numbers import Integral, Rational as _PyRational, Real
from typing import Any, Mapping, Union

import numpy as np
from sympy import E, Expr, Integer, Rational, nsimplify

from .core.algebra import expand_log
from .core.measures import KL, CrossEntropy, Entropy, MutualInformation, check_base, expand_measures
from .core.model import ExplicitDistribution, RandomVariable
from .errors import InvalidInputError, InvalidTypeError

__all__ = ["entropy", "cross_entropy", "kl_divergence", "mutual_information"]

Number = Union[float, Expr]


def entropy(p: Any, *, base: Any = E) -> Number:
    """``H(p)``: of a distribution, or the joint entropy of a table."""
    table, exact = _table(p, "p")
    if exact:
        return _exact(Entropy(_explicit(table, "p"), base=check_base(base)))
    return _in_base(-_xlogy(table, table).sum(), base)


def cross_entropy(p: Any, q: Any, *, base: Any = E) -> Number:
    """``H(p, q) = -sum p log q`` (``+inf`` where ``p > 0`` and ``q = 0``)."""
    (tp, tq), exact = _pair(p, q)
    if exact:
        if any(b == 0 and a != 0 for a, b in zip(tp.ravel(), tq.ravel())):
            return _inf_exact()
        return _exact(CrossEntropy(_explicit(tp, "p"), _explicit(tq, "q"), base=check_base(base)))
    return _in_base(-_xlogy(tp, tq).sum(), base)


def kl_divergence(p: Any, q: Any, *, base: Any = E) -> Number:
    """``D(p || q) = sum p log(p / q)``, computed directly (not as ``H(p, q) - H(p)``)."""
    (tp, tq), exact = _pair(p, q)
    if exact:
        if any(b == 0 and a != 0 for a, b in zip(tp.ravel(), tq.ravel())):
            return _inf_exact()
        return _exact(KL(_explicit(tp, "p"), _explicit(tq, "q"), base=check_base(base)))
    return _in_base(float(_p_log_ratio(tp, tq).sum()), base)


def mutual_information(table: Any, *, base: Any = E) -> Number:
    """``I(X;Y)`` of a joint table of two variables (rows ``x``, columns ``y``)."""
    t, exact = _table(table, "table")
    if t.ndim != 2:
        raise InvalidInputError(f"mutual_information takes a table of two variables (rows and columns), "
                                f"got one of {t.ndim} {'axis' if t.ndim == 1 else 'axes'}")
    if exact:
        X, Y = RandomVariable("X", t.shape[0]), RandomVariable("Y", t.shape[1])
        return _exact(MutualInformation(_explicit(t, "table", (X, Y)), X, Y, base=check_base(base)))
    px, py = t.sum(axis=1, keepdims=True), t.sum(axis=0, keepdims=True)
    return _in_base(float(_p_log_ratio(t, px, py).sum()), base)


# -- input -------------------------------------------------------------------------------------------


def _is_exact(x: object) -> bool:
    return (isinstance(x, (_PyRational, Rational)) or isinstance(x, Integral)) and not isinstance(x, bool)


def _table(p: Any, name: str, keys: Any = None) -> tuple[np.ndarray, bool]:
    """An object array (exact entries) or a float array, checked: finite, >= 0, summing to 1."""
    if isinstance(p, (str, bytes)) or p is None:
        raise InvalidTypeError(f"{name} must be a sequence, array or mapping of probabilities, got {p!r}")
    if isinstance(p, Mapping):
        p = [p.get(k, 0) for k in (keys if keys is not None else list(p))]
    try:
        raw = np.array(p, dtype=object)
    except ValueError as exc:  # ragged rows
        raise InvalidInputError(f"the rows of {name} differ in length") from exc
    if raw.size == 0:
        raise InvalidInputError(f"{name} has no probabilities")
    if raw.dtype == object and any(isinstance(x, (list, tuple, np.ndarray)) for x in raw.ravel()):
        raise InvalidInputError(f"the rows of {name} differ in length")
    flat = list(raw.ravel())
    for x in flat:
        if isinstance(x, bool) or not isinstance(x, (Real, Rational, np.number)) and not _is_exact(x):
            raise InvalidTypeError(f"{name} holds {x!r} of type {type(x).__name__}, not a probability")
    exact = all(_is_exact(x) for x in flat)
    if exact:
        values = np.array([Rational(int(x.numerator), int(x.denominator)) if isinstance(x, _PyRational)
                           else Integer(int(x)) if isinstance(x, Integral) else x for x in flat],
                          dtype=object).reshape(raw.shape)
        if any(x < 0 for x in flat):
            raise InvalidInputError(f"{name} holds the negative probability {min(flat)}")
        total = sum(values.ravel(), Integer(0))
        if total != 1:
            raise InvalidInputError(f"the probabilities of {name} sum to {total}, not 1 "
                                    f"(symdiv never normalises silently)")
        return values, True
    values = np.array([float(x) for x in flat]).reshape(raw.shape)
    if not np.all(np.isfinite(values)):
        raise InvalidInputError(f"{name} holds a value that is not a finite number: {values.ravel().tolist()}")
    if np.any(values < 0):
        raise InvalidInputError(f"{name} holds the negative probability {float(values.min())!r}")
    total = float(values.sum())
    if abs(total - 1) > 64 * values.size * np.finfo(np.float64).eps:
        raise InvalidInputError(f"the probabilities of {name} sum to {total!r}, not 1 "
                                f"(symdiv never normalises silently)")
    return values, False


def _pair(p: Any, q: Any) -> tuple[tuple[np.ndarray, np.ndarray], bool]:
    keys = None
    if isinstance(p, Mapping) and isinstance(q, Mapping):
        keys = list(dict.fromkeys([*p, *q]))
    elif isinstance(p, Mapping) or isinstance(q, Mapping):
        raise InvalidTypeError("give both distributions as mappings (aligned by outcome) or neither")
    (tp, ep), (tq, eq) = _table(p, "p", keys), _table(q, "q", keys)
    if tp.shape != tq.shape:
        raise InvalidInputError(f"p has shape {tp.shape} but q has shape {tq.shape}")
    if ep and eq:
        return (tp, tq), True
    return (tp.astype(np.float64), tq.astype(np.float64)), False


def _explicit(t: np.ndarray, name: str, variables: Any = None) -> ExplicitDistribution:
    return ExplicitDistribution(name, t.tolist(), variables=variables)


# -- output ------------------------------------------------------------------------------------------


def _xlogy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x > 0, x * np.log(np.where(x > 0, y, 1.0)), 0.0)


def _p_log_ratio(p: np.ndarray, *q: np.ndarray) -> np.ndarray:
    """``p log(p / (q1 q2 ...))`` with ``0 log 0 = 0``; where the quotient over- or underflows
    (a subnormal q: ``1 / 5e-324``) the log is the difference of logs, which stays finite."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        safe = np.where(p > 0, p, 1.0)
        denominator = np.prod(np.broadcast_arrays(*q), axis=0) if len(q) > 1 else q[0]
        ratio = safe / denominator
        fallback = np.log(safe) - sum(np.log(x) for x in q)
        logs = np.where(np.isfinite(ratio) & (ratio > 0), np.log(ratio), fallback)
        return np.where(p > 0, p * logs, 0.0)


def _in_base(nats: float, base: Any) -> float:
    b = check_base(base)
    return float(nats) if b is E else float(nats) / math.log(float(b))


def _exact(measure: Expr) -> Expr:
    value = expand_log(expand_measures(measure).doit()).expand()
    simpler = nsimplify(value, rational=False) if value.is_Rational else value.simplify()
    return simpler if simpler.count_ops() <= value.count_ops() else value


def _inf_exact() -> Expr:
    from sympy import oo

    return oo
