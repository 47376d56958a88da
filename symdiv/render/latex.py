"""The one LaTeX printer of symdiv: a subclass of sympy's ``LatexPrinter``.

Every piece of LaTeX symdiv writes comes from here.  It knows the measures
and writes terms the way a person does:

>>> import symdiv as sd
>>> n = sd.alphabet_size()
>>> P, Q = sd.Distribution("P", n), sd.Distribution("Q", n)
>>> latex(sd.KL(P, Q))
'D_{\\\\mathrm{KL}}(P \\\\,\\\\|\\\\, Q)'
>>> print(latex(sd.CrossEntropy(P, Q).doit(deep=False)))
- \\sum_{i=1}^{n} p_{i} \\log q_{i}
>>> print(latex(sd.CrossEntropy(P, Q).doit(deep=False), log="ln", sums="outcomes"))
- \\sum_{x} P(x) \\ln Q(x)
"""

from __future__ import annotations

from typing import Any

from sympy import Add, Basic, E, Expr, Indexed, Mul, Number, Pow, Sum, Symbol, exp, log
from sympy.printing.latex import LatexPrinter

from ..core.bound import outermost
from ..core.measures import NLL, CrossEntropy, Entropy, Grad, KLDivergence, Likelihood, Measure, SelfInformation
from ..core.model import (Count, Distribution, Empirical, ExplicitDistribution, Logits, PointMass, Sample, Softmax,
                          Uniform, alphabet_size)
from ..errors import InvalidInputError
from .order import person_order, softmax_denominator

__all__ = ["SymdivLatexPrinter", "latex", "LOG_STYLES", "SUM_STYLES"]

LOG_STYLES = ("log", "ln")
SUM_STYLES = ("indices", "outcomes")
_OUTCOME_LETTERS = "xyuvw"
#: The alphabet size a sum over the outcomes, \sum_x, stands for when no limit is written.
_ALPHABET = alphabet_size("n")


