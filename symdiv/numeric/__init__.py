"""Numeric backend: vectorised evaluation, compiled checks, samplers, cross-checks.

* :func:`evaluate` – the evaluator, the oracle for the symbolic layer;
* :func:`compile_identity` – a fast compiled check of an identity on batches;
* :func:`check_implementation` – compare a loss implementation with a measure;
* :mod:`symdiv.numeric.samplers` – seeded random and edge-case distributions;
* :func:`cross_check`, :func:`search_counterexample` – what ``prove`` uses.
"""

from . import samplers
from .check import Counterexample, Evidence, cross_check, search_counterexample
from .compile import CompiledIdentity, compile_identity, validate_batch
from .evaluate import Env, evaluate
from .exact import exact_value
from .implementations import Disagreement, ImplementationReport, check_implementation
from .instances import Point, Variables, variables_of

__all__ = [
    "CompiledIdentity",
    "Counterexample",
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
