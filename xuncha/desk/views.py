"""The pages that gather every app: the dashboard (工作台) and the work queue (我的待办)."""

from __future__ import annotations

import json
from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from xuncha.accounts.models import Membership, User
from xuncha.core.visibility import viewer_for
from xuncha.obligations.selectors import obligation_board
from xuncha.planning.models import TeamMembership
from xuncha.workdays.selectors import work_calendar

from .work_queue import DASHBOARD_LIMIT, PAGE_SIZE, empty_message, queue_rows


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    board = obligation_board(user=request.user, today=today, cal=work_calendar())
    viewer = viewer_for(request.user)
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
        "desk/dashboard.html",
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
        "desk/queue.html",
        {"page": page, "queue_total": len(rows), "queue_empty": empty_message(viewer_for(request.user))},
    )
