"""Inequalities ``lhs <= rhs`` (``>=``, ``<``, ``>``), proved with a certificate exact arithmetic checks.

Two kinds of certificate, each checked as an identity before anything is
called proved (a float computation may *find* one, never *confirm* it):

* **termwise**, from ``log r <= r - 1``: the difference of the sides is
  rewritten as ``a * sum_i y_i phi(x_i / y_i) + a * R`` with
  ``phi(r) = r log r - r + 1 >= 0``, ``a > 0``, ``y_i > 0`` and a rest ``R``
  the normal form takes to 0 (the normalisations).  Gibbs' inequality, the
  cross-entropy bound ``H(P, Q) >= H(P)``, ``H(P) <= log n``, the log-sum
  inequality and a blog's Jensen step all come out this way, and the
  equality case is read off the certificate: ``phi(r) = 0`` only at ``r = 1``.
* **Shannon-type**, for entropies and mutual informations of random
  variables: :mod:`symdiv.prover.shannon` finds a nonnegative combination of
  Yeung's elemental inequalities (plus the hypotheses' equalities) and checks
  it coefficient by coefficient in rationals.

>>> import symdiv as sd
>>> n = sd.alphabet_size()
>>> P, Q = sd.Distribution("P", n), sd.Distribution("Q", n)
>>> v = prove_inequality(sd.KL(P, Q), ">=", 0)
>>> v.status, v.certificate.kind
(<Status.PROVED: 'proved'>, 'termwise')
>>> prove_inequality(sd.KL(P, Q), ">", 0).counterexample.describe()     # refuted where P = Q
{'n': '1', 'P': '(1)', 'Q': '(1)'}
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import replace
from fractions import Fraction
from typing import Optional, Sequence, Union

from sympy import Add, Basic, Expr, Function, Indexed, Mul, Rational, S, Sum, exp, log

from ..budget import Budget, stage
from ..core.algebra import as_expression
from ..core.bound import canonical_indices
from ..core.domain import Domain, domain_of, independence, is_positive
from ..core.measures import ConditionalEntropy, Entropy, MutualInformation
from ..core.model import Distribution, FunctionOf, Hypothesis, Independent, Marginal, MarkovChain, marginal
from ..errors import BudgetExceeded, InconsistencyError, InvalidInputError, InvalidTypeError
from ..numeric.check import Counterexample, Evidence, cross_check, search_counterexample
from ..numeric.exact import Difference, exact_difference
from ..numeric.instances import Point
from . import shannon
from .claim import Claim, Relation
from .normal_form import Step, normalise
from .verdict import Certificate, Note, Status, Verdict

__all__ = ["prove_inequality", "prove_minimiser", "LogGap", "markov_chain", "independent", "function_of"]

class LogGap(Function):
    """``phi(r) = r log r - r + 1``, which is ``>= 0`` for ``r > 0`` (``log r <= r - 1``),
    and 0 only at ``r = 1``: the term of a termwise certificate.

    >>> from sympy import Rational
    >>> LogGap(1).doit(), LogGap(Rational(1, 2)).doit()
    (0, 1/2 - log(2)/2)
    """

    nargs = 1

    def doit(self, **hints):
        r = self.args[0].doit(**hints) if hints.get("deep", True) else self.args[0]
        return r * log(r) - r + 1

    def _eval_is_nonnegative(self):
        return True if self.args[0].is_positive else None


# -- hypotheses about random variables -------------------------------------------------


def markov_chain(*groups: object) -> MarkovChain:
    """``X -> Y -> Z``: ``X`` and ``Z`` are independent given ``Y`` (and so on along a longer chain)."""
    return MarkovChain(*groups)


def independent(*groups: object) -> Independent:
    """The variables (or groups of them) are mutually independent."""
    return Independent(*groups)


def function_of(y: object, *, of: object) -> FunctionOf:
    """``y`` is a function of ``of``: ``H(y | of) = 0``."""
    return FunctionOf(y, of)


def _shannon_hypothesis(h: Hypothesis) -> "shannon.Hypothesis":
    names = [tuple(v.name for v in g) for g in h.groups]
    names = [g[0] if len(g) == 1 else g for g in names]
    if h.kind == "markov_chain":
        return shannon.markov_chain(*names)
    if h.kind == "independent":
        return shannon.independent(*names)
    return shannon.function_of(names[0], of=names[1])


# -- the claim --------------------------------------------------------------------------


def prove_inequality(lhs: object, relation: Union[str, Relation], rhs: object, *,
                     given: Sequence[Hypothesis] = (), component: Optional[Basic] = None, budget: float = 10.0,
                     seed: int = 0, samples: int = 256, dtype: str = "float64") -> Verdict:
    """Decide ``lhs <relation> rhs`` for every instance, *relation* one of ``<= >= < >``.

    *given* holds hypotheses about random variables (:func:`markov_chain`,
    :func:`independent`, :func:`function_of`), used by the Shannon-type
    prover as equalities; the claim is then made where they hold.
    """
    started = time.perf_counter()
    rel = Relation.of(relation)
    if not rel.inequality:
        raise InvalidInputError(f"prove_inequality decides <=, >=, < and >, not {rel.value!r}")
    left, right = as_expression(lhs, "lhs"), as_expression(rhs, "rhs")
    given = tuple(given)
    for h in given:
        if not isinstance(h, Hypothesis):
            raise InvalidTypeError(f"given takes hypotheses (markov_chain(X, Y, Z), independent(X, Y), ...), "
                                   f"got {h!r}")
    # Oriented as big >= small (or >): the certificate is about big - small.
    big, small = (left, right) if rel in (Relation.GREATER_EQUAL, Relation.GREATER) else (right, left)
    order = ">" if rel.strict else ">="
    dom = domain_of(left, right)
    from .prove import assumptions_of

    assumptions = assumptions_of((left, right), dom)
    claim = Claim(left, rel, right, component)

    def verdict(status: Status, **kw) -> Verdict:
        return Verdict(status, claim, assumptions=assumptions, seconds=time.perf_counter() - started,
                       conditions=dom.conditions() + given + independence(left, right), **kw)

    difference = big - small
    entropic = _entropic(difference)
    if given and entropic is None:
        raise InvalidInputError("hypotheses (Markov chains, independence) are about random variables; "
                                "the statement has no entropies or informations of them")
    stage("normal_form")
    if entropic is not None:
        return _shannon(entropic, left, big, small, order, tuple(_shannon_hypothesis(h) for h in given), dom, seed,
                        samples, verdict)
    found = _termwise(difference, dom, Budget(budget))
    stage("cross_check")
    evidence = cross_check(big, small, dom, seed=seed, samples=samples, dtype=dtype, relation=order)
    strict_ok = found is not None and (not rel.strict or found[0].bound.is_positive)
    if found is not None and strict_ok:
        certificate, steps = found
        if not evidence.agreed:
            raise InconsistencyError(f"symdiv bug: {left} {rel.value} {right} has a checked termwise certificate, "
                                     f"but the numeric check disagrees at {dict(evidence.first_failure or {})}")
        return verdict(Status.PROVED, steps=steps, certificate=certificate, evidence=evidence,
                       reasons=(Note("termwise_certificate"),))
    stage("search")
    counterexample = search_counterexample(big, small, dom, seed=seed, relation=order)
    if counterexample is not None:
        return verdict(Status.REFUTED, counterexample=_oriented(counterexample, left, big), evidence=evidence,
                       reasons=(Note("inequality_fails"),))
    reasons = [Note("strict_not_certified")] if rel.strict and found is not None else [Note("no_certificate_found")]
    reasons.append(Note("numeric_held", (("samples", evidence.samples),)) if evidence.agreed
                   else Note("numeric_unconfirmed"))
    return verdict(Status.UNKNOWN, evidence=evidence, reasons=tuple(reasons),
                   steps=found[1] if found is not None else ())


def prove_minimiser(objective: object, wrt: object, at: object, *, budget: float = 10.0, seed: int = 0,
                    samples: int = 256) -> Verdict:
    """Decide ``arg min_wrt objective = at``: *at* is the one minimiser of *objective* over the
    distribution *wrt*, from Gibbs' inequality and its equality case.

    Both halves are shown: the lower bound ``objective >= objective(at)`` (a
    termwise certificate ``a * sum y phi(x / y)``), and that it is attained
    only at *at*: each ``phi(x_i / y_i)`` vanishes only at ``x_i = y_i``, and
    the ratio ``x_i / y_i`` is 1 at *at* and strictly monotone in the one
    component of *wrt* it involves.

    >>> import symdiv as sd
    >>> n = sd.alphabet_size()
    >>> P, Q = sd.Distribution("P", n), sd.Distribution("Q", n)
    >>> v = prove_minimiser(sd.CrossEntropy(P, Q), Q, P)
    >>> v.status, str(v.claim)
    (<Status.PROVED: 'proved'>, 'argmin_{Q} H(P, Q) = P')
    >>> prove_minimiser(sd.CrossEntropy(P, Q), Q, sd.Uniform(n)).status
    <Status.REFUTED: 'refuted'>
    """
    started = time.perf_counter()
    f = as_expression(objective, "the objective")
    if not isinstance(wrt, Distribution) or len(wrt.shape) != 1:
        raise InvalidTypeError(f"wrt must be a distribution (a Distribution of one variable), got {wrt!r}")
    if not (getattr(at, "shape", None) is not None and tuple(at.shape) == tuple(wrt.shape)):
        raise InvalidInputError(f"the minimiser must be a distribution of the size of {wrt.name}, got {at!r}")
    claim = Claim(f, Relation.MINIMISER, at, wrt=(wrt,))
    at_value = f.xreplace({wrt: at})
    bound = prove_inequality(f, ">=", at_value, budget=budget, seed=seed, samples=samples)
    keep = dict(steps=bound.steps, assumptions=bound.assumptions, evidence=bound.evidence,
                certificate=bound.certificate, conditions=bound.conditions)
    if bound.status is Status.REFUTED:  # an instance where wrt beats at: at is no minimiser
        return Verdict(Status.REFUTED, claim, counterexample=bound.counterexample, reasons=bound.reasons,
                       seconds=time.perf_counter() - started, **keep)
    unique = bound.status is Status.PROVED and _unique(bound.certificate, wrt, at)
    reasons = bound.reasons + ((Note("minimiser_attained", (("at", at),)),) if unique else
                               (Note("minimiser_not_unique"),) if bound.status is Status.PROVED else ())
    return Verdict(Status.PROVED if unique else Status.UNKNOWN, claim, reasons=reasons,
                   seconds=time.perf_counter() - started, **keep)


def _unique(certificate: Optional[Certificate], wrt: Distribution, at: Basic) -> bool:
    """Whether the termwise bound vanishes only at ``wrt = at``: its ratio ``x_i / y_i`` is 1 there
    and strictly monotone in the single component ``wrt_i`` it involves."""
    if certificate is None or certificate.kind != "termwise":
        return False
    gaps = certificate.bound.atoms(LogGap)
    sums = certificate.bound.atoms(Sum)
    if len(gaps) != 1 or len(sums) != 1:
        return False
    (gap,), (total,) = gaps, sums
    ratio = gap.args[0]
    ((i, lo, hi),) = total.limits if len(total.limits) == 1 else ((None, None, None),)
    if i is None:
        return False
    components = {x for x in ratio.atoms(Indexed) if x.base == wrt}
    if components != {wrt[i]}:
        return False
    at_i = at.component(i) if hasattr(at, "component") else at[i]
    if (ratio.xreplace({wrt[i]: at_i}) - 1).simplify() != 0:
        return False
    slope = ratio.diff(wrt[i])
    return bool(is_positive(slope) or is_positive(-slope))


def _oriented(found: Counterexample, left: Expr, big: Expr) -> Counterexample:
    """The counterexample with its values in the claim's own order (lhs first)."""
    if left == big:
        return found
    d = found.difference
    sign = None if d.sign is None else -d.sign
    return replace(found, difference=Difference(d.rhs, d.lhs, d.rhs_value, d.lhs_value, d.differs, sign))


