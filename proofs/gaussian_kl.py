"""KL(N(mu_1, sigma_1^2) || N(mu_2, sigma_2^2)) = log(sigma_2/sigma_1) + (sigma_1^2 + (mu_1 - mu_2)^2)/(2 sigma_2^2) - 1/2,
from the definition as an expectation, by the Gaussian moments (no integration)."""

from sympy import Rational, log

from symdiv import KL, prove
from symdiv.library import Theorem

from ._losses import N_1, N_2, mu_1, mu_2, sigma_1, sigma_2

THEOREM = Theorem(
    name="gaussian_kl",
    title='The KL divergence between two Gaussians',
    check=lambda: prove(KL(N_1, N_2), log(sigma_2 / sigma_1) + (sigma_1 ** 2 + (mu_1 - mu_2) ** 2) / (2 * sigma_2 ** 2) - Rational(1, 2)),
    group="losses",
)
