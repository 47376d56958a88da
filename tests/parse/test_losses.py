"""The notation of the loss theorems (symdiv.parse.parser, its section on machine learning's losses):
sigmoid and softplus, BCE, Gaussians, softmax with a temperature, any model Q_theta, and the
parameters u, mu, sigma, T, theta with the assumptions the library's theorems give them."""

import pytest
from sympy import Abs, E, Max, Rational, Sum, Symbol, exp, log, pi, sqrt

import symdiv as sd
from symdiv.core.continuous import Normal, NormalDiag
from symdiv.core.functions import Sigmoid, Softplus
from symdiv.core.measures import BinaryCrossEntropy as BCE
from symdiv.core.measures import FocalLoss
from symdiv.core.model import Bernoulli, ParametricDistribution, PositiveVector
from symdiv.errors import ParseError
from symdiv.parse import parse_expression, parse_statement

# The objects as proofs/_losses.py declares them: a statement typed by a person must be the same object.
n, d = sd.alphabet_size("n"), sd.alphabet_size("d")
u, p, T, theta = Symbol("u", real=True), Symbol("p", positive=True), Symbol("T", positive=True), Symbol("theta", real=True)
mu, sigma = Symbol("mu", real=True), Symbol("sigma", positive=True)
mu_1, mu_2 = Symbol("mu_1", real=True), Symbol("mu_2", real=True)
sigma_1, sigma_2 = Symbol("sigma_1", positive=True), Symbol("sigma_2", positive=True)
y, yhat = Symbol("y", positive=True), Symbol("yhat", positive=True)
P, Q = sd.Distribution("P", n), sd.Distribution("Q", n)
z, v = sd.Logits("z", n), sd.Logits("v", n)
j, k = sd.component_index("j"), sd.component_index("k")
mus, sigmas = sd.Logits("mu", d), PositiveVector("sigma", d)
N_1, N_2 = Normal(mu_1, sigma_1), Normal(mu_2, sigma_2)
VAE = sd.KL(NormalDiag(mus, sigmas), NormalDiag(0, 1, d))
VAE_TERM = Rational(1, 2) * Sum(mus[k] ** 2 + sigmas[k] ** 2 - log(sigmas[k] ** 2) - 1, (k, 1, d))


