"""check_implementation against real scipy and torch functions."""

import re

import numpy as np
import pytest
from sympy import Symbol, log

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
    (dict(dtype=["float64"]), sd.InvalidTypeError,
     "dtype must be a str, a numpy or torch float type, or a tuple of them, got ['float64']"),
    (dict(dtype=3), sd.InvalidTypeError, "dtype must be a str, a numpy or torch float type, or a tuple of them, got 3"),
    (dict(dtype="float8"), sd.InvalidInputError, "unknown dtype 'float8'"),
    (dict(dtype=np.int32), sd.InvalidInputError, "unknown dtype <class 'numpy.int32'>"),
    (dict(dtype=()), sd.InvalidInputError, "dtype must name at least one float type, got ()"),
    (dict(dtype="bfloat16"), sd.InvalidInputError, "dtype 'bfloat16' needs a torch implementation"),
    (dict(backend="jax"), sd.InvalidInputError, "backend must be one of ('auto', 'numpy', 'torch'), got 'jax'"),
    (dict(backend="numpy", device="cpu"), sd.InvalidInputError, "device='cpu' is for torch implementations"),
    (dict(shrink="yes"), sd.InvalidTypeError, "shrink must be True or False, got 'yes'"),
    (dict(diagnose=1), sd.InvalidTypeError, "diagnose must be True or False, got 1"),
    (dict(reduction=["mean"]), sd.InvalidTypeError, "reduction must be one of ('none', 'mean', 'sum'), got ['mean']"),
    (dict(reduction="max"), sd.InvalidInputError, "reduction must be one of ('none', 'mean', 'sum'), got 'max'"),
    # fn, measure, args
    (dict(fn="kl"), sd.InvalidTypeError, "fn must be callable, got 'kl'"),
    (dict(measure="KL(P, Q)"), sd.InvalidTypeError, "measure must be a sympy expression built from symdiv objects, got 'KL(P, Q)'"),
    (dict(measure=0.5), sd.InvalidTypeError, "measure must be a sympy expression built from symdiv objects, got 0.5"),
    (dict(args=P), sd.InvalidTypeError, "args must be a tuple of what fn's arguments stand for (symdiv objects, "
                                        "symbols, or expressions of one of them), e.g. args=(P, Q); got P"),
    (dict(args="PQ"), sd.InvalidTypeError, "args must be a tuple of what fn's arguments stand for"),
    (dict(args=()), sd.InvalidInputError, "args must list what fn's arguments stand for, e.g. args=(P, Q); got none"),
    (dict(args=(P, "Q")), sd.InvalidTypeError, "each of args must be a symdiv object, a sympy symbol or an expression "
                                               "of one of them, got 'Q' of type str"),
    (dict(args=(P, log(P) + log(Q))), sd.InvalidInputError, "each of args must stand for one object or symbol, or an "
                                                            "expression of exactly one (log(Q), sigma**2); "
                                                            "log(P) + log(Q) has 2: P, Q"),
    (dict(fn=lambda p: p.sum(-1), args=(P,)), sd.InvalidInputError, "the measure uses Q, which args does not list"),
    # draw: how a variable is drawn
    (dict(draw=[P]), sd.InvalidTypeError, "draw must be a dict from the measure's objects or symbols"),
    (dict(draw={Symbol("t"): "reals"}), sd.InvalidInputError, "draw names t, which is not an object or symbol"),
    (dict(draw={P: "gaussian"}), sd.InvalidInputError, "draw[P] must be one of ('simplex', 'reals', 'positive', "
                                                       "'unit', 'binary', 'index')"),
    (dict(draw={P: (1, 0)}), sd.InvalidInputError, "draw[P] = (1, 0) is not an interval (low, high) with low < high"),
    (dict(draw={P: 3}), sd.InvalidTypeError, "draw[P] must be one of"),
    (dict(draw={P: lambda rng, shape: np.ones(3)}), sd.InvalidInputError,
     "draw[P] must return finite numbers of shape ("),
]


@pytest.mark.parametrize("options, error, fragment", BAD_CALLS)
def test_bad_arguments_are_named(options, error, fragment):
    call = dict(fn=kl_ok, measure=KL, args=(P, Q)) | options
    fn, measure, args = call.pop("fn"), call.pop("measure"), call.pop("args")
    with pytest.raises(error, match=re.escape(fragment)):  # a symdiv error, naming the value
        check_implementation(fn, measure, args, **call)


