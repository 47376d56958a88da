from fractions import Fraction as F

import pytest
from sympy import Symbol, Sum, log, sstr

import symdiv as sd
from symdiv.core.model import INDEX
from symdiv.errors import InvalidInputError, InvalidTypeError, SizeMismatchError


def test_measures_stay_unevaluated_and_print_as_notation(o):
    assert sstr(sd.CrossEntropy(o.P, o.Q)) == "H(P, Q)"
    assert sstr(sd.KL(o.P, o.Q)) == "D_KL(P||Q)"
    assert sstr(sd.Entropy(o.P, base=2)) == "H(P, base=2)"
    assert sstr(sd.NLL(o.D, o.Q)) == "NLL(x; Q)"
    expr = sd.CrossEntropy(o.P, o.Q) - sd.Entropy(o.P)
    assert expr.has(sd.CrossEntropy) and expr.has(sd.Entropy)


def test_definitions(o):
    i = INDEX
    assert sd.Entropy(o.P).doit(deep=False) == -Sum(o.P[i] * log(o.P[i]), (i, 1, o.n))
    assert sd.CrossEntropy(o.P, o.Q).doit(deep=False) == -Sum(o.P[i] * log(o.Q[i]), (i, 1, o.n))
    assert sd.KL(o.P, o.Q).doit(deep=False) == Sum(o.P[i] * log(o.P[i] / o.Q[i]), (i, 1, o.n))
    assert sd.Entropy(o.P, base=2).doit(deep=False) == sd.Entropy(o.P).doit(deep=False) / log(2)


def test_kl_argument_order_matters(o):
    assert sd.KL(o.P, o.Q) != sd.KL(o.Q, o.P)


def test_mismatched_sizes_are_named():
    P, Q = sd.Distribution("P", 3), sd.Distribution("Q", 4)
    with pytest.raises(SizeMismatchError, match="P has size 3 but Q has size 4"):
        sd.CrossEntropy(P, Q)
    with pytest.raises(SizeMismatchError):
        sd.KL(P, Q)
    assert issubclass(SizeMismatchError, ValueError)


def test_dataset_alphabet_must_match_model(o):
    with pytest.raises(InvalidInputError, match="alphabet of size n but the model has size 3"):
        sd.NLL(o.D, sd.Distribution("Q", 3))


@pytest.mark.parametrize("base", [1, 0, -2])
def test_bad_log_base(o, base):
    with pytest.raises(InvalidInputError, match=f"log base must be positive and not 1, got {base}"):
        sd.Entropy(o.P, base=base)


def test_measures_want_distributions(o):
    with pytest.raises(InvalidTypeError, match="Entropy's argument must be a symdiv distribution"):
        sd.Entropy(o.z)
    with pytest.raises(InvalidTypeError, match="must be a symdiv distribution"):
        sd.KL("P", o.Q)


def test_grad_validates(o):
    with pytest.raises(InvalidTypeError, match="with respect to logits"):
        sd.Grad(sd.Entropy(o.P), o.n)                  # a size is no parameter
    with pytest.raises(InvalidInputError, match="needs the component"):
        sd.Grad(sd.Entropy(o.P), o.P)
    with pytest.raises(InvalidInputError, match="must be declared real"):
        sd.Grad(sd.Entropy(o.P), Symbol("t"))
    with pytest.raises(InvalidInputError, match="outside 1..3"):
        z = sd.Logits("z", 3)
        sd.Grad(sd.Entropy(sd.Softmax(z)), z, 5)


def test_expand_measures_keeps_sums(o):
    e = sd.expand_measures(sd.CrossEntropy(o.P, o.Q) + sd.Entropy(o.P))
    assert not e.has(sd.Measure) and e.has(Sum)


def test_explicit_entropy_value():
    P = sd.ExplicitDistribution("P", [F(1, 2), F(1, 4), F(1, 8), F(1, 8)])
    assert abs(float(sd.expand_measures(sd.Entropy(P, base=2))) - 1.75) < 1e-15


def test_likelihood_survives_substitution(o):
    # sympy rebuilds nodes as func(*args): the likelihood must accept its own args.
    L3 = sd.Likelihood(o.D, o.Q).subs(o.N, 3)
    x = L3.data.sample
    assert L3.doit() == o.Q[x(1)] * o.Q[x(2)] * o.Q[x(3)]
