"""Pages: an inspection's findings, a finding with its evidence and history, team meetings and escalations.
Reads through visible_to (and `readable_inspections`: the inspected unit and receivers get 404); writes through
services, whose refusals are shown as they are."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xuncha.core.pages import attempt
from xuncha.core.visibility import viewer_for
from xuncha.inspections.models import Inspection

from . import rules, services
from .forms import (
    EscalationForm,
    EvidenceForm,
    FindingCreateForm,
    FindingForm,
    LeaderApproveForm,
    MeetingForm,
    RespondForm,
    ReturnForm,
)
from .models import Escalation, Evidence, Finding, TeamMeeting
from .selectors import evidence_rows, readable_inspections, team_roster

INSPECTION_RELATED = ("jurisdiction", "round", "team__round__jurisdiction", "target")

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    return get_object_or_404(
        readable_inspections(cast("User", request.user)).select_related(*INSPECTION_RELATED), pk=pk
    )


def _finding(request: HttpRequest, pk: int) -> Finding:
    finding = get_object_or_404(Finding.objects.visible_to(request.user).select_related("cadre"), pk=pk)
    finding.inspection = _inspection(request, finding.inspection_id)
    return finding


def _posted_date(request: HttpRequest, name: str) -> datetime.date | None:
    """A date the form posts (the roster depends on the meeting day); None if absent or not a date."""
    try:
        return datetime.date.fromisoformat(request.POST.get(name, ""))
    except ValueError:
        return None


def _roles(request: HttpRequest, inspection: Inspection) -> dict[str, Any]:
    viewer = viewer_for(request.user)
    return {
        "is_member": inspection.team_id in viewer.team_ids,
        "is_leader": services.is_team_leader(cast("User", request.user), inspection.team_id),
        "working": inspection.status in services.WORKING_STAGES,
        "book": inspection.jurisdiction.rulebook,
        "team_article": rules.team_article(inspection.jurisdiction.rulebook),
    }


@login_required
def finding_list(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    book = inspection.jurisdiction.rulebook
    names = {c.code: c.name for c in book.problem_categories}
    findings = list(
        Finding.objects.visible_to(request.user)
        .filter(inspection=inspection)
        .annotate(evidence_count=Count("evidence"))
        .order_by("number")
    )
    for f in findings:
        f.category_label = names.get(f.category, f.category)  # type: ignore[attr-defined]
    return render(
        request,
        "findings/list.html",
        {"inspection": inspection, "findings": findings, "categories": book.problem_categories}
        | _roles(request, inspection),
    )


@login_required
def finding_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    form = FindingCreateForm(request.POST or None, inspection=inspection, user=cast("User", request.user))
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.finding_create(
                actor=cast("User", request.user), inspection=inspection, **form.cleaned_data
            ),
            form=form,
            success=lambda finding: f"已起草{finding}。",
        )
        if done:
            return redirect("findings:detail", pk=done.value.pk)
    return render(
        request,
        "findings/form.html",
        {"inspection": inspection, "form": form, "finding": None} | _roles(request, inspection),
    )


@login_required
def finding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    inspection = finding.inspection
    initial = {
        "title": finding.title,
        "category": finding.category,
        "description": finding.description,
        "persons_concerned": finding.persons_concerned,
        "cadre": finding.cadre_id,
        "is_clue": finding.is_clue,
    }
    form = FindingForm(request.POST or None, initial=initial, inspection=inspection, user=cast("User", request.user))
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.finding_update(actor=cast("User", request.user), finding=finding, **form.cleaned_data),
            form=form,
            success=f"已修改{finding}。",
        )
        if done:
            return redirect("findings:detail", pk=finding.pk)
    return render(
        request,
        "findings/form.html",
        {"inspection": inspection, "form": form, "finding": finding} | _roles(request, inspection),
    )


@login_required
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    inspection = finding.inspection
    roles = _roles(request, inspection)
    evidence = list(Evidence.objects.visible_to(request.user).filter(finding=finding).order_by("pk"))
    today = timezone.localdate()
    return render(
        request,
        "findings/detail.html",
        {
            "inspection": inspection,
            "finding": finding,
            "category": next((c for c in roles["book"].problem_categories if c.code == finding.category), None),
            "evidence": evidence_rows(cast("User", request.user), evidence, inspection_id=inspection.pk),
            "moves": finding.moves.visible_to(request.user)
            .select_related("actor", "meeting")
            .order_by("recorded_at", "pk"),
            "meetings": finding.approving_meetings.visible_to(request.user).order_by("number"),
            "escalations": finding.escalations.visible_to(request.user).order_by("number"),
            "evidence_form": EvidenceForm(inspection=inspection, user=cast("User", request.user))
            if roles["is_member"] and finding.status == Finding.Status.DRAFT
            else None,
            "approve_form": LeaderApproveForm(initial={"on": today}),
            "return_form": ReturnForm(initial={"on": today}),
        }
        | roles,
    )


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    form = EvidenceForm(request.POST, inspection=finding.inspection, user=cast("User", request.user))
    if not form.is_valid():
        messages.error(request, f"关联证据：请选择本次{finding.inspection.jurisdiction.word}中您可查看的记录")
        return redirect("findings:detail", pk=pk)
    kind, object_id = form.parsed()
    attempt(
        request,
        lambda: services.evidence_link(
            actor=cast("User", request.user),
            finding=finding,
            kind=kind,
            object_id=object_id,
            note=form.cleaned_data["note"],
        ),
        success=lambda evidence: f"已关联{evidence.label}。",
        refused="未关联",
    )
    return redirect("findings:detail", pk=pk)


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence.objects.visible_to(request.user).select_related("finding"), pk=pk)
    evidence.finding = _finding(request, evidence.finding_id)
    attempt(
        request,
        lambda: services.evidence_unlink(actor=cast("User", request.user), evidence=evidence),
        success=f"已取消关联{evidence.label}。",
        refused="未取消关联",
    )
    return redirect("findings:detail", pk=evidence.finding_id)


@login_required
@require_POST
def finding_approve(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    form = LeaderApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "组长审定：审定日期应为 YYYY-MM-DD")
        return redirect("findings:detail", pk=pk)
    attempt(
        request,
        lambda: services.finding_leader_approve(
            actor=cast("User", request.user), finding=finding, on=form.cleaned_data["on"]
        ),
        success=f"{finding}已由组长审定。",
        refused="未审定",
    )
    return redirect("findings:detail", pk=pk)


@login_required
@require_POST
def finding_return(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, "退回：请填写退回日期和理由")
        return redirect("findings:detail", pk=pk)
    attempt(
        request,
        lambda: services.finding_return(actor=cast("User", request.user), finding=finding, **form.cleaned_data),
        success=f"{finding}已退回草稿。",
        refused="未退回",
    )
    return redirect("findings:detail", pk=pk)


@login_required
def meeting_list(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    roles = _roles(request, inspection)
    form = None
    if roles["is_member"]:
        held_on = _posted_date(request, "held_on") or timezone.localdate()
        members = team_roster(inspection.team_id, held_on)
        drafts = list(
            Finding.objects.visible_to(request.user)
            .filter(inspection=inspection, status=Finding.Status.DRAFT)
            .order_by("number")
        )
        form = MeetingForm(
            request.POST or None,
            initial={"held_on": timezone.localdate()},
            members=members,
            drafts=drafts,
        )
        if request.method == "POST" and form.is_valid():
            chosen = {str(f.pk): f for f in drafts}
            done = attempt(
                request,
                lambda: services.team_meeting_hold(
                    actor=cast("User", request.user),
                    inspection=inspection,
                    held_on=form.cleaned_data["held_on"],
                    attendees=list(form.cleaned_data["attendees"]),
                    agenda=form.cleaned_data["agenda"],
                    minutes=form.cleaned_data["minutes"],
                    decisions=form.cleaned_data["decisions"],
                    findings=[chosen[k] for k in form.cleaned_data["findings"]],
                ),
                form=form,
                success=lambda meeting: f"已登记{meeting}。",
            )
            if done:
                return redirect("findings:meeting", pk=done.value.pk)
    meetings = (
        TeamMeeting.objects.visible_to(request.user)
        .filter(inspection=inspection)
        .annotate(attending=Count("attendance", distinct=True), approved=Count("findings", distinct=True))
        .order_by("number")
    )
    return render(
        request,
        "findings/meetings.html",
        {
            "inspection": inspection,
            "meetings": meetings,
            "form": form,
            "quorum_rule": rules.QUORUM_RULE,
            "quorum_note": rules.quorum_note(inspection.jurisdiction.rulebook),
        }
        | roles,
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(TeamMeeting.objects.visible_to(request.user).select_related("recorded_by"), pk=pk)
    inspection = _inspection(request, meeting.inspection_id)
    return render(
        request,
        "findings/meeting_detail.html",
        {
            "inspection": inspection,
            "meeting": meeting,
            "attendees": list(meeting.attendance.order_by("pk")),
            "findings": meeting.findings.visible_to(request.user).order_by("number"),
            "quorum_rule": rules.QUORUM_RULE,
            "quorum_note": rules.quorum_note(inspection.jurisdiction.rulebook),
        }
        | _roles(request, inspection),
    )


@login_required
def escalation_list(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    roles = _roles(request, inspection)
    book = roles["book"]
    rule = rules.escalation_rule(book)
    findings = list(Finding.objects.visible_to(request.user).filter(inspection=inspection).order_by("number"))
    form = None
    if roles["is_member"] and rule is not None:
        form = EscalationForm(
            request.POST or None,
            initial={"reported_on": timezone.localdate(), "to": Escalation.To.LEADING_GROUP},
            inspection=inspection,
            findings=findings,
        )
        if request.method == "POST" and form.is_valid():
            by_pk = {str(f.pk): f for f in findings}
            data = dict(form.cleaned_data)
            data["finding"] = by_pk.get(data["finding"] or "")
            done = attempt(
                request,
                lambda: services.escalation_create(actor=cast("User", request.user), inspection=inspection, **data),
                form=form,
                success=lambda escalation: f"已登记{escalation}。",
            )
            if done:
                return redirect("findings:escalations", pk=inspection.pk)
    viewer = viewer_for(request.user)
    can_respond = roles["is_member"] or inspection.jurisdiction_id in viewer.jurisdictions_with(
        {"office_head", "office_staff"}
    )
    escalations = (
        Escalation.objects.visible_to(request.user)
        .filter(inspection=inspection)
        .select_related("reported_by", "finding")
        .order_by("number")
    )
    return render(
        request,
        "findings/escalations.html",
        {
            "inspection": inspection,
            "escalations": escalations,
            "form": form,
            "rule": rule,
            "leading_group": book.body("leading_group").name,
            "secretary": rules.secretary_title(book),
            "can_respond": can_respond,
            "respond_form": RespondForm(initial={"responded_on": timezone.localdate()}),
        }
        | roles,
    )


@login_required
@require_POST
def escalation_respond(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = get_object_or_404(Escalation.objects.visible_to(request.user), pk=pk)
    escalation.inspection = _inspection(request, escalation.inspection_id)
    form = RespondForm(request.POST)
    if not form.is_valid():
        messages.error(request, "登记答复：请填写答复意见和答复日期")
    else:
        attempt(
            request,
            lambda: services.escalation_respond(
                actor=cast("User", request.user), escalation=escalation, **form.cleaned_data
            ),
            success=f"已登记{escalation}的答复。",
            refused="未登记答复",
        )
    return redirect("findings:escalations", pk=escalation.inspection_id)
