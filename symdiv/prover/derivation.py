"""Derivations: chains of expressions whose every step is checked on its own.

A derivation is what a teacher writes on the board::

    H(P, Q) = -sum p log q                        (definition)
            = -sum p log p + sum p log p - sum p log q   (add and subtract)
            = H(P) + sum p log(p/q)               (log of a quotient)
            = H(P) + D_KL(P||Q)                   (definition)

Each ``=`` is proved separately, so a wrong step is pinpointed (its index,
both sides, the verdict and a counterexample) while the rest of the chain is
still reported.  Besides ``=``, a step can claim ``!=`` (two values differ),
``~`` (two training objectives have the same optimisers, checked by
:func:`symdiv.equivalent`) or an inequality ``<=``, ``>=``, ``<``, ``>``
(decided by :func:`symdiv.prove` with that relation).

>>> import symdiv as sd
>>> n = sd.alphabet_size()
>>> P, Q = sd.Distribution("P", n), sd.Distribution("Q", n)
>>> d = Derivation("kl", "KL expansion", sd.KL(P, Q), (
...     DerivationStep(sd.KL(P, Q).doit(deep=False), "definition"),
...     DerivationStep(sd.CrossEntropy(P, Q), "log_quotient"),      # wrong on purpose
... ))
>>> report = d.check()
>>> report.status, report.first_wrong
(<Status.REFUTED: 'refuted'>, 2)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable, Optional, Sequence, Union

from sympy import Add, Expr

from ..core.model import Distribution, Logits
from ..errors import InvalidInputError, InvalidTypeError
from .objectives import equivalent
from .prove import DEFAULT_BUDGET, as_expression, prove
from ..display import show
from .claim import Claim, Relation
from .normal_form import RULES, SPECIFIC_RULES
from .verdict import Status, Verdict

__all__ = ["Derivation", "DerivationStep", "DerivationReport", "StepReport", "RELATIONS", "JUSTIFICATIONS",
           "VOCABULARY", "keep_order"]

#: ``=`` equality, ``!=`` the values differ, ``~`` same optimisers (objectives), and the
#: inequalities ``<=``, ``>=``, ``<``, ``>`` (a step of a chain such as Jensen's ``<=``).
RELATIONS = ("=", "!=", "~", "<=", ">=", "<", ">")

#: The justifications a derivation step may give, by id.  The prover owns
#: this vocabulary; the renderers' phrase table has words for every id (and
#: for every rule of the normal form), in every language.
JUSTIFICATIONS = (
    "definition", "expectation", "add_subtract", "log_quotient", "log_product", "linearity", "linearity_grad",
    "sum_to_one", "differentiate", "kronecker", "softmax_log", "constant_in_theta", "log_trick",
    "group_samples", "empirical", "positive_factor", "decomposition", "evaluate", "arithmetic", "not_equal",
    "softmax", "rename_index", "as_written", "marginal", "conditional", "independence", "mutual_information",
    "chain_rule", "self_information",
)
#: Every justification id a step of a derivation or of a proof may carry.
VOCABULARY = frozenset(JUSTIFICATIONS) | {rule.name for rule in RULES} | set(SPECIFIC_RULES) | {
    "compare", "simplify", "phi_rewrite", "leftover_zero", "termwise", "elemental_identity", "hypothesis",
    "elemental", "case_split"}


def keep_order(*terms: Expr) -> Expr:
    """An unevaluated sum that keeps its terms, e.g. the seed's "add and subtract" step.

    sympy would cancel ``a + b - b`` at once; the printers print an
    unevaluated sum in the order it was written.
    """
    return Add(*terms, evaluate=False)


@dataclass(frozen=True)
class DerivationStep:
    """One line ``<relation> expr`` of a derivation, with the rule that justifies it.

    *rule* is an id of :data:`VOCABULARY`; *sense* is
    ``"min"`` or ``"max"`` for objective lines (relation ``~``).
    """

    expr: Expr
    rule: str
    relation: str = "="
    sense: Optional[str] = None
    #: Denominators of *expr* that sympy cancelled (the reader records them).
    nonzero: tuple[Expr, ...] = ()

    def __post_init__(self) -> None:
        as_expression(self.expr, "a derivation step")
        if self.relation not in RELATIONS:
            raise InvalidInputError(f"relation must be one of {RELATIONS}, got {self.relation!r}")
        if self.rule not in VOCABULARY:
            raise InvalidInputError(f"unknown rule {self.rule!r}; known rules: {', '.join(sorted(VOCABULARY))}")


@dataclass(frozen=True)
class StepReport:
    """The check of step *index* (1-based): ``lhs <relation> rhs``."""

    index: int
    lhs: Expr
    rhs: Expr
    step: DerivationStep
    verdict: Verdict

    @property
    def status(self) -> Status:
        """Whether the claimed relation holds (proved), is false (refuted) or is open."""
        return self.verdict.status


@dataclass(frozen=True)
class DerivationReport:
    """Every step's check; the chain holds only if every step does."""

    derivation: "Derivation"
    steps: tuple[StepReport, ...]

    @property
    def status(self) -> Status:
        return Status.of_all(s.status for s in self.steps)

    @property
    def first_wrong(self) -> Optional[int]:
        """The index of the first refuted step, if any."""
        return next((s.index for s in self.steps if s.status is Status.REFUTED), None)

    @property
    def proved(self) -> bool:
        return self.status is Status.PROVED

    def _repr_latex_(self) -> str:
        return show("latex", "DerivationReport", self)

    def _repr_markdown_(self) -> str:
        return show("markdown", "DerivationReport", self)