def test_an_implementation_that_raises_is_reported_for_the_class_where_it_did():
    def refuses_zeros(p, q):
        if (p == 0).any():
            raise ValueError("p has a zero\nsecond line")
        return kl_ok(p, q)

    report = check_implementation(refuses_zeros, KL, args=(P, Q))  # reported, not raised
    assert not report.agreed
    (count,) = [c for c in report.counts if c.problem is not None and c.case == "zeros, shared support"]
    assert str(count.problem) == "fn raised ValueError: p has a zero"
    assert count.checked == 0
    assert report.failures["dirichlet alpha=1"] == 0  # the other classes were still checked
    assert "  zeros, shared support: fn raised ValueError: p has a zero" in str(report)


BAD_RESULTS = [
    (lambda p, q: "0.5", "fn must return an array of real numbers, got '0.5' of type str"),
    (lambda p, q: None, "fn must return an array of real numbers, got None of type NoneType"),
    (lambda p, q: kl_ok(p, q) + 0j, "fn must return an array of real numbers, got array(["),
    (lambda p, q: kl_ok(p, q) > 0, "fn must return an array of real numbers, got array([ True"),
    (lambda p, q: [kl_ok(p, q), "x"], "fn must return an array of real numbers, got [array(["),
    (lambda p, q: kl_ok(p, q)[:3], "fn returned shape (3,), expected (200,) (reduction='none')"),
]


@pytest.mark.parametrize("fn, fragment", BAD_RESULTS)
def test_what_an_implementation_returns_is_named(fn, fragment):
    report = check_implementation(fn, KL, args=(P, Q))
    assert not report.agreed and report.problems
    assert all(str(c.problem).startswith(fragment) for c in report.counts)
    assert fragment in str(report)


def test_per_row_values_where_a_mean_is_expected():
    # numpy's "cannot reshape array of size 200 into shape (1,)" before.
    report = check_implementation(kl_ok, KL, args=(P, Q), reduction="mean")
    assert str(report.counts[0].problem) == "fn returned shape (200,), expected (1,) (reduction='mean')"


def test_good_arguments_still_work():
    report = check_implementation(kl_ok, sd.KL(Pn, Qn), args=[Pn, Qn], size=np.int64(5), samples=np.int32(10),
                                  seed=np.uint8(3))
    assert report.agreed and report.seed == 3 and type(report.seed) is int
    assert check_implementation(kl_ok, KL, args=(P, Q), size=5, samples=10).agreed


# -- the report: classes of input, the simplest failing input, the diagnosis ---------------------------
from dataclasses import FrozenInstanceError  # noqa: E402
from pathlib import Path  # noqa: E402

from sympy import Rational, pi  # noqa: E402

from symdiv.core.continuous import Normal  # noqa: E402
from symdiv.core.functions import Sigmoid, Softplus  # noqa: E402
from symdiv.core.measures import BinaryCrossEntropy, FocalLoss  # noqa: E402
from symdiv.core.model import Bernoulli, Mixture, OffTarget, PointMass, Uniform  # noqa: E402
from symdiv.prover.verdict import Status  # noqa: E402
from symdiv.render.phrases import PHRASES  # noqa: E402
from symdiv.render.text import note_text  # noqa: E402
from tests.render.test_zh import english_words  # noqa: E402

Y = sd.Distribution("Y", n)
zn = sd.Logits("z", n)
c = sd.component_index("c")
mu, x = Symbol("mu", real=True), Symbol("x", real=True)
s = Symbol("sigma", positive=True)
m1, m2 = Symbol("mu1", real=True), Symbol("mu2", real=True)
s1, s2 = Symbol("sigma1", positive=True), Symbol("sigma2", positive=True)
u, p = Symbol("u", real=True), Symbol("p", positive=True)
p1, p2 = Symbol("p1", positive=True), Symbol("p2", positive=True)
gamma = Symbol("gamma", positive=True)
NORMAL_KL = sd.KL(Normal(m1, s1), Normal(m2, s2))
NORMAL_KL_CLOSED = log(s2 / s1) + (s1 ** 2 + (m1 - m2) ** 2) / (2 * s2 ** 2) - Rational(1, 2)


