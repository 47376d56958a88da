"""H(P,Q) = H(P) + D_KL(P||Q): cross-entropy is entropy plus KL divergence.

The derivation follows the seed: add and subtract sum_x P log P."""

from sympy import Sum, log

from symdiv import CrossEntropy, Entropy, KL, prove
from symdiv.library import Theorem
from symdiv.prover.derivation import Derivation, DerivationStep, keep_order

from ._objects import P, Q, i, n

p_log_p = Sum(P[i] * log(P[i]), (i, 1, n))
p_log_q = Sum(P[i] * log(Q[i]), (i, 1, n))

THEOREM = Theorem(
    name="cross_entropy_decomposition",
    title="Cross-entropy is entropy plus KL divergence",
    check=lambda: prove(CrossEntropy(P, Q), Entropy(P) + KL(P, Q)),
    group="seed",
    derivation=Derivation(
        "cross_entropy_decomposition",
        "Cross-entropy is entropy plus KL divergence",
        CrossEntropy(P, Q),
        (
            DerivationStep(-p_log_q, "definition"),
            DerivationStep(keep_order(-p_log_p, p_log_p, -p_log_q), "add_subtract"),
            DerivationStep(Entropy(P) + Sum(P[i] * log(P[i] / Q[i]), (i, 1, n)), "log_quotient"),
            DerivationStep(Entropy(P) + KL(P, Q), "definition"),
        ),
    ),
)
