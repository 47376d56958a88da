"""Information measures as unevaluated sympy expressions.

Like ``Sum`` next to ``summation``, a measure stays a node of its own until
asked: ``KL(P, Q)`` prints as ``D_KL(P||Q)`` and only ``.doit()`` (or
:func:`expand_measures`) replaces it by its definition.  The log base is an
argument: ``E`` (the default) gives nats, ``2`` gives bits.

>>> from symdiv.core.model import Distribution, alphabet_size
>>> n = alphabet_size()
>>> P, Q = Distribution("P", n), Distribution("Q", n)
>>> CrossEntropy(P, Q)
H(P, Q)
>>> KL(P, Q, base=2).doit()
Sum(log(P[i]/Q[i])*P[i], (i, 1, n))/log(2)
"""

from __future__ import annotations

import itertools
from typing import Any, Optional

from sympy import (
    Add,
    Tuple,
    Basic,
    E,
    Expr,
    Integer,
    Number,
    Product,
    Sum,
    Symbol,
    diff,
    log,
)

from ..display import show
from ..errors import InvalidInputError, InvalidTypeError
from .bound import canonical_indices, index_names
from .model import (
    INDEX,
    SAMPLE_INDEX,
    Dataset,
    Distribution,
    DistributionLike,
    ExplicitDistribution,
    Logits,
    RandomVariable,
    is_distribution,
    same_size,
    tuple_arg,
    value_at,
)

__all__ = [
    "Measure",
    "SelfInformation",
    "Entropy",
    "CrossEntropy",
    "KLDivergence",
    "KL",
    "NLL",
    "Likelihood",
    "ConditionalEntropy",
    "MutualInformation",
    "ConditionalKL",
    "BinaryCrossEntropy",
    "FocalLoss",
    "Grad",
    "expand_measures",
    "check_base",
]


def check_base(base: object) -> Expr:
    """Validate a log base: ``E``, or a positive number other than 1.

    >>> check_base(2)
    2
    >>> check_base(1)
    Traceback (most recent call last):
    ...
    symdiv.errors.InvalidInputError: log base must be positive and not 1, got 1
    """
    if isinstance(base, bool) or not isinstance(base, (int, Expr)):
        raise InvalidTypeError(f"log base must be an int or a sympy number such as E, got {base!r}")
    if isinstance(base, int):
        base = Integer(base)
    if not (base is E or isinstance(base, Number) or isinstance(base, Symbol)):
        raise InvalidTypeError(f"log base must be a number or E, got {base}")
    if base.is_positive is False or base == 1 or (isinstance(base, Symbol) and not base.is_positive):
        raise InvalidInputError(f"log base must be positive and not 1, got {base}")
    return base


def _check_distribution(obj: object, role: str) -> DistributionLike:
    if not is_distribution(obj):
        raise InvalidTypeError(
            f"{role} must be a symdiv distribution (Distribution, Softmax, Empirical, ...), "
            f"got {obj!r} of type {type(obj).__name__}"
        )
    return obj  # type: ignore[return-value]


def _in_base(nats: Expr, base: Expr) -> Expr:
    """Convert a quantity in nats to *base*: divide by ``log(base)`` once, outside the sum.

    A sum written out term by term (an explicit distribution's) is divided
    term by term instead, so that it reads as a textbook writes it,
    ``1/2 + log_2(2/3)/2`` rather than ``(log(2)/2 + log(2/3)/2)/log(2)``.
    """
    if base is E:
        return nats
    if isinstance(nats, Add):
        return Add(*(term / log(base) for term in nats.args))
    return nats / log(base)


def _sum_over(dist: DistributionLike, body) -> Expr:
    """``sum_{i, j, ...} body(i, j, ...)`` over every axis of *dist*.

    Explicit distributions expand into a plain ``Add`` so their exact values
    flow straight into rational arithmetic.  Every body here is weighted by
    *dist*'s own component, so an outcome of probability 0 contributes 0
    (the convention ``0 log 0 = 0``) and is left out, where sympy would
    make ``0·log 0`` NaN.
    """
    if isinstance(dist, ExplicitDistribution):
        return Add(*[body(*(Integer(m) for m in at)) for at, v in dist.table().items() if v != 0])
    if getattr(dist, "expands", False):  # a Bernoulli: its two terms, written out
        return Add(*[body(Integer(m)) for m in range(1, int(dist.size) + 1)])
    indices = _indices_for(dist, len(dist.shape))
    return Sum(body(*indices), *((i, 1, n) for i, n in zip(indices, dist.shape)))


