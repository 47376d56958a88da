"""D_KL(P||Q) = sum P log(P/Q) = sum P (log P - log Q)."""

from sympy import Sum, log

from symdiv import KL, prove
from symdiv.library import Theorem
from symdiv.prover.derivation import Derivation, DerivationStep

from ._objects import P, Q, i, n

expanded = Sum(P[i] * (log(P[i]) - log(Q[i])), (i, 1, n))

THEOREM = Theorem(
    name="kl_expansion",
    title="KL divergence as a difference of two sums",
    check=lambda: prove(KL(P, Q), expanded),
    group="teaching",
    derivation=Derivation(
        "kl_expansion",
        "The KL divergence, expanded",
        KL(P, Q),
        (
            DerivationStep(Sum(P[i] * log(P[i] / Q[i]), (i, 1, n)), "definition"),
            DerivationStep(expanded, "log_quotient"),
        ),
    ),
)
