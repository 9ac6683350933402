"""Reads for the portal, the office's pages, the API and the closure check."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from xuncha.core.visibility import Viewer, viewer_for
from xuncha.findings.models import Finding
from xuncha.inspections.models import Inspection

from . import rules
from .models import RectificationItem, RectificationPlan, RectificationReport

if TYPE_CHECKING:
    from xuncha.accounts.models import User

PORTAL_STAGES = (Inspection.Status.RECTIFYING, Inspection.Status.CLOSED)


def fed_back_problems(inspection: Inspection) -> QuerySet[Finding]:
    """The problems fed back to the unit: the leader-approved findings of the inspection that a feedback session pointed
    out (指出问题, xuncha/feedback), with only what the unit may read (number, title, category, description) — never
    evidence, persons concerned or the drafting history. Callers decide first that the user may see this
    inspection's rectification."""
    return (
        Finding.objects.filter(
            inspection=inspection, status=Finding.Status.LEADER_APPROVED, feedback_sessions__inspection=inspection
        )
        .only("pk", "inspection_id", "number", "title", "category", "description")
        .distinct()
        .order_by("number")
    )


def is_unit_of(viewer: Viewer, inspection: Inspection) -> bool:
    return inspection.target_id in viewer.unit_org_ids


def is_staff_of(viewer: Viewer, inspection: Inspection) -> bool:
    """The office, the leading group, auditors of the jurisdiction, and the inspection's team."""
    return inspection.team_id in viewer.team_ids or inspection.jurisdiction_id in viewer.oversight_jurisdictions


def portal_inspections(user: User) -> QuerySet[Inspection]:
    """The inspections of the user's own units that are in rectification (or closed after it)."""
    viewer = viewer_for(user)
    return (
        Inspection.objects.visible_to(viewer)
        .filter(target_id__in=viewer.unit_org_ids, status__in=PORTAL_STAGES)
        .select_related("jurisdiction", "round", "team__round", "target")
    )


def staff_inspections(user: User) -> QuerySet[Inspection]:
    """Inspections whose rectification the user follows: the office, leading group and auditors of the jurisdiction,
    and the inspection's team. Not the inspected unit (it has the portal), not receivers."""
    viewer = viewer_for(user)
    return (
        Inspection.objects.visible_to(viewer)
        .filter(Q(team_id__in=viewer.team_ids) | Q(jurisdiction_id__in=viewer.oversight_jurisdictions))
        .select_related("jurisdiction", "round", "team__round", "target")
    )


def plan_of(inspection: Inspection) -> RectificationPlan | None:
    return RectificationPlan.objects.filter(inspection=inspection).first()


def latest_report(inspection: Inspection) -> RectificationReport | None:
    return RectificationReport.objects.filter(inspection=inspection).order_by("-number").first()


def review_state(inspection: Inspection) -> tuple[bool, str]:
    """For the closure check: whether the latest reports were accepted by the reviewer the rulebook names."""
    book = inspection.jurisdiction.rulebook
    reviewer = rules.reviewer_name(book)
    report = latest_report(inspection)
    if report is None:
        return (False, "尚未报送整改情况报告和主要负责人组织落实情况报告")
    if report.status == RectificationReport.Status.SUBMITTED:
        return (False, f"第{report.number}次报送的报告待{reviewer}审核")
    if report.status == RectificationReport.Status.RETURNED:
        return (False, f"第{report.number}次报送的报告已于 {report.reviewed_on} 退回，待重新报送")
    forwarded = f"，{report.forwarded_on} 报送{book.body('office').name}" if report.forwarded_on else ""
    return (True, f"{reviewer}已于 {report.reviewed_on} 审核通过第{report.number}次报送的报告{forwarded}")


def unsettled_items(inspection: Inspection) -> list[str] | None:
    """None when no items were recorded yet; else the items neither 已完成 nor 转入日常监督, by number and title."""
    plan = plan_of(inspection)
    if plan is None:
        return None
    items = (
        RectificationItem.objects.filter(plan=plan)
        .exclude(status__in=RectificationItem.SETTLED)
        .select_related("finding")
        .only("number", "status", "finding__title")
        .order_by("number")
    )
    return [f"{i.number}. {i.finding.title}（{i.get_status_display()}）" for i in items]