def _indices_for(avoid: Basic, count: int) -> list[Symbol]:
    """*count* summation indices, ``i`` first, none of them a name free in *avoid* (a size ``m``)."""
    names = [i for i in [INDEX, *index_names([avoid])] if i not in avoid.free_symbols]
    return list(dict.fromkeys(names))[:count]


def _variables(items: object, role: str) -> tuple[RandomVariable, ...]:
    """A random variable or a tuple of them, as a tuple."""
    items = tuple(items) if isinstance(items, (tuple, list, Tuple)) else (items,)
    for v in items:
        if not isinstance(v, RandomVariable):
            raise InvalidTypeError(f"{role} must be random variables, got {v!r} of type {type(v).__name__}")
    return tuple(items)


def _sum_over_variables(joint: DistributionLike, variables: tuple[RandomVariable, ...], body) -> Expr:
    """``sum_{x, y, ...} body({X: x, Y: y, ...})`` over the alphabets of *variables* (the joint's order).

    As in :func:`_sum_over`, a body is weighted by the joint's probability
    of its outcome, so for an explicit table the outcomes of probability 0
    are left out (``0 log 0 = 0``).
    """
    ordered = [v for v in joint.variables if v in variables]
    if isinstance(joint, ExplicitDistribution):
        cells = (dict(zip(ordered, map(Integer, at)))
                 for at in itertools.product(*(range(1, int(v.size) + 1) for v in ordered)))
        return Add(*[body(at) for at in cells if value_at(joint, at) != 0])
    indices = _indices_for(joint, len(ordered))
    return Sum(body(dict(zip(ordered, indices))), *((i, 1, v.size) for i, v in zip(indices, ordered)))


def _continuous(*dists: object) -> bool:
    return any(getattr(d, "continuous", False) for d in dists)


def _over_coordinates(P: object, build) -> Expr:
    """``sum_k build(P_k, ...)`` over the independent coordinates of diagonal Gaussians."""
    k = Symbol("k", integer=True)
    return Sum(build(k), (k, 1, P.dimension))


def _expect(P: object, body) -> Expr:
    """``E_{x~P}[body(x)]`` for a Gaussian *P* (its outcome ``x``)."""
    from .continuous import OUTCOME, Expectation

    return Expectation(body(OUTCOME), OUTCOME, P)


class Measure(Expr):
    """Base class of the information measures.

    Subclasses implement :meth:`definition`; ``doit`` expands it.
    """

    is_commutative = True
    is_extended_real = True

    def definition(self) -> Expr:
        """The measure written out as sums of logs (one level, not recursive)."""
        raise NotImplementedError

    @property
    def base(self) -> Expr:
        return self.args[-1]  # type: ignore[return-value]

    def doit(self, **hints: Any) -> Expr:
        expr = self.definition()
        return expr.doit(**hints) if hints.get("deep", True) else expr

    def _eval_derivative(self, s: Basic) -> Expr:
        return diff(self.definition(), s)

    def _latex(self, printer: Any) -> str:
        # sympy.latex(KL(P, Q)) and Jupyter ask the object itself; symdiv's one
        # LaTeX printer answers (symdiv.render registers it with symdiv.display).
        return show("latex", "Expr", self)

    def _base_suffix(self) -> str:
        return "" if self.base is E else f", base={self.base}"


