"""办结: an inspection closes only when every condition its rulebook lists holds.

Neither regulation says when one inspection is finished; the rulebook's `procedure.closure_conditions` states the
system's reading of the procedure (JDZ-2017 第三十条至第四十条, NMG-2016 第二十六条至第三十四条), each condition with
the article it comes from, and `procedure.closure_note` says so. The refusal lists every condition still missing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, check_past_date, full_clean_or_raise
from xuncha.core.visibility import viewer_for
from xuncha.planning.access import team_access_close

from .actions import INSPECTION_CLOSED
from .models import Inspection


@dataclass(frozen=True)
class ConditionState:
    code: str
    name: str
    article: str
    met: bool
    detail: str  # what is missing, or what satisfied it


def _reports_final(inspection: Inspection) -> tuple[bool, str]:
    from xuncha.reports.models import Report

    book = inspection.jurisdiction.rulebook
    missing = []
    for kind in book.report_types:
        if not kind.required:
            continue
        latest = Report.objects.filter(inspection=inspection, type=kind.code).order_by("-version").first()
        if latest is None:
            missing.append(f"{kind.name}（未起草）")
        elif latest.status != Report.Status.FINAL:
            missing.append(f"{kind.name}（第{latest.version}版{latest.get_status_display()}）")
    return (not missing, "、".join(missing) if missing else "必备报告均已定稿")


def _dated(field: str, label: str) -> Callable[[Inspection], tuple[bool, str]]:
    def check(inspection: Inspection) -> tuple[bool, str]:
        value = getattr(inspection, field)
        return (value is not None, f"{label}：{value}" if value else f"尚未{label}")

    return check


def _receipt_complete(inspection: Inspection) -> tuple[bool, str]:
    # Every line signed (“已三方签字”), not only the unit's line that starts the clock (feedback.selectors).
    from xuncha.feedback.selectors import receipt_complete

    return receipt_complete(inspection)


def _rectification_reviewed(inspection: Inspection) -> tuple[bool, str]:
    from xuncha.rectification.selectors import review_state

    return review_state(inspection)


def _items_settled(inspection: Inspection) -> tuple[bool, str]:
    from xuncha.rectification.selectors import unsettled_items

    open_items = unsettled_items(inspection)
    if open_items is None:
        return (False, "尚未报送整改方案，没有整改事项")
    if open_items:
        return (False, "未完成且未转入日常监督：" + "、".join(open_items))
    return (True, "整改事项均已完成或转入日常监督")


CHECKS: dict[str, Callable[[Inspection], tuple[bool, str]]] = {
    "reports_final": _reports_final,
    "results_decided": _dated("results_decided_on", "决定成果运用"),
    "feedback_given": _dated("feedback_given_on", "反馈"),
    "receipt_signed": _receipt_complete,
    "plan_submitted": _dated("plan_submitted_on", "报送整改方案"),
    "rectification_reports_submitted": _dated("reports_submitted_on", "报送整改报告"),
    "rectification_reviewed": _rectification_reviewed,
    "items_settled": _items_settled,
}


def closure_checklist(inspection: Inspection) -> list[ConditionState]:
    """Every closure condition of the inspection's rulebook, in the rulebook's order, with whether it holds."""
    states = []
    for condition in inspection.jurisdiction.rulebook.procedure.closure_conditions:
        met, detail = CHECKS[condition.code](inspection)
        states.append(ConditionState(condition.code, condition.name, condition.article, met, detail))
    return states


def inspection_close(*, actor: Any, inspection: Inspection, closed_on: datetime.date) -> Inspection:
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
        team_access_close(actor=actor, team=inspection.team, on=closed_on)
    return inspection
