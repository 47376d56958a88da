"""Cross-checks and counterexample search."""

import numpy as np
from sympy import Rational, log

import symdiv as sd
from symdiv.numeric.check import cross_check, relative_errors, search_counterexample
from symdiv.numeric.exact import exact_value
from symdiv.numeric.instances import Point, simple_distributions


def test_cross_check_records_reproduction_data(o):
    e = cross_check(sd.CrossEntropy(o.P, o.Q), sd.Entropy(o.P) + sd.KL(o.P, o.Q), seed=7, samples=400)
    assert e.agreed and e.seed == 7 and e.dtype == "float64" and e.samples == 400
    assert e.max_error <= e.tolerance


def test_cross_check_is_reproducible(o):
    args = (sd.CrossEntropy(o.P, o.Q), sd.Entropy(o.Q) + sd.KL(o.P, o.Q))
    assert cross_check(*args, seed=3) == cross_check(*args, seed=3)


def test_cross_check_float32(o):
    e = cross_check(sd.CrossEntropy(o.P, o.Q), sd.Entropy(o.P) + sd.KL(o.P, o.Q), dtype="float32")
    assert e.agreed and e.tolerance > 1e-6


def test_cross_check_catches_a_planted_relative_error_of_1e_9(o):
    lhs = sd.CrossEntropy(o.P, o.Q)
    rhs = (sd.Entropy(o.P) + sd.KL(o.P, o.Q)) * (1 + Rational(1, 10**9))
    assert not cross_check(lhs, rhs).agreed


def test_relative_errors_conventions():
    inf, nan = np.inf, np.nan
    lv = np.array([1.0, inf, inf, nan, 1.0])
    rv = np.array([1.0, inf, -inf, nan, 2.0])
    mags = np.ones(5)
    err = relative_errors(lv, mags, rv, mags)
    assert err[0] == 0 and err[1] == 0
    assert err[2] == inf and err[3] == inf  # NaN is never an agreement
    assert err[4] == 1.0


def test_simple_distributions_are_simplest_first():
    assert simple_distributions(3, 4) == [
        (Rational(1, 3), Rational(1, 3), Rational(1, 3)),
        (Rational(1, 4), Rational(1, 4), Rational(1, 2)),
        (Rational(1, 4), Rational(1, 2), Rational(1, 4)),
        (Rational(1, 2), Rational(1, 4), Rational(1, 4)),
    ]


def test_counterexample_is_confirmed_exactly(o):
    c = search_counterexample(sd.CrossEntropy(o.P, o.Q), sd.CrossEntropy(o.Q, o.P))
    assert c is not None and c.difference.differs
    assert c.point.sizes == ((o.n, 2),)


def test_float_noise_is_not_a_counterexample(o):
    # log(3) vs the float nearest to it: equal to 16 digits, different exactly.
    # The float search must not flag it; nothing is returned.
    assert search_counterexample(sd.Entropy(sd.Uniform(o.n)), log(o.n)) is None


def test_exact_value(o):
    point = Point(sizes=((o.n, 2),), values=((o.P, (Rational(1, 2), Rational(1, 2))),),
                  samples=(), indices=(), scalars=())
    assert exact_value(sd.Entropy(o.P, base=2), point) == 1
