"""Writes on rectification. Each is one transaction with its event; refusals name the field, the rule and its article.

Who does what (JDZ-2017 第三十四条、第四十条、第四十一条; NMG-2016 第三十条、第三十四条):
- the inspected unit's contact: the plan (or, under NMG-2016, the items), item progress and evidence, the reports;
- the reviewer the rulebook names: the team's leader under JDZ-2017 (who forwards accepted reports to the office),
  the office under NMG-2016;
- supervision: the office, or the team's leader with it;
- poor rectification (JDZ-2017 only): the team's leader gives opinions; the office reports to the leading group and
  records the 通报 or 约谈.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from xuncha.audit.actions import Action
from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, check_past_date, full_clean_or_raise
from xuncha.core.visibility import OFFICE_WRITE_ROLES, viewer_for
from xuncha.fieldwork.services import file_digest
from xuncha.findings.models import Finding
from xuncha.inspections.locking import lock_inspection
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.rulebook import Rulebook

from . import rules
from .actions import (
    RECTIFICATION_EVIDENCE_UPLOADED,
    RECTIFICATION_ITEM_UPDATED,
    RECTIFICATION_ITEMS_RECORDED,
    RECTIFICATION_NOTICE_CIRCULATED,
    RECTIFICATION_OPINION_GIVEN,
    RECTIFICATION_PLAN_SUBMITTED,
    RECTIFICATION_REPORTED_TO_LEADING_GROUP,
    RECTIFICATION_REPORTS_RESUBMITTED,
    RECTIFICATION_REPORTS_SUBMITTED,
    RECTIFICATION_RETURNED,
    RECTIFICATION_REVIEWED,
    RECTIFICATION_SUPERVISED,
    RECTIFICATION_TALK_HELD,
)
from .models import (
    EvidenceFile,
    ItemProgress,
    PoorRectificationStep,
    RectificationItem,
    RectificationPlan,
    RectificationReport,
    Supervision,
)
from .selectors import fed_back_problems, latest_report

Step = PoorRectificationStep


@dataclass(frozen=True)
class PlannedItem:
    """One line of the plan: the problem fed back (a finding's id) and what the unit will do about it."""

    finding_id: int
    measures: str
    responsible_person: str
    target_date: datetime.date | None


# -- guards ---------------------------------------------------------------------------------------------------------


def _require_unit(actor: Any, inspection: Inspection, *, what: str, article: str) -> None:
    if inspection.target_id in viewer_for(actor).unit_org_ids:
        return
    book = inspection.jurisdiction.rulebook
    raise PermissionDeniedError(
        f"只有{rules.unit_word(book)}（{inspection.target}）的整改工作联系人可以{what}（{article}）。", article=article
    )


def _is_office(actor: Any, inspection: Inspection) -> bool:
    return inspection.jurisdiction_id in viewer_for(actor).jurisdictions_with(OFFICE_WRITE_ROLES)


def _is_leader(actor: Any, inspection: Inspection) -> bool:
    return inspection.team_id in viewer_for(actor).led_team_ids


def _require_rectifying(inspection: Inspection, *, what: str, field: str, article: str) -> None:
    if inspection.status == Inspection.Status.RECTIFYING:
        return
    raise ServiceError(
        f"{inspection}处于“{inspection.get_status_display()}”阶段；{what}只在反馈后的"
        f"“{Inspection.Status.RECTIFYING.label}”阶段进行（{article}）",
        field=field,
        article=article,
        code="wrong_stage",
    )


def _start(inspection: Inspection, book: Rulebook, *, what: str, field: str, article: str) -> datetime.date:
    """The day rectification runs from: the receipt where the rulebook has one (JDZ-2017 第三十四条:
    自签收反馈意见之日起), else the feedback (NMG-2016 第三十条: 收到巡视组反馈意见后)."""
    if rules.has_receipt(book):
        form = book.signature_form("feedback_receipt")
        assert form is not None
        if inspection.receipt_signed_on is None:
            raise ServiceError(
                f"《{form.name.strip('《》')}》签收后才能{what}（{article}：自签收反馈意见之日起计算）",
                field=field,
                article=article,
            )
        return inspection.receipt_signed_on
    if inspection.feedback_given_on is None:
        raise ServiceError(f"尚未反馈，不能{what}（{article}）", field=field, article=article)
    return inspection.feedback_given_on


def _text(value: str, *, label: str, field: str, article: str = "") -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(f"请填写{label}", field=field, article=article)
    return value


# -- the plan and its items -----------------------------------------------------------------------------------------
def _checked_items(
    inspection: Inspection, items: Sequence[PlannedItem], *, on: datetime.date, article: str
) -> list[tuple[Finding, PlannedItem]]:
    """Every problem fed back has exactly one complete item; refusals name the problems."""
    problems = {f.pk: f for f in fed_back_problems(inspection)}
    given: dict[int, PlannedItem] = {}
    for item in items:
        if item.finding_id not in problems:
            raise ServiceError(
                f"问题 {item.finding_id} 不是向本单位反馈的问题，不能列入整改事项", field="items", article=article
            )
        if item.finding_id in given:
            problem = problems[item.finding_id]
            raise ServiceError(f"问题{problem.number}“{problem.title}”重复列入整改事项", field="items", article=article)
        given[item.finding_id] = item
    missing = [p for pk, p in problems.items() if pk not in given]
    if missing:
        names = "、".join(f"问题{p.number}“{p.title}”" for p in missing)
        # JDZ-2017 第三十四条 says 针对…反馈的问题和意见，应当认真制定整改措施; NMG-2016 第三十条 only 认真整改落实,
        # so there one item per problem is the system's setting (the step itself is: no separate plan).
        book = inspection.jurisdiction.rulebook
        why = (
            f"{article}：针对反馈的问题和意见制定整改措施"
            if rules.has_separate_plan(book)
            else f"本系统设置；《{book.short_title}》{article}只规定认真整改落实"
        )
        raise ServiceError(
            f"整改事项须逐一对应反馈的问题；以下问题没有整改措施：{names}（{why}）",
            field="items",
            article=article,
            code="items_incomplete",
        )
    out = []
    for pk, problem in problems.items():
        item = given[pk]
        lacking = [
            label
            for label, value in (
                ("整改措施", item.measures.strip()),
                ("责任人", item.responsible_person.strip()),
                ("完成时限", item.target_date),
            )
            if not value
        ]
        if lacking:
            raise ServiceError(
                f"问题{problem.number}“{problem.title}”的整改事项未填写{'、'.join(lacking)}",
                field="items",
                article=article,
            )
        assert item.target_date is not None
        if item.target_date < on:
            raise ServiceError(
                f"问题{problem.number}“{problem.title}”的完成时限 {item.target_date} 早于报送日期 {on}",
                field="items",
                article=article,
            )
        out.append((problem, item))
    return out


def _create_plan(
    *,
    actor: Any,
    inspection: Inspection,
    on: datetime.date,
    text: str,
    checked: list[tuple[Finding, PlannedItem]],
    separate: bool,
) -> RectificationPlan:
    plan = RectificationPlan(inspection=inspection, separate=separate, text=text, submitted_on=on, submitted_by=actor)
    full_clean_or_raise(plan)
    plan.save()
    for number, (problem, item) in enumerate(checked, start=1):
        assert item.target_date is not None  # _checked_items refused a missing one
        row = RectificationItem(
            plan=plan,
            finding=problem,
            number=number,
            measures=item.measures.strip(),
            responsible_person=item.responsible_person.strip(),
            target_date=item.target_date,
        )
        full_clean_or_raise(row)
        row.save()
    return plan


def rectification_plan_submit(
    *,
    actor: Any,
    inspection: Inspection,
    submitted_on: datetime.date | None = None,
    text: str,
    items: Sequence[PlannedItem],
) -> RectificationPlan:
    """整改方案, within 10 working days of signing the receipt (JDZ-2017 第三十四条): one item per problem fed back.
    Sets Inspection.plan_submitted_on and records `rectification.plan_submitted`, which fulfils the deadline."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        if not rules.has_separate_plan(book):
            raise ServiceError(
                f"{book.short_title}没有规定单独报送整改方案；请逐一针对反馈的问题登记整改事项，再报送整改情况报告"
                f"（{book.procedure.rectification_article}）",
                field="submitted_on",
                code="not_in_rulebook",
                article=book.procedure.rectification_article,
            )
        article = rules.plan_article(book)
        _require_unit(actor, inspection, what="报送整改方案", article=article)
        _require_rectifying(inspection, what="报送整改方案", field="submitted_on", article=article)
        start = _start(inspection, book, what="报送整改方案", field="submitted_on", article=article)
        if hasattr(inspection, "rectification_plan"):
            raise ServiceError(
                f"整改方案已于 {inspection.rectification_plan.submitted_on} 报送", field="submitted_on", article=article
            )
        text = _text(text, label="整改方案", field="text", article=article)
        submitted_on = submitted_on or timezone.localdate()
        check_past_date(submitted_on, field="submitted_on", label="报送日期", not_before=start)
        checked = _checked_items(inspection, items, on=submitted_on, article=article)
        plan = _create_plan(
            actor=actor, inspection=inspection, on=submitted_on, text=text, checked=checked, separate=True
        )
        inspection.plan_submitted_on = submitted_on
        inspection.save(update_fields=["plan_submitted_on"])
        event_record(
            actor=actor,
            action=RECTIFICATION_PLAN_SUBMITTED,
            obj=inspection,  # the deadline's subject is the inspection (opened by the receipt)
            inspection=inspection,
            after={"plan_submitted_on": submitted_on, "plan": plan.pk, "problems": [p.number for p, _ in checked]},
            article=article,
            occurred_on=submitted_on,
        )
    return plan


def rectification_items_record(
    *,
    actor: Any,
    inspection: Inspection,
    recorded_on: datetime.date | None = None,
    text: str,
    items: Sequence[PlannedItem],
) -> RectificationPlan:
    """Where the rulebook sets no separate plan (NMG-2016 第三十条), the unit records its items — one per problem fed
    back — before its reports, which report on them; no deadline runs on this step."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        article = book.procedure.rectification_article
        if rules.has_separate_plan(book):
            raise ServiceError(
                f"{book.short_title}规定上报整改方案（{rules.plan_article(book)}），整改事项随整改方案报送",
                code="use_plan",
                article=rules.plan_article(book),
            )
        _require_unit(actor, inspection, what="登记整改事项", article=article)
        _require_rectifying(inspection, what="登记整改事项", field="recorded_on", article=article)
        start = _start(inspection, book, what="登记整改事项", field="recorded_on", article=article)
        if hasattr(inspection, "rectification_plan"):
            raise ServiceError(
                f"整改事项已于 {inspection.rectification_plan.submitted_on} 登记", field="recorded_on", article=article
            )
        text = _text(text, label="整改工作总体安排", field="text", article=article)
        recorded_on = recorded_on or timezone.localdate()
        check_past_date(recorded_on, field="recorded_on", label="登记日期", not_before=start)
        checked = _checked_items(inspection, items, on=recorded_on, article=article)
        plan = _create_plan(
            actor=actor, inspection=inspection, on=recorded_on, text=text, checked=checked, separate=False
        )
        event_record(
            actor=actor,
            action=RECTIFICATION_ITEMS_RECORDED,
            obj=plan,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"recorded_on": recorded_on, "problems": [p.number for p, _ in checked]},
            article=article,
            occurred_on=recorded_on,
        )
    return plan


