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
>>> result = normalise(CrossEntropy(P, Q) - Entropy(P) - KL(P, Q), domain_of(P))
>>> result.expr
0
>>> [step.rule for step in result.steps]
['definition', 'log_quotient', 'linearity']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from sympy import (
    Abs,
    Add,
    Max,
    Min,
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
    S,
    Sum,
    Symbol,
    exp,
    log,
    preorder_traversal,
)
from sympy.core.relational import GreaterThan, LessThan, Relational, StrictGreaterThan, StrictLessThan
from sympy.logic.boolalg import And, BooleanTrue

from ..core.algebra import bottom_up, expand_log, is_leaf
from ..core.bound import canonical_indices
from ..core.domain import Domain, domain_of, is_positive
from ..core.continuous import Expectation, expectation_of_polynomial
from ..core.functions import Sigmoid, Softplus
from ..core.measures import Grad, Measure
from ..core.model import Count, Distribution, Marginal, ModelComponent, Sample, fresh_index, marginal
from ..budget import Budget, Stop

__all__ = ["Step", "Normalised", "Rule", "RULES", "SPECIFIC_RULES", "normalise", "expand_log", "is_positive", "Domain", "domain_of",
           "expanded_terms", "MAX_TERMS", "case_split"]

_MAX_ROUNDS = 30


@dataclass(frozen=True)
class Step:
    """One recorded rewrite: the rule applied and the whole expression after it.

    ``relation`` is how the expression stands to the one before: ``"="`` for a rewrite, ``">="``
    for the last step of an inequality's chain (``sum_i q_i phi(p_i/q_i) >= 0``).
    """

    rule: str
    justification: str
    expr: Expr
    side: str = ""
    relation: str = "="


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
    apply: Callable[[Expr, Domain], Expr]
    triggers: tuple[type, ...] = (Basic,)


# ---------------------------------------------------------------------------
# Traversal


def _scoped(expr: Basic, fn: Callable[[Basic, Domain], Basic], dom: Domain) -> Basic:
    """Bottom-up like :func:`_bottom_up`, telling *fn* the ranges of the enclosing sums' indices.

    Inside ``sum_{i=1}^{n}`` the index ``i`` is known to lie in ``1..n``: the
    rules that ask whether an index is in range (Kronecker deltas, piecewise
    branches) need that for bound indices as much as for free ones.
    """
    if is_leaf(expr):
        return fn(expr, dom)
    inner = dom
    if isinstance(expr, (Sum, Product)):
        inner = dom.with_ranges({v: (lo, hi) for v, lo, hi in expr.limits})
    args = tuple(_scoped(a, fn, inner) for a in expr.args)
    if args != expr.args:
        expr = expr.func(*args)
    return fn(expr, dom)


# ---------------------------------------------------------------------------
# Rules


def _definitions(expr: Expr, dom: Domain) -> Expr:
    # D(P||P) = sum_i p_i log(p_i/p_i) is a sum of zeros at once: no step should read "sum_i 0"
    return _drop_zero_sums(bottom_up(expr, lambda e: e.definition() if isinstance(e, Measure) else e))


def _log_expand(expr: Expr, dom: Domain) -> Expr:
    return expand_log(expr)


#: Most terms an expansion may produce; past it the normal form gives up (unknown), rather than
#: spend minutes and gigabytes on (p_1 + ... + z_2)^60.
MAX_TERMS = 20_000


def expanded_terms(e: Basic, limit: int = MAX_TERMS) -> int:
    """An upper bound on the number of terms of ``e.expand()``, computed without expanding
    (capped just above *limit*).

    >>> from sympy import symbols
    >>> a, b, c = symbols("a b c")
    >>> expanded_terms((a + b) ** 2 * (a + c)), expanded_terms((a + b + c) ** 60)
    (6, 1891)
    """
    if isinstance(e, Add):
        return min(limit + 1, sum(expanded_terms(a, limit) for a in e.args))
    if isinstance(e, Mul):
        total = 1
        for a in e.args:
            total = min(limit + 1, total * expanded_terms(a, limit))
        return total
    if isinstance(e, Pow) and e.exp.is_Integer and e.exp > 1 and isinstance(e.base, Add):
        m, k = expanded_terms(e.base, limit), int(e.exp)
        if m > limit or k > 10 * limit:
            return limit + 1
        # the multinomial count C(m + k - 1, k), computed a factor at a time so it stops early
        count = 1
        for t in range(1, min(k, m - 1) + 1):
            count = count * (max(k, m - 1) + t) // t
            if count > limit:
                return limit + 1
        return count
    return 1


