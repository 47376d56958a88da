"""Discrete distributions, datasets and parametric models as sympy objects.

Every object here is an immutable sympy ``Basic`` so that it can sit inside
a measure such as ``KL(P, Q)`` and survive sympy's rebuilding of trees
(``func(*args)``).  The *kind* of an object carries its assumptions, which is
how the prover knows them without any global registry:

* :class:`Distribution` – an indexed family ``p_1..p_n`` with ``p_i > 0`` and
  ``sum_i p_i = 1``, of symbolic size ``n`` or fixed size ``k``;
* :class:`Logits` – a real vector ``z``; :class:`Softmax` turns it into a
  distribution;
* :class:`Dataset` – ``N`` samples ``x_1..x_N`` over an alphabet of size
  ``n``, with counts ``c_i = #{s : x_s = i}`` and ``sum_i c_i = N``;
  :class:`Empirical` is its empirical distribution ``c_i / N``;
* :class:`Uniform`, :class:`PointMass` and :class:`ExplicitDistribution` –
  distributions with known components;
* :class:`RandomVariable` – a named alphabet ``X`` over ``1..n``.  A
  distribution over several of them is a joint ``p_{ij}`` (any number of
  indices, one per variable); :func:`marginal` gives ``p(x) = sum_y p(x, y)``
  (a :class:`Marginal`, whose components are atoms), :class:`Conditional` gives
  ``p(y|x) = p(x, y) / p(x)`` and :class:`ProductDistribution` gives
  ``p(x) q(y)``, the joint of independent variables.

Every object a statement can leave free (a distribution, logits, a dataset)
answers the same questions, so that the prover, the samplers, the
counterexample search and the printers ask the object rather than test its
class: ``domain`` (where its values live: ``"simplex"``, ``"reals"``,
``"outcomes"``), ``value_shape`` (the shape of one instance of its values)
and ``assumption`` (what a verdict says it assumes, as a phrase key and
values).  A new family is one new class.

>>> n = alphabet_size("n")
>>> P = Distribution("P", n)
>>> P.size, P[INDEX]
(n, P[i])
>>> Softmax(Logits("z", n)).component(INDEX)
exp(z[i])/Sum(exp(z[k]), (k, 1, n))
>>> X, Y = RandomVariable("X", n), RandomVariable("Y", 2)
>>> p = Distribution("p", (X, Y))
>>> p.shape, p[1, 2], marginal(p, X)[1]
((n, 2), p[1, 2], p_X[1])
>>> Conditional(p, (Y,), (X,)).component(2, 1)
p[1, 2]/p_X[1]
"""

from __future__ import annotations

import keyword
from fractions import Fraction
from numbers import Integral, Rational as _PyRational
from typing import Iterable, Mapping, Sequence, Union

from sympy import (
    Basic,
    Mul,
    Expr,
    IndexedBase,
    Integer,
    KroneckerDelta,
    Rational,
    S,
    Sum,
    Symbol,
    Tuple,
    exp,
    preorder_traversal,
)
from sympy.core.symbol import Str

from ..errors import InvalidInputError, InvalidTypeError, SizeMismatchError
from .bound import index_names

__all__ = [
    "INDEX",
    "SAMPLE_INDEX",
    "alphabet_size",
    "component_index",
    "Distribution",
    "Logits",
    "PositiveVector",
    "Softmax",
    "ParametricDistribution",
    "ModelComponent",
    "Bernoulli",
    "Mixture",
    "OffTarget",
    "Labels",
    "Dataset",
    "Sample",
    "Count",
    "Empirical",
    "Uniform",
    "PointMass",
    "ExplicitDistribution",
    "RandomVariable",
    "Free",
    "Marginal",
    "Conditional",
    "ProductDistribution",
    "marginal",
    "value_at",
    "free_objects",
    "Hypothesis",
    "MarkovChain",
    "Independent",
    "FunctionOf",
    "DistributionLike",
    "is_distribution",
    "fresh_index",
    "check_size",
    "same_size",
]

#: The summation index used when a measure is expanded into its definition.
INDEX = Symbol("i", integer=True)
#: The index running over the samples of a dataset.
SAMPLE_INDEX = Symbol("s", integer=True)



def alphabet_size(name: str = "n") -> Symbol:
    """A symbolic alphabet size: a positive integer symbol.

    >>> alphabet_size("n").is_positive
    True
    """
    return Symbol(_check_name(name), integer=True, positive=True)


def component_index(name: str = "j") -> Symbol:
    """A symbolic component index such as the ``j`` in ``d/dz_j``.

    >>> component_index().is_integer
    True
    """
    return Symbol(_check_name(name), integer=True)


def fresh_index(*avoid: Basic) -> Symbol:
    """An integer index symbol whose name is free in every expression of *avoid*.

    Names come from the same fixed pool as :func:`canonical_indices`, so output
    stays deterministic.
    """
    return index_names([*avoid, *(s for e in avoid for s in e.atoms(Symbol))])[0]


def tuple_arg(position: int, doc: str) -> property:
    """A property reading argument *position* (a sympy ``Tuple``) as a Python tuple."""
    return property(lambda self: tuple(self.args[position].args), doc=doc)


def _check_name(name: object) -> str:
    if not isinstance(name, str):
        raise InvalidTypeError(f"a name must be a str, got {name!r} of type {type(name).__name__}")
    if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_"):
        raise InvalidInputError(
            f"invalid name {name!r}: use a plain identifier such as 'P' or 'z'"
        )
    return name


def check_size(size: object, what: str = "alphabet size") -> Expr:
    """Validate an alphabet or dataset size; return it as a sympy expression.

    >>> check_size(3)
    3
    >>> check_size(0)
    Traceback (most recent call last):
    ...
    symdiv.errors.InvalidInputError: alphabet size must be a positive integer, got 0
    """
    if isinstance(size, bool):
        raise InvalidTypeError(f"{what} must be an int or a positive integer Symbol, got {size!r}")
    if isinstance(size, Integral):
        size = Integer(int(size))
    if isinstance(size, Integer):
        if size <= 0:
            raise InvalidInputError(f"{what} must be a positive integer, got {size}")
        return size
    if isinstance(size, Symbol):
        if not (size.is_integer and size.is_positive):
            raise InvalidInputError(
                f"{what} {size} must be declared integer and positive, "
                f"e.g. symdiv.alphabet_size({str(size)!r})"
            )
        return size
    if isinstance(size, Expr) and size.is_integer and size.is_positive:
        return size
    raise InvalidTypeError(
        f"{what} must be a positive int or a positive integer Symbol, got {size!r} "
        f"of type {type(size).__name__}"
    )


