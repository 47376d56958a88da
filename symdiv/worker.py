"""Run work under a wall-clock and memory limit that it cannot escape.

The cooperative :class:`~symdiv.budget.Budget` bounds only the code that
checks it: sympy's ``expand``, a big-integer power or an mpmath call can run
for minutes between two checks, and a ``SIGALRM`` handler cannot interrupt a
long C-level operation.  The command line therefore runs each statement,
document step or theorem in a *worker*: a child process forked from the
command (so sympy is imported once, not once per task), with its address
space capped by ``RLIMIT_AS``, and killed when its deadline passes.

Tasks run one after another in the same worker, which stays warm (sympy's
caches carry over from task to task).  When a task overruns, the worker is
killed, the task's outcome says where it was (the *stage* it last
announced through :func:`symdiv.budget.stage`), and a fresh worker takes
the remaining tasks.

Where ``fork`` is unavailable (Windows), tasks run in this process under the
cooperative budget only.

>>> outcomes = list(run_tasks([lambda: 1 + 1, lambda: 1 // 0], Limits(seconds=5)))
>>> outcomes[0].value, type(outcomes[1].error).__name__
(2, 'ZeroDivisionError')
"""

from __future__ import annotations

import mmap
import os
import pickle
import select
import signal
import struct
import time
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Optional, Sequence

from . import budget as _budget
from .budget import Stop
from .errors import InvalidInputError

__all__ = ["Limits", "Outcome", "run_tasks", "DEFAULT_MEMORY"]

#: Address space a worker may use, in bytes (sympy and numpy take about 0.2 GB of it); a worker
#: forked from a process already larger gets that process's size plus :data:`_HEADROOM`.
DEFAULT_MEMORY = 1 << 30

#: A worker forked from a large process (a test session that imported torch, a notebook) inherits
#: its address space: its cap is never less than that plus this much room to work.  Without it
#: such a worker fails at once, inside C code that reports the failed allocation as a SystemError.
_HEADROOM = 256 << 20

_HEADER = struct.Struct("!Q")
_STAGE_BYTES = 256


@dataclass(frozen=True)
class Limits:
    """How long each task may run, how much memory a worker may map, and (optionally)
    how long all the tasks together may run."""

    seconds: float = 10.0
    memory: int = DEFAULT_MEMORY
    total: Optional[float] = None

    def __post_init__(self) -> None:
        for name in ("seconds", "total"):
            value = getattr(self, name)
            if value is None and name == "total":
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0 \
                    or value != value or value == float("inf"):
                raise InvalidInputError(f"{name} must be a positive number of seconds, got {value!r}")
        if isinstance(self.memory, bool) or not isinstance(self.memory, int) or self.memory < (64 << 20):
            raise InvalidInputError(f"memory must be an int of at least 64 MiB (in bytes), got {self.memory!r}")


@dataclass(frozen=True)
class Outcome:
    """What became of one task: its value, the exception it raised, or why it was stopped."""

    value: Any = None
    error: Optional[BaseException] = None
    #: None if the task finished; else which limit it ran past, and where.
    stop: Optional[Stop] = None
    #: The stage the task last announced (where an error was raised), a key of symdiv.budget.STAGES.
    stage: str = ""

    @property
    def stopped(self) -> str:
        """Empty if the task finished; else "time budget of 10 s exceeded in the numeric cross-check" etc."""
        return "" if self.stop is None else str(self.stop)

    @property
    def finished(self) -> bool:
        return self.stop is None