# -- termwise certificates ----------------------------------------------------------------


def _termwise(d: Expr, dom: Domain, budget: Budget) -> Optional[tuple[Certificate, tuple[Step, ...]]]:
    """A checked certificate ``d = a * sum y phi(x / y)`` (after the normalisations), or None."""
    try:
        nf = normalise(d, dom, budget, "difference")
        if nf.expr.is_number and nf.expr.is_nonnegative:  # the difference is a constant >= 0
            return Certificate("termwise", a=S.One, bound=nf.expr), nf.steps
        candidate = _candidate(nf.expr, dom, budget)
        if candidate is None:
            return None
        a, limits, x, y = candidate
        # y may hold sums over the same index (b_i sum_i a_i / sum_i b_i): name every bound index apart
        bound = canonical_indices(a * Sum(y * LogGap(x / y), *limits))
        rest = canonical_indices(a * (Sum(x, *limits) - Sum(y, *limits)))
        # The identity d = bound + rest, and rest = 0, each through the normal form: exact, not sampled.
        expanded = bound.replace(lambda e: isinstance(e, LogGap), lambda e: e.doit())
        if normalise(d - expanded - rest, dom, budget).expr != 0:
            return None
        if normalise(rest, dom, budget).expr != 0:
            return None
    except BudgetExceeded:
        return None
    # Two equalities, then the one inequality: each term y*phi(x/y) is >= 0.
    steps = nf.steps + (Step("phi_rewrite", "each term written with phi(r) = r log r - r + 1", bound + rest,
                             "difference"),
                        Step("leftover_zero", "the leftover terms add up to zero", bound, "difference"),
                        Step("termwise", "phi(r) >= 0 for every r > 0", S.Zero, "difference", ">="))
    return Certificate("termwise", a=a, bound=bound), steps


