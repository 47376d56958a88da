"""Plain-text rendering of verdicts, for the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .ascii import ascii_form

if TYPE_CHECKING:  # pragma: no cover
    from ..check import DocumentCheck
    from ..prover.derivation import DerivationReport
    from ..prover.verdict import Verdict

__all__ = ["render_verdict", "render_derivation", "render_document_check", "condition_text", "claim_text", "note_text",
           "stage_text", "stop_text", "decimal", "certificate_text", "named_explicit"]


def condition_text(c: Any) -> str:
    """A side condition in the reader's notation: ``n >= 3``, ``z_j != 0``.

    >>> from sympy import Ne, Symbol
    >>> condition_text(Ne(Symbol("x"), 0))
    'x != 0'
    """
    return ascii_form(c)


def note_text(reason: Any, lang: str = "en", marked: bool = False) -> str:
    """A verdict's reason in words, with its values in the reader's notation (between backquotes
    if *marked*, as :func:`~symdiv.render.phrases.phrase` marks maths, for a document to typeset).

    >>> from symdiv.prover.verdict import Note
    >>> note_text(Note("numeric_agreed", (("samples", 256),)), "zh")
    '数值上两边在 256 个随机实例上一致'
    """
    from sympy import Basic

    from .phrases import phrase

    from ..budget import Stop

    def word(name: str, v: Any) -> str:
        if isinstance(v, Basic):
            return f"`{ascii_form(v)}`" if marked else ascii_form(v)
        if isinstance(v, Stop):
            return stop_text(v, lang)
        return stage_text(v, lang) if name == "stage" else str(v)

    values = {k: word(k, v) for k, v in reason.values}
    if reason.key in _SIZED:
        values["index"] = _index_letter(values)
    return phrase(reason.key, lang, marked=marked).format(**values)


#: Assumptions about a family over an alphabet ``1..size``: worded with an index letter that
#: matches the size (``q_k > 0 for k = 1..K``).
_SIZED = ("assume_distribution", "assume_logits", "assume_dataset", "assume_positive", "assume_labels")


def _index_letter(values: dict[str, str]) -> str:
    """``k`` for an alphabet of size ``K``; ``i`` for ``n``, a number, or a letter already in use."""
    size = values.get("size", "")
    letter = size.lower()
    taken = {values.get("letter", ""), values.get("name", "").lower(), "n", "c", "e", "s", "x"}
    return letter if len(size) == 1 and size.isupper() and letter not in taken else "i"


def stage_text(key: str, lang: str = "en") -> str:
    """A stage of the work (a key of :data:`symdiv.budget.STAGES`) in words; a stage
    named outside symdiv is shown as named.

    >>> stage_text("cross_check", "zh")
    '数值交叉检验'
    """
    from ..budget import STAGES
    from .phrases import phrase

    return phrase(f"stage_{key}", lang) if key in STAGES else key


def stop_text(stop: Any, lang: str = "en") -> str:
    """Why work stopped (a :class:`symdiv.budget.Stop`) in words.

    >>> from symdiv.budget import Stop
    >>> stop_text(Stop("time", "normal_form", 5, "collect"), "zh")
    '化为标准形式（规则：展开并合并同类项）中超出 5 秒的时间预算'
    """
    from .phrases import PHRASES, phrase

    where = stage_text(stop.stage, lang)
    if stop.rule:
        rule = phrase(stop.rule, lang) if stop.rule in PHRASES else stop.rule
        where = phrase("in_rule", lang).format(stage=where, rule=rule)
    if stop.limit is None:
        return phrase(f"stop_{stop.kind}_unknown", lang).format(stage=where)
    return phrase(f"stop_{stop.kind}", lang).format(stage=where, limit=f"{stop.limit:g}")


def claim_text(claim: Any, lang: str = "en") -> str:
    """A claim in the text notation: ``lhs = rhs``, or for the same minimisers
    ``argmin_{theta} f = argmin_{theta} g``; with ``where P = (1/2, 1/2)`` after it for the
    explicit distributions it names (in English, the statement ``symdiv prove`` reads back).

    >>> import symdiv as sd
    >>> from symdiv.prover.claim import Claim, Relation
    >>> n = sd.alphabet_size()
    >>> P, Q = sd.Distribution("P", n), sd.Distribution("Q", n)
    >>> claim_text(Claim(sd.CrossEntropy(P, Q), Relation.SAME_MINIMISERS, sd.KL(P, Q), wrt=(Q,)))
    'argmin_{Q} H(P, Q) = argmin_{Q} D(P||Q)'
    """
    from ..prover.claim import Relation

    if claim.relation is Relation.SAME_MINIMISERS:
        params = ", ".join(ascii_form(p) for p in claim.wrt)
        left, right = (f"arg{s}_{{{params}}} {ascii_form(e)}" for s, e in zip(claim.senses, (claim.lhs, claim.rhs)))
        text = f"{left} = {right}"
    elif claim.relation is Relation.MINIMISER:
        text = f"argmin_{{{ascii_form(claim.wrt[0])}}} {ascii_form(claim.lhs)} = {ascii_form(claim.rhs)}"
    else:
        text = f"{ascii_form(claim.lhs)} {claim.relation.symbol} {ascii_form(claim.rhs)}"
    declared = named_explicit(claim.lhs, claim.rhs)
    if declared:
        from .phrases import phrase

        from .order import nested

        text += f" {phrase('where_declared', lang)} " + ", ".join(
            f"{ascii_form(d)} = {nested([ascii_form(v) for v in d.values], [int(k) for k in d.shape])}"
            for d in declared)
    return text


def named_explicit(*exprs: Any) -> list[Any]:
    """The explicit distributions with a name (declared, ``P = (1/2, 1/2)``) in *exprs*, by name; of a
    joint table and its marginals (all named ``p``), the one over the most variables."""
    from sympy import Basic

    from ..core.model import ExplicitDistribution

    found: dict[str, Any] = {}
    for d in (d for e in exprs if isinstance(e, Basic) for d in e.atoms(ExplicitDistribution) if not d.anonymous):
        if d.name not in found or len(d.shape) > len(found[d.name].shape):
            found[d.name] = d
    return [found[name] for name in sorted(found)]


def certificate_text(c: Any, lang: str = "en", claim: Any = None) -> str:
    """The certificate on one line: of equivalent objectives (``f = a*g + b, a = N, b = 0``), or of
    an inequality (``D(P||Q) = sum_i q_i*phi(p_i/q_i) >= 0``: what the difference of the sides equals)."""
    from .phrases import phrase

    if c.kind == "affine":
        return f"{phrase('certificate', lang)}: f = a*g + b, a = {ascii_form(c.a)}, b = {ascii_form(c.b)}"
    if c.bound is not None and claim is not None:
        big, small = claim.oriented()
        if big - small == c.bound:  # the difference is itself the bound (I(X;Y|Z) >= 0)
            return f"{phrase('certificate', lang)}: {ascii_form(c.bound)} >= 0"
        return f"{phrase('certificate', lang)}: {ascii_form(big - small)} = {ascii_form(c.bound)} >= 0"
    return (f"{phrase('certificate', lang)}: f = phi(g), phi = {ascii_form(c.phi)} "
            f"({phrase('increasing' if c.increasing else 'decreasing', lang)})")


def render_verdict(v: "Verdict", lang: str = "en") -> str:
    """A multi-line summary: the claim as made, its status, certificate, steps, counterexample, evidence."""
    from .phrases import phrase

    lines = [claim_text(v.claim, lang), f"{phrase('verdict', lang)}: {phrase(v.status.value, lang)}"]
    if v.conditions:
        lines[-1] += f", {phrase('where', lang)} " + ", ".join(condition_text(c) for c in v.conditions)
    if v.claim.component is not None:
        lines.append(f"({phrase('componentwise', lang)} {v.claim.component})")
    if v.reasons:
        lines.append(f"{phrase('reason', lang)}: " + "; ".join(note_text(r, lang) for r in v.reasons))
    if v.certificate is not None:
        lines.append(certificate_text(v.certificate, lang, v.claim))
        from .documents import phi_definition

        phi = phi_definition(v)
        if phi is not None:
            lines.append("  " + phrase("phi_defined", lang).format(phi=" = ".join(ascii_form(e) for e in phi)))
    if v.assumptions:
        lines.append(f"{phrase('assumptions', lang)}:")
        lines += [f"  {note_text(a, lang)}" for a in v.assumptions]
    if v.steps:
        lines.append(f"{phrase('steps', lang)}:")
        for n, step in enumerate(v.steps, start=1):
            side = f"[{phrase(step.side, lang)}] " if step.side else ""
            relation = "" if step.relation == "=" else f"{step.relation} "
            lines.append(f"  {n}. {side}{phrase(step.rule, lang)}: {relation}{ascii_form(step.expr)}")
    if v.counterexample is not None:
        lines.append(f"{phrase('witness' if v.proved else 'counterexample', lang)}:")
        lines += _counterexample_lines(v.counterexample, lang=lang)
    if v.evidence is not None:
        e = v.evidence
        sizes = ", ".join(map(str, e.sizes)) if e.sizes else phrase("as_given", lang)
        if e.dtype == "exact":  # random tables checked in exact arithmetic (a Shannon-type certificate's check)
            lines.append(f"{phrase('numeric_check', lang)}: "
                         + phrase("evidence_tables", lang).format(samples=e.samples, seed=e.seed)
                         + ("" if e.agreed else " " + phrase("disagreed", lang)))
            return "\n".join(lines)
        lines.append(f"{phrase('numeric_check', lang)}: " + phrase("evidence_line", lang).format(
            samples=e.samples, sizes=sizes, dtype=e.dtype, seed=e.seed, error=f"{e.max_error:.2e}",
            tolerance=f"{e.tolerance:.1e}") + ("" if e.agreed else " " + phrase("disagreed", lang)))
    return "\n".join(lines)


def _where_lines(c: Any, indent: str = "  ", lang: str = "en") -> list[str]:
    """The instance a counterexample names, a line per name; for two parameter values
    (an order reversal) each name that differs shows both."""
    from .phrases import phrase

    first, *rest = [p.describe() for p in c.points]
    versus = f" {phrase('versus', lang)} "
    return [f"{indent}{k} = " + versus.join(dict.fromkeys([v, *(r.get(k, v) for r in rest)]))
            for k, v in first.items()]


def _counterexample_lines(c: Any, indent: str = "  ", lang: str = "en") -> list[str]:
    from .phrases import phrase

    lines = _where_lines(c, indent, lang)
    for key, value in c.values():
        lines.append(f"{indent}{phrase(key, lang)}: {ascii_form(value)} ≈ {decimal(value)}")
    return lines


def decimal(value: Any, digits: int = 20) -> str:
    """*value* to *digits* significant digits, for display beside its exact form ("?" if it has none).

    >>> from sympy import log
    >>> decimal(log(2), 5)
    '0.69315'
    """
    try:
        return str(value.evalf(digits))
    except Exception:  # display only: the exact value is shown beside it
        return "?"


def render_derivation(r: "DerivationReport", lang: str = "en") -> str:
    """A checked derivation for the terminal: one line per step with its status."""
    from .phrases import phrase, title

    d = r.derivation
    lines = [title("derivation", d.name, d.title, lang), ascii_form(d.start)]
    for s in r.steps:
        mark = "" if s.status.value == "proved" else f"   <-- {phrase(s.status.value, lang)}"
        lines.append(f"  {s.step.relation} {ascii_form(s.rhs)}    ({phrase(s.step.rule, lang)}){mark}")
    lines.append(f"{phrase('verdict', lang)}: {phrase(r.status.value, lang)}")
    if r.first_wrong is not None:
        bad = r.steps[r.first_wrong - 1]
        lines.append(f"{phrase('wrong_step', lang)}: {bad.index}: {ascii_form(bad.lhs)} {bad.step.relation} {ascii_form(bad.rhs)}")
        c = bad.verdict.counterexample
        if c is not None:
            lines += _where_lines(c, "  ", lang)
    return "\n".join(lines)


#: How a step's relation is shown: ``~`` is the same minimisers (and the status says so in words).
_SYMBOL = {"=": "=", "!=": "≠", "~": "~", "<=": "≤", ">=": "≥", "<": "<", ">": ">"}


def _shorten(text: str, width: int = 72) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def render_document_check(d: "DocumentCheck", lang: str = "en") -> str:
    """A checked document for the terminal: every step with its source line and status."""
    from .phrases import phrase

    steps = d.steps
    lines = [f"{d.origin or phrase('input', lang)}: "
             + phrase("chains_and_steps", lang).format(chains=len(d.chains), steps=len(steps))]
    width = max([0] + [len(s.link.source[:72]) for s in steps])
    # Declarations and chains in document order (a declaration holds for what follows it).
    parts: list[tuple[int, list[str]]] = [
        (x.line, [f"{phrase('line', lang)} {x.line:<4}  {x.source}    {phrase('declaration', lang)}"])
        for x in d.declarations]
    for c in d.chains:
        chain = c.chain
        head = chain.links[0]
        suffix = f" ({phrase('componentwise', lang)} {chain.component})" if chain.component is not None else ""
        optimiser = f"{chain.optimiser} = " if chain.optimiser else ""
        shown = [f"{phrase('line', lang)} {head.line:<4}  {_shorten(optimiser + head.source)}{suffix}"]
        for s in c.steps:
            status = phrase(s.status.value, lang)
            mark = status if s.status.value == "proved" else status.upper() + "  <--"
            if s.link.relation == "~":
                mark += f" ({phrase('same_minimisers', lang)})"
            note = f"  [{s.link.annotation}]" if s.link.annotation else ""
            if s.report.verdict.conditions:
                where = ", ".join(condition_text(c) for c in s.report.verdict.conditions)
                mark += f" {phrase('where', lang)} {where}"
            shown.append(f"{phrase('line', lang)} {s.line:<4}  {_SYMBOL[s.link.relation]} "
                         f"{_shorten(s.link.source):<{width}}  {mark}{note}")
            if s.report.verdict.certificate is not None:
                shown.append(f"{' ' * 12}{certificate_text(s.report.verdict.certificate, lang, s.report.verdict.claim)}")
        conclusion = c.conclusion
        if conclusion is not None and conclusion.relation.value == "~" and len(c.steps) > 1:
            shown.append(f"{' ' * 12}{phrase('conclusion', lang)} ({phrase('same_minimisers', lang)}): "
                         f"{claim_text(conclusion, lang)}")
        elif c.inequality and conclusion is None:
            shown.append(f"{' ' * 12}{phrase('conclusion', lang)}: {phrase(c.no_conclusion, lang)}")
        elif c.inequality:
            # a chain with an inequality establishes one relation between its ends, if every link holds
            holds = "conclusion_holds" if c.report.status.value == "proved" else "conclusion_open"
            shown.append(f"{' ' * 12}{phrase('conclusion', lang)}: {claim_text(conclusion, lang)}  "
                         f"({phrase(holds, lang)})")
        parts.append((head.line, shown))
    for _, shown in sorted(parts, key=lambda part: part[0]):
        lines += shown
    wrong = d.first_wrong
    if wrong is not None:
        lines.append(f"{phrase('wrong_step', lang)}: {phrase('line', lang)} {wrong.line}, "
                     f"{phrase('column', lang)} {wrong.column}")
        lines.append(f"  {_shorten(wrong.previous.source, 60)} {_SYMBOL[wrong.link.relation]} "
                     f"{_shorten(wrong.link.source, 60)}")
        c = wrong.report.verdict.counterexample
        if c is not None:
            lines.append(f"  {phrase('counterexample', lang)}:")
            lines += _counterexample_lines(c, indent="    ", lang=lang)
    for s in steps:
        if s.status.value == "unknown" and s.report.verdict.reasons:
            why = "; ".join(note_text(r, lang) for r in s.report.verdict.reasons)
            lines.append(f"{phrase('line', lang)} {s.line}: {phrase('unknown', lang)}: {why}")
    for error in d.skipped:
        lines.append(f"{phrase('line', lang)} {error.line}: {phrase('skipped', lang)}: {error.message}")
    counts = {k: sum(s.status.value == k for s in steps) for k in ("proved", "refuted", "unknown")}
    lines.append(f"{phrase('verdict', lang)}: {phrase(d.status.value, lang)} "
                 f"({', '.join(f'{n} {phrase(k, lang)}' for k, n in counts.items())}"
                 + (f", {len(d.skipped)} {phrase('skipped', lang)})" if d.skipped else ")"))
    return "\n".join(lines)
