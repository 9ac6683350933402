"""Clue pages: suggestions to the unit (the team issues them on the register page, the unit's contact answers), and
the office head's informant pages (release to a receiver; who has seen the identity), with the receiver's read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from xuncha.core.pages import attempt
from xuncha.core.visibility import viewer_for
from xuncha.inspections.models import Inspection

from ..models import ClueSource, InformantRelease, Suggestion
from ..services import informants, suggestions
from .register import _date, _user

if TYPE_CHECKING:
    pass

PAGE_SIZE = 50


@require_POST
@login_required
def suggestion_new(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(Inspection.objects.visible_to(request.user), pk=pk)
    attempt(
        request,
        lambda: suggestions.suggestion_issue(
            actor=_user(request),
            inspection=inspection,
            issued_on=_date(request.POST.get("issued_on")),
            text=request.POST.get("text", ""),
        ),
        success=lambda s: f"已提出{s}",
    )
    return redirect("clues:register", inspection.pk)


@login_required
def suggestion_inbox(request: HttpRequest) -> HttpResponse:
    """The inspected unit's suggestions (its contact answers them here)."""
    rows = (
        Suggestion.objects.visible_to(request.user)
        .filter(inspection__target_id__in=sorted(viewer_for(request.user).unit_org_ids))
        .select_related("inspection__jurisdiction", "inspection__target")
        .order_by("answered_on", "-issued_on")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "clues/suggestion_inbox.html", {"page": page, "today": timezone.localdate()})


@require_POST
@login_required
def suggestion_answer(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(Suggestion.objects.visible_to(request.user), pk=pk)
    attempt(
        request,
        lambda: suggestions.suggestion_answer(
            actor=_user(request),
            suggestion=suggestion,
            answer=request.POST.get("answer", ""),
            answered_on=_date(request.POST.get("answered_on")),
        ),
        success="已答复处理建议",
    )
    return redirect("clues:suggestion_inbox")


def _source(request: HttpRequest, pk: int) -> ClueSource:
    return get_object_or_404(
        ClueSource.objects.visible_to(request.user).select_related("clue__jurisdiction", "clue__transfer__receiver"),
        pk=pk,
    )


@login_required
def informant_release(request: HttpRequest, pk: int) -> HttpResponse:
    source = _source(request, pk)
    if request.method == "POST":
        transfer = source.clue.transfer
        outcome = attempt(
            request,
            lambda: informants.informant_release(
                actor=_user(request),
                source=source,
                receiver=transfer.receiver if transfer else None,  # type: ignore[arg-type]
                reason=request.POST.get("reason", ""),
                released_on=_date(request.POST.get("released_on")),
            ),
            success="已向接收单位提供反映人身份（已记入事件链）",
            denied_page=True,
        )
        if outcome.response is not None:
            return outcome.response
        if outcome.ok:
            return redirect("clues:clue_detail", source.clue_id)
    return render(
        request,
        "clues/informant_release.html",
        {
            "source": source,
            "clue": source.clue,
            "book": source.clue.jurisdiction.rulebook,
            "today": timezone.localdate(),
        },
    )


@login_required
def informant_seen(request: HttpRequest, pk: int) -> HttpResponse:
    source = _source(request, pk)
    outcome = attempt(
        request, lambda: informants.informant_seen_by(actor=_user(request), source=source), denied_page=True
    )
    if outcome.response is not None:
        return outcome.response
    return render(
        request, "clues/informant_seen.html", {"source": source, "clue": source.clue, "rows": outcome.value or []}
    )


@login_required
def informant_identity(request: HttpRequest, pk: int) -> HttpResponse:
    release = get_object_or_404(InformantRelease.objects.visible_to(request.user).select_related("source__clue"), pk=pk)
    identity = None
    if request.method == "POST":
        outcome = attempt(
            request, lambda: informants.informant_identity(actor=_user(request), release=release), denied_page=True
        )
        if outcome.response is not None:
            return outcome.response
        identity = outcome.value
    return render(request, "clues/informant_identity.html", {"release": release, "identity": identity})


urlpatterns: list[Any] = [
    path("inspections/<int:pk>/suggestions/", suggestion_new, name="suggestion_new"),
    path("suggestions/", suggestion_inbox, name="suggestion_inbox"),
    path("suggestions/<int:pk>/answer/", suggestion_answer, name="suggestion_answer"),
    path("sources/<int:pk>/release/", informant_release, name="informant_release"),
    path("sources/<int:pk>/seen/", informant_seen, name="informant_seen"),
    path("releases/<int:pk>/", informant_identity, name="informant_identity"),
]
