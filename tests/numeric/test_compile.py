"""The compiled check: conventions, the tolerance targets, bad input."""

import numpy as np
import pytest
from sympy import Rational

import symdiv as sd
from symdiv.errors import InvalidInputError
from symdiv.numeric.compile import compile_identity, validate_batch
from symdiv.numeric.samplers import edge_case_pairs, edge_cases

K = 10
P, Q = sd.Distribution("P", K), sd.Distribution("Q", K)
DECOMPOSITION = (sd.CrossEntropy(P, Q), sd.Entropy(P) + sd.KL(P, Q))


@pytest.fixture(scope="module")
def million_pairs():
    return edge_case_pairs(np.random.default_rng(2024), 10**6, K)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_a_million_true_checks_give_no_false_alarm(million_pairs, dtype):
    check = compile_identity(*DECOMPOSITION, dtype=dtype)
    A, B = million_pairs
    errors = check.errors({P: A, Q: B})
    assert len(errors) == 10**6
    assert int((errors > check.tolerance).sum()) == 0, errors.max()


@pytest.mark.parametrize("dtype, planted", [("float64", Rational(1, 10**9)), ("float32", Rational(1, 10**4))])
def test_planted_error_is_caught(dtype, planted):
    lhs, rhs = DECOMPOSITION
    check = compile_identity(lhs * (1 + planted), rhs, dtype=dtype)
    rng = np.random.default_rng(7)
    A, B = rng.dirichlet(np.ones(K), size=10**5), rng.dirichlet(np.ones(K), size=10**5)
    errors = check.errors({P: A, Q: B})
    assert (errors > check.tolerance).all()


def test_sides_are_not_cancelled_symbolically():
    # Expanded together, H(P) + D(P||Q) would cancel to -sum p log q and the
    # check would compare H(P, Q) with itself.
    wrong = compile_identity(sd.CrossEntropy(P, Q), sd.Entropy(Q) + sd.KL(P, Q))
    rng = np.random.default_rng(1)
    A, B = rng.dirichlet(np.ones(K), size=1000), rng.dirichlet(np.ones(K), size=1000)
    assert (wrong.errors({P: A, Q: B}) > wrong.tolerance).mean() > 0.99


def test_logs_are_shared():
    check = compile_identity(*DECOMPOSITION)
    assert check.source.count("log(") == 2 * K


def test_conventions():
    check = compile_identity(*DECOMPOSITION)
    p = np.array([[0.5, 0.5] + [0.0] * (K - 2)])
    lhs, rhs, _ = check.values({P: p, Q: np.array([[1.0] + [0.0] * (K - 1)])})
    assert lhs[0] == np.inf and rhs[0] == np.inf           # p > 0 where q = 0
    lhs, rhs, _ = check.values({P: p, Q: np.array([[0.25, 0.75] + [0.0] * (K - 2)])})
    assert np.isfinite(lhs[0]) and lhs[0] == pytest.approx(rhs[0])  # 0 log(0/0) = 0


def test_nan_input_propagates_even_under_a_zero_coefficient():
    check = compile_identity(*DECOMPOSITION)
    p = np.array([[1.0] + [0.0] * (K - 1)])
    q = np.array([[1.0, np.nan] + [0.0] * (K - 2)])
    lhs, rhs, _ = check.values({P: p, Q: q})
    assert np.isnan(lhs[0]) and np.isnan(rhs[0])
    assert check.errors({P: p, Q: q})[0] == np.inf


def test_symbolic_size_and_gradient_identity():
    n, j = sd.alphabet_size("n"), sd.component_index("j")
    Pn, z = sd.Distribution("P", n), sd.Logits("z", n)
    S = sd.Softmax(z)
    check = compile_identity(sd.Grad(sd.CrossEntropy(Pn, S), z, j), S[j] - Pn[j], size=5, indices={j: 2})
    rng = np.random.default_rng(3)
    errors = check.errors({Pn: rng.dirichlet(np.ones(5), size=1000), z: rng.normal(0, 3, size=(1000, 5))})
    assert (errors <= check.tolerance).all()


def test_float32_stays_float32():
    check = compile_identity(*DECOMPOSITION, dtype="float32")
    lhs, _, _ = check.values({P: edge_cases(np.random.default_rng(0), 10, K), Q: edge_cases(np.random.default_rng(1), 10, K)})
    assert lhs.dtype == np.float32


# --- bad input: clear errors naming the value or shape -----------------------

def test_negative_probability_is_named():
    p = np.full((3, K), 1 / K)
    p[2, 4], p[2, 5] = -0.1, 0.3
    with pytest.raises(InvalidInputError, match=r"P\[2, 4\] = -0.1 is a negative probability"):
        validate_batch({P: p}, [P], K, "float64")


def test_row_not_summing_to_one_is_named_not_normalised():
    p = np.full((3, K), 1 / K)
    p[1] = 0.25
    with pytest.raises(InvalidInputError, match="row 1 of P sums to 2.5, not 1"):
        compile_identity(*DECOMPOSITION).errors({P: p, Q: np.full((3, K), 1 / K)})


def test_mismatched_shapes_are_named():
    check = compile_identity(*DECOMPOSITION)
    with pytest.raises(InvalidInputError, match=r"values of Q have shape \(3, 9\), expected \(B, 10\)"):
        check.errors({P: np.full((3, K), 1 / K), Q: np.full((3, 9), 1 / 9)})
    with pytest.raises(InvalidInputError, match="values of Q have 2 rows but earlier inputs have 3"):
        check.errors({P: np.full((3, K), 1 / K), Q: np.full((2, K), 1 / K)})


def test_unknown_dtype_is_named():
    with pytest.raises(InvalidInputError, match="unknown dtype 'float16'"):
        compile_identity(*DECOMPOSITION, dtype="float16")


def test_datasets_are_refused_with_a_pointer():
    n = sd.alphabet_size()
    from sympy import Symbol
    D = sd.Dataset("x", Symbol("N", integer=True, positive=True), n)
    Qn = sd.Distribution("Q", n)
    with pytest.raises(InvalidInputError, match="use cross_check"):
        compile_identity(sd.NLL(D, Qn), sd.NLL(D, Qn), size=3)
