"""H(N(mu, sigma^2)) = 1/2 log(2 pi e sigma^2) in nats."""

from sympy import E, log, pi

from symdiv import Entropy, prove
from symdiv.library import Theorem

from ._losses import N_1, sigma_1

THEOREM = Theorem(
    name="gaussian_entropy",
    title='The entropy of a Gaussian',
    check=lambda: prove(Entropy(N_1), log(2 * pi * E * sigma_1 ** 2) / 2),
    group="losses",
)
