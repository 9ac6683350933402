"""Refusal cases of the documents services (test_service_authority.py)."""

from __future__ import annotations

from typing import Any

from .authority_support import DEFAULT_DENIED, READ_DENIED, Case, W


def _session(w: W) -> Any:
    from xuncha.feedback.models import FeedbackSession

    return FeedbackSession.objects.filter(inspection=w.jdz.inspection).first()


def _document(w: W) -> Any:
    """One printed document (the receipt form: not numbered, so no letterhead is needed), made once by the office."""
    if "document" not in w.objs:
        from xuncha.documents import services

        w.objs["document"] = services.document_generate(
            actor=w.jdz.office_head, code="feedback_receipt", subject=w.jdz.inspection
        )
    return w.objs["document"]


def _office(w: W) -> dict[str, Any]:
    return {"jurisdiction": w.jdz.jurisdiction, "code": "feedback_opinions"}


CASES_DOCUMENTS: list[Case] = [
    Case(
        "documents.services.document_generate",
        lambda w: {"code": "feedback_opinions", "subject": _session(w)},
        (*DEFAULT_DENIED, "other_member", "receiver"),
    ),
    Case("documents.services.document_pdf", lambda w: {"document": _document(w)}, READ_DENIED),
    Case(
        "documents.services.template_upload",
        lambda w: _office(w) | {"content": b"PK", "original_name": "t.docx"},
        (*DEFAULT_DENIED, "office_clerk", "leader"),
    ),
    Case("documents.services.template_reset", _office, (*DEFAULT_DENIED, "office_clerk", "leader")),
    Case(
        "documents.services.letterhead_set",
        lambda w: {"jurisdiction": w.jdz.jurisdiction, "issuer": "某机关", "code": "某办", "printer": "某机关"},
        (*DEFAULT_DENIED, "office_clerk", "leader"),
    ),
]
