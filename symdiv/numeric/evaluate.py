"""Vectorised evaluation of symdiv expressions over batches of instances.

The evaluator walks the sympy tree once per expression and computes every node
for a whole batch at once (arrays of shape ``(B,)``).  It is deliberately
independent of the symbolic normaliser: measures are evaluated from their
definitions and gradients from sympy's ``diff``, so it can serve as the
normaliser's oracle.

Conventions (see DESIGN.md):

* ``0 · log 0 = 0``: a product whose non-log factors are exactly 0 is 0, even
  when a log factor is ``-inf`` (``xlogy`` semantics);
* ``p > 0, q = 0`` gives ``+inf`` for ``p log(p/q)`` and ``-p log q``;
* NaN is propagated, never hidden.

Alongside each value the evaluator returns a *magnitude*: the sum of the
absolute sizes of the terms that went into it.  Rounding error is
proportional to the magnitude, not to the value (which may cancel to 0), so
tolerances scale with it.

>>> import numpy as np
>>> from sympy import log, Symbol
>>> x = Symbol("x", positive=True)
>>> value, magnitude = evaluate(x * log(x), Env(scalars={x: np.array([0.0, 1.0, 2.0])}))
>>> value.round(6).tolist()
[0.0, 0.0, 1.386294]
>>> evaluate(x * log(x), Env(scalars={x: np.array([np.nan])}))[0].tolist()
[nan]
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping

import numpy as np
from sympy import (
    Abs,
    Add,
    Basic,
    Expr,
    Indexed,
    KroneckerDelta,
    Mul,
    Number,
    NumberSymbol,
    Piecewise,
    Pow,
    Product,
    Sum,
    Symbol,
    exp,
    log,
)
from sympy.core.relational import Relational
from sympy.logic.boolalg import And, BooleanFalse, BooleanTrue, Not, Or

from ..core.bound import outermost
from ..core.measures import Grad, Measure
from ..core.model import Count, Dataset, Marginal, Sample
from ..errors import InvalidInputError, InvalidTypeError

__all__ = ["Env", "evaluate"]

Array = np.ndarray


@dataclass(frozen=True)
class Env:
    """Values for the free parts of an expression, for a batch of ``B`` instances.

    * ``bases`` maps an ``IndexedBase`` (a distribution or logits) to a
      ``(B, k)`` float array, a joint distribution to ``(B, n, m, ...)``
      (marginals are computed from it);
    * ``samples`` maps a :class:`~symdiv.core.model.Dataset` to a ``(B, N)``
      integer array of outcomes in ``1..k``; counts are derived from it;
    * ``scalars`` maps a ``Symbol`` to a number or a ``(B,)`` array.  Sizes
      and sum bounds must be plain ints.
    """

    bases: Mapping[Basic, Array] = field(default_factory=dict)
    samples: Mapping[Dataset, Array] = field(default_factory=dict)
    scalars: Mapping[Symbol, Any] = field(default_factory=dict)
    dtype: Any = np.float64

    @property
    def batch(self) -> int:
        """The number of instances ``B`` (1 when every value is a scalar)."""
        sizes = [np.shape(a)[0] for a in (*self.bases.values(), *self.samples.values())]
        sizes += [np.shape(v)[0] for v in self.scalars.values() if np.ndim(v)]
        return max(sizes, default=1)

    def counts(self, dataset: Dataset, k: int) -> Array:
        """The ``(B, k)`` counts of each outcome in the samples of *dataset*."""
        x = self.samples[dataset]
        counts = np.zeros((x.shape[0], k), dtype=self.dtype)
        rows = np.repeat(np.arange(x.shape[0]), x.shape[1])
        np.add.at(counts, (rows, x.ravel() - 1), 1)
        return counts


class _Evaluator:
    def __init__(self, env: Env):
        self.env = env
        self.dtype = np.dtype(env.dtype)
        self.bound: dict[Symbol, int] = {}
        self._counts: dict[Dataset, Array] = {}
        self._marginals: dict[Basic, Array] = {}
        self._invariant: dict[Basic, tuple[Array, Array]] = {}
        self._free: dict[Basic, set] = {}
        self._vector_ok: dict[tuple[Basic, Symbol], bool] = {}
        # Indices currently bound to a whole range at once (on the leading axis).
        self._vectorised: set[Symbol] = set()
        self.batch = env.batch

    # -- helpers ---------------------------------------------------------
    def _free_symbols(self, e: Basic) -> set:
        # sympy recomputes free_symbols of a Sum on every call, and it is costly.
        if e not in self._free:
            self._free[e] = e.free_symbols
        return self._free[e]

    def _const(self, x: Any) -> Array:
        return np.asarray(x, dtype=self.dtype)

    def index(self, e: Expr) -> Any:
        """Evaluate an integer-valued node: an int or an int array."""
        if e.is_Integer:
            return int(e)
        if isinstance(e, Symbol):
            if e in self.bound:
                return self.bound[e]
            if e in self.env.scalars:
                v = self.env.scalars[e]
                return v if isinstance(v, (int, np.integer)) else np.asarray(v).astype(np.int64)
            raise InvalidInputError(f"no value given for the index {e}")
        if isinstance(e, Sample):
            pos = self.index(e.position)
            x = self.env.samples.get(e.dataset)
            if x is None:
                raise InvalidInputError(f"no samples given for dataset {e.dataset.name}")
            return x[:, pos - 1] if isinstance(pos, int) else x[np.arange(len(x)), pos - 1]
        value, _ = self.value_of(e)
        # Inside a complex step an index comes out complex with a zero imaginary part.
        value = np.real(value)
        rounded = np.rint(value)
        if np.any(rounded != value):
            raise InvalidInputError(f"index {e} evaluated to a non-integer")
        return rounded.astype(np.int64)

    def _gather(self, table: Array, indices: list, what: str) -> Array:
        """``table[b, i, j, ...]`` for every row ``b``; an index is an int or an int array
        (per row, or a whole range on the leading axis)."""
        for idx, k in zip(indices, table.shape[1:]):
            if np.any(np.asarray(idx) < 1) or np.any(np.asarray(idx) > k):
                raise InvalidInputError(f"index into {what} is outside 1..{k}")
        if all(isinstance(idx, (int, np.integer)) for idx in indices):
            return table[(slice(None), *(int(idx) - 1 for idx in indices))]
        return table[(np.arange(table.shape[0]), *(np.asarray(idx) - 1 for idx in indices))]

    def _table(self, base: Basic) -> Array:
        """The ``(B, *shape)`` values of a distribution, logits or joint; a marginal's from its joint."""
        table = self.env.bases.get(base)
        if table is not None:
            return np.asarray(table, dtype=self.dtype)
        if isinstance(base, Marginal):
            if base not in self._marginals:
                joint = self._table(base.joint)
                dropped = tuple(1 + k for k in range(joint.ndim - 1) if k not in base.axes())
                self._marginals[base] = joint.sum(axis=dropped)
            return self._marginals[base]
        raise InvalidInputError(f"no values given for {base}")

    # -- main dispatch ---------------------------------------------------
    def value_of(self, e: Basic) -> tuple[Array, Array]:
        if isinstance(e, (Number, NumberSymbol)):
            v = self._const(float(e))
            return v, np.abs(v)
        if isinstance(e, Symbol):
            if e in self.bound:
                v = self._const(self.bound[e])
            elif e in self.env.scalars:
                v = self._const(self.env.scalars[e])
            else:
                raise InvalidInputError(f"no value given for the symbol {e}")
            return v, np.abs(v)
        if isinstance(e, Indexed):
            v = self._gather(self._table(e.base), [self.index(i) for i in e.indices], str(e.base))
            return v, np.abs(v)
        if isinstance(e, Count):
            if e.dataset not in self._counts:
                if e.dataset not in self.env.samples:
                    raise InvalidInputError(f"no samples given for dataset {e.dataset.name}")
                self._counts[e.dataset] = self.env.counts(e.dataset, int(self.index(e.dataset.alphabet)))
            v = self._gather(self._counts[e.dataset], [self.index(e.outcome)], f"counts of {e.dataset.name}")
            return v, np.abs(v)
        if isinstance(e, Sample):
            v = self._const(self.index(e))
            return v, np.abs(v)
        if isinstance(e, Grad) and self._complex_step_applies(e):
            return self._complex_step(e)
        if isinstance(e, (Measure, Grad)):
            return self.value_of(_definition(e))
        handler = getattr(self, "_eval_" + type(e).__name__, None)
        if handler is None:
            for cls in type(e).__mro__:
                handler = getattr(self, "_eval_" + cls.__name__, None)
                if handler is not None:
                    break
        if handler is None:
            raise InvalidTypeError(f"cannot evaluate {type(e).__name__} numerically: {e}")
        with np.errstate(all="ignore"):
            return handler(e)

    def _complex_step_applies(self, e: Grad) -> bool:
        return (
            self.dtype.kind == "f"  # not already inside a complex step
            and (e.wrt in self.env.bases if e.component is not None else e.wrt in self.env.scalars)
            and not (self._free_symbols(e) & self.bound.keys())
        )

    def _complex_step(self, e: Grad) -> tuple[Array, Array]:
        """``d f / d z_j`` as ``Im f(z + i h e_j) / h``: exact to rounding, no sympy ``diff``.

        This keeps the numeric oracle independent of symbolic differentiation.
        The objective is analytic in the logits (logs, exps, sums), which is
        what the complex step needs.
        """
        h = 1e-20
        complex_type = np.complex64 if self.dtype == np.float32 else np.complex128
        if e.component is None:  # a scalar parameter: step it alone
            stepped_scalar = np.asarray(self.env.scalars[e.wrt]).astype(complex_type) + 1j * h
            env = Env(bases=self.env.bases, samples=self.env.samples,
                      scalars={**self.env.scalars, e.wrt: stepped_scalar}, dtype=complex_type)
            value, mag = _Evaluator(env).value_of(e.objective)
            grad = (np.imag(value) / h).astype(self.dtype)
            return grad, (np.abs(grad) + np.real(mag)).astype(self.dtype)
        j = self.index(e.component)
        table = np.asarray(self.env.bases[e.wrt])
        if np.any(np.asarray(j) < 1) or np.any(np.asarray(j) > table.shape[1]):
            raise InvalidInputError(f"the gradient's component {e.component} is outside 1..{table.shape[1]}")
        stepped = table.astype(complex_type)
        rows = np.arange(stepped.shape[0])
        stepped[rows, np.asarray(j) - 1] += 1j * h
        env = Env(bases={**self.env.bases, e.wrt: stepped}, samples=self.env.samples,
                  scalars=self.env.scalars, dtype=stepped.dtype)
        sub = _Evaluator(env)
        value, mag = sub.value_of(e.objective)
        grad = (np.imag(value) / h).astype(self.dtype)
        # The rounding error of the derivative is bounded by that of the
        # objective's terms: a conservative magnitude.
        return grad, (np.abs(grad) + np.real(mag)).astype(self.dtype)

    def _eval_Add(self, e: Add) -> tuple[Array, Array]:
        parts = [self.value_of(a) for a in e.args]
        return sum(p[0] for p in parts), sum(p[1] for p in parts)

    @contextlib.contextmanager
    def _binding(self, var: Symbol) -> Iterator[None]:
        """Let the body bind *var*; restore what it was bound to (if anything) afterwards."""
        saved = self.bound.get(var)
        try:
            yield
        finally:
            if saved is None:
                self.bound.pop(var, None)
            else:
                self.bound[var] = saved

    def _logsumexp(self, s: Sum) -> tuple[Array, Array]:
        """``log sum_k exp(y_k)`` without overflow: ``m + log sum_k exp(y_k - m)``."""
        key = ("logsumexp", s)
        if key in self._invariant:
            return self._invariant[key]
        ((var, lo, hi),) = self._bounds(s.limits)
        exponent = s.function.args[0]
        rows = []
        with self._binding(var):
            for k in range(lo, hi + 1):
                self.bound[var] = k
                rows.append(np.broadcast_to(self.value_of(exponent)[0], (self.batch,)))
        if not rows:  # an empty sum of exponentials is 0, and its log is -inf
            inf = np.full(self.batch, -np.inf, dtype=self.dtype)
            return inf, np.full(self.batch, np.inf, dtype=self.dtype)
        y = np.stack(rows)
        m = np.max(y, axis=0)
        finite_m = np.where(np.isfinite(m), m, 0.0)
        value = finite_m + np.log(np.sum(np.exp(y - finite_m), axis=0))
        result = (value.astype(self.dtype), (np.abs(value) + 1.0).astype(self.dtype))
        if not (self._free_symbols(s) & self.bound.keys()):
            self._invariant[key] = result
        return result

    def _eval_Mul(self, e: Mul) -> tuple[Array, Array]:
        softmax = _softmax_pair(e)
        if softmax is not None:
            # exp(x) / sum_k exp(y_k) as exp(x - logsumexp(y)): no overflow for large logits.
            x_expr, s, rest = softmax
            x, mx = self.value_of(x_expr)
            lse, mlse = self._logsumexp(s)
            v = np.exp(x - lse)
            pv, pm = self.value_of(Mul(*rest)) if rest else (self._const(1.0), self._const(1.0))
            return pv * v, pm * v * (1.0 + mx + mlse)
        value, mag = self._const(1.0), self._const(1.0)
        logs, denominator = self._const(1.0), self._const(1.0)
        for a in e.args:
            # Divide rather than multiply by a reciprocal: p / q stays finite
            # for a subnormal q where p * q**-1 overflows.
            if isinstance(a, Pow) and a.exp.is_Number and a.exp.is_negative:
                b, mb = self.value_of(a.base)
                x = float(-a.exp)
                v = np.power(b, x)
                denominator = denominator * v
                # |1/v| times the relative error of v = b**x, which is |x| rel(b)
                mag = mag * (1.0 + x * mb / np.abs(b)) / np.abs(v)
                continue
            v, m = self.value_of(a)
            if isinstance(a, log):
                logs = logs * v
            else:
                value = value * v
            mag = mag * m
        value = value / denominator
        # 0 · log(anything) = 0: this is 0 log 0 = 0 and also 0 log(0/0) = 0,
        # the term of an outcome outside both supports.  NaN *inputs* are
        # propagated separately by evaluate(), so nothing real is hidden.
        zero = value == 0
        product = np.where(zero, self._const(0.0), value * logs)
        mag = np.where(zero, self._const(0.0), mag)
        return product, mag

    def _eval_Pow(self, e: Pow) -> tuple[Array, Array]:
        b, mb = self.value_of(e.base)
        x, mx = self.value_of(e.exp)
        v = np.power(b, x)
        rel = np.where(b != 0, mb / np.abs(b), 1.0)
        return v, np.abs(v) * (1.0 + np.abs(x) * rel + np.abs(np.log(np.abs(b) + (b == 0))) * mx)

    def _eval_log(self, e: log) -> tuple[Array, Array]:
        arg = e.args[0]
        quotient = _as_quotient(arg)
        if quotient is not None:
            return self._log_quotient(*quotient)
        if isinstance(arg, Pow) and arg.base.is_positive and arg.exp.is_extended_real:
            # log(b^x) as x log b: b^x underflows to 0 (p^70 for p = 1e-5) long
            # before x log b loses a digit.
            return self.value_of(Mul(arg.exp, log(arg.base), evaluate=False))
        x, mx = self.value_of(arg)
        v = np.log(x)
        return v, np.abs(v) + np.where(x != 0, mx / np.abs(x), 1.0)

    def _log_quotient(self, num: Expr, den: Expr) -> tuple[Array, Array]:
        if isinstance(num, exp) and _is_sum_of_exp(den):
            # log softmax: x - logsumexp(y), finite for any finite logits
            x, mx = self.value_of(num.args[0])
            lse, mlse = self._logsumexp(den)
            v = x - lse
            return v, np.abs(x) + np.abs(lse) + mx + mlse
        return self._log_ratio(num, den)

    def _log_ratio(self, num: Expr, den: Expr) -> tuple[Array, Array]:
        """``log(a/b)``, accurate when ``a ≈ b``.

        There ``a - b`` is exact and ``log1p((a - b)/b)`` keeps the digits
        that ``log(a/b)`` loses to the rounding of ``a/b``: it is what lets a
        float32 KL of 5e-8 come out right instead of as 0.
        """
        a, ma = self.value_of(num)
        b, mb = self.value_of(den)
        ratio = a / b
        near = (ratio > 0.5) & (ratio < 2.0)
        v = np.where(near, np.log1p((a - b) / b), np.log(ratio))
        if isinstance(num, Mul) or isinstance(den, Mul):
            # p(x,y,z) p(z) / (p(x,z) p(y,z)) underflows to 0/0 for masses of 1e-263 that are
            # fine on their own: there the log is the sum of the factors' logs.
            tiny = np.finfo(self.dtype).tiny
            lost = ~((np.abs(a) >= tiny) & (np.abs(b) >= tiny) & np.isfinite(a) & np.isfinite(b))
            if np.any(lost):
                v = np.where(lost, self._log_factors(num) - self._log_factors(den), v)
        # The conditioning of log(a/b) under rounding of a and b, whatever the algorithm.
        rel = np.where(a != 0, ma / np.abs(a), 1.0) + np.where(b != 0, mb / np.abs(b), 1.0)
        return v, np.abs(v) + rel

    def _log_factors(self, e: Expr) -> Array:
        """``log e`` as the sum of the logs of its factors (powers as multiples)."""
        total = self._const(0.0)
        for f in Mul.make_args(e):
            base, power = (f.base, f.exp) if isinstance(f, Pow) and f.exp.is_Number else (f, 1)
            # log exp(y) = y: a Gaussian density's exp(-(x - mu)^2 / 2) underflows far out, its log does not
            logged = self.value_of(base.args[0])[0] if isinstance(base, exp) else np.log(self.value_of(base)[0])
            total = total + float(power) * logged
        return total

    def _eval_exp(self, e: exp) -> tuple[Array, Array]:
        x, mx = self.value_of(e.args[0])
        v = np.exp(x)
        return v, np.abs(v) * (1.0 + mx)

    def _eval_Abs(self, e: Abs) -> tuple[Array, Array]:
        v, m = self.value_of(e.args[0])
        return np.abs(v), m

    def _extremum(self, e: Basic, pick) -> tuple[Array, Array]:
        parts = [self.value_of(a) for a in e.args]
        shape = np.broadcast_shapes(*(np.shape(p[0]) for p in parts))
        values = [np.broadcast_to(p[0], shape) for p in parts]
        sizes = [np.broadcast_to(p[1], shape) for p in parts]
        return pick.reduce(values), np.maximum.reduce(sizes)

    def _eval_Expectation(self, e: Basic) -> tuple[Array, Array]:
        """``E_{x~N(mu, sigma^2)}[f(x)]`` by Gauss-Hermite quadrature (exact for polynomials of
        degree < 2 * 40): an oracle independent of the prover's moment formulas."""
        mu, _ = self.value_of(e.dist.mu)
        sigma, _ = self.value_of(e.dist.sigma)
        nodes, weights = np.polynomial.hermite_e.hermegauss(40)
        x = np.asarray(mu)[None, ...] + np.asarray(sigma)[None, ...] * nodes.reshape((-1,) + (1,) * np.ndim(mu))
        with self._binding(e.outcome):
            self.bound[e.outcome] = x
            v, m = self.value_of(e.body)
        w = (weights / np.sqrt(2 * np.pi)).reshape((-1,) + (1,) * (np.ndim(v) - 1))
        v = np.broadcast_to(v, np.broadcast_shapes(np.shape(v), w.shape))
        m = np.broadcast_to(m, v.shape)
        return np.sum(w * v, axis=0), np.sum(w * np.abs(m), axis=0)

    def _eval_ModelComponent(self, e: Basic) -> tuple[Array, Array]:
        """``q_i(theta)`` of an opaque model, realised as ``softmax(a + B theta)_i`` with the
        coefficients the instance gives it (``(B, n, 1 + m)``)."""
        family = e.family
        coefficients = self.env.bases.get(family)
        if coefficients is None:
            raise InvalidInputError(f"no realisation given for the model {family.name}")
        c = np.asarray(coefficients)
        logits = c[..., 0].astype(np.result_type(c.dtype, self.dtype))
        for m, theta in enumerate(family.parameters, start=1):
            value, _ = self.value_of(theta)
            logits = logits + c[..., m] * np.reshape(value, (-1, 1) if np.ndim(value) else ())
        shift = np.max(np.real(logits), axis=-1, keepdims=True)
        weights = np.exp(logits - shift)
        q = weights / weights.sum(axis=-1, keepdims=True)
        v = self._gather(q, [self.index(e.index)], family.name)
        return v, np.abs(v)

    def _eval_Max(self, e: Basic) -> tuple[Array, Array]:
        return self._extremum(e, np.maximum)

    def _eval_Min(self, e: Basic) -> tuple[Array, Array]:
        return self._extremum(e, np.minimum)

    def _eval_Sigmoid(self, e: Basic) -> tuple[Array, Array]:
        u, mu = self.value_of(e.args[0])
        # 1 / (1 + exp(-u)) overflows for u << 0 where exp(u) / (1 + exp(u)) does not; each branch
        # is analytic in u (no abs), so a complex step through it is a derivative
        with np.errstate(over="ignore", invalid="ignore"):
            v = np.where(np.real(u) >= 0, 1 / (1 + np.exp(-u)), np.exp(u) / (1 + np.exp(u)))
        return v, np.abs(v) * (1 + mu)

    def _eval_Softplus(self, e: Basic) -> tuple[Array, Array]:
        u, mu = self.value_of(e.args[0])
        # log(1 + exp(u)) without overflow, analytic in u on each branch (see _eval_Sigmoid)
        with np.errstate(over="ignore", invalid="ignore"):
            v = np.where(np.real(u) > 0, u + np.log1p(np.exp(-u)), np.log1p(np.exp(u)))
        return v, np.abs(v) + mu

    def _eval_KroneckerDelta(self, e: KroneckerDelta) -> tuple[Array, Array]:
        a, b = (self.index(x) for x in e.args)
        v = self._const(np.equal(a, b))
        return v, v

    def _bounds(self, limits) -> list[tuple[Symbol, int, int]]:
        out = []
        for var, lo, hi in limits:
            lo_v, hi_v = self.index(lo), self.index(hi)
            if not isinstance(lo_v, (int, np.integer)) or not isinstance(hi_v, (int, np.integer)):
                raise InvalidInputError(f"the bounds of the sum over {var} must be the same for every instance")
            out.append((var, int(lo_v), int(hi_v)))
        return out

    def _vectorisable(self, body: Basic, var: Symbol) -> bool:
        """Whether *body* can be evaluated for all values of *var* at once.

        The index then lives on a leading axis of length k, so a nested sum
        that depends on it would need a second axis: those are looped.
        """
        key = (body, var)
        if key not in self._vector_ok:
            self._vector_ok[key] = not any(
                var in self._free_symbols(inner) for inner in body.atoms(Sum, Product)
            )
        return self._vector_ok[key]

    def _loop(self, e: Basic, product: bool) -> tuple[Array, Array]:
        limit, body = outermost(e)
        ((var, lo, hi),) = self._bounds((limit,))
        reduce = np.prod if product else np.sum
        start = 1.0 if product else 0.0
        if hi < lo:
            return self._const(start), self._const(start)
        with self._binding(var):
            # The leading axis holds one index at a time: a body that depends
            # on an index already spread over it (a sum inside the derivative
            # of a gradient summed over its own component) must loop, or the
            # two indices would be compared position by position.
            if self._vectorisable(body, var) and not (self._free_symbols(body) & self._vectorised):
                self.bound[var] = np.arange(lo, hi + 1)[:, None]
                self._vectorised.add(var)
                try:
                    v, m = self.value_of(body)
                finally:
                    self._vectorised.discard(var)
                shape = (hi - lo + 1, self.batch)
                return reduce(np.broadcast_to(v, shape), axis=0), reduce(np.broadcast_to(m, shape), axis=0)
            value, mag = self._const(start), self._const(start)
            for k in range(lo, hi + 1):
                self.bound[var] = k
                v, m = self.value_of(body)
                value, mag = (value * v, mag * m) if product else (value + v, mag + m)
            return value, mag

    def _eval_Sum(self, e: Sum) -> tuple[Array, Array]:
        # A sum that does not involve the indices bound around it (the softmax
        # normaliser inside sum_i ...) is the same at every step: compute it once.
        if self.bound and not (self._free_symbols(e) & self.bound.keys()):
            if e not in self._invariant:
                saved, self.bound = self.bound, {}
                try:
                    self._invariant[e] = self._loop(e, product=False)
                finally:
                    self.bound = saved
            return self._invariant[e]
        return self._loop(e, product=False)

    def _eval_Product(self, e: Product) -> tuple[Array, Array]:
        return self._loop(e, product=True)

    def _truth(self, cond: Basic) -> Array:
        if isinstance(cond, BooleanTrue):
            return np.asarray(True)
        if isinstance(cond, BooleanFalse):
            return np.asarray(False)
        if isinstance(cond, And):
            return np.logical_and.reduce([self._truth(c) for c in cond.args])
        if isinstance(cond, Or):
            return np.logical_or.reduce([self._truth(c) for c in cond.args])
        if isinstance(cond, Not):
            return ~self._truth(cond.args[0])
        if isinstance(cond, Relational):
            a, _ = self.value_of(cond.lhs)
            b, _ = self.value_of(cond.rhs)
            ops = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
                   "==": np.equal, "!=": np.not_equal}
            return ops[cond.rel_op](a, b)
        raise InvalidTypeError(f"cannot evaluate the condition {cond}")

    def _eval_Piecewise(self, e: Piecewise) -> tuple[Array, Array]:
        value, mag = self._const(np.nan), self._const(np.nan)
        decided = np.asarray(False)
        for expr, cond in e.args:
            take = self._truth(cond) & ~decided
            v, m = self.value_of(expr)
            value, mag = np.where(take, v, value), np.where(take, m, mag)
            decided = decided | take
        return value, mag


