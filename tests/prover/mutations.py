"""Mutation suite for the prover: variants of the bundled theorems, judged independently.

Every bundled theorem is mutated into statements that should be false
(swapped arguments, a flipped sign, a dropped term, a changed log base, an
off-by-one index or constant, a wrong certificate, ...) and rearranged into
statements that should still be true (sides swapped, a term moved across,
both sides scaled, a summation index renamed, ...).  Whether a variant is
true is *not* taken from the mutation's intent nor from symdiv: an oracle in
this module evaluates both sides exactly at random rational instances
(alphabet sizes 1..5, n = 1 included), with its own definitions of the
measures and of the gradient.  A mutation that happens to stay true (swapping
the arguments of something symmetric) is therefore a true variant.

The prover's verdict is then held to one rule: a false statement is never
``proved`` and a true one never ``refuted``; ``unknown`` is allowed and only
counted.  A refutation must also stand up to the oracle at the prover's own
counterexample, and a proved equivalence must carry a certificate the oracle
accepts.

``python -m tests.prover.mutations`` runs every variant and prints the
counts and the failures; ``python -m tests.prover.mutations ID ...`` runs the
named variants and shows the statement, the oracle's evidence and the verdict.
"""

from __future__ import annotations

import itertools
import random
import sys
import time
import types
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable, Iterator, Optional, Sequence

from sympy import (
    Add,
    Basic,
    E,
    Expr,
    Float,
    Indexed,
    IndexedBase,
    Integer,
    KroneckerDelta,
    Mul,
    Number,
    NumberSymbol,
    Product,
    Rational,
    S,
    Sum,
    Symbol,
    Tuple,
    diff,
    exp,
    log,
    nan,
    oo,
)
from sympy.core.relational import Equality

import symdiv as sd
from symdiv.core.measures import Grad, Likelihood, Measure, SelfInformation
from symdiv.core.model import (
    Count,
    Dataset,
    Distribution,
    Empirical,
    ExplicitDistribution,
    Logits,
    Marginal,
    PointMass,
    ProductDistribution,
    RandomVariable,
    Sample,
    Softmax,
    Uniform,
    _Model,
)
from symdiv.errors import SymdivError
from symdiv.library import discover
from symdiv.prover.prove import as_expression

__all__ = [
    "Claim",
    "Variant",
    "Outcome",
    "variants",
    "default_sample",
    "judge",
    "run",
    "truth",
    "main",
]

#: Seed of every random choice here: generation, sampling and the oracle's instances.
SEED = 20240611
#: The full set must have at least this many variants (composed mutations fill it up).
FULL_TARGET = 1800
#: The default (fast) sample.
DEFAULT_SIZE = 400
#: Prover settings.  The budget only bounds symbolic work (running out gives
#: ``unknown``, which the suite allows); the numeric cross-check keeps its default.
BUDGET = 4.0

# Two values differ when their difference at 60 significant digits exceeds this.
_DIGITS = 60
_THRESHOLD = Float(10) ** -40


# ---------------------------------------------------------------------------
# Claims: what a theorem (or a variant) states


@dataclass(frozen=True)
class Claim:
    """``lhs = rhs`` (``kind == "prove"``), or "f and g have the same optimisers over
    ``wrt``" (``kind == "equivalent"``), optionally witnessed by ``f = a·g + b``."""

    kind: str
    lhs: Expr
    rhs: Expr
    wrt: tuple = ()
    senses: tuple = ("min", "min")
    a: Optional[Expr] = None
    b: Optional[Expr] = None
    #: The theorem claims the equation is false ("!="): its expected verdict is about the negation.
    negated: bool = False

    def key(self) -> tuple:
        return (self.kind, self.lhs, self.rhs, self.wrt, self.senses, self.a, self.b)

    def __str__(self) -> str:
        if self.kind == "prove":
            return f"{self.lhs} = {self.rhs}"
        text = f"{self.senses[0]} {self.lhs} ~ {self.senses[1]} {self.rhs} over {', '.join(map(str, self.wrt))}"
        return text + (f"  [certificate a = {self.a}, b = {self.b}]" if self.a is not None else "")


def _claims_of(theorem) -> list[Claim]:
    """The claims a theorem's ``check`` makes, recorded instead of run.

    The check is re-run with ``prove``/``equivalent`` swapped for recorders in a
    copy of its globals (the theorem module itself is untouched), so the exact
    arguments are recovered, ``wrt``, senses and certificate included.
    """
    found: list[Claim] = []

    def prove(lhs, rhs=None, relation="=", **_):
        if isinstance(lhs, Equality):
            lhs, rhs = lhs.lhs, lhs.rhs
        # Inequalities have their own tests (tests/prover/test_inequality.py); this oracle judges
        # equations.  A '!=' theorem is recorded as its equation, which is then false.
        if relation in ("=", "!="):
            found.append(Claim("prove", as_expression(lhs, "lhs"), as_expression(rhs, "rhs"),
                               negated=relation == "!="))

    def equivalent(f, g, wrt, *, senses=("min", "min"), a=None, b=None, **_):
        wrt = tuple(wrt) if isinstance(wrt, (list, tuple)) else (wrt,)
        found.append(Claim("equivalent", f, g, wrt, tuple(senses),
                           None if a is None else S(a), None if b is None else S(b)))

    check = theorem.check
    if isinstance(check, types.FunctionType):
        scope = dict(check.__globals__, prove=prove, equivalent=equivalent)
        types.FunctionType(check.__code__, scope, check.__name__, check.__defaults__, check.__closure__)()
    if not found:
        # a check written some other way: fall back on its verdict (if it is about an equation)
        v = check()
        if v.certificate is None and v.relation.value in ("=", "!="):
            found.append(Claim("prove", v.lhs, v.rhs))
    return found


def _judged(claim: Claim) -> bool:
    """Whether the oracle has its own definitions for everything in *claim*.

    The losses' objects (an opaque model, Gaussians and their expectations, sigmoid
    families, mixtures) are outside its vocabulary; their false variants are refuted in
    tests/prover/test_losses.py instead.
    """
    from symdiv.core.continuous import Expectation, Normal, NormalDiag
    from symdiv.core.measures import BinaryCrossEntropy, FocalLoss
    from symdiv.core.model import Bernoulli, Labels, Mixture, ModelComponent, OffTarget, ParametricDistribution

    statement = Tuple(claim.lhs, claim.rhs)
    unknown = (ParametricDistribution, ModelComponent, Normal, NormalDiag, Expectation, Bernoulli, Mixture,
               OffTarget, Labels, BinaryCrossEntropy, FocalLoss)
    if statement.atoms(*unknown):
        return False
    if any(g.component is None or not isinstance(g.wrt, Logits) for g in statement.atoms(Grad)):
        return False
    if any(s.temperature != 1 for s in statement.atoms(Softmax)):
        return False
    # free real scalars (u, p of BCE): the oracle's instances give values to sizes and indices only
    labels = {b.label for b in statement.atoms(IndexedBase)}
    return not any(not x.is_integer for x in statement.free_symbols - labels if isinstance(x, Symbol))


@lru_cache(maxsize=None)
def theorems() -> tuple[tuple[str, Claim, str], ...]:
    """``(name, claim, expected status of the claim's equation)`` of every bundled theorem."""
    flip = {"proved": "refuted", "refuted": "proved"}
    return tuple((t.name, replace(c, negated=False), flip.get(t.expected.value, t.expected.value) if c.negated
                  else t.expected.value) for t in discover() for c in _claims_of(t) if _judged(c))


# ---------------------------------------------------------------------------
# Tree surgery.  Objects such as a Distribution are leaves: their name and size
# are not something a mutation should reach into.

_LEAVES = (Distribution, Logits, Dataset, _Model, Marginal, RandomVariable)


