"""REST API for inspectors and team staffing: reads through visible_to, writes through services.

Inputs are plain serializers that only parse; the services decide (and say in Chinese why not). Objects named in
a request (cadre, inspector, round, team, organization) are looked up through `visible_to(request.user)`, so what
the user cannot see is “不存在或无权查看”, the same as what does not exist."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.api_support import as_id, id_param, parse_input
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.core.visibility import office_jurisdiction_ids, viewer_for
from xuncha.jurisdictions.words import user_word
from xuncha.planning.models import Round, Team
from xuncha.registry.models import Cadre, Organization

from . import services
from .models import (
    Assignment,
    Attestation,
    Declaration,
    EligibilityException,
    Inspector,
    LeaderAuthorization,
    RecusalWaiver,
    Rotation,
    Secondment,
    SecondmentAppraisal,
    TrainingPosting,
    waiver_reader_jurisdictions,
)

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _visible(model: type[Model], user: Any, pk: int | None, *, field: str, label: str) -> Any:
    """The object `pk` of `model` if the user may see it; None for no pk; otherwise a 400 naming the field."""
    if pk is None:
        return None
    obj = model.objects.visible_to(user).filter(pk=pk).first()  # type: ignore[attr-defined]
    if obj is None:
        raise ServiceError(f"{label} {pk} 不存在或无权查看", field=field)
    return obj


def _date_field(label: str, **kwargs: Any) -> serializers.DateField:
    return serializers.DateField(
        label=label, error_messages={"required": f"请填写{label}", "invalid": f"{label}应为 YYYY-MM-DD"}, **kwargs
    )


# -- output ---------------------------------------------------------------------------------------------------------
class InspectorSerializer(serializers.ModelSerializer):
    cadre_code = serializers.CharField(source="cadre.code", read_only=True)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True, allow_null=True)
    expertise = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Inspector
        fields = [
            "id",
            "jurisdiction",
            "cadre",
            "cadre_code",
            "cadre_name",
            "user",
            "username",
            "kind",
            "expertise",
            "in_leader_pool",
            "county_level",
            "active",
        ]
        read_only_fields = fields


class DeclarationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Declaration
        fields = [
            "id",
            "inspector",
            "declared_on",
            "kind",
            "person",
            "person_name",
            "relation",
            "organization",
            "detail",
            "withdrawn_on",
        ]
        read_only_fields = fields


class AttestationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attestation
        fields = ["id", "inspector", "condition", "attested_on", "attested_by", "basis"]
        read_only_fields = fields


class SecondmentAppraisalSerializer(serializers.ModelSerializer):
    class Meta:
        model = SecondmentAppraisal
        fields = ["id", "secondment", "part", "team", "grade", "appraisal", "appraised_on", "recorded_by"]
        read_only_fields = fields


class SecondmentSerializer(serializers.ModelSerializer):
    appraisals = serializers.SerializerMethodField(help_text="鉴定的两部分：办公室（office）和所在组（team）")
    appraisal_complete = serializers.BooleanField(read_only=True, help_text="两部分均已作出，鉴定方为完成")

    class Meta:
        model = Secondment
        fields = [
            "id",
            "inspector",
            "home_organization",
            "round",
            "started_on",
            "ended_on",
            "appraisals",
            "appraisal_complete",
        ]
        read_only_fields = fields

    @extend_schema_field(SecondmentAppraisalSerializer(many=True))
    def get_appraisals(self, obj: Secondment) -> list[dict[str, Any]]:
        # Whoever sees the secondment sees its appraisal (the same visibility); prefetched by the viewset.
        parts = sorted(obj.appraisals.all(), key=lambda a: a.part)
        return list(SecondmentAppraisalSerializer(parts, many=True).data)


class TrainingPostingSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrainingPosting
        fields = ["id", "inspector", "home_organization", "started_on", "ended_on"]
        read_only_fields = fields


class RotationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rotation
        fields = ["id", "inspector", "rotated_on", "from_position", "to_position"]
        read_only_fields = fields


class LeaderAuthorizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = LeaderAuthorization
        fields = ["id", "inspector", "round", "role", "authorized_on", "authorized_by", "basis"]
        read_only_fields = fields


class AssignmentSerializer(serializers.ModelSerializer):
    team_name = serializers.CharField(source="team.__str__", read_only=True)
    inspector_name = serializers.CharField(source="inspector.cadre.name", read_only=True)
    hits = serializers.SerializerMethodField(
        help_text="回避检查结果（回避事实）：只给办公室和规则所定的豁免决定机构；本组成员看到空列表"
    )

    def get_hits(self, assignment: Assignment) -> list[dict[str, Any]]:
        request = self.context.get("request")
        if request is None:  # a service's own result, returned to the office that made it
            return list(assignment.hits or [])
        readers: list[int] | None = getattr(self, "_waiver_readers", None)  # once per list, not per row
        if readers is None:
            readers = self._waiver_readers = waiver_reader_jurisdictions(viewer_for(request.user))
        return list(assignment.hits or []) if assignment.team.round.jurisdiction_id in readers else []

    class Meta:
        model = Assignment
        fields = ["id", "team", "team_name", "inspector", "inspector_name", "role", "assigned_on", "hits"]
        read_only_fields = fields


class RecusalWaiverSerializer(serializers.ModelSerializer):
    class Meta:
        model = RecusalWaiver
        fields = [
            "id",
            "team",
            "inspector",
            "rule",
            "fact",
            "reason",
            "decided_by_body",
            "decided_on",
            "recorded_by",
        ]
        read_only_fields = fields


class EligibilityExceptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = EligibilityException
        fields = ["id", "team", "inspector", "conditions", "decided_by", "decided_on", "reason", "recorded_by"]
        read_only_fields = fields


class FindingSerializer(serializers.Serializer):
    rule = serializers.CharField()
    rule_name = serializers.CharField()
    fact = serializers.CharField()
    article = serializers.CharField()


class HitSerializer(FindingSerializer):
    waived = serializers.BooleanField()
    waiver = serializers.IntegerField(allow_null=True)


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    field = serializers.CharField(required=False)
    article = serializers.CharField(required=False)


class PreviewSerializer(serializers.Serializer):
    allowed = serializers.BooleanField()
    hits = HitSerializer(many=True)
    warnings = FindingSerializer(many=True)
    refusals = RefusalSerializer(many=True)
    unattested = serializers.ListField(child=serializers.CharField(), help_text="尚未确认的任职条件（代码）")
    eligibility_exception = serializers.IntegerField(allow_null=True, help_text="准许安排的任职条件例外")


# -- input ----------------------------------------------------------------------------------------------------------
class InspectorInput(serializers.Serializer):
    cadre = serializers.IntegerField(label="干部")
    kind = serializers.CharField(label="类别")
    expertise = serializers.ListField(label="专业领域", child=serializers.CharField(), required=False, default=list)
    username = serializers.CharField(label="登录账号（用户名）", required=False, allow_blank=True, default="")
    in_leader_pool = serializers.BooleanField(label="组长库", required=False, default=False)
    county_level = serializers.BooleanField(label="县级领导干部", required=False, default=False)


class DeclarationInput(serializers.Serializer):
    inspector = serializers.IntegerField(label="巡察（巡视）工作人员")
    kind = serializers.CharField(label="类别")
    declared_on = _date_field("申报日期")
    person = serializers.IntegerField(label="关系人（干部）", required=False, allow_null=True, default=None)
    person_name = serializers.CharField(label="关系人姓名", required=False, allow_blank=True, default="")
    relation = serializers.CharField(label="关系", required=False, allow_blank=True, default="")
    organization = serializers.IntegerField(label="相关单位", required=False, allow_null=True, default=None)
    detail = serializers.CharField(label="说明", required=False, allow_blank=True, default="")


class WithdrawInput(serializers.Serializer):
    withdrawn_on = _date_field("撤回日期")
    reason = serializers.CharField(label="撤回理由", required=False, allow_blank=True, default="")


class AttestationInput(serializers.Serializer):
    inspector = serializers.IntegerField(label="巡察（巡视）工作人员")
    condition = serializers.CharField(label="条件")
    attested_on = _date_field("确认日期")
    basis = serializers.CharField(label="依据", required=False, allow_blank=True, default="")


class SecondmentInput(serializers.Serializer):
    inspector = serializers.IntegerField(label="巡察（巡视）工作人员")
    home_organization = serializers.CharField(label="原单位")
    round = serializers.IntegerField(label="轮次", required=False, allow_null=True, default=None)
    started_on = _date_field("开始日期")
    ended_on = _date_field("结束日期", required=False, allow_null=True, default=None)


class AppraisalInput(serializers.Serializer):
    part = serializers.CharField(
        label="鉴定方",
        error_messages={"required": "请填写鉴定方：office（办公室的部分）或 team（所在组的部分）"},
        help_text="office：办公室的部分；team：所在组的部分（组长）",
    )
    grade = serializers.CharField(label="鉴定等次")
    appraisal = serializers.CharField(label="工作表现鉴定", required=False, allow_blank=True, default="")
    appraised_on = _date_field("鉴定日期")


class TrainingPostingInput(serializers.Serializer):
    inspector = serializers.IntegerField(label="巡察（巡视）工作人员")
    home_organization = serializers.CharField(label="原单位")
    started_on = _date_field("开始日期")
    ended_on = _date_field("结束日期", required=False, allow_null=True, default=None)


class RotationInput(serializers.Serializer):
    inspector = serializers.IntegerField(label="巡察（巡视）工作人员")
    rotated_on = _date_field("轮岗日期")
    from_position = serializers.CharField(label="原岗位", required=False, allow_blank=True, default="")
    to_position = serializers.CharField(label="新岗位", required=False, allow_blank=True, default="")


class LeaderAuthorizationInput(serializers.Serializer):
    inspector = serializers.IntegerField(label="巡察（巡视）工作人员")
    round = serializers.IntegerField(label="轮次")
    role = serializers.CharField(label="授权职务")
    authorized_on = _date_field("授权日期")
    basis = serializers.CharField(label="授权依据", required=False, allow_blank=True, default="")


class AssignmentInput(serializers.Serializer):
    team = serializers.IntegerField(label="巡察（巡视）组")
    inspector = serializers.IntegerField(label="巡察（巡视）工作人员")
    role = serializers.CharField(label="职位")
    assigned_on = _date_field("确定日期", required=False, allow_null=True, default=None)


class EligibilityExceptionInput(serializers.Serializer):
    team = serializers.IntegerField(label="巡察（巡视）组")
    inspector = serializers.IntegerField(label="巡察（巡视）工作人员")
    decided_by = serializers.CharField(label="决定人", required=False, allow_blank=True, default="")
    decided_on = _date_field("决定日期")
    reason = serializers.CharField(label="理由", required=False, allow_blank=True, default="")


class RecusalWaiverInput(serializers.Serializer):
    team = serializers.IntegerField(label="巡察（巡视）组")
    inspector = serializers.IntegerField(label="巡察（巡视）工作人员")
    rule = serializers.CharField(label="回避类别")
    fact = serializers.CharField(label="事实")
    reason = serializers.CharField(label="豁免理由", required=False, allow_blank=True, default="")
    decided_on = _date_field("决定日期")


def _inspector(request: Request, fields: dict[str, Any]) -> Inspector:
    inspector: Inspector = _visible(
        Inspector, request.user, fields.pop("inspector"), field="inspector", label=f"{user_word(request.user)}工作人员"
    )
    return inspector


def _created(serializer_class: type[serializers.ModelSerializer], obj: Any) -> Response:
    return Response(serializer_class(obj).data, status=status.HTTP_201_CREATED)


# -- viewsets -------------------------------------------------------------------------------------------------------
class _ReadCreate(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """List and retrieve what `visible_to` allows; create through a service."""

    model: type[Model]
    related: tuple[str, ...] = ()
    ordering: tuple[str, ...] = ("pk",)

    def get_queryset(self) -> QuerySet[Any]:
        qs = self.model.objects.visible_to(self.request.user)  # type: ignore[attr-defined]
        inspector = id_param(self.request.query_params, "inspector", label="工作人员")
        if inspector is not None:
            qs = qs.filter(inspector_id=inspector)
        if self.related:  # select_related() with no names would follow every foreign key
            qs = qs.select_related(*self.related)
        return qs.order_by(*self.ordering)


INSPECTOR_FILTER = OpenApiParameter("inspector", int, description="只列出该巡察（巡视）工作人员的记录")


def _documented(what: str) -> Any:
    """Chinese summaries for list and retrieve, and the `inspector` filter on lists."""
    return extend_schema_view(
        list=extend_schema(summary=f"{what}列表（仅限有权查看的记录）", parameters=[INSPECTOR_FILTER]),
        retrieve=extend_schema(summary=f"查看一条{what}"),
    )


@extend_schema_view(
    list=extend_schema(summary="巡察（巡视）工作人员列表（仅限有权查看的记录）"),
    retrieve=extend_schema(summary="查看一名巡察（巡视）工作人员"),
)
class InspectorViewSet(_ReadCreate):
    serializer_class = InspectorSerializer
    model = Inspector
    related = ("cadre", "user")
    ordering = ("jurisdiction", "cadre__name", "pk")

    def get_queryset(self) -> QuerySet[Any]:
        return Inspector.objects.visible_to(self.request.user).select_related("cadre", "user").order_by(*self.ordering)

    @extend_schema(
        request=InspectorInput, responses={201: InspectorSerializer}, summary="登记巡察（巡视）工作人员（人才库）"
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(InspectorInput, request)
        cadre = _visible(Cadre, request.user, fields.pop("cadre"), field="cadre", label="干部")
        username = fields.pop("username").strip()
        user = None
        if username:
            user = get_user_model().objects.filter(username=username, is_active=True).first()
            if user is None:
                raise ServiceError(f"没有用户名为 {username} 的有效账号", field="username")
        inspector = services.inspector_create(actor=cast("User", request.user), cadre=cadre, user=user, **fields)
        return _created(InspectorSerializer, inspector)


@_documented("回避事项申报")
class DeclarationViewSet(_ReadCreate):
    serializer_class = DeclarationSerializer
    model = Declaration
    ordering = ("-declared_on", "-pk")

    @extend_schema(
        request=DeclarationInput,
        responses={201: DeclarationSerializer},
        summary="申报回避事项（本人或办公室；对需回避的，不得隐瞒不报）",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(DeclarationInput, request)
        inspector = _inspector(request, fields)
        fields["person"] = _visible(Cadre, request.user, fields["person"], field="person", label="关系人（干部）")
        fields["organization"] = _visible(
            Organization, request.user, fields["organization"], field="organization", label="相关单位"
        )
        declaration = services.declaration_create(actor=cast("User", request.user), inspector=inspector, **fields)
        return _created(DeclarationSerializer, declaration)

    @extend_schema(
        request=WithdrawInput, responses=DeclarationSerializer, summary="撤回回避事项申报（原申报保留，只记撤回日期）"
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        declaration = self.get_object()
        fields = parse_input(WithdrawInput, request)
        updated = services.declaration_withdraw(actor=cast("User", request.user), declaration=declaration, **fields)
        return Response(DeclarationSerializer(updated).data)


@_documented("任职条件确认")
class AttestationViewSet(_ReadCreate):
    serializer_class = AttestationSerializer
    model = Attestation
    ordering = ("-attested_on", "-pk")

    @extend_schema(
        request=AttestationInput, responses={201: AttestationSerializer}, summary="确认一项任职条件（规则所列条件）"
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(AttestationInput, request)
        inspector = _inspector(request, fields)
        return _created(
            AttestationSerializer,
            services.attestation_record(actor=cast("User", request.user), inspector=inspector, **fields),
        )


@_documented("借调、抽调")
class SecondmentViewSet(_ReadCreate):
    serializer_class = SecondmentSerializer
    model = Secondment
    ordering = ("-started_on", "-pk")

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().prefetch_related("appraisals")

    @extend_schema(request=SecondmentInput, responses={201: SecondmentSerializer}, summary="登记借调、抽调")
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(SecondmentInput, request)
        inspector = _inspector(request, fields)
        fields["round"] = _visible(Round, request.user, fields["round"], field="round", label="轮次")
        return _created(
            SecondmentSerializer,
            services.secondment_create(actor=cast("User", request.user), inspector=inspector, **fields),
        )

    @extend_schema(
        request=AppraisalInput,
        responses=SecondmentSerializer,
        summary="作出借调、抽调人员工作表现鉴定的一部分（办公室和所在组共同作出，两部分均作出方为完成）",
    )
    @action(detail=True, methods=["post"])
    def appraise(self, request: Request, pk: str) -> Response:
        secondment = self.get_object()
        fields = parse_input(AppraisalInput, request)
        services.secondment_appraise(actor=cast("User", request.user), secondment=secondment, **fields)
        return Response(SecondmentSerializer(Secondment.objects.get(pk=secondment.pk)).data)


@_documented("挂职锻炼")
class TrainingPostingViewSet(_ReadCreate):
    serializer_class = TrainingPostingSerializer
    model = TrainingPosting
    ordering = ("-started_on", "-pk")

    @extend_schema(request=TrainingPostingInput, responses={201: TrainingPostingSerializer}, summary="登记挂职锻炼")
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(TrainingPostingInput, request)
        inspector = _inspector(request, fields)
        posting = services.training_posting_create(actor=cast("User", request.user), inspector=inspector, **fields)
        return _created(TrainingPostingSerializer, posting)


@_documented("轮岗交流")
class RotationViewSet(_ReadCreate):
    serializer_class = RotationSerializer
    model = Rotation
    ordering = ("-rotated_on", "-pk")

    @extend_schema(request=RotationInput, responses={201: RotationSerializer}, summary="登记轮岗交流")
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(RotationInput, request)
        inspector = _inspector(request, fields)
        return _created(
            RotationSerializer,
            services.rotation_record(actor=cast("User", request.user), inspector=inspector, **fields),
        )


@_documented("组长授权")
class LeaderAuthorizationViewSet(_ReadCreate):
    serializer_class = LeaderAuthorizationSerializer
    model = LeaderAuthorization
    ordering = ("-authorized_on", "-pk")

    @extend_schema(
        request=LeaderAuthorizationInput,
        responses={201: LeaderAuthorizationSerializer},
        summary="登记组长、副组长授权（一次一授权，仅适用于实行组长库的规则）",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(LeaderAuthorizationInput, request)
        inspector = _inspector(request, fields)
        fields["round"] = _visible(Round, request.user, fields["round"], field="round", label="轮次")
        authorization = services.leader_authorize(actor=cast("User", request.user), inspector=inspector, **fields)
        return _created(LeaderAuthorizationSerializer, authorization)


def _team(request: Request, pk: int | None) -> Team:
    team: Team = _visible(Team, request.user, pk, field="team", label=f"{user_word(request.user)}组")
    return team


@_documented("人员安排")
class AssignmentViewSet(_ReadCreate):
    serializer_class = AssignmentSerializer
    model = Assignment
    related = ("team__round__jurisdiction", "inspector__cadre")
    ordering = ("-assigned_on", "team", "pk")

    @extend_schema(
        request=AssignmentInput,
        responses={201: AssignmentSerializer},
        summary="安排人员进组（回避情形未经豁免的不予安排）",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(AssignmentInput, request)
        team = _team(request, fields["team"])
        inspector = _inspector(request, fields)
        on = fields["assigned_on"] or timezone.localdate()
        assignment = services.assignment_create(
            actor=cast("User", request.user), team=team, inspector=inspector, role=fields["role"], on=on
        )
        return _created(AssignmentSerializer, assignment)

    @extend_schema(
        parameters=[
            OpenApiParameter("team", int, required=True, description="巡察（巡视）组"),
            OpenApiParameter("inspector", int, required=True, description="巡察（巡视）工作人员"),
            OpenApiParameter("role", str, required=True, enum=Assignment.Role.values, description="职位"),
            OpenApiParameter("on", str, description="核查日期 YYYY-MM-DD，默认今天"),
        ],
        responses=PreviewSerializer,
        summary="预检人员安排：回避情形、提示、不予安排的理由（不写入）",
    )
    @action(detail=False, methods=["get"])
    def preview(self, request: Request) -> Response:
        params = request.query_params
        team = _team(request, _int(params.get("team"), field="team", label=f"{user_word(request.user)}组"))
        if team.round.jurisdiction_id not in office_jurisdiction_ids(request.user):
            raise PermissionDeniedError(f"只有{team.round.jurisdiction}的办公室人员可以预检人员安排。")
        inspector: Inspector = _visible(
            Inspector,
            request.user,
            _int(params.get("inspector"), field="inspector", label=f"{user_word(request.user)}工作人员"),
            field="inspector",
            label=f"{user_word(request.user)}工作人员",
        )
        on = timezone.localdate()
        if params.get("on"):
            try:
                on = datetime.date.fromisoformat(params["on"])
            except ValueError:
                raise ServiceError("on（核查日期）应为 YYYY-MM-DD", field="on") from None
        preview = services.assignment_preview(team=team, inspector=inspector, role=params.get("role", ""), on=on)
        hits = []
        for h in preview.hits:
            waiver = preview.waivers.get((h.rule, h.fact))
            hits.append({**h.as_dict(), "waived": waiver is not None, "waiver": waiver})
        return Response(
            {
                "allowed": preview.allowed,
                "hits": hits,
                "warnings": [w.as_dict() for w in preview.warnings],
                "refusals": [r.as_dict() for r in preview.refusals],
                "unattested": [c.code for c in preview.unattested],
                "eligibility_exception": preview.eligibility_exception,
            }
        )


def _int(value: str | None, *, field: str, label: str) -> int:
    return as_id(value, field=field, label=label) or 0


@_documented("回避豁免")
class RecusalWaiverViewSet(_ReadCreate):
    serializer_class = RecusalWaiverSerializer
    model = RecusalWaiver
    ordering = ("-decided_on", "-pk")

    @extend_schema(
        request=RecusalWaiverInput,
        responses={201: RecusalWaiverSerializer},
        summary="登记回避豁免（由规则所定机构决定，办公室负责人登记）",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(RecusalWaiverInput, request)
        team = _team(request, fields.pop("team"))
        inspector = _inspector(request, fields)
        waiver = services.recusal_waiver_record(
            actor=cast("User", request.user), team=team, inspector=inspector, **fields
        )
        return _created(RecusalWaiverSerializer, waiver)


@_documented("任职条件例外")
class EligibilityExceptionViewSet(_ReadCreate):
    serializer_class = EligibilityExceptionSerializer
    model = EligibilityException
    ordering = ("-decided_on", "-pk")

    @extend_schema(
        request=EligibilityExceptionInput,
        responses={201: EligibilityExceptionSerializer},
        summary="登记任职条件例外决定（任职条件未全部确认而安排进组；原文未规定例外，办公室负责人登记）",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(EligibilityExceptionInput, request)
        team = _team(request, fields.pop("team"))
        inspector = _inspector(request, fields)
        exception = services.eligibility_exception_record(
            actor=cast("User", request.user), team=team, inspector=inspector, **fields
        )
        return _created(EligibilityExceptionSerializer, exception)
