"""Small pieces every app's API uses: parse a request body with an input serializer, filter a list by
`?inspection=`, and resolve an inspection id the user may see (refused as “不存在或无权查看”, never a 404 that tells
an outsider the record exists)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.request import Request

from xuncha.core.errors import ServiceError

INSPECTION_FILTER = OpenApiParameter("inspection", int, description="只列出该巡察（巡视）的记录")


def parse_input(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    """The validated body as a dict; a 400 with the serializer's Chinese messages otherwise."""
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def filter_by_inspection(qs: QuerySet[Any], request: Request, path: str = "inspection_id") -> QuerySet[Any]:
    """`?inspection=ID` narrows a list to one inspection; anything but digits leaves it whole."""
    inspection = request.query_params.get("inspection", "")
    return qs.filter(**{path: int(inspection)}) if inspection.isdigit() else qs


def visible_inspection(queryset: QuerySet[Any], pk: int) -> Any:
    """The inspection `pk` from a queryset already narrowed to what the user may see (visible_to or a stricter
    selector), with what the services read; refused with the field named when it is not there."""
    inspection = queryset.select_related("jurisdiction", "team__round__jurisdiction", "target").filter(pk=pk).first()
    if inspection is None:
        raise ServiceError(f"巡察（巡视）{pk} 不存在或无权查看", field="inspection")
    return inspection


def day_field(label: str) -> serializers.DateField:
    """The date a step happened in the world: optional (today when left out), YYYY-MM-DD; the service refuses a date in
    the future or before the step it depends on, naming the field."""
    return serializers.DateField(
        label=f"{label}（默认今天）",
        required=False,
        allow_null=True,
        default=None,
        error_messages={"invalid": f"{label}应为 YYYY-MM-DD"},
    )
