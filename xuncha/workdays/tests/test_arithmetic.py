"""Working-day arithmetic on real 2025–2026 schedules, and the refusal for unknown years."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xuncha.workdays.arithmetic import Counting, UnknownYearError, WorkCalendar, YearSchedule

D = datetime.date
cal = WorkCalendar()


def test_national_day_week_and_its_saturday_make_up_day() -> None:
    # 2026-10-01..07 off; Saturday 10-10 is a make-up working day (调休上班).
    assert not cal.is_working_day(D(2026, 10, 1))
    assert not cal.is_working_day(D(2026, 10, 7))
    assert cal.is_working_day(D(2026, 10, 8))
    assert cal.is_working_day(D(2026, 10, 10))
    # From 09-30, start day not counted: 10-08, 10-09, 10-10 (Sat), 10-12, 10-13.
    assert cal.add_working_days(D(2026, 9, 30), 5) == D(2026, 10, 13)


def test_start_day_counted_changes_the_result() -> None:
    assert cal.add_working_days(D(2026, 9, 29), 2) == D(2026, 10, 8)  # 09-30, then the holiday week
    assert cal.add_working_days(D(2026, 9, 29), 2, Counting(start_day_counted=True)) == D(2026, 9, 30)
    assert cal.add_working_days(D(2026, 9, 28), 1, Counting(start_day_counted=True)) == D(2026, 9, 28)


def test_ten_working_days_across_a_sunday_make_up_day() -> None:
    # JDZ-2017 第三十四条: plan within 10 working days of signing. 2026-09-20 (Sunday) is a make-up day.
    assert cal.is_working_day(D(2026, 9, 20))
    assert cal.add_working_days(D(2026, 9, 8), 10) == D(2026, 9, 21)


def test_months_roll_forward_from_a_sunday_and_clamp_to_month_end() -> None:
    assert cal.add_months(D(2026, 9, 22), 2) == D(2026, 11, 23)  # 11-22 is a Sunday
    assert cal.add_months(D(2026, 9, 22), 2, Counting(roll_forward_on_holiday=False)) == D(2026, 11, 22)
    # 2025-12-31 + 2 months → 2026-02-28, no 31st; that Saturday is a Spring Festival make-up day, so it stays.
    assert cal.add_months(D(2025, 12, 31), 2) == D(2026, 2, 28)
    # 2026-08-31 + 1 month → 09-30 (Wednesday, a working day).
    assert cal.add_months(D(2026, 8, 31), 1) == D(2026, 9, 30)


def test_calendar_days_roll_forward_over_the_spring_festival() -> None:
    # 2026-02-05 + 10 days = 02-15, inside the Spring Festival holiday (02-15..02-23) → first working day after.
    assert cal.add_calendar_days(D(2026, 2, 5), 10) == D(2026, 2, 24)
    assert cal.add_calendar_days(D(2026, 2, 5), 10, Counting(roll_forward_on_holiday=False)) == D(2026, 2, 15)


def test_a_year_without_data_is_refused_with_instructions() -> None:
    with pytest.raises(UnknownYearError) as err:
        cal.add_working_days(D(2026, 12, 20), 10)
    assert err.value.year == 2027
    assert "2027 年的法定节假日和调休安排尚未录入" in str(err.value)
    assert "/workdays/years/" in str(err.value)
    with pytest.raises(UnknownYearError):
        cal.add_months(D(2026, 12, 1), 2)
    with pytest.raises(UnknownYearError):
        cal.is_working_day(D(2003, 5, 6))


def test_an_entered_year_is_used_and_overrides_the_package() -> None:
    entered = YearSchedule(2027, holidays=frozenset({D(2027, 1, 1)}), makeup_workdays=frozenset(), source="测试")
    c = WorkCalendar(overrides={2027: entered})
    assert c.add_working_days(D(2026, 12, 30), 2) == D(2027, 1, 4)  # 12-31, (01-01 off), 01-04
    corrected = YearSchedule(2026, holidays=frozenset(), makeup_workdays=frozenset(), source="更正")
    assert WorkCalendar(overrides={2026: corrected}).is_working_day(D(2026, 10, 1))


@settings(max_examples=150, deadline=None)
@given(start=st.dates(D(2004, 1, 1), D(2026, 9, 1)), n=st.integers(1, 60))
def test_adding_n_working_days_lands_on_the_nth_working_day(start: datetime.date, n: int) -> None:
    due = cal.add_working_days(start, n)
    assert cal.is_working_day(due)
    assert cal.working_days_between(start, due) == n
    assert cal.working_days_between(start, due - datetime.timedelta(days=1)) == n - 1


@settings(max_examples=150, deadline=None)
@given(start=st.dates(D(2004, 1, 1), D(2026, 9, 1)), n=st.integers(1, 3))
def test_months_land_on_a_working_day_not_before_the_corresponding_day(start: datetime.date, n: int) -> None:
    due = cal.add_months(start, n)
    assert cal.is_working_day(due)
    assert due > start
    plain = cal.add_months(start, n, Counting(roll_forward_on_holiday=False))
    assert plain <= due and (due - plain).days <= 12  # the longest holiday run is below 12 days
