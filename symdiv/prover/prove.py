"""``prove(lhs, rhs)``: a verdict with its derivation, evidence or counterexample.

>>> from symdiv.core import CrossEntropy, Distribution, Entropy, KL, alphabet_size
>>> n = alphabet_size()
>>> P, Q = Distribution("P", n), Distribution("Q", n)
>>> prove(CrossEntropy(P, Q), Entropy(P) + KL(P, Q)).status
<Status.PROVED: 'proved'>
>>> v = prove(KL(P, Q), KL(Q, P))
>>> v.status, v.counterexample.describe()
(<Status.REFUTED: 'refuted'>, {'n': '2', 'P': '(1/2, 1/2)', 'Q': '(1/3, 2/3)'})
"""

from __future__ import annotations

import time
from dataclasses import replace
from fractions import Fraction
from typing import Optional, Sequence, Union

from sympy import Basic, Expr, Product, S, Sum, Symbol, simplify
from sympy.core.relational import Equality, Relational, Unequality

from ..core.measures import Grad
from ..core.model import PointMass, free_objects
from ..errors import BudgetExceeded, InconsistencyError, InvalidInputError, InvalidTypeError
from ..numeric import _validate as valid
from ..numeric.check import confirm, cross_check, numpy_dtype, search_counterexample
from ..budget import Budget, stage, time_limit
from ..core.algebra import as_expression
from ..core.domain import Domain, domain_of, independence
from .normal_form import Step, case_split, normalise
from .claim import Claim, Relation
from .verdict import Note, Status, Verdict

__all__ = ["prove", "as_expression", "assumptions_of", "DEFAULT_BUDGET"]

#: Seconds of symbolic work allowed per proof attempt before giving up with ``unknown``.
DEFAULT_BUDGET = 10.0

Side = Union[Expr, int, Fraction]


def assumptions_of(exprs: tuple[Basic, ...], ctx: Domain) -> tuple[Note, ...]:
    """What a proof about *exprs* assumes, as notes the renderers put in words.

    >>> from symdiv.core import Distribution, alphabet_size
    >>> P = Distribution("P", alphabet_size())
    >>> [str(a) for a in assumptions_of((P[1],), domain_of(P[1]))]
    ['P: p_i > 0 for i = 1..n, sum_i p_i = 1']
    """
    out: list[Note] = []

    def add(note: Note) -> None:
        if note not in out:
            out.append(note)

    for e in exprs:
        for obj in sorted(free_objects(e), key=lambda o: (o.domain, str(o))):
            key, values = obj.assumption
            add(Note(key, values))
        for g in sorted(e.atoms(Grad), key=str):
            if g.free_components:  # d/dq_j: the q_j are treated as free, as ML texts do
                add(Note("assume_free_components", (("name", g.wrt.name),)))
        if e.atoms(PointMass):
            add(Note("assume_zero_log_zero"))
    for index, (lo, hi) in sorted(ctx.ranges.items(), key=lambda kv: str(kv[0])):
        add(Note("assume_index", (("index", index), ("low", lo), ("high", hi))))
    return tuple(out)


def _normal_forms(lhs: Expr, rhs: Expr, ctx: Domain, budget: Budget) -> tuple[Optional[Expr], tuple[Step, ...], str]:
    """Normalise both sides and their difference; return (difference, steps, reasons).

    The difference is None when the budget ran out.
    """
    steps: list[Step] = []
    try:
        cases = case_split(lhs - rhs)
        if cases is not None:
            return _by_cases(cases, ctx, budget)
        left = normalise(lhs, ctx, budget, "lhs")
        steps += left.steps
        right = normalise(rhs, ctx, budget, "rhs")
        steps += right.steps
        diff = normalise(left.expr - right.expr, ctx, budget, "difference")
        steps += diff.steps
    except BudgetExceeded as exc:
        return None, tuple(steps), [Note("stopped", (("stop", exc.stop),))]
    if diff.expr == 0 and not diff.steps:
        steps.append(Step("compare", "both sides have the same normal form", S.Zero, "difference"))
    reasons = [] if diff.expr == 0 else [Note("normal_form", (("form", diff.expr),))]
    return diff.expr, tuple(steps), reasons


