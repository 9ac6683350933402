"""How a user's `Viewer` is built: their active memberships (roles, the organizations they speak for) and their
current team places. Registered into `core.visibility.VIEWER_BUILDERS` by `AccountsConfig.ready()`, so
`viewer_for` (core) never imports the models it reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xuncha.core.visibility import Viewer
from xuncha.planning.models import TeamMembership

from .models import Membership

if TYPE_CHECKING:
    from .models import User


def build_viewer(user: User) -> Viewer:
    """What this (active, authenticated) user may see; `viewer_for` caches it on the user object."""
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
    return Viewer(
        user_id=user.pk,
        is_sysadmin=is_sysadmin or bool(user.is_superuser),
        roles={j: frozenset(r) for j, r in roles.items()},
        team_ids=frozenset(t for t, _ in teams),
        led_team_ids=frozenset(t for t, r in teams if r == "leader"),
        unit_org_ids=frozenset(unit_orgs),
        receiver_org_ids=frozenset(receiver_orgs),
        agency_org_ids=frozenset(agency_orgs),
    )
