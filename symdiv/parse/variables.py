r"""Random variables in text: ``H(Y|X)``, ``I(X;Y|Z)``, ``p(x, y)``, ``\sum_{x,y}``, hypotheses.

A statement is about distributions (``P``, ``Q``, their components ``p_i``,
``softmax(z)``, samples ...) or about random variables, never both: the
lower-case ``p`` is ``P``'s component in one and the joint of the variables in
the other, so a text that mixes them is refused with a caret at the second.

How a statement about random variables is read:

* its **variables** are the upper-case letters it names (``X``, ``Y``, ``Z``,
  ``W``, ``V``, ``S``, ``T`` ..., but not the distributions ``P``, ``Q``, ``R``,
  the measures ``H``, ``D``, ``I``, ``L``, ``E``, nor ``N``), and those whose outcome
  letter it uses in a probability or a sum (``u``, ``v``, ``w``, ``x``, ``y``,
  ``z``: ``D(p(x,y)||q(x,y))`` is about ``X`` and ``Y``); ``U`` is the uniform
  distribution unless the statement is otherwise about random variables;
* their **joint** ``p`` is over all of them, in alphabetical order (``p(x, y, z)``
  has one axis per variable); ``q`` (and ``r``) are second joints over the same
  variables, for ``D(p(x,y)||q(x,y))``; ``p(x)`` is the marginal of ``X`` and
  ``p(y|x)`` the conditional ``p(x, y) / p(x)``; ``H(X)`` is the entropy of
  ``p(x)``;
* a variable ``X`` has the symbolic alphabet size ``n_X``, or its declared table's
  (``P_{XY} = [[1/8, 1/16], [1/16, 3/4]]``: rows are ``X``, columns ``Y``);
* its outcome letter is its name in lower case: ``\sum_{x,y}`` runs ``x`` over
  ``1..n_X`` and ``y`` over ``1..n_Y``.
"""

from __future__ import annotations

from typing import Callable, Optional

from sympy import E, Expr, Rational, S, Sum, Tuple

from ..core.measures import ConditionalEntropy, ConditionalKL, CrossEntropy, Entropy, KLDivergence, MutualInformation
from ..core.model import (Distribution, ExplicitDistribution, FunctionOf, Independent, MarkovChain, ProductDistribution,
                          RandomVariable, component_index, marginal, value_at)
from ..errors import InvalidInputError, ParseError
from .common import Value, before, closers, top_level, upper_limits
from .lexer import Token

__all__ = ["IMPLIED_OUTCOMES", "random_variables", "split_given", "canonical_table", "VariablesMixin"]

#: Outcome letters whose variable a statement need not name in upper case: ``p(x, y)`` is about X and Y.
IMPLIED_OUTCOMES = "uvwxyz"
#: The words that start a clause of hypotheses: ``given X -> Y -> Z``.
GIVEN = ("given",)
#: The letters of a hypothesis that a variable is a function of another: ``Y = f(X)``.
_FUNCTIONS = ("f", "g")


# -- which statements are about random variables --------------------------------------------------------------


class _Signals:
    """What a scan of a statement's tokens found: the random variables it names and the first token
    of each kind of notation (random variables, or distributions), with a phrase for messages."""

    def __init__(self) -> None:
        self.explicit: dict[str, Token] = {}   # upper-case letters named
        self.implied: dict[str, Token] = {}    # outcome letters in a joint's probability or a sum's subscript
        self.weak: dict[str, Token] = {}       # letters that are variables only if the statement is about them
        self.rv: Optional[tuple[Token, str]] = None
        self.dist: Optional[tuple[Token, str]] = None

    def saw_rv(self, tok: Token, what: str) -> None:
        if self.rv is None:
            self.rv = (tok, what)

    def saw_dist(self, tok: Token, what: str) -> None:
        if self.dist is None:
            self.dist = (tok, what)


