"""Reads for people: the facts the recusal engine (`recusal.py`) decides on.

These are internal reads for a check, not pages: they use the plain managers, never show what they read, and run a
fixed number of queries whatever the length of an inspector's post history (`recusal_facts`: 5 queries).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Q

from xuncha.inspections.models import Inspection
from xuncha.planning.models import Round, Team, TeamMembership
from xuncha.registry.models import Cadre, Organization, Post

from .models import Assignment, Declaration, Inspector
from .recusal import (
    DeclarationFact,
    DeclarationKind,
    Hit,
    InspectorFacts,
    Policy,
    PostFact,
    RoundRef,
    Service,
    TargetFacts,
    Warning,
    recusal_hits,
    region_segments,
    region_warnings,
    rotation_warnings,
)


def recusal_policy(jurisdiction: Any) -> Policy:
    return Policy.from_rulebook(jurisdiction.rulebook)


@dataclass(frozen=True)
class _Org:
    id: int
    name: str
    region: str
    parent_id: int | None
    successor_id: int | None


def _organizations(jurisdiction_ids: set[int]) -> dict[int, _Org]:
    """Every unit of these jurisdictions, in one query: trees are walked in memory, whatever their depth."""
    rows = Organization.objects.filter(jurisdiction_id__in=jurisdiction_ids).values_list(
        "id", "name", "region", "parent_id", "successor_id"
    )
    return {row[0]: _Org(*row) for row in rows}


def effective_region(org_id: int, orgs: dict[int, _Org]) -> str:
    """The unit's region, or else its nearest parent's: a department below a county sits in that county."""
    seen: set[int] = set()
    current: int | None = org_id
    while current is not None and current in orgs and current not in seen:
        seen.add(current)
        if region_segments(orgs[current].region):
            return orgs[current].region
        current = orgs[current].parent_id
    return ""


def units_of(org_id: int, orgs: dict[int, _Org]) -> frozenset[int]:
    """The unit, every unit below it, and every unit merged into one of those (with the units below that):
    a post in a unit that has since been merged into the target was a post in what is now the target."""
    children: dict[int, list[int]] = {}
    merged_into: dict[int, list[int]] = {}
    for o in orgs.values():
        if o.parent_id is not None:
            children.setdefault(o.parent_id, []).append(o.id)
        if o.successor_id is not None:
            merged_into.setdefault(o.successor_id, []).append(o.id)
    found, todo = {org_id}, [org_id]
    while todo:
        current = todo.pop()
        for nxt in children.get(current, []) + merged_into.get(current, []):
            if nxt not in found:
                found.add(nxt)
                todo.append(nxt)
    return frozenset(found)


def inspector_facts(inspector: Inspector) -> InspectorFacts:
    """Native place, posts and declarations: 3 queries."""
    cadre = Cadre.objects.filter(pk=inspector.cadre_id).values("name", "native_place").get()
    posts = tuple(
        PostFact(
            organization_id=p["organization_id"],
            started_on=p["started_on"],
            ended_on=p["ended_on"],
            organization_name=p["organization__name"],
            title=p["title"],
        )
        for p in Post.objects.filter(cadre_id=inspector.cadre_id)
        .order_by("started_on", "id")
        .values("organization_id", "organization__name", "title", "started_on", "ended_on")
    )
    declarations = tuple(
        DeclarationFact(
            kind=cast(DeclarationKind, d["kind"]),
            person_id=d["person_id"],
            organization_id=d["organization_id"],
            text="，".join(x for x in (d["relation"].strip(), d["detail"].strip()) if x),
            declared_on=d["declared_on"],
            withdrawn_on=d["withdrawn_on"],
            person_name=d["person__name"] or d["person_name"],
            organization_name=d["organization__name"] or "",
        )
        for d in Declaration.objects.filter(inspector_id=inspector.pk)
        .order_by("declared_on", "id")
        .values(
            "kind",
            "person_id",
            "person__name",
            "person_name",
            "organization_id",
            "organization__name",
            "relation",
            "detail",
            "declared_on",
            "withdrawn_on",
        )
    )
    return InspectorFacts(
        native_place=cadre["native_place"], posts=posts, declarations=declarations, name=cadre["name"]
    )


def _current_leadership(target_ids: list[int], on: datetime.date) -> dict[int, frozenset[int]]:
    """target id → cadre ids of its leadership (领导班子成员) holding office on `on`: one query."""
    rows = (
        Post.objects.filter(organization_id__in=target_ids, is_leadership=True, started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .values_list("organization_id", "cadre_id")
    )
    out: dict[int, set[int]] = {t: set() for t in target_ids}
    for org_id, cadre_id in rows:
        out[org_id].add(cadre_id)
    return {t: frozenset(c) for t, c in out.items()}


def _target_facts(
    target_id: int, orgs: dict[int, _Org], leadership: frozenset[int], facts: InspectorFacts
) -> TargetFacts:
    post_units = {p.organization_id for p in facts.posts}
    return TargetFacts(
        organization_id=target_id,
        unit_ids=units_of(target_id, orgs),
        region=effective_region(target_id, orgs),
        leadership_ids=leadership,
        regions={u: effective_region(u, orgs) for u in post_units},
        name=orgs[target_id].name if target_id in orgs else "",
    )


def recusal_facts(inspector: Inspector, target: Organization, on: datetime.date) -> tuple[InspectorFacts, TargetFacts]:
    """The facts about an inspector and a target, as of `on`, in 5 queries."""
    facts = inspector_facts(inspector)
    orgs = _organizations({target.jurisdiction_id, inspector.jurisdiction_id})
    leadership = _current_leadership([target.pk], on)[target.pk]
    return facts, _target_facts(target.pk, orgs, leadership, facts)


def _services(inspector: Inspector, *, exclude_team_id: int) -> list[Service]:
    """Where the inspector served before: assignments, and team memberships of their account."""
    fields = ("team_id", "team__number", "team__round_id", "team__round__year", "team__round__number")
    rows = list(Assignment.objects.filter(inspector_id=inspector.pk).values_list(*fields))
    if inspector.user_id is not None:
        rows += list(TeamMembership.objects.filter(user_id=inspector.user_id).values_list(*fields))
    teams = {r[0]: r for r in rows if r[0] != exclude_team_id}
    targets: dict[int, dict[int, str]] = {t: {} for t in teams}
    for team_id, target_id, target_name in Inspection.objects.filter(team_id__in=list(teams)).values_list(
        "team_id", "target_id", "target__name"
    ):
        targets[team_id][target_id] = target_name
    return [
        Service(
            round=RoundRef(round_id, year, number),
            team_number=team_number,
            target_ids=frozenset(targets[team_id]),
            target_names=targets[team_id],
        )
        for team_id, team_number, round_id, year, number in sorted(teams.values(), key=lambda r: (r[3], r[4], r[1]))
    ]


def _earlier_rounds(round: Round, count: int) -> list[RoundRef]:
    rows = (
        Round.objects.filter(jurisdiction_id=round.jurisdiction_id)
        .filter(Q(year__lt=round.year) | Q(year=round.year, number__lt=round.number))
        .order_by("-year", "-number")
        .values_list("id", "year", "number")[:count]
    )
    return [RoundRef(*r) for r in rows]


def team_targets(team: Team) -> list[tuple[int, str]]:
    return list(Inspection.objects.filter(team_id=team.pk).order_by("pk").values_list("target_id", "target__name"))


def check_assignment(inspector: Inspector, team: Team, on: datetime.date) -> tuple[list[Hit], list[Warning]]:
    """Recusal hits and rotation warnings for placing `inspector` on `team`, for each target the team inspects."""
    team = Team.objects.select_related("round__jurisdiction").get(pk=team.pk)
    rnd = team.round
    policy = recusal_policy(rnd.jurisdiction)
    targets = team_targets(team)
    if not targets:
        word = policy.word
        fact = f"本{word}组尚未确定{word}对象，回避情况须在确定{word}对象后核查"
        return [], [Warning("no_target", fact, policy.article("post"), "回避核查")]
    facts = inspector_facts(inspector)
    orgs = _organizations({rnd.jurisdiction_id, inspector.jurisdiction_id})
    leadership = _current_leadership([t for t, _ in targets], on)
    services = _services(inspector, exclude_team_id=team.pk)
    earlier = _earlier_rounds(rnd, policy.max_consecutive_rounds)
    current = RoundRef(rnd.pk, rnd.year, rnd.number)
    hits: list[Hit] = []
    warnings: list[Warning] = []
    for target_id, _ in targets:
        target = _target_facts(target_id, orgs, leadership[target_id], facts)
        hits += recusal_hits(facts, target, policy, on)
        warnings += region_warnings(facts, target, policy)
        warnings += rotation_warnings(
            services=services, target=target, current_round=current, earlier_rounds=earlier, policy=policy
        )
    return list(dict.fromkeys(hits)), list(dict.fromkeys(warnings))
