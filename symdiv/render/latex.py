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

Random variables are written as in Cover & Thomas: a joint ``p`` of ``X`` and
``Y`` is ``p(x, y)``, its marginal ``p(x)``, and sums over their alphabets
run over the outcome letters, whatever the sum style:

>>> X, Y = sd.RandomVariable("X", n), sd.RandomVariable("Y", 2)
>>> p = sd.Distribution("p", (X, Y))
>>> print(latex(sd.MutualInformation(p, X, Y).doit()))
\\sum_{x, y} p(x, y) \\log \\frac{p(x, y)}{p(x) p(y)}
>>> print(latex(sd.ConditionalEntropy(p, Y, given=X)), latex(sd.marginal(p, X)[1]))
H(Y \\mid X) p_{X}(1)
"""

from __future__ import annotations

import re
from typing import Any

from sympy import Add, Basic, E, Expr, Indexed, Integer, Mul, Number, NumberSymbol, Pow, Rational, Sum, Symbol, exp, fraction, log, pi
from sympy.printing.latex import LatexPrinter
from sympy.core.sorting import default_sort_key

from ..core.bound import outermost
from ..core.functions import Sigmoid
from ..core.measures import (NLL, ConditionalEntropy, ConditionalKL, CrossEntropy, Entropy, Grad, KLDivergence,
                             Likelihood, Measure, MutualInformation, SelfInformation)
from ..core.model import (Conditional, Count, Distribution, Empirical, ExplicitDistribution, Logits, Marginal,
                          PointMass, PositiveVector, ProductDistribution, Sample, Softmax, Uniform, alphabet_size)
from ..errors import InvalidInputError
from .order import conditional_pair, family, nested, outcome_letters, person_order, softmax_component

__all__ = ["SymdivLatexPrinter", "latex", "LOG_STYLES", "SUM_STYLES"]

LOG_STYLES = ("log", "ln")
SUM_STYLES = ("indices", "outcomes")
_OUTCOME_LETTERS = "xyuvw"
#: The alphabet size a sum over the outcomes, \sum_x, stands for when no limit is written.
_ALPHABET = alphabet_size("n")
#: The vectors of a diagonal Gaussian: at an outcome x they print as \mu_{x}, never \mu(x).
_GAUSSIAN_VECTORS = ("mu", "sigma")
#: A standard deviation, \sigma or \sigma_{k}, followed by a bracket in a product (the sigmoid
#: prints as \sigma(u) or \sigma\left(...\right), with no space).
_SIGMA_TIMES_BRACKET = re.compile(r"(\\sigma(?:_\{[^{}]*\})?) \\left\(")


class SymdivLatexPrinter(LatexPrinter):
    """sympy's LaTeX printer, taught the notation of information theory.

    Settings beyond sympy's: ``log`` (``"log"`` or ``"ln"`` for the natural
    log; other bases always print as ``\\log_b``) and ``sums`` (``"indices"``
    for ``\\sum_{i=1}^{n} p_i`` or ``"outcomes"`` for ``\\sum_x P(x)``), and ``fold`` (default
    True: ``exp(z_j) / sum_k exp(z_k)`` prints as ``softmax(z)_j``; False spells it out, as a
    definition of the softmax must).
    """

    printmethod = "_symdiv_latex"
    _default_settings = {**LatexPrinter._default_settings, "log": "log", "sums": "indices", "fold": True}

    def __init__(self, settings: dict[str, Any] | None = None):
        super().__init__(settings)
        if self._settings["log"] not in LOG_STYLES:
            raise InvalidInputError(f"log style must be one of {LOG_STYLES}, got {self._settings['log']!r}")
        if self._settings["sums"] not in SUM_STYLES:
            raise InvalidInputError(f"sum style must be one of {SUM_STYLES}, got {self._settings['sums']!r}")
        # Bound index -> the outcome letter it prints as; nested sums get x, y, ...
        self._outcome_vars: dict[Basic, str] = {}

    def doprint(self, expr: Basic) -> str:
        # \sigma applied to a bracket is the sigmoid to the reader: a standard deviation sigma (or
        # sigma_k) times a bracket gets a \cdot, so that it reads back as the product it is.
        return _SIGMA_TIMES_BRACKET.sub(r"\1 \\cdot \\left(", super().doprint(expr))

    # -- names ---------------------------------------------------------------
    def _dist(self, d: Basic) -> str:
        # Each kind of distribution prints itself (sympy's _print_<Class> dispatch): a measure
        # asks for its argument's name here and never tests classes.
        return self._print(d)

    def _print_Softmax(self, d: Softmax) -> str:
        T = d.temperature
        inner = self._print(d.logits) if T == 1 else rf"{self._print(d.logits)} / {self._print(T)}"
        return rf"\operatorname{{softmax}}({inner})"

    def _print_Empirical(self, d: Empirical) -> str:
        return rf"\hat{{p}}_{{{d.dataset.name}}}"

    def _print_Uniform(self, d: Uniform) -> str:
        return r"U"

    def _print_PointMass(self, d: PointMass) -> str:
        return rf"\delta_{{{self._print(d.outcome)}}}"

    def _print_OffTarget(self, d: Basic) -> str:
        return rf"U_{{\neg {self._print(d.target)}}}"

    def _print_Bernoulli(self, d: Basic) -> str:
        return rf"\operatorname{{Bernoulli}}({self._print(d.p)})"

    def _print_Mixture(self, d: Basic) -> str:
        first, second = d.parts
        return rf"(1 - {self._print(d.weight)}) {self._dist(first)} + {self._print(d.weight)} {self._dist(second)}"

    def _print_ExplicitDistribution(self, d: ExplicitDistribution) -> str:
        if d.anonymous:
            return nested([self._print(v) for v in d.values], [int(k) for k in d.shape], r"\left(", r"\right)")
        return self._named(d)

    def _print_ProductDistribution(self, d: ProductDistribution) -> str:
        return " ".join(self._dist(f) for f in d.factors)

    def _print_Conditional(self, d: Conditional) -> str:
        of, given = (", ".join(v.name.lower() for v in vs) for vs in (d.of, d.given))
        return rf"{self._joint_name(d.joint)}({of} \mid {given})"

    def _print_Normal(self, d: Basic) -> str:
        return rf"\mathcal{{N}}({self._print(d.mu)}, {self._print(d.sigma ** 2)})"

    def _print_NormalDiag(self, d: Basic) -> str:
        mu, sigma = d.args[0], d.args[1]
        if sigma == 1:
            return rf"\mathcal{{N}}({self._print(mu)}, I)"
        if isinstance(sigma, PositiveVector):
            return rf"\mathcal{{N}}({self._print(mu)}, \operatorname{{diag}}({self._print(sigma)}^{{2}}))"
        return rf"\mathcal{{N}}({self._print(mu)}, {self._print(sigma ** 2)} I)"

    def _print_Expectation(self, e: Basic) -> str:
        return (rf"\mathbb{{E}}_{{{self._print(e.outcome)} \sim {self._print(e.dist)}}}"
                rf"\left[{self._print(e.body)}\right]")

    def _print_NumberSymbol(self, e: Basic) -> str:
        # pi, e, ...: their own _latex (this printer's printmethod is not theirs, so ask directly)
        return e._latex(self)

    def _print_ExpBase(self, e: Basic, exp: str | None = None) -> str:
        # e^{z_i / T}: a fraction stacked in an exponent is too small to read, on a slide above all.
        # Only over one symbol or number (sympy's fold_short_frac writes 1/(3 H) as "1 / 3 H").
        num, den = fraction(e.args[0])
        flat = all(isinstance(f, (Number, Symbol, Indexed)) for f in Mul.make_args(num))  # no sum to swallow it
        if den != 1 and isinstance(den, (Symbol, Integer, Indexed)) and flat:
            return self._do_exponent(rf"e^{{{self._print(num)} / {self._print(den)}}}", exp)
        return self._do_exponent(rf"e^{{{self._print(e.args[0])}}}", exp)

    def _print_Abs(self, e: Basic, exp: str | None = None) -> str:
        text = self._print(e.args[0])
        return self._power(rf"\left|{text}\right|" if _tall(text) else f"|{text}|", exp)

    def _print_Max(self, e: Basic, exp: str | None = None) -> str:
        return self._power(self._variadic(r"\max", e), exp)

    def _print_Min(self, e: Basic, exp: str | None = None) -> str:
        return self._power(self._variadic(r"\min", e), exp)

    def _variadic(self, name: str, e: Basic) -> str:
        # max(u, 0), as written: numbers last
        args = sorted(e.args, key=lambda a: (a.is_number, default_sort_key(a)))
        return name + _argument(", ".join(self._print(a) for a in args))

    def _print_Sigmoid(self, e: Basic, exp: str | None = None) -> str:  # sympy passes exp= for f(x)**k
        return self._power(rf"\sigma{_argument(self._print(e.args[0]))}", exp)

    def _print_Softplus(self, e: Basic, exp: str | None = None) -> str:
        return self._power(rf"\operatorname{{softplus}}{_argument(self._print(e.args[0]))}", exp)

    @staticmethod
    def _power(text: str, exp: str | None) -> str:
        return rf"\left({text}\right)^{{{exp}}}" if exp else text

    def _print_BinaryCrossEntropy(self, e: Basic) -> str:
        return rf"\mathrm{{BCE}}{self._base_mark(e.base)}({self._print(e.args[0])}, {self._print(e.args[1])})"

    def _print_FocalLoss(self, e: Basic) -> str:
        return (rf"\mathrm{{FL}}_{{{self._print(e.args[2])}}}({self._dist(e.args[0])}, "
                rf"{self._dist(e.args[1])})")

    def _named(self, d: Basic) -> str:
        """A distribution or logits by name; over random variables, as ``p(x, y)`` / ``p(x)``."""
        if getattr(d, "variables", ()):
            return rf"{self._joint_name(d)}({', '.join(v.name.lower() for v in d.variables)})"
        return self._print_Symbol(Symbol(d.name))

    _print_Distribution = _print_Logits = _print_Marginal = _print_PositiveVector = _named

    def _joint_name(self, d: Basic) -> str:
        """The letter of a joint's family: ``p`` for the joint ``p`` and for its marginals."""
        return self._print_Symbol(Symbol(family(d)))

    def _component_name(self, base: Basic) -> str:
        name = base.name if isinstance(base, (Distribution, Logits)) else str(base)
        name = name.lower() if isinstance(base, Distribution) else name
        # a plain name through sympy's symbol printer, so mu_k is \mu_{k}; a subscripted one
        # (p_X) as it is, since its component's subscript follows
        return self._print_Symbol(Symbol(name)) if name.isalpha() else name

    def _base_mark(self, base: Expr) -> str:
        return "" if base is E else f"_{{{self._print(base)}}}"

    def _variables(self, variables) -> str:
        return ", ".join(self._print_Symbol(Symbol(v.name)) for v in variables)

    # -- measures ------------------------------------------------------------
    def _print_Entropy(self, e: Entropy) -> str:
        # H(X, Y) is the entropy of the variables under the joint p, as in Cover & Thomas
        family = e.dist.variables and self._joint_name(e.dist) == "p"
        inner = self._variables(e.dist.variables) if family else self._dist(e.dist)
        return rf"H{self._base_mark(e.base)}({inner})"

    def _print_ConditionalEntropy(self, e: ConditionalEntropy) -> str:
        return rf"H{self._base_mark(e.base)}({self._variables(e.of)} \mid {self._variables(e.given)})"

    def _print_MutualInformation(self, e: MutualInformation) -> str:
        (a, b), c = e.sides, e.given
        given = rf" \mid {self._variables(c)}" if c else ""
        return rf"I{self._base_mark(e.base)}({self._variables(a)}; {self._variables(b)}{given})"

    def _print_ConditionalKL(self, e: ConditionalKL) -> str:
        base = "" if e.base is E else rf",\,{self._print(e.base)}"
        of, given = (", ".join(v.name.lower() for v in vs) for vs in (e.of, e.given))
        return (rf"D_{{\mathrm{{KL}}{base}}}({self._joint_name(e.P)}({of} \mid {given}) \,\|\, "
                rf"{self._joint_name(e.Q)}({of} \mid {given}))")

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


    def _print_MarkovChain(self, h: Basic) -> str:
        return r" \to ".join(self._group(g) for g in h.groups)

    def _print_Independent(self, h: Basic) -> str:
        return r" \perp ".join(self._group(g) for g in h.groups)

    def _print_FunctionOf(self, h: Basic) -> str:
        y, of = h.groups
        return rf"{self._group(y)} = f({', '.join(self._print_Symbol(Symbol(v.name)) for v in of)})"

    def _group(self, variables) -> str:
        # several variables in brackets, (X, Y) \to Z, so that the hypothesis reads back
        names = ", ".join(self._print_Symbol(Symbol(v.name)) for v in variables)
        return names if len(variables) == 1 else rf"\left({names}\right)"

    def _print_ModelComponent(self, e: Basic) -> str:
        params = ", ".join(self._print(t) for t in e.family.parameters)
        # q_{\theta}(x): the model's probability of x, as ML texts write it and the reader takes it
        return rf"{self._print_Symbol(Symbol(e.family.name.lower()))}_{{{params}}}({self._print(e.index)})"

    def _print_ParametricDistribution(self, d: Basic) -> str:
        params = ", ".join(self._print(t) for t in d.parameters)
        return rf"{self._print_Symbol(Symbol(d.name))}_{{{params}}}"

    def _print_LogGap(self, e: Basic, exp: str | None = None) -> str:
        return self._power(rf"\varphi{_argument(self._print(e.args[0]))}", exp)

    def _print_RandomVariable(self, v: Basic) -> str:
        return self._print_Symbol(Symbol(v.name))

    # -- components ----------------------------------------------------------
    def _print_Indexed(self, e: Indexed) -> str:
        if getattr(e.base, "variables", ()) or len(e.indices) > 1:
            return self._joint_component(e)
        (index,) = e.indices
        if index in self._outcome_vars and getattr(e.base, "name", "") in _GAUSSIAN_VECTORS:
            # \mu_{x}, \sigma_{x}: \sigma(x) would read as the sigmoid
            return rf"{self._component_name(e.base)}_{{{self._outcome_vars[index]}}}"
        if index in self._outcome_vars:
            name = e.base.name if hasattr(e.base, 'name') else str(e.base)
            return rf"{self._print_Symbol(Symbol(name))}({self._outcome_vars[index]})"
        name = self._component_name(e.base)
        return rf"{name}_{{{self._print(index)}}}"

    def _joint_component(self, e: Indexed) -> str:
        """``p(x, y)`` and ``p(x)`` at the outcome letters of their variables; ``p(1, 2)`` or
        ``p_{X}(j)`` elsewhere (the subscript says which marginal)."""
        base, variables = e.base, e.base.variables
        letters = [self._outcome_vars.get(i) for i in e.indices]
        name = self._joint_name(base)
        if variables and all(letter == v.name.lower() for letter, v in zip(letters, variables)):
            return rf"{name}({', '.join(letters)})"
        mark = rf"_{{{''.join(v.name for v in variables)}}}" if isinstance(base, Marginal) else ""
        inside = ", ".join(letter or self._print(i) for letter, i in zip(letters, e.indices))
        return rf"{name}{mark}({inside})"

    def _print_Sample(self, e: Sample) -> str:
        return rf"{e.dataset.name}_{{{self._print(e.position)}}}"

    def _print_Count(self, e: Count) -> str:
        return rf"c_{{{self._print(e.outcome)}}}"

    # -- sums, products and logs ---------------------------------------------
    def _print_Sum(self, e: Sum) -> str:
        over_variables = self._variable_sum(e)
        if over_variables is not None:
            return over_variables
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

    def _variable_sum(self, e: Sum) -> str | None:
        r"""``\sum_{x, y} ...`` when the outermost indices run over random variables' alphabets.

        The outcome letter is the variable's own (``x`` for ``X``), so ``p(x)``
        names the marginal of ``X``; None when the outermost index is not over a
        variable, or its letter is taken.
        """
        letters, rest = outcome_letters(e, {*self._outcome_vars.values(), *(str(s) for s in e.free_symbols)})
        if not letters:
            return None
        self._outcome_vars.update(letters)
        try:
            inner = self._print_summand(rest)
        finally:
            for var, _ in letters:
                del self._outcome_vars[var]
        return rf"\sum_{{{', '.join(letter for _, letter in reversed(letters))}}} {inner}"

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
        conditional = conditional_pair(list(Mul.make_args(arg))) if isinstance(arg, Mul) else None
        bare = isinstance(arg, (Indexed, Symbol, Count, Number, NumberSymbol)) or _one_fraction(text) or (
            conditional is not None and not conditional[2] and r"\mid" in text) or (
            text.startswith(r"\operatorname{softmax}") and " " not in text) or (  # one softmax component
            isinstance(arg, Sigmoid) and not text.startswith(r"\left("))  # \log \sigma(u), as written
        body = rf"{name} {text}" if bare and not text.startswith("-") else f"{name}{_argument(text)}"
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
        if len(args) == 2 and any(isinstance(a, log) for a in args) and any(a.is_Rational for a in args):
            # \frac{1}{2} \log 2, not \frac{\log 2}{2}: a textbook's half of a log
            c, f = sorted(args, key=lambda a: not a.is_Rational)
            return self._times(c, self._print(f))
        conditional = conditional_pair(args)
        if conditional is not None and self._at_letters(conditional[0]) and self._at_letters(conditional[1]):
            num, den, rest = conditional
            given = set(den.base.variables)
            of = [self._outcome_vars[i] for v, i in zip(num.base.variables, num.indices) if v not in given]
            condition = [self._outcome_vars[i] for i in den.indices]
            text = rf"{self._joint_name(num.base)}({', '.join(of)} \mid {', '.join(condition)})"
            return self._times(Mul(*rest), text)
        softmax = softmax_component(args)
        # In outcome notation (sum_x ...) a component is z(x): keep the exp form there.
        if softmax is not None and self._settings["fold"] and softmax[3] not in self._outcome_vars:
            # exp(z_j/T) / sum_k exp(z_k/T) is softmax(z/T)_j, as the reader writes it
            (top, den), logits, T, index = softmax
            rest = [a for a in args if a is not top and a is not den]
            text = rf"{self._print(Softmax(logits, T))}_{{{self._print(index)}}}"
            return self._times(Mul(*rest), text)
        root = _gaussian_root(args)
        if root is not None:  # sympy's sqrt(2) e^{...} / (2 sqrt(pi) sigma) is e^{...} / (sqrt(2 pi) sigma)
            exps = [a for a in root if isinstance(a, exp)]  # e^{-...} stays on top, never 1/e^{...}
            num, den = fraction(Mul(*[a for a in root if not isinstance(a, exp)]))
            num = Mul(num, *exps)
            under = r"\sqrt{2 \pi}" + ("" if den == 1 else " " + self._print(den))
            return rf"\frac{{{self._print(num)}}}{{{under}}}"
        ordered = sorted(args, key=_factor_rank)
        saved = self._settings["order"]
        self._settings["order"] = "none"
        try:
            return super()._print_Mul(Mul(*ordered, evaluate=False))
        except (StopIteration, RuntimeError, TypeError, ValueError, AttributeError, NotImplementedError):
            # sympy's Mul printer asks is_constant() of an exponent to find the denominators, which
            # can run simplify, and sympy's sum_simplify fails on some sums (StopIteration): the
            # factors as they are, side by side, are the same product
            return self._factors(ordered)
        finally:
            self._settings["order"] = saved

    def _factors(self, factors: list[Basic]) -> str:
        sign = "- " if factors and factors[0] == -1 else ""
        factors = factors[1:] if sign else factors
        last = len(factors) - 1
        return sign + " ".join(rf"\left({self._print(f)}\right)" if self._needs_mul_brackets(f, first=k == 0, last=k == last)
                               else self._print(f) for k, f in enumerate(factors))

    def _at_letters(self, x: Indexed) -> bool:
        """Whether a joint's component is at the outcome letters of its own variables (p(x, y))."""
        return all(self._outcome_vars.get(i) == v.name.lower() for v, i in zip(x.base.variables, x.indices))

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


