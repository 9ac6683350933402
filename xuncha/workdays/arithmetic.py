"""Working-day arithmetic on the State Council's holiday schedule.

A day is a working day when it is a make-up working day (调休上班), or a Monday
to Friday that is not a statutory holiday. Data per year comes from the
administrator-entered schedule if there is one (it wins, so a correction can be
made without a release), else from the chinese-calendar package (2004–2026).
A computation that touches a year with neither is refused: never guessed from
weekends alone.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import chinese_calendar

Unit = Literal["working_days", "calendar_days", "months"]

PACKAGE_FIRST_YEAR = min(d.year for d in chinese_calendar.holidays)
PACKAGE_LAST_YEAR = max(d.year for d in chinese_calendar.holidays)


class UnknownYearError(Exception):
    """A computation needs a year whose holiday schedule nobody has entered."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"{year} 年的法定节假日和调休安排尚未录入，无法按工作日计算期限。"
            f"请系统管理员依据国务院办公厅关于 {year} 年部分节假日安排的通知，"
            f"在“工作日历”页面（/workdays/years/）录入 {year} 年的放假日期和调休上班日期后再试。"
        )


@dataclass(frozen=True)
class YearSchedule:
    year: int
    holidays: frozenset[datetime.date]
    makeup_workdays: frozenset[datetime.date]
    source: str


@dataclass(frozen=True)
class Counting:
    """How a period is counted. Defaults follow 《民法典》第二百零一条、第二百零三条;
    each rulebook states its own (see its `counting:` section)."""

    start_day_counted: bool = False
    roll_forward_on_holiday: bool = True


def _package_schedule(year: int) -> YearSchedule | None:
    if not PACKAGE_FIRST_YEAR <= year <= PACKAGE_LAST_YEAR:
        return None
    return YearSchedule(
        year=year,
        holidays=frozenset(d for d in chinese_calendar.holidays if d.year == year),
        makeup_workdays=frozenset(d for d in chinese_calendar.workdays if d.year == year),
        source=f"chinese-calendar {chinese_calendar.__version__}",
    )


@dataclass
class WorkCalendar:
    """Answers working-day questions. `overrides` are administrator-entered years;
    `loader` may fetch one lazily (the database-backed calendar uses it)."""

    overrides: Mapping[int, YearSchedule] = field(default_factory=dict)
    loader: Callable[[int], YearSchedule | None] | None = None
    _cache: dict[int, YearSchedule | None] = field(default_factory=dict, repr=False)

    def schedule(self, year: int) -> YearSchedule:
        if year not in self._cache:
            found = self.overrides.get(year)
            if found is None and self.loader is not None:
                found = self.loader(year)
            if found is None:
                found = _package_schedule(year)
            self._cache[year] = found
        result = self._cache[year]
        if result is None:
            raise UnknownYearError(year)
        return result

    def knows(self, year: int) -> bool:
        try:
            self.schedule(year)
        except UnknownYearError:
            return False
        return True

    def is_working_day(self, day: datetime.date) -> bool:
        s = self.schedule(day.year)
        if day in s.makeup_workdays:
            return True
        return day.weekday() < 5 and day not in s.holidays

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """`day` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += datetime.timedelta(days=1)
        return day

    def add_working_days(self, start: datetime.date, n: int, counting: Counting = Counting()) -> datetime.date:
        """The day on which the n-th working day falls."""
        if n < 1:
            raise ValueError("工作日数必须为正整数")
        day, counted = start, 0
        if counting.start_day_counted and self.is_working_day(start):
            counted = 1
        while counted < n:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def add_calendar_days(self, start: datetime.date, n: int, counting: Counting = Counting()) -> datetime.date:
        if n < 1:
            raise ValueError("日数必须为正整数")
        last = start + datetime.timedelta(days=n - 1 if counting.start_day_counted else n)
        return self._roll(last, counting)

    def add_months(self, start: datetime.date, n: int, counting: Counting = Counting()) -> datetime.date:
        """The corresponding day n months later, or that month's last day if it has none
        (《民法典》第二百零二条)."""
        if n < 1:
            raise ValueError("月数必须为正整数")
        month_index = start.month - 1 + n
        year, month = start.year + month_index // 12, month_index % 12 + 1
        day = min(start.day, _stdlib_calendar.monthrange(year, month)[1])
        last = datetime.date(year, month, day)
        if counting.start_day_counted:
            last -= datetime.timedelta(days=1)
        return self._roll(last, counting)

    def add(self, start: datetime.date, n: int, unit: Unit, counting: Counting = Counting()) -> datetime.date:
        if unit == "working_days":
            return self.add_working_days(start, n, counting)
        if unit == "calendar_days":
            return self.add_calendar_days(start, n, counting)
        if unit == "months":
            return self.add_months(start, n, counting)
        raise ValueError(f"未知的期限单位 {unit!r}")

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start)."""
        count, day = 0, start
        while day < end:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    def working_days_between_known(self, start: datetime.date, end: datetime.date) -> tuple[int, int | None]:
        """Like `working_days_between`, but counting only the days in years whose schedule is known:
        (working days counted, first year that is not known, or None). The days of an unknown year are not
        counted at all, so the count is a lower bound of the real one: use it to prove “at least N”, never to
        guess a date."""
        count, day, missing = 0, start, None
        while day < end:
            day += datetime.timedelta(days=1)
            if not self.knows(day.year):
                missing = day.year if missing is None else missing
                continue
            if self.is_working_day(day):
                count += 1
        return count, missing

    def _roll(self, last: datetime.date, counting: Counting) -> datetime.date:
        if counting.roll_forward_on_holiday:
            return self.next_working_day(last)
        self.schedule(last.year)  # still refuse a year nobody has entered
        return last
