"""H(X,Y,Z) = H(X) + H(Y|X) + H(Z|X,Y): the chain rule of entropy for three variables."""

from symdiv import ConditionalEntropy, Entropy, marginal, prove
from symdiv.library import Theorem

from ._objects import X, Y, Z, p_xyz

THEOREM = Theorem(
    name="chain_rule_entropy_three",
    title="The chain rule of entropy for three variables",
    check=lambda: prove(Entropy(p_xyz), Entropy(marginal(p_xyz, X)) + ConditionalEntropy(p_xyz, Y, given=X)
                        + ConditionalEntropy(p_xyz, Z, given=(X, Y))),
)
