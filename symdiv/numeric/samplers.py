"""Seeded samplers of batches of distributions, edge cases included.

Every sampler takes a ``numpy.random.Generator`` and returns a ``(B, k)``
float64 array whose rows are distributions (exactly representable edge cases
are built exactly, never by normalising user input).  :func:`edge_cases`
mixes them the way users meet them: Dirichlet at concentrations 0.1, 1 and 10,
exact zeros with and without shared support, near-degenerate rows, and
masses of 1e-300.

>>> rng = np.random.default_rng(0)
>>> P = dirichlet(rng, 4, 3, alpha=1.0)
>>> P.shape, bool(np.allclose(P.sum(axis=1), 1))
((4, 3), True)
>>> float(near_degenerate(rng, 1, 3)[0].max())
0.999999999999

Joint distributions of several random variables come as ``(B, n, m, ...)``
tables, of every kind :func:`joints` knows: dependent, independent, with
zero rows, columns or cells, and near-deterministic.

>>> J = joints(rng, 6, (2, 3))
>>> J.shape, bool(np.allclose(J.sum(axis=(1, 2)), 1))
((6, 2, 3), True)

A bad argument is refused by name, a missing generator included:

>>> dirichlet(None, 4, 3)
Traceback (most recent call last):
...
symdiv.errors.InvalidTypeError: rng must be a numpy.random.Generator, e.g. numpy.random.default_rng(0), got None of type NoneType
"""

from __future__ import annotations

from typing import Iterator, Optional

import numpy as np

from ..errors import InvalidInputError, InvalidTypeError
from . import _validate as valid

__all__ = [
    "ALPHAS",
    "dirichlet",
    "with_zeros",
    "near_degenerate",
    "tiny_masses",
    "support_pairs",
    "edge_cases",
    "edge_case_pairs",
    "joints",
    "JOINT_KINDS",
]

#: The Dirichlet concentrations sampled by default: spiky, uniform-ish, flat.
ALPHAS = (0.1, 1.0, 10.0)
_TINY = 1e-300


def _check(rng: object, batch: object, k: object) -> tuple[np.random.Generator, int, int]:
    """The common arguments, checked: a Generator and two positive ints."""
    return valid.generator(rng), valid.integer(batch, "batch"), valid.integer(k, "k")


def dirichlet(rng: np.random.Generator, batch: int, k: int, alpha: float = 1.0) -> np.ndarray:
    """``batch`` Dirichlet(alpha) rows of size ``k``.

    Small alpha underflows some masses to exactly 0, which is itself a case
    worth testing; rows that underflow entirely are replaced by a point mass.
    *alpha* must be a finite number > 0.
    """
    rng, batch, k = _check(rng, batch, k)
    alpha = valid.number(alpha, "alpha", above=0)
    g = rng.gamma(alpha, size=(batch, k))
    total = g.sum(axis=1, keepdims=True)
    empty = total[:, 0] == 0
    if empty.any():
        g[empty, rng.integers(0, k, size=int(empty.sum()))] = 1.0
        total = g.sum(axis=1, keepdims=True)
    return g / total


def with_zeros(rng: np.random.Generator, P: np.ndarray, fraction: float = 0.3) -> np.ndarray:
    """Copies of the rows of *P* with about *fraction* of the masses set to exactly 0.

    Each row keeps at least one positive mass and is rescaled to sum to 1.
    *P* is a ``(B, k)`` array of finite, non-negative numbers and
    *fraction* a number in ``[0, 1]``.
    """
    rng, P = valid.generator(rng), valid.rows(P, "P")
    return _with_zeros(rng, P, valid.number(fraction, "fraction", at_least=0, at_most=1))


