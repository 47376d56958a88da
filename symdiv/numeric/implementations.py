"""Check a loss implementation (numpy, scipy, torch, ...) against a symdiv measure.

:func:`check_implementation` calls your function on random and edge-case
inputs, evaluates the measure with symdiv's own evaluator (the conventions of
DESIGN.md: ``0 log 0 = 0``, ``+inf`` where ``p > 0 = q``, NaN kept), and
reports what it found: the failures in each class of input, the simplest
failing input (smallest alphabet first, then the simplest exact values,
checked again on its own), and which known mistake the values match.

>>> import numpy as np
>>> import symdiv as sd
>>> P, Q = sd.Distribution("P", 4), sd.Distribution("Q", 4)
>>> naive = lambda p, q: np.sum(p * np.log(p / q), axis=-1)   # no 0 log 0 = 0
>>> report = check_implementation(naive, sd.KL(P, Q), args=(P, Q))
>>> report.agreed, report.first.case, report.failures["dirichlet alpha=1"]
(False, 'zeros, shared support', 0)
>>> print(report.shrunk)
simplest failing input (k = 2): expected 0.6931471806, got nan
  P = (1, 0)
  Q = (1/2, 1/2)
>>> print(report.diagnosis)
NaN where p_i = 0: 0·log 0 not handled (matches 262 of 262 failing rows)

A torch function is called with tensors (on its device, in the float type
asked for, float16 and bfloat16 included), and an argument may stand for an
expression of one variable: a Gaussian NLL (torch's ``GaussianNLLLoss``)
takes a variance.

>>> from sympy import Symbol, log
>>> from symdiv.core.continuous import Normal
>>> mu, x, s = Symbol("mu", real=True), Symbol("x", real=True), Symbol("sigma", positive=True)
>>> nll = lambda mu, x, var: 0.5 * (np.log(2 * np.pi * var) + (x - mu) ** 2 / var)
>>> check_implementation(nll, -log(Normal(mu, s).density(x)), (mu, x, s**2)).agreed
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional, Sequence

import numpy as np
from sympy import Basic, Expr

from ..display import show
from ..errors import InvalidInputError, InvalidTypeError, SymdivError
from . import _validate as valid
from ._inputs import Case, Spec, evaluate_exact, simple_batch
from .backends import FLOAT_MAX, Backend, CallFailed, choose_backend, float_type, module_float_type, rtol
from .check import relative_errors
from ._words import Words
from .diagnose import Diagnosis, Rows
from .diagnose import diagnose as find_mistakes
from .samplers import dirichlet

__all__ = ["check_implementation", "ImplementationReport", "Disagreement", "CaseCount", "Diagnosis", "Words"]

_REDUCTIONS = ("none", "mean", "sum")
_BACKENDS = ("auto", "numpy", "torch")
#: Rows of simple exact values tried at each alphabet size when shrinking (one call of fn).
_SIMPLE_ROWS = 256
#: Calls of fn one row at a time (a reduced implementation, or one that raises on the batch) per size.
_SINGLE_CALLS = 48


@dataclass(frozen=True)
class Disagreement:
    """One input where the implementation and the measure differ.

    *inputs* holds the implementation's arguments (as it got them, by what
    they stand for), *exact* the variables' exact values where they are
    simple numbers (a shrunk input), *size* the alphabet size.
    """

    case: str
    row: int
    inputs: dict[str, Any]
    expected: float
    got: float
    error: float
    size: Optional[int] = None
    exact: tuple[tuple[str, str], ...] = ()

    def words(self, heading: str) -> tuple[tuple[Words, ...], ...]:
        values = tuple(zip(("expected", "got"), _pair(self.expected, self.got)))
        if heading == "impl_shrunk":
            key = "impl_shrunk" if self.size is not None else "impl_shrunk_scalars"
            lines = [(Words(key, (("size", self.size),) + values),)]
        else:
            case = Case.named(self.case)
            lines = [(Words("impl_first"), Words(case.key, case.values),
                      Words("impl_row_values", (("row", self.row),) + values))]
        shown = self.exact or tuple((name, _vector(v)) for name, v in self.inputs.items())
        lines += [(Words("impl_input", (("name", name), ("values", text))),) for name, text in shown]
        if self.exact:
            lines += [(Words("impl_input", (("name", name), ("values", _vector(v)))),)
                      for name, v in self.inputs.items() if name not in dict(self.exact)]
        return tuple(lines)

    def __str__(self) -> str:
        return _text(self.words("impl_shrunk" if self.exact else "impl_first"))


@dataclass(frozen=True)
class CaseCount:
    """How one class of inputs went in one float type: *failed* of *checked* rows disagreed.

    *problem* says what the implementation did instead of returning values
    (raised, returned something else); *skipped* counts rows whose inputs do
    not fit the float type (overflow to inf, a positive parameter rounded to 0).
    """

    case: str
    dtype: str
    checked: int
    failed: int
    problem: Optional[Words] = None
    skipped: int = 0
    key: str = ""
    values: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class ImplementationReport:
    """What :func:`check_implementation` found.

    ``agreed`` is True only if every row of every class agreed within the
    tolerance of its float type and the implementation returned values for
    all of them.  ``counts`` has one :class:`CaseCount` per class and float
    type (``failures`` sums them by class), ``first`` is the first failing
    row, ``shrunk`` the simplest failing input, ``diagnoses`` the known
    mistakes the values match (best first; ``diagnosis`` is the best), and
    ``nearest`` the one that comes closest when none matches 95% of the
    failing rows (named as such, never as the diagnosis).
    ``str()`` is the report in English; ``words`` holds its lines as phrases
    for :func:`symdiv.render.text.note_text` in another language.
    """

    agreed: bool
    checked: int
    max_error: float
    tolerance: float
    cases: tuple[str, ...]
    dtype: str
    seed: int
    first: Optional[Disagreement] = None
    normalises_silently: Optional[bool] = None
    counts: tuple[CaseCount, ...] = ()
    shrunk: Optional[Disagreement] = None
    diagnoses: tuple[Diagnosis, ...] = ()
    backend: str = "numpy"
    nearest: Optional[Diagnosis] = None

    @property
    def diagnosis(self) -> Optional[Diagnosis]:
        """The known mistake that matches best, or None."""
        return self.diagnoses[0] if self.diagnoses else None

    @property
    def failed(self) -> int:
        """How many rows disagreed, over every class and float type."""
        return sum(c.failed for c in self.counts)

    @property
    def failures(self) -> dict[str, int]:
        """The number of failing rows in each class of input (all float types together)."""
        out: dict[str, int] = {}
        for c in self.counts:
            out[c.case] = out.get(c.case, 0) + c.failed
        return out

    @property
    def problems(self) -> tuple[CaseCount, ...]:
        """The classes where the implementation raised or returned something other than values."""
        return tuple(c for c in self.counts if c.problem is not None)

    @property
    def words(self) -> tuple[tuple[Words, ...], ...]:
        """The report's lines, each a sequence of phrases."""
        several = len({c.dtype for c in self.counts}) > 1
        head = (("checked", self.checked), ("failed", self.failed), ("dtype", self.dtype),
                ("backend", self.backend), ("seed", self.seed))
        lines: list[tuple[Words, ...]] = [(Words("impl_agreed" if self.agreed else "impl_disagreed", head),)]
        lines.append((Words("impl_max_error", (("error", f"{self.max_error:.2e}"),
                                               ("tolerance", f"{self.tolerance:.1e}"))),))
        if self.agreed:
            names = [c for c in self.counts if not several or c.dtype == self.counts[0].dtype]
            listed: list[Words] = [Words("impl_cases")]
            for i, c in enumerate(names):
                listed += ([Words("impl_comma")] if i else []) + [Words(c.key, c.values)]
            lines.append(tuple(listed))
            skipped = sum(c.skipped for c in self.counts)
            if skipped:
                lines.append((Words("impl_skipped_all", (("skipped", skipped),)),))
        else:
            for c in self.counts:
                line = [Words("impl_case_line"), Words(c.key, c.values)]
                if c.problem is not None:
                    line += [Words("impl_colon"), c.problem]
                else:
                    line.append(Words("impl_count", (("failed", c.failed), ("checked", c.checked))))
                if several:
                    line.append(Words("impl_in_dtype", (("dtype", c.dtype),)))
                if c.skipped:
                    line.append(Words("impl_skipped", (("skipped", c.skipped),)))
                lines.append(tuple(line))
        if self.first is not None:
            lines += self.first.words("impl_first")
        if self.shrunk is not None and self.shrunk != self.first:
            lines += self.shrunk.words("impl_shrunk")
        if not self.agreed and self.first is not None:
            if self.diagnosis is not None:
                lines.append((Words("impl_diagnosis"), *self.diagnosis.words))
                for other in self.diagnoses[1:]:
                    lines.append((Words("impl_also"), *other.words))
            else:
                lines.append((Words("impl_no_diagnosis"),))
                if self.nearest is not None:
                    lines.append((Words("impl_nearest"), *self.nearest.words))
        if self.normalises_silently:
            name = next((n for n in (self.first.inputs if self.first else {})), "P")
            lines.append((Words("impl_normalises", (("name", name),)),))
        return tuple(lines)

    def __str__(self) -> str:
        return _text(self.words)


