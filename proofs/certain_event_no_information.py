"""A certain event carries no information: I(x) = -log P(x) = 0 when P(x) = 1."""

from sympy import S

from symdiv import PointMass, SelfInformation, prove
from symdiv.library import Theorem

from ._objects import j, n

THEOREM = Theorem(
    name="certain_event_no_information",
    title="A certain event carries no information",
    check=lambda: prove(SelfInformation(PointMass(n, j), j), S.Zero),
    group="seed",
)
