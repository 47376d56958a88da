"""H(X|Y) != H(Y|X): conditioning is not symmetric (shown by an explicit joint table)."""

from symdiv import ConditionalEntropy, prove
from symdiv.library import Theorem

from ._objects import X, Y, p_xy

THEOREM = Theorem(
    name="conditional_entropy_asymmetry",
    title="Conditional entropy is not symmetric",
    check=lambda: prove(ConditionalEntropy(p_xy, X, given=Y), ConditionalEntropy(p_xy, Y, given=X), relation="!="),
)
