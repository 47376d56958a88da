"""The sigmoid and the softplus, the functions of binary classification, as sympy functions.

``sigmoid(u) = 1 / (1 + exp(-u))`` and ``softplus(u) = log(1 + exp(u))`` stay
functions of their own (as ``exp`` does), so a derivation shows ``sigmoid(u)``
where it means it; the prover's normal form knows their algebra:

* ``log sigmoid(u) = -softplus(-u)`` and ``log(1 - sigmoid(u)) = -softplus(u)``;
* ``softplus(-u) = softplus(u) - u`` and ``sigmoid(-u) = 1 - sigmoid(u)``;
* ``d/du softplus(u) = sigmoid(u)``, ``d/du sigmoid(u) = sigmoid(u) (1 - sigmoid(u))``.

>>> from sympy import Symbol, exp, log
>>> u = Symbol("u", real=True)
>>> Sigmoid(u).diff(u), Softplus(u).diff(u)
((1 - Sigmoid(u))*Sigmoid(u), Sigmoid(u))
>>> Sigmoid(0), Softplus(u).rewrite(log)
(1/2, log(exp(u) + 1))
"""

from __future__ import annotations

from sympy import Expr, Function, Rational, exp, log

__all__ = ["Sigmoid", "Softplus"]


class Sigmoid(Function):
    """``sigmoid(u) = 1 / (1 + exp(-u))``, the probability a logit ``u`` stands for; in ``(0, 1)``."""

    nargs = 1

    @classmethod
    def eval(cls, u: Expr):
        if u.is_zero:
            return Rational(1, 2)
        return None

    def fdiff(self, argindex: int = 1) -> Expr:
        return self * (1 - self)

    def _eval_rewrite_as_exp(self, u: Expr, **kwargs) -> Expr:
        return 1 / (1 + exp(-u))

    def _eval_is_positive(self):
        return True if self.args[0].is_extended_real else None

    def _eval_is_extended_real(self):
        return self.args[0].is_extended_real

    def _eval_evalf(self, prec: int):
        return (1 / (1 + exp(-self.args[0]))).evalf(prec)


class Softplus(Function):
    """``softplus(u) = log(1 + exp(u))``, a smooth ``max(u, 0)``; positive."""

    nargs = 1

    @classmethod
    def eval(cls, u: Expr):
        if u.is_zero:
            return log(2)
        return None

    def fdiff(self, argindex: int = 1) -> Expr:
        return Sigmoid(self.args[0])

    def _eval_rewrite_as_log(self, u: Expr, **kwargs) -> Expr:
        return log(1 + exp(u))

    def _eval_is_positive(self):
        return True if self.args[0].is_extended_real else None

    def _eval_is_extended_real(self):
        return self.args[0].is_extended_real

    def _eval_evalf(self, prec: int):
        return log(1 + exp(self.args[0])).evalf(prec)

