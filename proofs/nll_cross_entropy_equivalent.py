"""Minimising NLL and minimising cross-entropy with the empirical distribution
pick the same model: NLL = a H(p_hat, q) + b with a = N, b = 0."""

from sympy import S

from symdiv import NLL, CrossEntropy, equivalent
from symdiv.library import Theorem

from ._objects import N, Q, data, p_hat

THEOREM = Theorem(
    name="nll_cross_entropy_equivalent",
    title="The NLL and the cross-entropy with the empirical distribution have the same minimisers",
    check=lambda: equivalent(NLL(data, Q), CrossEntropy(p_hat, Q), wrt=Q, a=N, b=S.Zero),
    group="seed",
)
