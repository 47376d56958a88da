"""The uniform distribution over n outcomes has entropy log n."""

from sympy import log

from symdiv import Entropy, Uniform, prove
from symdiv.library import Theorem

from ._objects import n

THEOREM = Theorem(
    name="entropy_of_uniform",
    title="H(uniform over n) = log n",
    check=lambda: prove(Entropy(Uniform(n)), log(n)),
    group="seed",
)