def _scan(tokens: list[Token], scope) -> _Signals:
    found = _Signals()
    limits = {t.value for t in upper_limits(tokens)}  # alphabet sizes, such as the K of \sum_{k=1}^{K}
    brackets = closers(tokens)
    joints = {d.lower() for d in scope.distributions}
    declared = {name for name, _ in scope.declared}
    size = str(scope.size)
    expectation_ends: list[int] = []  # E_{x~P}: the letters in its subscript name distributions

    def at(k: int) -> Token:
        return tokens[k] if 0 <= k < len(tokens) else Token("eof", "", 0, 0)

    openers = {close: open_ for open_, close in brackets.items()}

    def function_of_bracket(k: int) -> str:
        """The name before the bracket opened at *k* (past a subscript: ``H_2(``)."""
        j = k - 1
        if at(j).value == "}":
            j = openers.get(j, 0) - 2
        elif at(j - 1).value == "_":
            j -= 2
        return at(j).value if at(j).kind == "name" else ""

    def children(start: int, end: int) -> list[Token]:
        """The tokens from *start* to *end* outside any bracket among them (a bracket group is skipped
        whole, so each token is looked at for one group only: the scan stays linear)."""
        out, m = [], start
        while m < end:
            if tokens[m].kind == "op" and tokens[m].value in ("(", "[", "{"):
                out.append(tokens[m])
                m = brackets.get(m, end) + 1
                continue
            out.append(tokens[m])
            m += 1
        return out

    def script(k: int) -> list[Token]:
        """The tokens of the sub- or superscript whose mark is at *k*: ``{...}`` (its own level) or one token."""
        return [at(k + 1)] if at(k + 1).value != "{" else children(k + 2, brackets.get(k + 1, k + 1))

    opened: list[int] = []
    for k, tok in enumerate(tokens):
        value, kind = tok.value, tok.kind
        if kind == "op" and value in ("(", "[", "{"):
            opened.append(k)
        elif kind == "op" and value in (")", "]", "}") and opened:
            opened.pop()
        if expectation_ends and k > expectation_ends[-1]:
            expectation_ends.pop()
        after = at(k + 1)
        if kind == "name" and value == "E" and after.value == "_":
            found.saw_dist(tok, "the expectation E")
            expectation_ends.append(brackets.get(k + 2, k + 2) if at(k + 2).value == "{" else k + 2)
            continue
        if expectation_ends:
            continue
        if kind == "name" and len(value) == 1 and value.isascii() and value.isupper() and not (
                k and at(k - 1).value == "\\in"):
            if value in limits or value == size or value in "HDILEN" or value == scope.temperature:
                continue
            if value in scope.distributions or value in declared:
                found.saw_dist(tok, f"the distribution {value}")
            elif value == "U":
                found.weak.setdefault(value, tok)
            else:
                found.explicit.setdefault(value, tok)
                found.saw_rv(tok, f"the random variable {value}")
            continue
        if kind == "alphabet" or kind == "name" and k and at(k - 1).value == "\\in":
            # \mathcal{X}, or \sum_{x \in X} as the seed writes it: an alphabet
            if value == "X" or value in scope.distributions:
                found.weak.setdefault(value, tok)
            else:
                found.explicit.setdefault(value, tok)
                found.saw_rv(tok, f"the alphabet of {value}")
            continue
        if kind == "op" and value in ("->", "\\perp"):
            found.saw_rv(tok, "a hypothesis about random variables")
            continue
        if kind == "name" and value in joints and after.value == "_":
            sub = script(k + 1)
            letters = "".join(t.value for t in sub if t.value != ",")
            if sub and all(t.kind == "name" for t in sub if t.value != ",") and letters.isalpha() \
                    and letters.isascii() and letters.isupper():
                found.saw_rv(tok, f"the marginal {value}_{letters}")
                for letter in letters:
                    if letter not in scope.not_variables:
                        found.explicit.setdefault(letter, tok)
            else:
                found.saw_dist(tok, f"the component {tok.value}_... of {value.upper()}")
            continue
        if kind == "name" and value in joints and after.value == "(":
            inside = children(k + 2, brackets.get(k + 1, len(tokens) - 1))
            commas, bar = False, False
            letters = []
            for m, t in enumerate(inside):
                if t.value == ",":
                    commas = True
                elif t.kind == "op" and t.value == "|" and not (m + 1 < len(inside) and inside[m + 1].value == "theta"):
                    bar = True
                elif t.kind == "name" and len(t.value) == 1 and t.value.islower():
                    letters.append(t)
            # p(x) directly inside H(...) or D(...): a distribution of the variables
            before = at(k - 1)
            enclosing = function_of_bracket(opened[-1]) if opened and before.value in ("(", "[", "||", ",") else ""
            if commas or bar or enclosing in ("H", "D", "KL"):
                what = "the conditional probability" if bar else "the joint probability"
                found.saw_rv(tok, f"{what} {value}(...)")
                for t in letters:
                    found.implied.setdefault(t.value, t)
            else:
                for t in letters:
                    found.weak.setdefault(t.value, t)
            continue
        if value in ("sum",) and kind in ("cmd", "name") and after.value == "_":
            sub = script(k + 1)
            commas = any(t.value == "," for t in sub)
            letters = [t for t in sub if t.kind == "name" and len(t.value) == 1 and t.value.islower()]
            if commas:
                found.saw_rv(tok, "a sum over several outcomes")
                for t in letters:
                    found.implied.setdefault(t.value, t)
            else:
                for t in letters[:1]:
                    found.weak.setdefault(t.value, t)
            continue
        # the notation of distributions
        if kind == "name" and value == "softmax" or kind == "word" and value == "softmax":
            found.saw_dist(tok, "softmax")
        elif kind == "cmd" and value in ("grad", "partial") or kind == "name" and value == "grad":
            found.saw_dist(tok, "a gradient")
        elif kind == "cmd" and value == "hat" or kind == "name" and value == "phat":
            found.saw_dist(tok, "the empirical distribution")
        elif kind == "cmd" and value == "prod" or kind == "name" and value == "prod":
            found.saw_dist(tok, "a product over the samples")
        elif kind == "name" and value in ("NLL", "theta", "argmin", "argmax"):
            found.saw_dist(tok, {"NLL": "the negative log-likelihood", "theta": "the parameters \\theta"}.get(
                value, "an arg min over distributions"))
        elif value == "L" and (kind == "word" or (kind == "name" and after.value == "(")):
            found.saw_dist(tok, "the likelihood L")
        elif kind == "name" and value in scope.logits and after.value in ("_", "("):
            found.saw_dist(tok, f"the logits {value}")
        elif kind == "name" and value == scope.dataset and after.value in ("_", "^"):
            found.saw_dist(tok, "the samples")
    return found


