"""H((p, 1-p), (q, 1-q)) = BCE(p, q): binary cross-entropy is the cross-entropy of two outcomes."""

from symdiv import CrossEntropy, prove
from symdiv.core.functions import Sigmoid
from symdiv.core.measures import BinaryCrossEntropy
from symdiv.core.model import Bernoulli
from symdiv.library import Theorem

from ._losses import p, u

THEOREM = Theorem(
    name="bce_two_outcome_cross_entropy",
    title='Binary cross-entropy is the cross-entropy of two outcomes',
    check=lambda: prove(CrossEntropy(Bernoulli(p), Bernoulli(Sigmoid(u))), BinaryCrossEntropy(p, Sigmoid(u))),
    group="losses",
)