@pytest.mark.parametrize("text, expected", [
    # the sigmoid and the softplus; \sigma applied to a bracket is the sigmoid
    ("sigmoid(u)", Sigmoid(u)),
    (r"\sigma(u)", Sigmoid(u)),
    (r"\sigma\left(u\right)", Sigmoid(u)),
    ("sigma(u)", Sigmoid(u)),
    ("\u03c3(u)", Sigmoid(u)),
    (r"\operatorname{sigmoid}(u)", Sigmoid(u)),
    (r"\log \sigma(u)", log(Sigmoid(u))),
    ("softplus(u)", Softplus(u)),
    (r"\operatorname{softplus}(u)", Softplus(u)),
    (r"\mathrm{softplus}(-u)", Softplus(-u)),
    ("log(1 + exp(u))", log(1 + exp(u))),
    ("sigmoid(z_j)", Sigmoid(z[j])),
    # \sigma alone, with a power or a subscript, is a standard deviation
    (r"\sigma", sigma),
    (r"\sigma^2", sigma ** 2),
    (r"\sigma_1", sigma_1),
    ("sigma_2^2", sigma_2 ** 2),
    (r"\sigma^2 (u + 1)", sigma ** 2 * (u + 1)),
    (r"\sigma \cdot (u + 1)", sigma * (u + 1)),
    ("sigma*(u + 1)", sigma * (u + 1)),
    (r"\mu_1 - \mu_2", mu_1 - mu_2),
    ("\u03bc + \u03c3", mu + sigma),
    # binary cross-entropy, its target and prediction
    ("BCE(p, sigmoid(u))", BCE(p, Sigmoid(u))),
    (r"\mathrm{BCE}(p, \sigma(u))", BCE(p, Sigmoid(u))),
    ("BCE_2(p, sigmoid(u))", BCE(p, Sigmoid(u), base=2)),
    (r"BCE(y, \hat{y})", BCE(y, yhat)),
    (r"BCE(y, \hat y)", BCE(y, yhat)),
    ("BCE(y, y_hat)", BCE(y, yhat)),
    ("BCE(1/2, 1/4)", BCE(Rational(1, 2), Rational(1, 4))),
    ("H(Bernoulli(p), Bernoulli(sigmoid(u)))", sd.CrossEntropy(Bernoulli(p), Bernoulli(Sigmoid(u)))),
    ("p*u + softplus(u)", p * u + Softplus(u)),       # p is a probability beside BCE, sigmoid, softplus
    # the stable form: max, abs, |u|
    ("max(u, 0) - u*p + log(1 + exp(-abs(u))) + softplus(u)", Max(u, 0) - u * p + log(1 + exp(-Abs(u))) + Softplus(u)),
    (r"\max(u, 0) + \log(1 + e^{-|u|}) + \sigma(u)", Max(u, 0) + log(1 + exp(-Abs(u))) + Sigmoid(u)),
    (r"\left|u\right| + \lvert u \rvert + |u|", 3 * Abs(u)),
    # Gaussians
    ("H(N(mu, sigma^2))", sd.Entropy(Normal(mu, sigma))),
    (r"H(\mathcal{N}(\mu, \sigma^2))", sd.Entropy(Normal(mu, sigma))),
    ("H_2(N(0, 1))", sd.Entropy(Normal(0, 1), base=2)),
    ("H(N(0, 4))", sd.Entropy(Normal(0, 2))),
    ("D(N(mu_1, sigma_1^2)||N(mu_2, sigma_2^2))", sd.KL(N_1, N_2)),
    ("KL(N(mu_1, sigma_1^2)||N(mu_2, sigma_2^2))", sd.KL(N_1, N_2)),
    (r"D_{\mathrm{KL}}(\mathcal{N}(\mu_{1}, \sigma_{1}^{2}) \,\|\, \mathcal{N}(\mu_{2}, \sigma_{2}^{2}))", sd.KL(N_1, N_2)),
    ("H(N(mu_1, sigma_1^2), N(mu_2, sigma_2^2))", sd.CrossEntropy(N_1, N_2)),
    ("D(N(mu, diag(sigma^2))||N(0, I))", VAE),
    ("D(N(mu, diag(sigma)^2)||N(0, I_d))", VAE),                              # as older output wrote it
    (r"D_{KL}(\mathcal{N}(\boldsymbol{\mu}, \operatorname{diag}(\boldsymbol\sigma^{2})) \| \mathcal{N}(0, \mathbf{I}))", VAE),
    (r"\frac12 \sum_{k=1}^{d} (\mu_k^2 + \sigma_k^2 - \log \sigma_k^2 - 1)", VAE_TERM),
    ("D(N(mu, I)||N(0, 4 I))", sd.KL(NormalDiag(mus, 1), NormalDiag(0, 2, d))),
    # the constants
    ("log(2 pi e sigma^2)/2", log(2 * pi * E * sigma ** 2) / 2),
    (r"\frac{1}{2} \log(2 \pi e \sigma^2)", log(2 * pi * E * sigma ** 2) / 2),
    ("\u03c0", pi),
    # softmax with a temperature, and the teacher's logits v
    ("softmax(z/T)_j", sd.Softmax(z, T)[j]),
    (r"\operatorname{softmax}(z / T)_{j}", sd.Softmax(z, T)[j]),
    (r"\operatorname{softmax}(\frac{z}{T})_j", sd.Softmax(z, T)[j]),
    ("softmax(z/2)_1", sd.Softmax(z, 2)[1]),
    ("H(P, softmax(z/T))", sd.CrossEntropy(P, sd.Softmax(z, T))),
    ("T^2*D(softmax(v/T)||softmax(z/T))", T ** 2 * sd.KL(sd.Softmax(v, T), sd.Softmax(z, T))),
    # derivatives by a number and by a distribution's component
    ("grad_u BCE(p, sigmoid(u))", sd.Grad(BCE(p, Sigmoid(u)), u)),
    (r"\frac{\partial}{\partial u} \mathrm{BCE}(p, \sigma(u))", sd.Grad(BCE(p, Sigmoid(u)), u)),
    (r"\frac{\partial \operatorname{softplus}(u)}{\partial u}", sd.Grad(Softplus(u), u)),
    (r"\frac{\partial}{\partial \mu_1} D(N(mu_1, sigma_1^2)||N(mu_2, sigma_2^2))", sd.Grad(sd.KL(N_1, N_2), mu_1)),
    ("grad_{sigma} H(N(mu, sigma^2))", sd.Grad(sd.Entropy(Normal(mu, sigma)), sigma)),
    ("grad_T H(P, softmax(z/T))", sd.Grad(sd.CrossEntropy(P, sd.Softmax(z, T)), T)),
    ("grad_{q_j} H(P, Q)", sd.Grad(sd.CrossEntropy(P, Q), Q, j)),
    (r"\frac{\partial H(P, Q)}{\partial q_j}", sd.Grad(sd.CrossEntropy(P, Q), Q, j)),
    # the focal loss
    ("FL_0(P, Q)", FocalLoss(P, Q, 0)),
    (r"\mathrm{FL}_{\gamma}(P, Q)", FocalLoss(P, Q, Symbol("gamma", positive=True))),
])
def test_each_form_reads_as_the_core_object(text, expected):
    assert parse_expression(text) == expected


