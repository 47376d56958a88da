"""LaTeX and Markdown documents for derivations and verdicts.

All mathematics goes through :class:`~symdiv.render.latex.SymdivLatexPrinter`;
all words come from :data:`~symdiv.render.phrases.PHRASES`.  A derivation is
laid out as ``align*`` (``aligned`` inside ``$$`` for Markdown) with one
``\\text{...}`` justification per line.

Documents fit their page.  Given a *width* (in points of 10 pt type), a
derivation, a claim or a counterexample is laid out so that no line is wider:
when the justifications do not fit in a column of their own, each becomes a
``\\tag*`` (which TeX moves below its row when the row is long), a start too
long to stand beside the steps gets a row of its own, and a long expression is
broken before a ``+`` or ``-`` (inside brackets if need be, which are then
sized by hand).  Widths are estimated from the LaTeX text with the metrics of
Computer Modern (see :func:`math_width`); the tests compile every exported
document and hold it to no overfull box.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Optional, Sequence, Union

from sympy import Add, Expr, Mul, Rational, Sum, Symbol, Tuple, exp, log

from .latex import latex
from .order import nested
from .phrases import phrase
from .glossary import glossary
from .phrases import title as title_of
from .text import decimal, named_explicit

if TYPE_CHECKING:  # pragma: no cover
    from ..numeric.instances import Point
    from ..prover.derivation import Derivation, DerivationReport
    from ..prover.claim import Claim
    from ..prover.verdict import Verdict

__all__ = [
    "estimated_lines",
    "opening_lines",
    "theorem_sections",
    "theorem_markdown",
    "derivation_latex",
    "derivation_markdown",
    "verdict_latex",
    "verdict_markdown",
    "claim_latex",
    "latex_document",
    "point_latex",
    "heading_latex",
    "heading_markdown",
    "derivation_heading", "derivation_status", "derivation_expressions",
    "point_parts",
    "conventions_latex",
    "conventions_markdown",
    "figure_captions",
    "math_width",
    "text_width",
    "ARTICLE_WIDTH",
    "FIGURES",
]

#: The text width of a document (pt): A4 paper with 2.5 cm margins.
ARTICLE_WIDTH = 455.0
#: The teaching figures a document can show, as written by :func:`symdiv.render.figures.write_figures`.
FIGURES = ("kl_asymmetry", "decomposition", "information_diagram")
# Lines are filled to this share of the width: the estimates are within a few per cent.
_FILL = 0.92
# The least space amsmath's align leaves between two column pairs (\minalignsep).
_MIN_ALIGN_SEP = 10.0

_RELATION = {"=": "=", "!=": r"\neq", "~": "=", "<=": r"\leq", ">=": r"\geq", "<": "<", ">": ">"}


# -- widths ----------------------------------------------------------------------
# Estimated from the LaTeX text with Computer Modern's metrics at 10 pt (measured
# with pdflatex): within a few per cent of what TeX sets for everything the printer
# writes.  Larger or smaller type scales them (a slide at 11 pt: times 1.095).
_TOKEN = re.compile(r"\\[A-Za-z]+\*?|\\.|\s+|.", re.S)
_ITALIC = dict(zip("abcdefghijklmnopqrstuvwxyz", (
    5.29, 4.29, 4.33, 5.2, 4.66, 5.97, 5.13, 5.76, 3.45, 4.69, 5.52, 3.18, 8.78, 6.0, 4.85, 5.03, 4.82, 4.79, 4.69,
    3.61, 5.72, 5.21, 7.43, 5.72, 5.26, 5.09)))
_ITALIC.update(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (
    7.5, 8.09, 7.86, 8.56, 7.96, 7.82, 7.86, 9.12, 5.18, 6.51, 9.21, 6.81, 10.79, 9.12, 7.91, 7.81, 7.91, 7.67, 6.71,
    7.23, 7.92, 8.06, 10.83, 9.07, 8.03, 7.54)))
_ROMAN = dict(zip("abcdefghijklmnopqrstuvwxyz", (
    5.0, 5.56, 4.44, 5.56, 4.44, 3.06, 5.0, 5.56, 2.78, 3.06, 5.28, 2.78, 8.33, 5.56, 5.0, 5.56, 5.28, 3.92, 3.94,
    3.89, 5.56, 5.28, 7.22, 5.28, 5.28, 4.44)))
_ROMAN_OTHER = {" ": 3.33, "-": 3.33, ",": 2.78, ".": 2.78, ":": 2.78, ";": 2.78, "(": 3.89, ")": 3.89, "[": 2.78,
                "]": 2.78, "/": 5.0, "'": 2.78, "=": 7.78, "_": 5.0, "|": 2.78, "\u00b7": 2.78, "\u2212": 7.78,
                "<": 7.78, ">": 7.78, "+": 7.78}
_SYMBOL = {"(": 3.89, ")": 3.89, "[": 2.78, "]": 2.78, "|": 2.78, "/": 5.0, "!": 2.78, ".": 2.78, "'": 2.75,
           r"\partial": 5.86, r"\delta": 4.82, r"\theta": 4.97, r"\varphi": 6.54, r"\infty": 10.0, r"\|": 5.0,
           r"\alpha": 6.4, r"\beta": 5.66, r"\lambda": 5.83, r"\mu": 6.02, r"\sigma": 5.71, r"\pi": 5.7,
           r"\epsilon": 4.06, r"\ldots": 13.3, r"\dots": 13.3, r"\cdots": 13.3, r"\{": 5.0, r"\}": 5.0}
_SIZED = {"big": 4.58, "Big": 5.97, "bigg": 7.36, "Bigg": 7.92}
_BINARY = {"+", "-", r"\cdot", r"\times", r"\pm"}
_RELATIONS = {"=", r"\approx", r"\neq", "<", ">", r"\leq", r"\geq", r"\le", r"\ge", r"\to", r"\in", r"\sim"}
_SPACING = {r"\,": 1.67, r"\;": 2.78, r"\:": 2.22, r"\ ": 3.33, r"\quad": 10.0, r"\qquad": 20.0, r"\!": -1.67}
_NAMED = {r"\log", r"\ln", r"\exp", r"\min", r"\max"}
_WORDS = {r"\operatorname", r"\operatorname*", r"\text", r"\textrm", r"\mathrm", r"\mbox"}
_SCALE = {"D": 1.0, "T": 1.0, "S": 0.8, "SS": 0.62}
_SCRIPT = {"D": "S", "T": "S", "S": "SS", "SS": "SS"}
_FRACTION = {"D": "T", "T": "S", "S": "SS", "SS": "SS"}


def math_width(tex: str, style: str = "D") -> float:
    """The width (pt, 10 pt type) TeX gives the maths *tex* in display (``"D"``) or text (``"T"``) style.

    >>> round(math_width(r"H(P, Q) = H(P) + D_{\\mathrm{KL}}(P \\,\\|\\, Q)"))  # pdflatex sets it 137.9 pt wide
    140
    """
    return _MathWidth([t for t in _TOKEN.findall(tex) if not t.isspace()]).run(style)


def text_width(text: str) -> float:
    """The width (pt, 10 pt roman type) of plain *text*; a CJK character is one em."""
    total = 0.0
    for ch in text:
        if ch in _ROMAN:
            total += _ROMAN[ch]
        elif ch.isascii() and ch.isupper():
            total += 7.5
        elif ch.isascii() and ch.isdigit():
            total += 5.0
        elif ch in _ROMAN_OTHER:
            total += _ROMAN_OTHER[ch]
        else:
            total += 10.0 if ord(ch) > 0x2E7F else 5.0
    return total


class _MathWidth:
    """A small reading of TeX's maths layout: atoms, their classes and the spaces between them."""

    def __init__(self, tokens: list[str]) -> None:
        self.toks = tokens

    def run(self, style: str) -> float:
        return self.seq(0, len(self.toks), style, roman=False)[0]

    def group(self, k: int, end: int) -> tuple[int, int, int]:
        """``(start, stop, next)`` of the argument at *k*: a ``{group}`` or one token."""
        if k >= end:
            return k, k, k
        if self.toks[k] != "{":
            return k, k + 1, k + 1
        depth = 0
        for j in range(k, end):
            depth += (self.toks[j] == "{") - (self.toks[j] == "}")
            if depth == 0:
                return k + 1, j, j + 1
        return k + 1, end, end

    def seq(self, k: int, end: int, style: str, roman: bool, stop: bool = False) -> tuple[float, int]:
        """Width of the tokens from *k* (to *end*, or to a ``\\right`` when *stop*) and where it ended."""
        toks, s = self.toks, _SCALE[style]
        total, prev, last = 0.0, None, 0.0
        big = style in ("D", "T")
        while k < end:
            t = toks[k]
            if stop and t == r"\right":
                return total, k
            k += 1
            cls, w = "ord", 0.0
            if t in ("^", "_"):
                a, b, k = self.group(k, end)
                extra = self.seq(a, b, _SCRIPT[style], roman)[0] + 0.5 * s
                if k < end and toks[k] in ("^", "_") and toks[k] != t:
                    a, b, k = self.group(k + 1, end)
                    extra = max(extra, self.seq(a, b, _SCRIPT[style], roman)[0] + 0.5 * s)
                total += max(0.0, extra - last) if prev == "limits" else extra
                continue
            if t == "{":
                a, b, k = self.group(k - 1, end)
                w = self.seq(a, b, style, roman)[0]
            elif t in _WORDS:
                a, b, k = self.group(k, end)
                w = self.seq(a, b, style, True)[0]
                if t.startswith(r"\operatorname"):
                    cls = "limits" if t.endswith("*") and style == "D" else "op"
            elif t == r"\frac":
                a, b, k = self.group(k, end)
                c, d, k = self.group(k, end)
                inner = _FRACTION[style]
                w = max(self.seq(a, b, inner, roman)[0], self.seq(c, d, inner, roman)[0]) + 2.4 * s
                cls = "inner"
            elif t in (r"\hat", r"\bar", r"\tilde", r"\mathbf", r"\mathit", r"\boldsymbol"):
                a, b, k = self.group(k, end)
                w = self.seq(a, b, style, roman)[0]
            elif t == r"\left":
                opened = k - 1
                inner, k = self.seq(k + 1, end, style, roman, stop=True)
                tall = any(x in (r"\sum", r"\prod", r"\frac") for x in toks[opened:k])
                d = (7.92 if style == "D" and tall else 4.6 if big else 3.9) * s
                w, cls = inner + d, "inner"
                if k < end:  # the \right and its delimiter
                    w += d
                    k += 2
            elif t == r"\right":
                w, k = 7.92 * s, k + 1  # a \right whose \left is on an earlier line
            elif t[1:-1] in _SIZED and t[-1] in "lr" or t[1:] in _SIZED:
                w = _SIZED[t[1:-1] if t[-1] in "lr" else t[1:]] * s
                k += 1
                cls = "open" if t.endswith("l") else "close"
            elif t in (r"\sum", r"\prod"):
                w = (14.44 if style == "D" else 10.56) * s
                cls = "limits" if style == "D" else "op"
            elif t in _NAMED:
                w, cls = sum(_ROMAN.get(c, 5.0) for c in t[1:]) * s, "op"
            elif t in _SPACING:
                total += _SPACING[t] * s
                continue
            elif t in _BINARY:
                cls, w = "bin", 7.78 * s
            elif t in _RELATIONS:
                cls, w = "rel", 7.78 * s
            elif t in (",", ";"):
                cls, w = "punct", 2.78 * s
            elif t in ("&", "}") or t in (r"\displaystyle", r"\textstyle", r"\limits", r"\nolimits"):
                continue
            elif len(t) == 1 and t.isascii() and t.isalpha():
                w = (_ROMAN.get(t, 7.5) if roman else _ITALIC[t]) * s
            elif len(t) == 1 and t.isascii() and t.isdigit():
                w = 5.0 * s
            elif t in _SYMBOL:
                w = _SYMBOL[t] * s
                cls = "open" if t in ("(", "[") else "close" if t in (")", "]") else "ord"
            elif len(t) == 1 and ord(t) > 0x2E7F:
                w = 10.0 * s
            else:
                w = 8.0 * s  # anything else: a wide symbol
            if cls == "bin" and prev in (None, "bin", "rel", "open", "punct", "op", "limits"):
                cls = "ord"  # a sign, not an operator
            if prev is not None:
                total += self.space(prev, cls, big) * s
            total += w
            prev, last = cls, w
        return total, k

    @staticmethod
    def space(prev: str, cls: str, big: bool) -> float:
        """TeX's space between two atoms (thick around relations, medium around operators)."""
        if cls == "rel" or prev == "rel":
            return 2.78 if big else 0.0
        if cls == "bin" or prev == "bin":
            return 2.22 if big else 0.0
        if prev in ("op", "limits") and cls in ("ord", "op", "limits", "inner"):
            return 1.67
        if cls in ("op", "limits") and prev in ("ord", "close", "inner"):
            return 1.67
        if prev == "punct" or "inner" in (prev, cls) and {prev, cls} <= {"ord", "open", "close", "inner"} \
                and not (prev == "inner" and cls == "close") and not (prev == "open" and cls == "inner"):
            return 1.67 if big else 0.0
        return 0.0


