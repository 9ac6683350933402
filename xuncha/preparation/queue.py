"""Work-queue items of preparation (情况了解公函: JDZ-2017 第二十六条, NMG-2016 第二十四条), with the authority of
preparation/services.py: the office sends the letters the team drafted (`information_request_send`: `_require_office`)
and records what the agencies provided (`information_request_answer`), the latter with the provision deadline the
rulebook calls “及时” (JDZ-2017) and the office's reminder. The contact of the agency a letter is addressed to (an
`agency_contact` of that organization) has the letter to answer on its own queue (`information_request_answer`:
`_require_office_or_addressee`), with the same deadline."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from xuncha.core.visibility import Viewer
from xuncha.inspections.models import Inspection
from xuncha.obligations.queue import QueueItem, office_jurisdictions, open_obligations, provider, queue_item

from .models import InformationRequest
from .services import ANSWER_STAGES, SEND_STAGES
from .sources import INFORMATION_PROVISION, information_source


@provider
def letters(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    offices = office_jurisdictions(viewer)
    if not offices:
        return
    to_send = (
        Inspection.objects.filter(jurisdiction_id__in=offices, status__in=SEND_STAGES)
        .annotate(drafts=Count("information_requests", filter=Q(information_requests__status="draft")))
        .filter(drafts__gt=0)
        .select_related("jurisdiction", "team__round__jurisdiction", "target")
        .order_by("pk")
    )
    for drafted in to_send:
        book = drafted.jurisdiction.rulebook
        yield QueueItem(
            kind="info_request.send",
            title=f"发出情况了解公函（{drafted.drafts}份待发）",
            subject=str(drafted),
            url=reverse("preparation:page", args=[drafted.pk]),
            jurisdiction_id=drafted.jurisdiction_id,
            article=book.information_sources[0].article if book.information_sources else "",
        )
    sent, deadlines = _letters_awaiting_answer(inspection__jurisdiction_id__in=offices)
    for request in sent:
        inspection = request.inspection
        book = inspection.jurisdiction.rulebook
        item = information_source(book, request.source)
        agency = request.agency.name if request.agency else (item.agency if item else request.source)
        yield queue_item(
            kind="info_request.answer",
            title="登记有关单位提供的情况",
            subject=f"{inspection} · {agency}（{request.letter_number}）",
            url=reverse("preparation:page", args=[inspection.pk]),
            jurisdiction_id=inspection.jurisdiction_id,
            since=request.sent_on,
            article=item.article if item else "",
            obligation=deadlines.get((INFORMATION_PROVISION, str(request.pk))),
            book=book,
        )


@provider
def letters_to_answer(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    """The letters sent to the agencies this user answers for, not answered yet."""
    if not viewer.agency_org_ids:
        return
    sent, deadlines = _letters_awaiting_answer(agency_id__in=sorted(viewer.agency_org_ids))
    for request in sent:
        inspection = request.inspection
        book = inspection.jurisdiction.rulebook
        item = information_source(book, request.source)
        yield queue_item(
            kind="info_request.reply",
            title="答复情况了解公函（提供情况）",
            subject=f"{request.agency} · {request.letter_number}：了解{inspection.target}领导班子及其成员的有关情况",
            url=reverse("preparation:letter", args=[request.pk]),
            jurisdiction_id=inspection.jurisdiction_id,
            since=request.sent_on,
            article=item.article if item else "",
            obligation=deadlines.get((INFORMATION_PROVISION, str(request.pk))),
            book=book,
        )


def _letters_awaiting_answer(**where: Any) -> tuple[list[InformationRequest], dict[Any, Any]]:
    """Sent letters not answered yet, of inspections still in a stage that takes answers (filtered by `where`), and
    their open deadlines by (rule, letter id)."""
    sent = list(
        InformationRequest.objects.filter(
            inspection__status__in=ANSWER_STAGES, status=InformationRequest.Status.SENT, **where
        )
        .select_related("inspection__jurisdiction", "inspection__team__round__jurisdiction", "inspection__target")
        .select_related("agency")
        .order_by("sent_on", "pk")
    )
    deadlines = open_obligations(
        subject_type="preparation.informationrequest",
        subject_ids=[r.pk for r in sent],
        rule_codes=[INFORMATION_PROVISION],
    )
    return sent, deadlines