def test_any_model_written_with_its_parameters():
    Q_theta = ParametricDistribution("Q", n, (theta,))
    s = parse_statement(r"\nabla_\theta H(P, Q_\theta) = \nabla_\theta D(P \| Q_\theta)")
    assert (s.lhs, s.rhs, s.theta_model) == (sd.Grad(sd.CrossEntropy(P, Q_theta), theta),
                                             sd.Grad(sd.KL(P, Q_theta), theta), "")
    s = parse_statement(r"\arg\min_\theta NLL(x; Q_\theta) = \arg\min_\theta H(\hat{P}, Q_{\theta})")
    assert s.relation == "~" and s.wrt == (theta,) and s.rhs.args[1] == Q_theta
    assert parse_expression(r"\sum_x q_\theta(x)") == Sum(Q_theta[k], (k, 1, n)).xreplace({k: Symbol("x", integer=True)})
    # without the subscript, theta is still read as the logits of softmax(z), as before
    assert parse_statement(r"\nabla_\theta H(P, Q) = \nabla_\theta D(P||Q)").theta_model == "Q"


@pytest.mark.parametrize("text, component", [
    ("grad_z H(P, softmax(z/T)) = (softmax(z/T) - P)/T", j),
    ("grad_z T^2 KL(softmax(v/T) || softmax(z/T)) = T (softmax(z/T) - softmax(v/T))", j),
])
def test_temperature_statements_are_read_componentwise(text, component):
    s = parse_statement(text)
    assert s.component == component and s.lhs.args[1] == z and s.scope.temperature == "T" and not s.scope.variables


def test_the_sigma_rule():
    """\\sigma applied to a bracket is the sigmoid; anywhere else it is the standard deviation."""
    assert parse_expression(r"\sigma(u) + \sigma") == Sigmoid(u) + sigma
    assert parse_expression(r"\sigma (u)") == Sigmoid(u)                     # spacing does not matter, as in TeX
    assert parse_expression(r"\sigma^2(u)") == sigma ** 2 * u                # a power: a standard deviation
    # In a statement with a diagonal Gaussian, mu and sigma are its vectors, and sigma_k a component.
    s = parse_statement("D(N(mu, diag(sigma^2)) || N(0, I)) = 1/2 sum_{k=1}^{d} (mu_k^2 + sigma_k^2 - log(sigma_k^2) - 1)")
    assert (s.lhs, s.rhs, s.scope.size, s.scope.diagonal) == (VAE, VAE_TERM, d, True)
    # ... and in one without, mu_1 and sigma_1 are numbers, as in proofs/_losses.py
    assert parse_statement("H(N(mu_1, sigma_1^2)) = log(sigma_1)").rhs.is_real


# -- the library's loss theorems: printed, they read back as their own claims --------------------------------
ROUND_TRIP = ["any_model_gradient_equality", "any_model_nll_cross_entropy", "bce_gradient", "bce_softplus",
              "bce_stable_form", "bce_two_outcome_cross_entropy", "cross_entropy_component_gradient",
              "distillation_gradient", "distillation_scale", "focal_loss_gamma_zero", "gaussian_entropy", "gaussian_kl",
              "perplexity", "temperature_gradient", "vae_kl_term"]