# -- breaking a long expression ---------------------------------------------------
@dataclass(frozen=True)
class _Break:
    index: int                 # the token the new line starts with (a + or -)
    pairs: tuple[int, ...]     # the \left tokens of the brackets it is inside


def _break_points(toks: list[str]) -> tuple[list[_Break], dict[int, int]]:
    """Where *toks* may break (before a binary ``+`` or ``-`` outside braces) and the
    ``\\left`` -> ``\\right`` pairs."""
    breaks, pairs, opened = [], {}, []
    braces, before = 0, [None, None]  # the two tokens before, spaces left out
    for k, t in enumerate(toks):
        if t.isspace():
            continue
        if t == "{":
            braces += 1
        elif t == "}":
            braces -= 1
        elif t == r"\left":
            opened.append(k)
        elif t == r"\right" and opened:
            pairs[opened.pop()] = k
        elif t in ("+", "-") and braces == 0:
            sign = before[1] in (None, "(", "[", "{", ",", "=", "+", "-", "&", r"\neq", r"\approx") \
                or before[0] == r"\left"
            if not sign:
                breaks.append(_Break(k, tuple(opened)))
        before = [before[1], t]
    return breaks, pairs


def _sized(toks: list[str], start: int, stop: int) -> str:
    """The hand size of a bracket that spans lines, from what it holds."""
    inside = toks[start:stop]
    if r"\sum" in inside or r"\prod" in inside:
        return "Bigg"
    return "Big" if r"\frac" in inside else "big"


