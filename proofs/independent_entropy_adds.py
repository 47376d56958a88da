"""H(X,Y) = H(X) + H(Y) when X and Y are independent, i.e. when their joint is p(x)p(y)."""

from symdiv import Distribution, Entropy, ProductDistribution, prove
from symdiv.library import Theorem

from ._objects import X, Y

p_x, p_y = Distribution("p_X", (X,)), Distribution("p_Y", (Y,))

THEOREM = Theorem(
    name="independent_entropy_adds",
    title="The entropies of independent variables add",
    check=lambda: prove(Entropy(ProductDistribution(p_x, p_y)), Entropy(p_x) + Entropy(p_y)),
)
