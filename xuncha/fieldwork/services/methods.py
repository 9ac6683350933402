"""Writes on working-method records (了解情况方式): recording, approval, assistance requests.
Each is one transaction with its event."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, full_clean_or_raise
from xuncha.core.locking import lock_row
from xuncha.core.visibility import viewer_for
from xuncha.inspections.locking import lock_inspection
from xuncha.inspections.models import Inspection

from .. import rules
from ..actions import (
    FIELDWORK_APPROVED,
    FIELDWORK_ASSISTANCE_SENT,
    FIELDWORK_RECORDED,
)
from ..models import FieldworkRecord
from ..secrecy import may_read_secrets, secret_read, secret_readers_q
from .guards import _check_day, _require_on_site, _require_recorder

if TYPE_CHECKING:
    from xuncha.accounts.models import User


# -- working methods ------------------------------------------------------------------------------------------------
def fieldwork_record_create(
    *,
    actor: User,
    inspection: Inspection,
    method: str,
    held_on: datetime.date,
    summary: str,
    place: str = "",
    participants: str = "",
    details: dict[str, Any] | None = None,
    approved_on: datetime.date | None = None,
    approval_basis: str = "",
) -> FieldworkRecord:
    """Record one use of a working method. Methods with their own record (talks, petitions, document retrievals)
    are refused here. A method the rulebook puts under someone's approval (e.g. 市委批准的其他方式) is recorded
    with that approval; an assistance request may get it later, before it is sent."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        wm = rules.method(book, method)
        if wm.code in rules.OWN_RECORDS:
            raise ServiceError(
                f"{rules.method_label(wm)}（{wm.article}）有专门的{rules.OWN_RECORDS[wm.code]}，请在那里登记",
                field="method",
                article=wm.article,
                code="own_record",
            )
        # A method whose record names an informant is secret material: the team records it, as it does petitions.
        _require_recorder(actor, inspection, what=f"记录{wm.name}", secret=rules.has_secret_details(wm.code))
        _require_on_site(inspection, what=f"记录{wm.name}")
        _check_day(held_on, inspection=inspection, field="held_on", label="日期")
        clean = rules.clean_details(book, wm, details)
        record = FieldworkRecord(
            inspection=inspection,
            method=wm.code,
            held_on=held_on,
            place=place.strip(),
            participants=participants.strip(),
            summary=summary.strip(),
            details=clean,
            recorded_by=actor,
        )
        if approved_on is not None or approval_basis.strip():
            _set_approval(record, wm=wm, book=book, approved_on=approved_on, basis=approval_basis)
        elif wm.approval_by and wm.code != "assistance_request":
            article = rules.approval_article(book, wm, clean)
            body = rules.approval_body_name(book, wm)
            raise ServiceError(
                f"{rules.method_label(wm)}须经{body}批准（{article}）；请登记批准日期和依据",
                field="approved_on",
                article=article,
                code="approval_required",
            )
        full_clean_or_raise(record)
        record.save()
        event_record(
            actor=actor,
            action=FIELDWORK_RECORDED,
            obj=record,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"method": wm.code, "held_on": held_on, "approved_on": record.approved_on},
            article=wm.article,
            occurred_on=held_on,
        )
    return record


def fieldwork_record_read(*, actor: User, pk: int) -> FieldworkRecord:
    """Open one fieldwork record. Its secret details (the informant of 询问知情人) are shown only to the inspection's
    team and the office head, through the secrecy door: that read is a `secret.read` event, which never holds the
    content, and the returned record has `secret_revealed` set. Others who may read fieldwork material (office staff,
    the leading group, the five-member group, auditors) get the record with the secret withheld, and no event."""
    record = (
        FieldworkRecord.objects.visible_to(actor)
        .select_related(
            "inspection__jurisdiction", "inspection__team__round__jurisdiction", "inspection__target", "recorded_by"
        )
        .filter(pk=pk)
        .first()
    )
    if record is None:
        raise PermissionDeniedError(f"了解工作记录 #{pk} 不存在或无权查看")
    hidden = rules.secret_detail_keys(record.method) & set(record.details or {})
    if not hidden or not may_read_secrets(actor, record.inspection):
        return record
    book = record.inspection.jurisdiction.rulebook
    secret_read(
        actor=actor,
        queryset=FieldworkRecord.objects.filter(secret_readers_q(viewer_for(actor))),
        pk=record.pk,
        refusal=f"知情人属{book.word}工作秘密，只有本{book.word}组和{book.word}办主任可以查阅"
        f"（{rules.secrecy_article(book)}）。",
    )
    record.secret_revealed = True
    return record