def _bounded_expand(e: Expr, **hints) -> Expr:
    size = expanded_terms(e)
    if size > MAX_TERMS:
        raise Stop("terms", "normal_form", MAX_TERMS).exceeded()
    return e.expand(**hints)


def _expand_products(e: Expr) -> Expr:
    return _bounded_expand(e, log=False, power_base=False, power_exp=False, deep=False, multinomial=True, mul=True)


def _split_sum(e: Basic, dom: Domain) -> Basic:
    if not isinstance(e, Sum):
        return e
    # Innermost limit first.  Never rebuild Sum(Sum(...)): sympy merges it back
    # into one Sum with several limits, and this would recurse forever.
    result = e.function
    for limit in e.limits:
        result = _split_over(result, limit, dom)
    return result


def _split_over(body: Expr, limit: tuple, dom: Domain) -> Expr:
    """``sum_i body`` with the factors free of ``i`` pulled out of each term.

    A term free of ``i`` counts the range: ``hi - lo + 1`` terms, but only
    when that is known to be >= 0.  An empty range has 0 terms, not the
    negative number sympy's convention gives (``Sum(1, (i, 3, n))`` at
    ``n = 1``), so otherwise the count stays a sum.
    """
    (i, lo, hi) = limit
    count = hi - lo + 1
    if not dom.is_nonnegative(count):
        count = Sum(S.One, (i, lo, hi))
    terms = []
    for term in Add.make_args(_expand_products(body)):
        free = [f for f in Mul.make_args(term) if i not in f.free_symbols]
        bound = [f for f in Mul.make_args(term) if i in f.free_symbols]
        if bound:
            terms.append(Mul(*free) * Sum(Mul(*bound), (i, lo, hi)))
        else:
            terms.append(Mul(*free) * count)
    return Add(*terms)


def _linearity(expr: Expr, dom: Domain) -> Expr:
    return _scoped(expr, _split_sum, dom)


def _delta_partner(delta: KroneckerDelta, i: Symbol) -> Optional[Expr]:
    a, b = delta.args
    if a == i and i not in b.free_symbols:
        return b
    if b == i and i not in a.free_symbols:
        return a
    return None


def _collapse_delta(e: Basic, dom: Domain) -> Basic:
    """``sum_i delta_{i,x} f(i) = f(x)`` when ``x`` is known to lie in the range of ``i``.

    In a sum over several indices ``i`` may be any of them, as long as no
    other limit depends on ``i`` (then ``i`` can be summed first); ``x`` may
    be another index of the same sum whose range lies within that of ``i``.
    """
    if not isinstance(e, Sum):
        return e
    limits = list(e.limits)
    factors = Mul.make_args(e.function)
    for at, (i, lo, hi) in enumerate(limits):
        others = limits[:at] + limits[at + 1:]
        if any(i in olo.free_symbols | ohi.free_symbols for _, olo, ohi in others):
            continue
        scope = dom.with_ranges({v: (olo, ohi) for v, olo, ohi in others})
        for pos, f in enumerate(factors):
            partner = _delta_partner(f, i) if isinstance(f, KroneckerDelta) else None
            if partner is not None and scope.in_range(partner, lo, hi):
                rest = Mul(*(factors[:pos] + factors[pos + 1:])).xreplace({i: partner})
                return Sum(rest, *others) if others else rest
    return e


def _kronecker(expr: Expr, dom: Domain) -> Expr:
    return _scoped(expr, _collapse_delta, dom)


def _holds(cond: Basic, dom: Domain) -> bool:
    if isinstance(cond, BooleanTrue):
        return True
    if isinstance(cond, And):
        return all(_holds(c, dom) for c in cond.args)
    if isinstance(cond, Relational):
        lhs, rhs = cond.lhs, cond.rhs
        if isinstance(cond, (GreaterThan, StrictGreaterThan)):
            lhs, rhs = rhs, lhs  # now lhs <= rhs (or <)
        elif not isinstance(cond, (LessThan, StrictLessThan)):
            return False
        strict = isinstance(cond, (StrictLessThan, StrictGreaterThan))
        gap = rhs - lhs
        for x, (lo, hi) in dom.ranges.items():
            if lhs == x:
                gap = rhs - hi
            elif rhs == x:
                gap = lo - lhs
        # Both sides are integers here (indices and sizes): a < b is a + 1 <= b.
        return dom.is_nonnegative(gap - 1 if strict else gap)
    return False


