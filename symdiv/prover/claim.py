"""Claims: what a verdict is about, as a value.

A verdict says *proved*, *refuted* or *unknown* about a claim, never about a
bare pair of expressions: ``D(P||Q) != D(Q||P)`` is proved by the very
counterexample that refutes ``D(P||Q) = D(Q||P)``, and "cross-entropy and KL
have the same minimisers" is not the equation ``H(P, Q) = D(P||Q)``.
Renderers read the relation from the claim; none of them decides by itself
which symbol to print.

>>> from sympy import Symbol
>>> x, y = Symbol("x"), Symbol("y")
>>> c = Claim(x, Relation.NOT_EQUAL, y)
>>> c.relation.symbol, str(c)
('!=', 'x != y')
>>> Relation.of("\\\\neq") is Relation.NOT_EQUAL
True
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Optional

from sympy import Basic, Expr, Symbol

from ..display import show
from ..errors import InvalidInputError

__all__ = ["Relation", "Claim"]


class Relation(str, enum.Enum):
    """How the two sides of a claim are related."""

    EQUAL = "="
    #: The sides differ for some instance (proved by a counterexample to ``=``).
    NOT_EQUAL = "!="
    #: Two objectives have the same minimisers over every model family.
    SAME_MINIMISERS = "~"
    #: ``arg min_wrt lhs = rhs``: the objective *lhs* has the one minimiser *rhs* over ``wrt``.
    MINIMISER = "argmin"
    #: Inequalities, for every instance.
    LESS_EQUAL = "<="
    GREATER_EQUAL = ">="
    LESS = "<"
    GREATER = ">"

    @property
    def inequality(self) -> bool:
        return self in (Relation.LESS_EQUAL, Relation.GREATER_EQUAL, Relation.LESS, Relation.GREATER)

    @property
    def strict(self) -> bool:
        return self in (Relation.LESS, Relation.GREATER)

    @property
    def symbol(self) -> str:
        """The relation as typed in the text notation."""
        return self.value

    @classmethod
    def of(cls, value: object) -> "Relation":
        """A relation from its value or a spelling of it (``=``, ``!=``, ``≠``, ``\\neq``, ``~``)."""
        if isinstance(value, Relation):
            return value
        spellings = {"=": cls.EQUAL, "==": cls.EQUAL, "!=": cls.NOT_EQUAL, "\u2260": cls.NOT_EQUAL,
                     "\\neq": cls.NOT_EQUAL, "\\ne": cls.NOT_EQUAL, "~": cls.SAME_MINIMISERS,
                     "<=": cls.LESS_EQUAL, "\u2264": cls.LESS_EQUAL, "\\leq": cls.LESS_EQUAL, "\\le": cls.LESS_EQUAL,
                     ">=": cls.GREATER_EQUAL, "\u2265": cls.GREATER_EQUAL, "\\geq": cls.GREATER_EQUAL,
                     "\\ge": cls.GREATER_EQUAL, "<": cls.LESS, ">": cls.GREATER, "argmin": cls.MINIMISER}
        if isinstance(value, str) and value in spellings:
            return spellings[value]
        raise InvalidInputError(f"unknown relation {value!r}; use one of '=', '!=', '~', '<=', '>=', '<', '>'")


@dataclass(frozen=True)
class Claim:
    """``lhs <relation> rhs``, with what it needs to be read right.

    * ``component``: a statement about vectors (``grad_z f = softmax(z) - P``)
      is read componentwise, at this index;
    * ``wrt`` and ``senses``: for :attr:`Relation.SAME_MINIMISERS`, the
      parameters and whether each objective is minimised or maximised.
    """

    lhs: Expr
    relation: Relation
    rhs: Expr
    component: Optional[Symbol] = None
    wrt: tuple[Basic, ...] = ()
    senses: tuple[str, str] = ("min", "min")

    def oriented(self) -> tuple[Expr, Expr]:
        """``(big, small)`` of an inequality, ``big >= small`` (or ``>``): the certificate is about ``big - small``.

        For a minimiser ``arg min_Q f(Q) = P`` it is ``(f(Q), f(P))``: the objective against its
        value at the claimed minimiser (never ``f(Q) - P``, a number minus a distribution).

        >>> from sympy import Symbol
        >>> x, y = Symbol("x"), Symbol("y")
        >>> Claim(x, Relation.LESS_EQUAL, y).oriented()
        (y, x)
        """
        if self.relation is Relation.MINIMISER:
            return self.lhs, self.lhs.xreplace({self.wrt[0]: self.rhs})
        if self.relation in (Relation.LESS_EQUAL, Relation.LESS):
            return self.rhs, self.lhs
        return self.lhs, self.rhs

    def __str__(self) -> str:
        # In the text notation symdiv reads (symdiv.render registers the printer).
        return show("text", "Claim", self)
