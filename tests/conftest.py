"""Shared objects for the tests: one alphabet size, two distributions, logits, a dataset."""

import os

import pytest
from hypothesis import settings
from sympy import Symbol

import symdiv as sd

# In CI the hypothesis examples are the same on every run, so a landing never
# depends on luck; locally they are fresh each run and keep finding new cases.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


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
    because .ci/run installs it and a silent skip there would hide a broken setup.

    SYMDIV_ALLOW_MISSING names what a CI leg deliberately goes without (the
    Python 3.10 and 3.13 legs have no torch build to install): .ci/run says
    so in its log, so the skip is announced, not silent."""
    allowed = os.environ.get("SYMDIV_ALLOW_MISSING", "").split(",")
    if os.environ.get("CI") and what not in allowed:
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


def pdflatex() -> str:
    """The pdflatex program (skip locally, fail in CI when missing)."""
    return require_program("pdflatex", "apt-get install texlive-latex-base texlive-latex-recommended "
                                       "texlive-pictures latex-cjk-chinese latex-cjk-chinese-arphic-gbsn00lp")


def compiles(tmp_path, name: str, text: str) -> None:
    """Assert that the LaTeX *text* compiles to a PDF under pdflatex."""
    import subprocess

    tex = tmp_path / f"{name}.tex"
    tex.write_text(text, encoding="utf-8")
    proc = subprocess.run([pdflatex(), "-interaction=nonstopmode", "-halt-on-error", tex.name],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert (tmp_path / f"{name}.pdf").stat().st_size > 1000