class SelfInformation(Measure):
    """``I_P(x) = -log P(x)``: the information carried by outcome ``x`` of ``P``."""

    def __new__(cls, dist: DistributionLike, outcome: object, base: object = E):
        _check_distribution(dist, "SelfInformation's distribution")
        if isinstance(outcome, bool) or not isinstance(outcome, (int, Expr)):
            raise InvalidTypeError(f"outcome must be an int or an integer Symbol, got {outcome!r}")
        outcome = Integer(outcome) if isinstance(outcome, int) else outcome
        dist[outcome]  # validates the index
        return Expr.__new__(cls, dist, outcome, check_base(base))

    def definition(self) -> Expr:
        dist, outcome = self.args[0], self.args[1]
        return _in_base(-log(dist.component(outcome)), self.base)

    def _sympystr(self, printer) -> str:
        return f"I_{self.args[0].name}({printer._print(self.args[1])}{self._base_suffix()})"


class Entropy(Measure):
    """``H(P) = -sum_i p_i log p_i``."""

    def __new__(cls, dist: DistributionLike, base: object = E):
        return Expr.__new__(cls, _check_distribution(dist, "Entropy's argument"), check_base(base))

    @property
    def dist(self) -> DistributionLike:
        return self.args[0]  # type: ignore[return-value]

    def definition(self) -> Expr:
        P = self.dist
        if _continuous(P):
            if hasattr(P, "coordinate"):  # independent coordinates: their entropies add
                return _over_coordinates(P, lambda k: Entropy(P.coordinate(k), base=self.base))
            return _in_base(_expect(P, lambda x: -log(P.density(x))), self.base)
        return _in_base(-_sum_over(P, lambda *i: P.component(*i) * log(P.component(*i))), self.base)

    def _sympystr(self, printer) -> str:
        return f"H({_names(self.dist.variables) or self.dist.name}{self._base_suffix()})"


class _Divergence(Measure):
    """A measure of two distributions of the same size, in the order ``(P, Q)``."""

    _title = ""

    def __new__(cls, P: DistributionLike, Q: DistributionLike, base: object = E):
        _check_distribution(P, f"{cls._title}'s first argument")
        _check_distribution(Q, f"{cls._title}'s second argument")
        same_size(P, Q, what=cls._title)
        return Expr.__new__(cls, P, Q, check_base(base))

    @property
    def P(self) -> DistributionLike:
        return self.args[0]  # type: ignore[return-value]

    @property
    def Q(self) -> DistributionLike:
        return self.args[1]  # type: ignore[return-value]


class CrossEntropy(_Divergence):
    """``H(P, Q) = -sum_i p_i log q_i``."""

    _title = "cross-entropy H(P, Q)"

    def definition(self) -> Expr:
        P, Q = self.P, self.Q
        if _continuous(P, Q):
            if hasattr(P, "coordinate"):
                return _over_coordinates(P, lambda k: CrossEntropy(P.coordinate(k), Q.coordinate(k), self.base))
            return _in_base(_expect(P, lambda x: -log(Q.density(x))), self.base)
        return _in_base(-_sum_over(P, lambda *i: P.component(*i) * log(Q.component(*i))), self.base)

    def _sympystr(self, printer) -> str:
        return f"H({self.P.name}, {self.Q.name}{self._base_suffix()})"


class KLDivergence(_Divergence):
    """``D_KL(P||Q) = sum_i p_i log(p_i / q_i)``; note the argument order."""

    _title = "KL divergence D(P||Q)"

    def definition(self) -> Expr:
        P, Q = self.P, self.Q
        if _continuous(P, Q):
            if hasattr(P, "coordinate"):  # independent coordinates: their divergences add
                return _over_coordinates(P, lambda k: KLDivergence(P.coordinate(k), Q.coordinate(k), self.base))
            return _in_base(_expect(P, lambda x: log(P.density(x)) - log(Q.density(x))), self.base)
        return _in_base(
            _sum_over(P, lambda *i: P.component(*i) * log(P.component(*i) / Q.component(*i))), self.base
        )

    def _sympystr(self, printer) -> str:
        return f"D_KL({self.P.name}||{self.Q.name}{self._base_suffix()})"


#: Short alias: ``KL(P, Q)`` is ``KLDivergence(P, Q)``.
KL = KLDivergence


def _names(variables: tuple[RandomVariable, ...]) -> str:
    return ",".join(v.name for v in variables)