def rectification_item_update(
    *,
    actor: Any,
    item: RectificationItem,
    noted_on: datetime.date | None = None,
    status: str,
    note: str,
    transfer_reason: str = "",
) -> RectificationItem:
    """A progress note, moving the item along its transition table. 转入日常监督 needs its reason."""
    with transaction.atomic():
        inspection = lock_inspection(item.plan.inspection)
        item = RectificationItem.objects.select_for_update(of=("self",)).select_related("plan").get(pk=item.pk)
        book = inspection.jurisdiction.rulebook
        article = book.procedure.rectification_article
        _require_unit(actor, inspection, what="登记整改进展", article=article)
        _require_rectifying(inspection, what="登记整改进展", field="status", article=article)
        if status not in RectificationItem.Status.values:
            raise ServiceError(f"整改状态“{status}”不存在", field="status")
        note = _text(note, label="进展情况", field="note", article=article)
        current = item.status
        if status != current and status not in RectificationItem.TRANSITIONS[current]:
            allowed = "、".join(RectificationItem.Status(s).label for s in RectificationItem.TRANSITIONS[current])
            raise ServiceError(
                f"{item}处于“{RectificationItem.Status(current).label}”，不能转入“{RectificationItem.Status(status).label}”"
                f"（此状态只能转入：{allowed}）",
                field="status",
                article=article,
                code="wrong_status",
            )
        reason = transfer_reason.strip()
        if status == RectificationItem.Status.TRANSFERRED and not reason:
            # 转入日常监督 and its reason are the system's closure condition (`procedure.closure_note`), not the words
            # of JDZ-2017 第三十四条 or NMG-2016 第三十条: labelled as the setting, citing no article.
            raise ServiceError(
                f"{item}转入日常监督须说明理由（本系统设置：整改事项须完成或明确转入日常监督；"
                f"《{book.short_title}》未规定转入日常监督）",
                field="transfer_reason",
            )
        noted_on = noted_on or timezone.localdate()
        check_past_date(noted_on, field="noted_on", label="进展日期", not_before=item.plan.submitted_on)
        progress = ItemProgress(
            item=item, noted_on=noted_on, from_status=current, to_status=status, note=note, recorded_by=actor
        )
        full_clean_or_raise(progress)
        progress.save()
        item.status = status
        item.transfer_reason = reason if status == RectificationItem.Status.TRANSFERRED else ""
        full_clean_or_raise(item)
        item.save(update_fields=["status", "transfer_reason"])
        event_record(
            actor=actor,
            action=RECTIFICATION_ITEM_UPDATED,
            obj=item,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            before={"status": current},
            after={"status": status, "noted_on": noted_on, "transfer_reason": item.transfer_reason or None},
            article=article,
            occurred_on=noted_on,
        )
    return item


