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
* a *magnitude* expression (terms in absolute value) is compiled alongside, so
  the tolerance scales with the size of the terms.

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
"""

from __future__ import annotations

import inspect
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional, Sequence

import numpy as np
from sympy import (
    Abs,
    Add,
    Basic,
    Expr,
    Function,
    Indexed,
    Integer,
    Mul,
    Pow,
    Symbol,
    exp,
    lambdify,
    log,
)

from ..core.bound import canonical_indices
from ..core.measures import Grad, Measure, expand_measures
from ..core.model import Distribution
from ..errors import InvalidInputError
from ..prover.normal_form import expand_log
from .check import DTYPES, numpy_dtype, relative_errors, rtol_for
from .exact import unroll
from ..core.domain import Domain
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
    makes every term of ``-sum p log q`` one sign.
    """
    if e.is_Number:
        return int(bool(e > 0)) - int(bool(e < 0))
    if e in probabilities:
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
    if isinstance(e, Add):
        signs = {_sign(a, probabilities) for a in e.args}
        return signs.pop() if len(signs) == 1 else 0
    return 0


def _log_terms(e: Basic) -> list[Expr]:
    """The coefficients ``a`` of the ``a log x`` terms in *e* (for the ``eps |a|`` error of each log)."""
    out = []
    for term in Add.make_args(e):
        for f in Mul.make_args(term):
            if isinstance(f, _MulLog):
                out.append(Abs(f.args[0]))
    return out


def _magnitude(e: Basic, known: Mapping[Basic, Expr], probabilities: frozenset = frozenset()) -> Expr:
    """Sum of the absolute sizes of the terms: what rounding error scales with.

    *known* gives the magnitude of placeholders (measures computed separately).
    Where all terms of a sum have one sign, the sum of their sizes is the size
    of the sum: one ``abs`` instead of one per term.
    """
    if e in known:
        return known[e]
    if isinstance(e, Add):
        groups: dict[int, list[Expr]] = {1: [], -1: [], 0: []}
        for a in e.args:
            groups[_sign(a, probabilities)].append(a)
        signed = [Abs(Add(*groups[s])) + Add(*_log_terms(Add(*groups[s]))) for s in (1, -1) if groups[s]]
        return Add(*signed, *[_magnitude(a, known, probabilities) for a in groups[0]])
    if isinstance(e, _MulLog):
        # a·log(x) is off by about eps·|a log x| + eps·|a| (log x is off by eps
        # where x is): both terms reuse values already computed.
        return Abs(e) + Abs(e.args[0])
    if isinstance(e, Mul):
        return Mul(*[_magnitude(a, known, probabilities) for a in e.args])
    if isinstance(e, log):
        return Abs(e) + 1
    if isinstance(e, exp):
        return e * (1 + _magnitude(e.args[0], known, probabilities))
    if isinstance(e, Pow):
        return Abs(e) * (1 + Abs(e.exp) * (1 + _magnitude(e.base, known, probabilities) / Abs(e.base)))
    return Abs(e)


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
    argument of the generated function stands for.
    """

    function: Callable[..., Any]
    columns: tuple[tuple[Basic, int], ...]
    bases: tuple[Basic, ...]
    size: int
    dtype: str
    source: str

    @property
    def tolerance(self) -> float:
        return rtol_for(DTYPES[self.dtype])

    def _run(self, arrays: Mapping[Basic, np.ndarray], threads: Optional[int], with_errors: bool) -> np.ndarray:
        """Rows ``(lhs, rhs, magnitude[, relative error])`` of the batch, chunk by chunk.

        Validation, transposition to columns, evaluation and the error of a
        chunk all happen while its data is in cache.
        """
        batch = next(iter(arrays.values())).shape[0] if arrays else 1
        out = np.empty((4 if with_errors else 3, batch), dtype=DTYPES[self.dtype])
        names = {base: str(base) for base in arrays}

        def run(lo: int) -> None:
            hi = min(lo + CHUNK, batch)
            cols = {}
            bad = np.zeros(hi - lo, dtype=bool)
            for base, arr in arrays.items():
                part = np.ascontiguousarray(arr[lo:hi].T)
                sums = _column_sums(part)
                if isinstance(base, Distribution):
                    _check_probabilities(part, sums, names[base], self.dtype, offset=lo)
                bad |= np.isnan(sums)
                cols[base] = part
            args = [cols[base][m - 1] for base, m in self.columns]
            with np.errstate(all="ignore"):
                lhs, rhs, mag = (np.broadcast_to(v, (hi - lo,)) for v in self.function(*args))
            out[0, lo:hi], out[1, lo:hi], out[2, lo:hi] = lhs, rhs, mag
            if bad.any():  # a NaN input gives NaN, even where a 0 coefficient met it
                out[:2, lo:hi][:, bad] = np.nan
            if with_errors:
                out[3, lo:hi] = relative_errors(out[0, lo:hi], out[2, lo:hi], out[1, lo:hi], out[2, lo:hi])

        starts = range(0, batch, CHUNK)
        workers = threads if threads is not None else min(2, os.cpu_count() or 1)
        if workers <= 1 or batch <= CHUNK:
            for lo in starts:
                run(lo)
        else:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                list(pool.map(run, starts))
        return out

    def values(self, data: Mapping[Basic, np.ndarray], threads: Optional[int] = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(lhs, rhs, magnitude)`` for every row of *data* (``{base: (B, k) array}``)."""
        out = self._run(_arrays(data, self.bases, self.size, self.dtype), threads, with_errors=False)
        return out[0], out[1], out[2]

    def errors(self, data: Mapping[Basic, np.ndarray], threads: Optional[int] = None) -> np.ndarray:
        """Per row, ``|lhs - rhs|`` over the magnitude of the terms (``inf`` for NaN)."""
        return self._run(_arrays(data, self.bases, self.size, self.dtype), threads, with_errors=True)[3]


