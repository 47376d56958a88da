"""Calling a loss implementation: numpy arrays or torch tensors, in any float type.

:func:`check_implementation` draws its inputs in float64 and hands them to the
implementation in the float type under test.  This module knows those types
(``float64``, ``float32``, ``float16``, ``bfloat16``), how to round an input
to one (:meth:`Backend.quantise`: what the implementation will see, as
float64 values the reference can use), and how to call a function written for
numpy or for torch:

* a numpy function gets numpy arrays of the type (bfloat16 has none: it
  needs torch);
* a torch function (an ``nn.Module``, a function from torch itself, or one
  that refuses numpy arrays and takes tensors) gets tensors of the type on
  its device (a module's parameters say which; ``device=`` chooses);
  integer arguments (class indices) come as ``torch.long``.

Outputs come back as float64 numpy arrays, whatever their device or
``requires_grad``.  torch is never imported here: a torch function means
torch is already loaded.

>>> b = Backend("numpy")
>>> b.quantise(np.array([0.1, 1e-300]), "float16").tolist()
[0.0999755859375, 0.0]
>>> float_type("half"), float_type(np.float32)
('float16', 'float32')
>>> rtol(np.float64) < 1e-13 < rtol("float16") < 0.01
True
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence

import numpy as np

from ..errors import InvalidInputError, InvalidTypeError
from . import _validate as valid
from ._words import Words
from .check import rtol_for

__all__ = ["FLOAT_TYPES", "FLOAT_MAX", "float_type", "rtol", "Backend", "choose_backend", "CallFailed"]

#: The float types an implementation can be checked in: name -> machine epsilon.
FLOAT_TYPES = {"float64": 2.0 ** -52, "float32": 2.0 ** -23, "float16": 2.0 ** -10, "bfloat16": 2.0 ** -7}
#: The largest finite value of each float type.
FLOAT_MAX = {"float64": float(np.finfo(np.float64).max), "float32": float(np.finfo(np.float32).max),
             "float16": 65504.0, "bfloat16": 3.3895313892515355e38}
_ALIASES = {"double": "float64", "float": "float32", "half": "float16"}

# Rounding error is bounded by the number of operations times eps times the
# magnitude of the terms.  check_implementation allows 2^7 of them in float64
# and float32 (the depth of the expressions symdiv evaluates); in the 16-bit
# types that would be 12% (float16) and 100% (bfloat16) of the magnitude,
# wide enough to pass a factor-2 bug.  torch rounds each elementwise step of
# a 16-bit loss once (computing it in float32), and the evaluator's magnitude
# already counts every operation: the correct torch losses the tests check
# stay within 3 eps times the magnitude (the largest, Bernoulli's entropy,
# goes through logits), so 2^3 eps leaves a margin: 0.8% of the magnitude in
# float16, 6.3% in bfloat16.
_SLACK_16 = 8.0


def float_type(dtype: object) -> str:
    """The name of a float type given by name (``"float16"``, ``"half"``), numpy type or torch dtype."""
    if isinstance(dtype, str):
        name = _ALIASES.get(dtype, dtype)
    elif isinstance(dtype, np.dtype) or (isinstance(dtype, type) and issubclass(dtype, np.generic)):
        name = np.dtype(dtype).name
    elif type(dtype).__name__ == "dtype" and type(dtype).__module__ == "torch":
        name = str(dtype).replace("torch.", "")
    else:
        raise InvalidTypeError(f"dtype must be a str, a numpy or torch float type, or a tuple of them, "
                               f"got {valid.show(dtype)}")
    if name not in FLOAT_TYPES:
        raise InvalidInputError(f"unknown dtype {dtype!r}; choose one of {list(FLOAT_TYPES)}")
    return name


def rtol(dtype: object) -> float:
    """The allowed error relative to the magnitude of the terms, in the float type *dtype*."""
    name = float_type(dtype)
    if name in ("float64", "float32"):
        return rtol_for(np.dtype(name))
    return _SLACK_16 * FLOAT_TYPES[name]


class CallFailed(Exception):
    """The implementation raised, or returned something that is not an array of real numbers:
    *words* says which, as a phrase."""

    def __init__(self, words: Words) -> None:
        super().__init__(str(words))
        self.words = words


@dataclass(frozen=True)
class Backend:
    """How an implementation is called: ``kind`` ``"numpy"`` or ``"torch"`` (on ``device``)."""

    kind: str
    device: str = ""

    def describe(self) -> str:
        return "numpy" if self.kind == "numpy" else f"torch ({self.device})"

    def _torch(self) -> Any:
        return sys.modules["torch"]

    def _torch_type(self, name: str) -> Any:
        return getattr(self._torch(), name)

    def quantise(self, values: np.ndarray, dtype: str) -> np.ndarray:
        """*values* rounded to *dtype*, as float64: exactly what the implementation will be given."""
        if dtype == "bfloat16":
            if self.kind != "torch":
                raise InvalidInputError("dtype 'bfloat16' needs a torch implementation: numpy has no bfloat16")
            torch = self._torch()
            with np.errstate(all="ignore"):
                t = torch.from_numpy(np.ascontiguousarray(values, dtype=np.float64)).to(torch.bfloat16)
            return t.to(torch.float64).numpy()
        with np.errstate(over="ignore"):
            return np.asarray(values, dtype=np.float64).astype(dtype).astype(np.float64)

    def inputs(self, arrays: Sequence[np.ndarray], integer: Sequence[bool], dtype: str) -> list:
        """The arrays (already quantised) as *fn* takes them: numpy arrays or tensors of *dtype*."""
        if self.kind == "numpy":
            return [a.astype(np.int64) if i else a.astype(dtype) for a, i in zip(arrays, integer)]
        torch = self._torch()
        out = []
        for a, i in zip(arrays, integer):
            t = torch.from_numpy(np.ascontiguousarray(a.astype(np.int64) if i else a.astype(np.float64)))
            out.append(t.to(device=self.device, dtype=torch.long if i else self._torch_type(dtype)))
        return out

    def call(self, fn: Callable[..., Any], inputs: list) -> np.ndarray:
        """``fn(*inputs)`` as float64 values; :class:`CallFailed` with a description if it fails."""
        try:
            with np.errstate(all="ignore"):
                raw = fn(*inputs)
        except Exception as exc:  # the user's code: report it, with what it said
            message = str(exc).strip().splitlines()[0][:_QUOTED] if str(exc).strip() else ""
            raise CallFailed(Words("impl_raised", (("error", type(exc).__name__), ("message", message)))) from exc
        return _real_values(raw)


#: How much of an exception's message a report quotes.
_QUOTED = 200


def _real_values(raw: object) -> np.ndarray:
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(raw, torch.Tensor):
        if raw.is_complex() or raw.dtype == torch.bool:
            raise CallFailed(Words("impl_returned", (("what", f"a tensor of {raw.dtype}"),)))
        return raw.detach().to("cpu", torch.float64).numpy().copy()
    try:
        got = np.asarray(raw)
    except Exception as exc:  # a ragged list, an object numpy cannot read
        raise CallFailed(Words("impl_returned", (("what", valid.show(raw)),))) from exc
    if got.dtype.kind not in "iuf":
        raise CallFailed(Words("impl_returned", (("what", valid.show(raw)),)))
    return got.astype(np.float64)


def _is_torch_function(fn: object) -> bool:
    torch = sys.modules.get("torch")
    if torch is None:
        return False
    if isinstance(fn, torch.nn.Module):
        return True
    module = getattr(fn, "__module__", None) or getattr(type(fn), "__module__", None) or ""
    return module.split(".")[0] == "torch"


def _module_device(fn: object) -> Optional[str]:
    """The device of a torch module's first parameter or buffer, if it has one."""
    torch = sys.modules.get("torch")
    if torch is None or not isinstance(fn, torch.nn.Module):
        return None
    for t in (*fn.parameters(), *fn.buffers()):
        return str(t.device)
    return None