def _sum_part(term: Expr) -> tuple[Expr, Optional[Sum]]:
    """``(coefficient, sum)`` of a term ``c * Sum(...)``; the sum None if there is none (or several)."""
    sums = [f for f in Mul.make_args(term) if isinstance(f, Sum)]
    if len(sums) != 1:
        return term, None
    return Mul(*[f for f in Mul.make_args(term) if f is not sums[0]]), sums[0]


def _candidate(expr: Expr, dom: Domain, budget: Budget):
    """``(a, limits, x, y)`` with ``expr = a sum x log(x / y) + rest`` in the shape Gibbs' inequality needs.

    The terms ``c * sum w log g`` are grouped by their weight ``w``; sums over a
    marginal are lifted into the joint's sum first (``sum_x p(x) f(x) =
    sum_{x,y} p(x,y) f(x)``).  The group's own ``log w`` must have a positive
    coefficient ``a``; every other term of the difference is a constant ``T``
    that goes into ``y = v exp(-T / (a sum w))``.
    """
    groups: dict[tuple, list[tuple[Expr, Expr]]] = defaultdict(list)
    constants: list[Expr] = []
    for term in Add.make_args(expr):
        c, s = _sum_part(term)
        if s is None:
            constants.append(term)
            continue
        factors = Mul.make_args(s.function)
        logs = [f for f in factors if isinstance(f, log)]
        if len(logs) != 1:  # (sum_i a_i) log(sum_i a_i): a constant, as far as the index goes
            constants.append(term)
            continue
        weight = Mul(*[f for f in factors if f is not logs[0]])
        groups[(tuple(s.limits), weight)].append((c, logs[0].args[0]))
    if not groups:
        return None
    (limits, w), entries = _merged(groups)
    if limits is None:
        return None
    a = sum((c for c, g in entries if g == w), S.Zero)
    if not (a.is_number and a > 0) and not is_positive(a):
        return None
    others = [(c, g) for c, g in entries if g != w]
    v = Mul(*[g ** (-c / a) for c, g in others])
    constant = Add(*constants)
    if constant.free_symbols & {var for var, _, _ in limits}:
        return None
    total = normalise(Sum(w, *limits), dom, budget).expr  # 1 for a distribution
    if not is_positive(total):
        return None
    exponent = (-constant / (a * total)).expand(log=False, multinomial=False)  # A log(B/A) / A = log B - log A
    y = (v * exp(exponent)).expand(power_exp=True, log=False, mul=False, multinomial=False)
    if not is_positive(w) or not is_positive(y):
        return None
    return a, limits, w, y


