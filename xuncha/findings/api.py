"""REST API for findings, team meetings and escalations: reads through visible_to, writes through the services.

Objects named in a request (inspection, finding, cadre, attendees) are looked up among what the user may see, so what
the user cannot see is “不存在或无权查看”, the same as what does not exist."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.api_support import INSPECTION_FILTER, day_field, filter_by_inspection, parse_input, visible_inspection
from xuncha.core.errors import ServiceError
from xuncha.registry.models import Cadre

from . import services
from .models import Escalation, Evidence, Finding, TeamMeeting
from .selectors import readable_inspections, team_roster

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _date_field(label: str, **kwargs: Any) -> serializers.DateField:
    return serializers.DateField(
        label=label, error_messages={"required": f"请填写{label}", "invalid": f"{label}应为 YYYY-MM-DD"}, **kwargs
    )


def _inspection(request: Request, pk: int) -> Any:
    return visible_inspection(readable_inspections(cast("User", request.user)), pk)


def _finding(request: Request, pk: int | None, *, field: str = "finding") -> Finding | None:
    if pk is None:
        return None
    finding = Finding.objects.visible_to(request.user).filter(pk=pk).first()
    if finding is None:
        raise ServiceError(f"问题底稿 {pk} 不存在或无权查看", field=field)
    return finding


# -- output ---------------------------------------------------------------------------------------------------------
class FindingEvidenceSerializer(serializers.ModelSerializer):
    # `label` is the model's property (“个别谈话记录 #12”): the link, never the record's content.
    class Meta:
        model = Evidence
        fields = ["id", "kind", "object_id", "label", "note", "linked_at"]
        read_only_fields = fields


class ProblemFindingSerializer(serializers.ModelSerializer):
    category_name = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    evidence = FindingEvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Finding
        fields = [
            "id",
            "inspection",
            "number",
            "title",
            "category",
            "category_name",
            "description",
            "persons_concerned",
            "is_clue",
            "cadre",
            "status",
            "status_label",
            "created_by",
            "created_at",
            "drafted_on",
            "evidence",
        ]
        read_only_fields = fields

    def get_category_name(self, obj: Finding) -> str:
        return obj.category_name


class TeamMeetingSerializer(serializers.ModelSerializer):
    attendees = serializers.SerializerMethodField()
    findings: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = TeamMeeting
        fields = [
            "id",
            "inspection",
            "number",
            "held_on",
            "attendees",
            "member_count",
            "agenda",
            "minutes",
            "decisions",
            "findings",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields

    def get_attendees(self, obj: TeamMeeting) -> list[dict[str, str]]:
        """The staffed members who attended: roster key (“a<人员安排编号>” / “m<组成员编号>”), name and post."""
        return [{"key": a.key, "name": a.name, "role": a.role} for a in obj.attendance.all()]


class EscalationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Escalation
        fields = [
            "id",
            "inspection",
            "number",
            "to",
            "matter",
            "finding",
            "special_reason",
            "reported_on",
            "reported_by",
            "response",
            "responded_on",
            "response_recorded_by",
        ]
        read_only_fields = fields


# -- input ----------------------------------------------------------------------------------------------------------
class FindingInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）")
    title = serializers.CharField(label="问题标题")
    category = serializers.CharField(label="问题类别（规则 problem_categories 的代码）")
    description = serializers.CharField(label="问题描述")
    persons_concerned = serializers.CharField(label="涉及人员", required=False, allow_blank=True, default="")
    cadre = serializers.IntegerField(label="涉及干部（干部档案）", required=False, allow_null=True, default=None)
    is_clue = serializers.BooleanField(label="作为问题线索（须写明涉及人员）", required=False, default=False)
    drafted_on = day_field("起草日期")


class FindingEditInput(serializers.Serializer):
    title = serializers.CharField(label="问题标题")
    category = serializers.CharField(label="问题类别")
    description = serializers.CharField(label="问题描述")
    persons_concerned = serializers.CharField(label="涉及人员", required=False, allow_blank=True, default="")
    cadre = serializers.IntegerField(label="涉及干部（干部档案）", required=False, allow_null=True, default=None)
    is_clue = serializers.BooleanField(label="作为问题线索（须写明涉及人员）", required=False, default=False)


class FindingEvidenceInput(serializers.Serializer):
    kind = serializers.CharField(label="证据类别（talk、petition、document、record）")
    object_id = serializers.IntegerField(label="记录编号", min_value=1)
    note = serializers.CharField(label="说明", required=False, allow_blank=True, default="")


class FindingUnlinkInput(serializers.Serializer):
    evidence = serializers.IntegerField(label="关联证据编号（问题底稿的 evidence[].id）", min_value=1)


class FindingApproveInput(serializers.Serializer):
    on = day_field("审定日期")


class FindingReturnInput(serializers.Serializer):
    on = day_field("退回日期")
    reason = serializers.CharField(label="退回理由", allow_blank=True)


class TeamMeetingInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）")
    held_on = day_field("召开日期")
    attendees = serializers.ListField(
        label="出席人员（在组人员编号“a12”“m5”，见 roster；或有登录账号者的用户编号）", child=serializers.CharField()
    )
    agenda = serializers.CharField(label="议题")
    minutes = serializers.CharField(label="会议记录", allow_blank=True)
    decisions = serializers.CharField(label="决定事项", required=False, allow_blank=True, default="")
    findings = serializers.ListField(
        label="通过的问题底稿（编号）", child=serializers.IntegerField(), required=False, default=list
    )


class RosterQuery(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）编号", min_value=1)
    on = serializers.DateField(label="日期", required=False)


class RosterSerializer(serializers.Serializer):
    key = serializers.CharField(label="在组人员编号")
    name = serializers.CharField(label="姓名")
    role = serializers.CharField(label="职位")
    role_label = serializers.CharField(label="职位名称")
    has_account = serializers.SerializerMethodField()

    def get_has_account(self, obj: Any) -> bool:
        return obj.user_id is not None


class EscalationInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）")
    to = serializers.ChoiceField(label="报告对象", choices=Escalation.To.choices)
    matter = serializers.CharField(label="请示报告事项")
    special_reason = serializers.CharField(
        label="特殊情况说明（直接向书记报告时必填）", required=False, allow_blank=True, default=""
    )
    finding = serializers.IntegerField(label="相关问题底稿", required=False, allow_null=True, default=None)
    reported_on = _date_field("报告日期")


class EscalationRespondInput(serializers.Serializer):
    response = serializers.CharField(label="答复意见")
    responded_on = _date_field("答复日期")


# -- viewsets -------------------------------------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(summary="问题底稿列表（仅限本组、办公室、领导小组和审计人员）", parameters=[INSPECTION_FILTER]),
    retrieve=extend_schema(summary="查看一份问题底稿（证据只列类别和编号）"),
)
class FindingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ProblemFindingSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = (
            Finding.objects.visible_to(self.request.user)
            .select_related("inspection__jurisdiction")
            .prefetch_related("evidence")
        )
        return filter_by_inspection(qs, self.request).order_by("inspection_id", "number")

    def _fields(self, request: Request, fields: dict[str, Any]) -> dict[str, Any]:
        pk = fields.pop("cadre")
        cadre = None
        if pk is not None:
            cadre = Cadre.objects.visible_to(request.user).filter(pk=pk).first()
            if cadre is None:
                raise ServiceError(f"干部 {pk} 不存在或无权查看", field="cadre")
        return fields | {"cadre": cadre}

    @extend_schema(
        request=FindingInput,
        responses={201: ProblemFindingSerializer},
        summary="起草问题底稿（本组成员；进驻了解或报告阶段）",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = self._fields(request, parse_input(FindingInput, request))
        inspection = _inspection(request, fields.pop("inspection"))
        finding = services.finding_create(actor=cast("User", request.user), inspection=inspection, **fields)
        return Response(ProblemFindingSerializer(finding).data, status=status.HTTP_201_CREATED)

    def _done(self, finding: Finding) -> Response:
        return Response(ProblemFindingSerializer(self.get_queryset().get(pk=finding.pk)).data)

    @extend_schema(request=FindingEditInput, responses=ProblemFindingSerializer, summary="修改问题底稿（仅限草稿）")
    @action(detail=True, methods=["post"])
    def edit(self, request: Request, pk: str) -> Response:
        finding = self.get_object()
        fields = self._fields(request, parse_input(FindingEditInput, request))
        return self._done(services.finding_update(actor=cast("User", request.user), finding=finding, **fields))

    @extend_schema(
        request=FindingEvidenceInput,
        responses={201: FindingEvidenceSerializer},
        summary="关联证据（本次巡察（巡视）的个别谈话记录等；只记录类别和编号）",
    )
    @action(detail=True, methods=["post"])
    def evidence(self, request: Request, pk: str) -> Response:
        finding = self.get_object()
        fields = parse_input(FindingEvidenceInput, request)
        evidence = services.evidence_link(actor=cast("User", request.user), finding=finding, **fields)
        return Response(FindingEvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=FindingUnlinkInput,
        responses=ProblemFindingSerializer,
        summary="取消关联证据（本组成员；仅限草稿）",
    )
    @action(detail=True, methods=["post"], url_path="unlink-evidence")
    def unlink_evidence(self, request: Request, pk: str) -> Response:
        finding = self.get_object()
        wanted = parse_input(FindingUnlinkInput, request)["evidence"]
        evidence = finding.evidence.filter(pk=wanted).first()
        if evidence is None:
            raise ServiceError(f"{finding}没有编号为 {wanted} 的关联证据", field="evidence")
        evidence.finding = finding
        services.evidence_unlink(actor=cast("User", request.user), evidence=evidence)
        return self._done(finding)

    @extend_schema(
        request=FindingApproveInput,
        responses=ProblemFindingSerializer,
        summary="组长审定（组长负责制；须经组务会通过）",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        finding = self.get_object()
        fields = parse_input(FindingApproveInput, request)
        return self._done(services.finding_leader_approve(actor=cast("User", request.user), finding=finding, **fields))

    @extend_schema(request=FindingReturnInput, responses=ProblemFindingSerializer, summary="组长退回草稿（须说明理由）")
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request: Request, pk: str) -> Response:
        finding = self.get_object()
        fields = parse_input(FindingReturnInput, request)
        return self._done(services.finding_return(actor=cast("User", request.user), finding=finding, **fields))


@extend_schema_view(
    list=extend_schema(summary="组务会列表", parameters=[INSPECTION_FILTER]),
    retrieve=extend_schema(summary="查看一次组务会"),
)
class TeamMeetingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = TeamMeetingSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = TeamMeeting.objects.visible_to(self.request.user).prefetch_related("attendance", "findings")
        return filter_by_inspection(qs, self.request).order_by("inspection_id", "number")

    @extend_schema(
        request=TeamMeetingInput,
        responses={201: TeamMeetingSerializer},
        summary="登记组务会并通过问题底稿（民主集中制：出席超过本组半数，须有会议记录）",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(TeamMeetingInput, request)
        inspection = _inspection(request, fields.pop("inspection"))
        # Attendees: the team as staffed on the day, by roster key or by a member's login; whoever else is named is
        # refused by the service (a user id off the roster is named by its number only).
        by_user = {m.user_id: m.key for m in team_roster(inspection.team_id, fields["held_on"]) if m.user_id}
        attendees = [
            by_user.get(int(item), f"用户 {item}") if item.strip().isdigit() else item
            for item in fields.pop("attendees")
        ]
        findings = [_finding(request, pk, field="findings") for pk in fields.pop("findings")]
        meeting = services.team_meeting_hold(
            actor=cast("User", request.user),
            inspection=inspection,
            attendees=attendees,
            findings=[f for f in findings if f is not None],
            **fields,
        )
        return Response(TeamMeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[RosterQuery],
        responses=RosterSerializer(many=True),
        summary="本组在组人员（含无登录账号的人员；组务会出席人员从中选择）",
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def roster(self, request: Request) -> Response:
        query = RosterQuery(data=request.query_params)
        if not query.is_valid():
            field, errors = next(iter(query.errors.items()))
            raise ServiceError(f"{query.fields[field].label}：{errors[0]}", field=field)
        inspection = _inspection(request, query.validated_data["inspection"])
        on = query.validated_data.get("on") or timezone.localdate()
        return Response(RosterSerializer(team_roster(inspection.team_id, on), many=True).data)


@extend_schema_view(
    list=extend_schema(summary="请示报告列表", parameters=[INSPECTION_FILTER]),
    retrieve=extend_schema(summary="查看一件请示报告"),
)
class EscalationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = EscalationSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = Escalation.objects.visible_to(self.request.user)
        return filter_by_inspection(qs, self.request).order_by("inspection_id", "number")

    @extend_schema(
        request=EscalationInput,
        responses={201: EscalationSerializer},
        summary="登记请示报告（向领导小组；特殊情况下直接向书记报告，须说明特殊情况）",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(EscalationInput, request)
        inspection = _inspection(request, fields.pop("inspection"))
        fields["finding"] = _finding(request, fields["finding"])
        escalation = services.escalation_create(actor=cast("User", request.user), inspection=inspection, **fields)
        return Response(EscalationSerializer(escalation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EscalationRespondInput, responses=EscalationSerializer, summary="登记请示报告的答复")
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str) -> Response:
        escalation = self.get_object()
        fields = parse_input(EscalationRespondInput, request)
        updated = services.escalation_respond(actor=cast("User", request.user), escalation=escalation, **fields)
        return Response(EscalationSerializer(updated).data)