def _nodes(e: Basic, path: tuple = ()) -> Iterator[tuple[tuple, Basic]]:
    yield path, e
    if isinstance(e, _LEAVES):
        return
    for k, a in enumerate(e.args):
        yield from _nodes(a, path + (k,))


def _rebuild(e: Basic, args: Sequence[Basic]) -> Basic:
    if isinstance(e, Likelihood):  # its constructor takes no base
        return Likelihood(args[0], args[1])
    return e.func(*args)


def _replace_at(e: Basic, path: tuple, new: Basic) -> Basic:
    if not path:
        return new
    args = list(e.args)
    args[path[0]] = _replace_at(args[path[0]], path[1:], new)
    return _rebuild(e, args)


def _bound_symbols(e: Basic) -> set:
    return {v for s in e.atoms(Sum, Product) for v, *_ in s.limits}


def _sizes(e: Basic) -> set:
    out = set()
    for x in e.atoms(Distribution, Logits, Uniform, PointMass):
        out.update(x.shape)
    for v in e.atoms(RandomVariable):
        out.add(v.size)
    for d in e.atoms(Dataset):
        out |= {d.size, d.alphabet}
    return {s for s in out if isinstance(s, Symbol)}


def _alphabet(e: Basic) -> Expr:
    """The statement's alphabet size (``n`` for the bundled theorems; that of its first
    random variable for a statement about several)."""
    for x in e.atoms(Distribution, Logits):
        if len(x.shape) == 1:
            return x.size
    for v in sorted(e.atoms(RandomVariable), key=str):
        return v.size
    for d in e.atoms(Dataset):
        return d.alphabet
    return sd.alphabet_size("n")


def _free_indices(e: Basic) -> set:
    """Free component indices: integer symbols that are neither sizes nor bound."""
    return {s for s in e.free_symbols if isinstance(s, Symbol) and s.is_integer and s not in _sizes(e)}


def _fresh(avoid: Basic, *names: str) -> Symbol:
    taken = {str(s) for s in avoid.free_symbols | _bound_symbols(avoid)}
    return next(Symbol(x, integer=True) for x in names if x not in taken)


# ---------------------------------------------------------------------------
# Mutation operators for ``lhs = rhs``.  Each yields (operator name, lhs, rhs);
# mutations are meant to falsify, rearrangements to preserve truth, but the
# oracle has the last word.

Pair = tuple[Expr, Expr]


def _on_each_side(lhs: Expr, rhs: Expr, fn: Callable[[Expr], Iterator[Expr]]) -> Iterator[Pair]:
    for new in fn(lhs):
        yield new, rhs
    for new in fn(rhs):
        yield lhs, new


def _swap_args(lhs, rhs):
    """KL(P,Q) -> KL(Q,P), H(P,Q) -> H(Q,P), H(Y|X) -> H(X|Y), I(X;Y) -> I(Y;X), at one place."""
    def fn(side):
        for path, x in _nodes(side):
            if isinstance(x, (sd.CrossEntropy, sd.KL)) and x.P != x.Q:
                yield _replace_at(side, path, x.func(x.Q, x.P, x.base))
            elif isinstance(x, sd.ConditionalKL) and x.P != x.Q:
                yield _replace_at(side, path, sd.ConditionalKL(x.Q, x.P, x.of, x.given, x.base))
            elif isinstance(x, sd.ConditionalEntropy) and len(x.given) == 1 and len(x.of) == 1:
                yield _replace_at(side, path, sd.ConditionalEntropy(x.joint, x.given, x.of, x.base))
            elif isinstance(x, sd.MutualInformation):
                (a, b), c = x.sides, x.given
                yield _replace_at(side, path, sd.MutualInformation(x.joint, b, a, c, x.base))
    yield from _on_each_side(lhs, rhs, fn)


def _condition(lhs, rhs):
    """What a variable is conditioned on, changed at one place: a condition dropped
    (H(Z|X,Y) -> H(Z|X), I(X;Y|Z) -> I(X;Y)) or added (H(Y) -> H(Y|X))."""
    def fn(side):
        for path, x in _nodes(side):
            if isinstance(x, sd.ConditionalEntropy):
                for v in x.given:
                    rest = tuple(w for w in x.given if w != v)
                    yield _replace_at(side, path, sd.ConditionalEntropy(x.joint, x.of, rest, x.base) if rest
                                      else sd.Entropy(sd.marginal(x.joint, *x.of), x.base))
            elif isinstance(x, sd.MutualInformation) and x.given:
                (a, b), c = x.sides, x.given
                yield _replace_at(side, path, sd.MutualInformation(x.joint, a, b, c[1:], x.base))
            elif isinstance(x, sd.Entropy) and isinstance(x.dist, Marginal):
                others = [v for v in x.dist.joint.variables if v not in x.dist.variables]
                if others:
                    yield _replace_at(side, path, sd.ConditionalEntropy(x.dist.joint, x.dist.variables,
                                                                        others[0], x.base))
    yield from _on_each_side(lhs, rhs, fn)


def _other_distribution(x: Basic, statement: Basic) -> Iterator[Basic]:
    """What a distribution can be confused with: P with Q, a model with P."""
    if isinstance(x, Distribution) and x.variables:
        names = [y for y in ("q", "p", "r") if y != x.name]
        yield Distribution(names[0], x.variables)
    elif isinstance(x, Distribution):
        names = [y for y in ("Q", "P", "R") if y != x.name]
        yield Distribution(names[0], x.size)
    elif isinstance(x, (Softmax, Empirical, Uniform)):
        yield Distribution("Q" if statement.has(Distribution("P", x.size)) else "P", x.size)
    elif isinstance(x, ExplicitDistribution):
        k = len(x.values)
        yield ExplicitDistribution(x.name, [Rational(1, k)] * k)          # a different distribution
        yield ExplicitDistribution(x.name, list(reversed(x.values)))     # the same values, permuted


def _swap_distribution(lhs, rhs):
    """P <-> Q in one place only (a measure's argument or the base of one p_i)."""
    statement = Tuple(lhs, rhs)

    def fn(side):
        for path, x in _nodes(side):
            if isinstance(x, (Distribution, Softmax, Empirical, Uniform, ExplicitDistribution)) and path:
                parent = _at(side, path[:-1])
                if isinstance(parent, Indexed) and not isinstance(x, Distribution):
                    continue
                if isinstance(parent, Softmax):
                    continue
                for other in _other_distribution(x, statement):
                    try:
                        yield _replace_at(side, path, other)
                    except SymdivError:  # the new object does not fit there (size, kind)
                        pass
    yield from _on_each_side(lhs, rhs, fn)


def _at(e: Basic, path: tuple) -> Basic:
    for k in path:
        e = e.args[k]
    return e


def _add_nodes(side: Expr) -> Iterator[tuple[tuple, Add]]:
    """The sums of terms a mutation may edit.  Not the ones in summation limits
    or in an index (n + 1 - i): changing those mostly indexes out of range,
    which is an ill-formed statement, not a false one."""
    indices = {path for path, _, _ in _index_positions(side)}
    for path, x in _nodes(side):
        if isinstance(x, Add) and not any(
            path[:m] in indices or isinstance(_at(side, path[:m]), Tuple) for m in range(len(path) + 1)
        ):
            yield path, x


def _negate_term(lhs, rhs):
    def fn(side):
        for path, x in _add_nodes(side):
            for k, t in enumerate(x.args):
                yield _replace_at(side, path, Add(*x.args[:k], -t, *x.args[k + 1:]))
    yield from _on_each_side(lhs, rhs, fn)


def _negate_side(lhs, rhs):
    yield -lhs, rhs
    yield lhs, -rhs


