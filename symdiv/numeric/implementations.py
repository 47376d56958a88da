"""Check a loss implementation (numpy, scipy, torch, ...) against a symdiv measure.

:func:`check_implementation` calls your function on random and edge-case
inputs, evaluates the measure with symdiv's own evaluator (the conventions of
DESIGN.md: ``0 log 0 = 0``, ``+inf`` where ``p > 0 = q``, NaN kept), and
reports the first disagreement with its inputs.

>>> import numpy as np
>>> import symdiv as sd
>>> P, Q = sd.Distribution("P", 4), sd.Distribution("Q", 4)
>>> naive = lambda p, q: np.sum(p * np.log(p / q), axis=-1)   # no 0 log 0 = 0
>>> with np.errstate(all="ignore"):
...     report = check_implementation(naive, sd.KL(P, Q), args=(P, Q))
>>> report.agreed, report.first.case
(False, 'zeros, shared support')
>>> bool(np.isnan(report.first.got)), bool(np.isfinite(report.first.expected))
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence

import numpy as np
from sympy import Basic, Expr

from ..core.measures import expand_measures
from ..core.model import Distribution, Logits
from ..errors import InvalidInputError, InvalidTypeError
from . import _validate as valid
from .check import numpy_dtype, relative_errors, rtol_for
from .evaluate import Env, evaluate
from .samplers import ALPHAS, dirichlet, near_degenerate, support_pairs, tiny_masses

__all__ = ["check_implementation", "ImplementationReport", "Disagreement"]

_REDUCTIONS = ("none", "mean", "sum")


@dataclass(frozen=True)
class Disagreement:
    """The first input where the implementation and the measure differ."""

    case: str
    row: int
    inputs: dict[str, list[float]]
    expected: float
    got: float
    error: float


@dataclass(frozen=True)
class ImplementationReport:
    """What :func:`check_implementation` found."""

    agreed: bool
    checked: int
    max_error: float
    tolerance: float
    cases: tuple[str, ...]
    dtype: str
    seed: int
    first: Optional[Disagreement] = None
    normalises_silently: Optional[bool] = None

    def __str__(self) -> str:
        lines = [f"{'agreed' if self.agreed else 'DISAGREED'} on {self.checked} inputs "
                 f"({self.dtype}, seed {self.seed}; cases: {', '.join(self.cases)})",
                 f"max relative error {self.max_error:.2e} (tolerance {self.tolerance:.1e})"]
        if self.first is not None:
            f = self.first
            lines.append(f"first disagreement, case {f.case!r}, row {f.row}: expected {f.expected!r}, got {f.got!r}")
            lines += [f"  {name} = {vals}" for name, vals in f.inputs.items()]
        if self.normalises_silently:
            lines.append("note: the implementation gives the same result for 2*P as for P: it normalises silently")
        return "\n".join(lines)


def _cases(rng: np.random.Generator, args: Sequence[Basic], k: int, batch: int):
    """``(name, {arg: (batch, k) array})`` for random and edge-case inputs."""
    dists = [a for a in args if isinstance(a, Distribution)]

    def logits(scale: float) -> dict:
        return {a: rng.normal(0.0, scale, size=(batch, k)) for a in args if isinstance(a, Logits)}

    for alpha in ALPHAS:
        yield f"dirichlet alpha={alpha:g}", {**{d: dirichlet(rng, batch, k, alpha) for d in dists}, **logits(3.0)}
    if len(dists) >= 2:
        for shared, name in ((True, "zeros, shared support"), (False, "zeros, p > 0 where q = 0")):
            P, Q = support_pairs(rng, batch, k, shared)
            yield name, {**{dists[0]: P, dists[1]: Q}, **{d: dirichlet(rng, batch, k) for d in dists[2:]}, **logits(3.0)}
    elif dists:
        P, _ = support_pairs(rng, batch, k, shared=True)
        yield "zeros, shared support", {dists[0]: P, **logits(3.0)}
    yield "near-degenerate", {**{d: near_degenerate(rng, batch, k) for d in dists}, **logits(30.0)}
    if dists:
        yield "tiny masses 1e-300", {**{d: tiny_masses(rng, batch, k) for d in dists}, **logits(3.0)}


def check_implementation(fn: Callable[..., Any], measure: Expr, args: Sequence[Basic], *,
                         size: Optional[int] = None, samples: int = 200, dtype: str = "float64",
                         seed: int = 0, reduction: str = "none") -> ImplementationReport:
    """Compare ``fn(*arrays)`` with *measure* on random and edge-case inputs.

    *args* lists the distributions and logits of *measure* in the order *fn*
    takes them; *fn* gets one ``(B, k)`` array of *dtype* for each and returns
    ``B`` values (``reduction="none"``) or their mean or sum.  *samples* rows
    are drawn per case.  *size* is the alphabet size to test at when the
    args have a symbolic size (if given for a fixed size, it must equal it).

    Bad arguments raise :class:`~symdiv.errors.InvalidTypeError` or
    :class:`~symdiv.errors.InvalidInputError` naming them.  An *fn* that
    fails on the inputs is not a disagreement, it is an error: if *fn*
    raises, the check stops with an :class:`~symdiv.errors.InvalidInputError`
    naming the exception and the case (its input class, e.g. ``'zeros,
    shared support'``), with the original exception chained as its
    ``__cause__``; if it returns something that is not an array of real
    numbers (a string, None, complex values), an
    :class:`~symdiv.errors.InvalidTypeError` naming what it returned; if it
    returns the wrong number of values, an
    :class:`~symdiv.errors.InvalidInputError` naming the shape.
    """
    if not callable(fn):
        raise InvalidTypeError(f"fn must be callable, got {valid.show(fn)}")
    measure = valid.expression(measure, "measure")
    args = _check_args(args, measure)
    samples = valid.integer(samples, "samples")
    seed = valid.seed(seed)
    np_dtype = numpy_dtype(valid.text(dtype, "dtype"))
    reduction = valid.one_of(reduction, "reduction", _REDUCTIONS)
    k, scalars = _size(args, size)
    expanded = expand_measures(measure)
    tol = rtol_for(np_dtype)
    rng = np.random.default_rng(seed)
    worst, checked, first, names = 0.0, 0, None, []
    for name, arrays in _cases(rng, args, k, samples):
        names.append(name)
        cast = {a: arr.astype(np_dtype) for a, arr in arrays.items()}
        # The reference sees exactly what the implementation sees (after the cast).
        ref, mag = evaluate(expanded, Env(bases={a: v.astype(np.float64) for a, v in cast.items()}, scalars=scalars))
        ref, mag = np.broadcast_to(ref, (samples,)), np.broadcast_to(mag, (samples,))
        got = _call(fn, [cast[a] for a in args], name)
        if reduction != "none":
            with np.errstate(all="ignore"):
                ref_r = ref.mean() if reduction == "mean" else ref.sum()
                mag_r = mag.mean() if reduction == "mean" else mag.sum()
            ref, mag = np.array([ref_r]), np.array([mag_r])
            got = got.reshape(1) if got.size == 1 else got
        if got.shape != ref.shape:
            raise InvalidInputError(f"fn returned shape {got.shape} on the case {name!r}, expected {ref.shape} "
                                    f"(reduction={reduction!r})")
        err = relative_errors(got, mag, ref, mag)
        checked += len(err)
        worst = max(worst, float(np.max(err)))
        bad = np.flatnonzero(err > tol)
        if bad.size and first is None:
            r = int(bad[0])
            inputs = {str(a): cast[a][r].tolist() for a in args} if reduction == "none" else {}
            first = Disagreement(name, r, inputs, float(ref[r]), float(got[r]), float(err[r]))
    return ImplementationReport(first is None, checked, worst, tol, tuple(names), dtype, seed, first,
                                _normalises(fn, args, k, np_dtype, rng, reduction))


def _check_args(args: object, measure: Expr) -> tuple[Basic, ...]:
    """*args* as a tuple of Distribution and Logits objects that covers those of *measure*."""
    if isinstance(args, (str, bytes)) or not isinstance(args, Sequence):
        raise InvalidTypeError(f"args must be a tuple of the Distribution and Logits objects fn takes, "
                               f"e.g. args=(P, Q); got {valid.show(args)}")
    if not args:
        raise InvalidInputError("args must list the Distribution and Logits objects fn takes, got none")
    for a in args:
        if not isinstance(a, (Distribution, Logits)):
            raise InvalidTypeError(f"args must be Distribution or Logits objects, got {valid.show(a)}")
    missing = sorted(measure.atoms(Distribution, Logits) - set(args), key=str)
    if missing:
        raise InvalidInputError(f"the measure uses {', '.join(map(str, missing))}, which args does not list; "
                                f"fn must take an array for each")
    return tuple(args)


def _size(args: Sequence[Basic], size: object) -> tuple[int, dict]:
    """The alphabet size to test at, and the value of the symbolic size if there is one."""
    sizes = {a.size for a in args}
    if len(sizes) != 1:
        raise InvalidInputError(f"all args must have one size, got {sorted(map(str, sizes))}")
    (common,) = sizes
    if size is not None:
        size = valid.integer(size, "size")
    if common.is_Integer:
        if size is not None and size != int(common):
            raise InvalidInputError(f"size={size} given, but the args have size {common}")
        return int(common), {}
    if size is None:
        raise InvalidInputError(f"give size=k for the symbolic size {common}")
    return size, {common: size}


#: How much of an exception's message an error quotes.
_QUOTED = 200


def _call(fn: Callable[..., Any], arrays: list, case: str) -> np.ndarray:
    """``fn(*arrays)`` as float64 values; a symdiv error if *fn* raises or returns no real numbers."""
    try:
        raw = fn(*arrays)
    except Exception as exc:  # the user's code: report it with the input that triggered it
        message = str(exc)[:_QUOTED]
        raise InvalidInputError(
            f"fn raised {type(exc).__name__}: {message} on the case {case!r} "
            f"({len(arrays)} array(s) of shape {arrays[0].shape}, {arrays[0].dtype}); "
            f"fn must return values for every valid input"
        ) from exc
    try:
        got = np.asarray(raw)
    except Exception as exc:  # e.g. a torch tensor that requires grad
        raise InvalidTypeError(f"fn must return an array of real numbers, got {valid.show(raw)} "
                               f"on the case {case!r}") from exc
    if got.dtype.kind not in "iuf":
        raise InvalidTypeError(f"fn must return an array of real numbers, got {valid.show(raw)} on the case {case!r}")
    return got.astype(np.float64)


def _normalises(fn, args, k, np_dtype, rng, reduction) -> Optional[bool]:
    """Whether *fn* returns the same for ``2 P`` as for ``P``: a sign of silent normalisation."""
    dists = [a for a in args if isinstance(a, Distribution)]
    if not dists:
        return None
    arrays = {a: (dirichlet(rng, 4, k) if isinstance(a, Distribution) else rng.normal(size=(4, k))).astype(np_dtype)
              for a in args}
    try:
        with np.errstate(all="ignore"):
            plain = np.asarray(fn(*[arrays[a] for a in args]), dtype=np.float64)
            scaled = np.asarray(fn(*[2 * arrays[a] if a == dists[0] else arrays[a] for a in args]), dtype=np.float64)
    except Exception:  # an implementation may rightly refuse unnormalised input
        return False
    return bool(np.allclose(plain, scaled, rtol=1e-6, atol=0))