def _is_sum_of_exp(e: Basic) -> bool:
    return isinstance(e, Sum) and len(e.limits) == 1 and isinstance(e.function, exp)


def _softmax_pair(e: Mul):
    """``(x, Sum(exp(y)), other factors)`` if *e* is ``exp(x) / sum exp(y) * ...``, else None."""
    nums = [f for f in e.args if isinstance(f, exp)]
    dens = [f for f in e.args if isinstance(f, Pow) and f.exp == -1 and _is_sum_of_exp(f.base)]
    if len(nums) != 1 or len(dens) != 1:
        return None
    rest = [f for f in e.args if f is not nums[0] and f is not dens[0]]
    return nums[0].args[0], dens[0].base, rest


def _as_quotient(arg: Expr):
    """``(a, b)`` if *arg* is ``a / b`` with a symbolic ``b`` (several divisors: their product), else None."""
    if not isinstance(arg, Mul):
        return None
    dens = [f for f in arg.args if isinstance(f, Pow) and f.exp.is_Number and f.exp.is_negative
            and not f.base.is_Number]
    if not dens:
        return None
    return (Mul(*[f for f in arg.args if all(f is not d for d in dens)]),
            Mul(*[Pow(d.base, -d.exp) for d in dens]))


@functools.lru_cache(maxsize=512)
def _definition(e: Basic) -> Expr:
    return e.definition()


def evaluate(expr: Basic, env: Env) -> tuple[Array, Array]:
    """Evaluate *expr* on every instance of *env*; return ``(values, magnitudes)``."""
    if not isinstance(expr, Basic):
        raise InvalidTypeError(f"evaluate takes a sympy expression, got {expr!r}")
    value, mag = _Evaluator(env).value_of(expr)
    bad = _nan_rows(env)
    if bad is not None:
        value = np.where(bad, np.nan, value)
        mag = np.where(bad, np.nan, mag)
    return value, mag


def _nan_rows(env: Env):
    """Rows of the batch with a NaN anywhere in their input, or None if there are none."""
    bad = None
    for arr in env.bases.values():
        a = np.asarray(arr, dtype=np.float64)
        rows = np.isnan(a.reshape(len(a), -1)).any(axis=1)
        bad = rows if bad is None else bad | rows
    for v in env.scalars.values():
        a = np.asarray(v)
        if a.dtype.kind == "f" and np.isnan(a).any():
            bad = np.isnan(a) if bad is None else bad | np.isnan(a)
    return bad if bad is not None and bad.any() else None
