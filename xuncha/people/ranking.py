"""Rank who could serve on a team: recusal-free first, then who adds expertise the team lacks, then who has
served least lately. Shown beside the team-formation form; the office decides."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q

from xuncha.jurisdictions.vocabulary import EXPERTISE
from xuncha.planning.models import Team

from .models import Assignment, Inspector
from .services import AssignmentPreview, assignment_preview

# Weights: a refusal outweighs everything; each missing expertise area outweighs a year's workload.
REFUSED = -1000
PER_NEW_AREA = 10
PER_RECENT_ASSIGNMENT = -4
LEADER_READY = 20


@dataclass
class Candidate:
    inspector: Inspector
    preview: AssignmentPreview
    new_areas: list[str]
    recent: int
    score: int
    reasons: list[str] = field(default_factory=list)


def team_expertise(team: Team) -> set[str]:
    codes: set[str] = set()
    for assignment in Assignment.objects.filter(team=team).select_related("inspector"):
        codes.update(assignment.inspector.expertise)
    return codes


def rank_candidates(*, team: Team, role: str, on: datetime.date, limit: int = 30) -> list[Candidate]:
    jurisdiction = team.round.jurisdiction
    covered = team_expertise(team)
    year_ago = on - datetime.timedelta(days=365)
    pool = (
        Inspector.objects.filter(jurisdiction=jurisdiction, active=True)
        .exclude(assignments__team=team)
        .select_related("cadre", "jurisdiction")
        .annotate(recent=Count("assignments", filter=Q(assignments__assigned_on__gte=year_ago)))
    )
    ranked = []
    for inspector in pool:
        preview = assignment_preview(team=team, inspector=inspector, role=role, on=on)
        new_areas = [EXPERTISE.get(c, c) for c in inspector.expertise if c not in covered]
        score, reasons = 0, []
        if not preview.allowed:
            score += REFUSED
            reasons.append("不能安排")
        if new_areas:
            score += PER_NEW_AREA * len(new_areas)
            reasons.append("补充专业：" + "、".join(new_areas))
        recent: int = inspector.recent
        if recent:
            score += PER_RECENT_ASSIGNMENT * recent
            reasons.append(f"近一年已参加 {recent} 次")
        if role in ("leader", "deputy") and (inspector.in_leader_pool or inspector.county_level):
            score += LEADER_READY
            reasons.append("组长库" if inspector.in_leader_pool else "县级领导干部")
        ranked.append(Candidate(inspector, preview, new_areas, recent, score, reasons))
    ranked.sort(key=lambda c: (-c.score, c.inspector.cadre.name))
    return ranked[:limit]
