"""Compile an identity to a fast vectorised numpy check (lambdify + our own rules).

For a fixed alphabet size ``k`` the identity is instantiated, its sums are
unrolled, and each entry ``p_m`` becomes one argument: the *columns* layout,
one contiguous array per outcome.  Three rules then shape the generated code:

* logs are expanded (``log(p/q) = log p - log q``) and shared by common
  subexpression elimination, so ``H(P,Q) = H(P) + D(P||Q)`` costs 2k logs per
  row, not 3k: logs dominate the cost;
* a product with a log factor becomes ``_mul0(a, L)``, which is 0 where
  ``a == 0`` (``0 log 0 = 0`` and the ``0 log(0/0)`` of an outcome outside
  both supports); ``p > 0, q = 0`` still gives ``+inf``;
* a *rounding-error bound* is compiled alongside the values: a running error
  analysis of the generated code itself (:class:`_Bounds`), node by node, so
  each row's tolerance is what rounding can do to that row.  Near-one rows
  (``log p`` near 0) and small entropies get a small bound, where a fixed
  multiple of eps times the terms' size would hide real errors.

A row agrees when ``|lhs - rhs| <= tolerance × bound``: :meth:`CompiledIdentity.errors`
returns ``|lhs - rhs| / bound``, and ``tolerance`` is the multiplier (2).
Identities that need a distribution's rows to sum to 1 (the softmax
gradient) also allow for the row's ``|sum - 1|``, which validation accepts up
to ``64·k·eps``.  A check whose two sides compile to the same expression, or
to constants, tests nothing: ``CompiledIdentity.trivial`` says why.

Where a small value is computed from large terms that cancel (``D(P||Q) =
H(P,Q) - H(P)``, the softmax gradient), the worst-case bound is about ten
times the typical error, and too wide to catch a planted error the
arithmetic could resolve.  A *reference run* fixes that: the same generated
code runs a second time in a wider type (float64 for a float32 check,
longdouble for a float64 one; inputs convert exactly, constants are rounded
to that type), and a row's allowance becomes the rounding error each side
actually made, ``|l - l_ref| + |r - r_ref|``, plus ``tolerance`` times the
reference run's own bound: sound, since ``|l - r|`` is at most the sum of
those three distances.  ``reference="auto"`` (the default) runs one for
float32 checks only, where it costs about twice the check; for a float64
check ``reference="longdouble"`` asks for it (about six times the check:
longdouble has no SIMD code), where numpy's longdouble is wider than float64.

Rows with a NaN input give NaN, which never counts as agreement.  The batch
is processed in cache-sized chunks on a small thread pool (numpy releases the
GIL inside ufuncs).

>>> import numpy as np
>>> import symdiv as sd
>>> P, Q = sd.Distribution("P", 3), sd.Distribution("Q", 3)
>>> check = compile_identity(sd.CrossEntropy(P, Q), sd.Entropy(P) + sd.KL(P, Q))
>>> data = {P: np.array([[0.5, 0.5, 0.0]]), Q: np.array([[0.25, 0.25, 0.5]])}
>>> float(check.errors(data)[0]) <= check.tolerance
True
>>> compile_identity(sd.KL(P, Q), sd.CrossEntropy(P, Q) - sd.Entropy(P), dtype="float32").reference
'float64'
>>> compile_identity(sd.KL(P, P), 0).trivial
'both sides compile to the constant 0: the inputs play no part'
"""

from __future__ import annotations

import inspect
import os
import random
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional, Sequence, Union

import numpy as np
from sympy import (
    Abs,
    Add,
    Basic,
    Derivative,
    Dummy,
    Expr,
    Float,
    Function,
    Indexed,
    Integer,
    Mul,
    Pow,
    Rational,
    S,
    Symbol,
    exp,
    lambdify,
    log,
)

from ..core.bound import canonical_indices
from ..core.measures import Grad, Measure, expand_measures
from ..errors import InvalidInputError, InvalidTypeError
from ..core.algebra import as_expression, expand_log, expand_marginals
from . import _validate as valid
from .check import DTYPES, numpy_dtype, relative_errors
from .exact import unroll
from ..core.domain import Domain, domain_of
from .instances import variables_of

__all__ = ["compile_identity", "CompiledIdentity", "validate_batch", "CHUNK"]

#: Rows per chunk: small enough for the temporaries of a chunk to stay in cache.
CHUNK = 1 << 15


class _MulLog(Function):
    """``a * L`` where ``L`` holds the log factors, with ``0 * L = 0``.

    The third argument is ``_Zero(a)``, a separate node so that common
    subexpression elimination computes each zero mask once.
    """

    nargs = 3


class _Zero(Function):
    """The mask ``a == 0``."""

    nargs = 1


class _Ratio(Function):
    """``a / b`` that sympy does not merge with other powers of ``b`` (``x**-1 * x**-1``
    would become ``x**-2``, which overflows where neither factor does)."""

    nargs = 2


def _mul0(a: Any, L: Any, zero: Any) -> Any:
    out = np.multiply(a, L)
    if np.ndim(out):
        if zero.any():  # zeros are rare: skip the masked pass when there are none
            np.copyto(out, 0.0, where=zero)
        return out
    return 0.0 if zero else out


def _is_zero(a: Any) -> Any:
    return np.equal(a, 0)


def _protect_logs(e: Basic) -> Basic:
    if not e.args:
        return e
    args = tuple(_protect_logs(a) for a in e.args)
    e = e.func(*args) if args != e.args else e
    if isinstance(e, Mul):
        logs = [f for f in e.args if isinstance(f, log) or (isinstance(f, Pow) and isinstance(f.base, log))]
        coeff = Mul(*[f for f in e.args if f.is_Number])
        rest = [f for f in e.args if f not in logs and not f.is_Number]
        if logs and rest:
            # Keep the numeric coefficient outside, so -p log p and p log p share one term.
            a = Mul(*rest)
            return coeff * _MulLog(a, Mul(*logs), _Zero(a))
    return e


