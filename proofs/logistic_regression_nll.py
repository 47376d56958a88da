"""The NLL of logistic regression, -sum_s log(sigmoid(u_s)^y_s (1 - sigmoid(u_s))^(1 - y_s)), is BCE summed over the samples."""

from sympy import Sum, log

from symdiv import prove
from symdiv.core.functions import Sigmoid
from symdiv.core.measures import BinaryCrossEntropy
from symdiv.core.model import SAMPLE_INDEX as s
from symdiv.library import Theorem

from ._losses import N, u_s, y

THEOREM = Theorem(
    name="logistic_regression_nll",
    title="Logistic regression's NLL is binary cross-entropy summed",
    check=lambda: prove(-Sum(log(Sigmoid(u_s[s]) ** y[s] * (1 - Sigmoid(u_s[s])) ** (1 - y[s])), (s, 1, N)), Sum(BinaryCrossEntropy(y[s], Sigmoid(u_s[s])), (s, 1, N))),
    group="losses",
)
