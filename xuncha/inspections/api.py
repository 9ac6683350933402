"""REST API of the inspections: list and read, withdraw, and the lifecycle steps with their closure
conditions. Creating one (安排对象) is planning's act: `planning.api.PlannedInspectionViewSet` adds it on the same
path."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.errors import PermissionDeniedError
from xuncha.core.visibility import viewer_for
from xuncha.inspections import services as inspection_services
from xuncha.inspections.closure import closure_checklist, inspection_close
from xuncha.inspections.models import Inspection

if TYPE_CHECKING:
    from xuncha.accounts.models import User


class InspectionSerializer(serializers.ModelSerializer):
    target_name = serializers.CharField(source="target.name", read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "jurisdiction",
            "round",
            "team",
            "target",
            "target_name",
            "status",
            "kind",
            "follows",
            "focus",
            "entered_on",
            "planned_end",
            "shortened_approved_on",
            "shortened_basis",
            "fieldwork_ended_on",
            "withdrawn_on",
            "withdrawal_reason",
            "results_decided_on",
            "feedback_given_on",
            "receipt_signed_on",
            "plan_submitted_on",
            "reports_submitted_on",
            "closed_on",
        ]


def _date_field(label: str, *, required: bool = True) -> serializers.DateField:
    return serializers.DateField(
        label=label,
        required=required,
        allow_null=not required,
        default=None if not required else serializers.empty,
        error_messages={"required": f"请填写{label}", "invalid": f"{label}应为 YYYY-MM-DD"},
    )


class EnterSerializer(serializers.Serializer):
    entered_on = _date_field("进驻日期")
    principal_notified_on = _date_field("通报主要负责人日期")
    mobilization_on = _date_field("动员会日期", required=False)
    contact_phone = serializers.CharField(label="值班电话", max_length=40, allow_blank=True)
    contact_mailbox = serializers.CharField(label="邮政信箱", max_length=100, allow_blank=True)
    contact_address = serializers.CharField(label="接待地址", max_length=200, allow_blank=True)
    planned_end = _date_field("计划结束日期")
    shortened_approved_on = _date_field("缩短时间批准日期", required=False)
    shortened_basis = serializers.CharField(label="缩短时间批准依据", max_length=200, required=False, default="")


class EnteredSerializer(InspectionSerializer):
    warnings = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="未能核对的事项（如计划结束日期所在年份的节假日尚未录入）",
    )

    class Meta(InspectionSerializer.Meta):
        fields = [*InspectionSerializer.Meta.fields, "warnings"]


class WithdrawSerializer(serializers.Serializer):
    withdrawn_on = serializers.DateField(
        label="撤出（取消）日期",
        required=False,
        allow_null=True,
        default=None,
        help_text="默认今天",
        error_messages={"invalid": "撤出（取消）日期应为 YYYY-MM-DD"},
    )
    reason = serializers.CharField(
        label="理由", allow_blank=True, error_messages={"required": "请填写撤出（取消）理由"}
    )


class EndFieldworkSerializer(serializers.Serializer):
    ended_on = _date_field("了解工作结束日期")
    shortened_approved_on = _date_field("缩短时间批准日期", required=False)
    shortened_basis = serializers.CharField(label="缩短时间批准依据", max_length=200, required=False, default="")


class ClosureConditionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    article = serializers.CharField()
    met = serializers.BooleanField()
    detail = serializers.CharField()


class DateSerializer(serializers.Serializer):
    date = serializers.DateField(error_messages={"required": "请填写日期", "invalid": "日期应为 YYYY-MM-DD"})


class InspectionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = InspectionSerializer

    def get_queryset(self) -> Any:
        return Inspection.objects.visible_to(self.request.user).select_related("target")

    @extend_schema(
        request=WithdrawSerializer,
        responses=InspectionSerializer,
        summary="撤出本轮/取消（尚未进驻的；记录日期和理由，办公室）",
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        inspection = self.get_object()
        body = WithdrawSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        updated = inspection_services.inspection_withdraw(
            actor=cast("User", request.user),
            inspection=inspection,
            withdrawn_on=body.validated_data["withdrawn_on"] or timezone.localdate(),
            reason=body.validated_data["reason"],
        )
        return Response(InspectionSerializer(updated).data)

    def _act(self, request: Request, service: Any, keyword: str) -> Response:
        inspection = self.get_object()
        body = DateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        updated = service(actor=request.user, inspection=inspection, **{keyword: body.validated_data["date"]})
        return Response(InspectionSerializer(updated).data)

    @extend_schema(request=DateSerializer, responses=InspectionSerializer, summary="开始准备（了解情况）")
    @action(detail=True, methods=["post"])
    def prepare(self, request: Request, pk: str) -> Response:
        return self._act(request, inspection_services.inspection_prepare, "on")

    @extend_schema(
        request=EnterSerializer,
        responses=EnteredSerializer,
        summary="记录进驻（通报主要负责人、动员会、进驻公告；组须有组长和组员，计划在驻时间不足须登记批准）",
    )
    @action(detail=True, methods=["post"])
    def enter(self, request: Request, pk: str) -> Response:
        inspection = self.get_object()
        body = EnterSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        updated = inspection_services.inspection_enter(
            actor=cast("User", request.user), inspection=inspection, **body.validated_data
        )
        return Response(EnteredSerializer(updated).data)

    @extend_schema(
        request=EndFieldworkSerializer,
        responses=InspectionSerializer,
        summary="结束了解工作（在驻时间不足须登记批准日期和依据）",
    )
    @action(detail=True, methods=["post"], url_path="end-fieldwork")
    def end_fieldwork(self, request: Request, pk: str) -> Response:
        inspection = self.get_object()
        body = EndFieldworkSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        updated = inspection_services.inspection_end_fieldwork(
            actor=cast("User", request.user), inspection=inspection, **body.validated_data
        )
        return Response(InspectionSerializer(updated).data)

    @extend_schema(responses=ClosureConditionSerializer(many=True), summary="办结条件（规则所列各项及是否满足）")
    @action(detail=True, methods=["get"])
    def closure(self, request: Request, pk: str) -> Response:
        inspection = self.get_object()
        viewer = viewer_for(request.user)
        if (
            inspection.jurisdiction_id not in viewer.oversight_jurisdictions
            and inspection.team_id not in viewer.team_ids
        ):
            raise PermissionDeniedError(f"只有{inspection.jurisdiction.word}办、领导小组和本组可以查看办结条件。")
        states = closure_checklist(inspection)
        return Response(ClosureConditionSerializer(states, many=True).data)

    @extend_schema(request=DateSerializer, responses=InspectionSerializer, summary="办结（规则所列办结条件均满足时）")
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        return self._act(request, inspection_close, "closed_on")
