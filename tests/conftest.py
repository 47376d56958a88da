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


def _missing(what: str, hint: str):
    """Locally a missing dependency skips the test; in CI (CI=true) it fails,
    because .ci/run installs it and a silent skip there would hide a broken setup."""
    import os

    if os.environ.get("CI"):
        pytest.fail(f"{what} is not installed, but CI must run these tests: check .ci/run")
    pytest.skip(f"{what} is not installed ({hint})")


def require(module: str):
    """Import an optional Python test dependency, or skip/fail (see _missing)."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        _missing(module, "pip install -e '.[test,torch]'")


def require_program(name: str, hint: str) -> str:
    """The path of a system program the test needs, or skip/fail (see _missing)."""
    import shutil

    path = shutil.which(name)
    if path is None:
        _missing(name, hint)
    return path
