"""REST API for disclosures: reads through visible_to, writes through the services.

The inspection named in a request is looked up among those the user may see, so what the user cannot see is
“不存在或无权查看”, the same as what does not exist. The public page has no API: it is HTML for anonymous visitors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.api_support import filter_by_inspection, parse_input
from xuncha.core.errors import ServiceError
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.words import user_word

from . import services
from .models import Disclosure

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _date_field(label: str) -> serializers.DateField:
    return serializers.DateField(
        label=label, error_messages={"required": f"请填写{label}", "invalid": f"{label}应为 YYYY-MM-DD"}
    )


class DisclosureSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    superseded_by = serializers.SerializerMethodField()

    class Meta:
        model = Disclosure
        fields = [
            "id",
            "inspection",
            "stage",
            "title",
            "body",
            "status",
            "status_label",
            "drafted_by",
            "drafted_at",
            "approved_by",
            "approved_on",
            "published_by",
            "published_on",
            "channels",
            "supersedes",
            "superseded_by",
            "correction_reason",
            "return_reason",
        ]
        read_only_fields = fields

    def get_superseded_by(self, obj: Disclosure) -> int | None:
        # Only a published correction: a draft one is not shown to those who may not see drafts.
        later = getattr(obj, "superseded_by", None)
        return later.pk if later is not None and later.status == Disclosure.Status.PUBLISHED else None


class DisclosureDraftInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）")
    stage = serializers.CharField(label="公开事项（规则 disclosures 的 stage：entry、feedback、rectification）")
    title = serializers.CharField(label="标题", max_length=200)
    body = serializers.CharField(label="内容")


class DisclosureTextInput(serializers.Serializer):
    title = serializers.CharField(label="标题", max_length=200)
    body = serializers.CharField(label="内容")


class DisclosureCorrectInput(DisclosureTextInput):
    reason = serializers.CharField(label="更正理由", allow_blank=True)


class DisclosureApproveInput(serializers.Serializer):
    approved_on = _date_field("审批日期")


class DisclosurePublishInput(serializers.Serializer):
    published_on = _date_field("公开日期")


class DisclosureReturnInput(serializers.Serializer):
    reason = serializers.CharField(label="退回意见", allow_blank=True)


INSPECTION_FILTER = OpenApiParameter("inspection", int, description="只列出该巡察（巡视）的公开")


@extend_schema_view(
    list=extend_schema(
        summary="公开列表（草稿和已审批的只对本组、办公室、领导小组和审计人员可见）", parameters=[INSPECTION_FILTER]
    ),
    retrieve=extend_schema(summary="查看一项公开"),
)
class DisclosureViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = DisclosureSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = Disclosure.objects.visible_to(self.request.user).select_related("superseded_by")
        return filter_by_inspection(qs, self.request).order_by("inspection_id", "pk")

    def _done(self, disclosure: Disclosure, code: int = status.HTTP_200_OK) -> Response:
        return Response(DisclosureSerializer(self.get_queryset().get(pk=disclosure.pk)).data, status=code)

    @extend_schema(
        request=DisclosureDraftInput, responses={201: DisclosureSerializer}, summary="起草公开内容（本组组长或办公室）"
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(DisclosureDraftInput, request)
        pk = fields.pop("inspection")
        inspection = (
            Inspection.objects.visible_to(request.user).select_related("jurisdiction", "team", "target").filter(pk=pk)
        ).first()
        if inspection is None:
            raise ServiceError(f"{user_word(request.user)} {pk} 不存在或无权查看", field="inspection")
        disclosure = services.disclosure_draft(actor=cast("User", request.user), inspection=inspection, **fields)
        return self._done(disclosure, status.HTTP_201_CREATED)

    @extend_schema(request=DisclosureTextInput, responses=DisclosureSerializer, summary="修改公开草稿（仅限草稿）")
    @action(detail=True, methods=["post"])
    def edit(self, request: Request, pk: str) -> Response:
        fields = parse_input(DisclosureTextInput, request)
        return self._done(
            services.disclosure_update(actor=cast("User", request.user), disclosure=self.get_object(), **fields)
        )

    @extend_schema(
        request=DisclosureApproveInput,
        responses=DisclosureSerializer,
        summary="审批（办公室主任；先检查是否含有工作秘密）",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        fields = parse_input(DisclosureApproveInput, request)
        return self._done(
            services.disclosure_approve(actor=cast("User", request.user), disclosure=self.get_object(), **fields)
        )

    @extend_schema(
        request=DisclosureReturnInput, responses=DisclosureSerializer, summary="退回修改（办公室主任；须说明理由）"
    )
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request: Request, pk: str) -> Response:
        fields = parse_input(DisclosureReturnInput, request)
        return self._done(
            services.disclosure_return(actor=cast("User", request.user), disclosure=self.get_object(), **fields)
        )

    @extend_schema(
        request=DisclosurePublishInput,
        responses=DisclosureSerializer,
        summary="公开（办公室；公开渠道取自规则；再次检查是否含有工作秘密）",
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        fields = parse_input(DisclosurePublishInput, request)
        return self._done(
            services.disclosure_publish(actor=cast("User", request.user), disclosure=self.get_object(), **fields)
        )

    @extend_schema(
        request=DisclosureCorrectInput,
        responses={201: DisclosureSerializer},
        summary="更正已公开的内容（另起草稿，公开后取代原内容）",
    )
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str) -> Response:
        fields = parse_input(DisclosureCorrectInput, request)
        new = services.disclosure_correct(actor=cast("User", request.user), disclosure=self.get_object(), **fields)
        return self._done(new, status.HTTP_201_CREATED)
