"""Work-queue items of rectification (JDZ-2017 第三十四条; NMG-2016 第三十条、第三十四条).

- the reviewer the rulebook names reviews submitted reports: the team's leader under JDZ-2017 (`rectification_via_team`;
  `services.rectification_report_review` checks `_is_leader`), the office under NMG-2016 (`_is_office`);
- the inspected unit's contact submits the plan (JDZ-2017) or records the items (NMG-2016), submits the reports, submits
  them again after a return, and carries its items to their completion dates (`_require_unit`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Q
from django.urls import reverse

from xuncha.core.visibility import Viewer
from xuncha.inspections.models import Inspection
from xuncha.obligations.queue import QueueItem, office_jurisdictions, open_obligations, provider, queue_item

from . import rules
from .models import RectificationItem, RectificationPlan, RectificationReport

# Item completion dates this close (or past) are on the unit's queue; later ones wait (本系统设置).
ITEM_WINDOW_DAYS = 30


@provider
def reports_to_review(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    offices = office_jurisdictions(viewer)
    if not (viewer.led_team_ids or offices):
        return
    pending = (
        RectificationReport.objects.filter(
            Q(inspection__team_id__in=sorted(viewer.led_team_ids)) | Q(inspection__jurisdiction_id__in=offices),
            status=RectificationReport.Status.SUBMITTED,
            inspection__status=Inspection.Status.RECTIFYING,
        )
        .select_related("inspection__jurisdiction", "inspection__team__round__jurisdiction", "inspection__target")
        .order_by("submitted_on", "pk")
    )
    for report in pending:
        inspection = report.inspection
        book = inspection.jurisdiction.rulebook
        via_team = book.procedure.rectification_via_team
        # The same rule as rectification_report_review: the team's leader, or (no team review) the office.
        if via_team and inspection.team_id not in viewer.led_team_ids:
            continue
        if not via_team and inspection.jurisdiction_id not in offices:
            continue
        yield QueueItem(
            kind="rectification_report.team_review" if via_team else "rectification_report.office_review",
            title=f"审核整改情况报告（{rules.reviewer_name(book)}）",
            subject=f"{inspection} · 第{report.number}次报送",
            url=reverse("rectification:detail", args=[inspection.pk]) + "#review",
            jurisdiction_id=inspection.jurisdiction_id,
            since=report.submitted_on,
            article=rules.review_article(book),
        )


@provider
def unit_submissions(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    """The unit contact's own steps, each with the deadline that runs on it."""
    if not viewer.unit_org_ids:
        return
    inspections = list(
        Inspection.objects.filter(target_id__in=sorted(viewer.unit_org_ids), status=Inspection.Status.RECTIFYING)
        .select_related("jurisdiction", "team__round__jurisdiction", "target")
        .order_by("pk")
    )
    if not inspections:
        return
    plans = {p.inspection_id: p for p in RectificationPlan.objects.filter(inspection__in=inspections)}
    latest: dict[int, RectificationReport] = {}
    for report in RectificationReport.objects.filter(inspection__in=inspections).order_by("inspection_id", "number"):
        latest[report.inspection_id] = report
    deadlines = open_obligations(
        subject_type="inspections.inspection",
        subject_ids=[i.pk for i in inspections],
        rule_codes=["rectification_plan", "rectification_reports"],
    )
    for inspection in inspections:
        book = inspection.jurisdiction.rulebook
        url = reverse("rectification:portal_detail", args=[inspection.pk])
        start = inspection.receipt_signed_on if rules.has_receipt(book) else inspection.feedback_given_on
        if start is None:
            continue  # the receipt is not signed yet: nothing runs (JDZ-2017 第三十四条: 自签收反馈意见之日起)
        plan = plans.get(inspection.pk)
        if plan is None:
            separate = rules.has_separate_plan(book)
            yield queue_item(
                kind="rectification_plan.submit" if separate else "rectification_items.record",
                title="上报整改方案" if separate else "逐项登记整改事项",
                subject=str(inspection),
                url=url,
                jurisdiction_id=inspection.jurisdiction_id,
                since=start,
                article=rules.plan_article(book),
                obligation=deadlines.get(("rectification_plan", str(inspection.pk))),
                book=book,
            )
            continue  # the reports follow the plan (or the items): the service refuses them before it
        last = latest.get(inspection.pk)
        if last is not None and last.status != RectificationReport.Status.RETURNED:
            continue  # waiting for the review, or accepted
        returned = last is not None
        subject = f"{inspection} · 第{last.number}次报送退回：{last.review_opinion[:40]}" if last else str(inspection)
        yield queue_item(
            kind="rectification_reports.resubmit" if returned else "rectification_reports.submit",
            title="重新报送整改情况报告（已退回）" if returned else "报送整改情况报告和主要负责人组织落实情况报告",
            subject=subject,
            url=url,
            jurisdiction_id=inspection.jurisdiction_id,
            since=(last.reviewed_on if last else None) or start,
            article=rules.reports_article(book),
            obligation=deadlines.get(("rectification_reports", str(inspection.pk))),
            book=book,
        )


@provider
def items_due(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    """Unsettled items whose completion date (the unit's own plan's) has come or is near."""
    if not viewer.unit_org_ids:
        return
    items = (
        RectificationItem.objects.filter(
            plan__inspection__target_id__in=sorted(viewer.unit_org_ids),
            plan__inspection__status=Inspection.Status.RECTIFYING,
            target_date__lte=today + datetime.timedelta(days=ITEM_WINDOW_DAYS),
        )
        .exclude(status__in=RectificationItem.SETTLED)
        .select_related("finding", "plan__inspection__jurisdiction", "plan__inspection__team__round__jurisdiction")
        .select_related("plan__inspection__target")
        .order_by("target_date", "number")
    )
    for item in items:
        inspection = item.plan.inspection
        yield QueueItem(
            kind="rectification_item.complete",
            title=f"完成整改事项{item.number}（{item.get_status_display()}）",
            subject=f"{inspection} · {item.finding.title}",
            url=reverse("rectification:portal_detail", args=[inspection.pk]) + f"#item-{item.pk}",
            jurisdiction_id=inspection.jurisdiction_id,
            since=item.plan.submitted_on,
            due_on=item.target_date,
            setting="完成时限由本单位整改方案确定",
        )
