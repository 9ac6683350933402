"""The participant's JSON under `/p/e/<token>/api/` (no login, no authentication, no session): `GET` the form,
`POST` {code, answers: {subject: {item: option}}} a ballot. Same service, limits and refusals as the page."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xuncha.core.anonymity.middleware import anonymous_client
from xuncha.core.anonymity.ratelimit import RateLimited

from . import services
from .public_views import evaluation_for


class FormOut(serializers.Serializer):
    title = serializers.CharField()
    kind = serializers.CharField()
    open = serializers.BooleanField()
    subjects = serializers.ListField(child=serializers.DictField(), help_text="[{code, name, post}]")
    items = serializers.ListField(child=serializers.DictField(), help_text="[{code, text}]")
    options = serializers.ListField(child=serializers.DictField(), help_text="[{code, label}]")


class BallotIn(serializers.Serializer):
    code = serializers.CharField(label="测评码（16位）")
    answers = serializers.DictField(help_text="{测评对象代码: {项目代码: 等次代码}}")


class DoneOut(serializers.Serializer):
    detail = serializers.CharField()


class PublicEvaluationView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(summary="在线测评：取得测评表（不登录）", responses=FormOut, auth=[])
    def get(self, request: Request, token: str) -> Response:
        e = evaluation_for(token)
        is_open = e.status == e.Status.OPEN and e.inspection.status in services.OPEN_STAGES
        return Response(
            {
                "title": e.title,
                "kind": e.get_kind_display(),
                "open": is_open,
                "subjects": [{"code": s["code"], "name": s["name"], "post": s.get("post", "")} for s in e.subjects],
                "items": e.items,
                "options": [{"code": o["code"], "label": o["label"]} for o in e.options],
            }
        )

    @extend_schema(
        summary="在线测评：凭测评码提交答卷（不登录；答卷不与测评码关联）",
        request=BallotIn,
        responses={201: DoneOut},
        auth=[],
    )
    def post(self, request: Request, token: str) -> Response:
        evaluation = evaluation_for(token)
        data = request.data if isinstance(request.data, dict) else {}
        try:
            services.ballot_submit(
                evaluation=evaluation,
                code=str(data.get("code", "")),
                answers=data.get("answers"),
                client=anonymous_client(request._request),
            )
        except RateLimited as exc:
            return Response(exc.as_dict(), status=429)
        return Response({"detail": "已提交，感谢参与"}, status=201)