def _symbol_for(base: Basic, m: int) -> Symbol:
    kind = {"positive": True} if isinstance(base, Distribution) else {"real": True}
    return Symbol(f"{base.label}_{m}", **kind)


def compile_identity(lhs: Expr, rhs: Expr, *, size: Optional[int] = None,
                     indices: Optional[Mapping[Symbol, int]] = None, dtype: str = "float64") -> CompiledIdentity:
    """Compile ``lhs = rhs`` for alphabet size *size* (taken from the objects if fixed).

    Free component indices (the ``j`` of a gradient) need a value in
    *indices*.  Statements about datasets are not compiled: use
    :func:`symdiv.numeric.cross_check`, whose evaluator handles them.
    """
    numpy_dtype(dtype)
    v = variables_of([lhs, rhs], Domain({s: (Integer(1), Integer(1)) for s in (indices or {})}))
    if v.datasets:
        raise InvalidInputError("compile_identity does not handle datasets; use cross_check")
    sizes: dict[Basic, Basic] = {}
    if v.sizes:
        if size is None:
            raise InvalidInputError(f"give size=k for the symbolic alphabet size {', '.join(map(str, v.sizes))}")
        sizes = {s: Integer(size) for s in v.sizes}
    fixed = {int(b.size.xreplace(sizes)) for b in (*v.distributions, *v.logits)}
    if len(fixed) != 1:
        raise InvalidInputError(f"compile_identity needs one alphabet size, got {sorted(fixed)}")
    (k,) = fixed
    missing = [str(s) for s in v.scalars]
    if missing:
        raise InvalidInputError(f"compile_identity needs values for {', '.join(missing)}; pass them in indices")
    sub = dict(sizes)
    sub.update({s: Integer(val) for s, val in (indices or {}).items()})
    originals = {b.xreplace(sizes): b for b in (*v.distributions, *v.logits)}

    def instantiate(e: Expr) -> Expr:
        e = unroll(expand_measures(canonical_indices(e, avoid=sub).xreplace(sub)))  # no capture, see exact_value
        e = e.replace(lambda x: isinstance(x, Indexed) and x.base in originals,
                      lambda x: _symbol_for(x.base, int(x.indices[0])))
        e = expand_log(e)
        return _protect_logs(e.expand(log=False, power_base=False, power_exp=False))

    found: dict[Basic, Symbol] = {}
    outer_l, outer_r = _split_measures(lhs, found), _split_measures(rhs, found)
    measures = [instantiate(m) for m in found]
    probabilities = frozenset(_symbol_for(b.xreplace(sizes), m) for b in originals.values()
                              if isinstance(b, Distribution) for m in range(1, k + 1))
    mags = [_magnitude(m, {}, probabilities) for m in measures]
    holders = list(found.values())
    holder_mags = [Symbol(f"{h}_mag", nonnegative=True) for h in holders]
    known = dict(zip(holders, holder_mags))
    left, right = instantiate(outer_l), instantiate(outer_r)
    mag = Add(_magnitude(left, known, probabilities), _magnitude(right, known, probabilities))
    bases = tuple(originals.values())
    columns = tuple((b, m) for b in bases for m in range(1, k + 1))
    args = [_symbol_for(b.xreplace(sizes), m) for b, m in columns]
    modules = [{"_MulLog": _mul0, "_Zero": _is_zero}, "numpy"]
    inner = lambdify(args, (*measures, *mags), modules=modules, cse=True, docstring_limit=0)
    outer = lambdify(args + holders + holder_mags, (left, right, mag), modules=modules, cse=True, docstring_limit=0)

    def function(*columns_: Any) -> Any:
        values = inner(*columns_) if measures else ()
        return outer(*columns_, *values)

    source = "".join(inspect.getsource(f) for f in (inner, outer))
    return CompiledIdentity(function, columns, bases, k, dtype, source)