def rectification_evidence_upload(*, actor: Any, item: RectificationItem, upload: UploadedFile) -> EvidenceFile:
    """整改佐证材料 for an item, stored with its size and SHA-256 (computed over the stream in chunks)."""
    with transaction.atomic():
        inspection = lock_inspection(item.plan.inspection)
        book = inspection.jurisdiction.rulebook
        article = book.procedure.rectification_article
        _require_unit(actor, inspection, what="上传整改佐证材料", article=article)
        _require_rectifying(inspection, what="上传整改佐证材料", field="file", article=article)
        name = (upload.name or "").rsplit("/", 1)[-1].strip()
        if not name:
            raise ServiceError("请选择文件", field="file")
        sha256, size = file_digest(upload)
        if size == 0:
            raise ServiceError("文件为空", field="file")
        evidence = EvidenceFile(
            item=item,
            original_name=name[:255],
            size=size,
            sha256=sha256,
            uploaded_by=actor,
            uploaded_at=timezone.now(),
        )
        evidence.file.save(name, upload, save=False)
        try:
            full_clean_or_raise(evidence)
            evidence.save()
            event_record(
                actor=actor,
                action=RECTIFICATION_EVIDENCE_UPLOADED,
                obj=evidence,
                inspection=inspection,
                jurisdiction=inspection.jurisdiction,
                after={"item": item.number, "original_name": evidence.original_name, "size": size, "sha256": sha256},
                article=article,
            )
        except BaseException:
            evidence.file.delete(save=False)  # nothing left on disk for a row that was not written
            raise
    return evidence


