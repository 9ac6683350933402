from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from xuncha.core.errors import ServiceError
from xuncha.core.visibility import viewer_for
from xuncha.jurisdictions.rulebook import get_rulebook

from .arithmetic import PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR, Counting, UnknownYearError
from .forms import ComputeForm, HolidayYearForm
from .models import HolidayYear
from .selectors import counting_for, month_grid, work_calendar
from .services import holiday_year_save


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


@login_required
def calculator(request: HttpRequest) -> HttpResponse:
    form = ComputeForm(request.GET or None)
    result = error = None
    if form.is_bound and form.is_valid():
        result, error, _ = compute(form.cleaned_data)
    today = datetime.date.today()
    try:
        year, month = int(request.GET.get("y", today.year)), int(request.GET.get("m", today.month))
        first = datetime.date(year, month, 1)
    except ValueError:
        first = today.replace(day=1)
    cal = work_calendar()
    try:
        grid, grid_error = month_grid(cal, first.year, first.month), ""
    except UnknownYearError as exc:
        grid, grid_error = [], str(exc)
    prev_m = (first - datetime.timedelta(days=1)).replace(day=1)
    next_m = (first + datetime.timedelta(days=32)).replace(day=1)
    ctx = {
        "form": form,
        "result": result,
        "error": error,
        "grid": grid,
        "grid_error": grid_error,
        "month": first,
        "prev_m": prev_m,
        "next_m": next_m,
        "package_years": (PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR),
        "entered_years": HolidayYear.objects.order_by("year"),
    }
    template = "workdays/_result.html" if request.headers.get("HX-Request") == "true" else "workdays/calculator.html"
    return render(request, template, ctx)


@login_required
def year_edit(request: HttpRequest, year: int | None = None) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not (viewer.is_sysadmin or any("office_head" in r for r in viewer.roles.values())):
        messages.error(request, "只有系统管理员或办公室负责人可以录入节假日安排。")
        return redirect("workdays:calculator")
    initial: dict[str, object] = {}
    if year is not None:
        entry = HolidayYear.objects.filter(year=year).first()
        initial["year"] = year
        if entry is not None:
            days = list(entry.days.all())
            initial["notice"] = entry.notice
            initial["holidays_text"] = "\n".join(f"{d.date} {d.name}" for d in days if d.kind == "holiday")
            initial["workdays_text"] = "\n".join(f"{d.date} {d.name}" for d in days if d.kind == "workday")
    form = HolidayYearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            holiday_year_save(actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已保存 {form.cleaned_data['year']} 年节假日安排。")
            return redirect("workdays:calculator")
    return render(request, "workdays/year_form.html", {"form": form})
