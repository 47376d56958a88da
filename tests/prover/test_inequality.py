"""Inequalities: every proof carries a certificate checked exactly, every refutation an exact counterexample."""

from fractions import Fraction as F

import pytest
from sympy import Abs, Rational, Sum, log

import symdiv as sd
from symdiv import Status
from symdiv.core.model import INDEX as i, PositiveVector
from symdiv.errors import InvalidInputError, InvalidTypeError
from symdiv.prover.inequality import LogGap, function_of, independent, markov_chain, prove_minimiser

n = sd.alphabet_size("n")
P, Q = sd.Distribution("P", n), sd.Distribution("Q", n)
X, Y, Z, W = (sd.RandomVariable(v, sd.alphabet_size(f"n_{v}")) for v in "XYZW")
p = sd.Distribution("p", (X, Y, Z))
p4 = sd.Distribution("p", (X, Y, Z, W))


def H(*v, joint=p):
    return sd.Entropy(sd.marginal(joint, *v))


def I(a, b, given=(), joint=p):
    return sd.MutualInformation(joint, a, b, given)


def test_gibbs_with_its_termwise_certificate():
    v = sd.prove(sd.KL(P, Q), 0, relation=">=")
    assert v.status is Status.PROVED and v.certificate.kind == "termwise"
    assert v.certificate.bound == Sum(Q[i] * LogGap(P[i] / Q[i]), (i, 1, n))
    # two equalities (the phi form, the leftover terms cancel), then the one inequality, phi >= 0
    assert [(s.rule, s.relation) for s in v.steps][-3:] == [("phi_rewrite", "="), ("leftover_zero", "="),
                                                            ("termwise", ">=")]
    assert v.steps[-2].expr == v.certificate.bound and v.steps[-1].expr == 0


def test_strict_gibbs_is_refuted_where_p_equals_q():
    v = sd.prove(sd.KL(P, Q), 0, relation=">")
    assert v.status is Status.REFUTED
    d = v.counterexample.describe()
    assert d["P"] == d["Q"]
    assert v.counterexample.difference.sign == 0


@pytest.mark.parametrize("lhs, relation, rhs", [
    (sd.Entropy(P), "<=", log(n)),
    (sd.Entropy(P, base=2), "<=", log(n) / log(2)),
    (sd.CrossEntropy(P, Q), ">=", sd.Entropy(P)),
    (sd.Entropy(P), "\\leq", sd.CrossEntropy(P, Q)),
    (-Sum(P[i] * log(Q[i] / P[i]), (i, 1, n)), ">=", -log(Sum(Q[i], (i, 1, n)))),   # a blog's Jensen step
    (sd.KL(P, Q, base=2), "\\geq", 0),
])
def test_single_distribution_inequalities_are_proved_termwise(lhs, relation, rhs):
    v = sd.prove(lhs, rhs, relation=relation)
    assert v.status is Status.PROVED, v
    assert v.certificate.kind == "termwise" and v.evidence.agreed


def test_entropy_is_at_most_log_n_with_the_uniform_distribution_in_the_certificate():
    v = sd.prove(sd.Entropy(P), log(n), relation="<=")
    assert v.certificate.bound == Sum(LogGap(n * P[i]) / n, (i, 1, n))
    strict = sd.prove(sd.Entropy(P), log(n), relation="<")
    assert strict.status is Status.REFUTED  # the uniform distribution (at n = 1: H = 0 = log 1)


def test_the_log_sum_inequality_for_positive_weights():
    a, b = PositiveVector("a", n), PositiveVector("b", n)
    A, B = Sum(a[i], (i, 1, n)), Sum(b[i], (i, 1, n))
    v = sd.prove(Sum(a[i] * log(a[i] / b[i]), (i, 1, n)), A * log(A / B), relation=">=")
    assert v.status is Status.PROVED and v.certificate.kind == "termwise"


@pytest.mark.parametrize("lhs, relation, rhs", [
    (sd.CrossEntropy(P, Q), "<=", sd.Entropy(P)),
    (sd.KL(P, Q), ">=", sd.KL(Q, P)),
    (sd.Entropy(P), ">=", log(n)),
])
def test_false_inequalities_are_refuted_exactly_with_positive_entries(lhs, relation, rhs):
    v = sd.prove(lhs, rhs, relation=relation)
    assert v.status is Status.REFUTED
    for values in v.counterexample.point.values:
        assert all(x > 0 for x in values[1])
    assert v.counterexample.difference.sign is not None


def test_a_float_tie_never_refutes():
    # equal sides: the floats may differ by rounding, exact arithmetic says 0 >= 0
    assert sd.prove(sd.KL(P, P), 0, relation=">=").status is Status.PROVED
    assert sd.prove(sd.CrossEntropy(P, P), sd.Entropy(P), relation=">=").status is Status.PROVED


