"""REST API for planning: terms, annual plans, rounds (and their end), teams and coverage.

Reads start from visible_to(request.user); writes call the services, which check that the actor is the office
(巡察办 / 巡视办) of the jurisdiction (403 otherwise)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.api_support import as_id, id_param
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.core.visibility import office_jurisdiction_ids, viewer_for
from xuncha.inspections import services as inspection_services
from xuncha.inspections.api import InspectionSerializer, InspectionViewSet
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.models import Jurisdiction

from . import services
from .models import AnnualPlan, Round, Team, TeamMembership, Term
from .selectors import coverage, current_term, state_labels

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _office(user: Any, jurisdiction: Jurisdiction, *, what: str) -> Jurisdiction:
    if jurisdiction.pk not in office_jurisdiction_ids(user):
        raise PermissionDeniedError(f"只有{jurisdiction}的{jurisdiction.word}办可以{what}。")
    return jurisdiction


def _jurisdiction(user: Any, pk: Any) -> Jurisdiction:
    pk = as_id(pk, field="jurisdiction", label="党委")
    found = Jurisdiction.objects.visible_to(user).filter(pk=pk).first()
    if found is None:
        raise ServiceError(f"党委 {pk} 不存在或无权查看", field="jurisdiction")
    return found


def _date(label: str, *, required: bool = True) -> serializers.DateField:
    return serializers.DateField(
        label=label,
        required=required,
        allow_null=not required,
        error_messages={"required": f"请填写{label}", "invalid": f"{label}应为 YYYY-MM-DD"},
    )


# -- terms ------------------------------------------------------------------------------------------------------------
class TermSerializer(serializers.ModelSerializer):
    class Meta:
        model = Term
        fields = ["id", "jurisdiction", "name", "starts_on", "ends_on", "plan"]


class TermInput(serializers.Serializer):
    jurisdiction = serializers.IntegerField(label="党委")
    name = serializers.CharField(label="届次", max_length=40)
    starts_on = _date("开始日期")
    ends_on = _date("结束日期")
    plan = serializers.CharField(label="巡察（巡视）工作规划", required=False, allow_blank=True, default="")


class TermViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = TermSerializer

    def get_queryset(self) -> Any:
        return Term.objects.visible_to(self.request.user)

    @extend_schema(
        request=TermInput, responses={201: TermSerializer}, summary="开始新一届（为每个对象建立覆盖应办事项）"
    )
    def create(self, request: Request) -> Response:
        body = TermInput(data=request.data)
        body.is_valid(raise_exception=True)
        fields = dict(body.validated_data)
        jurisdiction = _office(request.user, _jurisdiction(request.user, fields.pop("jurisdiction")), what="开始新一届")
        term = services.term_start(actor=cast("User", request.user), jurisdiction=jurisdiction, **fields)
        return Response(TermSerializer(term).data, status=status.HTTP_201_CREATED)


# -- annual plans -----------------------------------------------------------------------------------------------------
class AnnualPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnnualPlan
        fields = ["id", "term", "year", "content", "approved_on"]


class AnnualPlanInput(serializers.Serializer):
    term = serializers.IntegerField(label="届")
    year = serializers.IntegerField(label="年度", min_value=2000, max_value=2100)
    content = serializers.CharField(label="计划内容")
    approved_on = _date("批准日期", required=False)


class AnnualPlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AnnualPlanSerializer

    def get_queryset(self) -> Any:
        return AnnualPlan.objects.visible_to(self.request.user)

    @extend_schema(
        request=AnnualPlanInput, responses={201: AnnualPlanSerializer}, summary="保存年度计划（同一年度再次保存即修改）"
    )
    def create(self, request: Request) -> Response:
        body = AnnualPlanInput(data=request.data)
        body.is_valid(raise_exception=True)
        fields = dict(body.validated_data)
        term_pk = fields.pop("term")
        term = Term.objects.visible_to(request.user).select_related("jurisdiction").filter(pk=term_pk).first()
        if term is None:
            raise ServiceError(f"届 {term_pk} 不存在或无权查看", field="term")
        _office(request.user, term.jurisdiction, what="保存年度计划")
        plan = services.annual_plan_save(actor=cast("User", request.user), term=term, **fields)
        return Response(AnnualPlanSerializer(plan).data, status=status.HTTP_201_CREATED)


# -- rounds -----------------------------------------------------------------------------------------------------------
class RoundSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Round
        fields = ["id", "jurisdiction", "name", "year", "number", "starts_on", "ends_on", "schedule"]


class RoundInput(serializers.Serializer):
    jurisdiction = serializers.IntegerField(label="党委")
    year = serializers.IntegerField(label="年度", min_value=2000, max_value=2100)
    number = serializers.IntegerField(label="轮次", min_value=1, max_value=20)
    starts_on = _date("开始日期")


class RoundEndInput(serializers.Serializer):
    ended_on = serializers.DateField(
        label="结束日期",
        required=False,
        allow_null=True,
        default=None,
        help_text="本轮实际结束的日期，默认今天",
        error_messages={"invalid": "结束日期应为 YYYY-MM-DD"},
    )


class ScheduleInput(serializers.Serializer):
    schedule = serializers.CharField(label="阶段任务安排", allow_blank=True)


class RoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = RoundSerializer

    def get_queryset(self) -> Any:
        return Round.objects.visible_to(self.request.user)

    @extend_schema(request=RoundInput, responses={201: RoundSerializer}, summary="建立轮次")
    def create(self, request: Request) -> Response:
        body = RoundInput(data=request.data)
        body.is_valid(raise_exception=True)
        fields = dict(body.validated_data)
        jurisdiction = _office(request.user, _jurisdiction(request.user, fields.pop("jurisdiction")), what="建立轮次")
        rnd = services.round_create(actor=cast("User", request.user), jurisdiction=jurisdiction, **fields)
        return Response(RoundSerializer(rnd).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=RoundEndInput,
        responses=RoundSerializer,
        summary="结束本轮（各组均已结束了解工作或已撤出本轮；建立听取汇报的应办事项）",
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str) -> Response:
        rnd = self.get_object()
        body = RoundEndInput(data=request.data)
        body.is_valid(raise_exception=True)
        ended_on = body.validated_data["ended_on"] or timezone.localdate()
        updated = services.round_end(actor=cast("User", request.user), round=rnd, ended_on=ended_on)
        return Response(RoundSerializer(updated).data)

    @extend_schema(request=ScheduleInput, responses=RoundSerializer, summary="保存轮次的阶段任务安排")
    @action(detail=True, methods=["post"])
    def schedule(self, request: Request, pk: str) -> Response:
        rnd = self.get_object()
        body = ScheduleInput(data=request.data)
        body.is_valid(raise_exception=True)
        _office(request.user, rnd.jurisdiction, what="安排阶段任务")
        updated = services.round_schedule_save(
            actor=cast("User", request.user), round=rnd, schedule=body.validated_data["schedule"]
        )
        return Response(RoundSerializer(updated).data)


# -- teams ------------------------------------------------------------------------------------------------------------
class Page(LimitOffsetPagination):
    default_limit = 50
    max_limit = 100


class TeamMemberSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)

    class Meta:
        model = TeamMembership
        fields = ["user", "username", "full_name", "role"]


class TeamSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)
    members = TeamMemberSerializer(source="memberships", many=True, read_only=True)
    discipline_liaison_article = serializers.SerializerMethodField(
        help_text="纪检监察室派员参与的依据（JDZ-2017 第二十八条）；规则未规定的为空"
    )

    class Meta:
        model = Team
        fields = [
            "id",
            "round",
            "number",
            "name",
            "members",
            "discipline_office",
            "discipline_delegate",
            "discipline_liaison_article",
        ]

    def get_discipline_liaison_article(self, obj: Team) -> str:
        body = obj.discipline_liaison_body
        return str(body.article) if body is not None else ""


class TeamLiaisonInput(serializers.Serializer):
    discipline_office = serializers.CharField(label="对口纪检监察室", max_length=120, allow_blank=True)
    discipline_delegate = serializers.CharField(label="纪检监察室派员", max_length=120, allow_blank=True)


class TeamInput(serializers.Serializer):
    round = serializers.IntegerField(label="轮次")
    number = serializers.IntegerField(label="组别", min_value=1, max_value=50)


class TeamViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Teams of rounds. Created empty and staffed through `POST /api/assignments/` (people.api), which checks recusal
    and, under NMG-2016, the leader's per-round authorization."""

    serializer_class = TeamSerializer
    pagination_class = Page

    def get_queryset(self) -> Any:
        qs = (
            Team.objects.visible_to(self.request.user)
            .select_related("round__jurisdiction")
            .prefetch_related("memberships__user")
            .order_by("round", "number")
        )
        rnd = id_param(self.request.query_params, "round", label="轮次")
        return qs if rnd is None else qs.filter(round_id=rnd)

    @extend_schema(parameters=[OpenApiParameter("round", int, description="只列出该轮次的组")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=TeamInput, responses={201: TeamSerializer}, summary="在轮次中建立组（人员另行安排）")
    def create(self, request: Request) -> Response:
        body = TeamInput(data=request.data)
        body.is_valid(raise_exception=True)
        pk = body.validated_data["round"]
        rnd = Round.objects.visible_to(request.user).select_related("jurisdiction").filter(pk=pk).first()
        if rnd is None:
            raise ServiceError(f"轮次 {pk} 不存在或无权查看", field="round")
        team = services.team_create(actor=cast("User", request.user), round=rnd, number=body.validated_data["number"])
        return Response(TeamSerializer(team).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=TeamLiaisonInput,
        responses=TeamSerializer,
        summary="登记对口纪检监察室及其派员（JDZ-2017 第二十八条；仅办公室）",
    )
    @action(detail=True, methods=["post"], url_path="discipline-liaison")
    def discipline_liaison(self, request: Request, pk: str) -> Response:
        team = self.get_object()
        body = TeamLiaisonInput(data=request.data)
        body.is_valid(raise_exception=True)
        team = services.team_discipline_liaison_set(
            actor=cast("User", request.user),
            team=team,
            office=body.validated_data["discipline_office"],
            delegate=body.validated_data["discipline_delegate"],
        )
        return Response(TeamSerializer(self.get_queryset().get(pk=team.pk)).data)


# -- coverage ---------------------------------------------------------------------------------------------------------
@extend_schema(
    summary="本届覆盖情况：每个对象已巡察（巡视） / 已安排 / 尚未安排",
    parameters=[OpenApiParameter("jurisdiction", int, required=True, description="党委 id")],
    responses=inline_serializer(
        "Coverage",
        {
            "term": serializers.DictField(allow_null=True),
            "rows": serializers.ListField(child=serializers.DictField()),
        },
    ),
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def coverage_list(request: Request) -> Response:
    jurisdiction = _jurisdiction(request.user, request.query_params.get("jurisdiction"))
    if jurisdiction.pk not in viewer_for(request.user).oversight_jurisdictions:
        raise PermissionDeniedError("只有办公室、领导小组和审计员可以查看覆盖情况。")
    term = current_term(jurisdiction, timezone.localdate())
    if term is None:
        return Response({"term": None, "rows": []})
    rows = [
        {
            "target": r.target.pk,
            "target_name": r.target.name,
            "target_status": r.target.status,
            "state": r.state,
            "state_label": state_labels(jurisdiction.word)[r.state],
            "inspections": [
                {"id": i.pk, "round": i.round_id, "team": i.team_id, "entered_on": i.entered_on} for i in r.inspections
            ],
            "obligation": (
                {"id": r.obligation.pk, "status": r.obligation.status, "due_on": r.obligation.due_on}
                if r.obligation
                else None
            ),
        }
        for r in coverage(term=term)
    ]
    return Response({"term": TermSerializer(term).data, "rows": rows})


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


class PlannedInspectionViewSet(InspectionViewSet):
    """`/api/inspections/`: the inspection's API (inspections) with planning's act of creating one — giving a round's
    team a target (安排对象)."""

    @extend_schema(
        request=InspectionInput,
        responses={201: InspectionSerializer},
        summary="安排对象（计划一次巡察（巡视）；同一对象同时只能有一个未办结的）",
    )
    def create(self, request: Request) -> Response:
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
            actor=cast("User", user),
            round=rnd,
            team=team,
            target=target,
            kind=data["kind"],
            follows=follows,
            focus=data["focus"],
        )
        return Response(InspectionSerializer(inspection).data, status=201)
