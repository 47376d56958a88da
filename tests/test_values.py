"""One-liners for concrete numbers, against scipy and dit, exact where the input is."""

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from sympy import Rational, log, oo

import symdiv as sd
from symdiv.testing import distribution_pairs, joint_distributions
from tests.conftest import require


def test_bits_of_the_seed_example_as_floats_and_exactly():
    assert sd.entropy([0.5, 0.25, 0.25], base=2) == 1.5
    assert sd.entropy([F(1, 2), F(1, 4), F(1, 4)], base=2) == Rational(3, 2)
    assert sd.entropy([Rational(1, 3)] * 3) == log(3)
    assert sd.entropy(np.array([1.0])) == 0.0


def test_a_cover_and_thomas_table_gives_exact_information():
    t = [[F(1, 8), F(1, 16), F(1, 32), F(1, 32)], [F(1, 16), F(1, 8), F(1, 32), F(1, 32)],
         [F(1, 16)] * 4, [F(1, 4), 0, 0, 0]]
    assert sd.entropy(t, base=2) == Rational(27, 8)
    assert sd.mutual_information(t, base=2) == Rational(3, 8)


def test_conventions_zeros_and_support_mismatch():
    assert sd.cross_entropy([0.5, 0.5, 0.0], [0.5, 0.5, 0.0]) == pytest.approx(np.log(2))
    assert sd.kl_divergence([0.5, 0.5], [1.0, 0.0]) == np.inf
    assert sd.kl_divergence([F(1, 2), F(1, 2)], [1, 0]) == oo
    assert sd.kl_divergence({"a": 1.0}, {"a": 0.5, "b": 0.5}) == pytest.approx(np.log(2))


@settings(max_examples=50, deadline=None)
@given(distribution_pairs(min_size=1, max_size=6, shared_support=False))
def test_against_scipy(pq):
    scipy = require("scipy.stats")
    p, q = pq
    assert sd.entropy(p, base=2) == pytest.approx(scipy.entropy(p, base=2), abs=1e-12)
    assert sd.kl_divergence(p, q) == pytest.approx(scipy.entropy(p, q), abs=1e-12, rel=1e-12)


@settings(max_examples=30, deadline=None)
@given(joint_distributions(shape=(3, 2), zeros=True))
def test_mutual_information_against_dit(table):
    dit = require("dit")
    d = dit.Distribution([f"{i}{j}" for i in range(3) for j in range(2)], table.ravel().tolist(), trim=False)
    assert sd.mutual_information(table, base=2) == pytest.approx(dit.shannon.mutual_information(d, [0], [1]),
                                                                 abs=1e-9)


@pytest.mark.parametrize("call, message", [
    (lambda: sd.entropy([0.5, 0.6]), "sum to 1.1, not 1"),
    (lambda: sd.entropy([F(1, 2), F(1, 3)]), "sum to 5/6, not 1"),
    (lambda: sd.entropy([1.5, -0.5]), "negative probability -0.5"),
    (lambda: sd.entropy([[0.5], [0.25, 0.25]]), "differ in length"),
    (lambda: sd.entropy("0.5 0.5"), "must be a sequence"),
    (lambda: sd.entropy([0.5, np.nan]), "not a finite number"),
    (lambda: sd.kl_divergence([0.5, 0.5], [1.0]), "shape"),
    (lambda: sd.kl_divergence({"a": 1.0}, [1.0]), "both distributions as mappings"),
    (lambda: sd.mutual_information([0.5, 0.5]), "a table of two variables"),
    (lambda: sd.entropy([0.5, 0.5], base=1), "log base must be positive and not 1"),
    (lambda: sd.entropy([True, False]), "not a probability"),
])
def test_bad_input_is_named(call, message):
    with pytest.raises(sd.SymdivError, match=message):
        call()
