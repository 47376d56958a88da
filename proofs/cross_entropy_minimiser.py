"""argmin_Q H(P, Q) = P: the model that minimises cross-entropy is the true distribution, and only it."""

from symdiv import CrossEntropy
from symdiv.library import Theorem
from symdiv.prover.inequality import prove_minimiser

from ._objects import P, Q

THEOREM = Theorem(
    name="cross_entropy_minimiser",
    title="Cross-entropy is minimised at the true distribution",
    check=lambda: prove_minimiser(CrossEntropy(P, Q), Q, P),
    group="inequalities",
)
