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
from sympy import Add, Basic, Dummy, Expr, Lambda, Mul, Rational, S, log

from ..core.measures import expand_measures
from ..core.model import Distribution, Logits
from ..budget import Budget
from ..errors import BudgetExceeded, InvalidInputError, InvalidTypeError
from ..numeric.evaluate import evaluate
from ..numeric.exact import DIGITS, exact_value
from ..numeric.instances import Point, env_from_points, simple_points, size_plans, variables_of
from ..core.domain import domain_of, is_positive
from .normal_form import normalise
from .prove import DEFAULT_BUDGET, as_expression, prove
from .verdict import Certificate, OrderReversal, Status, Verdict

__all__ = ["equivalent"]

Parameters = Union[Distribution, Logits, Sequence[Union[Distribution, Logits]]]
_SENSES = ("min", "max")
_THRESHOLD = Rational(1, 10**40)


def _parameters(wrt: Parameters) -> tuple[Basic, ...]:
    params = tuple(wrt) if isinstance(wrt, (list, tuple)) else (wrt,)
    if not params:
        raise InvalidInputError("wrt is empty: name the parameters θ (a Logits or Distribution)")
    for p in params:
        if not isinstance(p, (Distribution, Logits)):
            raise InvalidTypeError(
                f"wrt must be Logits or a Distribution (the model's parameters), got {p!r} "
                f"of type {type(p).__name__}"
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
        if a.has(*params) or not is_positive(a):
            return None
        for k in gt:
            if normalise(ft[k] - a * gt[k], ctx, budget).expr != 0:
                return None
        return a, normalise(fc - a * gc, ctx, budget).expr
    except BudgetExceeded:
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

    def done(status: Status, base: Optional[Verdict] = None, **kw) -> Verdict:
        steps = base.steps if base else ()
        evidence = base.evidence if base else None
        assumptions = base.assumptions if base else ()
        return Verdict(status, f, g, steps, assumptions, evidence=evidence,
                       seconds=time.perf_counter() - started, **kw)

    # 1. The affine certificate, given or found.
    if a is None and b is None:
        found = _affine(fmin, gmin, params, budget)
    elif a is not None and b is not None:
        found = (as_expression(a, "a"), as_expression(b, "b"))
        if found[0].has(*params) or found[1].has(*params):
            raise InvalidInputError("the certificate's a and b must not depend on the parameters")
    else:
        raise InvalidTypeError("give both a and b, or neither")
    if found is not None:
        ca, cb = found
        check = prove(fmin, ca * gmin + cb, budget=budget, seed=seed)
        if check.proved and is_positive(ca):
            return done(Status.PROVED, check, certificate=Certificate("affine", a=ca, b=cb),
                        reason="f = a·g + b with a > 0 and a, b free of the parameters")

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
            which = "g = phi(f)" if inverse else "f = phi(g)"
            return done(Status.PROVED, check,
                        certificate=Certificate("monotone", phi=phi, increasing=increasing, inverse=bool(inverse)),
                        reason=f"{which} with phi strictly {'in' if increasing else 'de'}creasing "
                               f"where its argument is > 0")

    # 3. Look for two parameter values ranked in opposite orders.
    reversal = _order_reversal(fmin, gmin, params, seed)
    if reversal is not None:
        return done(Status.REFUTED, counterexample=reversal,
                    reason="f and g rank two parameter values in opposite orders (exact arithmetic)")
    return done(Status.UNKNOWN, reason="no certificate found and no order reversal found")


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
            df = fv[idx][:, None] - fv[idx][None, :]
            dg = gv[idx][:, None] - gv[idx][None, :]
            with np.errstate(invalid="ignore"):
                hits = np.argwhere((df < -1e-6) & (dg > 1e-6))
            for r, c in hits[:8]:
                first, second = points[idx[r]], points[idx[c]]
                f1, f2 = exact_value(f, first), exact_value(f, second)
                g1, g2 = exact_value(g, first), exact_value(g, second)
                if _exact_less(f1, f2) and _exact_less(g2, g1):
                    return OrderReversal(first, second, (f1, f2), (g1, g2))
    return None
