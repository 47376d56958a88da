"""dH(P, Q)/dq_j = -p_j / q_j, the q_j treated as free variables (the simplex constraint ignored, as ML texts do)."""

from symdiv import CrossEntropy, Grad, prove
from symdiv.library import Theorem

from ._losses import P, Q, j

THEOREM = Theorem(
    name="cross_entropy_component_gradient",
    title='The gradient of cross-entropy in the predicted probabilities',
    check=lambda: prove(Grad(CrossEntropy(P, Q), Q, j), -P[j] / Q[j]),
    group="losses",
)
