"""Equivalent training objectives, proved with a certificate or refuted.

Two objectives are *equivalent* when they have the same minimisers over
every model family, i.e. over every subset of the parameter space.  That is
what training needs (a model family restricts θ), and it is exactly
order-equivalence: ``f(θ1) < f(θ2)`` iff ``g(θ1) < g(θ2)``.  So:

* a certificate ``f = a·g + b`` (``a > 0``; ``a, b`` free of θ) or
  ``f = φ(g)`` (``φ`` strictly monotone) proves it; the affine case also
  makes the gradients proportional, ``∇f = a ∇g``;
* two parameter values that ``f`` and ``g`` rank in opposite orders refute it:
  on the family ``{θ1, θ2}`` they pick different minimisers.

>>> from symdiv.core import CrossEntropy, Distribution, Entropy, KL, Logits, Softmax, alphabet_size
>>> n = alphabet_size()
>>> P, z = Distribution("P", n), Logits("z", n)
>>> v = equivalent(CrossEntropy(P, Softmax(z)), KL(P, Softmax(z)), wrt=z)
>>> v.status, v.certificate.a
(<Status.PROVED: 'proved'>, 1)
"""

from __future__ import annotations

import time
from typing import Optional, Sequence, Union

import numpy as np
from sympy import Symbol, Add, Basic, Dummy, Expr, Lambda, Mul, Pow, Rational, S, log

from ..core.measures import Entropy, expand_measures
from ..core.model import Distribution, Logits
from ..budget import Budget
from ..errors import BudgetExceeded, InvalidInputError, InvalidTypeError
from ..numeric.evaluate import evaluate
from ..numeric.exact import DIGITS, exact_value
from ..numeric.instances import Point, env_from_points, simple_points, size_plans, variables_of
from ..core.domain import domain_of, is_positive
from .normal_form import normalise
from .prove import DEFAULT_BUDGET, as_expression, prove
from .claim import Claim, Relation
from .verdict import Certificate, OrderReversal, Note, Status, Verdict

__all__ = ["equivalent"]

Parameters = Union[Distribution, Logits, Sequence[Union[Distribution, Logits]]]
_SENSES = ("min", "max")
_THRESHOLD = Rational(1, 10**40)


def _parameters(wrt: Parameters) -> tuple[Basic, ...]:
    params = tuple(wrt) if isinstance(wrt, (list, tuple)) else (wrt,)
    if not params:
        raise InvalidInputError("wrt is empty: name the parameters θ (a Logits or Distribution)")
    for p in params:
        scalar = isinstance(p, Symbol) and bool(p.is_extended_real) and not p.is_integer  # not a size
        if not (isinstance(p, (Distribution, Logits)) or scalar):
            raise InvalidTypeError(
                f"wrt must be Logits, a Distribution or a real parameter Symbol (the model's parameters), "
                f"got {p!r} of type {type(p).__name__}"
            )
    return params


def _decompose(expr: Expr, params: tuple[Basic, ...]) -> tuple[dict[Expr, Expr], Expr]:
    """Split a normal form into ``{θ-dependent factor: coefficient}`` and a θ-free constant."""
    terms: dict[Expr, Expr] = {}
    const = S.Zero
    for term in Add.make_args(expr.expand(log=False, power_base=False, power_exp=False)):
        dep = [f for f in Mul.make_args(term) if f.has(*params)]
        coeff = Mul(*[f for f in Mul.make_args(term) if not f.has(*params)])
        if dep:
            key = Mul(*dep)
            terms[key] = terms.get(key, S.Zero) + coeff
        else:
            const += coeff
    return terms, const


def _affine(f: Expr, g: Expr, params: tuple[Basic, ...], seconds: float) -> Optional[tuple[Expr, Expr]]:
    """Find ``a > 0, b`` with ``f = a g + b`` from the normal forms, or None.

    Running out of time means "not found", never a refutation.
    """
    ctx, budget = domain_of(f, g), Budget(seconds)
    try:
        fn, gn = normalise(f, ctx, budget).expr, normalise(g, ctx, budget).expr
        ft, fc = _decompose(fn, params)
        gt, gc = _decompose(gn, params)
        if not gt or ft.keys() != gt.keys():
            return None
        key = next(iter(gt))
        a = normalise(ft[key] / gt[key], ctx, budget).expr
        if a.has(*params) or _positive_where(a) is None:
            return None
        for k in gt:
            if normalise(ft[k] - a * gt[k], ctx, budget).expr != 0:
                return None
        return a, normalise(fc - a * gc, ctx, budget).expr
    except BudgetExceeded:
        return None


