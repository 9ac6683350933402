"""Whether a channel's page takes reports today, and what it says when it does not.

The page is open while the team is on site (进驻了解), once the entry announcement — which publishes the team's
contacts and the period (JDZ-2017 第四十二条; NMG-2016 第三十五条) — is published, and up to the announced end of the
period (`Inspection.planned_end`). Outside that the page gives the period and the office's contacts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from xuncha.disclosures.models import Disclosure
from xuncha.inspections.models import Inspection

from .models import Channel, OfficeContact


@dataclass(frozen=True)
class ChannelState:
    open: bool
    reason: str  # why not open ("" when open)
    starts_on: datetime.date | None
    ends_on: datetime.date | None


def entry_announced(inspection: Inspection) -> bool:
    return Disclosure.objects.filter(inspection=inspection, stage="entry", status=Disclosure.Status.PUBLISHED).exists()


def channel_state(channel: Channel, *, today: datetime.date | None = None) -> ChannelState:
    inspection = channel.inspection
    today = today or timezone.localdate()
    start, end = inspection.entered_on, inspection.planned_end
    word = inspection.jurisdiction.word
    if inspection.status != Inspection.Status.ON_SITE:
        if inspection.status in (Inspection.Status.PLANNED, Inspection.Status.PREPARING):
            reason = f"{word}组尚未进驻。"
        else:
            reason = f"{word}组的进驻了解工作已经结束。"
        return ChannelState(False, reason, start, end)
    if not entry_announced(inspection):
        return ChannelState(False, "进驻公告尚未发布。", start, end)
    if end is not None and today > end:
        return ChannelState(False, f"公告的{word}时间已经结束。", start, end)
    return ChannelState(True, "", start, end)


def office_contact(channel: Channel) -> OfficeContact | None:
    return OfficeContact.objects.filter(jurisdiction_id=channel.inspection.jurisdiction_id).first()


def scope(inspection: Inspection) -> str:
    """What the team receives, in the rulebook's own words of its petition method, said of this target (as the entry
    announcement says it): “受理反映被巡察党组织领导班子…” becomes “受理反映中共乐平市委领导班子…”."""
    from xuncha.fieldwork import rules

    book = inspection.jurisdiction.rulebook
    return rules.method(book, "petition").description.replace(f"被{book.word}党组织", inspection.target.name)
