"""The losses ML engineers train with: proved in general, their usual wrong forms refuted exactly."""

import pytest
from sympy import Abs, E, Max, Rational, Sum, Symbol, exp, log, pi

import symdiv as sd
from symdiv import Status
from symdiv.core.continuous import Normal, NormalDiag
from symdiv.core.functions import Sigmoid, Softplus
from symdiv.core.measures import BinaryCrossEntropy as BCE, FocalLoss
from symdiv.core.model import Bernoulli, Mixture, OffTarget, ParametricDistribution, PositiveVector

n, K, d = sd.alphabet_size("n"), sd.alphabet_size("K"), sd.alphabet_size("d")
j, c = sd.component_index("j"), sd.component_index("c")
u, theta = Symbol("u", real=True), Symbol("theta", real=True)
p, T, eps = Symbol("p", positive=True), Symbol("T", positive=True), Symbol("epsilon", positive=True)
P, Q, PK = sd.Distribution("P", n), sd.Distribution("Q", n), sd.Distribution("P", K)
z, v = sd.Logits("z", n), sd.Logits("v", n)
m1, m2 = Symbol("mu_1", real=True), Symbol("mu_2", real=True)
s1, s2 = Symbol("sigma_1", positive=True), Symbol("sigma_2", positive=True)
mu, sg = sd.Logits("mu", d), PositiveVector("sigma", d)
k = Symbol("k", integer=True)


def proved(lhs, rhs, **kw):
    v = sd.prove(lhs, rhs, **kw)
    assert v.status is Status.PROVED, v
    return v


def refuted(lhs, rhs, **kw):
    v = sd.prove(lhs, rhs, **kw)
    assert v.status is Status.REFUTED, v
    assert v.counterexample.difference.sign not in (None, 0)
    return v


def test_the_seed_claim_for_any_model():
    Qt = ParametricDistribution("Q", n, (theta,))
    proved(sd.Grad(sd.CrossEntropy(P, Qt), theta), sd.Grad(sd.KL(P, Qt), theta))
    refuted(sd.Grad(sd.CrossEntropy(P, Qt), theta), sd.Grad(sd.KL(Qt, P), theta))
    N = Symbol("N", integer=True, positive=True)
    data = sd.Dataset("x", N, n)
    v = sd.equivalent(sd.NLL(data, Qt), sd.CrossEntropy(data.empirical(), Qt), wrt=theta)
    assert v.status is Status.PROVED and v.certificate.a == N


def test_gradients_in_the_probabilities_say_the_simplex_is_ignored():
    v = proved(sd.Grad(sd.CrossEntropy(P, Q), Q, j), -P[j] / Q[j])
    assert "assume_free_components" in [a.key for a in v.assumptions]
    refuted(sd.Grad(sd.CrossEntropy(P, Q), Q, j), -P[j])


def test_binary_cross_entropy_and_its_stable_form():
    proved(BCE(p, Sigmoid(u)), Softplus(u) - p * u)
    v = proved(Max(u, 0) - u * p + log(1 + exp(-Abs(u))), Softplus(u) - p * u)
    assert {s.side for s in v.steps} == {"case_nonnegative", "case_negative"}
    refuted(Max(u, 0) - u * p + log(1 + exp(Abs(u))), Softplus(u) - p * u)   # a sign lost in the exponent
    proved(sd.Grad(BCE(p, Sigmoid(u)), u), Sigmoid(u) - p)
    refuted(sd.Grad(BCE(p, Sigmoid(u)), u), p - Sigmoid(u))
    proved(sd.CrossEntropy(Bernoulli(p), Bernoulli(Sigmoid(u))), BCE(p, Sigmoid(u)))


def test_gaussian_kl_entropy_and_the_vae_term():
    proved(sd.KL(Normal(m1, s1), Normal(m2, s2)),
           log(s2 / s1) + (s1 ** 2 + (m1 - m2) ** 2) / (2 * s2 ** 2) - Rational(1, 2))
    refuted(sd.KL(Normal(m1, s1), Normal(m2, s2)),   # the location difference ignored
            log(s2 / s1) + s1 ** 2 / (2 * s2 ** 2) - Rational(1, 2))
    proved(sd.Entropy(Normal(m1, s1)), log(2 * pi * E * s1 ** 2) / 2)
    vae = sd.KL(NormalDiag(mu, sg), NormalDiag(0, 1, d))
    proved(vae, Rational(1, 2) * Sum(mu[k] ** 2 + sg[k] ** 2 - log(sg[k] ** 2) - 1, (k, 1, d)))


@pytest.mark.parametrize("wrong", [
    Rational(1, 2) * Sum(mu[k] ** 2 + sg[k] ** 2 - log(sg[k]) - 1, (k, 1, d)),        # log sigma for log sigma^2
    Sum(mu[k] ** 2 + sg[k] ** 2 - log(sg[k] ** 2) - 1, (k, 1, d)),                    # the 1/2 missing
    Rational(1, 2) * Sum(mu[k] ** 2 + sg[k] - log(sg[k] ** 2) - 1, (k, 1, d)),        # a square missing
])
def test_the_usual_wrong_vae_terms_are_refuted_exactly(wrong):
    v = refuted(sd.KL(NormalDiag(mu, sg), NormalDiag(0, 1, d)), wrong)
    assert v.counterexample.describe()["d"] == "1"


def test_gaussian_nll_and_squared_error_have_the_same_minimisers():
    from symdiv.core.model import SAMPLE_INDEX as s

    N = Symbol("N", integer=True, positive=True)
    y, f = sd.Logits("y", N), sd.Logits("f", N)
    sigma = Symbol("sigma", positive=True)
    v = sd.equivalent(-Sum(log(Normal(f[s], sigma).density(y[s])), (s, 1, N)), Sum((y[s] - f[s]) ** 2, (s, 1, N)),
                      wrt=f)
    assert v.status is Status.PROVED and v.certificate.a == 1 / (2 * sigma ** 2)


def test_label_smoothing_in_both_conventions():
    def split(other):
        return (sd.CrossEntropy(Mixture(eps, sd.PointMass(K, c), other), PK),
                (1 - eps) * sd.CrossEntropy(sd.PointMass(K, c), PK) + eps * sd.CrossEntropy(other, PK))

    proved(*split(sd.Uniform(K)))
    v = proved(*split(OffTarget(K, c)))
    assert v.conditions == (K >= 2,)


def test_distillation_scales_by_t_squared_and_not_by_its_inverse():
    proved(sd.Grad(T ** 2 * sd.KL(sd.Softmax(v, T), sd.Softmax(z, T)), z, j),
           T * (sd.Softmax(z, T)[j] - sd.Softmax(v, T)[j]))
    v_ = sd.prove(sd.Grad(sd.KL(sd.Softmax(v, T), sd.Softmax(z, T)), z, j),
                  (sd.Softmax(z, T)[j] - sd.Softmax(v, T)[j]) / T ** 2, relation="!=")
    assert v_.status is Status.PROVED and v_.counterexample is not None
    proved(sd.Grad(sd.CrossEntropy(P, sd.Softmax(z, T)), z, j), (sd.Softmax(z, T)[j] - P[j]) / T)


def test_perplexity_focal_loss():
    proved(exp(sd.Entropy(P)), 2 ** sd.Entropy(P, base=2))
    refuted(exp(sd.Entropy(P)), 2 ** sd.Entropy(P))
    proved(FocalLoss(P, Q, 0), sd.CrossEntropy(P, Q))
    refuted(FocalLoss(P, Q, 2), sd.CrossEntropy(P, Q))
