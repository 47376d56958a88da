"""Where a statement is claimed to hold: its index ranges, smallest sizes and denominators.

A statement over a symbolic alphabet size ``n`` is a claim for every ``n``
it makes sense for, and for every value of its free component indices.  Two
things narrow that down, and both must be visible in a verdict:

* a statement that names component ``3`` (``p_3``, ``softmax(z)_3``) is about
  ``n >= 3`` only;
* a statement that divides by an expression is about the points where that
  expression is not 0.  sympy cancels ``x/x`` to 1 when the expression is
  built, so the reader records such denominators before building it.

:class:`Domain` holds these facts; the prover's rules consult it (is this
range non-empty? is this index within that range?) and the numeric backend
samples only inside it.

>>> from symdiv.core.model import Distribution, alphabet_size
>>> n = alphabet_size()
>>> P = Distribution("P", n)
>>> d = domain_of(P[1] + P[3])
>>> dict(d.minimum), d.conditions()
({n: 3}, (n >= 3,))
>>> d.is_nonnegative(n - 3), domain_of(P[1]).is_nonnegative(n - 3)
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from sympy import (
    Add,
    Basic,
    Dummy,
    Expr,
    Indexed,
    IndexedBase,
    Integer,
    Mul,
    Ne,
    Pow,
    Product,
    StrictGreaterThan,
    Sum,
    Symbol,
    exp,
    log,
)

from ..errors import InvalidTypeError

__all__ = ["Domain", "domain_of", "as_domain", "is_positive", "denominators", "log_arguments", "alphabet_sizes",
           "independence"]


def _nonempty(limits) -> bool:
    return all((hi - lo + 1).is_positive for _, lo, hi in limits)


def is_positive(e: Expr) -> bool:
    """A positivity oracle that also knows sums, products and exponentials.

    sympy's assumptions do not see that ``Sum(exp(z_k), (k, 1, n))`` is
    positive; the softmax rewrites need it.

    >>> from sympy import Sum, exp, IndexedBase, Symbol
    >>> z, k, n = IndexedBase("z", real=True), Symbol("k", integer=True), Symbol("n", integer=True, positive=True)
    >>> is_positive(Sum(exp(z[k]), (k, 1, n))), is_positive(z[k])
    (True, False)
    """
    if e.is_positive:
        return True
    if isinstance(e, Add) and len(e.args) == 2 and 1 in e.args:  # 1 - sigmoid(u), the other class
        from .functions import Sigmoid

        other = e - 1
        if isinstance(-other, Sigmoid) and (-other).args[0].is_extended_real:
            return True
    if isinstance(e, (Sum, Product)):
        return _nonempty(e.limits) and is_positive(e.function)
    if isinstance(e, exp):
        return bool(e.args[0].is_extended_real)
    if isinstance(e, (Mul, Add)):
        return all(is_positive(a) for a in e.args)
    if isinstance(e, Pow):
        return is_positive(e.base) and bool(e.exp.is_extended_real)
    return False


def _bound_symbols(e: Basic) -> set:
    return {v for node in e.atoms(Sum, Product) for v, _, _ in node.limits}


def denominators(*exprs: Basic) -> tuple[Expr, ...]:
    """The bases of negative powers in *exprs* that are not known to be nonzero.

    Only those free of summation indices: ``1/z_i`` inside ``sum_i`` is no
    single condition (and a zero there shows as an infinite value).

    >>> from sympy import IndexedBase, Symbol
    >>> z, j = IndexedBase("z", real=True), Symbol("j", integer=True)
    >>> denominators(1 / z[j] + 1 / (z[j] ** 2 + 1))
    (z[j],)
    """
    out: list[Expr] = []
    for e in exprs:
        bound = _bound_symbols(e)
        for node in e.atoms(Pow):
            base, power = node.args
            if power.is_negative and not (base.is_nonzero or is_positive(base)) and base not in out \
                    and not base.free_symbols & bound:
                out.append(base)
    return tuple(sorted(out, key=str))


def log_arguments(*exprs: Basic) -> tuple[Expr, ...]:
    """Arguments of logs in *exprs* not known to be positive (and free of summation indices).

    A real log is defined only there: ``log(log p_1)`` or ``log(p_j - q_j)``
    claim something only where the argument is > 0.

    >>> from sympy import IndexedBase, Symbol, log
    >>> p, j = IndexedBase("p", positive=True), Symbol("j", integer=True)
    >>> log_arguments(log(p[j]) + log(p[j] - p[1]))
    (-p[1] + p[j],)
    """
    out: list[Expr] = []
    for e in exprs:
        bound = _bound_symbols(e)
        for node in e.atoms(log):
            arg = node.args[0]
            if not is_positive(arg) and arg not in out and not arg.free_symbols & bound:
                out.append(arg)
    return tuple(sorted(out, key=str))


def _sized_objects(e: Basic) -> Iterable[tuple[Expr, Expr]]:
    """Every ``(index, size)`` pair of *e*: an index used into something of that size."""
    # Imported here: the model imports nothing from this module, and the
    # measures import the model, so a top-level import would be circular.
    from .measures import Grad, SelfInformation
    from .model import Count, PointMass

    for x in e.atoms(Indexed):
        if isinstance(x.base, IndexedBase) and x.base.shape:
            yield from zip(x.indices, x.base.shape)
    for g in e.atoms(Grad):
        if g.component is not None:
            yield g.component, g.wrt.size
    for m in e.atoms(SelfInformation):
        yield m.args[1], m.args[0].size
    for pm in e.atoms(PointMass):
        yield pm.outcome, pm.size
    for c in e.atoms(Count):
        yield c.outcome, c.dataset.alphabet


def _range_through(index: Expr, j: Symbol, size: Expr):
    """The range of *j* that keeps ``index = c ± j`` within ``1..size``, or None for other shapes.

    >>> from sympy import Symbol
    >>> j, n = Symbol("j", integer=True), Symbol("n", integer=True, positive=True)
    >>> _range_through(n + 1 - j, j, n), _range_through(j + 2, j, n)
    ((1, n), (-1, n - 2))
    """
    slope = index.coeff(j)
    rest = index - slope * j
    if j in rest.free_symbols or slope not in (1, -1):
        return None
    if slope == 1:
        return (1 - rest, size - rest)
    return (rest - size, rest - 1)


def independence(*exprs: Basic) -> tuple[Basic, ...]:
    """The independence a statement assumes by taking a joint to be a product of free parts
    (``p_X(x) p_Y(y)``): a condition its verdict must state.  A product of a joint's own
    marginals (``D(p(x,y) || p(x) p(y))``) assumes nothing.

    >>> from symdiv.core.measures import Entropy
    >>> from symdiv.core.model import Distribution, ProductDistribution, RandomVariable
    >>> X, Y = RandomVariable("X", 2), RandomVariable("Y", 2)
    >>> independence(Entropy(ProductDistribution(Distribution("p_X", (X,)), Distribution("p_Y", (Y,)))))
    (X _|_ Y,)
    """
    from .model import Distribution, Independent, ProductDistribution

    out: list = []
    for e in exprs:
        for product in e.atoms(ProductDistribution):
            if all(isinstance(f, Distribution) for f in product.factors):
                h = Independent(*(f.variables for f in product.factors))
                if h not in out:
                    out.append(h)
    return tuple(out)


def alphabet_sizes(e: Basic) -> set[Symbol]:
    """The symbolic alphabet sizes of *e*: every axis of every object, and each dataset's alphabet.

    A dataset's number of samples ``N`` is not one of them.

    >>> from symdiv.core.model import Distribution, RandomVariable, alphabet_size
    >>> n, m = alphabet_size("n"), alphabet_size("m")
    >>> sorted(alphabet_sizes(Distribution("p", (RandomVariable("X", n), RandomVariable("Y", m)))[1, 1]), key=str)
    [m, n]
    """
    from .model import Dataset, RandomVariable, _Model

    out: set = set()
    for x in e.atoms(IndexedBase):
        out.update(x.shape or ())
    for m in e.atoms(_Model):
        out.update(m.shape)
    for d in e.atoms(Dataset):
        out.add(d.alphabet)
    for v in e.atoms(RandomVariable):
        out.add(v.size)
    return {s for s in out if isinstance(s, Symbol)}


def _sizes(e: Basic) -> set[Symbol]:
    """Every symbolic size of *e*: alphabet sizes and datasets' numbers of samples."""
    from .model import Dataset

    return alphabet_sizes(e) | {d.size for d in e.atoms(Dataset) if isinstance(d.size, Symbol)}


