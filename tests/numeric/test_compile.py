"""The compiled check: conventions, the tolerance targets, trivial checks, bad input."""

from fractions import Fraction

import numpy as np
import pytest
from sympy import Rational, Sum, Symbol, log

import symdiv as sd
from symdiv.errors import InvalidInputError, InvalidTypeError, SymdivError
from symdiv.numeric.compile import compile_identity, validate_batch
from symdiv.numeric.samplers import dirichlet, edge_case_pairs, edge_cases, near_degenerate

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


# --- the tolerance: a rounding-error bound per row --------------------------

def _bits(k):
    Pk = sd.Distribution("P", k)
    return Pk, sd.Entropy(Pk, base=2), sd.Entropy(Pk) / log(2)


def test_planted_error_in_bits_is_caught_on_near_one_rows():
    # H(P) of a row (1 - 1e-12, ...) is about 3e-11 while the terms' sizes add
    # to 1: a tolerance of a fixed multiple of eps times those sizes (2.8e-14)
    # is a thousand times the value and hid this error on every such row.
    Pk, bits, nats = _bits(K)
    rows = near_degenerate(np.random.default_rng(5), 20_000, K)
    true = compile_identity(bits, nats)
    assert (true.errors({Pk: rows}) <= true.tolerance).all()
    planted = compile_identity(bits * (1 + Rational(1, 10**9)), nats)
    assert (planted.errors({Pk: rows}) > planted.tolerance).all()


def test_planted_float32_error_is_caught_at_k_2():
    P2, Q2 = sd.Distribution("P", 2), sd.Distribution("Q", 2)
    lhs, rhs = sd.CrossEntropy(P2, Q2), sd.Entropy(P2) + sd.KL(P2, Q2)
    check = compile_identity(lhs * (1 + Rational(1, 10**4)), rhs, dtype="float32")
    rng = np.random.default_rng(11)
    A, B = dirichlet(rng, 20_000, 2), dirichlet(rng, 20_000, 2)
    assert (check.errors({P2: A, Q2: B}) > check.tolerance).all()
    A, B = edge_case_pairs(rng, 20_000, 2)
    lv, _, _ = check.values({P2: A, Q2: B})
    carries = np.isfinite(lv) & (lv != 0)  # a relative error of 0 or of an infinity is nothing
    assert (check.errors({P2: A, Q2: B})[carries] > check.tolerance).mean() > 0.999


IDENTITIES = {
    "decomposition": lambda k: (sd.CrossEntropy(sd.Distribution("P", k), sd.Distribution("Q", k)),
                                sd.Entropy(sd.Distribution("P", k))
                                + sd.KL(sd.Distribution("P", k), sd.Distribution("Q", k))),
    "bits": lambda k: _bits(k)[1:],
    "kl difference": lambda k: (sd.KL(sd.Distribution("P", k), sd.Distribution("Q", k)),
                                sd.CrossEntropy(sd.Distribution("P", k), sd.Distribution("Q", k))
                                - sd.Entropy(sd.Distribution("P", k))),
}


LONGDOUBLE = np.finfo(np.longdouble).nmant > np.finfo(np.float64).nmant  # 80-bit on x86-64; float64 on some platforms
needs_longdouble = pytest.mark.skipif(not LONGDOUBLE, reason="numpy's longdouble is float64 here")


@pytest.mark.parametrize("reference", ["auto", None, pytest.param("longdouble", marks=needs_longdouble)])
@pytest.mark.parametrize("k", [2, 3, 5])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name", sorted(IDENTITIES))
def test_no_false_alarm_on_edge_cases(name, dtype, k, reference):
    check = compile_identity(*IDENTITIES[name](k), dtype=dtype, reference=reference)
    A, B = edge_case_pairs(np.random.default_rng(k), 30_000, k)
    data = {base: arr for base, arr in zip(check.bases, (A, B))}
    errors = check.errors(data)
    assert int((errors > check.tolerance).sum()) == 0, errors.max()


# --- the reference run: the rounding each side actually made -----------------

def _softmax_gradient(k, planted=0):
    n, j = sd.alphabet_size("n"), sd.component_index("j")
    Pn, z = sd.Distribution("P", n), sd.Logits("z", n)
    S = sd.Softmax(z)
    return Pn, z, sd.Grad(sd.CrossEntropy(Pn, S), z, j) * (1 + planted), S[j] - Pn[j], {"size": k, "indices": {j: 2}}


def _logits(rng, rows, k):
    return np.clip(rng.normal(0, 1, size=(rows, k)) * rng.choice([1.0, 3.0, 10.0], size=(rows, 1)), -30, 30)


def _caught(check, data):
    lv, _, _ = check.values(data)
    live = np.isfinite(lv) & (lv != 0)  # a relative error of 0 or of an infinity is nothing
    return float((check.errors(data)[live] > check.tolerance).mean())


