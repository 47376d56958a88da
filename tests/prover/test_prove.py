"""prove(): the seed's theorems, known values, false variants and bad input."""

from fractions import Fraction as F

import pytest
from sympy import Eq, Integer, Rational, S, Sum, Symbol, log, sqrt

import symdiv as sd
from tests.conftest import Objects
from symdiv import Status
from symdiv.core.model import INDEX
from symdiv.errors import InvalidTypeError


def test_decomposition_is_proved_with_steps(o):
    v = sd.prove(sd.CrossEntropy(o.P, o.Q), sd.Entropy(o.P) + sd.KL(o.P, o.Q))
    assert v.status is Status.PROVED
    assert v.steps and v.steps[0].rule == "definition"
    assert any("sum_i p_i = 1" in str(a) for a in v.assumptions)
    assert v.evidence.agreed and v.evidence.samples > 0 and v.evidence.sizes == (1, 2, 3, 5, 8)


def test_equation_form(o):
    eq = Eq(sd.CrossEntropy(o.P, o.Q), sd.Entropy(o.P) + sd.KL(o.P, o.Q), evaluate=False)
    assert sd.prove(eq).proved


def test_gradient_equality_and_softmax_gradient(o):
    ce, kl = sd.Grad(sd.CrossEntropy(o.P, o.S), o.z, o.j), sd.Grad(sd.KL(o.P, o.S), o.z, o.j)
    assert sd.prove(ce, kl).proved
    assert sd.prove(ce, o.S[o.j] - o.P[o.j]).proved
    assert sd.prove(kl, o.S[o.j] - o.P[o.j]).proved


def test_nll_is_n_times_cross_entropy(o):
    assert sd.prove(sd.NLL(o.D, o.Q), o.N * sd.CrossEntropy(o.p_hat, o.Q)).proved
    assert sd.prove(sd.NLL(o.D, o.S), o.N * sd.CrossEntropy(o.p_hat, o.S)).proved


def test_small_results(o):
    assert sd.prove(sd.SelfInformation(sd.PointMass(o.n, o.j), o.j), 0).proved
    assert sd.prove(sd.Entropy(sd.Uniform(o.n)), log(o.n)).proved
    assert sd.prove(sd.KL(o.P, o.P), 0).proved
    assert sd.prove(sd.Entropy(o.P, base=2), sd.Entropy(o.P) / log(2)).proved


def test_fixed_size_distributions(o):
    P3, Q3 = sd.Distribution("P", 3), sd.Distribution("Q", 3)
    assert sd.prove(sd.CrossEntropy(P3, Q3), sd.Entropy(P3) + sd.KL(P3, Q3)).proved


def test_kl_asymmetry_is_refuted_with_an_exact_counterexample(o):
    v = sd.prove(sd.KL(o.P, o.Q), sd.KL(o.Q, o.P))
    assert v.status is Status.REFUTED
    c = v.counterexample
    assert c.describe() == {"n": "2", "P": "(1/2, 1/2)", "Q": "(1/3, 2/3)"}
    # Both sides exactly: D(P||Q) = log 3 - 3/2 log 2, D(Q||P) = 5/3 log 2 - log 3.
    assert (c.lhs - (log(3) - Rational(3, 2) * log(2))).expand() == 0
    assert (c.rhs - (Rational(5, 3) * log(2) - log(3))).expand() == 0
    assert c.difference.differs


# --- Known values with exact rationals (Cover & Thomas style) ---------------

def explicit(*values):
    return sd.ExplicitDistribution("P", [F(v) for v in values])


@pytest.mark.parametrize(
    "dist, bits",
    [
        (("1/2", "1/4", "1/8", "1/8"), Rational(7, 4)),
        (("1/8",) * 8, Integer(3)),
        (("1/2", "1/2"), Integer(1)),
        (("1",), Integer(0)),
        (("1/4", "1/4", "1/4", "1/4"), Integer(2)),
    ],
)
def test_entropy_known_values_in_bits(dist, bits):
    assert sd.prove(sd.Entropy(explicit(*dist), base=2), bits).proved


def test_cover_thomas_example_kl_bits():
    # Cover & Thomas, Example 2.3.1 with r = 1/2, s = 1/4.
    p = sd.ExplicitDistribution("P", [F(1, 2), F(1, 2)])
    q = sd.ExplicitDistribution("Q", [F(3, 4), F(1, 4)])
    assert sd.prove(sd.KL(p, q, base=2), 1 - log(3, 2) / 2).proved
    assert sd.prove(sd.KL(q, p, base=2), Rational(3, 4) * log(3, 2) - 1).proved
    assert sd.prove(sd.KL(p, q, base=2), sd.KL(q, p, base=2)).refuted


def test_wrong_known_value_is_refuted():
    assert sd.prove(sd.Entropy(explicit("1/2", "1/4", "1/8", "1/8"), base=2), Rational(3, 2)).refuted


