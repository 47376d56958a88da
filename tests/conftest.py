"""Shared objects for the tests: one alphabet size, two distributions, logits, a dataset."""

import pytest
from sympy import Symbol

import symdiv as sd


class Objects:
    n = sd.alphabet_size("n")
    N = Symbol("N", integer=True, positive=True)
    j = sd.component_index("j")
    P = sd.Distribution("P", n)
    Q = sd.Distribution("Q", n)
    z = sd.Logits("z", n)
    S = sd.Softmax(z)
    D = sd.Dataset("x", N, n)
    p_hat = D.empirical()


@pytest.fixture
def o() -> type[Objects]:
    return Objects