@dataclass(frozen=True)
class Domain:
    """The instances a statement is about.

    * ``ranges`` maps a free component index (the ``j`` of ``d/dz_j``) to the
      range ``(lo, hi)`` it lies in;
    * ``minimum`` maps a size symbol to the smallest size the statement
      names (absent: 1, every size);
    * ``nonzero`` lists the denominators the statement divides by.
    """

    ranges: Mapping[Symbol, tuple[Expr, Expr]] = field(default_factory=dict)
    minimum: Mapping[Symbol, int] = field(default_factory=dict)
    nonzero: tuple[Expr, ...] = ()
    #: Arguments of logs not known to be positive: the claim is made where they are > 0.
    positive: tuple[Expr, ...] = ()

    def _shifted(self, e: Expr) -> Expr:
        """*e* with each size ``n`` written as ``(minimum - 1) + t``, ``t`` a positive integer."""
        if not self.minimum:
            return e
        return e.xreplace({n: Integer(m - 1) + Dummy(f"{n}_", integer=True, positive=True)
                           for n, m in self.minimum.items()})

    def is_nonnegative(self, e: Expr) -> bool:
        """Whether ``e >= 0`` follows from the sizes' lower bounds (sympy's assumptions)."""
        if e.is_nonnegative:
            return True
        return bool(self._shifted(e).is_nonnegative)

    def in_range(self, x: Expr, lo: Expr, hi: Expr) -> bool:
        """Whether ``lo <= x <= hi`` follows from what is known.

        *x* may be an index with a known range, or linear in such indices
        (``n + 1 - j`` with ``1 <= j <= n`` lies in ``1..n``).
        """
        least, greatest = self.interval(x)
        return self.is_nonnegative(least - lo) and self.is_nonnegative(hi - greatest)

    def interval(self, x: Expr) -> tuple[Expr, Expr]:
        """Bounds ``(least, greatest)`` of *x* over the ranges of the indices it is linear in."""
        least = greatest = x
        for _ in range(4):  # a range may name an enclosing index: substitute again
            ranged = [v for v in self.ranges if v in least.free_symbols | greatest.free_symbols]
            if not ranged:
                break
            for v in ranged:
                lo, hi = self.ranges[v]
                least, greatest = _bound(least, v, lo, hi, low=True), _bound(greatest, v, lo, hi, low=False)
        return least, greatest

    def with_ranges(self, extra: Mapping[Symbol, tuple[Expr, Expr]]) -> "Domain":
        """This domain with more index ranges (the bound indices of enclosing sums)."""
        return Domain({**self.ranges, **extra}, self.minimum, self.nonzero, self.positive)

    def conditions(self) -> tuple[Basic, ...]:
        """The side conditions a verdict must state: ``n >= 3``, ``z_j != 0``."""
        sizes = tuple(n >= m for n, m in sorted(self.minimum.items(), key=lambda kv: str(kv[0])) if m > 1)
        return sizes + tuple(Ne(d, 0) for d in self.nonzero) + tuple(StrictGreaterThan(x, 0) for x in self.positive)


