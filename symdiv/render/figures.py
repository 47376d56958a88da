"""Teaching figures (matplotlib, an optional extra: ``pip install 'symdiv[figures]'``).

* :func:`kl_asymmetry` – ``D(P||Q)`` against ``D(Q||P)`` over the Bernoulli family;
* :func:`decomposition` – ``H(P, Q)`` drawn as the stack ``H(P) + D(P||Q)``;
* :func:`information_diagram` – ``H(X)`` and ``H(Y)`` as two discs whose
  overlap is ``I(X;Y)``, areas in proportion, labelled with the exact values
  of a joint table (Cover & Thomas, Example 2.2.1).

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

from sympy import Expr, Rational

from ..core.measures import KL, CrossEntropy, Entropy
from ..core.model import Distribution, ExplicitDistribution, RandomVariable, marginal
from ..errors import SymdivError
from ..numeric.evaluate import Env, evaluate

__all__ = ["kl_asymmetry", "decomposition", "information_diagram", "information_values", "INFORMATION_TABLE",
           "write_figures", "FiguresUnavailable"]

_P, _Q = Distribution("P", 2), Distribution("Q", 2)

_X, _Y = RandomVariable("X", 4), RandomVariable("Y", 4)
# Cover & Thomas, Example 2.2.1, as printed there: rows y, columns x.
_EXAMPLE_ROWS = [
    [Rational(1, 8), Rational(1, 16), Rational(1, 32), Rational(1, 32)],
    [Rational(1, 16), Rational(1, 8), Rational(1, 32), Rational(1, 32)],
    [Rational(1, 16), Rational(1, 16), Rational(1, 16), Rational(1, 16)],
    [Rational(1, 4), 0, 0, 0],
]
#: The joint table p(x, y) of the information diagram: Cover & Thomas, Example 2.2.1.
INFORMATION_TABLE = ExplicitDistribution("p", [list(column) for column in zip(*_EXAMPLE_ROWS)], variables=(_X, _Y))


def information_values(table: ExplicitDistribution = INFORMATION_TABLE) -> dict[Expr, Expr]:
    """The measures of the diagram for a table of two variables X, Y, in bits, exactly:
    ``{H(X): 7/4, H(Y): 2, H(X|Y): 11/8, H(Y|X): 13/8, I(X;Y): 3/8, H(X,Y): 27/8}`` for the default table."""
    from ..core.algebra import expand_log
    from ..core.measures import ConditionalEntropy, MutualInformation, expand_measures

    x, y = table.variables
    measures = [Entropy(marginal(table, x), base=2), Entropy(marginal(table, y), base=2),
                ConditionalEntropy(table, x, y, base=2), ConditionalEntropy(table, y, x, base=2),
                MutualInformation(table, x, y, base=2), Entropy(table, base=2)]
    return {m: _simplest(expand_log(expand_measures(m).doit())) for m in measures}


def _simplest(value: Expr) -> Expr:
    """*value* (rationals and logs of rationals) in its simplest exact form."""
    from sympy import simplify

    return simplify(value)


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
    ax.set_ylim(0, 1.05 * float(np.nanmax(np.concatenate([forward, backward]))))  # nothing clipped
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


def _lens(r1: float, r2: float, d: float) -> float:
    """The area where two discs of radii *r1*, *r2* at distance *d* overlap."""
    if d >= r1 + r2:
        return 0.0
    if d <= abs(r1 - r2):
        return float(np.pi * min(r1, r2) ** 2)
    a = r1 ** 2 * np.arccos((d * d + r1 * r1 - r2 * r2) / (2 * d * r1))
    b = r2 ** 2 * np.arccos((d * d + r2 * r2 - r1 * r1) / (2 * d * r2))
    c = 0.5 * np.sqrt((-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2))
    return float(a + b - c)


def information_diagram(stem: Union[str, Path], table: ExplicitDistribution = INFORMATION_TABLE) -> list[Path]:
    """``H(X)`` and ``H(Y)`` as discs of those areas overlapping in ``I(X;Y)``, each region labelled
    with its exact value in bits (from :func:`information_values`)."""
    from .latex import latex

    plt = _pyplot()
    values = information_values(table)
    hx, hy, hx_y, hy_x, mi, hxy = values.values()
    r1, r2 = float(np.sqrt(float(hx) / np.pi)), float(np.sqrt(float(hy) / np.pi))
    lo, hi = abs(r1 - r2), r1 + r2
    for _ in range(80):  # the distance whose lens has the area I(X;Y): the lens shrinks as d grows
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if _lens(r1, r2, mid) > float(mi) else (lo, mid)
    d = (lo + hi) / 2
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for centre, r, colour in ((0.0, r1, "tab:blue"), (d, r2, "tab:orange")):
        ax.add_patch(plt.Circle((centre, 0), r, color=colour, alpha=0.35, lw=2))
        ax.add_patch(plt.Circle((centre, 0), r, fill=False, color=colour, lw=2))

    def label(measure) -> str:
        return f"${latex(measure)}$\n$= {latex(values[measure])}$"

    keys = list(values)
    lens = (d + r1 - r2) / 2  # the middle of the overlap, on the line of centres
    low = -max(r1, r2)
    ax.text(-r1 * 0.45, 0, label(keys[2]), ha="center", va="center", fontsize=11)
    ax.text(d + r2 * 0.45, 0, label(keys[3]), ha="center", va="center", fontsize=11)
    # the overlap is narrow: its label sits below the discs, with an arrow into it
    ax.annotate(f"${latex(keys[4])} = {latex(mi)}$", xy=(lens, 0), xytext=(lens, low - 0.35), ha="center",
                va="top", fontsize=11, arrowprops={"arrowstyle": "->", "lw": 1})
    ax.text(-r1 * 0.3, r1 + 0.1, f"${latex(keys[0])} = {latex(hx)}$", ha="center", color="tab:blue", fontsize=11)
    ax.text(d + r2 * 0.3, r2 + 0.1, f"${latex(keys[1])} = {latex(hy)}$", ha="center", color="tab:orange",
            fontsize=11)
    ax.text(lens, max(r1, r2) + 0.45, f"${latex(keys[5])} = {latex(hxy)}$", ha="center", fontsize=12)
    ax.set_xlim(-r1 - 0.2, d + r2 + 0.2)
    ax.set_ylim(low - 0.8, max(r1, r2) + 0.8)
    ax.set_aspect("equal")
    ax.axis("off")
    paths = _save(fig, Path(stem))
    plt.close(fig)
    return paths


def write_figures(folder: Union[str, Path]) -> list[Path]:
    """Write every teaching figure into *folder* (PNG and PDF); return the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return (kl_asymmetry(folder / "kl_asymmetry") + decomposition(folder / "decomposition")
            + information_diagram(folder / "information_diagram"))
