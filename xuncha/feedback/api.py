"""REST API for the feedback: reads through visible_to, writes through the services.

Objects named in a request (inspection, given_by, findings) are looked up among what the user may see, so what the
user cannot see is “不存在或无权查看”, the same as what does not exist. The inspected unit's contact reads the
sessions (opinions and the problems fed back) and the receipt of its own unit, never the consent or the 通报."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.accounts.models import User
from xuncha.core.api_support import INSPECTION_FILTER, day_field, filter_by_inspection, parse_input, visible_inspection
from xuncha.core.errors import ServiceError
from xuncha.findings.models import Finding
from xuncha.inspections.models import Inspection

from . import services
from .models import CirculatedNotice, FeedbackConsent, FeedbackSession, ReceiptSignature
from .selectors import problems_of

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _inspection(request: Request, pk: int) -> Inspection:
    return visible_inspection(Inspection.objects.visible_to(request.user), pk)


# -- output ---------------------------------------------------------------------------------------------------------
class ProblemSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    category = serializers.CharField()
    category_name = serializers.CharField()
    description = serializers.CharField()


class FeedbackSessionSerializer(serializers.ModelSerializer):
    audience_label = serializers.CharField(source="get_audience_display", read_only=True)
    given_by_name = serializers.CharField(source="given_by.__str__", read_only=True)
    problems = serializers.SerializerMethodField()

    class Meta:
        model = FeedbackSession
        fields = [
            "id",
            "inspection",
            "audience",
            "audience_label",
            "held_on",
            "given_by",
            "given_by_name",
            "attendees",
            "problems",
            "opinions",
            "recorded_at",
        ]
        read_only_fields = fields

    @extend_schema_field(ProblemSerializer(many=True))
    def get_problems(self, obj: FeedbackSession) -> list[dict[str, Any]]:
        problems = self.context.get("problems")
        if problems is None:
            problems = problems_of([obj])
        return ProblemSerializer(problems.get(obj.pk, []), many=True).data  # type: ignore[return-value]


class FeedbackConsentSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeedbackConsent
        fields = ["id", "inspection", "body", "consented_on", "document", "recorded_by", "recorded_at"]
        read_only_fields = fields


class CirculatedNoticeSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = CirculatedNotice
        fields = ["id", "inspection", "kind", "kind_label", "recipient", "notified_on", "content", "recorded_at"]
        read_only_fields = fields


class ReceiptSignatureSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReceiptSignature
        fields = ["id", "inspection", "role", "name", "signed_on", "recorded_at"]
        read_only_fields = fields


# -- input ----------------------------------------------------------------------------------------------------------
class ConsentInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）")
    consented_on = day_field("同意日期")
    document = serializers.CharField(label="同意文件（文号或名称）", allow_blank=True)


class SessionInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）")
    audience = serializers.CharField(label="反馈对象（leadership 领导班子、principal 主要负责人）")
    held_on = day_field("反馈日期")
    given_by = serializers.IntegerField(label="反馈人（组长或副组长的用户编号）")
    attendees = serializers.CharField(label="出席人员", allow_blank=True)
    opinions = serializers.CharField(label="整改意见", allow_blank=True)
    findings = serializers.ListField(
        label="反馈的问题（问题底稿编号；不填为全部组长审定的问题底稿）",
        child=serializers.IntegerField(),
        required=False,
        allow_null=True,
        default=None,
    )


class CirculatedNoticeInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）")
    kind = serializers.CharField(label="通报对象类别（leader 分管领导、department 职能部门）")
    recipient = serializers.CharField(label="通报对象", allow_blank=True)
    notified_on = day_field("通报日期")
    content = serializers.CharField(label="通报内容（有关情况及整改要求）", allow_blank=True)


class SignatureInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）")
    role = serializers.CharField(label="签字人身份（规则 signature_forms.feedback_receipt.signers 的代码）")
    signed_on = day_field("签字日期")
    name = serializers.CharField(
        label="签字人姓名（主要负责人一栏；不填则取干部档案中的现任主要负责人）",
        required=False,
        allow_blank=True,
        default="",
    )


# -- viewsets -------------------------------------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(
        summary="同意反馈（NMG-2016 第二十九条：经自治区党委同意后反馈）", parameters=[INSPECTION_FILTER]
    ),
    retrieve=extend_schema(summary="查看同意反馈的登记"),
)
class FeedbackConsentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = FeedbackConsentSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return filter_by_inspection(FeedbackConsent.objects.visible_to(self.request.user), self.request).order_by("pk")

    @extend_schema(request=ConsentInput, responses={201: FeedbackConsentSerializer}, summary="登记同意反馈（办公室）")
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(ConsentInput, request)
        inspection = _inspection(request, fields.pop("inspection"))
        consent = services.feedback_consent_record(actor=cast("User", request.user), inspection=inspection, **fields)
        return Response(FeedbackConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="反馈（向领导班子、向主要负责人分别反馈）", parameters=[INSPECTION_FILTER]),
    retrieve=extend_schema(summary="查看一次反馈（整改意见和反馈的问题）"),
)
class FeedbackSessionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = FeedbackSessionSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = FeedbackSession.objects.visible_to(self.request.user).select_related(
            "given_by", "inspection__jurisdiction"
        )
        return filter_by_inspection(qs, self.request).order_by("inspection_id", "held_on", "pk")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = list(page if page is not None else self.get_queryset())
        data = FeedbackSessionSerializer(rows, many=True, context={"problems": problems_of(rows)}).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(
        request=SessionInput,
        responses={201: FeedbackSessionSerializer},
        summary="记录一次反馈（组长或办公室；报告阶段、成果运用决定之后；第二次反馈完成反馈并转入反馈整改阶段）",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(SessionInput, request)
        inspection = _inspection(request, fields.pop("inspection"))
        giver = User.objects.filter(pk=fields.pop("given_by")).first()
        if giver is None:
            raise ServiceError("反馈人不存在", field="given_by")
        wanted = fields.pop("findings")
        findings = None
        if wanted is not None:
            found = {f.pk: f for f in Finding.objects.visible_to(request.user).filter(pk__in=wanted)}
            unknown = [str(pk) for pk in wanted if pk not in found]
            if unknown:
                raise ServiceError(f"问题底稿 {'、'.join(unknown)} 不存在或无权查看", field="findings")
            findings = list(found.values())
        session = services.feedback_session_hold(
            actor=cast("User", request.user), inspection=inspection, given_by=giver, findings=findings, **fields
        )
        return Response(FeedbackSessionSerializer(session).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="通报（有关分管领导及职能部门）", parameters=[INSPECTION_FILTER]),
    retrieve=extend_schema(summary="查看一次通报"),
)
class CirculatedNoticeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CirculatedNoticeSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = CirculatedNotice.objects.visible_to(self.request.user)
        return filter_by_inspection(qs, self.request).order_by("inspection_id", "notified_on", "pk")

    @extend_schema(
        request=CirculatedNoticeInput, responses={201: CirculatedNoticeSerializer}, summary="记录通报（反馈之后）"
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(CirculatedNoticeInput, request)
        inspection = _inspection(request, fields.pop("inspection"))
        notice = services.circulated_notice_record(actor=cast("User", request.user), inspection=inspection, **fields)
        return Response(CirculatedNoticeSerializer(notice).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="《巡察反馈材料签收单》的签字（JDZ-2017 第三十四条）", parameters=[INSPECTION_FILTER]),
    retrieve=extend_schema(summary="查看一个签字"),
)
class ReceiptSignatureViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ReceiptSignatureSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = ReceiptSignature.objects.visible_to(self.request.user)
        return filter_by_inspection(qs, self.request).order_by("inspection_id", "pk")

    @extend_schema(
        request=SignatureInput,
        responses={201: ReceiptSignatureSerializer},
        summary="登记签收单上的一个签字（组长、巡察（巡视）办负责人本人；主要负责人由被巡察（巡视）单位联系人或办公室登记）",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = parse_input(SignatureInput, request)
        inspection = _inspection(request, fields.pop("inspection"))
        signature = services.feedback_receipt_sign(actor=cast("User", request.user), inspection=inspection, **fields)
        return Response(ReceiptSignatureSerializer(signature).data, status=status.HTTP_201_CREATED)
