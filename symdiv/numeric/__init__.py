"""Numeric backend: vectorised evaluation, cross-checks, counterexample search."""

from .check import Counterexample, Evidence, cross_check, search_counterexample
from .evaluate import Env, evaluate
from .exact import exact_value
from .instances import Point, Variables, variables_of

__all__ = [
    "Counterexample",
    "Env",
    "Evidence",
    "Point",
    "Variables",
    "cross_check",
    "evaluate",
    "exact_value",
    "search_counterexample",
    "variables_of",
]
