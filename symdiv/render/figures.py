"""Teaching figures (matplotlib, an optional extra: ``pip install 'symdiv[figures]'``).

* :func:`kl_asymmetry` – ``D(P||Q)`` against ``D(Q||P)`` over the Bernoulli family;
* :func:`decomposition` – ``H(P, Q)`` drawn as the stack ``H(P) + D(P||Q)``.

Values come from symdiv's own evaluator, so the pictures show the same
numbers the library proves things about.  Each figure is written as PNG and PDF.

A figure holds mathematics only, no words: the document's caption (in the
reader's language, from the phrase table) says what it shows and that the
unit is the bit, so one picture serves every language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Union

import numpy as np

from ..core.measures import KL, CrossEntropy, Entropy
from ..core.model import Distribution
from ..errors import SymdivError
from ..numeric.evaluate import Env, evaluate

__all__ = ["kl_asymmetry", "decomposition", "write_figures", "FiguresUnavailable"]

_P, _Q = Distribution("P", 2), Distribution("Q", 2)


class FiguresUnavailable(SymdivError, ImportError):
    """matplotlib is not installed."""


def _pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only: no screen needed
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise FiguresUnavailable("figures need matplotlib: pip install 'symdiv[figures]'") from exc
    return plt


def _bits(expr, p: np.ndarray, q: np.ndarray) -> np.ndarray:
    env = Env(bases={_P: np.stack([p, 1 - p], axis=1), _Q: np.stack([q, 1 - q], axis=1)})
    return evaluate(expr, env)[0]


def _save(fig, stem: Path) -> list[Path]:
    import io

    from .files import write_atomic

    paths = [stem.with_suffix(".png"), stem.with_suffix(".pdf")]
    for path in paths:
        buffer = io.BytesIO()
        fig.savefig(buffer, format=path.suffix[1:], dpi=150, bbox_inches="tight")
        write_atomic(path, buffer.getvalue())
    return paths


def kl_asymmetry(stem: Union[str, Path], p: float = 0.3) -> list[Path]:
    """Plot ``D(P||Q)`` and ``D(Q||P)`` in bits for ``P = Bernoulli(p)``, ``Q = Bernoulli(q)``."""
    plt = _pyplot()
    q = np.linspace(0.01, 0.99, 197)
    pp = np.full_like(q, p)
    forward, backward = _bits(KL(_P, _Q, base=2), pp, q), _bits(KL(_Q, _P, base=2), pp, q)
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(q, forward, label=r"$D_{\mathrm{KL}}(P\,\|\,Q)$", color="tab:blue", lw=2)
    ax.plot(q, backward, label=r"$D_{\mathrm{KL}}(Q\,\|\,P)$", color="tab:orange", lw=2, ls="--")
    ax.fill_between(q, forward, backward, color="grey", alpha=0.15)
    ax.axvline(p, color="black", lw=0.8, ls=":")
    ax.annotate("$Q = P$", xy=(p, 0), xytext=(p + 0.08, 0.9), arrowprops={"arrowstyle": "->"})
    ax.set_xlabel(f"$q$  $(P = ({p:g},\\ {1 - p:g}),\\ Q = (q,\\ 1 - q))$")
    ax.set_ylim(0, 3)
    ax.legend(loc="upper right")
    ax.grid(alpha=0.3)
    paths = _save(fig, Path(stem))
    plt.close(fig)
    return paths


def decomposition(stem: Union[str, Path]) -> list[Path]:
    """Bars ``H(P, Q) = H(P) + D(P||Q)`` in bits for a few Bernoulli pairs."""
    plt = _pyplot()
    pairs = [(0.5, 0.5), (0.5, 0.25), (0.5, 0.1), (0.2, 0.5), (0.2, 0.8), (0.9, 0.6)]
    p = np.array([a for a, _ in pairs])
    q = np.array([b for _, b in pairs])
    h, kl, ce = (_bits(e, p, q) for e in (Entropy(_P, base=2), KL(_P, _Q, base=2), CrossEntropy(_P, _Q, base=2)))
    x = np.arange(len(pairs))
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.bar(x, h, color="tab:blue", label="$H(P)$")
    ax.bar(x, kl, bottom=h, color="tab:orange", label=r"$D_{\mathrm{KL}}(P\,\|\,Q)$")
    ax.scatter(x, ce, color="black", zorder=3, marker="_", s=600, label="$H(P, Q)$")
    ax.set_xticks(x, [f"$p = {a:g}$\n$q = {b:g}$" for a, b in pairs])
    ax.legend(loc="upper left")
    ax.grid(axis="y", alpha=0.3)
    paths = _save(fig, Path(stem))
    plt.close(fig)
    return paths


def write_figures(folder: Union[str, Path]) -> list[Path]:
    """Write every teaching figure into *folder* (PNG and PDF); return the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return kl_asymmetry(folder / "kl_asymmetry") + decomposition(folder / "decomposition")