def _drop_term(lhs, rhs):
    def fn(side):
        for path, x in _add_nodes(side):
            for k in range(len(x.args)):
                yield _replace_at(side, path, Add(*x.args[:k], *x.args[k + 1:]))
    yield from _on_each_side(lhs, rhs, fn)


def _duplicate_term(lhs, rhs):
    def fn(side):
        for path, x in _add_nodes(side):
            for k, t in enumerate(x.args):
                yield _replace_at(side, path, Add(*x.args[:k], 2 * t, *x.args[k + 1:]))
    yield from _on_each_side(lhs, rhs, fn)


def _scale_side(lhs, rhs):
    for c in (Integer(2), Rational(1, 2)):
        yield c * lhs, rhs
        yield lhs, c * rhs


#: Off-by-one and off-by-a-hair constants: the last ones are far below float precision.
_CONSTANTS = (Integer(1), Integer(-1), Rational(1, 10**6), Float("1e-6"), Rational(1, 10**30))


def _add_constant(lhs, rhs):
    for c in _CONSTANTS:
        yield lhs + c, rhs
        yield lhs, rhs + c


def _log_base(lhs, rhs):
    """One measure in bits instead of nats (or back), or one explicit log in base 2."""
    def fn(side):
        for path, x in _nodes(side):
            if isinstance(x, Measure) and not isinstance(x, Likelihood):
                new_base = Integer(2) if x.base == E else E
                yield _replace_at(side, path, _rebuild(x, (*x.args[:-1], new_base)))
            elif isinstance(x, log) and x.args[0] != 2:
                yield _replace_at(side, path, log(x.args[0]) / log(2))
    yield from _on_each_side(lhs, rhs, fn)


def _index_positions(side: Expr) -> Iterator[tuple[tuple, Expr, Expr]]:
    """``(path, index, size)`` of every place an index selects a component."""
    for path, x in _nodes(side):
        if isinstance(x, Indexed) and isinstance(x.base, (Distribution, Logits, Marginal)):
            for k, (index, size) in enumerate(zip(x.indices, x.base.shape)):
                yield path + (1 + k,), index, size
        elif isinstance(x, Count):
            yield path + (1,), x.outcome, x.dataset.alphabet
        elif isinstance(x, Grad) and x.component is not None:
            yield path + (2,), x.component, x.wrt.size
        elif isinstance(x, SelfInformation):
            yield path + (1,), x.args[1], x.args[0].size


def _change_index(lhs, rhs):
    """A component index changed at one place: p_j -> p_1, p_n, p_{n+1-j}, p_k;
    a summed p_i -> p_j; a gradient component j -> 1, 2, 3."""
    statement = Tuple(lhs, rhs)
    free = _free_indices(statement)
    j = next(iter(sorted(free, key=str)), None) or sd.component_index("j")
    k = _fresh(statement, "k", "l", "m")

    def fn(side):
        bound = _bound_symbols(side)
        for path, index, size in _index_positions(side):
            parent = _at(side, path[:-1])
            if index in free:
                targets = [Integer(1), size, size + 1 - index, k, size + 1 - k]
                if isinstance(parent, Grad):
                    targets += [Integer(2), Integer(3)]
            elif index in bound:
                targets = [j, size + 1 - index]
            else:
                continue
            for t in targets:
                if t != index:
                    yield _replace_at(side, path, t)
    yield from _on_each_side(lhs, rhs, fn)


def _sum_bounds(lhs, rhs):
    """A sum that loses terms: over 2..n, 3..n, 1..n-1 or 1..n-2 instead of 1..n.
    At small n these ranges are empty, which an empty sum must survive."""
    def fn(side):
        for path, x in _nodes(side):
            if isinstance(x, Sum) and len(x.limits) == 1:
                (i, lo, hi) = x.limits[0]
                for shift in (1, 2):
                    yield _replace_at(side, path, Sum(x.function, (i, lo + shift, hi)))
                    yield _replace_at(side, path, Sum(x.function, (i, lo, hi - shift)))
    yield from _on_each_side(lhs, rhs, fn)


def _forms(statement: Basic) -> tuple[list[Pair], list[Pair]]:
    """Pairs of expressions that are equal (first list) or nearly equal (second
    list) for every alphabet size, n = 1 included.  Added one to each side, they
    bring in what the bundled theorems lack: sums over part of the alphabet
    (empty at small n), summands free of the summation index, Kronecker deltas,
    and logs of signed logits."""
    n = _alphabet(statement)
    P, z = Distribution("P", n), Logits("z", n)
    j = next(iter(sorted(_free_indices(statement), key=str)), None) or sd.component_index("j")
    i = _fresh(Tuple(statement, j), "i", "k", "l", "m")
    equal = [
        (Sum(P[i], (i, 1, n)), Integer(1)),
        (Sum(P[i], (i, 1, n - 1)), 1 - P[n]),
        (Sum(P[i], (i, 2, n)), 1 - P[1]),
        (Sum(Integer(1), (i, 1, n)), n),
        (Sum(Integer(1), (i, 2, n)), n - 1),
        (Sum(P[j], (i, 1, n)), n * P[j]),
        (Sum(KroneckerDelta(i, j) * P[i], (i, 1, n)), P[j]),
        (Sum(P[i] * log(P[j]), (i, 1, n)), log(P[j])),
        (log(exp(z[j])), z[j]),
        (exp(log(P[j])), P[j]),
    ]
    unequal = [
        (Sum(Integer(1), (i, 3, n)), n - 2),              # -1 at n = 1: the sum is empty, 0
        (Sum(P[i], (i, 1, n - 1)), Integer(1)),
        (Sum(P[j], (i, 1, n)), P[j]),
        (Sum(KroneckerDelta(i, j) * P[i], (i, 2, n)), P[j]),   # not for j = 1
        (log(z[j] ** 2), 2 * log(z[j])),                   # z_j may be negative
        (Sum(P[i], (i, 1, n)), 1 + Rational(1, 10**30)),
    ]
    return equal, unequal


def _add_unequal_forms(lhs, rhs):
    for a, b in _forms(Tuple(lhs, rhs))[1]:
        yield lhs + a, rhs + b


def _add_equal_forms(lhs, rhs):
    for a, b in _forms(Tuple(lhs, rhs))[0]:
        yield lhs + a, rhs + b


MUTATIONS: dict[str, Callable[[Expr, Expr], Iterator[Pair]]] = {
    "swap_args": _swap_args,
    "condition": _condition,
    "swap_dist": _swap_distribution,
    "negate_term": _negate_term,
    "negate_side": _negate_side,
    "drop_term": _drop_term,
    "dup_term": _duplicate_term,
    "scale_side": _scale_side,
    "add_const": _add_constant,
    "log_base": _log_base,
    "change_index": _change_index,
    "sum_bounds": _sum_bounds,
    "add_unequal_forms": _add_unequal_forms,
}


def _flip(lhs, rhs):
    yield rhs, lhs


def _move_term(lhs, rhs):
    """lhs - t = rhs - t, for each term t of either side (a whole side if it is one term)."""
    for side in (lhs, rhs):
        for t in Add.make_args(side):
            if t != 0:
                yield lhs - t, rhs - t


def _scale_both(lhs, rhs):
    for c in (Integer(2), Rational(1, 3), Integer(-1), log(3)):
        yield c * lhs, c * rhs


def _add_same(lhs, rhs):
    statement = Tuple(lhs, rhs)
    n = _alphabet(statement)
    P, Q = Distribution("P", n), Distribution("Q", n)
    for t in (Integer(1), sd.Entropy(P), sd.KL(Q, P), log(n)):
        yield lhs + t, rhs + t


