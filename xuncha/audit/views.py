from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .actions import action_name
from .models import Event


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    events = Event.objects.visible_to(request.user).select_related("jurisdiction").order_by("-seq")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    for event in page:
        word = event.jurisdiction.word if event.jurisdiction else ""
        event.action_name = action_name(event.action, word)  # type: ignore[attr-defined]
    return render(request, "audit/event_list.html", {"page": page})
