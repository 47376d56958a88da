"""Shannon-type inequalities in several random variables, decided exactly.

An inequality in joint entropies (``H(X,Y) <= H(X) + H(Y)``, ``I(X;Y|Z) >= 0``,
the data-processing inequality given ``X -> Y -> Z``) is *Shannon-type* when it
follows from the nonnegativity of entropy and mutual information.  Yeung's
theorem reduces every such inequality to the *elemental* ones over the
variables ``V``:

* ``H(X_i | X_{V-i}) >= 0`` for each variable ``X_i``, and
* ``I(X_i; X_j | X_K) >= 0`` for ``i < j`` and ``K`` a subset of ``V - {i, j}``:

``target >= 0`` is Shannon-type exactly when ``target`` is a nonnegative
combination of elemental terms (plus any multiple of the hypotheses'
equalities, which are 0).  :func:`decide` finds the multipliers with a linear
programme (scipy's HiGHS), then makes them exact rationals and checks the
identity coefficient by coefficient in :class:`fractions.Fraction`: a float
LP alone is never a proof.

>>> from symdiv.prover.shannon import H, I, decide, markov_chain
>>> r = decide(I("X", "Y") - I("X", "Z"), hypotheses=[markov_chain("X", "Y", "Z")])
>>> r.status
<Status.PROVED: 'proved'>
>>> print(r.certificate)
   I(X;Y) - I(X;Z)
 = I(X;Y|Z) - I(X;Z|Y)   [identity in joint entropies, checked exactly]
 = I(X;Y|Z)              [I(X;Z|Y) = 0 by X -> Y -> Z]
>= 0                     [I(X;Y|Z) >= 0 is an elemental inequality]

*Refuted* needs a joint distribution with exact rational entries at which the
claim fails, confirmed exactly (see :class:`LogValue`):

>>> r = decide(H("X", given="Y") - H("X"))          # H(X|Y) >= H(X)?
>>> r.status
<Status.REFUTED: 'refuted'>
>>> print(r.counterexample)
X Y  p
0 0  1/2
1 1  1/2

An LP that finds no certificate only says "not Shannon-type": the claim may
still be true (Zhang and Yeung's inequality is), so without a counterexample
the answer is *unknown*, never refuted.
"""

from __future__ import annotations

import itertools
import math
import numbers
import random
import re
import time
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property, lru_cache
from typing import Iterable, Iterator, Mapping, Optional, Sequence, Union

from ..errors import InvalidInputError, InvalidTypeError
from .verdict import Status

__all__ = [
    "MAX_VARIABLES",
    "Combination",
    "Linear",
    "H",
    "I",
    "Elemental",
    "elementals",
    "Hypothesis",
    "Equality",
    "markov_chain",
    "independent",
    "function_of",
    "LogValue",
    "JointTable",
    "SearchBudget",
    "find_counterexample",
    "random_tables",
    "CertificateStep",
    "ShannonCertificate",
    "ShannonResult",
    "decide",
]

#: The most variables :func:`decide` accepts: the LP has ``2**n - 1`` rows and
#: ``n + C(n,2) 2**(n-2)`` columns (1 800 at n = 8), and beyond that the
#: counterexample tables grow past what an exact check handles quickly.
MAX_VARIABLES = 8

#: A linear combination of joint entropies: each nonempty set of variable
#: names maps to its coefficient (``H(empty) = 0`` is never a key).
Combination = dict[frozenset[str], Fraction]

# An exact sign decision compares two integer products; beyond this many bits
# the comparison is refused rather than left to run (a table with huge
# denominators).
_MAX_BITS = 100_000

# Outcomes a JointTable may have: exact entropies of a bigger table are slow.
_MAX_OUTCOMES = 1 << 16

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


# --------------------------------------------------------------------------
# Names, groups, coefficients
# --------------------------------------------------------------------------

def _variable(name: object) -> str:
    if not isinstance(name, str):
        raise InvalidTypeError(f"a variable name must be a str, not {type(name).__name__} {name!r}")
    if not _NAME.match(name):
        raise InvalidInputError(
            f"variable name {name!r} must be a letter followed by letters, digits or underscores")
    return name


def _group(value: object, what: str) -> tuple[str, ...]:
    """A variable name or a tuple of names, as a tuple (order kept for printing)."""
    if isinstance(value, str):
        names: tuple = (value,)
    elif isinstance(value, (tuple, list)):
        names = tuple(value)
    elif isinstance(value, (set, frozenset)):
        names = tuple(sorted(value, key=_natural))
    else:
        raise InvalidTypeError(f"{what} must be a variable name or a tuple of names, "
                               f"not {type(value).__name__} {value!r}")
    for name in names:
        _variable(name)
    for name in names:
        if names.count(name) > 1:
            raise InvalidInputError(f"{what} names {name!r} twice: {names!r}")
    return names


def _rational(value: object, what: str) -> Fraction:
    # numbers.Rational covers int, Fraction and sympy's Integer/Rational; a
    # float is refused because its binary value is rarely the one meant.
    if isinstance(value, bool) or not isinstance(value, numbers.Rational):
        raise InvalidTypeError(f"{what} must be exact (an int or a Fraction), "
                               f"not {type(value).__name__} {value!r}")
    return Fraction(int(value.numerator), int(value.denominator))