def _reindex(lhs, rhs):
    """Rename a summation index, shift it (i -> i + 1 over 0..n-1) or reverse it."""
    statement = Tuple(lhs, rhs)
    k = _fresh(statement, "k", "l", "m")

    def fn(side):
        for path, x in _nodes(side):
            if isinstance(x, Sum) and len(x.limits) == 1:
                (i, lo, hi) = x.limits[0]
                body = x.function
                yield _replace_at(side, path, Sum(body.xreplace({i: k}), (k, lo, hi)))
                yield _replace_at(side, path, Sum(body.xreplace({i: i + 1}), (i, lo - 1, hi - 1)))
                yield _replace_at(side, path, Sum(body.xreplace({i: lo + hi - i}), (i, lo, hi)))
    yield from _on_each_side(lhs, rhs, fn)


def _peel(lhs, rhs):
    """The first or last term taken out of a sum: sum_{1..n} = f(1) + sum_{2..n}
    (true for n = 1 too, the rest being empty), or sum_{1..n-1} + f(n)."""
    def fn(side):
        for path, x in _nodes(side):
            if isinstance(x, Sum) and len(x.limits) == 1:
                (i, lo, hi) = x.limits[0]
                f = x.function
                yield _replace_at(side, path, f.xreplace({i: lo}) + Sum(f, (i, lo + 1, hi)))
                yield _replace_at(side, path, Sum(f, (i, lo, hi - 1)) + f.xreplace({i: hi}))
    yield from _on_each_side(lhs, rhs, fn)


def _split_sum(lhs, rhs):
    """sum_i (a + b) -> sum_i a + sum_i b."""
    def fn(side):
        for path, x in _nodes(side):
            if isinstance(x, Sum) and isinstance(x.function, Add):
                yield _replace_at(side, path, Add(*[Sum(t, *x.limits) for t in x.function.args]))
    yield from _on_each_side(lhs, rhs, fn)


def _unfold(lhs, rhs):
    """One measure replaced by its textbook definition (one level)."""
    def fn(side):
        for path, x in _nodes(side):
            if isinstance(x, Measure):
                yield _replace_at(side, path, x.doit(deep=False))
    yield from _on_each_side(lhs, rhs, fn)


def _specialise(lhs, rhs):
    """The free component j fixed to 1, 2, 3 or n on *both* sides (a statement about
    one component, for the alphabet sizes that have it), or reflected to n + 1 - j."""
    statement = Tuple(lhs, rhs)
    n = _alphabet(statement)
    for j in sorted(_free_indices(statement), key=str):
        for c in (Integer(1), Integer(2), Integer(3), n, n + 1 - j):
            yield lhs.xreplace({j: c}), rhs.xreplace({j: c})


REARRANGEMENTS: dict[str, Callable[[Expr, Expr], Iterator[Pair]]] = {
    "flip": _flip,
    "move_term": _move_term,
    "scale_both": _scale_both,
    "add_same": _add_same,
    "reindex": _reindex,
    "split_sum": _split_sum,
    "peel": _peel,
    "unfold": _unfold,
    "specialise": _specialise,
    "add_equal_forms": _add_equal_forms,
}


# ---------------------------------------------------------------------------
# Operators for equivalence claims


def _equivalence_variants(c: Claim) -> Iterator[tuple[str, Claim]]:
    f, g = c.lhs, c.rhs
    statement = Tuple(f, g)
    n = _alphabet(statement)
    N = next((d.size for d in statement.atoms(Dataset)), Symbol("N", integer=True, positive=True))
    # A distribution that is not a parameter, for constants that may not depend on θ.
    X = next((d for d in sorted(statement.atoms(Distribution), key=str) if d not in c.wrt),
             Distribution("R", n))
    plain = replace(c, a=None, b=None)

    # Certificates.  The true one, written differently, and wrong ones.
    if c.a is not None:
        a0, b0 = c.a, c.b
        for a, b in ((2 * a0, b0), (a0 + 1, b0), (a0 / 2, b0), (-a0, b0), (a0, b0 + 1), (a0, b0 - 1),
                     (a0, -b0 if b0 != 0 else sd.Entropy(X)), (a0, b0 + Rational(1, 10**30)), (2 * N, Integer(1))):
            yield "wrong_cert", replace(c, a=a, b=b)
        one = Sum(X[sd.core.INDEX], (sd.core.INDEX, 1, n))
        for a, b in ((a0 * one, b0), (a0, b0 + sd.KL(X, X)), (a0, b0 + 1 - one)):
            yield "cert_rewritten", replace(c, a=a, b=b)
        if isinstance(b0, sd.Entropy):
            yield "cert_rewritten", replace(c, b=b0.doit(deep=False))
        # Swapped objectives: g = (f - b) / a, the certificate inverted.
        yield "swap_objectives", replace(c, lhs=g, rhs=f, senses=c.senses[::-1], a=1 / a0, b=-b0 / a0)
        yield "swap_keep_cert", replace(c, lhs=g, rhs=f, senses=c.senses[::-1])
    else:
        for a, b in ((Integer(1), Integer(0)), (N, Integer(0)), (Integer(1), Integer(1)), (-Integer(1), Integer(0))):
            yield "wrong_cert", replace(c, a=a, b=b)
    yield "swap_objectives", replace(plain, lhs=g, rhs=f, senses=c.senses[::-1])

    # Senses: flipping one reverses an order, flipping both keeps it.
    other = {"min": "max", "max": "min"}
    yield "flip_sense", replace(plain, senses=(other[c.senses[0]], c.senses[1]))
    yield "flip_sense", replace(plain, senses=(c.senses[0], other[c.senses[1]]))
    yield "flip_both_senses", replace(plain, senses=(other[c.senses[0]], other[c.senses[1]]))

    # Objectives rescaled, shifted or mutated.
    for k, h in ((2, f), (Rational(1, 3), f)):
        yield "scale_objective", replace(plain, lhs=k * h)
    yield "negate_objective", replace(plain, lhs=-f)
    yield "negate_objective", replace(plain, rhs=-g)
    yield "shift_objective", replace(plain, lhs=f + 1)
    yield "shift_objective", replace(plain, lhs=f + sd.Entropy(X))
    for name in ("swap_args", "swap_dist", "log_base", "add_const", "negate_term", "drop_term"):
        for nf, ng in MUTATIONS[name](f, g):
            yield "objective_" + name, replace(plain, lhs=nf, rhs=ng)


# ---------------------------------------------------------------------------
# Variants


@dataclass(frozen=True)
class Variant:
    id: str
    theorem: str
    ops: tuple[str, ...]
    claim: Claim

    def __str__(self) -> str:
        return str(self.claim)


def _valid(c: Claim) -> bool:
    """Whether the prover is meant to accept the claim as a question at all."""
    try:
        as_expression(c.lhs, "lhs")
        as_expression(c.rhs, "rhs")
    except SymdivError:
        return False
    if c.kind == "equivalent":
        # equivalent() rejects objectives free of θ and certificates that depend on it.
        if not (c.lhs.has(*c.wrt) and c.rhs.has(*c.wrt)):
            return False
        if c.a is not None and (c.a.has(*c.wrt) or c.b.has(*c.wrt)):
            return False
    return True


def _singles(name: str, c: Claim) -> Iterator[tuple[str, Claim]]:
    if c.kind == "equivalent":
        yield from _equivalence_variants(c)
        return
    for op, fn in itertools.chain(MUTATIONS.items(), REARRANGEMENTS.items()):
        try:
            for lhs, rhs in fn(c.lhs, c.rhs):
                yield op, replace(c, lhs=lhs, rhs=rhs)
        except SymdivError:
            continue  # the operator built an object symdiv refuses (e.g. a size mismatch)


#: Rearrangements applied on top of a mutation (a false statement stays false).
_COMPOSE_TRUE = ("flip", "move_term", "scale_both", "add_same", "reindex", "peel")


