"""Numeric backend: vectorised evaluation, compiled checks, samplers, cross-checks.

* :func:`evaluate` – the evaluator, the oracle for the symbolic layer;
* :func:`compile_identity` – a fast compiled check of an identity on batches;
* :func:`check_implementation` – compare a loss implementation (numpy or torch) with a measure,
  and name the known mistake it makes;
* :mod:`symdiv.numeric.samplers` – seeded random and edge-case distributions;
* :func:`cross_check`, :func:`search_counterexample` – what ``prove`` uses.
"""

from typing import Any

from .check import Counterexample, Evidence, cross_check, search_counterexample
from .evaluate import Env, evaluate
from .exact import exact_value
from .instances import Point, Variables, variables_of

# The compiler (lambdify) and the implementation checker are loaded on first
# use: `symdiv verify` needs neither, and it should start fast.
_LAZY = {
    "CompiledIdentity": "compile", "compile_identity": "compile", "validate_batch": "compile",
    "Disagreement": "implementations", "ImplementationReport": "implementations", "CaseCount": "implementations",
    "Diagnosis": "implementations", "check_implementation": "implementations", "samplers": None,
}


def __getattr__(name: str) -> Any:
    import importlib

    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = _LAZY[name]
    if module is None:
        return importlib.import_module(f"{__name__}.{name}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)

__all__ = [
    "CaseCount",
    "CompiledIdentity",
    "Counterexample",
    "Diagnosis",
    "Disagreement",
    "Env",
    "Evidence",
    "ImplementationReport",
    "Point",
    "Variables",
    "check_implementation",
    "compile_identity",
    "cross_check",
    "evaluate",
    "exact_value",
    "samplers",
    "search_counterexample",
    "validate_batch",
    "variables_of",
]
