"""The channel of an inspection and the office's contacts: the team's and the office's writes."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from xuncha.audit.services import event_record
from xuncha.core.anonymity import codes
from xuncha.core.errors import PermissionDeniedError, ServiceError, full_clean_or_raise
from xuncha.core.visibility import viewer_for
from xuncha.fieldwork import rules
from xuncha.inspections.locking import lock_inspection
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.models import Jurisdiction

from ..actions import CHANNEL_OPENED, OFFICE_CONTACT_SET
from ..models import Channel, OfficeContact

if TYPE_CHECKING:
    from xuncha.accounts.models import User

OFFICE = frozenset({"office_head", "office_staff"})


def _open_channel(*, actor: User | None, inspection: Inspection, on: datetime.date) -> Channel:
    """The inspection's channel, opened now if it has none (inside the caller's transaction and authority)."""
    existing = Channel.objects.filter(inspection=inspection).first()
    if existing is not None:
        return existing
    channel = Channel(inspection=inspection, token=codes.new_token(), created_on=on)
    full_clean_or_raise(channel)
    channel.save()
    event_record(
        actor=actor,
        action=CHANNEL_OPENED,
        obj=channel,
        inspection=inspection,
        jurisdiction=inspection.jurisdiction,
        article=rules.method(inspection.jurisdiction.rulebook, "petition").article,
        occurred_on=on,
    )
    return channel


def _require_team_or_office(actor: User, inspection: Inspection, *, what: str) -> None:
    viewer = viewer_for(actor)
    if inspection.team_id in viewer.team_ids or inspection.jurisdiction_id in viewer.jurisdictions_with(OFFICE):
        return
    word = inspection.jurisdiction.word
    raise PermissionDeniedError(f"只有本{word}组成员或{word}办可以{what}。")


def channel_ensure(*, actor: User, inspection: Inspection) -> Channel:
    """The channel of an inspection that entered before channels existed (the team or the office; once entered)."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        _require_team_or_office(actor, inspection, what="开通网上反映渠道")
        if inspection.status in (Inspection.Status.PLANNED, Inspection.Status.PREPARING, Inspection.Status.WITHDRAWN):
            article = rules.entry_article(inspection.jurisdiction.rulebook)
            raise ServiceError(
                f"{inspection.jurisdiction.word}组进驻后才开通网上反映渠道（{article}）",
                field="inspection",
                article=article,
            )
        return _open_channel(actor=actor, inspection=inspection, on=timezone.localdate())


def office_contact_set(
    *, actor: User, jurisdiction: Jurisdiction, phone: str, mailbox: str = "", address: str = ""
) -> OfficeContact:
    """How the public reaches the office outside an announced period: the office head or staff set it."""
    with transaction.atomic():
        if jurisdiction.pk not in viewer_for(actor).jurisdictions_with(OFFICE):
            word = jurisdiction.word
            raise PermissionDeniedError(f"只有{word}办负责人和工作人员可以设置{word}办的对外联系方式。")
        phone, mailbox, address = phone.strip(), mailbox.strip(), address.strip()
        if not (phone or mailbox or address):
            raise ServiceError("请至少填写电话、信箱或地址中的一项", field="phone")
        contact = OfficeContact.objects.select_for_update().filter(jurisdiction=jurisdiction).first()
        before = None
        if contact is None:
            contact = OfficeContact(jurisdiction=jurisdiction)
        else:
            before = {"phone": contact.phone, "mailbox": contact.mailbox, "address": contact.address}
        contact.phone, contact.mailbox, contact.address = phone, mailbox, address
        full_clean_or_raise(contact)
        contact.save()
        event_record(
            actor=actor,
            action=OFFICE_CONTACT_SET,
            obj=contact,
            jurisdiction=jurisdiction,
            before=before,
            after={"phone": phone, "mailbox": mailbox, "address": address},
        )
    return contact
