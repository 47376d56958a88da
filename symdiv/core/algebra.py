"""Expression helpers shared by the prover and the numeric backend.

* :func:`as_expression` – the one gate user expressions pass: sympy
  expressions and exact Python numbers, never text, never floats;
* :func:`expand_log` – logs of products, quotients and powers split as far as
  positivity allows (``log(p/q) = log p - log q`` for ``p, q > 0``);
* :func:`bottom_up` – rebuild a tree from the leaves up, treating symdiv's
  model objects as leaves.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Callable

from sympy import Add, Basic, Expr, Float, Indexed, IndexedBase, Symbol, Tuple, Integer, Mul, Pow, Product, Rational, Sum, exp, factorint, log
from sympy.logic.boolalg import BooleanAtom

from ..errors import InvalidTypeError
from .domain import _nonempty, is_positive
from .model import Dataset, Marginal, _Model

__all__ = ["as_expression", "expand_log", "bottom_up", "is_leaf", "expand_marginals"]

# log(m) for an integer is split into prime factors only when factoring is cheap.
_FACTOR_LIMIT = 10**12


def as_expression(value: object, role: str) -> Expr:
    """Accept a sympy expression or an exact Python number; refuse anything else.

    Strings are refused, never parsed: user text must not reach ``sympify``.

    >>> as_expression(Fraction(1, 2), "lhs")
    1/2
    >>> as_expression("H(P) = 0", "lhs")
    Traceback (most recent call last):
    ...
    symdiv.errors.InvalidTypeError: lhs must be a sympy expression, got the str 'H(P) = 0'; text is never evaluated: build the expression from symdiv objects
    """
    if isinstance(value, BooleanAtom):
        raise InvalidTypeError(
            f"{role} is the boolean {value}: sympy already evaluated an Eq(...) to it; "
            f"pass the two sides separately, prove(lhs, rhs)"
        )
    if isinstance(value, bool):
        raise InvalidTypeError(f"{role} must be a sympy expression, got the bool {value!r}")
    if isinstance(value, int):
        return Integer(value)
    if isinstance(value, Fraction):
        return Rational(value.numerator, value.denominator)
    if isinstance(value, Expr):
        floats = value.atoms(Float)
        if floats:
            # A float such as 0.1 is not the rational 1/10: proving an exact
            # identity about it would be proving something about its rounding.
            raise InvalidTypeError(
                f"{role} contains the float {sorted(floats, key=str)[0]}; give exact numbers "
                f"(sympy Rational, e.g. Rational(1, 10) for 0.1)"
            )
        return value
    if isinstance(value, str):
        raise InvalidTypeError(
            f"{role} must be a sympy expression, got the str {value!r}; "
            f"text is never evaluated: build the expression from symdiv objects"
        )
    raise InvalidTypeError(
        f"{role} must be a sympy expression, got {value!r} of type {type(value).__name__}"
    )


def is_leaf(e: Basic) -> bool:
    return not e.args or isinstance(e, (IndexedBase, _Model, Dataset))


def bottom_up(expr: Basic, fn: Callable[[Basic], Basic]) -> Basic:
    if is_leaf(expr):
        return fn(expr)
    args = tuple(bottom_up(a, fn) for a in expr.args)
    if args != expr.args:
        expr = expr.func(*args)
    return fn(expr)


def _log_of(arg: Expr) -> Expr:
    """Expand ``log(arg)`` as far as positivity allows."""
    if isinstance(arg, Mul) and all(is_positive(f) for f in arg.args):
        return Add(*[_log_of(f) for f in arg.args])
    if isinstance(arg, Pow) and is_positive(arg.base) and arg.exp.is_extended_real:
        return arg.exp * _log_of(arg.base)
    if isinstance(arg, exp) and arg.args[0].is_extended_real:
        return arg.args[0]
    if isinstance(arg, Product) and _nonempty(arg.limits) and is_positive(arg.function):
        return Sum(_log_of(arg.function), *arg.limits)
    if isinstance(arg, Rational) and arg.is_positive and not arg.is_Integer:
        return _log_of(Integer(arg.p)) - _log_of(Integer(arg.q))
    if isinstance(arg, Integer) and 1 < arg < _FACTOR_LIMIT:
        factors = factorint(arg)
        if len(factors) > 1 or max(factors.values()) > 1:
            return Add(*[k * log(Integer(p)) for p, k in factors.items()])
    return log(arg)


def expand_log(expr: Expr) -> Expr:
    """Expand every log in *expr* as far as positivity allows (see :func:`is_positive`)."""
    return bottom_up(expr, lambda e: _log_of(e.args[0]) if isinstance(e, log) else e)


def expand_marginals(expr: Basic) -> Basic:
    """Every marginal component ``p_X[i]`` in *expr* written as its sum ``sum_j p[i, j]``.

    Exact evaluation and compiled checks need the joint's entries only.
    """
    found = {x for x in expr.atoms(Indexed) if isinstance(x.base, Marginal)}
    if not found:
        return expr
    # bound indices too: a sum over k around p_X[i] must not capture the k of its definition
    taken = [Tuple(*expr.atoms(Symbol))]
    return expr.xreplace({x: x.base.definition(*x.indices, avoid=taken) for x in found})
