"""Informant protection: whoever reported a matter stays in the source record (a petition's sender, a talk's
interviewee). Only the office head may give that identity to the receiver a clue was transferred to, with a stated
reason; the receiver's reads of it are events; and the office head can see everyone who has opened it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xuncha.audit.actions import SECRET_READ
from xuncha.audit.models import Event
from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, check_past_date, full_clean_or_raise
from xuncha.core.locking import lock_row
from xuncha.core.visibility import viewer_for

from ..actions import INFORMANT_RELEASED
from ..models import ClueSource, InformantRelease

if TYPE_CHECKING:
    from xuncha.accounts.models import User
    from xuncha.registry.models import Organization

IDENTITY_KINDS = (ClueSource.Kind.PETITION, ClueSource.Kind.TALK)


def _require_office_head(actor: User | None, source: ClueSource, *, what: str) -> None:
    clue = source.clue
    if actor is not None and viewer_for(actor).has_role(clue.jurisdiction_id, "office_head"):
        return
    office = clue.jurisdiction.rulebook.body("office").name
    book = clue.jurisdiction.rulebook
    raise PermissionDeniedError(
        f"只有{office}负责人可以{what}（反映人身份属{clue.jurisdiction.word}工作秘密，{book.short_title}{book.clues.informant_article}）。",
        article=book.clues.informant_article,
    )


def informant_release(
    *, actor: User, source: ClueSource, receiver: Organization, reason: str, released_on: datetime.date
) -> InformantRelease:
    with transaction.atomic():
        source = lock_row(source)
        clue = source.clue
        _require_office_head(actor, source, what="向接收单位提供反映人身份")
        if source.kind not in IDENTITY_KINDS:
            raise ServiceError("只有来信来电来访和个别谈话的来源记有反映人身份", field="source")
        if source.kind == ClueSource.Kind.PETITION and source.petition is not None and source.petition.anonymous:
            raise ServiceError("匿名反映没有登记反映人身份，无可提供", field="source")
        transfer = clue.transfer
        if transfer is None or transfer.status != "completed" or transfer.receiver_id != receiver.pk:
            raise ServiceError(
                f"{clue}未完成向{receiver}的移交：反映人身份只能提供给已接收该线索的单位", field="receiver"
            )
        if not reason.strip():
            raise ServiceError("请写明提供反映人身份的理由", field="reason")
        check_past_date(
            released_on, field="released_on", label="提供日期", not_before=transfer.receiver_signed_on, after="移交"
        )
        release = InformantRelease(
            source=source, receiver=receiver, reason=reason.strip(), released_on=released_on, released_by=actor
        )
        full_clean_or_raise(release)
        release.save()
        event_record(
            actor=actor,
            action=INFORMANT_RELEASED,
            obj=release,
            jurisdiction=clue.jurisdiction,
            inspection=clue.inspection,
            after={"source": source.pk, "receiver": receiver.pk, "clue": clue.pk},
            article=clue.jurisdiction.rulebook.clues.informant_article,
            occurred_on=released_on,
        )
    return release


def informant_identity(*, actor: User, release: InformantRelease) -> dict[str, str]:
    """The released identity, for the named receiver's contact (or the office head); the read is a `secret.read`
    event on the source record, so it shows on the office head's page."""
    viewer = viewer_for(actor)
    source = release.source
    clue = source.clue
    if release.receiver_id not in viewer.receiver_org_ids and not viewer.has_role(clue.jurisdiction_id, "office_head"):
        raise PermissionDeniedError(f"反映人身份只提供给{release.receiver}，您无权查阅。")
    record = source.record
    if source.kind == ClueSource.Kind.PETITION:
        identity = {"name": record.petitioner_name, "contact": record.petitioner_contact}
    else:
        identity = {"name": record.interviewee, "contact": ""}
    with transaction.atomic():
        event_record(
            actor=actor,
            action=SECRET_READ,
            obj=record,
            jurisdiction=clue.jurisdiction,
            inspection=clue.inspection,
            after={"release": release.pk},
        )
    return identity


@dataclass(frozen=True)
class Seen:
    occurred_on: datetime.date
    at: Any
    who: str
    what: str


def informant_seen_by(*, actor: User, source: ClueSource) -> list[Seen]:
    """Every opening of the source record that holds the identity, and every release of it: who and when."""
    _require_office_head(actor, source, what="查看谁看过反映人身份")
    record = source.record
    opened = Event.objects.filter(
        action=SECRET_READ.code, object_type=record._meta.label_lower, object_id=str(record.pk)
    ).order_by("seq")
    released = Event.objects.filter(
        action=INFORMANT_RELEASED.code, object_type="clues.informantrelease", after__source=source.pk
    ).order_by("seq")
    rows = [Seen(e.occurred_on, e.created_at, e.actor_name, "查阅原记录（含反映人身份）") for e in opened]
    rows += [Seen(e.occurred_on, e.created_at, e.actor_name, "批准向接收单位提供反映人身份") for e in released]
    return sorted(rows, key=lambda r: r.at)
