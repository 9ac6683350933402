"""请示报告: the team reports a matter upward and records the answer. Each is one transaction with its event."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction

from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, check_past_date, full_clean_or_raise
from xuncha.core.locking import lock_row
from xuncha.core.visibility import viewer_for
from xuncha.inspections.locking import lock_inspection
from xuncha.inspections.models import Inspection

from .. import rules
from ..actions import (
    ESCALATION_REPORTED,
    ESCALATION_RESPONDED,
)
from ..models import Escalation, Finding
from .guards import (
    _next_number,
    _require_member,
    _team_word,
)

if TYPE_CHECKING:
    from xuncha.accounts.models import User


# -- escalations ----------------------------------------------------------------------------------------------------
def escalation_create(
    *,
    actor: User,
    inspection: Inspection,
    to: str,
    matter: str,
    reported_on: datetime.date,
    special_reason: str = "",
    finding: Finding | None = None,
) -> Escalation:
    """请示报告 to the leading group; directly to the secretary only in special cases, with the reason stated."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        rule = rules.escalation_rule(book)
        _require_member(actor, inspection, what="登记请示报告")
        if inspection.status == Inspection.Status.PLANNED:
            raise ServiceError(
                f"{inspection}处于“{Inspection.Status(inspection.status).label}”阶段，尚未开展{book.word}工作，"
                f"无可请示报告事项（{rule.article}）",
                field="status",
                article=rule.article,
                code="wrong_stage",
            )
        if to not in Escalation.To.values:
            raise ServiceError("报告对象应为 leading_group（领导小组）或 secretary（书记）", field="to")
        if not matter.strip():
            raise ServiceError(f"请填写请示报告事项（{rule.article}）", field="matter", article=rule.article)
        if to == Escalation.To.SECRETARY and not special_reason.strip():
            raise ServiceError(
                f"请示报告应向{book.body('leading_group').name}提出；直接向{rules.secretary_title(book)}报告"
                f"限于特殊情况，须说明特殊情况（{rule.article}）",
                field="special_reason",
                article=rule.article,
            )
        if to == Escalation.To.LEADING_GROUP and special_reason.strip():
            raise ServiceError("向领导小组请示报告不需要特殊情况说明", field="special_reason")
        check_past_date(reported_on, field="reported_on", label="报告日期", not_before=inspection.round.starts_on)
        if finding is not None and finding.inspection_id != inspection.pk:
            raise ServiceError(f"{finding} 不属于{inspection}", field="finding")
        escalation = Escalation(
            inspection=inspection,
            number=_next_number(Escalation, inspection),
            to=to,
            matter=matter.strip(),
            finding=finding,
            special_reason=special_reason.strip(),
            reported_on=reported_on,
            reported_by=actor,
        )
        full_clean_or_raise(escalation)
        escalation.save()
        event_record(
            actor=actor,
            action=ESCALATION_REPORTED,
            obj=escalation,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"to": to, "finding": finding.pk if finding else None, "special": bool(escalation.special_reason)},
            article=rule.article,
            occurred_on=reported_on,
        )
    return escalation


def escalation_respond(
    *, actor: User, escalation: Escalation, response: str, responded_on: datetime.date
) -> Escalation:
    """Record the answer: the team, or the office that relays the leading group's answer."""
    with transaction.atomic():
        inspection = lock_inspection(escalation.inspection)
        escalation = lock_row(escalation)
        book = inspection.jurisdiction.rulebook
        rule = rules.escalation_rule(book)
        viewer = viewer_for(actor)
        office = viewer.jurisdictions_with({"office_head", "office_staff"})
        if inspection.team_id not in viewer.team_ids and inspection.jurisdiction_id not in office:
            raise PermissionDeniedError(
                f"只有本{_team_word(inspection)}成员或办公室可以登记请示报告的答复。", article=rule.article
            )
        if escalation.responded_on is not None:
            raise ServiceError(f"{escalation}已于 {escalation.responded_on} 登记答复", field="responded_on")
        if not response.strip():
            raise ServiceError("请填写答复意见", field="response")
        check_past_date(responded_on, field="responded_on", label="答复日期", not_before=escalation.reported_on)
        escalation.response, escalation.responded_on = response.strip(), responded_on
        escalation.response_recorded_by = actor
        full_clean_or_raise(escalation)
        escalation.save()
        escalation.inspection = inspection
        event_record(
            actor=actor,
            action=ESCALATION_RESPONDED,
            obj=escalation,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"responded_on": responded_on},
            article=rule.article,
            occurred_on=responded_on,
        )
    return escalation