@lru_cache(maxsize=1024)
def _natural(name: str) -> tuple:
    """Sort key putting X2 before X10."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in re.findall(r"\d+|\D+", name))


def _set_key(names: frozenset[str]) -> tuple:
    return (len(names), tuple(sorted((_natural(v) for v in names))))


def _sorted_names(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(names, key=_natural))


def _group_text(group: Sequence[str], paren: bool = False) -> str:
    text = ",".join(group)
    return f"({text})" if paren and len(group) > 1 else text


def _entropy_name(names: frozenset[str]) -> str:
    return f"H({','.join(_sorted_names(names))})"


def _coefficient_text(value: Fraction) -> str:
    return str(value)


def _format_terms(terms: Sequence[tuple[Fraction, str]]) -> str:
    """``[(1, 'I(X;Y)'), (-2, 'H(X)')]`` as ``I(X;Y) - 2*H(X)``; the empty sum is ``0``."""
    parts = []
    for k, (coefficient, name) in enumerate(terms):
        size = abs(coefficient)
        body = name if size == 1 else f"{_coefficient_text(size)}*{name}"
        if k == 0:
            parts.append(("-" if coefficient < 0 else "") + body)
        else:
            parts.append((" - " if coefficient < 0 else " + ") + body)
    return "".join(parts) or "0"


def _positive_first(terms: Iterable[tuple[frozenset[str], Fraction]]) -> list[tuple[Fraction, str]]:
    """Joint entropies as (coefficient, name), the positive ones first: ``H(X) + H(Y) - H(X,Y)``."""
    ordered = sorted(terms, key=lambda kc: (kc[1] < 0, _set_key(kc[0])))
    return [(c, _entropy_name(k)) for k, c in ordered]


def _merge(pairs: Iterable[tuple[object, Fraction]]) -> dict:
    merged: dict = {}
    for key, coefficient in pairs:
        merged[key] = merged.get(key, 0) + coefficient
    return {key: c for key, c in merged.items() if c}


# --------------------------------------------------------------------------
# Linear combinations of joint entropies
# --------------------------------------------------------------------------

def _entropy_key(key: object) -> frozenset[str]:
    if isinstance(key, str):
        raise InvalidTypeError(f"a joint entropy is keyed by a frozenset of names, not the str {key!r} "
                               f"(write frozenset({{{key!r}}}))")
    if not isinstance(key, (frozenset, set, tuple, list)):
        raise InvalidTypeError(f"a joint entropy is keyed by a frozenset of names, "
                               f"not {type(key).__name__} {key!r}")
    names = frozenset(_variable(v) for v in key)
    if not names:
        raise InvalidInputError("H() of no variables is 0 and is not a key of a combination")
    return names


@dataclass(frozen=True)
class Linear:
    """A linear combination of joint entropies, with exact coefficients.

    ``terms`` is the combination (sorted, merged, zeros dropped) and decides
    equality; ``written`` remembers the measures it was built from
    (``I(X;Y) - I(X;Z)``) so that it prints the way it was written.  Build
    one with :func:`H` and :func:`I` and ``+``, ``-``, ``*`` by an int or a
    Fraction:

    >>> d = I("X", "Y") - I("X", "Z")
    >>> print(d)
    I(X;Y) - I(X;Z)
    >>> print(d.entropies())
    H(Y) + H(X,Z) - H(Z) - H(X,Y)
    >>> H("X", given="Y") == H("X", "Y") - H("Y")
    True
    """

    terms: tuple[tuple[frozenset[str], Fraction], ...]
    written: tuple[tuple[str, Fraction], ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.terms, (tuple, list)):
            raise InvalidTypeError(f"Linear terms must be a tuple of (frozenset, coefficient) pairs, "
                                   f"not {type(self.terms).__name__}")
        pairs = []
        for item in self.terms:
            if not (isinstance(item, tuple) and len(item) == 2):
                raise InvalidTypeError(f"a Linear term must be a (frozenset, coefficient) pair, not {item!r}")
            key, coefficient = item
            names = _entropy_key(key)
            pairs.append((names, _rational(coefficient, f"the coefficient of {_entropy_name(names)}")))
        merged = _merge(pairs)
        canonical = tuple(sorted(merged.items(), key=lambda kv: _set_key(kv[0])))
        object.__setattr__(self, "terms", canonical)
        if self.written:
            written = tuple(_merge((str(n), _rational(c, f"the coefficient of {n}")) for n, c in self.written).items())
        else:
            written = tuple((name, c) for c, name in _positive_first(canonical))
        object.__setattr__(self, "written", written)

    @classmethod
    def from_combination(cls, combination: Mapping) -> "Linear":
        """A :class:`Linear` from a :data:`Combination` (a dict of joint entropies).

        >>> print(Linear.from_combination({frozenset("XY"): -1, frozenset("X"): 1, frozenset("Y"): 1}))
        H(X) + H(Y) - H(X,Y)
        """
        if not isinstance(combination, Mapping):
            raise InvalidTypeError(f"a combination is a dict of frozensets to coefficients, "
                                   f"not {type(combination).__name__}")
        return cls(tuple(combination.items()))

    @property
    def combination(self) -> Combination:
        """The joint entropies and their coefficients, as a fresh dict."""
        return dict(self.terms)

    @property
    def variables(self) -> frozenset[str]:
        """Every variable some term mentions."""
        return frozenset().union(*(k for k, _ in self.terms))

    def is_zero(self) -> bool:
        """Whether every coefficient cancelled (``H(X|X)``, ``H(X,Y) - H(X) - H(Y|X)``)."""
        return not self.terms

    def entropies(self) -> str:
        """The combination written in joint entropies."""
        return _format_terms(_positive_first(self.terms))

    def __str__(self) -> str:
        return _format_terms([(c, n) for n, c in self.written])

    def __repr__(self) -> str:
        return f"<Linear {self}>"

    def __add__(self, other: object) -> "Linear":
        if not isinstance(other, Linear):
            return NotImplemented
        return Linear(self.terms + other.terms, self.written + other.written)

    def __radd__(self, other: object) -> "Linear":
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self  # so that sum() of a list of Linear works
        return NotImplemented

    def __neg__(self) -> "Linear":
        return self * -1

    def __sub__(self, other: object) -> "Linear":
        if not isinstance(other, Linear):
            return NotImplemented
        return self + (-other)

    def __mul__(self, factor: object) -> "Linear":
        if isinstance(factor, Linear):
            return NotImplemented
        k = _rational(factor, "a factor of a Linear")
        return Linear(tuple((s, c * k) for s, c in self.terms), tuple((n, c * k) for n, c in self.written))

    __rmul__ = __mul__


def H(*variables: str, given: Union[str, Sequence[str]] = ()) -> Linear:
    """The (conditional) joint entropy ``H(variables | given)``.

    >>> print(H("X", "Y", given="Z").entropies())
    H(X,Y,Z) - H(Z)
    """
    xs = _group(list(variables), "H()")
    if not xs:
        raise InvalidInputError("H() needs at least one variable")
    gs = _group(given, "given")
    name = f"H({','.join(xs)}{'|' + ','.join(gs) if gs else ''})"
    whole, cond = frozenset(xs) | frozenset(gs), frozenset(gs)
    terms = [(whole, Fraction(1))] + ([(cond, Fraction(-1))] if cond else [])
    return Linear(tuple(terms), ((name, Fraction(1)),))


def I(a: Union[str, Sequence[str]], b: Union[str, Sequence[str]],
      given: Union[str, Sequence[str]] = ()) -> Linear:
    """The (conditional) mutual information ``I(a; b | given)``; *a* and *b*
    are a name or a tuple of names (``I(("X", "Y"), "Z")`` is ``I(X,Y;Z)``).

    >>> print(I(("X", "Y"), "Z"), "=", I(("X", "Y"), "Z").entropies())
    I(X,Y;Z) = H(Z) + H(X,Y) - H(X,Y,Z)
    """
    xs, ys = _group(a, "the first argument of I()"), _group(b, "the second argument of I()")
    if not xs or not ys:
        raise InvalidInputError(f"I() needs a variable on each side, got {xs!r} and {ys!r}")
    gs = _group(given, "given")
    name = f"I({','.join(xs)};{','.join(ys)}{'|' + ','.join(gs) if gs else ''})"
    A, B, C = frozenset(xs), frozenset(ys), frozenset(gs)
    terms = [(A | C, Fraction(1)), (B | C, Fraction(1)), (A | B | C, Fraction(-1))]
    if C:
        terms.append((C, Fraction(-1)))
    # A and B may overlap (I(X;X) = H(X)), so the pairs are merged, not assumed distinct
    return Linear(tuple(terms), ((name, Fraction(1)),))


def _as_linear(target: object, what: str = "the target") -> Linear:
    if isinstance(target, Linear):
        return target
    if isinstance(target, str):
        raise InvalidTypeError(f"{what} must be built with H() and I() (or be a dict of joint entropies), "
                               f"not the str {target!r}: symdiv never evaluates text")
    if isinstance(target, Mapping):
        return Linear.from_combination(target)
    raise InvalidTypeError(f"{what} must be a Linear built with H() and I() or a dict of joint entropies, "
                           f"not {type(target).__name__} {target!r}")


# --------------------------------------------------------------------------
# Elemental inequalities
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Elemental:
    """One of Yeung's elemental inequalities: ``H(first | given) >= 0`` when
    *second* is None (then *given* is every other variable), else
    ``I(first; second | given) >= 0``.

    >>> e = Elemental("X", "Z", ("Y",))
    >>> e.name, e.linear.entropies()
    ('I(X;Z|Y)', 'H(X,Y) + H(Y,Z) - H(Y) - H(X,Y,Z)')
    >>> Elemental("X", None, ("Y", "Z")).name
    'H(X|Y,Z)'
    """

    first: str
    second: Optional[str] = None
    given: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _variable(self.first)
        if self.second is not None:
            _variable(self.second)
        given = _group(self.given, "given")
        object.__setattr__(self, "given", given)
        named = [self.first] + ([self.second] if self.second is not None else [])
        if len(set(named)) < len(named) or set(named) & set(given):
            raise InvalidInputError(f"an elemental term names each variable once, got {self.name}")

    @property
    def name(self) -> str:
        """Plain ASCII: ``I(X;Z|Y)`` or ``H(X|Y,Z)``."""
        cond = "|" + ",".join(self.given) if self.given else ""
        if self.second is None:
            return f"H({self.first}{cond})"
        return f"I({self.first};{self.second}{cond})"

    @cached_property
    def linear(self) -> Linear:
        """The term as a combination of joint entropies."""
        if self.second is None:
            return H(self.first, given=self.given)
        return I(self.first, self.second, given=self.given)

    @property
    def combination(self) -> Combination:
        return dict(self._terms)

    @cached_property
    def _terms(self) -> tuple[tuple[frozenset[str], Fraction], ...]:
        # Built straight from the sets: verify() reads it for every term of
        # every certificate, and going through H()/I() would cost more than the check.
        k = frozenset(self.given)
        if self.second is None:
            pairs = [(k | {self.first}, Fraction(1)), (k, Fraction(-1))]
        else:
            a, b = self.first, self.second
            pairs = [(k | {a}, Fraction(1)), (k | {b}, Fraction(1)), (k | {a, b}, Fraction(-1)), (k, Fraction(-1))]
        return tuple((s, c) for s, c in pairs if s)

    def __str__(self) -> str:
        return self.name


@lru_cache(maxsize=None)
def _elemental_specs(n: int) -> tuple[tuple[int, int, tuple[int, ...]], ...]:
    """``(i, j, K)`` for I(X_i;X_j|X_K), and ``(i, -1, V-i)`` for H(X_i|X_{V-i}).

    Small conditioning sets come first: they are the terms a reader follows
    most easily, and the LP prefers them too (see :func:`_elemental_matrix`).
    """
    specs = []
    for size in range(max(n - 1, 0)):
        for i, j in itertools.combinations(range(n), 2):
            others = [k for k in range(n) if k not in (i, j)]
            specs.extend((i, j, K) for K in itertools.combinations(others, size))
    specs.extend((i, -1, tuple(k for k in range(n) if k != i)) for i in range(n))
    return tuple(specs)


def _spec_masks(spec: tuple[int, int, tuple[int, ...]], n: int) -> list[tuple[int, int]]:
    """The (subset bitmask, coefficient) pairs of one elemental term; mask 0 (H of nothing) dropped."""
    i, j, K = spec
    k = sum(1 << t for t in K)
    if j < 0:
        pairs = [((1 << n) - 1, 1), (k, -1)]
    else:
        pairs = [(k | 1 << i, 1), (k | 1 << j, 1), (k | 1 << i | 1 << j, -1), (k, -1)]
    return [(m, c) for m, c in pairs if m]


@lru_cache(maxsize=None)
def _elemental_matrix(n: int):
    """Column ``c`` is elemental term ``c`` as a vector over subsets (row ``mask - 1``), and its LP cost."""
    import numpy as np

    specs = _elemental_specs(n)
    matrix = np.zeros(((1 << n) - 1, len(specs)))
    for col, spec in enumerate(specs):
        for mask, c in _spec_masks(spec, n):
            matrix[mask - 1, col] += c
    # Minimising the total multiplier gives sparse (vertex) certificates; the
    # small surcharge per conditioning variable breaks ties towards the terms
    # with fewer variables, which read more easily.
    # A smaller one towards earlier variables makes ties resolve the same
    # way a person would (the chain rule in the variables' order).
    costs = np.array([1.0 + 1e-3 * len(K) + 1e-5 * (i + max(j, 0) + sum(K)) for i, j, K in specs])
    matrix.setflags(write=False)
    costs.setflags(write=False)
    return matrix, costs


def _elemental_of(spec: tuple[int, int, tuple[int, ...]], names: Sequence[str]) -> Elemental:
    i, j, K = spec
    return Elemental(names[i], None if j < 0 else names[j], tuple(names[k] for k in K))


def elementals(variables: Sequence[str]) -> tuple[Elemental, ...]:
    """All of Yeung's elemental inequalities over *variables*, in a fixed order.

    >>> [e.name for e in elementals(["X", "Y", "Z"])]   # doctest: +NORMALIZE_WHITESPACE
    ['I(X;Y)', 'I(X;Z)', 'I(Y;Z)', 'I(X;Y|Z)', 'I(X;Z|Y)', 'I(Y;Z|X)',
     'H(X|Y,Z)', 'H(Y|X,Z)', 'H(Z|X,Y)']
    """
    names = _variable_list(variables)
    return tuple(_elemental_of(spec, names) for spec in _elemental_specs(len(names)))


def _variable_list(variables: object) -> tuple[str, ...]:
    if isinstance(variables, str) or not isinstance(variables, (tuple, list)):
        raise InvalidTypeError(f"variables must be a tuple of names, not {type(variables).__name__} {variables!r}")
    names = _group(variables, "variables")
    if not names:
        raise InvalidInputError("variables is empty")
    if len(names) > MAX_VARIABLES:
        raise InvalidInputError(f"{len(names)} variables ({', '.join(names)}): symdiv decides Shannon-type "
                                f"inequalities in at most {MAX_VARIABLES} variables")
    return names


# --------------------------------------------------------------------------
# Hypotheses
# --------------------------------------------------------------------------

_KINDS = ("markov_chain", "independent", "function_of")


@dataclass(frozen=True)
class Hypothesis:
    """An assumption about the joint distribution, as equalities ``e = 0``.

    Build one with :func:`markov_chain`, :func:`independent` or
    :func:`function_of`.  *groups* are the variable groups in order (for
    ``function_of``: the function, then its arguments).
    """

    kind: str
    groups: tuple[tuple[str, ...], ...]

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise InvalidInputError(f"unknown kind of hypothesis {self.kind!r}; expected one of {_KINDS}")
        groups = tuple(_group(g, self.kind) for g in self.groups)
        object.__setattr__(self, "groups", groups)
        if any(not g for g in groups):
            raise InvalidInputError(f"{self.kind}: every group needs a variable, got {groups!r}")
        least = {"markov_chain": 3, "independent": 2, "function_of": 2}[self.kind]
        if len(groups) < least or (self.kind == "function_of" and len(groups) != 2):
            raise InvalidInputError(f"{self.kind} needs {'exactly' if self.kind == 'function_of' else 'at least'} "
                                    f"{least} groups of variables, got {len(groups)}: {groups!r}")
        seen: set[str] = set()
        for g in groups:
            for name in g:
                if name in seen:
                    raise InvalidInputError(f"{self.kind}: {name!r} appears in two groups of {groups!r}")
                seen.add(name)

    @property
    def name(self) -> str:
        """``X -> Y -> Z``, ``X, Y independent``, ``Y = f(X)``."""
        if self.kind == "markov_chain":
            return " -> ".join(_group_text(g, paren=True) for g in self.groups)
        if self.kind == "independent":
            listed = ", ".join(_group_text(g, paren=True) for g in self.groups)
            return f"{listed} {'independent' if len(self.groups) == 2 else 'mutually independent'}"
        y, x = self.groups
        return f"{_group_text(y, paren=True)} = f({_group_text(x)})"

    @property
    def variables(self) -> frozenset[str]:
        return frozenset(itertools.chain.from_iterable(self.groups))

    @cached_property
    def equalities(self) -> tuple["Equality", ...]:
        """The equalities ``e = 0`` the hypothesis amounts to."""
        g = self.groups
        if self.kind == "markov_chain":
            # p(x_{i+1} | x_0..x_i) = p(x_{i+1} | x_i) for each i: the past
            # is independent of the next given the present.  Only pairs of
            # neighbours, I(X_{i-1}; X_{i+1} | X_i) = 0, would be weaker.
            exprs = [I(tuple(itertools.chain.from_iterable(g[:i])), g[i + 1], given=g[i])
                     for i in range(1, len(g) - 1)]
        elif self.kind == "independent":
            if len(g) == 2:
                exprs = [I(g[0], g[1])]
            else:
                exprs = [sum((H(*x) for x in g), Linear(())) - H(*itertools.chain.from_iterable(g))]
        else:
            exprs = [H(*g[0], given=g[1])]
        return tuple(Equality(e, self) for e in exprs)

    def holds(self, table: "JointTable") -> bool:
        """Whether *table* satisfies the hypothesis, decided exactly."""
        return all(table.evaluate(eq.expression).sign() == 0 for eq in self.equalities)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Equality:
    """One equality ``expression = 0`` that *hypothesis* asserts."""

    expression: Linear
    hypothesis: Hypothesis = field(repr=False)

    def __str__(self) -> str:
        return f"{self.expression} = 0 by {self.hypothesis.name}"


def markov_chain(*groups: Union[str, Sequence[str]]) -> Hypothesis:
    """``X -> Y -> Z -> ...``: each variable depends on the past only through
    its predecessor, i.e. ``I(X_0..X_{i-1}; X_{i+1} | X_i) = 0`` for each i.

    >>> h = markov_chain("X", "Y", "Z", "W")
    >>> h.name, [str(e.expression) for e in h.equalities]
    ('X -> Y -> Z -> W', ['I(X;Z|Y)', 'I(X,Y;W|Z)'])
    """
    return Hypothesis("markov_chain", tuple(groups))


def independent(*groups: Union[str, Sequence[str]]) -> Hypothesis:
    """Mutual independence: ``H(X) + H(Y) + ... - H(X,Y,...) = 0``.

    >>> [str(e) for e in independent("X", "Y", "Z").equalities]
    ['H(X) + H(Y) + H(Z) - H(X,Y,Z) = 0 by X, Y, Z mutually independent']
    """
    return Hypothesis("independent", tuple(groups))


def function_of(y: Union[str, Sequence[str]], *, of: Union[str, Sequence[str]]) -> Hypothesis:
    """*y* is a function of *of*: ``H(y | of) = 0``.

    >>> h = function_of("Y", of=("X", "Z"))
    >>> h.name, str(h.equalities[0].expression)
    ('Y = f(X,Z)', 'H(Y|X,Z)')
    """
    return Hypothesis("function_of", (y, of))


# --------------------------------------------------------------------------
# Exact logarithms
# --------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def _factor(n: int) -> tuple[tuple[int, int], ...]:
    """Prime factors of *n* by trial division, giving up on a large cofactor
    (kept whole: sums of logs stay exact, only the form is less canonical)."""
    factors = []
    d, steps = 2, 0
    while d * d <= n and steps < 50_000:
        if n % d == 0:
            e = 0
            while n % d == 0:
                n //= d
                e += 1
            factors.append((d, e))
        d += 1 if d == 2 else 2
        steps += 1
    if n > 1:
        factors.append((n, 1))
    return tuple(factors)


@dataclass(frozen=True)
class LogValue:
    """An exact real number ``sum_b e_b * log(b)``: rational exponents *e_b* on
    integer bases *b >= 2* (primes, as far as they factor).

    Entropies of a table with rational entries are such sums, and so is any
    linear combination of them.  Its sign is decided exactly: clear the
    exponents' denominators and compare two integer products.

    >>> v = LogValue.log(Fraction(9, 8)) - 2 * LogValue.log(3) + 3 * LogValue.log(2)   # log(9/8 / 9 * 8) = 0
    >>> v.sign(), str(v)
    (0, '0')
    >>> w = LogValue.log(3) - Fraction(3, 2) * LogValue.log(2)   # 3 > 2**1.5
    >>> w.sign(), str(w), round(w.bits(), 4)
    (1, '-3/2*log(2) + log(3)', 0.085)
    """

    terms: tuple[tuple[int, Fraction], ...] = ()

    def __post_init__(self) -> None:
        merged: dict[int, Fraction] = {}
        for base, exponent in self.terms:
            if isinstance(base, bool) or not isinstance(base, int) or base < 1:
                raise InvalidInputError(f"a LogValue base must be a positive int, not {base!r}")
            e = _rational(exponent, f"the exponent of log({base})")
            for prime, power in _factor(base):
                merged[prime] = merged.get(prime, 0) + e * power
        object.__setattr__(self, "terms", tuple(sorted((b, e) for b, e in merged.items() if e)))

    @classmethod
    def log(cls, r: object, coefficient: object = 1) -> "LogValue":
        """``coefficient * log(r)`` for a positive rational *r*."""
        q = _rational(r, "the argument of log")
        if q <= 0:
            raise InvalidInputError(f"log of a non-positive number {q}")
        c = _rational(coefficient, "a coefficient")
        return cls(((q.numerator, c), (q.denominator, -c)))

    def __add__(self, other: object) -> "LogValue":
        if not isinstance(other, LogValue):
            return NotImplemented
        return LogValue(self.terms + other.terms)

    def __neg__(self) -> "LogValue":
        return LogValue(tuple((b, -e) for b, e in self.terms))

    def __sub__(self, other: object) -> "LogValue":
        if not isinstance(other, LogValue):
            return NotImplemented
        return self + (-other)

    def __mul__(self, factor: object) -> "LogValue":
        k = _rational(factor, "a factor of a LogValue")
        return LogValue(tuple((b, e * k) for b, e in self.terms))

    __rmul__ = __mul__

    def sign(self, max_bits: int = _MAX_BITS) -> int:
        """-1, 0 or 1, exactly.  Raises :class:`InvalidInputError` when the
        integers to compare would exceed *max_bits* bits."""
        if not self.terms:
            return 0
        scale = math.lcm(*(e.denominator for _, e in self.terms))
        powers = [(b, int(e * scale)) for b, e in self.terms]
        size = sum(abs(p) * math.log2(b) for b, p in powers)
        if size > max_bits:
            raise InvalidInputError(f"an exact sign needs integers of about {size:.0f} bits "
                                    f"(more than {max_bits}): the table's denominators are too large")
        positive = negative = 1
        for b, p in powers:
            if p > 0:
                positive *= b ** p
            else:
                negative *= b ** -p
        return (positive > negative) - (positive < negative)

    def is_zero(self) -> bool:
        """Exactly zero (the logs of distinct primes are independent over the rationals)."""
        return self.sign() == 0

    def __float__(self) -> float:
        """The value in nats."""
        return math.fsum(float(e) * math.log(b) for b, e in self.terms)

    def bits(self) -> float:
        """The value in bits, for display."""
        return float(self) / math.log(2)

    def __str__(self) -> str:
        return _format_terms([(e, f"log({b})") for b, e in self.terms])


# --------------------------------------------------------------------------
# Joint distributions with exact entries
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class JointTable:
    """A joint distribution of named discrete variables with exact rational
    probabilities, listed in row-major order over ``product(range(size) ...)``.

    Entries must be nonnegative and sum to exactly 1; the table is never
    normalised silently.

    >>> t = JointTable(("X", "Y"), (2, 2), (Fraction(3, 8), Fraction(1, 8), Fraction(1, 8), Fraction(3, 8)))
    >>> t.marginal(["X"])
    {(0,): Fraction(1, 2), (1,): Fraction(1, 2)}
    >>> v = t.evaluate(I("X", "Y"))
    >>> v.sign(), round(v.bits(), 6)
    (1, 0.188722)
    >>> JointTable(("X",), (2,), (Fraction(1, 2), Fraction(1, 3)))
    Traceback (most recent call last):
    ...
    symdiv.errors.InvalidInputError: the probabilities sum to 5/6, not 1 (a table is never normalised silently)
    """

    variables: tuple[str, ...]
    sizes: tuple[int, ...]
    probabilities: tuple[Fraction, ...]

    def __post_init__(self) -> None:
        if isinstance(self.variables, str) or not isinstance(self.variables, (tuple, list)):
            raise InvalidTypeError(f"variables must be a tuple of names, not {self.variables!r}")
        variables = _group(self.variables, "the table's variables")
        if not variables:
            raise InvalidInputError("a table needs at least one variable")
        if not isinstance(self.sizes, (tuple, list)) or len(self.sizes) != len(variables):
            raise InvalidInputError(f"sizes {self.sizes!r} must give one alphabet size per variable {variables!r}")
        for name, size in zip(variables, self.sizes):
            if isinstance(size, bool) or not isinstance(size, int):
                raise InvalidTypeError(f"the alphabet size of {name} must be an int, not {size!r}")
            if size < 1:
                raise InvalidInputError(f"the alphabet size of {name} must be at least 1, not {size}")
        sizes = tuple(self.sizes)
        count = math.prod(sizes)
        if count > _MAX_OUTCOMES:
            raise InvalidInputError(f"a table of {count} outcomes is larger than the {_MAX_OUTCOMES} supported")
        if isinstance(self.probabilities, (str, Mapping)) or not isinstance(self.probabilities, Sequence):
            raise InvalidTypeError(f"probabilities must be a sequence of Fractions, not {self.probabilities!r}")
        if len(self.probabilities) != count:
            raise InvalidInputError(f"{len(self.probabilities)} probabilities for {count} outcomes "
                                    f"(sizes {sizes})")
        probabilities = []
        for outcome, p in zip(itertools.product(*map(range, sizes)), self.probabilities):
            q = _rational(p, f"the probability of {self._outcome_text(variables, outcome)}")
            if q < 0:
                raise InvalidInputError(f"the probability of {self._outcome_text(variables, outcome)} "
                                        f"is negative: {q}")
            probabilities.append(q)
        total = sum(probabilities, Fraction(0))
        if total != 1:
            raise InvalidInputError(f"the probabilities sum to {total}, not 1 (a table is never normalised silently)")
        object.__setattr__(self, "variables", variables)
        object.__setattr__(self, "sizes", sizes)
        object.__setattr__(self, "probabilities", tuple(probabilities))

    @staticmethod
    def _outcome_text(variables: Sequence[str], outcome: Sequence[int]) -> str:
        return ", ".join(f"{v}={x}" for v, x in zip(variables, outcome))

    @classmethod
    def from_dict(cls, variables: Sequence[str], sizes: Sequence[int],
                  probabilities: Mapping[tuple[int, ...], object]) -> "JointTable":
        """A table from ``{outcome: probability}``; outcomes not listed have probability 0.

        >>> print(JointTable.from_dict(("X", "Y"), (2, 2), {(0, 0): Fraction(1, 2), (1, 1): Fraction(1, 2)}))
        X Y  p
        0 0  1/2
        1 1  1/2
        """
        sizes = tuple(sizes)
        for outcome in probabilities:
            if (not isinstance(outcome, tuple) or len(outcome) != len(sizes)
                    or not all(isinstance(x, int) and 0 <= x < s for x, s in zip(outcome, sizes))):
                raise InvalidInputError(f"outcome {outcome!r} is not in the alphabets of sizes {sizes}")
        cells = [probabilities.get(o, 0) for o in itertools.product(*map(range, sizes))]
        return cls(tuple(variables), sizes, tuple(cells))

    def support(self) -> Iterator[tuple[tuple[int, ...], Fraction]]:
        """The outcomes of positive probability, with their probabilities."""
        for outcome, p in zip(itertools.product(*map(range, self.sizes)), self.probabilities):
            if p:
                yield outcome, p

    def marginal(self, names: Iterable[str]) -> dict[tuple[int, ...], Fraction]:
        """The marginal of *names* (in the table's order), outcomes of positive probability only."""
        wanted = set(names)
        missing = wanted - set(self.variables)
        if missing:
            raise InvalidInputError(f"{_sorted_names(missing)[0]!r} is not a variable of the table "
                                    f"(its variables are {', '.join(self.variables)})")
        idx = [k for k, v in enumerate(self.variables) if v in wanted]
        out: dict[tuple[int, ...], Fraction] = {}
        for outcome, p in self.support():
            key = tuple(outcome[k] for k in idx)
            out[key] = out.get(key, 0) + p
        return out

    def entropy(self, *names: str) -> LogValue:
        """``H(names)`` exactly (in nats, as a :class:`LogValue`)."""
        return self.evaluate(H(*names))

    def evaluate(self, expression: Union[Linear, Mapping]) -> LogValue:
        """The exact value of a combination of joint entropies at this table."""
        lin = _as_linear(expression, "the expression")
        acc: list[tuple[int, Fraction]] = []
        for names, c in lin.terms:
            for p in self.marginal(names).values():
                if p != 1:  # -p log p, with log p = log(num) - log(den)
                    acc.append((p.numerator, -c * p))
                    acc.append((p.denominator, c * p))
        return LogValue(tuple(acc))

    def satisfies(self, hypothesis: Hypothesis) -> bool:
        """Whether the hypothesis holds at this table, exactly."""
        return hypothesis.holds(self)

    @property
    def denominator(self) -> int:
        """The least common denominator of the entries."""
        return math.lcm(*(p.denominator for p in self.probabilities))

    def __str__(self) -> str:
        widths = [max(len(v), len(str(s - 1))) for v, s in zip(self.variables, self.sizes)]
        head = " ".join(v.ljust(w) for v, w in zip(self.variables, widths)).rstrip()
        rows = [head + "  p"]
        for outcome, p in self.support():
            rows.append(" ".join(str(x).ljust(w) for x, w in zip(outcome, widths)) + "  " + str(p))
        return "\n".join(rows)


# --------------------------------------------------------------------------
# Counterexample search
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class SearchBudget:
    """How hard :func:`find_counterexample` looks: at most *tables* candidate
    tables and *seconds* of wall-clock time, with random candidates drawn from
    ``random.Random(seed)`` (the same search every run)."""

    tables: int = 20_000
    seconds: float = 1.0
    seed: int = 0

    def __post_init__(self) -> None:
        if isinstance(self.tables, bool) or not isinstance(self.tables, int) or self.tables < 0:
            raise InvalidInputError(f"SearchBudget.tables must be a nonnegative int, not {self.tables!r}")
        if isinstance(self.seconds, bool) or not isinstance(self.seconds, (int, float)) or not self.seconds >= 0:
            raise InvalidInputError(f"SearchBudget.seconds must be a nonnegative number, not {self.seconds!r}")


class _Search:
    """The state of one search: what to evaluate, the budget, the count."""

    def __init__(self, target: Linear, hypotheses: Sequence[Hypothesis], strict: bool,
                 variables: tuple[str, ...], budget: SearchBudget) -> None:
        self.variables = variables
        self.n = len(variables)
        index = {v: k for k, v in enumerate(variables)}
        mask = lambda names: sum(1 << index[v] for v in names)  # noqa: E731
        self.target_terms = [(mask(s), c) for s, c in target.terms]
        self.hyp_terms = [[(mask(s), c) for s, c in eq.expression.terms]
                          for h in hypotheses for eq in h.equalities]
        self.masks = sorted({m for m, _ in self.target_terms} | {m for t in self.hyp_terms for m, _ in t})
        self.target, self.hypotheses, self.strict = target, tuple(hypotheses), strict
        self.budget = budget
        self.deadline = time.perf_counter() + budget.seconds
        self.count = 0
        self.rng = random.Random(budget.seed)

    def exhausted(self) -> bool:
        return self.count >= self.budget.tables or time.perf_counter() > self.deadline

    def violates(self, value: Union[Fraction, float], tol: float = 0.0) -> bool:
        # Floats screen with a margin: for >= only clearly negative values go
        # on to the exact check, for > anything not clearly positive does.
        return value <= tol if self.strict else value < -tol

    # -- the exact confirmation every candidate goes through ---------------
    def confirm(self, sizes: tuple[int, ...], cells: Mapping[tuple[int, ...], Fraction]) -> Optional[JointTable]:
        try:
            table = JointTable.from_dict(self.variables, sizes, cells)
            sign = table.evaluate(self.target).sign()
            if not (sign <= 0 if self.strict else sign < 0):
                return None
            if not all(h.holds(table) for h in self.hypotheses):
                return None
        except InvalidInputError:  # integers too large for an exact sign: skip the table
            return None
        return table

    # -- phase 1: uniform bits and their XORs ------------------------------
    def linear(self) -> Optional[JointTable]:
        """Each variable a GF(2)-linear function of k uniform bits.  Then H(S)
        is rank(S) bits exactly, so the float-free rank test screens
        candidates; k = 0 gives constants, 1 copies, 2 the XOR table."""
        for k in range(0, min(self.n, 4) + 1):
            if self.exhausted():
                return None
            candidates = list(itertools.islice(_canonical_assignments(self.n, k), self.budget.tables - self.count))
            # fewest non-constant variables first: the first hit is the simplest table of this size
            candidates.sort(key=lambda a: (sum(1 for v in a if v), sum(bin(v).count("1") for v in a), a))
            for assignment in candidates:
                if self.exhausted():
                    return None
                self.count += 1
                rank = {m: _rank([assignment[i] for i in range(self.n) if m >> i & 1]) for m in self.masks}
                value = sum(c * rank[m] for m, c in self.target_terms)
                if not self.violates(value):
                    continue
                if any(sum(c * rank[m] for m, c in t) != 0 for t in self.hyp_terms):
                    continue
                cells: dict[tuple[int, ...], Fraction] = {}
                for s in range(1 << k):
                    outcome = tuple(bin(v & s).count("1") & 1 for v in assignment)
                    cells[outcome] = cells.get(outcome, 0) + Fraction(1, 1 << k)
                table = self.confirm((2,) * self.n, cells)
                if table is not None:
                    return table
        return None

    # -- phases 2 and 3: tables with float screening ------------------------
    def screen(self, cells: Mapping[tuple[int, ...], Fraction]) -> bool:
        floats = [(o, float(p)) for o, p in cells.items() if p]
        entropy = {}
        for m in self.masks:
            idx = [i for i in range(self.n) if m >> i & 1]
            marg: dict[tuple[int, ...], float] = {}
            for o, p in floats:
                key = tuple(o[i] for i in idx)
                marg[key] = marg.get(key, 0.0) + p
            entropy[m] = -sum(p * math.log2(p) for p in marg.values() if p > 0)
        scale = 1e-9 * (1 + sum(abs(float(c)) for _, c in self.target_terms))
        if not self.violates(sum(float(c) * entropy[m] for m, c in self.target_terms), scale):
            return False
        return all(abs(sum(float(c) * entropy[m] for m, c in t)) <= 1e-9 for t in self.hyp_terms)

    def sampled(self, phase: str, sizes: tuple[int, ...], draws: int) -> Optional[JointTable]:
        """Random candidates of one phase; the simplest of the first hits wins."""
        best: Optional[JointTable] = None
        after_hit = 0
        for _ in range(draws):
            if self.exhausted() or (best is not None and after_hit >= 50):
                break
            self.count += 1
            cells = (self.functions_of_bits() if phase == "bits"
                     else self.network(sizes, weight=1 + self.count % 3))
            if cells is None or not self.screen(cells):
                if best is not None:
                    after_hit += 1
                continue
            table = self.confirm(sizes, cells)
            if table is not None and (best is None or _simplicity(table) < _simplicity(best)):
                best = table
            if best is not None:
                after_hit += 1
        return best

    def functions_of_bits(self) -> dict[tuple[int, ...], Fraction]:
        """Each variable a constant, a copy, the XOR, AND or OR of one or two of
        k <= 3 independent bits, some biased (1/4, 1/3): the structured
        tables such as [[3/8, 1/8], [1/8, 3/8]] (a bit and a noisy copy)."""
        rng = self.rng
        k = rng.randint(1, 3)
        biases = [rng.choice((Fraction(1, 2), Fraction(1, 4), Fraction(1, 3))) for _ in range(k)]
        funcs = []
        for _ in range(self.n):
            kind = rng.choice(("const", "copy", "copy", "xor", "and", "or"))
            a, b = rng.randrange(k), rng.randrange(k)
            funcs.append((kind, a, b))
        cells: dict[tuple[int, ...], Fraction] = {}
        for bits in itertools.product((0, 1), repeat=k):
            p = math.prod((biases[i] if bit else 1 - biases[i] for i, bit in enumerate(bits)), start=Fraction(1))
            outcome = tuple(_apply(f, bits) for f in funcs)
            cells[outcome] = cells.get(outcome, 0) + p
        return cells

    def network(self, sizes: tuple[int, ...], weight: int) -> Optional[dict[tuple[int, ...], Fraction]]:
        """A random table built as a product of small conditional tables, in
        an order that makes one hypothesis hold by construction (p(x) p(y|x)
        p(z|y) for X -> Y -> Z); the others are checked afterwards."""
        hyp = self.rng.choice(self.hypotheses) if self.hypotheses else None
        index = {v: k for k, v in enumerate(self.variables)}
        blocks = _blocks(hyp, index, self.n)
        outcomes: list[tuple[dict[int, int], Fraction]] = [({}, Fraction(1))]
        sparse = self.rng.random() < 0.5
        for block, parents, deterministic in blocks:
            if not block:
                continue
            values = list(itertools.product(*(range(sizes[i]) for i in block)))
            table: dict[tuple[int, ...], list[Fraction]] = {}
            extended = []
            for assignment, p in outcomes:
                key = tuple(assignment[i] for i in parents)
                if key not in table:
                    table[key] = _random_row(self.rng, len(values), weight, deterministic, sparse)
                for value, q in zip(values, table[key]):
                    if q:
                        new = dict(assignment)
                        new.update(zip(block, value))
                        extended.append((new, p * q))
            outcomes = extended
        cells: dict[tuple[int, ...], Fraction] = {}
        for assignment, p in outcomes:
            o = tuple(assignment[i] for i in range(self.n))
            cells[o] = cells.get(o, 0) + p
        return cells


def _apply(func: tuple[str, int, int], bits: Sequence[int]) -> int:
    kind, a, b = func
    if kind == "const":
        return 0
    if kind == "copy":
        return bits[a]
    if kind == "xor":
        return bits[a] ^ bits[b]
    if kind == "and":
        return bits[a] & bits[b]
    return bits[a] | bits[b]


def _random_row(rng: random.Random, size: int, weight: int, deterministic: bool, sparse: bool) -> list[Fraction]:
    if deterministic:
        row = [Fraction(0)] * size
        row[rng.randrange(size)] = Fraction(1)
        return row
    while True:
        w = [rng.randint(0, weight) if not sparse or rng.random() < 0.4 else 0 for _ in range(size)]
        total = sum(w)
        if total:
            return [Fraction(x, total) for x in w]


def _blocks(hyp: Optional[Hypothesis], index: Mapping[str, int], n: int) -> list[tuple[list[int], list[int], bool]]:
    """(variables, parents, deterministic) blocks of a factorisation that makes *hyp* hold."""
    if hyp is None:
        return [(list(range(n)), [], False)]
    groups = [[index[v] for v in g] for g in hyp.groups]
    placed = [i for g in groups for i in g]
    rest = [i for i in range(n) if i not in placed]
    if hyp.kind == "markov_chain":
        blocks = [(groups[0], [], False)]
        blocks += [(groups[k], groups[k - 1], False) for k in range(1, len(groups))]
    elif hyp.kind == "independent":
        blocks = [(g, [], False) for g in groups]
    else:
        y, x = groups
        blocks = [(x, [], False), (y, x, True)]
    return blocks + [(rest, placed, False)]


def _canonical_assignments(n: int, k: int) -> Iterator[tuple[int, ...]]:
    """One representative of each orbit, under change of basis, of the
    assignments of vectors of GF(2)^k to n variables that span GF(2)^k:
    each variable takes a vector in the span so far or the next unit vector.
    Tables in the same orbit have the same entropies, so one suffices."""
    def extend(prefix: tuple[int, ...], dim: int) -> Iterator[tuple[int, ...]]:
        if len(prefix) == n:
            if dim == k:
                yield prefix
            return
        if k - dim > n - len(prefix):
            return
        for v in range(1 << dim):
            yield from extend(prefix + (v,), dim)
        if dim < k:
            yield from extend(prefix + (1 << dim,), dim + 1)
    yield from extend((), 0)


def _rank(vectors: Sequence[int]) -> int:
    basis: list[int] = []
    for v in vectors:
        for b in basis:
            v = min(v, v ^ b)
        if v:
            basis.append(v)
    return len(basis)


def _simplicity(table: JointTable) -> tuple[int, int, int]:
    return (sum(1 for _ in table.support()), table.denominator, sum(table.sizes))


def _prepare(target: object, hypotheses: object, variables: object) -> tuple[Linear, tuple[Hypothesis, ...], tuple[str, ...]]:
    lin = _as_linear(target)
    if lin.is_zero():
        raise InvalidInputError(f"the target {lin} is empty (every coefficient cancelled): "
                                f"there is no inequality to decide")
    if isinstance(hypotheses, (Hypothesis, str)) or not isinstance(hypotheses, Iterable):
        raise InvalidTypeError(f"hypotheses must be a list of Hypothesis values (markov_chain(...), ...), "
                               f"not {hypotheses!r}")
    hyps = tuple(hypotheses)
    for h in hyps:
        if not isinstance(h, Hypothesis):
            raise InvalidTypeError(f"a hypothesis must be built with markov_chain(), independent() or "
                                   f"function_of(), not {type(h).__name__} {h!r}")
    used = set(lin.variables).union(*(h.variables for h in hyps))
    if variables is None:
        names = _sorted_names(used)
        if len(names) > MAX_VARIABLES:
            raise InvalidInputError(f"{len(names)} variables ({', '.join(names)}): symdiv decides Shannon-type "
                                    f"inequalities in at most {MAX_VARIABLES} variables")
    else:
        names = _variable_list(variables)
        for v in _sorted_names(used):
            if v not in names:
                where = "the target" if v in lin.variables else "a hypothesis"
                raise InvalidInputError(f"{v!r} appears in {where} but not in variables {names!r}")
    return lin, hyps, names


def random_tables(variables: Sequence[str], hypotheses: Iterable[Hypothesis] = (), *, count: int = 32,
                  sizes: Optional[Sequence[int]] = None, seed: int = 0) -> Iterator[JointTable]:
    """*count* random tables over *variables* that satisfy every hypothesis exactly (binary
    alphabets unless *sizes* says otherwise): products of small conditional tables built so
    that a hypothesis holds, as the counterexample search builds them.

    >>> tables = list(random_tables(("X", "Y", "Z"), [markov_chain("X", "Y", "Z")], count=3))
    >>> len(tables), all(markov_chain("X", "Y", "Z").holds(t) for t in tables)
    (3, True)
    """
    names = _variable_list(variables)
    hyps = tuple(hypotheses)
    sizes = tuple(sizes) if sizes is not None else (2,) * len(names)
    search = _Search(H(names[0]), hyps, False, names, SearchBudget(seed=seed))
    made = 0
    for _ in range(50 * count):
        if made >= count:
            return
        cells = search.network(sizes, weight=1 + made % 3)
        if cells is None:
            continue
        table = JointTable(names, sizes, tuple(cells.get(o, Fraction(0))
                                                for o in itertools.product(*(range(k) for k in sizes))))
        if all(h.holds(table) for h in hyps):
            made += 1
            yield table


def find_counterexample(target: Union[Linear, Mapping], *, hypotheses: Iterable[Hypothesis] = (),
                        strict: bool = False, variables: Optional[Sequence[str]] = None,
                        budget: SearchBudget = SearchBudget()) -> Optional[JointTable]:
    """A table satisfying every hypothesis exactly at which ``target >= 0``
    (``> 0`` if *strict*) fails, confirmed in exact arithmetic; or None.

    Binary tables first (XORs of uniform bits, which need no floats; then
    functions of biased bits; then random products of small conditional
    tables), then ternary ones.  Among the hits of the first phase that has
    any, the simplest is returned: fewest outcomes, smallest denominators.

    >>> print(find_counterexample(I("X", "Y") - I("X", "Y", given="Z")))   # the XOR table
    X Y Z  p
    0 0 0  1/4
    0 1 1  1/4
    1 0 1  1/4
    1 1 0  1/4
    """
    table, _ = _search(*_prepare(target, hypotheses, variables), strict, budget)
    return table


def _search(target: Linear, hypotheses: tuple[Hypothesis, ...], variables: tuple[str, ...],
            strict: bool, budget: SearchBudget) -> tuple[Optional[JointTable], int]:
    search = _Search(target, hypotheses, strict, variables, budget)
    table = search.linear()
    n = search.n
    if table is None:
        table = search.sampled("bits", (2,) * n, 2000)
    if table is None:
        table = search.sampled("network", (2,) * n, 3000)
    if table is None and n <= 5:  # ternary tables of 6+ variables are too big to screen quickly
        table = search.sampled("network", (3,) * n, 3000)
    return table, search.count


# --------------------------------------------------------------------------
# Certificates
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class CertificateStep:
    """One line of a derivation: ``relation expression   [justification]``.

    *relation* is ``""`` for the first line, else ``"="`` or ``">="``;
    *terms* are ``(coefficient, name)`` pairs, the empty tuple being 0.
    """

    relation: str
    terms: tuple[tuple[Fraction, str], ...]
    justification: str = ""

    @property
    def expression(self) -> str:
        return _format_terms(self.terms)

    def __str__(self) -> str:
        text = f"{self.relation:>2} {self.expression}"
        return f"{text}   [{self.justification}]" if self.justification else text


@dataclass(frozen=True)
class ShannonCertificate:
    """``target = sum(lambda_e * e) + sum(mu_h * h)`` with every ``lambda_e >= 0``:
    *elementals* pairs elemental terms ``e`` with their multipliers, and
    *equalities* pairs hypothesis equalities ``h = 0`` with theirs.  Since
    each ``e >= 0`` and each ``h = 0``, it proves ``target >= 0``.
    """

    target: Linear
    elementals: tuple[tuple[Elemental, Fraction], ...]
    equalities: tuple[tuple[Equality, Fraction], ...] = ()

    def verify(self) -> bool:
        """Check the identity coefficient by coefficient, in exact arithmetic,
        and that every elemental multiplier is a nonnegative rational.

        >>> c = ShannonCertificate(I("X", "Y"), ((Elemental("X", "Y"), Fraction(1)),))
        >>> c.verify()
        True
        >>> ShannonCertificate(I("X", "Y"), ((Elemental("X", "Y"), Fraction(2)),)).verify()
        False
        """
        total: dict[frozenset[str], Fraction] = {}
        for e, m in self.elementals:
            if not isinstance(e, Elemental) or not isinstance(m, Fraction) or m < 0:
                return False
            for k, c in e._terms:
                total[k] = total.get(k, 0) + m * c
        for eq, m in self.equalities:
            if (not isinstance(eq, Equality) or not isinstance(m, Fraction)
                    or eq not in eq.hypothesis.equalities):
                return False
            for k, c in eq.expression.terms:
                total[k] = total.get(k, 0) + m * c
        return {k: c for k, c in total.items() if c} == self.target.combination

    @property
    def hypotheses(self) -> tuple[Hypothesis, ...]:
        """The hypotheses whose equalities the certificate uses: the proof holds where they do."""
        return tuple(dict.fromkeys(eq.hypothesis for eq, m in self.equalities if m))

    def steps(self) -> tuple[CertificateStep, ...]:
        """The derivation, as data: the target, the identity, the hypotheses
        dropped, the elemental inequalities."""
        lam = tuple((m, e.name) for e, m in self.elementals if m)
        mu = tuple((m, eq.expression.__str__()) for eq, m in self.equalities if m)
        start = tuple((c, n) for n, c in self.target.written)
        steps = [CertificateStep("", start)]
        combined = lam + mu
        if _format_terms(combined) != _format_terms(start):
            steps.append(CertificateStep("=", combined, "identity in joint entropies, checked exactly"))
        if mu:
            by: dict[str, list[str]] = {}
            for eq, m in self.equalities:
                if m:
                    by.setdefault(eq.hypothesis.name, []).append(str(eq.expression))
            why = "; ".join(f"{', '.join(zeros)} = 0 by {name}" for name, zeros in by.items())
            steps.append(CertificateStep("=", lam, why))
        if lam:
            why = (f"{lam[0][1]} >= 0 is an elemental inequality" if len(lam) == 1
                   else "each term is an elemental inequality")
            steps.append(CertificateStep(">=", (), why))
        return tuple(steps)

    def __str__(self) -> str:
        steps = self.steps()
        exprs = [f"{s.relation:>2} {s.expression}" for s in steps]
        # Justifications line up in a column, unless a long expression
        # would push the column off the screen for every line.
        width = max([len(x) for x in exprs if len(x) <= 60] or [0])
        lines = []
        for s, x in zip(steps, exprs):
            lines.append(f"{x.ljust(width)}   [{s.justification}]" if s.justification else x)
        return "\n".join(line.rstrip() for line in lines)


def _exact_certificate(target: Linear, names: tuple[str, ...], hyp_eqs: Sequence[Equality],
                       x, m: int) -> Optional[ShannonCertificate]:
    """Exact multipliers on the support of the LP solution *x*, or None."""
    n = len(names)
    specs = _elemental_specs(n)
    h = len(hyp_eqs)
    lam = x[:m]
    mu = x[m:m + h] - x[m + h:m + 2 * h] if h else []
    e_support = [k for k in range(m) if lam[k] > 1e-9]
    h_support = [k for k in range(h) if abs(mu[k]) > 1e-9]
    floats = [float(lam[k]) for k in e_support] + [float(mu[k]) for k in h_support]

    def build(values: Sequence[Fraction]) -> Optional[ShannonCertificate]:
        els = tuple((_elemental_of(specs[k], names), v) for k, v in zip(e_support, values) if v)
        eqs = tuple((hyp_eqs[k], v) for k, v in zip(h_support, values[len(e_support):]) if v)
        cert = ShannonCertificate(target, els, eqs)
        return cert if cert.verify() else None

    # Vertex solutions of this LP are small rationals, usually integers: round first.
    for limit in (1, 1000, 10 ** 6):
        cert = build([Fraction(v).limit_denominator(limit) for v in floats])
        if cert is not None:
            return cert
    # Otherwise solve exactly on the support: the float LP chose which
    # terms to use, Gaussian elimination in Fractions finds how much.
    columns: list[dict[int, int]] = [dict(_spec_masks(specs[k], n)) for k in e_support]
    index = {v: i for i, v in enumerate(names)}
    mask = lambda s: sum(1 << index[v] for v in s)  # noqa: E731
    columns += [_merge((mask(s), c) for s, c in hyp_eqs[k].expression.terms) for k in h_support]
    rhs = {mask(s): c for s, c in target.terms}
    solution = _solve_exact(columns, rhs, [Fraction(v).limit_denominator(1000) for v in floats],
                            nonnegative=len(e_support))
    return build(solution) if solution is not None else None


def _solve_exact(columns: Sequence[Mapping], rhs: Mapping,
                 guesses: Sequence[Fraction], nonnegative: int) -> Optional[list[Fraction]]:
    """A solution of ``sum(y_c * column_c) = rhs`` by Gaussian elimination in
    Fractions, free unknowns set to their guesses (clamped at 0 for the first
    *nonnegative*); None if the system is inconsistent."""
    keys = list(dict.fromkeys(itertools.chain(rhs, *columns)))   # the rows, in a fixed order
    width = len(columns)
    rows = [[Fraction(col.get(key, 0)) for col in columns] + [Fraction(rhs.get(key, 0))] for key in keys]
    pivots: list[int] = []
    r = 0
    for c in range(width):
        p = next((i for i in range(r, len(rows)) if rows[i][c]), None)
        if p is None:
            continue
        rows[r], rows[p] = rows[p], rows[r]
        pivot = rows[r][c]
        rows[r] = [v / pivot for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c]:
                f = rows[i][c]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[r])]
        pivots.append(c)
        r += 1
    if any(row[-1] for row in rows[r:]):
        return None
    values = [max(g, Fraction(0)) if c < nonnegative else g for c, g in enumerate(guesses)]
    free = [c for c in range(width) if c not in pivots]
    for i, c in enumerate(pivots):
        values[c] = rows[i][-1] - sum((rows[i][f] * values[f] for f in free), Fraction(0))
    return values


