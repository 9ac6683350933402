"""The work queue (待办) for one request: computed once, shared by the dashboard, the queue page, the navigation
bar's count and the API. The providers live in each app's queue.py (xuncha/obligations/queue.py is the registry)."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from xuncha.core.visibility import Viewer, viewer_for
from xuncha.obligations.queue import Row, present, work_queue
from xuncha.workdays.selectors import work_calendar

DASHBOARD_LIMIT = 8  # the dashboard shows the first items; the queue page lists them all, paginated
PAGE_SIZE = 25


def queue_rows(request: HttpRequest) -> list[Row]:
    """The signed-in user's queue, aged in working days; once per request."""
    cached: list[Row] | None = getattr(request, "_xuncha_queue", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    today = timezone.localdate()
    rows = present(work_queue(user=user, today=today), today=today, cal=work_calendar())
    if rows:
        from xuncha.jurisdictions.models import Jurisdiction

        ids = {r.item.jurisdiction_id for r in rows}
        books = {j.pk: j.rulebook.short_title for j in Jurisdiction.objects.filter(pk__in=ids)}
        rows = [dataclasses.replace(r, rulebook=books.get(r.item.jurisdiction_id, "")) for r in rows]
    request._xuncha_queue = rows  # type: ignore[attr-defined]
    return rows


def empty_message(viewer: Viewer) -> str:
    """What an empty queue says, so that a role with nothing to do here does not look broken."""
    roles = {r for held in viewer.roles.values() for r in held}
    # JDZ-2017 第二十六条 / NMG-2016 第二十四条: the letters sent to an agency come to its contact to be answered.
    letters = "办公室发来情况了解公函后，“答复情况了解公函”会列在这里。" if viewer.agency_org_ids else ""
    if letters and not viewer.receiver_org_ids and not (roles - {"agency_contact"}) and not viewer.team_ids:
        return "目前没有需要您所在单位答复的情况了解公函。" + letters
    if viewer.receiver_org_ids and not (roles - {"receiver_contact", "agency_contact"}) and not viewer.team_ids:
        from xuncha.registry.models import Organization

        message = "目前没有需要您所在接收单位在本系统办理的事项。问题线索的移交、签收和办理情况反馈上线后将列在这里。"
        departments = Organization.objects.filter(
            pk__in=sorted(viewer.receiver_org_ids), receiver_kind="organization_department"
        )
        if departments.exists():
            message += "您提出的听取意见得到答复后，“查阅答复”会列在这里（在“成果运用”页提出听取意见）。"
        return message + letters
    acting = {"office_head", "office_staff", "unit_contact", "sysadmin"}
    if roles and not (roles & acting) and not viewer.team_ids:
        return (
            "目前没有需要您本人在本系统办理的事项：领导小组听取汇报、“五人小组”研究决定等会议由办公室登记。"
            "下方“期限”供您了解和督办。"
        )
    return "目前没有需要您办理的事项。"


def row_dict(row: Row) -> dict[str, Any]:
    item = row.item
    return {
        "kind": item.kind,
        "title": item.title,
        "subject": item.subject,
        "url": item.url,
        "jurisdiction": item.jurisdiction_id,
        "since": item.since,
        "due_on": item.due_on,
        "article": item.article,
        "rulebook": row.rulebook,
        "setting": item.setting,
        "timely": item.timely,
        "age_working_days": row.age_working_days,
        "overdue": row.overdue,
        "reminder_due": row.reminder_due,
    }


def viewer_of(request: HttpRequest) -> Viewer:
    return viewer_for(getattr(request, "user", None))