def _broken(tex: str, first: float, rest: float) -> list[str]:
    """*tex* in pieces: the first at most *first* wide, the others at most *rest* (as far as
    break points allow).  A piece after the first starts with its ``+`` or ``-``."""
    if math_width(tex) <= first:
        return [tex]
    toks = _TOKEN.findall(tex)
    breaks, pairs = _break_points(toks)
    chosen: list[_Break] = []
    start, budget = 0, first
    while True:
        total = math_width("".join(toks[start:]))
        options = [b for b in breaks if b.index > start]
        if total <= budget or not options:
            break
        widths: dict[int, float] = {}
        for b in options:  # a piece grows with its end: stop at the first too wide
            widths[b.index] = math_width("".join(toks[start:b.index]))
            if widths[b.index] > budget:
                break
        fitting = [b for b in options if widths.get(b.index, budget + 1) <= budget]
        if fitting:
            # A break that leaves the rest for one line, opening the fewest brackets; else the
            # fewest brackets, unless that leaves a line less than half full; else the fullest line.
            last = [b for b in fitting if total - widths[b.index] <= rest * 1.2
                    and math_width("".join(toks[b.index:])) <= rest]
            least = min(len(b.pairs) for b in last or fitting)
            full = [b for b in last or fitting if len(b.pairs) == least and (last or widths[b.index] >= budget / 2)]
            pick = max(full or fitting, key=lambda b: b.index)
        else:
            pick = options[0]
        chosen.append(pick)
        start, budget = pick.index, rest
    if not chosen:
        return [tex]
    for left in sorted({p for b in chosen for p in b.pairs}):
        right = pairs.get(left)
        if right is None:
            continue
        size = _sized(toks, left, right)
        toks[left], toks[right] = rf"\{size}l", rf"\{size}r"
    cuts = [0] + [b.index for b in chosen] + [len(toks)]
    return ["".join(toks[a:b]).strip() for a, b in zip(cuts, cuts[1:])]


def _top_relation(tex: str) -> Optional[tuple[str, str, str]]:
    """``(left, relation, right)`` split at the first relation outside braces and brackets."""
    toks = _TOKEN.findall(tex)
    braces = brackets = 0
    for k, t in enumerate(toks):
        braces += (t == "{") - (t == "}")
        brackets += (t == r"\left") - (t == r"\right")
        if braces == 0 and brackets == 0 and t in ("=", r"\neq", r"\approx", r"\geq", r"\leq") and k:
            return "".join(toks[:k]).strip(), t, "".join(toks[k + 1:]).strip()
    return None


# -- chains of equalities that fit ---------------------------------------------------
@dataclass(frozen=True)
class _Step:
    relation: str   # LaTeX: = or \neq
    rhs: str        # LaTeX
    note: str = ""  # plain words


def _chain_rows(start: str, steps: Sequence[_Step], width: Optional[float]) -> list[str]:
    """The rows of an ``align*`` for ``start = rhs_1 = rhs_2 ...``, one step a row with its
    justification beside it; given a *width*, laid out to fit it (see the module's doc)."""
    def note(text: str) -> str:  # maths marked in a phrase is typeset; fitted, the ASCII maths found too
        return heading_latex(text) if width is not None or "`" in text else _escape(text)
    classic = [rf"{start if n == 0 else ''} &{s.relation} {s.rhs}" + (rf" && \text{{{note(s.note)}}}" if s.note else "")
               for n, s in enumerate(steps)]
    if width is None:
        return classic
    room = width * _FILL
    lead = math_width(start)
    sides = [math_width(rf"{{}} {s.relation} {s.rhs}") for s in steps]
    notes = [text_width(s.note) for s in steps if s.note]
    if lead + max(sides) + (_MIN_ALIGN_SEP + max(notes) if notes else 0) <= room:
        return classic  # everything fits: justifications in a column of their own
    alone = lead + max(sides) > room
    rows = [rf"& {start}"] if alone else []
    for n, s in enumerate(steps):
        relation = math_width(rf"{{}} {s.relation} {{}}")
        if alone:
            first, more, indent = room - 10 - relation, room - 30, (r"&\quad ", r"&\qquad\quad ")
        else:
            first, more = room - lead - relation, room - lead - relation - 20
            indent = ((start if n == 0 else "") + " &", r" &\qquad ")
        pieces = _broken(s.rhs, first, more)
        lines = [f"{indent[0]}{s.relation} {pieces[0]}"] + [f"{indent[1]}{p}" for p in pieces[1:]]
        if s.note:
            # a tag wider than the line would stick out past its left edge: wrap it, flush right
            text = note(s.note)
            if text_width(s.note) > room - 20:
                text = rf"\parbox[t]{{{room - 20:.0f}pt}}{{\raggedleft {text}}}"
            lines[-1] += rf" \tag*{{{text}}}"
        rows += lines
    return rows


def _align(rows: Sequence[str], environment: str = "align*") -> str:
    return f"\\begin{{{environment}}}\n" + " \\\\\n".join(rows) + f"\n\\end{{{environment}}}"


def _display(tex: str, width: Optional[float]) -> str:
    """Displayed maths: ``\\[ ... \\]``, or an ``align*`` broken to fit *width*."""
    if width is None or math_width(tex) <= width * _FILL:
        return rf"\[ {tex} \]"
    split = _top_relation(tex)
    if split is None:
        pieces = _broken(tex, width * _FILL, width * _FILL - 20)
        return _align([f"& {pieces[0]}"] + [rf"&\qquad {p}" for p in pieces[1:]])
    left, relation, right = split
    return _align(_chain_rows(left, [_Step(relation, right)], width))


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
                     environment: str = "align*", width: Optional[float] = None, **settings: Any) -> str:
    """The derivation as an ``align*`` (or ``aligned``) environment; wrong steps are marked.

    With a *width* (pt), laid out to fit it (``align*`` only).
    """
    derivation, report = _as_report(d)
    statuses = {s.index: s.status for s in report.steps} if report else {}
    steps, before = [], derivation.start
    for index, step in enumerate(derivation.steps, start=1):
        note = _rule_text(step.rule, lang)
        if step.relation == "!=" and before.is_number and step.expr.is_number:  # the evidence, to 4 digits
            note += f" ({decimal(before, 4)} {phrase('versus', lang)} {decimal(step.expr, 4)})"
        before = step.expr
        status = statuses.get(index)
        if status is not None and status.value != "proved":
            note += f" [{phrase(status.value, lang)}]"
        steps.append(_Step(_RELATION[step.relation], _line(step.expr, step.sense, derivation.wrt, settings), note))
    start = _line(derivation.start, derivation.sense, derivation.wrt, settings)
    return _align(_chain_rows(start, steps, width if environment == "align*" else None), environment)


