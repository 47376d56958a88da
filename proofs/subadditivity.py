"""H(X,Y) <= H(X) + H(Y): joint entropy is subadditive."""

from symdiv import Entropy, prove
from symdiv.library import Theorem

from ._objects import p_x, p_xy, p_y

THEOREM = Theorem(
    name="subadditivity",
    title="Joint entropy is subadditive",
    check=lambda: prove(Entropy(p_xy), Entropy(p_x) + Entropy(p_y), relation="<="),
    group="inequalities",
)
