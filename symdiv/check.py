"""``symdiv check``: verify every step of the derivations written in a document.

A chain may mix ``=`` with inequalities (``\\leq``, ``\\geq``, ``<``, ``>``): each link is
decided on its own, and :attr:`ChainCheck.conclusion` is the relation the chain
establishes between its ends, if every link holds.

The pipeline is :func:`symdiv.parse.documents.read_chains` (text to chains
with source positions), then :class:`symdiv.prover.derivation.Derivation`
(each step proved on its own), then a report that keeps the source lines so
a wrong step is pointed at where it was written.

>>> text = r'''
... \\begin{align*}
... D_{KL}(P \\| Q) &= \\sum_{i=1}^{n} p_i \\log \\frac{p_i}{q_i} \\\\
...                &= H(Q, P) - H(P)
... \\end{align*}
... '''
>>> report = check_text(text, origin="kl.tex")
>>> report.status, [s.status.value for s in report.steps]
(<Status.REFUTED: 'refuted'>, ['proved', 'refuted'])
>>> report.first_wrong.line
4
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

from .errors import InconsistencyError, InvalidInputError, ParseError
from .parse import Scope
from .parse.documents import MAX_DOCUMENT, Chain, Declaration, Link, read_chains
from .prover.derivation import Derivation, DerivationReport, DerivationStep, StepReport
from .prover.prove import DEFAULT_BUDGET
from .prover.claim import Claim, Relation
from .prover.verdict import Note, Status, Verdict
from .worker import Limits, Outcome, run_tasks

__all__ = ["CheckedStep", "ChainCheck", "DocumentCheck", "check_text", "check_file", "read_document",
           "bounded_verdict"]


@dataclass(frozen=True)
class CheckedStep:
    """One ``=`` of a document: where it was written and whether it holds."""

    chain: Chain
    link: Link
    previous: Link
    report: StepReport

    @property
    def status(self) -> Status:
        return self.report.status

    @property
    def line(self) -> int:
        return self.link.line

    @property
    def column(self) -> int:
        return self.link.column


@dataclass(frozen=True)
class ChainCheck:
    """A chain of the document and the check of its derivation."""

    chain: Chain
    report: DerivationReport

    @property
    def steps(self) -> tuple[CheckedStep, ...]:
        links = self.chain.links
        return tuple(CheckedStep(self.chain, links[s.index], links[s.index - 1], s) for s in self.report.steps)

    @property
    def conclusion(self) -> Optional[Claim]:
        """What the chain shows, first link against last, if every step holds: an equation; that two
        values differ (one ``\\neq`` among equations); an inequality (``=`` and ``<=`` links give
        ``<=``, and a strict link among them ``<``); or for a chain of objectives that the first and
        the last have the same minimisers.  None when its steps do not combine: two ``\\neq``,
        ``\\neq`` beside an inequality, or ``<=`` beside ``>=`` (see :meth:`no_conclusion`)."""
        if self.no_conclusion:
            return None
        links = self.chain.links
        relations = [link.relation for link in links[1:]]
        if "~" in relations:
            relation = Relation.SAME_MINIMISERS
        elif "!=" in relations:
            relation = Relation.NOT_EQUAL
        else:
            relation = Relation.of(_combined(relations))
        senses = (links[0].sense or "min", links[-1].sense or "min")
        return Claim(links[0].expr, relation, links[-1].expr, self.chain.component, self.chain.wrt, senses)

    @property
    def no_conclusion(self) -> str:
        """Why the links of the chain combine into no relation between its ends (a phrase key of
        :mod:`symdiv.render.phrases`): ``"conclusion_mixed"`` for ``<=`` beside ``>=``,
        ``"conclusion_not_equal"`` for ``\\neq`` beside another ``\\neq`` or an inequality; else ""."""
        relations = [link.relation for link in self.chain.links[1:]]
        downward = any(r in ("<=", "<") for r in relations)
        upward = any(r in (">=", ">") for r in relations)
        if "!=" in relations and (relations.count("!=") > 1 or downward or upward):
            return "conclusion_not_equal"
        if downward and upward:
            return "conclusion_mixed"
        return ""

    @property
    def inequality(self) -> bool:
        """Whether a link of the chain is an inequality."""
        return any(link.relation in ("<=", ">=", "<", ">") for link in self.chain.links[1:])


@dataclass(frozen=True)
class DocumentCheck:
    """Every chain of a document, checked."""

    origin: str
    chains: tuple[ChainCheck, ...]
    #: The blocks that could not be read, each as its error (line, column, message): skipped.
    skipped: tuple[ParseError, ...] = ()
    #: The displays declaring explicit distributions (``P = (1/2, 1/2)``): read, not checked.
    declarations: tuple[Declaration, ...] = ()

    @property
    def steps(self) -> tuple[CheckedStep, ...]:
        return tuple(step for c in self.chains for step in c.steps)

    @property
    def status(self) -> Status:
        """Proved if every step is; refuted if any is; unknown otherwise."""
        return Status.of_all(s.status for s in self.steps)

    @property
    def first_wrong(self) -> Optional[CheckedStep]:
        """The first refuted step in document order, if any."""
        return next((s for s in self.steps if s.status is Status.REFUTED), None)


def _combined(relations: list[str]) -> str:
    """The relation a chain of ``=`` and inequalities of one direction establishes between its ends.

    >>> _combined(["=", "<=", "="]), _combined(["<=", "<"]), _combined([">=", "="]), _combined(["="])
    ('<=', '<', '>=', '=')
    """
    for weak, strict in (("<=", "<"), (">=", ">")):
        if strict in relations:
            return strict
        if weak in relations:
            return weak
    return "="


def check_text(text: str, *, origin: str = "", scope: Optional[Scope] = None, seed: int = 0,
               budget: float = DEFAULT_BUDGET, limits: Optional[Limits] = None, workers: int = 1) -> DocumentCheck:
    """Check every chain of equalities in the display math of *text* (LaTeX or Markdown).

    *budget* is the time for each step's symbolic proof; a step past it is
    unknown.  With *limits*, the steps run in a bounded worker
    (:mod:`symdiv.worker`): each step under a wall-clock and memory limit it
    cannot escape, all of them within ``limits.total``, *workers* steps at
    once; a step stopped there is unknown, with the stage it was stopped in.

    A display block that cannot be read is *skipped* (its error is in the
    report's ``skipped``) and the others are checked; if none can be read,
    the first block's :class:`~symdiv.errors.ParseError` is raised.
    """
    skipped: list[ParseError] = []
    declarations: list[Declaration] = []
    chains = read_chains(text, origin=origin, scope=scope, skipped=skipped, declarations=declarations)
    if not chains and skipped:
        raise skipped[0]  # nothing could be checked: the document is unreadable, not a report
    if not chains:
        raise ParseError("no derivation found: expected align, align*, aligned, equation, \\[...\\] "
                         "or $$...$$ blocks holding at least one '='", text, 0, origin=origin)
    derivations = [_derivation(c, origin) for c in chains]
    tasks = [t for d in derivations for t in d.step_tasks(seed=seed, budget=budget)]
    claims = [claim for d in derivations for claim in d.claims()]
    if limits is None:
        verdicts = [task() for task in tasks]
    else:
        verdicts = [bounded_verdict(outcome, claim) for outcome, claim in zip(run_tasks(tasks, limits, workers), claims)]
    checks, used = [], 0
    for chain, derivation in zip(chains, derivations):
        n = len(derivation.steps)
        checks.append(ChainCheck(chain, derivation.report(verdicts[used:used + n])))
        used += n
    return DocumentCheck(origin, tuple(checks), tuple(skipped), tuple(declarations))


def bounded_verdict(outcome: Outcome, claim: Claim) -> Verdict:
    """The verdict a task in a worker produced, or ``unknown`` saying why it has none.

    An error raised by the task (an instance it cannot evaluate, an
    overflow in sympy) is an unknown verdict with that error and its stage as
    the reason.  An :class:`~symdiv.errors.InconsistencyError` is raised: it
    is a bug in symdiv, never a verdict.
    """
    if outcome.stopped:
        return Verdict(Status.UNKNOWN, claim, reasons=(Note("stopped", (("stop", outcome.stop),)),))
    error = outcome.error
    if error is not None:
        if isinstance(error, InconsistencyError):
            raise error
        return Verdict(Status.UNKNOWN, claim, reasons=(Note("task_error", (
            ("error", type(error).__name__), ("stage", outcome.stage or "start"), ("message", str(error)))),))
    return outcome.value


def _derivation(chain: Chain, origin: str) -> Derivation:
    """The chain as a derivation: a step per link; between objectives, a step of the same minimisers
    (decided by :func:`symdiv.equivalent`)."""
    start, *rest = chain.links
    return Derivation(
        name=f"{origin or 'text'}:{chain.line}",
        title=f"{origin or 'text'}, line {chain.line}",
        start=start.expr,
        start_nonzero=start.nonzero,
        steps=tuple(DerivationStep(link.expr, "as_written", relation=link.relation, sense=link.sense,
                                   nonzero=link.nonzero) for link in rest),
        wrt=chain.wrt or None,
        sense=start.sense,
    )


def check_file(path: Union[str, Path], *, scope: Optional[Scope] = None, seed: int = 0,
               budget: float = DEFAULT_BUDGET, limits: Optional[Limits] = None, workers: int = 1) -> DocumentCheck:
    """Read a ``.tex`` or ``.md`` file (UTF-8) and check it with :func:`check_text`."""
    return check_text(read_document(path), origin=str(path), scope=scope, seed=seed, budget=budget, limits=limits,
                      workers=workers)


# Opening a FIFO without it would wait for a writer (POSIX; Windows has no FIFOs to open).
_NONBLOCK = vars(os).get("O_NONBLOCK", 0)


def read_document(path: Union[str, Path]) -> str:
    """The text of a ``.tex`` or ``.md`` file: a regular file, UTF-8, at most :data:`MAX_DOCUMENT` characters.

    The size is bounded by reading, not by ``stat``: a link to ``/dev/zero``
    reports size 0.  FIFOs and devices are refused before they are read
    (opening a FIFO for reading would wait for a writer).
    """
    path = Path(path)
    if path.suffix.lower() not in (".tex", ".md", ".markdown", ".ltx"):
        raise InvalidInputError(f"{path}: expected a .tex or .md file")
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK)
    except FileNotFoundError:
        raise InvalidInputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InvalidInputError(f"{path} is a folder, not a file") from None
    except OSError as exc:
        raise InvalidInputError(f"{path}: cannot read it ({exc.strerror})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        what = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a FIFO or a device)"
        raise InvalidInputError(f"{path} is {what}: symdiv reads documents from regular files only")
    with os.fdopen(fd, "rb") as handle:
        limit = 4 * MAX_DOCUMENT  # UTF-8 takes at most 4 bytes a character
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise InvalidInputError(f"{path}: cannot read it ({exc.strerror})") from None
    if len(data) > limit:
        raise InvalidInputError(f"{path} is too large (more than {limit} bytes; the limit is {MAX_DOCUMENT} characters)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"{path} is not UTF-8 text (byte {exc.start})") from None
