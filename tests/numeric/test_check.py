"""Cross-checks and counterexample search."""

import re

import numpy as np
import pytest
from sympy import Rational, log

import symdiv as sd
from symdiv.errors import InvalidInputError, InvalidTypeError
from symdiv.numeric.check import cross_check, relative_errors, search_counterexample
from symdiv.numeric.exact import exact_value
from symdiv.numeric.instances import Point, simple_distributions
from tests.conftest import Objects as O


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


# -- bad arguments give symdiv errors naming them -------------------------------
SIDES = (sd.KL(O.P, O.Q), sd.KL(O.P, O.Q))
nan = float("nan")

SHARED = [
    # seed: numpy's SeedSequence TypeError otherwise
    (dict(seed="a"), InvalidTypeError, "seed must be a non-negative int, got 'a'"),
    (dict(seed=2.5), InvalidTypeError, "seed must be a non-negative int, got 2.5"),
    (dict(seed=True), InvalidTypeError, "seed must be a non-negative int, got True"),
    (dict(seed=-1), InvalidInputError, "seed must be a non-negative int, got -1"),
    # offsets, datasets: non-empty lists of ints (IndexError, or numpy's "negative dimensions", otherwise)
    (dict(offsets=[]), InvalidInputError, "offsets must not be empty"),
    (dict(offsets=3), InvalidTypeError, "offsets must be a list or tuple of ints, got 3"),
    (dict(offsets=[0, -3]), InvalidInputError, "offsets[1] must be a non-negative int, got -3"),
    (dict(offsets=(0, 1.5)), InvalidTypeError, "offsets[1] must be a non-negative int, got 1.5"),
    (dict(datasets=[0]), InvalidInputError, "datasets[0] must be a positive int, got 0"),
    (dict(datasets="13"), InvalidTypeError, "datasets must be a list or tuple of ints, got '13'"),
    (dict(datasets=()), InvalidInputError, "datasets must not be empty"),
    # the sides: sympy expressions (AttributeError: 'str' object has no attribute 'atoms' otherwise)
    (dict(lhs="KL(P, Q)"), InvalidTypeError, "lhs must be a sympy expression built from symdiv objects, got 'KL(P, Q)'"),
    (dict(rhs=0.5), InvalidTypeError, "rhs must be a sympy expression built from symdiv objects, got 0.5"),
]
CROSS_CHECK = SHARED + [
    # samples: a positive int (2.5 and -5 were accepted silently)
    (dict(samples=2.5), InvalidTypeError, "samples must be a positive int, got 2.5"),
    (dict(samples=-5), InvalidInputError, "samples must be a positive int, got -5"),
    (dict(samples=0), InvalidInputError, "samples must be a positive int, got 0"),
    (dict(samples="256"), InvalidTypeError, "samples must be a positive int, got '256'"),
    (dict(dtype=["float64"]), InvalidTypeError, "dtype must be a str, got ['float64']"),
    (dict(dtype=np.float64), InvalidTypeError, "dtype must be a str, got <class 'numpy.float64'>"),
]
SEARCH = SHARED + [
    (dict(random_batch=2.5), InvalidTypeError, "random_batch must be a positive int, got 2.5"),
    (dict(random_batch=0), InvalidInputError, "random_batch must be a positive int, got 0"),
    (dict(probes=-1), InvalidInputError, "probes must be a non-negative int, got -1"),
    (dict(probes=nan), InvalidTypeError, "probes must be a non-negative int, got nan"),
]


def _raises(function, options, error, fragment):
    call = dict(lhs=SIDES[0], rhs=SIDES[1]) | options
    with pytest.raises(error, match=re.escape(fragment)):  # a symdiv error, naming the value
        function(call.pop("lhs"), call.pop("rhs"), **call)


@pytest.mark.parametrize("options, error, fragment", CROSS_CHECK)
def test_cross_check_names_bad_arguments(options, error, fragment):
    _raises(cross_check, options, error, fragment)


@pytest.mark.parametrize("options, error, fragment", SEARCH)
def test_search_counterexample_names_bad_arguments(options, error, fragment):
    _raises(search_counterexample, options, error, fragment)


def test_numpy_integers_are_accepted_and_recorded_as_ints():
    e = cross_check(*SIDES, seed=np.int64(4), samples=np.int32(10), offsets=range(2), datasets=[np.int8(2)])
    assert e.agreed and e.seed == 4 and type(e.seed) is int
    assert search_counterexample(*SIDES, seed=np.uint16(1), probes=0, random_batch=np.int64(4)) is None
