"""The filing upward of the round's decision."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from xuncha.audit import actions
from xuncha.audit.services import event_record
from xuncha.core.errors import (
    ServiceError,
    check_past_date,
    full_clean_or_raise,
)
from xuncha.planning.models import Round

from .. import rules
from ..models import Filing

if TYPE_CHECKING:
    from xuncha.accounts.models import User
from .common import _locked_round, _require_office, _text
from .meetings import round_decided_on


# -- filing upward --------------------------------------------------------------------------------------------------
def decision_file(
    *, actor: User, round: Round, filed_on: datetime.date | None = None, document_number: str, summary: str
) -> Filing:
    """报送备案 (JDZ-2017 第三十二条第二款: 市委巡察办应当及时报送省委巡视工作领导小组办公室备案) / 向上级报告
    (NMG-2016 第二十八条第二款: 应当及时报告中央巡视工作领导小组). Records the rulebook's `filing_action` on the round,
    which fulfils the filing deadline opened by `decision.made`."""
    with transaction.atomic():
        rnd = _locked_round(round)
        book = rnd.jurisdiction.rulebook
        proc = book.procedure
        article, verb, to_name = proc.filing_article, rules.filing_verb(book), rules.filing_to_name(book)
        _require_office(actor, rnd, what=f"登记向{to_name}{verb}", article=article)
        decided_on = round_decided_on(rnd)
        if decided_on is None:
            raise ServiceError(
                f"{rules.decision_body(book)}尚未研究决定{rnd}全部{book.word}的成果运用，不能{verb}（{article}）",
                field="round",
                article=article,
                code="not_decided",
            )
        if Filing.objects.filter(round=rnd).exists():
            raise ServiceError(f"{rnd}的决定已{verb}，不能重复登记（{article}）", field="round", article=article)
        filed_on = filed_on or timezone.localdate()
        check_past_date(
            filed_on,
            field="filed_on",
            label="报送日期",
            not_before=decided_on,
            after="研究决定成果运用日期",
            article=article,
        )
        filing = Filing(
            jurisdiction=rnd.jurisdiction,
            round=rnd,
            action=proc.filing_action,
            to_body=proc.filing_to,
            to_name=to_name,
            filed_on=filed_on,
            document_number=_text(document_number, field="document_number", label="文号"),
            summary=_text(summary, field="summary", label=f"{verb}内容摘要", article=article),
            recorded_by=actor,
        )
        full_clean_or_raise(filing)
        filing.save()
        event_record(
            actor=actor,
            action=actions.get(proc.filing_action),
            obj=rnd,
            after={"filing": filing.pk, "to": proc.filing_to, "document_number": filing.document_number},
            article=article,
            occurred_on=filed_on,
        )
    return filing
