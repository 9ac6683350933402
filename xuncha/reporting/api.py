"""REST API (login) of the public channel: the same services as the pages.

- `GET public-reports/?inspection=` the register fields only (date, status, number, whether the reporter has
  answered); `GET public-reports/<uuid>/` a secret read: reporter, content, thread, attachments;
  `POST public-reports/<uuid>/questions/` {body} asks the reporter; `POST public-reports/intake/` {inspection}
  takes the reports of earlier days into the register (登记网上来信).
- `GET public-channels/?inspection=` each inspection's page: url, open, reason, period; `POST public-channels/`
  {inspection} opens one for an inspection entered earlier.
- `GET office-contacts/`, `POST office-contacts/` {jurisdiction, phone, mailbox, address} (the office).
The public's own JSON API (no login) is public_api.py, under /p/r/<token>/api/."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.anonymity import public_address
from xuncha.core.api_support import INSPECTION_FILTER, filter_by_inspection, parse_input, visible_inspection
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.models import Jurisdiction

from . import services
from .models import Channel, OfficeContact, PublicMessage, PublicReport
from .selectors import register_rows
from .state import channel_state

if TYPE_CHECKING:
    from xuncha.accounts.models import User

UUID_RE = r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"


def _user(request: Request) -> User:
    return cast("User", request.user)


class ReportRowSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField(label="状态")
    status_label = serializers.SerializerMethodField(label="状态说明")
    number = serializers.SerializerMethodField(label="登记号")
    replied = serializers.SerializerMethodField(label="群众已答复")

    class Meta:
        model = PublicReport
        fields = ["id", "inspection", "submitted_on", "status", "status_label", "number", "petition", "replied"]
        read_only_fields = fields

    def get_status(self, obj: PublicReport) -> str:
        return services.report_status(obj).code

    def get_status_label(self, obj: PublicReport) -> str:
        return services.report_status(obj).label

    def get_number(self, obj: PublicReport) -> int | None:
        return obj.petition.number if obj.petition else None

    def get_replied(self, obj: PublicReport) -> bool:
        return getattr(obj, "last_from_team", None) is False


class MessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = PublicMessage
        fields = ["id", "position", "from_team", "body", "on", "author"]
        read_only_fields = fields


class ReportDetailSerializer(ReportRowSerializer):
    thread = serializers.SerializerMethodField(label="往来")
    attachments = serializers.SerializerMethodField(label="附件")

    class Meta(ReportRowSerializer.Meta):
        fields = [
            *ReportRowSerializer.Meta.fields,
            "content",
            "about",
            "classification",
            "name",
            "phone",
            "thread",
            "attachments",
        ]
        read_only_fields = fields

    def get_thread(self, obj: PublicReport) -> list[dict[str, Any]]:
        return list(MessageSerializer(obj.messages.order_by("position"), many=True).data)

    def get_attachments(self, obj: PublicReport) -> list[dict[str, Any]]:
        return [
            {"id": str(a.pk), "name": a.original_name, "kind": a.kind, "size": a.size, "sha256": a.sha256}
            for a in obj.attachments.all()
        ]


class QuestionInput(serializers.Serializer):
    body = serializers.CharField(label="提问内容", max_length=5000)


class ChannelInspectionInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）", min_value=1)


class PublicReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReportRowSerializer
    lookup_value_regex = UUID_RE

    def get_queryset(self) -> Any:
        return filter_by_inspection(register_rows(self.request.user), cast(Request, self.request))

    @extend_schema(summary="网上来信（登记信息）", parameters=[INSPECTION_FILTER])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="查阅一件网上来信（保密查阅，记入日志）", responses=ReportDetailSerializer)
    def retrieve(self, request: Request, pk: str = "") -> Response:
        report = services.public_report_read(actor=_user(request), pk=pk)
        return Response(ReportDetailSerializer(report).data)

    @extend_schema(summary="向反映人提问", request=QuestionInput, responses=MessageSerializer)
    @action(detail=True, methods=["post"])
    def questions(self, request: Request, pk: str = "") -> Response:
        data = parse_input(QuestionInput, request)
        report = self.get_object()
        message = services.public_question_ask(actor=_user(request), report=report, body=data["body"])
        return Response(MessageSerializer(message).data, status=201)

    @extend_schema(summary="登记网上来信（此前各日收到的）", request=ChannelInspectionInput)
    @action(detail=False, methods=["post"])
    def intake(self, request: Request) -> Response:
        data = parse_input(ChannelInspectionInput, request)
        inspection = visible_inspection(Inspection.objects.visible_to(request.user), data["inspection"])
        petitions = services.public_reports_intake(actor=_user(request), inspection=inspection)
        return Response({"registered": [{"petition": p.pk, "number": p.number} for p in petitions]}, status=201)


class ChannelSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(label="页面地址")
    open = serializers.SerializerMethodField(label="开放中")
    reason = serializers.SerializerMethodField(label="未开放的原因")
    starts_on = serializers.SerializerMethodField(label="开始日期")
    ends_on = serializers.SerializerMethodField(label="结束日期（公告）")

    class Meta:
        model = Channel
        fields = ["id", "inspection", "created_on", "url", "open", "reason", "starts_on", "ends_on"]
        read_only_fields = fields

    def get_url(self, obj: Channel) -> str:
        path = reverse("reporting_public:report", args=[obj.token])
        return public_address(path, self.context.get("request"))

    def _state(self, obj: Channel) -> Any:
        """The channel's state, worked out once per channel for both fields that show it (it reads the announcement)."""
        states: dict[int, Any] = self.__dict__.setdefault("_states", {})  # one serializer serves a whole list
        if obj.pk not in states:
            states[obj.pk] = channel_state(obj)
        return states[obj.pk]

    def get_open(self, obj: Channel) -> bool:
        return bool(self._state(obj).open)

    def get_reason(self, obj: Channel) -> str:
        return str(self._state(obj).reason)

    def get_starts_on(self, obj: Channel) -> str | None:
        day = obj.inspection.entered_on
        return day.isoformat() if day else None

    def get_ends_on(self, obj: Channel) -> str | None:
        day = obj.inspection.planned_end
        return day.isoformat() if day else None


class ChannelViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ChannelSerializer

    def get_queryset(self) -> Any:
        qs = Channel.objects.visible_to(self.request.user).select_related("inspection__jurisdiction")
        return filter_by_inspection(qs.order_by("inspection_id"), cast(Request, self.request))

    @extend_schema(summary="网上反映渠道", parameters=[INSPECTION_FILTER])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="为此前已进驻的巡察（巡视）开通渠道", request=ChannelInspectionInput, responses=ChannelSerializer
    )
    def create(self, request: Request) -> Response:
        data = parse_input(ChannelInspectionInput, request)
        inspection = visible_inspection(Inspection.objects.visible_to(request.user), data["inspection"])
        channel = services.channel_ensure(actor=_user(request), inspection=inspection)
        return Response(ChannelSerializer(channel, context={"request": request}).data, status=201)


class OfficeContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = OfficeContact
        fields = ["id", "jurisdiction", "phone", "mailbox", "address"]
        read_only_fields = ["id"]
        extra_kwargs: dict[str, Any] = {"jurisdiction": {"validators": []}}


class OfficeContactViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = OfficeContactSerializer

    def get_queryset(self) -> Any:
        return OfficeContact.objects.visible_to(self.request.user).order_by("jurisdiction_id")

    @extend_schema(summary="设置办公室对外联系方式", request=OfficeContactSerializer, responses=OfficeContactSerializer)
    def create(self, request: Request) -> Response:
        data = parse_input(OfficeContactSerializer, request)
        jurisdiction: Jurisdiction = data["jurisdiction"]
        contact = services.office_contact_set(
            actor=_user(request),
            jurisdiction=jurisdiction,
            phone=data.get("phone", ""),
            mailbox=data.get("mailbox", ""),
            address=data.get("address", ""),
        )
        return Response(OfficeContactSerializer(contact).data, status=201)


ROUTES: list[tuple[str, Any, str]] = [
    ("public-reports", PublicReportViewSet, "public-report"),
    ("public-channels", ChannelViewSet, "public-channel"),
    ("office-contacts", OfficeContactViewSet, "office-contact"),
]
