"""D(P||Q) >= 2 TV(P, Q)^2 in nats, for two outcomes (Pinsker's inequality).

symdiv has no certificate for it (it is not termwise: the bound is a square of
absolute values); the verdict is honestly unknown, with numeric evidence."""

from sympy import Abs

from symdiv import KL, Distribution, Status, prove
from symdiv.library import Theorem

P2, Q2 = Distribution("P", 2), Distribution("Q", 2)
tv = (Abs(P2[1] - Q2[1]) + Abs(P2[2] - Q2[2])) / 2

THEOREM = Theorem(
    name="pinsker_binary",
    title="Pinsker's inequality for two outcomes",
    check=lambda: prove(KL(P2, Q2), 2 * tv ** 2, relation=">="),
    expected=Status.UNKNOWN,
    group="inequalities",
)