def _sign(e: Basic, probabilities: frozenset) -> int:
    """+1 or -1 when the sign of *e* is known from its structure, else 0.

    Probabilities are >= 0 and, being at most 1, have logs <= 0: this is what
    makes every term of ``-sum p log q`` one sign.  Exponentials are > 0.
    """
    if not e.free_symbols:
        return 1 if e.is_positive else -1 if e.is_negative else 0
    if e in probabilities or isinstance(e, (exp, Abs)):
        return 1
    if isinstance(e, log):
        arg = e.args[0]
        if all(f in probabilities for f in Mul.make_args(arg)):
            return -1
        return 0
    if isinstance(e, _MulLog):
        return _sign(e.args[0], probabilities) * _sign(e.args[1], probabilities)
    if isinstance(e, Mul):
        out = 1
        for f in e.args:
            out *= _sign(f, probabilities)
        return out
    if isinstance(e, Pow):
        base, power = e.args
        s = _sign(base, probabilities)
        if s == 1:
            return 1
        if s == -1 and power.is_Integer:
            return 1 if power.is_even else -1
        return 0
    if isinstance(e, Add):
        signs = {_sign(a, probabilities) for a in e.args}
        return signs.pop() if len(signs) == 1 else 0
    return 0


def _nonnegative(e: Basic, probabilities: frozenset) -> bool:
    """Whether every computed value of *e* is >= 0 (so ``|e|`` is *e* itself, no ``abs``)."""
    if e in probabilities or isinstance(e, (exp, Abs)):
        return True
    if e.is_Number:
        return bool(e >= 0)
    if isinstance(e, (Add, Mul)):
        return all(_nonnegative(a, probabilities) for a in e.args)
    if isinstance(e, Pow):
        return _nonnegative(e.base, probabilities) or bool(e.exp.is_Integer and e.exp.is_even)
    return False


#: How accurate numpy's ``log``, ``exp`` and ``pow`` are taken to be, in units of
#: ``eps·|result|``.  numpy's float32 AVX code is specified to 3.83 ULP for log
#: and 2.52 for exp (numpy#13134), its AVX-512 SVML code (both dtypes) to 4 ULP
#: (numpy#19478); measured here (``python benchmarks/tolerance.py --libm``): at
#: most 0.6 in float64 and 2.3 in float32; glibc's longdouble ``logl``/``expl``
#: (the reference run of a float64 check) 0.67 against mpmath.
LIBM_EPS = {"float64": 4, "float32": 4, "longdouble": 4}

#: Rows agree when ``|lhs - rhs| <= SAFETY × bound``.  The bound is a worst
#: case to first order in eps; the factor 2 covers what that drops: terms of
#: order eps², the rounding of the bound's own arithmetic, and the bound being
#: evaluated at the computed values rather than the exact ones.
SAFETY = 2.0

#: The types a reference run can use, by name (tests replace longdouble to play a platform without one).
_REFERENCE_TYPES: dict[str, Any] = {"float64": np.float64, "longdouble": np.longdouble}

#: A reference run's tolerance ``|l - l_ref| + |r - r_ref| + SAFETY·bound_ref`` is
#: computed in the reference type and rounded to the dtype: it is widened by
#: ``REFERENCE_MARGIN·eps`` of the dtype, far more than those few roundings.
REFERENCE_MARGIN = 4


def _reference_type(reference: object, dtype: str) -> Optional[str]:
    """The name of the reference type for *reference* and a check in *dtype*; None for no reference."""
    if reference is None:
        return None
    choices = "'auto', None, 'float64' or 'longdouble'"
    if not isinstance(reference, str):
        raise InvalidTypeError(f"reference must be {choices}, got {valid.show(reference)}")
    if reference == "auto":
        return "float64" if dtype == "float32" else None
    if reference not in _REFERENCE_TYPES:
        raise InvalidInputError(f"reference must be {choices}, got {reference!r}")
    mine, wide = np.finfo(DTYPES[dtype]), np.finfo(_REFERENCE_TYPES[reference])
    if wide.nmant <= mine.nmant:
        if reference == "longdouble":
            raise InvalidInputError(
                f"reference='longdouble' is not available for a {dtype} check here: numpy's longdouble has "
                f"{wide.nmant + 1} significant bits on this platform, no more than {dtype}'s {mine.nmant + 1}; "
                f"use reference=None")
        raise InvalidInputError(f"reference={reference!r} is no wider than dtype={dtype!r}; "
                                f"a reference must be more precise than the check (use 'longdouble' or None)")
    return reference


#: Integers up to this size are exact in both dtypes.
_EXACT_INT = 2**24


def _exact_constant(c: Basic) -> bool:
    """Whether the number *c* is represented exactly in float32 (and so in float64)."""
    if not c.is_Rational:
        return False
    q = int(c.q)
    return abs(int(c.p)) <= _EXACT_INT and q & (q - 1) == 0


def _exact_scale(c: Basic) -> bool:
    """Whether multiplying by the number *c* is exact: ``±1`` or a power of two."""
    if not c.is_Rational or c == 0:
        return False
    p, q = abs(int(c.p)), int(c.q)
    return p & (p - 1) == 0 and q & (q - 1) == 0


@dataclass(frozen=True)
class _Err:
    """A bound on the rounding error of one node.

    Either ``rel``, a number: the error is at most ``rel·|value|`` (known at
    compile time, so it costs nothing per row), or ``expr``: the error is at
    most ``expr``, an expression compiled alongside the value.
    """

    rel: Optional[Expr] = None
    expr: Optional[Expr] = None


