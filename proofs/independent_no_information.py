"""I(X;Y) = 0 when X and Y are independent, i.e. when their joint is p(x)p(y)."""

from symdiv import Distribution, MutualInformation, ProductDistribution, prove
from symdiv.library import Theorem

from ._objects import X, Y

THEOREM = Theorem(
    name="independent_no_information",
    title="Independent variables share no information",
    check=lambda: prove(MutualInformation(ProductDistribution(Distribution("p_X", (X,)), Distribution("p_Y", (Y,))),
                                          X, Y), 0),
)