def _gaussian_root(args: list[Basic]) -> list[Basic] | None:
    """The factors other than ``1/sqrt(2 pi)`` when *args* hold it as sympy writes it,
    ``sqrt(2) / (2 sqrt(pi))``, beside an exponential (a Gaussian density), else None."""
    half, root_pi = Pow(2, Rational(1, 2)), Pow(pi, Rational(-1, 2))
    if half not in args or root_pi not in args or not any(isinstance(a, exp) for a in args):
        return None
    rest = [a for a in args if a != half and a != root_pi]
    return [a * 2 if a.is_Rational else a for a in rest] if any(a.is_Rational for a in rest) else rest + [Integer(2)]


def _argument(text: str) -> str:
    """A function's argument in brackets: plain ``(u)`` around a flat argument, since
    ``\\sigma\\left(u\\right)`` sets a thin space after the name (an inner atom); sized ones only
    around what is taller than a line (a fraction, a sum, a sized bracket inside)."""
    return rf"\left({text}\right)" if _tall(text) else f"({text})"


def _tall(text: str) -> bool:
    """Whether printed maths is taller than a line: a fraction, a big operator, a sized bracket."""
    return any(mark in text for mark in (r"\frac", r"\sum", r"\prod", r"\int", r"\left", r"\begin", r"\binom"))


def _factor_rank(f: Expr) -> tuple[int, str]:
    """Numbers, then probabilities and symbols, then sums, then functions: ``-\\sum p_i \\log q_i``."""
    if f.is_Number:
        return (0, "")
    if isinstance(f, NumberSymbol):  # 2 \pi e \sigma^2, as the Gaussian's entropy is written
        return (0, "1" if f is pi else "2")
    if isinstance(f, Symbol):  # n p_i and N H(P), a size before what it scales
        return (1, "0" + str(f))
    if isinstance(f, (Indexed, Count, Sample)) or (isinstance(f, Pow) and not isinstance(f.base, (log, Sum))):
        return (1, "1" + str(f))
    if isinstance(f, Sum):
        return (2, "")
    if isinstance(f, exp):
        return (3, str(f))
    return (4, str(f))


def latex(expr: Basic, **settings: Any) -> str:
    """LaTeX for a symdiv expression; see :class:`SymdivLatexPrinter` for the settings."""
    return SymdivLatexPrinter(settings).doprint(expr)
