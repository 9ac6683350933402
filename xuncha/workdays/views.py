from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone

from xuncha.audit.models import Event
from xuncha.core.pages import attempt
from xuncha.core.visibility import viewer_for
from xuncha.jurisdictions.rulebook import get_rulebook

from .actions import CALENDAR_YEAR_SAVED
from .arithmetic import PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR, Counting, UnknownYearError
from .forms import ComputeForm, HolidayYearForm
from .models import HolidayYear
from .selectors import counting_for, month_grid, work_calendar
from .services import ONLY_SYSADMIN, WORKING_DAYS_SETTING, holiday_year_preview, holiday_year_save

if TYPE_CHECKING:
    from xuncha.accounts.models import User  # the views are behind login: request.user is a User

PREVIEW_LIMIT = 200


def compute(data: dict[str, object]) -> tuple[datetime.date | None, str, Counting]:
    """Run a ComputeForm's values. Returns (due date, error, counting used)."""
    counting = Counting()
    if data.get("rulebook"):
        counting = counting_for(get_rulebook(str(data["rulebook"])).counting)
    try:
        due = work_calendar().add(data["start"], data["amount"], data["unit"], counting)  # type: ignore[arg-type]
    except UnknownYearError as exc:
        return None, str(exc), counting
    return due, "", counting


def _month(params: QueryDict, today: datetime.date) -> datetime.date:
    """The month shown: `?y=&m=` when they name a real month, else this month."""
    try:
        return datetime.date(int(params.get("y", today.year)), int(params.get("m", today.month)), 1)
    except (TypeError, ValueError, OverflowError):
        return today.replace(day=1)


def _query(params: QueryDict, month: datetime.date) -> str:
    """The page's query string for another month: the calculation entered (if any) stays, only y and m change."""
    query = params.copy()
    query["y"], query["m"] = str(month.year), str(month.month)
    return query.urlencode()


@login_required
def calculator(request: HttpRequest) -> HttpResponse:
    # The month links carry only y and m: the calculation form is bound only when one of its own fields is sent, so
    # browsing months never shows “请填写起算日”.
    asked = any(name in request.GET for name in ComputeForm.base_fields)
    form = ComputeForm(request.GET if asked else None)
    result = error = None
    if form.is_bound and form.is_valid():
        result, error, _ = compute(form.cleaned_data)
    today = timezone.localdate()
    first = _month(request.GET, today)
    cal = work_calendar()
    try:
        grid, grid_error = month_grid(cal, first.year, first.month), ""
    except UnknownYearError as exc:
        grid, grid_error = [], str(exc)
    prev_m = (first - datetime.timedelta(days=1)).replace(day=1) if first.year > 1 else first
    next_m = (first + datetime.timedelta(days=32)).replace(day=1) if first.year < 9999 else first
    ctx = {
        "form": form,
        "result": result,
        "error": error,
        "grid": grid,
        "grid_error": grid_error,
        "month": first,
        "prev_m": prev_m,
        "next_m": next_m,
        "prev_query": _query(request.GET, prev_m),
        "next_query": _query(request.GET, next_m),
        "package_years": (PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR),
        "entered_years": HolidayYear.objects.order_by("year"),
    }
    template = "workdays/_result.html" if request.headers.get("HX-Request") == "true" else "workdays/calculator.html"
    return render(request, template, ctx)


@login_required
def year_edit(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """The national holiday calendar's entry page. Everyone signed in sees which years are known; only the system
    administrator enters one, after a preview of the deadlines it computes or moves."""
    viewer = viewer_for(request.user)
    known = {"package_years": (PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR), "entered_years": HolidayYear.objects.all()}
    if not viewer.is_sysadmin:
        if request.method == "POST":
            messages.error(request, ONLY_SYSADMIN)
        return render(request, "workdays/years.html", {**known, "only_sysadmin": ONLY_SYSADMIN})
    initial: dict[str, object] = {}
    if year is not None:
        existing = HolidayYear.objects.filter(year=year).first()
        initial["year"] = year
        if existing is not None:
            days = list(existing.days.all())
            initial["notice"] = existing.notice
            initial["holidays_text"] = "\n".join(f"{d.date} {d.name}" for d in days if d.kind == "holiday")
            initial["workdays_text"] = "\n".join(f"{d.date} {d.name}" for d in days if d.kind == "workday")
    else:
        initial["year"] = timezone.localdate().year + 1
    form = HolidayYearForm(request.POST or None, initial=initial)
    preview = None
    entry = None
    if request.method == "POST" and form.is_valid():
        actor, data = cast("User", request.user), form.cleaned_data
        save = request.POST.get("action") == "save"
        done = attempt(
            request,
            lambda: holiday_year_save(actor=actor, **data) if save else holiday_year_preview(actor=actor, **data),
            form=form,
        )
        if done:
            if save:
                entry = done.value
            else:
                preview = done.value
            if entry is not None:
                saved = (
                    Event.objects.filter(action=CALENDAR_YEAR_SAVED.code, object_id=str(entry.pk))
                    .order_by("-seq")
                    .first()
                )
                after = (saved.after if saved else None) or {}
                computed, moved = len(after.get("obligations_computed", [])), len(after.get("obligations_moved", []))
                messages.success(
                    request,
                    f"已保存 {entry.year} 年节假日安排（{after.get('working_days', '')} 个工作日）；"
                    f"计算了 {computed} 项待录入该年的期限，重算变动 {moved} 项。",
                )
                return redirect("workdays:calculator")
    ctx = {
        **known,
        "form": form,
        "preview": preview,
        "preview_rows": preview.changes[:PREVIEW_LIMIT] if preview else [],
        "preview_limit": PREVIEW_LIMIT,
        "setting": WORKING_DAYS_SETTING,
    }
    return render(request, "workdays/year_form.html", ctx)
