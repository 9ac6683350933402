from __future__ import annotations

import calendar as stdlib_calendar
import datetime

from .arithmetic import Counting, WorkCalendar, YearSchedule
from .models import HolidayYear, SpecialDay


def _load_year(year: int) -> YearSchedule | None:
    entry = HolidayYear.objects.filter(year=year).first()
    if entry is None:
        return None
    days = list(SpecialDay.objects.filter(year=entry).values_list("date", "kind"))
    return YearSchedule(
        year=year,
        holidays=frozenset(d for d, k in days if k == SpecialDay.Kind.HOLIDAY),
        makeup_workdays=frozenset(d for d, k in days if k == SpecialDay.Kind.MAKEUP_WORKDAY),
        source=entry.notice,
    )


def work_calendar() -> WorkCalendar:
    """A calendar that reads administrator-entered years from the database lazily.
    Make a new one per request or computation: it caches what it has read."""
    return WorkCalendar(loader=_load_year)


def month_grid(cal: WorkCalendar, year: int, month: int) -> list[list[tuple[datetime.date, bool] | None]]:
    """Weeks of (day, is_working) for a month view, Monday first."""
    weeks = []
    for week in stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([(d, cal.is_working_day(d)) if d.month == month else None for d in week])
    return weeks


def counting_for(rulebook_counting: object) -> Counting:
    return Counting(
        start_day_counted=bool(getattr(rulebook_counting, "start_day_counted", False)),
        roll_forward_on_holiday=bool(getattr(rulebook_counting, "roll_forward_on_holiday", True)),
    )