def _text(lines: Sequence[Sequence[Words]]) -> str:
    return "\n".join("".join(show("text", "Note", w) for w in line) for line in lines)


def _number(x: float, digits: int = 6) -> str:
    """A float to *digits* significant digits (``0``, ``1``, ``0.5`` as they are)."""
    return f"{float(x):.{digits}g}"


def _pair(expected: float, got: float) -> tuple[str, str]:
    """Expected and actual values to 10 digits, or in full where 10 digits do not tell them apart."""
    short = _number(expected, 10), _number(got, 10)
    return short if short[0] != short[1] else (repr(float(expected)), repr(float(got)))


def _vector(v: Any) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, (list, tuple, np.ndarray)):
        return "(" + ", ".join(_number(x) for x in np.ravel(v)) + ")"
    return _number(v)


_SHRUNK = "simplest values"


def check_implementation(fn: Callable[..., Any], measure: Expr, args: Sequence[Basic], *,
                         size: Optional[int] = None, samples: int = 200, dtype: object = None,
                         seed: int = 0, reduction: str = "none", draw: Optional[Mapping[Basic, object]] = None,
                         backend: str = "auto", device: object = None, shrink: bool = True,
                         diagnose: bool = True) -> ImplementationReport:
    """Compare ``fn(*arguments)`` with *measure* on random and edge-case inputs.

    *args* says what each of *fn*'s arguments stands for, in order: a symdiv
    object (a :class:`~symdiv.core.model.Distribution` gives ``(B, k)``
    rows, :class:`~symdiv.core.model.Logits` too), a sympy symbol (``(B,)``
    values), or an expression of one of them taken entry by entry:
    ``log(Q)`` (log-probabilities), ``sigma**2`` (a variance),
    ``log(sigma**2)``, ``c - 1`` (a 0-based class index for a component
    index ``c``).  *fn* returns ``B`` values (``reduction="none"``) or
    their mean or sum.

    Options (keyword only):

    * *size*: the alphabet size to test at when the objects have a symbolic size;
    * *samples*: rows drawn per class of input;
    * *dtype*: the float type ``fn`` gets: ``"float64"`` (default, or a torch
      module's own), ``"float32"``, ``"float16"``, ``"bfloat16"`` (torch
      only), a numpy or torch type, or a tuple of them to check each;
    * *draw*: how to draw a variable, overriding its domain's default:
      ``{p: "unit"}`` (a probability in [0, 1]; also ``"reals"``,
      ``"positive"``, ``"simplex"``, ``"binary"``), ``{sigma: (0.1, 10)}``
      (uniform in an interval), or a callable ``(rng, shape) -> array``;
    * *backend*: ``"auto"`` (torch for a torch module or function, or one
      that takes tensors and not arrays), ``"numpy"`` or ``"torch"``;
      *device* the torch device (default: the module's, else ``"cpu"``);
    * *shrink*, *diagnose*: look for the simplest failing input,
      and for a known mistake that explains the values (both on by default).

    Each float type is judged with its own tolerance: a row agrees when the
    difference is at most ``128 eps`` (float64, float32) or ``8 eps``
    (float16, bfloat16) times the magnitude of the terms, and the reference
    sees the inputs rounded as the implementation sees them (rows whose
    inputs or value do not fit the type are skipped and counted).  An implementation that raises or returns
    something other than an array of real numbers (a string, complex values,
    the wrong shape) is reported for the class of input where it did, never
    raised; bad arguments to this function raise
    :class:`~symdiv.errors.InvalidTypeError` or
    :class:`~symdiv.errors.InvalidInputError` naming them.
    """
    if not callable(fn):
        raise InvalidTypeError(f"fn must be callable, got {valid.show(fn)}")
    measure = valid.expression(measure, "measure")
    if isinstance(args, (str, bytes)) or not isinstance(args, Sequence):
        raise InvalidTypeError(f"args must be a tuple of what fn's arguments stand for (symdiv objects, symbols, "
                               f"or expressions of one of them), e.g. args=(P, Q); got {valid.show(args)}")
    if not args:
        raise InvalidInputError("args must list what fn's arguments stand for, e.g. args=(P, Q); got none")
    samples = valid.integer(samples, "samples")
    seed = valid.seed(seed)
    reduction = valid.one_of(reduction, "reduction", _REDUCTIONS)
    backend = valid.one_of(backend, "backend", _BACKENDS)
    shrink = valid.flag(shrink, "shrink")
    diagnose = valid.flag(diagnose, "diagnose")
    spec = Spec.of(measure, args, draw, size)
    dtypes = _dtypes(dtype, fn)
    lost = spec.not_recovered()
    if lost and dtypes != ("float64",):
        raise InvalidInputError(f"cannot read {lost[0].variable} back from the argument {lost[0].expr} once it is "
                                f"rounded to {dtypes[-1]}, so the reference could not see what fn sees; give "
                                f"{lost[0].variable} in an argument of its own, or check in float64")
    cases = spec.cases()
    probe_rows = spec.draw(cases[0], np.random.default_rng(seed), 2)
    chosen = choose_backend(fn, backend, device,
                            lambda b: _works(fn, spec, b, probe_rows, "float64" if b.kind == "numpy" else dtypes[0]))
    if "bfloat16" in dtypes and chosen.kind != "torch":
        raise InvalidInputError("dtype 'bfloat16' needs a torch implementation (numpy has no bfloat16): "
                                "give backend='torch' for a function that takes tensors")
    rng = np.random.default_rng(seed)
    runs: list[Rows] = []
    counts: list[CaseCount] = []
    first: Optional[Disagreement] = None
    worst, worst_ratio, worst_tol = 0.0, -1.0, rtol(dtypes[0])
    for dt in dtypes:
        tol = rtol(dt)
        for case in cases:
            values = spec.draw(case, rng, samples)
            try:
                run, skipped, shown = _run(fn, spec, chosen, values, dt, reduction, tol)
            except CallFailed as failure:
                counts.append(CaseCount(case.name, dt, 0, 0, failure.words, 0, case.key, case.values))
                continue
            expected, magnitude = run.reduce(run.ref, run.mag)
            err = relative_errors(run.got, magnitude, expected, magnitude)
            runs.append(run)
            counts.append(CaseCount(case.name, dt, int(err.size), int(run.failed.sum()), None, skipped, case.key,
                                    case.values))
            if err.size:
                m = float(np.max(err))
                if m / tol > worst_ratio:
                    worst, worst_ratio, worst_tol = m, m / tol, tol
            bad = np.flatnonzero(run.failed)
            if bad.size and first is None:
                r = int(bad[0])
                inputs = {a.name: q[r].tolist() for a, q in zip(spec.arguments, shown)} \
                    if reduction == "none" else {}
                first = Disagreement(case.name, r, inputs, float(expected[r]), float(run.got[r]), float(err[r]),
                                     spec.size)
    agreed = first is None and not any(c.problem for c in counts)
    shrunk = None
    failing_dtype = next((c.dtype for c in counts if c.failed), None)
    if shrink and first is not None and failing_dtype is not None:
        try:
            shrunk = _shrink(fn, spec, chosen, failing_dtype, reduction, rtol(failing_dtype), first, seed, samples)
        except SymdivError:  # a smaller instance the reference cannot be evaluated at: keep the first failure
            shrunk = first
    diagnoses: tuple[Diagnosis, ...] = ()
    nearest = None
    if diagnose and first is not None:
        diagnoses, nearest = find_mistakes(spec, runs, reduction)
    return ImplementationReport(
        agreed, sum(c.checked for c in counts), worst, worst_tol, tuple(c.name for c in cases), ", ".join(dtypes),
        seed, first, _normalises(fn, spec, chosen, dtypes[0], rng, reduction), tuple(counts), shrunk, diagnoses,
        chosen.describe(), nearest)