def _piecewise(expr: Expr, dom: Domain) -> Expr:
    def fn(e: Basic, scope: Domain) -> Basic:
        # Only the first branch may be taken, and only when its condition is
        # known to hold: jumping over an undecided branch would be unsound.
        if isinstance(e, Piecewise) and _holds(e.args[0].cond, scope):
            return e.args[0].expr
        return e

    return _scoped(expr, fn, dom)


#: How many terms a sum may shed to reach the whole alphabet (sum_{i=1}^{n-2} ...).
_MAX_PEELED = 4


def _whole_alphabet(e: Basic, dom: Domain) -> Basic:
    """Widen ``sum_{i=lo}^{hi}`` to the alphabet ``1..n`` its body is indexed by.

    ``sum_{i=1}^{n-c} f(i) = sum_{i=1}^{n} f(i) - f(n-c+1) - ... - f(n)``, and
    likewise at the lower end.  Sound when the range has length >= 0 (then
    every removed term is an outcome of the alphabet); with the range over the
    whole alphabet, normalisation and the other rules apply.
    """
    if not isinstance(e, Sum) or len(e.limits) != 1:
        return e
    (i, lo, hi) = e.limits[0]
    sizes = {x.base.shape[0] for x in e.function.atoms(Indexed)
             if x.indices == (i,) and isinstance(x.base, IndexedBase) and x.base.shape}
    if len(sizes) != 1 or not dom.is_nonnegative(hi - lo + 1):
        return e
    (n,) = sizes
    top, bottom = n - hi, lo - 1
    if not (top.is_Integer and bottom.is_Integer and 0 <= top <= _MAX_PEELED and 0 <= bottom <= _MAX_PEELED):
        return e
    if top == 0 and bottom == 0:
        return e
    removed = [hi + m for m in range(1, int(top) + 1)] + [Integer(m) for m in range(1, int(bottom) + 1)]
    return Sum(e.function, (i, 1, n)) - Add(*[e.function.xreplace({i: x}) for x in removed])


def _complete_range(expr: Expr, dom: Domain) -> Expr:
    return _scoped(expr, _whole_alphabet, dom)


def _reversed_index(e: Basic, dom: Domain) -> Basic:
    """``sum_{i=lo}^{hi} f(lo + hi - i) = sum_{i=lo}^{hi} f(i)``: run a reversed sum forwards.

    Applied when every component the body indexes by ``i`` counts down
    (``p_{n+1-i}``) and none counts up, so the rewrite is a simplification.
    """
    if not isinstance(e, Sum) or len(e.limits) != 1:
        return e
    (i, lo, hi) = e.limits[0]
    slopes = [x.indices[0].as_poly(i) for x in e.function.atoms(Indexed) if i in x.free_symbols]
    if not slopes or any(s is None or s.degree() != 1 or s.LC() != -1 for s in slopes):
        return e
    return Sum(e.function.xreplace({i: lo + hi - i}), (i, lo, hi))


def _reindex(expr: Expr, dom: Domain) -> Expr:
    return _scoped(expr, _reversed_index, dom)


def _holder(e: Sum, at: int) -> Optional[tuple[Indexed, int]]:
    """The one factor of the body of *e* that uses the index of limit *at*, and the axis it uses it on.

    None unless summing over that index is summing a distribution's axis:
    the index runs over the whole axis, no other factor and no other limit
    uses it, and the factor is a plain component ``p[..., j, ...]`` of a
    distribution (positive, normalised), used once.
    """
    limits = e.limits
    (j, lo, hi) = limits[at]
    if lo != 1 or any(j in olo.free_symbols | ohi.free_symbols for k, (_, olo, ohi) in enumerate(limits) if k != at):
        return None
    holding = [f for f in Mul.make_args(e.function) if j in f.free_symbols]
    if len(holding) != 1 or not isinstance(holding[0], Indexed) or \
            not isinstance(holding[0].base, (Distribution, Marginal)):
        return None
    f = holding[0]
    axes = [k for k, x in enumerate(f.indices) if j in x.free_symbols]
    if len(axes) != 1 or f.indices[axes[0]] != j or hi != f.base.shape[axes[0]]:
        return None
    return f, axes[0]


