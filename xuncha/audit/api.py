"""REST API of the event log: the events the user may see, by action or inspection."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from xuncha.audit.actions import action_name
from xuncha.audit.models import Event
from xuncha.core.api_support import filter_by_inspection


class EventSerializer(serializers.ModelSerializer):
    action_name = serializers.SerializerMethodField(help_text="动作的中文名称（xuncha/audit/actions.py 的登记表）")

    class Meta:
        model = Event
        fields = [
            "seq",
            "created_at",
            "occurred_on",
            "jurisdiction",
            "actor_name",
            "action",
            "action_name",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "article",
            "rulebook_code",
            "prev_hash",
            "hash",
        ]

    def get_action_name(self, event: Event) -> str:
        return action_name(event.action, event.jurisdiction.word if event.jurisdiction else "")


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EventSerializer
    lookup_field = "seq"

    @extend_schema(
        parameters=[
            OpenApiParameter("action", str, description="只列这一种事件（如 secret.read、round.ended）"),
            OpenApiParameter("inspection", int, description="只列这一次巡察（巡视）的事件"),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        qs = filter_by_inspection(Event.objects.visible_to(self.request.user), self.request).select_related(
            "jurisdiction"
        )
        action = self.request.query_params.get("action", "").strip()
        return (qs.filter(action=action) if action else qs).order_by("seq")
