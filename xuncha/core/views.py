from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader

from .errors import ServiceError

# Error pages (settings DEBUG=False). The API answers JSON in the same format as its other errors; pages answer in
# the site's style. The 500 page is rendered without a request context: no database query when the database may be
# the thing that failed.


def _api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _chinese_message(exception: Exception | None) -> str:
    """The 404's own message when it is a Chinese sentence (“没有这部规则”); Django's English ones are not shown."""
    from .api import has_chinese

    first = exception.args[0] if exception is not None and exception.args else None
    return first if isinstance(first, str) and has_chinese(first) else ""


def bad_request_page(request: HttpRequest, error: ServiceError) -> HttpResponse:
    """A page request with a malformed parameter (an id that is not a number, …): 400 with the Chinese message that
    names the field, never a 500."""
    return render(request, "400.html", {"message": error.message}, status=400)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = _chinese_message(exception)
    if _api(request):
        return JsonResponse(
            {"detail": message or f"接口不存在：{request.path}", "code": "not_found"},
            status=404,
            json_dumps_params={"ensure_ascii": False},
        )
    return render(request, "404.html", {"message": message, "request_path": request.path}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _api(request):
        return JsonResponse(
            {"detail": "服务器内部错误，请稍后再试或联系系统管理员", "code": "server_error"},
            status=500,
            json_dumps_params={"ensure_ascii": False},
        )
    return HttpResponse(loader.get_template("500.html").render({}), status=500)
