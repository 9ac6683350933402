from __future__ import annotations

import json
from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone

from xuncha.obligations.selectors import obligation_board
from xuncha.workdays.selectors import work_calendar

from .errors import ServiceError
from .visibility import viewer_for
from .work_queue import DASHBOARD_LIMIT, PAGE_SIZE, empty_message, queue_rows


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    board = obligation_board(user=request.user, today=today, cal=work_calendar())
    viewer = viewer_for(request.user)
    from xuncha.accounts.models import Membership, User
    from xuncha.planning.models import TeamMembership

    user = cast(User, request.user)  # login_required: never anonymous here
    memberships = Membership.objects.filter(user=user, active=True).select_related("jurisdiction", "organization")
    team_roles = TeamMembership.objects.filter(user=user, ended_on__isnull=True).select_related(
        "team__round__jurisdiction"
    )
    counts = board.counts()
    chart = [
        {"name": "已逾期", "value": counts["overdue"]},
        {"name": "3个工作日内到期", "value": counts["due_soon"]},
        {"name": "未到期", "value": counts["open"]},
        {"name": "已办结", "value": counts["fulfilled"]},
    ]
    rows = queue_rows(request)
    return render(
        request,
        "core/dashboard.html",
        {
            "queue": rows[:DASHBOARD_LIMIT],
            "queue_total": len(rows),
            "queue_more": len(rows) > DASHBOARD_LIMIT,
            "queue_empty": empty_message(viewer),
            "board": board,
            "counts": counts,
            "chart": chart,
            "chart_total": sum(c["value"] for c in chart),
            "chart_json": json.dumps(chart, ensure_ascii=False),
            "memberships": memberships,
            "team_roles": team_roles,
            "viewer": viewer,
        },
    )


@login_required
def work_queue_page(request: HttpRequest) -> HttpResponse:
    """我的待办: everything the signed-in person must act on now, oldest deadline first, paginated."""
    rows = queue_rows(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/queue.html",
        {"page": page, "queue_total": len(rows), "queue_empty": empty_message(viewer_for(request.user))},
    )


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
