"""Time budgets: the cooperative Budget and the pre-emptive time_limit, and the Stop they report."""

import pytest

from symdiv.budget import Budget, Stop, time_limit
from symdiv.errors import BudgetExceeded


def test_time_limit_interrupts_and_says_where():
    with pytest.raises(BudgetExceeded) as info:
        with time_limit(0.05, "exact"):
            while True:
                pass
    assert info.value.stop == Stop("time", "exact", 0.05)
    assert str(info.value) == "time budget of 0.05 s exceeded in exact arithmetic"


def test_what_the_interrupted_code_turns_the_alarm_into_is_still_the_time_budget():
    # sympy's caches catch a TypeError and call again; an alarm landing there surfaces as
    # some other exception.  After the alarm, any exception is the budget running out.
    with pytest.raises(BudgetExceeded) as info:
        with time_limit(0.05, "exact"):
            try:
                while True:
                    pass
            except BudgetExceeded:
                raise TypeError("() takes 1 positional argument but 3 were given")
    assert isinstance(info.value.__cause__, TypeError)


def test_an_error_before_the_alarm_is_not_disguised():
    with pytest.raises(ZeroDivisionError):
        with time_limit(5, "exact"):
            1 // 0


def test_the_cooperative_budget_names_the_rule():
    budget = Budget(1e-9)
    with pytest.raises(BudgetExceeded) as info:
        budget.check("collect")
    assert info.value.stop.rule == "collect"
    assert "(rule: multiply out and collect like terms)" in str(info.value)


def test_a_stop_kind_is_checked():
    with pytest.raises(ValueError, match="unknown kind of stop 'nap'"):
        Stop("nap")