def _joint_of(joint: object, role: str) -> DistributionLike:
    _check_distribution(joint, role)
    if not joint.variables:  # type: ignore[attr-defined]
        raise InvalidTypeError(f"{role} must be a distribution over random variables, e.g. "
                               f"Distribution('p', (X, Y)); {joint} has none")
    return joint  # type: ignore[return-value]


def _among(joint: DistributionLike, variables: tuple[RandomVariable, ...], what: str) -> None:
    missing = [v.name for v in variables if v not in joint.variables]
    if missing:
        raise InvalidInputError(f"{what}: {joint.name} is a distribution of {_names(joint.variables)}, "
                                f"not of {', '.join(missing)}")


class ConditionalEntropy(Measure):
    """``H(Y|X) = -sum_{x,y} p(x,y) log p(y|x)``, from the joint *p* of the variables.

    >>> from symdiv.core.model import Distribution, RandomVariable
    >>> X, Y = RandomVariable("X", 2), RandomVariable("Y", 3)
    >>> ConditionalEntropy(Distribution("p", (X, Y)), Y, given=X)
    H(Y|X)
    """

    def __new__(cls, joint: DistributionLike, of: object, given: object = (), base: object = E):
        joint = _joint_of(joint, "a conditional entropy's joint distribution")
        of, given = _variables(of, "the variables of H(.|.)"), _variables(given, "the conditioning variables")
        if not of:
            raise InvalidInputError("H(.|.) needs the variables whose entropy it is")
        _among(joint, of + given, "conditional entropy")
        return Expr.__new__(cls, joint, Tuple(*of), Tuple(*given), check_base(base))

    @property
    def joint(self) -> DistributionLike:
        return self.args[0]  # type: ignore[return-value]

    of = tuple_arg(1, "The variables whose entropy it is.")
    given = tuple_arg(2, "The variables it is conditioned on.")

    def definition(self) -> Expr:
        p, given = self.joint, self.given
        every = tuple(dict.fromkeys(self.of + given))

        def term(at):
            joint = value_at(p, at)
            condition = value_at(p, {v: at[v] for v in given}) if given else 1
            return joint * log(joint / condition)

        return _in_base(-_sum_over_variables(p, every, term), self.base)

    def _sympystr(self, printer) -> str:
        return f"H({_names(self.of)}|{_names(self.given)}{self._base_suffix()})"


class MutualInformation(Measure):
    """``I(A;B|C) = sum p(a,b,c) log [p(a,b,c) p(c) / (p(a,c) p(b,c))]`` of the joint *p*.

    *a*, *b* and *given* are random variables or tuples of them: ``I(X,Y;Z)``
    is ``MutualInformation(p, (X, Y), Z)``.

    >>> from symdiv.core.model import Distribution, RandomVariable
    >>> X, Y, Z = (RandomVariable(v, 2) for v in "XYZ")
    >>> MutualInformation(Distribution("p", (X, Y, Z)), X, Y, given=Z)
    I(X;Y|Z)
    """

    def __new__(cls, joint: DistributionLike, a: object, b: object, given: object = (), base: object = E):
        joint = _joint_of(joint, "a mutual information's joint distribution")
        a, b = _variables(a, "the first variables of I(.;.)"), _variables(b, "the second variables of I(.;.)")
        given = _variables(given, "the conditioning variables")
        if not a or not b:
            raise InvalidInputError("I(.;.) needs variables on both sides of the ';'")
        _among(joint, a + b + given, "mutual information")
        return Expr.__new__(cls, joint, Tuple(*a), Tuple(*b), Tuple(*given), check_base(base))

    @property
    def joint(self) -> DistributionLike:
        return self.args[0]  # type: ignore[return-value]

    @property
    def sides(self) -> tuple[tuple[RandomVariable, ...], tuple[RandomVariable, ...]]:
        """The variables on each side of the ';'."""
        return tuple(self.args[1].args), tuple(self.args[2].args)  # type: ignore[return-value]

    given = tuple_arg(3, "The variables it is conditioned on.")

    def definition(self) -> Expr:
        p, (a, b), c = self.joint, self.sides, self.given
        every = tuple(dict.fromkeys(a + b + c))

        def prob(at, variables):
            chosen = tuple(dict.fromkeys(variables))
            return value_at(p, {v: at[v] for v in chosen}) if chosen else 1

        def term(at):
            joint = prob(at, every)
            return joint * log(joint * prob(at, c) / (prob(at, a + c) * prob(at, b + c)))

        return _in_base(_sum_over_variables(p, every, term), self.base)

    def _sympystr(self, printer) -> str:
        (a, b), c = self.sides, self.given
        return f"I({_names(a)};{_names(b)}{'|' + _names(c) if c else ''}{self._base_suffix()})"