def _check_index(index: object, size: Expr, owner: str) -> Expr:
    if isinstance(index, bool) or not isinstance(index, (Integral, Expr)):
        raise InvalidTypeError(f"index into {owner} must be an int or an integer Symbol, got {index!r}")
    if isinstance(index, Integral):
        index = Integer(int(index))
    if index.is_integer is False:
        raise InvalidInputError(f"index into {owner} must be an integer, got {index}")
    if isinstance(index, Integer) and (index < 1 or (size.is_Integer and index > size)):
        raise InvalidInputError(f"index {index} is outside 1..{size} of {owner}")
    return index


def _check_indices(index: object, shape: Sequence[Expr], owner: str) -> tuple[Expr, ...]:
    """One index per axis of *shape*: a lone index for one axis, a tuple for several."""
    indices = index if isinstance(index, tuple) else (index,)
    if len(indices) != len(shape):
        raise InvalidInputError(
            f"{owner} takes {len(shape)} {'index' if len(shape) == 1 else 'indices'} "
            f"(one per variable), got {len(indices)}: {index!r}"
        )
    return tuple(_check_index(i, n, owner) for i, n in zip(indices, shape))


class RandomVariable(Basic):
    """A random variable ``X`` with values in the alphabet ``1..size``.

    A joint distribution over several random variables has one index per
    variable, in the order given: ``Distribution("p", (X, Y))[i, j]`` is
    ``p(X = i, Y = j)``.

    >>> X = RandomVariable("X", alphabet_size("n"))
    >>> X, X.size
    (X, n)
    """

    def __new__(cls, name: Union[str, Str], size: object):
        if isinstance(name, Str):
            name = name.name
        name = _check_name(name)
        return Basic.__new__(cls, Str(name), check_size(size, f"alphabet size of {name}"))

    @property
    def name(self) -> str:
        return self.args[0].name  # type: ignore[attr-defined]

    @property
    def size(self) -> Expr:
        return self.args[1]  # type: ignore[return-value]

    def _sympystr(self, printer) -> str:
        return self.name


def _as_variables(items: Iterable[object], owner: str) -> tuple[RandomVariable, ...]:
    out: list[RandomVariable] = []
    for v in items:
        if not isinstance(v, RandomVariable):
            raise InvalidTypeError(f"{owner} takes random variables, got {v!r} of type {type(v).__name__}")
        if v in out:
            raise InvalidInputError(f"{owner}: the random variable {v.name} appears twice")
        out.append(v)
    return tuple(out)


def _shape_and_variables(spec: object, owner: str) -> tuple[tuple[Expr, ...], tuple[RandomVariable, ...]]:
    """A size, a tuple of sizes, or a tuple of random variables, as ``(shape, variables)``."""
    if isinstance(spec, RandomVariable):
        spec = (spec,)
    if isinstance(spec, (tuple, list, Tuple)):
        items = tuple(spec)
        if not items:
            raise InvalidInputError(f"{owner} needs at least one axis: a size or a random variable")
        if all(isinstance(v, RandomVariable) for v in items):
            variables = _as_variables(items, owner)
            return tuple(v.size for v in variables), variables
        if any(isinstance(v, RandomVariable) for v in items):
            raise InvalidTypeError(f"{owner}: give either sizes or random variables, not a mixture: {spec!r}")
        return tuple(check_size(n) for n in items), ()
    return (check_size(spec),), ()


class Free:
    """What every free part of a statement (a distribution, logits, a dataset) tells the rest of symdiv.

    * ``domain`` – where one instance's values live: ``"simplex"`` (positive
      entries summing to 1 over every axis), ``"reals"``, ``"outcomes"`` (one
      outcome in ``1..n`` per sample);
    * ``value_shape`` – the shape of one instance's values;
    * ``assumption`` – what a verdict says it assumes: a phrase key and values.

    The samplers, the counterexample search and the prover's assumption list
    ask these instead of testing classes, so a new family of objects is one
    new class.
    """

    domain: str = ""

    @property
    def value_shape(self) -> tuple[Expr, ...]:
        raise NotImplementedError

    @property
    def assumption(self) -> tuple[str, tuple]:
        raise NotImplementedError


class _SizedBase(IndexedBase):
    """An ``IndexedBase`` of a given shape, one axis per index, built from a name and its axes.

    The axes are a size ``n`` (one index), a tuple of sizes, or a tuple of
    :class:`RandomVariable` (a joint over them).  sympy rebuilds objects as
    ``func(*args)`` with ``args == (label, shape[, variables])``, so
    ``__new__`` accepts that form too.
    """

    _assumptions_of_entries: dict[str, bool] = {}
    _what = "vector"

    def __new__(cls, name: Union[str, Symbol], size: object, variables: object = None):
        if isinstance(name, Symbol):
            label = name
        else:
            label = Symbol(_check_name(name), **cls._assumptions_of_entries)
        shape, found = _shape_and_variables(variables if variables is not None else size,
                                            f"{cls._what} {label}")
        args = [label, Tuple(*shape)] + ([Tuple(*found)] if found else [])
        obj = Expr.__new__(cls, *args)
        # What IndexedBase.__new__ sets up, with the variables as a third argument.
        obj._shape, obj._offset, obj._strides, obj._name = Tuple(*shape), S.Zero, None, str(label)
        IndexedBase._set_assumptions(obj, dict(cls._assumptions_of_entries))
        return obj

    @property
    def variables(self) -> tuple["RandomVariable", ...]:
        """The random variables of the axes, in order (empty for a plain vector)."""
        return tuple(self.args[2].args) if len(self.args) > 2 else ()  # type: ignore[attr-defined]

    @property
    def size(self) -> Expr:
        """The alphabet size: an ``Integer`` or a positive integer ``Symbol`` (one axis only)."""
        if len(self.shape) != 1:
            raise InvalidInputError(
                f"{self.name} has {len(self.shape)} axes, of sizes {tuple(self.shape)}: use .shape"
            )
        return self.shape[0]

    @property
    def name(self) -> str:
        return str(self.label)

    @property
    def value_shape(self) -> tuple[Expr, ...]:
        return tuple(self.shape)

    def __getitem__(self, index):  # type: ignore[override]
        indices = _check_indices(index, self.shape, f"{self._what} {self.name}")
        return IndexedBase.__getitem__(self, indices if len(indices) > 1 else indices[0])

    def component(self, *indices: Expr) -> Expr:
        return self[indices if len(indices) > 1 else indices[0]]


