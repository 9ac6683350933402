"""Work-queue items of the public's channel, for the inspection's team (the same authority as services/team.py):
登记网上来信 (reports of earlier days not yet in the register) and 答复群众留言 (a thread whose last message is the
reporter's)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Min, OuterRef, Subquery
from django.urls import reverse

from xuncha.core.visibility import Viewer
from xuncha.fieldwork import rules
from xuncha.inspections.models import Inspection
from xuncha.obligations.queue import QueueItem, provider

from .models import PublicMessage, PublicReport


@provider
def public_reports_to_work(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    if not viewer.team_ids:
        return
    inspections = Inspection.objects.filter(team_id__in=sorted(viewer.team_ids)).select_related(
        "jurisdiction", "team__round__jurisdiction", "target"
    )
    waiting = {
        row["inspection_id"]: row["first"]
        for row in PublicReport.objects.filter(
            inspection__in=inspections, petition__isnull=True, submitted_on__lt=today
        )
        .values("inspection_id")
        .annotate(first=Min("submitted_on"))
    }
    last = PublicMessage.objects.filter(report=OuterRef("pk")).order_by("-position")
    answered = (
        PublicReport.objects.filter(inspection__in=inspections)
        .annotate(last_from_team=Subquery(last.values("from_team")[:1]), last_on=Subquery(last.values("on")[:1]))
        .filter(last_from_team=False)
        .select_related("petition")
    )
    by_pk = {i.pk: i for i in inspections}
    for inspection_id, since in waiting.items():
        inspection = by_pk[inspection_id]
        yield QueueItem(
            kind="reporting.intake",
            title="登记网上来信",
            subject=f"{inspection} · 网上反映",
            url=reverse("reporting:inbox", args=[inspection.pk]),
            jurisdiction_id=inspection.jurisdiction_id,
            since=since,
            article=rules.method(inspection.jurisdiction.rulebook, "petition").article,
        )
    for report in answered:
        inspection = by_pk[report.inspection_id]
        number = f"第{report.petition.number}号网上来信" if report.petition else "未登记的网上反映"
        yield QueueItem(
            kind="reporting.reply",
            title="答复群众留言",
            subject=f"{inspection} · {number}",
            url=reverse("reporting:report", args=[report.pk]),
            jurisdiction_id=inspection.jurisdiction_id,
            since=report.last_on,
        )
