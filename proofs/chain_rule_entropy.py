"""H(X,Y) = H(X) + H(Y|X): the chain rule of entropy (Cover & Thomas, Theorem 2.2.1), for symbolic sizes."""

from sympy import Mul, Sum, log

from symdiv import ConditionalEntropy, Entropy, prove
from symdiv.library import Theorem
from symdiv.prover.derivation import Derivation, DerivationStep

from ._objects import X, Y, i, p_x, p_xy

k = i.func("k", integer=True)
joint, cond = p_xy[i, k], p_xy[i, k] / p_x[i]
sum_xy = ((i, 1, X.size), (k, 1, Y.size))

THEOREM = Theorem(
    name="chain_rule_entropy",
    title="The chain rule of entropy",
    check=lambda: prove(Entropy(p_xy), Entropy(p_x) + ConditionalEntropy(p_xy, Y, given=X)),
    derivation=Derivation(
        "chain_rule_entropy",
        "The chain rule of entropy",
        Entropy(p_xy),
        (
            DerivationStep(-Sum(joint * log(Mul(p_x[i], cond, evaluate=False)), *sum_xy), "conditional"),
            DerivationStep(-Sum(joint * log(p_x[i]), *sum_xy) - Sum(joint * log(cond), *sum_xy), "log_product"),
            DerivationStep(-Sum(p_x[i] * log(p_x[i]), (i, 1, X.size)) - Sum(joint * log(cond), *sum_xy),
                           "marginal"),
            DerivationStep(Entropy(p_x) + ConditionalEntropy(p_xy, Y, given=X), "definition"),
        ),
    ),
)
