"""max(u, 0) - u p + log(1 + exp(-|u|)) = softplus(u) - p u for every real u: the stable form of BCE with logits
(torch's and TensorFlow's), proved by a case split on the sign of u."""

from sympy import Abs, Max, exp, log

from symdiv import prove
from symdiv.core.functions import Softplus
from symdiv.library import Theorem

from ._losses import p, u

THEOREM = Theorem(
    name="bce_stable_form",
    title='The stable form of binary cross-entropy with logits',
    check=lambda: prove(Max(u, 0) - u * p + log(1 + exp(-Abs(u))), Softplus(u) - p * u),
    group="losses",
)
