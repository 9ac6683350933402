"""Entering the national holiday schedule (the State Council's notice for 2027 and later).

The schedule is national and shared by every jurisdiction, so only the system administrator enters it. An entry is
checked whole (every line inside the year, no overlapping ranges, make-up days on weekends and not repeated, a
plausible number of working days) and can be previewed: the open obligations, in every jurisdiction, whose due dates
it would compute or move. Saving computes them in the same transaction, one recorded event per obligation.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, full_clean_or_raise
from xuncha.core.hooks import Hook
from xuncha.core.visibility import viewer_for

from .actions import CALENDAR_YEAR_SAVED, OBLIGATION_DUE_COMPUTED, OBLIGATION_DUE_MOVED
from .arithmetic import WorkCalendar, YearSchedule
from .models import HolidayYear, SpecialDay
from .selectors import _load_year

if TYPE_CHECKING:
    from xuncha.accounts.models import User

_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\s*[~～至]\s*(\d{4}-\d{2}-\d{2}))?\s+(\S.*)$")

# A year's working days under the State Council's schedules 2004–2026 were 248–252. An entry outside these bounds
# is almost certainly a typing error (a range meant as a week that covers a month). The bounds are this system's
# setting, not a rule of law: no regulation fixes the number of working days.
WORKING_DAYS_MIN = 240
WORKING_DAYS_MAX = 255
WORKING_DAYS_SETTING = (
    f"本系统设置：全年工作日应在 {WORKING_DAYS_MIN}–{WORKING_DAYS_MAX} 天之间（2004–2026 年实际为 248–252 天）"
)

ONLY_SYSADMIN = (
    "只有系统管理员可以录入节假日安排：国务院办公厅的节假日安排全国统一，各党委共用同一份日历。"
    "办公室负责人请联系系统管理员录入。"
)


@dataclass(frozen=True)
class DayRange:
    line: int
    first: datetime.date
    last: datetime.date
    name: str

    def days(self) -> list[datetime.date]:
        n = (self.last - self.first).days + 1
        return [self.first + datetime.timedelta(days=i) for i in range(n)]


def _parse_ranges(text: str, *, year: int, label: str) -> tuple[list[DayRange], list[str]]:
    ranges: list[DayRange] = []
    errors: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        m = _LINE.match(line)
        if not m:
            errors.append(f"{label}第 {number} 行“{line}”：格式应为“YYYY-MM-DD 名称”或“YYYY-MM-DD~YYYY-MM-DD 名称”")
            continue
        try:
            first = datetime.date.fromisoformat(m.group(1))
            last = datetime.date.fromisoformat(m.group(2)) if m.group(2) else first
        except ValueError:
            errors.append(f"{label}第 {number} 行“{line}”：日期不存在")
            continue
        if last < first:
            errors.append(f"{label}第 {number} 行：结束日期早于开始日期")
            continue
        if first.year != year or last.year != year:
            errors.append(f"{label}第 {number} 行：日期不在 {year} 年内")
            continue
        ranges.append(DayRange(number, first, last, m.group(3).strip()[:40]))
    return ranges, errors


def parse_day_lines(text: str, *, year: int, label: str) -> tuple[list[tuple[datetime.date, str]], list[str]]:
    """Parse lines `YYYY-MM-DD[~YYYY-MM-DD] 名称`. Returns (days, errors by line)."""
    ranges, errors = _parse_ranges(text, year=year, label=label)
    return [(d, r.name) for r in ranges for d in r.days()], errors


@dataclass
class CheckedYear:
    """A year's entry that passed every check."""

    year: int
    notice: str
    holidays: list[tuple[datetime.date, str]]
    workdays: list[tuple[datetime.date, str]]
    working_days: int

    def schedule(self) -> YearSchedule:
        return YearSchedule(
            year=self.year,
            holidays=frozenset(d for d, _ in self.holidays),
            makeup_workdays=frozenset(d for d, _ in self.workdays),
            source=self.notice,
        )


