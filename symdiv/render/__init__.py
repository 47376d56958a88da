"""Renderers: text, LaTeX, Markdown and JSON for verdicts, derivations and documents.

Importing this package registers how symdiv's objects show themselves
(``str(verdict)``, Jupyter) with :mod:`symdiv.display`; the renderer modules
themselves load on first use.
"""

from __future__ import annotations

from typing import Any

from .. import display
from .text import claim_text, note_text, render_verdict, stop_text

__all__ = ["render_verdict"]


def _verdict_latex(v: Any) -> str:
    from .documents import claim_latex

    return f"$\\displaystyle {claim_latex(v.claim)} \\quad \\text{{({v.status.value})}}$"


def _verdict_markdown(v: Any) -> str:
    from .documents import verdict_markdown

    return verdict_markdown(v)


def _report_latex(r: Any) -> str:
    from .documents import derivation_latex

    return "$$" + derivation_latex(r, environment="aligned") + "$$"


def _report_markdown(r: Any) -> str:
    from .documents import derivation_markdown

    return derivation_markdown(r)


def _expr_text(e: Any) -> str:
    from .ascii import ascii_form

    return ascii_form(e)


def _expr_latex(e: Any) -> str:
    from .latex import latex

    return latex(e)


display.register("text", "Expr", _expr_text)
display.register("latex", "Expr", _expr_latex)
display.register("text", "Verdict", render_verdict)
display.register("text", "Note", note_text)
display.register("text", "Stop", stop_text)
display.register("text", "Claim", claim_text)
display.register("latex", "Verdict", _verdict_latex)
display.register("markdown", "Verdict", _verdict_markdown)
display.register("latex", "DerivationReport", _report_latex)
display.register("markdown", "DerivationReport", _report_markdown)