def _positive_where(a: Expr) -> Optional[tuple[Basic, ...]]:
    """Conditions under which the factor *a* is > 0, or None if that cannot be shown.

    ``H(P) > 0`` and ``log n > 0`` need ``n >= 2``: with one outcome the
    entropy and ``log 1`` are 0, and a zero factor makes every parameter a
    minimiser.

    >>> from symdiv.core import Distribution, Entropy, alphabet_size
    >>> n = alphabet_size()
    >>> _positive_where(Entropy(Distribution("P", n)) * log(n))
    (n >= 2,)
    """
    if is_positive(a):
        return ()
    # The entropy of a distribution with positive masses, as a measure or
    # written out as -sum p log p (the normal form writes it out).
    for P in sorted(a.atoms(Distribution), key=str):
        if a == Entropy(P) or normalise(a - Entropy(P), domain_of(a)).expr == 0:
            size = P.size
            if size.is_Integer:
                return () if size >= 2 else None
            return (size >= 2,)
    if isinstance(a, log) and a.args[0].is_integer and a.args[0].is_positive:
        x = a.args[0]
        return () if (x - 2).is_nonnegative else (x >= 2,)
    if isinstance(a, (Mul, Add)):
        conditions: list[Basic] = []
        for factor in a.args:
            found = _positive_where(factor)
            if found is None:
                return None
            conditions += [c for c in found if c not in conditions]
        return tuple(conditions)
    if isinstance(a, Pow) and a.exp.is_extended_real:
        return _positive_where(a.base)
    return None


def _in_min_form(expr: Expr, sense: str) -> Expr:
    return expr if sense == "min" else -expr


def equivalent(f: Expr, g: Expr, wrt: Parameters, *, senses: tuple[str, str] = ("min", "min"),
               a: Optional[Expr] = None, b: Optional[Expr] = None,
               budget: float = DEFAULT_BUDGET, seed: int = 0) -> Verdict:
    """Decide whether objectives *f* and *g* have the same optimisers over θ = *wrt*.

    *senses* says whether each objective is minimised or maximised.  Give *a*
    and *b* to check a specific affine certificate ``f = a·g + b`` instead of
    searching for one.
    """
    started = time.perf_counter()
    f, g = as_expression(f, "f"), as_expression(g, "g")
    params = _parameters(wrt)
    for s in senses:
        if s not in _SENSES:
            raise InvalidInputError(f"sense must be 'min' or 'max', got {s!r}")
    if not (f.has(*params) and g.has(*params)):
        missing = "f" if not f.has(*params) else "g"
        raise InvalidInputError(f"{missing} does not depend on the parameters {', '.join(map(str, params))}")
    fmin, gmin = _in_min_form(f, senses[0]), _in_min_form(g, senses[1])
    claim = Claim(f, Relation.SAME_MINIMISERS, g, wrt=params, senses=tuple(senses))

    def done(status: Status, base: Optional[Verdict] = None, **kw) -> Verdict:
        steps = base.steps if base else ()
        evidence = base.evidence if base else None
        assumptions = base.assumptions if base else ()
        # The steps normalise f and the certificate's a*g + b (or phi(g)), not g itself.
        starts = (("lhs", base.lhs), ("rhs", base.rhs)) if base else ()
        return Verdict(status, claim, steps, assumptions, evidence=evidence,
                       seconds=time.perf_counter() - started, starts=starts, **kw)

    # 1. The affine certificate, given or found.  A given one that fails is
    #    reported as wrong, and the search goes on as if none had been given.
    rejected: tuple[Note, ...] = ()
    if (a is None) != (b is None):
        raise InvalidTypeError("give both a and b, or neither")
    if a is not None:
        given = (as_expression(a, "a"), as_expression(b, "b"))
        if given[0].has(*params) or given[1].has(*params):
            raise InvalidInputError("the certificate's a and b must not depend on the parameters")
        proved = _affine_certificate(fmin, gmin, *given, budget, seed, done)
        if proved is not None:
            return proved
        rejected = _rejection(fmin, gmin, *given, budget, seed)
    found = _affine(fmin, gmin, params, budget)
    if found is not None:
        proved = _affine_certificate(fmin, gmin, *found, budget, seed, done, rejected)
        if proved is not None:
            return proved

    # 2. A monotone certificate f = phi(g) (or g = phi(f)) with phi(u) = a log u + b,
    #    a != 0: the log trick, with any positive scale and offset.
    u = Dummy("u", positive=True)
    for inverse, (outer, inner) in enumerate(((f, g), (g, f))):
        if not is_positive(expand_measures(inner)):
            continue
        increasing = senses[0] == senses[1]
        sign = 1 if increasing else -1
        found = _affine(outer, sign * log(inner), params, budget)
        if found is None:
            continue
        a, b = found
        phi = Lambda(u, sign * a * log(u) + b)
        check = prove(outer, phi(inner), budget=budget, seed=seed)
        if check.proved:
            return done(Status.PROVED, check,
                        certificate=Certificate("monotone", phi=phi, increasing=increasing, inverse=bool(inverse)),
                        reasons=rejected + (Note("monotone_increasing" if increasing else "monotone_decreasing",
                                                   (("which", "g = phi(f)" if inverse else "f = phi(g)"),)),))

    # 3. Look for two parameter values ranked in opposite orders.
    reversal = _order_reversal(fmin, gmin, params, seed)
    if reversal is not None:
        return done(Status.REFUTED, counterexample=reversal,
                    reasons=rejected + (Note("order_reversal"),))
    return done(Status.UNKNOWN, reasons=rejected + (Note("no_certificate"),))


