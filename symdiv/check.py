"""``symdiv check``: verify every step of the derivations written in a document.

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

from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

from .errors import InvalidInputError, ParseError
from .parse import Scope
from .parse.documents import MAX_DOCUMENT, Chain, Link, read_chains
from .prover.derivation import Derivation, DerivationReport, DerivationStep, StepReport
from .prover.prove import DEFAULT_BUDGET
from .prover.verdict import Status

__all__ = ["CheckedStep", "ChainCheck", "DocumentCheck", "check_text", "check_file"]


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


@dataclass(frozen=True)
class DocumentCheck:
    """Every chain of a document, checked."""

    origin: str
    chains: tuple[ChainCheck, ...]

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


def check_text(text: str, *, origin: str = "", scope: Optional[Scope] = None, seed: int = 0,
               budget: float = DEFAULT_BUDGET) -> DocumentCheck:
    """Check every chain of equalities in the display math of *text* (LaTeX or Markdown).

    *budget* is the time for each step's symbolic proof; a step past it is unknown.
    """
    chains = read_chains(text, origin=origin, scope=scope)
    if not chains:
        raise ParseError("no derivation found: expected align, align*, aligned, equation, \\[...\\] "
                         "or $$...$$ blocks holding at least one '='", text, 0, origin=origin)
    return DocumentCheck(origin, tuple(ChainCheck(c, _derivation(c, origin).check(seed=seed, budget=budget))
                                       for c in chains))


def _derivation(chain: Chain, origin: str) -> Derivation:
    start, *rest = chain.links
    return Derivation(
        name=f"{origin or 'text'}:{chain.line}",
        title=f"{origin or 'text'}, line {chain.line}",
        start=start.expr,
        start_nonzero=start.nonzero,
        steps=tuple(DerivationStep(link.expr, "as_written", relation=link.relation, nonzero=link.nonzero)
                    for link in rest),
    )


def check_file(path: Union[str, Path], *, scope: Optional[Scope] = None, seed: int = 0,
               budget: float = DEFAULT_BUDGET) -> DocumentCheck:
    """Read a ``.tex`` or ``.md`` file (UTF-8) and check it with :func:`check_text`."""
    path = Path(path)
    if path.suffix.lower() not in (".tex", ".md", ".markdown", ".ltx"):
        raise InvalidInputError(f"{path}: expected a .tex or .md file")
    try:
        if path.stat().st_size > MAX_DOCUMENT:
            raise InvalidInputError(f"{path} is too large ({path.stat().st_size} bytes; the limit is {MAX_DOCUMENT})")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InvalidInputError(f"{path} is a folder, not a file") from None
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"{path} is not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InvalidInputError(f"{path}: cannot read it ({exc.strerror})") from None
    return check_text(text, origin=str(path), scope=scope, seed=seed, budget=budget)