def _merged(groups: dict):
    """One group: those over marginals lifted into the group of their joint."""
    if len(groups) == 1:
        return next(iter(groups.items()))
    (fine_limits, fine_w), fine_entries = max(groups.items(), key=lambda kv: len(kv[0][0]))
    if not (isinstance(fine_w, Indexed) and fine_w.base.variables):
        return (None, None), []
    at_fine = dict(zip(fine_w.base.variables, fine_w.indices))
    merged = list(fine_entries)
    for (limits, w), entries in groups.items():
        if (limits, w) == (fine_limits, fine_w):
            continue
        if not (isinstance(w, Indexed) and isinstance(w.base, (Distribution, Marginal))
                and w.base.variables and _family(w.base) == _family(fine_w.base)
                and set(w.base.variables) < set(at_fine)):
            return (None, None), []
        mapping = dict(zip(w.indices, (at_fine[v] for v in w.base.variables)))
        if any(var not in mapping for var, _, _ in limits):
            return (None, None), []
        # sum_x p(x) f(x) = sum_{x,y} p(x,y) f(x): the marginal is the joint summed over y
        merged += [(c, g.xreplace(mapping)) for c, g in entries if g != w]
        own = sum((c for c, g in entries if g == w), S.Zero)
        if own != 0:
            merged.append((own, marginal(fine_w.base, *w.base.variables)[tuple(mapping[i] for i in w.indices)
                                                                       if len(w.indices) > 1
                                                                       else mapping[w.indices[0]]]))
    return (fine_limits, fine_w), merged


