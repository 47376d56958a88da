"""The uniform distribution over n outcomes has entropy log n."""

from sympy import log

from symdiv import Entropy, Uniform, prove
from symdiv.library import Theorem

from ._objects import n

THEOREM = Theorem(
    name="entropy_of_uniform",
    title="The uniform distribution on n outcomes has entropy log n",
    check=lambda: prove(Entropy(Uniform(n)), log(n)),
    group="seed",
)
