"""Prover: normal form, verdicts, ``prove`` and ``equivalent``."""

from .normal_form import RULES, Context, Normalised, Rule, Step, context_of, normalise
from .objectives import equivalent
from .prove import prove
from .verdict import Certificate, OrderReversal, Status, Verdict

__all__ = [
    "RULES",
    "Certificate",
    "Context",
    "Normalised",
    "OrderReversal",
    "Rule",
    "Status",
    "Step",
    "Verdict",
    "context_of",
    "equivalent",
    "normalise",
    "prove",
]
