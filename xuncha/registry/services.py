from __future__ import annotations

from typing import Any

from django.db import transaction

from xuncha.audit.services import event_record
from xuncha.core.errors import ServiceError, full_clean_or_raise

from .models import Organization


def organization_create(
    *,
    actor: Any,
    jurisdiction: Any,
    name: str,
    kind: str,
    target_category: str = "",
    receiver_kind: str = "",
    region: str = "",
) -> Organization:
    book = jurisdiction.rulebook
    if kind == Organization.Kind.TARGET:
        codes = {c.code: c for c in book.target_categories}
        if target_category not in codes:
            articles = "、".join(sorted({c.article for c in book.target_categories}))
            raise ServiceError(
                f"对象类别 {target_category or '（空）'} 不在《{book.short_title}》{articles}规定的类别中",
                field="target_category",
                article=articles,
            )
    with transaction.atomic():
        org = Organization(
            jurisdiction=jurisdiction,
            name=name,
            kind=kind,
            target_category=target_category,
            receiver_kind=receiver_kind,
            region=region,
        )
        full_clean_or_raise(org)
        org.save()
        event_record(
            actor=actor,
            action="organization.created",
            obj=org,
            after={"name": name, "kind": kind, "target_category": target_category},
        )
    return org