def _arrays(data: Mapping[Basic, Any], bases: Sequence[Basic], k: int, dtype: str) -> dict[Basic, np.ndarray]:
    """Shapes and dtype of a batch, without looking at the values."""
    numpy_dtype(dtype)
    out: dict[Basic, np.ndarray] = {}
    batch = None
    for base in bases:
        if base not in data:
            raise InvalidInputError(f"no values given for {base}")
        arr = np.asarray(data[base])
        if arr.dtype.kind not in "fiu":
            raise InvalidInputError(f"values of {base} must be numbers, got dtype {arr.dtype}")
        arr = arr.astype(DTYPES[dtype], copy=False)
        if arr.ndim == 1:
            arr = arr[None, :]
        if arr.ndim != 2 or arr.shape[1] != k:
            raise InvalidInputError(f"values of {base} have shape {np.shape(data[base])}, expected (B, {k})")
        if batch is not None and arr.shape[0] != batch:
            raise InvalidInputError(f"values of {base} have {arr.shape[0]} rows but earlier inputs have {batch}")
        batch = arr.shape[0]
        out[base] = arr
    return out


def validate_batch(data: Mapping[Basic, Any], bases: Sequence[Basic], k: int, dtype: str) -> dict[Basic, np.ndarray]:
    """Check and convert a batch: shapes, dtype, probabilities >= 0 summing to 1.

    Nothing is normalised: a row that does not sum to 1 is an error naming it.

    >>> import symdiv as sd
    >>> P = sd.Distribution("P", 2)
    >>> validate_batch({P: [[0.5, 0.6]]}, [P], 2, "float64")
    Traceback (most recent call last):
    ...
    symdiv.errors.InvalidInputError: row 0 of P sums to 1.1, not 1 (tolerance 2.8e-14); symdiv never normalises silently
    """
    arrays = _arrays(data, bases, k, dtype)
    for base, arr in arrays.items():
        if isinstance(base, Distribution):
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
        if columns.min(initial=0.0) < 0:
            c, r = np.argwhere(columns < 0)[0]
            raise InvalidInputError(f"{name}[{r + offset}, {c}] = {float(columns[c, r])!r} is a negative probability")
    tol = 64 * columns.shape[0] * float(np.finfo(DTYPES[dtype]).eps)
    off = np.abs(sums - 1) > tol
    if off.any():
        r = int(np.flatnonzero(off)[0])
        raise InvalidInputError(
            f"row {r + offset} of {name} sums to {float(sums[r])!r}, not 1 (tolerance {tol:.1e}); "
            f"symdiv never normalises silently"
        )
