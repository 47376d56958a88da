"""The other convention: eps/(K - 1) on each wrong class; the cross-entropy splits the same way (K >= 2)."""

from symdiv import CrossEntropy, PointMass, prove
from symdiv.core.model import Mixture, OffTarget
from symdiv.library import Theorem

from ._losses import K, Q_K, c, epsilon

THEOREM = Theorem(
    name="label_smoothing_off_target",
    title='Label smoothing splits the cross-entropy (smoothing over the other K - 1 classes)',
    check=lambda: prove(CrossEntropy(Mixture(epsilon, PointMass(K, c), OffTarget(K, c)), Q_K), (1 - epsilon) * CrossEntropy(PointMass(K, c), Q_K) + epsilon * CrossEntropy(OffTarget(K, c), Q_K)),
    group="losses",
)
