"""A worked example in bits: H(1/2, 1/4, 1/8, 1/8) = 7/4."""

from fractions import Fraction as F

from sympy import Rational

from symdiv import Entropy, ExplicitDistribution, prove
from symdiv.library import Theorem

P = ExplicitDistribution("P", [F(1, 2), F(1, 4), F(1, 8), F(1, 8)])

THEOREM = Theorem(
    name="entropy_known_value",
    title="The entropy of (1/2, 1/4, 1/8, 1/8) is 7/4 bits",
    check=lambda: prove(Entropy(P, base=2), Rational(7, 4)),
)