def _working_days_in(schedule: YearSchedule) -> int:
    cal = WorkCalendar(overrides={schedule.year: schedule})
    day, count = datetime.date(schedule.year, 1, 1), 0
    while day.year == schedule.year:
        count += cal.is_working_day(day)
        day += datetime.timedelta(days=1)
    return count


def holiday_year_check(*, year: int, notice: str, holidays_text: str, workdays_text: str) -> CheckedYear:
    """Every check an entry must pass, all errors at once, each naming its line. Writes nothing."""
    if not 1990 <= year <= 2200:
        raise ServiceError(f"年份 {year} 不合理", field="year")
    if not notice.strip():
        raise ServiceError("请填写依据（国务院办公厅通知的名称与文号）", field="notice")
    holiday_ranges, errors = _parse_ranges(holidays_text, year=year, label="放假日期")
    workday_ranges, more = _parse_ranges(workdays_text, year=year, label="调休上班日期")
    errors += more
    bad_field = "workdays_text" if more else "holidays_text"
    owner: dict[datetime.date, int] = {}
    for r in holiday_ranges:
        for day in r.days():
            if day in owner:
                if owner[day] == r.line:
                    continue
                errors.append(f"放假日期第 {r.line} 行与第 {owner[day]} 行重叠（{day}）")
                break
            owner[day] = r.line
    makeup: dict[datetime.date, int] = {}
    for r in workday_ranges:
        for day in r.days():
            if day in makeup:
                errors.append(f"调休上班日期第 {r.line} 行：{day} 与第 {makeup[day]} 行重复")
                bad_field = "workdays_text"
            elif day in owner:
                errors.append(f"调休上班日期第 {r.line} 行：{day} 不能既放假（放假日期第 {owner[day]} 行）又调休上班")
                bad_field = "workdays_text"
            elif day.weekday() < 5:
                errors.append(
                    f"调休上班日期第 {r.line} 行：调休上班日期 {day} 是周一至周五，本来就是工作日；"
                    "调休上班日应为周六或周日"
                )
                bad_field = "workdays_text"
            makeup.setdefault(day, r.line)
    if not holiday_ranges and not any(e.startswith("放假日期") for e in errors):
        errors.append("放假日期不能为空：每年至少有元旦、春节等法定节假日")
    if errors:
        raise ServiceError("；".join(errors), field=bad_field)
    checked = CheckedYear(
        year=year,
        notice=notice.strip(),
        holidays=[(d, r.name) for r in holiday_ranges for d in r.days()],
        workdays=[(d, r.name) for r in workday_ranges for d in r.days()],
        working_days=0,
    )
    checked.working_days = _working_days_in(checked.schedule())
    if not WORKING_DAYS_MIN <= checked.working_days <= WORKING_DAYS_MAX:
        raise ServiceError(
            f"按此录入，{year} 年共有 {checked.working_days} 个工作日，不在合理范围内（{WORKING_DAYS_SETTING}）。"
            "请核对放假日期的起止（例如把一周的假期误录为一个月）和调休上班日期",
            field="holidays_text",
            code="implausible_year",
        )
    return checked


def _require_sysadmin(actor: User | None) -> None:
    if not viewer_for(actor).is_sysadmin:
        raise PermissionDeniedError(ONLY_SYSADMIN)


@dataclass
class YearPreview:
    checked: CheckedYear
    replaces: HolidayYear | None
    changes: list[Any] = field(default_factory=list)  # obligations.engine.DueChange

    @property
    def computed(self) -> list[Any]:
        return [c for c in self.changes if c.computed]

    @property
    def moved(self) -> list[Any]:
        return [c for c in self.changes if not c.computed]


# The due dates that a year's schedule computes or moves: obligations (above) registers its `due_changes`
# `(calendar, year) -> [change]`, each change with `.obligation`, `.computed`, `.before_due`/`.after_due` and
# `.before_pending`/`.after_pending`.
DUE_CHANGES: Hook[Callable[[WorkCalendar, int], list[Any]]] = Hook(
    "workdays_due_changes", "节假日安排变化时计算或调整的期限，由 obligations 提供"
)