def test_reference_catches_a_planted_error_in_a_cancelling_float32_value():
    # D(P||Q) = H(P,Q) - H(P) at k = 2: a small value from large terms.  The
    # worst-case bound alone caught 86% of a 1e-4 error; the float64 re-run,
    # on by default for float32, reaches what the arithmetic resolves (98%).
    P2, Q2 = sd.Distribution("P", 2), sd.Distribution("Q", 2)
    lhs, rhs = sd.KL(P2, Q2) * (1 + Rational(1, 10**4)), sd.CrossEntropy(P2, Q2) - sd.Entropy(P2)
    A, B = edge_case_pairs(np.random.default_rng(12), 50_000, 2)
    data = {P2: A, Q2: B}
    check = compile_identity(lhs, rhs, dtype="float32")
    assert check.reference == "float64"
    with_reference = _caught(check, data)
    assert with_reference >= 0.95
    assert with_reference > _caught(compile_identity(lhs, rhs, dtype="float32", reference=None), data)


def test_reference_catches_a_planted_error_in_the_float32_softmax_gradient():
    Pn, z, lhs, rhs, opts = _softmax_gradient(2, Rational(1, 10**4))
    rng = np.random.default_rng(13)
    data = {Pn: edge_cases(rng, 50_000, 2), z: _logits(rng, 50_000, 2)}
    assert _caught(compile_identity(lhs, rhs, dtype="float32", **opts), data) >= 0.95


@pytest.mark.parametrize("dtype, reference", [
    ("float32", "auto"), pytest.param("float32", "longdouble", marks=needs_longdouble),
    pytest.param("float64", "longdouble", marks=needs_longdouble)])
def test_no_false_alarm_on_the_softmax_gradient_with_a_reference(dtype, reference):
    Pn, z, lhs, rhs, opts = _softmax_gradient(3)
    check = compile_identity(lhs, rhs, dtype=dtype, reference=reference, **opts)
    assert check.unit_sums == (Pn,) and check.reference is not None
    rng = np.random.default_rng(14)
    p = edge_cases(rng, 30_000, 3)
    p[:, 0] += 60 * 3 * np.finfo(dtype).eps * (p[:, 0] > 0.5)  # rows off 1 by what validation accepts
    errors = check.errors({Pn: p, z: _logits(rng, 30_000, 3)})
    assert int((errors > check.tolerance).sum()) == 0, errors.max()


@pytest.mark.parametrize("dtype, reference", [("float32", "auto"), pytest.param("float64", "longdouble",
                                                                              marks=needs_longdouble)])
def test_reference_bound_is_what_values_returns_and_never_wider(dtype, reference):
    lhs, rhs = IDENTITIES["kl difference"](3)
    check = compile_identity(lhs, rhs, dtype=dtype, reference=reference)
    own = compile_identity(lhs, rhs, dtype=dtype, reference=None)
    A, B = edge_case_pairs(np.random.default_rng(15), 20_000, 3)
    data = {base: arr for base, arr in zip(check.bases, (A, B))}
    lv, rv, bound = check.values(data)
    _, _, own_bound = own.values(data)
    finite = np.isfinite(lv) & np.isfinite(rv)
    lv, rv, bound, own_bound = lv[finite], rv[finite], bound[finite], own_bound[finite]
    assert bound.dtype == np.dtype(dtype)
    assert (bound >= np.finfo(dtype).tiny).all() and (bound <= own_bound).all()
    assert (np.abs(lv - rv) <= check.tolerance * bound).all()
    assert (bound < own_bound).mean() > 0.5  # it sharpens most rows
    np.testing.assert_allclose(check.errors(data)[finite], np.abs(lv - rv) / bound, rtol=1e-6)


def test_default_reference_is_float64_for_float32_checks_only():
    assert compile_identity(*DECOMPOSITION, dtype="float32").reference == "float64"
    assert "reference='float64'" in repr(compile_identity(*DECOMPOSITION, dtype="float32"))
    assert compile_identity(*DECOMPOSITION).reference is None
    assert compile_identity(*DECOMPOSITION, dtype="float32", reference=None).reference is None
    assert compile_identity(sd.KL(P, P), 0, dtype="float32").reference is None  # trivial: nothing to sharpen


