"""The public's JSON API under /p/r/<token>/api/ (no login), for an app or a client that is not a browser: the same
services and rate limits as the pages. `GET challenge/` a proof-of-work challenge (solve it as core/static/core/pow.js
does); `POST report/` {pow_challenge, pow_solution, content, about, classification, name, phone} (multipart with
`files` for attachments) → the receipt code, once; `POST lookup/` {code} → status and thread; `POST reply/`
{code, body}. Refusals are 400 with a Chinese message; too many attempts 429."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xuncha.core.anonymity import codes, pow
from xuncha.core.anonymity.middleware import anonymous_client
from xuncha.core.anonymity.ratelimit import RateLimited
from xuncha.core.errors import ServiceError

from .public_views import FIELDS, channel_or_404
from .services import public
from .state import channel_state


# -- what the schema says (the views read request.data themselves, as the pages do) ----------------------------------
class ChallengeOut(serializers.Serializer):
    challenge = serializers.CharField(
        help_text="防滥用验证题目：求 counter 使 SHA-256(challenge + ':' + counter) 以足够多的 0 位开头"
    )
    open = serializers.BooleanField()
    reason = serializers.CharField()
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)


class PublicReportIn(serializers.Serializer):
    pow_challenge = serializers.CharField()
    pow_solution = serializers.CharField()
    content = serializers.CharField(label="反映内容")
    about = serializers.CharField(label="被反映人或事项", required=False)
    classification = serializers.CharField(label="问题类别（规则所列代码，可不填）", required=False)
    name = serializers.CharField(label="姓名（不填即匿名）", required=False)
    phone = serializers.CharField(label="联系电话", required=False)
    files = serializers.ListField(child=serializers.FileField(), required=False, label="附件（multipart）")


class ReceiptOut(serializers.Serializer):
    receipt_code = serializers.CharField(help_text="20位回执码，只返回这一次")
    grouped = serializers.CharField()
    message = serializers.CharField()


class CodeIn(serializers.Serializer):
    code = serializers.CharField(label="回执码")


class ReplyIn(CodeIn):
    body = serializers.CharField(label="答复内容")


class MessageOut(serializers.Serializer):
    position = serializers.IntegerField()
    from_team = serializers.BooleanField()
    on = serializers.DateField()
    body = serializers.CharField()


class ThreadOut(serializers.Serializer):
    status = serializers.ChoiceField(choices=["received", "registered", "handled"])
    status_label = serializers.CharField()
    submitted_on = serializers.DateField()
    may_reply = serializers.BooleanField()
    thread = MessageOut(many=True)


def _text(request: Request, name: str) -> str:
    data = request.data
    value = data.get(name, "") if hasattr(data, "get") else ""
    return value if isinstance(value, str) else ""


class _Public(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, RateLimited):
            return Response(exc.as_dict(), status=status.HTTP_429_TOO_MANY_REQUESTS)
        if isinstance(exc, ServiceError):
            return Response(exc.as_dict(), status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)


def _thread(report: Any) -> dict[str, Any]:
    messages = public.thread(report)
    st = public.report_status(report)
    return {
        "status": st.code,
        "status_label": st.label,
        "submitted_on": report.submitted_on.isoformat(),
        "may_reply": public.may_reply(report, messages),
        "thread": [
            {"position": m.position, "from_team": m.from_team, "on": m.on.isoformat(), "body": m.body} for m in messages
        ],
    }


class ChallengeView(_Public):
    @extend_schema(summary="网上反映：取得防滥用验证题目和受理状态（不登录）", responses=ChallengeOut, auth=[])
    def get(self, request: Request, token: str) -> Response:
        channel = channel_or_404(token)
        state = channel_state(channel)
        return Response(
            {
                "challenge": pow.challenge_new(public.POW_REPORT),
                "open": state.open,
                "reason": state.reason,
                "starts_on": state.starts_on.isoformat() if state.starts_on else None,
                "ends_on": state.ends_on.isoformat() if state.ends_on else None,
            }
        )


class ReportView(_Public):
    @extend_schema(
        summary="网上反映：提交（不登录，可匿名）", request=PublicReportIn, responses={201: ReceiptOut}, auth=[]
    )
    def post(self, request: Request, token: str) -> Response:
        channel = channel_or_404(token)
        _report, code = public.public_report_submit(
            channel=channel,
            client=anonymous_client(request._request),
            pow_challenge=_text(request, "pow_challenge"),
            pow_solution=_text(request, "pow_solution"),
            files=request.FILES.getlist("files") if hasattr(request, "FILES") else [],
            **{f: _text(request, f) for f in FIELDS},
        )
        return Response(
            {
                "receipt_code": code,
                "grouped": codes.grouped(code),
                "message": "已收到。请抄写或截图保存回执码，遗失无法找回。",
            },
            status=status.HTTP_201_CREATED,
        )


class LookupView(_Public):
    @extend_schema(
        summary="网上反映：凭回执码查看办理状态和提问（不登录）", request=CodeIn, responses=ThreadOut, auth=[]
    )
    def post(self, request: Request, token: str) -> Response:
        channel = channel_or_404(token)
        report = public.public_report_lookup(
            channel=channel, client=anonymous_client(request._request), code=_text(request, "code")
        )
        return Response(_thread(report))


class ReplyView(_Public):
    @extend_schema(summary="网上反映：凭回执码答复（不登录）", request=ReplyIn, responses={201: ThreadOut}, auth=[])
    def post(self, request: Request, token: str) -> Response:
        channel = channel_or_404(token)
        client = anonymous_client(request._request)
        code = _text(request, "code")
        public.public_reply_add(channel=channel, client=client, code=code, body=_text(request, "body"))
        report = public.public_report_lookup(channel=channel, client=client, code=code)
        return Response(_thread(report), status=status.HTTP_201_CREATED)
