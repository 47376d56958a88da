"""Name the mistake an implementation makes: which known wrong variant of the reference it computes.

When an implementation disagrees with the measure, :func:`diagnose`
evaluates a table of wrong variants derived from the reference on the same
inputs and keeps those the implementation's values match:

* the measure's arguments swapped (``D(Q||P)`` for ``D(P||Q)``), or two
  variables of the same kind exchanged;
* a constant factor: ``1/ln 2`` (bits instead of nats), ``ln 2`` (nats
  instead of bits), 2, 1/2, -1 (a sign flip), the batch size (a sum where
  the mean belongs), or any other constant; a constant offset;
* NaN where an entry is 0: ``0 log 0`` not handled (the reference evaluated
  without the convention);
* softmax applied twice (to logits already turned into probabilities);
* a parameter misread: ``log sigma`` used where ``log sigma^2`` belongs, a
  standard deviation for a variance, and so on;
* the difference of two locations ignored (one set equal to the other);
* in the reference's closed form (Gaussian expectations evaluated from the
  moments): a power written as a product (``(1 - p) gamma`` for
  ``(1 - p)^gamma``), a square dropped (``pi r`` for ``pi^2 r^2``), a term
  missing (the constant ``log(2 pi)/2``), a term's sign flipped.

A variant is named only if it matches the implementation on at least 95%
of the rows where the implementation disagrees with the reference and on
95% of all rows (within the check's tolerance, NaN matching NaN), and the
diagnosis says on how many.  Each is a phrase of the renderers' table
(``key`` and ``values``), so it reads in every language.

>>> import numpy as np
>>> import symdiv as sd
>>> from scipy.special import rel_entr
>>> from symdiv.numeric import check_implementation
>>> P, Q = sd.Distribution("P", 3), sd.Distribution("Q", 3)
>>> bits = lambda p, q: rel_entr(p, q).sum(-1) / np.log(2)
>>> print(check_implementation(bits, sd.KL(P, Q), (P, Q)).diagnosis)
ratio is 1/ln 2: bits instead of nats? (matches 1279 of 1279 failing rows)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Optional, Sequence

import numpy as np
from sympy import (
    Add,
    Basic,
    Dummy,
    Expr,
    Mul,
    Pow,
    Sum,
    Symbol,
    factor_terms,
    log,
    logcombine,
    preorder_traversal,
    solve,
)

from ..core.measures import BinaryCrossEntropy, CrossEntropy, KLDivergence
from ..core.model import Softmax
from ..display import show
from ..errors import SymdivError
from ._words import Words
from .check import relative_errors
from ._inputs import _ExactInputs, evaluate_exact, reference_form
from .evaluate import Env, _softmax_pair

__all__ = ["Diagnosis", "Words", "Rows", "diagnose", "MATCH_SHARE"]

#: The share of rows a variant must match, among the failing rows and among all rows.
MATCH_SHARE = 0.95
# At most this many variants are derived from a reference's closed form.
_MUTATIONS = 48


@dataclass(frozen=True)
class Diagnosis(Words):
    """A wrong variant of the reference that the implementation's values match.

    ``matched`` of the ``failing`` rows (where the implementation and the
    reference disagree) match it, and ``rows_matched`` of all ``rows``.
    ``str()`` says it in English; ``note_text(diagnosis, "zh")`` (from
    :mod:`symdiv.render.text`) names the mistake in Chinese.
    """

    matched: int = 0
    failing: int = 0
    rows_matched: int = 0
    rows: int = 0
    #: A second mistake that comes with it (NaN where 0 log 0 is not handled), or None.
    also: Optional[Words] = None

    @property
    def words(self) -> tuple[Words, ...]:
        """The diagnosis and how many rows it matches, as phrases."""
        counts = (("matched", self.matched), ("failing", self.failing))
        if self.rows_matched < MATCH_SHARE * self.rows:
            counted = Words("impl_matched_rows", counts + (("rows_matched", self.rows_matched), ("rows", self.rows)))
        else:
            counted = Words("impl_matched", counts)
        return (Words(self.key, self.values), *((self.also,) if self.also is not None else ()), counted)

    def __str__(self) -> str:
        return "".join(show("text", "Note", w) for w in self.words)


@dataclass
class Rows:
    """One batch the check ran: the variables' values, what the implementation returned and the reference.

    *got* holds one value per row, or one for the batch under a reduction
    (then *failed* has one entry too).
    """

    values: dict
    env: Env
    got: np.ndarray
    ref: np.ndarray
    mag: np.ndarray
    tol: float
    failed: np.ndarray
    reduction: str = "none"

    def reduce(self, value: np.ndarray, mag: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per-row values and magnitudes, reduced as the implementation reduces them."""
        value = np.broadcast_to(value, self.ref.shape).astype(np.float64)
        mag = np.broadcast_to(mag, self.ref.shape).astype(np.float64)
        if self.reduction == "none":
            return value, mag
        with np.errstate(all="ignore"):
            f = np.mean if self.reduction == "mean" else np.sum
            return np.array([f(value)]), np.array([f(mag)])


