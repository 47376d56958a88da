"""equivalent(): certificates for equivalent objectives, order reversals for the rest."""

import pytest
from sympy import S, log

import symdiv as sd
from symdiv import Status


def test_nll_and_cross_entropy_affine_certificate_is_found(o):
    v = sd.equivalent(sd.NLL(o.D, o.Q), sd.CrossEntropy(o.p_hat, o.Q), wrt=o.Q)
    assert v.status is Status.PROVED
    assert v.certificate.kind == "affine"
    assert v.certificate.a == o.N and v.certificate.b == 0


def test_cross_entropy_and_kl_affine_certificate(o):
    v = sd.equivalent(sd.CrossEntropy(o.P, o.S), sd.KL(o.P, o.S), wrt=o.z)
    assert v.proved and v.certificate.a == 1
    # The found b is H(P) written out.
    assert sd.prove(v.certificate.b, sd.Entropy(o.P)).proved


def test_given_certificate_is_checked(o):
    assert sd.equivalent(sd.CrossEntropy(o.P, o.S), sd.KL(o.P, o.S), wrt=o.z, a=1, b=sd.Entropy(o.P)).proved
    wrong = sd.equivalent(sd.CrossEntropy(o.P, o.S), sd.KL(o.P, o.S), wrt=o.z, a=1, b=S.Zero)
    # a wrong certificate is not a proof; the objectives are still equivalent, so it cannot be refuted
    assert wrong.status is not Status.REFUTED


def test_log_trick(o):
    v = sd.equivalent(sd.NLL(o.D, o.Q), sd.Likelihood(o.D, o.Q), wrt=o.Q, senses=("min", "max"))
    assert v.proved
    assert v.certificate.kind == "monotone" and v.certificate.increasing is False


def test_minimising_the_likelihood_is_not_mle(o):
    v = sd.equivalent(sd.NLL(o.D, o.Q), sd.Likelihood(o.D, o.Q), wrt=o.Q)
    assert v.status is Status.REFUTED


def test_reversed_kl_is_not_equivalent(o):
    v = sd.equivalent(sd.KL(o.P, o.Q), sd.KL(o.Q, o.P), wrt=o.Q)
    assert v.status is Status.REFUTED
    r = v.counterexample
    (f1, f2), (g1, g2) = r.f_values, r.g_values
    assert float(f1) < float(f2) and float(g1) > float(g2)


def test_bad_parameters(o):
    with pytest.raises(sd.InvalidTypeError, match="wrt must be Logits, a Distribution or a real parameter"):
        sd.equivalent(sd.KL(o.P, o.Q), sd.KL(o.P, o.Q), wrt=o.n)
    with pytest.raises(sd.InvalidInputError, match="sense must be 'min' or 'max'"):
        sd.equivalent(sd.KL(o.P, o.Q), sd.KL(o.P, o.Q), wrt=o.Q, senses=("min", "up"))
    with pytest.raises(sd.InvalidInputError, match="f does not depend on the parameters"):
        sd.equivalent(sd.Entropy(o.P), sd.KL(o.P, o.Q), wrt=o.Q)


def test_positive_factors_free_of_the_parameters(o):
    # H(P) > 0 and log n > 0 once there are two outcomes; with one, both are 0.
    for factor in (sd.Entropy(o.P), log(o.n)):
        v = sd.equivalent(factor * sd.CrossEntropy(o.P, o.Q), sd.CrossEntropy(o.P, o.Q), wrt=o.Q)
        assert v.proved and v.conditions == (o.n >= 2,)


def test_a_factor_that_may_be_zero_is_refuted_by_a_tie(o):
    # c_j = 0 makes c_j·NLL constant: every model minimises it, NLL picks one.
    v = sd.equivalent(sd.Count(o.D, o.j) * sd.NLL(o.D, o.Q), sd.NLL(o.D, o.Q), wrt=o.Q)
    assert v.status is Status.REFUTED
    (f1, f2), (g1, g2) = v.counterexample.f_values, v.counterexample.g_values
    assert (f1 == f2 and g1 != g2) or (g1 == g2 and f1 != f2) or (f1 - f2) * (g1 - g2) < 0


def test_a_wrong_given_certificate_is_reported(o):
    v = sd.equivalent(sd.CrossEntropy(o.P, o.S), sd.KL(o.P, o.S), wrt=o.z, a=2, b=sd.Entropy(o.P))
    assert "the given certificate is wrong" in v.reason
    # ... and the search still finds the right one
    assert v.proved and v.certificate.a == 1