def point_parts(point: "Point") -> list[str]:
    """The parts of an instance: ``n = 2``, ``P = (1/2, 1/2)``, ..."""
    parts = [rf"{latex(s)} = {k}" for s, k in point.sizes]
    parts += [rf"{latex(base)} = {latex(Tuple(*vals))}" for base, vals in point.values]
    parts += [rf"{d.name} = {latex(Tuple(*xs))}" for d, xs in point.samples]
    parts += [rf"{latex(s)} = {k}" for s, k in point.indices]
    parts += [rf"{latex(s)} = {latex(Rational(x))}" for s, x in point.scalars]
    return parts


def point_join(parts: Sequence[str]) -> str:
    return r",\quad ".join(parts)


def point_latex(point: "Point") -> str:
    """An instance as ``n = 2, \\quad P = (1/2, 1/2), ...``."""
    return point_join(point_parts(point))


def _point_display(parts: list[str], width: Optional[float]) -> str:
    """An instance displayed: on one line, or on as many as *width* needs (``gather*``)."""
    if width is None or math_width(point_join(parts)) <= width * _FILL:
        return rf"\[ {point_join(parts)} \]"
    lines: list[list[str]] = [[]]
    for part in parts:
        if lines[-1] and math_width(point_join(lines[-1] + [part]) + ",") > width * _FILL:
            lines.append([])
        lines[-1].append(part)
    rows = [point_join(line) + ("," if n < len(lines) - 1 else "") for n, line in enumerate(lines)]
    return "\\begin{gather*}\n" + " \\\\\n".join(rows) + "\n\\end{gather*}"


def _step_chain(v: "Verdict", lang: str, settings: dict, width: Optional[float] = None,
                environment: str = "align*") -> list[str]:
    """The prover's recorded rewrites, one chain per side (``aligned`` for Markdown)."""
    out = []
    # the sides, then any cases of a split on a sign (lhs - rhs in each case), in their order
    sides = ["lhs", "rhs", "difference"] + list(dict.fromkeys(
        s.side for s in v.steps if s.side not in ("lhs", "rhs", "difference")))
    chains = _met(v, {side: [s for s in v.steps if s.side == side and s.rule != "compare"] for side in sides})
    for side in sides:
        start = latex(v.start_of(side), **settings)
        steps: list[_Step] = []
        for s in chains[side]:  # compare: both sides reached one form, said by the verdict
            # the step into a case says which case: "case_split" steps carry "side: u"
            note = (_rule_text(f"{side}_of", lang).replace("{u}", s.justification.partition(": ")[2])
                    if s.rule == "case_split" else _rule_text(s.rule, lang))
            shown = _Step(_RELATION[s.relation], latex(s.expr, **settings), note)
            # a step the page cannot show (a renamed dummy index prints as the same letter) is left out
            if shown.relation != "=" or shown.rhs != (steps[-1].rhs if steps else start):
                steps.append(shown)
        if steps:
            out.append(_align(_chain_rows(start, steps, width), environment))
    return out


def _met(v: "Verdict", chains: dict[str, list]) -> dict[str, list]:
    """The two sides' chains cut where they first meet: ``lhs = ... = e`` and ``rhs = ... = e`` prove
    ``lhs = rhs`` at the first expression *e* both reach, and what follows it would only repeat
    the same rewrites twice.  When the rhs itself is on the lhs chain, one chain remains.

    Expressions are compared as sympy objects, not as printed text: two different objects can print
    alike (a dummy index renamed), and a cut there would join sides that were never shown equal.
    """
    lhs, rhs = chains.get("lhs", []), chains.get("rhs", [])
    if not lhs or any(s.relation != "=" for s in lhs + rhs):
        return chains
    left = [v.start_of("lhs")] + [s.expr for s in lhs]
    right = [v.start_of("rhs")] + [s.expr for s in rhs]
    where = {e: j for j, e in reversed(list(enumerate(right)))}
    meets = [(i + where[e], i, where[e]) for i, e in enumerate(left) if e in where]
    if not meets:
        return chains
    _, i, j = min(meets)
    return {**chains, "lhs": lhs[:i], "rhs": rhs[:j]}


def _rule_text(rule: str, lang: str) -> str:
    # every rule of the prover has its own phrase (tests/render/test_phrases.py); its maths marked
    return phrase(rule, lang, marked=True)


def claim_latex(claim: "Claim", **settings: Any) -> str:
    """A claim as LaTeX, with the relation it makes: ``=``, ``\\neq``, or the same minimisers
    written ``\\arg\\min_\\theta f = \\arg\\min_\\theta g`` (never ``f = g``, which is false)."""
    from ..prover.claim import Relation

    if claim.relation is Relation.SAME_MINIMISERS:
        wrt = claim.wrt[0] if len(claim.wrt) == 1 else claim.wrt
        left, right = (_line(e, sense, wrt, settings) for e, sense in zip((claim.lhs, claim.rhs), claim.senses))
        return f"{left} = {right}"
    if claim.relation is Relation.MINIMISER:
        return f"{_line(claim.lhs, 'min', claim.wrt[0], settings)} = {latex(claim.rhs, **settings)}"
    # "f != g" is proved by one instance where they differ: they are not identically equal, and
    # may agree elsewhere (D(P||P) = D(P||P)), so \neq between two functions would read as false
    relation = r"\not\equiv" if claim.relation is Relation.NOT_EQUAL else _RELATION[claim.relation.value]
    return f"{latex(claim.lhs, **settings)} {relation} {latex(claim.rhs, **settings)}"


def _certificate_latex(v: "Verdict", settings: dict) -> Optional[str]:
    """The certificate of equivalent objectives as an equation: ``f = a g + b`` or ``f = \\varphi(g)``."""
    c = v.certificate
    if c is None:
        return None
    if c.bound is not None:  # an inequality: big - small = bound >= 0
        big, small = v.claim.oriented()
        if big - small == c.bound:  # the difference is itself the bound: the claim, said again
            return None
        return f"{latex(big - small, **settings)} = {latex(c.bound, **settings)} \\geq 0"
    f, g = (v.rhs, v.lhs) if c.inverse else (v.lhs, v.rhs)
    if c.kind == "affine":
        scaled = g if c.a == 1 else Mul(c.a, g, evaluate=False)
        return f"{latex(f, **settings)} = {latex(Add(scaled, c.b, evaluate=False) if c.b != 0 else scaled, **settings)}"
    return (f"{latex(f, **settings)} = {latex(c.phi.expr.xreplace({c.phi.variables[0]: g}), **settings)}")


