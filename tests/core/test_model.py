from fractions import Fraction as F

import pytest
from sympy import Integer, KroneckerDelta, Rational, Symbol

import symdiv as sd
from symdiv.errors import InvalidInputError, InvalidTypeError


def test_distribution_carries_size_and_positivity(o):
    assert o.P.size == o.n
    assert o.P[o.j].is_positive
    assert sd.Distribution("P", 3).size == Integer(3)


def test_distribution_survives_sympy_rebuilds(o):
    rebuilt = o.P.func(*o.P.args)
    assert rebuilt == o.P and isinstance(rebuilt, sd.Distribution)
    assert isinstance(o.P.xreplace({o.n: Integer(4)}), sd.Distribution)


@pytest.mark.parametrize("size", [0, -3, Integer(0)])
def test_non_positive_size_is_refused_and_named(size):
    with pytest.raises(InvalidInputError, match=rf"positive integer, got {size}"):
        sd.Distribution("P", size)


def test_size_symbol_needs_assumptions():
    with pytest.raises(InvalidInputError, match="m must be declared integer and positive"):
        sd.Distribution("P", Symbol("m"))


@pytest.mark.parametrize("size", [2.5, "3", True, None])
def test_size_of_wrong_type(size):
    with pytest.raises(InvalidTypeError, match="alphabet size must be"):
        sd.Distribution("P", size)


@pytest.mark.parametrize("name", ["", "1P", "__class__", "lambda", "P Q"])
def test_bad_names(name):
    with pytest.raises(InvalidInputError, match="invalid name"):
        sd.Distribution(name, 3)


def test_index_out_of_range_is_named():
    with pytest.raises(InvalidInputError, match="index 4 is outside 1..3 of distribution P"):
        sd.Distribution("P", 3)[4]


def test_softmax_component(o):
    comp = o.S[o.j]
    assert comp.has(o.z[o.j])
    with pytest.raises(InvalidTypeError, match="Softmax takes a Logits"):
        sd.Softmax(o.P)


def test_empirical_is_counts_over_N(o):
    assert o.p_hat.component(o.j) == o.D.count(o.j) / o.N
    assert o.p_hat.size == o.n


def test_uniform_and_point_mass(o):
    assert sd.Uniform(o.n)[o.j] == 1 / o.n
    assert sd.PointMass(o.n, o.j)[2] == KroneckerDelta(2, o.j)


def test_explicit_distribution_exact_values():
    P = sd.ExplicitDistribution("P", [F(1, 2), Rational(1, 3), F(1, 6)])
    assert P.values == (Rational(1, 2), Rational(1, 3), Rational(1, 6))
    assert P[3] == Rational(1, 6)


def test_explicit_distribution_is_never_normalised():
    with pytest.raises(InvalidInputError, match="sum to 3/4, not 1"):
        sd.ExplicitDistribution("P", [F(1, 2), F(1, 4)])


def test_explicit_distribution_refuses_floats_and_negatives():
    with pytest.raises(InvalidTypeError, match="value 1 of P is 0.5 of type float"):
        sd.ExplicitDistribution("P", [0.5, 0.5])
    with pytest.raises(InvalidInputError, match="value 2 of P is negative: -1/2"):
        sd.ExplicitDistribution("P", [F(3, 2), F(-1, 2)])