def rel_entr(p, q):
    return require("scipy.special").rel_entr(p, q).sum(-1)


def diagnosed(report, key):
    """The report's diagnosis, which must be *key* and match at least 95% of the failing rows."""
    assert not report.agreed
    d = report.diagnosis
    assert d is not None, str(report)
    assert d.key == key, str(report)
    assert d.matched >= 0.95 * d.failing and d.failing == report.failed
    assert d.rows_matched >= 0.95 * d.rows
    return d


def test_kl_with_swapped_arguments_is_diagnosed():
    report = check_implementation(lambda p, q: rel_entr(q, p), sd.KL(P, Q), (P, Q))
    d = diagnosed(report, "impl_swapped")
    assert str(d) == f"matches D(Q||P): arguments swapped? (matches {d.failing} of {d.failing} failing rows)"
    assert report.failures == {name: report.failures[name] for name in report.cases}
    assert "diagnosis: matches D(Q||P): arguments swapped?" in str(report)


def test_kl_in_bits_is_diagnosed_and_so_is_a_factor_two():
    d = diagnosed(check_implementation(lambda p, q: rel_entr(p, q) / np.log(2), sd.KL(P, Q), (P, Q)), "impl_bits")
    assert str(d).startswith("ratio is 1/ln 2: bits instead of nats?")
    nats = check_implementation(rel_entr, sd.KL(P, Q, base=2), (P, Q))
    assert diagnosed(nats, "impl_nats")
    assert diagnosed(check_implementation(lambda p, q: 2 * rel_entr(p, q), sd.KL(P, Q), (P, Q)), "impl_factor_two")
    assert diagnosed(check_implementation(lambda p, q: -rel_entr(p, q), sd.KL(P, Q), (P, Q)), "impl_sign_flip")


def test_a_mean_where_the_sum_belongs_is_diagnosed():
    report = check_implementation(lambda p, q: rel_entr(p, q).sum(), sd.KL(P, Q), (P, Q), reduction="mean")
    d = diagnosed(report, "impl_sum_for_mean")
    assert dict(d.values) == {"batch": 200}


def test_zero_log_zero_is_diagnosed_and_shrinks_to_two_outcomes():
    naive = lambda p, q: np.sum(p * np.log(p / q), axis=-1)
    report = check_implementation(naive, sd.KL(P, Q), (P, Q))
    d = diagnosed(report, "impl_nan_zeros")
    assert str(d).startswith("NaN where p_i = 0: 0·log 0 not handled")
    # only the classes with zeros fail
    assert {k for k, v in report.failures.items() if v} == {"zeros, shared support", "zeros, p > 0 where q = 0"}
    shrunk = report.shrunk
    assert shrunk.size == 2 and dict(shrunk.exact) == {"P": "(1, 0)", "Q": "(1/2, 1/2)"}
    assert np.isnan(shrunk.got) and shrunk.expected == pytest.approx(np.log(2))
    # the cross-entropy's own 0 log 0: NaN only where p = q = 0
    naive_ce = lambda p, q: -np.sum(p * np.log(q), axis=-1)
    report = check_implementation(naive_ce, sd.CrossEntropy(P, Q), (P, Q))
    assert str(diagnosed(report, "impl_nan_zeros")).startswith("NaN where p_i = q_i = 0")


def test_softmax_applied_twice_is_diagnosed():
    torch = require("torch")
    F = torch.nn.functional
    twice = lambda p, z: F.cross_entropy(torch.softmax(z, -1), p, reduction="none")
    report = check_implementation(twice, sd.CrossEntropy(Pn, sd.Softmax(zn)), (Pn, zn), size=5)
    assert report.backend == "torch (cpu)"
    assert str(diagnosed(report, "impl_softmax_twice")).startswith("matches softmax applied twice")
    assert report.shrunk.size == 2 and dict(report.shrunk.exact) == {"P": "(1/2, 1/2)", "z": "(1, 0)"}