def _single_measure(target: Linear) -> Optional[tuple[Fraction, frozenset, frozenset, frozenset]]:
    """``(c, A, B, C)`` when the target is ``c * I(A;B|C)`` (or ``c * H(A|C)``,
    with B empty) for disjoint sets and ``c > 0``; else None."""
    pos = [(s, c) for s, c in target.terms if c > 0]
    neg = {s: -c for s, c in target.terms if c < 0}
    if len(pos) == 1 and len(neg) <= 1:
        (whole, c), = pos
        (cond, d), = neg.items() if neg else ((frozenset(), c),)
        if d == c and cond < whole:
            return c, whole - cond, frozenset(), cond
    if len(pos) == 2 and pos[0][1] == pos[1][1]:
        (p1, c), (p2, _) = pos
        both = p1 & p2
        if p1 - p2 and p2 - p1 and neg == {p1 | p2: c, **({both: c} if both else {})}:
            return c, p1 - p2, p2 - p1, both
    return None


def _direct_certificate(target: Linear, names: tuple[str, ...],
                        hyp_eqs: Sequence[Equality]) -> Optional[ShannonCertificate]:
    """A certificate found without the LP, for the claims a person sees at a
    glance: a single measure ``c * I(A;B|C)`` or ``c * H(A|C)`` (expanded into
    elemental terms by the chain rule), or a target the hypotheses make 0.
    It is checked exactly like any other; None if neither shape fits."""
    order = {v: k for k, v in enumerate(names)}
    ordered = lambda s: sorted(s, key=order.__getitem__)  # noqa: E731
    found = _single_measure(target)
    if found is not None:
        c, A, B, C = found
        terms: list[Elemental] = []
        if B:   # I(A;B|C) = sum_i sum_j I(a_i; b_j | C, a_<i, b_<j)
            a_s, b_s = ordered(A), ordered(B)
            for i, a in enumerate(a_s):
                for j, b in enumerate(b_s):
                    x, y = ordered((a, b))
                    terms.append(Elemental(x, y, tuple(ordered(C | set(a_s[:i]) | set(b_s[:j])))))
        else:   # H(a|K) = H(a|V-a) + sum_j I(a; v_j | K, v_<j) over the v outside K
            a_s = ordered(A)
            for i, a in enumerate(a_s):
                known = C | set(a_s[:i])
                terms.append(Elemental(a, None, tuple(ordered(set(names) - {a}))))
                rest = ordered(set(names) - known - {a})
                for j, v in enumerate(rest):
                    x, y = ordered((a, v))
                    terms.append(Elemental(x, y, tuple(ordered(known | set(rest[:j])))))
        certificate = ShannonCertificate(target, tuple((e, c) for e in terms))
        if certificate.verify():
            return certificate
    if hyp_eqs:
        columns = [dict(eq.expression.terms) for eq in hyp_eqs]
        solution = _solve_exact(columns, dict(target.terms), [Fraction(0)] * len(columns), nonnegative=0)
        if solution is not None:
            certificate = ShannonCertificate(target, (), tuple((eq, m) for eq, m in zip(hyp_eqs, solution) if m))
            if certificate.verify():
                return certificate
    return None


