"""What an implementation's arguments stand for, and the values they are given.

An implementation's argument stands for a symdiv object or a sympy symbol of
the measure, or an expression of exactly one of them, applied entry by entry:

* ``P`` (a :class:`~symdiv.core.model.Distribution`): a ``(B, k)`` array of rows that sum to 1;
* ``z`` (:class:`~symdiv.core.model.Logits`): a ``(B, k)`` array of reals;
* ``u`` (a real symbol), ``sigma`` (a positive one): a ``(B,)`` array;
* ``log(Q)``, ``sigma**2``, ``log(sigma**2)``, ``c - 1``: the expression of
  the values, entry by entry (log-probabilities, a variance, a log-variance,
  a 0-based class index).

Each free object or symbol is a :class:`Variable` with a domain, from what
it is (a distribution, logits, a positive symbol, a component index) or from
where the measure uses it (the probability of a Bernoulli, the target of a
binary cross-entropy, a mixture's weight: ``"unit"``, in ``[0, 1]``); the
caller can override it with ``draw={symbol: ...}``.  Values are drawn in
float64 for each kind of case (typical, zeros, extreme, tiny) and, once an
argument is rounded to the float type under test, the variable's value is
recovered from the rounded argument (``sigma = exp(y / 2)`` from a
log-variance ``y``), so the reference sees exactly what the implementation
sees.

>>> import symdiv as sd
>>> from sympy import Symbol, log
>>> s = Symbol("sigma", positive=True)
>>> spec = Spec.of(sd.Entropy(sd.Distribution("P", 3)), (sd.Distribution("P", 3),), None, None)
>>> [(v.name, v.domain) for v in spec.variables]
[('P', 'simplex')]
>>> argument(log(s**2), {s: Variable(s, "positive")}).inverse
exp(_y/2)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping, Optional, Sequence

import numpy as np
from sympy import (
    Add,
    Basic,
    Dummy,
    Expr,
    Indexed,
    Integer,
    Mul,
    Number,
    NumberSymbol,
    Pow,
    Rational,
    Sum,
    Symbol,
    exp,
    expand_log,
    log,
    preorder_traversal,
    solve,
)

from ..core.continuous import Expectation, expectation_of_polynomial
from ..core.functions import Sigmoid, Softplus
from ..core.measures import BinaryCrossEntropy, expand_measures
from ..core.model import Bernoulli, Distribution, Free, Logits, Mixture, OffTarget, PointMass, Uniform
from ..display import show
from ..errors import InvalidInputError, InvalidTypeError, SymdivError
from . import _validate as valid
from .evaluate import Env, _Evaluator, _nan_rows, evaluate
from .instances import _simplest_combos, simple_distributions, variables_of
from .samplers import dirichlet, near_degenerate, support_pairs, tiny_masses

__all__ = ["Variable", "Argument", "Spec", "Case", "argument", "stable_form", "closed_form", "reference_form", "DOMAINS",
           "simple_values", "simple_batch", "evaluate_exact"]

#: The domains a variable can be drawn from, by name.
DOMAINS = ("simplex", "reals", "positive", "unit", "binary", "index")
_Y = Dummy("y", real=True)


@dataclass(frozen=True)
class Variable:
    """A free object or symbol of the measure, and where its values are drawn from.

    *draw* is None (the domain's cases), an interval ``(low, high)`` or a
    callable ``(rng, shape) -> array``; *low* and *high* bound a component index.
    """

    obj: Basic
    domain: str
    draw: Any = None
    low: Expr = Integer(1)
    high: Expr = Integer(1)

    @property
    def name(self) -> str:
        return str(self.obj)

    @property
    def vector(self) -> bool:
        return isinstance(self.obj, Free) and not isinstance(self.obj, Symbol)

    @property
    def integer(self) -> bool:
        return self.domain == "index"


@dataclass(frozen=True)
class Argument:
    """One argument of the implementation: the expression it stands for, of one variable.

    *inverse* gives the variable's value from the argument's (the dummy
    ``_y``), None where the argument is the variable itself.
    """

    expr: Basic
    variable: Basic
    inverse: Optional[Expr]
    integer: bool

    @property
    def name(self) -> str:
        return show("text", "Expr", self.expr) if isinstance(self.expr, Expr) else str(self.expr)


def _free_of(expr: Basic) -> set:
    """The objects and symbols an argument expression depends on (sizes and labels aside)."""
    if isinstance(expr, Free) or isinstance(expr, Symbol):
        return {expr}
    objects = {node for node in preorder_traversal(expr) if isinstance(node, Free) and not isinstance(node, Symbol)}
    labels = {o.label for o in objects if hasattr(o, "label")}
    sizes = {s for o in objects for s in getattr(o, "free_symbols", set()) if s.is_integer}
    return objects | (expr.free_symbols - labels - sizes)


def argument(expr: object, variables: Mapping[Basic, Variable]) -> Argument:
    """The :class:`Argument` for *expr*, which must be a variable or an expression of exactly one."""
    if not isinstance(expr, Basic):
        raise InvalidTypeError(f"each of args must be a symdiv object, a sympy symbol or an expression of one "
                               f"of them, got {valid.show(expr)}")
    free = _free_of(expr)
    if len(free) != 1:
        raise InvalidInputError(f"each of args must stand for one object or symbol, or an expression of exactly "
                                f"one (log(Q), sigma**2); {expr} has {len(free)}: "
                                f"{', '.join(sorted(map(str, free))) or 'none'}")
    (var,) = free
    v = variables[var]
    if expr == var:
        return Argument(expr, var, None, v.integer)
    entry = Dummy("e", **_assumptions(v))
    try:
        entrywise = expr.xreplace({var: entry})
    except (SymdivError, ValueError, TypeError):
        entrywise = None
    if entrywise is None or _free_of(entrywise) != {entry} or entrywise.has(Sum):
        raise InvalidInputError(f"an argument must be an expression of {var} taken entry by entry, such as "
                                f"log({var}); {expr} is not")
    try:
        _apply(expr, var, np.array([0.5]))
    except SymdivError as exc:
        raise InvalidInputError(f"the argument {expr} cannot be evaluated: {exc}") from exc
    try:
        solutions = solve(entrywise - _Y, entry)
    except Exception:  # sympy cannot solve it: no inverse
        solutions = []
    inverse = solutions[0] if len(solutions) == 1 else None
    integer = bool(getattr(expr, "is_integer", False)) and v.integer
    return Argument(expr, var, inverse, integer)


def _assumptions(v: Variable) -> dict:
    if v.domain in ("simplex", "positive", "unit"):
        return {"positive": True}
    if v.domain == "index":
        return {"integer": True}
    return {"real": True}


def _unit_symbols(measure: Basic) -> set:
    """Symbols the measure uses as probabilities: a Bernoulli's, a BCE's and a mixture's weight."""
    found: set = set()
    for node in preorder_traversal(measure):
        if isinstance(node, Bernoulli):
            found.add(node.p)
        elif isinstance(node, BinaryCrossEntropy):
            found |= {node.args[0], node.args[1]}
        elif isinstance(node, Mixture):
            found.add(node.weight)
    return {s for s in found if isinstance(s, Symbol)}


def _domain_of(obj: Basic, units: set) -> str:
    if isinstance(obj, Symbol):
        if obj in units:
            return "unit"
        return "positive" if obj.is_positive else "reals"
    domain = getattr(obj, "domain", "")
    if domain not in DOMAINS:
        raise InvalidInputError(f"the measure's {obj} takes values symdiv cannot draw for an implementation "
                                f"({domain or type(obj).__name__})")
    return domain


def _custom(obj: Basic, how: object) -> tuple[Optional[str], Any]:
    """``(domain, draw)`` from what the caller gave in ``draw={obj: how}``."""
    if isinstance(how, str):
        if how not in DOMAINS:
            raise InvalidInputError(f"draw[{obj}] must be one of {DOMAINS}, an interval (low, high) or a "
                                    f"callable (rng, shape) -> array, got {how!r}")
        return how, None
    if isinstance(how, tuple) and len(how) == 2:
        lo = valid.number(how[0], f"the low end of draw[{obj}]")
        hi = valid.number(how[1], f"the high end of draw[{obj}]")
        if not lo < hi:
            raise InvalidInputError(f"draw[{obj}] = {how!r} is not an interval (low, high) with low < high")
        return None, (lo, hi)
    if callable(how):
        return None, how
    raise InvalidTypeError(f"draw[{obj}] must be one of {DOMAINS}, an interval (low, high) or a callable "
                           f"(rng, shape) -> array, got {valid.show(how)}")


def stable_form(expr: Basic) -> Basic:
    """*expr* (measures expanded) with the logs that overflow rewritten as the identities symdiv proves.

    ``log sigmoid(u) = -softplus(-u)``, ``log(1 - sigmoid(u)) = -softplus(u)``,
    and the log of a Gaussian density expanded (``log exp(y) = y``): the
    reference then stays finite at logits of 800 and at ``sigma = 1e-3``,
    where the literal formula gives ``log 0``.
    """
    e = expand_measures(expr)

    def stable(node: log) -> Basic:
        arg = node.args[0]
        if isinstance(arg, Sigmoid):
            return -Softplus(-arg.args[0])
        sigmoids = arg.atoms(Sigmoid)
        if len(sigmoids) == 1 and arg == 1 - next(iter(sigmoids)):
            return -Softplus(next(iter(sigmoids)).args[0])
        if arg.has(exp) and not arg.has(Sum):
            return expand_log(node)
        return node

    e = e.replace(lambda n: isinstance(n, log), stable)
    # -sum_i f_i as sum_i -f_i: a product whose value is 0 gets no magnitude in the evaluator (its
    # 0 log 0 rule), which would leave the entropy of a point mass with no tolerance at all
    return e.replace(lambda n: isinstance(n, Mul) and len(n.args) == 2 and n.args[0].is_Number
                     and isinstance(n.args[1], Sum),
                     lambda n: Sum(n.args[0] * n.args[1].function, *n.args[1].limits))


def closed_form(expr: Basic) -> Basic:
    """*expr* with each expectation over a Gaussian evaluated from the moments (expanded into
    monomials), so that its terms are the textbook's; *expr* itself if it has none.

    >>> from sympy import Symbol
    >>> from symdiv.core.continuous import Normal
    >>> from symdiv.core.measures import Entropy, expand_measures
    >>> closed_form(stable_form(Entropy(Normal(0, Symbol("s", positive=True)))))
    log(s) + log(2)/2 + 1/2 + log(pi)/2
    """
    found = expr.atoms(Expectation)
    if not found:
        return expr
    done = {}
    for e in found:
        value = expectation_of_polynomial(expand_log(e.body, force=True), e.outcome, e.dist)
        if value is None:
            return expr
        done[e] = value
    return expr.xreplace(done).expand()


class _ExactInputs(_Evaluator):
    """The evaluator, for inputs that are exact: a sum or difference of inputs and constants
    (``x - mu``, ``1 - p``) is rounded once, so its magnitude is its own size, not the size of
    its terms (which would let ``(x - mu)^2`` allow any error as ``x`` nears ``mu``); and a
    number as an exponent is exact, so a power's magnitude does not grow with the log of its base."""

    def _eval_Add(self, e: Add) -> tuple[np.ndarray, np.ndarray]:
        value, mag = super()._eval_Add(e)
        if all(_leaf(a) for a in e.args):
            return value, np.abs(value)
        return value, mag

    def _eval_Pow(self, e: Pow) -> tuple[np.ndarray, np.ndarray]:
        if not e.exp.is_Number:
            return super()._eval_Pow(e)
        b, mb = self.value_of(e.base)
        v = np.power(b, float(e.exp))
        rel = np.where(b != 0, mb / np.abs(b), 1.0)
        return v, np.abs(v) * (1.0 + abs(float(e.exp)) * rel)


def _leaf(e: Basic) -> bool:
    if isinstance(e, Mul) and len(e.args) == 2 and e.args[0].is_Number:
        e = e.args[1]
    return isinstance(e, (Symbol, Indexed, Number, NumberSymbol))


def evaluate_exact(expr: Basic, env: Env) -> tuple[np.ndarray, np.ndarray]:
    """:func:`~symdiv.numeric.evaluate.evaluate` for exact inputs (see :class:`_ExactInputs`).

    >>> from sympy import Symbol
    >>> x, mu = Symbol("x", real=True), Symbol("mu", real=True)
    >>> env = Env(scalars={x: np.array([100.0]), mu: np.array([99.0])})
    >>> evaluate((x - mu) ** 2, env)[1].tolist(), evaluate_exact((x - mu) ** 2, env)[1].tolist()
    ([399.0], [3.0])
    """
    value, mag = _ExactInputs(env).value_of(expr)
    bad = _nan_rows(env)
    if bad is not None:
        value, mag = np.where(bad, np.nan, value), np.where(bad, np.nan, mag)
    return value, mag


def reference_form(expr: Basic) -> Basic:
    """What the check evaluates for *expr*: its :func:`stable_form`, in :func:`closed_form`."""
    return closed_form(stable_form(expr))


@dataclass(frozen=True)
class Case:
    """A class of inputs: its name (as reports show it), its phrase key and values, and how to draw it."""

    name: str
    key: str
    values: tuple[tuple[str, object], ...]
    kind: str
    alpha: float = 1.0

    @classmethod
    def named(cls, name: str) -> "Case":
        """The class of input called *name* (``"dirichlet alpha=0.1"``, ``"zeros, shared support"``, ...).

        >>> Case.named("dirichlet alpha=10").alpha, Case.named("near-degenerate").key
        (10.0, 'impl_case_near_degenerate')
        """
        if name.startswith("dirichlet alpha="):
            alpha = name.split("=", 1)[1]
            return cls(name, "impl_case_dirichlet", (("alpha", alpha),), "typical", float(alpha))
        key, kind = _CASES[name]
        return cls(name, key, (), kind)


#: The classes of input other than Dirichlet rows: name -> (phrase key, kind of draw).
_CASES = {
    "zeros, shared support": ("impl_case_zeros_shared", "zeros"),
    "zeros, p > 0 where q = 0": ("impl_case_zeros_unshared", "unshared"),
    "near-degenerate": ("impl_case_near_degenerate", "extreme"),
    "tiny masses 1e-300": ("impl_case_tiny", "tiny"),
    "typical values": ("impl_case_typical", "typical"),
    "zeros and ones": ("impl_case_zeros", "zeros"),
    "extreme values": ("impl_case_extreme", "extreme"),
    "tiny values": ("impl_case_tiny_values", "tiny"),
    "simplest values": ("impl_case_simple", "typical"),
}


@dataclass(frozen=True)
class Spec:
    """The measure (in its stable form), the variables and the arguments, at one alphabet size."""

    measure: Basic
    reference: Basic
    variables: tuple[Variable, ...]
    arguments: tuple[Argument, ...]
    size: Optional[int]
    size_symbol: Optional[Symbol]
    minimum: int

    @classmethod
    def of(cls, measure: Basic, args: Sequence[object], draw: object, size: object) -> "Spec":
        v = variables_of([measure])
        if len(v.sizes) > 1:
            raise InvalidInputError(f"the measure has {len(v.sizes)} symbolic sizes "
                                    f"({', '.join(map(str, v.sizes))}); check_implementation takes one")
        units = _unit_symbols(measure)
        variables: dict[Basic, Variable] = {}
        for o in v.objects:
            if len(o.value_shape) != 1:
                raise InvalidInputError(f"{o} has {len(o.value_shape)} axes; check_implementation takes vectors")
            variables[o] = Variable(o, _domain_of(o, units))
        for s in v.scalars:
            variables[s] = Variable(s, _domain_of(s, units))
        for s, lo, hi in v.indices:
            variables[s] = Variable(s, "index", None, lo, hi)
        # args may name objects and symbols the measure does not use (fn takes them, the measure ignores them)
        for a in args:
            for o in _free_of(a) if isinstance(a, Basic) else ():
                if o not in variables and (isinstance(o, (Distribution, Logits)) or isinstance(o, Symbol)
                                           and o.is_extended_real):
                    variables[o] = Variable(o, _domain_of(o, units))
        draw = _draws(draw, variables)
        variables = {o: Variable(o, d or variables[o].domain, how, variables[o].low, variables[o].high)
                     for o, (d, how) in ((o, draw.get(o, (None, None))) for o in variables)}
        arguments = tuple(argument(a, variables) for a in args)
        missing = sorted((o for o in variables if o not in {a.variable for a in arguments}), key=str)
        if missing:
            raise InvalidInputError(f"the measure uses {', '.join(map(str, missing))}, which args does not list; "
                                    f"fn must take an array for each")
        k, symbol = _size(variables.values(), size)
        minimum = max([v.minimum.get(symbol, 1)] if symbol is not None else [1])
        return cls(measure, reference_form(measure), tuple(variables.values()), arguments, k, symbol, minimum)

    @property
    def scalars(self) -> dict:
        """The value of the symbolic size, for the evaluator."""
        return {self.size_symbol: self.size} if self.size_symbol is not None else {}

    def variable(self, obj: Basic) -> Variable:
        return next(v for v in self.variables if v.obj == obj)

    @property
    def simplex(self) -> tuple[Variable, ...]:
        return tuple(v for v in self.variables if v.domain == "simplex" and v.draw is None)

    def at_size(self, k: int) -> Optional["Spec"]:
        """The same check at alphabet size *k*: the size symbol set to *k*, or objects of a fixed
        size rebuilt at *k* (None if the measure cannot be rebuilt at that size)."""
        if self.size is None or k == self.size:
            return self if k == self.size else None
        if self.size_symbol is not None:
            return Spec(self.measure, self.reference, self.variables, self.arguments, k, self.size_symbol,
                        self.minimum)
        swap = {v.obj: type(v.obj)(v.obj.name, k) for v in self.variables
                if isinstance(v.obj, (Distribution, Logits))}
        try:
            # the models given by their size (a point mass, the uniform distribution) are rebuilt too
            measure = self.measure.replace(
                lambda m: m in swap or isinstance(m, (PointMass, Uniform, OffTarget)) and m.args[0] == self.size,
                lambda m: swap[m] if m in swap else m.func(Integer(k), *m.args[1:]))
            if any(int(s) != k for v in measure.atoms(Distribution, Logits) for s in v.shape) or \
                    any(getattr(m, "size", k) != k for m in preorder_traversal(measure) if hasattr(m, "component")):
                return None
            size = {Integer(self.size): Integer(k)}
            variables = tuple(Variable(swap.get(v.obj, v.obj), v.domain, v.draw, v.low.xreplace(size),
                                       v.high.xreplace(size)) for v in self.variables)
            arguments = tuple(Argument(a.expr.xreplace(swap), swap.get(a.variable, a.variable), a.inverse,
                                       a.integer) for a in self.arguments)
            return Spec(measure, reference_form(measure), variables, arguments, k, None, self.minimum)
        except (SymdivError, ValueError, TypeError):  # the measure has parts of size k baked in
            return None

    # -- cases ---------------------------------------------------------------
    def cases(self) -> list[Case]:
        """The classes of input the check draws, in order."""
        if self.simplex:
            names = [f"dirichlet alpha={a:g}" for a in (0.1, 1.0, 10.0)]
            names += ["zeros, shared support", "zeros, p > 0 where q = 0"] if len(self.simplex) >= 2 \
                else ["zeros, shared support"]
            names += ["near-degenerate", "tiny masses 1e-300"]
        else:
            names = ["typical values", "zeros and ones", "extreme values"]
            if any(v.domain in ("unit", "positive") and v.draw is None for v in self.variables):
                names.append("tiny values")
        return [Case.named(name) for name in names]

    def draw(self, case: Case, rng: np.random.Generator, batch: int) -> dict[Basic, np.ndarray]:
        """Float64 values of every variable for *batch* rows of *case*."""
        k = self.size or 1
        out: dict[Basic, np.ndarray] = {}
        simplex = list(self.simplex)
        if case.kind in ("zeros", "unshared") and len(simplex) >= 2:
            P, Q = support_pairs(rng, batch, k, shared=case.kind == "zeros")
            out[simplex[0].obj], out[simplex[1].obj] = P, Q
        for v in self.variables:
            if v.obj not in out:
                out[v.obj] = _draw(v, case, rng, batch, k, self.scalars)
        return out

    def argument_values(self, values: Mapping[Basic, np.ndarray]) -> list[np.ndarray]:
        """The float64 value of each argument, computed from the variables' values."""
        return [_apply(a.expr, a.variable, values[a.variable]) for a in self.arguments]

    def recover(self, quantised: Sequence[np.ndarray], values: Mapping[Basic, np.ndarray]) -> dict:
        """The variables' values as the rounded arguments give them (the first argument of each
        variable decides; a variable no argument can give back keeps its drawn value)."""
        out = dict(values)
        done: set = set()
        for a, q in zip(self.arguments, quantised):
            if a.variable in done or (a.inverse is None and a.expr != a.variable):
                continue
            done.add(a.variable)
            out[a.variable] = q if a.inverse is None else _apply(a.inverse, _Y, q)
            if self.variable(a.variable).integer:
                out[a.variable] = np.rint(out[a.variable]).astype(np.int64)
        return out

    def env(self, values: Mapping[Basic, np.ndarray]) -> Env:
        """The evaluator's environment for these values of the variables."""
        bases = {o: a for o, a in values.items() if isinstance(o, Free) and not isinstance(o, Symbol)}
        scalars = {**self.scalars, **{o: a for o, a in values.items() if isinstance(o, Symbol)}}
        return Env(bases=bases, scalars=scalars)

    def not_recovered(self) -> list[Argument]:
        """The arguments whose variable can be read back neither from them nor from another argument."""
        recovered = {a.variable for a in self.arguments if a.inverse is not None or a.expr == a.variable}
        return [a for a in self.arguments if a.variable not in recovered]


def _draws(draw: object, variables: Mapping[Basic, Variable]) -> dict:
    if draw is None:
        return {}
    if not isinstance(draw, Mapping):
        raise InvalidTypeError(f"draw must be a dict from the measure's objects or symbols to how to draw them, "
                               f"got {valid.show(draw)}")
    out = {}
    for obj, how in draw.items():
        if obj not in variables:
            raise InvalidInputError(f"draw names {obj}, which is not an object or symbol of the measure or args")
        out[obj] = _custom(obj, how)
    return out


def _size(variables, size: object) -> tuple[Optional[int], Optional[Symbol]]:
    """The alphabet size to test at, and the size symbol if the vectors have a symbolic one."""
    sizes = {v.obj.shape[0] for v in variables if v.vector}
    if size is not None:
        size = valid.integer(size, "size")
    if not sizes:
        if size is not None:
            raise InvalidInputError(f"size={size} given, but the measure has no vectors")
        return None, None
    if len(sizes) != 1:
        raise InvalidInputError(f"all args must have one size, got {sorted(map(str, sizes))}")
    (common,) = sizes
    if common.is_Integer:
        if size is not None and size != int(common):
            raise InvalidInputError(f"size={size} given, but the args have size {common}")
        return int(common), None
    if size is None:
        raise InvalidInputError(f"give size=k for the symbolic size {common}")
    return size, common


def _apply(expr: Basic, var: Basic, values: np.ndarray) -> np.ndarray:
    """*expr* of *var* evaluated entry by entry at *values*."""
    if expr == var:
        return np.asarray(values, dtype=np.float64)
    entry = Dummy("v", real=True)
    with np.errstate(all="ignore"):
        value, _ = evaluate(expr.xreplace({var: entry}), Env(scalars={entry: np.asarray(values, dtype=np.float64)}))
    return np.broadcast_to(value, np.shape(values)).astype(np.float64)


# -- drawing --------------------------------------------------------------------------
def _draw(v: Variable, case: Case, rng: np.random.Generator, batch: int, k: int, sizes: dict) -> np.ndarray:
    shape = (batch, k) if v.vector else (batch,)
    if isinstance(v.draw, tuple):
        return rng.uniform(v.draw[0], v.draw[1], size=shape)
    if v.draw is not None:
        return _called(v, rng, shape)
    kind = case.kind
    if v.domain == "simplex":
        if kind == "typical":
            return dirichlet(rng, batch, k, case.alpha)
        if kind in ("zeros", "unshared"):
            return support_pairs(rng, batch, k, shared=True)[0]
        return near_degenerate(rng, batch, k) if kind == "extreme" else tiny_masses(rng, batch, k)
    if v.domain == "index":
        lo, hi = (int(e.xreplace(sizes)) for e in (v.low, v.high))
        return rng.integers(lo, hi + 1, size=shape)
    if v.domain == "binary":
        return rng.integers(0, 2, size=shape).astype(np.float64)
    if v.domain == "reals":
        if kind == "zeros":
            return np.where(rng.random(shape) < 0.5, 0.0, rng.normal(0.0, 3.0, size=shape))
        return rng.normal(0.0, 30.0 if kind == "extreme" else 3.0, size=shape)
    if v.domain == "positive":
        if kind == "zeros":
            return np.where(rng.random(shape) < 0.5, 1.0, np.exp(rng.normal(0.0, 1.0, size=shape)))
        if kind == "tiny":
            return np.exp(rng.normal(-25.0, 5.0, size=shape))
        return np.exp(rng.normal(0.0, 4.0 if kind == "extreme" else 1.0, size=shape))
    # unit: a probability in [0, 1]
    u = rng.random(shape)
    if kind == "zeros":
        return np.choose(rng.integers(0, 3, size=shape), [np.zeros(shape), np.ones(shape), u])
    if kind == "extreme":
        return np.where(rng.random(shape) < 0.5, 1e-12, 1.0 - 1e-12)
    if kind == "tiny":
        return np.where(rng.random(shape) < 0.5, 1e-300, u)
    return u


def _called(v: Variable, rng: np.random.Generator, shape: tuple) -> np.ndarray:
    try:
        out = np.asarray(v.draw(rng, shape), dtype=np.float64)
    except Exception as exc:  # the caller's sampler
        raise InvalidInputError(f"draw[{v.name}] raised {type(exc).__name__}: {exc}") from exc
    if out.shape != shape or not np.isfinite(out).all():
        raise InvalidInputError(f"draw[{v.name}] must return finite numbers of shape {shape}, got shape "
                                f"{out.shape}")
    return out


# -- simple exact values, for shrinking ---------------------------------------------
_SIMPLE_SCALARS = {
    "reals": [0, 1, -1, 2, Rational(1, 2), -2],
    "positive": [1, 2, Rational(1, 2), 3, 4, Rational(1, 4)],
    "unit": [Rational(1, 2), 0, 1, Rational(1, 4), Rational(3, 4)],
    "binary": [0, 1],
}


def simple_values(v: Variable, k: Optional[int], sizes: dict, limit: int = 10) -> list:
    """Exact values of *v*, simplest first (tuples for vectors); empty for a variable drawn by a callable."""
    if v.draw is not None and not isinstance(v.draw, tuple):
        return []
    if v.domain == "index":
        lo, hi = (int(e.xreplace(sizes)) for e in (v.low, v.high))
        return [Integer(i) for i in range(lo, hi + 1)][:limit]
    if v.vector:
        k = k or 1
        if v.domain == "simplex":
            positive = simple_distributions(k, limit)
            zeros = [tuple(Integer(int(i == j)) for i in range(k)) for j in range(k)]
            halves = [tuple(Rational(int(i in (a, b)), 2) for i in range(k))
                      for a, b in itertools.combinations(range(k), 2)] if k > 2 else []
            return positive[:limit] + zeros[:2] + halves[:2]
        if v.domain == "reals":
            out = [tuple(Integer(0) for _ in range(k))]
            for value in (1, -1, 2):
                out += [tuple(Integer(value if c == m else 0) for c in range(k)) for m in range(k)]
            return out[:limit]
        base = _SIMPLE_SCALARS.get(v.domain, [1])
        return [tuple(Integer(x) if isinstance(x, int) else x for x in combo)
                for combo in itertools.islice(itertools.product(base[:3], repeat=k), limit)]
    values = [Integer(x) if isinstance(x, int) else x for x in _SIMPLE_SCALARS[v.domain]]
    if isinstance(v.draw, tuple):
        lo, hi = v.draw
        inside = [x for x in values if lo <= x <= hi]
        values = inside or [Rational(Fraction((lo + hi) / 2).limit_denominator(100))]
    return values[:limit]


def simple_batch(spec: Spec, limit: int) -> Optional[tuple[dict[Basic, np.ndarray], list[dict[Basic, Any]]]]:
    """Up to *limit* rows of simple exact values for every variable, simplest first:
    ``(float64 values by variable, the exact values of each row)``; None if a variable has none."""
    choices = [simple_values(v, spec.size, spec.scalars) for v in spec.variables]
    if any(not c for c in choices):
        return None
    combos = _simplest_combos([len(c) for c in choices], limit)
    rows = [{v.obj: c[i] for v, c, i in zip(spec.variables, choices, combo)} for combo in combos]
    values = {}
    for v in spec.variables:
        column = [row[v.obj] for row in rows]
        values[v.obj] = np.array([[float(x) for x in r] if v.vector else float(r) for r in column],
                                 dtype=np.int64 if v.integer else np.float64)
    return values, rows

