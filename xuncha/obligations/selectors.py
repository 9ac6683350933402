from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from xuncha.workdays.arithmetic import UnknownYearError, WorkCalendar

from .models import Obligation

SOON_WORKING_DAYS = 3


@dataclass
class Board:
    today: datetime.date
    soon_until: datetime.date | None
    overdue: list[Obligation] = field(default_factory=list)
    due_soon: list[Obligation] = field(default_factory=list)
    open: list[Obligation] = field(default_factory=list)
    fulfilled: list[Obligation] = field(default_factory=list)
    calendar_warning: str = ""
    # Open obligations whose due date waits for a year's holiday schedule. They are listed under `open` with the
    # label “待录入…后计算”: never overdue, never due soon, never “及时”.
    pending: list[Obligation] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "overdue": len(self.overdue),
            "due_soon": len(self.due_soon),
            "open": len(self.open),
            "fulfilled": len(self.fulfilled),
            "pending": len(self.pending),
        }


def obligation_board(*, user: Any, today: datetime.date, cal: WorkCalendar, fulfilled_limit: int = 50) -> Board:
    """The user's visible obligations sorted into the dashboard's four groups.
    One query for open ones, one for recent fulfilled ones, whatever their number."""
    try:
        soon_until: datetime.date | None = cal.add_working_days(today, SOON_WORKING_DAYS)
        warning = ""
    except UnknownYearError as exc:
        soon_until, warning = None, str(exc)
    board = Board(today=today, soon_until=soon_until, calendar_warning=warning)
    base = Obligation.objects.visible_to(user).select_related("jurisdiction", "inspection")
    for ob in base.filter(status=Obligation.Status.OPEN):
        if ob.due_pending_year is not None:
            board.pending.append(ob)
            board.open.append(ob)
        elif ob.due_on is not None and ob.due_on < today:
            board.overdue.append(ob)
        elif ob.due_on is not None and soon_until is not None and ob.due_on <= soon_until:
            board.due_soon.append(ob)
        else:
            board.open.append(ob)
    if board.pending:
        years = "、".join(str(y) for y in sorted({ob.due_pending_year for ob in board.pending if ob.due_pending_year}))
        note = f"{len(board.pending)} 项期限待录入 {years} 年节假日安排后计算（请系统管理员在“工作日历”页面录入）。"
        board.calendar_warning = f"{board.calendar_warning} {note}".strip()
    board.fulfilled = list(
        base.filter(status=Obligation.Status.FULFILLED).order_by("-fulfilled_on", "-id")[:fulfilled_limit]
    )
    return board
