"""The NLL gradient of a softmax model: d/dz_j NLL(x; softmax z) = N softmax(z)_j - c_j."""

from symdiv import NLL, Grad, prove
from symdiv.library import Theorem

from ._objects import N, Qz, data, j, z

THEOREM = Theorem(
    name="nll_softmax_gradient",
    title="The gradient of the NLL of a softmax model",
    check=lambda: prove(Grad(NLL(data, Qz), z, j), N * Qz[j] - data.count(j)),
)
