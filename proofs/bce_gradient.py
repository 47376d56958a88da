"""d/du BCE(p, sigmoid(u)) = sigmoid(u) - p."""

from symdiv import Grad, prove
from symdiv.core.functions import Sigmoid
from symdiv.core.measures import BinaryCrossEntropy
from symdiv.library import Theorem

from ._losses import p, u

THEOREM = Theorem(
    name="bce_gradient",
    title='The gradient of binary cross-entropy in the logit',
    check=lambda: prove(Grad(BinaryCrossEntropy(p, Sigmoid(u)), u), Sigmoid(u) - p),
    group="losses",
)
