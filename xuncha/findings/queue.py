"""Work-queue items of findings (组长负责制 and 组务会: JDZ-2017 第七条, NMG-2016 第十条; 请示报告: JDZ-2017 第二十一条,
NMG-2016 第二十二条), with the authority of findings/services/:

- a finding the 组务会 passed waits for the team's leader to approve it (`finding_leader_approve`, `is_team_leader`);
- drafts wait for a 组务会 to discuss them, which any member of the team may record (`team_meeting_hold`);
- a 请示报告 without an answer waits for the answer to be recorded, by the team or the office (`escalation_respond`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Count, Max, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from xuncha.core.visibility import Viewer
from xuncha.inspections.models import Inspection
from xuncha.obligations.queue import QueueItem, office_jurisdictions, provider

from . import rules
from .models import Escalation, Finding, FindingMove
from .services import WORKING_STAGES


def led_team_ids(viewer: Viewer) -> frozenset[int]:
    """The teams the viewer leads: as a team member with the leader's role, or by a people.Assignment as leader on
    their account (findings.services.is_team_leader). One query, only for those who have an inspector record."""
    from xuncha.people.models import Assignment

    if viewer.user_id is None:
        return frozenset()
    cached: frozenset[int] | None = getattr(viewer, "_queue_led_team_ids", None)
    if cached is not None:
        return cached
    assigned = Assignment.objects.filter(role="leader", inspector__user_id=viewer.user_id).values_list(
        "team_id", flat=True
    )
    led = viewer.led_team_ids | frozenset(assigned)
    object.__setattr__(viewer, "_queue_led_team_ids", led)  # once per viewer (the viewer is built once per request)
    return led


@provider
def findings_to_approve(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    if not viewer.team_ids:
        return
    led = led_team_ids(viewer)
    if not led:
        return
    passed_on = (
        FindingMove.objects.filter(finding=OuterRef("pk"), to_status=Finding.Status.TEAM_APPROVED)
        .order_by()
        .values("finding")
        .annotate(on=Max("occurred_on"))
        .values("on")
    )
    findings = (
        Finding.objects.filter(
            inspection__team_id__in=sorted(led),
            inspection__status__in=WORKING_STAGES,
            status=Finding.Status.TEAM_APPROVED,
        )
        .annotate(passed_on=Subquery(passed_on))
        .select_related("inspection__jurisdiction", "inspection__team__round__jurisdiction", "inspection__target")
        .order_by("inspection_id", "number")
    )
    for finding in findings:
        inspection = finding.inspection
        yield QueueItem(
            kind="finding.leader_approval",
            title="审定问题底稿（组务会已通过）",
            subject=f"{inspection} · 问题底稿 #{finding.number} {finding.title}",
            url=reverse("findings:detail", args=[finding.pk]),
            jurisdiction_id=inspection.jurisdiction_id,
            since=finding.passed_on,
            article=rules.team_article(inspection.jurisdiction.rulebook),
        )


@provider
def meetings_to_hold(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    if not viewer.team_ids:
        return
    inspections = (
        Inspection.objects.filter(team_id__in=sorted(viewer.team_ids), status__in=WORKING_STAGES)
        .annotate(
            drafts=Count("findings", filter=Q(findings__status=Finding.Status.DRAFT)),
            oldest=Min("findings__created_at", filter=Q(findings__status=Finding.Status.DRAFT)),
        )
        .filter(drafts__gt=0)
        .select_related("jurisdiction", "team__round__jurisdiction", "target")
        .order_by("pk")
    )
    for inspection in inspections:
        yield QueueItem(
            kind="team_meeting.hold",
            title=f"召开组务会研究问题底稿（{inspection.drafts}份草稿）",
            subject=str(inspection),
            url=reverse("findings:meetings", args=[inspection.pk]),
            jurisdiction_id=inspection.jurisdiction_id,
            since=timezone.localdate(inspection.oldest) if inspection.oldest else None,
            article=rules.team_article(inspection.jurisdiction.rulebook),
        )


@provider
def escalations_to_answer(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    offices = office_jurisdictions(viewer)
    if not (viewer.team_ids or offices):
        return
    waiting = (
        Escalation.objects.filter(
            Q(inspection__team_id__in=sorted(viewer.team_ids)) | Q(inspection__jurisdiction_id__in=offices),
            responded_on__isnull=True,
        )
        .select_related("inspection__jurisdiction", "inspection__team__round__jurisdiction", "inspection__target")
        .order_by("reported_on", "pk")
    )
    for escalation in waiting:
        inspection = escalation.inspection
        book = inspection.jurisdiction.rulebook
        to = book.body("leading_group").name if escalation.to == Escalation.To.LEADING_GROUP else "书记"
        yield QueueItem(
            kind="escalation.answer",
            title=f"登记请示报告的答复（报{to}）",
            subject=f"{inspection} · 请示报告 #{escalation.number}：{escalation.matter[:40]}",
            url=reverse("findings:escalations", args=[inspection.pk]),
            jurisdiction_id=inspection.jurisdiction_id,
            since=escalation.reported_on,
            article=rules.escalation_rule(book).article,
        )
