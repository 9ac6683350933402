from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import PermissionDeniedError, ServiceError

MAX_PAGE_SIZE = 200


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Service errors become 400 (403 for refusals) with the Chinese message, field and article."""
    if isinstance(exc, PermissionDeniedError):
        return Response(exc.as_dict(), status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, ServiceError):
        return Response(exc.as_dict(), status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


class Pagination(LimitOffsetPagination):
    """Every list endpoint pages: 100 rows by default, never more than MAX_PAGE_SIZE whatever `limit` asks for."""

    default_limit = 100
    max_limit = MAX_PAGE_SIZE
