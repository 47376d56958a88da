import re

import numpy as np
import pytest

from symdiv.errors import InvalidInputError, InvalidTypeError
from symdiv.numeric import samplers as s


@pytest.mark.parametrize("k", [2, 10, 1000])
def test_edge_cases_are_distributions(k):
    P = s.edge_cases(np.random.default_rng(0), 60, k)
    assert P.shape == (60, k)
    assert (P >= 0).all()
    assert np.allclose(P.sum(axis=1), 1, atol=1e-12)


def test_seeded_and_reproducible():
    a = s.edge_case_pairs(np.random.default_rng(5), 30, 4)
    b = s.edge_case_pairs(np.random.default_rng(5), 30, 4)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))


def test_kinds():
    rng = np.random.default_rng(1)
    assert (s.near_degenerate(rng, 5, 4).max(axis=1) == 1 - 1e-12).all()
    assert (s.tiny_masses(rng, 50, 6) == 1e-300).any()
    P, Q = s.support_pairs(rng, 50, 5, shared=True)
    assert ((P == 0) == (Q == 0)).all()
    P, Q = s.support_pairs(rng, 200, 5, shared=False)
    assert ((P > 0) & (Q == 0)).any()


def test_bad_sizes():
    with pytest.raises(InvalidInputError, match="k must be a positive int, got 0"):
        s.dirichlet(np.random.default_rng(0), 3, 0)


# -- every bad argument is refused with a symdiv error naming it and its value ----
RNG = np.random.default_rng(0)
ROWS = np.array([[0.5, 0.5], [1.0, 0.0]])
nan, inf = float("nan"), float("inf")

