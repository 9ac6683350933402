from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from xuncha.core.errors import PermissionDeniedError, ServiceError

from . import services
from .models import Inspection

ACTIONS: dict[str, tuple[Callable[..., Any], str, str]] = {
    # name: (service, date keyword, label)
    "feedback": (services.feedback_give, "given_on", "反馈"),
    "receipt": (services.feedback_receipt_sign, "signed_on", "签收反馈材料"),
    "plan": (services.rectification_plan_submit, "submitted_on", "报送整改方案"),
    "reports": (services.rectification_reports_submit, "submitted_on", "报送整改情况报告"),
}


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
    obligations = inspection.obligations.visible_to(request.user).select_related("jurisdiction")
    talks = inspection.talks.visible_to(request.user).only("id", "interviewee", "talked_at")
    book = inspection.jurisdiction.rulebook
    return render(
        request,
        "inspections/detail.html",
        {
            "inspection": inspection,
            "obligations": obligations,
            "talks": talks,
            "book": book,
            "has_receipt": book.signature_form("feedback_receipt") is not None,
            "has_plan": any(d.code == "rectification_plan" for d in book.deadlines),
            "today": datetime.date.today(),
        },
    )


@login_required
@require_POST
def inspection_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    inspection = get_object_or_404(Inspection.objects.visible_to(request.user), pk=pk)
    service, keyword, label = ACTIONS[action]
    try:
        day = datetime.date.fromisoformat(request.POST.get("date", ""))
    except ValueError:
        messages.error(request, f"{label}：日期应为 YYYY-MM-DD")
        return redirect("inspections:detail", pk=pk)
    try:
        service(actor=request.user, inspection=inspection, **{keyword: day})
    except ServiceError as exc:
        messages.error(request, f"{label}未记录：{exc.message}")
    else:
        messages.success(request, f"已记录{label}（{day}）。")
    return redirect("inspections:detail", pk=pk)


@login_required
def talk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        record = services.talk_record_read(actor=request.user, pk=pk)
    except PermissionDeniedError as exc:
        return render(request, "core/refused.html", {"message": exc.message}, status=403)
    return render(request, "inspections/talk_detail.html", {"record": record})
