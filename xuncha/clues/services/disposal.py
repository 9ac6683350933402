"""The disposal decision after the round (分类处置: JDZ-2017 第三十五条 by the five-member group and the leading group;
NMG-2016 第三十一条 by the five-member group), made at the round's decision meeting and recorded by the office: each
clue's route and receiver, or that it is not transferred (with the reason: the articles list only the routes)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction

from xuncha.audit.services import event_record
from xuncha.core.errors import ServiceError, check_past_date, full_clean_or_raise
from xuncha.core.locking import lock_row
from xuncha.inspections.locking import lock_inspection

from .. import rules
from ..actions import CLUE_DISPOSED
from ..models import Clue, Disposal
from .transfer_guards import decision_meeting, receiver_of_kind, require_clue_status, require_office

if TYPE_CHECKING:
    from xuncha.accounts.models import User
    from xuncha.registry.models import Organization

NOT_TRANSFERRED_NOTE = "两部办法只列出移交途径，未规定“不移交”；决定不移交是本系统提供的选项，须写明理由。"


def clue_dispose(
    *,
    actor: User,
    clue: Clue,
    route: str = "",
    receiver: Organization | None = None,
    change_reason: str = "",
    not_transferred_reason: str = "",
    recorded_on: datetime.date,
) -> Disposal:
    with transaction.atomic():
        inspection = lock_inspection(clue.inspection)
        clue = lock_row(clue)
        jurisdiction = inspection.jurisdiction
        book = jurisdiction.rulebook
        article = book.clues.disposal_article
        require_office(actor, jurisdiction, what="登记问题线索分类处置决定", article=article)
        bodies = "和".join(book.body(b).name for b in book.clues.disposal_by)
        meeting = decision_meeting(inspection)
        if meeting is None:
            raise ServiceError(
                f"本轮尚未召开{bodies}研究决定的会议：分类处置的决定由{bodies}作出后登记"
                f"（{book.short_title}{article}）",
                field="meeting",
                article=article,
                code="wrong_stage",
            )
        require_clue_status(
            clue, (Clue.Status.REGISTERED, Clue.Status.DISPOSED, Clue.Status.RETAINED), what="分类处置", article=article
        )
        proposed = None
        if route:
            item = rules.route(book, route, stage=rules.AFTER)
            if item is None:
                names = "、".join(f"{r.code}（{r.matter}）" for r in rules.routes(book, rules.AFTER))
                raise ServiceError(
                    f"移交途径“{route}”不是{book.short_title}{article}规定的途径；可选：{names}",
                    field="route",
                    article=article,
                )
            proposed = rules.proposed_receiver(clue, item)
            receiver = receiver or proposed
            receiver_of_kind(jurisdiction, receiver, item)
            if (
                proposed is not None
                and receiver is not None
                and receiver.pk != proposed.pk
                and not change_reason.strip()
            ):
                raise ServiceError(
                    f"接收单位与按移交途径建议的“{proposed}”不同，请写明改变接收单位的理由"
                    f"（{book.short_title}{article}：依据干部管理权限和职责分工移交）",
                    field="change_reason",
                    article=article,
                )
            if not_transferred_reason.strip():
                raise ServiceError("决定移交的线索不填写不移交的理由", field="not_transferred_reason")
        else:
            receiver = None
            if not not_transferred_reason.strip():
                raise ServiceError(
                    f"请选择移交途径，或写明不移交的理由：{NOT_TRANSFERRED_NOTE}",
                    field="not_transferred_reason",
                    article=article,
                )
        check_past_date(
            recorded_on,
            field="recorded_on",
            label="登记日期",
            not_before=meeting.held_on,
            after=f"{bodies}会议日期",
        )
        disposal = Disposal.objects.filter(clue=clue).first() or Disposal(clue=clue)
        before = {"route": disposal.route, "receiver": disposal.receiver_id} if disposal.pk else None
        disposal.meeting = meeting
        disposal.route = route
        disposal.receiver = receiver
        disposal.proposed_receiver = proposed
        disposal.change_reason = change_reason.strip() if route else ""
        disposal.not_transferred_reason = "" if route else not_transferred_reason.strip()
        disposal.recorded_on, disposal.recorded_by = recorded_on, actor
        full_clean_or_raise(disposal)
        disposal.save()
        Clue.flow.move(clue, Clue.Status.DISPOSED if route else Clue.Status.RETAINED, article=article)
        clue.save(update_fields=["status"])
        event_record(
            actor=actor,
            action=CLUE_DISPOSED,
            obj=clue,
            inspection=inspection,
            jurisdiction=jurisdiction,
            before=before,
            after={
                "route": route,
                "receiver": receiver.pk if receiver else None,
                "proposed_receiver": proposed.pk if proposed else None,
                "changed": bool(disposal.change_reason),
                "transferred": bool(route),
                "meeting": meeting.pk,
            },
            article=article,
            occurred_on=recorded_on,
        )
    return disposal
