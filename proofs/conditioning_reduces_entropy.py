"""H(X|Y) <= H(X): conditioning reduces entropy (on average); a Shannon-type inequality."""

from symdiv import ConditionalEntropy, Entropy, prove
from symdiv.library import Theorem

from ._objects import X, Y, p_x, p_xy

THEOREM = Theorem(
    name="conditioning_reduces_entropy",
    title="Conditioning reduces entropy",
    check=lambda: prove(ConditionalEntropy(p_xy, X, given=Y), Entropy(p_x), relation="<="),
    group="inequalities",
)
