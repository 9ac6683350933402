"""Who may act: the guard every service calls at the top of its body, before it reads or changes anything.

`actor=None` is the system itself (test fixtures, the demo loader's bootstrap, a command run on the server by its
operator): no page or API endpoint can pass None, because a request always has a user (anonymous or not) and every
view is behind a login. A real actor must hold one of the roles in the jurisdiction the act belongs to; the system
administrator passes where `sysadmin=True` (accounts, jurisdictions, the registry that sets a jurisdiction up).
`xuncha/core/tests/test_service_authority.py` calls every service as someone without authority."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .errors import PermissionDeniedError
from .visibility import viewer_for

if TYPE_CHECKING:
    from xuncha.accounts.models import User

OFFICE = frozenset({"office_head", "office_staff"})
OFFICE_HEAD = frozenset({"office_head"})


def holds(actor: User | None, jurisdiction: Any, roles: Iterable[str], *, sysadmin: bool = False) -> bool:
    """Whether `actor` (None: the system) holds one of `roles` in `jurisdiction`."""
    if actor is None:
        return True
    viewer = viewer_for(actor)
    if not viewer.authenticated:
        return False
    if sysadmin and viewer.is_sysadmin:
        return True
    jurisdiction_id = getattr(jurisdiction, "pk", jurisdiction)
    return jurisdiction_id in viewer.jurisdictions_with(frozenset(roles))


def require(
    actor: User | None, jurisdiction: Any, roles: Iterable[str], *, what: str, article: str = "", sysadmin: bool = False
) -> None:
    """Refuse with a Chinese message naming who may do `what` (the rulebook's names for the roles)."""
    roles = frozenset(roles)
    if holds(actor, jurisdiction, roles, sysadmin=sysadmin):
        return
    book = jurisdiction.rulebook
    names = [book.role(r).name for r in sorted(roles) if book.has_role(r)]
    if sysadmin:
        names.append("系统管理员")
    cite = f"（{article}）" if article else ""
    raise PermissionDeniedError(f"只有{'、'.join(names)}可以{what}{cite}。", article=article)


def require_sysadmin(actor: User | None, *, what: str) -> None:
    if actor is None or viewer_for(actor).is_sysadmin:
        return
    raise PermissionDeniedError(f"只有系统管理员可以{what}。")


def require_office(actor: User | None, jurisdiction: Any, *, what: str) -> None:
    """The office (its head or staff) of the jurisdiction, named as the rulebook names it, with the
    article that sets the office up."""
    if holds(actor, jurisdiction, OFFICE):
        return
    office = jurisdiction.rulebook.body("office")
    raise PermissionDeniedError(
        f"只有{jurisdiction}的{office.name}可以{what}（{office.article}）。", article=office.article
    )
