"""LaTeX and Markdown documents for derivations and verdicts.

All mathematics goes through :class:`~symdiv.render.latex.SymdivLatexPrinter`;
all words come from :data:`~symdiv.render.phrases.PHRASES`.  A derivation is
laid out as ``align*`` (``aligned`` inside ``$$`` for Markdown) with one
``\\text{...}`` justification per line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Optional, Union

from sympy import Add, Expr, Mul, Rational, Tuple

from .latex import latex
from .phrases import phrase
from .phrases import title as title_of

if TYPE_CHECKING:  # pragma: no cover
    from ..numeric.instances import Point
    from ..prover.derivation import Derivation, DerivationReport
    from ..prover.claim import Claim
    from ..prover.verdict import Verdict

__all__ = [
    "theorem_sections",
    "theorem_markdown",
    "derivation_latex",
    "derivation_markdown",
    "verdict_latex",
    "verdict_markdown",
    "claim_latex",
    "latex_document",
    "point_latex",
]

_RELATION = {"=": "=", "!=": r"\neq", "~": "="}


def _line(expr: Expr, sense: Optional[str], wrt: Any, settings: dict) -> str:
    body = latex(expr, **settings)
    if sense is None:
        return body
    params = wrt if not isinstance(wrt, (list, tuple)) else wrt[0]
    op = r"\operatorname*{arg\,max}" if sense == "max" else r"\operatorname*{arg\,min}"
    return rf"{op}_{{{latex(params)}}} {body}"


def _as_report(d: Union["Derivation", "DerivationReport"]) -> tuple["Derivation", Optional["DerivationReport"]]:
    from ..prover.derivation import DerivationReport

    return (d.derivation, d) if isinstance(d, DerivationReport) else (d, None)


def derivation_latex(d: Union["Derivation", "DerivationReport"], *, lang: str = "en",
                     environment: str = "align*", **settings: Any) -> str:
    """The derivation as an ``align*`` (or ``aligned``) environment; wrong steps are marked."""
    derivation, report = _as_report(d)
    statuses = {s.index: s.status for s in report.steps} if report else {}
    rows = []
    first = _line(derivation.start, derivation.sense, derivation.wrt, settings)
    for index, step in enumerate(derivation.steps, start=1):
        left = first if index == 1 else ""
        rhs = _line(step.expr, step.sense, derivation.wrt, settings)
        note = _escape(phrase(step.rule, lang))
        status = statuses.get(index)
        if status is not None and status.value != "proved":
            note += f" [{_escape(phrase(status.value, lang))}]"
        rows.append(rf"{left} &{_RELATION[step.relation]} {rhs} && \text{{{note}}}")
    return f"\\begin{{{environment}}}\n" + " \\\\\n".join(rows) + f"\n\\end{{{environment}}}"


def point_latex(point: "Point") -> str:
    """An instance as ``n = 2, \\quad P = (1/2, 1/2), ...``."""
    parts = [rf"{latex(s)} = {k}" for s, k in point.sizes]
    parts += [rf"{latex(base)} = {latex(Tuple(*vals))}" for base, vals in point.values]
    parts += [rf"{d.name} = {latex(Tuple(*xs))}" for d, xs in point.samples]
    parts += [rf"{latex(s)} = {k}" for s, k in point.indices]
    parts += [rf"{latex(s)} = {latex(Rational(x))}" for s, x in point.scalars]
    return r",\quad ".join(parts)


def _step_chain(v: "Verdict", lang: str, settings: dict) -> list[str]:
    """The prover's recorded rewrites, one chain per side."""
    out = []
    for side, start in (("lhs", v.lhs), ("rhs", v.rhs)):
        steps = [s for s in v.steps if s.side == side]
        if not steps:
            continue
        rows = [rf"{latex(start, **settings) if n == 0 else ''} &= {latex(s.expr, **settings)} && \text{{{_escape(_rule_text(s.rule, lang))}}}"
                for n, s in enumerate(steps)]
        out.append("\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}")
    return out


def _rule_text(rule: str, lang: str) -> str:
    return phrase(rule, lang)  # every rule of the prover has its own phrase (tests/render/test_phrases.py)


def _conditions_latex(v: "Verdict", settings: dict) -> str:
    return ", ".join(latex(c, **settings) for c in v.conditions)


