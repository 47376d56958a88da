"""check_implementation against real scipy and torch functions."""

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
