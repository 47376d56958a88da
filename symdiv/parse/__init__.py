"""Statements from text: a safe reader for ASCII and LaTeX notation.

User text is untrusted input.  It goes through :mod:`~symdiv.parse.lexer`
(an allowlist of characters and LaTeX commands) and
:mod:`~symdiv.parse.parser` (a recursive-descent grammar with explicit depth
and size limits) and comes out as symdiv objects.  Nothing here calls
``eval``, ``sympify`` or ``parse_expr``.

>>> s = parse_statement("H(P,Q) = H(P) + D(P||Q)")
>>> s.lhs, s.rhs
(H(P, Q), H(P) + D_KL(P||Q))
>>> parse_statement(r"D_{\\mathrm{KL}}(P \\,\\|\\, Q) = \\sum_{i=1}^{n} p_i \\log \\frac{p_i}{q_i}").rhs
Sum(log(P[i]/Q[i])*P[i], (i, 1, n))
>>> v = parse_statement("grad_z H(P, softmax(z)) = softmax(z) - P")
>>> v.component, v.rhs
(j, exp(z[j])/Sum(exp(z[i]), (i, 1, n)) - P[j])

Random variables, their joint ``p`` and inequalities with hypotheses
(:mod:`symdiv.parse.variables`):

>>> s = parse_statement(r"I(X;Y) \\geq I(X;Z) \\text{ given } X \\to Y \\to Z")
>>> s.lhs, s.relation, s.rhs, s.hypotheses, s.scope.variables
(I(X;Y), '>=', I(X;Z), (X -> Y -> Z,), ('X', 'Y', 'Z'))
>>> parse_statement("D(p(x,y)||p(x)p(y)) = I(X;Y)").lhs
D_KL(p||p_Xp_Y)

Errors name the line and column:

>>> parse_statement("H(P) = H(X)")
Traceback (most recent call last):
...
symdiv.errors.ParseError: line 1, column 10: the random variable X cannot be read beside the distribution P (column 3): a statement is about distributions (P, Q, p_i, softmax(z) ...) or about random variables (X, Y, p(x, y), H(Y|X), I(X;Y) ...), not both
  H(P) = H(X)
           ^
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from sympy import Basic, Expr, Symbol

from ..core.model import Hypothesis, component_index
from ..errors import ParseError
from .lexer import MAX_LENGTH, Token, tokenize
from .parser import INEQUALITIES, MAX_DEPTH, Parser, Scope, component_for, split_where, statement_scope
from .variables import split_given

__all__ = ["Statement", "Scope", "parse_statement", "parse_expression", "MAX_LENGTH", "MAX_DEPTH"]


@dataclass(frozen=True)
class Statement:
    """A parsed identity ``lhs = rhs``.

    *component* is the index a vector identity is read at (``grad_z f =
    softmax(z) - P`` holds for every component ``j``), or None for scalars.
    """

    lhs: Expr
    rhs: Expr
    text: str
    component: Optional[Symbol] = None
    scope: Scope = field(default_factory=Scope)
    #: ``=``, ``!=`` for a claim that the two sides differ for some instance, ``~`` for
    #: ``arg min_Q f = arg min_Q g`` (the same optimisers), ``argmin`` for ``arg min_Q f = P`` (*rhs* is
    #: the minimiser P, *wrt* holds Q), or an inequality: ``<=``, ``>=``, ``<``, ``>``.
    relation: str = "="
    #: What the text divides by (``z_j`` in ``z_j/z_j``): the claim is made where these are not 0.
    nonzero: tuple[Expr, ...] = ()
    #: For ``~``: the parameters optimised over, and whether each side is minimised or maximised.
    wrt: tuple[Basic, ...] = ()
    senses: tuple[str, ...] = ()
    #: For a statement about gradients with respect to the model's parameters θ (``\\nabla_\\theta``):
    #: the model, read as ``softmax`` of the scope's logits (see :meth:`Parser.theta_gradient`); else "".
    theta_model: str = ""
    #: The hypotheses of an inequality about random variables (``given X -> Y -> Z``), as
    #: :func:`symdiv.prover.inequality.markov_chain` and its siblings build them.
    hypotheses: tuple[Hypothesis, ...] = ()


def _parser(text: str, scope: Optional[Scope]) -> tuple[Parser, list[Token]]:
    tokens = tokenize(text)  # refuses a non-str with InvalidTypeError
    original = scope or Scope()
    tokens, scope = split_where(tokens, text, original)
    tokens, given = split_given(tokens)
    # A table declared with the statement (where p(x, y) = [[...]]) makes it one about random variables.
    scope = statement_scope(tokens[:-1] + given + tokens[-1:], scope, text, variables=scope.tables != original.tables)
    return Parser(tokens, text, scope, component_for(tokens, scope)), given


def _hypotheses(given: list[Token], text: str, parser: Parser, relation: str) -> tuple[Hypothesis, ...]:
    """The hypotheses of the clause *given* (its first token is ``given`` or the comma before it)."""
    if not given:
        return ()
    head = given[0]
    if not parser.rv:
        raise ParseError("hypotheses (X -> Y -> Z, X \\perp Y, Y = f(X)) are about random variables, and this "
                         "statement has none", text, head.start)
    if relation not in INEQUALITIES.values():
        raise ParseError("hypotheses are read with an inequality (<=, >=, <, >) of entropies and informations; "
                         "an equality under them is not read yet: check it as two inequalities", text, head.start)
    if parser.scope.tables:
        raise ParseError("a declared table satisfies a hypothesis or not: with a table, leave the hypothesis out",
                         text, head.start)
    if len(given) == 1:
        raise ParseError("'given' needs the hypotheses after it, as in given X -> Y -> Z", text, head.start)
    eof = Token("eof", "", given[-1].end, given[-1].end)
    reader = Parser(given[1:] + [eof], text, parser.scope, component_index("j"))
    return reader.within_stack(reader.hypotheses)


def parse_statement(text: str, *, scope: Optional[Scope] = None) -> Statement:
    """Read ``LEFT = RIGHT`` (or ``LEFT != RIGHT``, ``\\neq``; an inequality ``<=``, ``>=``, ``<``, ``>``,
    maybe ``given`` hypotheses; ``\\arg\\min_Q f = P``, relation ``argmin``) in ASCII or LaTeX notation.

    Raises :class:`~symdiv.errors.ParseError` (a ``ValueError``) for anything
    that is not a statement symdiv can read.
    """
    parser, given = _parser(text, scope)
    lhs, relation, rhs = parser.statement()
    hypotheses = _hypotheses(given, text, parser, relation)
    return Statement(parser.number(lhs), parser.number(rhs), text,
                     parser.component if parser.used_component else None, parser.scope, relation,
                     tuple(parser.denominators), parser.wrt, parser.senses,
                     parser.model if parser.theta_gradients else "", hypotheses)


def parse_expression(text: str, *, scope: Optional[Scope] = None) -> Expr:
    """Read one expression (no ``=``); a vector is read at its component ``j``.

    >>> parse_expression(r"-\\sum_{x} P(x) \\log_2 Q(x)")
    -Sum(log(Q[x])*P[x]/log(2), (x, 1, n))
    """
    parser, given = _parser(text, scope)
    if given:
        raise ParseError("hypotheses belong to a statement (an inequality), not to an expression", text,
                         given[0].start)
    return parser.number(parser.expression())