def phi_definition(v: "Verdict") -> Optional[tuple[Expr, Expr]]:
    """``(phi(r), r log r - r + 1)`` if the verdict's certificate or steps use phi, else None."""
    from ..prover.inequality import LogGap

    used = [e for e in [v.certificate.bound if v.certificate else None] + [s.expr for s in v.steps]
            if e is not None and e.has(LogGap)]
    if not used:
        return None
    r = Symbol("r", positive=True)
    return LogGap(r), LogGap(r).doit()


# A verdict is laid out as blocks: ("display", latex) for displayed maths,
# ("point", [latex, ...]) for an instance, or (kind, segments) for a line of
# words and inline maths, where kind is "lead" (starts with a bold word),
# "para" or "item", and each segment is ("w", words) or ("m", latex).  Both
# formats below render the same blocks.
Block = tuple[str, Any]


def _filled(template: str, values: dict, settings: dict) -> list:
    """Segments of a phrase whose ``{name}`` places are maths: ``("w", words)``, ``("m", latex)``."""
    spelled = {**settings, "fold": False}  # a definition spells out what it defines
    if template.strip() == "{symbol} = {definition}":  # one equation, set as one piece of maths
        return [("m", f"{latex(values['symbol'], **settings)} = {latex(values['definition'], **spelled)}")]
    parts = re.split(r"\{(\w+)\}", template)
    return [("m", latex(values[p], **(spelled if p == "definition" else settings))) if k % 2 else ("w", p)
            for k, p in enumerate(parts) if p]


def _verdict_blocks(v: "Verdict", lang: str, settings: dict, notation_of: Sequence = ()) -> list[Block]:
    from ..core.model import Hypothesis

    # Hypotheses (X -> Y -> Z) are part of the statement, shown with it; the other conditions
    # (n >= 3, z_j != 0) say where the verdict holds.
    hypotheses = [c for c in v.conditions if isinstance(c, Hypothesis)]
    others = [c for c in v.conditions if not isinstance(c, Hypothesis)]
    line: list = [("w", phrase("verdict", lang)), ("w", phrase("colon", lang) + phrase(v.status.value, lang))]
    if others:
        line += [("w", f"{phrase('comma', lang)}{phrase('where', lang)} "),
                 ("m", ", ".join(latex(c, **settings) for c in others))]
    if v.claim.component is not None:
        line += [("w", f" ({phrase('componentwise', lang)} "), ("m", latex(v.claim.component)), ("w", ")")]
    shown = claim_latex(v.claim, **settings)
    if hypotheses:
        given = ", ".join(latex(h, **settings) for h in hypotheses)
        shown += rf" \quad \text{{{_escape(phrase('given', lang))} }} {given}"
    blocks: list[Block] = [("display", shown)]
    entries = glossary([v.claim.lhs, v.claim.rhs, *(s.expr for s in v.steps), *notation_of])
    if entries:  # every symbol of the page said once, a line each: c_i, H_2, U_{\neg c}, sigma(u)
        blocks.append(("para", [("w", phrase("notation", lang) + phrase("colon", lang).rstrip())]))
        blocks += [("item", _filled(phrase(entry.key, lang), dict(entry.values), settings)) for entry in entries]
    declared = named_explicit(v.lhs, v.rhs)
    if declared:  # P = (1/2, 1/2), as the statement declared it
        blocks.append(("para", [("w", phrase("where_declared", lang) + " "), ("m", ",\\quad ".join(
            rf"{latex(d, **settings)} = " + nested([latex(x, **settings) for x in d.values], [int(k) for k in d.shape],
                                                  r"\left(", r"\right)") for d in declared))]))
    blocks.append(("lead", line))
    # "f != g" claims that they are not the same function (printed \not\equiv): the witness says so,
    # and the prover's "the sides differ at the counterexample" would only repeat it
    not_identical = v.proved and v.claim.relation.value == "!="
    certificate = _certificate_latex(v, settings)
    if certificate is not None:
        blocks += [("para", [("w", phrase("certificate", lang) + phrase("colon", lang).rstrip())]),
                   ("display", certificate)]
    phi = phi_definition(v)
    if phi is not None:  # the phi of the certificate (or of the steps), defined under it
        before, _, after = phrase("phi_defined", lang, marked=True).partition("{phi}")
        maths = " = ".join(latex(e, **settings) for e in phi)
        blocks.append(("para", _title_pieces(before, settings) + [("m", maths)] + _title_pieces(after, settings)))
    reasons = [r for r in v.reasons if not (not_identical and r.key == "sides_differ")]
    if reasons:  # in the reader's language (symdiv.render.text words each reason)
        from .text import note_text

        said = phrase("semicolon", lang).join(note_text(r, lang, marked=True) for r in reasons)
        blocks.append(("para", _title_pieces(said, settings) if "`" in said else [("w", said)]))
    c = v.counterexample
    if c is not None:
        header = "not_identically_equal" if not_identical else "witness" if v.proved else "counterexample"
        blocks.append(("para", [("w", phrase(header, lang) + phrase("colon", lang).rstrip())]))
        blocks += [("point", point_parts(p)) for p in c.points]
        blocks += [("item", [("w", phrase(key, lang) + phrase("colon", lang)), ("m", _value_latex(value, settings))])
                   for key, value in c.values()]
    return blocks


def _value_latex(value: Expr, settings: dict) -> str:
    """An exact value with its decimal, to six digits: enough to see two values differ; an exact
    rational is its own decimal, and sympy's tanh(1/4) for a sigmoid is written with exponentials."""
    from sympy import factor
    from sympy.functions.elementary.hyperbolic import HyperbolicFunction

    if value.has(HyperbolicFunction):  # (e^{1/2} - 1) / (4 (e^{1/2} + 1)), as a reader computes it
        value = factor(value.rewrite(exp))
    shown = latex(value, **settings)
    return shown if value.is_Rational else f"{shown} \\approx {decimal(value, 6)}"


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


def verdict_latex(v: "Verdict", *, lang: str = "en", width: Optional[float] = None, steps: bool = True,
                  notation_of: Sequence = (), **settings: Any) -> str:
    """A verdict as LaTeX: the claim as made, its status, the certificate, the steps and any counterexample.

    With a *width* (pt), every display is laid out to fit it; *steps* False leaves out the
    prover's recorded rewrites.
    """
    out = []
    for kind, body in _verdict_blocks(v, lang, settings, notation_of):
        if kind == "display":
            out.append(_display(body, width))
            continue
        if kind == "point":
            out.append(_point_display(body, width))
            continue
        indent = kind == "item" or width is not None
        out.append((r"\noindent " if indent else "") + _segments_latex(body, bold_first=kind == "lead"))
        if body and body[-1][1].rstrip().endswith((":", "\uff1a")):  # a label stays with what it introduces
            out[-1] += "\n\\nopagebreak"
        if kind == "lead" and steps:
            out += _step_chain(v, lang, settings, width)
    return "\n\n".join(out)


