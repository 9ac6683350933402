"""The receivers' handling (JDZ-2017 第三十六条, NMG-2016 第三十二条): the receiving organ's contact reports, for a clue
transferred to it, what it did (谈话函询、初核、立案、组织处理 as the articles list them, plus 暂存待查 and
予以了结 which the discipline organs' own rules add); a partial report keeps the 3-month duty open, the final one
fulfils it.
JDZ-2017 第三十七条: the discipline commission's 专题排查会 on the 市管干部 clues it received."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction

from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, check_past_date, full_clean_or_raise
from xuncha.core.locking import lock_row

from .. import rules
from ..actions import CLUE_HANDLING_REPORTED, CLUE_HANDLING_UPDATED, CLUE_REVIEW_MEETING
from ..models import Clue, HandlingReport, Transfer
from .transfer_guards import is_receiver_contact

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _require_receiver(actor: User, clue: Clue, *, what: str, article: str) -> Transfer:
    transfer = clue.transfer
    book = clue.jurisdiction.rulebook
    if (
        transfer is None
        or transfer.status != Transfer.Status.COMPLETED
        or not is_receiver_contact(actor, transfer.receiver_id)
    ):
        raise PermissionDeniedError(
            f"只有接收该线索的单位（移交已完成）的经办人可以{what}（{book.short_title}{article}）。", article=article
        )
    return transfer


def handling_report(
    *, actor: User, clue: Clue, reported_on: datetime.date, disposition: str, text: str, final: bool
) -> HandlingReport:
    with transaction.atomic():
        clue = lock_row(clue, "transfer", "jurisdiction")
        book = clue.jurisdiction.rulebook
        article = book.clues.handling_article
        transfer = _require_receiver(actor, clue, what="反馈线索办理情况", article=article)
        if clue.status not in (Clue.Status.TRANSFERRED, Clue.Status.HANDLING):
            raise ServiceError(
                f"{clue}处于“{clue.get_status_display()}”状态：已反馈最终办理结果的线索不再反馈",
                field="status",
                code="wrong_stage",
            )
        if disposition not in HandlingReport.Disposition.values:
            listed = "；".join(f"{c}：{label}（{src}）" for c, label, src in rules.disposition_choices(book))
            raise ServiceError(f"处置方式“{disposition}”不在可选之列：{listed}", field="disposition", article=article)
        if not text.strip():
            raise ServiceError(f"请填写办理情况（{book.short_title}{article}）", field="text", article=article)
        check_past_date(
            reported_on,
            field="reported_on",
            label="反馈日期",
            not_before=transfer.receiver_signed_on,
            after="接收单位签收日期",
        )
        report = HandlingReport(
            clue=clue,
            receiver_id=transfer.receiver_id,
            reported_on=reported_on,
            disposition=disposition,
            final=final,
            text=text.strip(),
            reported_by=actor,
        )
        full_clean_or_raise(report)
        report.save()
        Clue.flow.move(clue, Clue.Status.CONCLUDED if final else Clue.Status.HANDLING, article=article)
        clue.save(update_fields=["status"])
        event_record(
            actor=actor,
            action=CLUE_HANDLING_REPORTED if final else CLUE_HANDLING_UPDATED,
            obj=clue,
            jurisdiction=clue.jurisdiction,
            inspection=clue.inspection,
            after={
                "report": report.pk,
                "disposition": disposition,
                "final": final,
                "receiver": transfer.receiver_id,
                "in_article": disposition in rules.IN_ARTICLE,
            },
            article=article,
            occurred_on=reported_on,
        )
    return report


def review_meeting_record(*, actor: User, clues: list[Clue], held_on: datetime.date, note: str) -> list[Clue]:
    """JDZ-2017 第三十七条: the discipline commission's 专题排查会 on the 市管干部 clues transferred to it, with
    its division of tasks. Refused under a rulebook without the article."""
    if not clues:
        raise ServiceError("请选择专题排查会研究的问题线索", field="clues")
    with transaction.atomic():
        locked = [lock_row(c, "transfer", "jurisdiction") for c in sorted(clues, key=lambda c: c.pk)]
        jurisdiction = locked[0].jurisdiction
        book = jurisdiction.rulebook
        article = book.clues.priority_article
        if not article:
            raise ServiceError(f"{book.title}未规定问题线索专题排查会", field="clues")
        from xuncha.registry.models import Cadre

        for clue in locked:
            if clue.jurisdiction_id != jurisdiction.pk:
                raise ServiceError("专题排查会研究的线索须属同一党委", field="clues")
            transfer = _require_receiver(actor, clue, what="登记问题线索专题排查会", article=article)
            from xuncha.registry.models import Organization

            receiver = Organization.objects.get(pk=transfer.receiver_id)
            if receiver.receiver_kind != "discipline_organ":
                raise PermissionDeniedError(
                    f"专题排查会由纪检监察机关召开（{book.short_title}{article}）", article=article
                )
            levels = set(clue.subjects.values_list("cadre__management_level", flat=True))
            if Cadre.Level.JURISDICTION not in levels:
                raise ServiceError(
                    f"{clue}的反映对象不是{Cadre.Level.JURISDICTION.label}：专题排查会研究的是优先办理的本级管理干部"
                    f"问题线索（{book.short_title}{article}）",
                    field="clues",
                    article=article,
                )
            if clue.status not in (Clue.Status.TRANSFERRED, Clue.Status.HANDLING):
                raise ServiceError(f"{clue}处于“{clue.get_status_display()}”状态", field="clues")
        if not note.strip():
            raise ServiceError(f"请填写任务分工（{book.short_title}{article}）", field="note", article=article)
        signed = [c.transfer.receiver_signed_on for c in locked if c.transfer is not None]
        latest = max(d for d in signed if d is not None)
        check_past_date(held_on, field="held_on", label="会议日期", not_before=latest, after="接收单位签收日期")
        for clue in locked:
            clue.review_meeting_on, clue.review_meeting_note = held_on, note.strip()
            full_clean_or_raise(clue)
            clue.save(update_fields=["review_meeting_on", "review_meeting_note"])
            event_record(
                actor=actor,
                action=CLUE_REVIEW_MEETING,
                obj=clue,
                jurisdiction=jurisdiction,
                inspection=clue.inspection,
                after={"held_on": held_on, "clues": [c.pk for c in locked]},
                article=article,
                occurred_on=held_on,
            )
    return locked