def module_float_type(fn: object) -> Optional[str]:
    """The float type of a torch module's first floating parameter or buffer, if it has one."""
    torch = sys.modules.get("torch")
    if torch is None or not isinstance(fn, torch.nn.Module):
        return None
    for t in (*fn.parameters(), *fn.buffers()):
        if t.is_floating_point():
            return float_type(t.dtype)
    return None


def _device(device: object) -> str:
    torch = sys.modules.get("torch")
    if torch is None:
        raise InvalidInputError(f"device={device!r} is for torch implementations, and torch is not loaded")
    if not isinstance(device, (str, torch.device)):
        raise InvalidTypeError(f"device must be a str such as 'cpu' or 'cuda:0', or a torch.device, "
                               f"got {valid.show(device)}")
    try:
        torch.zeros(1, device=device)
    except Exception as exc:  # an unknown or absent device
        raise InvalidInputError(f"device {str(device)!r} cannot be used: {str(exc).splitlines()[0][:_QUOTED]}") \
            from exc
    return str(torch.device(device))


def choose_backend(fn: Callable[..., Any], backend: str, device: object, probe: Callable[[Backend], bool]
                   ) -> Backend:
    """The backend to call *fn* with.

    ``backend="auto"`` takes torch for an ``nn.Module``, a function of torch
    itself or when a *device* is given; otherwise numpy, unless *fn* fails on
    numpy arrays and works on tensors (``probe(backend)`` says whether a
    trial call works).
    """
    torch_device = _device(device) if device is not None else (_module_device(fn) or "cpu")
    as_torch = Backend("torch", torch_device)
    if backend == "torch":
        if "torch" not in sys.modules:
            raise InvalidInputError("backend='torch' needs torch: import torch first (pip install torch)")
        return as_torch
    if backend == "numpy":
        if device is not None:
            raise InvalidInputError(f"device={device!r} is for torch implementations, not backend='numpy'")
        return Backend("numpy")
    if device is not None or _is_torch_function(fn):
        return as_torch
    numpy = Backend("numpy")
    if "torch" in sys.modules and not probe(numpy) and probe(as_torch):
        return as_torch
    return numpy