def test_the_vae_log_variance_read_as_a_log_deviation_is_diagnosed():
    torch = require("torch")
    ok = lambda m, logvar: -0.5 * (1 + logvar - m ** 2 - torch.exp(logvar))
    bug = lambda m, logvar: -0.5 * (1 + 2 * logvar - m ** 2 - torch.exp(2 * logvar))
    vae = sd.KL(Normal(mu, s), Normal(0, 1))
    assert sd.prove(vae, (s ** 2 + mu ** 2 - 1 - log(s ** 2)) / 2).status is Status.PROVED
    assert check_implementation(ok, vae, (mu, log(s ** 2))).agreed
    d = diagnosed(check_implementation(bug, vae, (mu, log(s ** 2))), "impl_misread")
    assert str(d).startswith("log(sigma) used where log(sigma^2) belongs")


def test_focal_loss_with_a_product_for_the_power_is_diagnosed():
    special = require("scipy.special")
    focal = FocalLoss(Y, Pn, gamma)
    ok = lambda y, p, g: -np.sum(special.xlogy(y * (1 - p) ** g[:, None], p), axis=-1)
    bug = lambda y, p, g: -np.sum(special.xlogy(y * (1 - p) * g[:, None], p), axis=-1)
    assert check_implementation(ok, focal, (Y, Pn, gamma), size=4).agreed
    d = diagnosed(check_implementation(bug, focal, (Y, Pn, gamma), size=4), "impl_power_as_product")
    assert str(d).startswith("matches gamma*(1 - p_i) where (1 - p_i)^gamma belongs: a power written as a product?")
    # written with log p as well, it has both mistakes, and the report names both
    both = lambda y, p, g: -np.sum(y * (1 - p) * g[:, None] * np.log(p), axis=-1)
    d = diagnosed(check_implementation(both, focal, (Y, Pn, gamma), size=4), "impl_power_as_product")
    assert ", and NaN where p_i = y_i = 0: 0·log 0 not handled" in str(d)


def test_a_dropped_square_in_a_gaussian_kl_is_diagnosed():
    # torch's old Gumbel-Normal KL had pi*r/12 where pi^2 r^2/12 belonged; here s1/(2 s2) for s1^2/(2 s2^2)
    assert sd.prove(NORMAL_KL, NORMAL_KL_CLOSED).status is Status.PROVED
    ok = lambda a, b, c, d: np.log(d / b) + (b ** 2 + (a - c) ** 2) / (2 * d ** 2) - 0.5
    bug = lambda a, b, c, d: np.log(d / b) + b / (2 * d) + (a - c) ** 2 / (2 * d ** 2) - 0.5
    assert check_implementation(ok, NORMAL_KL_CLOSED, (m1, s1, m2, s2)).agreed
    report = check_implementation(bug, NORMAL_KL, (m1, s1, m2, s2))
    d = diagnosed(report, "impl_square_dropped")
    assert str(d).startswith("matches sigma1/(2*sigma2) where sigma1^2/(2*sigma2^2) belongs: a square dropped?")
    assert dict(report.shrunk.exact) == {"mu1": "0", "mu2": "0", "sigma1": "1", "sigma2": "2"}


def test_a_kl_that_ignores_the_location_difference_is_diagnosed():
    # torch's old Normal-Laplace KL ignored the difference of the locations; here a Gaussian one does
    bug = lambda a, b, c, d: np.log(d / b) + b ** 2 / (2 * d ** 2) - 0.5
    report = check_implementation(bug, NORMAL_KL, (m1, s1, m2, s2))
    d = diagnosed(report, "impl_ignored_difference")
    assert str(d).startswith("matches the reference with mu2 = mu1: the difference between mu1 and mu2 ignored?")
    assert report.shrunk.expected == 0.5 and report.shrunk.got == 0


