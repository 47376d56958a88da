"""Concrete instances of a statement: which variables it has, and values for them.

A statement over a symbolic alphabet size ``n`` is checked numerically by
instantiating ``n`` to several sizes ``k`` and drawing values for every
variable: distributions, logits, datasets, free component indices and other
scalars.  :class:`Point` is one exact instance (rationals), used for
counterexamples; :func:`random_env` draws a batch of float instances.

>>> from symdiv.core import Distribution, KL, alphabet_size
>>> n = alphabet_size()
>>> P, Q = Distribution("P", n), Distribution("Q", n)
>>> v = variables_of([KL(P, Q)])
>>> [d.name for d in v.distributions], v.sizes
(['P', 'Q'], (n,))
>>> size_plans(v, (0, 1, 2), (1,))
[{n: 1}, {n: 2}, {n: 3}]
>>> simple_distributions(2, 3)
[(1/2, 1/2), (1/3, 2/3), (2/3, 1/3)]
"""

from __future__ import annotations

import itertools
import dataclasses
from dataclasses import dataclass
from typing import Iterator, Mapping, Optional, Sequence

import numpy as np
from sympy import Basic, Expr, Indexed, IndexedBase, Integer, Rational, Symbol

from ..core.domain import Domain, alphabet_sizes, as_domain
from ..core.model import Dataset, Free, Sample, free_objects
from .evaluate import Env

__all__ = [
    "Variables",
    "Point",
    "variables_of",
    "size_plans",
    "random_env",
    "env_from_points",
    "simple_distributions",
    "simple_points",
]


@dataclass(frozen=True)
class Variables:
    """The free parts of a statement that a numeric instance must give values to."""

    #: The free objects (distributions, joints, logits, datasets), each knowing its domain.
    objects: tuple[Free, ...]
    sizes: tuple[Symbol, ...]
    sample_sizes: tuple[Symbol, ...]
    indices: tuple[tuple[Symbol, Expr, Expr], ...]
    scalars: tuple[Symbol, ...]
    #: The smallest value of each size the statement is about (1 unless it names a component).
    minimum: Mapping[Symbol, int] = dataclasses.field(default_factory=dict)

    @property
    def tables(self) -> tuple[Free, ...]:
        """The objects whose values are arrays of numbers (all but the datasets' outcomes)."""
        return tuple(o for o in self.objects if o.domain != "outcomes")

    @property
    def distributions(self) -> tuple[Free, ...]:
        return tuple(o for o in self.objects if o.domain == "simplex")

    @property
    def datasets(self) -> tuple[Dataset, ...]:
        return tuple(o for o in self.objects if o.domain == "outcomes")  # type: ignore[misc]


def _sorted(items) -> tuple:
    return tuple(sorted(items, key=str))


def variables_of(exprs: Sequence[Basic], domain: Optional[Domain] = None) -> Variables:
    """Find the variables of *exprs*; *domain* gives the free component indices and smallest sizes.

    A positive integer symbol that is neither a size of an object nor an
    index (the ``n`` of ``Sum(1, (i, 3, n))``) is a size too: it is varied
    across instances like one, starting at 1.
    """
    domain = as_domain(domain, exprs)
    ranges = domain.ranges
    objects: set = set()
    free: set = set()
    for e in exprs:
        objects |= free_objects(e)
        free |= e.free_symbols
    sizes: set = set()
    for e in exprs:
        sizes |= alphabet_sizes(e)
    sample_sizes = {o.size for o in objects if o.domain == "outcomes"} - sizes
    # the label of a distribution, logits or marginal is a name, not a number to vary
    labels = {b.label for e in exprs for b in e.atoms(IndexedBase)}
    others = {s for s in free if isinstance(s, Symbol) and s not in labels and s not in sizes
              and s not in sample_sizes and s not in ranges}
    sizes |= {s for s in others if s.is_integer and s.is_positive}
    scalars = others - sizes
    symbolic = _sorted(s for s in sizes if isinstance(s, Symbol))
    return Variables(
        objects=_sorted(objects),
        sizes=symbolic,
        sample_sizes=_sorted(s for s in sample_sizes if isinstance(s, Symbol)),
        indices=tuple((s, *ranges[s]) for s in _sorted(ranges)),
        scalars=_sorted(scalars),
        minimum={s: domain.minimum.get(s, 1) for s in symbolic},
    )


