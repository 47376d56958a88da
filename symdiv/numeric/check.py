"""Numeric cross-checks and counterexample search for ``lhs = rhs``.

:func:`cross_check` is the prover's independent second opinion: it evaluates
both sides on random instances at several alphabet sizes and reports the
largest error relative to the magnitude of the terms.  :func:`search_counterexample`
looks for an instance where the sides differ, simplest instances first, and
returns it only once exact arithmetic confirms the difference.

>>> from symdiv.core import Distribution, KL, alphabet_size
>>> n = alphabet_size()
>>> P, Q = Distribution("P", n), Distribution("Q", n)
>>> cross_check(KL(P, Q), KL(P, Q)).agreed
True
>>> c = search_counterexample(KL(P, Q), KL(Q, P))
>>> c.describe()["P"], c.describe()["Q"]
('(1/2, 1/2)', '(1/3, 2/3)')
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping, Optional, Sequence, Union

import numpy as np
from sympy import Expr, Integer, Rational

from ..core.domain import Domain, as_domain
from ..errors import InvalidInputError
from . import _validate as valid
from .evaluate import Env, evaluate
from .exact import Difference, exact_difference, holds
from .instances import Point, env_from_points, random_env, simple_points, size_plans, variables_of

__all__ = [
    "Evidence",
    "Counterexample",
    "cross_check",
    "confirm",
    "search_counterexample",
    "relative_errors",
    "rtol_for",
    "DTYPES",
    "numpy_dtype",
]

#: The float types a check can run in, by name.
DTYPES = {"float64": np.float64, "float32": np.float32}

# Rounding error is bounded by a small multiple of eps times the magnitude of
# the terms; 2^7 leaves room for the depth of the expressions we evaluate.
_SLACK = 128.0


def numpy_dtype(dtype: str) -> Any:
    """The numpy type for a dtype name; an error naming it if unknown.

    >>> numpy_dtype("float16")
    Traceback (most recent call last):
    ...
    symdiv.errors.InvalidInputError: unknown dtype 'float16'; choose one of ['float32', 'float64']
    """
    if dtype not in DTYPES:
        raise InvalidInputError(f"unknown dtype {dtype!r}; choose one of {sorted(DTYPES)}")
    return DTYPES[dtype]


def rtol_for(dtype) -> float:
    """Allowed error relative to the magnitude of the terms, for *dtype*.

    >>> rtol_for(np.float64) < 1e-13
    True
    """
    return _SLACK * float(np.finfo(dtype).eps)


def relative_errors(lv, lm, rv, rm) -> np.ndarray:
    """``|lhs - rhs|`` over the magnitude of the terms; ``inf`` flags a real mismatch.

    Equal infinities agree; NaN on either side is a mismatch (never hidden).
    """
    with np.errstate(all="ignore"):
        scale = np.maximum(np.maximum(lm, rm), np.finfo(np.float64).tiny)
        err = np.abs(lv.astype(np.float64) - rv.astype(np.float64))
        err /= scale
    if np.isfinite(err).all() and np.isfinite(scale).all():
        return err  # the common case: everything finite
    # An infinite magnitude cannot scale a tolerance: compare the values exactly.
    exact = ~np.isfinite(scale) | ~np.isfinite(lv) | ~np.isfinite(rv)
    same = (lv == rv) & ~np.isnan(lv)  # equal infinities of the same sign agree
    err = np.where(exact, np.where(same, 0.0, np.inf), err)
    return np.where(np.isnan(err), np.inf, err)


@dataclass(frozen=True)
class Evidence:
    """What a numeric check saw: enough to reproduce it and to judge it."""

    samples: int
    sizes: tuple[int, ...]
    max_error: float
    tolerance: float
    seed: int
    dtype: str
    first_failure: Optional[Mapping[str, str]] = None
    #: Float disagreements that exact arithmetic showed to be rounding (underflow, overflow).
    resolved: int = 0
    #: The first disagreement as an exact point (the floats' own values), for
    #: :func:`confirm` to settle in exact arithmetic when a caller needs it.
    failure_point: Optional[Point] = None

    @property
    def agreed(self) -> bool:
        return self.first_failure is None


@dataclass(frozen=True)
class Counterexample:
    """An instance where the two sides provably differ, with both exact values."""

    point: Point
    difference: Difference

    def describe(self) -> dict[str, str]:
        return self.point.describe()

    @property
    def points(self) -> tuple[Point]:
        """The instance (the interface every counterexample shares)."""
        return (self.point,)

    def values(self) -> tuple[tuple[str, Expr], ...]:
        """``(phrase key, exact value)`` of each side at the instance."""
        return (("left_side", self.difference.lhs), ("right_side", self.difference.rhs))

    @property
    def lhs(self) -> Expr:
        return self.difference.lhs

    @property
    def rhs(self) -> Expr:
        return self.difference.rhs


def _row(env: Env, b: int) -> dict[str, str]:
    out = {str(k): str(v) for k, v in env.scalars.items() if np.ndim(v) == 0}
    out.update({str(k): np.array2string(np.asarray(v)[b], precision=17) for k, v in env.scalars.items() if np.ndim(v)})
    out.update({str(base): np.array2string(arr[b], precision=17) for base, arr in env.bases.items()})
    out.update({d.name: str(tuple(int(x) for x in xs[b])) for d, xs in env.samples.items()})
    return out


#: Sizes tried by the cross-check, as offsets from the smallest size the statement is about.
CHECK_OFFSETS = (0, 1, 2, 4, 7)
#: Sizes tried by the counterexample search, smallest first.
SEARCH_OFFSETS = (0, 1, 2, 3)
# Float rows that may disagree only by rounding are re-evaluated exactly before
# they count; this many at most per check, since exact evaluation is slow.
_EXACT_RECHECKS = 8
# A relative error this large between finite values is no rounding.
_CLEAR = 1e-6


def cross_check(lhs: Expr, rhs: Expr, domain: Optional[Domain] = None, *,
                seed: int = 0, samples: int = 256, dtype: str = "float64",
                offsets: Sequence[int] = CHECK_OFFSETS, datasets: Sequence[int] = (1, 3, 5, 8, 13),
                relation: str = "=") -> Evidence:
    """Evaluate both sides on *samples* random instances spread over several sizes.

    *relation* ``">="`` (or ``">"``) checks ``lhs >= rhs`` instead: a row fails
    only where ``rhs`` exceeds ``lhs`` by more than the tolerance, so a float
    "violation" of the size of rounding never counts (``">"`` cannot be told
    from ``">="`` in floats; exact arithmetic decides strictness).

    Sizes start at the smallest the statement is about (``n = 1`` unless it
    names a component).  A row where the float sides disagree beyond the
    tolerance is re-evaluated in exact arithmetic at the same point: only a
    difference confirmed there is a failure, so an identity whose floats
    underflow (``log(p^70) = 70 log p`` for a small ``p``) is not reported
    as a disagreement.
    """
    lhs, rhs = valid.expression(lhs, "lhs"), valid.expression(rhs, "rhs")
    seed, samples = valid.seed(seed), valid.integer(samples, "samples")
    offsets, datasets = valid.int_sequence(offsets, "offsets", minimum=0), valid.int_sequence(datasets, "datasets")
    np_dtype = numpy_dtype(valid.text(dtype, "dtype"))
    rng = np.random.default_rng(seed)
    domain = as_domain(domain, (lhs, rhs))
    v = variables_of([lhs, rhs, *domain.nonzero, *domain.positive], domain)
    plans = size_plans(v, offsets, datasets)
    per_plan = max(1, samples // len(plans))
    tol = rtol_for(np_dtype)
    worst, failure, total, resolved, rechecks, failure_point = 0.0, None, 0, 0, 0, None
    for plan in plans:
        env = random_env(v, plan, per_plan, rng, np_dtype)
        lv, lm = evaluate(lhs, env)
        rv, rm = evaluate(rhs, env)
        lv, lm, rv, rm = (np.broadcast_to(a, (per_plan,)) for a in (lv, lm, rv, rm))
        err = _errors(lv, lm, rv, rm, relation)
        # A row where a denominator of the statement is 0 is outside the claim.
        err = np.where(_outside(domain, env, per_plan), 0.0, err)
        total += per_plan
        # Rows that may be rounding (an overflow or underflow to inf or 0, or an
        # error just above the tolerance) go to exact arithmetic; a clear
        # difference between finite values is a disagreement as it stands.
        doubtful = ~np.isfinite(lv) | ~np.isfinite(rv) | (err < _CLEAR) | (lv == 0) | (rv == 0)
        for b in np.flatnonzero(err > tol):
            if failure is not None:
                break
            b = int(b)
            if doubtful[b] and rechecks < _EXACT_RECHECKS:
                rechecks += 1
                if _rounding(lhs, rhs, v, plan, env, b, relation):
                    resolved += 1
                    err[b] = 0.0
                    continue
            failure = _row(env, b) | {"lhs": repr(float(lv[b])), "rhs": repr(float(rv[b]))}
            failure_point = _point_from_row(v, plan, env, b, exact=True)
        worst = max(worst, float(np.max(err)))  # resolved rows count as 0
    sizes = tuple(sorted({k for plan in plans for s, k in plan.items() if s in v.sizes}))
    return Evidence(total, sizes, worst, tol, seed, dtype, failure, resolved, failure_point)


def _outside(domain: Domain, env: Env, batch: int) -> np.ndarray:
    """Rows of *env* outside the claim: a denominator is 0, or a log's argument is not > 0."""
    out = np.zeros(batch, dtype=bool)
    for d in domain.nonzero:
        out |= np.broadcast_to(evaluate(d, env)[0], (batch,)) == 0
    with np.errstate(invalid="ignore"):
        for x in domain.positive:
            out |= ~(np.broadcast_to(evaluate(x, env)[0], (batch,)) > 0)
    return out


