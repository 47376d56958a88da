"""grad_z [T^2 KL(softmax(v/T) || softmax(z/T))] = T (softmax(z/T) - softmax(v/T)): why distillation scales by T^2."""

from symdiv import KL, Grad, Softmax, prove
from symdiv.library import Theorem

from ._losses import T, j, v, z

THEOREM = Theorem(
    name="distillation_gradient",
    title='The gradient of the distillation loss',
    check=lambda: prove(Grad(T ** 2 * KL(Softmax(v, T), Softmax(z, T)), z, j), T * (Softmax(z, T)[j] - Softmax(v, T)[j])),
    group="losses",
)
