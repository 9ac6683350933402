"""An inspection whose public page is open today: on site since a few days ago, the entry announcement published,
the announced period running for weeks yet."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from xuncha.conftest import Side, put_on_site
from xuncha.core.anonymity import pow
from xuncha.disclosures.models import Disclosure
from xuncha.disclosures.services import disclosure_approve, disclosure_publish
from xuncha.reporting.models import Channel, PublicReport
from xuncha.reporting.services import public_report_submit

CLIENT = "0123456789abcdef"


def today() -> datetime.date:
    return timezone.localdate()


def open_channel(side: Side, inspection: Any = None, *, announce: bool = True) -> Channel:
    inspection = inspection or side.inspection
    entered = today() - datetime.timedelta(days=40)
    put_on_site(side, inspection, entered_on=entered)
    inspection.refresh_from_db()
    inspection.planned_end = today() + datetime.timedelta(days=20)
    inspection.save(update_fields=["planned_end"])
    if announce:
        d = Disclosure.objects.get(inspection=inspection, stage="entry")
        d = disclosure_approve(actor=side.office_head, disclosure=d, approved_on=entered)
        disclosure_publish(actor=side.office_head, disclosure=d, published_on=entered)
    return Channel.objects.select_related("inspection__jurisdiction").get(inspection=inspection)


def solved(purpose: str = "report") -> dict[str, str]:
    challenge = pow.challenge_new(purpose)
    return {"pow_challenge": challenge, "pow_solution": pow.solve(challenge)}


def submit(channel: Channel, *, client: str = CLIENT, **fields: Any) -> tuple[PublicReport, str]:
    fields.setdefault("content", "某局长在工程招标中打招呼，要求照顾某公司。")
    return public_report_submit(channel=channel, client=client, **solved(), **fields)  # type: ignore[arg-type]


def age(report: PublicReport, days: int = 1) -> None:
    """As if the report had come in `days` earlier (the intake takes in reports of earlier days)."""
    PublicReport.objects.filter(pk=report.pk).update(submitted_on=report.submitted_on - datetime.timedelta(days=days))


def pdf(name: str = "a.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")