def size_plans(v: Variables, offsets: Sequence[int], samples: Sequence[int],
               exhaustive: bool = False) -> list[dict[Symbol, int]]:
    """Assignments of the symbolic sizes: each size at its smallest value plus an offset.

    Offset 0 is the smallest size the statement is about (n = 1 unless it
    names a component), where off-by-one and empty-range mistakes show.  By
    default each offset is paired with one dataset size (a spread for
    cross-checks); with *exhaustive*, every pair is listed, smallest first
    (for counterexample search, so the smallest instance is found).
    """
    if not v.sizes and not v.sample_sizes:
        return [{}]
    if exhaustive:
        pairs = sorted(itertools.product(_size_offsets(offsets, len(v.sizes), exhaustive),
                                         samples if v.sample_sizes else samples[:1]),
                       key=lambda kN: (sum(kN[0]) + kN[1], kN))
    else:
        spread = _size_offsets(offsets, len(v.sizes), exhaustive)
        pairs = [(spread[min(m, len(spread) - 1)], samples[min(m, len(samples) - 1)])
                 for m in range(max(len(spread), len(samples)))]
    plans = []
    for off, N in pairs:
        plan = {s: v.minimum.get(s, 1) + o for s, o in zip(v.sizes, off)}
        plan.update({s: N for s in v.sample_sizes})
        if plan not in plans:
            plans.append(plan)
    return plans


#: Most combinations of offsets the counterexample search tries when a statement has several sizes.
_MAX_COMBINATIONS = 10


def _size_offsets(offsets: Sequence[int], count: int, exhaustive: bool) -> list[tuple[int, ...]]:
    """Offsets for *count* sizes at once: the same for all, then (several sizes) different ones.

    Joint distributions over ``n x m`` need ``n != m`` too (a statement that
    holds only for square tables); the search takes the smallest
    combinations first.
    """
    same = [(o,) * count for o in offsets]
    if count <= 1:
        return same
    if exhaustive:
        combos = sorted(itertools.product(offsets, repeat=count), key=lambda c: (sum(c), max(c), c))
        return combos[:_MAX_COMBINATIONS]
    rotated = [tuple(offsets[(m + k) % len(offsets)] for k in range(count)) for m in range(len(offsets))]
    return same + rotated


def _int(e: Expr, sizes: Mapping[Symbol, int]) -> int:
    return int(e.xreplace(sizes))


def _shape(obj: Free, sizes: Mapping[Symbol, int]) -> tuple[int, ...]:
    """The shape of one instance of *obj*'s values at these sizes."""
    return tuple(_int(n, sizes) for n in obj.value_shape)


def _cells(shape: Sequence[int]) -> int:
    return int(np.prod(shape, dtype=np.int64))


@dataclass(frozen=True)
class Point:
    """One exact instance: sizes, and rational values for every variable.

    A table's values (a distribution, a joint, logits) are stored flat, in
    row-major order.
    """

    sizes: tuple[tuple[Symbol, int], ...]
    values: tuple[tuple[Basic, tuple[Rational, ...]], ...]
    samples: tuple[tuple[Dataset, tuple[int, ...]], ...]
    indices: tuple[tuple[Symbol, int], ...]
    scalars: tuple[tuple[Symbol, Rational], ...]

    def describe(self) -> dict[str, str]:
        """A readable ``{name: value}`` form, for reports (a joint as nested rows)."""
        out: dict[str, str] = {}
        for s, k in self.sizes:
            out[str(s)] = str(k)
        for base, vals in self.values:
            out[str(base)] = _nested(vals, self.shape_of(base))
        for d, xs in self.samples:
            out[d.name] = "(" + ", ".join(str(x) for x in xs) + ")"
        for s, k in self.indices:
            out[str(s)] = str(k)
        for s, x in self.scalars:
            out[str(s)] = str(x)
        return out

    def shape_of(self, obj: Free) -> tuple[int, ...]:
        return _shape(obj, dict(self.sizes))

    def substitution(self) -> dict[Basic, Basic]:
        """The scalar part of the instance, for ``xreplace`` (sizes, indices, scalars)."""
        sub: dict[Basic, Basic] = {s: Integer(k) for s, k in self.sizes}
        sub.update({s: Integer(k) for s, k in self.indices})
        sub.update(dict(self.scalars))
        return sub

    def entries(self) -> dict[Basic, Basic]:
        """Values of the entries ``p[m]`` (``p[i, j]`` of a joint) and samples ``x[m]``, for ``xreplace``.

        Keys are the *instantiated* objects: once ``n`` is replaced by ``k``,
        ``Distribution("P", n)`` has become ``Distribution("P", k)``.
        """
        sizes = {s: Integer(k) for s, k in self.sizes}
        sub: dict[Basic, Basic] = {}
        for base, vals in self.values:
            b = base.xreplace(sizes)
            cells = itertools.product(*(range(1, k + 1) for k in self.shape_of(base)))
            sub.update({Indexed(b, *map(Integer, at)): v for at, v in zip(cells, vals)})
        for d, xs in self.samples:
            di = d.xreplace(sizes)
            sub.update({Sample(di, Integer(m)): Integer(x) for m, x in enumerate(xs, start=1)})
        return sub


