"""Clue API: the ledgers (台账). `GET clue-ledgers/` lists the ledgers the user may open (per jurisdiction, with the
article); `GET clue-ledgers/<code>/` gives one ledger's rows, filtered like the page (`j`, `round`, `unit`, `team`,
`receiver`, `status`, `overdue`) and paginated, with the counts 件/人. Never content, evidence or an informant."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.api import Pagination
from xuncha.core.api_support import id_param

from .. import ledger as ledgers

FILTER_PARAMS = [
    OpenApiParameter("j", int, description="党委编号（有多个党委时）"),
    OpenApiParameter("round", int, description="轮次"),
    OpenApiParameter("unit", int, description="被检查单位"),
    OpenApiParameter("team", int, description="组"),
    OpenApiParameter("receiver", int, description="接收单位"),
    OpenApiParameter("status", str, description="办理状态"),
    OpenApiParameter("overdue", bool, description="仅逾期"),
]
ID_FILTERS = {"j": "党委", "round": "轮次", "unit": "被检查单位", "team": "组", "receiver": "接收单位"}


class LedgerSerializer(serializers.Serializer):
    jurisdiction = serializers.IntegerField(label="党委")
    jurisdiction_name = serializers.CharField(label="党委名称")
    code = serializers.CharField(label="台账代码")
    name = serializers.CharField(label="台账")
    scope = serializers.CharField(label="范围")
    article = serializers.CharField(label="依据")


class LedgerRowsSerializer(serializers.Serializer):
    count = serializers.IntegerField(label="行数")
    results = serializers.ListField(child=serializers.DictField(), label="行（按表头）")
    ledger = serializers.DictField(label="台账")
    counts = serializers.DictField(label="件/人")
    filters = serializers.DictField(label="筛选")
    headers = serializers.ListField(child=serializers.CharField(), label="表头")


class LedgerViewSet(viewsets.ViewSet):
    serializer_class = LedgerSerializer
    lookup_field = "code"
    lookup_value_regex = "[a-z_]+"

    @extend_schema(summary="可以查看的问题线索台账", responses=LedgerSerializer(many=True))
    def list(self, request: Request) -> Response:
        data = [
            {
                "jurisdiction": j.pk,
                "jurisdiction_name": str(j),
                "code": item.code,
                "name": item.name,
                "scope": item.scope,
                "article": ledgers.citation(j, item),
            }
            for j in ledgers.ledger_jurisdictions(request.user)
            for item in ledgers.visible_ledgers(request.user, j)
        ]
        return Response({"count": len(data), "results": data})

    @extend_schema(summary="一本台账的行（筛选、分页）", parameters=FILTER_PARAMS, responses=LedgerRowsSerializer)
    def retrieve(self, request: Request, code: str = "") -> Response:
        for name, label in ID_FILTERS.items():
            id_param(request.query_params, name, label=label)
        jurisdiction = ledgers.find_ledger(request.user, code, request.query_params.get("j", ""))
        view = ledgers.ledger_view(request.user, jurisdiction, code, request.query_params)
        paginator = Pagination()
        clues: Any = paginator.paginate_queryset(view.clues, request, view=self)
        rows = [
            {"clue": r.clue_id, "overdue": r.overdue, **dict(zip(ledgers.HEADERS, r.cells, strict=True))}
            for r in view.rows(clues)
        ]
        response = paginator.get_paginated_response(rows)
        response.data["ledger"] = {"code": code, "name": view.item.name, "article": view.article}
        response.data["counts"] = {
            "pieces": view.counts.pieces,
            "persons": view.counts.persons,
            "text": str(view.counts),
        }
        response.data["filters"] = view.filters
        response.data["headers"] = list(ledgers.HEADERS)
        return response


ROUTES: list[tuple[str, Any, str]] = [("clue-ledgers", LedgerViewSet, "clue-ledger")]
