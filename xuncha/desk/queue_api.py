"""GET /api/work-queue/: the signed-in user's work queue (待办), the same items as the dashboard and /queue/."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response

from .work_queue import queue_rows, row_dict


class QueueItemSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="稳定的事项代码，如 rectification_report.team_review")
    title = serializers.CharField(help_text="要办理的事项")
    subject = serializers.CharField(help_text="所涉对象")
    url = serializers.CharField(help_text="办理页面")
    jurisdiction = serializers.IntegerField()
    since = serializers.DateField(allow_null=True, help_text="等待自（所等待的上一环节的日期）")
    due_on = serializers.DateField(allow_null=True, help_text="法定期限的截止日（有期限时）")
    article = serializers.CharField(help_text="要求办理的条款（如有）")
    rulebook = serializers.CharField(help_text="条款所在规则的简称")
    setting = serializers.CharField(help_text="本办（本系统）设置的提醒时限或规则，不是条文规定")
    timely = serializers.BooleanField(help_text="条文要求“及时”办理、无固定期限")
    age_working_days = serializers.IntegerField(allow_null=True, help_text="自 since 起已过的工作日数")
    overdue = serializers.BooleanField(help_text="已过法定截止日")
    reminder_due = serializers.BooleanField(help_text="已超过本办设置的提醒时限")


class QueuePagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 100


class WorkQueueView(ListAPIView):
    """The items are computed, not a queryset: the list holds plain dicts, paginated like any list endpoint."""

    serializer_class = QueueItemSerializer
    pagination_class = QueuePagination

    def get_queryset(self) -> Any:
        return [row_dict(r) for r in queue_rows(self.request._request)]

    @extend_schema(
        summary="我的待办",
        description="当前用户现在需要办理的事项（与工作台“我的待办”相同），按截止日、等待时间排列；分页。",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
