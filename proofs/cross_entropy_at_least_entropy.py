"""H(P, Q) >= H(P): coding with the wrong distribution never helps."""

from symdiv import CrossEntropy, Entropy, prove
from symdiv.library import Theorem

from ._objects import P, Q

THEOREM = Theorem(
    name="cross_entropy_at_least_entropy",
    title="Cross-entropy is at least the entropy",
    check=lambda: prove(CrossEntropy(P, Q), Entropy(P), relation=">="),
    group="inequalities",
)
