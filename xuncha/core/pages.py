"""The one way a page calls a service and shows its refusal.

    done = attempt(request, lambda: services.finding_draft(actor=request.user, ...), form=form,
                   success="已起草问题。")
    if done:
        return redirect(...)
    return render(...)              # the form shows the refusal

A `ServiceError` never escapes into a 500: with a `form`, its message goes on the form — on the field it names
when the form has that field, else above the form; without a form, it is flashed as an error message, prefixed
with `refused` ("登记未完成：…") when given. On success the `success` message (a string, or a function of the
service's result) is flashed. The result is an `Outcome`: true when the service ran, with its `value`.
With `denied_page=True` (a page that opens one record, or an upload), a refusal of authority
(`PermissionDeniedError`) is a 403 page instead — `outcome.response`, for the view to return.
The API needs no helper: `core.api.exception_handler` turns the same error into a 400 with the same message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .errors import PermissionDeniedError, ServiceError


@dataclass
class Outcome:
    ok: bool
    value: Any = None
    error: ServiceError | None = None
    response: HttpResponse | None = None  # the 403 page, when `denied_page` and the service refused who acts

    def __bool__(self) -> bool:
        return self.ok


def attempt(
    request: HttpRequest,
    call: Callable[[], Any],
    *,
    form: Any = None,
    success: str | Callable[[Any], str] = "",
    refused: str = "",
    denied_page: bool = False,
) -> Outcome:
    try:
        value = call()
    except ServiceError as exc:
        if denied_page and isinstance(exc, PermissionDeniedError):
            page = render(request, "core/refused.html", {"message": exc.message}, status=403)
            return Outcome(ok=False, error=exc, response=page)
        if form is not None:
            field = exc.field if exc.field and exc.field in getattr(form, "fields", {}) else None
            form.add_error(field, exc.message)
        else:
            messages.error(request, f"{refused}：{exc.message}" if refused else exc.message)
        return Outcome(ok=False, error=exc)
    text = success(value) if callable(success) else success
    if text:
        messages.success(request, text)
    return Outcome(ok=True, value=value)
