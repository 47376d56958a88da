"""I(X;X) = H(X): a variable tells everything about itself (entropy is self-information)."""

from symdiv import Entropy, MutualInformation, prove
from symdiv.library import Theorem

from ._objects import X, p_x, p_xy

THEOREM = Theorem(
    name="mutual_information_self",
    title="The information a variable has about itself is its entropy",
    check=lambda: prove(MutualInformation(p_xy, X, X), Entropy(p_x)),
)
