"""Gaussian families and expectations over them, without integrating.

A measure of Gaussians is defined, as in a textbook, as an expectation: ``KL(N1 || N2) =
E_{x ~ N1}[log N1(x) - log N2(x)]``.  Its integrand is a polynomial in ``x`` once the logs
of the densities are expanded, and :func:`moment` gives ``E[x^k]`` for ``x ~ N(mu, sigma^2)``
(``E[x] = mu``, ``E[x^2] = mu^2 + sigma^2``, ...), so the prover's normal form evaluates the
expectation in a recorded step, where sympy's ``integrate`` takes about 12 s.

>>> from sympy import Symbol
>>> mu, sigma = Symbol("mu", real=True), Symbol("sigma", positive=True)
>>> N = Normal(mu, sigma)
>>> N.density(Symbol("x", real=True))
sqrt(2)*exp(-(-mu + x)**2/(2*sigma**2))/(2*sqrt(pi)*sigma)
>>> moment(2, mu, sigma)
mu**2 + sigma**2
"""

from __future__ import annotations

from typing import Union

from sympy import Basic, Expr, Integer, Poly, S, Symbol, binomial, exp, factorial2, pi, sqrt
from sympy.polys.polyerrors import PolynomialError

from ..errors import InvalidInputError, InvalidTypeError
from .model import Logits, PositiveVector

__all__ = ["Normal", "NormalDiag", "Expectation", "moment", "expectation_of_polynomial", "OUTCOME"]

#: The outcome ``x`` an expectation over a Gaussian integrates (a real symbol, bound by it).
OUTCOME = Symbol("x", real=True)


def _parameter(value: object, what: str, positive: bool = False) -> Expr:
    if isinstance(value, bool) or not isinstance(value, (int, Expr)):
        raise InvalidTypeError(f"the {what} of a Gaussian must be a number or an expression, got {value!r}")
    e = Integer(value) if isinstance(value, int) else value
    if positive and e.is_positive is not True:
        raise InvalidInputError(f"the {what} of a Gaussian must be known positive (Symbol('sigma', "
                                f"positive=True)), got {e}")
    if not positive and e.is_extended_real is False:
        raise InvalidInputError(f"the {what} of a Gaussian must be real, got {e}")
    return e


class Normal(Basic):
    """The Gaussian ``N(mu, sigma^2)`` on the real line, by its mean and standard deviation."""

    #: A distribution of a real outcome: measures of it are expectations, not sums.
    continuous = True
    shape = ()

    def __new__(cls, mu: object, sigma: object):
        return Basic.__new__(cls, _parameter(mu, "mean"), _parameter(sigma, "standard deviation", positive=True))

    @property
    def mu(self) -> Expr:
        return self.args[0]  # type: ignore[return-value]

    @property
    def sigma(self) -> Expr:
        return self.args[1]  # type: ignore[return-value]

    @property
    def name(self) -> str:
        return f"N({self.mu}, {self.sigma}^2)"

    @property
    def variables(self) -> tuple:
        return ()

    def density(self, x: Expr) -> Expr:
        """``exp(-(x - mu)^2 / (2 sigma^2)) / sqrt(2 pi sigma^2)``."""
        return exp(-(x - self.mu) ** 2 / (2 * self.sigma ** 2)) / sqrt(2 * pi * self.sigma ** 2)

    def _sympystr(self, printer) -> str:
        return f"N({printer._print(self.mu)}, {printer._print(self.sigma)}^2)"


