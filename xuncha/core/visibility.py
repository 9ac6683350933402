"""The one door for reading: every queryset that feeds a page, an export or the
API starts from `Model.objects.visible_to(user)`.

A model opts in by using `VisibleQuerySet` as its manager and defining
`visibility_q(viewer) -> Q`. The `Viewer` gathers, once per request, what the
user's memberships allow; models only translate that into a filter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import Q

from .hooks import Hook, single

if TYPE_CHECKING:
    from xuncha.accounts.models import User

# Roles that see every non-secret record of their jurisdiction.
OVERSIGHT_ROLES = frozenset(
    {"office_head", "office_staff", "leading_group_head", "leading_group_member", "five_member_group_member", "auditor"}
)


@dataclass(frozen=True)
class Viewer:
    user_id: int | None
    is_sysadmin: bool = False
    # jurisdiction id -> roles held there (jurisdiction-level roles only)
    roles: dict[int, frozenset[str]] = field(default_factory=dict)
    team_ids: frozenset[int] = frozenset()
    led_team_ids: frozenset[int] = frozenset()
    unit_org_ids: frozenset[int] = frozenset()
    receiver_org_ids: frozenset[int] = frozenset()
    # Agencies whose information requests this user answers (agency_contact: JDZ-2017 第二十六条, NMG-2016 第二十四条).
    agency_org_ids: frozenset[int] = frozenset()

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    def jurisdictions_with(self, roles: frozenset[str] | set[str]) -> list[int]:
        return sorted(j for j, held in self.roles.items() if held & roles)

    @property
    def oversight_jurisdictions(self) -> list[int]:
        return self.jurisdictions_with(OVERSIGHT_ROLES)

    def has_role(self, jurisdiction_id: int, role: str) -> bool:
        return role in self.roles.get(jurisdiction_id, frozenset())

    @property
    def all_jurisdictions(self) -> list[int]:
        return sorted(self.roles)


ANONYMOUS = Viewer(user_id=None)

# Who builds a user's viewer from their memberships and team places: accounts registers the one builder (it knows
# the memberships; core only defines what a viewer is).
VIEWER_BUILDERS: Hook[Callable[[Any], Viewer]] = Hook(
    "viewer_builders", "从账号的角色和组内席位建立可见范围，由 accounts 提供"
)


def viewer_for(user: User | Any) -> Viewer:
    """Build (once per user object) what this user may see."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return ANONYMOUS  # a deactivated account acts and sees as nobody
    cached = getattr(user, "_xuncha_viewer", None)
    if cached is not None:
        return cached
    viewer = single(VIEWER_BUILDERS)(user)
    user._xuncha_viewer = viewer  # type: ignore[union-attr]  # per-request cache on the user object
    return viewer


NOTHING = Q(pk__in=[])


class VisibleQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        viewer = user if isinstance(user, Viewer) else viewer_for(user)
        if not viewer.authenticated:
            return self.none()
        visibility_q = getattr(self.model, "visibility_q", None)
        if visibility_q is None:  # a model without a rule shows nothing, never everything
            return self.none()
        q = visibility_q(viewer)
        return self.filter(q)


OFFICE_WRITE_ROLES = frozenset({"office_head", "office_staff"})


def office_jurisdiction_ids(user: Any) -> list[int]:
    """Jurisdictions whose registries this user may change (the office: 巡察办 / 巡视办)."""
    return viewer_for(user).jurisdictions_with(OFFICE_WRITE_ROLES)