@dataclass(frozen=True)
class Derivation:
    """A chain ``start <r1> e1 <r2> e2 ...`` with one justification per step.

    *wrt* names the parameters for ``~`` steps; *sense* is the sense of the
    starting objective.
    """

    name: str
    title: str
    start: Expr
    steps: tuple[DerivationStep, ...]
    wrt: Optional[Union[Distribution, Logits, Sequence[Union[Distribution, Logits]]]] = None
    sense: Optional[str] = None
    #: Denominators of *start* that sympy cancelled (see :attr:`DerivationStep.nonzero`).
    start_nonzero: tuple[Expr, ...] = ()

    def __post_init__(self) -> None:
        as_expression(self.start, "the start of a derivation")
        if not self.steps:
            raise InvalidInputError(f"derivation {self.name!r} has no steps")
        for s in self.steps:
            if not isinstance(s, DerivationStep):
                raise InvalidTypeError(f"derivation steps must be DerivationStep, got {s!r}")
            if s.relation == "~" and (self.wrt is None or s.sense is None or self.sense is None):
                raise InvalidInputError(
                    f"derivation {self.name!r}: a '~' step needs wrt=, sense= on the derivation and on the step"
                )

    def check(self, *, seed: int = 0, budget: float = DEFAULT_BUDGET) -> DerivationReport:
        """Check every step independently; never stop at the first wrong one.

        *budget* is the time for each step's symbolic proof, as in :func:`symdiv.prove`.
        """
        return self.report([task() for task in self.step_tasks(seed=seed, budget=budget)])

    def step_tasks(self, *, seed: int = 0, budget: float = DEFAULT_BUDGET) -> list[Callable[[], Verdict]]:
        """One function per step that decides it: the steps are independent, so a
        caller may run them anywhere (``symdiv check`` runs them in a bounded worker)."""
        tasks = []
        lhs, lhs_sense, lhs_nonzero = self.start, self.sense, self.start_nonzero
        for step in self.steps:
            if step.relation == "~":
                tasks.append(functools.partial(equivalent, lhs, step.expr, wrt=self.wrt,
                                               senses=(lhs_sense, step.sense), seed=seed, budget=budget))
            else:
                tasks.append(functools.partial(prove, lhs, step.expr, relation=step.relation, seed=seed,
                                               budget=budget, nonzero=lhs_nonzero + step.nonzero))
            lhs, lhs_sense, lhs_nonzero = step.expr, step.sense or lhs_sense, step.nonzero
        return tasks

    def sides(self) -> list[tuple[Expr, Expr]]:
        """``(lhs, rhs)`` of each step, in order."""
        exprs = [self.start, *(s.expr for s in self.steps)]
        return list(zip(exprs, exprs[1:]))

    def claims(self) -> list[Claim]:
        """What each step claims: its two sides and its relation."""
        claims, sense = [], self.sense
        params = () if self.wrt is None else tuple(self.wrt) if isinstance(self.wrt, (list, tuple)) else (self.wrt,)
        for (lhs, rhs), step in zip(self.sides(), self.steps):
            senses = (sense or "min", step.sense or "min")
            claims.append(Claim(lhs, Relation.of(step.relation), rhs, wrt=params, senses=senses))
            sense = step.sense or sense
        return claims

    def report(self, verdicts: Sequence[Verdict]) -> DerivationReport:
        """The report of this derivation from one verdict per step (see :meth:`step_tasks`)."""
        if len(verdicts) != len(self.steps):
            raise InvalidInputError(f"derivation {self.name!r} has {len(self.steps)} steps, got "
                                    f"{len(verdicts)} verdicts")
        return DerivationReport(self, tuple(
            StepReport(index, lhs, rhs, step, verdict)
            for index, ((lhs, rhs), step, verdict) in enumerate(zip(self.sides(), self.steps, verdicts), start=1)
        ))
