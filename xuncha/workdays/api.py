"""REST API for the national holiday calendar: every signed-in user reads it; only the system administrator enters
a year (`POST /api/holiday-years/`) or previews what an entry would do (`POST /api/holiday-years/preview/`)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.api_support import parse_input
from xuncha.core.errors import ServiceError
from xuncha.jurisdictions.rulebook import all_rulebooks

from . import services
from .arithmetic import Counting, UnknownYearError
from .models import HolidayYear
from .selectors import counting_for, work_calendar

if TYPE_CHECKING:
    from xuncha.accounts.models import User  # the views are behind login: request.user is a User

PREVIEW_LIMIT = 200  # rows of a preview returned at most; `count` gives the total


class SpecialDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    name = serializers.CharField()


extend_schema_field_days = extend_schema_field(SpecialDaySerializer(many=True))


class HolidayYearSerializer(serializers.ModelSerializer):
    holidays = serializers.SerializerMethodField()
    workdays = serializers.SerializerMethodField()
    entered_by_name = serializers.SerializerMethodField()

    class Meta:
        model = HolidayYear
        fields = ["year", "notice", "holidays", "workdays", "entered_by_name", "updated_at"]
        read_only_fields = fields

    def _days(self, obj: HolidayYear, kind: str) -> list[dict[str, Any]]:
        return [{"date": d.date, "name": d.name} for d in obj.days.all() if d.kind == kind]

    @extend_schema_field_days
    def get_holidays(self, obj: HolidayYear) -> list[dict[str, Any]]:
        return self._days(obj, "holiday")

    @extend_schema_field_days
    def get_workdays(self, obj: HolidayYear) -> list[dict[str, Any]]:
        return self._days(obj, "workday")

    def get_entered_by_name(self, obj: HolidayYear) -> str:
        return str(obj.entered_by) if obj.entered_by_id else ""


class HolidayYearInput(serializers.Serializer):
    year = serializers.IntegerField(label="年份")
    notice = serializers.CharField(label="依据（国务院办公厅通知的名称与文号）", allow_blank=True)
    holidays = serializers.ListField(
        label="放假日期，每项一行：“2027-01-01 元旦”或“2027-02-05~2027-02-13 春节”", child=serializers.CharField()
    )
    workdays = serializers.ListField(
        label="调休上班日期，每项一行：“2027-02-14 春节调休”",
        child=serializers.CharField(),
        required=False,
        default=list,
    )


def _fields(request: Request) -> dict[str, Any]:
    data = parse_input(HolidayYearInput, request)
    return {
        "year": data["year"],
        "notice": data["notice"],
        "holidays_text": "\n".join(data["holidays"]),
        "workdays_text": "\n".join(data["workdays"]),
    }


PreviewSerializer = inline_serializer(
    "HolidayYearPreview",
    {
        "year": serializers.IntegerField(),
        "working_days": serializers.IntegerField(),
        "working_days_setting": serializers.CharField(),
        "replaces": serializers.BooleanField(),
        "count": serializers.IntegerField(),
        "computed_count": serializers.IntegerField(),
        "moved_count": serializers.IntegerField(),
        "truncated": serializers.BooleanField(),
        "changes": inline_serializer(
            "HolidayYearPreviewChange",
            {
                "obligation": serializers.IntegerField(),
                "jurisdiction": serializers.CharField(),
                "title": serializers.CharField(),
                "subject": serializers.CharField(),
                "article": serializers.CharField(),
                "starts_on": serializers.DateField(),
                "before": serializers.CharField(),
                "after": serializers.CharField(),
                "kind": serializers.ChoiceField(choices=["computed", "moved"]),
            },
            many=True,
        ),
    },
)


def preview_data(preview: services.YearPreview) -> dict[str, Any]:
    rows = [
        {
            "obligation": c.obligation.pk,
            "jurisdiction": c.obligation.jurisdiction.name,
            "title": c.obligation.title,
            "subject": c.obligation.subject_repr,
            "article": c.obligation.article,
            "starts_on": c.obligation.starts_on,
            "before": c.before_label,
            "after": c.after_label,
            "kind": "computed" if c.computed else "moved",
        }
        for c in preview.changes[:PREVIEW_LIMIT]
    ]
    return {
        "year": preview.checked.year,
        "working_days": preview.checked.working_days,
        "working_days_setting": services.WORKING_DAYS_SETTING,
        "replaces": preview.replaces is not None,
        "count": len(preview.changes),
        "computed_count": len(preview.computed),
        "moved_count": len(preview.moved),
        "truncated": len(preview.changes) > PREVIEW_LIMIT,
        "changes": rows,
    }


@extend_schema_view(
    list=extend_schema(summary="已录入的节假日安排（全国统一；软件包自带 2004–2026 年，不在此列）"),
    retrieve=extend_schema(summary="某年的节假日安排"),
)
class HolidayYearViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = HolidayYearSerializer
    lookup_field = "year"
    lookup_value_regex = r"\d{4}"

    def get_queryset(self) -> QuerySet[Any]:
        return HolidayYear.objects.visible_to(self.request.user).select_related("entered_by").prefetch_related("days")

    @extend_schema(
        request=HolidayYearInput,
        responses={201: HolidayYearSerializer, 200: HolidayYearSerializer},
        summary="录入或更正某年的节假日安排（仅系统管理员）；同时计算待录入该年的期限、重算跨该年的期限",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = _fields(request)
        existed = HolidayYear.objects.filter(year=fields["year"]).exists()
        entry = services.holiday_year_save(actor=cast("User", request.user), **fields)
        entry = self.get_queryset().get(pk=entry.pk)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(HolidayYearSerializer(entry).data, status=code)

    @extend_schema(
        request=HolidayYearInput,
        responses={200: PreviewSerializer},
        summary="预览：检查录入内容，列出各党委将被计算或变动截止日的待办期限（仅系统管理员；不保存）",
    )
    @action(detail=False, methods=["post"])
    def preview(self, request: Request) -> Response:
        preview = services.holiday_year_preview(actor=cast("User", request.user), **_fields(request))
        return Response(preview_data(preview))


@extend_schema(
    summary="期限计算：起算日加 N 个工作日/自然日/月",
    parameters=[
        OpenApiParameter("start", str, required=True, description="起算日 YYYY-MM-DD"),
        OpenApiParameter("n", int, required=True),
        OpenApiParameter("unit", str, enum=["working_days", "calendar_days", "months"]),
        OpenApiParameter("rulebook", str, description="按该规则的计算口径"),
    ],
    responses=inline_serializer(
        "WorkdaysAdd",
        {
            "start": serializers.DateField(),
            "n": serializers.IntegerField(),
            "unit": serializers.CharField(),
            "due": serializers.DateField(),
        },
    ),
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def workdays_add(request: Request) -> Response:
    params = request.query_params
    try:
        start = datetime.date.fromisoformat(params.get("start", ""))
    except ValueError:
        raise ServiceError("start（起算日）应为 YYYY-MM-DD", field="start") from None
    try:
        n = int(params.get("n", ""))
    except ValueError:
        raise ServiceError("n（数量）应为正整数", field="n") from None
    if n < 1:
        raise ServiceError("n（数量）应为正整数", field="n")
    unit = params.get("unit", "working_days")
    if unit not in ("working_days", "calendar_days", "months"):
        raise ServiceError("unit 应为 working_days、calendar_days 或 months", field="unit")
    counting = Counting()
    if params.get("rulebook"):
        book = all_rulebooks().get(params["rulebook"])
        if book is None:
            raise ServiceError(f"没有代码为 {params['rulebook']} 的规则", field="rulebook")
        counting = counting_for(book.counting)
    try:
        due = work_calendar().add(start, n, unit, counting)  # type: ignore[arg-type]
    except UnknownYearError as exc:
        raise ServiceError(str(exc), field="start", code="unknown_year") from exc
    return Response({"start": start, "n": n, "unit": unit, "due": due})
