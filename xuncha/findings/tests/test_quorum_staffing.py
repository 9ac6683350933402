"""Issue 10 item 2: the 组务会 quorum is over the team as staffed, not over the logins. A team of three where only the
leader has an account cannot pass findings with the leader alone; two of three pass; the page says “2 / 本组 3 人”.

The texts (JDZ-2017 第七条, NMG-2016 第十条) fix no quorum: “more than half” is this system's setting, and the refusal
says so."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from xuncha.accounts.services import user_create
from xuncha.core.errors import ServiceError
from xuncha.findings import services as svc
from xuncha.findings.models import Finding, TeamMeeting
from xuncha.findings.selectors import team_roster
from xuncha.inspections.services import inspection_create
from xuncha.people.services import assignment_create, inspector_create
from xuncha.people.tests.test_recusal import attest
from xuncha.planning.models import Round
from xuncha.planning.services import team_create
from xuncha.registry.services import cadre_create, organization_create

from .helpers import ARTICLES, ENTRY, ON, client_for, enter

pytestmark = pytest.mark.django_db


def _team_of_three(side: Any) -> tuple[Any, Any, list[Any]]:
    """A third team: its leader has a login; its two members are inspectors from the pool without one."""
    j = side.jurisdiction
    leader = user_create(actor=None, username=f"{j.code}_leader3", full_name="韩组长", password="pw-test-123")
    rnd = Round.objects.get(jurisdiction=j)
    team = team_create(actor=None, round=rnd, number=3, members=[(leader, "leader")])
    unit = organization_create(
        actor=None, jurisdiction=j, name=f"{j.code}单位三", kind="target", target_category="local_leadership"
    )
    inspection = inspection_create(actor=None, round=rnd, team=team, target=unit)
    members = []
    for n, name in enumerate(("冯组员", "陈组员"), start=1):
        cadre = cadre_create(actor=side.office_head, jurisdiction=j, code=f"Q3-{n}", name=name)
        inspector = inspector_create(actor=side.office_head, cadre=cadre, kind="pool")
        attest(side, inspector, on=rnd.starts_on)
        members.append(
            assignment_create(actor=side.office_head, team=team, inspector=inspector, role="member", on=rnd.starts_on)
        )
    enter(side, inspection, leader=leader)
    return leader, inspection, members


def _finding(leader: Any, inspection: Any) -> Finding:
    return svc.finding_create(
        actor=leader,
        inspection=inspection,
        title="违规发放津贴补贴",
        category="integrity_discipline",
        description="2025年以来违规发放津贴补贴。",
        drafted_on=ENTRY,
    )


def _hold(leader: Any, inspection: Any, attendees: list[Any], findings: list[Finding]) -> TeamMeeting:
    return svc.team_meeting_hold(
        actor=leader,
        inspection=inspection,
        held_on=ON,
        attendees=attendees,
        agenda="研究问题底稿",
        minutes="逐条讨论，同意提交组长审定。",
        findings=findings,
    )


@pytest.mark.parametrize("code", ["jdz", "nmg"])
def test_the_leader_alone_of_three_cannot_pass_findings_two_of_three_can(code: str, request: Any) -> None:
    side = request.getfixturevalue(code)
    leader, inspection, members = _team_of_three(side)
    roster = team_roster(inspection.team_id, ON)
    assert [(m.name, m.role, m.user_id is not None) for m in roster] == [
        ("韩组长", "leader", True),
        ("冯组员", "member", False),
        ("陈组员", "member", False),
    ]
    finding = _finding(leader, inspection)
    with pytest.raises(ServiceError) as err:
        _hold(leader, inspection, [leader], [finding])
    team_word = side.jurisdiction.rulebook.term("组")
    assert f"出席1人，本{team_word}在组人员3人" in err.value.message
    assert "本系统的设定" in err.value.message and ARTICLES[code]["team"] in err.value.message
    assert (err.value.code, err.value.field) == ("no_quorum", "attendees")
    assert Finding.objects.get(pk=finding.pk).status == "draft" and not TeamMeeting.objects.exists()

    meeting = _hold(leader, inspection, [leader, roster[1].key], [finding])
    assert meeting.member_count == 3
    assert sorted(str(a) for a in meeting.attendance.all()) == ["冯组员（组员）", "韩组长（组长）"]
    assert meeting.attendance.get(name="冯组员").assignment_id == members[0].pk
    assert Finding.objects.get(pk=finding.pk).status == "team_approved"

    html = client_for(leader).get(f"/findings/meetings/{meeting.pk}/").content.decode()
    assert "2 / 本组 3 人" in html and "冯组员" in html


def test_the_page_offers_every_staffed_member_and_records_who_came(jdz: Any) -> None:
    leader, inspection, _ = _team_of_three(jdz)
    finding = _finding(leader, inspection)
    client = client_for(leader)
    url = f"/findings/inspection/{inspection.pk}/meetings/"
    form = client.get(url).content.decode()
    assert "冯组员（组员，无登录账号）" in form and "陈组员（组员，无登录账号）" in form
    roster = team_roster(inspection.team_id, ON)
    post = {"held_on": ON.isoformat(), "agenda": "研究", "minutes": "同意", "findings": [str(finding.pk)]}
    refused = client.post(url, post | {"attendees": [roster[0].key]}).content.decode()
    assert "出席1人，本巡察组在组人员3人" in refused and not TeamMeeting.objects.exists()
    done = client.post(url, post | {"attendees": [roster[0].key, roster[2].key]})
    meeting = TeamMeeting.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/findings/meetings/{meeting.pk}/"
    assert "2 / 3" in client.get(url).content.decode()


def test_the_api_lists_the_roster_and_takes_its_keys(nmg: Any) -> None:
    leader, inspection, _ = _team_of_three(nmg)
    finding = _finding(leader, inspection)
    client = client_for(leader)
    roster = client.get(f"/api/team-meetings/roster/?inspection={inspection.pk}&on={ON.isoformat()}").json()
    assert [(r["name"], r["has_account"]) for r in roster] == [("韩组长", True), ("冯组员", False), ("陈组员", False)]
    body = {
        "inspection": inspection.pk,
        "held_on": ON.isoformat(),
        "attendees": [leader.pk, roster[2]["key"]],  # a login, or a roster key
        "agenda": "研究",
        "minutes": "同意",
        "findings": [finding.pk],
    }
    created = client.post("/api/team-meetings/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["member_count"] == 3
    assert [a["name"] for a in created.json()["attendees"]] == ["韩组长", "陈组员"]
    stranger = client.post(
        "/api/team-meetings/", body | {"attendees": [leader.pk, "a999999"]}, content_type="application/json"
    )
    assert stranger.status_code == 400 and stranger.json()["field"] == "attendees"


def test_a_place_revoked_before_the_meeting_leaves_the_roster(jdz: Any) -> None:
    from xuncha.planning.access import team_membership_revoke
    from xuncha.planning.models import TeamMembership

    place = TeamMembership.objects.get(team=jdz.inspection.team, user=jdz.member)
    team_membership_revoke(actor=jdz.office_head, membership=place, on=datetime.date(2026, 4, 1), reason="调离")
    assert [m.name for m in team_roster(jdz.inspection.team_id, ON)] == [str(jdz.leader)]
    assert len(team_roster(jdz.inspection.team_id, datetime.date(2026, 3, 20))) == 2
