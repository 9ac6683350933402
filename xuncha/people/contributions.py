"""What people contributes to the steps of an inspection (`inspections.hooks`), registered when
`PeopleConfig.ready()` imports it: the count of a team's people at entry (组长负责制) and the recusal check
when a target is given to a team; and, to planning, who may not join a new team
(`planning.services.MEMBER_ELIGIBILITY`)."""

from __future__ import annotations

import datetime
from typing import Any

from xuncha.core.errors import ServiceError
from xuncha.inspections.hooks import TARGET_ASSIGNED, TEAM_STAFFING
from xuncha.planning.models import TeamMembership
from xuncha.planning.services import MEMBER_ELIGIBILITY

from .models import Assignment, RecusalWaiver
from .selectors import check_assignment
from .services import new_team_refusal


def team_staffing(team_id: int) -> tuple[bool, int]:
    """Whether the team has its leader, and how many other people it has. People count from the team's accounts
    (TeamMembership) and its staffing (Assignment) alike; an account's role wins over its staffing's."""
    roles: dict[tuple[str, int], str] = {}
    for user_id, role in TeamMembership.objects.filter(team_id=team_id).values_list("user_id", "role"):
        roles[("user", user_id)] = role
    for inspector_id, user_id, role in Assignment.objects.filter(team_id=team_id).values_list(
        "inspector_id", "inspector__user_id", "role"
    ):
        key = ("user", user_id) if user_id is not None else ("inspector", inspector_id)
        roles.setdefault(key, role)
    has_leader = any(r == TeamMembership.Role.LEADER for r in roles.values())
    others = sum(1 for r in roles.values() if r != TeamMembership.Role.LEADER)
    return has_leader, others


def recheck_team(team: Any, on: datetime.date) -> None:
    """People staffed before this target was given to the team were never checked against it: check them now,
    and refuse the whole step if one must recuse (JDZ-2017 第十三条, NMG-2016 第十二条) without a recorded waiver."""
    problems = []
    for assignment in Assignment.objects.filter(team=team).select_related("inspector__cadre"):
        hits, _ = check_assignment(assignment.inspector, team, on)
        waived = set(
            RecusalWaiver.objects.filter(team=team, inspector=assignment.inspector).values_list("rule", "fact")
        )
        problems += [f"{assignment.inspector}：{h.sentence()}" for h in hits if (h.rule, h.fact) not in waived]
    if problems:
        book = team.round.jurisdiction.rulebook
        raise ServiceError(
            f"本组已有人员须回避，不能安排此对象：{'；'.join(problems)}", field="target", article=book.recusal.article
        )


TEAM_STAFFING.register(team_staffing, key="people.team_staffing")
TARGET_ASSIGNED.register(recheck_team, key="people.recusal")
MEMBER_ELIGIBILITY.register(new_team_refusal, key="people.eligibility")