@dataclass(frozen=True)
class _Variant:
    """A wrong variant of the reference: its own formula *expr* (in the check's reference form), or
    the reference's, on inputs that went through *transform* first, times *factor* plus *offset*;
    *naive*: evaluated without the convention ``0 log 0 = 0``."""

    key: str
    values: tuple[tuple[str, object], ...]
    expr: Optional[Basic] = None
    transform: Optional[Callable[[dict], dict]] = None
    factor: float = 1.0
    offset: float = 0.0
    naive: bool = False
    priority: int = 0
    slack: float = 1.0

    def _env(self, spec: Any, r: Rows) -> Env:
        return r.env if self.transform is None else spec.env(self.transform(r.values))

    def predict(self, spec: Any, r: Rows) -> tuple[np.ndarray, np.ndarray]:
        """Its values and magnitudes on the rows of *r*."""
        evaluated = _naive if self.naive else evaluate_exact
        value, mag = evaluated(self.expr if self.expr is not None else spec.reference, self._env(spec, r))
        return self.factor * value + self.offset, abs(self.factor) * mag + abs(self.offset)

    def nan_without_convention(self, spec: Any, r: Rows) -> np.ndarray:
        """Where it is NaN once ``0 log 0`` is left to floating point (and a number with the convention)."""
        expr = self.expr if self.expr is not None else spec.reference
        env = self._env(spec, r)
        naive = np.broadcast_to(_naive(expr, env)[0], r.ref.shape)
        nan = np.isnan(naive) & ~np.isnan(np.broadcast_to(evaluate_exact(expr, env)[0], r.ref.shape))
        return nan if r.reduction == "none" else np.array([nan.any()])


def close(got: np.ndarray, value: np.ndarray, mag: np.ndarray, tol: float) -> np.ndarray:
    """Where *got* equals *value* within *tol* of the magnitude (NaN equals NaN, equal infinities agree)."""
    with np.errstate(all="ignore"):
        return (np.isnan(got) & np.isnan(value)) | (relative_errors(got, mag, value, mag) <= tol)


