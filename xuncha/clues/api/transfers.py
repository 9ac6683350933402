"""Clue API: transfers during the inspection (fast-tracks), the disposal decision, transfers (the handover form, its
approval and signatures), the receivers' handling reports and JDZ-2017 第三十七条's 专题排查会. Reads through
visible_to; writes through the same services as the pages. Never the clue's content."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.api_support import filter_by_inspection, parse_input
from xuncha.core.errors import ServiceError
from xuncha.inspections.models import Inspection
from xuncha.registry.models import Organization

from ..models import Clue, Disposal, FastTrack, HandlingReport, Transfer
from ..services import disposal as disposal_services
from ..services import fast_track as fast_track_services
from ..services import handling as handling_services
from ..services import transfers as transfer_services

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _user(request: Request) -> User:
    return cast("User", request.user)


def _clue(request: Request, pk: int, field: str = "clue") -> Clue:
    clue = Clue.objects.visible_to(request.user).filter(pk=pk).first()
    if clue is None:
        raise ServiceError(f"问题线索 {pk} 不存在或无权查看", field=field)
    return clue


def _receiver(pk: int | None, field: str = "receiver") -> Organization | None:
    if pk is None:
        return None
    org = Organization.objects.filter(pk=pk, kind="receiver").first()
    if org is None:
        raise ServiceError(f"接收单位 {pk} 不存在", field=field)
    return org


def _day(label: str, required: bool = False) -> serializers.DateField:
    return serializers.DateField(
        label=label,
        required=required,
        allow_null=not required,
        default=None if not required else serializers.empty,
        error_messages={"required": f"请填写{label}", "invalid": f"{label}应为 YYYY-MM-DD"},
    )


def _today(value: Any) -> Any:
    return value or timezone.localdate()


# -- output ---------------------------------------------------------------------------------------------------------
class FastTrackSerializer(serializers.ModelSerializer):
    class Meta:
        model = FastTrack
        fields = [
            "id", "clue", "route", "condition", "interwoven", "receiver", "reason", "proposed_on", "decision",
            "decided_on", "approver", "decision_note",
        ]  # fmt: skip
        read_only_fields = fields


class DisposalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Disposal
        fields = [
            "id", "clue", "meeting", "route", "receiver", "proposed_receiver", "change_reason",
            "not_transferred_reason", "recorded_on",
        ]  # fmt: skip
        read_only_fields = fields


class TransferSerializer(serializers.ModelSerializer):
    clues = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Transfer
        fields = [
            "id", "inspection", "number", "year", "stage", "route", "receiver", "handover_form", "status",
            "status_label", "drafted_on", "approved_on", "approver", "team_signed_on", "office_signed_on",
            "receiver_signed_on", "cancelled_on", "cancel_reason", "clues",
        ]  # fmt: skip
        read_only_fields = fields

    def get_clues(self, obj: Transfer) -> list[dict[str, Any]]:  # 编号 only: never content or informant
        return [{"id": c.pk, "code": c.code, "status": c.status} for c in obj.clues.all()]


class HandlingReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = HandlingReport
        fields = ["id", "clue", "receiver", "reported_on", "disposition", "final", "text"]
        read_only_fields = fields


# -- input ----------------------------------------------------------------------------------------------------------
class FastTrackInput(serializers.Serializer):
    clue = serializers.IntegerField(min_value=1)
    route = serializers.CharField(max_length=60)
    receiver = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(allow_blank=True)
    condition = serializers.CharField(required=False, allow_blank=True, default="")
    interwoven = serializers.BooleanField(required=False, default=False)
    proposed_on = _day("提出日期")


class DecideInput(serializers.Serializer):
    approved = serializers.BooleanField()
    approver = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    decided_on = _day("审批日期")


class DisposalInput(serializers.Serializer):
    clue = serializers.IntegerField(min_value=1)
    route = serializers.CharField(required=False, allow_blank=True, default="")
    receiver = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    change_reason = serializers.CharField(required=False, allow_blank=True, default="")
    not_transferred_reason = serializers.CharField(required=False, allow_blank=True, default="")
    recorded_on = _day("登记日期")


class TransferInput(serializers.Serializer):
    inspection = serializers.IntegerField(min_value=1)
    receiver = serializers.IntegerField(min_value=1)
    clues = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=False)
    drafted_on = _day("拟制日期")


class ApproveInput(serializers.Serializer):
    approver = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    approved_on = _day("审批日期")


class SignInput(serializers.Serializer):
    party = serializers.ChoiceField(choices=["team", "office", "receiver"])
    signed_on = _day("签字日期")


class CancelInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)
    cancelled_on = _day("撤回日期")


class HandlingInput(serializers.Serializer):
    clue = serializers.IntegerField(min_value=1)
    disposition = serializers.CharField(max_length=20)
    text = serializers.CharField(allow_blank=True)
    final = serializers.BooleanField(required=False, default=False)
    reported_on = _day("反馈日期")


class ReviewMeetingInput(serializers.Serializer):
    clues = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=False)
    note = serializers.CharField(allow_blank=True)
    held_on = _day("会议日期")


# -- viewsets -------------------------------------------------------------------------------------------------------
class FastTrackViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = FastTrackSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = FastTrack.objects.visible_to(self.request.user)
        return filter_by_inspection(qs, self.request, "clue__inspection_id").order_by("pk")

    @extend_schema(request=FastTrackInput, responses={201: FastTrackSerializer}, summary="提出期间移交（组长、副组长）")
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        f = parse_input(FastTrackInput, request)
        ft = fast_track_services.fast_track_propose(
            actor=_user(request),
            clue=_clue(request, f["clue"]),
            route=f["route"],
            receiver=_receiver(f["receiver"]),
            reason=f["reason"],
            condition=f["condition"],
            interwoven=f["interwoven"],
            proposed_on=_today(f["proposed_on"]),
        )
        return Response(FastTrackSerializer(ft).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=DecideInput, responses=FastTrackSerializer, summary="审批期间移交（领导小组组长或办公室登记）"
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        ft = self.get_object()
        f = parse_input(DecideInput, request)
        ft = fast_track_services.fast_track_decide(
            actor=_user(request),
            fast_track=ft,
            approved=f["approved"],
            approver=f["approver"],
            note=f["note"],
            decided_on=_today(f["decided_on"]),
        )
        return Response(FastTrackSerializer(ft).data)


class DisposalViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = DisposalSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = Disposal.objects.visible_to(self.request.user)
        return filter_by_inspection(qs, self.request, "clue__inspection_id").order_by("clue_id")

    @extend_schema(request=DisposalInput, responses={201: DisposalSerializer}, summary="登记分类处置决定（办公室）")
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        f = parse_input(DisposalInput, request)
        d = disposal_services.clue_dispose(
            actor=_user(request),
            clue=_clue(request, f["clue"]),
            route=f["route"],
            receiver=_receiver(f["receiver"]),
            change_reason=f["change_reason"],
            not_transferred_reason=f["not_transferred_reason"],
            recorded_on=_today(f["recorded_on"]),
        )
        return Response(DisposalSerializer(d).data, status=status.HTTP_201_CREATED)


class TransferViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = TransferSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = Transfer.objects.visible_to(self.request.user).prefetch_related("clues__inspection__round")
        return filter_by_inspection(qs, self.request).order_by("-year", "-number")

    def _done(self, t: Transfer) -> Response:
        return Response(TransferSerializer(self.get_queryset().get(pk=t.pk)).data)

    @extend_schema(request=TransferInput, responses={201: TransferSerializer}, summary="拟制移交（办公室）")
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        f = parse_input(TransferInput, request)
        inspection = Inspection.objects.visible_to(request.user).filter(pk=f["inspection"]).first()
        if inspection is None:
            raise ServiceError(f"{f['inspection']} 不存在或无权查看", field="inspection")
        t = transfer_services.transfer_draft(
            actor=_user(request),
            inspection=inspection,
            receiver=_receiver(f["receiver"]),  # type: ignore[arg-type]
            clues=[_clue(request, pk, "clues") for pk in f["clues"]],
            drafted_on=_today(f["drafted_on"]),
        )
        return Response(TransferSerializer(t).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ApproveInput, responses=TransferSerializer, summary="审批移交材料交接单")
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        f = parse_input(ApproveInput, request)
        t = transfer_services.transfer_approve(
            actor=_user(request),
            transfer=self.get_object(),
            approver=f["approver"],
            note=f["note"],
            approved_on=_today(f["approved_on"]),
        )
        return self._done(t)

    @extend_schema(
        request=SignInput, responses=TransferSerializer, summary="签字（team 组长、office 办公室、receiver 接收单位）"
    )
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str) -> Response:
        f = parse_input(SignInput, request)
        t = transfer_services.transfer_sign(
            actor=_user(request), transfer=self.get_object(), party=f["party"], signed_on=_today(f["signed_on"])
        )
        return self._done(t)

    @extend_schema(request=CancelInput, responses=TransferSerializer, summary="撤回未完成的移交（办公室）")
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        f = parse_input(CancelInput, request)
        t = transfer_services.transfer_cancel(
            actor=_user(request), transfer=self.get_object(), reason=f["reason"], cancelled_on=_today(f["cancelled_on"])
        )
        return self._done(t)


class HandlingReportViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = HandlingReportSerializer

    def get_queryset(self) -> QuerySet[Any]:
        qs = HandlingReport.objects.visible_to(self.request.user)
        return filter_by_inspection(qs, self.request, "clue__inspection_id").order_by("clue_id", "reported_on", "pk")

    @extend_schema(
        request=HandlingInput, responses={201: HandlingReportSerializer}, summary="反馈线索办理情况（接收单位）"
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        f = parse_input(HandlingInput, request)
        r = handling_services.handling_report(
            actor=_user(request),
            clue=_clue(request, f["clue"]),
            disposition=f["disposition"],
            text=f["text"],
            final=f["final"],
            reported_on=_today(f["reported_on"]),
        )
        return Response(HandlingReportSerializer(r).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReviewMeetingInput, responses={200: None}, summary="登记问题线索专题排查会（纪委）")
    @action(detail=False, methods=["post"], url_path="review-meeting")
    def review_meeting(self, request: Request) -> Response:
        f = parse_input(ReviewMeetingInput, request)
        clues = handling_services.review_meeting_record(
            actor=_user(request),
            clues=[_clue(request, pk, "clues") for pk in f["clues"]],
            note=f["note"],
            held_on=_today(f["held_on"]),
        )
        return Response({"clues": [c.pk for c in clues], "held_on": clues[0].review_meeting_on})


ROUTES: list[tuple[str, Any, str]] = [
    ("clues/fast-tracks", FastTrackViewSet, "clue-fast-track"),
    ("clues/disposals", DisposalViewSet, "clue-disposal"),
    ("clues/transfers", TransferViewSet, "clue-transfer"),
    ("clues/handling-reports", HandlingReportViewSet, "clue-handling-report"),
]