#: Not in the notation yet: samples of logits and labels (y_s, f_s, u_s), mixtures and point masses.
NOT_READ = ["gaussian_nll_mse", "label_smoothing", "label_smoothing_off_target", "logistic_regression_nll"]


def _claims():
    from symdiv.library import discover

    return {t.name: t for t in discover() if t.group == "losses"}


def test_every_loss_theorem_is_listed():
    assert set(_claims()) == set(ROUND_TRIP) | set(NOT_READ)


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_the_loss_theorems_claims_read_back_from_ascii_and_latex(name):
    from symdiv.render.latex import latex
    from symdiv.render.text import claim_text

    claim = _claims()[name].run().claim
    relation = {"=": "=", "!=": r"\neq", "~": "="}[claim.relation.value]
    for text in (claim_text(claim), f"{latex(claim.lhs)} {relation} {latex(claim.rhs)}"):
        s = parse_statement(text)
        assert (s.lhs, s.rhs) == (claim.lhs, claim.rhs), text
    if claim.relation.value == "~":
        assert parse_statement(claim_text(claim)).wrt == claim.wrt


@pytest.mark.parametrize("name, typed", [
    ("gaussian_kl", "D(N(mu_1, sigma_1^2) || N(mu_2, sigma_2^2)) = log(sigma_2/sigma_1) + "
                    "(sigma_1^2 + (mu_1 - mu_2)^2)/(2 sigma_2^2) - 1/2"),
    ("gaussian_entropy", r"H(\mathcal{N}(\mu_1, \sigma_1^2)) = \frac{1}{2} \log(2 \pi e \sigma_1^2)"),
    ("vae_kl_term", r"D_{KL}(\mathcal{N}(\mu, \operatorname{diag}(\sigma^2)) \| \mathcal{N}(0, I)) = "
                    r"\frac12 \sum_{k=1}^{d} (\mu_k^2 + \sigma_k^2 - \log \sigma_k^2 - 1)"),
    ("bce_softplus", r"\mathrm{BCE}(p, \sigma(u)) = \operatorname{softplus}(u) - p u"),
    ("bce_gradient", r"\frac{\partial}{\partial u} \mathrm{BCE}(p, \sigma(u)) = \sigma(u) - p"),
    ("bce_stable_form", r"\max(u, 0) - u p + \log(1 + e^{-|u|}) = \operatorname{softplus}(u) - p u"),
    ("temperature_gradient", "grad_{z_j} H(P, softmax(z/T)) = (softmax(z/T)_j - p_j)/T"),
    ("distillation_gradient", "grad_{z_j} T^2 KL(softmax(v/T) || softmax(z/T)) = T (softmax(z/T)_j - softmax(v/T)_j)"),
    ("any_model_gradient_equality", r"\nabla_\theta H(P, Q_\theta) = \nabla_\theta D(P \| Q_\theta)"),
])
def test_a_typed_statement_is_the_library_theorem(name, typed):
    """What a person types is the very claim the library proves: the same objects, the same assumptions."""
    claim = _claims()[name].run().claim
    s = parse_statement(typed)
    assert sd.prove(s.lhs, s.rhs).status.value == "proved"
    assert sd.prove(s.lhs - s.rhs, claim.lhs - claim.rhs).status.value == "proved"
    assert s.lhs == claim.lhs


