"""Transfer during the inspection: the team proposes (JDZ-2017 第二十二、二十三条 速查速办; NMG-2016 第二十三条), the
leading group approves (JDZ-2017 第二十四条 报批手续; NMG-2016 第二十三条 经领导小组批准) before the transfer is made.

"During the inspection" is read as: the team on site, or at the report stage before the round's decision meeting
(the disposal decision of JDZ-2017 第三十五条 / NMG-2016 第三十一条 takes over from then on)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction

from xuncha.audit.services import event_record
from xuncha.core.errors import ServiceError, check_past_date, full_clean_or_raise
from xuncha.core.locking import lock_row
from xuncha.inspections.locking import lock_inspection
from xuncha.inspections.models import Inspection

from .. import rules
from ..actions import CLUE_FAST_TRACK_DECIDED, CLUE_FAST_TRACK_PROPOSED
from ..models import Clue, FastTrack, Transfer
from .transfer_guards import (
    approver_name,
    decision_meeting,
    receiver_of_kind,
    require_approver,
    require_clue_status,
    require_team_head,
)
from .transfers import next_transfer_number

if TYPE_CHECKING:
    from xuncha.accounts.models import User
    from xuncha.registry.models import Organization

DURING_STAGES = (Inspection.Status.ON_SITE, Inspection.Status.REPORTING)


def _require_during(inspection: Inspection, article: str) -> None:
    book = inspection.jurisdiction.rulebook
    word = inspection.jurisdiction.word
    if inspection.status not in DURING_STAGES or decision_meeting(inspection) is not None:
        raise ServiceError(
            f"{inspection}处于“{inspection.get_status_display()}”阶段：{word}期间移交只能在进驻了解或报告阶段、"
            f"本轮作出分类处置决定之前提出；之后按{book.short_title}{book.clues.disposal_article}分类处置"
            f"（{book.short_title}{article}）",
            field="status",
            article=article,
            code="wrong_stage",
        )


def fast_track_propose(
    *,
    actor: User,
    clue: Clue,
    route: str,
    receiver: Organization | None,
    reason: str,
    proposed_on: datetime.date,
    condition: str = "",
    interwoven: bool = False,
) -> FastTrack:
    """The team's leader or deputy proposes to transfer a registered clue during the inspection."""
    with transaction.atomic():
        inspection = lock_inspection(clue.inspection)
        clue = lock_row(clue)
        book = inspection.jurisdiction.rulebook
        article = book.clues.during_inspection_article
        require_team_head(actor, inspection, what="提出期间移交问题线索", article=article)
        require_clue_status(clue, (Clue.Status.REGISTERED,), what="提出期间移交", article=article)
        _require_during(inspection, article)
        item = rules.route(book, route, stage=rules.DURING)
        if item is None:
            names = "、".join(f"{r.code}（{r.matter}）" for r in rules.routes(book, rules.DURING))
            raise ServiceError(
                f"移交途径“{route}”不是{book.short_title}规定的{inspection.jurisdiction.word}期间移交途径；"
                f"可选：{names}",
                field="route",
                article=article,
            )
        conditions = rules.conditions_for(book, item)
        if conditions:
            codes = {c.code for c in conditions}
            if condition not in codes:
                listed = "；".join(f"{c.code}：{c.text}" for c in conditions)
                raise ServiceError(
                    f"请写明适用情形：该途径的移交须符合{book.title}{item.article}所列情形之一（{listed}）",
                    field="condition",
                    article=item.article,
                )
        elif condition:
            raise ServiceError(
                f"{book.short_title}{item.article}未规定期间移交的适用情形，不需填写适用情形",
                field="condition",
                article=item.article,
            )
        if interwoven and book.clues.interwoven_article != item.article:
            where = (
                f"只适用于{book.short_title}{book.clues.interwoven_article}的线索"
                if book.clues.interwoven_article
                else "本办法无此规定"
            )
            raise ServiceError(f"“先行查处”{where}", field="interwoven", article=item.article)
        receiver_of_kind(inspection.jurisdiction, receiver, item)
        if not reason.strip():
            raise ServiceError(f"请填写提出理由（{book.short_title}{item.article}）", field="reason")
        check_past_date(
            proposed_on,
            field="proposed_on",
            label="提出日期",
            not_before=max(clue.registered_on, inspection.entered_on or clue.registered_on),
            after="线索登记日期或进驻日期",
        )
        fast_track = FastTrack(
            clue=clue,
            route=item.code,
            condition=condition,
            interwoven=interwoven,
            receiver=receiver,
            reason=reason.strip(),
            proposed_on=proposed_on,
            proposed_by=actor,
        )
        full_clean_or_raise(fast_track)
        fast_track.save()
        Clue.flow.move(clue, Clue.Status.PROPOSED, article=item.article)
        clue.save(update_fields=["status"])
        event_record(
            actor=actor,
            action=CLUE_FAST_TRACK_PROPOSED,
            obj=clue,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={
                "fast_track": fast_track.pk,
                "route": item.code,
                "condition": condition,
                "interwoven": interwoven,
                "receiver": receiver.pk if receiver else None,
                "receiver_kind": item.receiver_kind,
            },
            article=item.article,
            occurred_on=proposed_on,
        )
    return fast_track


