"""D_KL(P||Q) != D_KL(Q||P): KL divergence is not symmetric.

Proved for symbolic n by a counterexample to the equation; the derivation works a concrete example in bits."""

from fractions import Fraction as F

from sympy import Rational, log

from symdiv import KL, ExplicitDistribution, prove
from symdiv.library import Theorem
from symdiv.prover.derivation import Derivation, DerivationStep

from ._objects import P, Q

P2 = ExplicitDistribution("P", [F(1, 2), F(1, 2)])
Q2 = ExplicitDistribution("Q", [F(1, 4), F(3, 4)])
log2_3 = log(3) / log(2)

THEOREM = Theorem(
    name="kl_asymmetry",
    title="KL divergence is not symmetric",
    check=lambda: prove(KL(P, Q), KL(Q, P), relation="!="),
    group="seed",
    derivation=Derivation(
        "kl_asymmetry",
        "KL divergence is not symmetric: P = (1/2, 1/2), Q = (1/4, 3/4), in bits",
        KL(P2, Q2, base=2),
        (
            DerivationStep(KL(P2, Q2, base=2).doit(deep=False), "definition"),
            DerivationStep(1 - log2_3 / 2, "arithmetic"),
            DerivationStep(Rational(3, 4) * log2_3 - 1, "not_equal", "!="),
            DerivationStep(KL(Q2, P2, base=2), "definition"),
        ),
    ),
)
