"""check_implementation against real scipy and torch functions."""

import re

import numpy as np
import pytest

import symdiv as sd
from symdiv.numeric.compile import validate_batch
from symdiv.numeric.implementations import check_implementation
from tests.conftest import require

K = 5
P, Q = sd.Distribution("P", K), sd.Distribution("Q", K)
z = sd.Logits("z", K)


def test_naive_kl_is_caught_on_zeros_with_inputs():
    naive = lambda p, q: np.sum(p * np.log(p / q), axis=-1)
    with np.errstate(all="ignore"):
        report = check_implementation(naive, sd.KL(P, Q), args=(P, Q))
    assert not report.agreed
    assert report.first.case == "zeros, shared support"
    assert np.isnan(report.first.got) and np.isfinite(report.first.expected)
    assert len(report.first.inputs["P"]) == K


def test_scipy_special_functions_agree():
    special = require("scipy.special")
    assert check_implementation(lambda p: special.entr(p).sum(-1), sd.Entropy(P), args=(P,)).agreed
    assert check_implementation(lambda p, q: special.rel_entr(p, q).sum(-1), sd.KL(P, Q), args=(P, Q)).agreed
    assert check_implementation(lambda p, q: -special.xlogy(p, q).sum(-1), sd.CrossEntropy(P, Q), args=(P, Q)).agreed
    bits = check_implementation(lambda p: special.entr(p).sum(-1) / np.log(2), sd.Entropy(P, base=2), args=(P,))
    assert bits.agreed


def test_scipy_stats_entropy_normalises_silently():
    stats = require("scipy.stats")
    report = check_implementation(lambda p, q: stats.entropy(p, q, axis=-1), sd.KL(P, Q), args=(P, Q))
    assert report.agreed and report.normalises_silently
    # scipy turns [1, 1] into [1/2, 1/2] without a word; symdiv refuses it.
    assert stats.entropy([1.0, 1.0]) == pytest.approx(np.log(2))
    P2 = sd.Distribution("P", 2)
    with pytest.raises(sd.InvalidInputError, match="row 0 of P sums to 2.0, not 1"):
        validate_batch({P2: [[1.0, 1.0]]}, [P2], 2, "float64")


def test_torch_cross_entropy_with_probability_targets():
    torch = require("torch")
    F = torch.nn.functional

    def ce(p, logits):
        return F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(p), reduction="none").numpy()

    for dtype in ("float64", "float32"):
        report = check_implementation(ce, sd.CrossEntropy(P, sd.Softmax(z)), args=(P, z), dtype=dtype)
        assert report.agreed, str(report)


def test_torch_kl_div_batchmean_with_log_input():
    torch = require("torch")
    F = torch.nn.functional

    def kl(p, q):
        with np.errstate(divide="ignore"):
            log_q = np.log(q)
        return F.kl_div(torch.from_numpy(log_q), torch.from_numpy(p), reduction="batchmean").numpy()

    report = check_implementation(kl, sd.KL(P, Q), args=(P, Q), reduction="mean")
    # On strictly positive inputs torch agrees with the definition...
    assert {"dirichlet alpha=1", "dirichlet alpha=10"} <= set(report.cases)
    # ...but where q = 0 and p = 0 its log-space input is -inf and torch gives NaN, not 0.
    assert not report.agreed and report.first.case == "zeros, shared support"
    assert np.isnan(report.first.got) and np.isfinite(report.first.expected)


def test_bad_arguments():
    with pytest.raises(sd.InvalidTypeError, match="fn must be callable"):
        check_implementation(3, sd.KL(P, Q), args=(P, Q))
    with pytest.raises(sd.InvalidInputError, match="reduction must be one of"):
        check_implementation(lambda p, q: p, sd.KL(P, Q), args=(P, Q), reduction="max")
    n = sd.alphabet_size()
    Pn = sd.Distribution("P", n)
    with pytest.raises(sd.InvalidInputError, match="give size=k"):
        check_implementation(lambda p: p, sd.Entropy(Pn), args=(Pn,))


# -- bad arguments, and implementations that fail, give symdiv errors naming them ----
def kl_ok(p, q):
    with np.errstate(all="ignore"):
        return np.sum(np.where(p > 0, p * np.log(np.where(p > 0, p, 1) / q), 0.0), axis=-1)


n = sd.alphabet_size()
Pn, Qn = sd.Distribution("P", n), sd.Distribution("Q", n)
KL = sd.KL(P, Q)
nan = float("nan")

