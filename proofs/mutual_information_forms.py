"""I(X;Y) = D(p(x,y) || p(x)p(y)) = H(X) - H(X|Y) = H(Y) - H(Y|X) = H(X) + H(Y) - H(X,Y) = H(X,Y) - H(X|Y) - H(Y|X).

Every form of mutual information in Cover & Thomas, section 2.4, each step proved for symbolic sizes."""

from symdiv import KL, ConditionalEntropy as Hc, Entropy as H, MutualInformation, ProductDistribution, prove
from symdiv.library import Theorem
from symdiv.prover.derivation import Derivation, DerivationStep

from ._objects import X, Y, p_x, p_xy, p_y

I = MutualInformation(p_xy, X, Y)

THEOREM = Theorem(
    name="mutual_information_forms",
    title="The forms of mutual information",
    check=lambda: prove(I, KL(p_xy, ProductDistribution(p_x, p_y))),
    derivation=Derivation(
        "mutual_information_forms",
        "The forms of mutual information",
        I,
        (
            DerivationStep(KL(p_xy, ProductDistribution(p_x, p_y)), "definition"),
            DerivationStep(H(p_x) - Hc(p_xy, X, given=Y), "mutual_information"),
            DerivationStep(H(p_y) - Hc(p_xy, Y, given=X), "mutual_information"),
            DerivationStep(H(p_x) + H(p_y) - H(p_xy), "chain_rule"),
            DerivationStep(H(p_xy) - Hc(p_xy, X, given=Y) - Hc(p_xy, Y, given=X), "chain_rule"),
        ),
    ),
)
