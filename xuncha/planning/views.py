from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xuncha.core.pages import attempt
from xuncha.core.visibility import office_jurisdiction_ids, viewer_for
from xuncha.inspections.models import Inspection
from xuncha.inspections.services import inspection_create
from xuncha.jurisdictions.models import Jurisdiction

from . import services
from .forms import AnnualPlanForm, InspectionForm, RoundEndForm, RoundForm, RoundScheduleForm, TeamForm
from .models import AnnualPlan, Round, Team

if TYPE_CHECKING:
    from xuncha.accounts.models import User


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = Round.objects.visible_to(request.user).select_related("jurisdiction").prefetch_related("teams")
    office = office_jurisdiction_ids(request.user)
    jurisdiction = Jurisdiction.objects.filter(pk__in=office).order_by("pk").first()
    form = RoundForm(request.POST or None) if jurisdiction else None
    if form is not None and jurisdiction is not None and request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.round_create(
                actor=cast("User", request.user), jurisdiction=jurisdiction, **form.cleaned_data
            ),
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
                lambda: services.round_end(actor=cast("User", request.user), round=rnd, ended_on=ended_on),
                success=lambda ended: f"{ended}已于 {ended.ends_on} 结束；领导小组听取汇报的应办事项已建立。",
            ):
                return redirect("planning:round", pk=rnd.pk)
        elif schedule_form is not None and schedule_form.is_bound and schedule_form.is_valid():
            schedule = schedule_form.cleaned_data["schedule"]
            if attempt(
                request,
                lambda: services.round_schedule_save(actor=cast("User", request.user), round=rnd, schedule=schedule),
                success="已保存阶段任务安排。",
            ):
                return redirect("planning:round", pk=rnd.pk)
        elif team_form is not None and team_form.is_bound and team_form.is_valid():
            number = team_form.cleaned_data["number"]
            made = attempt(
                request,
                lambda: services.team_create(actor=cast("User", request.user), round=rnd, number=number),
                success=lambda team: f"已建立{team}，请配备人员。",
            )
            if made:
                return redirect("staffing:team", pk=made.value.pk)
        elif inspection_form is not None and inspection_form.is_bound and inspection_form.is_valid():
            data = inspection_form.cleaned_data
            if attempt(
                request,
                lambda: inspection_create(actor=cast("User", request.user), round=rnd, **data),
                success="已安排。",
            ):
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
@require_POST
def team_liaison(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the liaison discipline inspection office and its delegate (JDZ-2017 第二十八条)."""
    from .services import team_discipline_liaison_set

    team = _team_for(request, pk)
    attempt(
        request,
        lambda: team_discipline_liaison_set(
            actor=cast("User", request.user),
            team=team,
            office=request.POST.get("discipline_office", ""),
            delegate=request.POST.get("discipline_delegate", ""),
        ),
        success="已登记纪检监察室派员。",
    )
    return redirect("staffing:team", pk=team.pk)


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
            lambda: services.annual_plan_save(actor=cast("User", request.user), term=term, **plan_form.cleaned_data),
            form=plan_form,
            success=lambda plan: f"已保存{plan}。",
        )
        if done:
            return redirect(f"{request.path}?j={jurisdiction.pk}")
    if form is not None and form.is_bound and form.is_valid():
        done = attempt(
            request,
            lambda: services.term_start(
                actor=cast("User", request.user), jurisdiction=jurisdiction, **form.cleaned_data
            ),
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
