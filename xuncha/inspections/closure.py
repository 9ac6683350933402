"""办结: an inspection closes only when every condition its rulebook lists holds.

Neither regulation says when one inspection is finished; the rulebook's `procedure.closure_conditions` states the
system's reading of the procedure (JDZ-2017 第三十条至第四十条, NMG-2016 第二十六条至第三十四条), each condition with
the article it comes from, and `procedure.closure_note` says so. The refusal lists every condition still missing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, check_past_date, full_clean_or_raise
from xuncha.core.hooks import Hook
from xuncha.core.visibility import viewer_for

from .actions import INSPECTION_CLOSED
from .hooks import INSPECTION_ENDED
from .models import Inspection

if TYPE_CHECKING:
    from xuncha.accounts.models import User


@dataclass(frozen=True)
class ConditionState:
    code: str
    name: str
    article: str
    met: bool
    detail: str  # what is missing, or what satisfied it


def _dated(field: str, label: str) -> Callable[[Inspection], tuple[bool, str]]:
    def check(inspection: Inspection) -> tuple[bool, str]:
        value = getattr(inspection, field)
        return (value is not None, f"{label}：{value}" if value else f"尚未{label}")

    return check


# The check of each closure condition, by the condition's code (the rulebook's `procedure.closure_conditions`, whose
# order the checklist keeps). Dates recorded on the inspection are checked here; the apps that know the rest register
# their checks from their AppConfig.ready(): reports (reports_final), feedback (receipt_signed) and rectification
# (rectification_reviewed, items_settled).
CLOSURE_CONDITIONS: Hook[Callable[[Inspection], tuple[bool, str]]] = Hook(
    "closure_conditions", "办结条件的检查函数（按条件代码），由 reports、feedback、rectification 提供"
)
for _code, _field, _label in (
    ("results_decided", "results_decided_on", "决定成果运用"),
    ("feedback_given", "feedback_given_on", "反馈"),
    ("plan_submitted", "plan_submitted_on", "报送整改方案"),
    ("rectification_reports_submitted", "reports_submitted_on", "报送整改报告"),
):
    CLOSURE_CONDITIONS.register(_dated(_field, _label), key=_code)


def closure_checklist(inspection: Inspection) -> list[ConditionState]:
    """Every closure condition of the inspection's rulebook, in the rulebook's order, with whether it holds."""
    states = []
    for condition in inspection.jurisdiction.rulebook.procedure.closure_conditions:
        met, detail = CLOSURE_CONDITIONS.get(condition.code)(inspection)
        states.append(ConditionState(condition.code, condition.name, condition.article, met, detail))
    return states


def inspection_close(*, actor: User, inspection: Inspection, closed_on: datetime.date) -> Inspection:
    """The office head records that the inspection is closed (办结). Refused, naming every missing condition with
    its article, unless all of the rulebook's closure conditions hold."""
    from .locking import lock_inspection

    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        if not viewer_for(actor).has_role(inspection.jurisdiction_id, "office_head"):
            raise PermissionDeniedError(f"只有{book.body('office').name}负责人可以办结{book.word}。")
        if inspection.status != Inspection.Status.RECTIFYING:
            # The transition table gives the precise refusal (e.g. still at 报告, or already 办结).
            Inspection.flow.check(inspection, Inspection.Status.CLOSED)
        missing = [s for s in closure_checklist(inspection) if not s.met]
        if missing:
            listed = "；".join(f"{s.name}（{s.article}）：{s.detail}" for s in missing)
            raise ServiceError(
                f"{inspection}尚不能办结，以下条件未满足：{listed}。{book.procedure.closure_note}",
                field="closed_on",
                article=missing[0].article,
                code="closure_conditions",
            )
        start = inspection.reports_submitted_on or inspection.feedback_given_on
        check_past_date(closed_on, field="closed_on", label="办结日期", not_before=start)
        before = Inspection.flow.move(inspection, Inspection.Status.CLOSED)
        inspection.closed_on = closed_on
        full_clean_or_raise(inspection)
        inspection.save(update_fields=["status", "closed_on"])
        event_record(
            actor=actor,
            action=INSPECTION_CLOSED,
            obj=inspection,
            inspection=inspection,
            before={"status": before},
            after={
                "status": inspection.status,
                "closed_on": closed_on,
                "conditions": [c.code for c in book.procedure.closure_conditions],
            },
            article=book.procedure.closure_conditions[-1].article,
            occurred_on=closed_on,
        )
        # The team's access ends once all its inspections are closed or withdrawn (docs/accounts.md).
        for ended in INSPECTION_ENDED:
            ended(actor=actor, team=inspection.team, on=closed_on)
    return inspection