class _Joint:
    """Marginals of a distribution over random variables (a mixin of the distribution kinds)."""

    variables: tuple[RandomVariable, ...]

    def marginal(self, variables: Sequence[RandomVariable]) -> "DistributionLike":
        """The marginal over *variables* (its own order kept); this distribution if they are all of them."""
        return self if tuple(variables) == self.variables else Marginal(self, variables)


class Distribution(_Joint, _SizedBase, Free):
    """A probability distribution ``P`` with components ``P[i] > 0``, ``sum_i P[i] = 1``.

    Over several random variables it is a joint: ``P[i, j] > 0``, summing
    to 1 over all its indices.

    >>> P = Distribution("P", 3)
    >>> P[1].is_positive
    True
    >>> Distribution("P", 0)
    Traceback (most recent call last):
    ...
    symdiv.errors.InvalidInputError: alphabet size must be a positive integer, got 0
    """

    _assumptions_of_entries = {"positive": True}
    _what = "distribution"
    #: Where its values live: positive entries summing to 1 (over every axis at once).
    domain = "simplex"

    @property
    def assumption(self) -> tuple[str, tuple]:
        if len(self.shape) > 1 or self.variables:
            axes = self.variables or tuple(f"axis {k}" for k in range(1, len(self.shape) + 1))
            ranges = ", ".join(f"{v} = 1..{n}" for v, n in zip(axes, self.shape))
            return ("assume_joint", (("name", self.name), ("ranges", ranges)))
        return ("assume_distribution", (("name", self.name), ("letter", self.name.lower()), ("size", self.size)))


class Logits(_SizedBase, Free):
    """A real vector of logits ``z_1..z_n``; ``Softmax(z)`` is a distribution."""

    _assumptions_of_entries = {"real": True}
    _what = "logits"
    domain = "reals"

    @property
    def assumption(self) -> tuple[str, tuple]:
        return ("assume_logits", (("name", self.name), ("size", self.size)))


class PositiveVector(_SizedBase, Free):
    """A vector of positive reals ``a_1..a_n`` (not normalised): the weights of the log-sum inequality.

    >>> a = PositiveVector("a", 3)
    >>> a[1].is_positive, a.domain
    (True, 'positive')
    """

    _assumptions_of_entries = {"positive": True}
    _what = "positive vector"
    domain = "positive"

    @property
    def assumption(self) -> tuple[str, tuple]:
        return ("assume_positive", (("name", self.name), ("size", self.size)))


class Marginal(_SizedBase):
    """The marginal ``p(x) = sum_y p(x, y)`` of a joint over some of its variables.

    Its components are atoms, as the joint's are: ``log p(x)`` stays
    ``log p_X[i]``, and the prover knows that summing the joint over the
    other variables gives them (``sum_j p[i, j] = p_X[i]``).  Build it with
    :func:`marginal`, which returns the joint itself for all its variables.

    >>> X, Y = RandomVariable("X", 2), RandomVariable("Y", 3)
    >>> m = marginal(Distribution("p", (X, Y)), Y)
    >>> m, m.shape, m.joint, m[3].is_positive
    (p_Y, (3,), p, True)
    """

    _what = "marginal"

    def __new__(cls, *args):
        # Built as Marginal(joint, variables); rebuilt by sympy as Marginal(label, shape, variables, joint).
        joint, variables = (args[0], args[1]) if len(args) == 2 else (args[3], args[2])
        if not isinstance(joint, Distribution) or not joint.variables:
            raise InvalidTypeError(f"a Marginal is of a joint Distribution over random variables, got {joint!r}")
        variables = _as_variables(variables, f"the marginal of {joint.name}")
        missing = [v.name for v in variables if v not in joint.variables]
        if missing:
            raise InvalidInputError(f"{joint.name} is a distribution of {', '.join(v.name for v in joint.variables)}"
                                    f", not of {', '.join(missing)}")
        if not variables:
            raise InvalidInputError(f"a marginal of {joint.name} needs at least one variable")
        variables = tuple(v for v in joint.variables if v in variables)
        label = Symbol(f"{joint.name}_{''.join(v.name for v in variables)}", positive=True)
        obj = Expr.__new__(cls, label, Tuple(*(v.size for v in variables)), Tuple(*variables), joint)
        obj._shape, obj._offset, obj._strides, obj._name = Tuple(*(v.size for v in variables)), S.Zero, None, \
            str(label)
        IndexedBase._set_assumptions(obj, {"positive": True})
        return obj

    @property
    def joint(self) -> Distribution:
        return self.args[3]  # type: ignore[return-value]

    def marginal(self, variables: Sequence[RandomVariable]) -> "DistributionLike":
        return self.joint.marginal(variables)

    def axes(self) -> tuple[int, ...]:
        """The positions of its variables among the joint's."""
        return tuple(self.joint.variables.index(v) for v in self.variables)

    def definition(self, *indices: Expr, avoid: Sequence[Basic] = ()) -> Expr:
        """Its component as the sum of the joint over the other variables (summation indices
        named apart from every symbol of *avoid*, the expression it goes into).

        >>> X, Y = RandomVariable("X", 2), RandomVariable("Y", 3)
        >>> marginal(Distribution("p", (X, Y)), X).definition(1)
        Sum(p[1, i], (i, 1, 3))
        """
        indices = tuple(Integer(i) if isinstance(i, int) else i for i in indices)
        at = dict(zip(self.axes(), indices))
        names = iter(index_names([self.joint, *indices, *avoid]))
        summed = {k: next(names) for k in range(len(self.joint.shape)) if k not in at}
        cell = tuple(at[k] if k in at else summed[k] for k in range(len(self.joint.shape)))
        return Sum(self.joint[cell], *((summed[k], 1, self.joint.shape[k]) for k in sorted(summed)))


