"""REST API for the hearing, the decision, the filing and consultations: reads through visible_to, writes through the
services. A round or inspection named in a request is looked up among what the user may see, so what the user cannot
see is “不存在或无权查看”, the same as what does not exist."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.api_support import day_field, filter_by_inspection, id_param, parse_input
from xuncha.core.errors import ServiceError
from xuncha.inspections.models import Inspection
from xuncha.planning.models import Round

from . import services
from .models import Consultation, Filing, Meeting, MeetingItem
from .selectors import ConsultationMaterial, oversight_rounds

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _round(request: Request, pk: int) -> Round:
    rnd = oversight_rounds(cast("User", request.user)).filter(pk=pk).first()
    if rnd is None:
        raise ServiceError(f"轮次 {pk} 不存在或无权查看", field="round")
    return rnd


def _inspection(rnd: Round, pk: int) -> Inspection:
    inspection = Inspection.objects.filter(round=rnd, pk=pk).first()
    if inspection is None:
        raise ServiceError(f"{rnd.jurisdiction.word} {pk} 不属于{rnd}", field="items")
    return inspection


# -- output ---------------------------------------------------------------------------------------------------------
class MeetingItemSerializer(serializers.ModelSerializer):
    held_on = serializers.DateField(source="meeting.held_on", read_only=True)

    class Meta:
        model = MeetingItem
        fields = ["id", "meeting", "kind", "held_on", "inspection", "text", "uses"]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer):
    attendees = serializers.SerializerMethodField()
    items = MeetingItemSerializer(many=True, read_only=True)
    kind_label = serializers.CharField(read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "jurisdiction",
            "round",
            "kind",
            "kind_label",
            "held_on",
            "agenda",
            "minutes",
            "attendees",
            "items",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields

    def get_attendees(self, obj: Meeting) -> list[dict[str, str]]:
        return [{"name": a.name, "position": a.position} for a in obj.attendees.all()]


class FilingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Filing
        fields = [
            "id",
            "jurisdiction",
            "round",
            "action",
            "to_body",
            "to_name",
            "filed_on",
            "document_number",
            "summary",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


class ConsultationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Consultation
        fields = [
            "id",
            "jurisdiction",
            "cadre",
            "department",
            "occasion",
            "to_be_promoted",
            "purpose",
            "asked_by",
            "asked_on",
            "opinion",
            "answered_on",
            "answered_by",
        ]
        read_only_fields = fields


def _material(material: ConsultationMaterial) -> dict[str, Any]:
    return {
        "inspections": [
            {
                "inspection": row.inspection.pk,
                "name": str(row.inspection),
                "status": row.inspection.status,
                "posts": row.posts,
                "final_reports": row.final_reports,
                "decision": None
                if row.decision is None
                else {"made_on": row.decision.meeting.held_on, "text": row.decision.text, "uses": row.decision.uses},
            }
            for row in material.inspections
        ],
        "findings": [
            {
                "inspection": f.inspection_id,
                "number": f.number,
                "title": f.title,
                "category": f.category,
                "description": f.description,
            }
            for f in material.findings
        ],
    }


# -- input ----------------------------------------------------------------------------------------------------------
class HearingItemInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）")
    proposal = serializers.CharField(label="处理意见", allow_blank=True)


class DecisionItemInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）")
    text = serializers.CharField(label="决定", allow_blank=True)
    uses = serializers.ListField(
        label="成果运用方式（代码）", child=serializers.CharField(), required=False, default=list
    )


class HearingInput(serializers.Serializer):
    round = serializers.IntegerField(label="轮次")
    held_on = day_field("召开日期")
    agenda = serializers.CharField(label="议题", allow_blank=True)
    attendees = serializers.ListField(label="出席人员（“姓名 职务”）", child=serializers.CharField())
    minutes = serializers.CharField(label="会议记录", allow_blank=True)
    items = HearingItemInput(many=True, label="听取汇报的巡察（巡视）及处理意见")


class DecisionInput(serializers.Serializer):
    round = serializers.IntegerField(label="轮次")
    made_on = day_field("会议日期")
    agenda = serializers.CharField(label="议题", required=False, allow_blank=True, default="")
    attendees = serializers.ListField(label="出席人员（“姓名 职务”）", child=serializers.CharField())
    minutes = serializers.CharField(label="会议记录", allow_blank=True)
    items = DecisionItemInput(many=True, label="研究决定的巡察（巡视）及决定")


class FilingInput(serializers.Serializer):
    round = serializers.IntegerField(label="轮次")
    filed_on = day_field("报送日期")
    document_number = serializers.CharField(label="文号", allow_blank=True)
    summary = serializers.CharField(label="报送内容摘要", allow_blank=True)


class ConsultationInput(serializers.Serializer):
    cadre = serializers.IntegerField(label="干部")
    occasion = serializers.CharField(label="事由（election、appraisal、adjustment、selection、assessment）")
    purpose = serializers.CharField(label="听取意见的目的", allow_blank=True)
    asked_on = day_field("提出日期")
    to_be_promoted = serializers.BooleanField(label="拟提任干部", required=False, default=False)


class AnswerInput(serializers.Serializer):
    opinion = serializers.CharField(label="意见", allow_blank=True)
    answered_on = day_field("答复日期")


# -- viewsets -------------------------------------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(summary="听取汇报和“五人小组”会议（办公室、领导小组、“五人小组”成员和审计人员）"),
    retrieve=extend_schema(summary="查看一次会议"),
)
class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MeetingSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = (
            Meeting.objects.visible_to(self.request.user)
            .select_related("jurisdiction")
            .prefetch_related("attendees", "items__meeting")
        )
        rnd = id_param(self.request.query_params, "round", label="轮次")
        return (qs if rnd is None else qs.filter(round_id=rnd)).order_by("round_id", "held_on", "pk")

    @extend_schema(request=HearingInput, responses={201: MeetingSerializer}, summary="登记领导小组听取汇报（办公室）")
    @action(detail=False, methods=["post"])
    def hearing(self, request: Request) -> Response:
        fields = parse_input(HearingInput, request)
        rnd = _round(request, fields.pop("round"))
        items = [(_inspection(rnd, i["inspection"]), i["proposal"]) for i in fields.pop("items")]
        meeting = services.hearing_hold(actor=cast("User", request.user), round=rnd, items=items, **fields)
        return Response(MeetingSerializer(self.get_queryset().get(pk=meeting.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=DecisionInput, responses={201: MeetingSerializer}, summary="登记“五人小组”研究决定（办公室）"
    )
    @action(detail=False, methods=["post"])
    def decision(self, request: Request) -> Response:
        fields = parse_input(DecisionInput, request)
        rnd = _round(request, fields.pop("round"))
        items = [
            services.Decision(_inspection(rnd, i["inspection"]), i["text"], tuple(i["uses"]))
            for i in fields.pop("items")
        ]
        meeting = services.decision_make(actor=cast("User", request.user), round=rnd, items=items, **fields)
        return Response(MeetingSerializer(self.get_queryset().get(pk=meeting.pk)).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="处理意见和决定事项（本组只见本次巡察（巡视）的）"),
    retrieve=extend_schema(summary="查看一项处理意见或决定"),
)
class MeetingItemViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MeetingItemSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = MeetingItem.objects.visible_to(self.request.user).select_related("meeting")
        return filter_by_inspection(qs, self.request).order_by("inspection_id", "kind")


@extend_schema_view(
    list=extend_schema(summary="报送备案 / 向上级报告（本级及下级党委的）"),
    retrieve=extend_schema(summary="查看一次报送"),
)
class FilingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = FilingSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return Filing.objects.visible_to(self.request.user).order_by("-filed_on", "-pk")

    @extend_schema(request=FilingInput, responses={201: FilingSerializer}, summary="登记报送备案或向上级报告（办公室）")
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(FilingInput, request)
        rnd = _round(request, fields.pop("round"))
        filing = services.decision_file(actor=cast("User", request.user), round=rnd, **fields)
        return Response(FilingSerializer(filing).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="组织部门听取意见（提出人、办公室、领导小组；相关组组长）"),
    retrieve=extend_schema(summary="查看一次听取意见"),
)
class ConsultationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ConsultationSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return Consultation.objects.visible_to(self.request.user).order_by("-asked_on", "-pk")

    @extend_schema(
        request=ConsultationInput, responses={201: ConsultationSerializer}, summary="提出听取意见（组织部门）"
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        from xuncha.registry.models import Cadre

        fields = parse_input(ConsultationInput, request)
        pk = fields.pop("cadre")
        # A cadre of a jurisdiction where the user is a contact of the organization department.
        departments = services.departments_of(cast("User", request.user))
        cadre = Cadre.objects.filter(pk=pk, jurisdiction_id__in=[d.jurisdiction_id for d in departments]).first()
        if cadre is None:
            raise ServiceError(f"干部 {pk} 不存在或无权查看", field="cadre")
        consultation = services.consultation_request(actor=cast("User", request.user), cadre=cadre, **fields)
        return Response(ConsultationSerializer(consultation).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: dict}, summary="查阅材料（提出人、办公室；每次查阅均记录）")
    @action(detail=True, methods=["get"])
    def material(self, request: Request, pk: str) -> Response:
        consultation = self.get_object()
        return Response(
            _material(services.consultation_read(actor=cast("User", request.user), consultation=consultation))
        )

    @extend_schema(request=AnswerInput, responses=ConsultationSerializer, summary="答复意见（办公室或相关组组长）")
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str) -> Response:
        consultation = self.get_object()
        fields = parse_input(AnswerInput, request)
        updated = services.consultation_answer(actor=cast("User", request.user), consultation=consultation, **fields)
        return Response(ConsultationSerializer(updated).data)
