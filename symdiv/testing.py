"""Hypothesis strategies for testing code that handles probability distributions.

Shipped with the package (as dit does) so you can test your own loss
functions with them::

    from hypothesis import given
    from symdiv.testing import distributions

    @given(distributions(size=5))
    def test_my_entropy_is_nonnegative(p):
        assert my_entropy(p) >= 0

Strategies are plural nouns with keyword-only options.  They need
hypothesis: ``pip install 'symdiv[test]'``.
"""

from __future__ import annotations

from typing import Optional

import numpy as np

from .errors import InvalidInputError

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "symdiv.testing needs hypothesis: pip install 'symdiv[test]'"
    ) from exc

__all__ = ["distributions", "distribution_pairs", "logits", "datasets"]

_MASS = st.floats(min_value=0.0, max_value=1.0, allow_nan=False, allow_infinity=False)


def _check_size(size: Optional[int], min_size: int, max_size: int) -> tuple[int, int]:
    if size is not None:
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise InvalidInputError(f"size must be a positive int, got {size!r}")
        return size, size
    if not (1 <= min_size <= max_size):
        raise InvalidInputError(f"need 1 <= min_size <= max_size, got {min_size} and {max_size}")
    return min_size, max_size


@st.composite
def _distribution(draw, lo: int, hi: int, zeros: bool, min_mass: float) -> np.ndarray:
    k = draw(st.integers(lo, hi))
    weights = np.array(draw(st.lists(_MASS, min_size=k, max_size=k)), dtype=np.float64)
    if zeros and k > 1:
        mask = np.array(draw(st.lists(st.booleans(), min_size=k, max_size=k)))
        weights = np.where(mask, 0.0, weights)
    weights = np.maximum(weights, 0.0 if zeros else min_mass)
    if weights.sum() == 0:
        weights[draw(st.integers(0, k - 1))] = 1.0
    p = weights / weights.sum()
    return p


def distributions(*, size: Optional[int] = None, min_size: int = 2, max_size: int = 8,
                  zeros: bool = False, min_mass: float = 1e-6) -> st.SearchStrategy[np.ndarray]:
    """Probability vectors (float64, summing to 1 up to rounding).

    With ``zeros=False`` every mass is at least about *min_mass*; with
    ``zeros=True`` some masses are exactly 0.
    """
    lo, hi = _check_size(size, min_size, max_size)
    return _distribution(lo, hi, zeros, min_mass)


@st.composite
def _pairs(draw, lo: int, hi: int, shared_support: bool, min_mass: float):
    k = draw(st.integers(lo, hi))
    p = draw(_distribution(k, k, not shared_support, min_mass))
    q = draw(_distribution(k, k, not shared_support, min_mass))
    return p, q


def distribution_pairs(*, size: Optional[int] = None, min_size: int = 2, max_size: int = 8,
                       shared_support: bool = True, min_mass: float = 1e-6):
    """Pairs ``(p, q)`` of the same size; without shared support, zeros may differ."""
    lo, hi = _check_size(size, min_size, max_size)
    return _pairs(lo, hi, shared_support, min_mass)


def logits(*, size: Optional[int] = None, min_size: int = 2, max_size: int = 8, scale: float = 30.0):
    """Real logit vectors with entries in ``[-scale, scale]``."""
    lo, hi = _check_size(size, min_size, max_size)
    entry = st.floats(-scale, scale, allow_nan=False, allow_infinity=False)
    return st.integers(lo, hi).flatmap(lambda k: st.lists(entry, min_size=k, max_size=k).map(np.array))


def datasets(*, alphabet: int, min_samples: int = 1, max_samples: int = 50):
    """Datasets as ``(samples, counts)``: outcomes in ``1..alphabet`` and their counts."""
    lo, hi = _check_size(alphabet, 1, 1)

    def with_counts(xs):
        x = np.array(xs, dtype=np.int64)
        return x, np.bincount(x - 1, minlength=alphabet)

    return st.lists(st.integers(1, lo), min_size=min_samples, max_size=max_samples).map(with_counts)