def verdict_markdown(v: "Verdict", *, lang: str = "en", steps: bool = True, notation_of: Sequence = (),
                     **settings: Any) -> str:
    """A verdict as Markdown: display maths in ``$$`` blocks on their own lines, inline maths as
    ``$...$``; the blocks and their order as :func:`verdict_latex` (*steps* likewise)."""
    out: list[str] = []
    for kind, body in _verdict_blocks(v, lang, settings, notation_of):
        if out and out[-1].startswith("- ") and kind != "item":
            out.append("")  # a list ends at a blank line, or what follows joins its last item
        if kind in ("display", "point"):
            out += ["$$", body if kind == "display" else point_join(body), "$$", ""]
        elif kind == "item":
            out.append("- " + _segments_markdown(body))
        else:
            out += [_segments_markdown(body, bold_first=kind == "lead"), ""]
        if kind == "lead" and steps:
            for chain in _step_chain(v, lang, settings, environment="aligned"):
                out += ["$$", chain, "$$", ""]
    return "\n".join(out).rstrip() + "\n"


# -- words around the mathematics ---------------------------------------------------
# Maths written in a title in ASCII ("q - p", "ln 2", "D(P||Q)", "(1/2, 1/4)") is
# found by these patterns and typeset; the words around it stay words.
_MEASURE = r"(?:D_KL|NLL|H|D|I)\([^()]*\)"
_TERM = rf"(?:{_MEASURE}|\d+(?:/\d+)?|[A-Za-z](?![A-Za-z0-9]))"
_ATOM = r"(?:[A-Za-z](?:_[A-Za-z0-9]+)?|\d+)"
_TITLE_MATHS = re.compile(rf"""
    (?P<measure>(?<![A-Za-z]){_MEASURE}(?:\s*(?:=|!=|>=|<=|>|<|\+|-|\u2212)\s*{_TERM})*)
  | (?P<assign>(?<![A-Za-z0-9])[A-Za-z]\s*=\s*\([^()]*\))
  | (?P<tuple>\(\s*\d+(?:/\d+)?(?:\s*,\s*\d+(?:/\d+)?)+\s*\))
  | (?P<log>(?<![A-Za-z])(?:ln|log)(?:_\d+)?\s+(?:\d+|[A-Za-z])(?![A-Za-z0-9]))
  | (?P<formula>(?<![A-Za-z0-9_]){_ATOM}(?:\s*(?:<=|>=|[-\u2212+=<>/\u00b7])\s*{_ATOM})+(?![A-Za-z0-9_]))
  | (?P<minus_log>(?<![A-Za-z0-9])-\s?(?:log|ln)(?:\s+[A-Za-z](?![A-Za-z0-9]))?(?![A-Za-z0-9]))
  | (?P<subscript>(?<![A-Za-z0-9_])[A-Za-z]_[A-Za-z0-9]+(?![A-Za-z0-9_]))
  | (?P<fraction>(?<![A-Za-z0-9/])\d+/\d+(?![A-Za-z0-9/]))
  | (?P<letter>(?<![A-Za-z0-9'])[B-HJ-Zb-z](?![A-Za-z0-9']))
""", re.X)


def _title_maths(text: str, settings: dict) -> str:
    """LaTeX for an ASCII formula of a title: through the parser and the printer when it reads
    as a statement or an expression, else piece by piece (each measure through the printer, the
    rest as written, in maths type)."""
    from ..errors import SymdivError
    from ..parse import parse_expression, parse_statement

    if re.search(r"[=(]|(?:^|\s)(?:ln|log)\s", text):
        try:
            if "=" in text and not re.search(r"[<>]=", text):
                s = parse_statement(text)
                return f"{latex(s.lhs, **settings)} {_RELATION.get(s.relation, '=')} {latex(s.rhs, **settings)}"
            return latex(parse_expression(text), **settings)
        except (SymdivError, ValueError):
            pass
    parts = re.split(f"({_MEASURE})", text)
    if len(parts) > 1:
        return "".join(_title_maths(p, settings) if k % 2 and p != text else _as_written(p)
                       for k, p in enumerate(parts))
    return _as_written(text)


def _as_written(text: str) -> str:
    """ASCII maths as written, in LaTeX: ``||``, ``>=``, ``_KL``, ``ln``, a Unicode minus, Greek
    names, ``sigmoid`` and ``softplus``, ``E[x]``.

    >>> _as_written("E[x^2] = mu^2 + sigma^2")
    '\\\\mathbb{E}[x^2] = \\\\mu^2 + \\\\sigma^2'
    """
    # Greek names first, before any command is written (sigma in \\sigma is not a name)
    out = re.sub(rf"(?<![A-Za-z\\])({'|'.join(_GREEK)})(?![A-Za-z])", lambda m: _GREEK[m.group(1)], text)
    out = re.sub(r"(?<!\|)\|(?!\|)", r" \\mid ", out)  # a single bar conditions: I(X; Y | Z)
    out = out.replace("\u2212", "-").replace("\u00b7", r" \cdot ").replace("||", r" \,\|\, ").replace(">=", r"\geq ").replace("<=", r"\leq ")
    out = re.sub(r"_KL\b", r"_{\\mathrm{KL}}", out)
    out = re.sub(r"_([A-Za-z0-9])", r"_{\1}", out)
    out = re.sub(r"\b(ln|log|exp)\b", r"\\\1", out)
    out = re.sub(r"\b(softplus|softmax)\b", r"\\operatorname{\1}", out)
    out = re.sub(r"\bsigmoid\b", r"\\sigma", out)
    out = re.sub(r"\bE\[", r"\\mathbb{E}[", out)
    return re.sub(r"\s+", " ", out).strip()  # one space where a command met the text's own


#: Greek letters a phrase's maths names in ASCII, as the LaTeX printer writes them.
_GREEK = {"phi": r"\varphi", "mu": r"\mu", "sigma": r"\sigma", "theta": r"\theta", "gamma": r"\gamma",
          "epsilon": r"\varepsilon", "delta": r"\delta", "pi": r"\pi", "alpha": r"\alpha"}


#: Maths a phrase marks between backquotes; only these characters are typeset (anything else
#: stays words and is escaped, so a title from a user's theorem file cannot inject TeX).
_MARKED = re.compile(r"`([^`]*)`")
_MARKABLE = re.compile(r"[A-Za-z0-9\s_^+\-*/=<>()\[\],.|!;:']*")


def _marked_pieces(text: str, settings: dict) -> list[tuple[str, str]]:
    """A phrase whose maths is marked (```log r <= r - 1```) as words and maths pieces."""
    pieces = []
    for k, part in enumerate(_MARKED.split(text)):
        if k % 2 and _MARKABLE.fullmatch(part):
            pieces.append(("m", _title_maths(part, settings)))
        elif part:
            pieces.append(("w", part))
    return pieces


def _title_pieces(text: str, settings: dict) -> list[tuple[str, str]]:
    """A title as ``("w", words)`` and ``("m", latex)`` pieces: its marked maths, or (a title
    that marks none) the ASCII maths found in it."""
    from ..errors import SymdivError
    from ..parse import parse_statement

    if "`" in text:
        return _marked_pieces(text, settings)

    if "=" in text:
        try:
            parse_statement(text)
            return [("m", _title_maths(text, settings))]
        except (SymdivError, ValueError):
            pass
    pieces, at = [], 0
    for m in _TITLE_MATHS.finditer(text):
        if m.start() > at:
            pieces.append(("w", text[at:m.start()]))
        pieces.append(("m", _title_maths(m.group(), settings)))
        at = m.end()
    if at < len(text):
        pieces.append(("w", text[at:]))
    return pieces


