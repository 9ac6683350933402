"""The participant's JSON under `/p/e/<token>/api/` (no login, no authentication, no session): `GET` the form,
`POST` {code, answers: {subject: {item: option}}} a ballot. Same service, limits and refusals as the page."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xuncha.core.anonymity.middleware import anonymous_client
from xuncha.core.anonymity.ratelimit import RateLimited

from . import services
from .public_views import evaluation_for


class PublicEvaluationView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

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