@lru_cache(maxsize=None)
def variants() -> dict[str, Variant]:
    """Every variant, by id, in a fixed order: single operators first, then compositions.

    Ids read ``theorem-operator-k`` (``theorem-op1+op2-k`` for compositions),
    numbered in generation order, which is deterministic.
    """
    out: dict[str, Variant] = {}
    seen = {c.key() for _, c, _ in theorems()}
    counters: dict[tuple[str, str], int] = {}

    def add(theorem: str, ops: tuple[str, ...], c: Claim) -> Optional[Variant]:
        if c.key() in seen or not _valid(c):
            return None
        seen.add(c.key())
        op = "+".join(ops)
        counters[(theorem, op)] = counters.get((theorem, op), 0) + 1
        v = Variant(f"{theorem}-{op}-{counters[(theorem, op)]}", theorem, ops, c)
        out[v.id] = v
        return v

    singles: list[Variant] = []
    for name, c, _ in theorems():
        for op, vc in _singles(name, c):
            v = add(name, (op,), vc)
            if v is not None:
                singles.append(v)

    # Compositions, drawn at random (seeded) until the target is reached:
    # a rearrangement of a mutant, a second mutation on top of a first, and
    # two rearrangements.
    rng = random.Random(SEED)
    proves = [v for v in singles if v.claim.kind == "prove"]
    mutants = [v for v in proves if v.ops[0] in MUTATIONS]
    rearranged = [v for v in proves if v.ops[0] in REARRANGEMENTS]
    plans = ((mutants, _COMPOSE_TRUE, REARRANGEMENTS), (mutants, tuple(MUTATIONS), MUTATIONS),
             (rearranged, _COMPOSE_TRUE, REARRANGEMENTS))
    attempts = 0
    while len(out) < FULL_TARGET and attempts < 50 * FULL_TARGET:
        attempts += 1
        pool, names, table = plans[attempts % 3]
        base, op = rng.choice(pool), rng.choice(names)
        try:
            options = list(table[op](base.claim.lhs, base.claim.rhs))
        except SymdivError:
            continue
        if options:
            lhs, rhs = rng.choice(options)
            add(base.theorem, base.ops + (op,), replace(base.claim, lhs=lhs, rhs=rhs))
    return out


def default_sample(full: Optional[dict[str, Variant]] = None, size: int = DEFAULT_SIZE) -> list[str]:
    """A deterministic sample: round-robin over (theorem, operator) groups, so every
    operator on every theorem is in it, then in generation order."""
    full = variants() if full is None else full
    groups: dict[tuple, list[str]] = {}
    for v in full.values():  # in generation order: single operators before compositions
        groups.setdefault((v.theorem, v.ops), []).append(v.id)
    rng = random.Random(SEED)
    queues = list(groups.values())
    for ids in queues:
        rng.shuffle(ids)
    chosen: list[str] = []
    while len(chosen) < size and any(queues):
        for q in queues:
            if q and len(chosen) < size:
                chosen.append(q.pop())
    position = {vid: m for m, vid in enumerate(full)}
    return sorted(chosen, key=position.__getitem__)


# ---------------------------------------------------------------------------
# The oracle: exact values at concrete instances, with its own definitions.


class Undefined(Exception):
    """The statement has no value at this instance (an index out of range, a free scalar)."""


@dataclass
class Instance:
    """Concrete values: sizes and indices, distributions, logits (as symbols, so that
    gradients can be taken, with their values in ``logit_values``) and samples."""

    scalars: dict
    dists: dict
    logits: dict
    logit_values: dict
    samples: dict

    def describe(self) -> str:
        parts = [f"{s}={v}" for s, v in sorted(self.scalars.items(), key=lambda kv: str(kv[0]))]
        parts += [f"{d}=({', '.join(map(str, v))})" for d, v in self.dists.items()]
        parts += [f"{z}=({', '.join(str(self.logit_values[s]) for s in syms)})" for z, syms in self.logits.items()]
        parts += [f"{d.name}=({', '.join(map(str, xs))})" for d, xs in self.samples.items()]
        return " ".join(parts)