def run_tasks(tasks: Sequence[Callable[[], Any]], limits: Limits = Limits(), workers: int = 1) -> Iterator[Outcome]:
    """Run *tasks*, each under *limits*; yield one :class:`Outcome` per task, in order.

    With *workers* > 1 that many workers run at once; each is handed the next
    task as soon as it has answered the previous one, so a slow task holds up
    only its own worker.  Outcomes still come back in the order of *tasks*.
    """
    if not hasattr(os, "fork"):  # pragma: no cover - POSIX machines run the worker
        for task in tasks:
            yield _run_here(task)
        return
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise InvalidInputError(f"workers must be a positive int, got {workers!r}")
    pool = _Pool(tasks, limits, min(workers, max(1, len(tasks))))
    try:
        yield from pool.outcomes()
    finally:
        pool.close()


def _run_here(task: Callable[[], Any]) -> Outcome:
    try:
        return Outcome(value=task())
    except MemoryError:
        return Outcome(stop=Stop("memory", _budget.current_stage()))
    except Exception as exc:  # the caller decides what an error means
        return Outcome(error=exc, stage=_budget.current_stage())


class _Pool:
    """Workers fed one task at a time from a shared queue, watched from one ``select`` loop."""

    def __init__(self, tasks: Sequence[Callable[[], Any]], limits: Limits, workers: int) -> None:
        self.tasks, self.limits = tasks, limits
        self.started = time.monotonic()
        self.done: dict[int, Outcome] = {}
        self.pending: deque[int] = deque(range(len(tasks)))
        self.workers: list[_Worker] = []
        for _ in range(workers):
            self._start_worker()

    def outcomes(self) -> Iterator[Outcome]:
        for index in range(len(self.tasks)):
            while index not in self.done:
                self._step()
            yield self.done.pop(index)

    def _start_worker(self) -> None:
        if self.pending:
            worker = _Worker(self.tasks, self.limits.memory)
            self.workers.append(worker)
            worker.assign(self.pending.popleft())

    def _step(self) -> None:
        now = time.monotonic()
        busy = [w for w in self.workers if w.current is not None]
        left = None if self.limits.total is None else self.limits.total - (now - self.started)
        if left is not None and left <= 0:
            stopped = Outcome(stop=Stop("run", limit=self.limits.total))
            for w in busy:
                self.done[w.current] = stopped
                w.stop()
            for index in self.pending:
                self.done[index] = stopped
            self.pending.clear()
            return
        deadlines = [w.task_started + self.limits.seconds for w in busy]
        wait = max(0.0, min(deadlines) - now)
        if left is not None:
            wait = min(wait, left)
        ready, _, _ = select.select([w.fd for w in busy], [], [], wait)
        for w in busy:
            if w.fd in ready:
                for message in w.receive():
                    self.done[w.current] = _outcome(message)
                    if self.pending:
                        w.assign(self.pending.popleft())
                    else:
                        w.current = None
                        w.close()
                if w.current is not None and w.eof:  # it died without answering
                    self._replace(w, w.died(self.limits))
        now = time.monotonic()
        for w in busy:
            if w.current is not None and now >= w.task_started + self.limits.seconds:
                self._replace(w, Outcome(stop=Stop("time", w.stage_name(), self.limits.seconds)))

    def _replace(self, worker: "_Worker", outcome: Outcome) -> None:
        """Record *outcome* for the worker's current task, stop it, and fork a fresh one for the rest."""
        self.done[worker.current] = outcome
        worker.current = None
        worker.close()
        self._start_worker()

    def close(self) -> None:
        for w in self.workers:
            w.close()


