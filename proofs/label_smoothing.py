"""H(q_eps, P) = (1 - eps) H(y, P) + eps H(u, P) for q_eps = (1 - eps) y + eps u, u uniform over the K classes
(the eps/K convention, torch's)."""

from symdiv import CrossEntropy, PointMass, Uniform, prove
from symdiv.core.model import Mixture
from symdiv.library import Theorem

from ._losses import K, P_K, c, epsilon

THEOREM = Theorem(
    name="label_smoothing",
    title='Label smoothing splits the cross-entropy (smoothing over all K classes)',
    check=lambda: prove(CrossEntropy(Mixture(epsilon, PointMass(K, c), Uniform(K)), P_K), (1 - epsilon) * CrossEntropy(PointMass(K, c), P_K) + epsilon * CrossEntropy(Uniform(K), P_K)),
    group="losses",
)
