"""Guards and role sets shared by the people services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.core.locking import lock_row
from xuncha.core.visibility import viewer_for

from ..models import (
    Inspector,
)

if TYPE_CHECKING:
    from xuncha.accounts.models import User

OFFICE = frozenset({"office_head", "office_staff"})
OFFICE_HEAD = frozenset({"office_head"})
TEAM_ROLE = {"leader": "team_leader", "deputy": "team_deputy", "liaison": "team_liaison", "member": "team_member"}


# -- guards ----------------------------------------------------------------------------------------------------
def _require(actor: User | None, jurisdiction: Any, roles: frozenset[str], *, what: str, article: str = "") -> None:
    viewer = viewer_for(actor)
    if viewer.authenticated and jurisdiction.pk in viewer.jurisdictions_with(roles):
        return
    book = jurisdiction.rulebook
    who = "、".join(book.role(r).name for r in sorted(roles) if book.has_role(r))
    cite = f"（{article}）" if article else ""
    raise PermissionDeniedError(f"只有{who}可以{what}{cite}。", article=article)


def _require_self_or_office(actor: User | None, inspector: Inspector, *, what: str, article: str) -> None:
    if actor is not None and actor.pk is not None and inspector.user_id == actor.pk:
        return
    _require(actor, inspector.jurisdiction, OFFICE, what=what, article=article)


def _same_jurisdiction(obj: Any, inspector: Inspector, *, field: str, label: str) -> None:
    if obj is not None and obj.jurisdiction_id != inspector.jurisdiction_id:
        raise ServiceError(f"{label}{obj}不属于{inspector.jurisdiction}", field=field)


def _locked_inspector(inspector: Inspector) -> Inspector:
    return lock_row(inspector, "jurisdiction", "cadre")
