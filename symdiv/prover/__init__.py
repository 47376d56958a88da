"""Prover: normal form, verdicts, ``prove`` and ``equivalent``."""

from ..core.domain import Domain, domain_of
from .normal_form import RULES, Normalised, Rule, Step, normalise
from .objectives import equivalent
from .prove import prove
from .verdict import Certificate, OrderReversal, Status, Verdict

__all__ = [
    "RULES",
    "Certificate",
    "Domain",
    "Normalised",
    "OrderReversal",
    "Rule",
    "Status",
    "Step",
    "Verdict",
    "domain_of",
    "equivalent",
    "normalise",
    "prove",
]