class NormalDiag(Basic):
    """``N(mu, diag(sigma^2))`` in ``d`` dimensions: independent coordinates ``N(mu_k, sigma_k^2)``.

    *mu* is a real vector (:class:`~symdiv.core.model.Logits`) or a number for every coordinate,
    *sigma* a positive vector (:class:`~symdiv.core.model.PositiveVector`) or a positive number:
    ``NormalDiag(0, 1, d)`` is the standard normal ``N(0, I)``.
    """

    continuous = True
    shape = ()

    def __new__(cls, mu: object, sigma: object, dimension: object = None):
        if isinstance(mu, Logits):
            d = mu.size
        elif isinstance(sigma, PositiveVector):
            d = sigma.size
        elif dimension is not None:
            d = dimension
        else:
            raise InvalidInputError("a diagonal Gaussian of numbers needs its dimension: NormalDiag(0, 1, d)")
        if dimension is not None and dimension != d:
            raise InvalidInputError(f"the dimension {dimension} does not match the vectors' size {d}")
        if not isinstance(mu, Logits):
            mu = _parameter(mu, "mean")
        elif mu.size != d:
            raise InvalidInputError(f"the mean has size {mu.size}, not {d}")
        if not isinstance(sigma, PositiveVector):
            sigma = _parameter(sigma, "standard deviation", positive=True)
        elif sigma.size != d:
            raise InvalidInputError(f"the standard deviation has size {sigma.size}, not {d}")
        return Basic.__new__(cls, mu, sigma, d if isinstance(d, Basic) else Integer(d))

    @property
    def dimension(self) -> Expr:
        return self.args[2]  # type: ignore[return-value]

    def coordinate(self, k: Expr) -> Normal:
        """The Gaussian of coordinate *k*."""
        mu, sigma = self.args[0], self.args[1]
        return Normal(mu[k] if isinstance(mu, Logits) else mu, sigma[k] if isinstance(sigma, PositiveVector) else sigma)

    @property
    def name(self) -> str:
        return f"N({self.args[0]}, diag {self.args[1]}^2)"

    @property
    def variables(self) -> tuple:
        return ()

    def _sympystr(self, printer) -> str:
        return f"N({printer._print(self.args[0])}, diag({printer._print(self.args[1])})^2)"


class Expectation(Expr):
    """``E_{x ~ dist}[f(x)]``, unevaluated: *x* is bound by it.

    >>> from sympy import Symbol
    >>> mu, sigma = Symbol("mu", real=True), Symbol("sigma", positive=True)
    >>> Expectation(OUTCOME ** 2, OUTCOME, Normal(mu, sigma))
    E_{x~N(mu, sigma^2)}[x**2]
    """

    is_commutative = True
    is_extended_real = True

    def __new__(cls, body: Expr, x: Symbol, dist: Normal):
        if not isinstance(dist, Normal):
            raise InvalidTypeError(f"an expectation is over a Gaussian here, got {dist!r}")
        return Expr.__new__(cls, body, x, dist)

    @property
    def body(self) -> Expr:
        return self.args[0]  # type: ignore[return-value]

    @property
    def outcome(self) -> Symbol:
        return self.args[1]  # type: ignore[return-value]

    @property
    def dist(self) -> Normal:
        return self.args[2]  # type: ignore[return-value]

    @property
    def free_symbols(self) -> set:
        return (self.body.free_symbols - {self.outcome}) | self.dist.free_symbols

    def _sympystr(self, printer) -> str:
        return f"E_{{{printer._print(self.outcome)}~{printer._print(self.dist)}}}[{printer._print(self.body)}]"


def moment(k: int, mu: Expr, sigma: Expr) -> Expr:
    """``E[x^k]`` for ``x ~ N(mu, sigma^2)``: ``sum_j C(k, j) mu^(k-j) sigma^j (j-1)!!`` over even ``j``.

    >>> from sympy import Symbol
    >>> mu, s = Symbol("mu"), Symbol("s")
    >>> moment(1, mu, s), moment(3, mu, s), moment(4, 0, s)
    (mu, mu**3 + 3*mu*s**2, 3*s**4)
    """
    return sum((binomial(k, j) * mu ** (k - j) * sigma ** j * factorial2(j - 1) for j in range(0, k + 1, 2)),
               S.Zero).expand()


#: Highest power of x an expectation is taken of: the integrands of measures of Gaussians have 2.
MAX_DEGREE = 8


def expectation_of_polynomial(body: Expr, x: Symbol, dist: Normal) -> Union[Expr, None]:
    """``E_{x~dist}[body]`` when *body* is a polynomial in *x* (of degree <= :data:`MAX_DEGREE`), else None."""
    expanded = body.expand()
    if x not in expanded.free_symbols:
        return expanded
    try:
        poly = Poly(expanded, x)
    except PolynomialError:
        return None
    if poly.degree() > MAX_DEGREE or any(x in c.free_symbols for c in poly.coeffs()):
        return None
    return sum((c * moment(m[0], dist.mu, dist.sigma) for m, c in poly.terms()), S.Zero)

