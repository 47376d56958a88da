"""With a fixed sigma, the Gaussian NLL and the squared error have the same minimisers: NLL = MSE/(2 sigma^2) + N/2 log(2 pi sigma^2)."""

from sympy import Sum, log

from symdiv import equivalent
from symdiv.core.continuous import Normal
from symdiv.core.model import SAMPLE_INDEX as s
from symdiv.library import Theorem

from ._losses import N, predictions, sigma, targets

THEOREM = Theorem(
    name="gaussian_nll_mse",
    title='Gaussian NLL and squared error have the same minimisers',
    check=lambda: equivalent(-Sum(log(Normal(predictions[s], sigma).density(targets[s])), (s, 1, N)), Sum((targets[s] - predictions[s]) ** 2, (s, 1, N)), wrt=predictions),
    group="losses",
)
