"""Writes on an inspection. Each is one transaction with its event.

Only the steps the foundation needs to prove the obligation engine live here;
the lifecycle issues add the rest in the same shape."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, full_clean_or_raise
from xuncha.core.visibility import viewer_for

from .models import Inspection, TalkRecord


def _check_date(value: datetime.date, *, field: str, label: str, not_before: datetime.date | None = None) -> None:
    if value > timezone.localdate():
        raise ServiceError(f"{label}不能晚于今天", field=field)
    if not_before is not None and value < not_before:
        raise ServiceError(f"{label}不能早于 {not_before}", field=field)


def _require_team_or_office(actor: Any, inspection: Inspection, *, what: str) -> None:
    viewer = viewer_for(actor)
    office = viewer.jurisdictions_with({"office_head", "office_staff"})
    if inspection.team_id in viewer.led_team_ids or inspection.jurisdiction_id in office:
        return
    raise PermissionDeniedError(f"只有本{inspection.jurisdiction.word}组组长或办公室可以{what}。")


def _require_unit(actor: Any, inspection: Inspection, *, what: str) -> None:
    viewer = viewer_for(actor)
    if inspection.target_id in viewer.unit_org_ids:
        return
    raise PermissionDeniedError(f"只有被{inspection.jurisdiction.word}单位（{inspection.target}）的联系人可以{what}。")


def _locked(inspection: Inspection) -> Inspection:
    # Lock the row: two clerks recording the same step at once must not both pass the guard.
    return Inspection.objects.select_for_update().select_related("jurisdiction", "team", "target").get(pk=inspection.pk)


def feedback_give(*, actor: Any, inspection: Inspection, given_on: datetime.date) -> Inspection:
    with transaction.atomic():
        inspection = _locked(inspection)
        book = inspection.jurisdiction.rulebook
        _require_team_or_office(actor, inspection, what="记录反馈")
        article = book.deadline("feedback").article if any(d.code == "feedback" for d in book.deadlines) else ""
        if inspection.feedback_given_on is not None:
            raise ServiceError(
                f"已于 {inspection.feedback_given_on} 反馈，不能重复记录", field="given_on", article=article
            )
        _check_date(given_on, field="given_on", label="反馈日期", not_before=inspection.round.starts_on)
        inspection.feedback_given_on = given_on
        inspection.save(update_fields=["feedback_given_on"])
        event_record(
            actor=actor,
            action="feedback.given",
            obj=inspection,
            inspection=inspection,
            after={"feedback_given_on": given_on},
            article=article,
            occurred_on=given_on,
        )
    return inspection


def feedback_receipt_sign(*, actor: Any, inspection: Inspection, signed_on: datetime.date) -> Inspection:
    """《巡察反馈材料签收单》 signed by three parties (JDZ-2017 第三十四条); starts the rectification deadlines."""
    with transaction.atomic():
        inspection = _locked(inspection)
        book = inspection.jurisdiction.rulebook
        form = book.signature_form("feedback_receipt")
        if form is None:
            raise ServiceError(f"{book.short_title}没有规定反馈材料签收单，不能记录签收。", code="not_in_rulebook")
        _require_team_or_office(actor, inspection, what="记录签收单")
        if inspection.feedback_given_on is None:
            raise ServiceError(
                f"尚未反馈，不能签收《{form.name}》（{form.article}）", field="signed_on", article=form.article
            )
        if inspection.receipt_signed_on is not None:
            raise ServiceError(
                f"《{form.name}》已于 {inspection.receipt_signed_on} 签收", field="signed_on", article=form.article
            )
        _check_date(signed_on, field="signed_on", label="签收日期", not_before=inspection.feedback_given_on)
        inspection.receipt_signed_on = signed_on
        inspection.save(update_fields=["receipt_signed_on"])
        event_record(
            actor=actor,
            action="feedback.receipt_signed",
            obj=inspection,
            inspection=inspection,
            after={"receipt_signed_on": signed_on, "signers": form.signers, "copies": form.copies},
            article=form.article,
            occurred_on=signed_on,
        )
    return inspection


def rectification_plan_submit(*, actor: Any, inspection: Inspection, submitted_on: datetime.date) -> Inspection:
    with transaction.atomic():
        inspection = _locked(inspection)
        book = inspection.jurisdiction.rulebook
        if not any(d.code == "rectification_plan" for d in book.deadlines):
            raise ServiceError(f"{book.short_title}没有规定单独报送整改方案。", code="not_in_rulebook")
        rule = book.deadline("rectification_plan")
        _require_unit(actor, inspection, what="报送整改方案")
        if inspection.receipt_signed_on is None:
            raise ServiceError(
                f"签收反馈意见后才能报送整改方案（{rule.article}）", field="submitted_on", article=rule.article
            )
        if inspection.plan_submitted_on is not None:
            raise ServiceError(f"整改方案已于 {inspection.plan_submitted_on} 报送", field="submitted_on")
        _check_date(submitted_on, field="submitted_on", label="报送日期", not_before=inspection.receipt_signed_on)
        inspection.plan_submitted_on = submitted_on
        inspection.save(update_fields=["plan_submitted_on"])
        event_record(
            actor=actor,
            action="rectification.plan_submitted",
            obj=inspection,
            inspection=inspection,
            after={"plan_submitted_on": submitted_on},
            article=rule.article,
            occurred_on=submitted_on,
        )
    return inspection


def rectification_reports_submit(*, actor: Any, inspection: Inspection, submitted_on: datetime.date) -> Inspection:
    """整改情况报告 and 主要负责人组织落实情况报告, submitted together."""
    with transaction.atomic():
        inspection = _locked(inspection)
        rule = inspection.jurisdiction.rulebook.deadline("rectification_reports")
        _require_unit(actor, inspection, what="报送整改情况报告")
        start = (
            inspection.receipt_signed_on if rule.trigger == "feedback.receipt_signed" else inspection.feedback_given_on
        )
        if start is None:
            raise ServiceError(
                f"尚未反馈或签收，不能报送整改情况报告（{rule.article}）", field="submitted_on", article=rule.article
            )
        if inspection.reports_submitted_on is not None:
            raise ServiceError(f"整改情况报告已于 {inspection.reports_submitted_on} 报送", field="submitted_on")
        _check_date(submitted_on, field="submitted_on", label="报送日期", not_before=start)
        inspection.reports_submitted_on = submitted_on
        inspection.save(update_fields=["reports_submitted_on"])
        event_record(
            actor=actor,
            action="rectification.reports_submitted",
            obj=inspection,
            inspection=inspection,
            after={"reports_submitted_on": submitted_on},
            article=rule.article,
            occurred_on=submitted_on,
        )
    return inspection


def talk_record_read(*, actor: Any, pk: int) -> TalkRecord:
    """Open a secret talk record: only through visible_to, and the read itself is an event."""
    with transaction.atomic():
        record = TalkRecord.objects.visible_to(actor).select_related("inspection__jurisdiction").filter(pk=pk).first()
        if record is None:
            raise PermissionDeniedError("个别谈话记录属于巡察工作秘密，您无权查阅（泄露巡察工作秘密的追究责任）。")
        event_record(
            actor=actor,
            action="secret.read",
            obj=record,
            inspection=record.inspection,
            jurisdiction=record.inspection.jurisdiction,
        )
    return record


def talk_record_create(*, actor: Any, inspection: Inspection, **fields: Any) -> TalkRecord:
    with transaction.atomic():
        inspection = _locked(inspection)
        viewer = viewer_for(actor)
        if inspection.team_id not in viewer.team_ids:
            raise PermissionDeniedError(f"只有本{inspection.jurisdiction.word}组成员可以记录个别谈话。")
        record = TalkRecord(inspection=inspection, **fields)
        full_clean_or_raise(record)
        record.save()
        # The event says a talk was recorded, never what was said.
        event_record(
            actor=actor, action="talk.recorded", obj=record, inspection=inspection, jurisdiction=inspection.jurisdiction
        )
    return record


def inspection_create(*, actor: Any, round: Any, team: Any, target: Any) -> Inspection:
    with transaction.atomic():
        if team.round_id != round.pk:
            raise ServiceError("该组不属于本轮", field="team")
        if target.jurisdiction_id != round.jurisdiction_id or target.kind != "target":
            raise ServiceError(f"{target} 不是本党委的{round.jurisdiction.word}对象", field="target")
        inspection = Inspection(jurisdiction=round.jurisdiction, round=round, team=team, target=target)
        full_clean_or_raise(inspection)
        inspection.save()
        _recheck_team(team, on=round.starts_on)
        event_record(
            actor=actor,
            action="inspection.planned",
            obj=inspection,
            inspection=inspection,
            after={"team": team.pk, "target": target.name},
        )
    return inspection


def _recheck_team(team: Any, *, on: datetime.date) -> None:
    """People staffed before this target was given to the team were never checked against it: check them now,
    and refuse the whole step if one must recuse (JDZ-2017 第十三条, NMG-2016 第十二条) without a recorded waiver."""
    from xuncha.people.models import Assignment, RecusalWaiver
    from xuncha.people.selectors import check_assignment

    problems = []
    for assignment in Assignment.objects.filter(team=team).select_related("inspector__cadre"):
        hits, _ = check_assignment(assignment.inspector, team, on)
        waived = set(
            RecusalWaiver.objects.filter(team=team, inspector=assignment.inspector).values_list("rule", "fact")
        )
        problems += [f"{assignment.inspector}：{h.sentence()}" for h in hits if (h.rule, h.fact) not in waived]
    if problems:
        book = team.round.jurisdiction.rulebook
        raise ServiceError(
            f"本组已有人员须回避，不能安排此对象：{'；'.join(problems)}", field="target", article=book.recusal.article
        )