def _bound(e: Expr, v: Symbol, lo: Expr, hi: Expr, low: bool) -> Expr:
    """*e* with *v* replaced by the end of ``lo..hi`` that makes it least (*low*) or greatest;
    *e* itself where it is not linear in *v* with a numeric slope."""
    if v not in e.free_symbols:
        return e
    slope = e.coeff(v)
    if not slope.is_number or v in (e - slope * v).free_symbols:
        return e
    return e.xreplace({v: lo if (slope > 0) == low else hi})


def domain_of(*exprs: Basic, nonzero: Iterable[Expr] = ()) -> Domain:
    """The domain of a statement whose sides are *exprs*.

    *nonzero* adds denominators that were cancelled before the expressions
    reached here (the reader passes them).
    """
    found = list(denominators(*exprs))
    found += [d for d in nonzero if d not in found and not (d.is_nonzero or is_positive(d))]
    positive = log_arguments(*exprs)
    exprs = (*exprs, *found)  # a cancelled denominator still names its indices and sizes
    ranges: dict[Symbol, tuple[Expr, Expr]] = {}
    minimum: dict[Symbol, int] = {}
    sizes: set[Symbol] = set()
    for e in exprs:
        sizes |= _sizes(e)
    from .model import _Model

    for e in exprs:
        for m in e.atoms(_Model):  # a model that needs more than one outcome (OffTarget: n >= 2)
            least = getattr(m, "minimum_size", 1)
            if least > 1 and isinstance(m.size, Symbol):
                minimum[m.size] = max(minimum.get(m.size, 1), least)
    for e in exprs:
        free = e.free_symbols  # a bound summation index is not a free component index
        for index, size in _sized_objects(e):
            if isinstance(index, Symbol) and index in free and index not in sizes:
                ranges.setdefault(index, (Integer(1), size))
            elif (index.free_symbols & free) - sizes:
                # p_{n+1-j}: the free j must keep the whole index within 1..n
                for j in (index.free_symbols & free) - sizes:
                    through = _range_through(index, j, size)
                    if through is not None:
                        ranges.setdefault(j, through)
            elif isinstance(size, Symbol) and (index - size).is_Integer and index != size:
                # p_{n-1} exists for n >= 2 only
                minimum[size] = max(minimum.get(size, 1), 1 - int(index - size))
            elif index.is_Integer and isinstance(size, Symbol):
                minimum[size] = max(minimum.get(size, 1), int(index))
    return Domain(ranges, minimum, tuple(found), positive)


def as_domain(domain: object, exprs: Sequence[Basic]) -> Domain:
    """*domain*, or the domain of *exprs* when it is None; an error naming anything else."""
    if domain is None:
        return domain_of(*exprs)
    if not isinstance(domain, Domain):
        raise InvalidTypeError(
            f"domain must be a symdiv Domain (symdiv.domain_of(lhs, rhs)) or None, got {domain!r} "
            f"of type {type(domain).__name__}"
        )
    return domain
