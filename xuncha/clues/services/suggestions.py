"""Suggestions to the inspected party organization on problems that can be solved at once (JDZ-2017 第二十五条
可以提出; NMG-2016 第二十三条 应当提出), followed to the unit's answer."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max

from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, check_past_date, full_clean_or_raise
from xuncha.core.visibility import viewer_for
from xuncha.inspections.locking import lock_inspection, lock_under_inspection
from xuncha.inspections.models import Inspection

from ..actions import SUGGESTION_ANSWERED, SUGGESTION_ISSUED
from ..models import Suggestion
from .transfer_guards import require_team_head

if TYPE_CHECKING:
    from xuncha.accounts.models import User

DURING = (Inspection.Status.ON_SITE, Inspection.Status.REPORTING)


def suggestion_issue(*, actor: User, inspection: Inspection, issued_on: datetime.date, text: str) -> Suggestion:
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        article = book.clues.suggestion_article
        require_team_head(
            actor, inspection, what=f"向被{inspection.jurisdiction.word}党组织提出处理建议", article=article
        )
        if inspection.status not in DURING:
            raise ServiceError(
                f"{inspection}处于“{inspection.get_status_display()}”阶段；处理建议在{inspection.jurisdiction.word}期间提出"
                f"（{book.short_title}{article}）",
                field="inspection",
            )
        check_past_date(issued_on, field="issued_on", label="提出日期", not_before=inspection.entered_on, after="进驻")
        if not text.strip():
            raise ServiceError("请写明处理建议", field="text")
        top = Suggestion.objects.filter(inspection=inspection).aggregate(m=Max("number"))["m"] or 0
        suggestion = Suggestion(
            inspection=inspection, number=top + 1, issued_on=issued_on, text=text.strip(), issued_by=actor
        )
        full_clean_or_raise(suggestion)
        suggestion.save()
        event_record(
            actor=actor,
            action=SUGGESTION_ISSUED,
            obj=suggestion,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"number": suggestion.number},
            article=article,
            occurred_on=issued_on,
        )
    return suggestion


def suggestion_answer(*, actor: User, suggestion: Suggestion, answer: str, answered_on: datetime.date) -> Suggestion:
    with transaction.atomic():
        suggestion, inspection = lock_under_inspection(suggestion)
        if inspection.target_id not in viewer_for(actor).unit_org_ids:
            raise PermissionDeniedError(f"只有{inspection.target}的联系人可以答复处理建议。")
        if suggestion.answered_on is not None:
            raise ServiceError(f"{suggestion}已于{suggestion.answered_on}答复", field="answer")
        check_past_date(
            answered_on, field="answered_on", label="答复日期", not_before=suggestion.issued_on, after="提出处理建议"
        )
        if not answer.strip():
            raise ServiceError("请写明处理情况", field="answer")
        suggestion.answer, suggestion.answered_on, suggestion.answered_by = answer.strip(), answered_on, actor
        full_clean_or_raise(suggestion)
        suggestion.save(update_fields=["answer", "answered_on", "answered_by"])
        event_record(
            actor=actor,
            action=SUGGESTION_ANSWERED,
            obj=suggestion,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            article=inspection.jurisdiction.rulebook.clues.suggestion_article,
            occurred_on=answered_on,
        )
    return suggestion
