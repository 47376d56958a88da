"""I(X;Y) >= I(X;Z) given the Markov chain X -> Y -> Z: processing cannot add information."""

from symdiv import MutualInformation, prove
from symdiv.library import Theorem
from symdiv.prover.inequality import markov_chain

from ._objects import X, Y, Z, p_xyz

THEOREM = Theorem(
    name="data_processing",
    title="The data-processing inequality",
    check=lambda: prove(MutualInformation(p_xyz, X, Y), MutualInformation(p_xyz, X, Z), relation=">=",
                        given=[markov_chain(X, Y, Z)]),
    group="inequalities",
)
