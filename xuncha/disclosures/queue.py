"""Work-queue items of disclosures (公开: JDZ-2017 第四十二条, NMG-2016 第三十五条), with the authority of
disclosures/services.py: a draft waits for the office head's approval (`may_approve`; the approver is this system's
setting, the regulations name none), an approved text for the office to publish it (`may_publish`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone

from xuncha.core.visibility import Viewer
from xuncha.obligations.queue import QueueItem, provider

from .models import Disclosure
from .services import APPROVER, OFFICE


@provider
def disclosures_to_move(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    approvers = viewer.jurisdictions_with(APPROVER)
    publishers = viewer.jurisdictions_with(OFFICE)
    if not (approvers or publishers):
        return
    waiting = (
        Disclosure.objects.filter(
            inspection__jurisdiction_id__in=sorted(set(approvers) | set(publishers)),
            status__in=[Disclosure.Status.DRAFT, Disclosure.Status.APPROVED],
        )
        .select_related("inspection__jurisdiction", "inspection__team__round__jurisdiction", "inspection__target")
        .order_by("drafted_at", "pk")
    )
    for d in waiting:
        inspection = d.inspection
        book = inspection.jurisdiction.rulebook
        rule = next((r for r in book.disclosures if r.stage == d.stage), None)
        article = rule.article if rule else ""
        subject, url = f"{inspection} · {d.title}", reverse("disclosures:detail", args=[d.pk])
        if d.status == Disclosure.Status.DRAFT and inspection.jurisdiction_id in approvers:
            yield QueueItem(
                kind="disclosure.approve",
                title="审批公开内容" + ("（退回后修改的）" if d.return_reason else ""),
                subject=subject,
                url=url,
                jurisdiction_id=inspection.jurisdiction_id,
                since=timezone.localdate(d.drafted_at),
                article=article,
                setting="由办公室负责人审批（本系统设置，条文未规定审批人）",
            )
        elif d.status == Disclosure.Status.APPROVED and inspection.jurisdiction_id in publishers:
            yield QueueItem(
                kind="disclosure.publish",
                title="发布已审批的公开内容",
                subject=subject,
                url=url,
                jurisdiction_id=inspection.jurisdiction_id,
                since=d.approved_on,
                article=article,
            )
