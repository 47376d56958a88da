"""LaTeX and Markdown documents for derivations and verdicts.

All mathematics goes through :class:`~symdiv.render.latex.SymdivLatexPrinter`;
all words come from :data:`~symdiv.render.phrases.PHRASES`.  A derivation is
laid out as ``align*`` (``aligned`` inside ``$$`` for Markdown) with one
``\\text{...}`` justification per line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Optional, Union

from sympy import Expr, Rational, Tuple

from .latex import latex
from .phrases import phrase

if TYPE_CHECKING:  # pragma: no cover
    from ..numeric.instances import Point
    from ..prover.derivation import Derivation, DerivationReport
    from ..prover.verdict import Verdict

__all__ = [
    "theorem_sections",
    "theorem_markdown",
    "derivation_latex",
    "derivation_markdown",
    "verdict_latex",
    "verdict_markdown",
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


def _counterexample_latex(v: "Verdict", lang: str, settings: dict) -> list[str]:
    c = v.counterexample
    if c is None:
        return []
    out = [rf"\paragraph{{{phrase('counterexample', lang)}}}"]
    if hasattr(c, "point"):
        out.append(rf"\[ {point_latex(c.point)} \]")
        out.append("\n".join([
            r"\begin{align*}",
            rf"{latex(v.lhs, **settings)} &= {latex(c.lhs, **settings)} \approx {c.difference.lhs_value[:12]} \\",
            rf"{latex(v.rhs, **settings)} &= {latex(c.rhs, **settings)} \approx {c.difference.rhs_value[:12]}",
            r"\end{align*}",
        ]))
    else:
        out.append(rf"\[ {point_latex(c.first)} \]")
        out.append(rf"\[ {point_latex(c.second)} \]")
    return out


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
    from .phrases import PHRASES

    aliases = {"log_expand": "log_quotient", "normalisation": "sum_to_one", "collect": "arithmetic",
               "rename": "arithmetic", "piecewise": "arithmetic", "compare": "arithmetic",
               "simplify": "arithmetic"}
    return phrase(rule if rule in PHRASES else aliases.get(rule, "arithmetic"), lang)


def _conditions_latex(v: "Verdict", settings: dict) -> str:
    return ", ".join(latex(c, **settings) for c in v.conditions)


def _shown_relation(v: "Verdict", claim: str) -> str:
    """``\\neq`` when the sides are known to differ (or a ``!=`` claim is open), else ``=``."""
    return r"\neq" if v.status.value == "refuted" or (claim == "!=" and v.status.value == "unknown") else "="


def verdict_latex(v: "Verdict", *, lang: str = "en", claim: str = "=", **settings: Any) -> str:
    """A verdict as LaTeX: the statement, the verdict, the steps and any counterexample.

    *claim* is the relation that was asked about: ``=``, or ``!=`` when the
    question was whether the two sides differ (then a refuted equality proves it).
    """
    out = [rf"\[ {latex(v.lhs, **settings)} {_shown_relation(v, claim)} {latex(v.rhs, **settings)} \]",
           rf"\textbf{{{phrase('verdict', lang)}}}: {phrase(v.status.of_claim(claim).value, lang)}"]
    if v.conditions:
        out[-1] += f", {phrase('where', lang)} ${_conditions_latex(v, settings)}$"
    out += _step_chain(v, lang, settings)
    out += _counterexample_latex(v, lang, settings)
    return "\n\n".join(out)


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
    out = [f"### {derivation.title}", "", "$$", derivation_latex(d, lang=lang, environment="aligned", **settings), "$$"]
    if report is not None:
        out += ["", f"**{phrase('verdict', lang)}**: {phrase(report.status.value, lang)}"]
        wrong = report.first_wrong
        if wrong is not None:
            step = report.steps[wrong - 1]
            out += ["", f"**{phrase('wrong_step', lang)}**: {wrong}", "",
                    f"$$ {latex(step.lhs, **settings)} \\neq {latex(step.rhs, **settings)} $$"]
            c = step.verdict.counterexample
            if c is not None and hasattr(c, "point"):
                out += ["", f"{phrase('counterexample', lang)}: $ {point_latex(c.point)} $"]
    return "\n".join(out) + "\n"


def verdict_markdown(v: "Verdict", *, lang: str = "en", claim: str = "=", **settings: Any) -> str:
    """A verdict as Markdown with ``$$`` math; *claim* as in :func:`verdict_latex`."""
    out = ["$$", f"{latex(v.lhs, **settings)} {_shown_relation(v, claim)} {latex(v.rhs, **settings)}", "$$", "",
           f"**{phrase('verdict', lang)}**: {phrase(v.status.of_claim(claim).value, lang)}"]
    if v.conditions:
        out[-1] += f", {phrase('where', lang)} ${_conditions_latex(v, settings)}$"
    if v.reason:
        out += ["", v.reason]
    c = v.counterexample
    if c is not None and hasattr(c, "point"):
        out += ["", f"{phrase('counterexample', lang)}: $ {point_latex(c.point)} $", "",
                f"- {phrase('left_side', lang)}: $ {latex(c.lhs, **settings)} \\approx {c.difference.lhs_value[:12]} $",
                f"- {phrase('right_side', lang)}: $ {latex(c.rhs, **settings)} \\approx {c.difference.rhs_value[:12]} $"]
    return "\n".join(out) + "\n"


def theorem_sections(title: str, verdict: "Verdict", report: Optional["DerivationReport"], *,
                     lang: str = "en", **settings: Any) -> list[tuple[str, str]]:
    """The LaTeX sections of one theorem: its derivation (if any), then its verdict."""
    sections = []
    if report is not None:
        body = derivation_latex(report, lang=lang, **settings)
        body += "\n\n" + rf"\textbf{{{phrase('verdict', lang)}}}: {phrase(report.status.value, lang)}"
        sections.append((report.derivation.title, body))
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
