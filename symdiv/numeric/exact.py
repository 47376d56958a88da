"""Exact evaluation at one instance: the judge of every counterexample.

A float difference may be rounding noise; a counterexample is only accepted
when the two sides, evaluated exactly (rationals and logs of rationals),
differ at 60 significant digits.

>>> from fractions import Fraction as F
>>> from symdiv.core import Distribution, KL, alphabet_size
>>> from symdiv.numeric.instances import Point
>>> n = alphabet_size()
>>> P, Q = Distribution("P", n), Distribution("Q", n)
>>> point = Point(sizes=((n, 2),), values=((P, (F(1, 2), F(1, 2))), (Q, (F(1, 4), F(3, 4)))),
...               samples=(), indices=(), scalars=())
>>> exact_value(KL(P, Q), point)
-log(3)/2 + log(2)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from sympy import I, Add, Basic, Expr, Integer, Mul, Product, Rational, S, Sum, count_ops, exp, log, nan, simplify, zoo
from sympy import expand_log

from ..core.bound import canonical_indices, outermost
from ..core.algebra import expand_marginals
from ..core.continuous import Expectation, expectation_of_polynomial
from ..core.functions import Sigmoid, Softplus
from ..core.model import ModelComponent, ParametricDistribution
from ..core.measures import expand_measures
from ..core.model import Count
from ..errors import InvalidInputError
from ..budget import stage, time_limit
from ..errors import BudgetExceeded
from .instances import Point

__all__ = ["exact_value", "Difference", "exact_difference", "unroll", "DIGITS", "holds"]

#: Significant digits used to decide that two exact values differ.
DIGITS = 60
#: Seconds one exact evaluation may take before the instance counts as undecided.
EXACT_SECONDS = 2.0
_THRESHOLD = Rational(1, 10**40)


def unroll(e: Basic) -> Basic:
    """Expand sums and products whose bounds are now integers into ``Add``/``Mul``."""
    if isinstance(e, (Sum, Product)):
        (var, lo, hi), body = outermost(e)
        if not (lo.is_Integer and hi.is_Integer):
            raise InvalidInputError(f"cannot unroll {e}: its bounds are not integers")
        terms = [unroll(body.xreplace({var: Integer(m)})) for m in range(int(lo), int(hi) + 1)]
        return Add(*terms) if isinstance(e, Sum) else Mul(*terms)
    if not e.args:
        return e
    args = tuple(unroll(a) for a in e.args)
    return e.func(*args) if args != e.args else e


def exact_value(expr: Expr, point: Point) -> Expr:
    """The exact value of *expr* at *point*, as a sympy number with logs expanded."""
    # A bound index may share its name with an index this point gives a value
    # (the i of H(P) next to a free p_i): rename bound indices first, or
    # xreplace would substitute both.
    scalars = point.substitution()
    # A model's parameters are substituted only once the model is realised and differentiated.
    parameters = {t for f in expr.atoms(ParametricDistribution) for t in f.parameters}
    early = {k: v for k, v in scalars.items() if k not in parameters}
    e = canonical_indices(expand_marginals(expand_measures(expr)), avoid=scalars).xreplace(early)
    e = unroll(e)
    if parameters:
        e = _realise_models(e, point).doit(deep=True).xreplace(scalars)
    entries = point.entries()
    samples = {k: v for k, v in entries.items() if not k.is_Indexed}
    e = e.xreplace(samples)
    counts = {}
    for d in {c.dataset for c in e.atoms(Count)}:
        xs = [int(v) for k, v in samples.items() if k.dataset == d]
        counts.update({Count(d, Integer(m)): Integer(xs.count(m)) for m in range(1, int(d.alphabet) + 1)})
    e = e.xreplace(counts).xreplace({k: v for k, v in entries.items() if k.is_Indexed})
    if e.free_symbols:
        raise InvalidInputError(f"the instance leaves {sorted(map(str, e.free_symbols))} without values")
    e = e.replace(lambda x: isinstance(x, (Sigmoid, Softplus)), lambda x: x.rewrite(log).rewrite(exp))
    e = e.replace(lambda x: isinstance(x, Expectation), _exact_expectation)
    return _tidy(expand_log(e, force=True).expand())


def _exact_expectation(e: Basic) -> Expr:
    """An expectation over a Gaussian with exact parameters, from the moments of its integrand."""
    value = expectation_of_polynomial(expand_log(e.body, force=True), e.outcome, e.dist)
    if value is None:
        raise InvalidInputError(f"cannot evaluate {e} exactly: its integrand is not a polynomial")
    return value


def _realise_models(e: Expr, point: Point) -> Expr:
    """Each component ``q_i(theta)`` of an opaque model as ``softmax(a + B theta)_i`` with the
    point's exact coefficients (the realisation the numeric backend uses too)."""
    found = e.atoms(ModelComponent)
    if not found:
        return e
    values = dict(point.values)
    sizes = {s: Integer(k) for s, k in point.sizes}
    found = {x for x in found if x.index.is_Integer}
    replace = {}
    for x in found:
        family = x.family
        coefficients = next((v for f, v in values.items() if f.xreplace(sizes) == family), None)
        if coefficients is None:
            raise InvalidInputError(f"the instance gives no realisation of the model {family.name}")
        width = 1 + len(family.parameters)
        rows = [coefficients[k:k + width] for k in range(0, len(coefficients), width)]
        logits = [row[0] + sum((c * t for c, t in zip(row[1:], family.parameters)), S.Zero) for row in rows]
        replace[x] = exp(logits[int(x.index) - 1]) / Add(*[exp(z) for z in logits])
    return e.xreplace(replace)


