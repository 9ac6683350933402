"""The secret material of the public's channel: a report's reporter (name, phone), whom it is about, what it says
and the reporter's replies — like a petition's (巡察工作秘密). Taken into the register, the content moves into the
petition (fieldwork's kind covers it there); the replies stay here."""

from __future__ import annotations

from collections.abc import Iterator

from xuncha.audit.secrecy import SECRET_KINDS, Secret, SecretKind

from .models import PublicMessage, PublicReport


def report_texts(ids: list[int]) -> Iterator[Secret]:
    record = "网上来信"
    for name, phone, about, content in PublicReport.objects.filter(inspection_id__in=ids).values_list(
        "name", "phone", "about", "content"
    ):
        yield Secret(record, record, "反映人姓名", name, True)
        yield Secret(record, record, "反映人电话", phone, True)
        yield Secret(record, record, "被反映人或事项", about, True)
        yield Secret(record, record, "反映内容", content, False)
    for body in PublicMessage.objects.filter(report__inspection_id__in=ids, from_team=False).values_list(
        "body", flat=True
    ):
        yield Secret(record, record, "反映人答复", body, False)


SECRET_KINDS.register(
    SecretKind(
        "网上来信",
        ("reporting.PublicReport", "reporting.PublicMessage", "reporting.PublicAttachment"),
        report_texts,
    ),
    key="reporting.public_report",
)
