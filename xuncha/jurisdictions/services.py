from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xuncha.audit.services import event_record
from xuncha.core.authority import require_sysadmin
from xuncha.core.errors import ServiceError, full_clean_or_raise
from xuncha.core.locking import lock_row

from .actions import JURISDICTION_CREATED, JURISDICTION_UPDATED
from .models import Jurisdiction

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _check_parent(j: Jurisdiction, parent: Jurisdiction | None) -> None:
    """上下联动: a jurisdiction files upward to its parent; the chain of parents may not loop back to itself."""
    seen = {j.pk} if j.pk else set()
    node = parent
    while node is not None:
        if node.pk in seen:
            raise ServiceError(f"上级党委不能是{j}本身或其下级党委", field="parent")
        seen.add(node.pk)
        node = node.parent


def _snapshot(j: Jurisdiction) -> dict[str, Any]:
    return {
        "code": j.code,
        "name": j.name,
        "short_name": j.short_name,
        "rulebook": j.rulebook_code,
        "parent": j.parent.code if j.parent else None,
    }


def jurisdiction_create(
    *, actor: User | None, code: str, name: str, short_name: str, rulebook_code: str, parent: Jurisdiction | None = None
) -> Jurisdiction:
    """A party committee that runs inspections, bound to one rulebook; `parent` is the committee it files upward to
    (上下联动: its oversight roles see this jurisdiction's results filings). System administrator only."""
    require_sysadmin(actor, what="建立党委")
    with transaction.atomic():
        j = Jurisdiction(code=code, name=name, short_name=short_name, rulebook_code=rulebook_code, parent=parent)
        _check_parent(j, parent)
        full_clean_or_raise(j)
        j.save()
        event_record(
            actor=actor,
            action=JURISDICTION_CREATED,
            obj=j,
            jurisdiction=j,
            after={"code": code, "name": name, "rulebook": rulebook_code, "parent": parent and parent.code},
        )
    return j


def jurisdiction_update(
    *, actor: User | None, jurisdiction: Jurisdiction, name: str, short_name: str, parent: Jurisdiction | None
) -> Jurisdiction:
    """Rename a jurisdiction or set its parent. The rulebook is fixed at creation: the records made under it cite its
    articles. System administrator only."""
    require_sysadmin(actor, what="修改党委")
    with transaction.atomic():
        j = lock_row(jurisdiction, "parent")
        before = _snapshot(j)
        _check_parent(j, parent)
        j.name, j.short_name, j.parent = name.strip(), short_name.strip(), parent
        full_clean_or_raise(j)
        j.save(update_fields=["name", "short_name", "parent"])
        event_record(actor=actor, action=JURISDICTION_UPDATED, obj=j, jurisdiction=j, before=before, after=_snapshot(j))
    return j
