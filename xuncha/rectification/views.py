"""Pages. The portal (/portal/) is the inspected unit's: its own inspections in rectification, the problems fed back,
the deadlines, the plan, the items, the reports and what came back. The rectification page (/rectification/<id>/) is
the office's and the team's: review, supervision, opinions and measures. Reads start from visible_to (and the
portal's or the staff's inspections: anyone else gets 404); writes go through the services, whose refusals are shown
as they are."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xuncha.core.errors import PermissionDeniedError
from xuncha.core.pages import attempt
from xuncha.core.visibility import OFFICE_WRITE_ROLES, viewer_for
from xuncha.inspections.models import Inspection
from xuncha.obligations.models import Obligation

from . import rules, services
from .forms import (
    EvidenceForm,
    ItemUpdateForm,
    MeasureForm,
    OpinionForm,
    PlanForm,
    PoorReportForm,
    ReportsForm,
    ReviewForm,
    SupervisionForm,
)
from .models import (
    EvidenceFile,
    ItemProgress,
    PoorRectificationStep,
    RectificationItem,
    RectificationPlan,
    RectificationReport,
    Supervision,
)
from .selectors import fed_back_problems, portal_inspections, staff_inspections

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _errors(form: Any) -> str:
    return "；".join(str(e) for errs in form.errors.values() for e in errs)


def _items(user: User, plan: RectificationPlan | None) -> list[RectificationItem]:
    if plan is None:
        return []
    return list(
        RectificationItem.objects.visible_to(user)
        .filter(plan=plan)
        .select_related("finding")
        .prefetch_related(
            Prefetch(
                "progress", queryset=ItemProgress.objects.select_related("recorded_by").order_by("noted_on", "pk")
            ),
            Prefetch("evidence_files", queryset=EvidenceFile.objects.order_by("uploaded_at", "pk")),
        )
        .order_by("number")
    )


def _common(request: HttpRequest, inspection: Inspection) -> dict[str, Any]:
    """What both the portal and the staff page show: the plan, its items, the reports and the deadlines."""
    user = cast("User", request.user)
    book = inspection.jurisdiction.rulebook
    plan = RectificationPlan.objects.visible_to(user).filter(inspection=inspection).first()
    reports = list(RectificationReport.objects.visible_to(user).filter(inspection=inspection).order_by("number"))
    return {
        "inspection": inspection,
        "book": book,
        "word": book.word,
        "separate_plan": rules.has_separate_plan(book),
        "plan_article": rules.plan_article(book),
        "reports_article": rules.reports_article(book),
        "review_article": rules.review_article(book),
        "reviewer": rules.reviewer_name(book),
        "via_team": book.procedure.rectification_via_team,
        "office": book.body("office").name,
        "leading_group": book.body("leading_group").name,
        "unit_word": rules.unit_word(book),
        "plan": plan,
        "items": _items(user, plan),
        "reports": reports,
        "latest_report": reports[-1] if reports else None,
        "steps": list(
            PoorRectificationStep.objects.visible_to(user).filter(inspection=inspection).order_by("occurred_on", "pk")
        ),
        "obligations": list(
            Obligation.objects.visible_to(user).filter(inspection=inspection).select_related("jurisdiction")
        ),
        "writable": inspection.status == Inspection.Status.RECTIFYING,
        "today": timezone.localdate(),
    }


# -- the unit's portal ----------------------------------------------------------------------------------------------
@login_required
def portal(request: HttpRequest) -> HttpResponse:
    items = portal_inspections(cast("User", request.user)).order_by("-feedback_given_on", "pk")
    return render(request, "rectification/portal_list.html", {"items": items})


def _portal_inspection(request: HttpRequest, pk: int) -> Inspection:
    return get_object_or_404(portal_inspections(cast("User", request.user)), pk=pk)


@login_required
def portal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """GET shows the page; POST (`form` = plan or reports) submits, and on refusal shows the page again with what was
    typed and the refusal."""
    inspection = _portal_inspection(request, pk)
    ctx = _common(request, inspection)
    book = ctx["book"]
    problems = list(fed_back_problems(inspection))
    today = ctx["today"]
    plan_form = reports_form = None
    if ctx["writable"] and ctx["plan"] is None:
        plan_form = PlanForm(initial={"submitted_on": today}, problems=problems, book=book)
    latest = ctx["latest_report"]
    may_report = (
        ctx["writable"]
        and ctx["plan"] is not None
        and (latest is None or latest.status == RectificationReport.Status.RETURNED)
    )
    if may_report:
        reports_form = ReportsForm(initial={"submitted_on": today})
    if request.method == "POST":
        which = request.POST.get("form")
        if which == "plan" and plan_form is not None:
            plan_form = PlanForm(request.POST, problems=problems, book=book)
            if plan_form.is_valid() and _submit_plan(request, inspection, plan_form):
                return redirect("rectification:portal_detail", pk=pk)
        elif which == "reports" and reports_form is not None:
            reports_form = ReportsForm(request.POST)
            if reports_form.is_valid() and _submit_reports(request, inspection, reports_form):
                return redirect("rectification:portal_detail", pk=pk)
        else:
            messages.error(request, "该表单现在不能提交。")
            return redirect("rectification:portal_detail", pk=pk)
    for item in ctx["items"]:
        item.update_form = ItemUpdateForm(prefix=f"i{item.pk}", initial={"noted_on": today, "status": item.status})
    ctx |= {
        "problems": problems,
        "plan_form": plan_form,
        "reports_form": reports_form,
        "evidence_form": EvidenceForm(),
        "poor_article": book.procedure.poor_rectification_article,
    }
    return render(request, "rectification/portal_detail.html", ctx)


def _submit_plan(request: HttpRequest, inspection: Inspection, form: PlanForm) -> bool:
    data = form.cleaned_data
    if rules.has_separate_plan(inspection.jurisdiction.rulebook):
        return bool(
            attempt(
                request,
                lambda: services.rectification_plan_submit(
                    actor=cast("User", request.user),
                    inspection=inspection,
                    submitted_on=data["submitted_on"],
                    text=data["text"],
                    items=form.items(),
                ),
                form=form,
                success=f"已报送整改方案（{data['submitted_on']}）。",
            )
        )
    return bool(
        attempt(
            request,
            lambda: services.rectification_items_record(
                actor=cast("User", request.user),
                inspection=inspection,
                recorded_on=data["submitted_on"],
                text=data["text"],
                items=form.items(),
            ),
            form=form,
            success=f"已登记整改事项（{data['submitted_on']}）。",
        )
    )


def _submit_reports(request: HttpRequest, inspection: Inspection, form: ReportsForm) -> bool:
    return bool(
        attempt(
            request,
            lambda: services.rectification_reports_submit(
                actor=cast("User", request.user), inspection=inspection, **form.cleaned_data
            ),
            form=form,
            success=lambda report: f"已报送整改情况报告和主要负责人组织落实情况报告（第{report.number}次报送）。",
        )
    )


def _portal_item(request: HttpRequest, pk: int) -> RectificationItem:
    item = get_object_or_404(RectificationItem.objects.visible_to(request.user).select_related("plan"), pk=pk)
    item.plan.inspection = _portal_inspection(request, item.plan.inspection_id)
    return item


@login_required
@require_POST
def item_update(request: HttpRequest, pk: int) -> HttpResponse:
    item = _portal_item(request, pk)
    form = ItemUpdateForm(request.POST, prefix=f"i{item.pk}")
    if not form.is_valid():
        messages.error(request, f"{item}未登记：" + _errors(form))
    else:
        attempt(
            request,
            lambda: services.rectification_item_update(
                actor=cast("User", request.user), item=item, **form.cleaned_data
            ),
            success=f"已登记{item}的整改进展。",
            refused=f"{item}未登记",
        )
    return redirect("rectification:portal_detail", pk=item.plan.inspection_id)


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    item = _portal_item(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "佐证材料未上传：请选择文件。")
    else:
        attempt(
            request,
            lambda: services.rectification_evidence_upload(
                actor=cast("User", request.user), item=item, upload=form.cleaned_data["file"]
            ),
            success=lambda evidence: f"已上传{item}的佐证材料（SHA-256 {evidence.sha256[:12]}…）。",
            refused="佐证材料未上传",
        )
    return redirect("rectification:portal_detail", pk=item.plan.inspection_id)


@login_required
def evidence_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    try:
        evidence = services.rectification_evidence_open(actor=cast("User", request.user), pk=pk)
    except PermissionDeniedError:
        raise Http404 from None
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)


# -- the office's and the team's page -------------------------------------------------------------------------------
def _staff_inspection(request: HttpRequest, pk: int) -> Inspection:
    return get_object_or_404(staff_inspections(cast("User", request.user)), pk=pk)


def _open_step(steps: list[PoorRectificationStep], kind: str) -> PoorRectificationStep | None:
    followed = {s.follows_id for s in steps if s.follows_id}
    return next((s for s in reversed(steps) if s.kind == kind and s.pk not in followed), None)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _staff_inspection(request, pk)
    ctx = _common(request, inspection)
    book = ctx["book"]
    viewer = viewer_for(request.user)
    is_office = inspection.jurisdiction_id in viewer.jurisdictions_with(OFFICE_WRITE_ROLES)
    is_leader = inspection.team_id in viewer.led_team_ids
    writable = ctx["writable"]
    latest = ctx["latest_report"]
    may_review = is_leader if book.procedure.rectification_via_team else is_office
    pending = latest if latest is not None and latest.status == RectificationReport.Status.SUBMITTED else None
    has_poor = bool(book.procedure.poor_rectification_measures)
    steps = ctx["steps"]
    today = ctx["today"]
    ctx |= {
        "problems": list(fed_back_problems(inspection)),
        "supervisions": list(
            Supervision.objects.visible_to(request.user)
            .filter(inspection=inspection)
            .select_related("recorded_by")
            .order_by("supervised_on", "pk")
        ),
        "supervision_article": book.procedure.supervision_article,
        "poor_article": book.procedure.poor_rectification_article,
        "has_poor": has_poor,
        "no_poor_message": rules.no_poor_measures_message(book) if not has_poor else "",
        "pending": pending,
        "review_form": ReviewForm(initial={"reviewed_on": today}) if writable and may_review and pending else None,
        "supervision_form": SupervisionForm(initial={"supervised_on": today})
        if writable and (is_office or is_leader)
        else None,
        "opinion_form": OpinionForm(initial={"given_on": today}) if writable and has_poor and is_leader else None,
        "poor_report_form": PoorReportForm(initial={"reported_on": today})
        if writable and has_poor and is_office and _open_step(steps, PoorRectificationStep.Kind.OPINION)
        else None,
        "measure_form": MeasureForm(initial={"taken_on": today}, book=book)
        if writable and has_poor and is_office and _open_step(steps, PoorRectificationStep.Kind.REPORT)
        else None,
    }
    return render(request, "rectification/detail.html", ctx)


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(RectificationReport.objects.visible_to(request.user), pk=pk)
    report.inspection = _staff_inspection(request, report.inspection_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "审核未记录：请填写审核日期和审核结果。")
    else:
        data = form.cleaned_data
        attempt(
            request,
            lambda: services.rectification_report_review(
                actor=cast("User", request.user),
                report=report,
                reviewed_on=data["reviewed_on"],
                accepted=data["result"] == "accept",
                opinion=data["opinion"],
            ),
            success=f"已记录对{report}的审核。",
            refused="审核未记录",
        )
    return redirect("rectification:detail", pk=report.inspection_id)


@login_required
@require_POST
def supervision(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _staff_inspection(request, pk)
    form = SupervisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "督办未登记：" + _errors(form))
    else:
        attempt(
            request,
            lambda: services.supervision_record(
                actor=cast("User", request.user), inspection=inspection, **form.cleaned_data
            ),
            success="已登记督办。",
            refused="督办未登记",
        )
    return redirect("rectification:detail", pk=pk)


POOR_FORMS: dict[str, Any] = {
    "opinion": (OpinionForm, services.rectification_opinion_give, "整改意见"),
    "report": (PoorReportForm, services.poor_rectification_report, "上报领导小组"),
    "measure": (MeasureForm, services.poor_rectification_measure, "通报或约谈"),
}


@login_required
@require_POST
def poor(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in POOR_FORMS:
        raise Http404
    inspection = _staff_inspection(request, pk)
    book = inspection.jurisdiction.rulebook
    if not book.procedure.poor_rectification_measures:
        messages.error(request, rules.no_poor_measures_message(book))
        return redirect("rectification:detail", pk=pk)
    form_class, service, label = POOR_FORMS[step]
    kwargs = {"book": book} if form_class is MeasureForm else {}
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        messages.error(request, f"{label}未登记：" + _errors(form))
    else:
        attempt(
            request,
            lambda: service(actor=request.user, inspection=inspection, **form.cleaned_data),
            success=f"已登记{label}。",
            refused=f"{label}未登记",
        )
    return redirect("rectification:detail", pk=pk)