def _set_approval(
    record: FieldworkRecord, *, wm: Any, book: Any, approved_on: datetime.date | None, basis: str
) -> None:
    article = rules.approval_article(book, wm, record.details) if wm.approval_by else wm.article
    if not wm.approval_by:
        raise ServiceError(
            f"《{book.short_title}》对{rules.method_label(wm)}没有规定须经批准（{wm.article}），无需登记批准",
            field="approved_on",
            article=wm.article,
        )
    if approved_on is None or not basis.strip():
        raise ServiceError(
            f"登记{rules.approval_body_name(book, wm)}的批准须同时填写批准日期和依据（{article}）",
            field="approved_on" if approved_on is None else "approval_basis",
            article=article,
        )
    if approved_on > timezone.localdate():
        raise ServiceError("批准日期不能晚于今天", field="approved_on")
    record.approved_on = approved_on
    record.approval_basis = basis.strip()
    record.approval_body = rules.approval_body_name(book, wm)


def _locked_record(record: FieldworkRecord) -> FieldworkRecord:
    return lock_row(record, "inspection__jurisdiction")


def fieldwork_record_approve(
    *, actor: User, record: FieldworkRecord, approved_on: datetime.date, approval_basis: str
) -> FieldworkRecord:
    """Register the approval the rulebook requires for the method (JDZ-2017 第二十九条: requests to courts,
    procuratorates and police go through the office with the leading group's consent)."""
    with transaction.atomic():
        inspection = lock_inspection(record.inspection)
        record = _locked_record(record)
        book = inspection.jurisdiction.rulebook
        wm = rules.method(book, record.method)
        _require_recorder(actor, inspection, what="登记批准")
        if not wm.approval_by:
            raise ServiceError(
                f"《{book.short_title}》对{rules.method_label(wm)}没有规定须经批准（{wm.article}），无需登记批准",
                field="approved_on",
                article=wm.article,
            )
        _require_on_site(inspection, what="登记批准")
        if record.approved_on is not None:
            raise ServiceError(
                f"已于 {record.approved_on} 登记{record.approval_body}的批准", field="approved_on", article=wm.article
            )
        if record.sent_on is not None:
            raise ServiceError(f"已于 {record.sent_on} 提请，不能再登记批准", field="approved_on")
        _set_approval(record, wm=wm, book=book, approved_on=approved_on, basis=approval_basis)
        full_clean_or_raise(record)
        record.save(update_fields=["approved_on", "approval_basis", "approval_body"])
        event_record(
            actor=actor,
            action=FIELDWORK_APPROVED,
            obj=record,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={
                "method": wm.code,
                "approved_on": approved_on,
                "approval_body": record.approval_body,
                "approval_basis": record.approval_basis,
            },
            article=rules.approval_article(book, wm, record.details),
            occurred_on=approved_on,
        )
    return record


def assistance_request_send(*, actor: User, record: FieldworkRecord, sent_on: datetime.date) -> FieldworkRecord:
    """Mark an assistance request (提请协助) as sent to the unit asked. Where the rulebook puts the method under an
    approval (JDZ-2017: the leading group, 第二十九条) the approval must be registered first; NMG-2016 has none."""
    with transaction.atomic():
        inspection = lock_inspection(record.inspection)
        record = _locked_record(record)
        book = inspection.jurisdiction.rulebook
        wm = rules.method(book, record.method)
        if wm.code != "assistance_request":
            raise ServiceError(f"只有提请协助才登记提请日期（{wm.name}不适用）", field="sent_on", article=wm.article)
        _require_recorder(actor, inspection, what="提请协助")
        _require_on_site(inspection, what="提请协助")
        if record.sent_on is not None:
            raise ServiceError(f"已于 {record.sent_on} 提请协助", field="sent_on", article=wm.article)
        if wm.approval_by and record.approved_on is None:
            article = rules.approval_article(book, wm, record.details)
            body = rules.approval_body_name(book, wm)
            how = (
                f"协助核查问题线索须经{body}领导批准后提出申请（{article}）"
                if record.details.get("kind") == rules.CLUE_VERIFICATION and article != wm.approval_article
                else f"提请协助须由{book.word}办报请{body}同意后提出（{article}）"
            )
            raise ServiceError(
                f"{how}；尚未登记{body}的批准，不能标记为已提请",
                field="sent_on",
                article=article,
                code="approval_required",
            )
        _check_day(
            sent_on,
            inspection=inspection,
            field="sent_on",
            label="提请日期",
            not_before=record.approved_on or record.held_on,
        )
        record.sent_on = sent_on
        full_clean_or_raise(record)
        record.save(update_fields=["sent_on"])
        event_record(
            actor=actor,
            action=FIELDWORK_ASSISTANCE_SENT,
            obj=record,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"sent_on": sent_on, "approved_on": record.approved_on},
            article=rules.approval_article(book, wm, record.details) if wm.approval_by else wm.article,
            occurred_on=sent_on,
        )
    return record
