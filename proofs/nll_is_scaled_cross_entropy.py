"""NLL(x; q) = N * H(p_hat, q): the NLL of a dataset is N times the cross-entropy
of its empirical distribution with the model."""

from symdiv import NLL, CrossEntropy, prove
from symdiv.library import Theorem

from ._objects import N, Q, data, p_hat

THEOREM = Theorem(
    name="nll_is_scaled_cross_entropy",
    title="The NLL is N times the cross-entropy with the empirical distribution",
    check=lambda: prove(NLL(data, Q), N * CrossEntropy(p_hat, Q)),
    group="seed",
)