class _Model(Basic):
    """A distribution given by a formula for its components."""

    name: str

    @property
    def size(self) -> Expr:
        raise NotImplementedError

    @property
    def shape(self) -> tuple[Expr, ...]:
        return (self.size,)

    @property
    def variables(self) -> tuple[RandomVariable, ...]:
        return ()

    def component(self, *indices: Expr) -> Expr:
        raise NotImplementedError

    def __getitem__(self, index: object) -> Expr:
        return self.component(*_check_indices(index, self.shape, self.name))


class Softmax(_Model):
    """The distribution ``softmax(z)_i = exp(z_i) / sum_k exp(z_k)``; with a temperature ``T``,
    ``softmax(z/T)_i = exp(z_i / T) / sum_k exp(z_k / T)``.

    >>> Softmax(Logits("z", 2))[1]
    exp(z[1])/Sum(exp(z[i]), (i, 1, 2))
    >>> from sympy import Symbol
    >>> Softmax(Logits("z", 2), Symbol("T", positive=True))[1]
    exp(z[1]/T)/Sum(exp(z[i]/T), (i, 1, 2))
    """

    def __new__(cls, logits: Logits, temperature: object = 1):
        if not isinstance(logits, Logits):
            raise InvalidTypeError(
                f"Softmax takes a Logits vector, got {logits!r} of type {type(logits).__name__}"
            )
        if isinstance(temperature, bool) or not isinstance(temperature, (int, Expr)):
            raise InvalidTypeError(f"a temperature must be a positive number or Symbol, got {temperature!r}")
        T = Integer(temperature) if isinstance(temperature, int) else temperature
        if T.is_positive is not True:
            raise InvalidInputError(f"a temperature must be positive (Symbol('T', positive=True)), got {T}")
        return Basic.__new__(cls, logits) if T == 1 else Basic.__new__(cls, logits, T)

    @property
    def logits(self) -> Logits:
        return self.args[0]  # type: ignore[return-value]

    @property
    def temperature(self) -> Expr:
        return self.args[1] if len(self.args) > 1 else S.One  # type: ignore[return-value]

    @property
    def name(self) -> str:  # type: ignore[override]
        T = self.temperature
        return f"softmax({self.logits.name})" if T == 1 else f"softmax({self.logits.name}/{T})"

    @property
    def size(self) -> Expr:
        return self.logits.size

    def component(self, index: Expr) -> Expr:
        z, T = self.logits, self.temperature
        k = fresh_index(index if isinstance(index, Basic) else Integer(index), T)
        return exp(z[index] / T) / Sum(exp(z[k] / T), (k, 1, self.size))


class ParametricDistribution(_Model, Free):
    """An opaque model ``Q_theta``: positive components ``q_i(theta)`` summing to 1, for real
    parameters ``theta`` -- any model, known only through these two facts.

    Derivatives of its components stay unevaluated (``d q_i / d theta``).  Numeric checks
    need numbers, so they realise it as ``softmax(a + B theta)`` with random coefficients
    ``a_i``, ``B_im`` (its values, of shape ``(n, 1 + m)``); nothing symbolic depends on that.

    >>> from sympy import Symbol
    >>> theta = Symbol("theta", real=True)
    >>> Q = ParametricDistribution("Q", 3, (theta,))
    >>> Q[2], Q[2].is_positive, Q[2].diff(theta)
    (Q(2; theta), True, Derivative(Q(2; theta), theta))
    """

    domain = "family"

    def __new__(cls, name: Union[str, Str], size: object, parameters: object):
        if isinstance(name, Str):
            name = name.name
        params = tuple(parameters) if isinstance(parameters, (tuple, list, Tuple)) else (parameters,)
        if not params:
            raise InvalidInputError(f"the model {name} needs at least one parameter")
        for t in params:
            if not isinstance(t, Symbol) or not t.is_extended_real:
                raise InvalidTypeError(f"parameters of {name} must be real Symbols (Symbol('theta', real=True)), "
                                       f"got {t!r}")
        return Basic.__new__(cls, Str(_check_name(name)), check_size(size), Tuple(*params))

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.args[0].name  # type: ignore[attr-defined]

    @property
    def size(self) -> Expr:
        return self.args[1]  # type: ignore[return-value]

    parameters = tuple_arg(2, "The model's parameters theta.")

    @property
    def value_shape(self) -> tuple[Expr, ...]:
        return (self.size, Integer(1 + len(self.parameters)))

    @property
    def assumption(self) -> tuple[str, tuple]:
        return ("assume_model", (("name", self.name), ("size", self.size),
                                 ("parameters", ", ".join(map(str, self.parameters)))))

    def component(self, index: Expr) -> Expr:
        return ModelComponent(self, index)

    def _sympystr(self, printer) -> str:
        return self.name


class ModelComponent(Expr):
    """``q_i(theta)``, a component of a :class:`ParametricDistribution`: positive, opaque."""

    is_commutative = True
    is_positive = True
    is_extended_real = True

    def __new__(cls, family: ParametricDistribution, index: Expr):
        return Expr.__new__(cls, family, index)

    @property
    def family(self) -> ParametricDistribution:
        return self.args[0]  # type: ignore[return-value]

    @property
    def index(self) -> Expr:
        return self.args[1]  # type: ignore[return-value]

    def _sympystr(self, printer) -> str:
        params = ", ".join(printer._print(t) for t in self.family.parameters)
        return f"{self.family.name}({printer._print(self.index)}; {params})"


