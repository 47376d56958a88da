"""BCE(p, sigmoid(u)) = softplus(u) - p u: binary cross-entropy with logits."""

from symdiv import prove
from symdiv.core.functions import Sigmoid, Softplus
from symdiv.core.measures import BinaryCrossEntropy
from symdiv.library import Theorem

from ._losses import p, u

THEOREM = Theorem(
    name="bce_softplus",
    title='Binary cross-entropy of a logit is softplus(u) - p u',
    check=lambda: prove(BinaryCrossEntropy(p, Sigmoid(u)), Softplus(u) - p * u),
    group="losses",
)