class _Evaluator:
    def __init__(self, inst: Instance):
        self.inst = inst

    def index(self, e: Expr, size: Expr, env: dict) -> int:
        m, k = self.value(e, env), self.value(size, env)
        if not (m.is_Integer and k.is_Integer) or not 1 <= int(m) <= int(k):
            raise Undefined(f"index {e} = {m} outside 1..{k}")
        return int(m)

    def shape(self, dist: Basic, env: dict) -> tuple[int, ...]:
        return tuple(int(self.value(n, env)) for n in dist.shape)

    def component(self, dist: Basic, m, env: dict) -> Expr:
        """The component of *dist* at *m*: an outcome, or a tuple of them (one per axis)."""
        ms = m if isinstance(m, tuple) else (m,)
        shape = self.shape(dist, env)
        if len(ms) != len(shape) or not all(1 <= a <= k for a, k in zip(ms, shape)):
            raise Undefined(f"component {ms} of {dist} outside {shape}")
        if isinstance(dist, Distribution):
            flat = 0
            for a, k in zip(ms, shape):
                flat = flat * k + a - 1
            return self.inst.dists[dist][flat]
        if isinstance(dist, Marginal):
            # its own definition: the joint summed over the other variables
            at = dict(zip(dist.variables, ms))
            return Add(*[self.component(dist.joint, cell, env) for cell in self.support(dist.joint, env)
                         if all(cell[dist.joint.variables.index(v)] == a for v, a in at.items())])
        if isinstance(dist, ProductDistribution):
            out, k = S.One, 0
            for f in dist.factors:
                out *= self.component(f, ms[k:k + len(f.shape)], env)
                k += len(f.shape)
            return out
        (m,) = ms
        k = shape[0]
        if isinstance(dist, Softmax):
            zs = self.inst.logits[dist.logits]
            return exp(zs[m - 1]) / Add(*[exp(x) for x in zs])
        if isinstance(dist, Empirical):
            return Rational(self.inst.samples[dist.dataset].count(m), len(self.inst.samples[dist.dataset]))
        if isinstance(dist, Uniform):
            return Rational(1, k)
        if isinstance(dist, PointMass):
            return S.One if m == self.index(dist.outcome, dist.size, env) else S.Zero
        if isinstance(dist, ExplicitDistribution):
            return dist.values[m - 1]
        raise Undefined(f"unknown distribution {dist!r}")

    def support(self, dist: Basic, env: dict) -> list:
        """Every outcome of *dist*: ints for a vector, tuples for a joint."""
        shape = self.shape(dist, env)
        cells = list(itertools.product(*(range(1, k + 1) for k in shape)))
        return [c[0] for c in cells] if len(shape) == 1 else cells

    def probability(self, joint: Basic, at: dict, env: dict) -> Expr:
        """The probability that the variables of *at* take its values, summed from the joint."""
        if not at:
            return S.One
        return Add(*[self.component(joint, cell, env) for cell in self.support(joint, env)
                     if all((cell if isinstance(cell, tuple) else (cell,))[joint.variables.index(v)] == a
                            for v, a in at.items())])

    def assignments(self, joint: Basic, variables, env: dict) -> Iterator[dict]:
        variables = list(dict.fromkeys(variables))
        sizes = [int(self.value(v.size, env)) for v in variables]
        for values in itertools.product(*(range(1, k + 1) for k in sizes)):
            yield dict(zip(variables, values))

    def value(self, e: Basic, env: dict) -> Expr:
        """The exact value of *e*; bound indices are looked up in *env*."""
        if isinstance(e, (Number, NumberSymbol)) or e is E:
            return e
        if isinstance(e, Symbol):
            if e in env:
                return env[e]
            if e in self.inst.scalars:
                return self.inst.scalars[e]
            raise Undefined(f"no value for {e}")
        if isinstance(e, Indexed):
            base = e.base
            ms = tuple(self.index(i, k, env) for i, k in zip(e.indices, base.shape))
            m = ms[0]
            if isinstance(base, (Distribution, Marginal)):
                return self.component(base, ms, env)
            if isinstance(base, Logits):
                return self.inst.logits[base][m - 1]
            raise Undefined(f"unknown indexed object {base!r}")
        if isinstance(e, Count):
            m = self.index(e.outcome, e.dataset.alphabet, env)
            return Integer(list(self.inst.samples[e.dataset]).count(m))
        if isinstance(e, Sample):
            xs = self.inst.samples[e.dataset]
            s = self.index(e.position, Integer(len(xs)), env)
            return Integer(xs[s - 1])
        if isinstance(e, (Sum, Product)):
            return self._loop(e, env)
        if isinstance(e, KroneckerDelta):
            a, b = (self.value(x, env) for x in e.args)
            return S.One if a == b else S.Zero
        if isinstance(e, Measure):
            return self._measure(e, env)
        if isinstance(e, Grad):
            m = self.index(e.component, e.wrt.size, env)
            return diff(self.value(e.objective, env), self.inst.logits[e.wrt][m - 1])
        if isinstance(e, _LEAVES) or isinstance(e, Tuple):
            raise Undefined(f"{e!r} is not a number")
        if e.args and isinstance(e, Expr):
            return e.func(*[self.value(a, env) for a in e.args])
        raise Undefined(f"cannot evaluate {e!r}")

    def _loop(self, e, env):
        # Limits are innermost first; an empty range (hi < lo) is empty, whatever
        # sympy's convention for reversed sums says.
        (var, lo, hi), rest = e.limits[-1], e.limits[:-1]
        inner = e.func(e.function, *rest) if rest else e.function
        lo, hi = int(self.value(lo, env)), int(self.value(hi, env))
        terms = [self.value(inner, {**env, var: Integer(m)}) for m in range(lo, hi + 1)]
        return Add(*terms) if isinstance(e, Sum) else Mul(*terms)

    @staticmethod
    def _xlogy(x: Expr, y: Expr) -> Expr:
        return S.Zero if x == 0 else x * log(y)  # 0 log 0 = 0

    def _measure(self, m, env):
        base = m.base
        to_base = S.One if base is E else 1 / log(base)
        if isinstance(m, sd.Entropy):
            P = m.args[0]
            ps = [self.component(P, i, env) for i in self.support(P, env)]
            return -Add(*[self._xlogy(p, p) for p in ps]) * to_base
        if isinstance(m, sd.CrossEntropy):
            P, Q = m.args[0], m.args[1]
            return -Add(*[self._xlogy(self.component(P, i, env), self.component(Q, i, env))
                          for i in self.support(P, env)]) * to_base
        if isinstance(m, sd.KL):
            P, Q = m.args[0], m.args[1]
            terms = []
            for i in self.support(P, env):
                p, q = self.component(P, i, env), self.component(Q, i, env)
                terms.append(self._xlogy(p, p / q) if q != 0 else (S.Zero if p == 0 else oo))
            return Add(*terms) * to_base
        if isinstance(m, sd.ConditionalEntropy):
            # H(Y|X) = -sum p(x, y) log p(y | x), with p(y | x) = p(x, y) / p(x)
            J, given = m.joint, m.given
            terms = []
            for at in self.assignments(J, m.of + given, env):
                pxy = self.probability(J, at, env)
                px = self.probability(J, {v: at[v] for v in given}, env)
                terms.append(self._xlogy(pxy, pxy / px) if pxy != 0 else S.Zero)
            return -Add(*terms) * to_base
        if isinstance(m, sd.MutualInformation):
            J, (a, b), c = m.joint, m.sides, m.given
            terms = []
            for at in self.assignments(J, a + b + c, env):
                def pr(vs):
                    return self.probability(J, {v: at[v] for v in dict.fromkeys(vs)}, env)
                pabc = pr(a + b + c)
                if pabc != 0:
                    terms.append(pabc * log(pabc * pr(c) / (pr(a + c) * pr(b + c))))
            return Add(*terms) * to_base
        if isinstance(m, sd.ConditionalKL):
            P, Q, given = m.P, m.Q, m.given
            terms = []
            for at in self.assignments(P, m.of + given, env):
                pxy, qxy = self.probability(P, at, env), self.probability(Q, at, env)
                cond = {v: at[v] for v in given}
                if pxy != 0:
                    terms.append(pxy * log((pxy / self.probability(P, cond, env))
                                           / (qxy / self.probability(Q, cond, env))))
            return Add(*terms) * to_base
        if isinstance(m, SelfInformation):
            P, x = m.args[0], m.args[1]
            return -log(self.component(P, self.index(x, P.size, env), env)) * to_base
        if isinstance(m, sd.NLL):
            D, Q = m.args[0], m.args[1]
            return -Add(*[log(self.component(Q, x, env)) for x in self.inst.samples[D]]) * to_base
        if isinstance(m, Likelihood):
            D, Q = m.args[0], m.args[1]
            return Mul(*[self.component(Q, x, env) for x in self.inst.samples[D]])
        raise Undefined(f"unknown measure {m!r}")


def exact(e: Expr, inst: Instance) -> Expr:
    """The exact value of *e* at *inst* (logits substituted after differentiating)."""
    return _Evaluator(inst).value(e, {}).xreplace(inst.logit_values)


def _number(e: Expr) -> Expr:
    v = e.evalf(_DIGITS)
    if v.has(nan) or not v.is_number:
        raise Undefined(f"{e} is not a number")
    return v


def _differ(x: Expr, y: Expr) -> Optional[bool]:
    """Whether two exact values differ; None when that cannot be decided."""
    a, b = _number(x), _number(y)
    fa, fb = a.is_finite, b.is_finite
    if fa and fb:
        return bool(abs(a - b) > _THRESHOLD)
    if fa != fb:
        return True  # a finite value is not an infinite one
    return None  # two infinities: their signs are not always known (zoo)


# Instances -----------------------------------------------------------------

#: Alphabet sizes of the oracle's instances, in order: n = 1 first, every size up to 5.
_SIZES = (1, 2, 3, 4, 5, 2, 3, 4, 5, 3, 2, 4)


def _min_size(statement: Basic) -> int:
    """The smallest alphabet with every constant component the statement names."""
    need = 1
    for _, index, _ in _index_positions(statement):
        if index.is_Integer:
            need = max(need, int(index))
    for pm in statement.atoms(PointMass):
        if pm.outcome.is_Integer:
            need = max(need, int(pm.outcome))
    return need


def _random_distribution(rng: random.Random, k: int) -> tuple:
    w = [rng.randint(1, 6) for _ in range(k)]
    return tuple(Rational(x, sum(w)) for x in w)


def _random_logit(rng: random.Random) -> Rational:
    return Rational(rng.randint(-4, 4), rng.choice((1, 1, 2, 3)))


