"""Writes on disclosures (公开: JDZ-2017 第四十二条, NMG-2016 第三十五条). Each is one transaction with its event.

Who may act:
- drafting, changing a draft and drafting a correction: the leader of the inspection's team, or the office (办公室
  head or staff) of its jurisdiction;
- approving, and returning an approved text to draft (退回): the office head. The regulations name no approver; this is
  the system's setting (docs/disclosures.md);
- publishing an approved text, with the publication date and the rulebook's channels: the office.
Only the stages the rulebook's `disclosures` list, each once it has happened (entry, feedback given, rectification
reports submitted). Title and body are checked against the inspection's secret material before approval and again
before publication (`secrecy.check_no_secrets`). A published disclosure is never changed: a correction is a new draft
that supersedes it once published.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, check_past_date, full_clean_or_raise
from xuncha.core.visibility import viewer_for
from xuncha.findings.services import is_team_leader
from xuncha.inspections.locking import lock_inspection, lock_under_inspection
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.rulebook import Disclosure as DisclosureRule

from . import rules
from .actions import (
    DISCLOSURE_APPROVED,
    DISCLOSURE_CORRECTED,
    DISCLOSURE_DRAFTED,
    DISCLOSURE_PUBLISHED,
    DISCLOSURE_RETURNED,
    DISCLOSURE_UPDATED,
)
from .models import Disclosure
from .secrecy import check_no_secrets

if TYPE_CHECKING:
    from xuncha.accounts.models import User

OFFICE = frozenset({"office_head", "office_staff"})
APPROVER = frozenset({"office_head"})  # the system's setting: the regulations name no approver


# -- guards ---------------------------------------------------------------------------------------------------------


def may_draft(actor: User, inspection: Inspection) -> bool:
    viewer = viewer_for(actor)
    return inspection.jurisdiction_id in viewer.jurisdictions_with(OFFICE) or is_team_leader(actor, inspection.team_id)


def may_approve(actor: User, inspection: Inspection) -> bool:
    return inspection.jurisdiction_id in viewer_for(actor).jurisdictions_with(APPROVER)


def may_publish(actor: User, inspection: Inspection) -> bool:
    return inspection.jurisdiction_id in viewer_for(actor).jurisdictions_with(OFFICE)


def _office(inspection: Inspection) -> str:
    return f"{inspection.jurisdiction.word}办"


def _require_drafter(actor: User, inspection: Inspection, *, what: str, article: str) -> None:
    if may_draft(actor, inspection):
        return
    raise PermissionDeniedError(
        f"只有本{inspection.jurisdiction.word}组（{inspection.team}）组长或{_office(inspection)}可以{what}（{article}）。",
        article=article,
    )


def _require_approver(actor: User, inspection: Inspection, *, what: str, article: str) -> None:
    if may_approve(actor, inspection):
        return
    raise PermissionDeniedError(
        f"只有{inspection.jurisdiction}{_office(inspection)}主任可以{what}"
        f"（{article}未规定审批人，本系统设定由{_office(inspection)}主任审批）。",
        article=article,
    )


def _require_publisher(actor: User, inspection: Inspection, *, what: str, article: str) -> None:
    if may_publish(actor, inspection):
        return
    raise PermissionDeniedError(
        f"只有{inspection.jurisdiction}{_office(inspection)}可以{what}（{article}）。", article=article
    )


def _require_text(title: str, body: str, *, article: str) -> tuple[str, str]:
    title, body = title.strip(), body.strip()
    if not title:
        raise ServiceError(f"请填写公开的标题（{article}）", field="title", article=article)
    if not body:
        raise ServiceError(f"请填写公开的内容（{article}）", field="body", article=article)
    return title, body


def _require_draft(disclosure: Disclosure, *, what: str, article: str) -> None:
    if disclosure.status == Disclosure.Status.DRAFT:
        return
    hint = "已公开的不再修改，如需更正请起草更正" if disclosure.status == Disclosure.Status.PUBLISHED else "须先退回"
    raise ServiceError(
        f"“{disclosure}”处于“{disclosure.get_status_display()}”状态，只有草稿可以{what}；{hint}（{article}）",
        field="status",
        article=article,
        code="wrong_status",
    )


def _rule(inspection: Inspection, stage: str) -> tuple[DisclosureRule, datetime.date]:
    rule = rules.disclosure_rule(inspection.jurisdiction.rulebook, stage)
    return rule, rules.stage_ready_on(inspection, rule)


def _snapshot(disclosure: Disclosure) -> dict[str, Any]:
    # Digests, not the text: an unchecked draft may still hold a secret (the check comes at approval), and the event
    # chain is kept for good. The row holds the text; the digests prove which text each step saw.
    return {
        "stage": disclosure.stage,
        "title_sha256": hashlib.sha256(disclosure.title.encode()).hexdigest(),
        "body_sha256": hashlib.sha256(disclosure.body.encode()).hexdigest(),
    }


# -- drafting -------------------------------------------------------------------------------------------------------
def disclosure_draft(*, actor: User, inspection: Inspection, stage: str, title: str, body: str) -> Disclosure:
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        _require_drafter(actor, inspection, what="起草公开内容", article=rules.disclosure_article(book))
        rule, _ = _rule(inspection, stage)
        title, body = _require_text(title, body, article=rule.article)
        disclosure = Disclosure(inspection=inspection, stage=rule.stage, title=title, body=body, drafted_by=actor)
        full_clean_or_raise(disclosure)
        disclosure.save()
        event_record(
            actor=actor,
            action=DISCLOSURE_DRAFTED,
            obj=disclosure,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after=_snapshot(disclosure) | {"status": disclosure.status},
            article=rule.article,
        )
    return disclosure


def disclosure_update(*, actor: User, disclosure: Disclosure, title: str, body: str) -> Disclosure:
    with transaction.atomic():
        disclosure, inspection = lock_under_inspection(disclosure)
        rule = rules.disclosure_rule(inspection.jurisdiction.rulebook, disclosure.stage)
        _require_drafter(actor, inspection, what="修改公开内容", article=rule.article)
        _require_draft(disclosure, what="修改", article=rule.article)
        before = _snapshot(disclosure)
        disclosure.title, disclosure.body = _require_text(title, body, article=rule.article)
        full_clean_or_raise(disclosure)
        disclosure.save(update_fields=["title", "body"])
        event_record(
            actor=actor,
            action=DISCLOSURE_UPDATED,
            obj=disclosure,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            before=before,
            after=_snapshot(disclosure),
            article=rule.article,
        )
    return disclosure


def disclosure_correct(*, actor: User, disclosure: Disclosure, title: str, body: str, reason: str) -> Disclosure:
    """更正 a published disclosure: a new draft of the same stage that supersedes it once published. The published
    one is never changed."""
    with transaction.atomic():
        disclosure, inspection = lock_under_inspection(disclosure)
        rule = rules.disclosure_rule(inspection.jurisdiction.rulebook, disclosure.stage)
        _require_drafter(actor, inspection, what="更正公开内容", article=rule.article)
        if disclosure.status != Disclosure.Status.PUBLISHED:
            raise ServiceError(
                f"“{disclosure}”处于“{disclosure.get_status_display()}”状态，尚未公开，直接修改即可，无须更正"
                f"（{rule.article}）",
                field="status",
                article=rule.article,
                code="wrong_status",
            )
        existing = Disclosure.objects.filter(supersedes=disclosure).first()
        if existing is not None:
            raise ServiceError(
                f"“{disclosure}”已有更正（公开 #{existing.pk}，{existing.get_status_display()}），请在该更正上继续",
                field="supersedes",
                article=rule.article,
            )
        if not reason.strip():
            raise ServiceError(f"更正已公开的内容须说明理由（{rule.article}）", field="reason", article=rule.article)
        title, body = _require_text(title, body, article=rule.article)
        new = Disclosure(
            inspection=inspection,
            stage=disclosure.stage,
            title=title,
            body=body,
            supersedes=disclosure,
            correction_reason=reason.strip(),
            drafted_by=actor,
        )
        full_clean_or_raise(new)
        new.save()
        event_record(
            actor=actor,
            action=DISCLOSURE_CORRECTED,
            obj=new,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            before={"supersedes": disclosure.pk},
            after=_snapshot(new) | {"reason": new.correction_reason},
            article=rule.article,
        )
    return new


# -- approval and publication ---------------------------------------------------------------------------------------
def disclosure_approve(*, actor: User, disclosure: Disclosure, approved_on: datetime.date) -> Disclosure:
    with transaction.atomic():
        disclosure, inspection = lock_under_inspection(disclosure)
        rule, ready = _rule(inspection, disclosure.stage)
        _require_approver(actor, inspection, what="审批公开内容", article=rule.article)
        before = Disclosure.flow.move(
            disclosure, Disclosure.Status.APPROVED, article=rule.article, subject=f"“{disclosure}”"
        )
        check_past_date(approved_on, field="approved_on", label="审批日期", not_before=ready)
        check_no_secrets(actor=actor, inspection=inspection, title=disclosure.title, body=disclosure.body, step="审批")
        disclosure.approved_by, disclosure.approved_on, disclosure.return_reason = actor, approved_on, ""
        full_clean_or_raise(disclosure)
        disclosure.save(update_fields=["status", "approved_by", "approved_on", "return_reason"])
        event_record(
            actor=actor,
            action=DISCLOSURE_APPROVED,
            obj=disclosure,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            before={"status": before},
            after={"status": disclosure.status, "approved_on": approved_on} | _snapshot(disclosure),
            article=rule.article,
            occurred_on=approved_on,
        )
    return disclosure


def disclosure_return(*, actor: User, disclosure: Disclosure, reason: str) -> Disclosure:
    """退回: an approved text goes back to draft with the office head's reason, to be changed and approved again."""
    with transaction.atomic():
        disclosure, inspection = lock_under_inspection(disclosure)
        rule = rules.disclosure_rule(inspection.jurisdiction.rulebook, disclosure.stage)
        _require_approver(actor, inspection, what="退回公开内容", article=rule.article)
        if not reason.strip():
            raise ServiceError(f"退回须说明理由（{rule.article}）", field="reason", article=rule.article)
        before = Disclosure.flow.move(
            disclosure, Disclosure.Status.DRAFT, article=rule.article, subject=f"“{disclosure}”"
        )
        disclosure.approved_by, disclosure.approved_on, disclosure.return_reason = None, None, reason.strip()
        full_clean_or_raise(disclosure)
        disclosure.save(update_fields=["status", "approved_by", "approved_on", "return_reason"])
        event_record(
            actor=actor,
            action=DISCLOSURE_RETURNED,
            obj=disclosure,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            before={"status": before},
            after={"status": disclosure.status, "reason": disclosure.return_reason},
            article=rule.article,
        )
    return disclosure


