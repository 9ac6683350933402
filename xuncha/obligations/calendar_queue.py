"""Work queue: enter next year's holiday schedule.

From 1 November, if next year's schedule is not known (neither entered nor in the package), the system
administrator gets a to-do to enter it and each jurisdiction's office head one to ask the administrator for it;
a year that has begun without a schedule stays on the queue. The date is this system's setting: the State
Council's schedule is not in the regulations, so no article is cited."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from xuncha.core.visibility import Viewer
from xuncha.workdays.selectors import work_calendar

from .queue import QueueItem, provider

REMIND_FROM = (11, 1)  # month, day of the year before
SETTING = "本系统设置：每年11月1日起提醒"
URL = "/workdays/years/"


def missing_years(today: datetime.date) -> list[int]:
    """Years whose schedule is needed now and not known: this year, and from 1 November next year."""
    cal = work_calendar()
    wanted = [today.year]
    if (today.month, today.day) >= REMIND_FROM:
        wanted.append(today.year + 1)
    return [y for y in wanted if not cal.knows(y)]


@provider
def holiday_year_missing(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    heads = viewer.jurisdictions_with({"office_head"})
    if not viewer.is_sysadmin and not heads:
        return
    for year in missing_years(today):
        since = datetime.date(year - 1, *REMIND_FROM)
        subject = f"国务院办公厅关于{year}年部分节假日安排的通知"
        if viewer.is_sysadmin:
            admin_in = viewer.jurisdictions_with({"sysadmin"})
            yield QueueItem(
                kind="calendar.year_missing",
                title=f"录入{year}年节假日安排",
                subject=subject,
                url=URL,
                jurisdiction_id=admin_in[0] if admin_in else 0,
                since=since,
                setting=SETTING,
            )
        for jurisdiction_id in heads:
            yield QueueItem(
                kind="calendar.year_missing.ask",
                title=f"请系统管理员录入{year}年节假日安排",
                subject=f"{subject}（全国统一，由系统管理员录入；期限跨入该年的事项在录入前待计算）",
                url=URL,
                jurisdiction_id=jurisdiction_id,
                since=since,
                setting=SETTING,
            )
