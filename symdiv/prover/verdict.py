"""Verdicts: the only three answers the prover gives.

* ``proved`` – a symbolic certificate (the recorded steps reach 0) *and* a
  numeric cross-check that agreed;
* ``refuted`` – a counterexample confirmed in exact arithmetic;
* ``unknown`` – anything else, with the evidence that was gathered.

Failing to simplify a difference to 0 is never a refutation.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Iterable, Optional, Union

from sympy import Expr, Lambda

from ..numeric.check import Counterexample, Evidence
from ..numeric.instances import Point
from ..display import show
from ..errors import InvalidInputError
from .claim import Claim, Relation
from .normal_form import Step

__all__ = ["Status", "Verdict", "Note", "NOTES", "Certificate", "OrderReversal"]


class Status(str, enum.Enum):
    """The verdict of a proof attempt.

    >>> Status("proved") is Status.PROVED
    True
    """

    PROVED = "proved"
    REFUTED = "refuted"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return self.value

    @staticmethod
    def of_all(statuses: Iterable["Status"]) -> "Status":
        """A chain's status from its steps': proved if every one is (and there is one),
        refuted if any is, unknown otherwise.

        >>> Status.of_all([Status.PROVED, Status.UNKNOWN]), Status.of_all([])
        (<Status.UNKNOWN: 'unknown'>, <Status.UNKNOWN: 'unknown'>)
        """
        statuses = list(statuses)
        if statuses and all(s is Status.PROVED for s in statuses):
            return Status.PROVED
        return Status.REFUTED if Status.REFUTED in statuses else Status.UNKNOWN

    def of_claim(self, relation: str) -> "Status":
        """The status of ``lhs <relation> rhs`` given this status of ``lhs = rhs``.

        ``!=`` claims that the two sides differ for some instance: it holds
        exactly when the equality is refuted.

        >>> Status.REFUTED.of_claim("!="), Status.UNKNOWN.of_claim("!="), Status.PROVED.of_claim("=")
        (<Status.PROVED: 'proved'>, <Status.UNKNOWN: 'unknown'>, <Status.PROVED: 'proved'>)
        """
        if relation != "!=":
            return self
        return {Status.REFUTED: Status.PROVED, Status.PROVED: Status.REFUTED}.get(self, Status.UNKNOWN)


@dataclass(frozen=True)
class Certificate:
    """Why two objectives have the same minimisers.

    ``kind == "affine"``: ``f = a*g + b`` with ``a > 0`` and ``a, b`` free of the
    parameters.  ``kind == "monotone"``: ``f = phi(g)`` (``g = phi(f)`` if
    ``inverse``) with ``phi`` strictly monotone (increasing if both objectives
    have the same sense).  For an inequality ``big >= small``: ``kind ==
    "termwise"``, ``big - small = bound = a * sum_i y_i phi(x_i / y_i)`` with
    ``phi(r) = r log r - r + 1 >= 0``; ``kind == "shannon"``, ``big - small =
    bound``, a nonnegative combination of elemental inequalities (given the
    hypotheses).
    """

    kind: str
    a: Optional[Expr] = None
    b: Optional[Expr] = None
    phi: Optional[Lambda] = None
    increasing: Optional[bool] = None
    inverse: bool = False
    #: For an inequality (``kind`` ``"termwise"`` or ``"shannon"``): the expression the difference
    #: of the sides equals, which is ``>= 0`` term by term (``a * sum y phi(x/y)``, or elemental terms).
    bound: Optional[Expr] = None


@dataclass(frozen=True)
class OrderReversal:
    """Two parameter values that two objectives rank in opposite orders.

    On the model family ``{first, second}`` one objective picks ``first`` and
    the other ``second``, so they do not have the same minimisers.
    """

    first: Point
    second: Point
    f_values: tuple[Expr, Expr]
    g_values: tuple[Expr, Expr]

    def describe(self) -> dict[str, str]:
        a, b = self.first.describe(), self.second.describe()
        return {k: a[k] if a[k] == b.get(k) else f"{a[k]} vs {b.get(k)}" for k in a}

    @property
    def points(self) -> tuple[Point, Point]:
        """The two parameter values (the interface every counterexample shares)."""
        return (self.first, self.second)

    def values(self) -> tuple[tuple[str, Expr], ...]:
        """``(phrase key, exact value)`` of each objective at each point."""
        return (("f_first", self.f_values[0]), ("f_second", self.f_values[1]),
                ("g_first", self.g_values[0]), ("g_second", self.g_values[1]))


#: What a verdict may say (its reasons and its assumptions), by key, with the
#: names of their values.  The prover owns this vocabulary; the phrase table
#: words each key in each language.
NOTES: dict[str, tuple[str, ...]] = {
    # assumptions
    "assume_distribution": ("name", "letter", "size"),
    "assume_joint": ("name", "ranges"),
    "assume_logits": ("name", "size"),
    "assume_positive": ("name", "size"),
    "assume_dataset": ("name", "samples", "size"),
    "assume_zero_log_zero": (),
    "assume_free_components": ("name",),
    "assume_model": ("name", "size", "parameters"),
    "assume_labels": ("name", "size"),
    "assume_index": ("index", "low", "high"),
    # reasons
    "normal_form": ("form",),
    "simplify_empty_range": (),
    "simplify_crashed": ("error",),
    "sides_differ": (),
    "numeric_agreed": ("samples",),
    "numeric_held": ("samples",),
    "numeric_unconfirmed": (),
    "affine_certificate": (),
    "monotone_increasing": ("which",),
    "monotone_decreasing": ("which",),
    "order_reversal": (),
    "no_certificate": (),
    "certificate_not_positive": ("a",),
    "certificate_wrong": ("point",),
    "certificate_unchecked": (),
    "termwise_certificate": (),
    "shannon_certificate": ("count",),
    "inequality_fails": (),
    "strict_not_certified": (),
    "no_certificate_found": (),
    "not_shannon_type": (),
    "minimiser_attained": ("at",),
    "minimiser_not_unique": (),
    "stopped": ("stop",),
    "task_error": ("error", "stage", "message"),
}


@dataclass(frozen=True)
class Note:
    """Something a verdict says (why it is what it is, or what it assumes): a key of the
    renderers' phrase table and the values its words refer to.  The prover says
    *what*; the renderers say it in words, in each language.

    >>> Note("numeric_agreed", (("samples", 256),)).value("samples")
    256
    """

    key: str
    values: tuple[tuple[str, object], ...] = ()

    def __post_init__(self) -> None:
        if self.key not in NOTES:
            raise InvalidInputError(f"unknown reason {self.key!r}; known: {', '.join(NOTES)}")

    def value(self, name: str) -> object:
        return dict(self.values)[name]

    def __str__(self) -> str:
        return show("text", "Note", self)


@dataclass(frozen=True)
class Verdict:
    """The outcome of :func:`symdiv.prove` or :func:`symdiv.equivalent`: the status of its *claim*.

    For a claim ``lhs != rhs`` the status is that of the claim (proved when
    the equality is refuted), and ``counterexample`` is then its witness.
    """

    status: Status
    claim: Claim
    steps: tuple[Step, ...] = ()
    assumptions: tuple["Note", ...] = ()
    counterexample: Optional[Union[Counterexample, OrderReversal]] = None
    evidence: Optional[Evidence] = None
    #: Why, as phrase keys with their values (``str(verdict.reason)`` is the English).
    reasons: tuple[Note, ...] = ()
    seconds: float = 0.0
    certificate: Optional[Certificate] = None
    #: Where the claim is made, beyond the objects' own assumptions: ``n >= 3``
    #: when it names component 3, ``Ne(z_j, 0)`` when it divides by ``z_j``.
    conditions: tuple = ()
    #: The expression each side's chain of steps starts from, where it is not the claim's own
    #: side: an equivalence normalises ``a*g + b``, not ``g`` (see :meth:`start_of`).
    starts: tuple[tuple[str, Expr], ...] = ()

    def start_of(self, side: str) -> Expr:
        """What the steps of *side* (``"lhs"``, ``"rhs"``, ``"difference"``) rewrite, from the first.

        >>> import symdiv as sd
        >>> n = sd.alphabet_size()
        >>> P, Q = sd.Distribution("P", n), sd.Distribution("Q", n)
        >>> v = sd.prove(sd.CrossEntropy(P, Q), sd.Entropy(P), relation=">=")
        >>> v.start_of("difference")
        H(P, Q) - H(P)
        """
        found = dict(self.starts)
        if side in found:
            return found[side]
        if side == "lhs":
            return self.claim.lhs
        if side == "rhs":
            return self.claim.rhs
        big, small = self.claim.oriented()
        return big - small

    @property
    def reason(self) -> str:
        """The reasons in English words, joined."""
        return "; ".join(str(r) for r in self.reasons)

    @property
    def lhs(self) -> Expr:
        return self.claim.lhs

    @property
    def rhs(self) -> Expr:
        return self.claim.rhs

    @property
    def relation(self) -> Relation:
        return self.claim.relation

    @property
    def proved(self) -> bool:
        return self.status is Status.PROVED

    @property
    def refuted(self) -> bool:
        return self.status is Status.REFUTED

    def __str__(self) -> str:
        return show("text", "Verdict", self)

    def _repr_latex_(self) -> str:
        return show("latex", "Verdict", self)

    def _repr_markdown_(self) -> str:
        return show("markdown", "Verdict", self)