class _Bounds:
    """Running error analysis of the generated code, done once, symbolically.

    Each node's bound comes from its children's (Higham's running error
    bound, to first order in ``u``): a sum adds its terms' bounds and ``u``
    times the partial sums; a product adds relative errors; ``log x`` turns
    the relative error of ``x`` into an absolute one and adds its own
    rounding.  Inputs are exact: the bound is about the evaluation, not the
    data.  Where the terms of a sum have one sign, the sizes of the partial
    sums are at most the size of the sum, so a whole group costs one ``abs``.

    With ``rounding=False`` and *perturbed* inputs, the same rules give the
    first-order change of *e*, per unit of relative change of the perturbed
    inputs, in exact arithmetic: times ``|d|``, how a row that sums to
    ``1 + d`` rather than 1 moves an identity that needs the sum to be 1.
    """

    def __init__(self, probabilities: frozenset, holders: Mapping[Symbol, Symbol], libm: int,
                 unit: Expr = Integer(1), rounding: bool = True, perturbed: frozenset = frozenset()):
        self.probabilities = probabilities
        self.holders = holders  # a measure computed separately -> the symbol holding its bound
        self.r = unit if rounding else Integer(0)  # one rounding: u = eps/2
        self.libm = 2 * libm * self.r  # libm eps = 2·libm u
        self.perturbed = perturbed
        self._libm_eps = libm
        self._memo: dict[Basic, _Err] = {}

    def __call__(self, e: Basic) -> Expr:
        """An expression for the bound of *e*."""
        return self.absolute(e, self.err(e))

    def absolute(self, e: Basic, r: _Err) -> Expr:
        if r.expr is not None:
            return r.expr
        return r.rel * self.size(e) if r.rel else Integer(0)

    def size(self, e: Basic) -> Expr:
        return e if _nonnegative(e, self.probabilities) else Abs(e)

    def err(self, e: Basic) -> _Err:
        if e not in self._memo:
            self._memo[e] = self._err(e)
        return self._memo[e]

    def _err(self, e: Basic) -> _Err:
        if e in self.holders:
            return _Err(expr=self.holders[e])
        if not e.free_symbols:
            return _Err(rel=self._constant(e) * self.r)
        return self._node(e)

    def _node(self, e: Basic) -> _Err:
        if isinstance(e, Symbol):
            return _Err(rel=Integer(1 if e in self.perturbed else 0))  # an input: exact
        if isinstance(e, Add):
            return self._add(e)
        if isinstance(e, _MulLog):
            return self._mul_log(e)
        if isinstance(e, Mul):
            return self._mul(e)
        if isinstance(e, Pow) and e.exp.is_number:
            return self._pow(e)
        if isinstance(e, log):
            return self._log(e)
        if isinstance(e, exp):
            return self._exp(e)
        if isinstance(e, Abs):
            return self.err(e.args[0])
        return self._function(e)

    def _constant(self, c: Basic) -> Expr:
        """Relative bound of a constant, in roundings: exact, or computed in float64 then rounded to the dtype."""
        if _exact_constant(c):
            return Integer(0)
        if c.is_Number:
            return Integer(2)
        r = _Bounds(self.probabilities, {}, self._libm_eps)._node(c)  # rounded whatever self counts
        if r.rel is not None:
            return r.rel + 2
        value = abs(complex(c.evalf(30)))
        return Float(float(r.expr.evalf(30)) / value, 4) + 2 if value else Integer(0)

    def _add(self, e: Add) -> _Err:
        # Any order and bracketing of n terms: n - 1 roundings, each at most u
        # times a partial sum, itself at most the sum of the sizes of the terms.
        n1 = (len(e.args) - 1) * self.r
        groups: dict[int, list[tuple[Expr, Expr]]] = {1: [], -1: []}
        other = []
        for t in e.args:
            r = self.err(t)
            s = _sign(t, self.probabilities)
            if s and r.rel is not None:
                groups[s].append((t, r.rel))
            else:
                other.append((t, r))
        kept = [g for g in groups.values() if g]
        if not other and len(kept) == 1 and len({r for _, r in kept[0]}) == 1:
            return _Err(rel=kept[0][0][1] + n1)
        parts = []
        for g in kept:  # terms of one sign with the same relative bound: one abs for all
            by_rel: dict[Expr, list[Expr]] = {}
            for t, r in g:
                by_rel.setdefault(r, []).append(t)
            parts += [(r + n1) * self.size(Add(*ts)) for r, ts in by_rel.items()]
        parts += [self.absolute(t, r) + n1 * self.size(t) for t, r in other]
        return _Err(expr=Add(*parts))

    def _mul(self, e: Mul) -> _Err:
        coeff, factors = e.as_coeff_mul()
        errs = [self.err(f) for f in factors]
        rel = Integer(len(factors) - 1)
        if coeff != 1:
            rel += self._constant(coeff) + (0 if _exact_scale(coeff) else 1)
        rel *= self.r
        rel += sum((r.rel for r in errs if r.rel is not None), Integer(0))
        if all(r.rel is not None for r in errs):
            return _Err(rel=rel)
        parts = [rel * self.size(e)]
        for i, (f, r) in enumerate(zip(factors, errs)):
            if r.expr is not None:
                parts.append(self.size(Mul(coeff, *factors[:i], *factors[i + 1:])) * r.expr)
        return _Err(expr=Add(*parts))

    def _mul_log(self, e: _MulLog) -> _Err:
        a, L, zero = e.args
        ra, rL = self.err(a), self.err(L)
        if ra.rel is not None and rL.rel is not None:
            return _Err(rel=ra.rel + rL.rel + self.r)
        parts = [(self.r + (ra.rel or 0) + (rL.rel or 0)) * Abs(e)]
        if rL.expr is not None:  # |a|·(error of L), 0 where a == 0 even if L is infinite
            parts.append(_MulLog(self.size(a), rL.expr, zero))
        if ra.expr is not None:
            parts.append(self.size(L) * ra.expr)
        return _Err(expr=Add(*parts))

    def _pow(self, e: Pow) -> _Err:
        base, n = e.args
        # numpy computes x**-1, x**2 and x**0.5 with one rounding, other powers with pow().
        own = 0 if n == 1 else self.r if n in (-1, 2, S.Half) else self.libm
        r = self.err(base)
        if r.rel is not None:
            return _Err(rel=abs(n) * r.rel + own)
        # |n|·|x^n|·(error of x)/|x|, not |x^(n-1)|, which can overflow where x^n does not.
        return _Err(expr=own * self.size(e) + abs(n) * self.size(e) * _Ratio(r.expr, self.size(base)))

    def _log(self, e: log) -> _Err:
        # log(x(1 + d)) = log x + d: the relative error of x becomes an absolute
        # one, so near x = 1 (log x near 0) it is what counts.
        x = e.args[0]
        r = self.err(x)
        if r.rel == 0:
            return _Err(rel=self.libm)
        carried = r.rel if r.rel is not None else _Ratio(r.expr, self.size(x))
        return _Err(expr=carried + self.libm * self.size(e))

    def _exp(self, e: exp) -> _Err:
        x = e.args[0]
        r = self.err(x)
        if r.rel == 0:
            return _Err(rel=self.libm)
        return _Err(expr=e * (self.absolute(x, r) + self.libm))

    def _function(self, e: Basic) -> _Err:
        """Any other function: first-order propagation through its derivatives."""
        if not isinstance(e, Function):
            raise InvalidInputError(f"compile_identity cannot bound the rounding error of {e}")
        parts = [self.libm * self.size(e)]
        for i, a in enumerate(e.args):
            bound = self(a)
            if bound == 0:
                continue
            d = Dummy()
            slope = e.func(*[d if m == i else b for m, b in enumerate(e.args)]).diff(d).xreplace({d: a})
            if slope.has(Derivative):
                raise InvalidInputError(f"compile_identity cannot bound the rounding error of {e}")
            parts.append(Abs(slope) * bound)
        return _Err(expr=Add(*parts))


