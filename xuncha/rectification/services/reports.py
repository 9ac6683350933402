"""The rectification reports and their review."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, check_past_date, full_clean_or_raise
from xuncha.core.locking import lock_row
from xuncha.inspections.locking import lock_inspection
from xuncha.inspections.models import Inspection

from .. import rules
from ..actions import (
    RECTIFICATION_REPORTS_RESUBMITTED,
    RECTIFICATION_REPORTS_SUBMITTED,
    RECTIFICATION_RETURNED,
    RECTIFICATION_REVIEWED,
)
from ..models import (
    RectificationPlan,
    RectificationReport,
)
from ..selectors import latest_report
from .common import _is_leader, _is_office, _require_rectifying, _require_unit, _start, _text

if TYPE_CHECKING:
    from xuncha.accounts.models import User


# -- the reports and their review -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Submission:
    """What a checked submission of the reports writes."""

    article: str
    reviewer: str
    latest: RectificationReport | None
    situation: str
    principal: str
    submitted_on: datetime.date


def _reports_checked(
    actor: User,
    inspection: Inspection,
    *,
    submitted_on: datetime.date | None,
    situation_report: str,
    principal_report: str,
) -> _Submission:
    """Every check of a submission of the reports, on the locked inspection."""
    book = inspection.jurisdiction.rulebook
    article = rules.reports_article(book)
    what = "报送整改情况报告和主要负责人组织落实情况报告"
    _require_unit(actor, inspection, what=what, article=article)
    _require_rectifying(inspection, what=what, field="submitted_on", article=article)
    start = _start(inspection, book, what=what, field="submitted_on", article=article)
    plan = RectificationPlan.objects.filter(inspection=inspection).first()
    if plan is None and rules.has_separate_plan(book):
        raise ServiceError(
            f"须先上报整改方案，再报送整改情况报告（{article}：10个工作日内上报整改方案，2个月内报送整改情况报告）",
            field="submitted_on",
            article=article,
            code="plan_first",
        )
    if plan is None:
        raise ServiceError(
            f"须先登记整改事项（逐一对应反馈的问题），整改情况报告据此报告整改情况（{article}）",
            field="submitted_on",
            article=article,
            code="items_first",
        )
    latest = latest_report(inspection)
    reviewer = rules.reviewer_name(book)
    if latest is not None and latest.status == RectificationReport.Status.SUBMITTED:
        raise ServiceError(
            f"第{latest.number}次报送的报告尚待{reviewer}审核，不能再次报送", field="submitted_on", article=article
        )
    if latest is not None and latest.status == RectificationReport.Status.ACCEPTED:
        raise ServiceError(
            f"整改情况报告已于 {latest.reviewed_on} 经{reviewer}审核通过，不需再报送",
            field="submitted_on",
            article=article,
        )
    situation = _text(situation_report, label="整改情况报告", field="situation_report", article=article)
    principal = _text(principal_report, label="主要负责人组织落实情况报告", field="principal_report", article=article)
    not_before = max(start, plan.submitted_on, latest.reviewed_on if latest and latest.reviewed_on else start)
    submitted_on = submitted_on or timezone.localdate()
    check_past_date(submitted_on, field="submitted_on", label="报送日期", not_before=not_before)
    return _Submission(
        article=article,
        reviewer=reviewer,
        latest=latest,
        situation=situation,
        principal=principal,
        submitted_on=submitted_on,
    )


def rectification_reports_submit(
    *,
    actor: User,
    inspection: Inspection,
    submitted_on: datetime.date | None = None,
    situation_report: str,
    principal_report: str,
) -> RectificationReport:
    """整改情况报告 and 主要负责人组织落实情况报告, together, within 2 months (JDZ-2017 第三十四条 to the team,
    after the plan; NMG-2016 第三十条 to the office, after the items). The first submission sets
    Inspection.reports_submitted_on and records `rectification.reports_submitted`, which fulfils the deadline; after a
    return the unit submits again."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        checked = _reports_checked(
            actor,
            inspection,
            submitted_on=submitted_on,
            situation_report=situation_report,
            principal_report=principal_report,
        )
        latest, submitted_on = checked.latest, checked.submitted_on
        report = RectificationReport(
            inspection=inspection,
            number=latest.number + 1 if latest else 1,
            situation_report=checked.situation,
            principal_report=checked.principal,
            submitted_on=submitted_on,
            submitted_by=actor,
        )
        full_clean_or_raise(report)
        report.save()
        if latest is None:
            inspection.reports_submitted_on = submitted_on
            inspection.save(update_fields=["reports_submitted_on"])
            event_record(
                actor=actor,
                action=RECTIFICATION_REPORTS_SUBMITTED,
                obj=inspection,  # the deadline's subject is the inspection (opened by the receipt or the feedback)
                inspection=inspection,
                after={"reports_submitted_on": submitted_on, "report": report.pk, "to": checked.reviewer},
                article=checked.article,
                occurred_on=submitted_on,
            )
        else:
            event_record(
                actor=actor,
                action=RECTIFICATION_REPORTS_RESUBMITTED,
                obj=report,
                inspection=inspection,
                jurisdiction=inspection.jurisdiction,
                after={"number": report.number, "returned": latest.number, "to": checked.reviewer},
                article=checked.article,
                occurred_on=submitted_on,
            )
    return report


