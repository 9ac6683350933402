"""The demo's official documents: each office's letterhead (发文机关标志, 代字, 印发机关 — its own setting) and the
documents its records already allow: the letters of the sent information requests, the feedback opinions, and the
JDZ receipt form where the feedback was given. Generated through the documents service, as an office would."""

from __future__ import annotations

from xuncha.accounts.models import User
from xuncha.documents import services
from xuncha.feedback.models import FeedbackSession
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.models import Jurisdiction
from xuncha.preparation.models import InformationRequest

LETTERHEADS = {
    "jdz": ("中共景德镇市委巡察工作领导小组办公室", "景巡办", "中共景德镇市委巡察工作领导小组办公室"),
    "nmg": ("中共内蒙古自治区委员会巡视工作领导小组办公室", "内巡办", "自治区党委巡视工作领导小组办公室"),
}


def load_documents() -> None:
    for code, (issuer, short, printer) in LETTERHEADS.items():
        jurisdiction = Jurisdiction.objects.get(code=code)
        head = User.objects.get(username=f"{code}_office_head")
        services.letterhead_set(actor=head, jurisdiction=jurisdiction, issuer=issuer, code=short, printer=printer)
        for request in InformationRequest.objects.filter(inspection__jurisdiction=jurisdiction).exclude(status="draft")[
            :2
        ]:
            services.document_generate(actor=head, code="information_request_letter", subject=request)
        for session in FeedbackSession.objects.filter(inspection__jurisdiction=jurisdiction):
            services.document_generate(actor=head, code="feedback_opinions", subject=session)
        if jurisdiction.rulebook.document("feedback_receipt"):
            for inspection in Inspection.objects.filter(jurisdiction=jurisdiction, feedback_given_on__isnull=False):
                services.document_generate(actor=head, code="feedback_receipt", subject=inspection)