def heading_latex(text: str, **settings: Any) -> str:
    """A plain-text title as LaTeX: the words escaped, the ASCII maths in it typeset.

    >>> heading_latex("The gradient of softmax cross-entropy is q - p")
    'The gradient of softmax cross-entropy is $q - p$'
    >>> heading_latex("D(P||Q) = D(Q||P)")
    '$D_{\\\\mathrm{KL}}(P \\\\,\\\\|\\\\, Q) = D_{\\\\mathrm{KL}}(Q \\\\,\\\\|\\\\, P)$'
    """
    return "".join(f"${t}$" if kind == "m" else _escape(t) for kind, t in _title_pieces(text, settings))


def heading_markdown(text: str, **settings: Any) -> str:
    """A plain-text title as Markdown, its ASCII maths as ``$...$``."""
    return "".join(f"${t.strip()}$" if kind == "m" else t for kind, t in _title_pieces(text, settings))


def _convention_maths(settings: dict) -> dict[str, str]:
    from ..core.model import INDEX, Distribution, alphabet_size
    from sympy import Symbol

    P = Distribution("P", alphabet_size())
    natural = latex(log(Symbol("x")), **settings).split(" ")[0]
    total = latex(Sum(P[INDEX], (INDEX, 1, P.size)), **settings)
    return {"log": natural, "log_2": latex(log(Symbol("x")) / log(2), **settings),
            "positive": f"{total.split(' ', 1)[1]} > 0", "normalised": f"{total} = 1", "zero": f"0 {natural} 0 = 0",
            "delta": r"\delta"}


def conventions_latex(lang: str = "en", **settings: Any) -> str:
    """The conventions a document keeps, said once at its top (the log, probabilities, ``0 log 0``)."""
    # braced, so that TeX never breaks a line inside p_i > 0
    maths = {k: f"${{{v}}}$" for k, v in _convention_maths(settings).items()}
    return rf"\noindent\textbf{{{_escape(phrase('conventions', lang))}}} " + _fill(phrase("conventions_text", lang), maths)


def _fill(template: str, maths: dict[str, str], escape: bool = True) -> str:
    """A phrase with its ``{name}`` places filled with maths; the words escaped for LaTeX."""
    parts = re.split(r"\{(\w+)\}", template)
    return "".join(maths[p] if k % 2 else (_escape(p) if escape else p) for k, p in enumerate(parts))


def conventions_markdown(lang: str = "en", **settings: Any) -> str:
    """:func:`conventions_latex` for Markdown."""
    maths = {k: f"${v}$" for k, v in _convention_maths(settings).items()}
    return f"**{phrase('conventions', lang)}** " + _fill(phrase("conventions_text", lang), maths, escape=False)


def figure_captions(lang: str = "en", **settings: Any) -> dict[str, str]:
    """The caption of each teaching figure (:data:`FIGURES`), in LaTeX."""
    from ..core.measures import KL, CrossEntropy, Entropy
    from ..core.model import Distribution

    P, Q = Distribution("P", 2), Distribution("Q", 2)
    maths = {
        "forward": latex(KL(P, Q), **settings), "backward": latex(KL(Q, P), **settings),
        # two-outcome distributions written as their values: no family name to translate
        "P": r"P = (0.3, 0.7)", "P_p": r"P = (p, 1 - p)", "Q": r"Q = (q, 1 - q)", "same": "q = 0.3",
        "identity": f"{latex(CrossEntropy(P, Q), **settings)} = {latex(Entropy(P) + KL(P, Q), **settings)}",
    }
    from .figures import information_values

    values = information_values()
    for key, measure in zip(("hx", "hy", "hx_y", "hy_x", "mi", "hxy"), values):
        maths[key] = f"{latex(measure, **settings)} = {latex(values[measure], **settings)}"
    maths = {k: f"${v}$" for k, v in maths.items()}
    return {name: _fill(phrase(f"figure_{name}", lang), maths) for name in FIGURES}


def _preamble(lang: str, extra: Sequence[str] = ()) -> list[str]:
    return [r"\usepackage[utf8]{inputenc}", r"\usepackage{amsmath,amssymb}", *extra] + \
        ([r"\usepackage{CJKutf8}"] if lang == "zh" else [])


# article's \section and \subsection, set ragged right: a long title breaks between words,
# never runs into the margin.
_RAGGED_HEADINGS = r"""\makeatletter
\renewcommand\section{\@startsection{section}{1}{\z@}{-3.5ex \@plus -1ex \@minus -.2ex}{2.3ex \@plus.2ex}%
  {\normalfont\Large\bfseries\raggedright}}
\renewcommand\subsection{\@startsection{subsection}{2}{\z@}{-3.25ex\@plus -1ex \@minus -.2ex}{1.5ex \@plus .2ex}%
  {\normalfont\large\bfseries\raggedright}}
\makeatother"""


# needspace's test, so that no package beyond texlive-latex-recommended is needed: break the
# page here unless #1 lines of it are left
_KEEP = (r"\makeatletter\newcommand{\symdivkeep}[1]{\par\penalty-100\begingroup"
         r"\setlength{\dimen@}{#1\baselineskip}\dimen@ii\pagegoal\advance\dimen@ii-\pagetotal"
         r"\ifdim\dimen@>\dimen@ii\ifdim\dimen@ii>\z@\vfil\fi\penalty-\@M\fi\endgroup}\makeatother")