def _with_zeros(rng: np.random.Generator, P: np.ndarray, fraction: float = 0.3) -> np.ndarray:
    """:func:`with_zeros` without the checks, for rows the samplers made themselves."""
    mask = rng.random(P.shape) < fraction
    keep = rng.integers(0, P.shape[1], size=P.shape[0])
    mask[np.arange(P.shape[0]), keep] = False
    out = np.where(mask, 0.0, P)
    out[np.arange(P.shape[0]), keep] = np.maximum(out[np.arange(P.shape[0]), keep], 1e-3)
    return out / out.sum(axis=1, keepdims=True)


def near_degenerate(rng: np.random.Generator, batch: int, k: int, eps: float = 1e-12) -> np.ndarray:
    """Rows with one mass ``1 - eps`` and the rest sharing ``eps`` (``0 < eps < 1``)."""
    rng, batch, k = _check(rng, batch, k)
    eps = valid.number(eps, "eps", above=0, below=1)
    if k == 1:
        return np.ones((batch, 1))
    rest = dirichlet(rng, batch, k - 1) * eps
    big = rng.integers(0, k, size=batch)
    out = np.empty((batch, k))
    rows = np.arange(batch)
    others = np.arange(k - 1)[None, :]
    out[rows[:, None], others + (others >= big[:, None])] = rest
    out[rows, big] = 1.0 - eps
    return out


def tiny_masses(rng: np.random.Generator, batch: int, k: int, tiny: float = _TINY) -> np.ndarray:
    """Dirichlet rows where about half the masses are replaced by *tiny* (1e-300).

    *tiny* must be above 0 and below ``1/k``, so that the other masses stay positive.
    """
    rng, batch, k = _check(rng, batch, k)
    tiny = valid.number(tiny, "tiny", above=0, below=1 / k)
    P = dirichlet(rng, batch, k)
    mask = rng.random(P.shape) < 0.5
    keep = rng.integers(0, k, size=batch)
    mask[np.arange(batch), keep] = False
    P = np.where(mask, tiny, P)
    # Rescale only the normal masses so that the tiny ones stay exactly tiny.
    normal = np.where(mask, 0.0, P)
    scale = (1.0 - mask.sum(axis=1, keepdims=True) * tiny) / normal.sum(axis=1, keepdims=True)
    return np.where(mask, tiny, P * scale)