def _instance(statement: Basic, k: int, rng: random.Random, params: tuple = (), fixed: Optional[Instance] = None) -> Instance:
    """A random instance with alphabet size *k*; with *fixed*, only *params* are redrawn."""
    sizes = _sizes(statement)
    sample_sizes = {d.size for d in statement.atoms(Dataset)} - {d.alphabet for d in statement.atoms(Dataset)}
    if fixed is not None:
        scalars, samples = fixed.scalars, fixed.samples
    else:
        scalars = {s: Integer(k) for s in sizes - sample_sizes}
        scalars.update({s: Integer(rng.randint(1, 4)) for s in sample_sizes})
        alphabet = int(scalars.get(_alphabet(statement), k)) if isinstance(_alphabet(statement), Symbol) \
            else int(_alphabet(statement))
        for s in sorted(_free_indices(statement), key=str):
            scalars[s] = Integer(rng.randint(1, alphabet))
        samples = {}
        for d in sorted(statement.atoms(Dataset), key=str):
            kk = int(d.alphabet.xreplace(scalars))
            if d.size in sample_sizes and rng.random() < 0.5:
                # Every outcome seen: empirical distributions with no zero, where a
                # log of p̂ is finite and a statement about it can be judged.
                scalars[d.size] = Integer(kk + rng.randint(0, 2))
                xs = list(range(1, kk + 1)) + [rng.randint(1, kk) for _ in range(int(scalars[d.size]) - kk)]
                rng.shuffle(xs)
                samples[d] = tuple(xs)
            else:
                samples[d] = tuple(rng.randint(1, kk) for _ in range(int(d.size.xreplace(scalars))))
    dists, logits, values = {}, {}, {}
    for d in sorted(statement.atoms(Distribution), key=str):
        if fixed is not None and d not in params:
            dists[d] = fixed.dists[d]
        else:
            cells = 1
            for k in d.shape:
                cells *= int(k.xreplace(scalars))
            dists[d] = _random_distribution(rng, cells)
    for z in sorted(statement.atoms(Logits), key=str):
        syms = tuple(Symbol(f"{z.name}_{m}", real=True) for m in range(1, int(z.size.xreplace(scalars)) + 1))
        logits[z] = syms
        for s in syms:
            values[s] = fixed.logit_values[s] if fixed is not None and z not in params else _random_logit(rng)
    return Instance(scalars, dists, logits, values, samples)


def instance_of_point(point) -> Instance:
    """The oracle's form of a symdiv counterexample point (to re-check it independently)."""
    scalars = {s: Integer(k) for s, k in point.sizes}
    scalars.update({s: Integer(k) for s, k in point.indices})
    scalars.update(dict(point.scalars))
    dists, logits, values = {}, {}, {}
    for base, vals in point.values:
        if isinstance(base, Logits):
            syms = tuple(Symbol(f"{base.name}_{m}", real=True) for m in range(1, len(vals) + 1))
            logits[base] = syms
            values.update(zip(syms, vals))
        else:
            dists[base] = tuple(vals)
    return Instance(scalars, dists, logits, values, {d: tuple(xs) for d, xs in point.samples})


# Truth ----------------------------------------------------------------------


@dataclass
class Truth:
    """The oracle's judgement: ``value`` True/False, or None when undecided."""

    value: Optional[bool]
    evidence: str
    decisive: int = 0


#: Agreeing instances needed to call an equality true.
_AGREE = 8


def equality_truth(lhs: Expr, rhs: Expr, seed: str, extra: Sequence[Instance] = ()) -> Truth:
    statement = Tuple(lhs, rhs)
    rng = random.Random(f"{SEED}:{seed}")
    need = _min_size(statement)
    symbolic = bool(_sizes(statement))
    agreed, sizes_seen, skipped = 0, set(), []
    candidates = list(extra) + [_instance(statement, k, rng) for k in _SIZES if k >= need or not symbolic]
    if not symbolic and not statement.free_symbols and not statement.atoms(Distribution, Logits, Dataset):
        candidates = candidates[:1]  # nothing to vary: one exact evaluation decides
    for inst in candidates:
        try:
            d = _differ(exact(lhs, inst), exact(rhs, inst))
        except Undefined as exc:
            skipped.append(str(exc))
            continue
        if d is None:
            skipped.append("both sides infinite")
            continue
        if d:
            return Truth(False, f"the sides differ at {inst.describe()}", agreed + 1)
        agreed += 1
        sizes_seen.add(tuple(sorted(inst.scalars.items(), key=str)))
    enough = agreed >= _AGREE or (agreed >= 1 and len(candidates) == 1)
    if enough:
        return Truth(True, f"equal at {agreed} instances", agreed)
    return Truth(None, f"only {agreed} decisive instances ({'; '.join(skipped[:3])})", agreed)


def _short(x: Expr) -> str:
    return str(x.evalf(6)) if x.is_finite else str(x)


def _order(x: Expr, y: Expr) -> Optional[int]:
    """-1, 0 or 1 as x < y, x = y (to 40 digits), x > y; None if either is infinite."""
    if not (x.is_finite and y.is_finite):
        return None
    return 0 if abs(x - y) <= _THRESHOLD else (-1 if x < y else 1)


def _min_form(e: Expr, sense: str) -> Expr:
    return e if sense == "min" else -e


def order_truth(c: Claim, seed: str) -> Truth:
    """Whether f and g rank parameter values alike (same optimisers on every family).

    Two parameter values ranked in opposite orders (or tied by one objective
    and not the other) make it false; agreement on many pairs, true.
    """
    rng = random.Random(f"{SEED}:{seed}:order")
    statement = Tuple(c.lhs, c.rhs)
    f, g = _min_form(c.lhs, c.senses[0]), _min_form(c.rhs, c.senses[1])
    consistent = 0
    for k in (2, 3, 4, 2, 3, 1, 2, 3, 4, 2):
        base = _instance(statement, k, rng)
        points = [base] + [_instance(statement, k, rng, c.wrt, base) for _ in range(4)]
        try:
            values = [(_number(exact(f, p)), _number(exact(g, p))) for p in points]
        except Undefined:
            continue
        for (p1, (f1, g1)), (p2, (f2, g2)) in itertools.combinations(zip(points, values), 2):
            df, dg = _order(f1, f2), _order(g1, g2)
            if df is None or dg is None:
                continue
            if df != dg:
                return Truth(False, f"ranked differently: {p1.describe()} vs {p2.describe()} "
                                    f"(f: {_short(f1)} vs {_short(f2)}, g: {_short(g1)} vs {_short(g2)})")
            consistent += df != 0
    if consistent >= 15:
        return Truth(True, f"the same order on {consistent} pairs", consistent)
    return Truth(None, f"only {consistent} informative pairs")


def certificate_truth(c: Claim, a: Expr, b: Expr, seed: str) -> Truth:
    """Whether ``f = a·g + b`` (in min form) with ``a > 0``."""
    f, g = _min_form(c.lhs, c.senses[0]), _min_form(c.rhs, c.senses[1])
    t = equality_truth(f, a * g + b, seed + ":cert")
    if t.value is False:
        return t
    rng = random.Random(f"{SEED}:{seed}:a")
    for k in (1, 2, 3, 4):
        try:
            av = _number(exact(a, _instance(Tuple(c.lhs, c.rhs, a), k, rng)))
        except Undefined:
            continue
        if not av > _THRESHOLD:
            return Truth(False, f"a = {a} is not positive (a = {_short(av)})")
    return t


def truth(v: Variant, extra: Sequence[Instance] = ()) -> Truth:
    """The oracle's verdict on the variant's claim (see :class:`Claim`)."""
    c = v.claim
    if c.kind == "prove":
        return equality_truth(c.lhs, c.rhs, v.id, extra)
    if c.a is not None:
        return certificate_truth(c, c.a, c.b, v.id)
    return order_truth(c, v.id)


# ---------------------------------------------------------------------------
# Running and judging


def run(v: Variant):
    """The prover's verdict on the variant (exceptions propagate: they are failures)."""
    c = v.claim
    if c.kind == "prove":
        return sd.prove(c.lhs, c.rhs, budget=BUDGET)
    return sd.equivalent(c.lhs, c.rhs, wrt=list(c.wrt), senses=c.senses, a=c.a, b=c.b, budget=BUDGET)


