"""A normal form for linear combinations of index sums, with every rewrite recorded.

Generic ``simplify`` is not enough here: over a symbolic alphabet size it
crashes on the softmax gradient (sympy #14570) and it cannot use facts such
as ``sum_i p_i = 1``.  Instead, a fixed list of sound rewrite :data:`RULES`
runs to a fixpoint.  Each rule is a local identity that holds under the
assumptions the model objects carry (positivity, normalisation, index
ranges); each application is recorded as a :class:`Step`, and the list of
steps is the derivation.

>>> from symdiv.core import Distribution, CrossEntropy, Entropy, KL, alphabet_size
>>> n = alphabet_size()
>>> P, Q = Distribution("P", n), Distribution("Q", n)
>>> result = normalise(CrossEntropy(P, Q) - Entropy(P) - KL(P, Q), context_of(P))
>>> result.expr
0
>>> [step.rule for step in result.steps]
['definition', 'log_expand', 'linearity']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Optional

from sympy import (
    Add,
    Basic,
    Expr,
    Indexed,
    IndexedBase,
    Integer,
    KroneckerDelta,
    Mul,
    Piecewise,
    Pow,
    Product,
    Rational,
    S,
    Sum,
    Symbol,
    exp,
    factorint,
    log,
    preorder_traversal,
)
from sympy.core.relational import GreaterThan, LessThan, Relational, StrictGreaterThan, StrictLessThan
from sympy.logic.boolalg import And, BooleanTrue

from ..core.bound import canonical_indices
from ..core.measures import Grad, Measure, SelfInformation
from ..core.model import Count, Dataset, Distribution, Logits, PointMass, Sample, _Model, fresh_index
from ..budget import Budget

__all__ = ["Step", "Context", "Normalised", "Rule", "RULES", "context_of", "normalise", "expand_log", "is_positive"]

_MAX_ROUNDS = 30
# log(m) for an integer is split into prime factors only when factoring is cheap.
_FACTOR_LIMIT = 10**12


@dataclass(frozen=True)
class Step:
    """One recorded rewrite: the rule applied and the whole expression after it."""

    rule: str
    justification: str
    expr: Expr
    side: str = ""


@dataclass(frozen=True)
class Context:
    """What the rules may assume beyond what the objects carry themselves.

    ``ranges`` maps a free component index (the ``j`` of ``d/dz_j``) to the
    range ``(lo, hi)`` it is known to lie in.
    """

    ranges: Mapping[Symbol, tuple[Expr, Expr]]

    def in_range(self, x: Expr, lo: Expr, hi: Expr) -> bool:
        """Whether ``lo <= x <= hi`` follows from what is known."""
        if x in self.ranges:
            xlo, xhi = self.ranges[x]
            return bool((xlo - lo).is_nonnegative and (hi - xhi).is_nonnegative)
        return bool((x - lo).is_nonnegative and (hi - x).is_nonnegative)


def context_of(*exprs: Basic) -> Context:
    """Collect the index ranges implied by gradients, self-information and point masses."""
    ranges: dict[Symbol, tuple[Expr, Expr]] = {}
    for e in exprs:
        free = e.free_symbols  # a bound summation index is not a free component index
        for g in e.atoms(Grad):
            _add_range(ranges, free, g.component, g.wrt.size)
        for m in e.atoms(SelfInformation):
            _add_range(ranges, free, m.args[1], m.args[0].size)
        for pm in e.atoms(PointMass):
            _add_range(ranges, free, pm.outcome, pm.size)
        # A free symbol used as an index, like the j of p_j, ranges over the alphabet.
        for x in e.atoms(Indexed):
            if isinstance(x.base, (Distribution, Logits)):
                _add_range(ranges, free, x.indices[0], x.base.size)
        for c in e.atoms(Count):
            _add_range(ranges, free, c.outcome, c.dataset.alphabet)
    return Context(ranges)


def _add_range(ranges: dict, free: set, index: Expr, size: Expr) -> None:
    if isinstance(index, Symbol) and index in free:
        ranges.setdefault(index, (Integer(1), size))


@dataclass(frozen=True)
class Normalised:
    """The normal form reached and the steps that led there."""

    expr: Expr
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Rule:
    """A named rewrite with the sentence that justifies it.

    ``triggers`` lists the node types the rule acts on; a round skips the rule
    when none of them occurs in the expression.
    """

    name: str
    justification: str
    apply: Callable[[Expr, Context], Expr]
    triggers: tuple[type, ...] = (Basic,)


# ---------------------------------------------------------------------------
# Traversal


def _is_leaf(e: Basic) -> bool:
    return not e.args or isinstance(e, (IndexedBase, _Model, Dataset))


def _bottom_up(expr: Basic, fn: Callable[[Basic], Basic]) -> Basic:
    if _is_leaf(expr):
        return fn(expr)
    args = tuple(_bottom_up(a, fn) for a in expr.args)
    if args != expr.args:
        expr = expr.func(*args)
    return fn(expr)


def _nonempty(limits) -> bool:
    return all((hi - lo + 1).is_positive for _, lo, hi in limits)


def is_positive(e: Expr) -> bool:
    """A positivity oracle that also knows sums, products and exponentials.

    sympy's assumptions do not see that ``Sum(exp(z_k), (k, 1, n))`` is
    positive; the softmax rewrites need it.
    """
    if e.is_positive:
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


# ---------------------------------------------------------------------------
# Rules


def _definitions(expr: Expr, ctx: Context) -> Expr:
    return _bottom_up(expr, lambda e: e.definition() if isinstance(e, Measure) else e)


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
    return _bottom_up(expr, lambda e: _log_of(e.args[0]) if isinstance(e, log) else e)


def _log_expand(expr: Expr, ctx: Context) -> Expr:
    return expand_log(expr)


def _expand_products(e: Expr) -> Expr:
    return e.expand(log=False, power_base=False, power_exp=False, deep=False, multinomial=True, mul=True)


def _split_sum(e: Basic) -> Basic:
    if not isinstance(e, Sum):
        return e
    # Innermost limit first.  Never rebuild Sum(Sum(...)): sympy merges it back
    # into one Sum with several limits, and this would recurse forever.
    result = e.function
    for limit in e.limits:
        result = _split_over(result, limit)
    return result


def _split_over(body: Expr, limit: tuple) -> Expr:
    """``sum_i body`` with the factors free of ``i`` pulled out of each term."""
    (i, lo, hi) = limit
    terms = []
    for term in Add.make_args(_expand_products(body)):
        free = [f for f in Mul.make_args(term) if i not in f.free_symbols]
        bound = [f for f in Mul.make_args(term) if i in f.free_symbols]
        if bound:
            terms.append(Mul(*free) * Sum(Mul(*bound), (i, lo, hi)))
        else:
            terms.append(Mul(*free) * (hi - lo + 1))
    return Add(*terms)


def _linearity(expr: Expr, ctx: Context) -> Expr:
    return _bottom_up(expr, _split_sum)


def _delta_partner(delta: KroneckerDelta, i: Symbol) -> Optional[Expr]:
    a, b = delta.args
    if a == i and i not in b.free_symbols:
        return b
    if b == i and i not in a.free_symbols:
        return a
    return None


def _collapse_delta(e: Basic, ctx: Context) -> Basic:
    if not isinstance(e, Sum) or len(e.limits) != 1:
        return e
    (i, lo, hi) = e.limits[0]
    factors = Mul.make_args(e.function)
    for pos, f in enumerate(factors):
        if isinstance(f, KroneckerDelta):
            partner = _delta_partner(f, i)
            if partner is not None and ctx.in_range(partner, lo, hi):
                rest = Mul(*(factors[:pos] + factors[pos + 1 :]))
                return rest.xreplace({i: partner})
    return e


def _kronecker(expr: Expr, ctx: Context) -> Expr:
    return _bottom_up(expr, lambda e: _collapse_delta(e, ctx))


def _holds(cond: Basic, ctx: Context) -> bool:
    if isinstance(cond, BooleanTrue):
        return True
    if isinstance(cond, And):
        return all(_holds(c, ctx) for c in cond.args)
    if isinstance(cond, Relational):
        lhs, rhs = cond.lhs, cond.rhs
        if isinstance(cond, (GreaterThan, StrictGreaterThan)):
            lhs, rhs = rhs, lhs  # now lhs <= rhs (or <)
        elif not isinstance(cond, (LessThan, StrictLessThan)):
            return False
        strict = isinstance(cond, (StrictLessThan, StrictGreaterThan))
        gap = rhs - lhs
        for x, (lo, hi) in ctx.ranges.items():
            if lhs == x:
                gap = rhs - hi
            elif rhs == x:
                gap = lo - lhs
        return bool(gap.is_positive if strict else gap.is_nonnegative)
    return False


def _piecewise(expr: Expr, ctx: Context) -> Expr:
    def fn(e: Basic) -> Basic:
        # Only the first branch may be taken, and only when its condition is
        # known to hold: jumping over an undecided branch would be unsound.
        if isinstance(e, Piecewise) and _holds(e.args[0].cond, ctx):
            return e.args[0].expr
        return e

    return _bottom_up(expr, fn)


def _sum_to_one(e: Basic) -> Basic:
    if not isinstance(e, Sum) or len(e.limits) != 1:
        return e
    (i, lo, hi) = e.limits[0]
    f = e.function
    if lo != 1:
        return e
    if isinstance(f, Indexed) and isinstance(f.base, Distribution) and f.indices == (i,) and hi == f.base.size:
        return S.One
    if isinstance(f, Count) and f.outcome == i and hi == f.dataset.alphabet:
        return f.dataset.size
    return e


def _normalisation(expr: Expr, ctx: Context) -> Expr:
    return _bottom_up(expr, _sum_to_one)


def _group(e: Basic) -> Basic:
    if not isinstance(e, Sum) or len(e.limits) != 1:
        return e
    (s, lo, hi) = e.limits[0]
    samples = [x for x in e.function.atoms(Sample) if x.position == s]
    if len(samples) != 1 or lo != 1 or hi != samples[0].dataset.size:
        return e
    (x,) = samples
    placeholder = Symbol("_outcome", integer=True)
    body = e.function.xreplace({x: placeholder})
    if s in body.free_symbols:
        return e  # depends on the position s itself, not only on the outcome x_s
    i = fresh_index(body, x.dataset.alphabet)
    return Sum(Count(x.dataset, i) * body.xreplace({placeholder: i}), (i, 1, x.dataset.alphabet))


def _group_samples(expr: Expr, ctx: Context) -> Expr:
    return _bottom_up(expr, _group)


def _differentiate(expr: Expr, ctx: Context) -> Expr:
    def fn(e: Basic) -> Basic:
        if isinstance(e, Grad) and not e.objective.has(Measure, Grad):
            objective = canonical_indices(e.objective, avoid=[e.variable])
            return objective.diff(e.variable)
        return e

    return _bottom_up(expr, fn)


def _rename(expr: Expr, ctx: Context) -> Expr:
    return canonical_indices(expr, avoid=list(ctx.ranges))


def _collect(expr: Expr, ctx: Context) -> Expr:
    return expr.expand(log=False, power_base=False, power_exp=False)


#: The rewrite rules, in the order each round applies them.
RULES: tuple[Rule, ...] = (
    Rule("definition", "definition", _definitions, (Measure,)),
    Rule("log_expand", "log of a product, quotient or power (all terms positive)", _log_expand, (log,)),
    Rule("group_samples", "group the samples by outcome: sum_s f(x_s) = sum_i c_i f(i)", _group_samples, (Sample,)),
    Rule("linearity", "linearity of the sum", _linearity, (Sum,)),
    Rule("kronecker", "sum_i delta_ij f(i) = f(j), since j is in the range of i", _kronecker, (KroneckerDelta,)),
    Rule("piecewise", "the index is within range", _piecewise, (Piecewise,)),
    Rule("normalisation", "a distribution sums to 1 (and counts sum to N)", _normalisation, (Sum,)),
    Rule("rename", "rename the summation index", _rename, (Sum, Product)),
    Rule("differentiate", "differentiate", _differentiate, (Grad,)),
    Rule("collect", "collect like terms", _collect),
)


def _node_types(expr: Basic) -> set[type]:
    return {type(node) for node in preorder_traversal(expr)}


def normalise(expr: Expr, ctx: Context, budget: Optional[Budget] = None, side: str = "") -> Normalised:
    """Rewrite *expr* to the fixpoint of :data:`RULES`, recording each change.

    Raises :class:`~symdiv.errors.BudgetExceeded` if *budget* runs out.
    """
    steps: list[Step] = []
    for _ in range(_MAX_ROUNDS):
        changed = False
        types = _node_types(expr)
        for rule in RULES:
            if budget is not None:
                budget.check(f"rule {rule.name!r}")
            if not any(issubclass(t, rule.triggers) for t in types):
                continue
            new = rule.apply(expr, ctx)
            if new != expr:
                steps.append(Step(rule.name, rule.justification, new, side))
                expr, changed = new, True
                types = _node_types(expr)
        if not changed:
            break
    return Normalised(expr, tuple(steps))
