"""A recusal waiver holds a conflict of interest and the reason it was waived: the office of the jurisdiction and the
body the rulebook makes decide waivers (the leading group, JDZ-2017 第十三条, NMG-2016 第十二条) read it; a member of
the team, the auditor and other teams do not — on the team page, in the waiver API, or in an assignment's recusal
check."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from xuncha.accounts.services import membership_grant, user_create
from xuncha.people import services as svc
from xuncha.people.models import RecusalWaiver
from xuncha.people.tests.test_recusal import hold, make_inspector

pytestmark = pytest.mark.django_db
D = datetime.date
ON = D(2026, 3, 2)
REASON = "经领导小组研究同意豁免（测试理由）"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _waived(side: Any) -> tuple[RecusalWaiver, str]:
    """An inspector who held a post in unit 1, the waiver of that hit, and the inspector on team 1."""
    team = side.inspection.team
    inspector = make_inspector(side, "I-W01", "韦豁免")
    hold(inspector.cadre, side.inspection.target, "科员", D(2022, 1, 1), D(2023, 1, 1))
    hit = svc.assignment_preview(team=team, inspector=inspector, role="member", on=ON).hits[0]
    waiver = svc.recusal_waiver_record(
        actor=side.office_head,
        team=team,
        inspector=inspector,
        rule=hit.rule,
        fact=hit.fact,
        reason=REASON,
        decided_on=ON,
    )
    svc.assignment_create(actor=side.office_head, team=team, inspector=inspector, role="member", on=ON)
    return waiver, hit.fact


def _leading_group(side: Any) -> Any:
    user = user_create(
        actor=None, username=f"{side.jurisdiction.code}_lg", full_name="领导小组成员", password="pw-test-123"
    )
    membership_grant(actor=None, user=user, jurisdiction=side.jurisdiction, role="leading_group_member")
    return user


@pytest.mark.parametrize("which", ["jdz", "nmg"])
def test_a_team_member_does_not_see_the_waivers_fact_or_reason_the_office_does(request: Any, which: str) -> None:
    side = request.getfixturevalue(which)
    waiver, fact = _waived(side)
    team = side.inspection.team
    url = f"/planning/teams/{team.pk}/"
    for reader in (side.office_head, side.office_clerk, _leading_group(side)):
        page = _client(reader).get(url).content.decode()
        assert fact in page and REASON in page, reader
        rows = _client(reader).get("/api/recusal-waivers/").json()["results"]
        assert [(r["fact"], r["reason"]) for r in rows] == [(fact, REASON)], reader
    for reader in (side.member, side.leader):
        response = _client(reader).get(url)
        assert response.status_code == 200  # the team page itself: who is on the team
        page = response.content.decode()
        assert "韦豁免" in page
        assert fact not in page and REASON not in page and "回避豁免" not in page, reader
        api = _client(reader)
        assert api.get("/api/recusal-waivers/").json()["results"] == []
        assert api.get(f"/api/recusal-waivers/{waiver.pk}/").status_code == 404
        assignments = api.get("/api/assignments/").json()["results"]
        assert fact not in str(assignments) and all(a["hits"] == [] for a in assignments)
    for outsider in (side.auditor, side.other_member, side.unit_contact):
        assert not RecusalWaiver.objects.visible_to(outsider).exists(), outsider
    office = _client(side.office_head).get("/api/assignments/").json()["results"]
    assert fact in str(office)