def _affine_certificate(f: Expr, g: Expr, a: Expr, b: Expr, budget: float, seed: int, done,
                        rejected: tuple[Note, ...] = ()) -> Optional[Verdict]:
    """The proved verdict for the certificate ``f = a·g + b``, or None if it does not hold."""
    where = _positive_where(a)
    if where is None:
        return None
    check = prove(f, a * g + b, budget=budget, seed=seed)
    if not check.proved:
        return None
    return done(Status.PROVED, check, certificate=Certificate("affine", a=a, b=b),
                conditions=tuple(dict.fromkeys(check.conditions + where)),
                reasons=rejected + (Note("affine_certificate"),))


def _rejection(f: Expr, g: Expr, a: Expr, b: Expr, budget: float, seed: int) -> tuple[Note, ...]:
    """Why a given certificate ``f = a·g + b`` is not one, for the verdict's reasons."""
    if _positive_where(a) is None:
        return (Note("certificate_not_positive", (("a", a),)),)
    check = prove(f, a * g + b, budget=budget, seed=seed)
    if check.refuted:
        point = ", ".join(f"{k} = {v}" for k, v in check.counterexample.describe().items())
        return (Note("certificate_wrong", (("point", point),)),)
    return (Note("certificate_unchecked"), *check.reasons)


def _split(point: Point, params: tuple[Basic, ...]) -> tuple:
    rest = tuple((base, v) for base, v in point.values if base not in params)
    return (point.sizes, rest, point.samples, point.indices, point.scalars)


def _exact_less(x: Expr, y: Expr) -> bool:
    delta = (y - x).evalf(DIGITS)
    return bool(delta.is_number and delta > _THRESHOLD)


def _order_reversal(f: Expr, g: Expr, params: tuple[Basic, ...], seed: int) -> Optional[OrderReversal]:
    v = variables_of([f, g], domain_of(f, g))
    for plan in size_plans(v, (1, 2, 3), (1, 2, 3), exhaustive=True):
        points = list(simple_points(v, plan, limit=2048))
        env = env_from_points(points)
        fv = np.broadcast_to(evaluate(f, env)[0], (len(points),))
        gv = np.broadcast_to(evaluate(g, env)[0], (len(points),))
        groups: dict[tuple, list[int]] = {}
        for m, point in enumerate(points):
            groups.setdefault(_split(point, params), []).append(m)
        for members in groups.values():
            idx = np.array(members)
            with np.errstate(invalid="ignore"):  # inf - inf: no ranking, and NaN compares false below
                df = fv[idx][:, None] - fv[idx][None, :]
                dg = gv[idx][:, None] - gv[idx][None, :]
            # One objective strictly prefers the first value; the other ranks it
            # no better: a reversal, or a tie (c_j·NLL with c_j = 0 ties everything).
            with np.errstate(invalid="ignore"):
                strict_f = (df < -1e-6) & (dg > -1e-9)
                strict_g = (dg < -1e-6) & (df > -1e-9)
            for r, c in np.argwhere(strict_f | strict_g)[:8]:
                first, second = points[idx[r]], points[idx[c]]
                f1, f2 = exact_value(f, first), exact_value(f, second)
                g1, g2 = exact_value(g, first), exact_value(g, second)
                if (_exact_less(f1, f2) and _no_better(g1, g2)) or (_exact_less(g1, g2) and _no_better(f1, f2)):
                    return OrderReversal(first, second, (f1, f2), (g1, g2))
    return None


def _no_better(x: Expr, y: Expr) -> bool:
    """``x >= y`` exactly: ``y < x`` to the digits, or the same exact value."""
    return _exact_less(y, x) or (x - y).expand() == 0
