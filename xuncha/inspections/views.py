from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.core.pages import attempt
from xuncha.core.visibility import office_jurisdiction_ids, viewer_for

from . import services
from .closure import closure_checklist, inspection_close
from .models import Inspection

if TYPE_CHECKING:
    from xuncha.accounts.models import User


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    items = Inspection.objects.visible_to(request.user).select_related("jurisdiction", "round", "team__round", "target")
    return render(request, "inspections/list.html", {"items": items})


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related("jurisdiction", "round", "team__round", "target"),
        pk=pk,
    )
    return _detail(request, inspection)


def _detail(request: HttpRequest, inspection: Inspection, *, posted: object = None, status: int = 200) -> HttpResponse:
    """The inspection page; after a refused stage move, `posted` holds what was entered so the form keeps it."""
    obligations = inspection.obligations.visible_to(request.user).select_related("jurisdiction")
    talks = inspection.talks.visible_to(request.user).only("id", "interviewee", "talked_at")
    book = inspection.jurisdiction.rulebook
    viewer = viewer_for(request.user)
    can_act = inspection.team_id in viewer.led_team_ids or inspection.jurisdiction_id in office_jurisdiction_ids(
        request.user
    )
    later = inspection.status in (Inspection.Status.RECTIFYING, Inspection.Status.CLOSED)
    show_closure = later and (viewer.oversight_jurisdictions or inspection.team_id in viewer.team_ids)
    return render(
        request,
        "inspections/detail.html",
        {
            "can_act": can_act,
            "closure": closure_checklist(inspection) if show_closure else None,
            "may_close": viewer.has_role(inspection.jurisdiction_id, "office_head"),
            "can_withdraw": inspection.jurisdiction_id in office_jurisdiction_ids(request.user)
            and inspection.status in (Inspection.Status.PLANNED, Inspection.Status.PREPARING),
            "disclosures": inspection.disclosures.filter(status="published"),  # drafts: xuncha/disclosures pages
            "inspection": inspection,
            "obligations": obligations,
            "talks": talks,
            "book": book,
            "has_receipt": book.signature_form("feedback_receipt") is not None,
            "has_plan": any(d.code == "rectification_plan" for d in book.deadlines),
            "today": timezone.localdate(),
            "posted": posted,
        },
        status=status,
    )


@login_required
def talk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opened = attempt(
        request, lambda: services.talk_record_read(actor=cast("User", request.user), pk=pk), denied_page=True
    )
    if opened.response is not None:
        return opened.response
    record = opened.value
    return render(request, "inspections/talk_detail.html", {"record": record})


def _date(value: str | None, label: str, *, required: bool = True) -> datetime.date | None:
    if not value:
        if required:
            raise ServiceError(f"{label}：请填写日期")
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ServiceError(f"{label}：日期应为 YYYY-MM-DD") from None


def _required_date(value: str | None, label: str) -> datetime.date:
    day = _date(value, label)
    assert day is not None
    return day


@login_required
@require_POST
def inspection_stage(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Move an inspection to its next stage through the stage services (the transition table decides)."""
    inspection = get_object_or_404(Inspection.objects.visible_to(request.user), pk=pk)
    post = request.POST

    def run() -> None:
        if step == "prepare":
            services.inspection_prepare(
                actor=cast("User", request.user), inspection=inspection, on=_required_date(post.get("on"), "日期")
            )
        elif step == "enter":
            entered = services.inspection_enter(
                actor=cast("User", request.user),
                inspection=inspection,
                entered_on=_required_date(post.get("entered_on"), "进驻日期"),
                principal_notified_on=_required_date(post.get("principal_notified_on"), "通报主要负责人日期"),
                mobilization_on=_date(post.get("mobilization_on"), "动员会日期", required=False),
                contact_phone=post.get("contact_phone", ""),
                contact_mailbox=post.get("contact_mailbox", ""),
                contact_address=post.get("contact_address", ""),
                planned_end=_required_date(post.get("planned_end"), "计划结束日期"),
                shortened_approved_on=_date(post.get("shortened_approved_on"), "缩短时间批准日期", required=False),
                shortened_basis=post.get("shortened_basis", ""),
            )
            for warning in getattr(entered, "warnings", []):
                messages.warning(request, warning)
        elif step == "withdraw":
            services.inspection_withdraw(
                actor=cast("User", request.user),
                inspection=inspection,
                withdrawn_on=_required_date(post.get("withdrawn_on"), "撤出（取消）日期"),
                reason=post.get("reason", ""),
            )
        elif step == "end":
            services.inspection_end_fieldwork(
                actor=cast("User", request.user),
                inspection=inspection,
                ended_on=_required_date(post.get("ended_on"), "结束日期"),
                shortened_approved_on=_date(post.get("shortened_approved_on"), "批准日期", required=False),
                shortened_basis=post.get("shortened_basis", ""),
            )
        elif step == "close":
            inspection_close(
                actor=cast("User", request.user),
                inspection=inspection,
                closed_on=_required_date(post.get("closed_on"), "办结日期"),
            )
        else:
            raise Http404

    done = attempt(request, run)
    if not done:
        # Refused: show the page again with the error and everything that was entered, not an emptied form.
        shown = Inspection.objects.visible_to(request.user).select_related(
            "jurisdiction", "round", "team__round", "target"
        )
        refused = 403 if isinstance(done.error, PermissionDeniedError) else 400
        return _detail(request, shown.get(pk=pk), posted=post, status=refused)
    inspection.refresh_from_db()
    messages.success(request, f"已转入“{inspection.get_status_display()}”阶段。")
    return redirect("inspections:detail", pk=pk)
