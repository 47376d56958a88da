"""Cover & Thomas, chapter 2, for symbolic alphabet sizes: the identities proved, their false variants refuted."""

import pytest

import symdiv as sd
from symdiv import ConditionalEntropy as Hc, MutualInformation as I, Status

n, m, l = (sd.alphabet_size(s) for s in ("n", "m", "l"))
X, Y, Z = sd.RandomVariable("X", n), sd.RandomVariable("Y", m), sd.RandomVariable("Z", l)
p, q = sd.Distribution("p", (X, Y)), sd.Distribution("q", (X, Y))
p3 = sd.Distribution("p", (X, Y, Z))


def H(d, *variables):
    return sd.Entropy(sd.marginal(d, *variables))


TRUE = {
    "chain rule": (H(p, X, Y), H(p, X) + Hc(p, Y, X)),
    "chain rule, three variables": (H(p3, X, Y, Z), H(p3, X) + Hc(p3, Y, X) + Hc(p3, Z, (X, Y))),
    "I = H(X) - H(X|Y)": (I(p, X, Y), H(p, X) - Hc(p, X, Y)),
    "I = H(Y) - H(Y|X)": (I(p, X, Y), H(p, Y) - Hc(p, Y, X)),
    "I = H(X) + H(Y) - H(X,Y)": (I(p, X, Y), H(p, X) + H(p, Y) - H(p, X, Y)),
    "I = H(X,Y) - H(X|Y) - H(Y|X)": (I(p, X, Y), H(p, X, Y) - Hc(p, X, Y) - Hc(p, Y, X)),
    "I = D(p(x,y) || p(x)p(y))": (I(p, X, Y), sd.KL(p, sd.ProductDistribution(sd.marginal(p, X), sd.marginal(p, Y)))),
    "I(X;X) = H(X)": (I(p, X, X), H(p, X)),
    "chain rule for information": (I(p3, (X, Y), Z), I(p3, X, Z) + I(p3, Y, Z, given=X)),
    "chain rule for relative entropy": (sd.KL(p, q), sd.KL(sd.marginal(p, X), sd.marginal(q, X))
                                        + sd.ConditionalKL(p, q, Y, given=X)),
    "conditioning on everything": (Hc(p3, X, (Y, Z)), H(p3, X, Y, Z) - H(p3, Y, Z)),
    "I(X;Y|Z) as entropies": (I(p3, X, Y, Z), Hc(p3, X, Z) - Hc(p3, X, (Y, Z))),
}

FALSE = {
    "H(X|Y) = H(Y|X)": (Hc(p, X, Y), Hc(p, Y, X)),
    "I = H(X) + H(Y) - H(X|Y)": (I(p, X, Y), H(p, X) + H(p, Y) - Hc(p, X, Y)),
    "chain rule with the wrong conditional": (H(p, X, Y), H(p, X) + Hc(p, X, Y)),
    "I = H(X,Y)": (I(p, X, Y), H(p, X, Y)),
    "I(X;Y|Z) = I(X;Y)": (I(p3, X, Y, Z), I(p3, X, Y)),
    "chain rule for relative entropy without the conditional": (sd.KL(p, q), sd.KL(sd.marginal(p, X),
                                                                                  sd.marginal(q, X))),
    "H(X,Y) = H(X) + H(Y)": (H(p, X, Y), H(p, X) + H(p, Y)),
}


@pytest.mark.parametrize("name", TRUE)
def test_identity_is_proved_for_symbolic_sizes(name):
    lhs, rhs = TRUE[name]
    v = sd.prove(lhs, rhs)
    assert v.status is Status.PROVED, v
    assert v.conditions == ()
    assert any(step.rule == "marginalise" for step in v.steps) or name == "I(X;X) = H(X)"


@pytest.mark.parametrize("name", FALSE)
def test_false_variant_is_refuted_by_an_exact_table(name):
    lhs, rhs = FALSE[name]
    v = sd.prove(lhs, rhs)
    assert v.status is Status.REFUTED, v
    table = v.counterexample.describe()
    assert table["p"].startswith("(")
    assert v.counterexample.difference.differs


def test_the_smallest_counterexample_uses_the_smallest_alphabets():
    v = sd.prove(Hc(p, X, Y), Hc(p, Y, X))
    sizes = (int(v.counterexample.describe()["n"]), int(v.counterexample.describe()["m"]))
    assert sorted(sizes) == [1, 2]


def test_independence_as_the_joint_of_a_product():
    a, b = sd.Distribution("a", (X,)), sd.Distribution("b", (Y,))
    ab = sd.ProductDistribution(a, b)
    assert sd.prove(sd.Entropy(ab), sd.Entropy(a) + sd.Entropy(b)).status is Status.PROVED
    assert sd.prove(I(ab, X, Y), 0).status is Status.PROVED
    # without independence the same statements are false
    assert sd.prove(I(p, X, Y), 0).status is Status.REFUTED


def test_fixed_sizes_mix_with_symbolic_ones():
    W = sd.RandomVariable("W", 2)
    r = sd.Distribution("r", (X, W))
    assert sd.prove(H(r, X, W), H(r, W) + Hc(r, X, W)).status is Status.PROVED