def _tidy(value: Expr) -> Expr:
    """A shorter exact form for display; the value is unchanged."""
    if not value.has(exp) or value.is_Rational:
        return value
    try:
        with time_limit(1.0, "tidy"):
            shorter = simplify(value)
    except Exception:  # display only: keep the long form
        return value
    return shorter if count_ops(shorter) < count_ops(value) else value


@dataclass(frozen=True)
class Difference:
    """Both sides at one instance, exactly and to :data:`DIGITS` digits.

    ``sign`` is the sign of ``lhs - rhs`` where it is certain: ``0`` only when
    the two exact values are the same expression, ``+1``/``-1`` when they
    differ at :data:`DIGITS` digits, None when neither is shown.
    """

    lhs: Expr
    rhs: Expr
    lhs_value: str
    rhs_value: str
    differs: bool
    sign: Optional[int] = None


def holds(relation: str, sign: Optional[int]) -> Optional[bool]:
    """Whether ``lhs <relation> rhs`` holds at an instance where ``lhs - rhs`` has *sign*
    (None: not known).

    >>> holds(">=", -1), holds(">", 0), holds("=", 1), holds(">=", None)
    (False, False, False, None)
    """
    if sign is None:
        return None
    return {"=": sign == 0, "!=": sign != 0, ">=": sign >= 0, ">": sign > 0,
            "<=": sign <= 0, "<": sign < 0}[relation]


def _decimal(x: Expr) -> str:
    if x in (S.Infinity, S.NegativeInfinity, zoo, nan):
        return str(x)
    return str(x.evalf(20))


def exact_difference(lhs: Expr, rhs: Expr, point: Point) -> Optional[Difference]:
    """Evaluate both sides exactly; ``differs`` only if they provably differ.

    Returns None when the instance cannot be evaluated exactly (for example a
    NaN), which is never counted as a difference.
    """
    stage("exact")
    try:
        # exp(exp(exp(10))) is a number with billions of digits: give up on it
        # (None: undecided) rather than compute it.
        with time_limit(EXACT_SECONDS, "exact"):
            a, b = exact_value(lhs, point), exact_value(rhs, point)
            # NaN, complex infinity, or a complex value (log of a negative number):
            # the point is outside where the statement has a real value.
            if nan in (a, b) or zoo in (a, b) or a.has(I) or b.has(I):
                return None
            sign = None
            if a == b:
                sign = 0
            elif a.is_infinite or b.is_infinite:
                sign = (1 if a == S.Infinity or b == S.NegativeInfinity else -1) if a != b else 0
            else:
                delta = (a - b).evalf(DIGITS)
                if delta.is_number and abs(delta) > _THRESHOLD:
                    sign = 1 if delta > 0 else -1
            return Difference(a, b, _decimal(a), _decimal(b), sign not in (None, 0), sign)
    except (BudgetExceeded, OverflowError, ValueError):
        # ValueError: Python's limit on converting huge ints to text (4300 digits)
        return None