def diagnose(spec: Any, runs: Sequence[Rows], reduction: str) -> tuple[tuple[Diagnosis, ...], Optional[Diagnosis]]:
    """The variants of *spec*'s reference that the implementation matches on the *runs*, best first,
    and, when none does, the one that matches most failing rows (at least half of them), or None.

    A variant that matches only once ``0 log 0`` is left unhandled as well (NaN
    where the reference without the convention is NaN) is named with that
    second mistake: a focal loss written with ``(1 - p) gamma`` and ``log p``
    has both.
    """
    failing = sum(int(r.failed.sum()) for r in runs)
    rows = sum(r.failed.size for r in runs)
    if not failing:
        return (), None
    simplex = any(v.domain == "simplex" for v in spec.variables)
    zeros = Words("impl_and_nan_zeros", (("where", _zeros_text(spec, runs)),)) if simplex else None
    found: list[tuple[tuple, Diagnosis]] = []
    seen: list[list[np.ndarray]] = []
    nearest: Optional[Diagnosis] = None
    nearest_rank: tuple = (-1,)
    for v in _variants(spec, runs, reduction):
        try:
            with np.errstate(all="ignore"):
                predictions = [r.reduce(*v.predict(spec, r)) for r in runs]
                attempts = [(predictions, None)]
                if zeros is not None and not v.naive:
                    nan = [v.nan_without_convention(spec, r) for r in runs]
                    attempts.append(([(np.where(n, np.nan, p), m) for (p, m), n in zip(predictions, nan)], zeros))
        except Exception:  # a variant that cannot be evaluated here is no candidate
            continue
        for preds, extra in attempts:
            matches = [close(r.got, p, m, r.tol * v.slack) for r, (p, m) in zip(runs, preds)]
            hit = sum(int((ok & r.failed).sum()) for ok, r in zip(matches, runs))
            total = sum(int(ok.sum()) for ok in matches)
            if hit < MATCH_SHARE * failing or total < MATCH_SHARE * rows:
                rank = (hit, total, -v.priority - (extra is not None))
                if hit >= failing / 2 and rank > nearest_rank:
                    nearest, nearest_rank = Diagnosis(v.key, v.values, hit, failing, total, rows, extra), rank
                continue
            values = [p for p, _ in preds]
            if any(all(_same(a, b) for a, b in zip(values, other)) for other in seen):
                break  # the same numbers as a variant already named
            seen.append(values)
            d = Diagnosis(v.key, v.values, hit, failing, total, rows, extra)
            found.append(((-hit, -total, v.priority + (extra is not None)), d))
            break
    named = tuple(d for _, d in sorted(found, key=lambda item: item[0]))
    return named, (None if named else nearest)


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.all((a == b) | (np.isnan(a) & np.isnan(b))))


# -- the table of variants ----------------------------------------------------------------
def _variants(spec: Any, runs: Sequence[Rows], reduction: str) -> Iterator[_Variant]:
    def of(key: str, values: tuple, expr: Basic, priority: int = 0) -> _Variant:
        return _Variant(key, values, expr=reference_form(expr), priority=priority)

    measure = spec.measure
    # arguments swapped: a divergence's two distributions, then two variables of the same kind
    for node in _nodes(measure, (KLDivergence, CrossEntropy, BinaryCrossEntropy)):
        swapped = node.func(node.args[1], node.args[0], *node.args[2:])
        yield of("impl_swapped", (("variant", swapped),), measure.xreplace({node: swapped}))
    simplex = [v for v in spec.variables if v.domain == "simplex"]
    if simplex:
        yield _Variant("impl_nan_zeros", (("where", _zeros_text(spec, runs)),), naive=True)
    for z in _nodes(measure, (Softmax,)):
        yield _Variant("impl_softmax_twice", (), transform=_softmax_of(z.logits))
    for v in simplex:
        yield _Variant("impl_softmax_probabilities", (("name", v.obj),), transform=_softmax_of(v.obj))
    yield from _misreadings(spec, of)
    reals = [v.obj for v in spec.variables if v.domain == "reals" and isinstance(v.obj, Symbol)]
    for a, b in itertools.combinations(reals, 2):
        yield of("impl_ignored_difference", (("a", a), ("b", b)), measure.xreplace({b: a}))
    yield from _constants(runs, reduction)
    yield from _mutations(spec)
    for a, b in itertools.combinations(spec.variables, 2):
        if a.domain == b.domain and a.vector == b.vector and a.domain != "index":
            swapped = measure.xreplace({a.obj: b.obj, b.obj: a.obj})
            if swapped != measure:
                yield of("impl_swapped", (("variant", swapped),), swapped, priority=1)


def _nodes(expr: Basic, types: tuple) -> list:
    return list(dict.fromkeys(n for n in preorder_traversal(expr) if isinstance(n, types)))


