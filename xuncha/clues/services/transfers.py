"""The handover of clues to a receiver: the office drafts the transfer of disposed clues, the leading group's leader
approves the handover form (JDZ-2017 第三十五条 交接单报领导小组领导审批), the team, the office and the receiver sign it
(三方签字); the transfer is complete on the receiver's signature, which is its date. A route without a form (NMG-2016
第三十一条 prescribes none; any transfer during the inspection) starts approved and is completed by the receiver's
signature of receipt alone."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max

from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, check_past_date, full_clean_or_raise
from xuncha.core.locking import lock_row
from xuncha.inspections.locking import lock_inspection

from .. import rules
from ..actions import (
    CLUE_FAST_TRACKED,
    CLUE_TRANSFER_APPROVED,
    CLUE_TRANSFER_CANCELLED,
    CLUE_TRANSFER_DRAFTED,
    CLUE_TRANSFER_SIGNED,
    CLUE_TRANSFERRED,
)
from ..models import Clue, Disposal, Transfer
from .transfer_guards import (
    approver_name,
    decision_meeting,
    is_office,
    is_receiver_contact,
    is_team_leader,
    require_approver,
    require_office,
    team_word,
)

if TYPE_CHECKING:
    from xuncha.accounts.models import User
    from xuncha.inspections.models import Inspection
    from xuncha.registry.models import Organization

# A signature-form signer code → the party of the transfer that signs in that place.
SIGNER_PARTY = {"team_leader": "team", "office_head": "office", "receiver_contact": "receiver"}
PARTIES = ("team", "office", "receiver")


def next_transfer_number(jurisdiction: Any, year: int) -> int:
    top = Transfer.objects.filter(jurisdiction=jurisdiction, year=year).aggregate(m=Max("number"))["m"]
    return (top or 0) + 1


def signing_parties(transfer: Transfer) -> list[str]:
    """The parties that sign this transfer: the form's signers, or the receiver alone where there is no form."""
    if not transfer.handover_form:
        return ["receiver"]
    form = transfer.jurisdiction.rulebook.signature_form(transfer.handover_form)
    if form is None:
        return ["receiver"]
    return [SIGNER_PARTY[s] for s in form.signers if s in SIGNER_PARTY]


def party_label(transfer: Transfer, party: str) -> str:
    book = transfer.jurisdiction.rulebook
    return {
        "team": team_word(transfer.inspection),
        "office": book.body("office").name,
        "receiver": f"接收单位（{transfer.receiver}）",
    }[party]


def _article(transfer: Transfer) -> str:
    book = transfer.jurisdiction.rulebook
    if transfer.stage == Transfer.Stage.DURING:
        return book.clues.during_inspection_approval_article
    if transfer.handover_form:
        form = book.signature_form(transfer.handover_form)
        if form is not None:
            return form.article
    return book.clues.disposal_article


