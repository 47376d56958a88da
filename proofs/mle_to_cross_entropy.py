"""Maximum likelihood is minimum cross-entropy with the empirical distribution.

argmax_q prod_s q(x_s) = argmin_q -sum_s log q(x_s)        (the log trick)
                       = argmin_q -sum_i c_i log q_i       (group by outcome)
                       = argmin_q N H(p_hat, q)            (p_hat_i = c_i / N)
                       = argmin_q H(p_hat, q)              (N > 0)
"""

from sympy import Sum, log

from symdiv import NLL, CrossEntropy, Likelihood, equivalent
from symdiv.library import Theorem
from symdiv.prover.derivation import Derivation, DerivationStep

from ._objects import N, Q, data, i, n, p_hat

THEOREM = Theorem(
    name="mle_to_cross_entropy",
    title="Maximum likelihood minimises the cross-entropy with the empirical distribution",
    check=lambda: equivalent(CrossEntropy(p_hat, Q), Likelihood(data, Q), wrt=Q, senses=("min", "max")),
    group="teaching",
    derivation=Derivation(
        "mle_to_cross_entropy",
        "Maximum likelihood is minimum cross-entropy",
        Likelihood(data, Q),
        (
            DerivationStep(NLL(data, Q), "log_trick", "~", "min"),
            DerivationStep(-Sum(data.count(i) * log(Q[i]), (i, 1, n)), "group_samples", "~", "min"),
            DerivationStep(N * CrossEntropy(p_hat, Q), "empirical", "~", "min"),
            DerivationStep(CrossEntropy(p_hat, Q), "positive_factor", "~", "min"),
        ),
        wrt=Q,
        sense="max",
    ),
)