def _errors(lv, lm, rv, rm, relation: str) -> np.ndarray:
    """Per row, how far ``lhs <relation> rhs`` is from holding, relative to the terms' size (0: holds)."""
    err = relative_errors(lv, lm, rv, rm)
    if relation in (">=", ">"):
        with np.errstate(invalid="ignore"):
            err = np.where(lv >= rv, 0.0, err)
    return err


def _rounding(lhs: Expr, rhs: Expr, v, plan, env: Env, b: int, relation: str = "=") -> bool:
    """Whether exact arithmetic at row *b* shows its float disagreement to be rounding."""
    point = _point_from_row(v, plan, env, b, exact=True)
    return point is not None and confirm(lhs, rhs, point, relation) is False


def confirm(lhs: Expr, rhs: Expr, point: Optional[Point], relation: str = "=") -> Optional[Union[bool, "Counterexample"]]:
    """Settle a float disagreement at *point* in exact arithmetic.

    Returns the :class:`Counterexample` if ``lhs <relation> rhs`` fails there
    (for ``"="``: the sides differ), ``False`` if it holds (the floats only
    rounded), None if it cannot be decided (no point, or one exact arithmetic
    cannot evaluate in time).
    """
    if point is None:
        return None
    try:
        diff = exact_difference(lhs, rhs, point)
    except InvalidInputError:  # an instance exact arithmetic cannot take settles nothing
        return None
    if diff is None:
        return None
    verdict = holds(relation, diff.sign)
    if verdict is None:
        return None if relation != "=" else False  # "=": not shown to differ, as before
    return False if verdict else Counterexample(point, diff)