def _softmax_of(obj: Basic) -> Callable[[dict], dict]:
    """The variables' values with *obj*'s put through a softmax first."""
    def transform(values: dict) -> dict:
        x = np.asarray(values[obj], dtype=np.float64)
        w = np.exp(x - x.max(axis=-1, keepdims=True))
        return {**values, obj: w / w.sum(axis=-1, keepdims=True)}
    return transform


class _Naive(_ExactInputs):
    """The evaluator without the convention ``0 log 0 = 0``: a zero times an infinite or NaN log is NaN,
    as plain floating point has it."""

    def _eval_Mul(self, e: Mul) -> tuple[np.ndarray, np.ndarray]:
        value, mag = super()._eval_Mul(e)
        logs = [a for a in e.args if isinstance(a, log)]
        if logs and _softmax_pair(e) is None:
            product = np.prod(np.stack(np.broadcast_arrays(*(self.value_of(a)[0] for a in logs))), axis=0)
            value = np.where((value == 0) & ~np.isfinite(product), np.nan, value)
        return value, mag


def _naive(expr: Basic, env: Env) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(all="ignore"):
        return _Naive(env).value_of(expr)


def _zeros_text(spec: Any, runs: Sequence[Rows]) -> str:
    """Where the failing rows have zeros: ``p_i = q_i = 0`` if every distribution is 0 at a common
    outcome in each, else ``p_i = 0`` for the ones that always have a zero."""
    names = [v.obj for v in spec.variables if v.domain == "simplex"]
    letter = {o: (o.name.lower() if len(o.name) == 1 else o.name) + "_i" for o in names}
    common, each = True, {o: True for o in names}
    for r in runs:
        rows = np.flatnonzero(r.failed & np.isnan(r.got)) if r.reduction == "none" else np.arange(len(r.ref))
        if not rows.size:
            continue
        zero = {o: np.asarray(r.values[o])[rows] == 0 for o in names}
        common &= bool(np.logical_and.reduce([zero[o] for o in names]).any(axis=-1).all())
        for o in names:
            each[o] &= bool(zero[o].any(axis=-1).all())
    chosen = names if common else [o for o in names if each[o]] or names[:1]
    return " = ".join(letter[o] for o in chosen) + " = 0"


def _misreadings(spec: Any, of: Callable) -> Iterator[_Variant]:
    """A positive parameter given as ``s``, ``s^2``, ``log s`` or ``log s^2`` and read as another of them."""
    for a in spec.arguments:
        v = spec.variable(a.variable)
        if v.domain != "positive" or not isinstance(a.variable, Symbol):
            continue
        s = a.variable
        forms = [s, s ** 2, log(s), log(s ** 2)]
        if a.expr not in forms:
            continue
        t = Dummy("t", positive=True)
        for used in forms:
            if used == a.expr:
                continue
            solutions = solve(used.xreplace({s: t}) - a.expr, t)
            if len(solutions) != 1:
                continue
            try:
                misread = spec.measure.xreplace({s: solutions[0]})
            except SymdivError:  # the value read would not be a valid parameter (a negative deviation)
                continue
            yield of("impl_misread", (("used", used), ("belongs", a.expr)), misread)


_NAMED_FACTORS = ((1 / np.log(2), "impl_bits"), (np.log(2), "impl_nats"), (2.0, "impl_factor_two"),
                  (0.5, "impl_factor_half"), (-1.0, "impl_sign_flip"))