def random_variables(tokens: list[Token], scope, error: Callable[[str, Token], ParseError],
                     column: Callable[[Token], int], force: bool = False) -> tuple[str, ...]:
    """The random variables a statement (or a chain) is about, in alphabetical order; () when it is
    about distributions.  Refuses, at the later of the two, a text that mixes the notations.  The
    statement is about random variables also with *force* (a table declared with it) or when
    *scope* already has variables (they are then among its own)."""
    found = _scan(tokens, scope)
    if found.rv is not None and found.dist is not None:
        (rv, rv_what), (dist, dist_what) = found.rv, found.dist
        later, what, other, other_what = (rv, rv_what, dist, dist_what) if rv.start > dist.start else \
            (dist, dist_what, rv, rv_what)
        raise error(f"{what} cannot be read beside {other_what} (column {column(other)}): a statement is about "
                    f"distributions (P, Q, p_i, softmax(z) ...) or about random variables (X, Y, p(x, y), H(Y|X), "
                    f"I(X;Y) ...), not both", later)
    if found.rv is None and not force and not scope.variables:
        return ()
    if found.dist is not None:
        raise error(f"{found.dist[1]} cannot be read in a statement about random variables (X, Y, their joint "
                    f"p(x, y), H(Y|X), I(X;Y) ...), as this one is: it declares a joint table, or is read beside "
                    f"other statements about them", found.dist[0])
    letters = set(found.explicit) | set(scope.variables)
    for letter, tok in [*found.implied.items(), *found.weak.items()]:
        upper = letter.upper()
        if letter.isupper() or letter in IMPLIED_OUTCOMES and upper not in scope.not_variables or upper in letters:
            letters.add(upper)  # U, \mathcal{X}; an outcome letter u..z, or that of a variable named
    letters |= {letter for name, table_letters, *_ in scope.tables for letter in table_letters}
    if not letters:
        raise error("name the random variables of the statement, as in H(X), p(x, y) or I(X;Y)", tokens[0])
    return tuple(sorted(letters))


