"""REST API. Every list starts from visible_to(request.user); every write calls a service."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.audit.actions import action_name
from xuncha.audit.models import Event
from xuncha.core.api_support import filter_by_inspection
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.core.visibility import viewer_for
from xuncha.inspections import services as inspection_services
from xuncha.inspections.closure import closure_checklist, inspection_close
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.models import Jurisdiction
from xuncha.jurisdictions.rulebook import all_rulebooks
from xuncha.obligations.models import Obligation
from xuncha.workdays.arithmetic import Counting, UnknownYearError
from xuncha.workdays.selectors import counting_for, work_calendar


class JurisdictionSerializer(serializers.ModelSerializer):
    word = serializers.CharField(read_only=True)

    class Meta:
        model = Jurisdiction
        fields = ["id", "code", "name", "short_name", "rulebook_code", "word", "parent"]


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


class EventSerializer(serializers.ModelSerializer):
    action_name = serializers.SerializerMethodField(help_text="动作的中文名称（xuncha/audit/actions.py 的登记表）")

    class Meta:
        model = Event
        fields = [
            "seq",
            "created_at",
            "occurred_on",
            "jurisdiction",
            "actor_name",
            "action",
            "action_name",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "article",
            "rulebook_code",
            "prev_hash",
            "hash",
        ]

    def get_action_name(self, event: Event) -> str:
        return action_name(event.action, event.jurisdiction.word if event.jurisdiction else "")


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


class InspectionInput(serializers.Serializer):
    round = serializers.IntegerField(label="轮次")
    team = serializers.IntegerField(label="组")
    target = serializers.IntegerField(label="对象")
    kind = serializers.ChoiceField(
        label="类型",
        choices=Inspection.Kind.choices,
        default=Inspection.Kind.REGULAR,
        error_messages={"invalid_choice": "类型“{input}”不存在"},
    )
    follows = serializers.IntegerField(label="所回头看的巡察（巡视）", required=False, allow_null=True, default=None)
    focus = serializers.CharField(label="专项内容", max_length=200, required=False, allow_blank=True, default="")


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


class JurisdictionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = JurisdictionSerializer

    def get_queryset(self) -> Any:
        return Jurisdiction.objects.visible_to(self.request.user)


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


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EventSerializer
    lookup_field = "seq"

    @extend_schema(
        parameters=[
            OpenApiParameter("action", str, description="只列这一种事件（如 secret.read、round.ended）"),
            OpenApiParameter("inspection", int, description="只列这一次巡察（巡视）的事件"),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        qs = filter_by_inspection(Event.objects.visible_to(self.request.user), self.request).select_related(
            "jurisdiction"
        )
        action = self.request.query_params.get("action", "").strip()
        return (qs.filter(action=action) if action else qs).order_by("seq")


class InspectionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = InspectionSerializer

    def get_queryset(self) -> Any:
        return Inspection.objects.visible_to(self.request.user).select_related("target")

    @extend_schema(
        request=InspectionInput,
        responses={201: InspectionSerializer},
        summary="安排对象（计划一次巡察（巡视）；同一对象同时只能有一个未办结的）",
    )
    def create(self, request: Request) -> Response:
        from xuncha.planning.models import Round, Team
        from xuncha.registry.models import Organization

        body = InspectionInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        user = request.user

        def visible(model: Any, pk: int | None, *, field: str, label: str) -> Any:
            if pk is None:
                return None
            found = model.objects.visible_to(user).filter(pk=pk).first()
            if found is None:
                raise ServiceError(f"{label} {pk} 不存在或无权查看", field=field)
            return found

        rnd = visible(Round, data["round"], field="round", label="轮次")
        team = visible(Team, data["team"], field="team", label="组")
        target = visible(Organization, data["target"], field="target", label="对象")
        follows = visible(Inspection, data["follows"], field="follows", label="所回头看的巡察（巡视）")
        inspection = inspection_services.inspection_create(
            actor=user,
            round=rnd,
            team=team,
            target=target,
            kind=data["kind"],
            follows=follows,
            focus=data["focus"],
        )
        return Response(InspectionSerializer(inspection).data, status=201)

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
            actor=request.user,
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
        updated = inspection_services.inspection_enter(actor=request.user, inspection=inspection, **body.validated_data)
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
            actor=request.user, inspection=inspection, **body.validated_data
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


@extend_schema(
    summary="全部规则（数据文件内容）", responses=inline_serializer("Rulebooks", {"code": serializers.CharField()})
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def rulebooks(request: Request) -> Response:
    return Response([b.model_dump(mode="json") for b in all_rulebooks().values()])


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