def test_no_diagnosis_is_claimed_without_the_numbers():
    # wrong in a way the table does not know: nothing is named, the nearest only if it matches half
    odd = lambda p, q: rel_entr(p, q) + 0.01 * np.sin(np.arange(len(p)))
    report = check_implementation(odd, sd.KL(P, Q), (P, Q))
    assert not report.agreed and report.diagnosis is None and report.diagnoses == ()
    assert "diagnosis: no known mistake matches the values" in str(report)
    # a bug only in some rows (bits where p_1 > 1/2, else right) is no diagnosis: it fails the rows where the
    # implementation is right; it is named only as the nearest, with both counts
    half = lambda p, q: rel_entr(p, q) / np.where(p[:, 0] > 0.5, np.log(2), 1.0)
    report = check_implementation(half, sd.KL(P, Q), (P, Q))
    assert report.diagnosis is None and report.nearest.key == "impl_bits"
    assert report.nearest.rows_matched < 0.95 * report.nearest.rows
    assert (f"the nearest known mistake, short of 95% of the rows: ratio is 1/ln 2: bits instead of nats? "
            f"(matches {report.failed} of {report.failed} failing rows, {report.nearest.rows_matched} of "
            f"{report.checked} rows in all)") in str(report)


def test_shrinking_finds_the_smallest_alphabet_a_bug_needs():
    # wrong only from the third outcome on: the simplest failing input has k = 3
    def third(p, q):
        out = rel_entr(p, q)
        return out + np.where(p.shape[1] >= 3, p[:, 2 % p.shape[1]], 0.0)

    report = check_implementation(third, sd.KL(Pn, Qn), (Pn, Qn), size=6)
    assert report.shrunk.size == 3
    assert dict(report.shrunk.exact) == {"P": "(1/3, 1/3, 1/3)", "Q": "(1/3, 1/3, 1/3)"}
    assert report.shrunk.expected == 0 and report.shrunk.got == pytest.approx(1 / 3)
    assert report.first.size == 6
    # objects of a fixed size are rebuilt at the smaller sizes
    fixed = check_implementation(third, sd.KL(P, Q), (P, Q))
    assert fixed.shrunk.size == 3


def test_the_report_is_a_frozen_value_and_reads_well():
    report = check_implementation(lambda p, q: rel_entr(q, p), sd.KL(P, Q), (P, Q))
    with pytest.raises(FrozenInstanceError):
        report.agreed = True
    with pytest.raises(FrozenInstanceError):
        report.diagnosis.key = "x"
    text = str(report).splitlines()
    assert text[0] == f"DISAGREED on {report.failed} of {report.checked} inputs (float64, numpy, seed 0)"
    assert text[2] == "  dirichlet alpha=0.1: 200 of 200 rows failed"
    assert any(line.startswith("simplest failing input (k = 2)") for line in text)
    assert text[-1].startswith("diagnosis: matches D(Q||P)")
    ok = check_implementation(rel_entr, sd.KL(P, Q), (P, Q))
    assert str(ok).splitlines()[0] == "agreed on 1400 inputs (float64, numpy, seed 0)"
    assert ok.shrunk is None and ok.diagnosis is None and ok.first is None


def test_the_report_reads_in_chinese_without_english_words():
    report = check_implementation(lambda p, q: rel_entr(q, p), sd.KL(P, Q), (P, Q))
    zh = "\n".join("".join(note_text(w, "zh") for w in line) for line in report.words)
    assert "诊断" in zh and "最简单的不一致输入" in zh
    assert note_text(report.diagnosis, "zh") == "与 D(Q||P) 吻合：参数顺序颠倒了？"
    # every phrase of the report, with its values as placeholders
    for key in (k for k in PHRASES if k.startswith("impl_")):
        template = PHRASES[key]["zh"]
        filled = template.format(**{name: "1" for name in re.findall(r"{(\w+)}", template)})
        assert english_words(filled) == [], key


# -- torch functions against the closed forms symdiv proves --------------------------------------------
def test_binary_cross_entropy_with_logits_is_softplus_minus_p_u():
    torch = require("torch")
    F = torch.nn.functional
    closed = Softplus(u) - p * u
    assert sd.prove(BinaryCrossEntropy(p, Sigmoid(u)), closed).status is Status.PROVED
    fn = lambda u, p: F.binary_cross_entropy_with_logits(u, p, reduction="none")
    for measure in (closed, BinaryCrossEntropy(p, Sigmoid(u))):
        report = check_implementation(fn, measure, (u, p), dtype=("float64", "float32", "float16", "bfloat16"))
        assert report.agreed, str(report)
        assert report.backend == "torch (cpu)" and report.dtype == "float64, float32, float16, bfloat16"
        assert {c.dtype for c in report.counts} == {"float64", "float32", "float16", "bfloat16"}
    # the target p of a BCE is drawn in [0, 1], zeros and ones included
    assert "zeros and ones" in report.cases