def _without(e: Sum, at: int, replacement: Expr, f: Indexed) -> Expr:
    """*e* with limit *at* dropped and the factor *f* replaced."""
    rest = Mul(*(x for x in Mul.make_args(e.function) if x is not f)) * replacement
    others = e.limits[:at] + e.limits[at + 1:]
    return Sum(rest, *others) if others else rest


def _sum_to_one(e: Basic) -> Basic:
    """``sum_i p_i = 1`` (a distribution's last axis summed away), and ``sum_i c_i = N``."""
    if not isinstance(e, Sum):
        return e
    for at in range(len(e.limits)):
        found = _holder(e, at)
        if found is not None and len(found[0].indices) == 1:
            return _without(e, at, S.One, found[0])
    if len(e.limits) != 1:
        return e
    (i, lo, hi) = e.limits[0]
    f = e.function
    if isinstance(f, Count) and f.outcome == i and lo == 1 and hi == f.dataset.alphabet:
        return f.dataset.size
    if isinstance(f, ModelComponent) and f.index == i and lo == 1 and hi == f.family.size:
        return S.One  # a model's components sum to 1, whatever its parameters
    return e


def _normalisation(expr: Expr, dom: Domain) -> Expr:
    return bottom_up(expr, _sum_to_one)


def _marginal_of(e: Basic) -> Basic:
    """``sum_y p(x, y) f(x) = p(x) f(x)``: summing a joint over one variable gives the marginal."""
    if not isinstance(e, Sum):
        return e
    for at in range(len(e.limits)):
        found = _holder(e, at)
        if found is None or len(found[0].indices) == 1 or not found[0].base.variables:
            continue
        f, axis = found
        kept = tuple(v for k, v in enumerate(f.base.variables) if k != axis)
        rest = tuple(x for k, x in enumerate(f.indices) if k != axis)
        return _without(e, at, marginal(f.base, *kept)[rest if len(rest) > 1 else rest[0]], f)
    return e


def _marginalise(expr: Expr, dom: Domain) -> Expr:
    return bottom_up(expr, _marginal_of)


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


def _group_samples(expr: Expr, dom: Domain) -> Expr:
    return bottom_up(expr, _group)


def _differentiate(expr: Expr, dom: Domain) -> Expr:
    def fn(e: Basic) -> Basic:
        if isinstance(e, Grad) and not e.objective.has(Measure, Grad):
            objective = canonical_indices(e.objective, avoid=[e.variable])
            return _drop_zero_sums(objective.diff(e.variable))
        return e

    return bottom_up(expr, fn)


def _drop_zero_sums(e: Basic) -> Basic:
    # sympy differentiates a sum term by term and leaves Sum(0, ...) behind; a sum of
    # zeros is 0 over any range, the empty one included, and no reader writes it.
    return bottom_up(e, lambda node: S.Zero if isinstance(node, Sum) and node.function == 0 else node)


def _logistic(e: Basic) -> Basic:
    """One rewrite of the sigmoid's algebra at *e*, towards arguments without a leading minus."""
    if isinstance(e, log):
        arg = e.args[0]
        if isinstance(arg, Sigmoid):  # log sigmoid(u) = -softplus(-u)
            return -Softplus(-arg.args[0])
        rest = arg - 1
        if isinstance(-rest, Sigmoid):  # log(1 - sigmoid(u)) = -softplus(u)
            return -Softplus((-rest).args[0])
        exps = [t for t in Add.make_args(rest) if isinstance(t, exp)]
        if rest.is_Add is False and len(exps) == 1 and rest == exps[0]:  # log(1 + exp(u)) = softplus(u)
            return Softplus(exps[0].args[0])
    if isinstance(e, Sigmoid) and e.args[0].could_extract_minus_sign():
        return 1 - Sigmoid(-e.args[0])
    if isinstance(e, Softplus) and e.args[0].could_extract_minus_sign():
        return Softplus(-e.args[0]) + e.args[0]  # softplus(-w) = softplus(w) - w
    return e


def _sigmoid(expr: Expr, dom: Domain) -> Expr:
    return bottom_up(expr, _logistic)


