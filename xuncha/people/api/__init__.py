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
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.api_support import as_id, id_param, parse_input
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.core.visibility import office_jurisdiction_ids
from xuncha.jurisdictions.words import user_word
from xuncha.planning.models import Round, Team
from xuncha.registry.models import Cadre, Organization

from .. import services
from ..models import (
    Assignment,
    Attestation,
    Declaration,
    EligibilityException,
    Inspector,
    LeaderAuthorization,
    RecusalWaiver,
    Rotation,
    Secondment,
    TrainingPosting,
)

if TYPE_CHECKING:
    from xuncha.accounts.models import User

from .serializers import (
    AppraisalInput,
    AssignmentInput,
    AssignmentSerializer,
    AttestationInput,
    AttestationSerializer,
    DeclarationInput,
    DeclarationSerializer,
    EligibilityExceptionInput,
    EligibilityExceptionSerializer,
    InspectorInput,
    InspectorSerializer,
    LeaderAuthorizationInput,
    LeaderAuthorizationSerializer,
    PreviewSerializer,
    RecusalWaiverInput,
    RecusalWaiverSerializer,
    RotationInput,
    RotationSerializer,
    SecondmentInput,
    SecondmentSerializer,
    TrainingPostingInput,
    TrainingPostingSerializer,
    WithdrawInput,
    _visible,
)


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
