"""Joint distributions over random variables: shapes, marginals, conditionals, products, measures."""

from fractions import Fraction as F

import pytest
from sympy import Integer, Rational, Sum, log

import symdiv as sd
from symdiv.core.model import value_at
from symdiv.errors import InvalidInputError, InvalidTypeError, SizeMismatchError

n, m = sd.alphabet_size("n"), sd.alphabet_size("m")
X, Y, Z = sd.RandomVariable("X", n), sd.RandomVariable("Y", m), sd.RandomVariable("Z", 2)
p = sd.Distribution("p", (X, Y, Z))


def test_a_joint_has_one_index_per_variable():
    assert p.shape == (n, m, 2) and p.variables == (X, Y, Z)
    assert p[1, 2, 1].is_positive
    with pytest.raises(InvalidInputError, match="takes 3 indices"):
        p[1, 2]
    with pytest.raises(InvalidInputError, match="outside 1..2"):
        p[1, 1, 3]


def test_a_joint_survives_sympys_rebuilding():
    rebuilt = p.func(*p.args)
    assert rebuilt == p and rebuilt.variables == (X, Y, Z)
    small = p.xreplace({n: Integer(3)})
    assert small.shape == (3, m, 2) and small.variables[0].size == 3


def test_marginals_are_atoms_of_the_same_joint_in_its_order():
    pxz = sd.marginal(p, Z, X)
    assert pxz.variables == (X, Z) and pxz.shape == (n, 2)
    assert sd.marginal(pxz, X) == sd.marginal(p, X)
    assert sd.marginal(p, X, Y, Z) is p
    assert pxz[1, 2].is_positive
    assert pxz.definition(1, 2) == Sum(p[1, sd.component_index("i"), 2], (sd.component_index("i"), 1, m))


def test_marginal_errors_name_the_variable():
    W = sd.RandomVariable("W", 2)
    with pytest.raises(InvalidInputError, match="not of W"):
        sd.marginal(p, W)
    with pytest.raises(InvalidTypeError, match="random variables"):
        sd.marginal(sd.Distribution("P", n), X)
    with pytest.raises(InvalidInputError, match="appears twice"):
        sd.Distribution("q", (X, X))


def test_conditional_is_joint_over_marginal():
    c = sd.Conditional(p, (Y,), (X, Z))
    i, k, l = (sd.component_index(c) for c in "ikl")
    assert c.component(k, i, l) == p[i, k, l] / sd.marginal(p, X, Z)[i, l]
    with pytest.raises(InvalidInputError, match="both conditioned on"):
        sd.Conditional(p, (X,), (X,))


def test_product_of_independent_parts_and_its_marginals():
    a, b = sd.Distribution("a", (X,)), sd.Distribution("b", (Y,))
    ab = sd.ProductDistribution(a, b)
    assert ab.shape == (n, m) and ab[1, 2] == a[1] * b[2]
    assert sd.marginal(ab, Y) == b
    assert value_at(ab, {Y: 2, X: 1}) == a[1] * b[2]


def test_explicit_tables_are_exact_and_never_normalised():
    t = sd.ExplicitDistribution("t", [[F(1, 8), F(1, 16)], [F(1, 16), F(3, 4)]],
                                variables=(sd.RandomVariable("A", 2), sd.RandomVariable("B", 2)))
    assert t.shape == (2, 2) and t[2, 2] == Rational(3, 4)
    assert sd.marginal(t, t.variables[0]).values == (Rational(3, 16), Rational(13, 16))
    assert t.func(*t.args) == t
    with pytest.raises(InvalidInputError, match="sum to 15/16"):
        sd.ExplicitDistribution("t", [[F(1, 8), F(1, 16)], [F(0), F(3, 4)]])
    with pytest.raises(InvalidInputError, match="differ in length"):
        sd.ExplicitDistribution("t", [[F(1, 2)], [F(1, 4), F(1, 4)]])
    with pytest.raises(SizeMismatchError, match="shape"):
        sd.ExplicitDistribution("t", [[F(1, 2), F(1, 2)]], variables=(X, Y))


def test_measures_of_variables_print_as_in_cover_and_thomas():
    assert str(sd.Entropy(sd.marginal(p, X, Y))) == "H(X,Y)"
    assert str(sd.ConditionalEntropy(p, Z, given=(X, Y))) == "H(Z|X,Y)"
    assert str(sd.MutualInformation(p, (X, Y), Z)) == "I(X,Y;Z)"
    assert str(sd.MutualInformation(p, X, Y, given=Z, base=2)) == "I(X;Y|Z, base=2)"


def test_measures_refuse_variables_outside_the_joint():
    W = sd.RandomVariable("W", 2)
    with pytest.raises(InvalidInputError, match="not of W"):
        sd.ConditionalEntropy(p, W, X)
    with pytest.raises(InvalidTypeError, match="over random variables"):
        sd.MutualInformation(sd.Distribution("P", n), X, Y)


def test_entropies_of_a_textbook_table_are_exact():
    # Cover & Thomas, Example 2.2.1: H(X) = 7/4, H(Y) = 2, H(X|Y) = 11/8, H(Y|X) = 13/8, H(X,Y) = 27/8 bits
    A, B = sd.RandomVariable("X", 4), sd.RandomVariable("Y", 4)
    rows = [[F(1, 8), F(1, 16), F(1, 32), F(1, 32)],
            [F(1, 16), F(1, 8), F(1, 32), F(1, 32)],
            [F(1, 16), F(1, 16), F(1, 16), F(1, 16)],
            [F(1, 4), F(0), F(0), F(0)]]
    # the table's rows are y, its columns x
    t = sd.ExplicitDistribution("p", rows, variables=(B, A))

    def bits(e):
        return sd.expand_measures(e).doit()

    from symdiv.core.algebra import expand_log
    values = {
        "H(X)": sd.Entropy(sd.marginal(t, A), base=2),
        "H(Y)": sd.Entropy(sd.marginal(t, B), base=2),
        "H(X|Y)": sd.ConditionalEntropy(t, A, B, base=2),
        "H(Y|X)": sd.ConditionalEntropy(t, B, A, base=2),
        "H(X,Y)": sd.Entropy(t, base=2),
        "I(X;Y)": sd.MutualInformation(t, A, B, base=2),
    }
    expected = {"H(X)": Rational(7, 4), "H(Y)": 2, "H(X|Y)": Rational(11, 8), "H(Y|X)": Rational(13, 8),
                "H(X,Y)": Rational(27, 8), "I(X;Y)": Rational(3, 8)}
    for name, e in values.items():
        assert expand_log(bits(e)).simplify() == expected[name], name
