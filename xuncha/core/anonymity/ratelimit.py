"""Rate limits for the public's pages, held in the cache (memory for one process, Redis for several) and never in
the database. A client is known only by a keyed hash of its address under a key that changes every day, kept for
the length of the window; the address itself is never stored."""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from xuncha.core.errors import ServiceError


class RateLimited(ServiceError):
    """Too many attempts: the page answers 429 with this message."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="rate_limited")


def client_key(request: HttpRequest) -> str:
    """The visitor as the rate limits know it: HMAC of the address under today's key (16 hex digits)."""
    address = request.META.get("REMOTE_ADDR", "") or "-"
    day = timezone.localdate().isoformat()
    key = hmac.new(settings.SECRET_KEY.encode(), f"xuncha.anonymity.client.{day}".encode(), hashlib.sha256).digest()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:16]


def _window_key(bucket: str, who: str, window: int) -> str:
    slot = int(timezone.now().timestamp()) // window
    return f"xuncha:rl:{bucket}:{who}:{slot}"


def hits(bucket: str, who: str, *, window: int) -> int:
    """How many times `who` has hit `bucket` in the current window."""
    return int(cache.get(_window_key(bucket, who, window), 0))


def hit(bucket: str, who: str, *, window: int) -> int:
    """Count one hit; the counter expires with its window."""
    key = _window_key(bucket, who, window)
    if cache.add(key, 1, timeout=window + 1):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        return 1


def check(bucket: str, who: str, *, limit: int, window: int, what: str) -> None:
    """Refuse once `who` has reached `limit` hits of `bucket` in this window (the hit itself is counted by `hit`,
    after the attempt failed or succeeded, as the caller decides)."""
    if hits(bucket, who, window=window) >= limit:
        minutes = max(1, window // 60)
        raise RateLimited(
            f"{what}次数过多，请{minutes}分钟后再试（系统设置：每{minutes}分钟最多{limit}次，为防止滥用，非条文规定）。"
        )


def window_ends(window: int) -> datetime.datetime:
    slot = int(timezone.now().timestamp()) // window
    return datetime.datetime.fromtimestamp((slot + 1) * window, tz=datetime.UTC)
