"""Who may act on findings and in which state, and the helpers the writes share
(组长负责制: JDZ-2017 第七条, NMG-2016 第十条)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Max

from xuncha.core.errors import PermissionDeniedError, ServiceError, full_clean_or_raise
from xuncha.core.visibility import viewer_for
from xuncha.inspections.models import Inspection

from .. import rules
from ..models import Finding, FindingMove, TeamMeeting

if TYPE_CHECKING:
    from xuncha.accounts.models import User

# Findings are made while the team is on site and written up in the report (JDZ-2017 第十七条, NMG-2016 第十八条).
WORKING_STAGES = (Inspection.Status.ON_SITE, Inspection.Status.REPORTING)


# -- guards ---------------------------------------------------------------------------------------------------------


def _team_word(inspection: Inspection) -> str:
    return inspection.jurisdiction.rulebook.term("组")


def _require_member(actor: User, inspection: Inspection, *, what: str) -> None:
    if inspection.team_id in viewer_for(actor).team_ids:
        return
    raise PermissionDeniedError(
        f"只有本{_team_word(inspection)}（{inspection.team}）成员可以{what}。",
        article=rules.team_article(inspection.jurisdiction.rulebook),
    )


def is_team_leader(actor: User, team_id: int) -> bool:
    """The team's leader: planning.TeamMembership role leader, or people.Assignment role leader on the account."""
    from xuncha.people.models import Assignment

    if not getattr(actor, "is_authenticated", False):
        return False
    if team_id in viewer_for(actor).led_team_ids:
        return True
    from xuncha.planning.models import TeamMembership

    if TeamMembership.objects.filter(team_id=team_id, user=actor, ended_on__isnull=False).exists():
        return False  # the place ended (planning/access.py): the assignment is history, not authority
    return Assignment.objects.filter(team_id=team_id, role="leader", inspector__user=actor).exists()


def _require_leader(actor: User, inspection: Inspection, *, what: str) -> None:
    if is_team_leader(actor, inspection.team_id):
        return
    article = rules.team_article(inspection.jurisdiction.rulebook)
    raise PermissionDeniedError(
        f"只有本{_team_word(inspection)}组长可以{what}（组长负责制，{article}）。", article=article
    )


def _require_stage(inspection: Inspection, *, what: str) -> None:
    if inspection.status in WORKING_STAGES:
        return
    article = rules.problem_article(inspection.jurisdiction.rulebook)
    allowed = "、".join(f"“{Inspection.Status(s).label}”" for s in WORKING_STAGES)
    raise ServiceError(
        f"{inspection}处于“{Inspection.Status(inspection.status).label}”阶段，"
        f"{what}只能在{allowed}阶段进行（{article}：{inspection.jurisdiction.word}期间着力发现问题）",
        field="status",
        article=article,
        code="wrong_stage",
    )


def _require_draft(finding: Finding, *, what: str, article: str) -> None:
    if finding.status == Finding.Status.DRAFT:
        return
    raise ServiceError(
        f"{finding}处于“{finding.get_status_display()}”状态，只有草稿可以{what}；须由组长退回后再修改（{article}）",
        field="status",
        article=article,
        code="wrong_status",
    )


def _move_recorded(
    finding: Finding,
    to: str,
    *,
    actor: User,
    on: datetime.date,
    article: str,
    meeting: TeamMeeting | None = None,
    reason: str = "",
) -> FindingMove:
    """Move the finding along its flow (`Finding.flow`, whose refusal names the status it is in, what it may move to,
    and the article), save it and write the history row."""
    current = Finding.flow.move(finding, to, article=article)
    finding.save(update_fields=["status"])
    move = FindingMove(
        finding=finding,
        from_status=current,
        to_status=to,
        actor=actor,
        occurred_on=on,
        meeting=meeting,
        reason=reason,
        article=article,
    )
    full_clean_or_raise(move)
    move.save()
    return move


def _next_number(model: Any, inspection: Inspection) -> int:
    return int(model.objects.filter(inspection=inspection).aggregate(n=Max("number"))["n"] or 0) + 1


def _check_cadre(cadre: Any, inspection: Inspection) -> None:
    if cadre is not None and cadre.jurisdiction_id != inspection.jurisdiction_id:
        raise ServiceError(f"干部 {cadre} 不属于{inspection.jurisdiction}的干部档案", field="cadre")


def _snapshot(finding: Finding) -> dict[str, Any]:
    return {
        "title": finding.title,
        "category": finding.category,
        "description": finding.description,
        "persons_concerned": finding.persons_concerned,
        "cadre": finding.cadre_id,
        "is_clue": finding.is_clue,
    }


def _check_clue(is_clue: bool, persons_concerned: str, cadre: Any) -> None:
    if is_clue and not persons_concerned.strip() and cadre is None:
        raise ServiceError(
            "作为问题线索的问题底稿须写明涉及人员（问题线索指向具体人员；本系统设定）",
            field="persons_concerned",
            code="clue_without_person",
        )