def rectification_report_review(
    *,
    actor: User,
    report: RectificationReport,
    reviewed_on: datetime.date | None = None,
    accepted: bool,
    opinion: str = "",
) -> RectificationReport:
    """审核: under JDZ-2017 第三十四条 the team (its leader) reviews and, accepting, forwards the reports to the office;
    under NMG-2016 the office reviews. A return needs its reasons; the unit then submits again."""
    with transaction.atomic():
        inspection = lock_inspection(report.inspection)
        report = lock_row(report)
        book = inspection.jurisdiction.rulebook
        article = rules.review_article(book)
        via_team = book.procedure.rectification_via_team
        reviewer = rules.reviewer_name(book)
        allowed = _is_leader(actor, inspection) if via_team else _is_office(actor, inspection)
        if not allowed:
            who = f"本{book.word}组（{inspection.team}）组长" if via_team else f"{reviewer}工作人员"
            raise PermissionDeniedError(
                f"整改情况报告由{reviewer}审核（{article}）；只有{who}可以审核。", article=article
            )
        _require_rectifying(inspection, what="审核整改情况报告", field="reviewed_on", article=article)
        target = RectificationReport.Status.ACCEPTED if accepted else RectificationReport.Status.RETURNED
        if not RectificationReport.flow.may(report, target):
            raise ServiceError(
                f"{report}已{report.get_status_display()}，不能再审核",
                field="status",
                article=article,
                code="wrong_status",
            )
        opinion = opinion.strip()
        if not accepted and not opinion:
            raise ServiceError(f"退回整改情况报告须说明理由（{article}）", field="review_opinion", article=article)
        reviewed_on = reviewed_on or timezone.localdate()
        check_past_date(
            reviewed_on, field="reviewed_on", label="审核日期", not_before=report.submitted_on, after="报告报送日期"
        )
        RectificationReport.flow.move(report, target, article=article)
        report.reviewer = rules.reviewer_code(book)
        report.reviewed_on, report.reviewed_by, report.review_opinion = reviewed_on, actor, opinion
        report.forwarded_on = reviewed_on if accepted and via_team else None
        full_clean_or_raise(report)
        report.save()
        if accepted:
            after: dict[str, Any] = {"report": report.number, "result": "accepted", "reviewer": reviewer}
            if via_team:
                after["forwarded_to"] = book.body("office").name
            event_record(
                actor=actor,
                action=RECTIFICATION_REVIEWED,
                obj=inspection,
                inspection=inspection,
                after=after,
                article=article,
                occurred_on=reviewed_on,
            )
        else:
            event_record(
                actor=actor,
                action=RECTIFICATION_RETURNED,
                obj=report,
                inspection=inspection,
                jurisdiction=inspection.jurisdiction,
                after={"report": report.number, "result": "returned", "reasons": opinion, "reviewer": reviewer},
                article=article,
                occurred_on=reviewed_on,
            )
    return report