@pytest.mark.parametrize("name, lhs, relation, rhs, given", [
    ("subadditivity", H(X, Y), "<=", H(X) + H(Y), ()),
    ("conditioning reduces entropy", sd.ConditionalEntropy(p, X, Y), "<=", H(X), ()),
    ("I >= 0", I(X, Y), ">=", 0, ()),
    ("conditional I >= 0", I(X, Y, Z), ">=", 0, ()),
    ("submodularity", H(X, Y) + H(Y, Z), ">=", H(X, Y, Z) + H(Y), ()),
    ("data processing", I(X, Y), ">=", I(X, Z), (markov_chain(X, Y, Z),)),
    ("four variables", H(X, Y, Z, W, joint=p4), "<=", H(X, joint=p4) + H(Y, joint=p4) + H(Z, joint=p4)
     + H(W, joint=p4), ()),
    ("independence", H(X, Y), "=", H(X) + H(Y), None),
])
def test_shannon_type_inequalities_with_exact_certificates(name, lhs, relation, rhs, given):
    if given is None:  # an equality that needs a hypothesis: as two inequalities
        for rel in ("<=", ">="):
            v = sd.prove(lhs, rhs, relation=rel, given=[independent(X, Y)])
            assert v.status is Status.PROVED, (rel, v)
        return
    v = sd.prove(lhs, rhs, relation=relation, given=given)
    assert v.status is Status.PROVED, v
    assert v.certificate.kind == "shannon"
    assert v.conditions == tuple(given)


@pytest.mark.parametrize("name, lhs, relation, rhs, given", [
    ("conditioning increases entropy", sd.ConditionalEntropy(p, X, Y), ">=", H(X), ()),
    ("data processing without the chain", I(X, Y), ">=", I(X, Z), ()),
    ("conditioning reduces information", I(X, Y, Z), "<=", I(X, Y), ()),
    ("I > 0", I(X, Y), ">", 0, ()),
    ("function of X, wrong way", sd.ConditionalEntropy(p, X, Y), "<=", 0, (function_of(X, of=Z),)),
])
def test_false_shannon_statements_are_refuted_by_exact_tables(name, lhs, relation, rhs, given):
    v = sd.prove(lhs, rhs, relation=relation, given=given)
    assert v.status is Status.REFUTED, v
    ((joint, values),) = v.counterexample.point.values
    assert all(x > 0 for x in values)  # the statement assumes p > 0
    assert sum(values) == 1


def test_zhang_yeung_is_unknown_never_refuted():
    A, B, C, D = X, Y, Z, W
    zy = 2 * I(C, D, joint=p4)
    rhs = (I(A, B, joint=p4) + I(A, (C, D), joint=p4) + 3 * I(C, D, A, joint=p4) + I(C, D, B, joint=p4))
    v = sd.prove(zy, rhs, relation="<=")
    assert v.status is Status.UNKNOWN
    assert "not_shannon_type" in [r.key for r in v.reasons]


def test_pinsker_for_two_outcomes_is_honestly_unknown_with_numeric_evidence():
    P2, Q2 = sd.Distribution("P", 2), sd.Distribution("Q", 2)
    tv = (Abs(P2[1] - Q2[1]) + Abs(P2[2] - Q2[2])) / 2
    v = sd.prove(sd.KL(P2, Q2), 2 * tv ** 2, relation=">=")
    assert v.status is Status.UNKNOWN and v.evidence.agreed
    assert sd.prove(sd.KL(P2, Q2), 3 * tv ** 2, relation=">=").status is Status.REFUTED


def test_the_minimiser_of_cross_entropy_and_kl_through_the_equality_case():
    for f in (sd.CrossEntropy(P, Q), sd.KL(P, Q)):
        v = prove_minimiser(f, Q, P)
        assert v.status is Status.PROVED
        assert [r.key for r in v.reasons] == ["termwise_certificate", "minimiser_attained"]
        # The steps rewrite f(Q) - f(P), the objective against its value at the minimiser.
        assert v.start_of("difference") == f - f.xreplace({Q: P})
    assert prove_minimiser(sd.CrossEntropy(P, Q), Q, sd.Uniform(n)).status is Status.REFUTED


def test_bad_input_is_named():
    with pytest.raises(InvalidInputError, match="unknown relation"):
        sd.prove(sd.KL(P, Q), 0, relation="=>")
    with pytest.raises(InvalidInputError, match="random variables"):
        sd.prove(sd.KL(P, Q), 0, relation=">=", given=[markov_chain(X, Y, Z)])
    with pytest.raises(InvalidTypeError, match="hypotheses"):
        sd.prove(I(X, Y), 0, relation=">=", given=["X -> Y -> Z"])
    with pytest.raises(InvalidTypeError, match="random variables"):
        markov_chain(P, Q)
