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
from typing import Iterator, Optional, Union

from .display import show
from .errors import BudgetExceeded, InvalidInputError

__all__ = ["Budget", "Stop", "STAGES", "time_limit", "stage", "current_stage", "announce_to"]

#: The stages of a proof attempt that symdiv announces, by key; the phrase
#: table words them (``stage_<key>``) in each language.
STAGES = ("start", "normal_form", "cross_check", "simplify", "search", "exact", "tidy")

# The stage of the work in progress (a key of STAGES), for the message when
# a worker is stopped there.  In a worker it is also written to memory shared
# with the parent, which reads it after killing the worker.
_current = "start"
_shared = None


@dataclass(frozen=True)
class Stop:
    """Why work stopped before it finished: the limit it ran past, and where.

    *kind* is ``time`` (a task's seconds), ``memory`` (MiB, or None if
    unknown), ``run`` (the seconds of a whole run), ``died`` (the worker
    ended; *limit* is its exit status) or ``terms`` (an expansion's size).
    *stage* is a key of :data:`STAGES` (or the name of a stage outside
    symdiv); *rule* the normal-form rule running when time ran out, if any.
    It prints through the renderers' phrase table, so it reads in the
    reader's language:

    >>> import symdiv
    >>> str(Stop("time", "cross_check", 10))
    'time budget of 10 s exceeded in the numeric cross-check'
    """

    kind: str
    stage: str = "start"
    limit: Optional[Union[int, float]] = None
    rule: str = ""

    def __post_init__(self) -> None:
        if self.kind not in ("time", "memory", "run", "died", "terms"):
            raise InvalidInputError(f"unknown kind of stop {self.kind!r}")

    def exceeded(self) -> BudgetExceeded:
        """The exception that carries this stop out of the work it ends."""
        return BudgetExceeded(str(self), self)

    def __str__(self) -> str:
        return show("text", "Stop", self)


def stage(name: str) -> None:
    """Announce that the work in progress has reached stage *name* (a key of :data:`STAGES`)."""
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
    >>> b.check("collect")  # well within budget: no error
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

    def check(self, rule: str = "") -> None:
        """Raise :class:`BudgetExceeded` if the time is up (*rule*: the rewrite about to run)."""
        if self.remaining <= 0:
            raise Stop("time", _current, self.seconds, rule).exceeded()


@contextlib.contextmanager
def time_limit(seconds: float, step: str) -> Iterator[None]:
    """Interrupt the body (stage *step*, a key of :data:`STAGES`) after *seconds* with :class:`BudgetExceeded`.

    Pre-emption needs ``SIGALRM`` in the main thread; elsewhere the body runs
    unbounded and only the cooperative :class:`Budget` checks apply.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or seconds <= 0:
        if seconds <= 0:
            raise Stop("time", step, 0).exceeded()
        yield
        return

    stop = Stop("time", step, float(f"{seconds:.3g}"))
    fired = []

    def _raise(signum, frame):  # pragma: no cover - timing dependent
        fired.append(True)
        raise stop.exceeded()

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except BudgetExceeded:
        raise
    except Exception as exc:
        # The alarm lands wherever the body is; code it interrupts (sympy's caches catch
        # TypeError and call again) may turn our exception into another.  Once the time is
        # up, whatever the body raises is that.
        if fired:
            raise stop.exceeded() from exc
        raise
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
