"""The bounded worker: deadlines and memory caps that a task cannot escape."""

import time

import pytest

from symdiv import budget
from symdiv.errors import InvalidInputError, ParseError
from symdiv.worker import Limits, run_tasks


def _sleep_in(stage_name, seconds):
    def task():
        budget.stage(stage_name)
        time.sleep(seconds)
    return task


def _allocate(n_bytes):
    def task():
        budget.stage("allocating")
        return len(bytearray(n_bytes))
    return task


def test_values_and_errors_come_back_in_order():
    outcomes = list(run_tasks([lambda: 2 + 2, lambda: 1 // 0, lambda: "x"], Limits(seconds=5)))
    assert [o.value for o in outcomes] == [4, None, "x"]
    assert isinstance(outcomes[1].error, ZeroDivisionError) and outcomes[1].finished


def test_a_task_past_its_deadline_is_stopped_and_the_rest_still_run():
    started = time.monotonic()
    outcomes = list(run_tasks([_sleep_in("a long stage", 30), lambda: "after"], Limits(seconds=1)))
    assert time.monotonic() - started < 10
    assert outcomes[0].stopped == "time budget of 1 s exceeded in a long stage"
    assert outcomes[1].value == "after"


def test_a_task_past_its_memory_is_stopped():
    outcomes = list(run_tasks([_allocate(2 << 30), lambda: "after"], Limits(seconds=20, memory=512 << 20)))
    assert outcomes[0].stopped.startswith("memory budget") and "allocating" in outcomes[0].stopped
    assert outcomes[1].value == "after"


def test_a_worker_forked_from_a_large_process_still_has_room():
    """A test session or notebook that imported torch maps more than the worker's cap: the worker
    inherits that, and still gets room to work (it used to fail at once, in C, as a SystemError)."""
    import mmap

    big = mmap.mmap(-1, 700 << 20)  # mapped, never touched: address space, not memory
    try:
        outcomes = list(run_tasks([_allocate(64 << 20), _allocate(2 << 30)], Limits(seconds=20, memory=512 << 20)))
    finally:
        big.close()
    assert outcomes[0].value == 64 << 20
    assert outcomes[1].stopped.startswith("memory budget")


def test_the_whole_run_has_a_budget():
    outcomes = list(run_tasks([_sleep_in("s", 0.6)] * 5, Limits(seconds=5, total=1.5)))
    assert [o.finished for o in outcomes][:2] == [True, True]
    assert all("whole run" in o.stopped or "exceeded" in o.stopped for o in outcomes[2:])


def test_symdiv_errors_survive_the_trip_with_their_position():
    def task():
        raise ParseError("bad", "H(X)", 2, origin="f.tex")

    (outcome,) = run_tasks([task], Limits(seconds=5))
    assert isinstance(outcome.error, ParseError) and (outcome.error.line, outcome.error.column) == (1, 3)


@pytest.mark.parametrize("kwargs", [dict(seconds=0), dict(seconds=float("nan")), dict(seconds=-1),
                                    dict(memory=10), dict(total=0)])
def test_bad_limits_are_named(kwargs):
    with pytest.raises(InvalidInputError):
        Limits(**kwargs)


def test_two_workers_keep_the_order_and_share_the_work():
    tasks = [(lambda k=k: (k, __import__("os").getpid())) for k in range(6)]
    outcomes = list(run_tasks(tasks, Limits(seconds=5), workers=2))
    assert [o.value[0] for o in outcomes] == list(range(6))
    assert len({o.value[1] for o in outcomes}) == 2  # two processes did the work


def test_a_hung_task_in_one_worker_does_not_hold_up_the_other():
    started = time.monotonic()
    tasks = [_sleep_in("hanging", 30), lambda: "b", lambda: "c", lambda: "d"]
    outcomes = list(run_tasks(tasks, Limits(seconds=1), workers=2))
    assert time.monotonic() - started < 10
    assert "exceeded in hanging" in outcomes[0].stopped
    assert [o.value for o in outcomes[1:]] == ["b", "c", "d"]


def test_bad_worker_counts_are_named():
    with pytest.raises(InvalidInputError, match="workers must be a positive int, got 0"):
        list(run_tasks([lambda: 1], workers=0))
