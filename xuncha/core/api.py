from __future__ import annotations

import re
from typing import Any

from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import PermissionDeniedError, ServiceError

MAX_PAGE_SIZE = 200

_CJK = re.compile(r"[\u3400-\u9fff]")

# What a user reads when the framework's own message is English (or says nothing): by HTTP status.
STATUS_MESSAGES: dict[int, str] = {
    400: "请求有误，请检查填写的内容",
    401: "请先登录（未提供有效的身份认证信息）",
    403: "您无权执行此操作",
    404: "不存在或无权查看",
    405: "不支持该请求方法",
    406: "无法按请求的格式返回（Accept 请求头）",
    415: "不支持该请求内容类型（Content-Type）",
    429: "请求过于频繁，请稍后再试",
}


def has_chinese(text: str) -> bool:
    return bool(_CJK.search(text))


def _not_found(context: dict[str, Any]) -> str:
    """“编号为 N 的记录不存在或无权查看”: the same words whether the record is missing or hidden from this user."""
    kwargs = context.get("kwargs") or {}
    pk = str(next(iter(kwargs.values()), ""))
    return f"编号为 {pk} 的记录不存在或无权查看" if pk else STATUS_MESSAGES[404]


def _chinese(data: Any, fallback: str) -> Any:
    """Every message string in an error body in Chinese: an English one (from the framework) becomes `fallback`."""
    if isinstance(data, dict):
        return {key: value if key == "code" else _chinese(value, fallback) for key, value in data.items()}
    if isinstance(data, list):
        return [_chinese(value, fallback) for value in data]
    if isinstance(data, str) and not has_chinese(data):
        return fallback
    return data


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Service errors become 400 (403 for refusals) with the Chinese message, field and article. The framework's
    own errors (not logged in, not found, malformed JSON, wrong method, CSRF, throttling, field validation) answer in
    Chinese too, as `{"detail": …, "code": …}` (field validation: `{字段: [说明]}`)."""
    if isinstance(exc, PermissionDeniedError):
        return Response(exc.as_dict(), status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, ServiceError):
        return Response(exc.as_dict(), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404 | exceptions.NotFound):
        exc = exceptions.NotFound(_not_found(context))
    elif isinstance(exc, exceptions.ParseError):
        exc = exceptions.ParseError("请求内容无法解析：请求体须为合法的 JSON（或按接口说明的表单格式）")
    elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        exc = exceptions.PermissionDenied(
            "CSRF 校验失败：用会话登录调用写操作时，须带 X-CSRFToken 请求头（取自 csrftoken cookie）"
        )
    response = drf_exception_handler(exc, context)
    if response is not None:
        fallback = STATUS_MESSAGES.get(response.status_code, "请求未能完成")
        response.data = _chinese(response.data, fallback)
        if (
            isinstance(exc, exceptions.APIException)
            and isinstance(response.data, dict)
            and set(response.data) == {"detail"}
        ):
            codes = exc.get_codes()
            response.data["code"] = codes if isinstance(codes, str) else "error"
    return response


class Pagination(LimitOffsetPagination):
    """Every list endpoint pages: 100 rows by default, never more than MAX_PAGE_SIZE whatever `limit` asks for."""

    default_limit = 100
    max_limit = MAX_PAGE_SIZE
