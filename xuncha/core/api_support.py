"""Small pieces every app's API uses: parse a request body with an input serializer, read an id from the query
string or the path (`id_param`, `as_id`: anything but a positive whole number is a 400 naming the field), filter a list
by `?inspection=`, and resolve an inspection id the user may see (refused as “不存在或无权查看”, never a 404 that tells
an outsider the record exists)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.request import Request

from xuncha.core.errors import ServiceError
from xuncha.core.rulebook_words import rulebook_words

INSPECTION_FILTER = OpenApiParameter("inspection", int, description="只列出该巡察（巡视）的记录")


def parse_input(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    """The validated body as a dict; a 400 with the serializer's Chinese messages otherwise."""
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


MAX_ID = 2**63 - 1  # the largest primary key the databases hold; a larger number is refused, not a crash


def inspection_label() -> str:
    """How the query parameter `inspection` is named to the user: every rulebook's word (“巡察/巡视”), as a request
    may come from a person of either jurisdiction before any inspection is known."""
    words = sorted(rulebook_words())  # jurisdictions contributes them (core does not read rulebooks)
    return "/".join(words) or "inspection"


def as_id(raw: Any, *, field: str, label: str, required: bool = True) -> int | None:
    """A record's id given as text (query string, form field or path): a positive whole number, else a ServiceError
    (HTTP 400) naming the field — “abc”, “-1”, “1.5” or a number too large for the database are never ignored and
    never a 500. Empty is None, or refused when `required`."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        if required:
            raise ServiceError(f"请指定{label}（{field}，正整数编号）", field=field)
        return None
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_ID:
        raise ServiceError(f"{label}（{field}）应为正整数编号，收到的是“{text[:40]}”", field=field)
    return int(text)


def id_param(params: Mapping[str, Any], name: str, *, label: str, required: bool = False) -> int | None:
    """The id in the query parameter (or form field) `name`: None when absent, refused with the field named when it is
    not a positive whole number. Every id filter of every list endpoint reads its parameter through this."""
    return as_id(params.get(name), field=name, label=label, required=required)


def filter_by_inspection(qs: QuerySet[Any], request: Request, path: str = "inspection_id") -> QuerySet[Any]:
    """`?inspection=ID` narrows a list to one inspection; absent leaves it whole; anything but an id is a 400."""
    inspection = id_param(request.query_params, "inspection", label=inspection_label())
    return qs if inspection is None else qs.filter(**{path: inspection})


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