def test_gaussian_nll_loss_omits_half_log_two_pi_and_clamps_the_variance():
    torch = require("torch")
    nll = -log(Normal(mu, s).density(x))
    closed = log(s) + log(2 * pi) / 2 + (x - mu) ** 2 / (2 * s ** 2)
    assert sd.prove(nll, closed).status is Status.PROVED
    loss = lambda **kw: torch.nn.GaussianNLLLoss(reduction="none", **kw)
    args = (mu, x, s ** 2)   # GaussianNLLLoss(input, target, var) takes the variance
    # full=False (the default) is the NLL without its constant log(2 pi)/2 ...
    assert check_implementation(loss(eps=1e-300), closed - log(2 * pi) / 2, args).agreed
    report = check_implementation(loss(eps=1e-300), closed, args)
    d = diagnosed(report, "impl_missing_term")
    assert str(d).startswith("matches the reference without the term log(2*pi)/2: a term missing?")
    # ... full=True is the whole NLL ...
    assert check_implementation(loss(full=True, eps=1e-300), nll, args).agreed
    # ... and the variance is clamped at eps = 1e-6: the class of tiny deviations fails, typical values agree
    clamped = check_implementation(loss(full=True), nll, args)
    assert clamped.failures["tiny values"] == 200 and clamped.failures["typical values"] == 0
    assert clamped.diagnosis is None


def test_cross_entropy_label_smoothing_is_eps_over_k_on_every_class():
    torch = require("torch")
    F = torch.nn.functional
    eps = Rational(1, 10)
    smoothed = lambda z, target: F.cross_entropy(z, target, label_smoothing=0.1, reduction="none")
    over_k = sd.CrossEntropy(Mixture(eps, PointMass(n, c), Uniform(n)), sd.Softmax(zn))
    over_k_minus_1 = sd.CrossEntropy(Mixture(eps, PointMass(n, c), OffTarget(n, c)), sd.Softmax(zn))
    assert sd.prove(over_k, over_k_minus_1).status is Status.REFUTED  # the two conventions differ
    # the target is a 0-based class index: it stands for c - 1
    report = check_implementation(smoothed, over_k, (zn, c - 1), size=5)
    assert report.agreed, str(report)
    other = check_implementation(smoothed, over_k_minus_1, (zn, c - 1), size=5)
    assert not other.agreed and other.failures["typical values"] == 200
    # with eps = 0 both conventions are plain cross-entropy with the true class
    plain = lambda z, target: F.cross_entropy(z, target, reduction="none")
    assert check_implementation(plain, sd.CrossEntropy(PointMass(n, c), sd.Softmax(zn)), (zn, c - 1), size=5).agreed


def test_kl_div_with_log_target_is_kl_of_target_from_input():
    torch = require("torch")
    F = torch.nn.functional
    fn = lambda input, target: F.kl_div(input, target, reduction="none", log_target=True).sum(-1)
    # kl_div(log q, log p) is D(P||Q) (the target is the first argument of D) ...
    report = check_implementation(fn, sd.KL(P, Q), (log(Q), log(P)))
    positive = ["dirichlet alpha=1", "dirichlet alpha=10", "near-degenerate", "tiny masses 1e-300"]
    assert all(report.failures[case] == 0 for case in positive), str(report)
    # ... except that it gives NaN where p_i = 0: exp(t) (t - input) is 0 * (-inf) there
    assert str(diagnosed(report, "impl_nan_zeros")).startswith("NaN where p_i = 0")
    # in the other order it is D(Q||P)
    swapped = check_implementation(fn, sd.KL(P, Q), (log(P), log(Q)))
    assert str(diagnosed(swapped, "impl_swapped")).startswith("matches D(Q||P): arguments swapped?")


