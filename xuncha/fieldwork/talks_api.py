"""REST API for 个别谈话记录 (talk records), which are secret (巡察工作秘密: JDZ-2017 第四十六条（三）,
NMG-2016 第三十六条（三）) and open only through `xuncha/audit/secrecy.py`'s door.

- The list is for the readers of secrets (the team and the office head, `secret_readers_q` through `visible_to`) and
  shows only what the inspection detail page shows: the record's number, its inspection and when the talk was held.
  Who was talked to, where, who recorded and what was said are the secret; they come only with a read.
- A read goes through `talk_record_read`: every read is a `secret.read` event; anybody else is refused and leaves no
  read event.
- Recording a talk goes through `talk_record_create`: members of the inspecting team, while on site."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.core.api_support import (
    INSPECTION_FILTER,
    as_id,
    filter_by_inspection,
    id_param,
    inspection_label,
    parse_input,
    visible_inspection,
)
from xuncha.core.errors import PermissionDeniedError
from xuncha.inspections import services
from xuncha.inspections.models import Inspection, TalkRecord
from xuncha.jurisdictions.words import user_word

from .secrecy import may_read_secrets

REFUSAL = "个别谈话记录属于{word}工作秘密，只有本组和办公室主任可以查看（泄露{word}工作秘密的追究责任）。"

if TYPE_CHECKING:
    from xuncha.accounts.models import User


class TalkPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 100


class TalkListSerializer(serializers.ModelSerializer):
    """Metadata only: never the interviewee, the place, the recorder or the content."""

    class Meta:
        model = TalkRecord
        fields = ["id", "inspection", "talked_at"]
        read_only_fields = fields


class TalkRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = TalkRecord
        fields = ["id", "inspection", "interviewee", "talked_at", "place", "recorder", "content"]
        read_only_fields = fields


class TalkInput(serializers.Serializer):
    inspection = serializers.IntegerField(label="巡察（巡视）", error_messages={"required": "请填写巡察（巡视）"})
    interviewee = serializers.CharField(label="谈话对象", max_length=60)
    talked_at = serializers.DateTimeField(
        label="谈话时间", error_messages={"invalid": "谈话时间应为 YYYY-MM-DDTHH:MM（ISO 8601）"}
    )
    place = serializers.CharField(label="地点", max_length=100)
    recorder = serializers.CharField(label="记录人", max_length=40)
    content = serializers.CharField(label="谈话内容")


@extend_schema_view(
    list=extend_schema(
        summary="个别谈话记录列表（仅本组和办公室主任；只列编号、所属巡察（巡视）和谈话时间，不含谈话对象和内容）",
        parameters=[INSPECTION_FILTER],
        responses=TalkListSerializer(many=True),
    ),
)
class TalkRecordViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = TalkListSerializer
    pagination_class = TalkPagination

    def get_queryset(self) -> QuerySet[Any]:
        # visible_to is secret_readers_q: the inspecting team and the office head, nobody else.
        qs = TalkRecord.objects.visible_to(self.request.user).only("id", "inspection_id", "talked_at")
        return filter_by_inspection(qs, self.request).order_by("-talked_at", "-id")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Asking for one inspection's talks without being one of its secret's readers is refused outright, so an
        # inspection seen by the office staff or the leading group does not look as if it had no talks.
        wanted = id_param(request.query_params, "inspection", label=inspection_label())
        if wanted is not None:
            inspection = Inspection.objects.visible_to(request.user).filter(pk=wanted).first()
            if inspection is None or not may_read_secrets(cast("User", request.user), inspection):
                raise PermissionDeniedError(REFUSAL.format(word=user_word(request.user)))
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=TalkRecordSerializer, summary="查阅个别谈话记录（秘密；每次查阅记入事件链）")
    def retrieve(self, request: Request, pk: str) -> Response:
        record = services.talk_record_read(
            actor=cast("User", request.user), pk=as_id(pk, field="id", label="个别谈话记录编号") or 0
        )
        return Response(TalkRecordSerializer(record).data)

    @extend_schema(
        request=TalkInput,
        responses={201: TalkRecordSerializer},
        summary="记录个别谈话（本组成员；进驻了解阶段；事件只记“已记录”，不记内容）",
    )
    def create(self, request: Request) -> Response:
        fields = parse_input(TalkInput, request)
        inspection = visible_inspection(Inspection.objects.visible_to(request.user), fields.pop("inspection"))
        record = services.talk_record_create(actor=cast("User", request.user), inspection=inspection, **fields)
        return Response(TalkRecordSerializer(record).data, status=status.HTTP_201_CREATED)
