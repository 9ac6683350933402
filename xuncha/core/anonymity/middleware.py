"""For the public's pages (`PUBLIC_PREFIX`): remember the visitor only as the rate limits' hashed key, then remove
the address, the device and the page they came from before any view, form, log or error report can see them; and
tell the browser not to keep or pass on the page."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from . import PUBLIC_PREFIX
from .ratelimit import client_key

# What a request says about who sent it. REMOTE_ADDR is replaced (Django expects the key), the others removed.
IDENTIFYING = (
    "HTTP_USER_AGENT",
    "HTTP_REFERER",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_CLIENT_IP",
    "HTTP_TRUE_CLIENT_IP",
    "HTTP_CF_CONNECTING_IP",
    "HTTP_SEC_CH_UA",
    "HTTP_SEC_CH_UA_PLATFORM",
    "HTTP_SEC_CH_UA_MOBILE",
    "REMOTE_HOST",
)
SCRUBBED_ADDRESS = "0.0.0.0"


def is_public(request: HttpRequest) -> bool:
    return request.path_info.startswith(PUBLIC_PREFIX)


class AnonymousPagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_public(request):
            return self.get_response(request)
        request.anonymous_client = client_key(request)  # type: ignore[attr-defined]
        request.META["REMOTE_ADDR"] = SCRUBBED_ADDRESS
        for name in IDENTIFYING:
            request.META.pop(name, None)
        response = self.get_response(request)
        response["Referrer-Policy"] = "no-referrer"
        response["Cache-Control"] = "no-store"
        response["X-Robots-Tag"] = "noindex"
        return response


def anonymous_client(request: HttpRequest) -> str:
    """The rate limits' key for this visitor (set by the middleware; computed here when a test calls a view
    directly)."""
    key = getattr(request, "anonymous_client", None)
    return key if isinstance(key, str) else client_key(request)