def disclosure_publish(*, actor: User, disclosure: Disclosure, published_on: datetime.date) -> Disclosure:
    """Publish an approved text on `published_on` through the rulebook's channels, after checking again that it holds
    no secret (secret material may have been recorded since the approval)."""
    with transaction.atomic():
        disclosure, inspection = lock_under_inspection(disclosure)
        rule, ready = _rule(inspection, disclosure.stage)
        _require_publisher(actor, inspection, what="发布公开内容", article=rule.article)
        before = Disclosure.flow.move(
            disclosure, Disclosure.Status.PUBLISHED, article=rule.article, subject=f"“{disclosure}”"
        )
        not_before = max(ready, disclosure.approved_on or ready)
        check_past_date(published_on, field="published_on", label="公开日期", not_before=not_before)
        check_no_secrets(actor=actor, inspection=inspection, title=disclosure.title, body=disclosure.body, step="公开")
        disclosure.published_by, disclosure.published_on, disclosure.channels = actor, published_on, rule.channels
        full_clean_or_raise(disclosure)
        disclosure.save(update_fields=["status", "published_by", "published_on", "channels"])
        event_record(
            actor=actor,
            action=DISCLOSURE_PUBLISHED,
            obj=disclosure,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            before={"status": before},
            after={
                "status": disclosure.status,
                "title": disclosure.title,  # checked and now public
                "channels": disclosure.channels,
                "supersedes": disclosure.supersedes_id,
            }
            | _snapshot(disclosure),
            article=rule.article,
            occurred_on=published_on,
        )
    return disclosure
