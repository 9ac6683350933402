from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xuncha.core.api_support import as_id
from xuncha.core.errors import ServiceError
from xuncha.core.pages import attempt
from xuncha.core.views import bad_request_page
from xuncha.core.visibility import office_jurisdiction_ids, viewer_for
from xuncha.inspections.models import Inspection
from xuncha.inspections.services import inspection_create
from xuncha.jurisdictions.models import Jurisdiction

from . import services
from .forms import AnnualPlanForm, InspectionForm, RoundEndForm, RoundForm, RoundScheduleForm, TeamForm
from .models import AnnualPlan, Round, Team


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = Round.objects.visible_to(request.user).select_related("jurisdiction").prefetch_related("teams")
    office = office_jurisdiction_ids(request.user)
    jurisdiction = Jurisdiction.objects.filter(pk__in=office).order_by("pk").first()
    form = RoundForm(request.POST or None) if jurisdiction else None
    if form is not None and jurisdiction is not None and request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.round_create(actor=request.user, jurisdiction=jurisdiction, **form.cleaned_data),
            form=form,
            success=lambda rnd: f"已建立{rnd}。",
        )
        if done:
            return redirect("planning:round", pk=done.value.pk)
    return render(request, "planning/round_list.html", {"rounds": rounds, "form": form, "jurisdiction": jurisdiction})


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = get_object_or_404(Round.objects.visible_to(request.user).select_related("jurisdiction"), pk=pk)
    can_edit = rnd.jurisdiction_id in office_jurisdiction_ids(request.user)
    team_form = TeamForm(request.POST if request.POST.get("form") == "team" else None) if can_edit else None
    inspection_form = (
        InspectionForm(request.POST if request.POST.get("form") == "inspection" else None, round=rnd)
        if can_edit
        else None
    )
    schedule_form = (
        RoundScheduleForm(
            request.POST if request.POST.get("form") == "schedule" else None, initial={"schedule": rnd.schedule}
        )
        if can_edit
        else None
    )
    end_form = (
        RoundEndForm(
            request.POST if request.POST.get("form") == "end" else None,
            initial={"ended_on": timezone.localdate()},
        )
        if can_edit and rnd.ends_on is None
        else None
    )
    if request.method == "POST" and can_edit:
        if end_form is not None and end_form.is_bound and end_form.is_valid():
            ended_on = end_form.cleaned_data["ended_on"]
            if attempt(
                request,
                lambda: services.round_end(actor=request.user, round=rnd, ended_on=ended_on),
                success=lambda ended: f"{ended}已于 {ended.ends_on} 结束；领导小组听取汇报的应办事项已建立。",
            ):
                return redirect("planning:round", pk=rnd.pk)
        elif schedule_form is not None and schedule_form.is_bound and schedule_form.is_valid():
            schedule = schedule_form.cleaned_data["schedule"]
            if attempt(
                request,
                lambda: services.round_schedule_save(actor=request.user, round=rnd, schedule=schedule),
                success="已保存阶段任务安排。",
            ):
                return redirect("planning:round", pk=rnd.pk)
        elif team_form is not None and team_form.is_bound and team_form.is_valid():
            number = team_form.cleaned_data["number"]
            made = attempt(
                request,
                lambda: services.team_create(actor=request.user, round=rnd, number=number),
                success=lambda team: f"已建立{team}，请配备人员。",
            )
            if made:
                return redirect("planning:team", pk=made.value.pk)
        elif inspection_form is not None and inspection_form.is_bound and inspection_form.is_valid():
            data = inspection_form.cleaned_data
            if attempt(request, lambda: inspection_create(actor=request.user, round=rnd, **data), success="已安排。"):
                return redirect("planning:round", pk=rnd.pk)
    inspections = Inspection.objects.filter(round=rnd).select_related("target", "follows__round", "follows__target")
    teams = (
        Team.objects.visible_to(request.user)
        .filter(round=rnd)
        .prefetch_related(
            Prefetch("inspections", queryset=inspections),
            "assignments__inspector__cadre",
        )
    )
    from xuncha.obligations.models import Obligation

    obligations = (
        Obligation.objects.visible_to(request.user)
        .filter(subject_type="planning.round", subject_id=str(rnd.pk))
        .select_related("jurisdiction")
        .order_by("starts_on", "pk")
    )
    return render(
        request,
        "planning/round_detail.html",
        {
            "round": rnd,
            "teams": teams,
            "end_form": end_form,
            "obligations": obligations,
            "unfinished": [
                i
                for t in teams
                for i in t.inspections.all()
                if i.status in (Inspection.Status.PLANNED, Inspection.Status.PREPARING, Inspection.Status.ON_SITE)
            ],
            "team_form": team_form,
            "inspection_form": inspection_form,
            "schedule_form": schedule_form,
            "can_edit": can_edit,
        },
    )


def _team_for(request: HttpRequest, pk: int) -> Team:
    return get_object_or_404(Team.objects.visible_to(request.user).select_related("round__jurisdiction"), pk=pk)


