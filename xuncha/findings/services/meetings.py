"""组务会: a minuted team meeting with a quorum approves draft findings. One transaction with its event."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from xuncha.audit.services import event_record
from xuncha.core.errors import ServiceError, check_not_before, check_past_date, full_clean_or_raise
from xuncha.inspections.locking import lock_inspection
from xuncha.inspections.models import Inspection

from .. import rules
from ..actions import (
    FINDING_TEAM_APPROVED,
    TEAM_MEETING_HELD,
)
from ..models import Finding, TeamMeeting, TeamMeetingAttendee
from ..selectors import StaffedMember, team_roster
from .guards import (
    _move_recorded,
    _next_number,
    _require_member,
    _require_stage,
    _team_word,
)

if TYPE_CHECKING:
    from xuncha.accounts.models import User


# -- team meetings --------------------------------------------------------------------------------------------------
def _attending(inspection: Inspection, roster: list[StaffedMember], attendees: Iterable[Any]) -> list[StaffedMember]:
    """The staffed members named: a roster entry, its key (“a12”, “m5”), or a login (the member it belongs to)."""
    by_key = {s.key: s for s in roster}
    by_user = {s.user_id: s for s in roster if s.user_id is not None}
    chosen: dict[str, StaffedMember] = {}
    outsiders = []
    for item in attendees:
        if isinstance(item, StaffedMember):
            found = by_key.get(item.key)
            name = item.name
        elif isinstance(item, str):
            found, name = by_key.get(item.strip()), item
        else:
            pk = getattr(item, "pk", None)
            found, name = (by_user.get(pk) if isinstance(pk, int) else None), str(item)
        if found is None:
            outsiders.append(name)
        else:
            chosen[found.key] = found
    if outsiders:
        raise ServiceError(
            f"{'、'.join(outsiders)} 不是本{_team_word(inspection)}在组人员，不能作为组务会出席人员",
            field="attendees",
            article=rules.team_article(inspection.jurisdiction.rulebook),
        )
    return list(chosen.values())


def _check_meeting(
    inspection: Inspection,
    *,
    held_on: datetime.date | None,
    attendees: Iterable[Any],
    agenda: str,
    minutes: str,
    findings: Sequence[Finding],
) -> tuple[datetime.date, list[StaffedMember], list[StaffedMember], list[Finding]]:
    """Check a 组务会 before it is recorded; return its day, the team as staffed that day, who attended and the
    findings it is to approve (a quorum is needed only for those)."""
    book = inspection.jurisdiction.rulebook
    article = rules.team_article(book)
    if inspection.status == Inspection.Status.PLANNED:
        raise ServiceError(
            f"{inspection}处于“{Inspection.Status(inspection.status).label}”阶段，组务会自准备阶段起登记",
            field="status",
            article=article,
            code="wrong_stage",
        )
    held_on = held_on or timezone.localdate()
    check_past_date(
        held_on, field="held_on", label="召开日期", not_before=inspection.round.starts_on, after="本轮开始日期"
    )
    duty = " ".join(book.body("team_meeting").duties)
    if not minutes.strip():
        said = "由专人做好会议记录" if "会议记录" in duty else "组务会研究决定组内重要事项，本系统要求留有会议记录"
        raise ServiceError(f"组务会须有会议记录（{article}：{said}）", field="minutes", article=article)
    if not agenda.strip():
        raise ServiceError("请填写组务会议题", field="agenda")
    roster = team_roster(inspection.team_id, held_on)
    people = _attending(inspection, roster, attendees)
    if not people:
        raise ServiceError("请选择出席人员", field="attendees")
    chosen = list({f.pk: f for f in findings}.values())
    if chosen:
        _require_stage(inspection, what="组务会通过问题底稿")
        if not rules.has_quorum(len(people), len(roster)):
            raise ServiceError(
                f"出席{len(people)}人，本{_team_word(inspection)}在组人员{len(roster)}人（含无登录账号的人员），"
                f"未达到本系统设定的出席人数（{rules.QUORUM_RULE}），"
                f"组务会不能通过问题底稿（民主集中制，{article}；{rules.quorum_note(book)}）",
                field="attendees",
                article=article,
                code="no_quorum",
            )
    return held_on, roster, people, chosen


def team_meeting_hold(
    *,
    actor: User,
    inspection: Inspection,
    held_on: datetime.date | None = None,
    attendees: Iterable[Any],
    agenda: str,
    minutes: str,
    decisions: str = "",
    findings: Sequence[Finding] = (),
) -> TeamMeeting:
    """Record a 组务会. If it approves findings (draft → 组务会通过), more than half of the team as staffed on the
    meeting day must attend (民主集中制; the threshold is this system's setting, see rules.py) and the meeting must be
    minuted. The team as staffed is `selectors.team_roster`: every inspector placed on the team, with or without a
    login. `attendees` names them (roster entries, their keys, or the logins of members who have one)."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        article = rules.team_article(book)
        _require_member(actor, inspection, what="登记组务会")
        held_on, roster, people, chosen = _check_meeting(
            inspection, held_on=held_on, attendees=attendees, agenda=agenda, minutes=minutes, findings=findings
        )
        meeting = TeamMeeting(
            inspection=inspection,
            number=_next_number(TeamMeeting, inspection),
            held_on=held_on,
            member_count=len(roster),
            agenda=agenda.strip(),
            minutes=minutes.strip(),
            decisions=decisions.strip(),
            recorded_by=actor,
        )
        full_clean_or_raise(meeting)
        meeting.save()
        rows = [
            TeamMeetingAttendee(
                meeting=meeting,
                assignment_id=p.assignment_id,
                membership_id=p.membership_id if p.assignment_id is None else None,
                name=p.name[:100],
                role=p.role,
            )
            for p in people
        ]
        for row in rows:
            full_clean_or_raise(row)
        TeamMeetingAttendee.objects.bulk_create(rows)
        locked = {f.pk: f for f in Finding.objects.select_for_update().filter(pk__in=[f.pk for f in chosen])}
        approved = []
        for item in chosen:
            finding = locked.get(item.pk)
            if finding is None or finding.inspection_id != inspection.pk:
                raise ServiceError(f"{item} 不属于{inspection}", field="findings")
            check_not_before(
                held_on,
                finding.drafted_on,
                field="held_on",
                label="召开日期",
                after=f"{finding}的起草日期",
                article=article,
            )
            finding.inspection = inspection
            move = _move_recorded(
                finding, Finding.Status.TEAM_APPROVED, actor=actor, on=held_on, article=article, meeting=meeting
            )
            approved.append(finding)
            event_record(
                actor=actor,
                action=FINDING_TEAM_APPROVED,
                obj=finding,
                inspection=inspection,
                jurisdiction=inspection.jurisdiction,
                before={"status": move.from_status},
                after={"status": finding.status, "meeting": meeting.pk},
                article=article,
                occurred_on=held_on,
            )
        meeting.findings.set(approved)
        event_record(
            actor=actor,
            action=TEAM_MEETING_HELD,
            obj=meeting,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={
                "held_on": held_on,
                "attendees": [p.key for p in people],
                "member_count": len(roster),
                "approved_findings": [f.number for f in approved],
            },
            article=article,
            occurred_on=held_on,
        )
    return meeting