def test_torch_normal_kl_is_the_closed_form():
    require("torch")
    from torch.distributions import Normal as TorchNormal, kl_divergence

    fn = lambda a, b, c, d: kl_divergence(TorchNormal(a, b), TorchNormal(c, d))
    for reference in (NORMAL_KL, NORMAL_KL_CLOSED):
        report = check_implementation(fn, reference, (m1, s1, m2, s2), dtype=("float64", "float32"))
        assert report.agreed, str(report)
    # in 16 bits, with deviations that keep every input and value in range
    moderate = {s1: (0.1, 10.0), s2: (0.1, 10.0), m1: (-3.0, 3.0), m2: (-3.0, 3.0)}
    report = check_implementation(fn, NORMAL_KL, (m1, s1, m2, s2), dtype=("float16", "bfloat16"), draw=moderate)
    assert report.agreed, str(report)


def test_torch_bernoulli_entropy_and_kl():
    require("torch")
    from torch.distributions import Bernoulli as TorchBernoulli, kl_divergence

    entropy = lambda p: TorchBernoulli(probs=p).entropy()
    assert sd.prove(sd.Entropy(Bernoulli(p)), -p * log(p) - (1 - p) * log(1 - p)).status is Status.PROVED
    report = check_implementation(entropy, sd.Entropy(Bernoulli(p)), (p,), dtype=("float64", "float16", "bfloat16"))
    assert report.agreed, str(report)
    kl = lambda a, b: kl_divergence(TorchBernoulli(probs=a), TorchBernoulli(probs=b))
    # torch clamps a probability into [eps, 1 - eps] to take its logit, so at 1e-300 the KL is off; and its
    # softplus returns x for x > 20, so where a probability is within 1e-12 of 0 or 1 it is off by e^-27
    report = check_implementation(kl, sd.KL(Bernoulli(p1), Bernoulli(p2)), (p1, p2))
    assert {k for k, v in report.failures.items() if v} == {"tiny values", "extreme values"}
    assert report.failures["typical values"] == report.failures["zeros and ones"] == 0
    inside = {p1: (0.01, 0.99), p2: (0.01, 0.99)}
    assert check_implementation(kl, sd.KL(Bernoulli(p1), Bernoulli(p2)), (p1, p2), draw=inside,
                                dtype=("float64", "float32", "float16", "bfloat16")).agreed


def test_torch_categorical_entropy_and_kl():
    require("torch")
    from torch.distributions import Categorical, kl_divergence

    entropy = lambda p: Categorical(probs=p, validate_args=False).entropy()
    assert check_implementation(entropy, sd.Entropy(P), (P,), dtype=("float64", "float32", "float16")).agreed
    kl = lambda p, q: kl_divergence(Categorical(probs=p, validate_args=False), Categorical(probs=q, validate_args=False))
    # masses below eps (2.2e-16) are clamped up to eps: Dirichlet(0.1) rows and masses of 1e-300 show it
    report = check_implementation(kl, sd.KL(P, Q), (P, Q))
    assert {k for k, v in report.failures.items() if v} == {"dirichlet alpha=0.1", "tiny masses 1e-300"}
    floor = lambda rng, shape: 0.99 * rng.dirichlet(np.ones(shape[1]), shape[0]) + 0.01 / shape[1]
    assert check_implementation(kl, sd.KL(P, Q), (P, Q), draw={P: floor, Q: floor}).agreed