class ConditionalKL(Measure):
    """``D(p(y|x) || q(y|x) | p(x)) = sum_{x,y} p(x,y) log [p(y|x) / q(y|x)]``, the conditional relative entropy.

    >>> from symdiv.core.model import Distribution, RandomVariable
    >>> X, Y = RandomVariable("X", 2), RandomVariable("Y", 2)
    >>> ConditionalKL(Distribution("p", (X, Y)), Distribution("q", (X, Y)), Y, given=X)
    D(p(Y|X)||q(Y|X))
    """

    def __new__(cls, P: DistributionLike, Q: DistributionLike, of: object, given: object, base: object = E):
        P = _joint_of(P, "a conditional divergence's first distribution")
        Q = _joint_of(Q, "a conditional divergence's second distribution")
        of, given = _variables(of, "the variables of D(.|.)"), _variables(given, "the conditioning variables")
        if not of or not given:
            raise InvalidInputError("a conditional divergence needs the variables and what they are conditioned on")
        _among(P, of + given, "conditional divergence")
        _among(Q, of + given, "conditional divergence")
        return Expr.__new__(cls, P, Q, Tuple(*of), Tuple(*given), check_base(base))

    @property
    def P(self) -> DistributionLike:
        return self.args[0]  # type: ignore[return-value]

    @property
    def Q(self) -> DistributionLike:
        return self.args[1]  # type: ignore[return-value]

    of = tuple_arg(2, "The variables of the conditional distributions.")
    given = tuple_arg(3, "The variables they are conditioned on.")

    def definition(self) -> Expr:
        P, Q, given = self.P, self.Q, self.given
        every = tuple(dict.fromkeys(self.of + given))

        def term(at):
            cond = {v: at[v] for v in given}
            p_joint, q_joint = value_at(P, at), value_at(Q, at)
            return p_joint * log(p_joint * value_at(Q, cond) / (value_at(P, cond) * q_joint))

        return _in_base(_sum_over_variables(P, every, term), self.base)

    def _sympystr(self, printer) -> str:
        of, given = _names(self.of), _names(self.given)
        return f"D({self.P.name}({of}|{given})||{self.Q.name}({of}|{given}){self._base_suffix()})"


class BinaryCrossEntropy(Measure):
    """``BCE(p, q) = -p log q - (1 - p) log(1 - q)`` of a target probability *p* and a prediction *q*.

    >>> from sympy import Symbol
    >>> p, q = Symbol("p", positive=True), Symbol("q", positive=True)
    >>> BinaryCrossEntropy(p, q).doit()
    -p*log(q) - (1 - p)*log(1 - q)
    """

    def __new__(cls, p: object, q: object, base: object = E):
        values = []
        for name, v in (("target", p), ("prediction", q)):
            if isinstance(v, bool) or not isinstance(v, (int, Expr)):
                raise InvalidTypeError(f"the {name} of BCE must be a probability (a number or expression), got {v!r}")
            values.append(Integer(v) if isinstance(v, int) else v)
        return Expr.__new__(cls, *values, check_base(base))

    def definition(self) -> Expr:
        p, q = self.args[0], self.args[1]
        return _in_base(-p * log(q) - (1 - p) * log(1 - q), self.base)

    def _sympystr(self, printer) -> str:
        return f"BCE({printer._print(self.args[0])}, {printer._print(self.args[1])}{self._base_suffix()})"


