"""Pages: an inspection's feedback (consent, the two sessions, 通报) and the printable receipt with its signature forms.

Reads go through visible_to: the inspected unit's contact opens the pages of its own unit and sees the sessions'
opinions and the problems fed back, and the receipt; never the consent, the 通报 or the findings themselves. Writes go
through the services, whose refusals are shown as they are."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xuncha.accounts.models import User
from xuncha.core.pages import attempt
from xuncha.inspections.models import Inspection

from . import rules, selectors, services
from .forms import CirculatedNoticeForm, ConsentForm, SessionForm, SignatureForm
from .models import CirculatedNotice, FeedbackConsent, FeedbackSession

_NUMERALS = dict(enumerate("一二三四五六七八九十", start=1))


def _errors(form: Any) -> str:
    return "；".join(str(e) for errs in form.errors.values() for e in errs)


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    return get_object_or_404(selectors.visible_inspections(cast("User", request.user)), pk=pk)


def _context(request: HttpRequest, inspection: Inspection) -> dict[str, Any]:
    book = inspection.jurisdiction.rulebook
    return {
        "inspection": inspection,
        "book": book,
        "article": rules.feedback_article(book),
        "approval_body": rules.approval_body(book),
        "form_spec": rules.receipt_form(book),
        "can_record": selectors.may_record(cast("User", request.user), inspection),
        "is_office": selectors.is_office(cast("User", request.user), inspection),
        "working": selectors.sees_working_material(cast("User", request.user), inspection),
    }


@login_required
def feedback_page(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    ctx = _context(request, inspection)
    sessions = list(
        FeedbackSession.objects.visible_to(request.user)
        .filter(inspection=inspection)
        .select_related("given_by", "inspection__jurisdiction")
        .order_by("held_on", "pk")
    )
    problems = selectors.problems_of(sessions)
    held = {s.audience for s in sessions}
    today = timezone.localdate()
    consent = circulated_notices = None
    if ctx["working"]:
        consent = FeedbackConsent.objects.visible_to(request.user).filter(inspection=inspection).first()
        circulated_notices = CirculatedNotice.objects.visible_to(request.user).filter(inspection=inspection)
    open_stage = inspection.status == Inspection.Status.REPORTING and inspection.results_decided_on is not None
    return render(
        request,
        "feedback/page.html",
        ctx
        | {
            "sessions": [(s, problems.get(s.pk, [])) for s in sessions],
            "missing": [a for a in FeedbackSession.Audience if a.value not in held],
            "open_stage": open_stage,
            "consent": consent,
            "circulated_notices": circulated_notices,
            "consent_form": ConsentForm(initial={"consented_on": today}),
            "circulated_notice_form": CirculatedNoticeForm(initial={"notified_on": today}),
        },
    )


@login_required
def session_new(request: HttpRequest, pk: int, audience: str) -> HttpResponse:
    inspection = _inspection(request, pk)
    if audience not in FeedbackSession.Audience.values:
        raise Http404
    ctx = _context(request, inspection)
    if not ctx["can_record"]:
        return render(
            request,
            "core/refused.html",
            {"message": f"只有本{inspection.jurisdiction.word}组组长或办公室可以记录反馈（{ctx['article']}）。"},
            status=403,
        )
    form = SessionForm(
        request.POST or None,
        initial={"held_on": timezone.localdate()},
        inspection=inspection,
        user=cast("User", request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        giver = User.objects.filter(pk=form.giver_id()).first()
        done = attempt(
            request,
            lambda: services.feedback_session_hold(
                actor=cast("User", request.user),
                inspection=inspection,
                audience=audience,
                held_on=data["held_on"],
                given_by=giver,
                attendees=data["attendees"],
                opinions=data["opinions"],
                findings=form.chosen_findings(),
            ),
            form=form,
            success=f"已记录向{FeedbackSession.Audience(audience).label}反馈。",
        )
        if done:
            return redirect("feedback:page", pk=pk)
    return render(
        request,
        "feedback/session_form.html",
        ctx | {"form": form, "audience": FeedbackSession.Audience(audience)},
    )


@login_required
@require_POST
def consent_record(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "未登记：" + _errors(form))
        return redirect("feedback:page", pk=pk)
    attempt(
        request,
        lambda: services.feedback_consent_record(
            actor=cast("User", request.user), inspection=inspection, **form.cleaned_data
        ),
        success="已登记同意反馈。",
        refused="未登记",
    )
    return redirect("feedback:page", pk=pk)


@login_required
@require_POST
def circulated_notice_record(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    form = CirculatedNoticeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "未记录通报：" + _errors(form))
        return redirect("feedback:page", pk=pk)
    attempt(
        request,
        lambda: services.circulated_notice_record(
            actor=cast("User", request.user), inspection=inspection, **form.cleaned_data
        ),
        success=f"已记录通报{form.cleaned_data['recipient']}。",
        refused="未记录通报",
    )
    return redirect("feedback:page", pk=pk)


@login_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    ctx = _context(request, inspection)
    if ctx["form_spec"] is None:
        raise Http404(f"《{ctx['book'].short_title}》没有规定反馈材料签收单")
    lines = selectors.receipt_lines(cast("User", request.user), inspection, ctx["book"])
    today = timezone.localdate()
    forms = {
        line.role: SignatureForm(initial={"signed_on": today, "name": line.prefill}, prefix=line.role)
        for line in lines
        if line.can_sign
    }
    return render(
        request,
        "feedback/receipt.html",
        ctx
        | {
            "lines": [(line, forms.get(line.role)) for line in lines],
            "ready": inspection.feedback_given_on,
            "copies_label": (
                f"一式{_NUMERALS.get(ctx['form_spec'].copies, ctx['form_spec'].copies)}份"
                if ctx["form_spec"].copies
                else ctx["form_spec"].copies_label  # the text does not say how many: one copy is printed
            ),
            "copies": _copies(ctx["form_spec"]),
            "unit_role_name": next(
                (line.role_name for line in lines if line.role == rules.receiving_role(ctx["form_spec"])), ""
            ),
        },
    )


def _copies(form: Any) -> list[dict[str, Any]]:
    """One entry per printed copy (一式N份), each with who keeps it (the rulebook's `copy_holders`)."""
    count = form.copies or 1
    holders = list(form.copy_holders) or [""] * count
    return [
        {"n": n, "numeral": _NUMERALS.get(n, str(n)), "holder": holder}
        for n, holder in enumerate(holders[:count], start=1)
    ]


@login_required
@require_POST
def receipt_sign(request: HttpRequest, pk: int, role: str) -> HttpResponse:
    inspection = _inspection(request, pk)
    form = SignatureForm(request.POST, prefix=role)
    if not form.is_valid():
        messages.error(request, "未签字：" + _errors(form))
        return redirect("feedback:receipt", pk=pk)

    def signed(signature: Any) -> str:
        inspection.refresh_from_db(fields=["receipt_signed_on"])
        complete, _ = selectors.receipt_complete(inspection)
        done = (
            f"；被{inspection.jurisdiction.word}单位已于 {inspection.receipt_signed_on} 签收反馈意见"
            if (inspection.receipt_signed_on)
            else ""
        )
        done += "；签收单各方均已签字" if complete else ""
        return f"已登记 {signature.name} 的签字{done}。"

    attempt(
        request,
        lambda: services.feedback_receipt_sign(
            actor=cast("User", request.user),
            inspection=inspection,
            role=role,
            signed_on=form.cleaned_data["signed_on"],
            name=form.cleaned_data["name"],
        ),
        success=signed,
        refused="未签字",
    )
    return redirect("feedback:receipt", pk=pk)
