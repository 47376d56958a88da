"""Plain ASCII in the reader's own notation: a subclass of sympy's ``StrPrinter``.

sympy's ``str`` writes ``Sum(log(P[i]/Q[i])*P[i], (i, 1, n))``; this printer
writes what a person types and what :func:`symdiv.parse.parse_expression`
reads back as the same expression:

>>> import symdiv as sd
>>> from sympy import Sum, log
>>> from symdiv.core.model import INDEX as i
>>> n = sd.alphabet_size()
>>> P, Q = sd.Distribution("P", n), sd.Distribution("Q", n)
>>> ascii_form(Sum(P[i] * log(P[i] / Q[i]), (i, 1, n)))
'sum_i p_i*log(p_i/q_i)'
>>> ascii_form(sd.CrossEntropy(P, Q) - sd.Entropy(P, base=2) + sd.KL(P, Q, base=2))
'H(P, Q) + D_{KL,2}(P||Q) - H_2(P)'
>>> z, j = sd.Logits("z", n), sd.component_index("j")
>>> ascii_form(sd.Grad(sd.CrossEntropy(P, sd.Softmax(z)), z, j))
'grad_{z_j} H(P, softmax(z))'
>>> ascii_form(sd.Softmax(z)[j] - P[j])
'softmax(z)_j - p_j'
>>> X, Y = sd.RandomVariable("X", n), sd.RandomVariable("Y", 2)
>>> p = sd.Distribution("p", (X, Y))
>>> ascii_form(sd.ConditionalEntropy(p, Y, given=X).doit())
'-sum_{x,y} p(x,y)*log(p(y|x))'
>>> ascii_form(sd.MutualInformation(p, X, Y) - sd.Entropy(sd.marginal(p, X)))
'I(X;Y) - H(X)'

Conventions, mirroring :mod:`symdiv.render.latex`:

* terms in the order a person writes them: sympy's order, then positive terms
  before negative ones and numbers last (``H(P, Q) - H(P)``, ``p_j - q_j + 3``),
  except that a leading positive number stays in front of negative terms
  (``1 - p_1``); an unevaluated sum (a derivation's "add and subtract" step)
  keeps its own order;
* in a product: the number, then components and symbols, then ``exp``, then
  logs, measures and brackets, then sums and gradients *last*, because
  ``sum_i`` and ``grad_{z_j}`` take the whole product after them
  (``log_2(q_1)*sum_i p_i``); a sum that cannot go last is bracketed;
* ``log(x)/log(b)`` for a whole number ``b >= 2`` is ``log_b(x)``, and
  ``exp(z_j)/sum_k exp(z_k)`` is ``softmax(z)_j`` (``softmax(z/T)_j`` with a temperature);
* sums over ``1..n`` are ``sum_i BODY``, a body that is a sum of terms in
  brackets; a bound index the reader would refuse (``r``, ``e``, a letter an
  enclosing sum binds, a sympy ``Dummy``) is renamed to a free letter;
* every operator is explicit (``*``, ``/``, ``^``), functions always take
  brackets (``log(p_i)``), and brackets appear only where the reader needs them.

Sums to another alphabet size (``sum_{k=1}^{K} p_k``) and products over the
samples (``prod_{s=1}^{N} q_{x_s}``, the likelihood) are read back too.  What
the reader cannot read is printed anyway, in ASCII that the lexer accepts
(so an error names it rather than a character), and does not round-trip:
sums over other ranges (``sum_{i=2}^{n} p_i``, refused by the reader),
Kronecker deltas ``delta(i, j)``, a certificate's function ``(u -> -log(u))``,
counts ``c_i``, ``delta_j``, self-information of ``softmax(z)``,
floats (the reader's numbers are exact), ``pi`` inside a sum over ``i`` (``p_i``?), ``I``, ``oo``,
sympy functions other than ``exp``, ``log``, ``max``, ``min``, ``abs``, ``sigmoid`` and ``softplus``,
indices other than one letter or a number
(``p_{i + 1}``), an index outside a subscript, names other than the reader's
scope (``P``, ``Q``, ``R``, ``z``, ``n``; fixed sizes such as 3), and
anything beyond the reader's limits (more than 4 nested sums, powers of a
variable above 1000, numbers above 4096 bits).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, NamedTuple

from sympy import (Add, Basic, E, Expr, Float, Function, Indexed, Integer, Mul, Number, NumberSymbol, Pow, Product, Sum,
                   Symbol)
from sympy import exp, log
from sympy.core.relational import Relational
from sympy.printing.str import StrPrinter

from ..core.bound import outermost
from ..core.measures import (NLL, ConditionalEntropy, ConditionalKL, CrossEntropy, Entropy, Grad, KLDivergence,
                             Likelihood, Measure, MutualInformation, SelfInformation)
from ..core.model import (Conditional, Count, Distribution, Empirical, ExplicitDistribution, Logits, Marginal,
                          PointMass, PositiveVector, ProductDistribution, Sample, Softmax, Uniform)
from ..parse.lexer import MAX_DIGITS
from ..parse.parser import Scope
from .order import conditional_pair, family, nested, outcome_letters, person_order, softmax_component

__all__ = ["SymdivAsciiPrinter", "ascii_form"]

# Letters a bound index is renamed to when its own name cannot be read.
_INDEX_LETTERS = "ikltuvwmxyabcdfghjos"
_RELATIONS = {"==": "=", "!=": "!="}


class _Factor(NamedTuple):
    """One printed factor of a product: where it goes and how it may be joined."""

    rank: int
    key: str
    text: str
    kind: str  # "atom" (binds tighter than * and /), "prefix" (sum_i, grad_: takes what follows), "loose"


class SymdivAsciiPrinter(StrPrinter):
    """sympy's ``str`` printer, writing the notation :mod:`symdiv.parse` reads.

    Setting beyond sympy's: ``scope`` (a :class:`~symdiv.parse.Scope`, the
    reader's by default), whose alphabet size is the range ``sum_i`` stands
    for and whose reserved letters are never used as bound indices.
    """

    printmethod = "_symdiv_ascii"
    _default_settings = {**StrPrinter._default_settings, "scope": None}

    def __init__(self, settings: dict[str, Any] | None = None):
        super().__init__(settings)
        scope = self._settings["scope"]
        self._scope: Scope = scope if scope is not None else Scope()
        # Names of the bound indices of the sums being printed, outermost first.
        self._bound: list[str] = []
        # Bound indices over a random variable's alphabet -> its outcome letter (x for X).
        self._outcome: dict[Basic, str] = {}

    # -- names and atoms ---------------------------------------------------
    def _print_Symbol(self, e: Symbol) -> str:
        if e.name == "yhat":  # a prediction, \hat{y} in LaTeX
            return "y_hat"
        return _ascii_name(e.name)

    def _print_Dummy(self, e: Basic) -> str:
        return "_" + _ascii_name(e.name)

    def _print_Exp1(self, e: Basic) -> str:
        return "e"

    def _print_Integer(self, e: Integer) -> str:
        return _integer(int(e.p))

    def _print_int(self, e: int) -> str:
        return _integer(int(e))

    def _print_Rational(self, e: Basic) -> str:
        if e.q == 1:
            return _integer(int(e.p))
        sign = "-" if e.p < 0 else ""
        return f"{sign}{self._bracketed(Integer(abs(e.p)))}/{self._bracketed(Integer(e.q))}"

    def _print_Float(self, e: Basic) -> str:
        # Not exact, so not the reader's; at most 15 digits so the lexer takes it.
        return super()._print_Float(Float(e, 15) if e._prec > 53 else e)

    def _print_Function(self, e: Basic) -> str:
        return f"{_ascii_name(e.func.__name__)}({self.stringify(e.args, ', ')})"

    # max(u, 0) and abs(u), as the reader takes them (the stable form of BCE with logits)
    def _print_Max(self, e: Basic) -> str:
        return f"max({self.stringify(e.args, ', ')})"

    def _print_Min(self, e: Basic) -> str:
        return f"min({self.stringify(e.args, ', ')})"

    def _print_Abs(self, e: Basic) -> str:
        return f"abs({self._print(e.args[0])})"

    def _print_Relational(self, e: Relational) -> str:
        op = _RELATIONS.get(e.rel_op, e.rel_op)
        return f"{self._print(e.lhs)} {op} {self._print(e.rhs)}"

    # '|', '&' and '~' mean other things to the lexer: logic is written as functions.
    def _print_Or(self, e: Basic) -> str:
        return f"Or({self.stringify(e.args, ', ')})"

    def _print_And(self, e: Basic) -> str:
        return f"And({self.stringify(e.args, ', ')})"

    def _print_Xor(self, e: Basic) -> str:
        return f"Xor({self.stringify(e.args, ', ')})"

    def _print_Not(self, e: Basic) -> str:
        return f"Not({self._print(e.args[0])})"

    # -- distributions and components ----------------------------------------
    def _dist(self, d: Basic) -> str:
        # Each kind of distribution prints itself (sympy's _print_<Class> dispatch).
        return self._print(d)

    def _print_Softmax(self, d: Basic) -> str:
        T = d.temperature
        inner = self._print(d.logits) if T == 1 else f"{self._print(d.logits)}/{self._bracketed(T)}"
        return f"softmax({inner})"

    def _print_Empirical(self, d: Basic) -> str:
        return f"phat{_sub(_ascii_name(d.dataset.name))}"

    def _print_Uniform(self, d: Basic) -> str:
        return "U"

    def _print_PointMass(self, d: Basic) -> str:
        return f"delta{_sub(self._print(d.outcome))}"

    def _print_OffTarget(self, d: Basic) -> str:
        return f"U_{{-{self._print(d.target)}}}"

    def _print_Bernoulli(self, d: Basic) -> str:
        return f"Bernoulli({self._print(d.p)})"

    def _print_Mixture(self, d: Basic) -> str:
        first, second = d.parts
        w = self._bracketed(d.weight)
        return f"(1 - {w})*{self._dist(first)} + {w}*{self._dist(second)}"

    def _print_ExplicitDistribution(self, d: Basic) -> str:
        if d.anonymous:
            return nested([self._print(v) for v in d.values], [int(k) for k in d.shape])
        return self._named(d)

    def _print_ProductDistribution(self, d: Basic) -> str:
        return "*".join(self._dist(f) for f in d.factors)

    def _print_Conditional(self, d: Basic) -> str:
        of, given = (",".join(v.name.lower() for v in vs) for vs in (d.of, d.given))
        return f"{_joint_name(d.joint)}({of}|{given})"

    def _print_Normal(self, d: Basic) -> str:
        return f"N({self._print(d.mu)}, {self._print(d.sigma ** 2)})"

    def _print_NormalDiag(self, d: Basic) -> str:
        mu, sigma = d.args[0], d.args[1]
        if sigma == 1:
            return f"N({self._print(mu)}, I)"
        if isinstance(sigma, PositiveVector):
            return f"N({self._print(mu)}, diag({self._print(sigma)}^2))"
        return f"N({self._print(mu)}, {self._print(sigma ** 2)}*I)"

    def _print_Expectation(self, e: Basic) -> str:
        return f"E_{{{self._print(e.outcome)}~{self._print(e.dist)}}}[{self._print(e.body)}]"

    def _print_Sigmoid(self, e: Basic) -> str:
        return f"sigmoid({self._print(e.args[0])})"

    def _print_Softplus(self, e: Basic) -> str:
        return f"softplus({self._print(e.args[0])})"

    def _print_BinaryCrossEntropy(self, e: Basic) -> str:
        return f"BCE{self._base_sub(e.base)}({self._print(e.args[0])}, {self._print(e.args[1])})"

    def _print_FocalLoss(self, e: Basic) -> str:
        return f"FL{_sub(self._print(e.args[2]))}({self._dist(e.args[0])}, {self._dist(e.args[1])})"

    def _named(self, d: Basic) -> str:
        """A distribution or logits by name; over random variables, as ``p(x,y)`` / ``p(x)``."""
        if getattr(d, "variables", ()):
            return f"{_joint_name(d)}({','.join(v.name.lower() for v in d.variables)})"
        return _ascii_name(d.name)

    _print_Distribution = _print_Logits = _print_Marginal = _print_PositiveVector = _named

    def _print_ParametricDistribution(self, d: Basic) -> str:
        # any model Q_theta, as the reader takes it (Q_{theta}: the model written with its parameters)
        return f"{_ascii_name(d.name)}{_sub(', '.join(self._print(t) for t in d.parameters))}"

    def _print_ModelComponent(self, e: Basic) -> str:
        # q_theta(x): the model's probability of x, as the reader takes it
        params = ", ".join(self._print(t) for t in e.family.parameters)
        return f"{_ascii_name(e.family.name.lower())}{_sub(params)}({self._print(e.index)})"

    def _print_LogGap(self, e: Basic) -> str:
        # phi(r) = r log r - r + 1, as the termwise certificates name it
        return f"phi({self._print(e.args[0])})"

    def _print_RandomVariable(self, v: Basic) -> str:
        return _ascii_name(v.name)

    # Hypotheses, as the reader takes them after 'given': X -> Y -> Z, X _|_ Y, Y = f(X).
    def _print_MarkovChain(self, h: Basic) -> str:
        return " -> ".join(_group(g) for g in h.groups)

    def _print_Independent(self, h: Basic) -> str:
        return " _|_ ".join(_group(g) for g in h.groups)

    def _print_FunctionOf(self, h: Basic) -> str:
        y, of = h.groups
        return f"{_group(y)} = f({_names(of)})"

    def _print_IndexedBase(self, e: Basic) -> str:
        return self._print(e.label)

    def _print_Indexed(self, e: Indexed) -> str:
        base = e.base
        if getattr(base, "variables", ()) or len(e.indices) > 1:
            return self._joint_component(e)
        name = base.name if isinstance(base, (Distribution, Logits)) else self._print(base.label)
        if isinstance(base, Distribution):
            name = name.lower()
        return _ascii_name(name) + _sub(", ".join(self._print(k) for k in e.indices))

    def _joint_component(self, e: Indexed) -> str:
        """``p(x,y)`` and ``p(x)`` at their variables' outcome letters; ``p(1,2)`` or ``p_X(j)`` elsewhere."""
        base, variables = e.base, getattr(e.base, "variables", ())
        letters = [self._outcome.get(i) for i in e.indices]
        name = _joint_name(base) if variables else _ascii_name(str(base.label)).lower()
        if variables and all(letter == v.name.lower() for letter, v in zip(letters, variables)):
            return f"{name}({','.join(letters)})"
        mark = _sub("".join(v.name for v in variables)) if isinstance(base, Marginal) else ""
        return f"{name}{mark}({','.join(letter or self._print(i) for letter, i in zip(letters, e.indices))})"

    def _print_Sample(self, e: Sample) -> str:
        return f"{_ascii_name(e.dataset.name)}{_sub(self._print(e.position))}"

    def _print_Count(self, e: Count) -> str:
        return f"c{_sub(self._print(e.outcome))}"

    # -- measures ------------------------------------------------------------
    def _base_sub(self, base: Expr) -> str:
        return "" if base is E else _sub(self._print(base))

    def _base_after(self, base: Expr) -> str:
        return "" if base is E else "," + self._print(base)

    def _print_Entropy(self, e: Entropy) -> str:
        # H(X,Y): the entropy of the variables under the joint p, as in Cover & Thomas
        family = e.dist.variables and _joint_name(e.dist) == "p"
        inner = _names(e.dist.variables) if family else self._dist(e.dist)
        return f"H{self._base_sub(e.base)}({inner})"

    def _print_ConditionalEntropy(self, e: ConditionalEntropy) -> str:
        return f"H{self._base_sub(e.base)}({_names(e.of)}|{_names(e.given)})"

    def _print_MutualInformation(self, e: MutualInformation) -> str:
        (a, b), c = e.sides, e.given
        return f"I{self._base_sub(e.base)}({_names(a)};{_names(b)}{'|' + _names(c) if c else ''})"

    def _print_ConditionalKL(self, e: ConditionalKL) -> str:
        head = "D" if e.base is E else f"D_{{KL{self._base_after(e.base)}}}"
        of, given = (",".join(v.name.lower() for v in vs) for vs in (e.of, e.given))
        return f"{head}({_joint_name(e.P)}({of}|{given})||{_joint_name(e.Q)}({of}|{given}))"

    def _print_CrossEntropy(self, e: CrossEntropy) -> str:
        return f"H{self._base_sub(e.base)}({self._dist(e.P)}, {self._dist(e.Q)})"

    def _print_KLDivergence(self, e: KLDivergence) -> str:
        head = "D" if e.base is E else f"D_{{KL{self._base_after(e.base)}}}"
        return f"{head}({self._dist(e.P)}||{self._dist(e.Q)})"

    def _print_SelfInformation(self, e: SelfInformation) -> str:
        dist, outcome = e.args[0], e.args[1]
        return f"I{_sub(self._dist(dist) + self._base_after(e.base))}({self._print(outcome)})"

    def _print_NLL(self, e: NLL) -> str:
        return f"NLL{self._base_sub(e.base)}({_ascii_name(e.data.name)}; {self._dist(e.model)})"

    def _print_Likelihood(self, e: Likelihood) -> str:
        return f"L({_ascii_name(e.data.name)}; {self._dist(e.model)})"

    def _print_Grad(self, e: Grad) -> str:
        return f"grad_{{{self._print(e.variable)}}} {self._operand(e.objective)}"

    # -- sums ----------------------------------------------------------------
    def _print_Sum(self, e: Basic) -> str:
        over_variables = self._variable_sum(e) if isinstance(e, Sum) else None
        if over_variables is not None:
            return over_variables
        (var, lo, hi), body = outermost(e)
        var, body = self._readable_index(var, body)
        name = self._print(var)
        word = "prod" if isinstance(e, Product) else "sum"
        if lo == 1 and hi == self._scope.size:
            head = f"{word}{_sub(name)}"
        else:
            head = f"{word}_{{{name}={self._print(lo)}}}^{{{self._print(hi)}}}"
        self._bound.append(name)
        try:
            return f"{head} {self._operand(body)}"
        finally:
            self._bound.pop()

    _print_Product = _print_Sum

    def _variable_sum(self, e: Sum) -> str | None:
        """``sum_{x,y} ...`` when the outermost indices run over random variables' alphabets (letter x for X)."""
        taken = {*self._outcome.values(), *self._bound, *(str(s) for s in e.free_symbols)}
        letters, rest = outcome_letters(e, taken)
        if not letters:
            return None
        self._outcome.update(letters)
        self._bound += [letter for _, letter in letters]
        try:
            inner = self._operand(rest)
        finally:
            for var, _ in letters:
                del self._outcome[var]
            del self._bound[-len(letters):]
        return f"sum_{{{','.join(letter for _, letter in reversed(letters))}}} {inner}"

    def _print_KroneckerDelta(self, e: Basic) -> str:
        return f"delta({self._print(e.args[0])}, {self._print(e.args[1])})"

    def _print_Lambda(self, e: Basic) -> str:
        (u,) = e.variables
        body = e.expr
        if u.is_Dummy and "u" not in {str(s) for s in body.free_symbols}:
            u, body = Symbol("u"), body.xreplace({u: Symbol("u")})  # a Dummy's "_u" is sympy's, not the reader's
        return f"({self._print(u)} -> {self._print(body)})"

    def _readable_index(self, var: Basic, body: Basic) -> tuple[Basic, Basic]:
        """*var*, or a letter the reader takes as an index when *var* is not one (bound names are free)."""
        refused = {*self._scope.reserved, str(self._scope.size), *self._bound}
        name = getattr(var, "name", "")
        if isinstance(var, Symbol) and not var.is_Dummy and _is_letter(name) and name not in refused:
            return var, body
        used = refused | {str(s) for s in body.atoms(Symbol)}
        letter = next((c for c in _INDEX_LETTERS if c not in used), None)
        if letter is None:
            return var, body
        new = Symbol(letter, integer=True)
        return new, body.xreplace({var: new})

    def _operand(self, body: Basic) -> str:
        """What a sum or a gradient applies to: one product, so a sum of terms goes in brackets."""
        text = self._print(body)
        several_terms = isinstance(body, (Add, Relational)) or (body.is_Integer and not _is_atom(abs(body)))
        return f"({text})" if several_terms else text

    # -- arithmetic ----------------------------------------------------------
    def _print_Add(self, expr: Add, order: str | None = None) -> str:
        unevaluated = Add(*expr.args) != expr
        terms = list(expr.args) if unevaluated else self._as_ordered_terms(expr, order=order)
        texts = [self._print(t) for t in terms]
        if not unevaluated:
            texts = [texts[k] for k in person_order(terms, texts)]
        out = texts[0]
        for text in texts[1:]:
            out += f" - {text[1:]}" if text.startswith("-") else f" + {text}"
        return out

    def _print_Mul(self, expr: Mul) -> str:
        coeff, rest = expr.as_coeff_Mul()
        sign = ""
        if coeff.is_negative:
            sign, coeff = "-", -coeff
        args = [a for a in Mul.make_args(rest) if a != 1]
        numerator: list[_Factor] = []
        denominator: list[_Factor] = []
        if coeff.is_Rational:
            if coeff.p != 1:
                numerator.append(self._factor(Integer(coeff.p)))
            if coeff.q != 1:
                denominator.append(self._factor(Integer(coeff.q)))
        elif coeff != 1:
            numerator.append(self._factor(coeff))
        numerator += self._special_factors(args)
        for a in args:
            if isinstance(a, Pow) and a.exp.is_Rational and a.exp.is_negative:
                denominator.append(self._factor(Pow(a.base, -a.exp)))
            else:
                numerator.append(self._factor(a))
        numerator.sort(key=lambda f: (f.rank, f.key))
        denominator.sort(key=lambda f: (f.rank, f.key))
        # A sum or gradient takes everything after it: it may end a product with no denominator.
        text = _join(numerator, prefix_last=not denominator) or "1"
        if len(denominator) == 1:
            only = denominator[0]
            text += "/" + (only.text if only.kind == "atom" else f"({only.text})")
        elif denominator:
            text += "/(" + _join(denominator) + ")"
        return sign + text

    def _special_factors(self, args: list[Basic]) -> list[_Factor]:
        """Take ``log(x)/log(b)`` (as ``log_b(x)``) and ``exp(z_j)/sum_k exp(z_k)`` (as
        ``softmax(z)_j``) out of *args*, which is changed in place; return their factors."""
        found: list[_Factor] = []
        conditional = conditional_pair(args)
        if conditional is not None and all(self._outcome.get(i) == v.name.lower() for x in conditional[:2]
                                           for v, i in zip(x.base.variables, x.indices)):
            num, den, _ = conditional
            args.remove(num)
            args.remove(Pow(den, -1))
            given = set(den.base.variables)
            of = [self._outcome[i] for v, i in zip(num.base.variables, num.indices) if v not in given]
            text = f"{_joint_name(num.base)}({','.join(of)}|{','.join(self._outcome[i] for i in den.indices)})"
            found.append(_Factor(1, str(num), text, "atom"))
        logs = [a for a in args if isinstance(a, log)]
        bases = [a for a in args if isinstance(a, Pow) and a.exp == -1 and isinstance(a.base, log)
                 and a.base.args[0].is_Integer and a.base.args[0] > 1]
        if len(logs) == 1 and len(bases) == 1:
            args.remove(logs[0])
            args.remove(bases[0])
            b = bases[0].base.args[0]
            found.append(_Factor(3, str(logs[0]), f"log{_sub(self._print(b))}({self._print(logs[0].args[0])})",
                                 "atom"))
        while True:
            softmax = softmax_component(args)
            if softmax is None:
                return found
            (top, den), logits, T, index = softmax
            args.remove(den)
            args.remove(top)
            found.append(_Factor(1, str(top), f"{self._print(Softmax(logits, T))}{_sub(self._print(index))}", "atom"))

    def _factor(self, f: Basic) -> _Factor:
        text = self._print(f)
        if isinstance(f, (Sum, Product, Grad)):
            return _Factor(5, "", text, "prefix")
        if f.is_Number:
            return _Factor(0, "", text, "atom" if _is_atom(f) else "loose")
        if isinstance(f, (Symbol, NumberSymbol, Indexed, Count, Sample)) or (
                isinstance(f, Pow) and not isinstance(f.base, (log, Sum))):
            return _Factor(1, str(f), text, "atom")
        if isinstance(f, exp):
            return _Factor(2, str(f), text, "atom")
        if isinstance(f, Mul) and "|" in text and not any(c in text for c in "*/ "):
            return _Factor(1, str(f), text, "atom")  # p(y|x), one factor
        return _Factor(3, str(f), text, "atom" if _is_atom(f) or isinstance(f, Pow) else "loose")

    def _print_Pow(self, expr: Pow, rational: bool = False) -> str:
        b, x = expr.base, expr.exp
        if x.is_Rational and x.is_negative:
            inverse = Pow(b, -x)
            text = self._print(inverse)
            return "1/" + (text if _is_atom(inverse) or isinstance(inverse, Pow) else f"({text})")
        if b is E:
            return f"exp({self._print(x)})"
        return f"{self._bracketed(b)}^{self._bracketed(x)}"

    def _print_exp(self, e: exp) -> str:
        return f"exp({self._print(e.args[0])})"

    def _print_log(self, e: log) -> str:
        return f"log({self._print(e.args[0])})"

    def _bracketed(self, e: Basic) -> str:
        """*e* as one factor that ``^`` may follow or precede: in brackets unless it is one already."""
        text = self._print(e)
        return text if _is_atom(e) else f"({text})"


