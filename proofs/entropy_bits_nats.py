"""Entropy in bits is entropy in nats divided by ln 2."""

from sympy import log

from symdiv import Entropy, prove
from symdiv.library import Theorem

from ._objects import P

THEOREM = Theorem(
    name="entropy_bits_nats",
    title="Entropy in bits is entropy in nats divided by ln 2",
    check=lambda: prove(Entropy(P, base=2), Entropy(P) / log(2)),
    group="seed",
)
