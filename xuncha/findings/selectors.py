"""Reads for the findings pages and API, all through visible_to, each a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from xuncha.core.visibility import Viewer, viewer_for
from xuncha.inspections.models import Inspection

from .models import EVIDENCE_KINDS, READER_ROLES, Evidence, inspections_q

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def readable_inspections(user: User) -> QuerySet[Inspection]:
    """Inspections whose findings, meetings and escalations the user may read: the team's own, and those of
    jurisdictions where the user is office, leading group or auditor. Not the inspected unit, not receivers."""
    viewer = viewer_for(user)
    return Inspection.objects.visible_to(viewer).filter(inspections_q(viewer, "pk"))


def can_read(viewer: Viewer, inspection: Inspection) -> bool:
    return inspection.team_id in viewer.team_ids or inspection.jurisdiction_id in viewer.jurisdictions_with(
        READER_ROLES
    )


@dataclass(frozen=True)
class EvidenceRow:
    evidence: Evidence
    label: str
    url: str | None  # the record's own read page, only for users allowed to read the record


def evidence_rows(user: User, evidence: list[Evidence], *, inspection_id: int) -> list[EvidenceRow]:
    """The finding page's evidence: every link's label (“个别谈话记录 #12”) for whoever sees the finding, and a link
    to the record's own read page only where the user may read that record. One query per kind present."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for e in evidence:
        by_kind[e.kind].append(e.object_id)
    readable: dict[str, set[int]] = {}
    for kind, ids in by_kind.items():
        spec = EVIDENCE_KINDS.get(kind)
        model: Any = spec.model() if spec else None
        manager = model._default_manager if model is not None else None
        if manager is None or not hasattr(manager, "visible_to"):
            readable[kind] = set()
            continue
        readable[kind] = set(manager.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    rows = []
    for e in evidence:
        url = None
        if e.object_id in readable.get(e.kind, set()):
            try:
                spec = EVIDENCE_KINDS[e.kind]
                arg = inspection_id if spec.url_by == "inspection" else e.object_id
                url = reverse(spec.url_name, args=[arg])
            except NoReverseMatch:
                url = None
        rows.append(EvidenceRow(evidence=e, label=e.label, url=url))
    return rows


# -- the team as staffed (组务会 quorum and attendance) ----------------------------------------------------------------
ROLE_ORDER = {"leader": 0, "deputy": 1, "liaison": 2, "member": 3}


@dataclass(frozen=True)
class StaffedMember:
    """One person on the team on a given day, with or without a login.

    `key` names the person in forms and the API: “a<id>” for an inspector placed on the team (people.Assignment),
    “m<id>” for a team place held by a login with no assignment behind it (planning.TeamMembership)."""

    key: str
    name: str
    role: str
    role_label: str
    user_id: int | None
    assignment_id: int | None
    membership_id: int | None

    @property
    def label(self) -> str:
        account = "" if self.user_id else "，无登录账号"
        return f"{self.name}（{self.role_label}{account}）"


def _place_ended(m: Any, on: datetime.date) -> bool:
    return m.ended_on is not None and m.ended_on <= on


def team_roster(team_id: int, on: datetime.date) -> list[StaffedMember]:
    """The team's members as staffed on `on`: every inspector assigned to it by then (people.Assignment), whether or
    not linked to a login, and every login's team place (planning.TeamMembership) that no assignment stands behind.
    A place ended on or before `on` (the office head revoked it, or the team's work was finished) takes the person off;
    a place ended because the login was unlinked does not (the inspector is still assigned). Two queries."""
    from xuncha.people.models import Assignment
    from xuncha.planning.models import TeamMembership

    labels = dict(TeamMembership.Role.choices)
    memberships = list(TeamMembership.objects.filter(team_id=team_id).select_related("user").order_by("pk"))
    by_user = {m.user_id: m for m in memberships}
    assignments = list(
        Assignment.objects.filter(team_id=team_id).select_related("inspector__cadre").order_by("assigned_on", "pk")
    )
    assigned_users = {a.inspector.user_id for a in assignments if a.inspector.user_id is not None}
    roster = []
    for a in assignments:
        if a.assigned_on > on:
            continue
        m = by_user.get(a.inspector.user_id) if a.inspector.user_id is not None else None
        if m is not None and _place_ended(m, on) and m.end_reason != TeamMembership.EndReason.UNLINKED:
            continue
        roster.append(
            StaffedMember(
                key=f"a{a.pk}",
                name=str(a.inspector),
                role=a.role,
                role_label=labels.get(a.role, a.role),
                user_id=a.inspector.user_id,
                assignment_id=a.pk,
                membership_id=m.pk if m is not None else None,
            )
        )
    for m in memberships:
        if m.user_id in assigned_users or m.end_reason == TeamMembership.EndReason.UNLINKED or _place_ended(m, on):
            continue
        roster.append(
            StaffedMember(
                key=f"m{m.pk}",
                name=str(m.user),
                role=m.role,
                role_label=labels.get(m.role, m.role),
                user_id=m.user_id,
                assignment_id=None,
                membership_id=m.pk,
            )
        )
    roster.sort(key=lambda s: (ROLE_ORDER.get(s.role, 9), s.key[0], int(s.key[1:])))
    return roster
