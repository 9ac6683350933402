"""Writes on findings: drafting, editing, evidence, the leader's approval and return.
Each is one transaction with its event."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from xuncha.audit.services import event_record
from xuncha.core.errors import ServiceError, check_past_date, full_clean_or_raise
from xuncha.inspections.locking import lock_inspection, lock_under_inspection
from xuncha.inspections.models import Inspection

from .. import rules
from ..actions import (
    FINDING_DRAFTED,
    FINDING_EDITED,
    FINDING_EVIDENCE_LINKED,
    FINDING_EVIDENCE_UNLINKED,
    FINDING_LEADER_APPROVED,
    FINDING_RETURNED,
)
from ..models import EVIDENCE_KINDS, Evidence, Finding
from .guards import (
    _check_cadre,
    _check_clue,
    _move_recorded,
    _next_number,
    _require_draft,
    _require_leader,
    _require_member,
    _require_stage,
    _snapshot,
)

if TYPE_CHECKING:
    from xuncha.accounts.models import User


# -- findings -------------------------------------------------------------------------------------------------------
def finding_create(
    *,
    actor: User,
    inspection: Inspection,
    title: str,
    category: str,
    description: str,
    persons_concerned: str = "",
    cadre: Any = None,
    is_clue: bool = False,
    drafted_on: datetime.date | None = None,
) -> Finding:
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        _require_member(actor, inspection, what="起草问题底稿")
        _require_stage(inspection, what="起草问题底稿")
        chosen = rules.problem_category(book, category)
        _check_cadre(cadre, inspection)
        _check_clue(is_clue, persons_concerned, cadre)
        drafted_on = drafted_on or timezone.localdate()
        check_past_date(
            drafted_on,
            field="drafted_on",
            label="起草日期",
            not_before=inspection.entered_on,
            after="进驻日期",
            article=rules.problem_article(book),
        )
        finding = Finding(
            inspection=inspection,
            number=_next_number(Finding, inspection),
            title=title.strip(),
            category=chosen.code,
            description=description.strip(),
            persons_concerned=persons_concerned.strip(),
            cadre=cadre,
            is_clue=is_clue,
            created_by=actor,
            drafted_on=drafted_on,
        )
        full_clean_or_raise(finding)
        finding.save()
        event_record(
            actor=actor,
            action=FINDING_DRAFTED,
            obj=finding,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={**_snapshot(finding), "number": finding.number, "status": finding.status},
            article=chosen.article,
            occurred_on=drafted_on,
        )
    return finding


def finding_update(
    *,
    actor: User,
    finding: Finding,
    title: str,
    category: str,
    description: str,
    persons_concerned: str = "",
    cadre: Any = None,
    is_clue: bool = False,
) -> Finding:
    with transaction.atomic():
        finding, inspection = lock_under_inspection(finding)
        book = inspection.jurisdiction.rulebook
        _require_member(actor, inspection, what="修改问题底稿")
        _require_stage(inspection, what="修改问题底稿")
        _require_draft(finding, what="修改", article=rules.team_article(book))
        chosen = rules.problem_category(book, category)
        _check_cadre(cadre, inspection)
        _check_clue(is_clue, persons_concerned, cadre)
        before = _snapshot(finding)
        finding.title, finding.category, finding.description = title.strip(), chosen.code, description.strip()
        finding.persons_concerned, finding.cadre, finding.is_clue = persons_concerned.strip(), cadre, is_clue
        full_clean_or_raise(finding)
        finding.save()
        event_record(
            actor=actor,
            action=FINDING_EDITED,
            obj=finding,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            before=before,
            after=_snapshot(finding),
            article=chosen.article,
        )
    return finding


def evidence_link(*, actor: User, finding: Finding, kind: str, object_id: int, note: str = "") -> Evidence:
    """Link a record of the same inspection. The actor must be able to see the record; the link stores only
    its kind and id, so linking a secret record does not expose it."""
    with transaction.atomic():
        finding, inspection = lock_under_inspection(finding)
        book = inspection.jurisdiction.rulebook
        _require_member(actor, inspection, what="关联证据")
        _require_stage(inspection, what="关联证据")
        _require_draft(finding, what="关联证据", article=rules.team_article(book))
        spec = EVIDENCE_KINDS.get(kind)
        model = spec.model() if spec is not None else None
        if spec is None or model is None:
            offered = "、".join(f"{k.name}（{k.code}）" for k in EVIDENCE_KINDS.values() if k.model() is not None)
            raise ServiceError(f"证据类别“{kind}”不可用；可关联：{offered}", field="kind")
        label = f"{spec.name} #{object_id}"
        manager: Any = model._default_manager
        visible = manager.visible_to(actor) if hasattr(manager, "visible_to") else manager.none()
        record = visible.filter(pk=object_id).order_by("pk").values("pk", "inspection_id").first()
        if record is None:
            raise ServiceError(f"{label} 不存在或无权查看", field="object_id")
        if record["inspection_id"] != inspection.pk:
            raise ServiceError(f"{label} 不属于{inspection}，只能关联本次{book.word}的记录", field="object_id")
        evidence = Evidence(finding=finding, kind=kind, object_id=object_id, note=note.strip(), linked_by=actor)
        full_clean_or_raise(evidence)
        evidence.save()
        # The event names the link, never the record's content.
        event_record(
            actor=actor,
            action=FINDING_EVIDENCE_LINKED,
            obj=finding,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"evidence": evidence.pk, "kind": kind, "object_id": object_id, "label": label},
        )
    return evidence


def evidence_unlink(*, actor: User, evidence: Evidence) -> None:
    with transaction.atomic():
        finding, inspection = lock_under_inspection(evidence.finding)
        _require_member(actor, inspection, what="取消关联证据")
        _require_stage(inspection, what="取消关联证据")
        _require_draft(finding, what="取消关联证据", article=rules.team_article(inspection.jurisdiction.rulebook))
        before = {"evidence": evidence.pk, "kind": evidence.kind, "object_id": evidence.object_id}
        evidence.delete()
        event_record(
            actor=actor,
            action=FINDING_EVIDENCE_UNLINKED,
            obj=finding,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            before=before,
        )


def finding_leader_approve(*, actor: User, finding: Finding, on: datetime.date | None = None) -> Finding:
    """组长审定: after the 组务会, the team's leader approves (组长负责制)."""
    with transaction.atomic():
        finding, inspection = lock_under_inspection(finding)
        article = rules.team_article(inspection.jurisdiction.rulebook)
        _require_leader(actor, inspection, what="审定问题底稿")
        _require_stage(inspection, what="审定问题底稿")
        last = finding.moves.order_by("-recorded_at", "-pk").first()
        on = on or timezone.localdate()
        check_past_date(
            on,
            field="on",
            label="审定日期",
            not_before=last.occurred_on if last else finding.drafted_on,
            after="组务会通过日期" if last else "起草日期",
            article=article,
        )
        move = _move_recorded(finding, Finding.Status.LEADER_APPROVED, actor=actor, on=on, article=article)
        event_record(
            actor=actor,
            action=FINDING_LEADER_APPROVED,
            obj=finding,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            before={"status": move.from_status},
            after={"status": finding.status},
            article=article,
            occurred_on=on,
        )
    return finding


def finding_return(*, actor: User, finding: Finding, reason: str, on: datetime.date | None = None) -> Finding:
    """退回: the leader sends an approved finding back to draft, with the reason."""
    with transaction.atomic():
        finding, inspection = lock_under_inspection(finding)
        article = rules.team_article(inspection.jurisdiction.rulebook)
        _require_leader(actor, inspection, what="退回问题底稿")
        _require_stage(inspection, what="退回问题底稿")
        if not reason.strip():
            raise ServiceError(f"退回问题底稿须说明理由（组长负责制，{article}）", field="reason", article=article)
        last = finding.moves.order_by("-recorded_at", "-pk").first()
        on = on or timezone.localdate()
        check_past_date(
            on,
            field="on",
            label="退回日期",
            not_before=last.occurred_on if last else finding.drafted_on,
            after="上一步（组务会通过或组长审定）日期",
            article=article,
        )
        move = _move_recorded(finding, Finding.Status.DRAFT, actor=actor, on=on, article=article, reason=reason.strip())
        event_record(
            actor=actor,
            action=FINDING_RETURNED,
            obj=finding,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            before={"status": move.from_status},
            after={"status": finding.status, "reason": move.reason},
            article=article,
            occurred_on=on,
        )
    return finding