@needs_longdouble
def test_longdouble_reference_rounds_constants_to_longdouble():
    # H_2(P) = H(P)/ln 2 at p = (1/2, 1/2) is exactly 1; 1/ln 2 printed as a
    # float64 would leave an error of ~1e-17, a hundred longdouble ulps.
    P2 = sd.Distribution("P", 2)
    check = compile_identity(sd.Entropy(P2, base=2), sd.Entropy(P2) / log(2), reference="longdouble")
    assert check.reference == "longdouble" and "reference='longdouble'" in repr(check)
    assert "_c0 = 1/log(2) rounded to" in check.reference_source
    half = np.full(1, 0.5, dtype=np.longdouble)
    lv, rv, _ = check.reference_function(half, half)
    eps = np.finfo(np.longdouble).eps
    assert abs(lv[0] - 1) <= 4 * eps and abs(rv[0] - 1) <= 4 * eps


@needs_longdouble
def test_longdouble_reference_catches_a_planted_error_in_the_float64_softmax_gradient():
    Pn, z, lhs, rhs, opts = _softmax_gradient(2, Rational(1, 10**9))
    rng = np.random.default_rng(16)
    data = {Pn: edge_cases(rng, 50_000, 2), z: _logits(rng, 50_000, 2)}
    assert _caught(compile_identity(lhs, rhs, reference="longdouble", **opts), data) >= 0.99


def test_longdouble_reference_is_refused_where_longdouble_is_float64(monkeypatch):
    from symdiv.numeric import compile as compiled

    monkeypatch.setitem(compiled._REFERENCE_TYPES, "longdouble", np.float64)
    with pytest.raises(InvalidInputError, match="reference='longdouble' is not available for a float64 check here: "
                                                "numpy's longdouble has 53 significant bits"):
        compile_identity(*DECOMPOSITION, reference="longdouble")
    assert compile_identity(*DECOMPOSITION, dtype="float32", reference="longdouble").reference == "longdouble"


@pytest.mark.parametrize("reference, error, message", [
    ("quad", InvalidInputError, "reference must be 'auto', None, 'float64' or 'longdouble', got 'quad'"),
    ("float32", InvalidInputError, "reference must be 'auto', None, 'float64' or 'longdouble', got 'float32'"),
    (64, InvalidTypeError, "reference must be 'auto', None, 'float64' or 'longdouble', got 64 of type int"),
    (True, InvalidTypeError, "got True of type bool"),
    ("float64", InvalidInputError, "reference='float64' is no wider than dtype='float64'"),
])
def test_bad_reference_is_named(reference, error, message):
    with pytest.raises(error, match=message) as raised:
        compile_identity(*DECOMPOSITION, reference=reference)
    assert isinstance(raised.value, SymdivError)


def test_bound_is_what_values_returns():
    check = compile_identity(*DECOMPOSITION)
    A, B = edge_case_pairs(np.random.default_rng(4), 5000, K)
    lhs, rhs, bound = check.values({P: A, Q: B})
    finite = np.isfinite(lhs)  # +inf on both sides where q = 0 < p: compared exactly
    lhs, rhs, bound = lhs[finite], rhs[finite], bound[finite]
    assert (bound >= np.finfo(np.float64).tiny).all()
    assert (np.abs(lhs - rhs) <= check.tolerance * bound).all()
    errors = check.errors({P: A, Q: B})
    np.testing.assert_allclose(errors[finite], np.abs(lhs - rhs) / bound)
    assert check.tolerance == 2.0


def test_softmax_gradient_allows_rows_that_sum_to_one_within_validation():
    # sum_i p_i (s_j - [i = j]) = s_j - p_j needs sum p = 1; validation accepts
    # rows off by up to 64 k eps, and the bound widens by what that moves.
    n, j = sd.alphabet_size("n"), sd.component_index("j")
    Pn, z = sd.Distribution("P", n), sd.Logits("z", n)
    S = sd.Softmax(z)
    check = compile_identity(sd.Grad(sd.CrossEntropy(Pn, S), z, j), S[j] - Pn[j], size=5, indices={j: 2})
    assert check.unit_sums == (Pn,)
    rng = np.random.default_rng(8)
    p = dirichlet(rng, 5000, 5)
    p[:, 0] += 60 * 5 * np.finfo(np.float64).eps
    assert (check.errors({Pn: p, z: rng.normal(0, 3, size=(5000, 5))}) <= check.tolerance).all()
    assert compile_identity(*DECOMPOSITION).unit_sums == ()


# --- checks that test nothing say so ------------------------------------------

def test_kl_of_a_distribution_with_itself_is_trivial():
    check = compile_identity(sd.KL(P, P), 0)    # an int side, as prove accepts
    assert check.trivial == "both sides compile to the constant 0: the inputs play no part"
    assert "trivial=" in repr(check) and "constant 0" in str(check)
    A = edge_cases(np.random.default_rng(0), 100, K)
    assert (check.errors({P: A}) == 0).all()


