"""The focal loss with gamma = 0 is the cross-entropy."""

from symdiv import CrossEntropy, prove
from symdiv.core.measures import FocalLoss
from symdiv.library import Theorem

from ._losses import P, Q

THEOREM = Theorem(
    name="focal_loss_gamma_zero",
    title='The focal loss at gamma = 0 is the cross-entropy',
    check=lambda: prove(FocalLoss(P, Q, 0), CrossEntropy(P, Q)),
    group="losses",
)
