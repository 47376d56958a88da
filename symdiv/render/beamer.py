"""Slides: the theorems as a beamer presentation (``symdiv show/prove --format beamer``,
``symdiv export DIR --slides``).

One frame per theorem: its title, the claim, the verdict and the derivation (or,
for a theorem without one, the prover's steps).  Frames are 16:9 and set in
``\\small``; a frame too long for one slide breaks over several
(``allowframebreaks``, with display breaks allowed; a derivation starts a slide of its
own unless it fits beside the claim), and every line is laid out
to the frame's width by the same code as the documents
(:mod:`symdiv.render.documents`), so nothing runs off a slide.  Maths is in
Computer Modern (beamer's ``onlymath`` serif theme), the words in beamer's sans.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Optional, Sequence

from .documents import (_escape, conventions_latex, derivation_expressions, derivation_latex, derivation_status,
                        estimated_lines, heading_latex, verdict_latex)
from .phrases import phrase

if TYPE_CHECKING:  # pragma: no cover
    from ..prover.derivation import DerivationReport
    from ..prover.verdict import Verdict

__all__ = ["SLIDE_WIDTH", "SLIDE_LINES", "theorem_frame", "beamer_document"]

#: The text width of a 16:9 frame (pt), in which frames are set at 10 pt (``\small``).
SLIDE_WIDTH = 398.0
#: The lines of ``\small`` type a frame holds below its title (see :func:`~symdiv.render.documents.estimated_lines`).
SLIDE_LINES = 17


def theorem_frame(title: str, verdict: "Verdict", report: Optional["DerivationReport"], *, lang: str = "en",
                  **settings: Any) -> str:
    """One theorem as a frame: title, claim, verdict, then its derivation (or the prover's steps)."""
    body = [verdict_latex(verdict, lang=lang, width=SLIDE_WIDTH, steps=report is None,
                          notation_of=derivation_expressions(report), **settings)]
    if report is not None:
        # The derivation, headed with its status, shares the claim's slide when both fit on it;
        # otherwise it starts a slide of its own, so that a chain is not cut after its first line.
        heading = heading_latex(derivation_status(report, title, lang), **settings)
        chain = derivation_latex(report, lang=lang, width=SLIDE_WIDTH, **settings)
        fits = estimated_lines(body[0]) + 1 + estimated_lines(chain) <= SLIDE_LINES
        body.append((r"\medskip" if fits else r"\framebreak") + rf"\noindent\textbf{{{heading}}}")
        body.append(chain)
    return _frame(heading_latex(title, **settings), "\n\n".join(body))


def _frame(title: str, body: str, options: str = "[allowframebreaks=0.9]") -> str:
    return f"\\begin{{frame}}{options}{{{title}}}\n\\small\n{body}\n\\end{{frame}}"


def beamer_document(frames: Iterable[str], *, lang: str = "en", title: str = "",
                    figures: Sequence[tuple[str, str]] = (), **settings: Any) -> str:
    """A beamer presentation (``pdflatex``): a title frame that states the conventions, the
    *frames*, then one frame per figure (``(path, caption)``)."""
    from .. import __version__

    head = [r"\documentclass[aspectratio=169,t]{beamer}", r"\usepackage[utf8]{inputenc}",
            r"\usepackage{amsmath,amssymb}", r"\usefonttheme[onlymath]{serif}",
            r"\setbeamertemplate{navigation symbols}{}", r"\allowdisplaybreaks",
            # a frame that breaks over slides: "(continued)" on the second and later, nothing on the first
            r"\setbeamertemplate{frametitle continuation}{\ifnum\insertcontinuationcount>1"
            r" \insertcontinuationtext\fi}"]
    if lang == "zh":
        head.append(r"\usepackage{CJKutf8}")
    body = [r"\begin{document}"]
    if lang == "zh":
        body.append(r"\begin{CJK}{UTF8}{gbsn}")
        body.append(rf"\renewcommand{{\figurename}}{{{phrase('figure', lang)}}}")
    # Set inside the document (and the CJK environment), so Chinese titles are read as Chinese.
    body += [rf"\renewcommand{{\insertcontinuationtext}}{{{_escape(phrase('continued', lang))}}}",
             rf"\title{{{heading_latex(title, **settings)}}}",
             rf"\subtitle{{{_escape(phrase('generated_by', lang).format(version=__version__))}}}",
             r"\author{}", r"\date{}",
             "\\begin{frame}\n\\titlepage\n\\vfill\n{\\footnotesize " + conventions_latex(lang, **settings)
             + "\\par}\n\\end{frame}"]
    body += list(frames)
    for path, caption in figures:
        body.append(_frame(_escape(phrase("figures", lang)),
                           "\\centering\n" + rf"\includegraphics[height=0.62\textheight]{{{path}}}" + "\n\n"
                           + rf"{{\footnotesize {caption}\par}}", options=""))
    if lang == "zh":
        body.append(r"\end{CJK}")
    body.append(r"\end{document}")
    return "\n".join(head + body) + "\n"