def _dtypes(dtype: object, fn: object) -> tuple[str, ...]:
    if dtype is None:
        return (module_float_type(fn) or "float64",)
    items = dtype if isinstance(dtype, tuple) else (dtype,)
    if not items:
        raise InvalidInputError("dtype must name at least one float type, got ()")
    return tuple(dict.fromkeys(float_type(d) for d in items))


def _prepare(spec: Spec, backend: Backend, values: Mapping[Basic, np.ndarray], dtype: str
             ) -> tuple[dict, list[np.ndarray], np.ndarray]:
    """The variables' values as the rounded arguments give them, the rounded arguments, and the
    rows whose inputs fit the float type."""
    raw = spec.argument_values(values)
    shown = [np.rint(a).astype(np.int64) if arg.integer else backend.quantise(a, dtype)
             for a, arg in zip(raw, spec.arguments)]
    recovered = spec.recover(shown, values)
    batch = len(next(iter(values.values())))
    keep = np.ones(batch, dtype=bool)
    for r, q in zip(raw, shown):
        bad = np.isfinite(r) & ~np.isfinite(q)
        keep &= ~bad.reshape(batch, -1).any(axis=1)
    for v in spec.variables:
        x = np.asarray(recovered[v.obj], dtype=np.float64).reshape(batch, -1)
        with np.errstate(invalid="ignore"):
            if v.domain == "positive":
                keep &= ((x > 0) & np.isfinite(x)).all(axis=1)
            elif v.domain in ("reals", "unit", "simplex"):
                keep &= (~np.isnan(x)).all(axis=1)
    return recovered, shown, keep


