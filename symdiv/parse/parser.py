"""A recursive-descent parser from tokens to symdiv expressions.

The grammar, loosest binding first (``term`` is a product, so a sum's body
runs until the next ``+`` or ``-`` at its level, as on paper)::

    statement := expr '=' expr
    expr      := term (('+' | '-') term)*
    term      := signed (('*' | '/') signed | factor)*      -- juxtaposition multiplies
    signed    := ('-' | '+') signed | factor
    factor    := atom ('^' exponent)?
    atom      := number | '(' expr ')' | '[' expr ']' | '{' expr '}' | name
               | sum_SUB term | grad_SUB term | \\frac{..}{..} | log ARG | exp ARG
               | H(D) | H(D, D) | D(D || D) | KL(D || D) | I_D(index) | softmax(z) | softmax(z/T)
               | sigmoid(expr) | \\sigma(expr) | softplus(expr) | BCE(expr, expr) | max(expr, ...) | abs(expr)
               | u | mu | sigma | T | pi | e ...       -- the numbers of the losses (Parser.parameter)
    D         := P | softmax(z) | N(expr, expr) | N(mu, diag(sigma^2)) | N(0, I) | Bernoulli(expr) | Q_theta ...

Names are resolved against a :class:`Scope`: distributions (``P``) and their
components (``p_i``), logits (``z``, ``z_i``), the alphabet size ``n``,
``e``, and single lower-case letters as indices inside subscripts.  A bare
distribution, ``softmax(z)`` or ``grad_z ...`` is a vector; a statement
about vectors is read componentwise at a fresh index (``j`` unless taken).

Every limit is explicit: nesting deeper than :data:`MAX_DEPTH` and numbers
too large to compute exactly are refused with a :class:`ParseError`, never a
``RecursionError`` or a hang.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Optional, TypeVar

from sympy import (Abs, Basic, Dummy, E, Expr, Integer, Max, Min, Product, Rational, S, Sum, Symbol, Tuple, exp, log,
                   pi, sqrt)

from ..core.continuous import Normal, NormalDiag
from ..core.functions import Sigmoid, Softplus
from ..core.measures import (BinaryCrossEntropy, CrossEntropy, Entropy, FocalLoss, Grad, KLDivergence, SelfInformation,
                             check_base)
from ..core.measures import NLL, Likelihood
from ..core.model import (Bernoulli, Dataset, Distribution, Empirical, ExplicitDistribution, Logits,
                          ParametricDistribution, PositiveVector, Sample, Softmax, Uniform, alphabet_size,
                          component_index)
from ..errors import InvalidInputError, ParseError, source_position
from .common import CLOSER, Value, before, closers, top_level, upper_limits
from .lexer import NOT_EQUAL, RELATIONS, Token
from .variables import VariablesMixin, canonical_table, random_variables

__all__ = ["Scope", "Parser", "MAX_DEPTH", "MAX_EXPONENT"]

#: Deepest nesting accepted, counted as a reader counts it: each pair of brackets is one
#: level, and so is each sign, power, sum, gradient, fraction and function applied to
#: what is inside it (the brackets of log(...), \\frac{..}{..} or ^{...} are part of it).
MAX_DEPTH = 60
#: Deepest nesting of sums accepted.
MAX_SUMS = 4
#: Largest exponent of a power of a variable (p_1^1000).
MAX_EXPONENT = 1000
#: Largest exact number (in bits) a power of numbers or a number such as 1e300 may produce.
_MAX_BITS = 4096
# The decimal exponent that reaches _MAX_BITS, for error messages.
_MAX_EXPONENT = int(_MAX_BITS / math.log2(10))
_T = TypeVar("_T")
#: The name the lexer gives the parameters of the model (\theta, \Theta, θ, \boldsymbol\theta).
THETA = "theta"
#: The spellings of the inequalities (token values), and the relation each one claims.
INEQUALITIES = {"<=": "<=", "\\leq": "<=", ">=": ">=", "\\geq": ">=", "<": "<", ">": ">"}
#: Indices a vector statement may be read at, in order of preference.
_COMPONENT_NAMES = "jklmabcdfghstuvwy"
#: The letter of a softmax's temperature, softmax(z/T).
TEMPERATURE = "T"
#: The parameter of a model written with it, Q_\\theta (ParametricDistribution's, as the core declares it).
THETA_SYMBOL = Symbol(THETA, real=True)
#: The dimension of a diagonal Gaussian when no sum names it.
DIMENSION = "d"
#: The numbers of the losses of machine learning, as the core's theorems declare them
#: (``proofs/_losses.py``): a logit ``u`` and a Gaussian's mean ``mu`` are real; its standard
#: deviation ``sigma`` and a temperature ``T`` are positive; so are the probabilities ``p``, ``q``,
#: ``y`` and the prediction ``\hat{y}`` of a statement about binary classification.
REAL_PARAMETERS = ("u", "mu")
POSITIVE_PARAMETERS = ("sigma", TEMPERATURE, "gamma")
BINARY_PROBABILITIES = ("p", "q", "y", "yhat")
#: The words that make a statement one about binary classification (see :attr:`Scope.binary`).
_BINARY_WORDS = ("sigmoid", "softplus", "BCE", "Bernoulli", "yhat")


def parameter_symbol(name: str) -> Symbol:
    """The symbol the reader makes of a parameter's *name* (``mu_1``: real; ``sigma_2``: positive).

    >>> parameter_symbol("sigma_1").is_positive, parameter_symbol("mu").is_real, parameter_symbol("u").is_real
    (True, True, True)
    """
    stem = name.split("_")[0]
    if stem in POSITIVE_PARAMETERS or name in BINARY_PROBABILITIES:
        return Symbol(name, positive=True)
    return Symbol(name, real=True)


@dataclass(frozen=True)
class Scope:
    """The names a statement may use.

    >>> Scope().describe()
    'distributions P, Q, R (components p_i, q_i, r_i), logits z (components z_i), alphabet size n, samples x_1..x_N'

    *size* is the alphabet size: a letter (``n`` by default; :func:`statement_scope`
    takes the letter a statement's sums run to, such as ``K``) or, when the statement
    uses a declared distribution, its number of outcomes.  *samples* is ``None`` when
    the letter ``N`` is the alphabet size (a statement with no samples).  *model* is
    the distribution whose parameters θ are (``q(x|\\theta)``): Q unless the text says
    otherwise.  *declared* binds names to explicit distributions (``P = (1/2, 1/2)``).

    A statement about random variables (``H(Y|X)``, ``p(x, y)``) has their letters in
    *variables*, in alphabetical order: the order of the axes of their joints ``p``, ``q``
    and ``r`` (the distributions' letters in lower case), which are then the only
    distributions it may use.  *tables* binds joints to exact tables
    (``P_{XY} = [[1/8, 1/16], [1/16, 3/4]]``), each as ``(joint, letters, shape, values)``
    with its letters in alphabetical order and its values row-major.  A variable's
    alphabet size is its table's, or the letter ``n_X``.

    >>> Scope(variables=("X", "Y")).describe()
    'random variables X, Y (outcomes x, y; alphabet sizes n_X, n_Y), their joint distributions p, q, r (p(x, y), p(x), p(y|x), p_X(1))'
    """

    distributions: tuple[str, ...] = ("P", "Q", "R")
    logits: tuple[str, ...] = ("z",)
    size: Expr = field(default_factory=lambda: alphabet_size("n"))
    #: The dataset whose samples x_1..x_N a statement may use (x_s, Q(x_s), \hat{P}), and N.
    dataset: str = "x"
    samples: Optional[Symbol] = field(default_factory=lambda: Symbol("N", integer=True, positive=True))
    model: str = ""
    declared: tuple[tuple[str, tuple[Rational, ...]], ...] = ()
    variables: tuple[str, ...] = ()
    tables: tuple[tuple[str, tuple[str, ...], tuple[int, ...], tuple[Rational, ...]], ...] = ()
    #: ``T`` when the text divides logits by it, ``softmax(z/T)``: the temperature, a positive number
    #: (and no random variable) throughout the statement; else "".
    temperature: str = ""
    #: Whether the statement has a diagonal Gaussian (``N(mu, diag(sigma^2))``, ``N(0, I)``) or sums over
    #: ``mu_k``: then ``mu`` and ``sigma`` are vectors over ``1..size`` (real and positive), not numbers.
    diagonal: bool = False
    #: Whether the statement is about binary classification (``BCE``, ``sigmoid``, ``\sigma(u)``,
    #: ``softplus``, ``Bernoulli``, ``\hat{y}``): then a bare ``p``, ``q`` or ``y`` is a probability.
    binary: bool = False
    #: Whether the model is written with its parameters as a subscript, ``Q_\\theta``: then it is any
    #: model (:class:`~symdiv.core.model.ParametricDistribution`), θ a real number, and a gradient or an
    #: arg min over θ is one over that number (rather than θ read as the logits of ``softmax(z)``).
    parametric: bool = False

    def __post_init__(self) -> None:
        if not self.distributions or not self.logits:
            raise InvalidInputError("a scope needs at least one distribution and one logits name")
        letters = [*self.distributions, *self.logits, self.dataset]
        if isinstance(self.size, Symbol):
            letters.append(str(self.size))
        elif not (isinstance(self.size, Integer) and self.size >= 1):
            raise InvalidInputError(f"the alphabet size must be a letter or a positive whole number, got {self.size!r}")
        if self.samples is not None:
            letters.append(str(self.samples))
        for name in letters:
            if not (len(name) == 1 and name.isascii() and name.isalpha()):
                raise InvalidInputError(f"scope names must be single ASCII letters, got {name!r}")
        for d in self.distributions:
            if not d.isupper() or d in "HDILE":
                raise InvalidInputError(
                    f"distribution names must be upper-case letters other than H, D, I, L, E; got {d!r}")
        taken = [*(d.lower() for d in self.distributions), *self.logits, "e", self.dataset, *self.distributions]
        taken += [str(x) for x in (self.size, self.samples) if isinstance(x, Symbol)]
        if len(set(taken)) != len(taken):
            raise InvalidInputError(f"scope names collide: {taken}")
        if self.temperature not in ("", TEMPERATURE):
            raise InvalidInputError(f"the temperature is written {TEMPERATURE}, got {self.temperature!r}")
        if self.model and self.model not in self.distributions:
            raise InvalidInputError(f"the model {self.model!r} is not one of the distributions {self.distributions}")
        for name, values in self.declared:
            if name not in self.distributions:
                raise InvalidInputError(f"the declared {name!r} is not one of the distributions {self.distributions}")
            ExplicitDistribution(name, values)  # checks the values: exact, non-negative, summing to 1
        self._check_variables()

    def _check_variables(self) -> None:
        for letter in self.variables:
            if not (len(letter) == 1 and letter.isascii() and letter.isupper()) or letter in self.not_variables:
                raise InvalidInputError(f"a random variable is an upper-case letter other than "
                                        f"{', '.join(sorted(self.not_variables))}; got {letter!r}")
        if list(self.variables) != sorted(set(self.variables)):
            raise InvalidInputError(f"the random variables are listed once each, in alphabetical order; got "
                                    f"{self.variables}")
        joints = [name for name, *_ in self.tables]
        if len(set(joints)) != len(joints):
            raise InvalidInputError(f"a joint is declared twice: {joints}")
        for name, letters, shape, values in self.tables:
            if name not in (d.lower() for d in self.distributions):
                raise InvalidInputError(f"the declared joint {name!r} is not one of the distributions "
                                        f"{self.distributions} in lower case")
            if not letters or list(letters) != sorted(set(letters)) or len(shape) != len(letters):
                raise InvalidInputError(f"the table of {name} needs one axis per variable, in alphabetical order; "
                                        f"got {letters} and the shape {shape}")
            ExplicitDistribution(name, values, Tuple(*shape))  # exact, non-negative, summing to 1
        self.variable_sizes()

    @property
    def not_variables(self) -> set[str]:
        """Upper-case letters that never name a random variable: the distributions, the measures
        H, D, I, the likelihood L, the expectation E, and N (the samples)."""
        return {*self.distributions, *"HDILEN"}

    def variable_sizes(self) -> dict[str, Expr]:
        """The alphabet size of each random variable: its table's, or the letter ``n_X``."""
        sizes: dict[str, Expr] = {}
        for name, letters, shape, _ in self.tables:
            for letter, size in zip(letters, shape):
                if sizes.setdefault(letter, Integer(size)) != size:
                    raise InvalidInputError(f"{letter} has {sizes[letter]} outcomes in one table and {size} in "
                                            f"the table of {name}")
        return {v: sizes.get(v, alphabet_size(f"n_{v}")) for v in self.variables}

    def describe(self) -> str:
        if self.variables:
            joints = ", ".join(d.lower() for d in self.distributions)
            first, *rest = (v.lower() for v in self.variables)
            example = f"p({first}, {rest[0]}), p({first}), p({rest[0]}|{first})" if rest else f"p({first})"
            sizes = ", ".join(str(s) for s in self.variable_sizes().values())
            return (f"random variables {', '.join(self.variables)} (outcomes "
                    f"{', '.join(v.lower() for v in self.variables)}; alphabet sizes {sizes}), their joint "
                    f"distributions {joints} ({example}, p_{self.variables[0]}(1))")
        comps = ", ".join(f"{d.lower()}_i" for d in self.distributions)
        samples = "" if self.samples is None else f", samples {self.dataset}_1..{self.dataset}_{self.samples}"
        return (f"distributions {', '.join(self.distributions)} (components {comps}), "
                f"logits {', '.join(self.logits)} (components {', '.join(f'{z}_i' for z in self.logits)}), "
                f"alphabet size {self.size}{samples}")

    @property
    def reserved(self) -> set[str]:
        """Lower-case letters that are quantities, hence never indices."""
        return {*(d.lower() for d in self.distributions), *self.logits, "e"}

    @property
    def model_name(self) -> str:
        """The distribution θ parametrises: *model*, else Q, else the last distribution."""
        return self.model or ("Q" if "Q" in self.distributions else self.distributions[-1])


class Parser(VariablesMixin):
    """Parse one token list (ending in ``eof``) into expressions.

    *component* is the index vectors are read at; :func:`component_for`
    picks one that the text does not use.  With random variables in the
    scope, the distributions are their joints (see :mod:`symdiv.parse.variables`).
    """

    def __init__(self, tokens: list[Token], text: str, scope: Scope, component: Symbol, origin: str = "") -> None:
        self.toks, self.text, self.scope, self.origin = tokens, text, scope, origin
        self.pos, self.depth = 0, 0
        self.in_covariance = False
        self.component = component
        self.bound: list[Symbol] = []
        self.open: list[Token] = []  # brackets not closed yet, for "ends too early" messages
        self.used_component = False
        # Divisors that may be 0: sympy cancels z_j/z_j to 1 as it builds it,
        # so the claim's condition z_j != 0 must be taken here or never.
        self.denominators: list[Expr] = []
        # For arg min f = arg min g: the parameters and whether each side is minimised or maximised.
        self.wrt: tuple[Basic, ...] = ()
        self.senses: tuple[str, ...] = ()
        declared = dict(scope.declared)
        self._dists: dict[str, object] = {
            name: ExplicitDistribution(name, declared[name]) if name in declared else Distribution(name, scope.size)
            for name in scope.distributions}
        self._components = {name.lower(): name for name in self._dists}
        self._logits = {name: Logits(name, scope.size) for name in scope.logits}
        if scope.parametric and not isinstance(self._dists.get(self.scope.model_name), ExplicitDistribution):
            name = self.scope.model_name  # Q_\\theta: any model, known as positive and normalised for every theta
            self._dists[name] = ParametricDistribution(name, scope.size, (THETA_SYMBOL,))
        # The mean and standard deviation of a diagonal Gaussian, vectors over 1..size (Scope.diagonal).
        self._vectors = {"mu": Logits("mu", scope.size), "sigma": PositiveVector("sigma", scope.size)}
        self._data = None if scope.samples is None else Dataset(scope.dataset, scope.samples, scope.size)
        # The parameters θ: the model they parametrise, and inside a gradient with respect to them
        # (\nabla_\theta) the logits the model is read as, Q = softmax(z).
        self.model = scope.model_name
        self.theta_logits: Optional[Logits] = None
        self.theta_gradients: list[Token] = []
        # Outside such a gradient: where the model was named, and where a vector was read at the component.
        self.model_outside: list[Token] = []
        self.vectors_outside: list[Token] = []
        self.outer_component = component
        self.letters = {t.value for t in tokens if t.kind == "name"}
        self.setup_variables()
        if self.rv:  # a statement about random variables: their joints are its only distributions
            self._dists, self._components, self._logits, self._data = {}, {}, {}, None

    # -- token helpers -------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.toks[self.pos]

    def peek(self, ahead: int = 1) -> Token:
        return self.toks[min(self.pos + ahead, len(self.toks) - 1)]

    def at(self, *values: str) -> bool:
        return self.tok.kind in ("op", "cmd", "name", "word") and self.tok.value in values

    def advance(self) -> Token:
        tok = self.tok
        if tok.kind != "eof":
            self.pos += 1
        return tok

    def error(self, message: str, tok: Optional[Token] = None) -> ParseError:
        return ParseError(message, self.text, (tok or self.tok).start, origin=self.origin)

    def expect(self, value: str, what: str) -> Token:
        if not self.at(value):
            raise self.error(f"expected {value!r} {what}, found {self.describe(self.tok)}")
        return self.advance()

    @staticmethod
    def describe(tok: Token) -> str:
        if tok.kind == "eof":
            return "the end of the text"
        if tok.kind == "row":
            return "a line break '\\\\'"
        return repr(tok.value)

    # -- entry points --------------------------------------------------------
    def statement(self) -> tuple[Value, str, Value]:
        """``expr = expr`` (or ``expr != expr``) and nothing more."""
        return self.within_stack(self._statement)

    def expression(self) -> Value:
        """One expression and nothing more."""
        return self.within_stack(self._expression)

    def within_stack(self, parse: Callable[[], _T]) -> _T:
        # MAX_DEPTH keeps the recursion to a few hundred frames; should the caller's own
        # stack leave less than that, the answer is still a message, not a RecursionError.
        try:
            return parse()
        except RecursionError:
            raise self.error(f"the expression is nested too deeply for the space left on Python's stack "
                             f"(at most {MAX_DEPTH} brackets inside one another are read)") from None

    def _statement(self) -> tuple[Value, str, Value]:
        if self.tok.kind == "eof":
            raise self.error("the statement is empty: write it as LEFT = RIGHT")
        head = self.optimiser_head()
        if head is not None or self.at("argmin", "argmax"):
            return self.same_optimisers(head)
        self.no_declaration()
        lhs = self.expr()
        self.no_stray_closer()
        if self.tok.kind == "eof":
            raise self.error("no '=' found: a statement has the form LEFT = RIGHT")
        relation = self.relation()
        rhs = self.expr()
        if self.at("=", *NOT_EQUAL, *INEQUALITIES):
            written = "'='" if self.at("=") else self.written(self.tok)
            raise self.error(f"a second {written}: a statement has exactly one relation; "
                             f"check a chain a = b = c (or a = b <= c) with symdiv check")
        self.end()
        check_gradients([self])
        return lhs, relation, rhs

    def no_declaration(self) -> None:
        """Refuse ``P = (1/2, 1/2)`` as a statement: it declares P and claims nothing."""
        table = self.table_head()
        if table is not None and self.declaration_ahead():
            length, name, letters = table
            variables = ", ".join("".join(t.value for t in letters).upper())
            head = self.text[self.tok.start:self.peek(length - 1).end]
            raise self.error(f"'{head} = [[...]]' declares the joint {name} of {variables} and claims nothing about "
                             f"it: write the claim with the declaration after it, as in H({variables}) = 1 where "
                             f"{head} = [[1/2, 0], [0, 1/2]] (in a document, a display of its own declares it for the "
                             f"rest of it)", self.peek(length))
        if self.declaration_ahead():
            name = self.tok.value.upper()
            raise self.error(f"'{self.tok.value} = (...)' declares {name} and claims nothing about it: write the "
                             f"claim with the declaration after it, as in H({name}) = \\log 2 where {name} = "
                             f"(1/2, 1/2) (in a document, a display of its own declares {name} for the rest of it)",
                             self.peek())

    def declaration_ahead(self) -> bool:
        """Whether the tokens from here read ``P = (a, b, ...)``: a name, '=', and brackets holding a comma;
        or a joint table, ``P_{XY} = [[a, b], [c, d]]`` or ``p(x, y) = [[...]]``."""
        tok = self.tok
        head = self.table_head()
        if head is not None:
            skip = head[0]
            if not (self.peek(skip).value == "=" and self.peek(skip + 1).value in ("(", "[")):
                return False
        elif not (tok.kind == "name" and (tok.value in self._dists or tok.value in self._components)
                  and self.peek().value == "=" and self.peek(2).value == "("):
            return False
        else:
            skip = 1
        depth = 0
        for later in self.toks[self.pos + skip + 1:]:
            if later.kind == "op" and later.value in ("(", "[", "{"):
                depth += 1
            elif later.kind == "op" and later.value in (")", "]", "}"):
                depth -= 1
                if depth == 0:
                    return False
            elif depth == 1 and later.value == ",":
                return True
        return False

    def declarations(self) -> list[tuple]:
        """``P = (1/2, 1/2)``, several separated by commas, semicolons or 'and': the names, their
        values (exact, non-negative, summing to 1: checked with a caret), the first and last
        token of each, and for a joint table (``P_{XY} = [[1/8, 1/16], [1/16, 3/4]]``) its
        variables and shape (in alphabetical order, the values transposed to match; a
        distribution has none: ``()``, ``()``)."""
        out: list[tuple] = []
        while True:
            tok = self.tok
            table = self.table_head()
            if table is not None:
                out.append(self.table_declaration(table, [d for d in out if d[4]]))
            else:
                if not (tok.kind == "name" and (tok.value in self._dists or tok.value in self._components)):
                    raise self.error(f"a declaration names a distribution ({', '.join(self.scope.distributions)}) "
                                     f"and gives its values, as in P = (1/2, 1/2), or a joint table of random "
                                     f"variables, as in P_{{XY}} = [[1/2, 0], [0, 1/2]]; found {self.describe(tok)}")
                self.advance()
                self.expect("=", f"after {tok.value} in its declaration")
                if not self.at("("):
                    raise self.error(f"{tok.value} is declared by its values in brackets, as in {tok.value} = "
                                     f"(1/2, 1/2)")
                values = self.nested(self.explicit_distribution, self.tok).values
                name = tok.value.upper()
                if any(name == other[0] for other in out):
                    raise self.error(f"{name} is declared twice", tok)
                out.append((name, values, tok, self.toks[self.pos - 1], (), ()))
            name = out[-1][0]
            if self.tok.kind == "eof":
                return out
            if not self.at(",", ";", "and"):
                raise self.error(f"unexpected {self.describe(self.tok)} after the declaration of {name}")
            self.advance()

    def table_head(self) -> Optional[tuple[int, str, list[Token]]]:
        """``P_{XY}``, ``p_X``, ``p_{X,Y}`` or ``p(x, y)`` from here, the head of a joint table: how many
        tokens it takes, the joint's name (lower case) and the tokens naming its variables, in order."""
        tok = self.tok
        if not (tok.kind == "name" and len(tok.value) == 1 and tok.value.upper() in self.scope.distributions):
            return None
        if self.peek().value == "_":
            if self.peek(2).value == "{":
                inner, k = [], 3
                while self.peek(k).value not in ("}", "") and k < 40:
                    inner.append(self.peek(k))
                    k += 1
                length = k + 1
            else:
                inner, length = [self.peek(2)], 3
            letters = [t for t in inner if t.value != ","]
            if not letters or not all(t.kind == "name" and t.value.isascii() and t.value.isalpha() and t.value.isupper()
                                      for t in letters):
                return None
            return length, tok.value.lower(), letters
        if tok.value.islower() and self.peek().value == "(":
            inner, k = [], 2
            while self.peek(k).value not in (")", "") and k < 40:
                inner.append(self.peek(k))
                k += 1
            letters = [t for t in inner if t.value != ","]
            if letters and all(t.kind == "name" and len(t.value) == 1 and t.value.islower() for t in letters) \
                    and self.peek(k + 1).value == "=" and self.peek(k + 2).value in ("(", "["):
                return k + 1, tok.value, letters
        return None

    def table_declaration(self, head: tuple[int, str, list[Token]], before: list[tuple]) -> tuple:
        """``P_{XY} = [[1/8, 1/16], [1/16, 3/4]]``: the joint table of X (rows) and Y (columns)."""
        length, name, letter_tokens = head
        first = self.tok
        letters: list[str] = []
        for t in letter_tokens:
            for letter in t.value.upper():
                if letter in self.scope.not_variables:
                    raise self.error(f"{letter} cannot name a random variable: it names something else (random "
                                     f"variables are letters such as X, Y, Z)", t)
                if letter in letters:
                    raise self.error(f"{letter} is named twice", t)
                letters.append(letter)
        self.pos += length
        self.expect("=", f"after the joint {name} in its declaration")
        if not self.at("(", "["):
            raise self.error(f"the table of {name} is a list of rows: {name}_{{XY}} = [[1/2, 0], [0, 1/2]]")
        opener = self.tok
        rows = self.nested(self.table_rows, opener, depth=len(letters))
        flat: list[Rational] = []
        shape = _table_shape(rows, self.error)
        _flatten_rows(rows, flat)
        total = sum(flat, S.Zero)
        if total != 1:
            raise self.error(f"the probabilities sum to {total}, not 1 (symdiv never normalises silently)", opener)
        if any(name == other[0] for other in before):
            raise self.error(f"the joint {name} is declared twice", first)
        letters_sorted, shape_sorted, values = canonical_table(tuple(letters), shape, tuple(flat))
        return name, values, first, self.toks[self.pos - 1], letters_sorted, shape_sorted

    def table_rows(self, depth: int) -> tuple[Token, list]:
        """``[a, b, ...]`` (or ``(a, b, ...)``) at the last level, rows of rows above it: the opening
        bracket and the entries, each an exact probability (with its token) or a row."""
        opener = self.advance()
        closer = _CLOSER[opener.value]
        self.open.append(opener)
        entries: list = []
        try:
            while True:
                if depth > 1:
                    if not self.at("(", "["):
                        raise self.error(f"a table of {depth} variables is a list of rows, as in "
                                         f"[[1/2, 0], [0, 1/2]]; found {self.describe(self.tok)}")
                    entries.append(self.nested(self.table_rows, self.tok, depth=depth - 1))
                else:
                    entries.append(self.probability("a table"))
                if not self.at(","):
                    break
                self.advance()
        finally:
            self.open.pop()
        self.expect(closer, "to close the row of the table")
        return opener, entries

    def optimiser_head(self) -> Optional[Token]:
        """``\\hat\\theta =`` before an arg min names the optimiser: it is read (and skipped) here,
        since it is no side of the claim; None if the text does not start so."""
        if not (self.tok.kind == "cmd" and self.tok.value == "hat"):
            return None
        shape = [self.peek(k).value for k in (1, 2)] if self.peek().value != "{" else \
            [self.peek(2).value, self.peek(4).value] if self.peek(3).value == "}" else []
        if not shape or shape[0] != THETA:
            return None
        head = self.tok
        self.pos += 2 if self.peek().value != "{" else 4
        if not self.at("="):
            raise self.error("\\hat\\theta names the optimiser: write \\hat\\theta = \\arg\\min_\\theta f "
                             "= \\arg\\min_\\theta g", head)
        self.advance()
        if not self.at("argmin", "argmax"):
            raise self.error("\\hat\\theta = is followed by what it optimises: \\arg\\min_\\theta f or "
                             "\\arg\\max_\\theta f", head)
        return head

    def same_optimisers(self, head: Optional[Token] = None) -> tuple[Value, str, Value]:
        """``arg min_Q f = arg min_Q g`` (or arg max on either side): a claim of equivalent
        objectives.  *head* is the ``\\hat\\theta =`` before it, if the text names the optimiser."""
        sides = []
        for side in ("left", "right"):
            if side == "right" and not self.at("argmin", "argmax") and self.starts_distribution():
                return self.minimiser(sides[0])
            if not self.at("argmin", "argmax"):
                raise self.error("an arg min equals another arg min (\\arg\\min_Q f = \\arg\\min_Q g), or the "
                                 "distribution that minimises it (\\arg\\min_Q H(P, Q) = P)")
            sense, params, value = self.objective(self.wrt)
            self.wrt = params
            self.senses += (sense,)
            sides.append(value)
            if side == "left":
                self.no_stray_closer()
                if self.tok.kind == "eof" and head is not None:
                    raise self.error("\\hat\\theta = \\arg\\min_\\theta f only names the optimiser of f: compare "
                                     "it with another objective to make a claim, \\hat\\theta = \\arg\\min_\\theta f "
                                     "= \\arg\\min_\\theta g", head)
                if not self.at("="):
                    raise self.error("an arg min is compared with '=': arg min_Q f = arg min_Q g")
                self.advance()
        if self.at("="):
            raise self.error("a second '=': a statement compares two objectives; check a chain of them with "
                             "symdiv check")
        self.end()
        return sides[0], "~", sides[1]

    def starts_distribution(self) -> bool:
        """Whether a distribution of the scope starts here (``P``, ``p``, ``U``, ``softmax(z)``, ``(1/2, 1/2)``)."""
        tok = self.tok
        return tok.kind in ("name", "word") and (tok.value in self._dists or tok.value in self._components
                                                 or tok.value in ("U", "softmax")) or self.at("(")

    def minimiser(self, objective: Value) -> tuple[Value, str, Value]:
        """``\\arg\\min_Q f = P``: the claim that *P* is the one minimiser of *f* over the distribution Q
        (decided by :func:`symdiv.prover.inequality.prove_minimiser`)."""
        at = self.tok
        if self.senses != ("min",):
            raise self.error("the distribution an objective's optimum is at is claimed for an arg min: "
                             "\\arg\\min_Q f = P", at)
        if len(self.wrt) != 1 or not isinstance(self.wrt[0], Distribution):
            raise self.error("the minimiser is claimed over one distribution, as in \\arg\\min_Q H(P, Q) = P", at)
        dist = self.distribution()
        if tuple(dist.shape) != tuple(self.wrt[0].shape):
            raise self.error(f"the minimiser must be a distribution over the outcomes of {self.wrt[0].name}", at)
        if self.at("=", *NOT_EQUAL, *INEQUALITIES):
            raise self.error("a second relation: \\arg\\min_Q f = P claims one minimiser")
        self.end()
        return objective, "argmin", Value("minimiser", dist, at)

    def objective(self, same_as: tuple[Basic, ...] = ()) -> tuple[str, tuple[Basic, ...], Value]:
        """``\\arg\\min_\\theta f`` (or arg max): the sense, the parameters and the objective f.
        With *same_as*, the parameters must be those."""
        head = self.advance()
        if not self.at("_"):
            raise self.error(f"{head.value} needs its parameters in a subscript: {head.value}_\\theta, "
                             f"{head.value}_Q or {head.value}_{{z}}", head)
        params = self.parameters(self.subscript_tokens())
        if same_as and params != same_as:
            raise self.error("both sides must optimise over the same parameters", head)
        self.require_operand(f"{head.value} needs an objective after it", head)
        value = self.expr()
        if value.kind != "scalar":
            raise self.error("an objective is a number: a distribution or vector cannot be minimised", head)
        if not self.number(value).has(*params):
            names = ", ".join(str(p) for p in params)
            raise self.error(f"the objective after {head.value} does not depend on {names}: there is nothing to "
                             f"optimise", head)
        return head.value[3:], params, value

    def parameters(self, toks: list[Token]) -> tuple[Basic, ...]:
        """The parameters an arg min runs over: θ (the model's), distributions and logits of the
        scope, comma-separated."""
        params = []
        for k, tok in enumerate(toks):
            if k % 2:
                if tok.value != ",":
                    raise self.error("separate the parameters with commas: argmin_{Q, z}", tok)
                continue
            name = self.model if tok.value == THETA else self._components.get(tok.value, tok.value)
            if tok.value == THETA and self.scope.parametric:
                params.append(THETA_SYMBOL)
            elif name in self._dists:
                if isinstance(self._dists[name], ExplicitDistribution):
                    raise self.error(f"{name} is declared as explicit values: there is nothing to optimise", tok)
                params.append(self._dists[name])
            elif tok.value in self._logits:
                params.append(self._logits[tok.value])
            else:
                raise self.error(f"{tok.value!r} is not a parameter symdiv reads: optimise over the model's "
                                 f"parameters \\theta, a distribution ({', '.join(self.scope.distributions)}) or "
                                 f"logits ({', '.join(self.scope.logits)})", tok)
        if len(set(params)) != len(params):
            raise self.error("a parameter is named twice", toks[0])
        return tuple(params)

    def _expression(self) -> Value:
        if self.tok.kind == "eof":
            raise self.error("the expression is empty")
        value = self.expr()
        self.end()
        return value

    def relation(self) -> str:
        """``=``, ``!=`` (also written ``\\neq``), or an inequality: ``<=`` (``\\leq``, ``\\le``, ``≤``),
        ``>=`` (``\\geq``, ``\\ge``, ``≥``), ``<``, ``>``; returned as ``=``, ``!=``, ``<=``, ``>=``, ``<``, ``>``."""
        if self.at(*NOT_EQUAL):
            self.advance()
            return "!="
        if self.at(*INEQUALITIES):
            return INEQUALITIES[self.advance().value]
        if self.tok.kind == "op" and self.tok.value in RELATIONS:
            raise self.error(f"unsupported relation {self.written(self.tok)}: only '=', '!=' and the inequalities "
                             f"<=, >=, <, > can be checked")
        self.expect("=", "between the two sides")
        return "="

    def no_decimal_comma(self) -> None:
        """Refuse ``1,5`` (a comma between digits) saying what it is."""
        before, after = self.toks[self.pos - 1] if self.pos else None, self.peek()
        if self.at(",") and before is not None and before.kind == after.kind == "num" \
                and before.end == self.tok.start and self.tok.end == after.start:
            raise self.error(f"a decimal comma: write {before.value}.{after.value} with a point")

    def no_stray_closer(self) -> None:
        """Refuse, with a message naming it, a token that cannot follow a finished expression."""
        self.no_decimal_comma()
        if self.tok.kind == "op" and self.tok.value in (")", "]", "}"):
            raise self.error(f"unbalanced brackets: {self.tok.value!r} has no matching opening bracket")
        if self.at("~"):
            raise self.error("unexpected '~': it is only read in an expectation E_{x~P}[...]")

    def end(self) -> None:
        tok = self.tok
        if tok.kind == "eof":
            return
        self.no_stray_closer()
        if tok.kind == "op" and tok.value in RELATIONS:
            self.relation()
        if tok.kind == "row":
            raise self.error("a line break '\\\\' in a statement: write it on one line, or check a derivation "
                             "of several rows with symdiv check")
        raise self.error(f"unexpected {self.describe(tok)}")

    # -- arithmetic ----------------------------------------------------------
    def nested(self, parse: Callable[..., Value], at: Optional[Token] = None, **options: object) -> Value:
        """Run *parse* one level deeper: the one place the recursion is bounded.

        Every way the grammar recurses goes through here exactly once per level a
        person sees (a bracket pair, a sign, a power, a sum, a gradient, a fraction,
        a function), so the limit in the message is the limit in the text.
        """
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"the expression is nested too deeply: the limit is {MAX_DEPTH} brackets inside "
                             f"one another (a sign, power, sum, gradient, fraction or function around "
                             f"something counts as one bracket)", at)
        try:
            return parse(**options)
        finally:
            self.depth -= 1

    def expr(self) -> Value:
        value = self.term()
        while self.at("+", "-"):
            op = self.advance()
            rhs = self.term()
            value = self.arith(value, rhs, op, lambda a, b: a + b if op.value == "+" else a - b)
        return value

    def term(self) -> Value:
        value = self.signed()
        while True:
            if self.in_covariance and self.at("*") and self.identity_ahead(1):
                return value  # s^2*I, the covariance of a diagonal Gaussian: the caller reads the I
            if self.at("*", "/"):
                op = self.advance()
                rhs = self.signed()
                if op.value == "/":
                    self.nonzero(rhs, op)
                    value = self.arith(value, rhs, op, lambda a, b: a / b)
                else:
                    value = self.arith(value, rhs, op, lambda a, b: a * b)
            elif self.starts_factor():
                op = self.tok
                value = self.arith(value, self.factor(), op, lambda a, b: a * b)
            else:
                return value

    def signed(self) -> Value:
        if self.at("-", "+"):
            op = self.advance()
            inner = self.nested(self.signed, op)
            return inner if op.value == "+" else self.arith(Value("scalar", S.NegativeOne), inner, op,
                                                            lambda a, b: -b)
        return self.factor()

    def starts_factor(self) -> bool:
        tok = self.tok
        if self.in_covariance and self.identity_ahead(0):
            return False
        if tok.kind in ("num", "name", "word"):
            return True
        if tok.kind == "cmd":
            return tok.value != "partial"
        return tok.kind == "op" and tok.value in ("(", "[", "{")

    def factor(self, brackets_counted: bool = True) -> Value:
        base = self.atom(brackets_counted)
        if not self.at("^"):
            return base
        op = self.advance()
        if self.tok.kind in ("eof", "row") or (self.tok.kind == "op" and not self.at("-", "+", "(", "[", "{")):
            raise self.error(f"{self.written(op)} needs an exponent after it, found {self.describe(self.tok)}", op)
        if self.at("(", "[", "{") and self.peek().kind == "op" and self.peek().value == _CLOSER[self.tok.value]:
            raise self.error(f"{self.written(op)} has an empty exponent", op)
        exponent = self.nested(self.exponent, op)
        b, e = self.number(base), self.number(exponent)
        self.check_power(b, e, op)
        return Value("vector" if "vector" in (base.kind, exponent.kind) else "scalar", b ** e)

    def exponent(self) -> Value:
        if self.at("-", "+"):
            op = self.advance()
            inner = self.nested(self.exponent, op)
            return inner if op.value == "+" else Value(inner.kind, -self.number(inner))
        tok = self.tok
        if tok.kind == "num" and "e" in tok.value:
            # LaTeX sets 2^1e-3 as 2^1 e - 3; Python reads 2**1e-3.  Neither reading is safe to guess.
            written = self.text[tok.start:tok.end]
            raise self.error(f"'^{written}' is ambiguous: write ^{{{written}}} for a power of the number "
                             f"{tok.value}, or a space after the digits of the exponent for Euler's e", tok)
        # a^b^c is a^(b^c); the braces of ^{...} belong to the power, one level with it.
        return self.factor(brackets_counted=False)

    def arith(self, a: Value, b: Value, op: Token, combine: Callable[[Expr, Expr], Expr]) -> Value:
        kind = "vector" if "vector" in (self.kind(a), self.kind(b)) else "scalar"
        return Value(kind, combine(self.number(a), self.number(b)))

    def kind(self, v: Value) -> str:
        return "vector" if v.kind in ("vector", "dist", "logits") else "scalar"

    def number(self, v: Value) -> Expr:
        """The expression of *v* in arithmetic: a vector becomes its component."""
        if v.kind in ("dist", "logits"):
            self.used_component = True
            if self.theta_logits is None and self.component == self.outer_component and v.at is not None:
                self.vectors_outside.append(v.at)
            return v.expr.component(self.component)
        if v.kind == "vector":
            self.used_component = True
        return v.expr

    def nonzero(self, divisor: Value, op: Token) -> None:
        if divisor.kind == "scalar" and divisor.expr.is_zero:
            raise self.error("division by zero", op)
        expr = divisor.expr
        if isinstance(expr, Expr) and not expr.is_number and expr not in self.denominators:
            self.denominators.append(expr)

    def check_power(self, base: Expr, exponent: Expr, op: Token) -> None:
        if base.is_zero and exponent.is_negative:
            raise self.error("division by zero (0 to a negative power)", op)
        if base.is_Rational and exponent.is_Integer:
            magnitude, power = math.log2(max(abs(base.p), base.q)), abs(int(exponent))
            # magnitude * power overflows a float for (10^1000)^(10^1000).  A base of 0 or +-1
            # stays that size at any power; any other has magnitude >= 1, so a power past the
            # limit is too large.
            if not magnitude:
                return
            if power > _MAX_BITS:
                raise self.error(f"the power is too large to compute exactly (more than {_MAX_BITS} bits; "
                                 f"the limit is {_MAX_BITS})", op)
            bits = magnitude * power
            if bits > _MAX_BITS:
                raise self.error(f"the power is too large to compute exactly (about {bits:.0f} bits; "
                                 f"the limit is {_MAX_BITS})", op)
        elif base.is_Rational and exponent.is_Rational and abs(exponent) > _MAX_BITS:
            raise self.error("the exponent is too large to compute exactly", op)
        elif not base.is_number and exponent.is_number and abs(exponent) > MAX_EXPONENT:
            # p_1^(10^7): expanding it, or evaluating it exactly at p_1 = 1/3, costs
            # time and memory in proportion to the exponent.
            raise self.error(f"the exponent {exponent} is too large: powers of a variable are limited to "
                             f"exponents of at most {MAX_EXPONENT} in size", op)

    # -- atoms ---------------------------------------------------------------
    def atom(self, brackets_counted: bool = True) -> Value:
        tok = self.tok
        if tok.kind == "num":
            bits = _decimal_bits(tok.value)
            if bits > _MAX_BITS:
                # The same bound as a power of numbers: 1e999999 is 10^999999, not a shortcut round it.
                raise self.error(f"the number {tok.value} needs about {bits:.0f} bits to be held exactly; the "
                                 f"limit is {_MAX_BITS} bits (exponents from about -{_MAX_EXPONENT} to "
                                 f"{_MAX_EXPONENT})")
            self.advance()
            return Value("scalar", _decimal(tok.value))
        if tok.kind == "op" and tok.value in _CLOSER:
            return self.nested(self.group, tok) if brackets_counted else self.group()
        if tok.kind == "cmd":
            handler = {"sum": self.sum, "prod": self.product, "grad": self.grad, "frac": self.frac,
                       "log": self.function, "ln": self.function, "exp": self.function, "sqrt": self.function,
                       "hat": self.empirical_value}.get(tok.value)
            if handler is None:
                raise self.error(f"\\{tok.value} cannot start an expression here")
            return handler()
        if tok.kind in ("name", "word"):
            return self.name()
        if tok.kind == "alphabet":
            raise self.error(f"\\mathcal{{{tok.value}}} is an alphabet: it is read in a sum's subscript, as in "
                             f"\\sum_{{x \\in \\mathcal{{{tok.value}}}}}")
        if tok.kind == "op" and tok.value in (")", "]", "}"):
            if not self.open:
                raise self.error(f"unbalanced brackets: {tok.value!r} has no matching opening bracket")
            if _CLOSER[self.open[-1].value] != tok.value:
                raise self.error(f"unbalanced brackets: {self.open[-1].value!r} is closed by {tok.value!r}",
                                 self.open[-1])
            raise self.error(f"expected an expression before {tok.value!r}")
        if tok.kind == "op" and (tok.value == "=" or tok.value in RELATIONS):
            raise self.error(f"expected an expression before {self.written(tok)}")
        if tok.kind == "eof" and self.open:
            raise self.error(f"unbalanced brackets: this {self.open[-1].value!r} is never closed "
                             f"(the text ends inside it)", self.open[-1])
        before = self.toks[self.pos - 1] if self.pos else None
        if tok.kind == "eof" and before is not None and before.kind == "op":
            raise self.error(f"nothing follows this {self.written(before)}", before)
        if tok.kind == "eof":
            raise self.error("the expression ends too early")
        if self.at("^"):
            raise self.error(f"{self.written(tok)} needs a base before it, as in p_1^2")
        raise self.error(f"expected an expression, found {self.describe(tok)}")

    def written(self, tok: Token) -> str:
        """*tok* as the text spells it, quoted: '\\neq' rather than its token value."""
        return "'" + self.text[tok.start:tok.end] + "'"

    def group(self, empty: str = "", function: Optional[Token] = None) -> Value:
        """``( expr )``, ``[ expr ]`` or ``{ expr }``: *empty* is the message for ``()``,
        *function* the ``log`` or ``exp`` whose argument this is (the caret of that message)."""
        opener = self.advance()
        closer = _CLOSER[opener.value]
        if self.at(closer):
            raise self.error(empty or f"empty brackets '{opener.value}{closer}': put an expression inside them",
                             function or opener)
        self.open.append(opener)
        try:
            value = self.expr()  # the caller counted this level
        finally:
            self.open.pop()
        if self.at(closer):
            self.advance()
            return value
        if self.tok.kind == "op" and self.tok.value in (")", "]", "}"):
            raise self.error(f"unbalanced brackets: {opener.value!r} is closed by {self.tok.value!r}", opener)
        if self.closed_later(closer):
            # The brackets are balanced: what is wrong is this token inside them.
            self.no_decimal_comma()
            if self.at(",") and function is not None:
                name = self.text[function.start:function.end]
                base = f": for a logarithm to base 2 write {name}_2(p_1)" if name.lstrip("\\") == "log" else \
                    f": {name}(u), {name} applied to a bracket, is the sigmoid of one number ({name} alone, {name}^2 " \
                    f"and {name}_k are a standard deviation)" if function.value == "sigma" else ""
                raise self.error(f"{name} takes one argument{base}")
            raise self.error(f"unexpected {self.describe(self.tok)} inside '{opener.value}...{closer}'")
        raise self.error(f"unbalanced brackets: this {opener.value!r} is never closed "
                         f"(found {self.describe(self.tok)} before {closer!r})", opener)

    def closed_later(self, closer: str) -> bool:
        """Whether *closer* closes the innermost open bracket further on, on this row."""
        depth = 0
        for tok in self.toks[self.pos:]:
            if tok.kind in ("eof", "row"):
                return False
            if tok.kind == "op" and tok.value in _CLOSER:
                depth += 1
            elif tok.kind == "op" and tok.value in (")", "]", "}"):
                if depth == 0:
                    return tok.value == closer
                depth -= 1
        return False

    def name(self) -> Value:
        tok = self.tok
        word = tok.value
        if word in _NAME_HANDLERS:
            return getattr(self, _NAME_HANDLERS[word])()
        if word == "given":
            raise self.error("hypotheses (given X -> Y -> Z) are read at the end of a statement with an inequality, "
                             "in symdiv prove; a derivation does not take them yet", tok)
        if self.rv:
            return self.rv_name()
        parameter = self.parameter()
        if parameter is not None:
            return parameter
        if word in _MEANINGFUL:
            raise self.error(_MEANINGFUL[word].format(model=self.model, m=self.model.lower()), tok)
        glued = _GLUED.fullmatch(word) if tok.kind == "name" and word not in ("log", "ln") else None
        if glued and all(not part or part in self._dists or part in self._components
                         for part in (glued.group(1), glued.group(3))):
            # PlogQ and logP(x), as the seed types them: TeX sets the same letters as P log Q.
            parts, at = [], tok.start
            for part in glued.groups():
                if part:
                    parts.append(Token("name", part, at, at + len(part)))
                    at += len(part)
            self.toks = self.toks[:self.pos] + parts + self.toks[self.pos + 1:]
            return self.name()
        self.advance()
        if word == "e":
            return Value("scalar", E)
        if word == str(self.scope.size):
            return Value("scalar", self.scope.size)
        if self.scope.samples is not None and word == str(self.scope.samples):
            return Value("scalar", self.scope.samples)
        # P(x) and z(x): the component at outcome x, as in sum_x P(x) log Q(x); q(x|\theta) and q(x_i|\theta)
        at_outcome = self.outcome_length() > 0
        if not at_outcome and self.at("("):
            self.no_bar_inside(word)
        if word in self._dists or word in self._components:
            name = word if word in self._dists else self._components[word]
            if self.at("_") and THETA in (self.peek().value, self.peek(2).value):
                self.parameters_subscript(name)  # Q_\\theta, and q_\\theta(x): the model's probability of x
                at_outcome = self.outcome_length() > 0
            dist = self.dist(name, tok)
            if at_outcome:
                return Value("scalar", dist[self.outcome(name)])  # p(x), as in sum_x p(x) log q(x)
            if word in self._dists:
                return Value("dist", dist, tok)
            if not self.at("_"):
                raise self.error(f"{word!r} needs an index: write {word}_i", tok)
            return Value("scalar", dist[self.index_subscript(word)])
        if word in self._logits:
            logits = self._logits[word]
            if at_outcome:
                return Value("scalar", logits[self.outcome()])
            if not self.at("_"):
                return Value("logits", logits, tok)
            return Value("scalar", logits[self.index_subscript(word)])
        raise self.unknown(tok)

    def parameters_subscript(self, name: str) -> None:
        """Skip the ``_\\theta`` (``_{\\theta}``) of the model ``Q_\\theta`` (only the model is written so)."""
        if not (self.at("_") and THETA in (self.peek().value, self.peek(2).value)):
            return
        if name.upper() != self.model or not self.scope.parametric:
            raise self.error(f"only the model is written with its parameters, {self.model}_\\theta", self.tok)
        self.pos += 2 if self.peek().value == THETA else 4

    def no_bar_inside(self, word: str) -> None:
        """Refuse ``q(x|y)`` naming what the bar may be followed by (the lexer let it through
        as the bar of a model's probability)."""
        depth = 0
        for tok in self.toks[self.pos:]:
            if tok.kind == "op" and tok.value in ("(", "[", "{"):
                depth += 1
            elif tok.kind == "op" and tok.value in (")", "]", "}"):
                depth -= 1
                if depth == 0:
                    return
            elif tok.kind in ("eof", "row"):
                return
            elif depth == 1 and tok.kind == "op" and tok.value == "|":
                raise self.error(f"'|' is read only in a model's probability of one outcome, {word.lower()}(x|\\theta) "
                                 f"or {word.lower()}(x_i|\\theta): after it come the parameters \\theta (a conditional "
                                 f"p(y|x) is of random variables X, Y: their joint p)", tok)

    def dist(self, name: str, tok: Token) -> object:
        """The distribution called *name*, named at *tok*.  Inside a gradient with respect to the
        parameters θ, the model is read as ``softmax`` of the logits θ stands for."""
        if name == self.model:
            if self.theta_logits is not None:
                return Softmax(self.theta_logits)
            self.model_outside.append(tok)
        return self._dists[name]

    def dataset(self, tok: Token) -> Dataset:
        """The samples x_1..x_N (absent when N is the alphabet size: the text has no samples)."""
        if self._data is None:
            raise self.error(f"the samples {self.scope.dataset}_1..{self.scope.dataset}_N are not in this "
                             f"statement: here N is the alphabet size", tok)
        return self._data

    def outcome_length(self) -> int:
        """How many tokens from here spell ``(x)``, ``(x_s)``, ``(x^{(i)})``, optionally with the
        model's parameters, ``(x|\\theta)``, closing bracket included (0 if none do)."""
        if not self.at("(") or self.peek().kind not in ("name", "num"):
            return 0
        length = 1 + (self.sample_length(1) or 1)
        if self.peek(length).kind == "op" and self.peek(length).value == "|" and self.peek(length + 1).value == THETA:
            length += 2
        return length + 1 if self.peek(length).value == ")" else 0

    def outcome(self, owner: Optional[str] = None) -> Expr:
        """The index of ``(x)`` or the sample of ``(x_s)`` after a distribution or logits name;
        after the distribution *owner*, also ``(x|\\theta)``: the model's probability of x."""
        self.advance()
        length = self.sample_length(0)
        if length:
            index = self.sample(self.toks[self.pos:self.pos + length])
            self.pos += length
        else:
            index = self.index(self.advance())
        if self.at("|"):
            bar = self.advance()
            if owner is None:
                raise self.error("only a distribution's probability takes the model's parameters, "
                                 "as in q(x|\\theta)", bar)
            if isinstance(self._dists[owner], ExplicitDistribution):
                raise self.error(f"{owner} is declared as explicit values: it has no parameters \\theta", bar)
            self.advance()  # theta; statement_scope made the model the one distribution written with it
        self.advance()
        return index

    def sample_length(self, ahead: int) -> int:
        """How many tokens from ``pos + ahead`` spell a sample ``x_s``, ``x_{s}``, ``x^{(s)}`` or
        ``x^(s)`` (0 if none)."""
        return self.sample_length_of(self.toks[self.pos + ahead:])

    def sample_length_of(self, toks: list[Token]) -> int:
        """How many of the first tokens of *toks* spell a sample (0 if they do not)."""
        def peek(k: int) -> Token:
            return toks[k] if k < len(toks) else Token("eof", "", 0, 0)

        first, mark = peek(0), peek(1)
        if not (first.kind == "name" and first.value == self.scope.dataset and mark.value in ("_", "^")
                and component_index(first.value) not in self.bound):
            return 0
        if mark.value == "^":  # x^{(i)}, the superscript of machine-learning texts
            if peek(2).value == "{":
                shape = [peek(k).value for k in (3, 5, 6)]
                return 7 if shape == ["(", ")", "}"] else 0
            return 5 if peek(2).value == "(" and peek(4).value == ")" else 0
        if peek(2).value == "{":
            return 5 if peek(4).value == "}" else 0
        return 3

    def sample(self, toks: list[Token]) -> Expr:
        """The outcome ``x_s`` of a sample, its position *s* bound by a sum to N or a number."""
        position = toks[{3: 2, 5: 3, 7: 4}[len(toks)]]
        s = self.index(position)
        data = self.dataset(toks[0])
        if s.is_Integer or s in self.bound:
            return Sample(data, s)
        raise self.error(f"the sample {self.scope.dataset}_{position.value} needs its position bound by a sum "
                         f"over the samples, as in \\sum_{{{position.value}=1}}^{{{self.scope.samples}}}", position)

    def unknown(self, tok: Token) -> ParseError:
        word = tok.value
        if self.peek(0).value == "(" and len(word) > 1:
            return self.error(f"unknown function {word!r} (known: log, ln, log2, exp, softmax, H, D, KL, I, sigmoid, "
                              f"softplus, BCE, max, min, abs)", tok)
        glued = re.fullmatch(r"([A-Za-z]?)(log|ln|exp)([A-Za-z]?)", word)
        if glued and word not in ("log", "ln", "exp"):
            spaced = " ".join(part for part in glued.groups() if part)
            return self.error(f"'{word}' reads as one name: put spaces between its parts, as in '{spaced}'", tok)
        if len(word) == 1 and word.islower():
            hint = " (an index such as i may only appear in a subscript)"
        elif len(word) > 1:
            hint = " (write a product with '*' or a space: p_i q_i)"
        else:
            hint = ""
        numbers = "" if self.rv else "; numbers u, mu, sigma (mu_1, sigma_1 ...), pi, e"
        if self.scope.binary and not self.rv:
            numbers += ", and the probabilities p, q, y, y_hat"
        return self.error(f"unknown symbol {word!r}{hint}; known names: {self.scope.describe()}{numbers}", tok)

    # -- subscripts and indices ---------------------------------------------
    def subscript_tokens(self) -> list[Token]:
        """After ``_``: the tokens of ``{...}`` or the single next token."""
        self.expect("_", "for a subscript")
        return self.script_tokens("subscript")

    def script_tokens(self, what: str) -> list[Token]:
        """The tokens of ``{...}`` or the single next token (a sub- or superscript)."""
        if not self.at("{"):
            tok = self.advance()
            if tok.kind not in ("name", "num", "word"):
                hint = f" (a {what} is grouped with braces, {{...}})" if tok.value in ("(", "[") else ""
                raise self.error(f"expected a {what}, found {self.describe(tok)}{hint}", tok)
            return [tok]
        opener = self.advance()
        inner = self.tokens_until_close(opener)
        if not inner:
            raise self.error(f"an empty {what}", opener)
        return inner

    def tokens_until_close(self, opener: Token) -> list[Token]:
        """The tokens up to the ``}`` matching the already-read *opener*, which is consumed."""
        inner: list[Token] = []
        depth = 0
        while not (depth == 0 and self.at("}")):
            if self.tok.kind in ("eof", "row"):
                raise self.error("unbalanced braces: this '{' is never closed", opener)
            depth += self.at("{") - self.at("}")
            inner.append(self.advance())
        self.advance()
        return inner

    def index_subscript(self, owner: str) -> Expr:
        toks = self.subscript_tokens()
        if len(toks) in (3, 5, 7) and toks[0].value == self.scope.dataset and toks[1].value in ("_", "^") and \
                self.sample_length_of(toks) == len(toks):
            return self.sample(toks)  # q_{x_s}, q_{x^{(i)}}
        if len(toks) != 1:
            raise self.error(f"the index of {owner} must be one letter or a number, e.g. {owner}_i", toks[0])
        return self.index(toks[0])

    def index(self, tok: Token) -> Expr:
        if tok.kind == "num":
            if not tok.value.isdigit() or int(tok.value) < 1:
                first = " (components are numbered from 1)" if tok.value.isdigit() else ""
                raise self.error(f"an index must be a positive integer written in digits, such as 1 or 12; "
                                 f"got {tok.value}{first}{self.exponent_hint(tok)}", tok)
            return Integer(int(tok.value))
        word = tok.value
        if word == str(self.scope.size):
            return self.scope.size
        if tok.kind == "name" and word in self.scope.reserved:
            meaning = ("Euler's number" if word == "e" else
                       f"the logits {word}" if word in self._logits else
                       f"the components of {self._components[word]}")
            raise self.error(f"{word!r} is not an index: it stands for {meaning}; use another letter "
                             f"such as i, j or x", tok)
        if tok.kind != "name" or len(word) != 1 or not word.islower():
            raise self.error(f"{word!r} is not an index: use one lower-case letter such as i, j or x", tok)
        return component_index(word)

    # -- sums, gradients, fractions, functions --------------------------------
    def sum(self) -> Value:
        head = self.advance()
        if self.rv and not self.at("_"):
            raise self.error(f"a sum over the outcomes of random variables names its indices: \\sum_{{"
                             f"{self.letters_of_all()}}} ...", head)
        if not self.at("_"):
            return self.vector_sum(head)
        if self.rv:
            return self.rv_sum(head)
        index, sub, top = self.limits(head, "sum")
        self.require_operand("the sum has nothing to sum: write its body after it, as in sum_i p_i", head)
        return self.bound_sum(index, sub[0], head, self.term, top=top)

    def limits(self, head: Token, word: str) -> tuple[Expr, list[Token], Expr]:
        """The index, the subscript and the upper limit of a sum or product: ``_i``,
        ``_{i=1}^{n}``, ``_{x \\in \\mathcal{X}}``, ``_{k=1}^{K}`` (the alphabet, whatever its letter)
        or ``_{i=1}^{N}`` (the samples)."""
        sub = self.subscript_tokens()
        index = self.index(sub[0])
        if len(sub) > 1:
            over_alphabet = len(sub) == 3 and sub[1].value == "\\in" and sub[2].value == "X"
            if not (len(sub) == 3 and sub[1].value == "=" and sub[2].value == "1") and not over_alphabet:
                raise self.error(f"a {word} runs over the whole alphabet (or the samples) from 1: write {word}_i, "
                                 f"\\{word}_{{i=1}}^{{{self.scope.size}}} or \\{word}_{{x \\in \\mathcal{{X}}}}",
                                 sub[0])
        top: Expr = self.scope.size
        if self.at("^"):
            self.advance()
            upper = self.script_tokens("upper limit")
            samples = self.scope.samples
            if len(upper) == 1 and samples is not None and upper[0].value == str(samples):
                top = samples
            elif len(upper) != 1 or upper[0].value != str(self.scope.size):
                over = "" if samples is None else f" or the samples 1..{samples}"
                raise self.error(f"a {word} runs over the whole alphabet 1..{self.scope.size}{over}: the upper "
                                 f"limit must be {self.scope.size}" + ("" if samples is None else f" or {samples}")
                                 + " (one letter for the alphabet size, such as n or K, per statement)", upper[0])
        return index, sub, top

    def vector_sum(self, head: Token) -> Value:
        """``\\Sigma P \\log Q``, a sum without an index, as the seed writes it: the body is a vector,
        summed over its components."""
        self.require_operand("a sum needs its index: write sum_i ... or \\sum_{i=1}^{n} ...", head)
        index = self.free_index()
        outer, used = self.component, self.used_component
        self.component, self.used_component = index, False
        try:
            value = self.bound_sum(index, head, head, self.term)
            vector = self.used_component
        finally:
            self.component, self.used_component = outer, used
        if not vector:
            raise self.error("a sum needs its index: write sum_i ... or \\sum_{i=1}^{n} ... (without one, a sum "
                             "adds up the components of a vector, as in \\Sigma P \\log Q)", head)
        return Value("scalar", value.expr)

    def free_index(self) -> Symbol:
        """An index letter the text does not use and no enclosing sum binds."""
        taken = self.scope.reserved | self.letters | {str(self.scope.size), str(self.outer_component)}
        for c in "xyiklmtuvw":
            if c not in taken and component_index(c) not in self.bound:
                return component_index(c)
        raise self.error("the text uses every index letter: none is left for a sum without an index")

    def product(self) -> Value:
        """``\\prod_{i=1}^{N} q(x_i|\\theta)`` (``\\Pi`` as the seed writes it): a product over the
        samples, as in the likelihood.  A product over the alphabet is not read."""
        head = self.advance()
        written = self.written(head)
        if not self.at("_"):
            raise self.error(f"{written} runs over the samples: write it with its index and limits, as in "
                             f"\\prod_{{i=1}}^{{N}} q(x_i|\\theta), the likelihood", head)
        index, sub, top = self.limits(head, "prod")
        if self.scope.samples is None or top != self.scope.samples:
            raise self.error(f"{written} is read only over the samples 1..N, as in the likelihood \\prod_{{i=1}}^"
                             f"{{N}} q(x_i|\\theta); a product over the alphabet is not supported", head)
        self.require_operand(f"the product has nothing to multiply: write its body after it, as in "
                             f"\\prod_{{i=1}}^{{N}} q(x_i|\\theta)", head)
        return self.bound_sum(index, sub[0], head, self.term, top=top, kind=Product)

    def require_operand(self, message: str, head: Token, signs: bool = True) -> None:
        """Refuse with *message* (the caret on *head*) unless an expression starts here."""
        if not (self.starts_factor() or (signs and self.at("-", "+"))):
            raise self.error(f"{message} (found {self.describe(self.tok)})", head)

    def bound_sum(self, index: Expr, where: Token, head: Token, body_parser: Callable[[], Value],
                  weight: Expr = S.One, top: Optional[Expr] = None, kind: type = Sum) -> Value:
        """``sum_index weight * body`` over the alphabet (or ``1..top``), *body* parsed with *index* bound
        (a product with *kind* ``Product``).  An index running over the samples is used only in a
        sample, ``x_i``: ``\\sum_{i=1}^{N} p_i`` would read the alphabet past its end."""
        if index == self.scope.size:
            raise self.error(f"'{index}' is the alphabet size, not an index: use another letter such as i",
                             where)
        if index in self.bound:
            raise self.error(f"the index {index} is already bound by an enclosing sum", where)
        if len(self.bound) >= MAX_SUMS:
            # Checking a sum numerically costs size ** depth terms: refuse rather than hang.
            raise self.error(f"sums nested more than {MAX_SUMS} deep are not supported", head)
        self.bound.append(index)
        try:
            body = self.nested(body_parser, head)
        finally:
            self.bound.pop()
        if body.kind in ("dist", "logits"):
            raise self.error("a sum of a whole distribution: sum its components, e.g. sum_i p_i", head)
        top = self.scope.size if top is None else top
        if top == self.scope.samples and top != self.scope.size:
            example = "i" if str(index) == self.scope.dataset else index
            _only_in_samples(weight * body.expr, index, self.error(
                f"{index} runs over the samples 1..{top} (with samples in the text, {top} is their number): use it "
                f"in a sample, as in \\log q({self.scope.dataset}_{example}|\\theta); to sum over the alphabet write "
                f"\\sum_{{x}} or \\sum_{{{example}=1}}^{{{self.scope.size}}}", where))
        return Value(body.kind, kind(weight * body.expr, (index, 1, top)))

    def grad(self) -> Value:
        head = self.advance()
        if not self.at("_") or self.peek().value == THETA or (self.peek().value == "{" and self.peek(2).value == THETA
                                                              and self.peek(3).value == "}"):
            return self.theta_gradient(head)
        sub = self.subscript_tokens()
        logits, index = self.variable(sub)
        self.require_operand("the gradient has nothing to differentiate: write it after the gradient, "
                             "as in grad_z H(P, softmax(z))", head)
        return self.gradient(logits, index, self.nested(self.term, head), head)

    def theta_gradient(self, head: Token) -> Value:
        """``\\nabla_\\theta f`` (or a bare ``\\nabla f``, as the seed writes it): the gradient with
        respect to the parameters θ of the model Q.

        θ is read as the logits z of ``Q = softmax(z)``.  That is no loss of generality for a
        claim that compares gradients (``\\nabla_\\theta f = \\nabla_\\theta g``): softmax reaches
        every positive distribution, so the gradients agree for every parametrisation of Q if
        and only if they agree for this one (both say that f - g does not change with Q).
        :func:`check_gradients` refuses what would break that: Q, or another vector, outside
        such a gradient, and the logits z named beside it.
        """
        if self.at("_"):
            self.subscript_tokens()
        if isinstance(self._dists[self.model], ExplicitDistribution):
            raise self.error(f"the model {self.model} is declared as explicit values: it has no parameters "
                             f"\\theta to differentiate", head)
        if self.scope.parametric:  # Q_\theta: any model, and theta a number
            self.require_operand("the gradient has nothing to differentiate: write it after the gradient, "
                                 "as in \\nabla_\\theta H(P, Q_\\theta)", head)
            return self.gradient(THETA_SYMBOL, Tuple(), self.nested(self.term, head), head)
        if self.theta_logits is not None:
            raise self.error("a gradient of a gradient (a Hessian) is not supported", head)
        self.require_operand("the gradient has nothing to differentiate: write it after the gradient, "
                             "as in \\nabla_\\theta H(P, Q)", head)
        self.theta_gradients.append(head)
        self.theta_logits = self._logits[self.scope.logits[0]]
        try:
            body = self.nested(self.term, head)
        finally:
            logits, self.theta_logits = self.theta_logits, None
        return self.gradient(logits, None, body, head)

    def variable(self, sub: list[Token]) -> tuple[Basic, Optional[Expr]]:
        """``z`` or ``z_j``: the logits and the component (None for the whole vector); ``q_j``, a
        distribution's component (ML texts' ``\\partial H(P, Q) / \\partial q_j``); or a number
        (``u``, ``mu_1``, ``sigma``, ``T``: see :meth:`parameter`), with the component ``()``."""
        scalar = self.scalar_variable(sub)
        if scalar is not None:
            return scalar, Tuple()
        if sub and sub[0].kind == "name" and sub[0].value in self._components and len(sub) > 1 and not self.rv:
            name = self._components[sub[0].value]
            if isinstance(self._dists[name], ExplicitDistribution):
                raise self.error(f"{name} is declared as explicit values: there is nothing to differentiate by",
                                 sub[0])
            inner = [t for t in sub[2:] if t.value not in ("{", "}")]
            if sub[1].value != "_" or len(inner) != 1:
                raise self.error(f"expected {sub[0].value}_j as the variable", sub[1])
            return self._dists[name], self.index(inner[0])
        if not sub or sub[0].value not in self._logits:
            raise self.error(f"gradients are taken with respect to logits ({', '.join(self.scope.logits)}), a "
                             f"distribution's component (q_j) or a number (u, mu, sigma, T)",
                             sub[0] if sub else None)
        logits = self._logits[sub[0].value]
        if len(sub) == 1:
            return logits, None
        rest = sub[1:]
        if rest[0].value == "_":
            inner = rest[1:]
            if len(inner) >= 2 and inner[0].value == "{" and inner[-1].value == "}":
                inner = inner[1:-1]
            if len(inner) == 1:
                return logits, self.index(inner[0])
        raise self.error(f"expected {logits.name} or {logits.name}_j as the variable", rest[0])

    def scalar_variable(self, sub: list[Token]) -> Optional[Symbol]:
        """The number a derivative is by, ``u``, ``mu_1``, ``\\sigma``, ``T``, or None if *sub* names none."""
        if not sub or sub[0].kind != "name" or self.rv:
            return None
        eof = Token("eof", "", sub[-1].end, sub[-1].end)
        reader = Parser(sub + [eof], self.text, self.scope, self.component, self.origin)
        reader.bound = list(self.bound)
        value = reader.parameter()
        if value is None or reader.tok.kind != "eof":
            return None
        return value.expr if isinstance(value.expr, Symbol) else None

    def gradient(self, logits: Basic, index: Optional[Expr], body: Value, head: Token) -> Value:
        if body.kind != "scalar":
            raise self.error("the gradient of a vector (a Jacobian) is not supported: differentiate a scalar", head)
        if isinstance(logits, Symbol) or isinstance(logits, Distribution):
            return self.measure(head, lambda: Grad(body.expr, logits, index))
        if index is None:
            self.used_component = True
            return Value("vector", Grad(body.expr, logits, self.component))
        return Value("scalar", Grad(body.expr, logits, index))

    def frac(self) -> Value:
        head = self.advance()
        short = self.short_fraction(head)
        if short is not None:
            return short
        if not self.at("{"):
            raise self.error("\\frac needs braces: \\frac{a}{b}", head)
        if self.peek().kind == "cmd" and self.peek().value == "partial":
            return self.partial_fraction(head)
        top = self.nested(self.group, head, empty="\\frac{}{...}: the numerator is empty")
        if not self.at("{"):
            raise self.error("\\frac needs two braced arguments: \\frac{a}{b}", head)
        bottom = self.nested(self.group, head, empty="\\frac{...}{}: the denominator is empty")
        self.nonzero(bottom, head)
        return self.arith(top, bottom, head, lambda a, b: a / b)

    def short_fraction(self, head: Token) -> Optional[Value]:
        """TeX's ``\\frac12`` (one digit each) and ``\\frac1n`` (one-character arguments), or None."""
        tok = self.tok
        if tok.kind == "num" and len(tok.value) == 2 and tok.value.isdigit():
            self.advance()
            top, bottom = Integer(int(tok.value[0])), Integer(int(tok.value[1]))
        elif tok.kind == "num" and len(tok.value) == 1 and (self.peek().kind in ("num", "name") and len(
                self.peek().value) == 1 or self.peek().value == "{"):
            self.advance()  # \frac1n, and \frac1{16}: a one-character numerator, TeX's own rule
            top, bottom = Integer(int(tok.value)), self.number(self.atom())
        else:
            return None
        if bottom == 0:
            raise self.error("division by zero", head)
        self.nonzero(Value("scalar", bottom), head)
        return Value("scalar", top / bottom)

    def partial_fraction(self, head: Token) -> Value:
        """``\\frac{\\partial}{\\partial z_j} BODY`` or ``\\frac{\\partial BODY}{\\partial z_j}``."""
        opener = self.advance()  # {
        self.advance()  # \partial
        body: Optional[Value] = None
        if not self.at("}"):
            self.open.append(opener)
            try:
                body = self.nested(self.expr, head)
            finally:
                self.open.pop()
        self.expect("}", "to close the numerator of the derivative")
        self.expect("{", "for the denominator of the derivative")
        if not (self.tok.kind == "cmd" and self.tok.value == "partial"):
            raise self.error("the denominator of a derivative must be \\partial z_j")
        opener = self.advance()
        sub = self.tokens_until_close(opener)
        if not sub:
            raise self.error("the derivative needs a variable: \\partial z_j", opener)
        logits, index = self.variable(sub)
        if body is None:
            self.require_operand("the derivative has nothing to differentiate: write it after "
                                 "\\frac{\\partial}{\\partial z_j}", head)
            body = self.nested(self.term, head)
        return self.gradient(logits, index, body, head)

    def function(self) -> Value:
        head = self.advance()
        name = head.value
        base: Expr = Integer(2) if name == "log2" else E
        if name == "log" and self.at("_"):
            sub = self.subscript_tokens()
            base = self.log_base(sub)
        written = self.text[head.start:head.end]
        needs = f"{written} needs an argument, as in {written}({'z_1' if name == 'exp' else 'p_1'})"
        if name == "sqrt" and head.kind == "cmd" and self.at("["):
            raise self.error("\\sqrt[n]{x}, an n-th root, is not read: write it as a power, x^{1/n}", head)
        if self.at("(", "[", "{"):
            argument = self.nested(self.group, head, empty=needs, function=head)
        else:
            if self.at("-", "+"):
                raise self.error(f"a signed argument goes in brackets: {written}({self.tok.value}...)")
            self.require_operand(needs, head, signs=False)
            argument = self.nested(self.factor, head)
        value = self.number(argument)
        kind = self.kind(argument)
        if name == "exp":
            return Value(kind, exp(value))
        if name == "sqrt":  # \sqrt{2 \pi}, as in a Gaussian's density
            if value.is_negative:
                raise self.error(f"the square root of {value}, which is negative", head)
            return Value(kind, sqrt(value))
        if value.is_zero or value.is_negative:
            raise self.error(f"the log of {value}, which is not positive", head)
        return Value(kind, log(value) if base is E else log(value) / log(base))

    def log_base(self, sub: list[Token]) -> Expr:
        """``e``, a number (``2``, ``0.5``) or a fraction of numbers (``1/2``): any positive base but 1."""
        if len(sub) == 1 and sub[0].value == "e":
            return E

        def exact(tok: Token) -> bool:
            return tok.kind == "num" and "e" not in tok.value

        if len(sub) == 1 and exact(sub[0]):
            value = _decimal(sub[0].value)
        elif len(sub) == 3 and exact(sub[0]) and sub[1].value == "/" and exact(sub[2]):
            if _decimal(sub[2].value) == 0:
                raise self.error("division by zero in the log base", sub[1])
            value = _decimal(sub[0].value) / _decimal(sub[2].value)
        else:
            value = None
        if value is not None:
            try:
                return check_base(value)
            except InvalidInputError as exc:
                raise self.error(str(exc), sub[0]) from None
        raise self.error(f"a log base must be a positive number other than 1, such as 2, 10, 0.5 or 1/2, "
                         f"or e{self.exponent_hint(sub[0])}", sub[0])

    def exponent_hint(self, tok: Token) -> str:
        """For p_1e-3 or \\log_2e-3, where LaTeX would set the subscript 1 or 2 and then e."""
        if tok.kind != "num" or "e" not in tok.value:
            return ""
        written = self.text[tok.start:tok.end]
        return f" ({written!r} reads as one number; for Euler's e after the subscript, write a space before the e)"

    # -- distributions and measures --------------------------------------------
    def softmax(self) -> Value:
        """``softmax(z)``, or with a temperature ``softmax(z/T)`` (``\\frac{z}{T}``; T a positive number or
        the letter T); ``softmax(z)_j`` is a component."""
        head = self.advance()
        self.expect("(", "after softmax")
        fraction = self.at("frac") and self.tok.kind == "cmd"
        if fraction:
            self.advance()
            self.expect("{", "after \\frac: softmax(\\frac{z}{T})")
        tok = self.advance()
        if tok.value not in self._logits:
            raise self.error(f"softmax takes logits ({', '.join(self.scope.logits)}), found {self.describe(tok)}", tok)
        temperature: Expr = S.One
        if fraction:
            self.expect("}", "after the logits of softmax(\\frac{z}{T})")
            if not self.at("{"):
                raise self.error("\\frac needs two braced arguments: softmax(\\frac{z}{T})")
            temperature = self.temperature(self.tok, self.group)
        elif self.at("/"):
            temperature = self.temperature(self.advance(), self.factor)
        self.expect(")", "to close softmax(" if temperature == 1 else "to close softmax(z/T): the temperature T "
                    "divides the logits, and nothing else is read inside softmax")
        dist = Softmax(self._logits[tok.value], temperature)
        name = dist.name
        if self.at("_"):
            return Value("scalar", dist.component(self.index_subscript(name)))
        return Value("dist", dist, head)

    def temperature(self, at: Token, parse: Callable[[], Value]) -> Expr:
        """The temperature after the ``/`` (or in the denominator) of ``softmax(z/T)``: positive."""
        start = self.tok
        value = self.nested(parse, at)
        T = self.number(value)
        if value.kind != "scalar" or T.is_positive is not True:
            raise self.error(f"a softmax's temperature is a positive number or the letter T (softmax(z/T)), "
                             f"got {T}", start)
        return T

    def distribution(self) -> object:
        tok = self.tok
        if tok.kind in ("name", "word") and tok.value == "softmax":
            value = self.softmax()
            if value.kind == "dist":
                return value.expr
        elif tok.kind == "name" and tok.value in self._dists:
            self.advance()
            self.parameters_subscript(tok.value)
            return self.dist(tok.value, tok)
        elif self.at("("):
            return self.nested(self.explicit_distribution, tok)
        elif tok.kind == "name" and tok.value in self._components and component_index(tok.value) not in self.bound \
                and self.peek().value in (",", ")", "||", ";", "]"):
            self.advance()  # H(p, q): the distribution written by its lower-case letter
            return self.dist(self._components[tok.value], tok)
        elif tok.kind == "name" and tok.value == THETA:
            raise self.error(f"a distribution goes here: the model is {self.model} (or {self.model.lower()}), "
                             f"and its parameters \\theta are written q(x|\\theta)", tok)
        elif tok.kind == "name" and tok.value == "U" and "U" not in self._dists:
            self.advance()
            return Uniform(self.scope.size)
        elif tok.kind == "cmd" and tok.value == "hat" or tok.kind == "name" and tok.value == "phat":
            return self.empirical()
        elif tok.kind in ("name", "word") and tok.value == "N" and self.peek().value == "(":
            return self.gaussian()
        elif tok.kind in ("name", "word") and tok.value == "Bernoulli":
            return self.bernoulli()
        known = f"{', '.join(self.scope.distributions)} or softmax({self.scope.logits[0]})"
        if tok.kind == "name" and tok.value[:1].isupper() and tok.value not in _NAME_HANDLERS:
            raise self.error(f"unknown distribution {tok.value!r} (known: {known})", tok)
        raise self.error(f"expected a distribution ({known}), found {self.describe(tok)}", tok)

    def empirical(self) -> Empirical:
        """``\\hat{P}``, ``\\hat p``, ``\\hat{p}_x`` or ``phat_x``: the empirical distribution of the samples."""
        head = self.advance()
        if head.kind == "cmd":
            target = self.script_tokens("distribution after \\hat")
            if len(target) == 1 and target[0].value == THETA:
                raise self.error("\\hat\\theta names the optimiser, at the start of a claim: \\hat\\theta = "
                                 "\\arg\\min_\\theta f = \\arg\\min_\\theta g", head)
            if len(target) != 1 or not (target[0].kind == "name" and target[0].value in ("p", "P")):
                raise self.error("\\hat{P} (or \\hat{p}) is the empirical distribution of the samples; "
                                 "symdiv reads no other hat", head)
        if self.at("_"):
            sub = self.subscript_tokens()
            if len(sub) != 1 or sub[0].value != self.scope.dataset:
                raise self.error(f"the empirical distribution is that of the samples {self.scope.dataset}: "
                                 f"write \\hat{{p}}_{self.scope.dataset} or \\hat{{P}}", sub[0])
        elif head.kind == "name":
            raise self.error(f"write the empirical distribution as phat_{self.scope.dataset} or \\hat{{P}}", head)
        return self.dataset(head).empirical()

    def empirical_value(self) -> Value:
        """``\\hat{P}`` as a vector, or its component ``\\hat{p}(x)`` / ``\\hat{p}_x(i)``; ``\\hat{y}``, a
        predicted probability (see :meth:`parameter`)."""
        head = self.tok
        if head.kind == "cmd" and (self.peek().value == "y" or [self.peek(k).value for k in (1, 2, 3)] == ["{", "y", "}"]):
            self.pos += 2 if self.peek().value == "y" else 4
            return Value("scalar", parameter_symbol("yhat"))
        dist = self.empirical()
        if self.at("(") and self.peek().kind in ("name", "num") and self.peek(2).value == ")":
            return Value("scalar", dist.component(self.outcome()))
        return Value("dist", dist, head)

    def dataset_measure(self) -> Value:
        """``NLL(x; Q)`` (``NLL_2`` in bits) or the likelihood ``L(x; Q)`` (``\\mathcal{L}``)."""
        head = self.advance()
        base: Expr = E
        if head.value == "NLL" and self.at("_"):
            base = self.log_base(self.subscript_tokens())
        self.expect("(", f"after {head.value}")
        tok = self.advance()
        if tok.value != self.scope.dataset:
            raise self.error(f"{head.value} takes the samples {self.scope.dataset} first, as in "
                             f"{head.value}({self.scope.dataset}; Q)", tok)
        self.expect(";", f"between the samples and the model of {head.value}")
        model = self.distribution()
        self.expect(")", f"to close {head.value}(")
        data = self.dataset(head)
        if head.value == "NLL":
            return self.measure(head, lambda: NLL(data, model, base=base))
        return self.measure(head, lambda: Likelihood(data, model))

    def explicit_distribution(self) -> ExplicitDistribution:
        """``(1/2, 1/4, 1/4)``: exact probabilities that sum to 1 (never normalised for you)."""
        opener = self.advance()
        self.open.append(opener)
        values: list[Expr] = []
        try:
            while True:
                values.append(self.probability("an explicit distribution"))
                if not self.at(","):
                    break
                self.advance()
        finally:
            self.open.pop()
        self.expect(")", "to close the explicit distribution")
        total = sum(values, S.Zero)
        if total != 1:
            raise self.error(f"the probabilities sum to {total}, not 1 (symdiv never normalises silently)", opener)
        return ExplicitDistribution(None, values)

    def probability(self, of: str) -> Rational:
        """One probability of an explicit distribution or table: an exact number, not negative."""
        start = self.tok
        value = self.number(self.expr())
        if not value.is_Rational:
            raise self.error(f"a probability of {of} must be an exact number such as 1/2 or 0.25, found {value}",
                             start)
        if value < 0:
            raise self.error(f"the probability {value} is negative", start)
        return value

    def entropy(self) -> Value:
        head = self.advance()
        base: Expr = E
        if self.at("_"):
            base = self.log_base(self.subscript_tokens())
        self.expect("(", "after H")
        if self.rv:
            return self.rv_entropy(head, base)
        first = self.distribution()
        if self.at(","):
            self.advance()
            second = self.distribution()
            self.expect(")", "to close H(P, Q)")
            return self.measure(head, lambda: CrossEntropy(first, second, base=base), first, second)
        if self.at("||"):
            raise self.error("H takes P or P, Q; a divergence is written D(P||Q)")
        if self.at(";"):
            raise self.error("';' is the notation of mutual information I(X;Y) of random variables; for the "
                             "cross-entropy of P and Q write H(P,Q)")
        if self.at("|"):
            raise self.error("a single '|' here would be a conditional entropy, H(Y|X), which is of random variables "
                             "(X, Y ...), not of distributions: write H(P,Q) for the cross-entropy or D(P||Q) for a "
                             "divergence")
        self.expect(")", "to close H(")
        return Value("scalar", Entropy(first, base=base))

    def measure(self, head: Token, build: Callable[[], Expr], *dists: object) -> Value:
        """A measure of two distributions, or a message at *head* if they cannot be compared."""
        if len({isinstance(d, (Normal, NormalDiag)) for d in dists}) > 1:
            raise self.error("a Gaussian is compared only with another Gaussian, as in D(N(mu_1, sigma_1^2)||"
                             "N(mu_2, sigma_2^2)); the other distribution here is over a finite alphabet", head)
        try:
            return Value("scalar", build())
        except InvalidInputError as exc:  # e.g. two alphabet sizes
            raise self.error(str(exc), head) from None

    def divergence(self) -> Value:
        head = self.advance()
        base: Expr = E
        if head.value == "D" and self.at("_"):
            sub = self.subscript_tokens()
            if sub[0].value != "KL":
                raise self.error(f"D_{sub[0].value} is not a divergence symdiv knows: write D_{{KL}}", sub[0])
            if len(sub) > 1:
                if sub[1].value != "," or len(sub) != 3:
                    raise self.error("write the base of a KL divergence as D_{KL,2}", sub[1])
                base = self.log_base(sub[2:])
        opener = self.expect("[", f"after {head.value}") if self.at("[") else self.expect("(", f"after {head.value}")
        if self.rv:
            return self.rv_divergence(head, base, _CLOSER[opener.value])
        first = self.distribution()
        if self.at(",", ";"):
            mark = "comma" if self.at(",") else "semicolon"
            raise self.error(f"write a divergence as {head.value}(P||Q): the {mark} would be ambiguous")
        self.expect("||", "between the two distributions of a divergence")
        second = self.distribution()
        self.expect(_CLOSER[opener.value], "to close the divergence")
        return self.measure(head, lambda: KLDivergence(first, second, base=base), first, second)

    def expectation(self) -> Value:
        """``E_{x~P}[f(x)]`` (``\\mathbb{E}_{x \\sim P}\\left[...\\right]``): ``sum_x P(x) f(x)``."""
        head = self.advance()
        if not self.at("_"):
            raise self.error("write an expectation as E_{x~P}[...]: the outcome and its distribution "
                             "go in the subscript", head)
        sub = self.subscript_tokens()
        if len(sub) == 1 and sub[0].value in self._dists:
            return self.expectation_of_vector(head, sub[0])
        if len(sub) != 3 or sub[1].value != "~" or sub[2].value not in self._dists:
            raise self.error("write an expectation as E_{x~P}[...], \\mathbb{E}_{x \\sim P}[...] or E_P[...], "
                             f"with P one of {', '.join(self.scope.distributions)}", sub[0])
        index, dist = self.index(sub[0]), self.dist(sub[2].value, sub[2])
        self.require_operand("the expectation has nothing to average: write it after E_{x~P}", head)
        body = self.group if self.at("[", "(", "{") else self.term
        return self.bound_sum(index, sub[0], head, body, weight=dist[index])

    def expectation_of_vector(self, head: Token, name: Token) -> Value:
        """``E_P[-\\log Q]``: the average under P of a vector expression, read at the outcome."""
        if not self.at("[", "(", "{"):
            raise self.error("the argument of an expectation goes in brackets: E_P[...]")
        index = self.free_index()
        outer, self.component = self.component, index
        used = self.used_component
        try:
            value = self.bound_sum(index, name, head, self.group, weight=self.dist(name.value, name)[index])
        finally:
            self.component, self.used_component = outer, used
        return Value("scalar", value.expr)  # the vector was read at the bound outcome: a number

    def semicolon_inside(self) -> bool:
        """Whether the brackets opening here hold a ';' at their own level, as I(X;Y) does."""
        depth = 0
        for tok in self.toks[self.pos:]:
            if tok.kind == "op" and tok.value in _CLOSER:
                depth += 1
            elif tok.kind == "op" and tok.value in (")", "]", "}"):
                depth -= 1
                if depth == 0:
                    return False
            elif depth == 1 and tok.kind == "op" and tok.value == ";":
                return True
        return False

    def self_information(self) -> Value:
        head = self.advance()
        if self.rv:
            return self.rv_information(head)
        if not self.at("_"):
            if self.at("(") and self.semicolon_inside():
                raise self.error("mutual information I(X;Y) is of random variables (X, Y ...), not of distributions; "
                                 "of distributions symdiv reads self-information I_P(i), entropy H(P), cross-entropy "
                                 "H(P,Q) and divergence D(P||Q)", head)
            raise self.error("write self-information as I_P(i): the distribution goes in the subscript", head)
        sub = self.subscript_tokens()
        if sub[0].value not in self._dists:
            raise self.error(f"expected a distribution ({', '.join(self.scope.distributions)}) in I_P",
                             sub[0])
        dist = self.dist(sub[0].value, sub[0])
        base: Expr = E
        if len(sub) > 1:
            if sub[1].value != "," or len(sub) != 3:
                raise self.error("write the base of self-information as I_{P,2}(i)", sub[1])
            base = self.log_base(sub[2:])
        self.expect("(", "after I_P")
        index = self.index(self.advance())
        self.expect(")", "to close I_P(")
        return Value("scalar", SelfInformation(dist, index, base=base))


    # -- the losses of machine learning: parameters, sigmoid, BCE, Gaussians ------------------------
    def parameter(self) -> Optional[Value]:
        """A number of the losses of machine learning, or None if the name here is none:

        * ``u``, the logit of a binary classifier (real);
        * ``mu``, ``sigma`` (``\\mu``, ``\\sigma``), a Gaussian's mean and standard deviation, with a
          subscript ``mu_1``; vectors over ``1..d`` in a statement with a diagonal Gaussian
          (:attr:`Scope.diagonal`), with components ``mu_k``.  ``\\sigma`` applied to a bracket,
          ``\\sigma(u)``, is the sigmoid;
        * ``pi``, unless a sum over ``i`` encloses it (then ``pi`` is refused: ``p_i`` or ``\\pi``?);
        * ``T``, the temperature of ``softmax(z/T)`` (:attr:`Scope.temperature`);
        * in a statement about binary classification (:attr:`Scope.binary`), the probabilities
          ``p``, ``q``, ``y`` and the prediction ``\\hat{y}`` (``y_hat``, ``yhat``).
        """
        tok, word = self.tok, self.tok.value
        after = self.peek().value
        if word == "N" and (tok.kind == "word" or after == "(") or word == "Bernoulli":
            written = self.text[tok.start:tok.end]
            example = f"{written}(p)" if word == "Bernoulli" else f"{written}(mu, sigma^2)"
            raise self.error(f"{example} is a distribution: it is read as the argument of a measure, as in "
                             f"H({example}) or D({example}||...), not as a number", tok)
        if tok.kind != "name" or word in self._logits:  # softmax(u): then u is logits, not the number u
            return None
        if word == "sigma" and after == "(":
            return self.sigmoid()
        if word in ("mu", "sigma"):
            return self.gaussian_parameter()
        if word == "pi":
            if component_index("i") in self.bound:
                raise self.error("'pi' inside a sum over i: write p_i for the component of P (pi is the number "
                                 "\\pi only outside such a sum)", tok)
            self.advance()
            return Value("scalar", pi)
        if word == "gamma":  # the focusing parameter of the focal loss
            self.advance()
            return Value("scalar", parameter_symbol(word))
        if word == THETA and self.scope.parametric:
            self.advance()
            return Value("scalar", THETA_SYMBOL)
        if word == "u" or (word == TEMPERATURE and self.scope.temperature == TEMPERATURE):
            if component_index(word) in self.bound:
                raise self.error(f"'{word}' is the index of an enclosing sum here, so it cannot also be the "
                                 f"{'logit' if word == 'u' else 'temperature'} {word}", tok)
            self.advance()
            return Value("scalar", parameter_symbol(word))
        if self.scope.binary and word in BINARY_PROBABILITIES and after != "_" and not self.outcome_after() or \
                self.scope.binary and word == "y" and after == "_" and self.peek(2).value == "hat":
            self.advance()
            if word == "y" and self.at("_"):
                self.pos += 2  # y_hat
                word = "yhat"
            return Value("scalar", parameter_symbol(word))
        return None

    def outcome_after(self) -> bool:
        """Whether the name here is followed by an outcome in brackets, ``p(x)``, ``q(x_s)`` (then it is
        a distribution's probability, not the number p times a bracket)."""
        self.pos += 1
        try:
            return self.outcome_length() > 0
        finally:
            self.pos -= 1

    def gaussian_parameter(self) -> Value:
        """``mu``, ``sigma``, ``mu_1``, ``\\sigma_2``: numbers; in a statement with a diagonal Gaussian,
        the vectors ``mu`` and ``sigma`` and their components ``mu_k``, ``\\sigma_k``."""
        tok = self.advance()
        word = tok.value
        if self.scope.diagonal:
            vector = self._vectors[word]
            if not self.at("_"):
                return Value("logits", vector, tok)
            value = vector[self.index_subscript(word)]
        elif self.at("_"):
            sub = self.subscript_tokens()
            if len(sub) != 1 or not (sub[0].kind == "num" and sub[0].value.isdigit()
                                     or sub[0].kind == "name" and len(sub[0].value) == 1 and sub[0].value.isalpha()):
                raise self.error(f"the subscript of {word} is one letter or a number, as in {word}_1 or {word}_2",
                                 sub[0])
            value = parameter_symbol(f"{word}_{sub[0].value}")
        else:
            value = parameter_symbol(word)
        if word == "sigma" and self.at("("):
            written = self.text[tok.start:self.toks[self.pos - 1].end]
            times = "\\cdot" if written.startswith("\\") else "*"
            raise self.error(f"{written} is a standard deviation: the sigmoid is \\sigma(u) (sigmoid(u)), with no "
                             f"subscript, and a product is written with {times}, as in {written} {times} (...)",
                             self.tok)
        return Value("scalar", value)

    def sigmoid(self) -> Value:
        """``sigmoid(u)``, ``\\sigma(u)`` (``\\sigma`` applied to a bracket), ``\\operatorname{sigmoid}(u)``."""
        return self.scalar_function(Sigmoid)

    def softplus(self) -> Value:
        """``softplus(u) = log(1 + exp(u))``, ``\\operatorname{softplus}(u)``."""
        return self.scalar_function(Softplus)

    def scalar_function(self, function: type) -> Value:
        head = self.tok
        written = self.text[head.start:head.end]
        if not self.peek().value == "(":
            raise self.error(f"{written} takes its argument in brackets, as in {written}(u)", head)
        self.advance()
        needs = f"{written} needs an argument, as in {written}(u)"
        argument = self.nested(self.group, head, empty=needs, function=head)
        return Value(self.kind(argument), function(self.number(argument)))

    def absolute(self) -> Value:
        """``abs(x)``, ``\\left|x\\right|``: the absolute value of a number (in the stable form of BCE)."""
        return self.scalar_function(Abs)

    def extremum(self) -> Value:
        """``max(a, b, ...)`` and ``min(a, b, ...)`` (``\\max``, ``\\min``) of numbers, as in ``max(u, 0)``."""
        head = self.tok
        word = head.value
        if self.peek().value != "(":
            raise self.error(_MEANINGFUL[word], head)
        self.advance()
        opener = self.advance()

        def arguments() -> list[Expr]:
            values = []
            self.open.append(opener)
            try:
                while True:
                    start = self.tok
                    value = self.expr()
                    if value.kind != "scalar":
                        raise self.error(f"{word} takes numbers, not a vector", start)
                    values.append(self.number(value))
                    if not self.at(","):
                        return values
                    self.advance()
            finally:
                self.open.pop()

        values = self.nested(arguments, head)
        self.expect(")", f"to close {word}(")
        if len(values) < 2:
            raise self.error(f"{word} takes two numbers or more, as in {word}(u, 0)", head)
        return Value("scalar", (Max if word == "max" else Min)(*values))

    def focal_loss(self) -> Value:
        """``FL_gamma(P, Q) = -sum_i p_i (1 - q_i)^gamma log q_i`` (``FL_0``, ``FL_2``, ``\\mathrm{FL}_{\\gamma}``)."""
        head = self.advance()
        if not self.at("_"):
            raise self.error("the focal loss takes its focusing parameter in a subscript: FL_gamma(P, Q), FL_2(P, Q)",
                             head)
        sub = self.subscript_tokens()
        if len(sub) == 1 and sub[0].kind == "num" and "e" not in sub[0].value:
            gamma: Expr = _decimal(sub[0].value)
        elif len(sub) == 1 and sub[0].kind == "name" and sub[0].value == "gamma":
            gamma = parameter_symbol("gamma")
        else:
            raise self.error("the focusing parameter of the focal loss is a number >= 0 or gamma: FL_gamma(P, Q)",
                             sub[0])
        self.expect("(", "after FL_gamma")
        target = self.distribution()
        self.expect(",", "between the target and the prediction of FL_gamma(P, Q)")
        prediction = self.distribution()
        self.expect(")", "to close FL_gamma(")
        return self.measure(head, lambda: FocalLoss(target, prediction, gamma), target, prediction)

    def binary_cross_entropy(self) -> Value:
        """``BCE(p, q) = -p log q - (1 - p) log(1 - q)`` of a target and a predicted probability
        (``BCE_2`` in bits; ``\\mathrm{BCE}`` in LaTeX)."""
        head = self.advance()
        base: Expr = E
        if self.at("_"):
            base = self.log_base(self.subscript_tokens())
        opener = self.expect("(", "after BCE")

        def arguments() -> list[Expr]:
            values = []
            self.open.append(opener)
            try:
                for what in ("target", "prediction"):
                    values.append(self.probability_argument(f"the {what} of BCE(p, q)"))
                    if what == "target":
                        self.expect(",", "between the target and the prediction of BCE(p, q)")
            finally:
                self.open.pop()
            return values

        target, prediction = self.nested(arguments, head)
        if self.at(","):
            raise self.error("BCE takes two arguments, the target and the predicted probability: BCE(p, q)")
        self.expect(")", "to close BCE(")
        return self.measure(head, lambda: BinaryCrossEntropy(target, prediction, base=base))

    def probability_argument(self, what: str) -> Expr:
        """A number in [0, 1]: an expression, refused with a caret if it is a number outside it."""
        start = self.tok
        value = self.expr()
        if value.kind != "scalar":
            raise self.error(f"{what} is a number, not a vector", start)
        expr = self.number(value)
        if expr.is_number and expr.is_real and not (0 <= expr <= 1):
            raise self.error(f"{what} is a probability, in [0, 1]; got {expr}", start)
        return expr

    def bernoulli(self) -> Bernoulli:
        """``Bernoulli(p)``, the two outcomes ``(p, 1 - p)`` (``\\operatorname{Bernoulli}(p)``)."""
        head = self.advance()
        opener = self.expect("(", "after Bernoulli")

        def argument() -> Expr:
            self.open.append(opener)
            try:
                return self.probability_argument("the argument of Bernoulli(p)")
            finally:
                self.open.pop()

        p = self.nested(argument, head)
        if self.at(","):
            raise self.error("Bernoulli takes one argument, the probability of the first outcome: Bernoulli(p)")
        self.expect(")", "to close Bernoulli(")
        return Bernoulli(p)

    def gaussian(self) -> object:
        """``N(mu, sigma^2)`` (``\\mathcal{N}(\\mu, \\sigma^2)``), by its mean and variance; a diagonal one,
        ``N(mu, diag(sigma^2))``, ``N(0, I)`` (``\\operatorname{diag}``, ``\\mathbf{I}``, ``I_d``), over ``1..d``."""
        head = self.advance()
        written = self.text[head.start:head.end]
        opener = self.expect("(", f"after {written}")

        def arguments() -> tuple[Value, Token, object]:
            self.open.append(opener)
            try:
                first = self.tok
                mean = self.expr()
                if not self.at(","):
                    raise self.error(f"expected ',' and the variance after the mean of {written}(mean, variance), "
                                     f"as in {written}(mu, sigma^2); found {self.describe(self.tok)}")
                self.advance()
                return mean, first, self.covariance(written)
            finally:
                self.open.pop()

        mean, mean_at, covariance = self.nested(arguments, head)
        if self.at(","):
            raise self.error(f"{written} takes two arguments, the mean and the variance: {written}(mu, sigma^2)")
        self.expect(")", f"to close {written}(")
        kind, sigma = covariance
        if kind == "scalar":
            if mean.kind != "scalar":
                raise self.error(f"the mean of {written}(mean, variance) is a number; a vector mean goes with a "
                                 f"diagonal covariance, {written}(mu, diag(sigma^2))", mean_at)
            try:
                return Normal(self.number(mean), sigma)
            except InvalidInputError as exc:
                raise self.error(str(exc), mean_at) from None
        m = mean.expr if mean.kind == "logits" and mean.expr in self._vectors.values() else self.number(mean)
        if not (m in self._vectors.values() or (isinstance(m, Expr) and m.is_number)):
            raise self.error(f"the mean of a diagonal Gaussian is the vector mu or a number, as in "
                             f"{written}(mu, diag(sigma^2)) or {written}(0, I)", mean_at)
        try:
            return NormalDiag(m, sigma, self.scope.size)
        except InvalidInputError as exc:
            raise self.error(str(exc), mean_at) from None

    def covariance(self, written: str) -> tuple[str, Expr]:
        """The second argument of a Gaussian: ``("scalar", sigma)`` for a variance ``sigma^2``, or
        ``("diagonal", sigma)`` for ``diag(sigma^2)`` (the vector sigma), ``I`` (1) or ``s^2 I``."""
        start = self.tok
        if start.kind in ("name", "word") and start.value == "diag":
            return "diagonal", self.diagonal_covariance()
        if self.identity_ahead(0):
            self.skip_identity()
            return "diagonal", S.One
        self.in_covariance = True  # s^2 I: the identity is no factor of the variance
        try:
            value = self.term()
        finally:
            self.in_covariance = False
        variance = self.number(value)
        if value.kind != "scalar":
            raise self.error(f"the variance of {written}(mean, variance) is a number; a diagonal covariance is "
                             f"written diag(sigma^2)", start)
        if variance.is_number and variance.is_real and not variance.is_positive:
            raise self.error(f"the variance of a Gaussian is positive, got {variance}", start)
        if variance.is_positive is not True:
            raise self.error(f"the variance of a Gaussian must be known positive: write it as sigma^2 (sigma, the "
                             f"standard deviation, is positive), got {variance}", start)
        sigma = sqrt(variance)
        if self.identity_ahead(1 if self.at("*") else 0):
            if self.at("*"):
                self.advance()
            self.skip_identity()
            return "diagonal", sigma
        return "scalar", sigma

    def identity_ahead(self, ahead: int) -> bool:
        """Whether the identity matrix ``I`` (``I_d``, ``\\mathbf{I}``) is *ahead* tokens from here."""
        tok, after = self.peek(ahead), self.peek(ahead + 1)
        return tok.kind == "name" and tok.value == "I" and after.value in (")", "_")

    def skip_identity(self) -> None:
        tok = self.advance()
        if self.at("_"):
            sub = self.subscript_tokens()
            if len(sub) != 1 or sub[0].value != str(self.scope.size):
                raise self.error(f"the identity is over the dimension {self.scope.size}: write I or "
                                 f"I_{self.scope.size}", tok)

    def diagonal_covariance(self) -> Expr:
        """``diag(sigma^2)`` (or ``diag(sigma)^2``, as older output wrote it): the vector sigma."""
        head = self.advance()
        usage = "write the covariance of a diagonal Gaussian as diag(sigma^2), sigma the vector of standard deviations"
        if not self.at("("):
            raise self.error(usage, head)
        self.advance()
        tok = self.advance()
        if not (tok.kind == "name" and tok.value == "sigma") or self.at("_"):
            raise self.error(usage, tok)
        squared_inside = self.squared()
        self.expect(")", f"to close diag(sigma^2)")
        if not squared_inside and not self.squared():
            raise self.error(f"diag(sigma^2) is the covariance, by the variances sigma_k^2: the square is "
                             f"missing", head)
        return self._vectors["sigma"]

    def squared(self) -> bool:
        """Read ``^2`` (``^{2}``) here if it is there."""
        if not self.at("^"):
            return False
        if self.peek().value == "2":
            self.pos += 2
            return True
        if [self.peek(k).value for k in (1, 2, 3)] == ["{", "2", "}"]:
            self.pos += 4
            return True
        return False


_CLOSER = CLOSER
_NAME_HANDLERS = {
    "sum": "sum", "grad": "grad", "log": "function", "ln": "function", "exp": "function", "log2": "function",
    "sqrt": "function",
    "softmax": "softmax", "H": "entropy", "D": "divergence",
    "KL": "divergence", "I": "self_information", "E": "expectation", "NLL": "dataset_measure",
    "L": "dataset_measure", "phat": "empirical_value", "prod": "product",
    "sigmoid": "sigmoid", "softplus": "softplus", "BCE": "binary_cross_entropy", "abs": "absolute",
    "max": "extremum", "min": "extremum", "FL": "focal_loss",
}
#: A distribution's letter, log (or ln) and a distribution's letter written as one word: PlogQ, logP.
_GLUED = re.compile(r"([A-Za-z]?)(log|ln)([A-Za-z]?)")
#: Names that mean something in the notation, but not where they were written: what to write instead.
_MEANINGFUL = {
    THETA: "\\theta names the parameters of the model {model}: it is read in {m}(x|\\theta), "
           "\\arg\\min_\\theta, \\nabla_\\theta and \\hat\\theta = \\arg\\min_\\theta ..., not as a value",
    "where": "'where' is read only at the end of a statement, before declarations of explicit distributions: "
             "... where P = (1/2, 1/2)",
    "argmin": "an arg min starts a side, and is compared with another: \\arg\\min_\\theta f = \\arg\\min_\\theta g",
    "argmax": "an arg max starts a side, and is compared with another: \\arg\\max_\\theta f = \\arg\\min_\\theta g",
    "min": "min alone is not notation symdiv reads: for the same optimisers write argmin_theta f = argmin_theta g; "
           "the smaller of two numbers is min(a, b)",
    "max": "max alone is not notation symdiv reads: for the same optimisers write argmax_theta f = argmin_theta g; "
           "the larger of two numbers is max(a, b)",
    "arg": "arg is read only in arg min and arg max",
}


def _table_shape(rows: tuple[Token, list], error: Callable[..., ParseError]) -> tuple[int, ...]:
    """The shape of a table read by :meth:`Parser.table_rows`, refusing rows of different lengths."""
    opener, entries = rows
    if not entries or not isinstance(entries[0], tuple):
        return (len(entries),)
    shapes = [_table_shape(row, error) for row in entries]
    for row, shape in zip(entries, shapes):
        if shape != shapes[0]:
            raise error(f"the rows of the table differ in length: {shapes[0][0]} and {shape[0]} entries", row[0])
    return (len(entries), *shapes[0])


def _flatten_rows(rows: tuple[Token, list], out: list) -> None:
    for entry in rows[1]:
        if isinstance(entry, tuple):
            _flatten_rows(entry, out)
        else:
            out.append(entry)


def _decimal(literal: str) -> Rational:
    """The exact value of ``12``, ``0.25`` or ``2.5e-3``, from Python ints (sympy never parses the text).

    >>> _decimal("0.25"), _decimal("7"), _decimal("2.5e-3"), _decimal(".5e2")
    (1/4, 7, 1/400, 50)
    """
    digits, shift = _digits_and_shift(literal)
    return Rational(digits * 10 ** shift) if shift >= 0 else Rational(digits, 10 ** -shift)


def _decimal_bits(literal: str) -> float:
    """About how many bits the larger of the numerator and denominator of ``_decimal(literal)`` has,
    found without computing it.

    >>> round(_decimal_bits("1e-3"), 2), _decimal_bits("0e999999")
    (9.97, 0)
    """
    digits, shift = _digits_and_shift(literal)
    if digits == 0:
        return 0
    # Measured as check_power measures a power, so 1e300 and 10^300 meet the same limit.
    if shift >= 0:
        return math.log2(digits) + shift * math.log2(10)
    return max(math.log2(digits), -shift * math.log2(10))


def _digits_and_shift(literal: str) -> tuple[int, int]:
    """``2.5e-3`` as ``(25, -4)``: the literal is ``digits * 10**shift``."""
    mantissa, _, exponent = literal.partition("e")
    whole, _, fraction = mantissa.partition(".")
    return int(whole + fraction or "0"), int(exponent or "0") - len(fraction)


def _only_in_samples(expr: Expr, index: Expr, error: ParseError) -> None:
    """Raise *error* if *index* occurs in *expr* other than as the position of a sample ``x_index``."""
    samples = {x: Dummy() for x in expr.atoms(Sample) if x.position == index}
    if index in expr.xreplace(samples).free_symbols:
        raise error


def component_for(tokens: list[Token], scope: Scope) -> Symbol:
    """The index a vector statement is read at: ``j`` unless the text uses it."""
    used = {t.value for t in tokens if t.kind == "name"}
    for name in _COMPONENT_NAMES:
        if name not in used and name not in scope.reserved and name != str(scope.size):
            return component_index(name)
    raise ParseError("the statement uses every index letter; no letter is left to read vectors at", "", 0)


def uses_samples(tokens: list[Token], scope: Scope) -> bool:
    """Whether the text speaks of the samples x_1..x_N: ``x_s``, ``x^{(i)}``, ``\\hat{P}``,
    ``phat``, ``NLL``, the likelihood ``L(x; Q)`` or ``\\mathcal{L}``, or a product ``\\prod``."""
    for k, tok in enumerate(tokens):
        after = tokens[k + 1].value if k + 1 < len(tokens) else ""
        if tok.kind == "name" and tok.value == scope.dataset and after in ("_", "^"):
            return True
        if (tok.kind == "cmd" and tok.value in ("hat", "prod")) or (tok.kind == "name" and tok.value in (
                "phat", "NLL", "prod")) or (tok.value == "L" and (tok.kind == "word" or after == "(")):
            if tok.kind == "cmd" and tok.value == "hat" and after in (THETA, "{", "y") and \
                    (after in (THETA, "y") or (k + 2 < len(tokens) and tokens[k + 2].value in (THETA, "y"))):
                continue  # \hat\theta names the optimiser; \hat{y} is a prediction
            return True
    return False


def statement_scope(tokens: list[Token], scope: Scope, text: str = "", origin: str = "",
                    variables: bool = False) -> Scope:
    """The scope one statement (or one chain of a document) is read in.

    * A statement about random variables (``H(Y|X)``, ``p(x, y)``, ``X \\to Y``: see
      :mod:`symdiv.parse.variables`) has them in its scope's *variables*, and then no alphabet
      size, samples or model; *variables* (a table declared with the statement) makes it one.
      One that mixes them with distributions (``P``, ``p_i``) is refused.

    * The alphabet size is the letter its sums run to: ``\\sum_{k=1}^{K}`` makes it
      ``K``.  ``N`` is the number of samples when the text has samples (``x_i``,
      ``\\hat{p}``, ``NLL`` ...), and otherwise the alphabet size, as in
      ``\\sum_{x=1}^{N} P(x)``.  Two different letters are an error at the second.
    * A declared distribution the text uses fixes the size to its number of outcomes.
    * The model θ parametrises is the distribution written with ``|\\theta``.
    """
    def error(message: str, tok: Token) -> ParseError:
        return ParseError(message, text, tok.start, origin=origin)

    def column(tok: Token) -> int:
        return source_position(text, tok.start)[1]

    scope = _loss_notation(tokens, scope)
    letters = random_variables(tokens, scope, error, column, force=variables)
    if letters:
        return _variable_scope(tokens, scope, letters, error)
    samples = uses_samples(tokens, scope)
    default = str(scope.size) if isinstance(scope.size, Symbol) else None
    n_letter = None if scope.samples is None else str(scope.samples)
    candidates: list[Token] = list(upper_limits(tokens))
    limits = {id(t) for t in candidates}
    gaussians = {id(t) for k, t in enumerate(tokens[:-1]) if t.value == "N" and tokens[k + 1].value == "("}
    candidates += [t for t in tokens if t.kind == "name" and id(t) not in limits and id(t) not in gaussians
                   and (t.value == default or (not samples and t.value == n_letter))]
    if samples:
        candidates = [t for t in candidates if t.value != n_letter]
    candidates.sort(key=lambda t: t.start)
    chosen: Optional[Token] = None
    for tok in candidates:
        if chosen is None:
            chosen = tok
        elif tok.value != chosen.value:
            raise error(f"two alphabet sizes, {chosen.value} and {tok.value}: a statement (or a chain of a derivation) "
                        f"has one alphabet, and its sums run to one letter; write {chosen.value} here too"
                        + (f" (with samples in the text, {n_letter} is their number)" if tok.value == n_letter else ""),
                        tok)
    declared = dict(scope.declared)
    used = [t for t in tokens if t.kind == "name" and (t.value in declared or (
        len(t.value) == 1 and t.value.islower() and t.value.upper() in declared))]
    size: Expr = scope.size
    if used:
        name = used[0].value.upper()
        size = Integer(len(declared[name]))
        for tok in used[1:]:
            other = len(declared[tok.value.upper()])
            if other != size:
                raise error(f"{name} is declared with {size} outcomes and {tok.value.upper()} with {other}: "
                            f"distributions compared in one statement need the same outcomes", tok)
        if chosen is not None and chosen.value != str(size):
            raise error(f"{name} is declared with {size} outcomes, so the sums here run to {size}, "
                        f"not {chosen.value}", chosen)
    elif chosen is None and scope.diagonal and default == "n":
        size = alphabet_size(DIMENSION)  # a diagonal Gaussian is over d dimensions unless the sums say otherwise
    elif chosen is not None and chosen.value != default:
        letter = chosen.value
        reserved = {*scope.distributions, *scope.reserved, scope.dataset, "H", "D", "I", "L", "E", "U"}
        if not (len(letter) == 1 and letter.isascii() and letter.isalpha()) or letter in reserved:
            raise error(f"'{letter}' cannot be the alphabet size: it already names something else "
                        f"({scope.describe()}); use a letter such as K", chosen)
        size = alphabet_size(letter)
    model, parametric = _model_of(tokens, scope, error)
    try:
        return replace(scope, size=size, model=model, parametric=parametric or scope.parametric,
                       samples=None if str(size) == n_letter else scope.samples)
    except InvalidInputError as exc:
        raise error(str(exc), chosen or tokens[0]) from None


def _loss_notation(tokens: list[Token], scope: Scope) -> Scope:
    """*scope* with what the notation of machine learning's losses in *tokens* asks for:

    * ``softmax(z/T)`` (or ``softmax(\\frac{z}{T})``): ``T`` is the temperature, not a random variable;
    * ``softmax(v)``: ``v`` is logits too (the teacher's, in distillation), if the letter is free;
    * a diagonal Gaussian (``diag(...)``, an identity ``I`` as a covariance) or a sum over ``mu_k`` /
      ``sigma_k``: ``mu`` and ``sigma`` are vectors (:attr:`Scope.diagonal`);
    * ``BCE``, ``sigmoid``, ``\\sigma(u)``, ``softplus``, ``Bernoulli``, ``\\hat{y}``: binary classification
      (:attr:`Scope.binary`).
    """
    brackets = closers(tokens)
    temperature, logits = scope.temperature, list(scope.logits)
    diagonal, binary = scope.diagonal, scope.binary
    sums: set[str] = set()
    taken = {*(d.lower() for d in scope.distributions), *scope.distributions, "e", scope.dataset, str(scope.size),
             str(scope.samples)}

    def at(k: int) -> Token:
        return tokens[min(k, len(tokens) - 1)]

    for k, tok in enumerate(tokens):
        after = at(k + 1)
        if tok.kind in ("name", "word") and tok.value == "softmax" and after.value == "(":
            inside = tokens[k + 2:brackets.get(k + 1, k + 1)]
            if any(t.kind == "name" and t.value == TEMPERATURE for t in inside):
                temperature = TEMPERATURE
            first = next((t for t in inside if t.kind == "name"), None)
            if first is not None and len(first.value) == 1 and first.value.islower() and first.value.isascii() \
                    and first.value not in logits and first.value not in taken:
                logits.append(first.value)
        elif tok.kind in ("name", "word") and tok.value in _BINARY_WORDS:
            binary = True
        elif tok.kind == "name" and tok.value == "sigma" and after.value == "(":
            binary = True
        elif tok.kind == "cmd" and tok.value == "hat" and "y" in (after.value, at(k + 2).value):
            binary = True
        elif tok.kind == "name" and tok.value == "y" and after.value == "_" and at(k + 2).value == "hat":
            binary = True
        elif tok.kind in ("name", "word") and tok.value == "diag":
            diagonal = True
        elif tok.kind == "name" and tok.value == "I" and k and tokens[k - 1].value == "," \
                and after.value in (")", "_"):
            diagonal = True
        elif tok.value == "sum" and tok.kind in ("cmd", "name") and after.value == "_":
            sums.add((at(k + 2) if at(k + 2).value != "{" else at(k + 3)).value)
    for k, tok in enumerate(tokens):
        if tok.kind == "name" and tok.value in ("mu", "sigma") and at(k + 1).value == "_":
            sub = at(k + 2) if at(k + 2).value != "{" else at(k + 3)
            diagonal = diagonal or sub.value in sums
    return replace(scope, temperature=temperature, logits=tuple(logits), diagonal=diagonal, binary=binary)


def _variable_scope(tokens: list[Token], scope: Scope, letters: tuple[str, ...],
                    error: Callable[[str, Token], ParseError]) -> Scope:
    """The scope of a statement about the random variables *letters*: each declared table must be of
    all of them (a joint is over every variable of the statement)."""
    for name, table_letters, *_ in scope.tables:
        missing = [v for v in letters if v not in table_letters]
        if missing:
            where = next((t for t in tokens if t.kind in ("name", "alphabet") and t.value == missing[0]), tokens[0])
            raise error(f"{name} is declared as a table of {', '.join(table_letters)}, and a joint is over every "
                        f"variable of the statement: declare it over {', '.join(letters)}", where)
    try:
        return replace(scope, variables=letters, samples=None, model="")
    except InvalidInputError as exc:
        raise error(str(exc), tokens[0]) from None


def _model_of(tokens: list[Token], scope: Scope, error: Callable[[str, Token], ParseError]) -> tuple[str, bool]:
    """The distribution written with the parameters θ, ``q(x|\\theta)`` or ``Q_\\theta``: the one model of the
    text; and whether it is written ``Q_\\theta`` (any model: :attr:`Scope.parametric`)."""
    found: Optional[Token] = None
    opened: list[int] = []
    parametric: Optional[Token] = None
    for k, tok in enumerate(tokens):
        if tok.kind == "name" and tok.value.upper() in scope.distributions and len(tok.value) == 1 and k + 2 < len(tokens) \
                and tokens[k + 1].value == "_" and THETA in (tokens[k + 2].value, tokens[min(k + 3, len(tokens) - 1)].value):
            if parametric is not None and parametric.value.upper() != tok.value.upper():
                raise error(f"\\theta parametrises one model, but both {parametric.value.upper()} and "
                            f"{tok.value.upper()} are written with it", tok)
            parametric = tok
            continue
        if tok.kind == "op" and tok.value in ("(", "[", "{"):
            opened.append(k)
        elif tok.kind == "op" and tok.value in (")", "]", "}") and opened:
            opened.pop()
        elif tok.kind == "op" and tok.value == "|" and opened and opened[-1] > 0 and k + 1 < len(tokens) \
                and tokens[k + 1].value == THETA:
            owner = tokens[opened[-1] - 1]
            name = owner.value.upper()
            if owner.kind == "name" and len(owner.value) == 1 and name in scope.distributions:
                if found is not None and found.value.upper() != name:
                    raise error(f"\\theta parametrises one model, but both {found.value.upper()} and {name} "
                                f"are written with |\\theta", owner)
                found = owner
    if parametric is not None:
        if found is not None and found.value.upper() != parametric.value.upper():
            raise error(f"\\theta parametrises one model, but both {found.value.upper()} and "
                        f"{parametric.value.upper()} are written with it", parametric)
        return parametric.value.upper(), True
    return (found.value.upper() if found is not None else scope.model), False


def check_gradients(parsers: list[Parser]) -> None:
    """Refuse, in a statement (or a chain: all its links) with a gradient with respect to θ, what
    would make reading θ as the logits of ``Q = softmax(z)`` unsound: the model named outside such
    a gradient, a vector there (a gradient with respect to θ equals only another one), and the
    logits z (θ is read as them)."""
    if not any(p.theta_gradients for p in parsers):
        return
    problems = []
    for p in parsers:
        model = p.model
        problems += [(t, f"{model} is named outside the gradient with respect to \\theta: a claim about "
                         f"\\nabla_\\theta compares gradients, and elsewhere {model} would need a "
                         f"parametrisation; differentiate each side, as in \\nabla_\\theta H(P, {model}) = "
                         f"\\nabla_\\theta D(P||{model})", p) for t in p.model_outside]
        problems += [(t, "a vector outside the gradient with respect to \\theta: \\nabla_\\theta f has a "
                         "component for each parameter, so it equals only another gradient with respect to "
                         "\\theta (\\nabla_\\theta f = \\nabla_\\theta g)", p) for t in p.vectors_outside]
        logits = p.scope.logits
        problems += [(t, f"the logits {t.value} beside a gradient with respect to \\theta: symdiv reads \\theta "
                         f"as the logits of {model} = softmax({logits[0]}); write the statement with one of them", p)
                     for t in p.toks if t.kind in ("name", "word") and (t.value in logits or t.value == "softmax")]
    if problems:
        tok, message, parser = min(problems, key=lambda x: x[0].start)
        raise parser.error(message, tok)


def where_clause(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """*tokens* (no ``eof``) cut at a ``where`` outside brackets: those before it, without a comma
    ending them, and those after it (empty when there is no ``where``)."""
    for k, tok in top_level(tokens):
        if tok.kind in ("name", "word") and tok.value == "where":
            return before(tokens, k), tokens[k:]
    return tokens, []


def with_declared(scope: Scope, names: Iterable[tuple]) -> Scope:
    """*scope* with the explicit distributions and joint tables *names* declared (a name declared again is
    rebound): items ``(name, values)`` or, as :meth:`Parser.declarations` gives them,
    ``(name, values, first, last, variables, shape)`` (a joint table has variables)."""
    table = dict(scope.declared)
    tables = {name: (name, letters, shape, values) for name, letters, shape, values in scope.tables}
    for item in names:
        name, values = item[0], item[1]
        letters, shape = (item[4], item[5]) if len(item) > 4 else ((), ())
        if letters:
            tables[name] = (name, tuple(letters), tuple(int(k) for k in shape), tuple(values))
        else:
            table[name] = values
    return replace(scope, declared=tuple(table.items()), tables=tuple(tables.values()))


def read_where(where: list[Token], text: str, scope: Scope, origin: str = "") -> Scope:
    """The scope with the declarations of a ``where`` clause (*where* starts with the word, no ``eof``)."""
    if len(where) == 1:
        raise ParseError("'where' needs the declarations after it, as in where P = (1/2, 1/2)", text,
                         where[0].start, origin=origin)
    eof = Token("eof", "", where[-1].end, where[-1].end)
    parser = Parser(where[1:] + [eof], text, scope, component_index("j"), origin)
    return with_declared(scope, parser.declarations())


def split_where(tokens: list[Token], text: str, scope: Scope, origin: str = "") -> tuple[list[Token], Scope]:
    """Read a final ``where P = (1/2, 1/2)`` clause: the tokens before it (ending in ``eof``) and
    the scope with those distributions declared (their values are checked as they are read)."""
    head, where = where_clause(tokens[:-1])
    if not where:
        return tokens, scope
    if not head:
        raise ParseError("'where' comes after a claim, as in H(P) = \\log 2 where P = (1/2, 1/2)", text,
                         where[0].start, origin=origin)
    return head + [Token("eof", "", where[0].start, where[0].start)], read_where(where, text, scope, origin)