def _lp(target: Linear, names: tuple[str, ...], hyp_eqs: Sequence[Equality]):
    """Solve ``target = A_elem lam + A_hyp mu``, ``lam >= 0``, minimising the
    total multiplier; returns (scipy result, number of elemental columns)."""
    import numpy as np
    from scipy.optimize import linprog  # lazy: symdiv's cold start does not pay for scipy

    n = len(names)
    index = {v: i for i, v in enumerate(names)}
    matrix, costs = _elemental_matrix(n)

    def vector(lin: Linear):
        v = np.zeros((1 << n) - 1)
        for s, c in lin.terms:
            v[sum(1 << index[x] for x in s) - 1] = float(c)
        return v

    b = vector(target)
    if hyp_eqs:
        hyp = np.column_stack([vector(eq.expression) for eq in hyp_eqs])
        a_eq = np.hstack([matrix, hyp, -hyp])  # mu = mu+ - mu-, both >= 0
        c = np.concatenate([costs, np.ones(2 * len(hyp_eqs))])
    else:
        a_eq, c = matrix, costs
    result = linprog(c, A_eq=a_eq, b_eq=b, bounds=(0, None), method="highs")
    return result, matrix.shape[1]


# --------------------------------------------------------------------------
# Deciding
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class ShannonResult:
    """The verdict on ``target >= 0`` (``> 0`` if *strict*), given *hypotheses*.

    ``proved`` carries a *certificate* that verified exactly; ``refuted`` a
    *counterexample* table satisfying the hypotheses, with the target's exact
    *value* there; ``unknown`` a *reason*.
    """

    status: Status
    target: Linear
    reason: str
    strict: bool = False
    hypotheses: tuple[Hypothesis, ...] = ()
    variables: tuple[str, ...] = ()
    certificate: Optional[ShannonCertificate] = None
    counterexample: Optional[JointTable] = None
    value: Optional[LogValue] = None

    @property
    def claim(self) -> str:
        """The claim in plain ASCII: ``I(X;Y) - I(X;Z) >= 0, given X -> Y -> Z``."""
        text = f"{self.target} {'>' if self.strict else '>='} 0"
        if self.hypotheses:
            text += ", given " + "; ".join(h.name for h in self.hypotheses)
        return text

    def __str__(self) -> str:
        lines = [f"{self.claim}: {self.status.value}", f"  {self.reason}"]
        if self.certificate is not None:
            lines += ["  " + line for line in str(self.certificate).splitlines()]
        if self.counterexample is not None:
            lines += ["  " + line for line in str(self.counterexample).splitlines()]
        return "\n".join(lines)


