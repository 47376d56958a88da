"""NLL(x; Q_theta) and H(p_hat, Q_theta) have the same minimisers over theta, for any model Q_theta."""

from symdiv import NLL, CrossEntropy, Dataset, equivalent
from symdiv.library import Theorem

from ._losses import N, Q_theta, n, theta

DATA = Dataset("x", N, n)

THEOREM = Theorem(
    name="any_model_nll_cross_entropy",
    title='NLL and cross-entropy have the same minimisers for any model',
    check=lambda: equivalent(NLL(DATA, Q_theta), CrossEntropy(DATA.empirical(), Q_theta), wrt=theta),
    group="losses",
)