def claim_latex(claim: "Claim", **settings: Any) -> str:
    """A claim as LaTeX, with the relation it makes: ``=``, ``\\neq``, or the same minimisers
    written ``\\arg\\min_\\theta f = \\arg\\min_\\theta g`` (never ``f = g``, which is false)."""
    from ..prover.claim import Relation

    if claim.relation is Relation.SAME_MINIMISERS:
        wrt = claim.wrt[0] if len(claim.wrt) == 1 else claim.wrt
        left, right = (_line(e, sense, wrt, settings) for e, sense in zip((claim.lhs, claim.rhs), claim.senses))
        return f"{left} = {right}"
    return f"{latex(claim.lhs, **settings)} {_RELATION[claim.relation.value]} {latex(claim.rhs, **settings)}"


def _certificate_latex(v: "Verdict", settings: dict) -> Optional[str]:
    """The certificate of equivalent objectives as an equation: ``f = a g + b`` or ``f = \\varphi(g)``."""
    c = v.certificate
    if c is None:
        return None
    f, g = (v.rhs, v.lhs) if c.inverse else (v.lhs, v.rhs)
    if c.kind == "affine":
        scaled = g if c.a == 1 else Mul(c.a, g, evaluate=False)
        return f"{latex(f, **settings)} = {latex(Add(scaled, c.b, evaluate=False) if c.b != 0 else scaled, **settings)}"
    return (f"{latex(f, **settings)} = {latex(c.phi.expr.xreplace({c.phi.variables[0]: g}), **settings)}")


# A verdict is laid out as blocks: ("display", latex) for displayed maths, or
# (kind, segments) for a line of words and inline maths, where kind is
# "lead" (starts with a bold word), "para" or "item", and each segment is
# ("w", words) or ("m", latex).  Both formats below render the same blocks.
Block = tuple[str, Any]


def _verdict_blocks(v: "Verdict", lang: str, settings: dict) -> list[Block]:
    line: list = [("w", phrase("verdict", lang)), ("w", f": {phrase(v.status.value, lang)}")]
    if v.conditions:
        line += [("w", f", {phrase('where', lang)} "), ("m", _conditions_latex(v, settings))]
    if v.claim.component is not None:
        line += [("w", f" ({phrase('componentwise', lang)} "), ("m", latex(v.claim.component)), ("w", ")")]
    blocks: list[Block] = [("display", claim_latex(v.claim, **settings)), ("lead", line)]
    certificate = _certificate_latex(v, settings)
    if certificate is not None:
        blocks += [("para", [("w", phrase("certificate", lang) + ":")]), ("display", certificate)]
    if v.reason:
        blocks.append(("para", [("w", v.reason)]))
    c = v.counterexample
    if c is not None:
        blocks.append(("para", [("w", phrase("witness" if v.proved else "counterexample", lang) + ":")]))
        blocks += [("display", point_latex(p)) for p in c.points]
        blocks += [("item", [("w", f"{phrase(key, lang)}: "),
                             ("m", f"{latex(value, **settings)} \\approx {_decimal(value)}")])
                   for key, value in c.values()]
    return blocks


def _decimal(value: Expr) -> str:
    try:
        return str(value.evalf(12))
    except Exception:  # display only: the exact value is shown beside it
        return "?"


def _segments_latex(segments: list, bold_first: bool = False) -> str:
    out = []
    for n, (kind, text) in enumerate(segments):
        piece = f"${text}$" if kind == "m" else _escape(text)
        out.append(rf"\textbf{{{piece}}}" if bold_first and n == 0 else piece)
    return "".join(out)


def _segments_markdown(segments: list, bold_first: bool = False) -> str:
    out = []
    for n, (kind, text) in enumerate(segments):
        piece = f"${text.strip()}$" if kind == "m" else text
        out.append(f"**{piece}**" if bold_first and n == 0 else piece)
    return "".join(out)


def verdict_latex(v: "Verdict", *, lang: str = "en", **settings: Any) -> str:
    """A verdict as LaTeX: the claim as made, its status, the certificate, the steps and any counterexample."""
    out = []
    for kind, body in _verdict_blocks(v, lang, settings):
        if kind == "display":
            out.append(rf"\[ {body} \]")
            continue
        out.append((r"\noindent " if kind == "item" else "") + _segments_latex(body, bold_first=kind == "lead"))
        if kind == "lead":
            out += _step_chain(v, lang, settings)
    return "\n\n".join(out)


