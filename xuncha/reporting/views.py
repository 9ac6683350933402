"""The team's and the office's pages of the public channel (login): an inspection's channel (link, QR code, poster),
its inbox of reports (register fields only), one report (a secret read) with its thread, and the office's contacts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from xuncha.core.anonymity import public_address, qr
from xuncha.core.errors import PermissionDeniedError
from xuncha.core.pages import attempt
from xuncha.core.visibility import viewer_for
from xuncha.fieldwork import rules
from xuncha.fieldwork.secrecy import may_read_secrets
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.models import Jurisdiction

from . import services
from .models import Channel, OfficeContact, PublicReport
from .selectors import register_rows
from .services.channels import OFFICE
from .state import channel_state, scope

if TYPE_CHECKING:
    from xuncha.accounts.models import User

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return cast("User", request.user)


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    return get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related("jurisdiction", "team__round", "target"), pk=pk
    )


def public_url(request: HttpRequest, channel: Channel) -> str:
    return public_address(reverse("reporting_public:report", args=[channel.token]), request)


def _channel_context(request: HttpRequest, inspection: Inspection) -> dict[str, Any]:
    channel = Channel.objects.visible_to(request.user).filter(inspection=inspection).first()
    book = inspection.jurisdiction.rulebook
    viewer = viewer_for(_user(request))
    context: dict[str, Any] = {
        "inspection": inspection,
        "book": book,
        "word": book.word,
        "channel": channel,
        "may_ensure": inspection.team_id in viewer.team_ids
        or inspection.jurisdiction_id in viewer.jurisdictions_with(OFFICE),
        "may_read": may_read_secrets(_user(request), inspection),
    }
    if channel is not None:
        url = public_url(request, channel)
        context |= {
            "url": url,
            "state": channel_state(channel),
            "qr": qr.svg(url, size_mm=40, title=f"{book.word}网上反映二维码"),
        }
    return context


@login_required
def channel_page(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    return render(request, "reporting/channel.html", _channel_context(request, inspection))


@login_required
@require_POST
def channel_ensure(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    attempt(
        request,
        lambda: services.channel_ensure(actor=_user(request), inspection=inspection),
        refused="未能开通",
        success="已开通网上反映渠道。",
    )
    return redirect("reporting:channel", pk=inspection.pk)


@login_required
def poster(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    context = _channel_context(request, inspection)
    if context["channel"] is None:
        return redirect("reporting:channel", pk=inspection.pk)
    context["qr"] = qr.svg(context["url"], size_mm=60, title=f"{context['word']}网上反映二维码")
    context["method"] = rules.method(context["book"], "petition")
    context["scope"] = scope(inspection)
    return render(request, "reporting/poster.html", context)


@login_required
def inbox(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    if not may_read_secrets(_user(request), inspection):
        word = inspection.jurisdiction.word
        message = f"网上来信属{word}工作秘密，只有本{word}组和{word}办负责人可以查看。"
        return render(request, "core/refused.html", {"message": message}, status=403)
    reports = register_rows(request.user).filter(inspection=inspection)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(r, services.report_status(r)) for r in page.object_list]
    context = _channel_context(request, inspection) | {
        "page": page,
        "rows": rows,
        "waiting": services.waiting_for_intake(inspection).count(),
    }
    return render(request, "reporting/inbox.html", context)


@login_required
@require_POST
def intake(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    attempt(
        request,
        lambda: services.public_reports_intake(actor=_user(request), inspection=inspection),
        refused="未能登记",
        success=lambda done: f"已登记网上来信 {len(done)} 件。",
    )
    return redirect("reporting:inbox", pk=inspection.pk)


@login_required
def report_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    try:
        report = services.public_report_read(actor=_user(request), pk=pk)
    except PermissionDeniedError as exc:
        return render(request, "core/refused.html", {"message": exc.message}, status=403)
    inspection = report.inspection
    book = inspection.jurisdiction.rulebook
    category = next((c for c in book.problem_categories if c.code == report.classification), None)
    return render(
        request,
        "reporting/report.html",
        {
            "report": report,
            "inspection": inspection,
            "book": book,
            "word": book.word,
            "category": category,
            "status": services.report_status(report),
            "thread": list(report.messages.select_related("author").order_by("position")),
            "attachments": list(report.attachments.all()),
        },
    )


@login_required
@require_POST
def ask(request: HttpRequest, pk: Any) -> HttpResponse:
    report = get_object_or_404(PublicReport.objects.visible_to(request.user).select_related("inspection"), pk=pk)
    attempt(
        request,
        lambda: services.public_question_ask(actor=_user(request), report=report, body=request.POST.get("body", "")),
        refused="未能提问",
        success="已提问；反映人凭回执码可以看到。",
    )
    return redirect("reporting:report", pk=report.pk)


@login_required
def attachment(request: HttpRequest, pk: Any) -> HttpResponse | FileResponse:
    try:
        opened = services.public_attachment_open(actor=_user(request), pk=pk)
    except PermissionDeniedError as exc:
        return render(request, "core/refused.html", {"message": exc.message}, status=403)
    return FileResponse(opened.file.open("rb"), as_attachment=True, filename=opened.original_name)


@login_required
def office_contacts(request: HttpRequest) -> HttpResponse:
    mine = viewer_for(_user(request)).jurisdictions_with(OFFICE)
    if not mine:
        return render(
            request, "core/refused.html", {"message": "只有办公室负责人和工作人员可以设置对外联系方式。"}, status=403
        )
    raw = request.POST.get("j") or request.GET.get("j") or ""
    jurisdiction = Jurisdiction.objects.get(pk=int(raw) if raw.isdigit() and int(raw) in mine else mine[0])
    if request.method == "POST":
        done = attempt(
            request,
            lambda: services.office_contact_set(
                actor=_user(request),
                jurisdiction=jurisdiction,
                phone=request.POST.get("phone", ""),
                mailbox=request.POST.get("mailbox", ""),
                address=request.POST.get("address", ""),
            ),
            refused="未能保存",
            success="已保存。",
        )
        if done:
            return redirect(f"{reverse('reporting:office')}?j={jurisdiction.pk}")
    return render(
        request,
        "reporting/office.html",
        {
            "jurisdiction": jurisdiction,
            "jurisdictions": Jurisdiction.objects.filter(pk__in=mine),
            "contact": OfficeContact.objects.filter(jurisdiction=jurisdiction).first(),
            "word": jurisdiction.word,
        },
    )
