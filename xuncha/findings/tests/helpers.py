"""Steps the findings tests share: enter the fixture inspection, draft, hold a meeting, record a talk."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client

from xuncha.accounts.services import membership_grant, user_create
from xuncha.findings import services as svc
from xuncha.findings.models import Finding, TeamMeeting
from xuncha.inspections import services as insp
from xuncha.inspections.models import Inspection, TalkRecord
from xuncha.planning.services import team_create
from xuncha.registry.services import organization_create

D = datetime.date
PREPARED = D(2026, 3, 2)
ENTRY = D(2026, 3, 16)
ON = D(2026, 4, 10)

# The articles each rulebook gives: 组长负责制 and 组务会; the problems to find; 请示报告.
ARTICLES = {
    "jdz": {"team": "第七条", "problems": "第十七条", "escalation": "第二十一条", "secretary": "市委书记"},
    "nmg": {"team": "第十条", "problems": "第十八条", "escalation": "第二十二条", "secretary": "自治区党委书记"},
}


def enter(side: Any, inspection: Inspection | None = None, leader: Any = None) -> Inspection:
    """Move an inspection to 进驻了解 (on_site) through the inspection services."""
    inspection = inspection or side.inspection
    leader = leader or side.leader
    insp.inspection_prepare(actor=leader, inspection=inspection, on=PREPARED)
    return insp.inspection_enter(
        actor=leader,
        inspection=inspection,
        entered_on=ENTRY,
        principal_notified_on=ENTRY,
        mobilization_on=ENTRY,
        contact_phone="0798-0000000",
        contact_mailbox="第001号信箱",
        contact_address="某宾馆三楼",
        planned_end=D(2026, 5, 15),
    )


def draft(side: Any, *, title: str = "违规发放津贴补贴", inspection: Inspection | None = None, **kw: Any) -> Finding:
    fields: dict[str, Any] = {
        "category": "integrity_discipline",
        "description": "2025年以来违规发放津贴补贴共计若干万元。",
        "drafted_on": ENTRY,
    } | kw
    return svc.finding_create(actor=side.member, inspection=inspection or side.inspection, title=title, **fields)


def meet(side: Any, findings: list[Finding], *, attendees: list[Any] | None = None, **kw: Any) -> TeamMeeting:
    fields: dict[str, Any] = {
        "held_on": ON,
        "agenda": "研究问题底稿",
        "minutes": "与会人员逐条讨论问题底稿，一致同意提交组长审定。",
        "decisions": "通过",
    } | kw
    return svc.team_meeting_hold(
        actor=side.member,
        inspection=side.inspection,
        attendees=attendees if attendees is not None else [side.leader, side.member],
        findings=findings,
        **fields,
    )


def key(side: Any, user: Any, inspection: Inspection | None = None) -> str:
    """The roster key (“m<组成员编号>”) of a fixture team member: the fixture staffs its teams by login only."""
    from xuncha.planning.models import TeamMembership

    team_id = (inspection or side.inspection).team_id
    return f"m{TeamMembership.objects.get(team_id=team_id, user=user).pk}"


def talk(side: Any, inspection: Inspection | None = None, actor: Any = None) -> TalkRecord:
    return insp.talk_record_create(
        actor=actor or side.member,
        inspection=inspection or side.inspection,
        interviewee="某干部",
        place="谈话室",
        recorder="记录人",
        talked_at=datetime.datetime(2026, 4, 8, 9, 30, tzinfo=datetime.UTC),
        content="秘密内容：反映了招投标问题。",
    )


def second_inspection(side: Any, name: str = "加测单位") -> Inspection:
    """Another inspection for the same team (team 1), on a new target."""
    org = organization_create(
        actor=None, jurisdiction=side.jurisdiction, name=name, kind="target", target_category="other_units"
    )
    return insp.inspection_create(actor=None, round=side.inspection.round, team=side.inspection.team, target=org)


def big_team(side: Any, size: int) -> tuple[Inspection, list[Any]]:
    """A team of `size` people (the first leads it) inspecting a new target, entered and on site."""
    people = [
        user_create(actor=None, username=f"big{size}_{k}", full_name=f"大组成员{k}", password="pw-test-123")
        for k in range(size)
    ]
    team = team_create(
        actor=None,
        round=side.inspection.round,
        number=10 + size,
        members=[(p, "leader" if k == 0 else "member") for k, p in enumerate(people)],
    )
    org = organization_create(
        actor=None, jurisdiction=side.jurisdiction, name=f"大组对象{size}", kind="target", target_category="other_units"
    )
    inspection = insp.inspection_create(actor=None, round=side.inspection.round, team=team, target=org)
    return enter(side, inspection, leader=people[0]), people


def leading_group_member(side: Any) -> Any:
    user = user_create(
        actor=None, username=f"{side.jurisdiction.code}_lg", full_name="领导小组成员", password="pw-test-123"
    )
    membership_grant(actor=None, user=user, jurisdiction=side.jurisdiction, role="leading_group_member")
    return user


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
