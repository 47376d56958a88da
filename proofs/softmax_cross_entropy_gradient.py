"""grad_z H(P, softmax z) = softmax(z) - P, componentwise for a symbolic j."""

from symdiv import CrossEntropy, Grad, prove
from symdiv.library import Theorem

from ._objects import P, Qz, j, z

THEOREM = Theorem(
    name="softmax_cross_entropy_gradient",
    title="d/dz_j H(P, softmax z) = softmax(z)_j - p_j",
    check=lambda: prove(Grad(CrossEntropy(P, Qz), z, j), Qz[j] - P[j]),
    group="seed",
)
