"""JSON-ready dictionaries for verdicts and derivations (for ``--format json``)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Optional

from sympy import sstr

from .latex import latex
from .phrases import phrase
from .text import condition_text, decimal

if TYPE_CHECKING:  # pragma: no cover
    from ..check import DocumentCheck
    from ..prover.derivation import DerivationReport
    from ..prover.verdict import Verdict

__all__ = ["verdict_json", "derivation_json", "document_check_json", "evidence_json", "certificate_json", "number"]


def _counterexample(c: Any) -> Optional[dict[str, Any]]:
    if c is None:
        return None
    return {"values": c.describe(),
            "sides": [{"what": key, "exact": sstr(value), "approx": decimal(value)} for key, value in c.values()]}


def verdict_json(v: "Verdict") -> dict[str, Any]:
    """Everything in a verdict, as plain JSON types; ``status`` is that of its claim."""
    out: dict[str, Any] = {
        "status": v.status.value,
        "relation": v.relation.value,
        "component": None if v.claim.component is None else str(v.claim.component),
        "lhs": sstr(v.lhs),
        "rhs": sstr(v.rhs),
        "lhs_latex": latex(v.lhs),
        "rhs_latex": latex(v.rhs),
        "reason": v.reason,
        "reasons": [{"key": r.key, "values": {k: str(x) for k, x in r.values}} for r in v.reasons],
        "assumptions": [str(a) for a in v.assumptions],
        "conditions": [condition_text(c) for c in v.conditions],
        "steps": [{"side": s.side, "rule": s.rule, "justification": s.justification, "relation": s.relation,
                   "expr": sstr(s.expr)}
                  for s in v.steps],
        "counterexample": _counterexample(v.counterexample),
        "seconds": round(v.seconds, 4),
    }
    if v.evidence is not None:
        out["evidence"] = evidence_json(v.evidence)
    if v.certificate is not None:
        out["certificate"] = certificate_json(v.certificate)
    return out


def number(x: float) -> Any:
    """A float as strict JSON allows it: ``Infinity`` and ``NaN`` are not JSON, so they become text.

    >>> number(0.5), number(float("inf")), number(float("nan"))
    (0.5, 'inf', 'nan')
    """
    return x if math.isfinite(x) else str(x)


def evidence_json(e: Any) -> dict[str, Any]:
    """The numeric evidence of a verdict: how it was checked, and what was seen."""
    return {"samples": e.samples, "sizes": list(e.sizes), "max_error": number(e.max_error),
            "tolerance": number(e.tolerance), "seed": e.seed, "dtype": e.dtype, "agreed": e.agreed,
            "resolved_exactly": e.resolved}


def certificate_json(c: Any) -> dict[str, Any]:
    """A certificate: of equivalent objectives, or of an inequality (what the difference of its sides equals)."""
    if c.bound is not None:
        return {"kind": c.kind, "bound": sstr(c.bound), "bound_latex": latex(c.bound)}
    if c.kind == "affine":
        return {"kind": "affine", "a": sstr(c.a), "b": sstr(c.b)}
    return {"kind": "monotone", "phi": sstr(c.phi), "increasing": c.increasing}


def derivation_json(r: "DerivationReport", lang: str = "en") -> dict[str, Any]:
    """A checked derivation: overall status, the first wrong step, every step."""
    d = r.derivation
    return {
        "name": d.name,
        "title": d.title,
        "status": r.status.value,
        "first_wrong": r.first_wrong,
        "steps": [
            {"index": s.index, "relation": s.step.relation, "rule": s.step.rule,
             "justification": phrase(s.step.rule, lang), "lhs": sstr(s.lhs), "rhs": sstr(s.rhs),
             "lhs_latex": latex(s.lhs), "rhs_latex": latex(s.rhs), "status": s.status.value,
             "counterexample": _counterexample(s.verdict.counterexample)}
            for s in r.steps
        ],
    }


def document_check_json(d: "DocumentCheck") -> dict[str, Any]:
    """A checked document: overall status, the first wrong step, and every step with its source line."""
    wrong = d.first_wrong
    return {
        "file": d.origin,
        "status": d.status.value,
        "first_wrong": None if wrong is None else {"line": wrong.line, "column": wrong.column},
        "chains": [
            {"line": c.chain.line, "environment": c.chain.environment, "status": c.report.status.value,
             "component": None if c.chain.component is None else str(c.chain.component),
             "start": {"source": c.chain.links[0].source, "expr": sstr(c.chain.links[0].expr)},
             "wrt": [sstr(p) for p in c.chain.wrt],
             "optimiser": c.chain.optimiser or None,
             "steps": [
                 {"index": s.report.index, "line": s.line, "column": s.column, "relation": s.link.relation,
                  "source": s.link.source,
                  "annotation": s.link.annotation, "status": s.status.value, "lhs": sstr(s.report.lhs),
                  "rhs": sstr(s.report.rhs), "reason": s.report.verdict.reason,
                  "conditions": [condition_text(c) for c in s.report.verdict.conditions],
                  "counterexample": _counterexample(s.report.verdict.counterexample),
                  "certificate": None if s.report.verdict.certificate is None
                  else certificate_json(s.report.verdict.certificate)}
                 for s in c.steps
             ],
             "conclusion": _conclusion(c.conclusion, c.report.status.value == "proved"),
             "no_conclusion": c.no_conclusion or None}
            for c in d.chains
        ],
        "declarations": [{"line": x.line, "column": x.column, "name": x.name, "values": [sstr(v) for v in x.values],
                          "source": x.source} for x in d.declarations],
        "skipped": [{"line": e.line, "column": e.column, "message": e.message} for e in d.skipped],
    }


def _conclusion(claim: Any, established: bool) -> Optional[dict[str, Any]]:
    """What a chain shows, first link against last: ``relation`` is ``=``, ``!=``, ``<=``, ``>=``, ``<``,
    ``>`` or ``~`` (the same minimisers, with ``wrt`` and ``senses``); ``established`` says whether every
    link holds, without which the conclusion does not follow (None: the links combine into none, and
    ``no_conclusion`` beside it says why)."""
    if claim is None:
        return None
    out: dict[str, Any] = {"relation": claim.relation.value, "lhs": sstr(claim.lhs), "rhs": sstr(claim.rhs),
                           "established": established}
    if claim.relation.value == "~":
        out.update(wrt=[sstr(p) for p in claim.wrt], senses=list(claim.senses))
    return out
