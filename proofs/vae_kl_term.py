"""KL(N(mu, diag sigma^2) || N(0, I)) = 1/2 sum_k (mu_k^2 + sigma_k^2 - log sigma_k^2 - 1): the VAE's KL term, for a symbolic dimension d."""

from sympy import Rational, Sum, Symbol, log

from symdiv import KL, prove
from symdiv.library import Theorem

from ._losses import STANDARD, VAE_POSTERIOR, d, mu, sigmas

k = Symbol("k", integer=True)

THEOREM = Theorem(
    name="vae_kl_term",
    title="The VAE's KL term",
    check=lambda: prove(KL(VAE_POSTERIOR, STANDARD), Rational(1, 2) * Sum(mu[k] ** 2 + sigmas[k] ** 2 - log(sigmas[k] ** 2) - 1, (k, 1, d))),
    group="losses",
)
