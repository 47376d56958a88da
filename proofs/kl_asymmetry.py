"""D_KL(P||Q) = D_KL(Q||P) is false: KL divergence is not symmetric."""

from symdiv import KL, Status, prove
from symdiv.library import Theorem

from ._objects import P, Q

THEOREM = Theorem(
    name="kl_asymmetry",
    title="D_KL(P||Q) = D_KL(Q||P) (false: refuted by a counterexample)",
    check=lambda: prove(KL(P, Q), KL(Q, P)),
    expected=Status.REFUTED,
    group="seed",
)