def _joint_name(d: Basic) -> str:
    return _ascii_name(family(d))


def _names(variables) -> str:
    return ",".join(_ascii_name(v.name) for v in variables)


def _group(variables) -> str:
    """A group of a hypothesis: ``X``, or ``(X,Y)`` for several variables."""
    return _names(variables) if len(variables) == 1 else f"({_names(variables)})"


def _join(factors: list[_Factor], prefix_last: bool = True) -> str:
    """*factors* joined by ``*``, bracketing a sum of terms, and a sum or gradient unless it
    is last (and *prefix_last* allows that)."""
    texts = []
    for k, f in enumerate(factors):
        free = prefix_last and k == len(factors) - 1
        texts.append(f"({f.text})" if f.kind == "loose" or (f.kind == "prefix" and not free) else f.text)
    return "*".join(texts)


def _is_atom(e: Basic) -> bool:
    """Whether *e* prints as one unbreakable factor: a name, a component, a small whole
    number, or a function or measure with its own brackets."""
    if isinstance(e, Integer):
        return e >= 0 and len(str(e)) <= MAX_DIGITS
    if isinstance(e, Number):
        return e.is_Float and e >= 0
    if isinstance(e, (Symbol, NumberSymbol, Indexed, Count, Sample, Measure, Function)):
        return True
    return e.is_Atom and not isinstance(e, Number)


