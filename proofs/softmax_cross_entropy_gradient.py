"""grad_z H(P, softmax z) = softmax(z) - P, componentwise for a symbolic j."""

from sympy import Sum, exp, log

from symdiv import CrossEntropy, Grad, prove
from symdiv.library import Theorem
from symdiv.prover.derivation import Derivation, DerivationStep

from ._objects import P, Qz, i, j, n, z

normaliser = Sum(exp(z[i]), (i, 1, n))

THEOREM = Theorem(
    name="softmax_cross_entropy_gradient",
    title="The gradient of softmax cross-entropy is q - p",
    check=lambda: prove(Grad(CrossEntropy(P, Qz), z, j), Qz[j] - P[j]),
    group="seed",
    derivation=Derivation(
        "softmax_cross_entropy_gradient",
        "The gradient of softmax cross-entropy is q - p",
        Grad(CrossEntropy(P, Qz), z, j),
        (
            DerivationStep(Grad(-Sum(P[i] * log(Qz[i]), (i, 1, n)), z, j), "definition"),
            DerivationStep(Grad(-Sum(P[i] * z[i], (i, 1, n)) + log(normaliser), z, j), "softmax_log"),
            # exp(z_j) / sum_i exp(z_i) prints as softmax(z)_j: the chain ends on q_j - p_j
            DerivationStep(exp(z[j]) / normaliser - P[j], "differentiate"),
        ),
    ),
)