def _family(d: Basic) -> Basic:
    return d.joint if isinstance(d, Marginal) else d


# -- Shannon-type inequalities ----------------------------------------------------------------


def _entropic(e: Expr):
    """``(Linear, joint, base)`` when *e* is a rational combination of H, H(.|.) and I(.;.|.) of one
    joint's variables (all in one log base); else None."""
    terms = []
    joint, base = None, None
    for term in Add.make_args(e):
        c, measure = term.as_coeff_Mul()
        if not isinstance(measure, (Entropy, ConditionalEntropy, MutualInformation)) or not c.is_Rational:
            return None
        family = _family(measure.dist) if isinstance(measure, Entropy) else _family(measure.joint)
        if not getattr(family, "variables", ()) or not isinstance(family, Distribution):
            return None
        if joint is None:
            joint, base = family, measure.base
        elif family != joint or measure.base != base:
            return None
        frac = Fraction(int(c.p), int(c.q))
        if isinstance(measure, Entropy):
            terms.append(shannon.H(*(v.name for v in measure.dist.variables)) * frac)
        elif isinstance(measure, ConditionalEntropy):
            terms.append(shannon.H(*(v.name for v in measure.of), given=tuple(v.name for v in measure.given))
                         * frac)
        else:
            (a, b), g = measure.sides, measure.given
            terms.append(shannon.I(tuple(v.name for v in a), tuple(v.name for v in b),
                                   given=tuple(v.name for v in g)) * frac)
    if joint is None:
        return None
    return sum(terms[1:], terms[0]), joint, base


def _shannon(entropic, left: Expr, big: Expr, small: Expr, order: str, given, dom: Domain, seed: int,
             samples: int, verdict) -> Verdict:
    linear, joint, base = entropic
    names = tuple(v.name for v in joint.variables)
    try:
        result = shannon.decide(linear, hypotheses=given, strict=order == ">", variables=names)
    except InvalidInputError:
        result = None  # a target that cancels to 0 and the like: the sampling below decides
    stage("cross_check")
    evidence = _table_evidence(linear, joint, given, seed, samples)
    if result is not None and result.status is Status.PROVED:
        if not evidence.agreed:
            raise InconsistencyError(f"symdiv bug: the Shannon certificate of {big} {order} {small} checked, "
                                     f"but a sampled table violates it: {dict(evidence.first_failure or {})}")
        steps, bound = _shannon_steps(result.certificate, joint, base)
        return verdict(Status.PROVED, steps=steps, evidence=evidence, certificate=Certificate("shannon", bound=bound),
                       reasons=(Note("shannon_certificate", (("count", len(result.certificate.elementals)),)),))
    stage("search")
    table = result.counterexample if result is not None and result.status is Status.REFUTED else None
    found = _positive_counterexample(table, joint, big, small, order) if table is not None else None
    if found is None and not given:
        found = search_counterexample(big, small, dom, seed=seed, relation=order)
    if found is not None:
        return verdict(Status.REFUTED, counterexample=_oriented(found, left, big),
                       evidence=evidence, reasons=(Note("inequality_fails"),))
    reasons = (Note("not_shannon_type"),
               Note("numeric_held", (("samples", evidence.samples),)) if evidence.agreed
               else Note("numeric_unconfirmed"))
    return verdict(Status.UNKNOWN, evidence=evidence, reasons=reasons)