def _run(fn: Callable[..., Any], spec: Spec, backend: Backend, values: Mapping[Basic, np.ndarray], dtype: str,
         reduction: str, tol: float) -> tuple[Rows, int, list[np.ndarray]]:
    """Call *fn* on one batch and compare: the rows, how many were skipped, and the arguments as given.

    Rows whose inputs do not fit *dtype*, or whose value does not (it overflows), are skipped.
    """
    recovered, shown, keep = _prepare(spec, backend, values, dtype)
    env = spec.env(recovered)
    batch = len(keep)
    with np.errstate(all="ignore"):
        ref, mag = evaluate_exact(spec.reference, env)
        ref = np.broadcast_to(ref, (batch,)).astype(np.float64)
        mag = np.broadcast_to(mag, (batch,)).astype(np.float64)
        if reduction == "none":
            keep &= ~(np.isfinite(ref) & (np.abs(ref) > FLOAT_MAX[dtype]))
    skipped = int((~keep).sum())
    if skipped:
        recovered = {o: v[keep] for o, v in recovered.items()}
        shown = [a[keep] for a in shown]
        ref, mag, env = ref[keep], mag[keep], spec.env(recovered)
    batch = int(keep.sum())
    got = backend.call(fn, backend.inputs(shown, [a.integer for a in spec.arguments], dtype))
    expected_shape = (batch,) if reduction == "none" else (1,)
    if reduction != "none" and got.size == 1:
        got = got.reshape(1)
    if got.shape != expected_shape:
        raise CallFailed(Words("impl_shape", (("shape", got.shape), ("expected", expected_shape),
                                              ("reduction", repr(reduction)))))
    run = Rows(recovered, env, got, ref, mag, tol, np.zeros(expected_shape, dtype=bool), reduction)
    value, magnitude = run.reduce(ref, mag)
    run.failed = relative_errors(got, magnitude, value, magnitude) > tol
    return run, skipped, shown


