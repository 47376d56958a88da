"""grad_z H(P, softmax z) = grad_z D_KL(P||softmax z), componentwise for a symbolic j:
H(P) does not depend on the model's parameters."""

from symdiv import KL, CrossEntropy, Entropy, Grad, prove
from symdiv.library import Theorem
from symdiv.prover.derivation import Derivation, DerivationStep

from ._objects import P, Qz, j, z

THEOREM = Theorem(
    name="gradient_equality",
    title="Cross-entropy and KL divergence have the same gradient",
    check=lambda: prove(Grad(CrossEntropy(P, Qz), z, j), Grad(KL(P, Qz), z, j)),
    group="seed",
    derivation=Derivation(
        "gradient_equality",
        "Cross-entropy and KL divergence have the same gradient",
        Grad(CrossEntropy(P, Qz), z, j),
        (
            DerivationStep(Grad(Entropy(P) + KL(P, Qz), z, j), "decomposition"),
            DerivationStep(Grad(Entropy(P), z, j) + Grad(KL(P, Qz), z, j), "linearity_grad"),
            DerivationStep(Grad(KL(P, Qz), z, j), "constant_in_theta"),
        ),
    ),
)