def _changes_with(checked: CheckedYear) -> list[Any]:
    cal = WorkCalendar(overrides={checked.year: checked.schedule()}, loader=_load_year)
    return [change for due_changes in DUE_CHANGES for change in due_changes(cal, checked.year)]


def holiday_year_preview(
    *, actor: User | None, year: int, notice: str, holidays_text: str, workdays_text: str
) -> YearPreview:
    """What saving this entry would do, without saving: the checks, the working-day count, and the open
    obligations of every jurisdiction whose due dates it would compute (pending ones) or move."""
    _require_sysadmin(actor)
    checked = holiday_year_check(year=year, notice=notice, holidays_text=holidays_text, workdays_text=workdays_text)
    return YearPreview(
        checked=checked, replaces=HolidayYear.objects.filter(year=year).first(), changes=_changes_with(checked)
    )


def holiday_year_save(
    *, actor: User | None, year: int, notice: str, holidays_text: str, workdays_text: str
) -> HolidayYear:
    """Enter or replace one year's schedule (system administrator only). All-or-nothing: any bad line refuses the
    whole year. In the same transaction every open obligation whose due date waited for this year is computed, and
    every one whose period runs through it is recomputed: one event `obligation.due_computed` (or `.due_moved`) per
    obligation, in that obligation's jurisdiction, after the year's own event `calendar.year_saved`."""
    _require_sysadmin(actor)
    checked = holiday_year_check(year=year, notice=notice, holidays_text=holidays_text, workdays_text=workdays_text)
    today = timezone.localdate()
    with transaction.atomic():
        entry, created = HolidayYear.objects.select_for_update().get_or_create(
            year=year, defaults={"notice": checked.notice, "entered_by": actor}
        )
        before = None
        if not created:
            before = {"notice": entry.notice, "days": sorted(str(d) for d in entry.days.values_list("date", flat=True))}
            entry.days.all().delete()
            entry.notice, entry.entered_by = checked.notice, actor
            full_clean_or_raise(entry)
            entry.save()
        SpecialDay.objects.bulk_create(
            [SpecialDay(year=entry, date=d, kind=SpecialDay.Kind.HOLIDAY, name=n) for d, n in checked.holidays]
            + [SpecialDay(year=entry, date=d, kind=SpecialDay.Kind.MAKEUP_WORKDAY, name=n) for d, n in checked.workdays]
        )
        changes = _changes_with(checked)
        event_record(
            actor=actor,
            action=CALENDAR_YEAR_SAVED,
            obj=entry,
            before=before,
            after={
                "notice": entry.notice,
                "holidays": [str(d) for d, _ in checked.holidays],
                "workdays": [str(d) for d, _ in checked.workdays],
                "working_days": checked.working_days,
                "obligations_computed": [c.obligation.pk for c in changes if c.computed],
                "obligations_moved": [c.obligation.pk for c in changes if not c.computed],
            },
            occurred_on=today,
        )
        for change in changes:
            ob = change.obligation
            ob.due_on, ob.due_pending_year = change.after_due, change.after_pending
            full_clean_or_raise(ob)
            ob.save(update_fields=["due_on", "due_pending_year"])
            event_record(
                actor=actor,
                action=OBLIGATION_DUE_COMPUTED if change.computed else OBLIGATION_DUE_MOVED,
                obj=ob,
                jurisdiction=ob.jurisdiction,
                inspection=ob.inspection,
                article=ob.article,
                before={"due_on": change.before_due, "due_pending_year": change.before_pending},
                after={
                    "due_on": change.after_due,
                    "due_pending_year": change.after_pending,
                    "calendar_year": year,
                    "notice": entry.notice,
                },
                occurred_on=today,
            )
    return entry
