"""The public's pages under /p/r/<token>/ (no login). No session, no message framework and no cookie: the receipt
code travels only in the body of a POST and in a hidden field of a no-store page. CSRF protection is off here on
purpose — there is no login or session whose authority a forged request could borrow, and the CSRF cookie would be
one more identifier in the visitor's browser; the proof of work and the rate limits hold back abuse."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from xuncha.core.anonymity import codes, pow
from xuncha.core.anonymity.middleware import anonymous_client
from xuncha.core.anonymity.ratelimit import RateLimited
from xuncha.core.errors import ServiceError
from xuncha.fieldwork import rules

from .models import Channel
from .services import public
from .state import channel_state, office_contact, scope

FIELDS = ("content", "about", "classification", "name", "phone")


def channel_or_404(token: str) -> Channel:
    channel = (
        Channel.objects.select_related("inspection__jurisdiction", "inspection__team__round", "inspection__target")
        .filter(token=token)
        .first()
    )
    if channel is None:
        raise Http404("页面不存在")
    return channel


def _context(channel: Channel, **extra: Any) -> dict[str, Any]:
    inspection = channel.inspection
    book = inspection.jurisdiction.rulebook
    return {
        "channel": channel,
        "inspection": inspection,
        "book": book,
        "word": book.word,
        "state": channel_state(channel),
        "office": office_contact(channel),
        "method": rules.method(book, "petition"),
        "scope": scope(inspection),
        "categories": book.problem_categories,
        "max_files": public.MAX_FILES,
        "kinds": "、".join(public.KINDS.values()),
        **extra,
    }


def _limited(request: HttpRequest, channel: Channel, exc: RateLimited) -> HttpResponse:
    return render(request, "reporting/public/limited.html", _context(channel, message=exc.message), status=429)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def report_page(request: HttpRequest, token: str) -> HttpResponse:
    channel = channel_or_404(token)
    values = {f: request.POST.get(f, "") for f in FIELDS} if request.method == "POST" else {}
    error: ServiceError | None = None
    if request.method == "POST":
        try:
            _report, code = public.public_report_submit(
                channel=channel,
                client=anonymous_client(request),
                pow_challenge=request.POST.get("pow_challenge", ""),
                pow_solution=request.POST.get("pow_solution", ""),
                files=request.FILES.getlist("files"),
                **values,
            )
        except RateLimited as exc:
            return _limited(request, channel, exc)
        except ServiceError as exc:
            error = exc
        else:
            return render(request, "reporting/public/receipt.html", _context(channel, code=codes.grouped(code)))
    return render(
        request,
        "reporting/public/report.html",
        _context(channel, values=values, error=error, challenge=pow.challenge_new(public.POW_REPORT)),
        status=400 if error else 200,
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def return_page(request: HttpRequest, token: str) -> HttpResponse:
    channel = channel_or_404(token)
    if request.method == "GET":
        return render(request, "reporting/public/return.html", _context(channel))
    client = anonymous_client(request)
    code = request.POST.get("code", "")
    body = request.POST.get("body", "")
    replied = False
    try:
        if request.POST.get("action") == "reply":
            public.public_reply_add(channel=channel, client=client, code=code, body=body)
            replied, body = True, ""
        report = public.public_report_lookup(channel=channel, client=client, code=code)
    except RateLimited as exc:
        return _limited(request, channel, exc)
    except ServiceError as exc:
        if exc.field == "code":
            return render(request, "reporting/public/return.html", _context(channel, error=exc), status=400)
        report = public.public_report_lookup(channel=channel, client=client, code=code)
        return _thread_page(request, channel, report, code, error=exc, body=body)
    return _thread_page(request, channel, report, code, replied=replied)


def _thread_page(
    request: HttpRequest,
    channel: Channel,
    report: Any,
    code: str,
    *,
    error: ServiceError | None = None,
    body: str = "",
    replied: bool = False,
) -> HttpResponse:
    messages = public.thread(report)
    return render(
        request,
        "reporting/public/thread.html",
        _context(
            channel,
            report=report,
            status=public.report_status(report),
            thread=messages,
            may_reply=public.may_reply(report, messages),
            code=codes.normalize(code),
            error=error,
            body=body,
            replied=replied,
        ),
        status=400 if error else 200,
    )