def _by_cases(cases, ctx: Domain, budget: Budget) -> tuple[Optional[Expr], tuple[Step, ...], list]:
    """The difference normalised in each case of a split on the sign of ``u`` (see
    :func:`~symdiv.prover.normal_form.case_split`): 0 only when it is 0 in both."""
    u, both = cases
    steps: list[Step] = []
    results = []
    for side, expr in both:
        steps.append(Step("case_split", f"{side}: {u}", expr, side))
        done = normalise(expr, ctx, budget, side)
        steps += done.steps
        results.append(done.expr)
    if all(r == 0 for r in results):
        return S.Zero, tuple(steps), []
    remaining = next(r for r in results if r != 0)
    return remaining, tuple(steps), [Note("normal_form", (("form", remaining),))]


def _fallback_simplify(diff: Expr, budget: Budget, dom: Domain) -> tuple[bool, Optional[Note]]:
    """Generic ``simplify`` as a last resort, within the budget.

    It is slow and, over symbolic sizes, can crash inside sympy (sympy
    #14570), so any failure just means "no proof".  It is not used on sums
    whose range may be empty: sympy counts ``Sum(1, (i, 3, n))`` as
    ``n - 2`` even at ``n = 1``, where the sum is empty and 0.
    """
    for node in diff.atoms(Sum, Product):
        if not all(dom.is_nonnegative(hi - lo + 1) for _, lo, hi in node.limits):
            return False, Note("simplify_empty_range")
    try:
        with time_limit(min(budget.remaining, 5.0), "simplify"):
            return simplify(diff) == 0, None
    except BudgetExceeded as exc:
        return False, Note("stopped", (("stop", exc.stop),))
    except Exception as exc:  # sympy internals
        return False, Note("simplify_crashed", (("error", type(exc).__name__),))


