"""`{% feedback_section inspection %}`: the feedback entry on an inspection's page.

Everyone who sees the inspection sees it; the consent and the 通报 are counted only for the team and oversight."""

from __future__ import annotations

from typing import Any

from django import template

from xuncha.feedback import rules, selectors
from xuncha.feedback.models import CirculatedNotice, FeedbackConsent, FeedbackSession, ReceiptSignature

register = template.Library()


@register.inclusion_tag("feedback/_inspection_section.html", takes_context=True)
def feedback_section(context: Any, inspection: Any) -> dict[str, Any]:
    user = context["request"].user
    book = inspection.jurisdiction.rulebook
    working = selectors.sees_working_material(user, inspection)
    sessions = FeedbackSession.objects.visible_to(user).filter(inspection=inspection).order_by("held_on", "pk")
    form = rules.receipt_form(book)
    return {
        "inspection": inspection,
        "book": book,
        "article": rules.feedback_article(book),
        "approval_body": rules.approval_body(book) if working else None,
        "consent": FeedbackConsent.objects.visible_to(user).filter(inspection=inspection).first() if working else None,
        "sessions": list(sessions),
        "circulated_notice_count": CirculatedNotice.objects.visible_to(user).filter(inspection=inspection).count()
        if working
        else None,
        "form_spec": form,
        "signature_count": ReceiptSignature.objects.visible_to(user).filter(inspection=inspection).count()
        if form
        else 0,
    }
