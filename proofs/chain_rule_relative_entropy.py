"""D(p(x,y)||q(x,y)) = D(p(x)||q(x)) + D(p(y|x)||q(y|x)): the chain rule for relative entropy
(Cover & Thomas, Theorem 2.5.3); the second term is the conditional divergence, averaged over p(x)."""

from symdiv import KL, ConditionalKL, marginal, prove
from symdiv.library import Theorem

from ._objects import X, Y, p_xy, q_xy

THEOREM = Theorem(
    name="chain_rule_relative_entropy",
    title="The chain rule for relative entropy",
    check=lambda: prove(KL(p_xy, q_xy), KL(marginal(p_xy, X), marginal(q_xy, X))
                        + ConditionalKL(p_xy, q_xy, Y, given=X)),
)
