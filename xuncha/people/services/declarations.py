"""Recusal declarations (回避事项申报): recorded by the inspector or the office, withdrawn but kept."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction

from xuncha.audit.services import event_record
from xuncha.core.errors import ServiceError, check_past_date, full_clean_or_raise
from xuncha.core.locking import lock_row
from xuncha.registry.models import Cadre, Organization

from ..actions import (
    DECLARATION_RECORDED,
    DECLARATION_WITHDRAWN,
)
from ..models import (
    Declaration,
    Inspector,
)
from ._common import _locked_inspector, _require_self_or_office, _same_jurisdiction

if TYPE_CHECKING:
    from xuncha.accounts.models import User


# -- declarations ----------------------------------------------------------------------------------------------
def declaration_create(
    *,
    actor: User | None,
    inspector: Inspector,
    kind: str,
    declared_on: datetime.date,
    person: Cadre | None = None,
    person_name: str = "",
    relation: str = "",
    organization: Organization | None = None,
    detail: str = "",
) -> Declaration:
    """An inspector declares a relation, interest or prior post (对需回避的，不得隐瞒不报: JDZ-2017 第十三条)."""
    with transaction.atomic():
        inspector = _locked_inspector(inspector)
        book = inspector.jurisdiction.rulebook
        article = book.recusal.article
        _require_self_or_office(actor, inspector, what="登记回避事项申报", article=article)
        if kind not in Declaration.Kind.values:
            labels = "、".join(Declaration.Kind.labels)
            raise ServiceError(f"类别 {kind or '（空）'} 无效，应为{labels}之一", field="kind", article=article)
        label = Declaration.Kind(kind).label
        if kind in ("interest", "prior_post") and organization is None:
            raise ServiceError(
                f"申报{label}须指明相关单位，回避核查据此进行（{article}）", field="organization", article=article
            )
        if person is None and organization is None and not person_name.strip():
            raise ServiceError(
                f"申报{label}须指明关系人或相关单位（{article}：对需回避的，不得隐瞒不报）",
                field="person",
                article=article,
            )
        _same_jurisdiction(person, inspector, field="person", label="关系人")
        _same_jurisdiction(organization, inspector, field="organization", label="相关单位")
        check_past_date(declared_on, field="declared_on", label="申报日期")
        declaration = Declaration(
            inspector=inspector,
            kind=kind,
            declared_on=declared_on,
            person=person,
            person_name=person_name.strip() or (person.name if person else ""),
            relation=relation.strip(),
            organization=organization,
            detail=detail.strip(),
        )
        full_clean_or_raise(declaration)
        declaration.save()
        event_record(
            actor=actor,
            action=DECLARATION_RECORDED,
            obj=declaration,
            jurisdiction=inspector.jurisdiction,
            article=article,
            occurred_on=declared_on,
            after={
                "inspector": inspector.cadre.code,
                "kind": kind,
                "person": person.code if person else None,
                "person_name": declaration.person_name,
                "relation": declaration.relation,
                "organization": organization.name if organization else None,
                "detail": declaration.detail,
            },
        )
    return declaration


def declaration_withdraw(
    *, actor: User | None, declaration: Declaration, withdrawn_on: datetime.date, reason: str = ""
) -> Declaration:
    """Withdraw a declaration from a date on. The declaration itself is kept unchanged: only `withdrawn_on` is set."""
    with transaction.atomic():
        locked = lock_row(declaration, "inspector__jurisdiction", "inspector__cadre")
        inspector = locked.inspector
        article = inspector.jurisdiction.rulebook.recusal.article
        _require_self_or_office(actor, inspector, what="撤回回避事项申报", article=article)
        if locked.withdrawn_on is not None:
            raise ServiceError(f"该申报已于 {locked.withdrawn_on} 撤回", field="withdrawn_on", article=article)
        check_past_date(withdrawn_on, field="withdrawn_on", label="撤回日期", not_before=locked.declared_on)
        locked.withdrawn_on = withdrawn_on
        full_clean_or_raise(locked)
        locked.save(update_fields=["withdrawn_on"])
        event_record(
            actor=actor,
            action=DECLARATION_WITHDRAWN,
            obj=locked,
            jurisdiction=inspector.jurisdiction,
            article=article,
            occurred_on=withdrawn_on,
            before={"withdrawn_on": None},
            after={"withdrawn_on": withdrawn_on, "reason": reason.strip()},
        )
    return locked
