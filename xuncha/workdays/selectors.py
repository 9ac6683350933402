from __future__ import annotations

import calendar as stdlib_calendar
import datetime
from dataclasses import dataclass

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


# How the month view names each kind of day: a text label in the cell and in the legend, never colour alone.
DAY_KINDS: dict[str, tuple[str, str]] = {
    "holiday": ("休", "法定节假日（放假）"),
    "makeup": ("班", "调休上班（周末上班）"),
    "rest": ("", "周末休息"),
    "work": ("", "工作日"),
}


@dataclass(frozen=True)
class DayCell:
    day: datetime.date
    kind: str  # a key of DAY_KINDS

    @property
    def working(self) -> bool:
        return self.kind in ("work", "makeup")

    @property
    def label(self) -> str:
        return DAY_KINDS[self.kind][0]

    @property
    def title(self) -> str:
        return DAY_KINDS[self.kind][1]


def day_kind(cal: WorkCalendar, day: datetime.date) -> str:
    schedule = cal.schedule(day.year)
    if day in schedule.makeup_workdays:
        return "makeup"
    if day in schedule.holidays:
        return "holiday"
    return "rest" if day.weekday() >= 5 else "work"


def month_grid(cal: WorkCalendar, year: int, month: int) -> list[list[DayCell | None]]:
    """Weeks of days for a month view, Monday first; days of other months are None."""
    weeks = []
    for week in stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([DayCell(d, day_kind(cal, d)) if d.month == month else None for d in week])
    return weeks


def counting_for(rulebook_counting: object) -> Counting:
    return Counting(
        start_day_counted=bool(getattr(rulebook_counting, "start_day_counted", False)),
        roll_forward_on_holiday=bool(getattr(rulebook_counting, "roll_forward_on_holiday", True)),
    )