class FocalLoss(Measure):
    """``FL_gamma(Y, P) = -sum_i y_i (1 - p_i)^gamma log p_i``: cross-entropy with easy cases down-weighted.

    >>> from symdiv.core.model import Distribution, alphabet_size
    >>> n = alphabet_size()
    >>> Y, P = Distribution("Y", n), Distribution("P", n)
    >>> FocalLoss(Y, P, 0).doit()
    -Sum(log(P[i])*Y[i], (i, 1, n))
    """

    def __new__(cls, target: DistributionLike, prediction: DistributionLike, gamma: object, base: object = E):
        _check_distribution(target, "the focal loss's target")
        _check_distribution(prediction, "the focal loss's prediction")
        same_size(target, prediction, what="focal loss")
        if isinstance(gamma, bool) or not isinstance(gamma, (int, Expr)):
            raise InvalidTypeError(f"gamma must be a number >= 0 or a Symbol, got {gamma!r}")
        g = Integer(gamma) if isinstance(gamma, int) else gamma
        if g.is_negative:
            raise InvalidInputError(f"gamma must be >= 0, got {g}")
        return Expr.__new__(cls, target, prediction, g, check_base(base))

    def definition(self) -> Expr:
        Y, P, g = self.args[0], self.args[1], self.args[2]
        return _in_base(-_sum_over(Y, lambda *i: Y.component(*i) * (1 - P.component(*i)) ** g
                                   * log(P.component(*i))), self.base)

    def _sympystr(self, printer) -> str:
        return f"FL_{printer._print(self.args[2])}({self.args[0].name}, {self.args[1].name}{self._base_suffix()})"


class _DatasetMeasure(Measure):
    _title = ""

    def __new__(cls, data: Dataset, model: DistributionLike, base: object = E):
        if not isinstance(data, Dataset):
            raise InvalidTypeError(f"{cls._title} takes a Dataset first, got {data!r}")
        _check_distribution(model, f"{cls._title}'s model")
        if tuple(model.shape) != (data.alphabet,):
            size = model.shape[0] if len(model.shape) == 1 else tuple(model.shape)
            raise InvalidInputError(
                f"{cls._title}: dataset {data.name} is over an alphabet of size "
                f"{data.alphabet} but the model has size {size}"
            )
        return Expr.__new__(cls, data, model, check_base(base))

    @property
    def data(self) -> Dataset:
        return self.args[0]  # type: ignore[return-value]

    @property
    def model(self) -> DistributionLike:
        return self.args[1]  # type: ignore[return-value]


class NLL(_DatasetMeasure):
    """Negative log-likelihood ``-sum_s log q(x_s)`` of a dataset under a model."""

    _title = "NLL"

    def definition(self) -> Expr:
        s = SAMPLE_INDEX
        q = self.model.component(self.data.sample(s))
        return _in_base(-Sum(log(q), (s, 1, self.data.size)), self.base)

    def _sympystr(self, printer) -> str:
        return f"NLL({self.data.name}; {self.model.name}{self._base_suffix()})"


class Likelihood(_DatasetMeasure):
    """Likelihood ``prod_s q(x_s)`` of a dataset under a model (the base is unused)."""

    _title = "likelihood"

    def __new__(cls, data: Dataset, model: DistributionLike, base: object = E):
        # sympy rebuilds a node as func(*args), and args end with the base:
        # accept it, but a likelihood is a probability, in no base.
        if base is not E:
            raise InvalidInputError(f"a likelihood has no log base, got base={base}")
        return super().__new__(cls, data, model, E)

    def definition(self) -> Expr:
        s = SAMPLE_INDEX
        return Product(self.model.component(self.data.sample(s)), (s, 1, self.data.size))

    def _sympystr(self, printer) -> str:
        return f"L({self.data.name}; {self.model.name})"