def _constants(runs: Sequence[Rows], reduction: str) -> Iterator[_Variant]:
    """A constant factor or offset, read off the failing rows and named where it is a known one."""
    with np.errstate(all="ignore"):
        pairs = [(r.got[r.failed], r.reduce(r.ref, r.mag)[0][r.failed]) for r in runs]
        got = np.concatenate([g for g, _ in pairs])
        ref = np.concatenate([f for _, f in pairs])
        usable = np.isfinite(got) & np.isfinite(ref) & (ref != 0)
        if not usable.any():
            return
        factor = float(np.median(got[usable] / ref[usable]))
        offset = float(np.median(got[usable] - ref[usable]))
    tol = max(r.tol for r in runs)
    batch = len(runs[0].ref)
    named = list(_NAMED_FACTORS)
    if reduction == "mean":
        named.append((float(batch), "impl_sum_for_mean"))
    elif reduction == "sum":
        named.append((1.0 / batch, "impl_mean_for_sum"))
    for c, key in named:
        if abs(factor / c - 1) <= 4 * tol:
            values = (("batch", batch),) if key in ("impl_sum_for_mean", "impl_mean_for_sum") else ()
            yield _Variant(key, values, factor=c)
            break
    else:
        if np.isfinite(factor) and factor not in (0.0, 1.0):
            yield _Variant("impl_factor", (("factor", f"{factor:.6g}"),), factor=factor, priority=2, slack=4.0)
    if np.isfinite(offset) and offset != 0:
        yield _Variant("impl_offset", (("offset", f"{offset:.6g}"),), offset=offset, priority=2, slack=4.0)


# -- mutations of the closed form ---------------------------------------------------------
def _mutations(spec: Any) -> Iterator[_Variant]:
    # Products distributed over sums (-(a + b) as -a - b), powers of sums kept: the terms a formula is
    # written in.
    form = spec.reference.expand(multinomial=False, power_exp=False, power_base=False, log=False, mul=True)
    count = 0

    def variant(key: str, values: tuple, expr: Basic, priority: int = 0) -> Optional[_Variant]:
        nonlocal count
        if expr == form or count >= _MUTATIONS:
            return None
        count += 1
        return _Variant(key, values, expr=expr, priority=priority)

    out: list[Optional[_Variant]] = []
    for p in _nodes(form, (Pow,)):
        b, e = p.base, p.exp
        if (not e.is_Number or (e.is_Integer and e >= 2)) and b.free_symbols:
            out.append(variant("impl_power_as_product", (("wrong", b * e), ("right", p)), form.xreplace({p: b * e})))
    for m in _nodes(form, (Mul, Pow)):
        factors = Mul.make_args(m)
        even = {f: Pow(f.base, f.exp / 2) for f in factors
                if isinstance(f, Pow) and f.exp.is_Integer and f.exp % 2 == 0 and f.base.free_symbols}
        if even and (isinstance(m, Mul) or m in even):
            wrong = m.xreplace(even)
            out.append(variant("impl_square_dropped", (("wrong", wrong), ("right", m)), form.xreplace({m: wrong})))
    for add in _sums_of_terms(form):
        terms = Add.make_args(add)
        constant = Add(*[t for t in terms if not t.free_symbols])
        for t in terms:
            if t.free_symbols:
                out.append(variant("impl_missing_term", (("term", t),), form.xreplace({add: add - t})))
        if constant != 0 and constant != add:
            out.append(variant("impl_missing_term", (("term", _tidy(constant)),), form.xreplace({add: add - constant})))
        for t in terms:
            if t.free_symbols:
                out.append(variant("impl_term_sign", (("term", t),), form.xreplace({add: add - 2 * t}), priority=1))
    yield from (v for v in out if v is not None)


def _sums_of_terms(form: Basic) -> list[Add]:
    """The sums whose terms a mistake may drop: the form itself and the bodies of its outer sums."""
    found = [form] if isinstance(form, Add) else []
    for f in (*Add.make_args(form), *Mul.make_args(form)):
        for g in Mul.make_args(f):
            if isinstance(g, Sum) and isinstance(g.function, Add):
                found.append(g.function)
    return list(dict.fromkeys(found))


def _tidy(constant: Expr) -> Expr:
    """``log(2)/2 + log(pi)/2`` as ``log(2*pi)/2``."""
    f = factor_terms(constant)
    return f.func(*[logcombine(a, force=True) for a in f.args]) if isinstance(f, Mul) else logcombine(f, force=True)