# --- At least 20 false variants: never proved --------------------------------

def false_variants(o):
    H, CE, KL, G = sd.Entropy, sd.CrossEntropy, sd.KL, sd.Grad
    P, Q, S_, z, j, n = o.P, o.Q, o.S, o.z, o.j, o.n
    return {
        "H(P,Q) = H(Q) + D(P||Q)": (CE(P, Q), H(Q) + KL(P, Q)),
        "H(P,Q) = H(P) - D(P||Q)": (CE(P, Q), H(P) - KL(P, Q)),
        "H(P,Q) = H(Q,P)": (CE(P, Q), CE(Q, P)),
        "H(P,Q) = H(P) + D(Q||P)": (CE(P, Q), H(P) + KL(Q, P)),
        "H(P,Q) = H(P) + D(P||Q) + H(Q)": (CE(P, Q), H(P) + KL(P, Q) + H(Q)),
        "D(P||Q) = D(Q||P)": (KL(P, Q), KL(Q, P)),
        "D(P||Q) = H(P,Q)": (KL(P, Q), CE(P, Q)),
        "H(P) = H(P,Q)": (H(P), CE(P, Q)),
        "H(P) = 0": (H(P), S.Zero),
        "H(P) = log n": (H(P), log(n)),
        "H(U) = n": (H(sd.Uniform(n)), n),
        "H(U) = log(n + 1)": (H(sd.Uniform(n)), log(n + 1)),
        "H_2(P) = H(P) log 2": (H(P, base=2), H(P) * log(2)),
        "grad H(P,Q) = grad D(Q||P)": (G(CE(P, S_), z, j), G(KL(S_, P), z, j)),
        "grad H(P,Q) = P - softmax (sign flipped)": (G(CE(P, S_), z, j), P[j] - S_[j]),
        "grad H(P,Q) = softmax (missing -p_j)": (G(CE(P, S_), z, j), S_[j]),
        "grad D(P||Q) = softmax - 2P": (G(KL(P, S_), z, j), S_[j] - 2 * P[j]),
        "grad H(P,Q) = grad H(P)": (G(CE(P, S_), z, j), G(H(P), z, j)),
        "NLL = H(p_hat, q) without N": (sd.NLL(o.D, Q), CE(o.p_hat, Q)),
        "NLL = N H(p_hat, q) + N": (sd.NLL(o.D, Q), o.N * CE(o.p_hat, Q) + o.N),
        "NLL = -log L + 1": (sd.NLL(o.D, Q), -log(sd.Likelihood(o.D, Q)) + 1),
        "I(certain event) = 1": (sd.SelfInformation(sd.PointMass(n, j), j), S.One),
        "D(P||P) = 1": (KL(P, P), S.One),
        "H(P) = sqrt(H(P))": (H(P), sqrt(H(P))),
    }


def test_there_are_at_least_20_false_variants(o):
    assert len(false_variants(o)) >= 20


@pytest.mark.parametrize("name", list(false_variants(Objects)))
def test_false_variant_is_never_proved(o, name):
    lhs, rhs = false_variants(o)[name]
    v = sd.prove(lhs, rhs)
    assert v.status is not Status.PROVED
    # All of these are false at some simple instance, so we expect a refutation.
    assert v.status is Status.REFUTED, v.reason
    assert v.counterexample.difference.differs


# --- Bad input ---------------------------------------------------------------

def test_strings_are_refused_not_parsed(o):
    with pytest.raises(InvalidTypeError, match="text is never evaluated"):
        sd.prove("__import__('os').system('echo pwned')", 0)


@pytest.mark.parametrize("bad", [[1, 2], {"a": 1}, 1.5, object(), b"H(P)"])
def test_non_expressions_are_named(o, bad):
    with pytest.raises(InvalidTypeError, match="rhs must be a sympy expression"):
        sd.prove(sd.Entropy(o.P), bad)


def test_evaluated_equation_is_explained(o):
    with pytest.raises(InvalidTypeError, match="already evaluated an Eq"):
        sd.prove(Eq(o.n, o.n))


def test_missing_rhs(o):
    with pytest.raises(InvalidTypeError, match="needs two sides"):
        sd.prove(sd.Entropy(o.P))


def test_unknown_dtype(o):
    with pytest.raises(sd.InvalidInputError, match="unknown dtype 'float16'"):
        sd.prove(sd.Entropy(o.P), sd.Entropy(o.P), dtype="float16")


def test_tiny_budget_gives_unknown_not_a_hang(o):
    v = sd.prove(sd.CrossEntropy(o.P, o.Q), sd.Entropy(o.P) + sd.KL(o.P, o.Q), budget=1e-9)
    assert v.status is Status.UNKNOWN
    assert "time budget" in v.reason


