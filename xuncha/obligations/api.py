"""REST API of the obligations (应办事项): the ones the user may see, filtered by status or inspection."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.api_support import filter_by_inspection
from xuncha.obligations.models import Obligation


class ObligationSerializer(serializers.ModelSerializer):
    due_label = serializers.CharField(
        read_only=True,
        help_text="截止日（YYYY-MM-DD）、“待录入某年节假日安排后计算”（due_on 为空、due_pending_year 有值）或“及时”"
        "（due_on 与 due_pending_year 均为空）",
    )

    class Meta:
        model = Obligation
        fields = [
            "id",
            "jurisdiction",
            "rulebook_code",
            "rule_code",
            "title",
            "article",
            "responsible",
            "subject_type",
            "subject_id",
            "subject_repr",
            "inspection",
            "starts_on",
            "due_on",
            "due_pending_year",
            "due_label",
            "deadline_label",
            "status",
            "fulfilled_on",
        ]


class ObligationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ObligationSerializer
    filterset_fields = ["status"]

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=Obligation.Status.values, description="状态"),
            OpenApiParameter("inspection", int, description="只列这一次巡察（巡视）的应办事项"),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        qs = filter_by_inspection(Obligation.objects.visible_to(self.request.user), self.request)
        status = self.request.query_params.get("status")
        return qs.filter(status=status) if status else qs