def test_identical_sides_are_trivial():
    check = compile_identity(sd.CrossEntropy(P, P), sd.Entropy(P))
    assert check.trivial == "both sides compile to the same expression: every row agrees whatever the inputs"
    i = Symbol("i", integer=True)
    spelled = compile_identity(sd.KL(P, Q), Sum(P[i] * log(P[i]), (i, 1, K)) - Sum(P[i] * log(Q[i]), (i, 1, K)))
    assert spelled.trivial is not None
    assert compile_identity(sd.Entropy(P) + 1, sd.Entropy(P)).trivial.startswith(
        "the sides compile to the same expression plus the constant 1")


def test_two_ways_of_computing_are_not_trivial():
    for lhs, rhs in (DECOMPOSITION, _bits(K)[1:], (sd.KL(P, Q), sd.CrossEntropy(P, Q) - sd.Entropy(P))):
        check = compile_identity(lhs, rhs)
        assert check.trivial is None
        assert "trivial" not in repr(check)


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

def test_exact_numbers_are_accepted_and_text_refused():
    assert compile_identity(sd.KL(P, Q), Fraction(0)).trivial is None
    with pytest.raises(InvalidTypeError, match="rhs must be a sympy expression, got the str 'H\\(P\\)'"):
        compile_identity(sd.Entropy(P), "H(P)")
    with pytest.raises(InvalidTypeError, match="contains the float 0.5"):
        compile_identity(sd.Entropy(P), 0.5 * sd.Entropy(P))


@pytest.mark.parametrize("size, error, message", [
    (2.5, InvalidTypeError, "size must be a positive int, got 2.5"),
    ("3", InvalidTypeError, "size must be a positive int, got '3'"),
    (True, InvalidTypeError, "size must be a positive int, got True"),
    (0, InvalidInputError, "size must be a positive int, got 0"),
])
def test_bad_size_is_named(size, error, message):
    n = sd.alphabet_size("n")
    Pn = sd.Distribution("P", n)
    with pytest.raises(error, match=message):
        compile_identity(sd.Entropy(Pn), sd.Entropy(Pn), size=size)


def test_size_that_contradicts_the_statement_is_named():
    P3 = sd.Distribution("P", 3)
    with pytest.raises(InvalidInputError, match="size=5 given, but the statement is about alphabet size 3"):
        compile_identity(sd.Entropy(P3), sd.Entropy(P3) + 0, size=5)
    assert compile_identity(sd.Entropy(P3), sd.Entropy(P3), size=3).size == 3


def test_bad_indices_are_named():
    n, j = sd.alphabet_size("n"), sd.component_index("j")
    Pn, z = sd.Distribution("P", n), sd.Logits("z", n)
    S = sd.Softmax(z)
    lhs, rhs = sd.Grad(sd.CrossEntropy(Pn, S), z, j), S[j] - Pn[j]
    with pytest.raises(InvalidTypeError, match="indices keys must be sympy Symbols .* got 'j' of type str"):
        compile_identity(lhs, rhs, size=3, indices={"j": 2})
    with pytest.raises(InvalidInputError, match="indices gives a value for k, which the statement does not use"):
        compile_identity(lhs, rhs, size=3, indices={j: 2, sd.component_index("k"): 1})
    with pytest.raises(InvalidTypeError, match="the value of index j must be a positive int, got 2.5"):
        compile_identity(lhs, rhs, size=3, indices={j: 2.5})
    with pytest.raises(InvalidInputError, match="index j = 4 is outside 1..3"):
        compile_identity(lhs, rhs, size=3, indices={j: 4})
    with pytest.raises(InvalidInputError, match="indices gives a value for j"):
        compile_identity(sd.Entropy(P), sd.Entropy(P), indices={j: 1})


@pytest.mark.parametrize("threads", [-1, 0, 2.5, "2", True])
def test_bad_threads_are_refused(threads):
    # None means the default (two threads); anything else must be a positive int.
    check = compile_identity(*DECOMPOSITION)
    data = {P: np.full((3, K), 1 / K), Q: np.full((3, K), 1 / K)}
    for method in (check.errors, check.values):
        with pytest.raises(SymdivError, match=f"threads must be a positive int, got {threads!r}"):
            method(data, threads=threads)
    assert (check.errors(data, threads=1) <= check.tolerance).all()


def test_negative_probability_is_refused_next_to_a_nan():
    # min() of a chunk with a NaN is NaN, which once let the negative pass.
    p = np.full((3, K), 1 / K)
    p[0, 1] = np.nan
    p[2, 4], p[2, 5] = -0.1, 0.3
    with pytest.raises(InvalidInputError, match=r"P\[2, 4\] = -0.1 is a negative probability"):
        validate_batch({P: p}, [P], K, "float64")
    with pytest.raises(InvalidInputError, match=r"P\[2, 4\] = -0.1 is a negative probability"):
        compile_identity(*DECOMPOSITION).errors({P: p, Q: np.full((3, K), 1 / K)})


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
