"""I(X,Y;Z) = I(X;Z) + I(Y;Z|X): the chain rule for mutual information (Cover & Thomas, Theorem 2.5.2)."""

from symdiv import MutualInformation as I, prove
from symdiv.library import Theorem

from ._objects import X, Y, Z, p_xyz

THEOREM = Theorem(
    name="chain_rule_information",
    title="The chain rule for mutual information",
    check=lambda: prove(I(p_xyz, (X, Y), Z), I(p_xyz, X, Z) + I(p_xyz, Y, Z, given=X)),
)
