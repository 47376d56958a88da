"""grad_z H(P, softmax(z/T)) = (softmax(z/T) - P) / T."""

from symdiv import CrossEntropy, Grad, Softmax, prove
from symdiv.library import Theorem

from ._losses import P, T, j, z

THEOREM = Theorem(
    name="temperature_gradient",
    title='The gradient of cross-entropy with a temperature',
    check=lambda: prove(Grad(CrossEntropy(P, Softmax(z, T)), z, j), (Softmax(z, T)[j] - P[j]) / T),
    group="losses",
)
