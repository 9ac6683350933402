"""REST API for preparation: reads through visible_to, writes through services.

Lists never carry the secret parts (a personal-matters result, a briefing's topics); retrieving one record is the
secret read, allowed to the team and the office head and recorded as a `secret.read` event."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import Model, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.api_support import as_id, filter_by_inspection, id_param, inspection_label
from xuncha.core.errors import ServiceError
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.words import user_word
from xuncha.planning.models import TeamMembership
from xuncha.registry.models import Organization

from . import selectors, services
from .models import InformationRequest, LeaderBriefing, PersonalMattersCheck

if TYPE_CHECKING:
    from xuncha.accounts.models import User

INSPECTION_PARAM = OpenApiParameter("inspection", int, description="只列出该巡察（巡视）的记录")


def _visible(model: type[Model], user: User, pk: int | None, *, field: str, label: str) -> Any:
    if pk is None:
        return None
    obj = model.objects.visible_to(user).filter(pk=pk).first()  # type: ignore[attr-defined]
    if obj is None:
        raise ServiceError(f"{label} {pk} 不存在或无权查看", field=field)
    return obj


def _inspection(user: User, pk: int) -> Inspection:
    inspection: Inspection = _visible(Inspection, user, pk, field="inspection", label=user_word(user))
    if not selectors.may_view_preparation(user, inspection):
        raise ServiceError(f"{user_word(user)} {pk} 不存在或无权查看", field="inspection")
    return inspection


def _by_inspection(qs: QuerySet[Any], request: Request) -> QuerySet[Any]:
    return filter_by_inspection(qs, request)


def _date(label: str) -> serializers.DateField:
    return serializers.DateField(
        label=label, error_messages={"required": f"请填写{label}", "invalid": f"{label}应为 YYYY-MM-DD"}
    )


# -- information requests ---------------------------------------------------------------------------------------------
class InformationRequestSerializer(serializers.ModelSerializer):
    source_agency = serializers.SerializerMethodField(help_text="规则所列的有关部门和单位")
    article = serializers.SerializerMethodField()
    period = serializers.SerializerMethodField(help_text="了解年限，如“近3年”")
    agency_name = serializers.CharField(source="agency.name", read_only=True, allow_null=True, default=None)
    obligation_due = serializers.SerializerMethodField(help_text="应办事项的期限（及时 / 截止日）；无则为空")
    obligation_status = serializers.SerializerMethodField()

    class Meta:
        model = InformationRequest
        fields = [
            "id",
            "inspection",
            "source",
            "source_agency",
            "article",
            "agency",
            "agency_name",
            "years",
            "period",
            "requested",
            "status",
            "letter_number",
            "sent_on",
            "answered_on",
            "answer_summary",
            "obligation_due",
            "obligation_status",
        ]
        read_only_fields = fields

    def _item(self, obj: InformationRequest) -> Any:
        return obj.source_item(obj.inspection.jurisdiction.rulebook)

    def get_source_agency(self, obj: InformationRequest) -> str:
        item = self._item(obj)
        return str(item.agency) if item else ""

    def get_article(self, obj: InformationRequest) -> str:
        item = self._item(obj)
        return str(item.article) if item else ""

    def get_period(self, obj: InformationRequest) -> str:
        return f"近{obj.years}年" if obj.years else ""

    def _obligation(self, obj: InformationRequest) -> Any:
        return self.context.get("obligations", {}).get(obj.pk)

    def get_obligation_due(self, obj: InformationRequest) -> str | None:
        ob = self._obligation(obj)
        if ob is None:
            return None
        if ob.due_pending_year is not None:
            return str(ob.due_label)
        return ob.due_on.isoformat() if ob.due_on else ob.deadline_label

    def get_obligation_status(self, obj: InformationRequest) -> str | None:
        ob = self._obligation(obj)
        return ob.status if ob else None


class InfoRequestDraftInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）")
    source = serializers.CharField(  # type: ignore[assignment]  # the input field, not Field.source
        label="情况来源（规则 information_sources 的代码）", max_length=60
    )
    agency = serializers.IntegerField(label="受函单位", required=False, allow_null=True)
    requested = serializers.CharField(label="了解事项（不填则按规则）", required=False, allow_blank=True)


class InfoRequestDraftAllInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）")


class InfoRequestSendInput(serializers.Serializer):
    letter_number = serializers.CharField(label="公函文号", max_length=60)
    sent_on = _date("发函日期")
    agency = serializers.IntegerField(label="受函单位", required=False, allow_null=True)


class InfoRequestAnswerInput(serializers.Serializer):
    answered_on = _date("提供日期")
    summary = serializers.CharField(label="提供情况摘要")


@extend_schema_view(
    list=extend_schema(summary="情况了解公函列表（按规则所列有关部门和单位）", parameters=[INSPECTION_PARAM]),
    retrieve=extend_schema(summary="查看情况了解公函"),
)
class InformationRequestViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = InformationRequestSerializer

    def get_queryset(self) -> Any:
        qs = InformationRequest.objects.visible_to(self.request.user).select_related(
            "inspection__jurisdiction", "agency"
        )
        return _by_inspection(qs, self.request).order_by("inspection_id", "id")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "obligations": getattr(self, "_obligations", {})}

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        items = list(page if page is not None else self.get_queryset())
        self._obligations = selectors.obligations_for(cast("User", request.user), items)
        data = self.get_serializer(items, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        self._obligations = selectors.obligations_for(cast("User", request.user), [obj])
        return Response(self.get_serializer(obj).data)

    def _out(self, request: Request, obj: InformationRequest, code: int = status.HTTP_200_OK) -> Response:
        obj = self.get_queryset().get(pk=obj.pk)
        self._obligations = selectors.obligations_for(cast("User", request.user), [obj])
        return Response(self.get_serializer(obj).data, status=code)

    @extend_schema(
        request=InfoRequestDraftInput,
        responses=InformationRequestSerializer,
        summary="起草情况了解公函（组或办公室）",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = InfoRequestDraftInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        inspection = _inspection(cast("User", request.user), data["inspection"])
        agency = _visible(
            Organization, cast("User", request.user), data.get("agency"), field="agency", label="受函单位"
        )
        obj = services.information_request_draft(
            actor=cast("User", request.user),
            inspection=inspection,
            source=data["source"],
            agency=agency,
            requested=data.get("requested") or None,
        )
        return self._out(request, obj, status.HTTP_201_CREATED)

    @extend_schema(
        request=InfoRequestDraftAllInput,
        responses=InformationRequestSerializer(many=True),
        summary="按规则为每个尚未起草的有关部门和单位起草情况了解公函",
    )
    @action(detail=False, methods=["post"], url_path="draft-all")
    def draft_all(self, request: Request) -> Response:
        body = InfoRequestDraftAllInput(data=request.data)
        body.is_valid(raise_exception=True)
        inspection = _inspection(cast("User", request.user), body.validated_data["inspection"])
        created = services.request_all_sources(actor=cast("User", request.user), inspection=inspection)
        items = list(self.get_queryset().filter(pk__in=[r.pk for r in created]))
        return Response(self.get_serializer(items, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=InfoRequestSendInput, responses=InformationRequestSerializer, summary="办公室以公函方式发出（仅办公室）"
    )
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: str) -> Response:
        obj = self.get_object()
        body = InfoRequestSendInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        agency = _visible(
            Organization, cast("User", request.user), data.get("agency"), field="agency", label="受函单位"
        )
        sent = services.information_request_send(
            actor=cast("User", request.user),
            request=obj,
            letter_number=data["letter_number"],
            sent_on=data["sent_on"],
            agency=agency,
        )
        return self._out(request, sent)

    @extend_schema(
        request=InfoRequestAnswerInput,
        responses=InformationRequestSerializer,
        summary="答复公函、提供情况（受函单位的有关部门和单位联系人，或办公室代为登记）",
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str) -> Response:
        obj = self.get_object()
        body = InfoRequestAnswerInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        answered = services.information_request_answer(
            actor=cast("User", request.user), request=obj, answered_on=data["answered_on"], summary=data["summary"]
        )
        return self._out(request, answered)


# -- personal-matters spot-checks -------------------------------------------------------------------------------------
class PersonalMattersCheckSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    post_title = serializers.CharField(source="post.title", read_only=True)
    item_labels = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = PersonalMattersCheck
        fields = [
            "id",
            "inspection",
            "cadre",
            "cadre_name",
            "post_title",
            "items",
            "item_labels",
            "checked_by",
            "checked_on",
        ]
        read_only_fields = fields


class PersonalMattersResultSerializer(PersonalMattersCheckSerializer):
    result_label = serializers.CharField(source="get_result_display", read_only=True)

    class Meta(PersonalMattersCheckSerializer.Meta):
        fields = [*PersonalMattersCheckSerializer.Meta.fields, "result", "result_label", "discrepancy"]
        read_only_fields = fields


class PersonalMattersCheckInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）")
    cadre = serializers.IntegerField(label="被抽查干部")
    items = serializers.ListField(
        label="核查事项", child=serializers.ChoiceField(choices=PersonalMattersCheck.Item.choices), allow_empty=False
    )
    checked_by = serializers.CharField(label="核查单位（不填则按规则）", required=False, allow_blank=True)
    checked_on = _date("核查日期")
    result = serializers.ChoiceField(label="核查结果", choices=PersonalMattersCheck.Result.choices)
    discrepancy = serializers.CharField(label="不一致情况", required=False, allow_blank=True)


class SpotCheckLeadershipRowSerializer(serializers.Serializer):
    post = serializers.IntegerField(source="post.pk")
    cadre = serializers.IntegerField(source="post.cadre_id")
    cadre_name = serializers.CharField(source="post.cadre.name")
    title = serializers.CharField(source="post.title")
    is_principal = serializers.BooleanField(source="post.is_principal")
    check = serializers.IntegerField(source="check.pk", allow_null=True, default=None)
    checked_on = serializers.DateField(source="check.checked_on", allow_null=True, default=None)


@extend_schema_view(list=extend_schema(summary="个人有关事项抽查核实列表（不含结果）", parameters=[INSPECTION_PARAM]))
class PersonalMattersCheckViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PersonalMattersCheckSerializer

    def get_queryset(self) -> Any:
        return _by_inspection(selectors.checks_visible(cast("User", self.request.user)), self.request).order_by(
            "inspection_id", "id"
        )

    @extend_schema(
        responses=PersonalMattersResultSerializer, summary="查阅抽查核实结果（个人信息，秘密；查阅记入事件链）"
    )
    def retrieve(self, request: Request, pk: str, *args: Any, **kwargs: Any) -> Response:
        record = services.personal_matters_check_read(
            actor=cast("User", request.user), pk=as_id(pk, field="id", label="个人有关事项核查编号") or 0
        )
        return Response(PersonalMattersResultSerializer(record).data)

    @extend_schema(
        request=PersonalMattersCheckInput,
        responses={201: PersonalMattersCheckSerializer},
        summary="登记组织部门抽查核实领导干部个人有关事项的结果（JDZ-2017 第二十六条（三））",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = PersonalMattersCheckInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        inspection = _inspection(cast("User", request.user), data["inspection"])
        check = services.personal_matters_check_record(
            actor=cast("User", request.user),
            inspection=inspection,
            cadre=selectors.leadership_cadre(cast("User", request.user), inspection, data["cadre"]),
            items=data["items"],
            checked_by=data.get("checked_by", ""),
            checked_on=data["checked_on"],
            result=data["result"],
            discrepancy=data.get("discrepancy", ""),
        )
        return Response(PersonalMattersCheckSerializer(check).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("inspection", int, required=True, description="巡察（巡视）编号")],
        responses=SpotCheckLeadershipRowSerializer(many=True),
        summary="抽查名单：被巡察（巡视）单位现任领导班子成员及其抽查核实状态",
    )
    @action(detail=False, methods=["get"])
    def leadership(self, request: Request) -> Response:
        pk = id_param(request.query_params, "inspection", label=inspection_label(), required=True)
        inspection = _inspection(cast("User", request.user), pk or 0)
        rows = selectors.leadership_rows(cast("User", request.user), inspection)
        return Response(SpotCheckLeadershipRowSerializer(rows, many=True).data)


# -- the team leader's briefings----------------------------------------------------------------------------------------
class LeaderBriefingSerializer(serializers.ModelSerializer):
    attendees: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = LeaderBriefing
        fields = ["id", "inspection", "briefed_on", "by", "attendees"]
        read_only_fields = fields


class LeaderBriefingTopicsSerializer(LeaderBriefingSerializer):
    class Meta(LeaderBriefingSerializer.Meta):
        fields = [*LeaderBriefingSerializer.Meta.fields, "topics"]
        read_only_fields = fields


class LeaderBriefingInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）")
    briefed_on = _date("对接日期")
    by = serializers.CharField(label="通报人（不填则按规则）", required=False, allow_blank=True)
    attendees = serializers.ListField(label="参加人员（用户编号，须包括组长）", child=serializers.IntegerField())
    topics = serializers.CharField(label="通报内容")


@extend_schema_view(list=extend_schema(summary="组长对接通报列表（不含通报内容）", parameters=[INSPECTION_PARAM]))
class LeaderBriefingViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = LeaderBriefingSerializer

    def get_queryset(self) -> Any:
        return _by_inspection(selectors.briefings_visible(cast("User", self.request.user)), self.request).order_by(
            "inspection_id", "id"
        )

    @extend_schema(responses=LeaderBriefingTopicsSerializer, summary="查阅组长对接通报内容（秘密；查阅记入事件链）")
    def retrieve(self, request: Request, pk: str, *args: Any, **kwargs: Any) -> Response:
        record = services.leader_briefing_read(
            actor=cast("User", request.user), pk=as_id(pk, field="id", label="组长对接通报编号") or 0
        )
        return Response(LeaderBriefingTopicsSerializer(record).data)

    @extend_schema(
        request=LeaderBriefingInput,
        responses={201: LeaderBriefingSerializer},
        summary="登记纪检监察室与组长单独对接通报（JDZ-2017 第二十六条（四））",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = LeaderBriefingInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        inspection = _inspection(cast("User", request.user), data["inspection"])
        members = {
            m.user_id: m.user
            for m in TeamMembership.objects.visible_to(request.user)
            .filter(team_id=inspection.team_id)
            .select_related("user")
        }
        outsiders = [str(i) for i in data["attendees"] if i not in members]
        if outsiders:
            raise ServiceError(
                f"参加人员只能是本{inspection.jurisdiction.word}组成员：用户 {'、'.join(outsiders)} 不是",
                field="attendees",
            )
        briefing = services.leader_briefing_record(
            actor=cast("User", request.user),
            inspection=inspection,
            briefed_on=data["briefed_on"],
            by=data.get("by", ""),
            attendees=[members[i] for i in data["attendees"]],
            topics=data["topics"],
        )
        return Response(LeaderBriefingSerializer(briefing).data, status=status.HTTP_201_CREATED)