def fast_track_decide(
    *,
    actor: User,
    fast_track: FastTrack,
    approved: bool,
    decided_on: datetime.date,
    approver: str,
    note: str = "",
) -> FastTrack:
    """The leading group's approval (JDZ-2017 第二十四条, NMG-2016 第二十三条): its head records it himself,
    or the office records it with the approver's name and the date. Approved: a transfer (to be signed for by the
    receiver) is made; refused: the clue goes back to the register."""
    with transaction.atomic():
        inspection = lock_inspection(fast_track.clue.inspection)
        fast_track = lock_row(fast_track)
        clue = lock_row(fast_track.clue)
        jurisdiction = inspection.jurisdiction
        book = jurisdiction.rulebook
        article = book.clues.during_inspection_approval_article
        require_approver(actor, jurisdiction, what="审批期间移交问题线索", article=article)
        if fast_track.decision != FastTrack.Decision.PENDING:
            raise ServiceError(
                f"{fast_track}已于 {fast_track.decided_on} 审批（{fast_track.get_decision_display()}）",
                field="decision",
            )
        name = approver_name(actor, jurisdiction, approver, article=article)
        check_past_date(
            decided_on, field="decided_on", label="审批日期", not_before=fast_track.proposed_on, after="提出日期"
        )
        item = rules.route(book, fast_track.route)
        fast_track.decision = FastTrack.Decision.APPROVED if approved else FastTrack.Decision.REFUSED
        fast_track.decided_on, fast_track.approver = decided_on, name
        fast_track.decision_note, fast_track.decided_by = note.strip(), actor
        full_clean_or_raise(fast_track)
        fast_track.save()
        transfer = None
        if approved:
            transfer = Transfer(
                jurisdiction=jurisdiction,
                inspection=inspection,
                number=next_transfer_number(jurisdiction, decided_on.year),
                year=decided_on.year,
                stage=Transfer.Stage.DURING,
                route=fast_track.route,
                receiver=fast_track.receiver,
                handover_form="",
                status=Transfer.Status.APPROVED,
                drafted_on=decided_on,
                drafted_by=actor,
                approved_on=decided_on,
                approver=name,
                approval_note=note.strip(),
            )
            full_clean_or_raise(transfer)
            transfer.save()
            Clue.flow.move(clue, Clue.Status.IN_TRANSFER, article=article)
            clue.transfer = transfer
        else:
            Clue.flow.move(clue, Clue.Status.REGISTERED, article=article)
        clue.save(update_fields=["status", "transfer"])
        event_record(
            actor=actor,
            action=CLUE_FAST_TRACK_DECIDED,
            obj=clue,
            inspection=inspection,
            jurisdiction=jurisdiction,
            after={
                "fast_track": fast_track.pk,
                "approved": approved,
                "approver": name,
                "transfer": transfer.pk if transfer else None,
                "route": fast_track.route,
                "receiver_kind": item.receiver_kind if item else "",
            },
            article=article,
            occurred_on=decided_on,
        )
    return fast_track