def _nested(vals: Sequence[Rational], shape: Sequence[int]) -> str:
    """``(1/2, 1/2)``, or a table as rows ``((1/8, 1/16), (1/16, 3/4))``."""
    if len(shape) <= 1:
        return "(" + ", ".join(str(x) for x in vals) + ")"
    step = len(vals) // shape[0]
    return "(" + ", ".join(_nested(vals[k * step:(k + 1) * step], shape[1:]) for k in range(shape[0])) + ")"


def env_from_points(points: Sequence[Point], dtype=np.float64) -> Env:
    """Stack exact points (which must share their sizes) into one float batch."""
    first = points[0]
    bases = {base: np.array([[float(x) for x in dict(p.values)[base]] for p in points],
                            dtype=dtype).reshape((len(points), *first.shape_of(base)))
             for base, _ in first.values}
    samples = {d: np.array([dict(p.samples)[d] for p in points], dtype=np.int64) for d, _ in first.samples}
    scalars: dict = {s: k for s, k in first.sizes}
    scalars.update({s: np.array([dict(p.indices)[s] for p in points]) for s, _ in first.indices})
    scalars.update({s: np.array([float(dict(p.scalars)[s]) for p in points], dtype=dtype) for s, _ in first.scalars})
    return Env(bases=bases, samples=samples, scalars=scalars, dtype=dtype)


def _draw_simplex(obj: Free, shape: tuple[int, ...], batch: int, rng: np.random.Generator) -> np.ndarray:
    # Dirichlet over every cell, with a concentration drawn per instance from {0.5, 1, 10}, so
    # flat, typical and peaked distributions (and joints) all appear; all masses > 0.
    alpha = rng.choice(np.array([0.5, 1.0, 10.0]), size=(batch, 1))
    g = np.maximum(rng.gamma(alpha, size=(batch, _cells(shape))), np.finfo(np.float64).tiny)
    return (g / g.sum(axis=1, keepdims=True)).reshape((batch, *shape))


def _draw_reals(obj: Free, shape: tuple[int, ...], batch: int, rng: np.random.Generator) -> np.ndarray:
    return rng.normal(0.0, 2.0, size=(batch, *shape))


def _draw_outcomes(obj: Free, shape: tuple[int, ...], batch: int, rng: np.random.Generator,
                   alphabet: int) -> np.ndarray:
    return rng.integers(1, alphabet + 1, size=(batch, *shape))


def _draw_positive(obj: Free, shape: tuple[int, ...], batch: int, rng: np.random.Generator) -> np.ndarray:
    return np.exp(rng.normal(0.0, 1.5, size=(batch, *shape)))


def _draw_binary(obj: Free, shape: tuple[int, ...], batch: int, rng: np.random.Generator) -> np.ndarray:
    return rng.integers(0, 2, size=(batch, *shape)).astype(np.float64)


#: How random values are drawn, by the domain an object declares ("family": a model's realisation
#: coefficients, real like logits).
_DRAW = {"simplex": _draw_simplex, "reals": _draw_reals, "positive": _draw_positive, "family": _draw_reals,
         "binary": _draw_binary}


def random_env(v: Variables, sizes: Mapping[Symbol, int], batch: int, rng: np.random.Generator,
               dtype=np.float64) -> Env:
    """A batch of random instances within the assumptions (all probabilities > 0)."""
    bases = {o: _DRAW[o.domain](o, _shape(o, sizes), batch, rng).astype(dtype) for o in v.tables}
    samples = {d: _draw_outcomes(d, _shape(d, sizes), batch, rng, _int(d.alphabet, sizes)) for d in v.datasets}
    scalars: dict = dict(sizes)
    for s, lo, hi in v.indices:
        scalars[s] = rng.integers(_int(lo, sizes), _int(hi, sizes) + 1, size=batch)
    for s in v.scalars:
        if s.is_integer:
            scalars[s] = int(rng.integers(1, 6))
        elif s.is_positive:
            scalars[s] = np.exp(rng.normal(size=batch)).astype(dtype)
        else:
            scalars[s] = rng.normal(0.0, 2.0, size=batch).astype(dtype)
    return Env(bases=bases, samples=samples, scalars=scalars, dtype=dtype)


