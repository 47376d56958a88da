"""The MLE log trick: argmax_q prod_s q(x_s) = argmin_q -sum_s log q(x_s).

-log is strictly decreasing, so maximising the likelihood and minimising the
NLL = -log(likelihood) select the same model."""

from symdiv import NLL, Likelihood, equivalent
from symdiv.library import Theorem

from ._objects import Q, data

THEOREM = Theorem(
    name="mle_log_trick",
    title="Maximising the likelihood is minimising the negative log-likelihood",
    check=lambda: equivalent(NLL(data, Q), Likelihood(data, Q), wrt=Q, senses=("min", "max")),
)
