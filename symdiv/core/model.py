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
  distributions with known components.

>>> n = alphabet_size("n")
>>> P = Distribution("P", n)
>>> P.size, P[INDEX]
(n, P[i])
>>> Softmax(Logits("z", n)).component(INDEX)
exp(z[i])/Sum(exp(z[k]), (k, 1, n))
"""

from __future__ import annotations

import keyword
from fractions import Fraction
from numbers import Integral, Rational as _PyRational
from typing import Iterable, Union

from sympy import (
    Basic,
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
    "Softmax",
    "Dataset",
    "Sample",
    "Count",
    "Empirical",
    "Uniform",
    "PointMass",
    "ExplicitDistribution",
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


class _SizedBase(IndexedBase):
    """An ``IndexedBase`` of shape ``(size,)`` built from a name and a size.

    sympy rebuilds objects as ``func(*args)`` with ``args == (label, (size,))``,
    so ``__new__`` accepts that form as well as ``(name, size)``.
    """

    _assumptions_of_entries: dict[str, bool] = {}
    _what = "vector"

    def __new__(cls, name: Union[str, Symbol], size: object):
        if isinstance(name, Symbol):
            label = name
        else:
            label = Symbol(_check_name(name), **cls._assumptions_of_entries)
        if isinstance(size, Tuple):
            (size,) = size.args
        size = check_size(size)
        return IndexedBase.__new__(cls, label, shape=(size,), **cls._assumptions_of_entries)

    @property
    def size(self) -> Expr:
        """The alphabet size: an ``Integer`` or a positive integer ``Symbol``."""
        return self.shape[0]

    @property
    def name(self) -> str:
        return str(self.label)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, tuple):
            raise InvalidInputError(f"{self._what} {self.name} takes one index, got {index!r}")
        return super().__getitem__(_check_index(index, self.size, f"{self._what} {self.name}"))

    def component(self, index: Expr) -> Expr:
        return self[index]


class Distribution(_SizedBase):
    """A probability distribution ``P`` with components ``P[i] > 0``, ``sum_i P[i] = 1``.

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


class Logits(_SizedBase):
    """A real vector of logits ``z_1..z_n``; ``Softmax(z)`` is a distribution."""

    _assumptions_of_entries = {"real": True}
    _what = "logits"


class _Model(Basic):
    """A distribution given by a formula for its components."""

    name: str

    @property
    def size(self) -> Expr:
        raise NotImplementedError

    def component(self, index: Expr) -> Expr:
        raise NotImplementedError

    def __getitem__(self, index: object) -> Expr:
        return self.component(_check_index(index, self.size, self.name))


class Softmax(_Model):
    """The distribution ``softmax(z)_i = exp(z_i) / sum_k exp(z_k)``.

    >>> Softmax(Logits("z", 2))[1]
    exp(z[1])/Sum(exp(z[i]), (i, 1, 2))
    """

    def __new__(cls, logits: Logits):
        if not isinstance(logits, Logits):
            raise InvalidTypeError(
                f"Softmax takes a Logits vector, got {logits!r} of type {type(logits).__name__}"
            )
        return Basic.__new__(cls, logits)

    @property
    def logits(self) -> Logits:
        return self.args[0]  # type: ignore[return-value]

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"softmax({self.logits.name})"

    @property
    def size(self) -> Expr:
        return self.logits.size

    def component(self, index: Expr) -> Expr:
        z = self.logits
        k = fresh_index(index if isinstance(index, Basic) else Integer(index))
        return exp(z[index]) / Sum(exp(z[k]), (k, 1, self.size))


class Dataset(Basic):
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


class ExplicitDistribution(_Model):
    """A distribution of fixed size given by exact values that sum to 1.

    Values are ints, ``fractions.Fraction`` or sympy rationals.  Floats are
    refused rather than rounded: a float like 0.1 is not the rational 1/10,
    and symdiv never normalises silently.

    >>> ExplicitDistribution("P", [Fraction(1, 2), Fraction(1, 2)])[2]
    1/2
    >>> ExplicitDistribution("P", [Fraction(1, 2), Fraction(1, 3)])
    Traceback (most recent call last):
    ...
    symdiv.errors.InvalidInputError: values of P sum to 5/6, not 1 (symdiv never normalises silently)
    """

    def __new__(cls, name: Union[str, Str, None], values: Iterable[_Number]):
        if isinstance(name, Str):
            name = name.name or None
        # An anonymous distribution (name None) is written as its values, (1/2, 1/2).
        label = Str("" if name is None else _check_name(name))
        if name is None:
            name = "the distribution"
        vals = []
        for position, v in enumerate(values, start=1):
            if isinstance(v, bool) or not isinstance(v, (_PyRational, Rational)):
                raise InvalidTypeError(
                    f"value {position} of {name} is {v!r} of type {type(v).__name__}; "
                    f"give exact values (int, fractions.Fraction or sympy Rational)"
                )
            r = Rational(v.numerator, v.denominator) if isinstance(v, _PyRational) else v
            if r < 0:
                raise InvalidInputError(f"value {position} of {name} is negative: {r}")
            vals.append(r)
        if not vals:
            raise InvalidInputError(f"distribution {name} has no values")
        total = sum(vals, S.Zero)
        if total != 1:
            raise InvalidInputError(
                f"values of {name} sum to {total}, not 1 (symdiv never normalises silently)"
            )
        return Basic.__new__(cls, label, Tuple(*vals))

    @property
    def name(self) -> str:  # type: ignore[override]
        """Its name, or for an anonymous one its values, ``(1/2, 1/2)``."""
        return self.args[0].name or f"({', '.join(map(str, self.values))})"  # type: ignore[attr-defined]

    @property
    def anonymous(self) -> bool:
        return not self.args[0].name  # type: ignore[attr-defined]

    @property
    def values(self) -> tuple[Rational, ...]:
        return tuple(self.args[1].args)  # type: ignore[attr-defined]

    @property
    def size(self) -> Expr:
        return Integer(len(self.values))

    def component(self, index: Expr) -> Expr:
        if isinstance(index, Integer):
            return self.values[int(index) - 1]
        # A symbolic index into explicit values: a sum of indicator terms.
        return sum(
            (v * KroneckerDelta(index, m) for m, v in enumerate(self.values, start=1)),
            S.Zero,
        )


DistributionLike = Union[Distribution, _Model]


def is_distribution(obj: object) -> bool:
    """Whether *obj* can stand for a distribution in a measure."""
    return isinstance(obj, (Distribution, _Model))


def same_size(*dists: DistributionLike, what: str) -> Expr:
    """The common size of *dists*; a :class:`SizeMismatchError` names both if they differ."""
    first = dists[0]
    for other in dists[1:]:
        if first.size != other.size:
            raise SizeMismatchError(
                f"{what}: {_label(first)} has size {first.size} but {_label(other)} "
                f"has size {other.size}"
            )
    return first.size


def _label(d: object) -> str:
    return getattr(d, "name", repr(d))