def _needs_unit_sums(left: Expr, right: Expr, measures: Mapping[Symbol, Expr],
                     groups: Mapping[Basic, Sequence[Symbol]], distributions: Sequence[Basic]) -> list[Basic]:
    """The distributions whose rows must sum to 1 for ``left = right`` to hold.

    Decided in 50-digit arithmetic at one random point on the simplex and
    with each distribution's row scaled by 5/4: a distribution is needed
    when the sides agree at the first and not at the second (the softmax
    gradient ``sum_i p_i (s_j - [i = j]) = s_j - p_j`` needs it; the
    decomposition of cross-entropy holds for any positive vectors).
    """
    diff = (left - right).xreplace(measures)
    if not diff.free_symbols or not distributions:
        return []
    import mpmath

    args = [s for b in groups for s in groups[b]]
    rng = random.Random(0)
    exact = {"_MulLog": lambda a, L, zero: a * L, "_Zero": lambda a: a == 0}
    try:
        f = lambdify(args, [diff, Abs(left.xreplace(measures)) + Abs(right.xreplace(measures))],
                     modules=[exact, "mpmath"])
        with mpmath.workdps(50):
            return _scaled_gaps(f, groups, distributions, rng)
    except (ArithmeticError, TypeError, ValueError, NameError):
        return list(distributions)  # undecided: allow for every row's sum (costs power, never a false alarm)


def _scaled_gaps(f: Callable[..., Any], groups: Mapping[Basic, Sequence[Symbol]], distributions: Sequence[Basic],
                 rng: random.Random) -> list[Basic]:
    """The distributions whose row scaled by 5/4 opens a gap ``f`` did not have on the simplex."""
    import mpmath

    point = {}
    for base, symbols in groups.items():
        if base in distributions:
            m = [rng.randint(1, 9) for _ in symbols]
            point[base] = [mpmath.mpf(x) / sum(m) for x in m]
        else:
            point[base] = [mpmath.mpf(rng.randint(-20, 20)) / 10 for _ in symbols]

    def gap(scaled: Optional[Basic]) -> tuple[Any, Any]:
        values = [x * (mpmath.mpf(5) / 4 if base == scaled else 1) for base in groups for x in point[base]]
        d, size = f(*values)
        return abs(d), size

    d0, size = gap(None)
    threshold = mpmath.mpf(10) ** -30 * (size + 1)
    if not d0 <= threshold:  # false on the simplex: no allowance needed to show it
        return []
    return [b for b in distributions if gap(b)[0] > threshold]


def _split_measures(e: Expr, found: dict[Basic, Symbol]) -> Expr:
    """Replace each outermost measure or gradient by a placeholder symbol.

    Each measure is then compiled on its own: expanded together, the sides
    of an identity would cancel symbolically and the check would compare an
    expression with itself.
    """
    def visit(x: Basic) -> Basic:
        if isinstance(x, (Measure, Grad)):
            if x not in found:
                found[x] = Symbol(f"_m{len(found)}", real=True)
            return found[x]
        if not x.args:
            return x
        args = tuple(visit(a) for a in x.args)
        return x.func(*args) if args != x.args else x

    return visit(e)


