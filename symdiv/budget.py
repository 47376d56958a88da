"""Time budgets for symbolic work.

Our own rewriting checks a :class:`Budget` between rewrites (cooperative).
Calls into sympy heuristics that can run for minutes (``simplify``) are also
wrapped in :func:`time_limit`, which interrupts them with ``SIGALRM`` when it
can (main thread, POSIX).  Either way, running over budget raises
:class:`~symdiv.errors.BudgetExceeded`, which the prover turns into an
``unknown`` verdict.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from dataclasses import dataclass, field
from typing import Iterator

from .errors import BudgetExceeded, InvalidInputError

__all__ = ["Budget", "time_limit", "stage", "current_stage", "announce_to"]

# The stage of the work in progress ("the normal form", "the numeric
# cross-check"), for the message when a worker is stopped there.  In a worker
# it is also written to memory shared with the parent, which reads it after
# killing the worker.
_current = "starting the task"
_shared = None


def stage(name: str) -> None:
    """Announce that the work in progress has reached stage *name*."""
    global _current
    _current = name
    if _shared is not None:
        data = name.encode("utf-8")[: len(_shared) - 1]
        _shared[: len(data) + 1] = data + b"\0"


def current_stage() -> str:
    """The last stage announced by :func:`stage`."""
    return _current


def announce_to(shared) -> None:
    """Also write every stage to *shared* (a writable buffer, such as an anonymous ``mmap``)."""
    global _shared
    _shared = shared


@dataclass
class Budget:
    """A deadline shared by the steps of one proof attempt.

    >>> b = Budget(5.0)
    >>> b.check("normalise")  # well within budget: no error
    >>> Budget(-1)
    Traceback (most recent call last):
    ...
    symdiv.errors.InvalidInputError: time budget must be a positive number of seconds, got -1
    """

    seconds: float
    started: float = field(default_factory=time.perf_counter)

    def __post_init__(self) -> None:
        if isinstance(self.seconds, bool) or not isinstance(self.seconds, (int, float)) or not self.seconds > 0:
            raise InvalidInputError(
                f"time budget must be a positive number of seconds, got {self.seconds!r}"
            )

    @property
    def remaining(self) -> float:
        return self.seconds - (time.perf_counter() - self.started)

    def check(self, step: str) -> None:
        if self.remaining <= 0:
            raise BudgetExceeded(f"time budget of {self.seconds:g} s ran out during {step}")


@contextlib.contextmanager
def time_limit(seconds: float, step: str) -> Iterator[None]:
    """Interrupt the body after *seconds* with :class:`BudgetExceeded`.

    Pre-emption needs ``SIGALRM`` in the main thread; elsewhere the body runs
    unbounded and only the cooperative :class:`Budget` checks apply.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or seconds <= 0:
        if seconds <= 0:
            raise BudgetExceeded(f"no time left for {step}")
        yield
        return

    def _raise(signum, frame):  # pragma: no cover - timing dependent
        raise BudgetExceeded(f"{step} ran past its time budget of {seconds:.3g} s")

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
