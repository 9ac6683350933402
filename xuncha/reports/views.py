"""Pages: an inspection's reports (one row per rulebook report type) and a report with its actions.
Reads through visible_to (the inspected unit and receivers get 404); writes through services, whose refusals are
shown as they are."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from xuncha.core.errors import ServiceError
from xuncha.core.pages import attempt
from xuncha.core.visibility import viewer_for
from xuncha.findings.selectors import readable_inspections
from xuncha.findings.services import is_team_leader
from xuncha.inspections.models import Inspection

from . import services
from .forms import BodyForm, CorrectForm, DayForm, ReturnForm
from .models import Report

INSPECTION_RELATED = ("jurisdiction", "round", "team__round__jurisdiction", "target")

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    return get_object_or_404(
        readable_inspections(cast("User", request.user)).select_related(*INSPECTION_RELATED), pk=pk
    )


def _report(request: HttpRequest, pk: int) -> Report:
    report = get_object_or_404(Report.objects.visible_to(request.user), pk=pk)
    report.inspection = _inspection(request, report.inspection_id)
    return report


def _roles(request: HttpRequest, inspection: Inspection) -> dict[str, Any]:
    return {
        "is_member": inspection.team_id in viewer_for(request.user).team_ids,
        "is_leader": is_team_leader(cast("User", request.user), inspection.team_id),
        "drafting": inspection.status == services.DRAFTING_STAGE,
        "book": inspection.jurisdiction.rulebook,
    }


@login_required
def report_list(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    book = inspection.jurisdiction.rulebook
    latest: dict[str, Report] = {}
    for r in Report.objects.visible_to(request.user).filter(inspection=inspection).order_by("type", "version"):
        latest[r.type] = r
    rows = [{"kind": kind, "report": latest.get(kind.code)} for kind in book.report_types]
    return render(
        request,
        "reports/list.html",
        {"inspection": inspection, "rows": rows} | _roles(request, inspection),
    )


@login_required
@require_POST
def report_draft(request: HttpRequest, pk: int, type: str) -> HttpResponse:
    inspection = _inspection(request, pk)
    done = attempt(
        request,
        lambda: services.report_draft(
            actor=cast("User", request.user), inspection=inspection, type=type, drafted_on=_day(request, "起草日期")
        ),
        refused="起草报告",
    )
    if not done:
        return redirect("reports:list", inspection.pk)
    return redirect("reports:detail", done.value.pk)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    versions = list(
        Report.objects.visible_to(request.user)
        .filter(inspection_id=report.inspection_id, type=report.type)
        .order_by("version")
    )
    return render(
        request,
        "reports/detail.html",
        {
            "inspection": report.inspection,
            "report": report,
            "versions": versions,
            "superseded": any(v.supersedes_id == report.pk for v in versions),
            "edit_form": BodyForm(initial={"body": report.body}),
            "correct_form": CorrectForm(initial={"body": report.body}),
            "return_form": ReturnForm(),
        }
        | _roles(request, report.inspection),
    )


def _day(request: HttpRequest, label: str) -> datetime.date | None:
    """The date the step happened, from the form's date input (named `on`); left out means today."""
    if not request.POST.get("on"):
        return None
    form = DayForm(request.POST)
    if not form.is_valid():
        raise ServiceError(f"{label}应为 YYYY-MM-DD", field="on")
    day: datetime.date = form.cleaned_data["on"]
    return day


def _act(request: HttpRequest, report: Report, what: str, call: Any) -> HttpResponse:
    done = attempt(request, call, success=f"{what}：已完成", refused=what)
    return redirect("reports:detail", done.value.pk if done else report.pk)


@login_required
@require_POST
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = BodyForm(request.POST)
    body = form.cleaned_data["body"] if form.is_valid() else ""
    return _act(
        request,
        report,
        "修改报告",
        lambda: services.report_edit(actor=cast("User", request.user), report=report, body=body),
    )


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return _act(
        request,
        report,
        "提交审核",
        lambda: services.report_submit_for_review(
            actor=cast("User", request.user), report=report, submitted_on=_day(request, "提交审核日期")
        ),
    )


@login_required
@require_POST
def report_finalize(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return _act(
        request,
        report,
        "定稿",
        lambda: services.report_finalize(
            actor=cast("User", request.user), report=report, finalized_on=_day(request, "定稿日期")
        ),
    )


@login_required
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = ReturnForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        report,
        "退回草稿",
        lambda: services.report_return(
            actor=cast("User", request.user), report=report, reason=reason, returned_on=_day(request, "退回日期")
        ),
    )


@login_required
@require_POST
def report_correct(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = CorrectForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {"body": request.POST.get("body", ""), "reason": ""}
    return _act(
        request,
        report,
        "更正报告",
        lambda: services.report_correct(
            actor=cast("User", request.user),
            report=report,
            body=data["body"],
            reason=data["reason"],
            corrected_on=_day(request, "更正日期"),
        ),
    )