def decide(target: Union[Linear, Mapping], *, hypotheses: Iterable[Hypothesis] = (),
           strict: bool = False, variables: Optional[Sequence[str]] = None,
           search: SearchBudget = SearchBudget()) -> ShannonResult:
    """Decide ``target >= 0`` (``target > 0`` if *strict*) given *hypotheses*.

    * **proved**: a certificate from the LP over Yeung's elemental
      inequalities, made exact and verified by :meth:`ShannonCertificate.verify`;
    * **refuted**: a :class:`JointTable` satisfying the hypotheses at which the
      claim fails, confirmed exactly;
    * **unknown**: neither; the reason says why.  Not Shannon-type is not false.

    A strict claim is never proved: the elemental inequalities give ``>=``
    only (and every such target is 0 when all variables are constant).

    A target that is a single measure (``c * I(A;B|C)``, ``c * H(A|C)``) or
    that the hypotheses make 0 gets its certificate without the LP, from the
    chain rule; it is checked exactly all the same.  Counterexamples are
    searched only when no certificate is found, within *search*.

    >>> decide(H("X") + H("Y") - H("X", "Y")).status
    <Status.PROVED: 'proved'>
    >>> r = decide(I("X", "Y"), strict=True)
    >>> r.status, r.reason
    (<Status.REFUTED: 'refuted'>, 'at this table the target is 0, so it is not > 0')
    >>> decide(H("X") - H("Y"), variables=["X"])
    Traceback (most recent call last):
    ...
    symdiv.errors.InvalidInputError: 'Y' appears in the target but not in variables ('X',)
    """
    if not isinstance(strict, bool):
        raise InvalidTypeError(f"strict must be True or False, not {strict!r}")
    if not isinstance(search, SearchBudget):
        raise InvalidTypeError(f"search must be a SearchBudget, not {type(search).__name__}")
    lin, hyps, names = _prepare(target, hypotheses, variables)
    common = dict(target=lin, strict=strict, hypotheses=hyps, variables=names)

    def refuted_or_unknown(why_not_proved: str) -> ShannonResult:
        table, count = _search(lin, hyps, names, strict, search)
        if table is None:
            return ShannonResult(Status.UNKNOWN, reason=f"{why_not_proved}; no counterexample among "
                                 f"the {count} tables searched", **common)
        value = table.evaluate(lin)
        if value.sign() == 0:
            reason = "at this table the target is 0, so it is not > 0"
        else:
            reason = f"at this table the target is {value.bits():.6g} bits (exactly {value} nats)"
        return ShannonResult(Status.REFUTED, reason=reason, counterexample=table, value=value, **common)

    if strict:
        return refuted_or_unknown("a strict inequality is never proved from the elemental inequalities, "
                                  "which give >= only")
    hyp_eqs = [eq for h in hyps for eq in h.equalities]
    certificate = _direct_certificate(lin, names, hyp_eqs)
    if certificate is not None and certificate.verify() and set(certificate.hypotheses) <= set(hyps):
        return ShannonResult(Status.PROVED, reason="Shannon-type: a nonnegative combination of elemental "
                             "inequalities, checked exactly", certificate=certificate, **common)
    result, m = _lp(lin, names, hyp_eqs)
    if result.status == 2:
        return refuted_or_unknown("not Shannon-type: the LP found no certificate")
    if result.status != 0:
        return refuted_or_unknown(f"the LP solver stopped without an answer ({result.message})")
    certificate = _exact_certificate(lin, names, hyp_eqs, result.x, m)
    if certificate is None or not certificate.verify() or not set(certificate.hypotheses) <= set(hyps):
        return ShannonResult(Status.UNKNOWN, reason="the LP found a certificate, but it could not be "
                             "confirmed in exact arithmetic", **common)
    return ShannonResult(Status.PROVED, reason="Shannon-type: a nonnegative combination of elemental "
                         "inequalities, checked exactly", certificate=certificate, **common)
