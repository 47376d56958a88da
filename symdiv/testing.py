"""Hypothesis strategies for testing code that handles probability distributions.

Shipped with the package (as dit does) so you can test your own loss
functions with them::

    from hypothesis import given
    from symdiv.testing import distributions

    @given(distributions(size=5))
    def test_my_entropy_is_nonnegative(p):
        assert my_entropy(p) >= 0

Strategies are plural nouns with keyword-only options.  Bad options are
refused when the strategy is built, not when it is first drawn from, with
symdiv's :class:`~symdiv.errors.InvalidTypeError` (wrong type) or
:class:`~symdiv.errors.InvalidInputError` (bad value) naming the option:

>>> distributions(min_size=5, max_size=3)
Traceback (most recent call last):
...
symdiv.errors.InvalidInputError: min_size must be at most max_size, got min_size=5 and max_size=3

They need hypothesis: ``pip install 'symdiv[test]'``.
"""

from __future__ import annotations

from typing import Optional

import numpy as np

from .errors import InvalidTypeError
from .numeric import _validate as valid

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "symdiv.testing needs hypothesis: pip install 'symdiv[test]'"
    ) from exc

__all__ = ["distributions", "distribution_pairs", "joint_distributions", "logits", "datasets"]

_MASS = st.floats(min_value=0.0, max_value=1.0, allow_nan=False, allow_infinity=False)


def _check_size(size: object, min_size: object, max_size: object) -> tuple[int, int]:
    """The range of sizes to draw: ``(size, size)`` if *size* is given, else ``(min_size, max_size)``."""
    lo, hi = valid.int_range(min_size, max_size, "min_size", "max_size")
    if size is None:
        return lo, hi
    size = valid.integer(size, "size")
    return size, size


def _check_mass(min_mass: object) -> float:
    return valid.number(min_mass, "min_mass", above=0, at_most=1)


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
    ``zeros=True`` some masses are exactly 0.  *min_mass* is a number in
    ``(0, 1]``; *size* (or *min_size* and *max_size*) positive ints.
    """
    lo, hi = _check_size(size, min_size, max_size)
    return _distribution(lo, hi, valid.flag(zeros, "zeros"), _check_mass(min_mass))


@st.composite
def _joint(draw, shape: tuple[int, ...], zeros: bool, min_mass: float) -> np.ndarray:
    cells = int(np.prod(shape))
    return draw(_distribution(cells, cells, zeros, min_mass)).reshape(shape)


def joint_distributions(*, shape: tuple[int, ...] = (2, 2), zeros: bool = False,
                        min_mass: float = 1e-6) -> st.SearchStrategy[np.ndarray]:
    """Joint distributions of several random variables: tables of *shape* summing to 1.

    ``shape=(n, m)`` gives ``p(x, y)`` with ``x`` in ``1..n`` (axis 0) and
    ``y`` in ``1..m``; with ``zeros=True`` some cells are exactly 0 (whole
    rows and columns among them).

    >>> joint_distributions(shape=(2, 0))
    Traceback (most recent call last):
    ...
    symdiv.errors.InvalidInputError: a size in shape must be a positive int, got 0
    """
    if not isinstance(shape, tuple) or not shape:
        raise InvalidTypeError(f"shape must be a non-empty tuple of positive ints, got {valid.show(shape)}")
    sizes = tuple(valid.integer(n, "a size in shape") for n in shape)
    return _joint(sizes, valid.flag(zeros, "zeros"), _check_mass(min_mass))


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
    return _pairs(lo, hi, valid.flag(shared_support, "shared_support"), _check_mass(min_mass))


def logits(*, size: Optional[int] = None, min_size: int = 2, max_size: int = 8, scale: float = 30.0):
    """Real logit vectors with entries in ``[-scale, scale]``; *scale* is a finite number > 0."""
    lo, hi = _check_size(size, min_size, max_size)
    scale = valid.number(scale, "scale", above=0)
    entry = st.floats(-scale, scale, allow_nan=False, allow_infinity=False)
    return st.integers(lo, hi).flatmap(lambda k: st.lists(entry, min_size=k, max_size=k).map(np.array))


def datasets(*, alphabet: int, min_samples: int = 1, max_samples: int = 50):
    """Datasets as ``(samples, counts)``: outcomes in ``1..alphabet`` and their counts.

    *alphabet*, *min_samples* and *max_samples* are positive ints (a dataset
    has at least one sample), with ``min_samples <= max_samples``.
    """
    alphabet = valid.integer(alphabet, "alphabet")
    min_samples, max_samples = valid.int_range(min_samples, max_samples, "min_samples", "max_samples")

    def with_counts(xs):
        x = np.array(xs, dtype=np.int64)
        return x, np.bincount(x - 1, minlength=alphabet)

    return st.lists(st.integers(1, alphabet), min_size=min_samples, max_size=max_samples).map(with_counts)