def _works(fn: Callable[..., Any], spec: Spec, backend: Backend, values: Mapping[Basic, np.ndarray],
           dtype: str) -> bool:
    """Whether *fn* takes arguments of *backend*: a trial call does not raise (what it returns is
    judged later)."""
    try:
        _, shown, _ = _prepare(spec, backend, values, dtype)
        backend.call(fn, backend.inputs(shown, [a.integer for a in spec.arguments], dtype))
    except CallFailed as failure:
        return failure.words.key != "impl_raised"
    except InvalidInputError:
        return False
    return True


# -- shrinking ----------------------------------------------------------------------------
def _shrink(fn: Callable[..., Any], spec: Spec, backend: Backend, dtype: str, reduction: str, tol: float,
            first: Disagreement, seed: int, samples: int) -> Optional[Disagreement]:
    """The simplest failing input: at the smallest alphabet size where one fails, simple exact
    values if some fail, else the first failing random row; each checked again on its own."""
    sizes = list(range(spec.minimum, spec.size + 1)) if spec.size is not None else [None]
    rng = np.random.default_rng(seed + 1)
    for k in sizes:
        at = spec if k is None or k == spec.size else spec.at_size(k)
        if at is None:
            continue
        found = _simplest(fn, at, backend, dtype, reduction, tol)
        if found is not None:
            return found
        if k == spec.size or k is None:
            break
        for case in at.cases():
            found = _first_random(fn, at, backend, dtype, reduction, tol, at.draw(case, rng, samples), case)
            if found is not None:
                return found
    if first.inputs:
        return first
    return None


