"""H(q_eps, Q) = (1 - eps) H(y, Q) + eps H(u, Q) for q_eps = (1 - eps) y + eps u, u uniform over the K classes
(the eps/K convention, torch's)."""

from symdiv import CrossEntropy, PointMass, Uniform, prove
from symdiv.core.model import Mixture
from symdiv.library import Theorem

from ._losses import K, Q_K, c, epsilon

THEOREM = Theorem(
    name="label_smoothing",
    title='Label smoothing splits the cross-entropy (smoothing over all K classes)',
    check=lambda: prove(CrossEntropy(Mixture(epsilon, PointMass(K, c), Uniform(K)), Q_K), (1 - epsilon) * CrossEntropy(PointMass(K, c), Q_K) + epsilon * CrossEntropy(Uniform(K), Q_K)),
    group="losses",
)
