"""I(X;Y|Z) >= 0: conditional mutual information is nonnegative (an elemental inequality)."""

from symdiv import MutualInformation, prove
from symdiv.library import Theorem

from ._objects import X, Y, Z, p_xyz

THEOREM = Theorem(
    name="information_nonnegative",
    title="Conditional mutual information is nonnegative",
    check=lambda: prove(MutualInformation(p_xyz, X, Y, given=Z), 0, relation=">="),
    group="inequalities",
)
