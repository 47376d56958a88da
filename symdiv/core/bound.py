"""Bound (summation) indices: renaming them without capture.

Two sums that differ only in the name of their index are the same sum, but
sympy compares trees structurally, so ``Sum(f(i), (i, 1, n)) - Sum(f(k), (k,
1, n))`` does not cancel.  Worse, a bound ``k`` next to a free ``k`` (say the
``j`` of a gradient that a user called ``k``) makes ``diff`` and ``subs``
unsound.  :func:`canonical_indices` fixes both: every bound index gets a name
chosen by nesting depth from a fixed pool, never one that is free anywhere in
the expression.

>>> from sympy import Sum, Symbol, IndexedBase
>>> i, k, n = Symbol("i", integer=True), Symbol("k", integer=True), Symbol("n")
>>> p = IndexedBase("p")
>>> canonical_indices(Sum(p[i], (i, 1, n)) - Sum(p[k], (k, 1, n)))
0
"""

from __future__ import annotations

import functools
from typing import Iterable

from sympy import Basic, Dummy, Expr, Indexed, Product, Sum, Symbol

__all__ = ["canonical_indices", "index_names", "outermost"]

_POOL = ("i", "k", "l", "m", "r", "t", "u", "v", "w")


def index_names(avoid: Iterable[Basic]) -> list[Symbol]:
    """Integer index symbols from the fixed pool, in order, none free in *avoid*."""
    return list(_names_avoiding(frozenset(str(s) for e in avoid for s in e.free_symbols)))


@functools.lru_cache(maxsize=256)
def _names_avoiding(taken: frozenset[str]) -> tuple[Symbol, ...]:
    pool = [name for name in _POOL if name not in taken]
    extra = (f"i{k}" for k in range(1, 10_000) if f"i{k}" not in taken)
    while len(pool) < 40:
        pool.append(next(extra))
    return tuple(Symbol(name, integer=True) for name in pool)


def outermost(e: Basic) -> tuple[tuple[Basic, Basic, Basic], Basic]:
    """The outermost limit ``(var, lo, hi)`` of a ``Sum``/``Product`` and what it runs over.

    sympy merges ``Sum(Sum(f, a), b)`` into ``Sum(f, a, b)`` (first limit
    innermost), so code that rebuilds the nested form to recurse on it loops
    forever; peel the outermost limit instead.

    >>> from sympy import Sum, Symbol, IndexedBase
    >>> a, b, n = Symbol("a", integer=True), Symbol("b", integer=True), Symbol("n")
    >>> p = IndexedBase("p")
    >>> outermost(Sum(Sum(p[a] * p[b], (b, 1, n)), (a, 1, n)))
    ((a, 1, n), Sum(p[a]*p[b], (b, 1, n)))
    """
    if len(e.limits) == 1:
        return e.limits[0], e.function
    return e.limits[-1], e.func(e.function, *e.limits[:-1])


def _limit_key(body: Basic, var: Basic) -> list:
    """Where *var* is used as an index in *body* (which object, which axis): its name plays no part."""
    return sorted((str(x.base), pos) for x in body.atoms(Indexed) for pos, i in enumerate(x.indices) if i == var)


def _ordered_limits(e: Basic) -> list:
    """The limits of a sum over several indices in a canonical order, when their order is free.

    ``sum_{i,k} p_{ik}`` and ``sum_{k,i} p_{ik}`` are one sum; sympy compares
    the limits in order, so they are sorted by where each index is used (the
    first axis of ``p`` before its second), then named by position.
    """
    limits = list(e.limits)
    if len(limits) < 2:
        return limits
    variables = {var for var, _, _ in limits}
    if any((lo.free_symbols | hi.free_symbols) & variables for _, lo, hi in limits):
        return limits  # a bound names another index: the order is not free
    return sorted(limits, key=lambda lim: _limit_key(e.function, lim[0]))


def _is_canonical(e: Basic, names: list[Symbol], depth: int) -> bool:
    if not e.args:
        return True
    if isinstance(e, (Sum, Product)):
        if list(e.limits) != _ordered_limits(e):
            return False
        for pos, (var, _, _) in enumerate(e.limits):
            if var != names[min(depth + pos, len(names) - 1)]:
                return False
        depth += len(e.limits)
    return all(_is_canonical(a, names, depth) for a in e.args)


def canonical_indices(expr: Expr, avoid: Iterable[Basic] = ()) -> Expr:
    """Rename every bound index of ``Sum``/``Product`` by depth, avoiding free names.

    *avoid* lists further expressions whose free symbols must not be used.
    """
    if not expr.has(Sum, Product):
        return expr
    names = index_names([expr, *avoid])
    if _is_canonical(expr, names, 0):
        return expr  # the common case: rebuilding would cost more than checking

    def to_dummies(e: Basic) -> Basic:
        if not e.args:
            return e
        args = tuple(to_dummies(a) for a in e.args)
        if args != e.args:
            e = e.func(*args)
        if isinstance(e, (Sum, Product)):
            body, limits = e.function, list(e.limits)
            for pos, (var, lo, hi) in enumerate(limits):
                d = Dummy(str(var), integer=True)
                body = body.xreplace({var: d})
                limits[pos] = (d, lo, hi)
            e = e.func(body, *limits)
        return e

    def to_names(e: Basic, depth: int) -> Basic:
        if not e.args:
            return e
        if isinstance(e, (Sum, Product)):
            body, limits = e.function, _ordered_limits(e)
            mapping = {}
            for pos, (var, lo, hi) in enumerate(limits):
                name = names[min(depth + pos, len(names) - 1)]
                mapping[var] = name
                limits[pos] = (name, lo, hi)
            body = to_names(body.xreplace(mapping), depth + len(limits))
            return e.func(body, *limits)
        args = tuple(to_names(a, depth) for a in e.args)
        return e.func(*args) if args != e.args else e

    return to_names(to_dummies(expr), 0)  # type: ignore[return-value]
