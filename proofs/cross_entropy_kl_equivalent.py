"""Minimising H(P, Q_theta) and D_KL(P||Q_theta) pick the same theta:
H(P, Q) = 1 * D_KL(P||Q) + H(P), and H(P) does not depend on theta."""

from symdiv import KL, CrossEntropy, Entropy, equivalent
from symdiv.library import Theorem

from ._objects import P, Qz, z

THEOREM = Theorem(
    name="cross_entropy_kl_equivalent",
    title="Cross-entropy and KL divergence have the same minimisers",
    check=lambda: equivalent(CrossEntropy(P, Qz), KL(P, Qz), wrt=z, a=1, b=Entropy(P)),
    group="seed",
)
