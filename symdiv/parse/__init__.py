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

Errors name the line and column:

>>> parse_statement("H(P) = H(X)")
Traceback (most recent call last):
...
symdiv.errors.ParseError: line 1, column 10: unknown distribution 'X' (known: P, Q, R or softmax(z))
  H(P) = H(X)
           ^
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from sympy import Basic, Expr, Symbol

from .lexer import MAX_LENGTH, tokenize
from .parser import MAX_DEPTH, Parser, Scope, component_for, split_where, statement_scope

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
    #: ``=``, ``!=`` for a claim that the two sides differ for some instance, or ``~`` for
    #: ``arg min_Q f = arg min_Q g`` (the same optimisers).
    relation: str = "="
    #: What the text divides by (``z_j`` in ``z_j/z_j``): the claim is made where these are not 0.
    nonzero: tuple[Expr, ...] = ()
    #: For ``~``: the parameters optimised over, and whether each side is minimised or maximised.
    wrt: tuple[Basic, ...] = ()
    senses: tuple[str, ...] = ()
    #: For a statement about gradients with respect to the model's parameters θ (``\\nabla_\\theta``):
    #: the model, read as ``softmax`` of the scope's logits (see :meth:`Parser.theta_gradient`); else "".
    theta_model: str = ""


def _parser(text: str, scope: Optional[Scope]) -> Parser:
    tokens = tokenize(text)  # refuses a non-str with InvalidTypeError
    tokens, scope = split_where(tokens, text, scope or Scope())
    scope = statement_scope(tokens, scope, text)
    return Parser(tokens, text, scope, component_for(tokens, scope))


def parse_statement(text: str, *, scope: Optional[Scope] = None) -> Statement:
    """Read ``LEFT = RIGHT`` (or ``LEFT != RIGHT``, ``\\neq``) in ASCII or LaTeX notation.

    Raises :class:`~symdiv.errors.ParseError` (a ``ValueError``) for anything
    that is not a statement symdiv can read.
    """
    parser = _parser(text, scope)
    lhs, relation, rhs = parser.statement()
    return Statement(parser.number(lhs), parser.number(rhs), text,
                     parser.component if parser.used_component else None, parser.scope, relation,
                     tuple(parser.denominators), parser.wrt, parser.senses,
                     parser.model if parser.theta_gradients else "")


def parse_expression(text: str, *, scope: Optional[Scope] = None) -> Expr:
    """Read one expression (no ``=``); a vector is read at its component ``j``.

    >>> parse_expression(r"-\\sum_{x} P(x) \\log_2 Q(x)")
    -Sum(log(Q[x])*P[x]/log(2), (x, 1, n))
    """
    parser = _parser(text, scope)
    return parser.number(parser.expression())