class Bernoulli(_Model):
    """The two-outcome distribution ``(p, 1 - p)`` of a probability *p* (an expression in ``(0, 1)``,
    such as ``sigmoid(u)``): what binary cross-entropy is the cross-entropy of.

    >>> from sympy import Symbol
    >>> p = Symbol("p", positive=True)
    >>> Bernoulli(p)[1], Bernoulli(p)[2]
    (p, 1 - p)
    """

    #: Its two terms are written out, not summed over an index.
    expands = True

    def __new__(cls, p: object):
        if isinstance(p, bool) or not isinstance(p, (int, Expr)) and not isinstance(p, _PyRational):
            raise InvalidTypeError(f"a Bernoulli distribution takes a probability, got {p!r}")
        p = Rational(p.numerator, p.denominator) if isinstance(p, _PyRational) else p
        if p.is_number and not (0 <= p <= 1):
            raise InvalidInputError(f"a probability lies in [0, 1], got {p}")
        return Basic.__new__(cls, p)

    @property
    def p(self) -> Expr:
        return self.args[0]  # type: ignore[return-value]

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"Bernoulli({self.p})"

    @property
    def size(self) -> Expr:
        return Integer(2)

    def component(self, index: Expr) -> Expr:
        if isinstance(index, (int, Integer)):
            return self.p if int(index) == 1 else 1 - self.p
        return self.p * KroneckerDelta(index, 1) + (1 - self.p) * KroneckerDelta(index, 2)


class Mixture(_Model):
    """``(1 - w) P + w Q``: the label-smoothed target ``(1 - eps) y + eps u`` is ``Mixture(eps, y, U)``.

    >>> from sympy import Symbol
    >>> eps, n = Symbol("epsilon", positive=True), alphabet_size()
    >>> Mixture(eps, PointMass(n, 1), Uniform(n)).component(INDEX)
    -epsilon*KroneckerDelta(1, i) + epsilon/n + KroneckerDelta(1, i)
    """

    def __new__(cls, weight: object, first: "DistributionLike", second: "DistributionLike"):
        if isinstance(weight, bool) or not isinstance(weight, (int, Expr)):
            raise InvalidTypeError(f"a mixture's weight must be a number or a Symbol, got {weight!r}")
        w = Integer(weight) if isinstance(weight, int) else weight
        for d in (first, second):
            if not is_distribution(d):
                raise InvalidTypeError(f"a mixture mixes distributions, got {d!r}")
        same_size(first, second, what="a mixture")
        return Basic.__new__(cls, w, first, second)

    @property
    def weight(self) -> Expr:
        return self.args[0]  # type: ignore[return-value]

    @property
    def parts(self) -> tuple["DistributionLike", "DistributionLike"]:
        return self.args[1], self.args[2]  # type: ignore[return-value]

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"(1 - {self.weight}) {self.parts[0].name} + {self.weight} {self.parts[1].name}"

    @property
    def size(self) -> Expr:
        return self.parts[0].size

    def component(self, index: Expr) -> Expr:
        first, second = self.parts
        return ((1 - self.weight) * first.component(index) + self.weight * second.component(index)).expand()


class OffTarget(_Model):
    """The uniform distribution over the classes other than *target*: ``(1 - delta_ic) / (n - 1)``
    (label smoothing's other convention, ``eps / (K - 1)`` on each wrong class); needs ``n >= 2``."""

    #: There is no other class when there is one class: a statement about it is about n >= 2.
    minimum_size = 2

    def __new__(cls, size: object, target: object):
        size = check_size(size)
        return Basic.__new__(cls, size, _check_index(target, size, "the target class"))

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"U_{{-{self.target}}}"

    @property
    def size(self) -> Expr:
        return self.args[0]  # type: ignore[return-value]

    @property
    def target(self) -> Expr:
        return self.args[1]  # type: ignore[return-value]

    def component(self, index: Expr) -> Expr:
        return (1 - KroneckerDelta(index, self.target)) / (self.size - 1)


class Labels(_SizedBase, Free):
    """Binary labels ``y_1..y_N`` in ``{0, 1}`` (logistic regression's targets)."""

    _assumptions_of_entries = {"integer": True, "nonnegative": True}
    _what = "labels"
    domain = "binary"

    @property
    def assumption(self) -> tuple[str, tuple]:
        return ("assume_labels", (("name", self.name), ("size", self.size)))


class Dataset(Basic, Free):
    """``N`` samples ``x_1..x_N`` over the alphabet ``1..n``.

    The counts ``c_i = #{s : x_s = i}`` satisfy ``sum_i c_i = N``; the prover
    knows this, and the numeric backend draws counts from samples so it holds.

    >>> D = Dataset("x", Symbol("N", integer=True, positive=True), alphabet_size())
    >>> D.sample(SAMPLE_INDEX), D.count(INDEX)
    (x[s], c[i])
    """

    def __new__(cls, name: Union[str, Str], size: object, alphabet: object):
        if isinstance(name, Str):
            name = name.name
        label = Str(_check_name(name))
        return Basic.__new__(
            cls, label, check_size(size, "dataset size"), check_size(alphabet)
        )

    @property
    def name(self) -> str:
        return self.args[0].name  # type: ignore[attr-defined]

    @property
    def size(self) -> Expr:
        """The number of samples ``N``."""
        return self.args[1]  # type: ignore[return-value]

    @property
    def alphabet(self) -> Expr:
        """The alphabet size ``n``."""
        return self.args[2]  # type: ignore[return-value]

    def sample(self, s: object) -> "Sample":
        return Sample(self, _check_index(s, self.size, f"dataset {self.name}"))

    def count(self, i: object) -> "Count":
        return Count(self, _check_index(i, self.alphabet, f"counts of dataset {self.name}"))

    def empirical(self) -> "Empirical":
        return Empirical(self)

    #: Where its values live: each sample an outcome in 1..n.
    domain = "outcomes"

    @property
    def value_shape(self) -> tuple[Expr, ...]:
        return (self.size,)

    @property
    def assumption(self) -> tuple[str, tuple]:
        return ("assume_dataset", (("name", self.name), ("samples", self.size), ("size", self.alphabet)))


class Sample(Expr):
    """The outcome ``x_s`` of sample ``s`` of a dataset: an integer in ``1..n``."""

    is_integer = True
    is_positive = True
    is_commutative = True

    def __new__(cls, dataset: Dataset, s: Expr):
        return Expr.__new__(cls, dataset, s)

    @property
    def dataset(self) -> Dataset:
        return self.args[0]  # type: ignore[return-value]

    @property
    def position(self) -> Expr:
        return self.args[1]  # type: ignore[return-value]

    def _eval_derivative(self, s: Basic) -> Expr:
        return S.Zero

    def _sympystr(self, printer) -> str:
        return f"{self.dataset.name}[{printer._print(self.position)}]"