@dataclass(frozen=True)
class CompiledIdentity:
    """A compiled check of ``lhs = rhs`` at one alphabet size.

    ``columns`` lists, in argument order, the ``(base, m)`` entry each
    argument of the generated function stands for.  ``tolerance`` is the
    multiplier of the per-row rounding-error bound: a row agrees when
    ``errors() <= tolerance``.  ``trivial`` is a reason when the check tests
    nothing (both sides compile to the same expression, or to constants).
    """

    function: Callable[..., Any]
    columns: tuple[tuple[Basic, int], ...]
    bases: tuple[Basic, ...]
    size: int
    dtype: str
    source: str
    lhs: Optional[Expr] = None
    rhs: Optional[Expr] = None
    trivial: Optional[str] = None
    #: Distributions whose rows the identity needs to sum to 1 (the softmax gradient's P):
    #: a row's ``|sum - 1|`` (validation allows ``64·k·eps``) widens its bound.
    unit_sums: tuple[Basic, ...] = ()
    #: The type of the reference run (``"float64"``, ``"longdouble"``), or None.
    reference: Optional[str] = None
    #: The generated code in the reference type (constants rounded to it), and its source.
    reference_function: Optional[Callable[..., Any]] = None
    reference_source: Optional[str] = None
    #: The shape of one row of each base, in the order of ``bases`` (``(k,)``, or ``(n, m)`` for a joint).
    shapes: tuple[tuple[int, ...], ...] = ()

    @property
    def tolerance(self) -> float:
        """Rows agree when ``|lhs - rhs| <= tolerance × bound`` (see :meth:`values`)."""
        return SAFETY

    def __repr__(self) -> str:
        trivial = f", trivial={self.trivial!r}" if self.trivial else ""
        reference = f", reference={self.reference!r}" if self.reference else ""
        return (f"CompiledIdentity({self.lhs} = {self.rhs}, size={self.size}, dtype={self.dtype!r}, "
                f"tolerance={self.tolerance}{reference}{trivial})")

    __str__ = __repr__

    def _run(self, arrays: Mapping[Basic, np.ndarray], threads: Optional[int], with_errors: bool) -> np.ndarray:
        """Rows ``(lhs, rhs, bound[, error / bound])`` of the batch, chunk by chunk.

        Validation, transposition to columns, evaluation and the error of a
        chunk all happen while its data is in cache.
        """
        workers = _threads(threads)
        batch = next(iter(arrays.values())).shape[0] if arrays else 1
        dt = DTYPES[self.dtype]
        tiny = float(np.finfo(dt).tiny)
        out = np.empty((4 if with_errors else 3, batch), dtype=dt)
        names = {base: str(base) for base in arrays}

        def run(lo: int) -> None:
            hi = min(lo + CHUNK, batch)
            cols, offsets = {}, {}
            bad = np.zeros(hi - lo, dtype=bool)
            for base, arr in arrays.items():
                part = np.ascontiguousarray(arr[lo:hi].T)
                sums = _column_sums(part)
                if base.domain == "simplex":
                    _check_probabilities(part, sums, names[base], self.dtype, offset=lo)
                if base in self.unit_sums:
                    offsets[base] = np.abs(sums - 1).astype(dt)
                bad |= np.isnan(sums)
                cols[base] = part
            args = [cols[base][m - 1] for base, m in self.columns]
            lv, rv, bound = out[0, lo:hi], out[1, lo:hi], out[2, lo:hi]
            with np.errstate(all="ignore"):
                lv[...], rv[...], bound[...] = self.function(*args, offsets=[offsets[base] for base in self.unit_sums])
                # Below the smallest normal number relative bounds do not hold
                # (gradual underflow): it is the floor.
                bound += tiny
                if self.reference_function is not None:
                    self._sharpen(cols, lv, rv, bound)
            if bad.any():  # a NaN input gives NaN, even where a 0 coefficient met it
                lv[bad] = rv[bad] = np.nan
            if with_errors:
                err = out[3, lo:hi]
                with np.errstate(all="ignore"):
                    np.subtract(lv, rv, out=err)
                    np.abs(err, out=err)
                    np.divide(err, bound, out=err)
                    clean = np.isfinite(np.add.reduce(err)) and np.isfinite(np.add.reduce(bound))
                if not clean:  # infinities compare exactly, NaN never agrees
                    err[...] = relative_errors(lv, bound, rv, bound)

        starts = range(0, batch, CHUNK)
        if workers <= 1 or batch <= CHUNK:
            for lo in starts:
                run(lo)
        else:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                list(pool.map(run, starts))
        return out

    def _sharpen(self, cols: Mapping[Basic, np.ndarray], lv: np.ndarray, rv: np.ndarray, bound: np.ndarray) -> None:
        """Lower *bound*, in place, to what the reference run shows rounding did on each row.

        For a true identity ``|l - r| <= |l - l_ref| + |l_ref - r_ref| + |r_ref - r|``,
        and ``|l_ref - r_ref| <= SAFETY·bound_ref`` by the same error analysis
        done in the reference type: ``|l - l_ref| + |r - r_ref| + SAFETY·bound_ref``
        is a sound allowance, and where a small value is computed from large
        terms it is about ten times smaller than the worst case.  The
        inputs convert exactly.  Each row keeps the smaller of the two
        allowances (both are sound), so a reference never costs a row power,
        and a reference that overflows or gives NaN changes nothing.
        """
        wt = _REFERENCE_TYPES[self.reference]
        dt = DTYPES[self.dtype]
        wide = {base: part.astype(wt) for base, part in cols.items()}
        offsets = []
        for base in self.unit_sums:  # |sum - 1| in the reference type, plus the rounding of the sum
            total = wide[base][0].copy()
            for col in wide[base][1:]:
                total += col
            off = np.abs(total - 1)
            off += (len(wide[base]) * float(np.finfo(wt).eps)) * total
            offsets.append(off)
        lr, rr, br = self.reference_function(*[wide[base][m - 1] for base, m in self.columns], offsets=offsets)
        allow = np.abs(lv.astype(wt) - lr)
        allow += np.abs(rv.astype(wt) - rr)
        allow *= 1 / SAFETY  # bound is the allowance over the tolerance: exact
        allow += br
        allow += np.finfo(wt).tiny
        allow *= 1 + REFERENCE_MARGIN * float(np.finfo(dt).eps)  # the rounding of this sum, of |l - r| and of the cast
        narrow = allow.astype(dt)
        narrow += np.finfo(dt).tiny  # the cast may underflow
        np.fmin(bound, narrow, out=bound)

    def values(self, data: Mapping[Basic, np.ndarray], threads: Optional[int] = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(lhs, rhs, bound)`` for every row of *data* (``{base: (B, k) array}``).

        ``bound`` bounds what rounding can make ``|lhs - rhs|`` on that row,
        from an error analysis of the compiled code (at least one ulp of each
        side, and at least the smallest normal number); a row agrees when
        ``|lhs - rhs| <= tolerance × bound``.  With a :attr:`reference` run,
        ``bound`` is the smaller of that and ``(|lhs - lhs_ref| + |rhs -
        rhs_ref|) / tolerance + bound_ref``: the rounding error each side
        actually made on the row, measured against the same code run in the
        wider type, plus that run's own bound.
        """
        out = self._run(_arrays(data, self.bases, self.shapes, self.dtype), threads, with_errors=False)
        return out[0], out[1], out[2]

    def errors(self, data: Mapping[Basic, np.ndarray], threads: Optional[int] = None) -> np.ndarray:
        """Per row, ``|lhs - rhs|`` over its rounding-error bound: ``<= tolerance`` is agreement.

        Equal infinities give 0; NaN on either side, or an infinity against
        anything else, gives ``inf``.
        """
        return self._run(_arrays(data, self.bases, self.shapes, self.dtype), threads, with_errors=True)[3]


def _threads(threads: object) -> int:
    """The number of worker threads: *threads*, or 2 when None; anything but a positive int is an error."""
    if threads is None:
        return min(2, os.cpu_count() or 1)
    return valid.integer(threads, "threads")


def _symbol_for(base: Basic, m: int) -> Symbol:
    kind = {"positive": True} if base.domain == "simplex" else {"real": True}
    return Symbol(f"{base.label}_{m}", **kind)


def _flat(indices: Sequence[Basic], shape: Sequence[int]) -> int:
    """The 1-based row-major position of the entry at 1-based *indices* of a table of *shape*."""
    position = 0
    for i, n in zip(indices, shape):
        position = position * n + int(i) - 1
    return position + 1


def _sizes(size: object, symbolic: Sequence[Symbol]) -> dict[Basic, Basic]:
    """Values for the symbolic sizes: one int for them all, or a mapping ``{n: 3, m: 2}``."""
    if not symbolic:
        return {}
    if size is None:
        raise InvalidInputError(f"give size=k for the symbolic alphabet size {', '.join(map(str, symbolic))}")
    if isinstance(size, Mapping):
        unknown = [str(s) for s in size if s not in symbolic]
        if unknown:
            raise InvalidInputError(f"size gives a value for {', '.join(unknown)}, which the statement does not use")
        absent = [str(s) for s in symbolic if s not in size]
        if absent:
            raise InvalidInputError(f"size gives no value for {', '.join(absent)}")
        return {s: Integer(valid.integer(size[s], f"size of {s}")) for s in symbolic}
    return {s: Integer(valid.integer(size, "size")) for s in symbolic}


def _check_indices(indices: object, free: set) -> dict[Symbol, int]:
    """The free component indices and their values; unknown keys and non-int values are errors."""
    if indices is None:
        return {}
    if not isinstance(indices, Mapping):
        raise InvalidTypeError(f"indices must be a mapping from index symbols to ints, got {valid.show(indices)}")
    out = {}
    for key, value in indices.items():
        if not isinstance(key, Symbol):
            raise InvalidTypeError(f"indices keys must be sympy Symbols (sd.component_index), got {valid.show(key)}")
        if key not in free:
            raise InvalidInputError(f"indices gives a value for {key}, which the statement does not use")
        out[key] = valid.integer(value, f"the value of index {key}")
    return out


def _trivial(left: Expr, right: Expr, measures: Mapping[Symbol, Expr]) -> Optional[str]:
    """Why comparing the compiled sides tests nothing, or None.

    Measures are compared as computed: two placeholders whose measures
    compile to the same expression are one value (the generated code
    computes it once), and so is a side that spells out a measure's
    expression.  Substituting the expressions into the sides instead would
    let sympy cancel the terms of different measures, which the check
    deliberately keeps apart: ``H(P,Q) = H(P) + D(P||Q)`` compares two ways
    of computing a value, and is not trivial.
    """
    same: dict[Expr, Basic] = {}
    stand_in = {}
    for holder, expr in measures.items():
        stand_in[holder] = expr if not expr.free_symbols else same.setdefault(expr, holder)
    # A side written out in full may be a measure's expression (D(P||Q) = sum p log p - sum p log q).
    lhs, rhs = (side.xreplace(same).xreplace(stand_in) for side in (left, right))
    if lhs == rhs:
        if not lhs.free_symbols:
            return f"both sides compile to the constant {lhs}: the inputs play no part"
        return "both sides compile to the same expression: every row agrees whatever the inputs"
    if not lhs.free_symbols and not rhs.free_symbols:
        return f"both sides compile to constants ({lhs} and {rhs}): the inputs play no part"
    d = lhs - rhs
    if d.is_Number and d != 0 and rhs + d == lhs:
        return f"the sides compile to the same expression plus the constant {d}: every row differs by it"
    return None


def compile_identity(lhs: Any, rhs: Any, *, size: Optional[int] = None,
                     indices: Optional[Mapping[Symbol, int]] = None, dtype: str = "float64",
                     reference: Optional[str] = "auto") -> CompiledIdentity:
    """Compile ``lhs = rhs`` for alphabet size *size* (taken from the objects if fixed).

    The sides are sympy expressions or exact Python numbers (ints,
    Fractions), as for :func:`symdiv.prove`.  Free component indices (the
    ``j`` of a gradient) need a value in *indices*.  Statements about
    datasets are not compiled: use :func:`symdiv.numeric.cross_check`, whose
    evaluator handles them.

    *reference* re-runs the generated code in a wider type to measure each
    row's actual rounding error (see :meth:`CompiledIdentity.values`):
    ``"float64"``, ``"longdouble"`` (where numpy's longdouble is wider than
    float64: 80-bit on x86-64, quad on aarch64 Linux), ``None``, or
    ``"auto"``, the default: float64 for a float32 check (float32 checks
    are rare, and the re-run doubles only their cost) and none for a
    float64 check (longdouble has no SIMD code and the re-run costs 6-7
    times the check, while the float64 bound alone meets the detection
    targets of ``benchmarks/tolerance.py`` everywhere but the softmax
    gradient at k = 2: 98.7% of a planted 1e-9 error caught, 99.4% with
    ``"longdouble"``).  A trivial check gets no reference run.
    """
    lhs, rhs = as_expression(lhs, "lhs"), as_expression(rhs, "rhs")
    numpy_dtype(valid.text(dtype, "dtype"))
    wide = _reference_type(reference, dtype)
    if size is not None and not isinstance(size, Mapping):
        size = valid.integer(size, "size")
    free = lhs.free_symbols | rhs.free_symbols
    given = _check_indices(indices, free)
    v = variables_of([lhs, rhs], Domain({s: (Integer(1), Integer(1)) for s in given}))
    if v.datasets:
        raise InvalidInputError("compile_identity does not handle datasets; use cross_check")
    sizes = _sizes(size, v.sizes)
    shapes = {b: tuple(int(n.xreplace(sizes)) for n in b.value_shape) for b in v.tables}
    if not shapes:
        raise InvalidInputError("the statement has no distribution or logits to check")
    fixed = sorted({n for shape in shapes.values() for n in shape})
    if size is not None and not v.sizes and fixed != [size]:
        raise InvalidInputError(f"size={size} given, but the statement is about alphabet size "
                                f"{', '.join(map(str, fixed))}")
    missing = [str(s) for s in v.scalars]
    if missing:
        raise InvalidInputError(f"compile_identity needs values for {', '.join(missing)}; pass them in indices")
    for s, val in given.items():
        # the range the index lies in, from the statement's domain (the j of d/dz_j lies in 1..n)
        hi = domain_of(lhs, rhs).ranges.get(s, (Integer(1), None))[1]
        if hi is not None and val > int(hi.xreplace(sizes)):
            raise InvalidInputError(f"index {s} = {val} is outside 1..{int(hi.xreplace(sizes))}")
    sub = dict(sizes)
    sub.update({s: Integer(val) for s, val in given.items()})
    originals = {b.xreplace(sizes): b for b in v.tables}
    cells = {b: int(np.prod(shape, dtype=np.int64)) for b, shape in shapes.items()}
    k = max(cells.values())

    def instantiate(e: Expr) -> Expr:
        # no capture, see exact_value; a marginal is the sum of its joint's entries
        e = unroll(expand_marginals(expand_measures(canonical_indices(e, avoid=sub).xreplace(sub))))
        e = e.replace(lambda x: isinstance(x, Indexed) and x.base in originals,
                      lambda x: _symbol_for(x.base, _flat(x.indices, shapes[originals[x.base]])))
        e = expand_log(e)
        return _protect_logs(e.expand(log=False, power_base=False, power_exp=False))

    found: dict[Basic, Symbol] = {}
    outer_l, outer_r = _split_measures(lhs, found), _split_measures(rhs, found)
    measures = [instantiate(m) for m in found]
    probabilities = frozenset(_symbol_for(b.xreplace(sizes), m) for b in originals.values()
                              if b.domain == "simplex" for m in range(1, cells[b] + 1))
    holders = list(found.values())
    left, right = instantiate(outer_l), instantiate(outer_r)
    bases = tuple(originals.values())
    columns = tuple((b, m) for b in bases for m in range(1, cells[b] + 1))
    groups = {b: [_symbol_for(b.xreplace(sizes), m) for m in range(1, cells[b] + 1)] for b in bases}
    args = [s for b in bases for s in groups[b]]
    by_holder = dict(zip(holders, measures))
    trivial = _trivial(left, right, by_holder)
    unit_sums = [] if trivial else _needs_unit_sums(
        left, right, by_holder, groups, [b for b in bases if b.domain == "simplex"])

    def build(ftype: Any, libm: int, exact_constants: bool) -> tuple[Callable[..., Any], str]:
        """The generated function ``(lhs, rhs, bound)`` for the float type *ftype*, and its source.

        One bound for rounding, and for each distribution whose rows must sum
        to 1, how far the sides move when its row is off by a relative 1
        (times ``|sum - 1|``, per row).  With *exact_constants* (a reference
        run), every constant that is not a small dyadic number (``log 2``,
        ``1/3``) is correctly rounded to *ftype* once, at compile time:
        printed, it would be a float64, which limits a longdouble run.
        """
        unit = Rational(1, 2 ** (np.finfo(ftype).nmant + 1))  # u = eps/2, exactly
        kinds = [_Bounds(probabilities, {}, libm, unit)]
        kinds += [_Bounds(probabilities, {}, libm, rounding=False, perturbed=frozenset(groups[b])) for b in unit_sums]
        inner_out, holder_args, outer_bounds = [], [], []
        for n, kind in enumerate(kinds):
            inner_out += [kind(m) for m in measures]
            syms = [Symbol(f"{h}_b{n}", nonnegative=True) for h in holders]
            holder_args += syms
            sides = _Bounds(probabilities, dict(zip(holders, syms)), libm, unit, n == 0, kind.perturbed)
            outer_bounds.append(sides(left) + sides(right))
        # Each side's rounding bound, plus its final rounding to the dtype (an ulp of each side, the floor).
        magnitude = kinds[0].size
        bound = outer_bounds[0] + 2 * unit * (magnitude(left) + magnitude(right))
        offsets = [Symbol(f"_{b}_off", nonnegative=True) for b in unit_sums]
        bound += Add(*[off * b for off, b in zip(offsets, outer_bounds[1:])])
        inner_exprs, outer_exprs = (*measures, *inner_out), (left, right, bound)
        namespace: dict[str, Any] = {"_MulLog": _mul0, "_Zero": _is_zero, "_Ratio": np.divide}
        if exact_constants:
            names: dict[Basic, Symbol] = {}
            inner_exprs = tuple(_name_constants(e, names) for e in inner_exprs)
            outer_exprs = tuple(_name_constants(e, names) for e in outer_exprs)
            namespace.update({str(name): _rounded(c, ftype) for c, name in names.items()})
        modules = [namespace, "numpy"]
        inner = lambdify(args, inner_exprs, modules=modules, cse=True, docstring_limit=0)
        outer = lambdify(args + holders + holder_args + offsets, outer_exprs, modules=modules, cse=True,
                         docstring_limit=0)

        def function(*columns_: Any, offsets: Sequence[Any] = ()) -> Any:
            """``(lhs, rhs, bound)``; *offsets*: ``|row sum - 1|`` of each of ``unit_sums``."""
            values = inner(*columns_) if measures else ()
            return outer(*columns_, *values, *(offsets or [0] * len(unit_sums)))

        source = "".join(inspect.getsource(f) for f in (inner, outer))
        if exact_constants and names:
            source += "".join(f"# {name} = {c} rounded to {np.dtype(ftype).name}\n" for c, name in names.items())
        return function, source

    function, source = build(DTYPES[dtype], LIBM_EPS[dtype], False)
    ref_function, ref_source = None, None
    if wide is not None and not trivial:  # a trivial check has nothing for a reference to sharpen
        ref_function, ref_source = build(_REFERENCE_TYPES[wide], LIBM_EPS[wide], True)
    else:
        wide = None
    return CompiledIdentity(function, columns, bases, k, dtype, source, lhs, rhs, trivial, tuple(unit_sums),
                            wide, ref_function, ref_source, tuple(shapes[b] for b in bases))


def _name_constants(e: Basic, names: dict[Basic, Symbol]) -> Basic:
    """*e* with each constant that is not exact in float32 (``log 2``, ``1/3``, ``pi``) a named symbol."""
    if not e.free_symbols and not (e.is_Rational and _exact_constant(e)):
        value = e.evalf(40)
        if value.is_real and value.is_finite:
            if e not in names:
                names[e] = Symbol(f"_c{len(names)}")
            return names[e]
    if not e.args:
        return e
    args = tuple(_name_constants(a, names) for a in e.args)
    return e.func(*args) if args != e.args else e


def _rounded(c: Basic, ftype: Any) -> Any:
    """The constant *c* correctly rounded to *ftype* (parsed from 40 significant digits)."""
    return ftype(str(c.evalf(40)))


def _arrays(data: Mapping[Basic, Any], bases: Sequence[Basic], shapes: Sequence[tuple[int, ...]],
            dtype: str) -> dict[Basic, np.ndarray]:
    """Shapes and dtype of a batch, without looking at the values: ``(B, cells)`` arrays, row-major."""
    numpy_dtype(dtype)
    out: dict[Basic, np.ndarray] = {}
    batch = None
    for base, shape in zip(bases, shapes):
        if base not in data:
            raise InvalidInputError(f"no values given for {base}")
        arr = np.asarray(data[base])
        if arr.dtype.kind not in "fiu":
            raise InvalidInputError(f"values of {base} must be numbers, got dtype {arr.dtype}")
        arr = arr.astype(DTYPES[dtype], copy=False)
        if arr.ndim == len(shape):
            arr = arr[None, ...]
        if arr.shape[1:] != tuple(shape):
            raise InvalidInputError(f"values of {base} have shape {np.shape(data[base])}, expected "
                                    f"(B, {', '.join(map(str, shape))})")
        if batch is not None and arr.shape[0] != batch:
            raise InvalidInputError(f"values of {base} have {arr.shape[0]} rows but earlier inputs have {batch}")
        batch = arr.shape[0]
        out[base] = arr.reshape(batch, -1)
    return out


def validate_batch(data: Mapping[Basic, Any], bases: Sequence[Basic], k: Union[int, Sequence[tuple[int, ...]]],
                   dtype: str) -> dict[Basic, np.ndarray]:
    """Check and convert a batch: shapes, dtype, probabilities >= 0 summing to 1.

    Nothing is normalised: a row that does not sum to 1 is an error naming it.

    >>> import symdiv as sd
    >>> P = sd.Distribution("P", 2)
    >>> validate_batch({P: [[0.5, 0.6]]}, [P], 2, "float64")
    Traceback (most recent call last):
    ...
    symdiv.errors.InvalidInputError: row 0 of P sums to 1.1, not 1 (tolerance 2.8e-14); symdiv never normalises silently
    """
    shapes = [(k,)] * len(bases) if isinstance(k, int) else list(k)
    arrays = _arrays(data, bases, shapes, dtype)
    for base, arr in arrays.items():
        if base.domain == "simplex":
            columns = np.ascontiguousarray(arr.T)
            _check_probabilities(columns, _column_sums(columns), str(base), dtype)
    return arrays


def _column_sums(columns: np.ndarray) -> np.ndarray:
    """Row sums of a batch stored as columns ``(k, n)``, in float64."""
    total = columns[0].astype(np.float64)
    for col in columns[1:]:
        total += col
    return total


def _check_probabilities(columns: np.ndarray, sums: np.ndarray, name: str, dtype: str, offset: int = 0) -> None:
    """Raise on a negative mass or a row not summing to 1 (NaN rows pass: they propagate)."""
    with np.errstate(invalid="ignore"):
        # min() is NaN when a NaN is in the chunk, which would hide a negative next to it.
        if not columns.min(initial=0.0) >= 0:
            negative = np.argwhere(columns < 0)
            if len(negative):
                c, r = negative[0]
                raise InvalidInputError(
                    f"{name}[{r + offset}, {c}] = {float(columns[c, r])!r} is a negative probability")
    tol = 64 * columns.shape[0] * float(np.finfo(DTYPES[dtype]).eps)
    off = np.abs(sums - 1) > tol
    if off.any():
        r = int(np.flatnonzero(off)[0])
        raise InvalidInputError(
            f"row {r + offset} of {name} sums to {float(sums[r])!r}, not 1 (tolerance {tol:.1e}); "
            f"symdiv never normalises silently"
        )