BAD_CALLS = [
    # rng: a Generator, never None or a seed (numpy's AttributeError otherwise)
    (lambda: s.dirichlet(None, 3, 2), InvalidTypeError, "rng must be a numpy.random.Generator, e.g. numpy.random.default_rng(0), got None"),
    (lambda: s.edge_case_pairs(None, 3, 2), InvalidTypeError, "rng must be a numpy.random.Generator, e.g. numpy.random.default_rng(0), got None"),
    (lambda: s.edge_cases(0, 3, 2), InvalidTypeError, "rng must be a numpy.random.Generator, e.g. numpy.random.default_rng(0), got 0"),
    (lambda: s.with_zeros(np.random.RandomState(0), ROWS), InvalidTypeError, "rng must be a numpy.random.Generator"),
    # batch and k: positive ints; floats, strings and bools are type errors
    (lambda: s.dirichlet(RNG, 2.5, 2), InvalidTypeError, "batch must be a positive int, got 2.5"),
    (lambda: s.dirichlet(RNG, "3", 2), InvalidTypeError, "batch must be a positive int, got '3'"),
    (lambda: s.near_degenerate(RNG, True, 2), InvalidTypeError, "batch must be a positive int, got True"),
    (lambda: s.edge_cases(RNG, 3, False), InvalidTypeError, "k must be a positive int, got False"),
    (lambda: s.edge_case_pairs(RNG, -5, 2), InvalidInputError, "batch must be a positive int, got -5"),
    (lambda: s.tiny_masses(RNG, 3, 0), InvalidInputError, "k must be a positive int, got 0"),
    (lambda: s.support_pairs(RNG, 0, 3, True), InvalidInputError, "batch must be a positive int, got 0"),
    # alpha: a finite number > 0 (numpy's "shape < 0", or rows of NaN, otherwise)
    (lambda: s.dirichlet(RNG, 3, 2, alpha=-1), InvalidInputError, "alpha must be a finite number > 0, got -1"),
    (lambda: s.dirichlet(RNG, 3, 2, alpha=0), InvalidInputError, "alpha must be a finite number > 0, got 0"),
    (lambda: s.dirichlet(RNG, 3, 2, alpha=nan), InvalidInputError, "alpha must be a finite number > 0, got nan"),
    (lambda: s.dirichlet(RNG, 3, 2, alpha=inf), InvalidInputError, "alpha must be a finite number > 0, got inf"),
    (lambda: s.dirichlet(RNG, 3, 2, alpha="a"), InvalidTypeError, "alpha must be a finite number > 0, got 'a'"),
    (lambda: s.dirichlet(RNG, 3, 2, alpha=True), InvalidTypeError, "alpha must be a finite number > 0, got True"),
    # with_zeros: P a (B, k) array of finite non-negative numbers, fraction in [0, 1]
    (lambda: s.with_zeros(RNG, np.array([0.5, 0.5])), InvalidInputError, "P must be a 2-D array with at least one row and one column, got shape (2,)"),
    (lambda: s.with_zeros(RNG, np.zeros((0, 3))), InvalidInputError, "got shape (0, 3)"),
    (lambda: s.with_zeros(RNG, np.array([[0.5, nan]])), InvalidInputError, "P must have finite, non-negative entries, got nan at row 0, column 1"),
    (lambda: s.with_zeros(RNG, np.array([[1.5, -0.5]])), InvalidInputError, "P must have finite, non-negative entries, got -0.5 at row 0, column 1"),
    (lambda: s.with_zeros(RNG, "rows"), InvalidTypeError, "P must be a 2-D array of real numbers, got 'rows'"),
    (lambda: s.with_zeros(RNG, None), InvalidTypeError, "P must be a 2-D array of real numbers, got None"),
    (lambda: s.with_zeros(RNG, ROWS, fraction=nan), InvalidInputError, "fraction must be a finite number >= 0 and <= 1, got nan"),
    (lambda: s.with_zeros(RNG, ROWS, fraction=2), InvalidInputError, "fraction must be a finite number >= 0 and <= 1, got 2"),
    (lambda: s.with_zeros(RNG, ROWS, fraction=-0.1), InvalidInputError, "fraction must be a finite number >= 0 and <= 1, got -0.1"),
    # eps in (0, 1): otherwise masses come out negative
    (lambda: s.near_degenerate(RNG, 3, 3, eps=2), InvalidInputError, "eps must be a finite number > 0 and < 1, got 2"),
    (lambda: s.near_degenerate(RNG, 3, 3, eps=-1e-12), InvalidInputError, "eps must be a finite number > 0 and < 1, got -1e-12"),
    (lambda: s.near_degenerate(RNG, 3, 3, eps=nan), InvalidInputError, "eps must be a finite number > 0 and < 1, got nan"),
    (lambda: s.near_degenerate(RNG, 3, 3, eps="small"), InvalidTypeError, "eps must be a finite number > 0 and < 1, got 'small'"),
    # tiny in (0, 1/k): otherwise the other masses are rescaled below 0
    (lambda: s.tiny_masses(RNG, 3, 4, tiny=0.5), InvalidInputError, "tiny must be a finite number > 0 and < 0.25, got 0.5"),
    (lambda: s.tiny_masses(RNG, 3, 4, tiny=0), InvalidInputError, "tiny must be a finite number > 0 and < 0.25, got 0"),
    (lambda: s.tiny_masses(RNG, 3, 4, tiny=-inf), InvalidInputError, "tiny must be a finite number > 0 and < 0.25, got -inf"),
    (lambda: s.tiny_masses(None, 3, 4), InvalidTypeError, "rng must be a numpy.random.Generator"),
    # shared: a bool, not a truthy string
    (lambda: s.support_pairs(RNG, 3, 3, "no"), InvalidTypeError, "shared must be True or False, got 'no'"),
    (lambda: s.support_pairs(RNG, 3, 3, None), InvalidTypeError, "shared must be True or False, got None"),
]


@pytest.mark.parametrize("call, error, fragment", BAD_CALLS)
def test_bad_arguments_are_named(call, error, fragment):
    with pytest.raises(error, match=re.escape(fragment)):  # a symdiv error, naming the value
        call()


def test_numpy_integers_and_limits_are_accepted():
    rng = np.random.default_rng(0)
    assert s.dirichlet(rng, np.int64(3), np.int32(2), alpha=np.float32(0.5)).shape == (3, 2)
    assert s.near_degenerate(rng, 2, 3, eps=0.5).min() > 0
    assert (s.tiny_masses(rng, 20, 4, tiny=0.2) > 0).all()
    assert s.with_zeros(rng, [[0.5, 0.5]], fraction=0).tolist() == [[0.5, 0.5]]
    assert s.support_pairs(rng, 3, 3, np.bool_(True))[0].shape == (3, 3)