# -- verdicts from text: the true forms proved, the usual wrong ones refuted -----------------------------------
@pytest.mark.parametrize("text, status", [
    ("D(N(mu, diag(sigma^2)) || N(0, I)) = 1/2 sum_{k=1}^{d} (mu_k^2 + sigma_k^2 - log(sigma_k^2) - 1)", "proved"),
    ("D(N(mu, diag(sigma^2)) || N(0, I)) = 1/2 sum_{k=1}^{d} (mu_k^2 + sigma_k^2 - log(sigma_k) - 1)", "refuted"),
    ("D(N(mu, diag(sigma^2)) || N(0, I)) = sum_{k=1}^{d} (mu_k^2 + sigma_k^2 - log(sigma_k^2) - 1)", "refuted"),
    ("D(N(mu, diag(sigma^2)) || N(0, I)) = 1/2 sum_{k=1}^{d} (mu_k^2 + sigma_k - log(sigma_k^2) - 1)", "refuted"),
    ("H(N(mu, sigma^2)) = 1/2 log(2 pi e sigma^2)", "proved"),
    ("H(N(mu, sigma^2)) = 1/2 log(2 pi sigma^2)", "refuted"),
    ("D(N(mu_1, sigma_1^2) || N(mu_2, sigma_2^2)) = log(sigma_2/sigma_1) + (sigma_1^2 + (mu_1 - mu_2)^2)/(2 sigma_2^2)"
     " - 1/2", "proved"),
    ("D(N(mu_1, sigma_1^2) || N(mu_2, sigma_2^2)) = log(sigma_1/sigma_2) + (sigma_1^2 + (mu_1 - mu_2)^2)/(2 sigma_2^2)"
     " - 1/2", "refuted"),
    ("BCE(p, sigmoid(u)) = softplus(u) - p*u", "proved"),
    ("BCE(p, sigmoid(u)) = softplus(u) + p*u", "refuted"),
    ("log(sigmoid(u)) = -softplus(-u)", "proved"),
    ("grad_u softplus(u) = sigmoid(u)", "proved"),
    ("grad_z H(P, softmax(z/T)) = (softmax(z/T) - P)/T", "proved"),
    ("grad_z H(P, softmax(z/T)) = softmax(z/T) - P", "refuted"),
])
def test_loss_statements_are_decided(text, status):
    s = parse_statement(text)
    assert sd.prove(s.lhs, s.rhs, component=s.component).status.value == status


# -- errors: a caret under the offending token, and a message that names it ------------------------------------
@pytest.mark.parametrize("text, column, message", [
    ("H(N(mu)) = 0", 7, "expected ',' and the variance after the mean of N(mean, variance), as in N(mu, sigma^2); "
                        "found ')'"),
    (r"H(\mathcal{N}(\mu)) = 0", 18, r"the mean of \mathcal{N}(mean, variance)"),
    ("H(N(0, -1)) = 0", 8, "the variance of a Gaussian is positive, got -1"),
    ("H(N(0, 0)) = 0", 8, "the variance of a Gaussian is positive, got 0"),
    ("H(N(0, mu)) = 0", 8, "the variance of a Gaussian must be known positive: write it as sigma^2"),
    ("H(N(0, 1, 2)) = 0", 9, "N takes two arguments, the mean and the variance"),
    ("H(N(mu, diag(sigma))) = 0", 9, "diag(sigma^2) is the covariance, by the variances sigma_k^2: the square is missing"),
    ("H(N(mu, diag(mu^2))) = 0", 14, "write the covariance of a diagonal Gaussian as diag(sigma^2)"),
    ("H(N(z, I)) = 0", 5, "the mean of a diagonal Gaussian is the vector mu or a number"),
    ("N(mu, sigma^2) = 0", 1, "N(mu, sigma^2) is a distribution: it is read as the argument of a measure"),
    ("KL(N(mu, 1)||P) = 0", 1, "a Gaussian is compared only with another Gaussian"),
    (r"\sigma(u, v) = 0", 9, r"\sigma takes one argument: \sigma(u), \sigma applied to a bracket, is the sigmoid of "
                             r"one number (\sigma alone, \sigma^2 and \sigma_k are a standard deviation)"),
    ("sigmoid(u, v) = 0", 10, "sigmoid takes one argument"),
    (r"\sigma_1(u) = 0", 9, r"\sigma_1 is a standard deviation: the sigmoid is \sigma(u) (sigmoid(u)), with no "
                            r"subscript, and a product is written with \cdot"),
    ("sigma_k (u) = 0", 9, "sigma_k is a standard deviation"),
    ("sigmoid = 1", 1, "sigmoid takes its argument in brackets, as in sigmoid(u)"),
    ("BCE(2, sigmoid(u)) = 0", 5, "the target of BCE(p, q) is a probability, in [0, 1]; got 2"),
    ("BCE(p) = 0", 6, "expected ',' between the target and the prediction of BCE(p, q), found ')'"),
    ("BCE(p, q, p) = 0", 9, "BCE takes two arguments"),
    ("H(Bernoulli(3/2)) = 0", 13, "the argument of Bernoulli(p) is a probability, in [0, 1]; got 3/2"),
    ("softmax(z/0) = P", 11, "a softmax's temperature is a positive number or the letter T (softmax(z/T)), got 0"),
    ("softmax(z/mu) = P", 11, "a softmax's temperature is a positive number or the letter T"),
    ("softmax(z/T + 1) = P", 13, "expected ')' to close softmax(z/T): the temperature T divides the logits"),
    ("sum_i pi*p_i = 1", 7, "'pi' inside a sum over i: write p_i for the component of P"),
    ("sum_u u*p_u = 1", 7, "'u' is the index of an enclosing sum here, so it cannot also be the logit u"),
    ("p*u = 1", 1, "'p' needs an index: write p_i"),                 # not beside BCE, sigmoid, softplus ...
    ("max(u) = 0", 1, "max takes two numbers or more, as in max(u, 0)"),
    ("abs(u, 1) = 0", 6, "abs takes one argument"),
    ("|u = 1", 1, "and between two bars as an absolute value, |u|"),
    ("FL(P, Q) = 0", 1, "the focal loss takes its focusing parameter in a subscript"),
    ("FL_{-1}(P, Q) = 0", 5, "the focusing parameter of the focal loss is a number >= 0 or gamma"),
    ("H(P, Q_theta) = H(P_theta)", 19, r"\theta parametrises one model, but both Q and P are written with it"),
    (r"\tau = 1", 1, r"\tau is not a name symdiv reads"),
])
def test_misuse_is_an_error_with_a_caret(text, column, message):
    with pytest.raises(ParseError) as info:
        parse_statement(text)
    err = info.value
    assert message in err.message, err.message
    assert (err.line, err.column) == (1, column), str(err)
    assert str(err).splitlines()[2] == "  " + " " * (column - 1) + "^"