class Count(Expr):
    """The count ``c_i`` of outcome ``i`` in a dataset: a non-negative integer."""

    is_integer = True
    is_nonnegative = True
    is_commutative = True

    def __new__(cls, dataset: Dataset, i: Expr):
        return Expr.__new__(cls, dataset, i)

    @property
    def dataset(self) -> Dataset:
        return self.args[0]  # type: ignore[return-value]

    @property
    def outcome(self) -> Expr:
        return self.args[1]  # type: ignore[return-value]

    def _eval_derivative(self, s: Basic) -> Expr:
        return S.Zero

    def _sympystr(self, printer) -> str:
        return f"c[{printer._print(self.outcome)}]"


class Empirical(_Model):
    """The empirical distribution ``p̂_i = c_i / N`` of a dataset.

    Its components may be zero, so the prover never expands ``log p̂_i``.
    """

    def __new__(cls, dataset: Dataset):
        if not isinstance(dataset, Dataset):
            raise InvalidTypeError(f"Empirical takes a Dataset, got {dataset!r}")
        return Basic.__new__(cls, dataset)

    @property
    def dataset(self) -> Dataset:
        return self.args[0]  # type: ignore[return-value]

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"p̂_{self.dataset.name}"

    @property
    def size(self) -> Expr:
        return self.dataset.alphabet

    def component(self, index: Expr) -> Expr:
        return Count(self.dataset, index) / self.dataset.size


class Uniform(_Model):
    """The uniform distribution ``u_i = 1/n``.

    >>> Uniform(4)[2]
    1/4
    """

    def __new__(cls, size: object):
        return Basic.__new__(cls, check_size(size))

    @property
    def name(self) -> str:  # type: ignore[override]
        return "U"

    @property
    def size(self) -> Expr:
        return self.args[0]  # type: ignore[return-value]

    def component(self, index: Expr) -> Expr:
        return 1 / self.size


class PointMass(_Model):
    """The distribution certain of outcome ``j``: components ``δ_ij``."""

    def __new__(cls, size: object, outcome: object):
        size = check_size(size)
        return Basic.__new__(cls, size, _check_index(outcome, size, "point mass"))

    @property
    def name(self) -> str:  # type: ignore[override]
        return "δ"

    @property
    def size(self) -> Expr:
        return self.args[0]  # type: ignore[return-value]

    @property
    def outcome(self) -> Expr:
        return self.args[1]  # type: ignore[return-value]

    def component(self, index: Expr) -> Expr:
        return KroneckerDelta(index, self.outcome)


_Number = Union[int, Fraction, Rational, Integer]


def _exact(v: object, position: str, name: str) -> Rational:
    if isinstance(v, bool) or not isinstance(v, (_PyRational, Rational)):
        raise InvalidTypeError(
            f"value {position} of {name} is {v!r} of type {type(v).__name__}; "
            f"give exact values (int, fractions.Fraction or sympy Rational)"
        )
    r = Rational(v.numerator, v.denominator) if isinstance(v, _PyRational) else v
    if r < 0:
        raise InvalidInputError(f"value {position} of {name} is negative: {r}")
    return r