class SymdivLatexPrinter(LatexPrinter):
    """sympy's LaTeX printer, taught the notation of information theory.

    Settings beyond sympy's: ``log`` (``"log"`` or ``"ln"`` for the natural
    log; other bases always print as ``\\log_b``) and ``sums`` (``"indices"``
    for ``\\sum_{i=1}^{n} p_i`` or ``"outcomes"`` for ``\\sum_x P(x)``).
    """

    printmethod = "_symdiv_latex"
    _default_settings = {**LatexPrinter._default_settings, "log": "log", "sums": "indices"}

    def __init__(self, settings: dict[str, Any] | None = None):
        super().__init__(settings)
        if self._settings["log"] not in LOG_STYLES:
            raise InvalidInputError(f"log style must be one of {LOG_STYLES}, got {self._settings['log']!r}")
        if self._settings["sums"] not in SUM_STYLES:
            raise InvalidInputError(f"sum style must be one of {SUM_STYLES}, got {self._settings['sums']!r}")
        # Bound index -> the outcome letter it prints as; nested sums get x, y, ...
        self._outcome_vars: dict[Basic, str] = {}

    # -- names ---------------------------------------------------------------
    def _dist(self, d: Basic) -> str:
        if isinstance(d, Softmax):
            return rf"\operatorname{{softmax}}({self._print(d.logits)})"
        if isinstance(d, Empirical):
            return rf"\hat{{p}}_{{{d.dataset.name}}}"
        if isinstance(d, Uniform):
            return r"U"
        if isinstance(d, PointMass):
            return rf"\delta_{{{self._print(d.outcome)}}}"
        if isinstance(d, ExplicitDistribution) and d.anonymous:
            return r"\left(" + ", ".join(self._print(v) for v in d.values) + r"\right)"
        return self._print_Symbol(Symbol(d.name))

    def _component_name(self, base: Basic) -> str:
        name = base.name if isinstance(base, (Distribution, Logits)) else str(base)
        return name.lower() if isinstance(base, Distribution) else name

    def _base_mark(self, base: Expr) -> str:
        return "" if base is E else f"_{{{self._print(base)}}}"

    # -- measures ------------------------------------------------------------
    def _print_Entropy(self, e: Entropy) -> str:
        return rf"H{self._base_mark(e.base)}({self._dist(e.dist)})"

    def _print_CrossEntropy(self, e: CrossEntropy) -> str:
        return rf"H{self._base_mark(e.base)}({self._dist(e.P)}, {self._dist(e.Q)})"

    def _print_KLDivergence(self, e: KLDivergence) -> str:
        base = "" if e.base is E else rf",\,{self._print(e.base)}"
        return rf"D_{{\mathrm{{KL}}{base}}}({self._dist(e.P)} \,\|\, {self._dist(e.Q)})"

    def _print_SelfInformation(self, e: SelfInformation) -> str:
        outcome = self._outcome_vars.get(e.args[1]) or self._print(e.args[1])
        base = "" if e.base is E else rf",\,{self._print(e.base)}"
        return rf"I_{{{self._dist(e.args[0])}{base}}}({outcome})"

    def _print_NLL(self, e: NLL) -> str:
        return rf"\mathrm{{NLL}}{self._base_mark(e.base)}({self._print_Symbol(Symbol(e.data.name))};\, {self._dist(e.model)})"

    def _print_Likelihood(self, e: Likelihood) -> str:
        return rf"L({self._print_Symbol(Symbol(e.data.name))};\, {self._dist(e.model)})"

    def _print_Grad(self, e: Grad) -> str:
        inner = self._print(e.objective)
        if not isinstance(e.objective, (Measure, Grad, Symbol, Indexed)):
            inner = rf"\left({inner}\right)"
        return rf"\frac{{\partial}}{{\partial {self._print(e.variable)}}} {inner}"

    # Distributions and logits print by name, whatever their kind.
    _print_Softmax = _print_Empirical = _print_Uniform = _dist
    _print_Distribution = _print_Logits = _print_ExplicitDistribution = _dist

    # -- components ----------------------------------------------------------
    def _print_Indexed(self, e: Indexed) -> str:
        (index,) = e.indices
        if index in self._outcome_vars:
            name = e.base.name if hasattr(e.base, 'name') else str(e.base)
            return rf"{self._print_Symbol(Symbol(name))}({self._outcome_vars[index]})"
        name = self._component_name(e.base)
        return rf"{name}_{{{self._print(index)}}}"

    def _print_Sample(self, e: Sample) -> str:
        return rf"{e.dataset.name}_{{{self._print(e.position)}}}"

    def _print_Count(self, e: Count) -> str:
        return rf"c_{{{self._print(e.outcome)}}}"

    # -- sums, products and logs ---------------------------------------------
    def _print_Sum(self, e: Sum) -> str:
        (var, lo, hi), body = outermost(e)
        # An outcome letter must not be in use around the sum or free inside it;
        # when none is left, the sum prints with its index instead.
        taken = {*self._outcome_vars.values(), *(str(s) for s in body.free_symbols)}
        letter = next((c for c in _OUTCOME_LETTERS if c not in taken), None)
        if self._settings["sums"] == "outcomes" and lo == 1 and letter and _sums_over_alphabet(var, hi, body):
            self._outcome_vars[var] = letter
            try:
                inner = self._print_summand(body)
            finally:
                del self._outcome_vars[var]
            if hi != _ALPHABET:  # another letter (K): written, so that the reader takes it as the alphabet size
                return rf"\sum_{{{letter}=1}}^{{{self._print(hi)}}} {inner}"
            return rf"\sum_{{{letter}}} {inner}"
        return rf"\sum_{{{self._print(var)}={self._print(lo)}}}^{{{self._print(hi)}}} {self._print_summand(body)}"

    def _print_summand(self, body: Expr) -> str:
        text = self._print(body)
        return rf"\left({text}\right)" if isinstance(body, Add) else text

    def _print_log(self, e: log, exp: str | None = None) -> str:  # sympy passes exp= for log(x)**k
        name = r"\ln" if self._settings["log"] == "ln" else r"\log"
        return self._log_text(name, e.args[0], exp)

    def _log_text(self, name: str, arg: Expr, exp_: str | None = None) -> str:
        text = self._print(arg)
        # \log q_i and \log \frac{p}{q} read unambiguously without brackets; a
        # sign, a sum or a product does not (\log - x, \log p q).
        bare = isinstance(arg, (Indexed, Symbol, Count, Number)) or _one_fraction(text) or (
            text.startswith(r"\operatorname{softmax}") and " " not in text)  # one softmax component
        if bare and not text.startswith("-"):
            body = rf"{name} {text}"
        else:
            body = rf"{name}{{\left({text}\right)}}"
        return rf"\left({body}\right)^{{{exp_}}}" if exp_ else body

    def _print_Mul(self, e: Mul) -> str:
        if not isinstance(e, Mul):
            # sympy's _print_Pow hands x**-k here; its args are (x, -k), not factors.
            return super()._print_Mul(e)
        # log_b x appears as log(x) / log(b): print it as \log_b x.
        args = list(e.args)
        bases = [a for a in args if isinstance(a, Pow) and a.exp == -1 and isinstance(a.base, log)
                 and a.base.args[0].is_Number]
        logs = [a for a in args if isinstance(a, log)]
        if len(bases) == 1 and len(logs) == 1:
            b = bases[0].base.args[0]
            coefficient = Mul(*[a for a in args if a is not bases[0] and a is not logs[0]])
            return self._times(coefficient, self._log_text(rf"\log_{{{self._print(b)}}}", logs[0].args[0]))
        softmax = _softmax_factor(args)
        # In outcome notation (sum_x ...) a component is z(x): keep the exp form there.
        if softmax is not None and softmax[0][0].args[0].indices[0] not in self._outcome_vars:
            # exp(z_j) / sum_k exp(z_k) is softmax(z)_j, as the reader writes it
            (top, den), rest = softmax
            logits, index = den.base.function.args[0].base, top.args[0].indices[0]
            text = rf"\operatorname{{softmax}}({self._print(logits)})_{{{self._print(index)}}}"
            return self._times(Mul(*rest), text)
        ordered = sorted(args, key=_factor_rank)
        saved = self._settings["order"]
        self._settings["order"] = "none"
        try:
            return super()._print_Mul(Mul(*ordered, evaluate=False))
        finally:
            self._settings["order"] = saved

    def _times(self, coefficient: Expr, text: str) -> str:
        """``coefficient`` times the already printed factor *text* (a sign pulled out front)."""
        sign = ""
        if coefficient.could_extract_minus_sign():
            sign, coefficient = "- ", -coefficient
        if coefficient == 1:
            return sign + text
        factor = self._print(coefficient)
        # sympy's own rule: a sum (or a Sum, which would swallow the log) before more factors gets brackets
        if self._needs_mul_brackets(coefficient, first=True, last=False):
            factor = rf"\left({factor}\right)"
        return f"{sign}{factor} {text}"

    def _print_Add(self, e: Add, order: str | None = None) -> str:
        # Keep the order of an unevaluated Add (a derivation's "add and subtract"
        # step); otherwise the order a person writes: positive terms first,
        # numbers last (1 - log_2(3)/2, not -log_2(3)/2 + 1).
        if Add(*e.args) != e:
            return super()._print_Add(e, order="none")
        terms = list(Add.make_args(e))
        texts = [self._print(t) for t in terms]
        arranged = [terms[k] for k in person_order(terms, texts)]
        return super()._print_Add(Add(*arranged, evaluate=False), order="none")