def _moments(expr: Expr, dom: Domain) -> Expr:
    def fn(e: Basic) -> Basic:
        if isinstance(e, Expectation):
            value = expectation_of_polynomial(e.body, e.outcome, e.dist)
            return e if value is None else value
        return e

    return bottom_up(expr, fn)


def _as_exp(e: Basic) -> Basic:
    # 2^(H/log 2) = exp(H): a power of a number with a symbolic exponent, written with e
    if isinstance(e, Pow) and e.base.is_Number and e.base.is_positive and e.base != 1 \
            and not e.exp.is_Number and e.base is not S.Exp1:
        return exp((e.exp * log(e.base)).expand())
    return e


def _powers(expr: Expr, dom: Domain) -> Expr:
    return bottom_up(expr, _as_exp)


def _rename(expr: Expr, dom: Domain) -> Expr:
    return canonical_indices(expr, avoid=list(dom.ranges))


def _collect(expr: Expr, dom: Domain) -> Expr:
    return _bounded_expand(expr, log=False, power_base=False, power_exp=False)


#: The rewrite rules, in the order each round applies them.
RULES: tuple[Rule, ...] = (
    Rule("definition", "definition", _definitions, (Measure,)),
    Rule("log_expand", "log of a product, quotient or power (all terms positive)", _log_expand, (log,)),
    Rule("group_samples", "group the samples by outcome: sum_s f(x_s) = sum_i c_i f(i)", _group_samples, (Sample,)),
    Rule("linearity", "linearity of the sum", _linearity, (Sum,)),
    Rule("kronecker", "sum_i delta_ij f(i) = f(j), since j is in the range of i", _kronecker, (KroneckerDelta,)),
    Rule("complete_range", "extend the sum to the whole alphabet and subtract the added terms", _complete_range, (Sum,)),
    Rule("reindex", "reverse the order of summation, i -> lo + hi - i", _reindex, (Sum,)),
    Rule("piecewise", "the index is within range", _piecewise, (Piecewise,)),
    Rule("sigmoid", "the logistic identities: log sigmoid(u) = -softplus(-u), sigmoid(-u) = 1 - sigmoid(u), "
         "softplus(-u) = softplus(u) - u, log(1 + exp(u)) = softplus(u)", _sigmoid,
         (Sigmoid, Softplus, log)),
    Rule("power_as_exp", "b^x = exp(x log b)", _powers, (Pow,)),
    Rule("gaussian_moments", "linearity of expectation, and the moments of a Gaussian: E[x] = mu, "
         "E[x^2] = mu^2 + sigma^2", _moments, (Expectation,)),
    Rule("marginalise", "sum_y p(x, y) = p(x): summing a joint over a variable gives the marginal", _marginalise,
         (Sum,)),
    Rule("normalisation", "a distribution sums to 1 (and counts sum to N)", _normalisation, (Sum,)),
    Rule("rename", "rename the summation index", _rename, (Sum, Product)),
    Rule("differentiate", "differentiate", _differentiate, (Grad,)),
    Rule("collect", "multiply out and collect like terms", _collect),
)


#: The narrower name a step gets when one kind of rewrite did all its work (a teacher says
#: "log of a quotient", not "log of a product, quotient or power").
SPECIFIC_RULES = {
    "log_quotient": "log of a quotient (all terms positive)",
    "log_product": "log of a product (all terms positive)",
    "log_power": "log of a power",
    "log_exp": "the log of an exponential is its exponent",
    "rename_cancel": "rename the summation index; equal sums cancel",
    "sums_to_one": "a distribution sums to 1",
    "counts_total": "the counts sum to N",
    "log_sigmoid": "log sigmoid(u) = -softplus(-u), log(1 - sigmoid(u)) = -softplus(u)",
    "softplus_definition": "log(1 + exp(u)) = softplus(u)",
    "sigmoid_reflect": "sigmoid(-u) = 1 - sigmoid(u)",
    "softplus_reflect": "softplus(-u) = softplus(u) - u",
}


def _logistic_kinds(old: Expr, new: Expr) -> set[str]:
    """Which of the sigmoid rule's identities turned *old* into *new*."""
    kinds = set()
    for gone in old.atoms(log) - new.atoms(log):
        arg = gone.args[0]
        kinds.add("log_sigmoid" if isinstance(arg, Sigmoid) or isinstance(1 - arg, Sigmoid)
                  else "softplus_definition")
    for f, kind in ((Sigmoid, "sigmoid_reflect"), (Softplus, "softplus_reflect")):
        if any(a.args[0].could_extract_minus_sign() for a in old.atoms(f) - new.atoms(f)):
            kinds.add(kind)
    return kinds