def prove(lhs: Union[Side, Relational], rhs: Optional[Side] = None, *, relation: Union[str, Relation] = "=",
          component: Optional[Symbol] = None, budget: float = DEFAULT_BUDGET, seed: int = 0, samples: int = 256,
          dtype: str = "float64", nonzero: Sequence[Expr] = (), given: Sequence[object] = ()) -> Verdict:
    """Decide the claim ``lhs = rhs`` (or ``!=``, ``<=``, ``>=``, ``<``, ``>``) for every instance of its variables.

    An inequality goes to :func:`symdiv.prover.inequality.prove_inequality`:
    proved with a certificate exact arithmetic checks (termwise from
    ``log r <= r - 1``, or Shannon-type for entropies of random variables,
    with hypotheses such as ``given=[markov_chain(X, Y, Z)]``), refuted with
    an exact counterexample, or unknown.

    With ``relation="!="`` the claim is that the sides differ for some
    instance: it is proved by a counterexample to the equality (kept in
    ``counterexample`` as its witness) and refuted by a proof of it.
    *component* records that a vector statement is read componentwise at
    that index (the text reader passes it); it changes nothing in the proof.

    ``lhs`` may also be an unevaluated ``Eq(lhs, rhs)`` (or ``Ge``, ``Le``, ...).  *budget* bounds the
    symbolic work in seconds; *seed*, *samples* and *dtype* control the
    numeric cross-check and are recorded in the verdict's evidence.
    *nonzero* lists denominators the statement divides by that sympy has
    already cancelled (``z_j/z_j`` is built as 1); the text reader passes
    them.  The verdict's ``conditions`` say where the claim is made: sizes
    at least the largest component the statement names, denominators != 0.

    Raises :class:`~symdiv.errors.InconsistencyError` if the symbolic proof
    and the numeric check disagree: that is a bug, never a verdict.

    >>> from sympy import Sum
    >>> from symdiv.core import Distribution, alphabet_size
    >>> from symdiv.core.model import INDEX as i
    >>> n = alphabet_size()
    >>> P = Distribution("P", n)
    >>> v = prove(Sum(P[i], (i, 1, n - 2)), 1 - P[n] - P[n - 1])
    >>> v.status, v.conditions
    (<Status.PROVED: 'proved'>, (n >= 2,))
    >>> v = prove(P[1] + P[2] + P[3], 1)
    >>> v.status, v.counterexample.describe()["n"]
    (<Status.REFUTED: 'refuted'>, '4')
    """
    started = time.perf_counter()
    # The numeric options are checked before any symbolic work, so a bad one fails at once.
    budget = valid.number(budget, "budget", above=0)
    seed, samples = valid.seed(seed), valid.integer(samples, "samples")
    numpy_dtype(valid.text(dtype, "dtype"))
    if isinstance(lhs, Relational) and not isinstance(lhs, Unequality):
        if rhs is not None:
            raise InvalidTypeError("prove() got an equation and a right-hand side; give one or the other")
        lhs, rhs, relation = lhs.lhs, lhs.rhs, "=" if isinstance(lhs, Equality) else lhs.rel_op
    left = as_expression(lhs, "lhs")
    if rhs is None:
        raise InvalidTypeError("prove() needs two sides: prove(lhs, rhs) or prove(Eq(lhs, rhs, evaluate=False))")
    right = as_expression(rhs, "rhs")
    if Relation.of(relation).inequality:
        from .inequality import prove_inequality

        return prove_inequality(left, relation, right, given=given, component=component, budget=budget, seed=seed,
                                samples=samples, dtype=dtype)
    if given:
        raise InvalidInputError("hypotheses (given=) are for inequalities between entropies of random variables")
    dom = domain_of(left, right, nonzero=tuple(as_expression(d, "a nonzero denominator") for d in nonzero))
    assumptions = assumptions_of((left, right), dom)
    clock = Budget(budget)
    stage("normal_form")
    diff, steps, reasons = _normal_forms(left, right, dom, clock)
    stage("cross_check")
    evidence = cross_check(left, right, dom, seed=seed, samples=samples, dtype=dtype)
    reached = diff == 0
    # simplify only where it can help: a numeric disagreement means no proof exists.
    if diff is not None and not reached and evidence.agreed:
        stage("simplify")
        reached, failure = _fallback_simplify(diff, clock, dom)
        if reached:
            steps += (Step("simplify", "algebraic simplification (sympy)", S.Zero, "difference"),)
            reasons = []
        elif failure:
            reasons.append(failure)

    claim = Claim(left, Relation.of(relation), right, component)
    if claim.relation is Relation.SAME_MINIMISERS:
        raise InvalidInputError("prove() decides '=' and '!='; for the same minimisers use equivalent()")

    def verdict(equality: Status, **kw) -> Verdict:
        # *equality* is the status of lhs = rhs; the verdict carries that of the claim.
        return Verdict(equality.of_claim(claim.relation.value), claim, steps, assumptions, evidence=evidence,
                       seconds=time.perf_counter() - started, conditions=dom.conditions() + independence(left, right),
                       **kw)

    if reached and not evidence.agreed and confirm(left, right, evidence.failure_point) is False:
        # The floats disagreed, but exact arithmetic at that very point agrees.
        evidence = replace(evidence, first_failure=None, failure_point=None, resolved=evidence.resolved + 1)
    if reached:
        if not evidence.agreed:
            raise InconsistencyError(
                f"symdiv bug: {left} = {right} was proved symbolically, but the numeric check "
                f"disagrees at {dict(evidence.first_failure or {})} (relative error "
                f"{evidence.max_error:.3g} > {evidence.tolerance:.3g}), and exact arithmetic "
                f"confirms the difference there"
            )
        return verdict(Status.PROVED)
    stage("search")
    found = search_counterexample(left, right, dom, seed=seed)
    if found is None and not evidence.agreed:
        # the float disagreement itself, if exact arithmetic confirms it
        found = confirm(left, right, evidence.failure_point) or None
    if found is not None:
        return verdict(Status.REFUTED, counterexample=found,
                       reasons=(Note("sides_differ"),))
    if evidence.agreed:
        reasons.append(Note("numeric_agreed", (("samples", evidence.samples),)))
    else:
        reasons.append(Note("numeric_unconfirmed"))
    return verdict(Status.UNKNOWN, reasons=tuple(reasons))