def split_given(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """*tokens* (ending in ``eof``) cut at a clause of hypotheses: those before it, ending in ``eof``, and
    the clause's own tokens (after ``given``), without ``eof``; the clause is empty when there is none.

    The clause starts at ``given`` (``\\text{given}``) outside brackets, or after a comma followed by
    a hypothesis (``, X \\to Y \\to Z``)."""
    for k, tok in top_level(tokens):
        if tok.kind in ("name", "word") and tok.value in GIVEN:
            eof = Token("eof", "", tok.start, tok.start)
            return before(tokens, k) + [eof], [tok] + [t for t in tokens[k + 1:] if t.kind != "eof"]
        if tok.kind == "op" and tok.value in (",", ";") and _hypothesis_follows(tokens, k + 1):
            eof = Token("eof", "", tok.start, tok.start)
            return tokens[:k] + [eof], [t for t in tokens[k:] if t.kind != "eof"]
    return tokens, []


def _hypothesis_follows(tokens: list[Token], k: int) -> bool:
    """Whether a hypothesis starts at ``tokens[k]``: ``X -> Y``, ``X \\perp Y``, ``Y = f(X)`` (a group in
    brackets, ``(X, Y) -> Z``, of a few variables)."""
    if k < len(tokens) and tokens[k].value == "(":
        end = min(len(tokens), k + 20)
        while k < end and tokens[k].value != ")":
            k += 1
    k += 1
    nxt = tokens[k].value if k < len(tokens) else ""
    if nxt in ("->", "\\perp"):
        return True
    return nxt == "=" and k + 2 < len(tokens) and tokens[k + 1].value in _FUNCTIONS and tokens[k + 2].value == "("


def canonical_table(letters: tuple[str, ...], shape: tuple[int, ...], values: tuple[Rational, ...]
                    ) -> tuple[tuple[str, ...], tuple[int, ...], tuple[Rational, ...]]:
    """A table over *letters* (row-major, in the order written) as the same table over the letters in
    alphabetical order: ``P_{YX}`` becomes the table of ``(X, Y)``, transposed.

    >>> canonical_table(("Y", "X"), (2, 3), (1, 2, 3, 4, 5, 6))
    (('X', 'Y'), (3, 2), (1, 4, 2, 5, 3, 6))
    """
    order = sorted(range(len(letters)), key=lambda a: letters[a])
    new_shape = tuple(shape[a] for a in order)
    strides = [1] * len(shape)
    for a in range(len(shape) - 2, -1, -1):
        strides[a] = strides[a + 1] * shape[a + 1]
    out = []
    for flat in range(len(values)):
        rest, position = flat, [0] * len(shape)
        for b in range(len(new_shape) - 1, -1, -1):
            rest, position[order[b]] = divmod(rest, new_shape[b])
        out.append(values[sum(p * s for p, s in zip(position, strides))])
    return tuple(letters[a] for a in order), new_shape, tuple(out)


# -- the parser's reading of them ------------------------------------------------------------------------------


class VariablesMixin:
    """The parts of :class:`~symdiv.parse.parser.Parser` that read random variables (mixed into it)."""

    # Provided by the parser.
    scope: object
    tok: Token
    bound: list
    toks: list[Token]
    pos: int

    def setup_variables(self) -> None:
        """The variables, their outcome letters and their joints, when the scope has variables."""
        scope = self.scope
        sizes = scope.variable_sizes() if scope.variables else {}
        self.rv: dict[str, RandomVariable] = {v: RandomVariable(v, sizes[v]) for v in scope.variables}
        self.outcomes: dict[str, RandomVariable] = {v.lower(): rv for v, rv in self.rv.items()}
        tables = {name: (letters, shape, values) for name, letters, shape, values in scope.tables}
        self.joints: dict[str, object] = {}
        # The variable whose outcomes an index runs over: bound by a sum (\sum_{i=1}^{n_X}), or free and
        # first used at that variable's place (p(i, 1)); used at another's place, it would leave its range.
        self.index_owner: dict[Expr, RandomVariable] = {}
        if not self.rv:
            return
        everything = tuple(self.rv.values())
        for d in scope.distributions:
            name = d.lower()
            if name in tables:
                letters, shape, values = tables[name]
                self.joints[name] = ExplicitDistribution(name, values, Tuple(*shape),
                                                         variables=tuple(self.rv[v] for v in letters))
            else:
                self.joints[name] = Distribution(name, everything)

    # -- names --------------------------------------------------------------------------------------------
    def rv_name(self) -> Value:
        """A name in a statement about random variables: a probability ``p(x, y)``, ``p(y|x)``,
        ``p_X(1)``; an alphabet size ``n_X``; ``e``."""
        tok = self.tok
        word = tok.value
        if tok.kind == "name" and word in self.joints:
            return self.joint_value()
        if tok.kind == "name" and word == "n" and self.peek().value == "_":
            self.advance()
            sub = self.subscript_tokens()
            variables = self.subscript_variables(sub, tok)
            if len(variables) != 1:
                raise self.error("the alphabet size of one variable is n_X", tok)
            return Value("scalar", variables[0].size)
        self.advance()
        if word == "e":
            return Value("scalar", E)
        if word in self.rv:
            x = word.lower()
            raise self.error(f"{word} is a random variable, not a number: its entropy is H({word}), and the "
                             f"probability of its outcome {x} is p({x})", tok)
        if tok.kind == "name" and word in self.outcomes:
            raise self.error(f"{word} is an outcome of {word.upper()}: it is read in a probability, p({word}), or as "
                             f"the index of a sum, \\sum_{{{word}}}", tok)
        if tok.kind == "name" and word == str(self.scope.size):
            first = next(iter(self.rv))
            raise self.error(f"{word} is no alphabet size in a statement about random variables: {first} has "
                             f"n_{first} outcomes (write n_{first})", tok)
        raise self.unknown(tok)

    def subscript_variables(self, sub: list[Token], head: Token) -> list[RandomVariable]:
        """``X``, ``XY``, ``{X, Y}`` after an underscore: the variables they name, each once."""
        letters = [t for t in sub if t.value != ","]
        names = "".join(t.value for t in letters)
        if not (letters and all(t.kind == "name" for t in letters) and names.isascii() and names.isalpha()):
            raise self.error(f"name the variables in the subscript, as in {head.value}_X or {head.value}_{{XY}}",
                             sub[0] if sub else head)
        out = []
        for letter in names:
            if letter not in self.rv:
                raise self.error(f"{letter!r} is not a random variable of the statement (they are "
                                 f"{', '.join(self.rv)})", letters[0])
            if self.rv[letter] in out:
                raise self.error(f"{letter} is named twice", letters[0])
            out.append(self.rv[letter])
        return out

    def joint_value(self) -> Value:
        """``p(x, y)``, ``p(x)``, ``p(y|x)``, ``p(1, 2)``, ``p_X(j)``, ``p_{XY}(1, 2)``: a probability."""
        tok = self.advance()
        joint = self.joints[tok.value]
        variables = list(joint.variables)
        if self.at("_"):
            variables = self.subscript_variables(self.subscript_tokens(), tok)
            if not self.at("("):
                names = "".join(v.name for v in variables)
                raise self.error(f"{tok.value}_{{{names}}} is the marginal of {', '.join(names)}: write its "
                                 f"probability at an outcome, as in {tok.value}_{{{names}}}({', '.join('1' * len(names))})", tok)
            opener = self.advance()
            args, given = self.outcome_arguments(opener, tok)
            if given is not None:
                raise self.error("a marginal p_X(...) is read at its outcomes; a conditional is p(y|x)", given[0][0])
            return Value("scalar", value_at(joint, self.positional(tok, variables, args)))
        if not self.at("("):
            letters = ", ".join(v.name.lower() for v in joint.variables)
            raise self.error(f"{tok.value} is the joint distribution of {', '.join(v.name for v in joint.variables)}: "
                             f"its probabilities are written {tok.value}({letters}), and a marginal's "
                             f"{tok.value}({joint.variables[0].name.lower()})", tok)
        opener = self.advance()
        args, given = self.outcome_arguments(opener, tok)
        if given is not None:
            of = self.outcome_variables(args, tok)
            condition = self.outcome_variables(given, tok)
            if set(of) & set(condition):
                raise self.error("a variable on both sides of '|'", given[0][0])
            at = {**dict(zip(of, (i for _, i in args))), **dict(zip(condition, (i for _, i in given)))}
            denominator = value_at(joint, {v: at[v] for v in condition})
            # p(x) > 0 for a symbolic joint; a table's zeros weigh nothing in H(Y|X) and its kin
            return Value("scalar", value_at(joint, at) / denominator)
        letters = [self.outcomes.get(t.value) if t.kind == "name" else None for t, _ in args]
        if all(letters) and len(set(letters)) == len(letters):
            return Value("scalar", value_at(joint, dict(zip(letters, (i for _, i in args)))))
        if len(args) == len(variables):
            return Value("scalar", value_at(joint, self.positional(tok, variables, args)))
        names = ", ".join(v.name for v in variables)
        raise self.error(f"{tok.value}(...) takes the outcome letters of the variables, as in "
                         f"{tok.value}({', '.join(v.name.lower() for v in variables)}) or "
                         f"{tok.value}({variables[0].name.lower()}), or one index per variable ({names}); "
                         f"for one variable at a number write {tok.value}_{variables[0].name}(1)", args[0][0])

    def positional(self, head: Token, variables: list, args: list) -> dict:
        """One index per variable, in order: a number, an index letter, or the variable's own outcome letter."""
        if len(args) != len(variables):
            raise self.error(f"{len(variables)} indices are needed, one for each of "
                             f"{', '.join(v.name for v in variables)}", args[0][0])
        at = {}
        for variable, (tok, index) in zip(variables, args):
            owner = self.outcomes.get(tok.value) if tok.kind == "name" else None
            if owner is not None and owner != variable:
                raise self.error(f"{tok.value} is the outcome of {owner.name}, but here it stands for "
                                 f"{variable.name}: write {variable.name.lower()}, or the outcomes by their letters, "
                                 f"as in {head.value}({', '.join(v.name.lower() for v in variables)})", tok)
            if tok.kind == "name":
                owner = self.index_owner.setdefault(index, variable)
                if owner != variable:
                    raise self.error(f"{tok.value} runs over the outcomes of {owner.name} (1..{owner.size}), so it "
                                     f"cannot stand for an outcome of {variable.name} here", tok)
            if index.is_Integer and variable.size.is_Integer and index > variable.size:
                raise self.error(f"{variable.name} has {variable.size} outcomes: {index} is not one of them", tok)
            at[variable] = index
        return at

    def outcome_variables(self, args: list, head: Token) -> list[RandomVariable]:
        """The variables whose outcome letters *args* are (each once)."""
        out = []
        for tok, _ in args:
            variable = self.outcomes.get(tok.value) if tok.kind == "name" else None
            if variable is None:
                raise self.error(f"a conditional probability is written with outcome letters, as in "
                                 f"{head.value}(y|x); {tok.value!r} is not the outcome of a variable of the statement",
                                 tok)
            if variable in out:
                raise self.error(f"{tok.value} is named twice", tok)
            out.append(variable)
        return out

    def outcome_arguments(self, opener: Token, head: Token) -> tuple[list, Optional[list]]:
        """The indices inside ``p(...)``, up to its ``)``: ``(args, given)``, *given* the ones after a
        ``|`` (None without one); each as ``(token, index)``."""
        args: list = []
        given: Optional[list] = None
        current = args
        while True:
            tok = self.tok
            if tok.kind not in ("name", "num") or self.peek().value in ("_", "^", "("):
                raise self.error(f"inside {head.value}(...) an outcome is one letter or a number, as in "
                                 f"{head.value}(x, y) or {head.value}(1, 2)", tok)
            self.advance()
            current.append((tok, self.rv_index(tok)))
            if self.at(","):
                self.advance()
                continue
            if self.at("|"):
                if given is not None:
                    raise self.error("a second '|'", self.tok)
                self.advance()
                given = current = []
                continue
            self.expect(")", f"to close {head.value}(")
            return args, given

    def rv_index(self, tok: Token) -> Expr:
        """An outcome or an index: a number from 1, an outcome letter, or another index letter."""
        if tok.kind == "num":
            return self.index(tok)
        word = tok.value
        if not (len(word) == 1 and word.isascii() and word.islower()) or word in self.joints or word in ("e", "n"):
            raise self.error(f"{word!r} is not an outcome: use the outcome letter of a variable (x for X), another "
                             f"letter such as i, or a number", tok)
        return component_index(word)

    # -- measures -----------------------------------------------------------------------------------------
    def variable_group(self, what: str) -> list[RandomVariable]:
        """``X`` or ``X, Y, Z``: variables separated by commas."""
        out: list[RandomVariable] = []
        while True:
            tok = self.tok
            if not (tok.kind == "name" and tok.value in self.rv):
                if tok.kind == "name" and len(tok.value) > 1 and all(c in self.rv for c in tok.value):
                    raise self.error(f"separate the variables with commas: {', '.join(tok.value)}", tok)
                raise self.error(f"expected a random variable ({', '.join(self.rv)}) {what}, found "
                                 f"{self.describe(tok)}", tok)
            self.advance()
            variable = self.rv[tok.value]
            if variable in out:
                raise self.error(f"{tok.value} is named twice", tok)
            out.append(variable)
            if not (self.at(",") and self.peek().kind == "name" and self.peek().value in self.rv):
                return out
            self.advance()

    def rv_entropy(self, head: Token, base: Expr) -> Value:
        """``H(X)``, ``H(X, Y)``, ``H(Y | X)``, ``H(X | Y, Z)``; or of distributions, ``H(p(x))``, ``H(p, q)``."""
        tok = self.tok
        if tok.kind == "name" and len(tok.value) > 1 and tok.value.isascii() and tok.value.isupper():
            raise self.error(f"separate the variables with commas: {', '.join(tok.value)}", tok)
        if not (tok.kind == "name" and tok.value in self.rv):
            first = self.rv_distribution()
            if isinstance(first, tuple):
                raise self.error("the entropy of a conditional is written with the variables: H(Y|X)", head)
            if self.at(","):
                self.advance()
                second = self.rv_distribution()
                if isinstance(second, tuple):
                    raise self.error("the cross-entropy of two distributions of the same variables, H(p(x), q(x))",
                                     head)
                self.same_variables(first, second, head)
                self.expect(")", "to close H(p, q)")
                return self.measure(head, lambda: CrossEntropy(first, second, base=base))
            self.expect(")", "to close H(")
            return self.measure(head, lambda: Entropy(first, base=base))
        of = self.variable_group("in H(...)")
        given: list[RandomVariable] = []
        if self.at("|"):
            self.advance()
            given = self.variable_group("after '|'")
        if self.at(";"):
            raise self.error("';' is the notation of mutual information: write I(X;Y)")
        self.expect(")", "to close H(")
        joint = self.joints["p"] if "p" in self.joints else next(iter(self.joints.values()))
        if given:
            return self.measure(head, lambda: ConditionalEntropy(joint, tuple(of), tuple(given), base=base))
        return self.measure(head, lambda: Entropy(marginal(joint, *of), base=base))

    def rv_information(self, head: Token) -> Value:
        """``I(X;Y)``, ``I(X;Y|Z)``, ``I(X,Y;Z)``, ``I_2(X;Y)``: mutual information of the joint p."""
        base: Expr = E
        if self.at("_"):
            base = self.log_base(self.subscript_tokens())
        self.expect("(", "after I")
        a = self.variable_group("in I(...;...)")
        if not self.at(";"):
            raise self.error("mutual information separates its two sides with ';': I(X;Y), I(X,Y;Z)")
        self.advance()
        b = self.variable_group("after ';'")
        given: list[RandomVariable] = []
        if self.at("|"):
            self.advance()
            given = self.variable_group("after '|'")
        self.expect(")", "to close I(")
        joint = self.joints["p"] if "p" in self.joints else next(iter(self.joints.values()))
        return self.measure(head, lambda: MutualInformation(joint, tuple(a), tuple(b), tuple(given), base=base))

    def rv_divergence(self, head: Token, base: Expr, closer: str) -> Value:
        """``D(p(x,y)||q(x,y))``, ``D(p(x,y) || p(x)p(y))``, ``D(p||q)``; ``D(p(y|x)||q(y|x))`` is the
        conditional divergence."""
        first = self.rv_distribution()
        self.expect("||", "between the two distributions of a divergence")
        second = self.rv_distribution()
        self.expect(closer, "to close the divergence")
        if isinstance(first, tuple) or isinstance(second, tuple):
            if not (isinstance(first, tuple) and isinstance(second, tuple)):
                raise self.error("a divergence compares two conditionals, D(p(y|x)||q(y|x)), or two distributions, "
                                 "D(p(x,y)||q(x,y)); not one of each", head)
            (p, of, given), (q, of2, given2) = first, second
            if set(of) != set(of2) or set(given) != set(given2):
                raise self.error("the two conditionals of a divergence are of the same variables given the same "
                                 "ones: D(p(y|x)||q(y|x))", head)
            return self.measure(head, lambda: ConditionalKL(p, q, tuple(of), tuple(given), base=base))
        self.same_variables(first, second, head)
        return self.measure(head, lambda: KLDivergence(first, second, base=base))

    def same_variables(self, first: object, second: object, head: Token) -> None:
        """Refuse two distributions of different variables (or of the same in another order)."""
        a, b = tuple(first.variables), tuple(second.variables)
        if a != b:
            names = [", ".join(v.name for v in vs) for vs in (a, b)]
            raise self.error(f"the two distributions are of {names[0]} and of {names[1]}: compare distributions of "
                             f"the same variables, written in the same order", head)

    def rv_distribution(self) -> object:
        """A distribution of the variables: ``p`` (the joint), ``p(x, y)``, ``p(x)`` (a marginal), a product
        ``p(x)p(y)``; or a conditional ``p(y|x)``, returned as ``(joint, of, given)``."""
        first = self.tok
        parts = [self.rv_part()]
        while (self.tok.kind == "name" and self.tok.value in self.joints) or (
                self.at("*") and self.peek().kind == "name" and self.peek().value in self.joints):
            if self.at("*"):
                self.advance()
            at = self.tok
            parts.append(self.rv_part())
            if any(isinstance(part, tuple) for part in parts):
                raise self.error("a product of distributions has no conditional among its factors", at)
        if len(parts) == 1:
            return parts[0]
        order = list(self.rv.values())
        parts.sort(key=lambda d: order.index(d.variables[0]))
        try:
            return ProductDistribution(*parts)
        except InvalidInputError as exc:
            raise self.error(str(exc), first) from None

    def rv_part(self) -> object:
        tok = self.tok
        if not (tok.kind == "name" and tok.value in self.joints):
            raise self.error(f"expected a distribution of the random variables, such as p({self.letters_of_all()}), "
                             f"p(x) p(y) or q(y|x), found {self.describe(tok)}", tok)
        self.advance()
        joint = self.joints[tok.value]
        if not self.at("("):
            return joint
        opener = self.advance()
        args, given = self.outcome_arguments(opener, tok)
        for t, _ in args + (given or []):
            if not (t.kind == "name" and t.value in self.outcomes):
                raise self.error(f"a distribution is written with the outcome letters of its variables, as in "
                                 f"{tok.value}({self.letters_of_all()}); {t.value!r} is not one", t)
        of = self.outcome_variables(args, tok)
        if given is not None:
            condition = self.outcome_variables(given, tok)
            if set(of) & set(condition):
                raise self.error("a variable on both sides of '|'", given[0][0])
            return joint, tuple(of), tuple(condition)
        return marginal(joint, *of)

    def letters_of_all(self) -> str:
        return ", ".join(v.lower() for v in self.rv)

    # -- sums -----------------------------------------------------------------------------------------------
    def rv_sum(self, head: Token) -> Value:
        r"""``\sum_{x,y}``, ``\sum_x``, ``\sum_{x \in \mathcal{X}}``, ``\sum_{x=1}^{n_X}``: a sum over the
        outcomes of the variables (x over 1..n_X)."""
        sub = self.subscript_tokens()
        groups, depth, current = [], 0, []
        for t in sub:
            if depth == 0 and t.value == ",":
                groups.append(current)
                current = []
                continue
            depth += (t.value in ("(", "[", "{")) - (t.value in (")", "]", "}"))
            current.append(t)
        groups.append(current)
        limits, variables = [], []
        for group in groups:
            if not group:
                raise self.error("an empty index in the sum's subscript", sub[0])
            tok = group[0]
            index = self.rv_index(tok) if tok.kind in ("name", "num") and tok.kind != "num" else None
            if index is None:
                raise self.error("a sum's index is one letter: \\sum_{x} runs over the outcomes of X", tok)
            variable = self.outcomes.get(tok.value)
            if len(group) == 3 and group[1].value == "\\in" and group[2].kind in ("alphabet", "name"):
                named = self.rv.get(group[2].value)
                if named is None or (variable is not None and variable != named):
                    raise self.error(f"\\mathcal{{{group[2].value}}} is not the alphabet of {tok.value}"
                                     + (f" (that is \\mathcal{{{variable.name}}})" if variable is not None else ""),
                                     group[2])
                variable = named
            elif len(group) == 3 and group[1].value == "=" and group[2].value == "1" and len(groups) == 1:
                variable = self.upper_limit_variable(head, tok, variable)
            elif len(group) != 1:
                raise self.error(f"a sum over the outcomes of random variables is written \\sum_{{x}}, \\sum_{{x, y}} "
                                 f"or \\sum_{{x \\in \\mathcal{{X}}}}", group[1])
            if variable is None:
                raise self.error(f"in a statement about random variables a sum runs over the outcomes of one: "
                                 f"\\sum_{{{self.letters_of_all()}}} (x over the alphabet of X); {tok.value!r} is "
                                 f"not the outcome of a variable of the statement", tok)
            if index in self.bound or index in [lim[0] for lim in limits]:
                raise self.error(f"the index {index} is already bound by an enclosing sum", tok)
            limits.append((index, S.One, variable.size))
            variables.append(variable)
        if self.at("^") and len(groups) > 1:
            raise self.error("an upper limit belongs to a sum over one index", self.tok)
        from .parser import MAX_SUMS

        if len(self.bound) + len(limits) > MAX_SUMS:
            raise self.error(f"sums nested more than {MAX_SUMS} deep are not supported", head)
        self.require_operand("the sum has nothing to sum: write its body after it, as in \\sum_{x} p(x)", head)
        self.bound.extend(index for index, _, _ in limits)
        owners = {index: self.index_owner.pop(index, None) for index, _, _ in limits}
        self.index_owner.update({index: variable for (index, _, _), variable in zip(limits, variables)})
        try:
            body = self.nested(self.term, head)
        finally:
            del self.bound[-len(limits):]
            for index, owner in owners.items():  # the letter is free again after the sum
                self.index_owner.pop(index, None)
                if owner is not None:
                    self.index_owner[index] = owner
        if body.kind != "scalar":
            raise self.error("a sum of a whole distribution: sum its probabilities, e.g. \\sum_{x} p(x)", head)
        return Value("scalar", Sum(body.expr, *reversed(limits)))

    def upper_limit_variable(self, head: Token, tok: Token, variable: Optional[RandomVariable]) -> RandomVariable:
        r"""After ``\sum_{x=1}``: the variable whose alphabet ``^{n_X}`` (or its size, a number) ends at."""
        if not self.at("^"):
            raise self.error("a sum from 1 needs its upper limit, the alphabet size n_X", head)
        self.advance()
        upper = self.script_tokens("upper limit")
        named = None
        if len(upper) >= 3 and upper[0].value == "n" and upper[1].value == "_":
            rest = [t for t in upper[2:] if t.value not in ("{", "}")]
            if len(rest) == 1 and rest[0].value in self.rv:
                named = self.rv[rest[0].value]
        elif len(upper) == 1 and upper[0].kind == "num" and variable is not None \
                and str(variable.size) == upper[0].value:
            named = variable
        if named is None or (variable is not None and named != variable):
            want = f"n_{variable.name}" if variable is not None else "n_X for a variable X"
            raise self.error(f"a sum over the outcomes of a variable runs to its alphabet size, {want}", upper[0])
        return named

    # -- hypotheses ---------------------------------------------------------------------------------------
    def hypotheses(self) -> tuple:
        """``X -> Y -> Z``, ``X \\perp Y``, ``X \\perp Y | Z``, ``Y = f(X)``, separated by commas, ';' or 'and'
        (groups of variables in brackets: ``(X, Y) -> Z``)."""
        out = []
        while True:
            start = self.tok
            groups = [self.hypothesis_group()]
            if self.at("->"):
                while self.at("->"):
                    self.advance()
                    groups.append(self.hypothesis_group())
                out.append(self.hypothesis(lambda: MarkovChain(*groups), start))
            elif self.at("\\perp"):
                while self.at("\\perp"):
                    self.advance()
                    groups.append(self.hypothesis_group())
                if self.at("|"):
                    bar = self.advance()
                    if len(groups) != 2:
                        raise self.error("conditional independence is of two groups: X \\perp Y | Z", bar)
                    condition = self.hypothesis_group()
                    # X and Y independent given Z: the Markov chain X -> Z -> Y
                    out.append(self.hypothesis(lambda: MarkovChain(groups[0], condition, groups[1]), start))
                else:
                    out.append(self.hypothesis(lambda: Independent(*groups), start))
            elif self.at("=") and self.peek().value in _FUNCTIONS and self.peek(2).value == "(":
                self.advance()
                self.advance()
                self.advance()
                of = self.hypothesis_group(inside=True)
                self.expect(")", "to close f(")
                out.append(self.hypothesis(lambda: FunctionOf(groups[0], of), start))
            else:
                raise self.error("a hypothesis is a Markov chain X -> Y -> Z (X \\to Y \\to Z), independence "
                                 "X \\perp Y (X _|_ Y, or X \\perp Y | Z given Z), or a function Y = f(X); found "
                                 f"{self.describe(self.tok)}")
            if self.tok.kind == "eof":
                return tuple(out)
            if not self.at(",", ";", "and"):
                raise self.error(f"separate hypotheses with commas; found {self.describe(self.tok)}")
            self.advance()

    def hypothesis(self, build: Callable[[], object], at: Token) -> object:
        try:
            built = build()
        except InvalidInputError as exc:
            raise self.error(str(exc), at) from None
        seen: set = set()
        for group in built.groups:
            if seen & set(group):
                name = sorted(seen & set(group), key=lambda v: v.name)[0].name
                raise self.error(f"{name} is in two groups of the hypothesis: each variable is in one", at)
            seen |= set(group)
        return built

    def hypothesis_group(self, inside: bool = False) -> tuple:
        """A variable, or variables in brackets: ``X``, ``(X, Y)``; inside ``f(X, Y)``, without them."""
        if inside:
            return tuple(self.variable_group("in f(...)"))
        if self.at("("):
            self.advance()
            group = self.variable_group("in the group")
            self.expect(")", "to close the group of variables")
            return tuple(group)
        tok = self.tok
        if not (tok.kind == "name" and tok.value in self.rv):
            raise self.error(f"expected a random variable ({', '.join(self.rv)}) in the hypothesis, found "
                             f"{self.describe(tok)}", tok)
        self.advance()
        return (self.rv[tok.value],)


