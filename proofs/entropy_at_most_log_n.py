"""H(P) <= log n, with equality only for the uniform distribution: D(P||U) >= 0 in disguise."""

from sympy import log

from symdiv import Entropy, prove
from symdiv.library import Theorem

from ._objects import P, n

THEOREM = Theorem(
    name="entropy_at_most_log_n",
    title="Entropy is at most log n",
    check=lambda: prove(Entropy(P), log(n), relation="<="),
    group="inequalities",
)
