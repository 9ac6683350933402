"""REST API for reports (JDZ-2017 第三十条, NMG-2016 第二十六条): reads through visible_to, writes through the services.

The inspected unit, receivers and other teams do not see a report: to them it is 404, and an inspection they cannot
see is “不存在或无权查看”, the same as one that does not exist. Who may do what is the services' rule (members draft,
edit, submit and correct; the team's leader finalizes and returns); their refusals come back as 400/403 with the
Chinese message, field and article (xuncha.core.api.exception_handler)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.api_support import day_field, filter_by_inspection, parse_input, visible_inspection
from xuncha.findings.selectors import readable_inspections
from xuncha.inspections.models import Inspection

from . import services
from .models import Report

INSPECTION_FILTER = OpenApiParameter("inspection", int, description="只列出该巡察（巡视）的报告")
TYPE_FILTER = OpenApiParameter(
    "type", str, description="只列出该类型的报告（规则 report_types 的代码，如 inspection_report）"
)

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _inspection(request: Request, pk: int) -> Inspection:
    return visible_inspection(readable_inspections(cast("User", request.user)), pk)


# -- output ---------------------------------------------------------------------------------------------------------
class ReportSerializer(serializers.ModelSerializer):
    type_name = serializers.CharField(label="报告类型名称", read_only=True)
    status_label = serializers.CharField(label="状态名称", source="get_status_display", read_only=True)
    superseded_by = serializers.SerializerMethodField(label="取代本定稿的更正版本")
    created_by_name = serializers.CharField(label="起草人姓名", source="created_by", read_only=True)
    finalized_by_name = serializers.CharField(
        label="定稿人姓名", source="finalized_by", read_only=True, allow_null=True
    )

    class Meta:
        model = Report
        fields = [
            "id",
            "inspection",
            "type",
            "type_name",
            "version",
            "status",
            "status_label",
            "body",
            "supersedes",
            "superseded_by",
            "correction_reason",
            "return_reason",
            "created_by",
            "created_by_name",
            "created_at",
            "finalized_by",
            "finalized_by_name",
            "finalized_at",
            "drafted_on",
            "submitted_on",
            "returned_on",
            "finalized_on",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True, help_text="更正版本的编号；未被更正时为 null"))
    def get_superseded_by(self, obj: Report) -> int | None:
        newer = getattr(obj, "superseded_by", None)
        return newer.pk if newer is not None else None


# -- input ----------------------------------------------------------------------------------------------------------
class ReportDraftInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）")
    type = serializers.CharField(label="报告类型（规则 report_types 的代码）")
    drafted_on = day_field("起草日期")


class ReportSubmitInput(serializers.Serializer):
    submitted_on = day_field("提交审核日期")


class ReportFinalizeInput(serializers.Serializer):
    finalized_on = day_field("定稿日期")


class ReportBodyInput(serializers.Serializer):
    body = serializers.CharField(label="正文", allow_blank=True)


class ReportReturnInput(serializers.Serializer):
    reason = serializers.CharField(label="退回理由", allow_blank=True)
    returned_on = day_field("退回日期")


class ReportCorrectInput(serializers.Serializer):
    body = serializers.CharField(label="更正后的正文", allow_blank=True)
    reason = serializers.CharField(label="更正理由", allow_blank=True)
    corrected_on = day_field("更正日期")


# -- viewset --------------------------------------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(
        summary="报告列表（仅限本组、办公室、领导小组和审计人员）", parameters=[INSPECTION_FILTER, TYPE_FILTER]
    ),
    retrieve=extend_schema(summary="查看一份报告（正文、版本、状态、更正关系、定稿人和定稿时间）"),
)
class ReportViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ReportSerializer

    def get_queryset(self) -> QuerySet[Report]:
        qs: QuerySet[Report] = filter_by_inspection(
            Report.objects.visible_to(self.request.user).select_related(
                "inspection__jurisdiction", "created_by", "finalized_by", "superseded_by"
            ),
            self.request,
        )
        kind = self.request.query_params.get("type", "")
        if kind:
            qs = qs.filter(type=kind)
        return qs.order_by("inspection_id", "type", "version")

    def _done(self, report: Report, code: int = status.HTTP_200_OK) -> Response:
        return Response(ReportSerializer(self.get_queryset().get(pk=report.pk)).data, status=code)

    @extend_schema(
        request=ReportDraftInput,
        responses={201: ReportSerializer},
        summary="起草报告（本组成员；报告阶段；正文由组长审定的问题底稿汇总生成）",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(ReportDraftInput, request)
        inspection = _inspection(request, fields["inspection"])
        report = services.report_draft(
            actor=cast("User", request.user),
            inspection=inspection,
            type=fields["type"],
            drafted_on=fields["drafted_on"],
        )
        return self._done(report, status.HTTP_201_CREATED)

    @extend_schema(request=ReportBodyInput, responses=ReportSerializer, summary="修改报告正文（本组成员；仅限草稿）")
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self.get_object()
        fields = parse_input(ReportBodyInput, request)
        return self._done(services.report_edit(actor=cast("User", request.user), report=report, body=fields["body"]))

    @extend_schema(request=ReportSubmitInput, responses=ReportSerializer, summary="提交审核（本组成员；草稿 → 审核中）")
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        report = self.get_object()
        fields = parse_input(ReportSubmitInput, request)
        return self._done(services.report_submit_for_review(actor=cast("User", request.user), report=report, **fields))

    @extend_schema(
        request=ReportFinalizeInput,
        responses=ReportSerializer,
        summary="组长定稿（组长负责制；审核中 → 定稿，定稿后锁定；不早于提交审核和问题底稿审定）",
    )
    @action(detail=True, methods=["post"])
    def finalize(self, request: Request, pk: str) -> Response:
        report = self.get_object()
        fields = parse_input(ReportFinalizeInput, request)
        return self._done(services.report_finalize(actor=cast("User", request.user), report=report, **fields))

    @extend_schema(
        request=ReportReturnInput,
        responses=ReportSerializer,
        summary="组长退回草稿（组长负责制；审核中 → 草稿，须说明理由）",
    )
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request: Request, pk: str) -> Response:
        report = self.get_object()
        fields = parse_input(ReportReturnInput, request)
        return self._done(services.report_return(actor=cast("User", request.user), report=report, **fields))

    @extend_schema(
        request=ReportCorrectInput,
        responses={201: ReportSerializer},
        summary="更正定稿（本组成员；形成取代该定稿的新版本草稿，原定稿不变；须说明理由）",
    )
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str) -> Response:
        report = self.get_object()
        fields = parse_input(ReportCorrectInput, request)
        new = services.report_correct(actor=cast("User", request.user), report=report, **fields)
        return self._done(new, status.HTTP_201_CREATED)
