"""Clue API: the ledgers — the list of those the user may see, and one ledger's rows with the page's filters."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.errors import ServiceError
from xuncha.jurisdictions.models import Jurisdiction

from .. import ledger as ledgers
from ..views.ledger import _jurisdictions


class _Page(LimitOffsetPagination):
    default_limit = 100
    max_limit = 200


class LedgerViewSet(viewsets.ViewSet):
    """`GET /api/clue-ledgers/` — the ledgers; `GET /api/clue-ledgers/<jurisdiction>:<code>/?round=&unit=&receiver=&
    status=&overdue=1` — the rows (the twelve columns, in order), with the counts 件/人."""

    lookup_value_regex = r"[a-z0-9_]+:[a-z0-9_]+"

    @extend_schema(summary="问题线索台账列表")
    def list(self, request: Request) -> Response:
        out = []
        for j in _jurisdictions(request):  # type: ignore[arg-type]
            for item in ledgers.ledgers(j):
                if ledgers.may_see(request.user, j, item.code):  # type: ignore[arg-type]
                    out.append(
                        {
                            "id": f"{j.code}:{item.code}",
                            "jurisdiction": j.code,
                            "code": item.code,
                            "name": item.name,
                            "article": item.article,
                            "scope": item.scope,
                        }
                    )
        return Response({"count": len(out), "results": out})

    @extend_schema(
        summary="问题线索台账的行",
        parameters=[
            OpenApiParameter(p, str, required=False) for p in ("round", "unit", "receiver", "status", "overdue")
        ],
    )
    def retrieve(self, request: Request, pk: str = "") -> Response:
        code_j, _, code = pk.partition(":")
        j = Jurisdiction.objects.filter(code=code_j).first()
        if j is None:
            raise ServiceError(f"党委 {code_j} 不存在", field="jurisdiction")
        filters = ledgers.Filters.from_query(request.query_params)
        item = ledgers.ledger(j, code)
        clues = ledgers.ledger_clues(
            actor=request.user,  # type: ignore[arg-type]
            jurisdiction=j,
            code=code,
            filters=filters,
            today=timezone.localdate(),
        )
        paginator = _Page()
        page = paginator.paginate_queryset(clues, request) or []  # type: ignore[arg-type]
        table = ledgers.rows(clues.filter(pk__in=[c.pk for c in page]))
        return Response(
            {
                "ledger": {"code": item.code, "name": item.name, "article": item.article},
                "columns": list(ledgers.COLUMNS),
                "counts": {"pieces": (c := ledgers.counts(clues)).pieces, "persons": c.persons, "label": str(c)},
                "count": paginator.count,
                "results": [{"clue": r.clue.pk, "cells": list(r.cells), "overdue": r.overdue} for r in table],
            }
        )


ROUTES: list[tuple[str, Any, str]] = [("clue-ledgers", LedgerViewSet, "clue-ledger")]
