"""A team place gives access to the team's records and secrets only until the team's work is finished (every
inspection of the team closed or withdrawn), the office head revokes it, or the login is unlinked from the inspector.
Ending fieldwork (round_end) does not end it: the team still reports, gives feedback and reviews rectification."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from xuncha.accounts.models import User
from xuncha.audit.models import Event
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.core.visibility import viewer_for
from xuncha.inspections.closure import inspection_close
from xuncha.inspections.models import Inspection
from xuncha.inspections.services import talk_record_read
from xuncha.inspections.tests.test_closure import CLOSE_ON, _settle
from xuncha.people import services as people
from xuncha.people.tests.test_recusal import attest
from xuncha.planning.access import team_finished, team_membership_revoke
from xuncha.planning.models import TeamMembership
from xuncha.registry.services import cadre_create

D = datetime.date


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def sees(user: User, inspection: Inspection) -> bool:
    return Inspection.objects.visible_to(fresh(user)).filter(pk=inspection.pk).exists()


@pytest.mark.parametrize("name", ["jdz", "nmg"])
def test_the_team_keeps_access_after_the_round_ends_and_loses_it_when_its_inspection_closes(
    request: Any, name: str
) -> None:
    side = request.getfixturevalue(name)
    _settle(side)  # the round ended on 2026-04-30; feedback, plan, items and reports reviewed since
    assert side.inspection.round.ends_on is not None
    assert sees(side.member, side.inspection) and sees(side.leader, side.inspection)
    assert not team_finished(side.inspection.team)

    inspection_close(actor=side.office_head, inspection=side.inspection, closed_on=CLOSE_ON)

    places = TeamMembership.objects.filter(team=side.inspection.team)
    assert {(p.ended_on, p.end_reason) for p in places} == {(CLOSE_ON, "closed")}
    assert not sees(side.member, side.inspection) and not sees(side.leader, side.inspection)
    assert viewer_for(fresh(side.member)).team_ids == frozenset()
    assert sees(side.office_head, side.inspection)  # the office keeps the file
    # The other team's inspection is still open: its members keep their access.
    assert sees(side.other_member, side.other_inspection)
    ended = Event.objects.filter(action="team_membership.ended")
    assert ended.count() == places.count() and all(e.occurred_on == CLOSE_ON for e in ended)
    assert {(e.after or {})["user"] for e in ended} == {side.leader.username, side.member.username}


def test_the_office_head_revokes_a_place_and_the_secrets_close(talk: Any, jdz: Any) -> None:
    place = TeamMembership.objects.get(team=jdz.inspection.team, user=jdz.member)
    assert talk_record_read(actor=fresh(jdz.member), pk=talk.pk) == talk
    for who in (jdz.office_clerk, jdz.leader, jdz.member):
        with pytest.raises(PermissionDeniedError, match="撤销巡察组成员的查阅权限"):
            team_membership_revoke(actor=who, membership=place, on=D(2026, 4, 9), reason="调离")
    with pytest.raises(ServiceError, match="撤销原因：必填"):
        team_membership_revoke(actor=jdz.office_head, membership=place, on=D(2026, 4, 9), reason=" ")
    team_membership_revoke(actor=jdz.office_head, membership=place, on=D(2026, 4, 9), reason="调离本组")
    with pytest.raises(PermissionDeniedError, match="个别谈话记录属于巡察工作秘密"):
        talk_record_read(actor=fresh(jdz.member), pk=talk.pk)
    assert not sees(jdz.member, jdz.inspection) and sees(jdz.leader, jdz.inspection)
    event = Event.objects.get(action="team_membership.ended")
    assert event.actor == jdz.office_head and (event.after or {})["note"] == "调离本组"
    assert (event.after or {})["reason"] == "revoked" and event.occurred_on == D(2026, 4, 9)
    with pytest.raises(ServiceError, match="的权限已于 2026-04-09 终止"):
        team_membership_revoke(actor=jdz.office_head, membership=place, on=D(2026, 4, 9), reason="再次")


def test_linking_a_login_gives_the_inspectors_team_places_and_unlinking_ends_them(jdz: Any) -> None:
    cadre = cadre_create(actor=jdz.office_head, jurisdiction=jdz.jurisdiction, code="P01", name="彭某")
    inspector = people.inspector_create(actor=jdz.office_head, cadre=cadre, kind="full_time")
    attest(jdz, inspector)  # 任职条件 (第八条) before the assignment
    people.assignment_create(
        actor=jdz.office_head, team=jdz.inspection.team, inspector=inspector, role="member", on=D(2026, 3, 2)
    )
    login = User.objects.get(username="jdz_receiver")  # an account of this jurisdiction without a team place
    assert not sees(login, jdz.inspection)
    with pytest.raises(PermissionDeniedError, match="关联巡察工作人员的登录账号"):
        people.inspector_link_user(actor=jdz.office_clerk, inspector=inspector, user=login)
    people.inspector_link_user(actor=jdz.office_head, inspector=inspector, user=login)
    assert sees(login, jdz.inspection)
    linked = Event.objects.get(action="inspector.user_linked")
    assert (linked.after or {})["team_places"] == [[str(jdz.inspection.team), "member"]]
    with pytest.raises(ServiceError, match="已关联登录账号"):
        people.inspector_link_user(actor=jdz.office_head, inspector=inspector, user=jdz.other_member)

    people.inspector_unlink_user(actor=jdz.office_head, inspector=inspector, on=D(2026, 4, 1))
    assert not sees(login, jdz.inspection)
    place = TeamMembership.objects.get(team=jdz.inspection.team, user=login)
    assert (place.ended_on, place.end_reason) == (D(2026, 4, 1), "unlinked")


def test_a_login_of_another_jurisdiction_cannot_be_linked(jdz: Any, nmg: Any) -> None:
    cadre = cadre_create(actor=jdz.office_head, jurisdiction=jdz.jurisdiction, code="P02", name="潘某")
    inspector = people.inspector_create(actor=jdz.office_head, cadre=cadre, kind="full_time")
    with pytest.raises(PermissionDeniedError, match="不属于景德镇市委"):
        people.inspector_link_user(actor=jdz.office_head, inspector=inspector, user=nmg.receiver)


def test_withdrawing_a_teams_last_unfinished_inspection_ends_its_places(jdz: Any) -> None:
    from xuncha.inspections.services import inspection_withdraw

    other = jdz.other_inspection
    assert other.status == "planned" and sees(jdz.other_member, other)
    inspection_withdraw(actor=jdz.office_head, inspection=other, withdrawn_on=D(2026, 3, 20), reason="对象调整")
    places = TeamMembership.objects.filter(team=other.team)
    assert places.exists() and {(p.ended_on, p.end_reason) for p in places} == {(D(2026, 3, 20), "closed")}
    assert not sees(jdz.other_member, other)
    assert sees(jdz.member, jdz.inspection)  # the first team's inspection is still open
