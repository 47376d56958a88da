"""Turn ASCII or LaTeX text into tokens, refusing anything outside an allowlist.

One lexer serves both notations: ``D(P||Q) = sum_i p_i*log(p_i/q_i)`` and
``D_{\\mathrm{KL}}(P \\,\\|\\, Q) = \\sum_{i=1}^{n} p_i \\log \\frac{p_i}{q_i}``
give tokens the one parser reads.  LaTeX spacing and sizing commands are
dropped here, synonyms are mapped to one spelling (``\\cdot`` to ``*``,
``\\|`` to ``||``, ``\\Sigma`` to ``sum``, ``\\Pi`` to ``prod``, ``\\Theta`` to
``theta``; ``\\mu``, ``\\sigma``, ``\\pi``, ``\\gamma`` and μ, σ, π to the names ``mu``, ``sigma``,
``pi``, ``gamma``; ``\\left|u\\right|`` and ``|u|`` to ``abs(u)``), and every other command is either on
the allowlist or an error naming it.  A number is a decimal with an optional
exponent (``0.25``, ``2.5e-3``), kept as text for the parser to make exact.

>>> [t.value for t in tokenize(r"D_{KL}(P \\| Q)")]
['D', '_', '{', 'KL', '}', '(', 'P', '||', 'Q', ')', '']
>>> [t.value for t in tokenize("grad_z H(P, softmax(z))")][:4]
['grad', '_', 'z', 'H']

Text is only ever compared against fixed strings; nothing is evaluated.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

from ..errors import InvalidTypeError, ParseError

__all__ = ["Token", "tokenize", "quad_continues", "MAX_LENGTH", "COMMANDS", "RELATIONS", "NOT_EQUAL"]

#: Longest text (in characters) a statement or one derivation block may have.
MAX_LENGTH = 20_000
#: Longest number literal (``1e-3`` counts 4): a bound on the exact arithmetic a statement can ask for.
MAX_DIGITS = 30

#: LaTeX commands the parser understands, with the token each one becomes.
COMMANDS = {
    "sum": "sum", "Sigma": "sum", "prod": "prod", "Pi": "prod", "log": "log", "ln": "ln", "exp": "exp",
    "sqrt": "sqrt",
    "frac": "frac", "dfrac": "frac", "tfrac": "frac", "nabla": "grad", "partial": "partial",
    "hat": "hat", "widehat": "hat", "in": "\\in",
    "cdot": "*", "times": "*", "|": "||", "Vert": "||", "parallel": "||",
    "neq": "\\neq", "ne": "\\neq", "leq": "\\leq", "le": "\\leq", "geq": "\\geq", "ge": "\\geq",
    # A definition (:=, \coloneqq) or an identity (\equiv) claims what '=' claims.
    "approx": "\\approx", "equiv": "=", "coloneqq": "=", "propto": "\\propto", "lt": "<", "gt": ">", "sim": "~",
    "leqslant": "\\leq", "geqslant": "\\geq",
    # Hypotheses about random variables: a Markov chain X \to Y \to Z, independence X \perp Y.
    "to": "->", "rightarrow": "->", "longrightarrow": "->", "perp": "\\perp", "bot": "\\perp",
    "indep": "\\perp", "independent": "\\perp", "upmodels": "\\perp",
}
#: Commands that only space or size things: dropped.
_IGNORED = {
    ",", ";", ":", "!", " ", "quad", "qquad", "displaystyle", "textstyle", "limits", "nolimits",
    "left", "right", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr",
    "big", "Big", "bigg", "Bigg", "nonumber", "notag", "middle",
}
#: Commands whose one braced argument is a word such as ``softmax`` or ``KL``.
_WORD_COMMANDS = {"mathrm", "operatorname", "text", "textrm", "mathit", "textnormal", "mathsf", "rm", "mathbb"}
#: Commands dropped together with their braced argument.
_DROPPED_WITH_ARGUMENT = {"label", "tag", "hspace", "vspace", "intertext", "shortintertext"}
#: Relations other than ``=``: recognised so the error can say they are unsupported.
#: The spellings of "the two sides differ", which a statement or a chain may claim.
NOT_EQUAL = ("\\neq", "!=")
RELATIONS = {"\\neq", "\\leq", "\\geq", "\\approx", "\\propto", "<", ">", "<=", ">=", "!="}

#: Command values that are operators between two operands (the rest start an expression).
_INFIX_OPS = ("*", "||", "<", ">", "~", "=", "\\in", "->", "\\perp")

_UNICODE = {
    "\u2212": "-", "\u00b7": "*", "\u22c5": "*", "\u00d7": "*", "\u2016": "||", "\u2225": "||",
    "\u2211": "sum", "\u03a3": "sum", "\u220f": "prod", "\u03a0": "prod", "\u2207": "grad", "\u2202": "partial",
    "\u2260": "\\neq",
    "\u2264": "\\leq", "\u2265": "\\geq", "\u2a7d": "\\leq", "\u2a7e": "\\geq",
    "\u2192": "->", "\u27f6": "->", "\u22a5": "\\perp", "\u2aeb": "\\perp",
    # The parameters of the model: every spelling is the one name "theta" (see THETA_COMMANDS).
    "\u03b8": "theta", "\u0398": "theta", "\u03d1": "theta",
    # The Gaussian's parameters and pi: the names the ASCII notation spells out (see GREEK).
    "\u03bc": "mu", "\u00b5": "mu", "\u03c3": "sigma", "\u03c0": "pi",
}
#: Greek letters read as names, each the ASCII word for it: the mean and standard deviation of a
#: Gaussian (``\sigma`` applied to a bracket, ``\sigma(u)``, is the sigmoid) and pi.
GREEK = {"mu": "mu", "sigma": "sigma", "pi": "pi", "gamma": "gamma"}
#: What a Greek letter (from the lexer, or typed as a word) names in :data:`GREEK`: names the
#: lexer gives for the Unicode letters and the LaTeX commands alike.
_NAMES_FROM_UNICODE = ("theta", "mu", "sigma", "pi")
#: LaTeX commands that name the parameters of the model distribution, q(x|\theta).
THETA_COMMANDS = ("theta", "Theta", "vartheta")
# \boldsymbol\theta, \boldsymbol{\mu}, \mathbf{\sigma}, \mathbf{I}: bold is only emphasis, the name is the same.
_BOLD = re.compile(r"\s*(?:\{\s*(?:\\(theta|Theta|vartheta|mu|sigma)|(I))\s*\}|\\(theta|Theta|vartheta|mu|sigma)(?![A-Za-z])"
                   r"|(I)(?![A-Za-z]))")
#: Functions whose brackets never hold the '|' of a model's probability q(x|\theta).
_NOT_PARAMETRIC = ("H", "D", "KL", "I", "E", "NLL", "L")
_SINGLE = set("+-*/^_=()[]{},;")
# ASCII only: str.isdigit() also accepts '²' and other digits int() rejects.
_DIGITS = "0123456789"
#: Letters from other scripts that look like a Latin one: the message names the Latin letter.
_LOOKALIKES = dict(zip(
    "\u0410\u0412\u0421\u0415\u041d\u0406\u041a\u041c\u041e\u0420\u0422\u0425"   # Cyrillic capitals
    "\u0430\u0441\u0435\u0456\u043e\u0440\u0445\u0443\u0458\u0455"                 # Cyrillic small
    "\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a7\u03a5\u03bf",  # Greek
    "ABCEHIKMOPTXacei" "opxyjs" "ABEZHIKMNOPTXYo"))
#: Dashes people paste for a minus sign.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\ufe63\uff0d"
# 1e-3 is a number only when a digit follows: 2e^x, 2exp(z_1) and 2e - x keep Euler's e.
# U+2212 is accepted as the sign because the lexer reads it as '-' everywhere else.
_EXPONENT = re.compile(r"[eE]([-+\u2212]?)([0-9]+)")
# Looking round a \quad: layout that says nothing about where the formula ends.
_LAYOUT = (r"(?:\s|&|\\[,;:! ]|\\(?:" + "|".join(sorted((c for c in _IGNORED if c.isalpha()), key=len, reverse=True))
           + r")(?![A-Za-z])|\\(?:" + "|".join(sorted(_DROPPED_WITH_ARGUMENT)) + r")\s*\{[^{}]*\})*")
_INFIX_COMMANDS = "|".join(sorted((name for name, value in COMMANDS.items()
                                   if name.isalpha() and (value in _INFIX_OPS or value in RELATIONS)),
                                  key=len, reverse=True))
_INFIX = (r"[-+*/=<>~|\u2212\u00b7\u22c5\u00d7\u2016\u2225\u2260\u2264\u2265\u2a7d\u2a7e\u2192\u27f6\u22a5\u2aeb]|!=|\\\||\\(?:" + _INFIX_COMMANDS
          + r")(?![A-Za-z])")
_LAYOUT_ONLY = re.compile(_LAYOUT + r"\s*")
# The formula goes on after a \quad when an operator, a relation, a closing bracket, a
# line break or the end comes next ...
_GOES_ON = re.compile(_LAYOUT + r"(?:" + _INFIX + r"|[)\]}]|\\\\|$)")
# ... or when what came before cannot end it: an operator, a relation, an opening bracket,
# a script mark, or a command such as \frac or \log that still needs its argument.  Not a
# comma: "a = b, \quad \text{for all } i" is the usual way to start a remark.
_UNFINISHED = re.compile(r"(?:" + _INFIX + r"|[(\[{^_]|\\(?:" + "|".join(sorted(
    (name for name in COMMANDS if name.isalpha()), key=len, reverse=True)) + r")(?![A-Za-z]))" + _LAYOUT + "$")
# How far round a \quad to look: enough for any real layout, and a long run of \quad
# costs linear time, not quadratic.
_LOOK = 200
# \max and \min applied to their arguments: \max(0, u), \max\left(0, u\right).
_CALLED = re.compile(r"\s*(?:\\left\s*)?\(")
# "arg min" spelled with spacing between the words, after the name "arg": arg min, arg\ min, arg\,\min.
_ARG_OPERATOR = re.compile(r"(?:\s|\\[,;:! ])*\\?(min|max)(?![A-Za-z])")
#: The word "where" as LaTeX writes it: \text{ where }, \mathrm{where} (with its braces).
WHERE_TEXT = re.compile(r"\\(?:text|textrm|mathrm|textnormal)\s*\{\s*(?:\\[,;: ]\s*)*where\s*\}")
#: A "where" clause or a declaration starting (``\quad \text{where } P = ...``, ``P = (1/2, 1/2),
#: \quad Q = (1/2, 1/2)``): the \quad before it only spaces the formula out, it is no commentary.
DECLARES_AFTER = re.compile(r"\s*(?:\\q?quad\s*)*(?:(?:where|given)(?![A-Za-z])|\\(?:text|textrm|mathrm|textnormal)\s*\{\s*(?:where|given)"
                            r"|[A-Za-z]\s*(?:=|\\coloneqq)\s*(?:\\left\s*)?\()")


def quad_continues(text: str, start: int, end: int, quad_start: int, quad_end: int) -> bool:
    """Whether the formula in ``text[start:end]`` goes on across the ``\\quad`` (or
    ``\\qquad``) at ``text[quad_start:quad_end]``, which comes after some mathematics.

    The one rule for statements and document rows alike: ``\\quad - \\sum_i ...`` or
    ``a + \\quad b`` only spaces a long formula out, so an operator or a relation
    on either side, an opening bracket or a function such as ``\\log`` before it,
    or a closing bracket after it keeps the formula going; anything else after
    it (``\\text{by Gibbs}``, plain words) is commentary.

    >>> row = r"H(P) = a \\quad - b \\quad \\text{by Gibbs}"
    >>> quad_continues(row, 0, len(row), 9, 14), quad_continues(row, 0, len(row), 19, 24)
    (True, False)
    """
    if _GOES_ON.match(text, quad_end, min(end, quad_end + _LOOK)):
        return True
    return _UNFINISHED.search(text, max(start, quad_start - _LOOK), quad_start) is not None


@dataclass(frozen=True)
class Token:
    """One token: *kind* is ``num``, ``name``, ``word`` (from ``\\mathrm{...}``),
    ``alphabet`` (``\\mathcal{X}``), ``cmd``, ``op``, ``row`` (LaTeX ``\\\\``) or ``eof``; *start*/*end* are
    offsets into the text the caller gave, for error messages."""

    kind: str
    value: str
    start: int
    end: int


def tokenize(text: str, start: int = 0, end: Optional[int] = None, *, origin: str = "") -> list[Token]:
    """Tokens of ``text[start:end]``, ending with ``eof``; offsets are into the whole *text*.

    >>> tokenize("p_i ? q_i")
    Traceback (most recent call last):
    ...
    symdiv.errors.ParseError: line 1, column 5: unexpected character '?'
      p_i ? q_i
          ^
    """
    if not isinstance(text, str):
        raise InvalidTypeError(f"a statement must be a str, got {text!r} of type {type(text).__name__}")
    end = len(text) if end is None else end
    if end - start > MAX_LENGTH:
        raise ParseError(f"the text is too long ({end - start} characters; the limit is "
                         f"{MAX_LENGTH}): split it into smaller statements", text, start, origin=origin)
    return _Lexer(text, start, end, origin).run() + [Token("eof", "", end, end)]


class _Lexer:
    def __init__(self, text: str, start: int, end: int, origin: str) -> None:
        self.text, self.start, self.pos, self.end, self.origin = text, start, start, end, origin
        self.out: list[Token] = []
        self.opened: list[int] = []          # the brackets not closed yet (positions in out)
        self.openers: dict[int, int] = {}    # each closing bracket's opening one
        self.independence = False            # a \perp outside brackets: X \perp Y | Z may follow
        self.bars: list[tuple[int, int, str]] = []  # the absolute values |...| open: level, start, message

    def error(self, message: str, at: int) -> ParseError:
        return ParseError(message, self.text, at, origin=self.origin)

    def emit(self, kind: str, value: str, start: int) -> None:
        self.out.append(Token(kind, value, start, self.pos))
        # The brackets, matched as they come, so that looking back from a token costs no more
        # than a step whatever the text holds before it.
        if kind == "op" and value in ("(", "[", "{"):
            self.opened.append(len(self.out) - 1)
        elif kind == "op" and value in (")", "]", "}") and self.opened:
            self.openers[len(self.out) - 1] = self.opened.pop()
        elif kind == "op" and value == "\\perp" and not self.opened:
            self.independence = True

    def run(self) -> list[Token]:
        text = self.text
        while self.pos < self.end:
            ch, start = text[self.pos], self.pos
            if ch.isspace() or ch == "&":  # '&' aligns columns in align environments
                self.pos += 1
            elif ch in ".," and self.final(self.pos):
                self.pos = self.end  # a full stop or comma ending the sentence the formula is in
            elif ch in _DIGITS or (ch == "." and _is_digit(text[self.pos + 1: self.pos + 2])):
                self.number()
            elif ch.isascii() and ch.isalpha():
                while self.pos < self.end and text[self.pos].isascii() and text[self.pos].isalnum():
                    self.pos += 1
                word = text[start:self.pos]
                if len(word) > 1 and self.limit_of_a_sum():
                    # TeX sets \sum_{i=1}^Nlog(...) as the limit N, then log: a script without
                    # braces takes one character.
                    self.pos, word = start + 1, word[0]
                if word == "arg":  # arg min, arg\ min, arg\min: the blog's spellings of \arg\min
                    after = _ARG_OPERATOR.match(text, self.pos, self.end)
                    if after:
                        self.pos, word = after.end(), "arg" + after.group(1)
                self.emit("name", "theta" if word == "Theta" else word, start)
            elif ch == "\\":
                self.command()
            elif text.startswith("||", self.pos):
                self.pos += 2
                self.emit("op", "||", start)
            elif text.startswith(":=", self.pos):
                self.pos += 2
                self.emit("op", "=", start)
            elif text.startswith("**", self.pos):
                self.pos += 2
                self.emit("op", "^", start)
            elif text.startswith("==", self.pos):
                raise self.error("'==' is not notation symdiv reads: write a single '='", start)
            elif text.startswith("->", self.pos) or text.startswith("_|_", self.pos):
                # X -> Y -> Z, a Markov chain; X _|_ Y, independence (as symdiv prints them)
                value = "->" if ch == "-" else "\\perp"
                self.pos += 2 if ch == "-" else 3
                self.emit("op", value, start)
            elif text[self.pos: self.pos + 2] in ("<=", ">=", "!="):
                self.pos += 2
                self.emit("op", text[start:self.pos], start)
            elif ch == "{" and self.empty_group_for_spacing():
                pass  # amsmath's "= {} & ..." idiom: an empty group that only sets the spacing
            elif ch in _SINGLE or ch in "<>~":  # '~' as in E_{x~P}
                self.pos += 1
                self.emit("op", ch, start)
            elif ch in _UNICODE:
                self.pos += 1
                value = _UNICODE[ch]
                if value in _NAMES_FROM_UNICODE:
                    self.emit("name", value, start)
                    continue
                kind = "cmd" if value in ("sum", "prod", "grad", "partial") else "op"
                self.emit(kind, value, start)
            elif ch in "|\u2223\uff5c":
                message = self.single_bar(ch)
                self.pos += 1
                if message:
                    self.absolute_bar(start, message)
                else:
                    self.emit("op", "|", start)
            elif ch == "$":
                raise self.error("'$' inside a formula: give the formula without its $ delimiters", start)
            else:
                raise self.error(f"unexpected character {_describe_character(ch)}", start)
        if self.bars:  # a bar that no second one closes is no absolute value: say what it might be
            _, at, message = self.bars[0]
            raise self.error(message, at)
        return self.out

    def absolute_bar(self, start: int, message: str) -> None:
        """A '|' where no conditional or model's probability can be: the bars of an absolute value,
        ``|u|`` as in ``e^{-|u|}``.  It closes the innermost one opened at this bracket level after
        something that ends an operand; otherwise it opens one (*message*, the reason a lone bar is
        refused, is the error if none closes it)."""
        last = self.out[-1] if self.out else None
        ends = last is not None and (last.kind in ("name", "num") or last.value in (")", "]", "}"))
        if self.bars and self.bars[-1][0] == len(self.opened) and ends:
            self.bars.pop()
            self.emit("op", ")", start)
            return
        self.emit("name", "abs", start)
        self.emit("op", "(", start)
        self.bars.append((len(self.opened), start, message))

    def final(self, pos: int) -> bool:
        """Whether only blank text or layout (``\\label{..}``, ``\\nonumber``, ``\\quad``) follows
        *pos*: a '.' or ',' there is punctuation around the formula, not part of it."""
        return _LAYOUT_ONLY.fullmatch(self.text, pos + 1, self.end) is not None

    def empty_group_for_spacing(self) -> bool:
        """At ``{``: whether it opens ``{}`` next to a relation or an ``&`` (then it is skipped)."""
        group = re.compile(r"\{\s*\}").match(self.text, self.pos, self.end)
        if not group:
            return False
        before = self.out[-1] if self.out else None
        after = self.text[group.end():self.end].lstrip()[:1]
        starts_row = before is None or before.kind == "row"
        beside = (before is not None and before.kind == "op" and before.value == "=") or after == "&" \
            or (starts_row and after == "=")
        if beside:
            self.pos = group.end()
        return beside

    def limit_of_a_sum(self) -> bool:
        """Whether the next token is the whole unbraced sub- or superscript of ``\\sum`` or
        ``\\prod`` (as in ``\\Sigma_xP(x)`` or ``\\sum_{i=1}^Nlog``)."""
        out = self.out
        if not out or out[-1].kind != "op" or out[-1].value not in ("_", "^"):
            return False
        k = len(out) - 2
        if out[-1].value == "^":  # step back over the subscript: _{...} or _x
            k = _script_mark(out, k, self.openers)
            if k < 0 or out[k].value != "_":
                return False
            k -= 1
        return k >= 0 and out[k].kind == "cmd" and out[k].value in ("sum", "prod")

    def single_bar(self, ch: str, shown: str = "") -> str:
        """What a lone '|' was probably meant to be, from the function whose brackets it is in;
        empty when it is the bar of a model's probability q(x|\\theta), which the parser reads."""
        message = f"a single {shown or repr(ch)} is not notation symdiv reads"
        if not self.opened and self.independence:
            return ""  # X \perp Y | Z: independence given Z, a hypothesis
        if self.opened:  # the innermost bracket the bar is in
            function = _function_before(self.out, self.opened[-1], self.openers)
            if function in ("H", "I"):
                return ""  # H(Y|X), I(X;Y|Z): the parser reads them, or says what to write
            if function in ("D", "KL"):
                return f"{message}: write {function}(P||Q) for a divergence"
            if len(function) == 1 and function not in _NOT_PARAMETRIC:
                return ""  # q(x|theta): the parser says whether what follows is a parameter
        return (f"{message} here: it is read only in a model's probability with its parameters, "
                f"q(x|\\theta), and between two bars as an absolute value, |u|; a divergence is D(P||Q)")

    def number(self) -> None:
        text, start = self.text, self.pos
        while self.pos < self.end and text[self.pos] in _DIGITS:
            self.pos += 1
        if self.pos < self.end and text[self.pos] == ".":
            self.pos += 1
            while self.pos < self.end and text[self.pos] in _DIGITS:
                self.pos += 1
        if text[self.pos - 1] == "." and self.final(self.pos - 1):
            self.pos -= 1  # '2.' at the very end: the number 2 and a full stop
        literal = text[start:self.pos]
        if self.pos < self.end and text[self.pos] == "." and not self.final(self.pos):
            raise self.error(f"malformed number {text[start:self.pos + 1]!r}...", start)
        if literal.endswith("."):
            raise self.error(f"malformed number {literal!r}: a decimal point needs digits after it, as in "
                             f"{literal}0 or {literal[:-1] or 0}", start)
        exponent = _EXPONENT.match(text, self.pos, self.end)
        if exponent:
            self.pos = exponent.end()
            # One spelling (1e-3) for the parser, whatever case and minus sign were typed.
            literal += "e" + ("-" if exponent.group(1) in ("-", "\u2212") else "") + exponent.group(2)
            if self.pos < self.end and text[self.pos] == "." and not self.final(self.pos):
                raise self.error(f"malformed number {text[start:self.pos + 1]!r}...: the exponent of "
                                 f"a number is a whole number, as in 2.5e-3", start)
        if self.pos - start > MAX_DIGITS:
            raise self.error(f"the number has {self.pos - start} characters; the limit is {MAX_DIGITS}", start)
        self.emit("num", literal, start)

    def command(self) -> None:
        text, start = self.text, self.pos
        self.pos += 1
        if self.pos >= self.end:
            raise self.error("a lone backslash at the end", start)
        if text[self.pos].isalpha():
            while self.pos < self.end and text[self.pos].isascii() and text[self.pos].isalpha():
                self.pos += 1
            name = text[start + 1:self.pos]
        else:
            name = text[self.pos]
            self.pos += 1
        if name == "\\":
            self.emit("row", "\\\\", start)
        elif name in _IGNORED:
            if name in ("left", "right") and text[self.pos: self.pos + 1] == ".":
                raise self.error(rf"\{name}. (an invisible delimiter) is not supported", start)
            if name in ("left", "right") and text[self.pos: self.pos + 1] == "|":
                # \left| x \right|, an absolute value (as sympy writes it): read as abs(x)
                self.pos += 1
                self.absolute(name == "left", start)
            if name in ("quad", "qquad") and self.out and not DECLARES_AFTER.match(text, self.pos, self.end) \
                    and not quad_continues(text, self.start, self.end, start, self.pos):
                # A document row keeps such text as a note (symdiv check); a statement has nowhere to.
                raise self.error(rf"what follows \{name} here is commentary, not part of the formula (only an "
                                 rf"operator next to \{name}, as in '\{name} - ...' or '+ \{name} ...', carries "
                                 rf"the formula across it): remove the commentary from the statement", start)
        elif name in ("arg", "argmin", "argmax"):
            if name == "arg":  # \arg\min, \arg\max
                after = _ARG_OPERATOR.match(text, self.pos, self.end)
                if not after:
                    raise self.error(r"\arg is read only in \arg\min and \arg\max", start)
                self.pos, name = after.end(), "arg" + after.group(1)
            self.emit("name", name, start)
        elif name in ("min", "max") and _CALLED.match(text, self.pos, self.end):
            self.emit("name", name, start)  # \max(0, u), a function of numbers
        elif name in ("min", "max"):
            raise self.error(rf"\{name} alone is not notation symdiv reads: for the same optimisers write "
                             rf"\arg\{name}_\theta f = \arg\{name}_\theta g; the larger of two numbers is "
                             rf"\{name}(a, b)", start)
        elif name in ("lvert", "rvert"):
            self.absolute(name == "lvert", start)
        elif name in THETA_COMMANDS:
            self.emit("name", "theta", start)
        elif name in ("boldsymbol", "bm", "mathbf"):
            # \boldsymbol\theta, and the vectors of a diagonal Gaussian: \boldsymbol{\mu}, \mathbf{I}
            m = _BOLD.match(text, self.pos, self.end)
            if not m:
                raise self.error(rf"\{name} is read only around \theta, the model's parameters (\{name}\theta), "
                                 rf"and around \mu, \sigma and I, the vectors and the identity of a diagonal "
                                 rf"Gaussian (\{name}{{\mu}})", start)
            self.pos = m.end()
            word = next(g for g in m.groups() if g)
            self.emit("name", "theta" if word in THETA_COMMANDS else word, start)
        elif name in _WORD_COMMANDS and WHERE_TEXT.match(text, start, self.end):
            self.pos = WHERE_TEXT.match(text, start, self.end).end()
            self.emit("word", "where", start)
        elif name in _WORD_COMMANDS:
            if text.startswith("*", self.pos):
                self.pos += 1
                word = re.sub(r"\\[,;: ]|\s", "", self.braced(name, start))
                if word not in ("argmin", "argmax"):
                    raise self.error(rf"\{name}*{{{word}}}: of the operators with limits symdiv reads only "
                                     rf"arg min and arg max", start)
                self.emit("name", word, start)
                return
            self.emit("word", self.braced_word(name, start), start)
        elif name == "mathcal":
            word = self.braced_word(name, start)
            if word in ("L", "N"):  # the likelihood; the Gaussian \mathcal{N}(\mu, \sigma^2)
                self.emit("word", word, start)
            elif len(word) == 1 and word.isupper() and word not in "HDIEU":
                # \mathcal{X}: the alphabet of P's outcomes, or of the random variable X
                self.emit("alphabet", word, start)
            else:
                raise self.error(rf"\mathcal{{{word}}} is not notation symdiv reads (\mathcal{{L}}(x; Q) is the "
                                 rf"likelihood, \mathcal{{X}} the alphabet)", start)
        elif name in _DROPPED_WITH_ARGUMENT:
            self.braced(name, start)
        elif name == "mid":
            # \mid\mid is how some write the || of a divergence; a lone \mid is a conditional.
            again = re.compile(r"\s*\\mid(?![A-Za-z])").match(text, self.pos, self.end)
            if not again:
                message = self.single_bar("\\mid", shown=r"\mid")
                if message:
                    raise self.error(message, start)
                self.emit("op", "|", start)
                return
            self.pos = again.end()
            self.emit("op", "||", start)
        elif name in COMMANDS:
            value = COMMANDS[name]
            if value == "\\perp" and self.out and self.out[-1].kind == "op" and self.out[-1].value == value:
                # \perp\!\!\!\perp, the way many write the independence sign: one sign
                self.out[-1] = Token("op", value, self.out[-1].start, self.pos)
                return
            kind = "op" if value in _INFIX_OPS or value in RELATIONS else "cmd"
            self.emit(kind, value, start)
        elif name in ("{", "}"):
            raise self.error(rf"\{name} (a literal brace) is not supported: use ( and ) to group", start)
        elif name in GREEK:
            self.emit("name", GREEK[name], start)
        elif name in ("phi", "psi", "omega", "beta", "alpha", "lambda", "eta", "tau", "varsigma", "epsilon",
                      "varepsilon"):
            raise self.error(rf"\{name} is not a name symdiv reads: the model's parameters are written \theta, as "
                             rf"in q(x|\theta) and \arg\min_\theta, or they are a distribution such as Q or the "
                             rf"logits z (\arg\min_Q ..., \arg\min_z ...); a Gaussian's are \mu and \sigma, a "
                             rf"temperature is T", start)
        else:
            raise self.error(rf"unsupported LaTeX command \{name}", start)

    def absolute(self, opening: bool, start: int) -> None:
        """The bars of ``\\left| x \\right|`` or ``\\lvert x \\rvert``: the brackets of ``abs(x)``."""
        if opening:
            self.emit("name", "abs", start)
            self.emit("op", "(", start)
        else:
            self.emit("op", ")", start)

    def braced(self, name: str, start: int) -> str:
        """The text of the ``{...}`` argument after ``\\name`` (balanced braces, iteratively)."""
        text = self.text
        while self.pos < self.end and text[self.pos].isspace():
            self.pos += 1
        if self.pos >= self.end or text[self.pos] != "{":
            raise self.error(rf"\{name} needs a braced argument, e.g. \{name}{{...}}", start)
        depth, open_at = 0, self.pos
        while self.pos < self.end:
            ch = text[self.pos]
            if ch == "\\":
                self.pos += 2
                continue
            depth += (ch == "{") - (ch == "}")
            self.pos += 1
            if depth == 0:
                return text[open_at + 1:self.pos - 1]
        raise self.error(rf"unbalanced braces: the '{{' of \{name} is never closed", open_at)

    def braced_word(self, name: str, start: int) -> str:
        word = self.braced(name, start).strip()
        if not (word.isascii() and word.isalpha()):
            raise self.error(rf"\{name}{{{word}}}: only a name such as softmax or KL can be read here", start)
        return word


def _is_digit(ch: str) -> bool:
    """One ASCII digit (``"" in _DIGITS`` is true, so the text's end must not count as one)."""
    return len(ch) == 1 and ch in _DIGITS


def _script_mark(tokens: list[Token], k: int, openers: dict[int, int]) -> int:
    """The position of the ``_`` or ``^`` whose script ends at ``tokens[k]``: a ``{...}`` group
    (*openers* maps each closing bracket to its opening one) or one token."""
    if k >= 0 and tokens[k].value == "}":
        return openers.get(k, 0) - 1
    return k - 1


def _function_before(tokens: list[Token], k: int, openers: dict[int, int]) -> str:
    """The name written before the bracket ``tokens[k]``, past a subscript: ``H`` for ``H_2(``."""
    k -= 1
    if k >= 0 and tokens[k].value == "}":
        k = _script_mark(tokens, k, openers) - 1  # before the '_'
    elif k >= 1 and tokens[k - 1].value == "_":
        k -= 2
    return tokens[k].value if k >= 0 and tokens[k].kind == "name" else ""


def _describe_character(ch: str) -> str:
    """*ch* quoted, and for a character outside ASCII its Unicode name and what was likely meant.

    >>> _describe_character("\u0420")
    "'\u0420' (U+0420 CYRILLIC CAPITAL LETTER ER): it looks like the Latin letter 'P' but is not; type 'P'"
    """
    if ch.isascii():
        return repr(ch)
    name = unicodedata.name(ch, "")
    shown = f"{ch!r} (U+{ord(ch):04X}{' ' + name if name else ''})"
    plain = unicodedata.normalize("NFKC", ch)
    if ch in _LOOKALIKES:
        return f"{shown}: it looks like the Latin letter {_LOOKALIKES[ch]!r} but is not; type {_LOOKALIKES[ch]!r}"
    if ch in _DASHES:
        return f"{shown}: write '-' for a minus sign"
    if "SUBSCRIPT" in name and plain.isascii():
        return f"{shown}: write a subscript with '_', as in p_{plain}"
    if "SUPERSCRIPT" in name and plain.isascii():
        return f"{shown}: write a power with '^', as in p_1^{plain}"
    if name.startswith("VULGAR FRACTION") and "\u2044" in plain:
        return f"{shown}: write {plain.replace(chr(0x2044), '/')}"
    if ch == "\u221a":
        return f"{shown}: write a square root as sqrt(p_1), \\sqrt{{p_1}} or a power, (p_1)^(1/2)"
    if unicodedata.category(ch) == "Cf":
        return f"{shown}, an invisible character: delete it"
    if plain.isascii() and plain.strip():
        return f"{shown}: type {plain!r}"
    return shown