class _Worker:
    """One forked child that runs the task indices it is sent, one at a time, over two pipes."""

    def __init__(self, tasks: Sequence[Callable[[], Any]], memory: int) -> None:
        self.stage = mmap.mmap(-1, _STAGE_BYTES)
        self.current: Optional[int] = None
        orders, commands = os.pipe()
        read, write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - runs in the child, measured by the tests through its effects
            os.close(read)
            os.close(commands)
            code = 0
            try:
                _serve(tasks, orders, write, self.stage, memory)
            except BaseException:
                code = 70
            finally:
                os._exit(code)
        os.close(write)
        os.close(orders)
        self.fd, self.commands = read, commands
        self.buffer = b""
        self.alive = True
        self.eof = False
        self.closed = False
        self.task_started = time.monotonic()

    def assign(self, index: int) -> None:
        """Send the worker task *index*; its deadline starts now."""
        self.current = index
        self.task_started = time.monotonic()
        try:
            os.write(self.commands, _HEADER.pack(index))
        except OSError:  # it has died: the select loop sees the closed pipe and reports it
            pass

    def receive(self) -> list[tuple]:
        """The complete messages that have arrived (reads once; call when the pipe is readable)."""
        chunk = os.read(self.fd, 1 << 20)
        if not chunk:
            self.eof = True
        self.buffer += chunk
        messages = []
        while len(self.buffer) >= _HEADER.size:
            (size,) = _HEADER.unpack_from(self.buffer)
            if len(self.buffer) < _HEADER.size + size:
                break
            messages.append(_loads(self.buffer[_HEADER.size:_HEADER.size + size]))
            self.buffer = self.buffer[_HEADER.size + size:]
        return messages

    def died(self, limits: Limits) -> Outcome:
        """Why the worker ended without answering (it was not killed by us)."""
        stage = self.stage_name()
        status = self.stop()
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGKILL, signal.SIGSEGV):
            return Outcome(stop=Stop("memory", stage, limits.memory >> 20))
        return Outcome(stop=Stop("died", stage, status))

    def stage_name(self) -> str:
        raw = self.stage[:].split(b"\0", 1)[0]
        return raw.decode("utf-8", "replace") or "start"

    def stop(self) -> int:
        if not self.alive:
            return 0
        self.alive = False
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:  # pragma: no cover - it already exited
            pass
        _, status = os.waitpid(self.pid, 0)
        return status

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.stop()
        os.close(self.fd)
        os.close(self.commands)
        self.stage.close()


def _loads(data: bytes) -> tuple:
    try:
        return pickle.loads(data)
    except Exception as exc:  # a result that cannot be rebuilt here is reported, not raised raw
        return ("error", RuntimeError(f"the worker's result could not be read ({type(exc).__name__}: {exc})"), "")


def _outcome(message: tuple) -> Outcome:
    kind, payload, stage = message
    if kind == "ok":
        return Outcome(value=payload)
    if kind == "memory":
        return Outcome(stop=Stop("memory", stage))
    return Outcome(error=payload, stage=stage)


def _mapped() -> int:
    """The address space this process maps now, in bytes (0 where /proc is unavailable)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _serve(tasks: Sequence[Callable[[], Any]], orders: int, fd: int, stage: mmap.mmap,
           memory: int) -> None:  # pragma: no cover - runs in the child
    import resource

    # Ctrl-C reaches the whole process group: the parent handles it and kills us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    cap = max(memory, _mapped() + _HEADROOM)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    _budget.announce_to(stage)
    while True:
        order = _read_exactly(orders, _HEADER.size)
        if order is None:  # the parent has no more work for us
            return
        (index,) = _HEADER.unpack(order)
        task = tasks[index]
        _budget.stage("start")
        try:
            message: tuple = ("ok", task(), "")
        except MemoryError:
            message = ("memory", None, _budget.current_stage())
        except BaseException as exc:
            message = ("error", exc, _budget.current_stage())
        try:
            data = pickle.dumps(message)
        except Exception as exc:
            data = pickle.dumps(("error", RuntimeError(f"the result could not be sent ({type(exc).__name__}: "
                                                       f"{exc}); its text: {str(message[1])[:2000]}"), message[2]))
        _write_all(fd, _HEADER.pack(len(data)) + data)


def _read_exactly(fd: int, size: int) -> Optional[bytes]:  # pragma: no cover - runs in the child
    data = b""
    while len(data) < size:
        chunk = os.read(fd, size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _write_all(fd: int, data: bytes) -> None:  # pragma: no cover - runs in the child
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