@login_required
def team_form(request: HttpRequest, pk: int) -> HttpResponse:
    """Team formation: add people, with recusal and eligibility checked live as they are chosen."""
    from xuncha.people.models import (
        Assignment,
        EligibilityException,
        Inspector,
        RecusalWaiver,
        waiver_reader_jurisdictions,
    )
    from xuncha.people.ranking import rank_candidates
    from xuncha.people.services import assignment_create

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
                actor=request.user, team=team, inspector=inspector, role=request.POST.get("role", ""), on=today
            ),
            success=f"已安排{inspector}。",
        )
        return redirect("planning:team", pk=team.pk)
    role = request.GET.get("role", "member")
    return render(
        request,
        "planning/team_form.html",
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
    from xuncha.people.models import Inspector
    from xuncha.people.services import assignment_preview

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
        "planning/_team_check.html",
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
    from xuncha.people.models import Inspector
    from xuncha.people.services import recusal_waiver_record

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
        return redirect("planning:team", pk=team.pk)
    attempt(
        request,
        lambda: recusal_waiver_record(
            actor=request.user,
            team=team,
            inspector=inspector,
            rule=request.POST.get("rule", ""),
            fact=request.POST.get("fact", ""),
            reason=request.POST.get("reason", ""),
            decided_on=decided_on,
        ),
        success=f"已登记{inspector}的回避豁免。",
    )
    return redirect("planning:team", pk=team.pk)


@login_required
@require_POST
def team_liaison(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the liaison discipline inspection office and its delegate (JDZ-2017 第二十八条)."""
    from .services import team_discipline_liaison_set

    team = _team_for(request, pk)
    attempt(
        request,
        lambda: team_discipline_liaison_set(
            actor=request.user,
            team=team,
            office=request.POST.get("discipline_office", ""),
            delegate=request.POST.get("discipline_delegate", ""),
        ),
        success="已登记纪检监察室派员。",
    )
    return redirect("planning:team", pk=team.pk)


@login_required
@require_POST
def team_eligibility_exception(request: HttpRequest, pk: int) -> HttpResponse:
    """The office head records a decision to place someone whose 任职条件 are not all attested (people service)."""
    from xuncha.people.models import Inspector
    from xuncha.people.services import eligibility_exception_record

    team = _team_for(request, pk)
    inspector = get_object_or_404(
        Inspector, pk=request.POST.get("inspector") or 0, jurisdiction=team.round.jurisdiction
    )
    try:
        decided_on = datetime.date.fromisoformat(request.POST.get("decided_on", ""))
    except ValueError:
        messages.error(request, "决定日期应为 YYYY-MM-DD")
        return redirect("planning:team", pk=team.pk)
    attempt(
        request,
        lambda: eligibility_exception_record(
            actor=request.user,
            team=team,
            inspector=inspector,
            decided_by=request.POST.get("decided_by", ""),
            decided_on=decided_on,
            reason=request.POST.get("reason", ""),
        ),
        success=f"已登记{inspector}的任职条件例外决定。",
    )
    return redirect("planning:team", pk=team.pk)


@login_required
def coverage_view(request: HttpRequest) -> HttpResponse:
    """Coverage of the current term: 每届任期内至少巡察1次 (JDZ-2017 第十六条) / 全覆盖 (NMG-2016 第二条)."""
    from .forms import TermForm
    from .selectors import STATE_LABELS, coverage, current_term, state_labels

    jurisdictions = list(
        Jurisdiction.objects.visible_to(request.user).filter(pk__in=viewer_for(request.user).oversight_jurisdictions)
    )
    wanted = request.GET.get("j")
    jurisdiction = next((j for j in jurisdictions if str(j.pk) == wanted), jurisdictions[0] if jurisdictions else None)
    if jurisdiction is None:
        return render(
            request, "core/refused.html", {"message": "只有办公室、领导小组和审计员可以查看覆盖情况。"}, status=403
        )
    today = timezone.localdate()
    can_edit = jurisdiction.pk in office_jurisdiction_ids(request.user)
    posted = request.POST.get("form", "term") if request.method == "POST" else None
    form = TermForm(request.POST if posted == "term" else None, word=jurisdiction.word) if can_edit else None
    term = current_term(jurisdiction, today)
    plan_form = (
        AnnualPlanForm(request.POST if posted == "plan" else None, initial={"year": today.year})
        if can_edit and term
        else None
    )
    if plan_form is not None and term is not None and plan_form.is_bound and plan_form.is_valid():
        done = attempt(
            request,
            lambda: services.annual_plan_save(actor=request.user, term=term, **plan_form.cleaned_data),
            form=plan_form,
            success=lambda plan: f"已保存{plan}。",
        )
        if done:
            return redirect(f"{request.path}?j={jurisdiction.pk}")
    if form is not None and form.is_bound and form.is_valid():
        done = attempt(
            request,
            lambda: services.term_start(actor=request.user, jurisdiction=jurisdiction, **form.cleaned_data),
            form=form,
            success="已开始新一届，并为每个对象建立覆盖应办事项。",
        )
        if done:
            return redirect(f"{request.path}?j={jurisdiction.pk}")
    rows = coverage(term=term) if term else []
    counts = {k: sum(1 for r in rows if r.state == k) for k in STATE_LABELS}
    return render(
        request,
        "planning/coverage.html",
        {
            "jurisdiction": jurisdiction,
            "jurisdictions": jurisdictions,
            "term": term,
            "rows": rows,
            "labels": state_labels(jurisdiction.word),
            "counts": counts,
            "form": form,
            "plan_form": plan_form,
            "plans": AnnualPlan.objects.visible_to(request.user).filter(term=term) if term else [],
            "book": jurisdiction.rulebook,
            "today": today,
        },
    )
