"""The rectification plan (or, under NMG-2016, the items), item progress and evidence."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, check_past_date, full_clean_or_raise
from xuncha.core.locking import lock_row
from xuncha.fieldwork.services import file_digest
from xuncha.findings.models import Finding
from xuncha.inspections.locking import lock_inspection
from xuncha.inspections.models import Inspection

from .. import rules
from ..actions import (
    RECTIFICATION_EVIDENCE_UPLOADED,
    RECTIFICATION_ITEM_UPDATED,
    RECTIFICATION_ITEMS_RECORDED,
    RECTIFICATION_PLAN_SUBMITTED,
)
from ..models import (
    EvidenceFile,
    ItemProgress,
    RectificationItem,
    RectificationPlan,
)
from ..selectors import fed_back_problems
from .common import _require_rectifying, _require_unit, _start, _text

if TYPE_CHECKING:
    from xuncha.accounts.models import User


@dataclass(frozen=True)
class PlannedItem:
    """One line of the plan: the problem fed back (a finding's id) and what the unit will do about it."""

    finding_id: int
    measures: str
    responsible_person: str
    target_date: datetime.date | None


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
    actor: User,
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
    actor: User,
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
    actor: User,
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
    actor: User,
    item: RectificationItem,
    noted_on: datetime.date | None = None,
    status: str,
    note: str,
    transfer_reason: str = "",
) -> RectificationItem:
    """A progress note, moving the item along its transition table. 转入日常监督 needs its reason."""
    with transaction.atomic():
        inspection = lock_inspection(item.plan.inspection)
        item = lock_row(item, "plan")
        book = inspection.jurisdiction.rulebook
        article = book.procedure.rectification_article
        _require_unit(actor, inspection, what="登记整改进展", article=article)
        _require_rectifying(inspection, what="登记整改进展", field="status", article=article)
        if status not in RectificationItem.Status.values:
            raise ServiceError(f"整改状态“{status}”不存在", field="status")
        note = _text(note, label="进展情况", field="note", article=article)
        current = item.status
        if status != current:  # staying in a status is a progress note
            RectificationItem.flow.check(item, status, article=article)
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
        if status != current:
            RectificationItem.flow.move(item, status, article=article)
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


def rectification_evidence_upload(*, actor: User, item: RectificationItem, upload: UploadedFile) -> EvidenceFile:
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


def rectification_evidence_open(*, actor: User, pk: int) -> EvidenceFile:
    evidence = EvidenceFile.objects.visible_to(actor).filter(pk=pk).first()
    if evidence is None:
        raise PermissionDeniedError("整改佐证材料不存在或您无权查阅。")
    return evidence