def _sums_over_alphabet(var: Basic, hi: Basic, body: Basic) -> bool:
    bases = {x.base for x in body.atoms(Indexed) if x.indices == (var,)}
    return bool(bases) and all(getattr(b, "size", None) == hi for b in bases)


def _one_fraction(text: str) -> bool:
    r"""Whether *text* is exactly one ``\frac{..}{..}`` (so ``\log`` needs no brackets around it)."""
    if not text.startswith(r"\frac{"):
        return False
    depth, groups = 0, 0
    for k in range(len(r"\frac"), len(text)):
        depth += (text[k] == "{") - (text[k] == "}")
        if depth == 0 and text[k] == "}":
            groups += 1
            if groups == 2:
                return k == len(text) - 1
    return False


def _softmax_factor(args: list[Basic]):
    """``((exp(z_j), 1/sum_k exp(z_k)), other factors)`` when *args* hold a softmax component."""
    for den in args:
        logits = softmax_denominator(den)
        if logits is None:
            continue
        top = next((a for a in args if isinstance(a, exp) and isinstance(a.args[0], Indexed)
                    and a.args[0].base == logits), None)
        if top is not None:
            return (top, den), [a for a in args if a is not top and a is not den]
    return None


def _factor_rank(f: Expr) -> tuple[int, str]:
    """Numbers, then probabilities and symbols, then sums, then functions: ``-\\sum p_i \\log q_i``."""
    if f.is_Number:
        return (0, "")
    if isinstance(f, (Indexed, Symbol, Count, Sample)) or (isinstance(f, Pow) and not isinstance(f.base, (log, Sum))):
        return (1, str(f))
    if isinstance(f, Sum):
        return (2, "")
    if isinstance(f, exp):
        return (3, str(f))
    return (4, str(f))


def latex(expr: Basic, **settings: Any) -> str:
    """LaTeX for a symdiv expression; see :class:`SymdivLatexPrinter` for the settings."""
    return SymdivLatexPrinter(settings).doprint(expr)
