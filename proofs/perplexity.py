"""exp(H(P)) in nats = 2^H_2(P) in bits: the perplexity does not depend on the unit."""

from sympy import exp

from symdiv import Entropy, prove
from symdiv.library import Theorem

from ._losses import P

THEOREM = Theorem(
    name="perplexity",
    title='Perplexity is the same in nats and in bits',
    check=lambda: prove(exp(Entropy(P)), 2 ** Entropy(P, base=2)),
    group="losses",
)
