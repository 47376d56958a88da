"""The numeric evaluator: conventions, magnitudes, and agreement with hand-written numpy."""

import numpy as np
import pytest
from hypothesis import given, settings

import symdiv as sd
from symdiv.errors import InvalidInputError
from symdiv.numeric.evaluate import Env, evaluate
from symdiv.testing import distribution_pairs, distributions

P3, Q3 = sd.Distribution("P", 3), sd.Distribution("Q", 3)


def env3(p, q=None, dtype=np.float64):
    bases = {P3: np.atleast_2d(p)}
    if q is not None:
        bases[Q3] = np.atleast_2d(q)
    return Env(bases=bases, dtype=dtype)


def value(expr, env):
    return evaluate(expr, env)[0]


def test_zero_log_zero_is_zero():
    assert value(sd.Entropy(P3), env3([0.5, 0.5, 0.0]))[0] == pytest.approx(np.log(2))


def test_support_mismatch_is_plus_infinity():
    p, q = [0.5, 0.5, 0.0], [1.0, 0.0, 0.0]
    assert value(sd.KL(P3, Q3), env3(p, q))[0] == np.inf
    assert value(sd.CrossEntropy(P3, Q3), env3(p, q))[0] == np.inf


def test_zero_mass_where_q_is_zero_is_fine():
    p, q = [1.0, 0.0, 0.0], [0.5, 0.0, 0.5]
    assert value(sd.KL(P3, Q3), env3(p, q))[0] == pytest.approx(np.log(2))


def test_nan_propagates():
    out = value(sd.Entropy(P3), env3([np.nan, 0.5, 0.5]))
    assert np.isnan(out[0])


def test_float32_stays_float32():
    out = value(sd.Entropy(P3), env3(np.array([0.2, 0.3, 0.5], dtype=np.float32), dtype=np.float32))
    assert out.dtype == np.float32


def test_missing_values_are_named():
    with pytest.raises(InvalidInputError, match="no values given for Q"):
        value(sd.KL(P3, Q3), env3([0.2, 0.3, 0.5]))


def test_batch_of_symbolic_size():
    n = sd.alphabet_size("n")
    P = sd.Distribution("P", n)
    p = np.array([[0.25, 0.25, 0.5], [1 / 3, 1 / 3, 1 / 3]])
    out = value(sd.Entropy(P, base=2), Env(bases={P: p}, scalars={n: 3}))
    assert out == pytest.approx([1.5, np.log2(3)])


@settings(max_examples=200, deadline=None)
@given(distribution_pairs(size=3, shared_support=False))
def test_kl_matches_hand_written_numpy(pq):
    p, q = pq
    with np.errstate(all="ignore"):
        terms = np.where(p > 0, p * np.log(p / q), 0.0)
    expected = terms.sum()
    got = value(sd.KL(P3, Q3), env3(p, q))[0]
    if np.isinf(expected):
        assert got == expected
    else:
        assert got == pytest.approx(expected, rel=1e-12, abs=1e-15)


@settings(max_examples=200, deadline=None)
@given(distribution_pairs(size=3))
def test_gibbs_inequality(pq):
    p, q = pq
    assert value(sd.KL(P3, Q3), env3(p, q))[0] >= -1e-15


@settings(max_examples=200, deadline=None)
@given(distributions(size=3, zeros=True))
def test_entropy_bounds(p):
    h = value(sd.Entropy(P3), env3(p))[0]
    assert -1e-15 <= h <= np.log(3) + 1e-12


def test_float32_kl_is_computed_directly_not_as_ce_minus_h():
    from fractions import Fraction

    from sympy import Rational as R, log as slog

    P2, Q2 = sd.Distribution("P", 2), sd.Distribution("Q", 2)
    d = np.float32(1.58e-4)
    p = np.array([[0.5, 0.5]], dtype=np.float32)
    q = np.array([[0.5 + d, 0.5 - d]], dtype=np.float32)
    # The true KL of these very float32 numbers, in exact arithmetic.
    pe = [R(Fraction(float(x))) for x in p[0]]
    qe = [R(Fraction(float(x))) for x in q[0]]
    true = float(sum(a * slog(a / b) for a, b in zip(pe, qe)).evalf(30))
    assert 4e-8 < true < 6e-8
    env = Env(bases={P2: p, Q2: q}, dtype=np.float32)
    kl = value(sd.KL(P2, Q2), env)[0]
    ce_minus_h = value(sd.CrossEntropy(P2, Q2), env)[0] - value(sd.Entropy(P2), env)[0]
    assert kl.dtype == np.float32
    assert abs(kl - true) < 1e-3 * true
    assert ce_minus_h == 0.0 or abs(ce_minus_h - true) > 0.1 * true