# -- found by the parser's tests: statements the Python API could already build ----
def test_double_sums(o):
    a, b = Symbol("a", integer=True), Symbol("b", integer=True)
    both = Sum(Sum(o.P[a] * o.Q[b], (b, 1, o.n)), (a, 1, o.n))   # sympy merges this into one Sum
    assert len(both.limits) == 2
    assert sd.prove(both, 1).proved
    assert sd.prove(Sum(Sum(o.P[b], (b, 1, o.n)), (a, 1, o.n)), o.n).proved
    assert sd.prove(Sum(Sum(o.P[b], (b, 1, o.n)), (a, 1, o.n)), 1).refuted
    joint = Sum(Sum(o.P[a] * o.Q[b] * log(o.P[a] * o.Q[b]), (b, 1, o.n)), (a, 1, o.n))
    assert sd.prove(-joint, sd.Entropy(o.P) + sd.Entropy(o.Q)).proved   # H(P x Q) = H(P) + H(Q)


def test_a_free_index_named_like_a_bound_one(o):
    # H(P) expands to a sum over i; a free p_i next to it must not be captured
    # when the counterexample search gives i a value.
    i = INDEX
    assert sd.prove(sd.Entropy(o.P) + o.P[i], sd.Entropy(o.P) + o.P[i]).proved
    v = sd.prove(sd.Entropy(o.P) + o.P[i], sd.Entropy(o.Q) + o.P[i])
    assert v.refuted and v.counterexample.describe()["i"] == "1"
    x = Symbol("x", integer=True)
    assert sd.prove(sd.CrossEntropy(o.P, o.Q), Sum(o.P[x] * sd.SelfInformation(o.Q, i), (x, 1, o.n))).refuted


# -- the numeric options: refused by name, before any symbolic work -------------
import re  # noqa: E402

BAD_OPTIONS = [
    # samples: 2.5 and -5 were accepted silently
    (dict(samples=2.5), sd.InvalidTypeError, "samples must be a positive int, got 2.5"),
    (dict(samples=-5), sd.InvalidInputError, "samples must be a positive int, got -5"),
    (dict(samples=0), sd.InvalidInputError, "samples must be a positive int, got 0"),
    (dict(samples=True), sd.InvalidTypeError, "samples must be a positive int, got True"),
    # seed: numpy's SeedSequence TypeError, or True taken as 1, before
    (dict(seed="a"), sd.InvalidTypeError, "seed must be a non-negative int, got 'a'"),
    (dict(seed=True), sd.InvalidTypeError, "seed must be a non-negative int, got True"),
    (dict(seed=1.0), sd.InvalidTypeError, "seed must be a non-negative int, got 1.0"),
    (dict(seed=-1), sd.InvalidInputError, "seed must be a non-negative int, got -1"),
    # dtype: an unhashable one gave a bare TypeError
    (dict(dtype=["float64"]), sd.InvalidTypeError, "dtype must be a str, got ['float64']"),
    (dict(dtype="float16"), sd.InvalidInputError, "unknown dtype 'float16'"),
    # budget: a finite number of seconds > 0
    (dict(budget="10"), sd.InvalidTypeError, "budget must be a finite number > 0, got '10'"),
    (dict(budget=None), sd.InvalidTypeError, "budget must be a finite number > 0, got None"),
    (dict(budget=False), sd.InvalidTypeError, "budget must be a finite number > 0, got False"),
    (dict(budget=float("nan")), sd.InvalidInputError, "budget must be a finite number > 0, got nan"),
    (dict(budget=float("inf")), sd.InvalidInputError, "budget must be a finite number > 0, got inf"),
    (dict(budget=0), sd.InvalidInputError, "budget must be a finite number > 0, got 0"),
    (dict(budget=-1), sd.InvalidInputError, "budget must be a finite number > 0, got -1"),
]


@pytest.mark.parametrize("options, error, fragment", BAD_OPTIONS)
def test_bad_numeric_options_are_named_before_any_work(o, monkeypatch, options, error, fragment):
    import importlib

    module = importlib.import_module("symdiv.prover.prove")  # the module, not the function it exports

    def no_symbolic_work(*args, **kwargs):
        raise AssertionError("a bad option must be refused before the normal form is computed")

    monkeypatch.setattr(module, "_normal_forms", no_symbolic_work)
    with pytest.raises(error, match=re.escape(fragment)):  # a symdiv error, naming the value
        sd.prove(sd.Entropy(o.P), sd.Entropy(o.P), **options)


def test_numpy_numbers_are_accepted_as_options(o):
    import numpy as np

    v = sd.prove(sd.Entropy(o.P), sd.Entropy(o.P), seed=np.int64(2), samples=np.int32(20), budget=np.float32(5))
    assert v.proved and v.evidence.seed == 2