def _shannon_steps(certificate: "shannon.ShannonCertificate", joint: Distribution,
                   base: Expr) -> tuple[tuple[Step, ...], Expr]:
    """The certificate as steps whose expressions are symdiv's own measures, so every printer shows
    them, and its bound: the nonnegative combination of elemental terms the difference equals."""
    by_name = {v.name: v for v in joint.variables}

    def measure(name: str) -> Expr:
        # I(X;Z|Y), H(X|Y,Z), I(X,Y;Z) ... as written by the Shannon module
        inner = name[2:-1]
        head, _, cond = inner.partition("|")
        given = tuple(by_name[v] for v in cond.split(",")) if cond else ()
        if name.startswith("I("):
            a, b = head.split(";")
            return MutualInformation(joint, tuple(by_name[v] for v in a.split(",")),
                                     tuple(by_name[v] for v in b.split(",")), given, base)
        of = tuple(by_name[v] for v in head.split(","))
        if given:
            return ConditionalEntropy(joint, of, given, base)
        return Entropy(marginal(joint, *of), base)

    def combination(terms) -> Expr:
        return Add(*[Rational(c.numerator, c.denominator) * measure(n) for c, n in terms])

    steps = []
    for s in certificate.steps()[1:]:
        if s.relation == "=" and "identity" in s.justification:
            steps.append(Step("elemental_identity", s.justification, combination(s.terms), "difference"))
        elif s.relation == "=":
            steps.append(Step("hypothesis", s.justification, combination(s.terms), "difference"))
    bound = combination([(m, e.name) for e, m in certificate.elementals if m])
    # the last line says why what is left is >= 0: every term is an elemental inequality
    # (certificate.steps() already ends on the combination of elemental terms, the bound)
    steps.append(Step("elemental", "each term is an elemental inequality, >= 0", S.Zero, "difference", ">="))
    return tuple(steps), bound


def _table_evidence(linear, joint, given, seed: int, samples: int) -> Evidence:
    """The target on random tables that satisfy the hypotheses, each sign exact: the Shannon
    certificate's independent check (symdiv's float samplers know no Markov chains)."""
    names = tuple(v.name for v in joint.variables)
    worst, failure, count = 0.0, None, 0
    for table in shannon.random_tables(names, given, count=max(8, samples // 8), seed=seed):
        count += 1
        value = table.evaluate(linear)
        if value.sign() < 0:  # exact: no tolerance needed
            failure = {"table": str(table), "value": repr(float(value))}
            worst = -float(value) / (1.0 + sum(abs(float(c)) for c in linear.combination.values()))
            break
    return Evidence(count, (), worst, 0.0, seed, "exact", failure)


def _positive_counterexample(table, joint: Distribution, big: Expr, small: Expr, order: str):
    """The Shannon search's table as a point of the statement (positive entries, as the
    statement assumes): the table itself, or mixed with the uniform table, checked exactly."""
    sizes = tuple(table.sizes)
    cells = list(table.probabilities)
    uniform = Fraction(1, len(cells))
    for eps in (Fraction(0), Fraction(1, 10), Fraction(1, 100), Fraction(1, 1000)):
        if eps == 0 and any(c == 0 for c in cells):
            continue
        mixed = [(1 - eps) * c + eps * uniform for c in cells]
        point = _point(joint, table.variables, sizes, mixed)
        diff = exact_difference(big, small, point)
        if diff is not None and diff.sign is not None and (diff.sign < 0 or (order == ">" and diff.sign == 0)):
            return Counterexample(point, diff)
    return None


def _point(joint: Distribution, variables: Sequence[str], sizes: Sequence[int], cells: Sequence[Fraction]) -> Point:
    """A Point of *joint* (its own order of variables) from a row-major table over *variables*."""
    import itertools

    where = {name: k for k, name in enumerate(variables)}
    size_of = dict(zip(variables, sizes))
    table = dict(zip(itertools.product(*(range(k) for k in sizes)), cells))
    ordered = [v.name for v in joint.variables]
    values = []
    for outcome in itertools.product(*(range(size_of[name]) for name in ordered)):
        source = [0] * len(variables)
        for name, o in zip(ordered, outcome):
            source[where[name]] = o
        values.append(Rational(table[tuple(source)].numerator, table[tuple(source)].denominator))
    symbolic = sorted({(v.size, size_of[v.name]) for v in joint.variables if not v.size.is_Integer},
                      key=lambda kv: str(kv[0]))
    return Point(sizes=tuple(symbolic), values=((joint, tuple(values)),), samples=(), indices=(), scalars=())
