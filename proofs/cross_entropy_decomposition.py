"""H(P,Q) = H(P) + D_KL(P||Q): cross-entropy is entropy plus KL divergence."""

from symdiv import CrossEntropy, Entropy, KL, prove
from symdiv.library import Theorem

from ._objects import P, Q

THEOREM = Theorem(
    name="cross_entropy_decomposition",
    title="H(P, Q) = H(P) + D_KL(P||Q)",
    check=lambda: prove(CrossEntropy(P, Q), Entropy(P) + KL(P, Q)),
    group="seed",
)
