"""Work-queue items of reports (JDZ-2017 第三十条, NMG-2016 第二十六条), with the authority of reports/services.py:

- a report under review waits for the team's leader to finalize it or send it back (`report_finalize`,
  `report_return`: `is_team_leader`, 组长负责制);
- a report the leader sent back waits for the team's members to revise it (`report_edit`: a member of the team).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Q
from django.urls import reverse

from xuncha.core.visibility import Viewer
from xuncha.findings import rules as finding_rules
from xuncha.findings.queue import led_team_ids
from xuncha.obligations.queue import QueueItem, provider

from .models import Report
from .services import DRAFTING_STAGE


@provider
def reports_to_decide(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    if not viewer.team_ids:
        return
    led = led_team_ids(viewer)
    reports = (
        Report.objects.filter(inspection__team_id__in=sorted(viewer.team_ids | led))
        .filter(Q(status=Report.Status.UNDER_REVIEW) | (Q(status=Report.Status.DRAFT) & ~Q(return_reason="")))
        .filter(inspection__status=DRAFTING_STAGE)
        .select_related("inspection__jurisdiction", "inspection__team__round__jurisdiction", "inspection__target")
        .order_by("inspection_id", "type", "version")
    )
    for report in reports:
        inspection = report.inspection
        book = inspection.jurisdiction.rulebook
        kind = next((t for t in book.report_types if t.code == report.type), None)
        article = kind.article if kind else finding_rules.team_article(book)
        if report.status == Report.Status.UNDER_REVIEW:
            if inspection.team_id not in led:
                continue
            yield QueueItem(
                kind="report.finalize",
                title=f"审定{report.type_name}（定稿或退回）",
                subject=f"{inspection} · {report}",
                url=reverse("reports:detail", args=[report.pk]),
                jurisdiction_id=inspection.jurisdiction_id,
                since=report.submitted_on,
                article=article,
            )
        elif inspection.team_id in viewer.team_ids:
            yield QueueItem(
                kind="report.revise",
                title=f"修改组长退回的{report.type_name}",
                subject=f"{inspection} · {report}：{report.return_reason[:40]}",
                url=reverse("reports:detail", args=[report.pk]),
                jurisdiction_id=inspection.jurisdiction_id,
                since=report.returned_on,
                article=article,
            )
