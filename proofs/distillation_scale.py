"""grad_z KL(softmax(v/T) || softmax(z/T)) is NOT (softmax(z/T) - softmax(v/T)) / T^2: the exact factor is 1/T.

The 1/T^2 of the folklore holds only in the high-temperature limit, for the logit-matching
approximation; proved different by an exact counterexample."""

from symdiv import KL, Grad, Softmax, prove
from symdiv.library import Theorem

from ._losses import T, j, v, z

THEOREM = Theorem(
    name="distillation_scale",
    title='The distillation gradient carries a factor 1/T; the usual 1/T^2 holds only at high temperature',
    check=lambda: prove(Grad(KL(Softmax(v, T), Softmax(z, T)), z, j), (Softmax(z, T)[j] - Softmax(v, T)[j]) / T ** 2, relation="!="),
    group="losses",
)