def _confirm(lhs: Expr, rhs: Expr, points: Sequence[Point], order: Sequence[int], tries: int,
             relation: str = "=") -> Optional[Counterexample]:
    for b in list(order)[:tries]:
        found = confirm(lhs, rhs, points[b], relation)
        if found:
            return found
    return None


def _rationalise(vec: np.ndarray, domain: str, exact: bool = False) -> Optional[tuple[Rational, ...]]:
    """Rationals near the floats *vec* (the floats' own values if *exact*), in *domain*.

    A distribution's last entry is ``1 - (the others)`` so it sums to 1 exactly;
    a distribution's or a positive vector's entries must stay positive.
    """
    fr = [Fraction(float(x)) if exact else Fraction(float(x)).limit_denominator(1000) for x in vec]
    if domain == "simplex":
        fr[-1] = 1 - sum(fr[:-1])
    if domain in ("simplex", "positive") and any(x <= 0 for x in fr):
        return None
    return tuple(Rational(x.numerator, x.denominator) for x in fr)


def search_counterexample(lhs: Expr, rhs: Expr, domain: Optional[Domain] = None, *,
                          seed: int = 0, offsets: Sequence[int] = SEARCH_OFFSETS,
                          datasets: Sequence[int] = (1, 2, 3), random_batch: int = 256,
                          probes: int = 2, relation: str = "=") -> Optional[Counterexample]:
    """The simplest instance where ``lhs != rhs``, confirmed exactly; None if none found.

    With *relation* ``">="`` or ``">"``: the simplest instance where ``lhs >= rhs``
    (``lhs > rhs``) fails, in exact arithmetic; for ``">"`` the instances where
    the floats are equal (``P = Q``) are candidates too.

    Smallest sizes first (from the smallest the statement is about); within
    them the instances with the smallest denominators, so the counterexample
    comes out shrunk.  Float evaluation picks the candidates; a difference
    below float resolution (a constant ``10^-30``) cannot show there, so the
    first *probes* simple instances of the two smallest sizes also go to
    exact arithmetic whatever the floats say.
    """
    lhs, rhs = valid.expression(lhs, "lhs"), valid.expression(rhs, "rhs")
    seed, random_batch = valid.seed(seed), valid.integer(random_batch, "random_batch")
    offsets, datasets = valid.int_sequence(offsets, "offsets", minimum=0), valid.int_sequence(datasets, "datasets")
    probes = valid.integer(probes, "probes", minimum=0)
    domain = as_domain(domain, (lhs, rhs))
    v = variables_of([lhs, rhs, *domain.nonzero, *domain.positive], domain)
    tol = rtol_for(np.float64)
    plans = size_plans(v, offsets, datasets, exhaustive=True)
    for plan in plans:
        points = list(simple_points(v, plan))
        env = env_from_points(points)
        lv, lm = evaluate(lhs, env)
        rv, rm = evaluate(rhs, env)
        sides = [np.broadcast_to(a, (len(points),)) for a in (lv, lm, rv, rm)]
        err = np.where(_outside(domain, env, len(points)), 0.0, _errors(*sides, relation))
        # Clear differences first, then those barely above rounding; each group simplest first.
        order = [*np.flatnonzero(err > 1e-6), *np.flatnonzero((err > tol) & (err <= 1e-6))]
        if relation == ">":  # equality breaks a strict inequality: rows equal to rounding
            close = relative_errors(*sides) <= tol
            order += [b for b in np.flatnonzero(close & ~_outside(domain, env, len(points))) if b not in order]
        found = _confirm(lhs, rhs, points, order, tries=8, relation=relation)
        if found:
            return found
    rng = np.random.default_rng(seed)
    for plan in size_plans(v, offsets, datasets):
        env = random_env(v, plan, random_batch, rng)
        lv, lm = evaluate(lhs, env)
        rv, rm = evaluate(rhs, env)
        sides = [np.broadcast_to(a, (random_batch,)) for a in (lv, lm, rv, rm)]
        err = np.where(_outside(domain, env, random_batch), 0.0, _errors(*sides, relation))
        points = []
        for b in np.flatnonzero(err > tol)[:8]:
            point = _point_from_row(v, plan, env, int(b))
            if point is not None:
                points.append(point)
        found = _confirm(lhs, rhs, points, range(len(points)), tries=8, relation=relation)
        if found:
            return found
    for plan in plans[:2]:
        points = list(itertools.islice(simple_points(v, plan), probes))
        found = _confirm(lhs, rhs, points, range(len(points)), tries=probes, relation=relation)
        if found:
            return found
    return None


def _point_from_row(v, plan, env: Env, b: int, exact: bool = False) -> Optional[Point]:
    """Row *b* of a float batch as an exact point: rationals near the floats, or (*exact*) equal to them."""
    values = []
    for base in v.tables:
        vec = _rationalise(np.ravel(env.bases[base][b]), base.domain, exact)
        if vec is None:
            return None
        values.append((base, vec))
    scalars = []
    for s in v.scalars:
        x = env.scalars[s]
        x = x if np.ndim(x) == 0 else x[b]
        r = Fraction(float(x)) if exact else Fraction(float(x)).limit_denominator(1000)
        scalars.append((s, Integer(int(x)) if s.is_integer else Rational(r.numerator, r.denominator)))
    return Point(
        sizes=tuple(sorted(plan.items(), key=lambda kv: str(kv[0]))),
        values=tuple(values),
        samples=tuple((d, tuple(int(x) for x in env.samples[d][b])) for d in v.datasets),
        indices=tuple((s, int(env.scalars[s][b])) for s, _, _ in v.indices),
        scalars=tuple(scalars),
    )
