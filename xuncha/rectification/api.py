"""REST API for rectification: reads through visible_to, writes through the services.

An inspection named in a request is looked up among those the user may see, so what the user cannot see is
“不存在或无权查看”, the same as what does not exist; the services then decide who may do what."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.api_support import (
    INSPECTION_FILTER,
    as_id,
    day_field,
    filter_by_inspection,
    id_param,
    inspection_label,
    parse_input,
    visible_inspection,
)
from xuncha.findings.models import Finding
from xuncha.inspections.models import Inspection

from . import rules, services
from .models import (
    EvidenceFile,
    PoorRectificationStep,
    RectificationItem,
    RectificationPlan,
    RectificationReport,
    Supervision,
)
from .selectors import fed_back_problems

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _date_field(label: str, **kwargs: Any) -> serializers.DateField:
    return serializers.DateField(
        label=label, error_messages={"required": f"请填写{label}", "invalid": f"{label}应为 YYYY-MM-DD"}, **kwargs
    )


def _inspection(request: Request, pk: int) -> Inspection:
    return visible_inspection(Inspection.objects.visible_to(request.user), pk)


# -- output ---------------------------------------------------------------------------------------------------------
class RectificationProblemSerializer(serializers.ModelSerializer):
    """A problem fed back, as the unit may read it: no evidence, no persons concerned."""

    class Meta:
        model = Finding
        fields = ["id", "number", "title", "category", "description"]
        read_only_fields = fields


class RectificationEvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvidenceFile
        fields = ["id", "item", "original_name", "size", "sha256", "uploaded_at"]
        read_only_fields = fields


class RectificationItemSerializer(serializers.ModelSerializer):
    problem_number = serializers.IntegerField(source="finding.number", read_only=True)
    problem_title = serializers.CharField(source="finding.title", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = RectificationItem
        fields = [
            "id",
            "plan",
            "number",
            "finding",
            "problem_number",
            "problem_title",
            "measures",
            "responsible_person",
            "target_date",
            "status",
            "status_label",
            "transfer_reason",
        ]
        read_only_fields = fields


class RectificationPlanSerializer(serializers.ModelSerializer):
    items = RectificationItemSerializer(many=True, read_only=True)

    class Meta:
        model = RectificationPlan
        fields = ["id", "inspection", "separate", "text", "submitted_on", "items"]
        read_only_fields = fields


class RectificationReportSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = RectificationReport
        fields = [
            "id",
            "inspection",
            "number",
            "situation_report",
            "principal_report",
            "submitted_on",
            "status",
            "status_label",
            "reviewer",
            "reviewed_on",
            "review_opinion",
            "forwarded_on",
        ]
        read_only_fields = fields


class RectificationSupervisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Supervision
        fields = [
            "id",
            "inspection",
            "supervised_on",
            "way",
            "content",
            "participants",
            "reported_to_leading_group",
            "reported_on",
        ]
        read_only_fields = fields


class PoorRectificationStepSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = PoorRectificationStep
        fields = [
            "id",
            "inspection",
            "kind",
            "kind_label",
            "follows",
            "occurred_on",
            "content",
            "talk_leader",
            "principal",
        ]
        read_only_fields = fields


# -- input ----------------------------------------------------------------------------------------------------------
class RectificationItemInput(serializers.Serializer):
    finding = serializers.IntegerField(label="反馈的问题（问题底稿编号）")
    measures = serializers.CharField(label="整改措施", allow_blank=True)
    responsible_person = serializers.CharField(label="责任人", allow_blank=True)
    target_date = _date_field("完成时限", required=False, allow_null=True, default=None)


class RectificationPlanInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）")
    submitted_on = day_field("报送日期（无单独整改方案的规则为登记日期）")
    text = serializers.CharField(label="整改方案（总体安排）", allow_blank=True)
    items = RectificationItemInput(many=True, label="整改事项：每个反馈的问题一项")


class RectificationProgressInput(serializers.Serializer):
    noted_on = day_field("进展日期")
    status = serializers.ChoiceField(label="整改状态", choices=RectificationItem.Status.choices)
    note = serializers.CharField(label="进展情况", allow_blank=True)
    transfer_reason = serializers.CharField(label="转入日常监督的理由", required=False, allow_blank=True, default="")


class RectificationEvidenceInput(serializers.Serializer):
    file = serializers.FileField(label="佐证材料")


class RectificationReportsInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）")
    submitted_on = day_field("报送日期")
    situation_report = serializers.CharField(label="整改情况报告", allow_blank=True)
    principal_report = serializers.CharField(label="主要负责人组织落实情况报告", allow_blank=True)


class RectificationReviewInput(serializers.Serializer):
    reviewed_on = day_field("审核日期")
    accepted = serializers.BooleanField(label="审核通过（false 为退回重报）")
    opinion = serializers.CharField(label="审核意见（退回须说明理由）", required=False, allow_blank=True, default="")


class RectificationSupervisionInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）")
    supervised_on = day_field("督办日期")
    way = serializers.ChoiceField(label="督办方式", choices=Supervision.Way.choices)
    content = serializers.CharField(label="督办内容", allow_blank=True)
    participants = serializers.CharField(label="参加人员", required=False, allow_blank=True, default="")
    reported_to_leading_group = serializers.BooleanField(label="已向领导小组报告", required=False, default=False)
    reported_on = _date_field("报告日期", required=False, allow_null=True, default=None)


class PoorRectificationStepInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）")
    kind = serializers.ChoiceField(label="环节", choices=PoorRectificationStep.Kind.choices)
    occurred_on = _date_field("日期")
    content = serializers.CharField(label="内容", allow_blank=True)
    talk_leader = serializers.CharField(
        label="约谈的领导小组领导（约谈）", required=False, allow_blank=True, default=""
    )
    principal = serializers.CharField(label="被约谈的主要负责人（约谈）", required=False, allow_blank=True, default="")


# -- viewsets -------------------------------------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(summary="整改方案（整改事项）列表", parameters=[INSPECTION_FILTER]),
    retrieve=extend_schema(summary="查看整改方案及其整改事项"),
)
class RectificationPlanViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RectificationPlanSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = RectificationPlan.objects.visible_to(self.request.user).prefetch_related("items__finding")
        return filter_by_inspection(qs, self.request).order_by("inspection_id")

    @extend_schema(
        request=RectificationPlanInput,
        responses={201: RectificationPlanSerializer},
        summary="报送整改方案（JDZ-2017 第三十四条；NMG-2016 为登记整改事项）：每个反馈的问题一项",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(RectificationPlanInput, request)
        inspection = _inspection(request, fields["inspection"])
        items = [
            services.PlannedItem(i["finding"], i["measures"], i["responsible_person"], i["target_date"])
            for i in fields["items"]
        ]
        if rules.has_separate_plan(inspection.jurisdiction.rulebook):
            plan = services.rectification_plan_submit(
                actor=cast("User", request.user),
                inspection=inspection,
                submitted_on=fields["submitted_on"],
                text=fields["text"],
                items=items,
            )
        else:
            plan = services.rectification_items_record(
                actor=cast("User", request.user),
                inspection=inspection,
                recorded_on=fields["submitted_on"],
                text=fields["text"],
                items=items,
            )
        return Response(
            RectificationPlanSerializer(self.get_queryset().get(pk=plan.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="反馈的问题（只含编号、标题、类别、描述）",
        parameters=[OpenApiParameter("inspection", int, required=True)],
        responses=RectificationProblemSerializer(many=True),
    )
    @action(detail=False, methods=["get"])
    def problems(self, request: Request) -> Response:
        pk = id_param(request.query_params, "inspection", label=inspection_label(), required=True)
        inspection = _inspection(request, pk or 0)
        return Response(RectificationProblemSerializer(fed_back_problems(inspection), many=True).data)


@extend_schema_view(
    list=extend_schema(summary="整改事项列表", parameters=[INSPECTION_FILTER]),
    retrieve=extend_schema(summary="查看一个整改事项"),
)
class RectificationItemViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RectificationItemSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[Any]:
        qs = RectificationItem.objects.visible_to(self.request.user).select_related("finding", "plan")
        return filter_by_inspection(qs, self.request, "plan__inspection_id").order_by("plan_id", "number")

    @extend_schema(
        request=RectificationProgressInput,
        responses=RectificationItemSerializer,
        summary="登记整改进展（被巡察（巡视）单位整改工作联系人）",
    )
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        updated = services.rectification_item_update(
            actor=cast("User", request.user), item=item, **parse_input(RectificationProgressInput, request)
        )
        return Response(RectificationItemSerializer(self.get_queryset().get(pk=updated.pk)).data)

    @extend_schema(
        request={"multipart/form-data": RectificationEvidenceInput},
        responses={201: RectificationEvidenceSerializer},
        summary="上传整改佐证材料（计算 SHA-256）",
    )
    @action(detail=True, methods=["post"])
    def evidence(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        fields = parse_input(RectificationEvidenceInput, request)
        evidence = services.rectification_evidence_upload(
            actor=cast("User", request.user), item=item, upload=fields["file"]
        )
        return Response(RectificationEvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="整改佐证材料列表", parameters=[INSPECTION_FILTER]),
    retrieve=extend_schema(summary="查看整改佐证材料信息"),
)
class EvidenceFileViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RectificationEvidenceSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = EvidenceFile.objects.visible_to(self.request.user)
        return filter_by_inspection(qs, self.request, "item__plan__inspection_id").order_by("id")

    @extend_schema(summary="下载整改佐证材料", responses={(200, "*/*"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str) -> FileResponse:
        evidence = services.rectification_evidence_open(
            actor=cast("User", request.user), pk=as_id(pk, field="id", label="整改佐证材料编号") or 0
        )
        return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)


@extend_schema_view(
    list=extend_schema(summary="整改情况报告列表", parameters=[INSPECTION_FILTER]),
    retrieve=extend_schema(summary="查看一次报送的整改情况报告和主要负责人组织落实情况报告"),
)
class RectificationReportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RectificationReportSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = RectificationReport.objects.visible_to(self.request.user)
        return filter_by_inspection(qs, self.request).order_by("inspection_id", "number")

    @extend_schema(
        request=RectificationReportsInput,
        responses={201: RectificationReportSerializer},
        summary="报送整改情况报告和主要负责人组织落实情况报告（被巡察（巡视）单位整改工作联系人；退回后重新报送）",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(RectificationReportsInput, request)
        inspection = _inspection(request, fields.pop("inspection"))
        report = services.rectification_reports_submit(
            actor=cast("User", request.user), inspection=inspection, **fields
        )
        return Response(RectificationReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=RectificationReviewInput,
        responses=RectificationReportSerializer,
        summary="审核整改情况报告（JDZ-2017：组长审核，通过后报送办公室；NMG-2016：办公室审核）",
    )
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str) -> Response:
        report = self.get_object()
        reviewed = services.rectification_report_review(
            actor=cast("User", request.user), report=report, **parse_input(RectificationReviewInput, request)
        )
        return Response(RectificationReportSerializer(reviewed).data)


@extend_schema_view(
    list=extend_schema(summary="督办列表（办公室、领导小组和巡察（巡视）组）", parameters=[INSPECTION_FILTER]),
    retrieve=extend_schema(summary="查看一次督办"),
)
class SupervisionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RectificationSupervisionSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = Supervision.objects.visible_to(self.request.user)
        return filter_by_inspection(qs, self.request).order_by("inspection_id", "supervised_on", "id")

    @extend_schema(
        request=RectificationSupervisionInput,
        responses={201: RectificationSupervisionSerializer},
        summary="登记督办（JDZ-2017 第四十条、NMG-2016 第三十四条：办公室会同巡察（巡视）组）",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(RectificationSupervisionInput, request)
        inspection = _inspection(request, fields.pop("inspection"))
        supervision = services.supervision_record(actor=cast("User", request.user), inspection=inspection, **fields)
        return Response(RectificationSupervisionSerializer(supervision).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="整改不力的处置列表", parameters=[INSPECTION_FILTER]),
    retrieve=extend_schema(summary="查看一个处置环节"),
)
class PoorRectificationStepViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PoorRectificationStepSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = PoorRectificationStep.objects.visible_to(self.request.user)
        return filter_by_inspection(qs, self.request).order_by("inspection_id", "occurred_on", "id")

    @extend_schema(
        request=PoorRectificationStepInput,
        responses={201: PoorRectificationStepSerializer},
        summary="登记整改不力的处置（JDZ-2017 第四十一条）：整改意见 → 上报领导小组 → 通报或约谈",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(PoorRectificationStepInput, request)
        inspection = _inspection(request, fields["inspection"])
        kind, on, content = fields["kind"], fields["occurred_on"], fields["content"]
        user = cast("User", request.user)
        if kind == PoorRectificationStep.Kind.OPINION:
            step = services.rectification_opinion_give(actor=user, inspection=inspection, given_on=on, content=content)
        elif kind == PoorRectificationStep.Kind.REPORT:
            step = services.poor_rectification_report(
                actor=user, inspection=inspection, reported_on=on, content=content
            )
        else:
            step = services.poor_rectification_measure(
                actor=user,
                inspection=inspection,
                kind=kind,
                taken_on=on,
                content=content,
                talk_leader=fields["talk_leader"],
                principal=fields["principal"],
            )
        return Response(PoorRectificationStepSerializer(step).data, status=status.HTTP_201_CREATED)