def support_pairs(rng: np.random.Generator, batch: int, k: int, shared: bool) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(P, Q)`` with exact zeros: the same zeros if *shared*, else ``q = 0`` where ``p > 0`` too."""
    rng, batch, k = _check(rng, batch, k)
    shared = valid.flag(shared, "shared")
    P = _with_zeros(rng, dirichlet(rng, batch, k))
    if shared:
        Q = dirichlet(rng, batch, k) * (P > 0)
        return P, Q / Q.sum(axis=1, keepdims=True)
    return P, _with_zeros(rng, dirichlet(rng, batch, k))


def _kinds(rng: np.random.Generator, batch: int, k: int) -> Iterator[np.ndarray]:
    for alpha in ALPHAS:
        yield dirichlet(rng, batch, k, alpha)
    yield _with_zeros(rng, dirichlet(rng, batch, k))
    yield near_degenerate(rng, batch, k)
    yield tiny_masses(rng, batch, k)


def edge_cases(rng: np.random.Generator, batch: int, k: int) -> np.ndarray:
    """*batch* rows mixing every kind above, in random order."""
    rng, batch, k = _check(rng, batch, k)
    per = -(-batch // 6)
    rows = np.concatenate(list(_kinds(rng, per, k)))[:batch]
    return rows[rng.permutation(len(rows))]


def edge_case_pairs(rng: np.random.Generator, batch: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """*batch* pairs ``(P, Q)``: independent edge-case rows, plus pairs with and without shared support."""
    rng, batch, k = _check(rng, batch, k)
    third = -(-batch // 3)
    P1, Q1 = edge_cases(rng, third, k), edge_cases(rng, third, k)
    P2, Q2 = support_pairs(rng, third, k, shared=True)
    P3, Q3 = support_pairs(rng, third, k, shared=False)
    P = np.concatenate([P1, P2, P3])[:batch]
    Q = np.concatenate([Q1, Q2, Q3])[:batch]
    order = rng.permutation(len(P))
    return P[order], Q[order]


def _shape(shape: object) -> tuple[int, ...]:
    if not isinstance(shape, (tuple, list)) or not shape:
        raise InvalidTypeError(f"shape must be a non-empty tuple of positive ints, got {valid.show(shape)}")
    return tuple(valid.integer(n, "a size in shape") for n in shape)


def _dependent(rng: np.random.Generator, batch: int, shape: tuple[int, ...]) -> np.ndarray:
    cells = int(np.prod(shape))
    alpha = rng.choice(np.array(ALPHAS), size=(batch, 1))
    g = np.maximum(rng.gamma(alpha, size=(batch, cells)), np.finfo(np.float64).tiny)
    return (g / g.sum(axis=1, keepdims=True)).reshape((batch, *shape))


def _independent(rng: np.random.Generator, batch: int, shape: tuple[int, ...]) -> np.ndarray:
    out = np.ones((batch,) + (1,) * len(shape))
    for axis, n in enumerate(shape):
        part = dirichlet(rng, batch, n).reshape((batch,) + tuple(n if a == axis else 1 for a in range(len(shape))))
        out = out * part
    return out


def _zero_slices(rng: np.random.Generator, batch: int, shape: tuple[int, ...]) -> np.ndarray:
    """Tables with a whole row (or column, ...) at 0, when the axis has more than one outcome."""
    out = _dependent(rng, batch, shape)
    for b in range(batch):
        axes = [a for a, n in enumerate(shape) if n > 1]
        if axes:
            axis = axes[rng.integers(len(axes))]
            index = [slice(None)] * len(shape)
            index[axis] = rng.integers(shape[axis])
            out[b][tuple(index)] = 0.0
    return out / out.sum(axis=tuple(range(1, len(shape) + 1)), keepdims=True)


def _zero_cells(rng: np.random.Generator, batch: int, shape: tuple[int, ...]) -> np.ndarray:
    flat = _dependent(rng, batch, shape).reshape(batch, -1)
    return _with_zeros(rng, flat, 0.4).reshape((batch, *shape))


def _near_deterministic(rng: np.random.Generator, batch: int, shape: tuple[int, ...]) -> np.ndarray:
    return near_degenerate(rng, batch, int(np.prod(shape))).reshape((batch, *shape))


#: The kinds of joint table :func:`joints` mixes, by name.
JOINT_KINDS = {
    "dependent": _dependent,
    "independent": _independent,
    "zero_slices": _zero_slices,
    "zero_cells": _zero_cells,
    "near_deterministic": _near_deterministic,
}


def joints(rng: np.random.Generator, batch: int, shape: tuple[int, ...], kinds: Optional[tuple[str, ...]] = None
           ) -> np.ndarray:
    """*batch* joint tables of *shape* (``(B, n, m, ...)``, each summing to 1), mixing *kinds*.

    *kinds* names entries of :data:`JOINT_KINDS` (all of them by default):
    dependent Dirichlet tables at several concentrations, products of
    independent marginals, tables with a zero row or column, with zero
    cells, and near-deterministic ones.
    """
    rng, batch = valid.generator(rng), valid.integer(batch, "batch")
    shape = _shape(shape)
    chosen = tuple(JOINT_KINDS) if kinds is None else tuple(kinds)
    unknown = [k for k in chosen if k not in JOINT_KINDS]
    if unknown or not chosen:
        raise InvalidInputError(f"unknown joint kinds {unknown}; choose from {sorted(JOINT_KINDS)}")
    per = -(-batch // len(chosen))
    tables = np.concatenate([JOINT_KINDS[k](rng, per, shape) for k in chosen])[:batch]
    return tables[rng.permutation(len(tables))]
