import numpy as np
import pytest

from symdiv.errors import InvalidInputError
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
