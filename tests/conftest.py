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


def require(module: str):
    """Import an optional test dependency.

    Locally a missing one skips the test; in CI (CI=true) it fails, because
    .ci/run installs it and a silent skip there would hide a broken setup.
    """
    import importlib
    import os

    try:
        return importlib.import_module(module)
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail(f"{module} is not installed, but CI must run these tests: check .ci/run")
        pytest.skip(f"{module} is not installed (pip install -e '.[test,torch]')")