def test_softmax_is_evaluated_without_overflow():
    P3_, z = sd.Distribution("P", 3), sd.Logits("z", 3)
    env = Env(bases={P3_: np.array([[0.2, 0.3, 0.5]]), z: np.array([[1000.0, 0.0, -1000.0]])})
    ce = value(sd.CrossEntropy(P3_, sd.Softmax(z)), env)[0]
    # -sum p_i log softmax_i = 0.3 * 1000 + 0.5 * 2000 (up to e^-1000 terms)
    assert ce == pytest.approx(1300.0, rel=1e-15)
    assert value(sd.Softmax(z)[1], env)[0] == pytest.approx(1.0)


# -- gradients nested in sums: the oracle against central finite differences -----

from hypothesis import strategies as st  # noqa: E402
from sympy import Integer, Sum, Symbol, exp, log  # noqa: E402

from symdiv.core.model import INDEX  # noqa: E402

_n = sd.alphabet_size("n")
_P, _z = sd.Distribution("P", _n), sd.Logits("z", _n)
_S = sd.Softmax(_z)
_k, _l = Symbol("k", integer=True), Symbol("l", integer=True)


def _blocks():
    i = INDEX
    lse = log(Sum(exp(_z[i]), (i, 1, _n)))
    return [
        lse,
        Sum(_P[i] * _z[i], (i, 1, _n)),
        sd.CrossEntropy(_P, _S),
        sd.Entropy(_S),
        Sum(_z[i] ** 2, (i, 1, _n)),
        Sum(_P[i] * Sum(exp(_z[_l] - _z[i]), (_l, 1, _n)), (i, 1, _n)),
        _S[1] * _z[_n],
    ]


_WEIGHTS = [Integer(1), _P[_k], _S[_k], _z[_k]]


@st.composite
def _nested_gradients(draw):
    blocks = _blocks()
    coefficients = draw(st.lists(st.integers(-3, 3), min_size=len(blocks), max_size=len(blocks)))
    f = sum((c * b for c, b in zip(coefficients, blocks)), Integer(0))
    weight = draw(st.sampled_from(_WEIGHTS))
    return f, weight


@settings(max_examples=40, deadline=None)
@given(_nested_gradients(), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_summed_gradients_agree_with_central_differences(case, k, seed):
    """sum_k w_k d f/dz_k, evaluated by the oracle, against finite differences of f itself.

    The gradient is summed over its own component index: the evaluator once
    compared that index with the inner sums' position by position, so every
    Kronecker delta came out 1.
    """
    f, weight = case
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.ones(k), size=4)
    zs = rng.normal(0.0, 1.0, size=(4, k))
    n = Integer(k)
    inst = {_n: n}
    fk = f.xreplace(inst)
    Pk, zk = _P.xreplace(inst), _z.xreplace(inst)
    expr = Sum(weight * sd.Grad(f, _z, _k), (_k, 1, _n)).xreplace(inst)
    got = value(expr, Env(bases={Pk: p, zk: zs}))
    h = 1e-5
    expected = np.zeros(4)
    for m in range(k):
        step = np.zeros_like(zs)
        step[:, m] = h
        up = value(fk, Env(bases={Pk: p, zk: zs + step}))
        down = value(fk, Env(bases={Pk: p, zk: zs - step}))
        w = value(weight.xreplace({_k: Integer(m + 1)}).xreplace(inst), Env(bases={Pk: p, zk: zs}))
        expected += np.broadcast_to(w, (4,)) * (up - down) / (2 * h)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5 * (1 + np.abs(expected).max()))


def test_an_empty_sum_of_exponentials_has_log_minus_infinity():
    i = INDEX
    v = value(log(Sum(exp(_z[i]), (i, 3, _n))), Env(bases={_z: np.zeros((1, 2))}, scalars={_n: 2}))
    assert np.all(v == -np.inf)


def test_log_of_a_power_does_not_underflow():
    p = np.array([[1e-5, 1 - 1e-5]])
    P2 = sd.Distribution("P", 2)
    v = value(log(P2[1] ** 70), Env(bases={P2: p}))
    assert v[0] == pytest.approx(70 * np.log(1e-5))