class Grad(Expr):
    """A partial derivative of *objective*: with respect to component ``j`` of logits ``z``, of a
    distribution ``Q`` (its components treated as free variables, as ML texts do: the simplex
    constraint is ignored, and verdicts say so), or with respect to a scalar parameter ``theta``.

    >>> from sympy import Symbol
    >>> from symdiv.core.model import Logits, Softmax, Distribution, alphabet_size, component_index
    >>> n, j = alphabet_size(), component_index()
    >>> z, P, Q = Logits("z", n), Distribution("P", n), Distribution("Q", n)
    >>> Grad(CrossEntropy(P, Softmax(z)), z, j)
    d/dz[j] H(P, softmax(z))
    >>> Grad(CrossEntropy(P, Q), Q, j).doit()
    -Sum(KroneckerDelta(i, j)*P[i]/Q[i], (i, 1, n))
    >>> Grad(Symbol("theta", real=True) ** 2, Symbol("theta", real=True)).doit()
    2*theta
    """

    is_commutative = True
    is_extended_real = True

    def __new__(cls, objective: Expr, wrt: Basic, component: object = None):
        if not isinstance(objective, Expr):
            raise InvalidTypeError(f"Grad takes a sympy expression, got {objective!r}")
        if isinstance(wrt, Symbol) and not wrt.is_integer:  # an integer symbol is a size or an index
            if not wrt.is_extended_real:
                raise InvalidInputError(f"the parameter {wrt} must be declared real (Symbol({str(wrt)!r}, real=True))")
            if component not in (None, Tuple()):
                raise InvalidInputError(f"{wrt} is a scalar parameter: it has no component {component}")
            return Expr.__new__(cls, objective, wrt, Tuple())
        if not isinstance(wrt, (Logits, Distribution)) or len(wrt.shape) != 1:
            raise InvalidTypeError(f"Grad differentiates with respect to logits, a distribution's components or "
                                   f"a real parameter Symbol, got {wrt!r}")
        if component is None:
            raise InvalidInputError(f"Grad with respect to {wrt.name} needs the component: Grad(f, {wrt.name}, j)")
        if isinstance(component, bool) or not isinstance(component, (int, Expr)):
            raise InvalidTypeError(f"component must be an int or an integer Symbol, got {component!r}")
        component = Integer(component) if isinstance(component, int) else component
        wrt[component]  # validates the index against the size
        return Expr.__new__(cls, objective, wrt, component)

    @property
    def objective(self) -> Expr:
        return self.args[0]  # type: ignore[return-value]

    @property
    def wrt(self) -> Basic:
        return self.args[1]

    @property
    def component(self) -> Optional[Expr]:
        """The component differentiated by, or None for a scalar parameter."""
        return None if isinstance(self.args[2], Tuple) else self.args[2]  # type: ignore[return-value]

    @property
    def variable(self) -> Expr:
        return self.wrt if self.component is None else self.wrt[self.component]

    @property
    def free_components(self) -> bool:
        """Whether it differentiates by a distribution's component, ignoring the simplex constraint."""
        return isinstance(self.wrt, Distribution)

    def definition(self) -> Expr:
        # Rename bound indices first: a bound ``k`` beside a free component
        # index ``k`` would make ``diff`` silently wrong.
        objective = canonical_indices(expand_measures(self.objective), avoid=[self.variable])
        return diff(objective, self.variable)

    def doit(self, **hints: Any) -> Expr:
        return self.definition()

    _latex = Measure._latex

    def _sympystr(self, printer) -> str:
        return f"d/d{printer._print(self.variable)} {printer._print(self.objective)}"


def expand_measures(expr: Expr) -> Expr:
    """Replace every measure (and gradient) in *expr* by its definition, recursively.

    Sums stay unevaluated, unlike ``expr.doit()``.

    >>> from symdiv.core.model import ExplicitDistribution
    >>> from fractions import Fraction as F
    >>> P = ExplicitDistribution("P", [F(1, 2), F(1, 4), F(1, 8), F(1, 8)])
    >>> expand_measures(Entropy(P, base=2)).evalf(3)
    1.75
    """
    if not isinstance(expr, Basic):
        return expr
    for _ in range(50):  # definitions may contain measures; they nest shallowly
        found = [m for m in expr.atoms(Measure, Grad)]
        if not found:
            return expr
        innermost = [m for m in found if not any(isinstance(a, (Measure, Grad)) and a != m for a in _subnodes(m))]
        expr = expr.xreplace({m: m.definition() for m in innermost})
    raise InvalidInputError("measures nest more than 50 levels deep")


def _subnodes(expr: Basic):
    from sympy import preorder_traversal

    it = preorder_traversal(expr)
    next(it)
    return it