# -- torch calling: detection, devices, float types ----------------------------------------------------
def test_torch_modules_and_functions_are_called_with_tensors():
    torch = require("torch")

    class Entropy(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.scale = torch.nn.Parameter(torch.ones((), dtype=torch.float32))

        def forward(self, p):
            return -(self.scale * torch.special.xlogy(p, p)).sum(-1)  # output requires grad

    module = Entropy()
    report = check_implementation(module, sd.Entropy(P), (P,))
    assert report.agreed and report.dtype == "float32"   # the module's own float type
    assert report.backend == "torch (cpu)"
    assert check_implementation(module.double(), sd.Entropy(P), (P,), device="cpu").dtype == "float64"
    # torch's own functions are recognised by their module
    assert check_implementation(torch.special.entr, sd.Entropy(Bernoulli(p)) * 0 + p * 0 - p * log(p), (p,),
                                draw={p: (0.1, 0.9)}).backend == "torch (cpu)"
    with pytest.raises(sd.InvalidInputError, match="device 'cuda:7' cannot be used"):
        check_implementation(module, sd.Entropy(P), (P,), device="cuda:7")
    with pytest.raises(sd.InvalidTypeError, match="device must be a str"):
        check_implementation(module, sd.Entropy(P), (P,), device=3)


def test_16_bit_types_are_judged_with_their_own_tolerance():
    torch = require("torch")
    from symdiv.numeric.backends import rtol

    assert rtol("float16") == 8 * 2.0 ** -10 and rtol(torch.bfloat16) == 8 * 2.0 ** -7
    assert rtol("float32") == 128 * 2.0 ** -23
    good = lambda p, q: (torch.special.xlogy(p, p) - torch.special.xlogy(p, q)).sum(-1)
    report = check_implementation(good, sd.KL(P, Q), (P, Q), dtype=(torch.float16, "bfloat16"), backend="torch")
    assert report.agreed, str(report)
    # a planted bug is caught in 16 bits too, and named
    bits = lambda p, q: (torch.special.xlogy(p, p) - torch.special.xlogy(p, q)).sum(-1) / np.log(2)
    assert diagnosed(check_implementation(bits, sd.KL(P, Q), (P, Q), dtype="float16", backend="torch"), "impl_bits")
    # numpy's float16 works as well; inputs that do not fit the type are skipped and counted
    half = check_implementation(rel_entr, sd.KL(P, Q), (P, Q), dtype=np.float16)
    assert half.agreed and half.dtype == "float16"
    nll = -log(Normal(mu, s).density(x))
    over = check_implementation(torch.nn.GaussianNLLLoss(reduction="none", full=True, eps=1e-30), nll,
                                (mu, x, s ** 2), dtype="float16", draw={s: (1e-3, 1e3)})
    assert sum(c.skipped for c in over.counts) > 0 and "rows skipped" in str(over)


def test_the_readme_torch_example_runs_as_written(capsys):
    require("torch")
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    (example,) = re.findall(r"```python torch\n(.+?)```", readme, re.S)
    exec(compile(example, "<README.md, torch example>", "exec"), {})  # our own README
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["True", "False"]
    assert out[2].startswith("matches the reference without the term log(2*pi)/2: a term missing?")
    assert out[3] == "True"
    assert out[4].startswith("log(sigma) used where log(sigma^2) belongs")


def test_correct_16_bit_losses_stay_within_three_eps_of_the_magnitude():
    torch = require("torch")
    from torch.distributions import Bernoulli as TorchBernoulli

    F = torch.nn.functional
    losses = [
        (lambda p: TorchBernoulli(probs=p).entropy(), sd.Entropy(Bernoulli(p)), (p,), {}),
        (lambda u, p: F.binary_cross_entropy_with_logits(u, p, reduction="none"), Softplus(u) - p * u, (u, p), {}),
        (lambda p, z: F.cross_entropy(z, p, reduction="none"), sd.CrossEntropy(Pn, sd.Softmax(zn)), (Pn, zn),
         {"size": 5}),
    ]
    for fn, measure, args, options in losses:
        for dtype, eps in (("float16", 2.0 ** -10), ("bfloat16", 2.0 ** -7)):
            report = check_implementation(fn, measure, args, dtype=dtype, **options)
            assert report.agreed and report.max_error <= 3 * eps, (dtype, str(report))


def test_args_may_name_what_the_measure_does_not_use_and_must_be_taken_entry_by_entry():
    t = Symbol("t", real=True)
    special = require("scipy.special")
    assert check_implementation(lambda p, t: special.entr(p).sum(-1) + 0 * t, sd.Entropy(P), (P, t)).agreed
    with pytest.raises(sd.InvalidInputError, match=r"an argument must be an expression of z taken entry by entry"):
        check_implementation(lambda q: q.sum(-1), sd.Entropy(sd.Softmax(zn)), (sd.Softmax(zn),), size=3)


def test_a_class_index_is_shrunk_with_the_alphabet():
    torch = require("torch")
    F = torch.nn.functional
    K = sd.Logits("z", 5)
    c5 = sd.component_index("c")
    wrong = lambda z, target: F.cross_entropy(z, target, reduction="none") * 2
    report = check_implementation(wrong, sd.CrossEntropy(PointMass(5, c5), sd.Softmax(K)), (K, c5 - 1))
    assert diagnosed(report, "impl_factor_two")
    assert report.shrunk.size == 2 and dict(report.shrunk.exact)["c"] in ("1", "2")
