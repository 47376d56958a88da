"""D_KL(P||P) = 0."""

from sympy import S

from symdiv import KL, prove
from symdiv.library import Theorem

from ._objects import P

THEOREM = Theorem(
    name="kl_self_zero",
    title="The KL divergence of a distribution from itself is zero",
    check=lambda: prove(KL(P, P), S.Zero),
    group="seed",
)
