"""Entropy is the expected self-information: H(P) = E_P[I(x)] = -sum_x P(x) log P(x)."""

from sympy import Sum, log

from symdiv import Entropy, SelfInformation, prove
from symdiv.library import Theorem
from symdiv.prover.derivation import Derivation, DerivationStep

from ._objects import P, i, n

THEOREM = Theorem(
    name="entropy_definition",
    title="Entropy is the expected self-information",
    check=lambda: prove(Entropy(P), Sum(P[i] * SelfInformation(P, i), (i, 1, n))),
    group="teaching",
    derivation=Derivation(
        "entropy_definition",
        "Entropy is the expected self-information",
        Entropy(P),
        (
            DerivationStep(-Sum(P[i] * log(P[i]), (i, 1, n)), "definition"),
            DerivationStep(Sum(P[i] * SelfInformation(P, i), (i, 1, n)), "self_information"),
        ),
    ),
)
