"""The team's staffing page (组建工作组): the office adds people to a team with recusal and eligibility checked as they
are chosen, records waivers and eligibility exceptions. The team is planning's; who staffs it is people's (the
layers: people sits above planning), so these pages live here under the paths `planning/teams/<pk>/…` (names
`staffing:…`, `team_urls.py`)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xuncha.core.api_support import as_id
from xuncha.core.errors import ServiceError
from xuncha.core.pages import attempt
from xuncha.core.views import bad_request_page
from xuncha.core.visibility import office_jurisdiction_ids, viewer_for
from xuncha.planning.models import Team

from .models import Assignment, EligibilityException, Inspector, RecusalWaiver, waiver_reader_jurisdictions
from .ranking import rank_candidates
from .services import assignment_create, assignment_preview, eligibility_exception_record, recusal_waiver_record

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _team_for(request: HttpRequest, pk: int) -> Team:
    return get_object_or_404(Team.objects.visible_to(request.user).select_related("round__jurisdiction"), pk=pk)


@login_required
def team_form(request: HttpRequest, pk: int) -> HttpResponse:
    """Team formation: add people, with recusal and eligibility checked live as they are chosen."""

    team = _team_for(request, pk)
    jurisdiction = team.round.jurisdiction
    can_edit = jurisdiction.pk in office_jurisdiction_ids(request.user)
    today = timezone.localdate()
    if request.method == "POST" and can_edit:
        try:
            chosen = as_id(request.POST.get("inspector"), field="inspector", label="工作人员")
        except ServiceError as exc:
            return bad_request_page(request, exc)
        inspector = get_object_or_404(Inspector, pk=chosen, jurisdiction=jurisdiction)
        attempt(
            request,
            lambda: assignment_create(
                actor=cast("User", request.user),
                team=team,
                inspector=inspector,
                role=request.POST.get("role", ""),
                on=today,
            ),
            success=f"已安排{inspector}。",
        )
        return redirect("staffing:team", pk=team.pk)
    role = request.GET.get("role", "member")
    return render(
        request,
        "people/team_form.html",
        {
            "team": team,
            "round": team.round,
            "jurisdiction": jurisdiction,
            "can_edit": can_edit,
            "targets": team.inspections.select_related("target"),
            "assignments": Assignment.objects.visible_to(request.user)
            .filter(team=team)
            .select_related("inspector__cadre"),
            # A waiver's fact and reason, and each member's recusal facts, are the office's (and the waiver body's):
            # a team member sees who is on the team, not why someone might have had to recuse.
            "waivers": RecusalWaiver.objects.visible_to(request.user)
            .filter(team=team)
            .select_related("inspector__cadre"),
            "show_recusal": jurisdiction.pk in waiver_reader_jurisdictions(viewer_for(request.user)),
            "eligibility_exceptions": EligibilityException.objects.visible_to(request.user)
            .filter(team=team)
            .select_related("inspector__cadre"),
            "candidates": rank_candidates(team=team, role=role, on=today) if can_edit else [],
            "roles": Assignment.Role.choices,
            "role": role,
            "inspectors": Inspector.objects.filter(jurisdiction=jurisdiction, active=True)
            .select_related("cadre", "jurisdiction")
            .order_by("cadre__name"),
            "is_office_head": "office_head" in viewer_for(request.user).roles.get(jurisdiction.pk, frozenset()),
        },
    )


@login_required
def team_check(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: what assigning this inspector in this role would meet — hits, warnings, refusals."""

    team = _team_for(request, pk)
    jurisdiction = team.round.jurisdiction
    if jurisdiction.pk not in office_jurisdiction_ids(request.user):
        return HttpResponse(status=403)
    try:
        chosen = as_id(request.GET.get("inspector"), field="inspector", label="工作人员", required=False)
    except ServiceError as exc:
        return bad_request_page(request, exc)
    inspector = Inspector.objects.filter(pk=chosen, jurisdiction=jurisdiction).first() if chosen else None
    preview = None
    if inspector is not None:
        preview = assignment_preview(
            team=team, inspector=inspector, role=request.GET.get("role", "member"), on=timezone.localdate()
        )
    is_head = "office_head" in viewer_for(request.user).roles.get(jurisdiction.pk, frozenset())
    return render(
        request,
        "people/_team_check.html",
        {
            "team": team,
            "inspector": inspector,
            "preview": preview,
            "is_office_head": is_head,
            "waiver_body": jurisdiction.rulebook.body(jurisdiction.rulebook.recusal.waiver_by).name,
        },
    )


@login_required
@require_POST
def team_waiver(request: HttpRequest, pk: int) -> HttpResponse:

    team = _team_for(request, pk)
    try:
        chosen = as_id(request.POST.get("inspector"), field="inspector", label="工作人员")
    except ServiceError as exc:
        return bad_request_page(request, exc)
    inspector = get_object_or_404(Inspector, pk=chosen, jurisdiction=team.round.jurisdiction)
    try:
        decided_on = datetime.date.fromisoformat(request.POST.get("decided_on", ""))
    except ValueError:
        messages.error(request, "决定日期应为 YYYY-MM-DD")
        return redirect("staffing:team", pk=team.pk)
    attempt(
        request,
        lambda: recusal_waiver_record(
            actor=cast("User", request.user),
            team=team,
            inspector=inspector,
            rule=request.POST.get("rule", ""),
            fact=request.POST.get("fact", ""),
            reason=request.POST.get("reason", ""),
            decided_on=decided_on,
        ),
        success=f"已登记{inspector}的回避豁免。",
    )
    return redirect("staffing:team", pk=team.pk)


@login_required
@require_POST
def team_eligibility_exception(request: HttpRequest, pk: int) -> HttpResponse:
    """The office head records a decision to place someone whose 任职条件 are not all attested (people service)."""

    team = _team_for(request, pk)
    inspector = get_object_or_404(
        Inspector, pk=request.POST.get("inspector") or 0, jurisdiction=team.round.jurisdiction
    )
    try:
        decided_on = datetime.date.fromisoformat(request.POST.get("decided_on", ""))
    except ValueError:
        messages.error(request, "决定日期应为 YYYY-MM-DD")
        return redirect("staffing:team", pk=team.pk)
    attempt(
        request,
        lambda: eligibility_exception_record(
            actor=cast("User", request.user),
            team=team,
            inspector=inspector,
            decided_by=request.POST.get("decided_by", ""),
            decided_on=decided_on,
            reason=request.POST.get("reason", ""),
        ),
        success=f"已登记{inspector}的任职条件例外决定。",
    )
    return redirect("staffing:team", pk=team.pk)