def rectification_evidence_open(*, actor: Any, pk: int) -> EvidenceFile:
    evidence = EvidenceFile.objects.visible_to(actor).filter(pk=pk).first()
    if evidence is None:
        raise PermissionDeniedError("整改佐证材料不存在或您无权查阅。")
    return evidence


# -- the reports and their review -----------------------------------------------------------------------------------
def rectification_reports_submit(
    *,
    actor: Any,
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
        principal = _text(
            principal_report, label="主要负责人组织落实情况报告", field="principal_report", article=article
        )
        not_before = max(start, plan.submitted_on, latest.reviewed_on if latest and latest.reviewed_on else start)
        submitted_on = submitted_on or timezone.localdate()
        check_past_date(submitted_on, field="submitted_on", label="报送日期", not_before=not_before)
        report = RectificationReport(
            inspection=inspection,
            number=latest.number + 1 if latest else 1,
            situation_report=situation,
            principal_report=principal,
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
                after={"reports_submitted_on": submitted_on, "report": report.pk, "to": reviewer},
                article=article,
                occurred_on=submitted_on,
            )
        else:
            event_record(
                actor=actor,
                action=RECTIFICATION_REPORTS_RESUBMITTED,
                obj=report,
                inspection=inspection,
                jurisdiction=inspection.jurisdiction,
                after={"number": report.number, "returned": latest.number, "to": reviewer},
                article=article,
                occurred_on=submitted_on,
            )
    return report


def rectification_report_review(
    *,
    actor: Any,
    report: RectificationReport,
    reviewed_on: datetime.date | None = None,
    accepted: bool,
    opinion: str = "",
) -> RectificationReport:
    """审核: under JDZ-2017 第三十四条 the team (its leader) reviews and, accepting, forwards the reports to the office;
    under NMG-2016 the office reviews. A return needs its reasons; the unit then submits again."""
    with transaction.atomic():
        inspection = lock_inspection(report.inspection)
        report = RectificationReport.objects.select_for_update(of=("self",)).get(pk=report.pk)
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
        if report.status != RectificationReport.Status.SUBMITTED:
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
        report.status = RectificationReport.Status.ACCEPTED if accepted else RectificationReport.Status.RETURNED
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


# -- supervision ----------------------------------------------------------------------------------------------------
def supervision_record(
    *,
    actor: Any,
    inspection: Inspection,
    supervised_on: datetime.date | None = None,
    way: str,
    content: str,
    participants: str = "",
    reported_to_leading_group: bool = False,
    reported_on: datetime.date | None = None,
) -> Supervision:
    """督办 (JDZ-2017 第四十条, NMG-2016 第三十四条): the office, with the team, learns about and urges the unit's
    rectification and reports to the leading group."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        article = book.procedure.supervision_article
        office, team = book.body("office").name, book.body("team").name
        if not (_is_office(actor, inspection) or _is_leader(actor, inspection)):
            raise PermissionDeniedError(
                f"督办由{office}会同{team}开展（{article}）；只有{office}工作人员或本组组长可以登记。", article=article
            )
        _require_rectifying(inspection, what="督办整改", field="supervised_on", article=article)
        if way not in Supervision.Way.values:
            raise ServiceError(f"督办方式“{way}”不存在", field="way", article=article)
        content = _text(content, label="督办内容", field="content", article=article)
        supervised_on = supervised_on or timezone.localdate()
        check_past_date(supervised_on, field="supervised_on", label="督办日期", not_before=inspection.feedback_given_on)
        if reported_to_leading_group:
            if reported_on is None:
                raise ServiceError(
                    f"已向{book.body('leading_group').name}报告的，须填写报告日期（{article}）",
                    field="reported_on",
                    article=article,
                )
            check_past_date(reported_on, field="reported_on", label="报告日期", not_before=supervised_on)
        else:
            reported_on = None
        supervision = Supervision(
            inspection=inspection,
            supervised_on=supervised_on,
            way=way,
            content=content,
            participants=participants.strip(),
            reported_to_leading_group=reported_to_leading_group,
            reported_on=reported_on,
            recorded_by=actor,
        )
        full_clean_or_raise(supervision)
        supervision.save()
        event_record(
            actor=actor,
            action=RECTIFICATION_SUPERVISED,
            obj=supervision,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"way": way, "reported_to_leading_group": reported_to_leading_group, "reported_on": reported_on},
            article=article,
            occurred_on=supervised_on,
        )
    return supervision


# -- poor rectification (JDZ-2017 第四十一条) --------------------------------------------------------------------------
def _require_poor_measures(book: Rulebook) -> str:
    article = book.procedure.poor_rectification_article
    if not book.procedure.poor_rectification_measures or article is None:
        raise ServiceError(
            rules.no_poor_measures_message(book), code="not_in_rulebook", article=book.procedure.supervision_article
        )
    return article


def _open_step(inspection: Inspection, kind: str) -> PoorRectificationStep | None:
    """The latest step of `kind` that no later step follows yet."""
    return (
        Step.objects.filter(inspection=inspection, kind=kind, next_steps__isnull=True)
        .order_by("-occurred_on", "-id")
        .first()
    )


def _step(
    *,
    actor: Any,
    inspection: Inspection,
    kind: str,
    follows: Step | None,
    on: datetime.date,
    content: str,
    article: str,
    action: Action,
    **extra: str,
) -> Step:
    step = Step(
        inspection=inspection, kind=kind, follows=follows, occurred_on=on, content=content, recorded_by=actor, **extra
    )
    full_clean_or_raise(step)
    step.save()
    event_record(
        actor=actor,
        action=action,
        obj=step,
        inspection=inspection,
        jurisdiction=inspection.jurisdiction,
        after={"kind": kind, "follows": follows.pk if follows else None, **extra},
        article=article,
        occurred_on=on,
    )
    return step


def rectification_opinion_give(*, actor: Any, inspection: Inspection, given_on: datetime.date, content: str) -> Step:
    """整改意见: where supervision finds the unit's rectification poor, the team gives it opinions."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        article = _require_poor_measures(book)
        if not _is_leader(actor, inspection):
            raise PermissionDeniedError(
                f"整改意见由{book.body('team').name}提出（{article}）；只有本组组长可以登记。", article=article
            )
        _require_rectifying(inspection, what="提出整改意见", field="given_on", article=article)
        first = Supervision.objects.filter(inspection=inspection).order_by("supervised_on").first()
        if first is None or first.supervised_on > given_on:
            raise ServiceError(
                f"在督办过程中发现整改不力的，才由{book.body('team').name}提出整改意见（{article}）；"
                f"{given_on} 之前本{book.word}尚无督办记录（{book.procedure.supervision_article}）",
                field="given_on",
                article=article,
                code="supervision_first",
            )
        content = _text(content, label="整改意见", field="content", article=article)
        check_past_date(given_on, field="given_on", label="提出日期", not_before=first.supervised_on)
        return _step(
            actor=actor,
            inspection=inspection,
            kind=Step.Kind.OPINION,
            follows=None,
            on=given_on,
            content=content,
            article=article,
            action=RECTIFICATION_OPINION_GIVEN,
        )


def poor_rectification_report(*, actor: Any, inspection: Inspection, reported_on: datetime.date, content: str) -> Step:
    """Still poor after the opinions (仍整改不到位或敷衍塞责): the office reports to the leading group."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        article = _require_poor_measures(book)
        office, group = book.body("office").name, book.body("leading_group").name
        if not _is_office(actor, inspection):
            raise PermissionDeniedError(
                f"由{office}上报{group}（{article}）；只有{office}工作人员可以登记。", article=article
            )
        _require_rectifying(inspection, what=f"上报{group}", field="reported_on", article=article)
        opinion = _open_step(inspection, Step.Kind.OPINION)
        if opinion is None:
            raise ServiceError(
                f"须先由{book.body('team').name}提出整改意见；提出整改意见后仍整改不到位或敷衍塞责的，"
                f"才由{office}上报{group}（{article}）",
                field="reported_on",
                article=article,
                code="opinion_first",
            )
        content = _text(content, label="仍整改不到位或敷衍塞责的情况", field="content", article=article)
        check_past_date(reported_on, field="reported_on", label="上报日期", not_before=opinion.occurred_on)
        return _step(
            actor=actor,
            inspection=inspection,
            kind=Step.Kind.REPORT,
            follows=opinion,
            on=reported_on,
            content=content,
            article=article,
            action=RECTIFICATION_REPORTED_TO_LEADING_GROUP,
        )


def poor_rectification_measure(
    *,
    actor: Any,
    inspection: Inspection,
    kind: str,
    taken_on: datetime.date,
    content: str,
    talk_leader: str = "",
    principal: str = "",
) -> Step:
    """After the report to the leading group: 通报, or 约谈 of the unit's principal leader by a leader of the leading
    group — one of the two per report."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        article = _require_poor_measures(book)
        office, group = book.body("office").name, book.body("leading_group").name
        if kind not in book.procedure.poor_rectification_measures:
            listed = "、".join(rules.MEASURE_LABELS[m] for m in book.procedure.poor_rectification_measures)
            raise ServiceError(
                f"“{kind}”不是{book.short_title}规定的措施（{article}：{listed}）", field="kind", article=article
            )
        label = rules.MEASURE_LABELS[kind]
        if not _is_office(actor, inspection):
            raise PermissionDeniedError(f"{label}由{office}登记（{article}）；您无权登记。", article=article)
        _require_rectifying(inspection, what=label, field="taken_on", article=article)
        report = _open_step(inspection, Step.Kind.REPORT)
        if report is None:
            raise ServiceError(
                f"须先由{office}上报{group}，才能{label}（{article}：上报{group}后进行通报或约谈）",
                field="taken_on",
                article=article,
                code="report_first",
            )
        content = _text(content, label=f"{label}内容", field="content", article=article)
        extra: dict[str, str] = {}
        if kind == Step.Kind.ADMONITORY_TALK:
            extra = {
                "talk_leader": _text(talk_leader, label=f"约谈的{group}领导", field="talk_leader", article=article),
                "principal": _text(
                    principal,
                    label=f"被约谈的{rules.unit_word(book)}党委（党组）主要负责人",
                    field="principal",
                    article=article,
                ),
            }
        check_past_date(taken_on, field="taken_on", label=f"{label}日期", not_before=report.occurred_on)
        action = RECTIFICATION_NOTICE_CIRCULATED if kind == Step.Kind.CIRCULATED_NOTICE else RECTIFICATION_TALK_HELD
        return _step(
            actor=actor,
            inspection=inspection,
            kind=kind,
            follows=report,
            on=taken_on,
            content=content,
            article=article,
            action=action,
            **extra,
        )