def verdict_markdown(v: "Verdict", *, lang: str = "en", **settings: Any) -> str:
    """A verdict as Markdown: display maths in ``$$`` blocks on their own lines, inline maths as ``$...$``."""
    out = []
    for kind, body in _verdict_blocks(v, lang, settings):
        if kind == "display":
            out += ["$$", body, "$$", ""]
        elif kind == "item":
            out.append("- " + _segments_markdown(body))
        else:
            out += [_segments_markdown(body, bold_first=kind == "lead"), ""]
    return "\n".join(out).rstrip() + "\n"


def latex_document(sections: Iterable[tuple[str, str]], *, lang: str = "en", title: str = "") -> str:
    """A standalone document (``pdflatex``) from ``(heading, body)`` sections."""
    head = [r"\documentclass{article}", r"\usepackage[utf8]{inputenc}", r"\usepackage{amsmath,amssymb}"]
    if lang == "zh":
        head.append(r"\usepackage{CJKutf8}")
    body = [r"\begin{document}"]
    if lang == "zh":
        body.append(r"\begin{CJK}{UTF8}{gbsn}")
    if title:
        body.append(rf"\section*{{{_escape(title)}}}")
    for heading, text in sections:
        body.append(rf"\subsection*{{{_escape(heading)}}}")
        body.append(text)
    if lang == "zh":
        body.append(r"\end{CJK}")
    body.append(r"\end{document}")
    return "\n".join(head + body) + "\n"


def _escape(text: str) -> str:
    """Escape the LaTeX specials of a plain-text title."""
    for ch, rep in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"), ("#", r"\#"),
                    ("_", r"\_"), ("{", r"\{"), ("}", r"\}"), ("~", r"\textasciitilde{}"), ("^", r"\^{}"),
                    ("||", r"$\|$")):
        text = text.replace(ch, rep)
    return text


def derivation_markdown(d: Union["Derivation", "DerivationReport"], *, lang: str = "en", **settings: Any) -> str:
    """The derivation as Markdown with ``$$`` math (GitHub, Jupyter, blogs)."""
    derivation, report = _as_report(d)
    heading = title_of("derivation", derivation.name, derivation.title, lang)
    out = [f"### {heading}", "", "$$", derivation_latex(d, lang=lang, environment="aligned", **settings), "$$"]
    if report is not None:
        out += ["", f"**{phrase('verdict', lang)}**: {phrase(report.status.value, lang)}"]
        wrong = report.first_wrong
        if wrong is not None:
            step = report.steps[wrong - 1]
            out += ["", f"**{phrase('wrong_step', lang)}**: {wrong}", "", "$$", claim_latex(step.verdict.claim, **settings),
                    "$$"]
            c = step.verdict.counterexample
            if c is not None:
                out += ["", f"{phrase('counterexample', lang)}:", ""]
                out += [line for p in c.points for line in ("$$", point_latex(p), "$$")]
    return "\n".join(out) + "\n"


def theorem_sections(title: str, verdict: "Verdict", report: Optional["DerivationReport"], *,
                     lang: str = "en", **settings: Any) -> list[tuple[str, str]]:
    """The LaTeX sections of one theorem: its derivation (if any), then its verdict."""
    sections = []
    if report is not None:
        body = derivation_latex(report, lang=lang, **settings)
        body += "\n\n" + rf"\textbf{{{phrase('verdict', lang)}}}: {phrase(report.status.value, lang)}"
        d = report.derivation
        sections.append((title_of("derivation", d.name, d.title, lang), body))
    sections.append((title, verdict_latex(verdict, lang=lang, **settings)))
    return sections


def theorem_markdown(title: str, verdict: "Verdict", report: Optional["DerivationReport"], *,
                     lang: str = "en", **settings: Any) -> str:
    """One theorem as Markdown: its derivation (if any), then its verdict."""
    parts = [f"## {title}", ""]
    if report is not None:
        parts.append(derivation_markdown(report, lang=lang, **settings))
    parts.append(verdict_markdown(verdict, lang=lang, **settings))
    return "\n".join(parts)
