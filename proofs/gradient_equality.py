"""grad_z H(P, softmax z) = grad_z D_KL(P||softmax z), componentwise for a symbolic j."""

from symdiv import KL, CrossEntropy, Grad, prove
from symdiv.library import Theorem

from ._objects import P, Qz, j, z

THEOREM = Theorem(
    name="gradient_equality",
    title="d/dz_j H(P, softmax z) = d/dz_j D_KL(P||softmax z)",
    check=lambda: prove(Grad(CrossEntropy(P, Qz), z, j), Grad(KL(P, Qz), z, j)),
    group="seed",
)
