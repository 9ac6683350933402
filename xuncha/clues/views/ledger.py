"""Clue pages: the ledgers (台账, JDZ-2017 第三十九条, NMG-2016 第三十三条), on screen and as .xlsx. A ledger is read
from the records (`clues.ledger`); these pages only filter, page and export it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from xuncha.core.errors import PermissionDeniedError

from .. import ledger as ledgers
from ..ledger_export import workbook_bytes

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def _refused(request: HttpRequest, exc: PermissionDeniedError) -> HttpResponse:
    return render(request, "core/refused.html", {"message": exc.message}, status=403)


def page_size(value: Any) -> int:
    size = int(value) if str(value or "").isdigit() else PAGE_SIZE
    return max(1, min(size, MAX_PAGE_SIZE))


@login_required
def ledger_index(request: HttpRequest) -> HttpResponse:
    found = ledgers.ledger_jurisdictions(request.user)
    if not found:
        return _refused(request, PermissionDeniedError("无权查看台账：台账仅办公室、领导小组和本组成员可以查看"))
    groups = [
        {
            "jurisdiction": j,
            "ledgers": [
                {"item": item, "article": ledgers.citation(j, item)}
                for item in ledgers.visible_ledgers(request.user, j)
            ],
        }
        for j in found
    ]
    return render(request, "clues/ledger_index.html", {"groups": groups, "word": found[0].word})


def _view(request: HttpRequest, code: str) -> tuple[Any, ledgers.LedgerView]:
    jurisdiction = ledgers.find_ledger(request.user, code, request.GET.get("j", ""))
    return jurisdiction, ledgers.ledger_view(request.user, jurisdiction, code, request.GET)


@login_required
def ledger_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        jurisdiction, view = _view(request, code)
        choices = ledgers.filter_choices(request.user, jurisdiction, code)
    except PermissionDeniedError as exc:
        return _refused(request, exc)
    page = Paginator(view.clues, page_size(request.GET.get("size"))).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    uses = ledgers.results_uses(jurisdiction, request.GET) if code == ledgers.RESULTS else []
    return render(
        request,
        "clues/ledger_detail.html",
        {
            "jurisdiction": jurisdiction,
            "book": jurisdiction.rulebook,
            "word": jurisdiction.word,
            "view": view,
            "headers": ledgers.HEADERS,
            "page": page,
            "rows": view.rows(page.object_list),
            "choices": choices,
            "filters": view.filters,
            "query": query.urlencode(),
            "uses": uses,
            "team_filter": code == ledgers.TEAM,
        },
    )


@login_required
def ledger_export(request: HttpRequest, code: str) -> HttpResponse:
    try:
        _, view = _view(request, code)
    except PermissionDeniedError as exc:
        return _refused(request, exc)
    title = f"{view.item.name}（{view.article}）  {view.counts}"
    data = workbook_bytes(title, ledgers.HEADERS, [r.cells for r in view.rows()])
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{code}.xlsx"'
    return response


urlpatterns: list[Any] = [
    path("ledgers/", ledger_index, name="ledger_index"),
    path("ledgers/<slug:code>/", ledger_detail, name="ledger_detail"),
    path("ledgers/<slug:code>/export.xlsx", ledger_export, name="ledger_export"),
]
