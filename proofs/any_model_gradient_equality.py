"""grad_theta H(P, Q_theta) = grad_theta D(P||Q_theta) for ANY model Q_theta: the seed's claim in full generality."""

from symdiv import KL, CrossEntropy, Grad, prove
from symdiv.library import Theorem

from ._losses import P, Q_theta, theta

THEOREM = Theorem(
    name="any_model_gradient_equality",
    title='Cross-entropy and KL have the same gradient for any model',
    check=lambda: prove(Grad(CrossEntropy(P, Q_theta), theta), Grad(KL(P, Q_theta), theta)),
    group="losses",
)