def claim_status(v: Variant, verdict) -> str:
    """The status of the variant's own claim.  For a certificate claim only an
    acceptance of *that* certificate proves it; another certificate leaves the
    claim unknown."""
    status = verdict.status.value
    c = v.claim
    if c.kind == "equivalent" and c.a is not None and status == "proved":
        cert = verdict.certificate
        if not (cert is not None and cert.kind == "affine" and cert.a == c.a and cert.b == c.b):
            return "unknown"
    return status


@dataclass
class Outcome:
    variant: Variant
    truth: Truth
    status: str                      # of the claim: proved / refuted / unknown / crash
    problems: list = field(default_factory=list)
    verdict: object = None
    error: Optional[BaseException] = None
    seconds: float = 0.0

    @property
    def kind(self) -> str:
        return {True: "true", False: "mutant", None: "undecided"}[self.truth.value]


def _check_refutation(v: Variant, verdict, problems: list) -> list:
    """Re-check a refutation with the oracle; return the instances it offers as evidence."""
    ce = verdict.counterexample
    c = v.claim
    if c.kind == "prove":
        inst = instance_of_point(ce.point)
        try:
            d = _differ(exact(c.lhs, inst), exact(c.rhs, inst))
        except Undefined as exc:
            problems.append(f"refuted at {ce.describe()}, where the statement is undefined ({exc})")
            return []
        if d is False:
            problems.append(f"refuted at {ce.describe()}, but the sides are equal there")
            return []
        return [inst]
    # An order reversal: one objective strictly prefers one of the two values and
    # the other does not (it prefers the other one, or ties them), exactly.
    f, g = _min_form(c.lhs, c.senses[0]), _min_form(c.rhs, c.senses[1])
    try:
        first, second = instance_of_point(ce.first), instance_of_point(ce.second)
        f1, f2 = _number(exact(f, first)), _number(exact(f, second))
        g1, g2 = _number(exact(g, first)), _number(exact(g, second))
    except Undefined as exc:
        problems.append(f"order reversal at an undefined instance ({exc})")
        return []
    if _order(f1, f2) == _order(g1, g2):
        problems.append(f"order reversal {ce.describe()} does not hold "
                        f"(f: {_short(f1)}, {_short(f2)}; g: {_short(g1)}, {_short(g2)})")
    return []


def _check_certificate(v: Variant, verdict, problems: list) -> None:
    c, cert = v.claim, verdict.certificate
    if cert is None:
        problems.append("proved without a certificate")
        return
    if cert.kind == "affine":
        t = certificate_truth(c, cert.a, cert.b, v.id + ":returned")
    else:
        outer, inner = (c.rhs, c.lhs) if cert.inverse else (c.lhs, c.rhs)
        t = equality_truth(outer, cert.phi(inner), v.id + ":phi")
        u = cert.phi.variables[0]
        slope = diff(cert.phi.expr, u)
        rng = random.Random(f"{SEED}:{v.id}:slope")
        for k in (1, 2, 3):
            try:
                inst = _instance(Tuple(c.lhs, c.rhs), k, rng)
                s = _number(slope.xreplace({u: exact(inner, inst)}).xreplace(inst.scalars))
            except Undefined:
                continue
            if not s.is_finite or (s > 0) != bool(cert.increasing) or abs(s) <= _THRESHOLD:
                t = Truth(False, f"phi = {cert.phi} is not strictly {'in' if cert.increasing else 'de'}creasing")
        if cert.increasing != (c.senses[0] == c.senses[1]):
            t = Truth(False, "phi's direction does not match the senses")
    if t.value is False:
        problems.append(f"proved with an invalid certificate {cert}: {t.evidence}")


def judge(v: Variant, verdict, seconds: float = 0.0) -> Outcome:
    """Hold the prover's *verdict* on *v* against the oracle."""
    problems: list = []
    extra = _check_refutation(v, verdict, problems) if verdict.refuted else []
    t = truth(v, extra)
    status = claim_status(v, verdict)
    if t.value is False and status == "proved":
        problems.append(f"a false statement was proved ({t.evidence})")
    if t.value is True and status == "refuted":
        problems.append(f"a true statement was refuted ({t.evidence}); counterexample "
                        f"{verdict.counterexample.describe()}")
    if v.claim.kind == "equivalent":
        if verdict.proved:
            _check_certificate(v, verdict, problems)
            if order_truth(replace(v.claim, a=None, b=None), v.id).value is False:
                problems.append("proved equivalent, but the objectives rank two parameter values differently")
        if verdict.refuted and order_truth(replace(v.claim, a=None, b=None), v.id).value is True:
            problems.append("refuted, but the objectives rank every pair of parameter values alike")
    return Outcome(v, t, status, problems, verdict, seconds=seconds)


def _judge_safely(v: Variant) -> Outcome:
    """Run and judge *v*; a crash of the prover is recorded as an outcome, so that
    the whole set is counted (the oracle's own errors still propagate)."""
    started = time.perf_counter()
    try:
        verdict = run(v)
    except Exception as exc:  # noqa: BLE001 - a crash on a valid statement is a result here
        return Outcome(v, truth(v), "crash", [f"the prover raised {type(exc).__name__}: {exc}"], error=exc)
    return judge(v, verdict, time.perf_counter() - started)


# ---------------------------------------------------------------------------
# Command line


def _table(outcomes: Sequence[Outcome]) -> str:
    rows = []
    for kind, title in (("mutant", "mutants (false)"), ("true", "true variants"), ("undecided", "undecided (discarded)")):
        group = [o for o in outcomes if o.kind == kind]
        counts = {s: sum(o.status == s for o in group) for s in ("proved", "refuted", "unknown", "crash")}
        rate = counts["unknown"] / len(group) if group else 0.0
        rows.append(f"{title:<24}{len(group):>7}{counts['proved']:>9}{counts['refuted']:>9}"
                    f"{counts['unknown']:>9}{counts['crash']:>7}{rate:>10.1%}")
    head = f"{'':<24}{'total':>7}{'proved':>9}{'refuted':>9}{'unknown':>9}{'crash':>7}{'unknown%':>10}"
    return "\n".join([head, *rows])


def _describe(o: Outcome) -> str:
    lines = [f"{o.variant.id}  [{o.kind}, {o.status}]", f"  statement: {o.variant}",
             f"  oracle:    {o.truth.evidence}"]
    if o.verdict is not None and o.verdict.reason:
        lines.append(f"  reason:    {o.verdict.reason}")
    if o.verdict is not None and o.verdict.certificate is not None:
        lines.append(f"  certificate: {o.verdict.certificate}")
    lines += [f"  PROBLEM:   {p}" for p in o.problems]
    return "\n".join(lines)


def main(argv: Sequence[str] = ()) -> int:
    """``[--unknown] [ID ...]``: the named variants, or all of them and the table
    (with ``--unknown``, also every variant that ended unknown)."""
    full = variants()
    argv = list(argv)
    show_unknown = "--unknown" in argv
    argv = [a for a in argv if a != "--unknown"]
    if argv:
        for vid in argv:
            if vid not in full:
                print(f"unknown variant {vid!r}", file=sys.stderr)
                return 2
            print(_describe(_judge_safely(full[vid])))
        return 0
    started = time.perf_counter()
    outcomes = []
    for m, v in enumerate(full.values(), start=1):
        outcomes.append(_judge_safely(v))
        if m % 100 == 0:
            print(f"... {m}/{len(full)} ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    print(f"{len(full)} variants of {len(theorems())} bundled claims, {time.perf_counter() - started:.0f} s\n")
    print(_table(outcomes))
    bad = [o for o in outcomes if o.problems]
    print(f"\nfailures: {len(bad)}")
    for o in bad:
        print(_describe(o))
    if show_unknown:
        unknown = [o for o in outcomes if o.status == "unknown"]
        print(f"\nunknown: {len(unknown)}")
        for o in unknown:
            print(_describe(o))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