def estimated_lines(text: str, chars: int = 90) -> float:
    """Roughly how many lines of type the LaTeX *text* fills: a display row with a sum, a
    fraction or a product counts as two and a half, a paragraph by its length (*chars*
    characters of source to a line).  Only good enough to tell what surely fits from what
    may not.

    >>> estimated_lines("verdict: proved")
    1.0
    >>> estimated_lines("\\\\[ H(P) = - \\\\sum_{i=1}^{n} p_i \\\\log p_i \\\\]")
    3.3
    """
    total = 0.0
    for block in (b.strip() for b in text.split("\n\n")):
        if not block:
            continue
        rows = block.split("\\\\") if block.startswith(("\\begin", "\\[")) else None
        if rows is None:
            total += max(1, -(-len(block) // chars))
            continue
        total += 0.8 + sum(2.5 if any(m in row for m in ("\\sum", "\\frac", "\\prod")) else 1.2 for row in rows)
    return total


def opening_lines(text: str, rows: int = 3) -> float:
    """The lines a theorem's section needs on one page: its heading, everything before its
    first chain of steps, and that chain's first *rows* rows (capped at 40: a longer opening
    could never be kept together)."""
    head, found, chain = text.partition("\\begin{align*}")
    first = "\\begin{align*}" + "\\\\".join(chain.split("\\\\")[:rows]) if found else ""
    return min(40.0, 3 + estimated_lines(head, chars=100) + estimated_lines(first))


def latex_document(sections: Iterable[tuple[str, str]], *, lang: str = "en", title: str = "",
                   contents: bool = False, figures: Sequence[tuple[str, str]] = (), conventions: bool = True,
                   **settings: Any) -> str:
    """A standalone document (``pdflatex``) from ``(heading, body)`` sections.

    Headings are plain text (the maths in them is typeset, see :func:`heading_latex`).  A
    *title* gets a title page ("generated by symdiv VERSION", no date, so the output is
    the same on every run); *contents* numbers the sections and lists them; *figures* are
    ``(path, caption)`` pairs shown in a section of their own.  The conventions (the log,
    probabilities, ``0 log 0``) are stated once, at the top.
    """
    from .. import __version__

    extra = [r"\usepackage[a4paper,margin=2.5cm]{geometry}", r"\allowdisplaybreaks", _RAGGED_HEADINGS, _KEEP]
    if figures:
        extra.insert(1, r"\usepackage{graphicx}")
    head = [r"\documentclass[a4paper]{article}"] + _preamble(lang, extra)
    body = [r"\begin{document}"]
    if lang == "zh":
        body.append(r"\begin{CJK}{UTF8}{gbsn}")
        body.append(rf"\renewcommand{{\contentsname}}{{{phrase('contents', lang)}}}"
                    rf"\renewcommand{{\figurename}}{{{phrase('figure', lang)}}}")
    note = conventions_latex(lang, **settings) if conventions else ""
    if title:
        body += [r"\begin{titlepage}", r"\centering", r"\vspace*{0.3\textheight}",
                 rf"{{\Huge\bfseries {heading_latex(title, **settings)}\par}}", r"\vspace{2em}",
                 rf"{{\large {_escape(phrase('generated_by', lang).format(version=__version__))}\par}}",
                 r"\end{titlepage}"]
    if contents:
        body += [r"\tableofcontents", r"\clearpage"]
    if note and (title or contents):
        body.append(note)
        note = ""
    section = r"\section" if contents else r"\section*"
    for heading, text in sections:
        # a theorem starts on a new page unless its claim, verdict and first proof lines fit here
        body.append(rf"\symdivkeep{{{opening_lines(text):.0f}}}")
        body.append(rf"{section}{{{heading_latex(heading, **settings)}}}")
        if note:
            body.append(note)
            note = ""
        body.append(text)
    if figures:  # not a theorem: no number, but a line in the contents
        body.append(rf"\section*{{{_escape(phrase('figures', lang))}}}")
        if contents:
            body.append(rf"\addcontentsline{{toc}}{{section}}{{{_escape(phrase('figures', lang))}}}")
        for path, caption in figures:
            body += [r"\begin{figure}[htbp]", r"\centering", rf"\includegraphics[width=0.8\linewidth]{{{path}}}",
                     rf"\caption{{{caption}}}", r"\end{figure}"]
    if lang == "zh":
        body.append(r"\end{CJK}")
    body.append(r"\end{document}")
    return "\n".join(head + body) + "\n"


def _escape(text: str) -> str:
    """Escape the LaTeX specials of a plain-text title."""
    for ch, rep in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"), ("#", r"\#"),
                    ("_", r"\_"), ("{", r"\{"), ("}", r"\}"), ("~", r"\textasciitilde{}"), ("^", r"\^{}"),
                    ("||", r"$\|$"), ("|", r"\textbar{}"), ("<", r"\textless{}"), (">", r"\textgreater{}")):
        text = text.replace(ch, rep)
    return text


def derivation_markdown(d: Union["Derivation", "DerivationReport"], *, lang: str = "en",
                        heading: Optional[str] = None, **settings: Any) -> str:
    """The derivation as Markdown with ``$$`` math (GitHub, Jupyter, blogs): under its own title
    with its verdict below, or under *heading* (which then says the status, as
    :func:`derivation_status` does)."""
    derivation, report = _as_report(d)
    own = heading or title_of("derivation", derivation.name, derivation.title, lang, marked=True)
    out = [f"### {heading_markdown(own, **settings)}", "", "$$",
           derivation_latex(d, lang=lang, environment="aligned", **settings), "$$"]
    if report is not None:
        if heading is None:
            out += ["", f"**{phrase('verdict', lang)}**{phrase('colon', lang)}{phrase(report.status.value, lang)}"]
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


def derivation_heading(report: Union["Derivation", "DerivationReport"], theorem_title: str, lang: str) -> str:
    """The heading of a theorem's derivation: "Derivation", and its own title when that says more."""
    d, _ = _as_report(report)
    own = title_of("derivation", d.name, d.title, lang, marked=True)
    word = phrase("derivation", lang)
    return word if own == theorem_title else phrase("derivation_of", lang).format(title=own)


def derivation_expressions(report: Optional[Union["Derivation", "DerivationReport"]]) -> tuple:
    """What a derivation writes (its start and every step), for the page's notation."""
    if report is None:
        return ()
    d, _ = _as_report(report)
    return (d.start, *(s.expr for s in d.steps))


def derivation_status(report: "DerivationReport", theorem_title: str, lang: str) -> str:
    """:func:`derivation_heading` with the derivation's status: "Derivation (every step checked)"."""
    return phrase("derivation_status", lang).format(
        heading=derivation_heading(report, theorem_title, lang),
        status=phrase("every_step_checked" if report.proved else report.status.value, lang))


def theorem_sections(title: str, verdict: "Verdict", report: Optional["DerivationReport"], *,
                     lang: str = "en", width: Optional[float] = ARTICLE_WIDTH, **settings: Any) -> list[tuple[str, str]]:
    """One theorem as a section ``(title, body)``: the claim and its verdict, then its derivation
    (if any) under a heading of its own; laid out to fit *width* (pt)."""
    # A theorem with a derivation shows it instead of the prover's steps (one proof, not two),
    # headed with its status: every step checked.
    body = [verdict_latex(verdict, lang=lang, width=width, steps=report is None,
                          notation_of=derivation_expressions(report), **settings)]
    if report is not None:
        heading = heading_latex(derivation_status(report, title, lang), **settings)
        body.append(rf"\subsection*{{{heading}}}")
        body.append(derivation_latex(report, lang=lang, width=width, **settings))
    return [(title, "\n\n".join(body))]


def theorem_markdown(title: str, verdict: "Verdict", report: Optional["DerivationReport"], *,
                     lang: str = "en", **settings: Any) -> str:
    """One theorem as Markdown, in the order of its LaTeX section: the conventions, the claim and
    its verdict, then its derivation (if any, instead of the prover's steps)."""
    parts = [f"## {heading_markdown(title, **settings)}", "", conventions_markdown(lang, **settings), "",
             verdict_markdown(verdict, lang=lang, steps=report is None, notation_of=derivation_expressions(report),
                              **settings)]
    if report is not None:
        parts.append(derivation_markdown(report, lang=lang, heading=derivation_status(report, title, lang),
                                         **settings))
    return "\n".join(parts)