def test_a_product_with_a_standard_deviation_prints_so_that_it_reads_back():
    from symdiv.render.latex import latex

    for expr in (sigma * (u + 1), sigma_1 * (mu_1 - mu_2) / 2, Sigmoid(u) * (u + 1), sigmas[k] * (mus[k] + 1)):
        text = latex(expr)
        assert r"\sigma \left(" not in text and r"\sigma_{1} \left(" not in text
        scope = None
        if expr.has(mus):
            from symdiv.parse import Scope

            scope = Scope(size=d, diagonal=True)
        assert parse_expression(text, scope=scope) == expr, text
    assert latex(sigma * (u + 1)) == r"\sigma \cdot \left(u + 1\right)"


def test_sqrt_of_a_variance_is_the_standard_deviation():
    assert parse_expression("H(N(mu, 2))") == sd.Entropy(Normal(mu, sqrt(2)))
    assert parse_expression("H(N(mu, sigma^2/4))") == sd.Entropy(Normal(mu, sigma / 2))


def test_square_roots_as_a_gaussian_density_has_them():
    assert parse_expression(r"\log(\sigma \sqrt{2 \pi e})") == log(sigma * sqrt(2 * pi * E))
    assert parse_expression("log(sigma*sqrt(2*pi*e))") == log(sigma * sqrt(2 * pi * E))
    with pytest.raises(ParseError, match=r"an n-th root, is not read"):
        parse_expression(r"\sqrt[3]{2}")
    assert sd.prove(*[parse_statement(r"H(\mathcal{N}(\mu, \sigma^2)) = \log(\sigma \sqrt{2 \pi e})").__dict__[side]
                      for side in ("lhs", "rhs")]).status.value == "proved"


def test_logits_named_like_a_number_stay_logits():
    # softmax(u) makes u logits in that statement: u_j is a component, grad_u a gradient by the vector
    s = parse_statement("grad_u H(P, softmax(u)) = softmax(u) - P")
    U = sd.Logits("u", n)
    assert (s.lhs, s.component) == (sd.Grad(sd.CrossEntropy(P, sd.Softmax(U)), U, j), j)
