from __future__ import annotations

import datetime
import re
from typing import Any

from django.db import transaction

from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, full_clean_or_raise
from xuncha.core.visibility import viewer_for

from .models import HolidayYear, SpecialDay

_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\s*[~～至]\s*(\d{4}-\d{2}-\d{2}))?\s+(\S.*)$")


def parse_day_lines(text: str, *, year: int, label: str) -> tuple[list[tuple[datetime.date, str]], list[str]]:
    """Parse lines `YYYY-MM-DD[~YYYY-MM-DD] 名称`. Returns (days, errors by line)."""
    days: list[tuple[datetime.date, str]] = []
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
        day = first
        while day <= last:
            days.append((day, m.group(3).strip()[:40]))
            day += datetime.timedelta(days=1)
    return days, errors


def holiday_year_save(*, actor: Any, year: int, notice: str, holidays_text: str, workdays_text: str) -> HolidayYear:
    """Enter or replace one year's schedule. All-or-nothing: any bad line refuses the whole year."""
    viewer = viewer_for(actor)
    if not viewer.is_sysadmin and not any("office_head" in r for r in viewer.roles.values()):
        raise PermissionDeniedError("只有系统管理员或办公室负责人可以录入节假日安排。")
    if not 1990 <= year <= 2200:
        raise ServiceError(f"年份 {year} 不合理", field="year")
    if not notice.strip():
        raise ServiceError("请填写依据（国务院办公厅通知的名称与文号）", field="notice")
    holidays, errors = parse_day_lines(holidays_text, year=year, label="放假日期")
    workdays, more = parse_day_lines(workdays_text, year=year, label="调休上班日期")
    errors += more
    seen: dict[datetime.date, str] = {}
    for day, _ in holidays:
        if day in seen:
            errors.append(f"放假日期 {day} 重复")
        seen[day] = "holiday"
    for day, _ in workdays:
        if day in seen:
            errors.append(f"{day} 不能既放假又调休上班")
        elif day.weekday() < 5:
            errors.append(f"调休上班日期 {day} 是周一至周五，本来就是工作日；调休上班日应为周六或周日")
        seen[day] = "workday"
    if not holidays:
        errors.append("放假日期不能为空：每年至少有元旦、春节等法定节假日")
    if errors:
        raise ServiceError("；".join(errors), field="holidays_text" if not more else "workdays_text")
    with transaction.atomic():
        entry, created = HolidayYear.objects.select_for_update().get_or_create(
            year=year, defaults={"notice": notice, "entered_by": actor}
        )
        before = None
        if not created:
            before = {"notice": entry.notice, "days": sorted(str(d) for d in entry.days.values_list("date", flat=True))}
            entry.days.all().delete()
            entry.notice, entry.entered_by = notice.strip(), actor
            full_clean_or_raise(entry)
            entry.save()
        SpecialDay.objects.bulk_create(
            [SpecialDay(year=entry, date=d, kind=SpecialDay.Kind.HOLIDAY, name=n) for d, n in holidays]
            + [SpecialDay(year=entry, date=d, kind=SpecialDay.Kind.MAKEUP_WORKDAY, name=n) for d, n in workdays]
        )
        event_record(
            actor=actor,
            action="calendar.year_saved",
            obj=entry,
            before=before,
            after={
                "notice": entry.notice,
                "holidays": [str(d) for d, _ in holidays],
                "workdays": [str(d) for d, _ in workdays],
            },
        )
    return entry
