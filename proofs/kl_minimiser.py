"""argmin_Q D(P||Q) = P: KL divergence vanishes only at Q = P."""

from symdiv import KL
from symdiv.library import Theorem
from symdiv.prover.inequality import prove_minimiser

from ._objects import P, Q

THEOREM = Theorem(
    name="kl_minimiser",
    title="KL divergence is minimised at the true distribution",
    check=lambda: prove_minimiser(KL(P, Q), Q, P),
    group="inequalities",
)
