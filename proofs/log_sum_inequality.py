"""sum_i a_i log(a_i / b_i) >= (sum_i a_i) log(sum_i a_i / sum_i b_i) for positive a, b (the log-sum inequality)."""

from sympy import Sum, log

from symdiv import prove
from symdiv.core.model import PositiveVector
from symdiv.library import Theorem

from ._objects import i, n

a, b = PositiveVector("a", n), PositiveVector("b", n)
A, B = Sum(a[i], (i, 1, n)), Sum(b[i], (i, 1, n))

THEOREM = Theorem(
    name="log_sum_inequality",
    title="The log-sum inequality",
    check=lambda: prove(Sum(a[i] * log(a[i] / b[i]), (i, 1, n)), A * log(A / B), relation=">="),
    group="inequalities",
)
