"""Clue pages: the ledgers (JDZ-2017 第三十九条, NMG-2016 第三十三条) with their filters, counts and .xlsx export."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.core.visibility import viewer_for
from xuncha.jurisdictions.models import Jurisdiction
from xuncha.planning.models import Round
from xuncha.registry.models import Organization

from .. import ledger as ledgers
from ..models import Clue

PAGE_SIZE = 50


def _jurisdictions(request: HttpRequest) -> list[Jurisdiction]:
    viewer = viewer_for(request.user)
    ids = set(viewer.jurisdictions_with(frozenset(ledgers.LEDGER_ROLES)))
    if viewer.team_ids:
        ids |= set(
            Round.objects.filter(teams__pk__in=sorted(viewer.team_ids)).values_list("jurisdiction_id", flat=True)
        )
    return list(Jurisdiction.objects.filter(pk__in=sorted(ids)).order_by("pk"))


@login_required
def ledger_index(request: HttpRequest) -> HttpResponse:
    rows = []
    for j in _jurisdictions(request):
        for item in ledgers.ledgers(j):
            if ledgers.may_see(request.user, j, item.code):  # type: ignore[arg-type]
                rows.append((j, item))
    if not rows:
        return render(request, "core/refused.html", {"message": "您没有可查看的问题线索台账。"}, status=403)
    return render(request, "clues/ledger_index.html", {"rows": rows})


@login_required
def ledger_page(request: HttpRequest, jurisdiction: str, code: str) -> HttpResponse:
    j = next((x for x in _jurisdictions(request) if x.code == jurisdiction), None)
    if j is None:
        raise Http404
    try:
        filters = ledgers.Filters.from_query(request.GET)
        item = ledgers.ledger(j, code)
        clues = ledgers.ledger_clues(
            actor=request.user,  # type: ignore[arg-type]
            jurisdiction=j,
            code=code,
            filters=filters,
            today=timezone.localdate(),
        )
    except PermissionDeniedError as exc:
        return render(request, "core/refused.html", {"message": exc.message}, status=403)
    except ServiceError as exc:
        return render(request, "core/refused.html", {"message": exc.message}, status=400)
    if request.GET.get("format") == "xlsx":
        data = ledgers.workbook(item=item, jurisdiction=j, table=ledgers.rows(clues))
        response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{code}.xlsx"
        return response
    page = Paginator(clues, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "clues/ledger_page.html",
        {
            "jurisdiction": j,
            "word": j.word,
            "book": j.rulebook,
            "item": item,
            "columns": ledgers.COLUMNS,
            "rows": ledgers.rows(clues.filter(pk__in=[c.pk for c in page.object_list])),
            "page": page,
            "counts": ledgers.counts(clues),
            "filters": filters,
            "query": query.urlencode(),
            "rounds": Round.objects.filter(jurisdiction=j).order_by("-year", "-number")[:50],
            "units": Organization.objects.filter(jurisdiction=j, kind="target", inspections__clues__isnull=False)
            .distinct()
            .order_by("name")[:100],
            "receivers": Organization.objects.filter(jurisdiction=j, kind="receiver").order_by("name")[:50],
            "statuses": Clue.Status.choices,
            "uses": ledgers.results_uses(jurisdiction=j, filters=filters) if code == "results_ledger" else None,
        },
    )


urlpatterns: list[Any] = [
    path("ledgers/", ledger_index, name="ledgers"),
    path("ledgers/<str:jurisdiction>/<str:code>/", ledger_page, name="ledger"),
]