BAD_CALLS = [
    # samples, seed, size: ints (numpy's SeedSequence TypeError, or a silent int(2.5), otherwise)
    (dict(samples=2.5), sd.InvalidTypeError, "samples must be a positive int, got 2.5"),
    (dict(samples=-5), sd.InvalidInputError, "samples must be a positive int, got -5"),
    (dict(samples=0), sd.InvalidInputError, "samples must be a positive int, got 0"),
    (dict(samples=True), sd.InvalidTypeError, "samples must be a positive int, got True"),
    (dict(seed="a"), sd.InvalidTypeError, "seed must be a non-negative int, got 'a'"),
    (dict(seed=1.5), sd.InvalidTypeError, "seed must be a non-negative int, got 1.5"),
    (dict(seed=-1), sd.InvalidInputError, "seed must be a non-negative int, got -1"),
    (dict(seed=None), sd.InvalidTypeError, "seed must be a non-negative int, got None"),
    (dict(size=7), sd.InvalidInputError, "size=7 given, but the args have size 5"),
    (dict(size=2.5), sd.InvalidTypeError, "size must be a positive int, got 2.5"),
    (dict(fn=kl_ok, measure=sd.KL(Pn, Qn), args=(Pn, Qn), size=2.5), sd.InvalidTypeError, "size must be a positive int, got 2.5"),
    (dict(fn=kl_ok, measure=sd.KL(Pn, Qn), args=(Pn, Qn), size="3"), sd.InvalidTypeError, "size must be a positive int, got '3'"),
    (dict(fn=kl_ok, measure=sd.KL(Pn, Qn), args=(Pn, Qn), size=0), sd.InvalidInputError, "size must be a positive int, got 0"),
    # dtype, reduction: strings (an unhashable one gave a bare TypeError)
    (dict(dtype=["float64"]), sd.InvalidTypeError, "dtype must be a str, got ['float64']"),
    (dict(dtype="float16"), sd.InvalidInputError, "unknown dtype 'float16'"),
    (dict(reduction=["mean"]), sd.InvalidTypeError, "reduction must be one of ('none', 'mean', 'sum'), got ['mean']"),
    (dict(reduction="max"), sd.InvalidInputError, "reduction must be one of ('none', 'mean', 'sum'), got 'max'"),
    # fn, measure, args
    (dict(fn="kl"), sd.InvalidTypeError, "fn must be callable, got 'kl'"),
    (dict(measure="KL(P, Q)"), sd.InvalidTypeError, "measure must be a sympy expression built from symdiv objects, got 'KL(P, Q)'"),
    (dict(measure=0.5), sd.InvalidTypeError, "measure must be a sympy expression built from symdiv objects, got 0.5"),
    (dict(args=P), sd.InvalidTypeError, "args must be a tuple of the Distribution and Logits objects fn takes, e.g. args=(P, Q); got P"),
    (dict(args="PQ"), sd.InvalidTypeError, "args must be a tuple of the Distribution and Logits objects fn takes, e.g. args=(P, Q); got 'PQ'"),
    (dict(args=()), sd.InvalidInputError, "args must list the Distribution and Logits objects fn takes, got none"),
    (dict(args=(P, "Q")), sd.InvalidTypeError, "args must be Distribution or Logits objects, got 'Q'"),
    (dict(fn=lambda p: p.sum(-1), args=(P,)), sd.InvalidInputError, "the measure uses Q, which args does not list"),
]


@pytest.mark.parametrize("options, error, fragment", BAD_CALLS)
def test_bad_arguments_are_named(options, error, fragment):
    call = dict(fn=kl_ok, measure=KL, args=(P, Q)) | options
    fn, measure, args = call.pop("fn"), call.pop("measure"), call.pop("args")
    with pytest.raises(error, match=re.escape(fragment)):  # a symdiv error, naming the value
        check_implementation(fn, measure, args, **call)


def test_an_implementation_that_raises_is_an_error_naming_the_exception_and_the_case():
    def refuses_zeros(p, q):
        if (p == 0).any():
            raise ValueError("p has a zero")
        return kl_ok(p, q)

    with pytest.raises(sd.InvalidInputError) as info:
        check_implementation(refuses_zeros, KL, args=(P, Q))
    message = str(info.value)
    assert "fn raised ValueError: p has a zero on the case 'zeros, shared support'" in message
    assert "2 array(s) of shape (200, 5), float64" in message
    assert isinstance(info.value.__cause__, ValueError)  # the original, chained


BAD_RESULTS = [
    (lambda p, q: "0.5", sd.InvalidTypeError, "fn must return an array of real numbers, got '0.5' of type str on the case 'dirichlet alpha=0.1'"),
    (lambda p, q: None, sd.InvalidTypeError, "fn must return an array of real numbers, got None of type NoneType"),
    (lambda p, q: kl_ok(p, q) + 0j, sd.InvalidTypeError, "fn must return an array of real numbers, got array([" ),
    (lambda p, q: kl_ok(p, q) > 0, sd.InvalidTypeError, "fn must return an array of real numbers, got array([ True"),
    (lambda p, q: [kl_ok(p, q), "x"], sd.InvalidTypeError, "fn must return an array of real numbers, got [array(["),
    (lambda p, q: kl_ok(p, q)[:3], sd.InvalidInputError, "fn returned shape (3,) on the case 'dirichlet alpha=0.1', expected (200,)"),
]


@pytest.mark.parametrize("fn, error, fragment", BAD_RESULTS)
def test_what_an_implementation_returns_is_named(fn, error, fragment):
    with pytest.raises(error, match=re.escape(fragment)):
        check_implementation(fn, KL, args=(P, Q))


def test_per_row_values_where_a_mean_is_expected():
    # numpy's "cannot reshape array of size 200 into shape (1,)" before.
    with pytest.raises(sd.InvalidInputError, match=r"fn returned shape \(200,\) on the case 'dirichlet alpha=0.1', "
                                                   r"expected \(1,\) \(reduction='mean'\)"):
        check_implementation(kl_ok, KL, args=(P, Q), reduction="mean")


def test_good_arguments_still_work():
    report = check_implementation(kl_ok, sd.KL(Pn, Qn), args=[Pn, Qn], size=np.int64(5), samples=np.int32(10),
                                  seed=np.uint8(3))
    assert report.agreed and report.seed == 3 and type(report.seed) is int
    assert check_implementation(kl_ok, KL, args=(P, Q), size=5, samples=10).agreed
