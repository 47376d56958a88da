"""Cross-entropy is the expected self-information under the code Q: H(P,Q) = E_P[-log Q]."""

from sympy import Sum, log

from symdiv import CrossEntropy, SelfInformation, prove
from symdiv.library import Theorem
from symdiv.prover.derivation import Derivation, DerivationStep

from ._objects import P, Q, i, n

THEOREM = Theorem(
    name="cross_entropy_definition",
    title="Cross-entropy is the expected self-information under the model",
    check=lambda: prove(CrossEntropy(P, Q), Sum(P[i] * SelfInformation(Q, i), (i, 1, n))),
    group="teaching",
    derivation=Derivation(
        "cross_entropy_definition",
        "Cross-entropy is the expected self-information under Q",
        CrossEntropy(P, Q),
        (
            DerivationStep(-Sum(P[i] * log(Q[i]), (i, 1, n)), "definition"),
            DerivationStep(Sum(P[i] * SelfInformation(Q, i), (i, 1, n)), "self_information"),
        ),
    ),
)