def simple_distributions(k: int, limit: int) -> list[tuple[Rational, ...]]:
    """Up to *limit* distributions on ``k`` outcomes with all masses > 0, simplest first.

    "Simplest" means smallest common denominator, so a shrunk counterexample
    uses numbers like 1/2 and 1/3 before 2/7.
    """
    out: list[tuple[Rational, ...]] = []
    seen: set = set()
    d = k
    while len(out) < limit and d < k + 64:
        for cuts in itertools.combinations(range(1, d), k - 1):
            parts = [b - a for a, b in zip((0, *cuts), (*cuts, d))]
            vec = tuple(Rational(x, d) for x in parts)
            if vec not in seen:
                seen.add(vec)
                out.append(vec)
                if len(out) >= limit:
                    break
        d += 1
    return out


def _simple_logits(k: int, limit: int) -> list[tuple[Rational, ...]]:
    out = [tuple(Integer(0) for _ in range(k))]
    for value in (1, -1, 2):
        for m in range(k):
            out.append(tuple(Integer(value if c == m else 0) for c in range(k)))
    return out[:limit]


def _simple_scalars(s: Symbol) -> list[Rational]:
    if s.is_integer:
        return [Integer(x) for x in (1, 2, 3)]
    if s.is_positive:
        return [Integer(1), Integer(2), Rational(1, 2), Integer(3)]
    return [Integer(1), Integer(2), Integer(-1), Rational(1, 2), Integer(0)]


def _simple_outcomes(alphabet: int, count: int, limit: int) -> list[tuple[int, ...]]:
    return list(itertools.islice(itertools.product(range(1, alphabet + 1), repeat=count), limit))


#: Exact values, simplest first, by the domain an object declares: ``(cells, limit) -> values``.
_SIMPLE = {"simplex": lambda k, limit: simple_distributions(k, limit),
           "reals": lambda k, limit: _simple_logits(k, limit),
           "positive": lambda k, limit: _simple_positive(k, limit),
           "family": lambda k, limit: _simple_logits(k, limit),
           "binary": lambda k, limit: list(itertools.islice(itertools.product((Integer(0), Integer(1)), repeat=k),
                                                            limit))}


def _simple_positive(k: int, limit: int) -> list[tuple[Rational, ...]]:
    values = [Integer(1), Integer(2), Rational(1, 2), Integer(3)]
    return list(itertools.islice(itertools.product(values, repeat=k), limit))


def simple_points(v: Variables, sizes: Mapping[Symbol, int], limit: int = 4096) -> Iterator[Point]:
    """Exact instances with the given sizes, simplest first, at most *limit* of them."""
    per_var = max(2, int(limit ** (1 / max(1, len(v.tables) + len(v.scalars)))))
    choices: list[list] = []
    for o in v.tables:
        choices.append(_SIMPLE[o.domain](_cells(_shape(o, sizes)), min(per_var, 12)))
    for d in v.datasets:
        choices.append(_simple_outcomes(_int(d.alphabet, sizes), _int(d.size, sizes), 16))
    for s, lo, hi in v.indices:
        choices.append(list(range(_int(lo, sizes), _int(hi, sizes) + 1)))
    for s in v.scalars:
        choices.append(_simple_scalars(s))
    size_items = tuple(sorted(sizes.items(), key=lambda kv: str(kv[0])))
    nt, nD, ni = len(v.tables), len(v.datasets), len(v.indices)
    for combo in _simplest_combos([len(c) for c in choices], limit):
        vals = [c[i] for c, i in zip(choices, combo)]
        yield Point(
            sizes=size_items,
            values=tuple(zip(v.tables, vals[:nt])),
            samples=tuple(zip(v.datasets, vals[nt:nt + nD])),
            indices=tuple((s, k) for (s, _, _), k in zip(v.indices, vals[nt + nD:nt + nD + ni])),
            scalars=tuple(zip(v.scalars, vals[nt + nD + ni:])),
        )


def _simplest_combos(lengths: Sequence[int], limit: int) -> list[tuple[int, ...]]:
    """Up to *limit* index tuples into choices of these *lengths*, simplest (smallest entries) first.

    Only the tuples whose entries stay below a level ``L`` are listed, with
    ``L`` the largest level that keeps their number within *limit*: with 14
    free indices the full product of choices would not fit in memory.
    """
    level = 1
    while level < max(lengths, default=1):
        count = 1
        for n in lengths:
            count *= min(n, level + 1)
        if count > limit:
            break
        level += 1
    combos = itertools.product(*(range(min(n, level)) for n in lengths))
    return sorted(itertools.islice(combos, limit), key=lambda t: (max(t, default=0), sum(t), t))
