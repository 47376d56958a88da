"""D(P||Q) >= 0 (Gibbs' inequality), with equality only at P = Q: a termwise certificate from log r <= r - 1."""

from symdiv import KL, prove
from symdiv.library import Theorem

from ._objects import P, Q

THEOREM = Theorem(
    name="gibbs_inequality",
    title="Gibbs' inequality: KL divergence is nonnegative",
    check=lambda: prove(KL(P, Q), 0, relation=">="),
    group="inequalities",
)