def _sub(text: str) -> str:
    """``_i`` for one character, ``_{12}`` for more."""
    return f"_{text}" if len(text) == 1 else f"_{{{text}}}"


def _is_letter(name: str) -> bool:
    return len(name) == 1 and name.isascii() and name.islower()


def _integer(p: int) -> str:
    """A whole number the lexer takes: more than :data:`MAX_DIGITS` digits are written
    as a sum of blocks times powers of ten, which the reader computes exactly."""
    digits = str(abs(p))
    if len(digits) <= MAX_DIGITS:
        return str(p)
    width = MAX_DIGITS - 2
    blocks = []
    for power in range(0, len(digits), width):
        end = len(digits) - power
        block = int(digits[max(0, end - width):end])
        if block:
            blocks.append(f"{block}*10^{power}" if power else str(block))
    sign = "-" if p < 0 else ""
    return sign + f" {'-' if p < 0 else '+'} ".join(reversed(blocks))


def _ascii_name(name: str) -> str:
    """*name* in ASCII: a Greek letter by its name (``alpha``), an accent dropped (``p̂`` is ``p``)."""
    if name.isascii():
        return name
    out = []
    for ch in name:
        if ch.isascii():
            out.append(ch)
            continue
        if unicodedata.combining(ch):
            continue
        greek = re.fullmatch(r"GREEK (SMALL|CAPITAL) LETTER (\w+)", unicodedata.name(ch, ""))
        if greek:
            word = greek.group(2).lower()
            out.append(word if greek.group(1) == "SMALL" else word.capitalize())
            continue
        plain = "".join(c for c in unicodedata.normalize("NFKD", ch) if c.isascii() and c.isalnum())
        out.append(plain or f"u{ord(ch):04x}")
    return "".join(out)


def ascii_form(expr: Basic, **settings: Any) -> str:
    """ASCII for a symdiv expression, in the notation :func:`symdiv.parse.parse_expression` reads.

    >>> import symdiv as sd
    >>> P = sd.Distribution("P", sd.alphabet_size())
    >>> ascii_form(sd.Entropy(P, base=2).doit())
    '-(sum_i p_i*log(p_i))/log(2)'
    """
    return SymdivAsciiPrinter(settings).doprint(expr)
