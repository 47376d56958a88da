"""The rewrite rules, each checked on the case it exists for."""

import pytest
from sympy import KroneckerDelta, Piecewise, Sum, exp, log, Integer

import symdiv as sd
from symdiv.budget import Budget
from symdiv.core.model import INDEX
from symdiv.errors import BudgetExceeded
from symdiv.prover.normal_form import Domain, domain_of, is_positive, normalise

i = INDEX


def test_every_rewrite_is_recorded(o):
    r = normalise(sd.CrossEntropy(o.P, o.Q) - sd.Entropy(o.P) - sd.KL(o.P, o.Q), domain_of(o.P))
    assert r.expr == 0
    assert [s.rule for s in r.steps][0] == "definition"
    assert all(s.justification for s in r.steps)


def test_sums_with_different_index_names_merge(o):
    k = sd.component_index("k")
    e = Sum(o.P[i] * log(o.Q[i]), (i, 1, o.n)) - Sum(o.P[k] * log(o.Q[k]), (k, 1, o.n))
    assert normalise(e, Domain({})).expr == 0


def test_sum_to_one_needs_the_full_range(o):
    assert normalise(Sum(o.P[i], (i, 1, o.n)), Domain({})).expr == 1
    partial = Sum(o.P[i], (i, 2, o.n))
    assert normalise(partial, Domain({})).expr != 1


def test_kronecker_collapses_only_in_range(o):
    e = Sum(KroneckerDelta(i, o.j) * o.P[i], (i, 1, o.n))
    assert normalise(e, Domain({o.j: (Integer(1), o.n)})).expr == o.P[o.j]
    # Without knowing 1 <= j <= n the collapse would be unsound: leave it.
    assert normalise(e, Domain({})).expr.has(KroneckerDelta)


def test_range_piecewise_is_dropped_when_index_in_range(o):
    e = Piecewise((o.P[o.j], (o.j >= 1) & (o.j <= o.n)), (0, True))
    assert normalise(e, Domain({o.j: (Integer(1), o.n)})).expr == o.P[o.j]
    assert normalise(e, Domain({})).expr.has(Piecewise)


def test_log_of_possibly_zero_is_not_expanded(o):
    # p_hat_i = c_i / N can be 0: log(c_i / N) = log c_i - log N would be unsound.
    e = log(o.p_hat.component(i))
    assert normalise(e, Domain({})).expr == e


def test_log_softmax_is_expanded(o):
    e = log(o.S[o.j])
    out = normalise(e, domain_of(sd.Grad(sd.Entropy(o.P), o.z, o.j))).expr
    assert out == o.z[o.j] - log(Sum(exp(o.z[i]), (i, 1, o.n)))


def test_positivity_oracle_knows_sums(o):
    assert is_positive(Sum(exp(o.z[i]), (i, 1, o.n)))
    assert not is_positive(Sum(o.z[i], (i, 1, o.n)))


def test_softmax_gradient_does_not_crash_like_simplify(o):
    # sympy 1.14's simplify raises StopIteration on this difference (sympy #14570).
    e = sd.Grad(sd.CrossEntropy(o.P, o.S), o.z, o.j) - sd.Grad(sd.KL(o.P, o.S), o.z, o.j)
    assert normalise(e, domain_of(e)).expr == 0


def test_user_index_named_like_a_bound_index(o):
    k = sd.component_index("k")  # the softmax normaliser sums over k by default
    e = sd.Grad(sd.CrossEntropy(o.P, o.S), o.z, k) - (o.S[k] - o.P[k])
    assert normalise(e, domain_of(e)).expr == 0


def test_budget_runs_out(o):
    budget = Budget(1e-9)
    with pytest.raises(BudgetExceeded):
        normalise(sd.CrossEntropy(o.P, o.Q), Domain({}), budget)