def _simplest(fn, spec: Spec, backend: Backend, dtype: str, reduction: str, tol: float) -> Optional[Disagreement]:
    made = simple_batch(spec, _SIMPLE_ROWS)
    if made is None:
        return None
    values, exact = made
    rows = None
    if reduction == "none":
        try:
            run, _, _ = _run(fn, spec, backend, values, dtype, "none", tol)
            rows = [int(r) for r in np.flatnonzero(run.failed)]
        except CallFailed:
            rows = None
    candidates = rows if rows is not None else range(min(len(exact), _SINGLE_CALLS))
    for r in list(candidates)[:_SINGLE_CALLS]:
        found = _recheck(fn, spec, backend, dtype, reduction, tol, values, r)
        if found is not None:
            text = tuple((v.name, _exact_text(exact[r][v.obj])) for v in spec.variables)
            return Disagreement(_SHRUNK, 0, found[0], found[1], found[2], found[3], spec.size, text)
    return None


def _first_random(fn, spec: Spec, backend: Backend, dtype: str, reduction: str, tol: float,
                  values: Mapping[Basic, np.ndarray], case: Case) -> Optional[Disagreement]:
    rows: Sequence[int]
    if reduction == "none":
        try:
            run, _, _ = _run(fn, spec, backend, values, dtype, "none", tol)
        except CallFailed:
            return None
        rows = [int(r) for r in np.flatnonzero(run.failed)]
    else:
        rows = range(min(len(next(iter(values.values()))), _SINGLE_CALLS))
    for r in list(rows)[:8]:
        found = _recheck(fn, spec, backend, dtype, reduction, tol, values, r)
        if found is not None:
            text = tuple((v.name, _vector(np.asarray(values[v.obj])[r])) for v in spec.variables)
            return Disagreement(case.name, r, found[0], found[1], found[2], found[3], spec.size, text)
    return None


def _recheck(fn, spec: Spec, backend: Backend, dtype: str, reduction: str, tol: float,
             values: Mapping[Basic, np.ndarray], r: int) -> Optional[tuple[dict, float, float, float]]:
    """Row *r* on its own: ``(inputs, expected, got, error)`` if it fails there too."""
    one = {o: np.asarray(v)[r:r + 1] for o, v in values.items()}
    try:
        run, _, shown = _run(fn, spec, backend, one, dtype, reduction, tol)
    except CallFailed:
        return None
    if not run.failed.size or not run.failed[0]:
        return None
    inputs = {a.name: q[0].tolist() for a, q in zip(spec.arguments, shown)}
    value, magnitude = run.reduce(run.ref, run.mag)
    err = float(relative_errors(run.got, magnitude, value, magnitude)[0])
    return inputs, float(value[0]), float(run.got[0]), err


def _exact_text(v: Any) -> str:
    if isinstance(v, tuple):
        return "(" + ", ".join(str(x) for x in v) + ")"
    return str(v)


def _normalises(fn, spec: Spec, backend: Backend, dtype: str, rng, reduction) -> Optional[bool]:
    """Whether *fn* returns the same for ``2 P`` as for ``P``: a sign of silent normalisation."""
    direct = [i for i, a in enumerate(spec.arguments) if a.expr == a.variable and spec.variable(a.variable).domain
              == "simplex"]
    if not direct or spec.size is None:
        return None
    values = {o: (dirichlet(rng, 4, spec.size) if spec.variable(o).domain == "simplex" else v)
              for o, v in spec.draw(spec.cases()[0], rng, 4).items()}
    _, shown, _ = _prepare(spec, backend, values, dtype)
    integer = [a.integer for a in spec.arguments]
    doubled = [2 * a if i == direct[0] else a for i, a in enumerate(shown)]
    try:
        plain = backend.call(fn, backend.inputs(shown, integer, dtype))
        scaled = backend.call(fn, backend.inputs(doubled, integer, dtype))
    except CallFailed:  # an implementation may rightly refuse unnormalised input
        return False
    if plain.shape != scaled.shape:
        return False
    return bool(np.allclose(plain, scaled, rtol=max(1e-6, 8 * rtol(dtype)), atol=0))
