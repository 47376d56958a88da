"""symdiv.testing: the strategies draw what they promise, and refuse bad options when built."""

import re

import numpy as np
import pytest
from hypothesis import given, settings

from symdiv.errors import InvalidInputError, InvalidTypeError
from symdiv.testing import datasets, distribution_pairs, distributions, logits

nan, inf = float("nan"), float("inf")

# Each call only builds the strategy: nothing is drawn, so an error here is
# raised eagerly, by symdiv, not by hypothesis (InvalidArgument) at the first draw.
BAD_OPTIONS = [
    # size: None or a positive int
    (lambda: distributions(size=2.5), InvalidTypeError, "size must be a positive int, got 2.5"),
    (lambda: distributions(size="3"), InvalidTypeError, "size must be a positive int, got '3'"),
    (lambda: distributions(size=True), InvalidTypeError, "size must be a positive int, got True"),
    (lambda: distributions(size=0), InvalidInputError, "size must be a positive int, got 0"),
    (lambda: logits(size=-1), InvalidInputError, "size must be a positive int, got -1"),
    # min_size, max_size: positive ints, min_size <= max_size
    (lambda: distributions(min_size=2.5), InvalidTypeError, "min_size must be a positive int, got 2.5"),
    (lambda: distributions(max_size=nan), InvalidTypeError, "max_size must be a positive int, got nan"),
    (lambda: distributions(min_size=0), InvalidInputError, "min_size must be a positive int, got 0"),
    (lambda: distributions(min_size=5, max_size=3), InvalidInputError, "min_size must be at most max_size, got min_size=5 and max_size=3"),
    (lambda: distribution_pairs(max_size=False), InvalidTypeError, "max_size must be a positive int, got False"),
    (lambda: logits(min_size=9), InvalidInputError, "min_size must be at most max_size, got min_size=9 and max_size=8"),
    # zeros, shared_support: bools, not truthy strings
    (lambda: distributions(zeros="yes"), InvalidTypeError, "zeros must be True or False, got 'yes'"),
    (lambda: distributions(zeros=1), InvalidTypeError, "zeros must be True or False, got 1"),
    (lambda: distribution_pairs(shared_support="no"), InvalidTypeError, "shared_support must be True or False, got 'no'"),
    # min_mass in (0, 1]: NaN gave all-NaN vectors, a negative one exact zeros
    (lambda: distributions(min_mass=nan), InvalidInputError, "min_mass must be a finite number > 0 and <= 1, got nan"),
    (lambda: distributions(min_mass=-1), InvalidInputError, "min_mass must be a finite number > 0 and <= 1, got -1"),
    (lambda: distributions(min_mass=0), InvalidInputError, "min_mass must be a finite number > 0 and <= 1, got 0"),
    (lambda: distributions(min_mass=2), InvalidInputError, "min_mass must be a finite number > 0 and <= 1, got 2"),
    (lambda: distribution_pairs(min_mass=inf), InvalidInputError, "min_mass must be a finite number > 0 and <= 1, got inf"),
    (lambda: distribution_pairs(min_mass="1e-6"), InvalidTypeError, "min_mass must be a finite number > 0 and <= 1, got '1e-6'"),
    # scale: a finite number > 0
    (lambda: logits(scale=-5), InvalidInputError, "scale must be a finite number > 0, got -5"),
    (lambda: logits(scale=0), InvalidInputError, "scale must be a finite number > 0, got 0"),
    (lambda: logits(scale=nan), InvalidInputError, "scale must be a finite number > 0, got nan"),
    (lambda: logits(scale=inf), InvalidInputError, "scale must be a finite number > 0, got inf"),
    (lambda: logits(scale=None), InvalidTypeError, "scale must be a finite number > 0, got None"),
    # alphabet, min_samples, max_samples: positive ints, min_samples <= max_samples
    (lambda: datasets(alphabet=0), InvalidInputError, "alphabet must be a positive int, got 0"),
    (lambda: datasets(alphabet=2.0), InvalidTypeError, "alphabet must be a positive int, got 2.0"),
    (lambda: datasets(alphabet=True), InvalidTypeError, "alphabet must be a positive int, got True"),
    (lambda: datasets(alphabet=3, min_samples=5, max_samples=3), InvalidInputError,
     "min_samples must be at most max_samples, got min_samples=5 and max_samples=3"),
    (lambda: datasets(alphabet=3, min_samples=-1), InvalidInputError, "min_samples must be a positive int, got -1"),
    (lambda: datasets(alphabet=3, min_samples=0), InvalidInputError, "min_samples must be a positive int, got 0"),
    (lambda: datasets(alphabet=3, min_samples=2.5), InvalidTypeError, "min_samples must be a positive int, got 2.5"),
    (lambda: datasets(alphabet=3, max_samples="50"), InvalidTypeError, "max_samples must be a positive int, got '50'"),
]


@pytest.mark.parametrize("build, error, fragment", BAD_OPTIONS)
def test_bad_options_are_refused_when_the_strategy_is_built(build, error, fragment):
    with pytest.raises(error, match=re.escape(fragment)):  # a symdiv error, naming the value
        build()


def test_options_are_keyword_only():
    with pytest.raises(TypeError):
        distributions(3)  # type: ignore[misc]


@settings(max_examples=30)
@given(distributions(size=np.int64(4), min_mass=1))
def test_distributions_honour_their_options(p):
    assert p.shape == (4,) and np.isclose(p.sum(), 1) and (p > 0).all()


@settings(max_examples=30)
@given(distribution_pairs(min_size=3, max_size=3, shared_support=False))
def test_pairs_have_one_size(pq):
    p, q = pq
    assert p.shape == q.shape == (3,)


@settings(max_examples=30)
@given(logits(size=2, scale=1e-3))
def test_logits_stay_in_scale(z):
    assert z.shape == (2,) and (np.abs(z) <= 1e-3).all()


@settings(max_examples=30)
@given(datasets(alphabet=3, min_samples=2, max_samples=4))
def test_datasets_count_their_samples(data):
    x, counts = data
    assert 2 <= len(x) <= 4 and counts.sum() == len(x) and len(counts) == 3
    assert ((1 <= x) & (x <= 3)).all()