def transfer_draft(
    *, actor: User, inspection: Inspection, receiver: Organization, clues: list[Clue], drafted_on: datetime.date
) -> Transfer:
    """The office puts disposed clues of one inspection, to one receiver by one route, into one transfer."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        jurisdiction = inspection.jurisdiction
        book = jurisdiction.rulebook
        article = book.clues.disposal_article
        require_office(actor, jurisdiction, what="拟制移交材料交接单", article=article)
        if not clues:
            raise ServiceError("请选择要移交的问题线索", field="clues")
        locked = [lock_row(c) for c in sorted(clues, key=lambda c: c.pk)]
        routes = set()
        for clue in locked:
            disposal = Disposal.objects.filter(clue=clue).first()
            if clue.inspection_id != inspection.pk:
                raise ServiceError(f"{clue}不属于{inspection}", field="clues")
            if clue.status != Clue.Status.DISPOSED or disposal is None or not disposal.route:
                raise ServiceError(
                    f"{clue}处于“{clue.get_status_display()}”状态：只有已作出分类处置决定、决定移交的线索可以拟制"
                    f"交接单（{book.short_title}{article}）",
                    field="clues",
                    article=article,
                )
            if disposal.receiver_id != receiver.pk:
                raise ServiceError(
                    f"{clue}的处置决定移交给“{disposal.receiver}”，不是“{receiver}”", field="clues", article=article
                )
            routes.add(disposal.route)
        if len(routes) != 1:
            raise ServiceError("一份交接单的线索须为同一移交途径", field="clues", article=article)
        item = rules.route(book, routes.pop(), stage=rules.AFTER)
        if item is None:
            raise ServiceError("处置决定的移交途径已不在本办法的途径之列", field="clues", article=article)
        meeting = decision_meeting(inspection)
        check_past_date(
            drafted_on,
            field="drafted_on",
            label="拟制日期",
            not_before=meeting.held_on if meeting else None,
            after="分类处置决定会议日期",
        )
        form = item.handover_form or ""
        # Without a form its approval is the disposal decision itself (NMG-2016 第三十一条 prescribes none): the
        # transfer starts approved, dated by the decision meeting, approved by the deciding bodies.
        approval: dict[str, Any] = (
            {}
            if form
            else {
                "status": Transfer.Status.APPROVED,
                "approved_on": meeting.held_on if meeting else drafted_on,
                "approver": "、".join(book.body(b).name for b in book.clues.disposal_by),
            }
        )
        transfer = Transfer(
            jurisdiction=jurisdiction,
            inspection=inspection,
            number=next_transfer_number(jurisdiction, drafted_on.year),
            year=drafted_on.year,
            stage=Transfer.Stage.AFTER,
            route=item.code,
            receiver=receiver,
            handover_form=form,
            drafted_on=drafted_on,
            drafted_by=actor,
            **approval,
        )
        full_clean_or_raise(transfer)
        transfer.save()
        for clue in locked:
            Clue.flow.move(clue, Clue.Status.IN_TRANSFER, article=article)
            clue.transfer = transfer
            clue.save(update_fields=["status", "transfer"])
        event_record(
            actor=actor,
            action=CLUE_TRANSFER_DRAFTED,
            obj=transfer,
            inspection=inspection,
            jurisdiction=jurisdiction,
            after={
                "route": item.code,
                "receiver": receiver.pk,
                "receiver_kind": item.receiver_kind,
                "clues": [c.pk for c in locked],
                "handover_form": form,
                "status": transfer.status,
            },
            article=article,
            occurred_on=drafted_on,
        )
    return transfer


def transfer_approve(
    *, actor: User, transfer: Transfer, approved_on: datetime.date, approver: str = "", note: str = ""
) -> Transfer:
    """JDZ-2017 第三十五条: 交接单报领导小组领导审批 — its head himself, or the office recording his approval."""
    with transaction.atomic():
        transfer, inspection = _lock(transfer)
        jurisdiction = inspection.jurisdiction
        article = _article(transfer)
        require_approver(actor, jurisdiction, what="审批移交材料交接单", article=article)
        if transfer.status != Transfer.Status.DRAFTED:
            raise ServiceError(f"{transfer}处于“{transfer.get_status_display()}”状态，不需审批", field="status")
        name = approver_name(actor, jurisdiction, approver, article=article)
        check_past_date(
            approved_on, field="approved_on", label="审批日期", not_before=transfer.drafted_on, after="拟制日期"
        )
        Transfer.flow.move(transfer, Transfer.Status.APPROVED, article=article)
        transfer.approved_on, transfer.approver, transfer.approval_note = approved_on, name, note.strip()
        full_clean_or_raise(transfer)
        transfer.save()
        event_record(
            actor=actor,
            action=CLUE_TRANSFER_APPROVED,
            obj=transfer,
            inspection=inspection,
            jurisdiction=jurisdiction,
            after={"approver": name, "approved_on": approved_on},
            article=article,
            occurred_on=approved_on,
        )
    return transfer


def _lock(transfer: Transfer) -> tuple[Transfer, Any]:
    inspection = lock_inspection(transfer.inspection)
    fresh = lock_row(transfer, "receiver", "jurisdiction")
    fresh.inspection = inspection
    return fresh, inspection


def _require_party(actor: User, transfer: Transfer, party: str, article: str) -> None:
    inspection = transfer.inspection
    ok = {
        "team": lambda: is_team_leader(actor, inspection),
        "office": lambda: is_office(actor, transfer.jurisdiction),
        "receiver": lambda: is_receiver_contact(actor, transfer.receiver_id),
    }[party]()
    if ok:
        return
    book = transfer.jurisdiction.rulebook
    who = {
        "team": f"本{team_word(inspection)}组长",
        "office": f"{book.body('office').name}负责人或工作人员",
        "receiver": f"接收单位（{transfer.receiver}）的经办人",
    }[party]
    raise PermissionDeniedError(f"只有{who}可以代表{party_label(transfer, party)}签字（{book.short_title}{article}）。")


def transfer_sign(*, actor: User, transfer: Transfer, party: str, signed_on: datetime.date) -> Transfer:
    """One party signs the approved form; when every signer has signed the transfer is complete, dated by the
    receiver's signature, and each clue is transferred (the receiver's duties open)."""
    with transaction.atomic():
        transfer, inspection = _lock(transfer)
        jurisdiction = inspection.jurisdiction
        book = jurisdiction.rulebook
        article = _article(transfer)
        parties = signing_parties(transfer)
        if party not in parties:
            names = "、".join(f"{p}（{party_label(transfer, p)}）" for p in parties)
            raise ServiceError(f"签字方“{party}”不在本次移交的签字方之列：{names}", field="party", article=article)
        _require_party(actor, transfer, party, article)
        if transfer.status != Transfer.Status.APPROVED:
            raise ServiceError(
                f"{transfer}处于“{transfer.get_status_display()}”状态：交接单须先经"
                f"{book.role('leading_group_head').name}审批后签字（{book.short_title}{article}）",
                field="status",
                article=article,
                code="wrong_stage",
            )
        if getattr(transfer, f"{party}_signed_on") is not None:
            raise ServiceError(
                f"{party_label(transfer, party)}已于 {getattr(transfer, f'{party}_signed_on')} 签字", field="party"
            )
        check_past_date(
            signed_on, field="signed_on", label="签字日期", not_before=transfer.approved_on, after="审批日期"
        )
        setattr(transfer, f"{party}_signed_on", signed_on)
        setattr(transfer, f"{party}_signed_by", actor)
        complete = all(getattr(transfer, f"{p}_signed_on") is not None for p in parties)
        if complete:
            Transfer.flow.move(transfer, Transfer.Status.COMPLETED, article=article)
        full_clean_or_raise(transfer)
        transfer.save()
        event_record(
            actor=actor,
            action=CLUE_TRANSFER_SIGNED,
            obj=transfer,
            inspection=inspection,
            jurisdiction=jurisdiction,
            after={"party": party, "signed_on": signed_on, "complete": complete},
            article=article,
            occurred_on=signed_on,
        )
        if complete:
            _complete(actor, transfer)
    return transfer


def _complete(actor: User, transfer: Transfer) -> None:
    book = transfer.jurisdiction.rulebook
    item = rules.route(book, transfer.route)
    receiver_kind = item.receiver_kind if item else ""
    on = transfer.receiver_signed_on
    fast_tracked = transfer.stage == Transfer.Stage.DURING and any(
        d.code == "fast_track_handling" for d in book.deadlines
    )
    assert on is not None  # complete: the receiver has signed
    for clue in Clue.objects.select_for_update().filter(transfer=transfer).order_by("pk"):
        Clue.flow.move(clue, Clue.Status.TRANSFERRED, article=book.clues.handling_article)
        clue.save(update_fields=["status"])
        payload = {
            "receiver_kind": receiver_kind,
            "route": transfer.route,
            "transfer": transfer.pk,
            "receiver": transfer.receiver_id,
            "stage": transfer.stage,
        }
        event_record(
            actor=actor,
            action=CLUE_TRANSFERRED,
            obj=clue,
            inspection=transfer.inspection,
            jurisdiction=transfer.jurisdiction,
            after=payload,
            article=book.clues.handling_article,
            occurred_on=on,
        )
        if fast_tracked:
            event_record(
                actor=actor,
                action=CLUE_FAST_TRACKED,
                obj=clue,
                inspection=transfer.inspection,
                jurisdiction=transfer.jurisdiction,
                after=payload,
                article=book.clues.during_inspection_approval_article,
                occurred_on=on,
            )


def transfer_cancel(*, actor: User, transfer: Transfer, cancelled_on: datetime.date, reason: str) -> Transfer:
    """The office withdraws a transfer before it is complete: its clues go back to the disposal decision (or, for a
    transfer during the inspection, to the register)."""
    with transaction.atomic():
        transfer, inspection = _lock(transfer)
        jurisdiction = inspection.jurisdiction
        article = _article(transfer)
        require_office(actor, jurisdiction, what="撤回移交", article=article)
        if transfer.status not in (Transfer.Status.DRAFTED, Transfer.Status.APPROVED):
            raise ServiceError(
                f"{transfer}处于“{transfer.get_status_display()}”状态：只有未完成的移交可以撤回", field="status"
            )
        if not reason.strip():
            raise ServiceError("请填写撤回理由", field="reason")
        check_past_date(
            cancelled_on, field="cancelled_on", label="撤回日期", not_before=transfer.drafted_on, after="拟制日期"
        )
        Transfer.flow.move(transfer, Transfer.Status.CANCELLED)
        transfer.cancelled_on, transfer.cancel_reason = cancelled_on, reason.strip()
        full_clean_or_raise(transfer)
        transfer.save()
        back = Clue.Status.REGISTERED if transfer.stage == Transfer.Stage.DURING else Clue.Status.DISPOSED
        ids = []
        for clue in Clue.objects.select_for_update().filter(transfer=transfer).order_by("pk"):
            Clue.flow.move(clue, back)
            clue.transfer = None
            clue.save(update_fields=["status", "transfer"])
            ids.append(clue.pk)
        event_record(
            actor=actor,
            action=CLUE_TRANSFER_CANCELLED,
            obj=transfer,
            inspection=inspection,
            jurisdiction=jurisdiction,
            after={"reason": transfer.cancel_reason, "clues": ids, "back_to": back},
            article=article,
            occurred_on=cancelled_on,
        )
    return transfer
