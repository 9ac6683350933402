"""The one door for reading: every queryset that feeds a page, an export or the
API starts from `Model.objects.visible_to(user)`.

A model opts in by using `VisibleQuerySet` as its manager and defining
`visibility_q(viewer) -> Q`. The `Viewer` gathers, once per request, what the
user's memberships allow; models only translate that into a filter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import Q

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


def viewer_for(user: User | Any) -> Viewer:
    """Build (once per user object) what this user may see."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return ANONYMOUS  # a deactivated account acts and sees as nobody
    cached = getattr(user, "_xuncha_viewer", None)
    if cached is not None:
        return cached
    from xuncha.accounts.models import Membership
    from xuncha.planning.models import TeamMembership

    roles: dict[int, set[str]] = {}
    unit_orgs: set[int] = set()
    receiver_orgs: set[int] = set()
    agency_orgs: set[int] = set()
    is_sysadmin = False
    for m in Membership.objects.filter(user=user, active=True).values("jurisdiction_id", "role", "organization_id"):
        roles.setdefault(m["jurisdiction_id"], set()).add(m["role"])
        if m["role"] == "unit_contact" and m["organization_id"]:
            unit_orgs.add(m["organization_id"])
        if m["role"] == "receiver_contact" and m["organization_id"]:
            receiver_orgs.add(m["organization_id"])
        if m["role"] == "agency_contact" and m["organization_id"]:
            agency_orgs.add(m["organization_id"])
        if m["role"] == "sysadmin":
            is_sysadmin = True
    # A team place gives access only until it ends (every inspection of the team closed or withdrawn, or revoked:
    # xuncha/planning/access.py), so nobody keeps a team's secrets for ever.
    teams = list(TeamMembership.objects.filter(user=user, ended_on__isnull=True).values_list("team_id", "role"))
    viewer = Viewer(
        user_id=user.pk,
        is_sysadmin=is_sysadmin or bool(user.is_superuser),
        roles={j: frozenset(r) for j, r in roles.items()},
        team_ids=frozenset(t for t, _ in teams),
        led_team_ids=frozenset(t for t, r in teams if r == "leader"),
        unit_org_ids=frozenset(unit_orgs),
        receiver_org_ids=frozenset(receiver_orgs),
        agency_org_ids=frozenset(agency_orgs),
    )
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