def _log_kind(arg: Basic) -> str:
    if isinstance(arg, exp):
        return "log_exp"
    if isinstance(arg, Pow) or arg.is_Integer:
        return "log_power"  # log 4 = log 2^2 = 2 log 2
    if isinstance(arg, Product):
        return "log_product"
    if isinstance(arg, Mul) and any(isinstance(f, Pow) and f.exp.is_negative for f in arg.args) or arg.is_Rational:
        return "log_quotient"
    return "log_product"


def _specific(rule: str, old: Expr, new: Expr) -> str:
    """*rule*, or its narrower name (:data:`SPECIFIC_RULES`) when that describes the whole step."""
    if rule == "log_expand":
        kinds = {_log_kind(x.args[0]) for x in old.atoms(log) - new.atoms(log)}
        return kinds.pop() if len(kinds) == 1 else rule
    if rule == "rename" and (len(Add.make_args(new)) < len(Add.make_args(old))
                             or len(new.atoms(Sum)) < len(old.atoms(Sum))):
        return "rename_cancel"  # sum_i f(i) - sum_k f(k) = 0, or sum_i f(i) / sum_k f(k) = 1
    if rule == "sigmoid":
        kinds = _logistic_kinds(old, new)
        return kinds.pop() if len(kinds) == 1 else rule
    if rule == "normalisation":  # which sums went: of counts (to N), of probabilities (to 1), or both
        kinds = {"counts_total" if e.function.atoms(Count) else "sums_to_one" for e in old.atoms(Sum) - new.atoms(Sum)}
        return kinds.pop() if len(kinds) == 1 else rule
    return rule


def case_split(expr: Expr) -> Optional[tuple[Expr, tuple[tuple[str, Expr], tuple[str, Expr]]]]:
    """``(u, ((case, expr with u >= 0), (case, expr with u < 0)))`` when *expr* holds ``|u|``,
    ``max(u, 0)`` or ``min(u, 0)`` of a real ``u``; else None.

    Each case replaces those by what they are there (``|u| = u``, ``max(u, 0) = u`` for
    ``u >= 0``), so an identity proved in both cases, for every ``u``, holds everywhere.

    >>> from sympy import Abs, Max, Symbol
    >>> u = Symbol("u", real=True)
    >>> case_split(Max(u, 0) + Abs(u))
    (u, (('case_nonnegative', 2*u), ('case_negative', -u)))
    """
    found = sorted({x.args[0] for x in expr.atoms(Abs) if x.args[0].is_extended_real}
                   | {a for m in expr.atoms(Max, Min) if len(m.args) == 2 and 0 in m.args
                      for a in m.args if a != 0 and a.is_extended_real}, key=str)
    if not found:
        return None
    u = found[0]
    nonnegative = {Abs(u): u, Max(u, 0): u, Min(u, 0): S.Zero}
    negative = {Abs(u): -u, Max(u, 0): S.Zero, Min(u, 0): u}
    return u, (("case_nonnegative", expr.xreplace(nonnegative)), ("case_negative", expr.xreplace(negative)))


def _node_types(expr: Basic) -> set[type]:
    return {type(node) for node in preorder_traversal(expr)}


def normalise(expr: Expr, dom: Domain, budget: Optional[Budget] = None, side: str = "") -> Normalised:
    """Rewrite *expr* to the fixpoint of :data:`RULES`, recording each change.

    Raises :class:`~symdiv.errors.BudgetExceeded` if *budget* runs out.
    """
    steps: list[Step] = []
    for _ in range(_MAX_ROUNDS):
        changed = False
        types = _node_types(expr)
        for rule in RULES:
            if budget is not None:
                budget.check(rule.name)
            if not any(issubclass(t, rule.triggers) for t in types):
                continue
            new = rule.apply(expr, dom)
            if new != expr:
                name = _specific(rule.name, expr, new)
                steps.append(Step(name, rule.justification if name == rule.name else SPECIFIC_RULES[name], new, side))
                expr, changed = new, True
                types = _node_types(expr)
        if not changed:
            break
    return Normalised(expr, tuple(steps))