def _flatten(values: object, name: str) -> tuple[list, tuple[int, ...]]:
    """Nested sequences of numbers as a flat list (row-major) and their rectangular shape."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise InvalidTypeError(f"the values of {name} must be a sequence of numbers, got {values!r}")
    items = list(values)
    if not items:
        raise InvalidInputError(f"distribution {name} has no values")
    nested = [isinstance(v, (list, tuple, Tuple)) for v in items]
    if not any(nested):
        return items, (len(items),)
    if not all(nested):
        raise InvalidInputError(f"the table of {name} mixes rows and numbers: every row must be a sequence")
    flat, shapes = [], set()
    for row in items:
        sub, shape = _flatten(row, name)
        flat += sub
        shapes.add(shape)
    if len(shapes) != 1:
        raise InvalidInputError(f"the rows of the table of {name} differ in length: {sorted(shapes)}")
    return flat, (len(items), *shapes.pop())


def _unravel(position: int, shape: Sequence[int]) -> tuple[int, ...]:
    """The 1-based multi-index of the 0-based flat *position* in a row-major table of *shape*."""
    out = []
    for n in reversed(shape):
        position, r = divmod(position, n)
        out.append(r + 1)
    return tuple(reversed(out))


class ExplicitDistribution(_Joint, _Model):
    """A distribution of fixed size given by exact values that sum to 1.

    Values are ints, ``fractions.Fraction`` or sympy rationals.  Floats are
    refused rather than rounded: a float like 0.1 is not the rational 1/10,
    and symdiv never normalises silently.  A table (nested rows) is a joint
    distribution, one axis per level of nesting; *variables* name its axes.

    >>> ExplicitDistribution("P", [Fraction(1, 2), Fraction(1, 2)])[2]
    1/2
    >>> ExplicitDistribution("P", [Fraction(1, 2), Fraction(1, 3)])
    Traceback (most recent call last):
    ...
    symdiv.errors.InvalidInputError: values of P sum to 5/6, not 1 (symdiv never normalises silently)
    >>> F = Fraction
    >>> p = ExplicitDistribution("p", [[F(1, 8), F(1, 16)], [F(1, 16), F(3, 4)]])
    >>> p.shape, p[2, 1]
    ((2, 2), 1/16)
    """

    #: Its terms are written out, not summed over an index.
    expands = True

    def __new__(cls, name: Union[str, Str, None], values: Iterable, shape: object = None,
                variables: object = None):
        if isinstance(name, Str):
            name = name.name or None
        # An anonymous distribution (name None) is written as its values, (1/2, 1/2).
        label = Str("" if name is None else _check_name(name))
        if name is None:
            name = "the distribution"
        flat, found = _flatten(values, name)
        if isinstance(shape, Tuple):  # sympy's rebuild: the values come flat, the shape beside them
            found = tuple(int(n) for n in shape.args)
        vals = [_exact(v, ", ".join(map(str, _unravel(k, found))), name) for k, v in enumerate(flat)]
        total = sum(vals, S.Zero)
        if total != 1:
            raise InvalidInputError(
                f"values of {name} sum to {total}, not 1 (symdiv never normalises silently)"
            )
        args = [label, Tuple(*vals), Tuple(*(Integer(n) for n in found))]
        if variables is not None:
            named = _as_variables(variables if isinstance(variables, (tuple, list, Tuple)) else (variables,),
                                  f"distribution {name}")
            if tuple(int(v.size) if v.size.is_Integer else v.size for v in named) != found:
                raise SizeMismatchError(f"the table of {name} has shape {found}, but its variables "
                                        f"{', '.join(v.name for v in named)} have sizes "
                                        f"{tuple(v.size for v in named)}")
            args.append(Tuple(*named))
        return Basic.__new__(cls, *args)

    @property
    def name(self) -> str:  # type: ignore[override]
        """Its name, or for an anonymous one its values, ``(1/2, 1/2)``."""
        return self.args[0].name or f"({', '.join(map(str, self.values))})"  # type: ignore[attr-defined]

    @property
    def anonymous(self) -> bool:
        return not self.args[0].name  # type: ignore[attr-defined]

    values = tuple_arg(1, "The values in row-major order.")
    shape = tuple_arg(2, "The table's shape, one size per axis.")  # type: ignore[assignment]

    @property
    def variables(self) -> tuple[RandomVariable, ...]:
        return tuple(self.args[3].args) if len(self.args) > 3 else ()  # type: ignore[attr-defined]

    @property
    def size(self) -> Expr:
        if len(self.shape) != 1:
            raise InvalidInputError(f"{self.name} is a table of shape {self.shape}: use .shape")
        return self.shape[0]

    def table(self) -> dict[tuple[int, ...], Rational]:
        """Every cell as ``{(i, j, ...): value}``, indices from 1."""
        shape = [int(n) for n in self.shape]
        return {_unravel(k, shape): v for k, v in enumerate(self.values)}

    def component(self, *indices: Expr) -> Expr:
        if all(isinstance(i, Integer) or isinstance(i, int) for i in indices):
            return self.table()[tuple(int(i) for i in indices)]
        # A symbolic index into explicit values: a sum of indicator terms.
        return sum(
            (v * Mul(*(KroneckerDelta(i, m) for i, m in zip(indices, at)))
             for at, v in self.table().items()),
            S.Zero,
        )

    def marginal(self, variables: Sequence[RandomVariable]) -> "DistributionLike":
        variables = tuple(v for v in self.variables if v in variables)
        if variables == self.variables:
            return self
        axes = [self.variables.index(v) for v in variables]
        sums: dict[tuple[int, ...], Rational] = {}
        for at, v in self.table().items():
            key = tuple(at[a] for a in axes)
            sums[key] = sums.get(key, S.Zero) + v
        shape = tuple(int(self.shape[a]) for a in axes)
        flat = [sums[_unravel(k, shape)] for k in range(len(sums))]
        # the same name as the table: p(x) is a marginal of p, as p(x, y) is p itself
        return ExplicitDistribution(None if self.anonymous else self.name, flat, Tuple(*shape), variables)


class ProductDistribution(_Joint, _Model):
    """The joint ``p(x) q(y)`` of independent parts: its component is the product of theirs.

    Independence of ``X`` and ``Y`` is stated by taking their joint to be such
    a product; its marginals are the parts themselves.

    >>> X, Y = RandomVariable("X", 2), RandomVariable("Y", 2)
    >>> pq = ProductDistribution(Distribution("p", (X,)), Distribution("q", (Y,)))
    >>> pq[1, 2], marginal(pq, Y)
    (p[1]*q[2], q)
    """

    def __new__(cls, *factors: "DistributionLike"):
        if len(factors) < 2:
            raise InvalidInputError("a product distribution needs at least two independent parts")
        seen: list[RandomVariable] = []
        for f in factors:
            if not is_distribution(f) or not f.variables:
                raise InvalidTypeError(f"a product's parts are distributions over random variables, got {f!r}")
            if set(f.variables) & set(seen):
                raise InvalidInputError("the parts of a product distribution must be over different variables")
            seen += f.variables
        return Basic.__new__(cls, *factors)

    @property
    def factors(self) -> tuple["DistributionLike", ...]:
        return self.args  # type: ignore[return-value]

    @property
    def name(self) -> str:  # type: ignore[override]
        return "".join(f.name for f in self.factors)

    @property
    def variables(self) -> tuple[RandomVariable, ...]:
        return tuple(v for f in self.factors for v in f.variables)

    @property
    def shape(self) -> tuple[Expr, ...]:
        return tuple(n for f in self.factors for n in f.shape)

    def component(self, *indices: Expr) -> Expr:
        out, at = S.One, 0
        for f in self.factors:
            k = len(f.shape)
            out *= f.component(*indices[at:at + k])
            at += k
        return out

    def marginal(self, variables: Sequence[RandomVariable]) -> "DistributionLike":
        parts = [f.marginal([v for v in f.variables if v in variables]) for f in self.factors
                 if set(f.variables) & set(variables)]
        return parts[0] if len(parts) == 1 else ProductDistribution(*parts)


class Conditional(_Model):
    """The conditional ``p(y|x) = p(x, y) / p(x)`` of a joint: components indexed (y..., x...).

    Not a distribution over all its indices (it sums to 1 over ``y`` for each
    ``x``), so measures take it only where a conditional belongs.

    >>> X, Y = RandomVariable("X", 3), RandomVariable("Y", 2)
    >>> c = Conditional(Distribution("p", (X, Y)), (Y,), (X,))
    >>> c.shape, c.component(1, 3)
    ((2, 3), p[3, 1]/p_X[3])
    """

    def __new__(cls, joint: "DistributionLike", of: Sequence[RandomVariable], given: Sequence[RandomVariable]):
        if not is_distribution(joint) or not joint.variables:
            raise InvalidTypeError(f"a conditional is of a distribution over random variables, got {joint!r}")
        of = _as_variables(of, f"the conditional of {joint.name}")
        given = _as_variables(given, f"the conditional of {joint.name}")
        if not of:
            raise InvalidInputError("a conditional needs the variables it is the distribution of")
        if set(of) & set(given):
            raise InvalidInputError(f"{', '.join(v.name for v in set(of) & set(given))} is both conditioned on "
                                    f"and distributed")
        missing = [v.name for v in (*of, *given) if v not in joint.variables]
        if missing:
            raise InvalidInputError(f"{joint.name} is not a distribution of {', '.join(missing)}")
        return Basic.__new__(cls, joint, Tuple(*of), Tuple(*given))

    @property
    def joint(self) -> "DistributionLike":
        return self.args[0]  # type: ignore[return-value]

    of = tuple_arg(1, "The variables it is the distribution of.")
    given = tuple_arg(2, "The variables it is conditioned on.")

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"{self.joint.name}({','.join(v.name for v in self.of)}|{','.join(v.name for v in self.given)})"

    @property
    def variables(self) -> tuple[RandomVariable, ...]:
        return (*self.of, *self.given)

    @property
    def shape(self) -> tuple[Expr, ...]:
        return tuple(v.size for v in self.variables)

    def component(self, *indices: Expr) -> Expr:
        at = dict(zip(self.variables, indices))
        if not self.given:
            return value_at(self.joint, at)
        return value_at(self.joint, at) / value_at(self.joint, {v: at[v] for v in self.given})


DistributionLike = Union[Distribution, _Model, Marginal]


def is_distribution(obj: object) -> bool:
    """Whether *obj* can stand for a distribution in a measure (a conditional cannot; a Gaussian can)."""
    if getattr(obj, "continuous", False):
        return True
    return isinstance(obj, (Distribution, Marginal, _Model)) and not isinstance(obj, Conditional)


def marginal(dist: "DistributionLike", *variables: RandomVariable) -> "DistributionLike":
    """The marginal of *dist* over *variables* (in *dist*'s own order of variables).

    >>> X, Y = RandomVariable("X", 2), RandomVariable("Y", 2)
    >>> p = Distribution("p", (X, Y))
    >>> marginal(p, Y, X) is p, marginal(marginal(p, X, Y), X) == marginal(p, X)
    (True, True)
    """
    if len(variables) == 1 and isinstance(variables[0], (tuple, list)):
        variables = tuple(variables[0])
    if not is_distribution(dist) or not getattr(dist, "variables", ()):
        raise InvalidTypeError(f"a marginal is of a distribution over random variables, got {dist!r}")
    wanted = _as_variables(variables, f"the marginal of {dist.name}")
    if not wanted:
        raise InvalidInputError(f"a marginal of {dist.name} needs at least one variable")
    missing = [v.name for v in wanted if v not in dist.variables]
    if missing:
        raise InvalidInputError(f"{dist.name} is a distribution of {', '.join(v.name for v in dist.variables)}, "
                                f"not of {', '.join(missing)}")
    return dist.marginal(tuple(v for v in dist.variables if v in wanted))


def value_at(dist: "DistributionLike", at: Mapping[RandomVariable, Expr]) -> Expr:
    """The probability that the variables of *at* take its values: the marginal's component there.

    >>> X, Y = RandomVariable("X", 2), RandomVariable("Y", 2)
    >>> p = Distribution("p", (X, Y))
    >>> value_at(p, {Y: 2}), value_at(p, {Y: 1, X: 2})
    (p_Y[2], p[2, 1])
    """
    m = marginal(dist, *at)
    return m.component(*(at[v] for v in m.variables))


class Hypothesis(Basic):
    """A hypothesis about random variables that a claim may carry: its ``kind`` and ``groups``.

    * ``MarkovChain(X, Y, Z)``: ``X -> Y -> Z``, ``X`` and ``Z`` independent given ``Y``;
    * ``Independent(X, Y)``: the groups are mutually independent;
    * ``FunctionOf(Y, X)``: ``Y`` is a function of ``X``, ``H(Y|X) = 0``.

    A group is a random variable or a tuple of them.

    >>> X, Y, Z = (RandomVariable(v, 2) for v in "XYZ")
    >>> MarkovChain(X, Y, Z), Independent((X, Y), Z)
    (X -> Y -> Z, X,Y _|_ Z)
    """

    kind = ""
    _separator = ""

    def __new__(cls, *groups: object):
        built = []
        for g in groups:
            items = tuple(g) if isinstance(g, (tuple, list, Tuple)) else (g,)
            built.append(Tuple(*_as_variables(items, cls.__name__)))
        if len(built) < 2:
            raise InvalidInputError(f"{cls.__name__} needs at least two variables or groups")
        return Basic.__new__(cls, *built)

    @property
    def groups(self) -> tuple[tuple[RandomVariable, ...], ...]:
        return tuple(tuple(g.args) for g in self.args)  # type: ignore[attr-defined]

    def _sympystr(self, printer) -> str:
        return self._separator.join(",".join(v.name for v in g) for g in self.groups)


class MarkovChain(Hypothesis):
    kind = "markov_chain"
    _separator = " -> "


class Independent(Hypothesis):
    kind = "independent"
    _separator = " _|_ "


class FunctionOf(Hypothesis):
    """``FunctionOf(Y, X)``: ``Y`` is a function of ``X`` (the first group, of the second)."""

    kind = "function_of"

    def __new__(cls, y: object, of: object):
        return Hypothesis.__new__(cls, y, of)

    def _sympystr(self, printer) -> str:
        y, of = self.groups
        return f"{','.join(v.name for v in y)} = f({','.join(v.name for v in of)})"


def free_objects(expr: Basic) -> set[Free]:
    """The free parts of *expr* an instance must give values to (inside marginals and models too).

    >>> X = RandomVariable("X", 2)
    >>> sorted(map(str, free_objects(marginal(Distribution("p", (X, RandomVariable("Y", 2))), X)[1])))
    ['p']
    """
    return {node for node in preorder_traversal(expr) if isinstance(node, Free)}


def same_size(*dists: DistributionLike, what: str) -> tuple[Expr, ...]:
    """The common shape of *dists*; a :class:`SizeMismatchError` names both if they differ."""
    first = dists[0]
    for other in dists[1:]:
        if tuple(first.shape) != tuple(other.shape):
            a, b = (d.shape[0] if len(d.shape) == 1 else tuple(d.shape) for d in (first, other))
            raise SizeMismatchError(
                f"{what}: {_label(first)} has size {a} but {_label(other)} "
                f"has size {b}"
            )
    return tuple(first.shape)


def _label(d: object) -> str:
    return getattr(d, "name", repr(d))
