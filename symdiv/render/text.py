"""Plain-text rendering of verdicts, for the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sympy import sstr

if TYPE_CHECKING:  # pragma: no cover
    from ..prover.derivation import DerivationReport
    from ..prover.verdict import Verdict

__all__ = ["render_verdict", "render_derivation"]


def render_verdict(v: "Verdict") -> str:
    """A multi-line summary: statement, verdict, steps, counterexample, evidence."""
    lines = [f"{sstr(v.lhs)} = {sstr(v.rhs)}", f"verdict: {v.status}"]
    if v.reason:
        lines.append(f"reason: {v.reason}")
    if v.certificate is not None:
        c = v.certificate
        if c.kind == "affine":
            lines.append(f"certificate: f = a*g + b with a = {sstr(c.a)}, b = {sstr(c.b)}")
        else:
            lines.append(f"certificate: f = phi(g), phi = {sstr(c.phi)} "
                         f"({'increasing' if c.increasing else 'decreasing'})")
    if v.assumptions:
        lines.append("assumptions:")
        lines += [f"  {a}" for a in v.assumptions]
    if v.steps:
        lines.append("steps:")
        for n, step in enumerate(v.steps, start=1):
            side = f"[{step.side}] " if step.side else ""
            lines.append(f"  {n}. {side}{step.justification}: {sstr(step.expr)}")
    if v.counterexample is not None:
        lines.append("counterexample:")
        lines += [f"  {k} = {val}" for k, val in v.counterexample.describe().items()]
        diff = getattr(v.counterexample, "difference", None)
        if diff is not None:
            lines.append(f"  lhs = {sstr(diff.lhs)} ≈ {diff.lhs_value}")
            lines.append(f"  rhs = {sstr(diff.rhs)} ≈ {diff.rhs_value}")
        else:
            lines.append(f"  f: {sstr(v.counterexample.f_values[0])} vs {sstr(v.counterexample.f_values[1])}")
            lines.append(f"  g: {sstr(v.counterexample.g_values[0])} vs {sstr(v.counterexample.g_values[1])}")
    if v.evidence is not None:
        e = v.evidence
        lines.append(
            f"numeric check: {e.samples} samples at sizes {list(e.sizes) or 'as given'}, "
            f"{e.dtype}, seed {e.seed}, max relative error {e.max_error:.2e} "
            f"(tolerance {e.tolerance:.1e}){'' if e.agreed else ' DISAGREED'}"
        )
    return "\n".join(lines)


def render_derivation(r: "DerivationReport", lang: str = "en") -> str:
    """A checked derivation for the terminal: one line per step with its status."""
    from .phrases import phrase

    d = r.derivation
    lines = [d.title, sstr(d.start)]
    for s in r.steps:
        mark = "" if s.status.value == "proved" else f"   <-- {phrase(s.status.value, lang)}"
        lines.append(f"  {s.step.relation} {sstr(s.rhs)}    ({phrase(s.step.rule, lang)}){mark}")
    lines.append(f"{phrase('verdict', lang)}: {phrase(r.status.value, lang)}")
    if r.first_wrong is not None:
        bad = r.steps[r.first_wrong - 1]
        lines.append(f"{phrase('wrong_step', lang)}: {bad.index}: {sstr(bad.lhs)} {bad.step.relation} {sstr(bad.rhs)}")
        c = bad.verdict.counterexample
        if c is not None:
            lines += [f"  {k} = {val}" for k, val in c.describe().items()]
    return "\n".join(lines)
