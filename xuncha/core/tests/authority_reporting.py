"""Refusal cases of the public channel's services and fieldwork's online petitions (test_service_authority.py)."""

from __future__ import annotations

from typing import Any

from .authority_support import DEFAULT_DENIED, READ_DENIED, Case, D, W


def _report(w: W) -> Any:
    """A report to the jdz inspection's channel, written as the public page writes it (the page itself is closed in
    this world: the inspection is past its period)."""
    if "public_report" not in w.objs:
        from django.core.files.base import ContentFile

        from xuncha.core.anonymity import codes
        from xuncha.reporting.models import Channel, PublicAttachment, PublicReport

        channel = Channel.objects.get(inspection=w.jdz.inspection)
        report = PublicReport.objects.create(
            channel=channel,
            inspection=w.jdz.inspection,
            receipt_hash=codes.receipt_hash(codes.new_receipt_code(), scope=channel.token),
            submitted_on=D(2026, 3, 20),
            content="反映内容",
        )
        attachment = PublicAttachment(report=report, original_name="a.txt", kind="txt", size=4, sha256="0" * 64)
        attachment.file.save("a.txt", ContentFile(b"text"), save=False)
        attachment.save()
        w.objs["public_report"], w.objs["public_attachment"] = report, attachment
    return w.objs["public_report"]


def _attachment(w: W) -> Any:
    _report(w)
    return w.objs["public_attachment"]


TEAM_ONLY = (*DEFAULT_DENIED, "office_clerk", "office_head", "other_member", "unit_contact")

CASES_REPORTING: list[Case] = [
    Case(
        "fieldwork.services.petition_register_online",
        lambda w: {
            "inspection": w.jdz.inspection,
            "received_on": D(2026, 3, 20),
            "about": "某人",
            "classification": "",
            "content": "内容",
        },
        (*DEFAULT_DENIED, "office_clerk", "other_member", "unit_contact"),
    ),
    Case(
        "reporting.services.channel_ensure",
        lambda w: {"inspection": w.jdz.inspection},
        (*DEFAULT_DENIED, "other_member", "unit_contact", "receiver"),
    ),
    Case(
        "reporting.services.office_contact_set",
        lambda w: {"jurisdiction": w.jdz.jurisdiction, "phone": "0798-0000000"},
        (*DEFAULT_DENIED, "leader", "member", "unit_contact"),
    ),
    Case("reporting.services.public_report_read", lambda w: {"pk": _report(w).pk}, (*READ_DENIED, "office_clerk")),
    Case(
        "reporting.services.public_attachment_open",
        lambda w: {"pk": _attachment(w).pk},
        (*READ_DENIED, "office_clerk"),
    ),
    Case("reporting.services.public_question_ask", lambda w: {"report": _report(w), "body": "请补充。"}, TEAM_ONLY),
    Case("reporting.services.public_reports_intake", lambda w: {"inspection": w.jdz.inspection}, TEAM_ONLY),
]
