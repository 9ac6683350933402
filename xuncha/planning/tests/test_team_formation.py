"""The team-formation screen on the demo data: live recusal checks, ranking, refusal, waiver, assignment."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from xuncha.accounts.models import User
from xuncha.audit.models import Event
from xuncha.people.models import Assignment, Inspector
from xuncha.planning.models import Team


@pytest.fixture
def demo(db: Any) -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _team3(code: str) -> Team:
    return Team.objects.get(round__jurisdiction__code=code, number=3)


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_office_sees_candidates_ranked_with_recusal_flagged(demo: None) -> None:
    team = _team3("jdz")  # inspects 中共乐平市委
    html = _client("jdz_office_head").get(f"/planning/teams/{team.pk}/?role=leader").content.decode()
    assert "推荐人选" in html and "中共乐平市委" in html
    # 严冬梅's native place is 乐平市: region recusal, ranked last with the article.
    assert "严冬梅" in html and "地域回避" in html and "第十三条" in html
    first_row = html.split('data-testid="candidates"')[1].split("<tr")[2]
    assert "彭少华" in first_row  # county-level, recusal-free, no recent rounds: first for leader


def test_live_check_then_refusal_then_waiver_then_assignment(demo: None) -> None:
    team = _team3("jdz")
    yan = Inspector.objects.get(cadre__name="严冬梅")
    office = _client("jdz_office_head")
    check = office.get(
        f"/planning/teams/{team.pk}/check/", {"inspector": str(yan.pk), "role": "member"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in check and "地域回避" in check and "不能安排" in check and "登记" in check
    refused = office.post(f"/planning/teams/{team.pk}/", {"inspector": str(yan.pk), "role": "member"}, follow=True)
    assert "须回避" in refused.content.decode() and not Assignment.objects.filter(team=team, inspector=yan).exists()
    from xuncha.people.services import assignment_preview

    hit = assignment_preview(team=team, inspector=yan, role="member", on=timezone.localdate()).hits[0]
    office.post(
        f"/planning/teams/{team.pk}/waiver/",
        {
            "inspector": str(yan.pk),
            "rule": hit.rule,
            "fact": hit.fact,
            "reason": "领导小组会议研究决定（测试）",
            "decided_on": "2026-11-20",
        },
    )
    assert Event.objects.filter(action="recusal.waived").count() == 1
    ok = office.get(f"/planning/teams/{team.pk}/check/", {"inspector": str(yan.pk), "role": "member"}).content.decode()
    assert "已豁免" in ok and "可以安排" in ok
    office.post(f"/planning/teams/{team.pk}/", {"inspector": str(yan.pk), "role": "member"})
    assignment = Assignment.objects.get(team=team, inspector=yan)
    assert assignment.hits and assignment.hits[0]["rule"] == "region"


def test_nmg_leader_needs_a_per_round_authorization(demo: None) -> None:
    team = _team3("nmg")
    li = Inspector.objects.get(cadre__name="李建平")
    check = (
        _client("nmg_office_head")
        .get(f"/planning/teams/{team.pk}/check/", {"inspector": str(li.pk), "role": "leader"})
        .content.decode()
    )
    assert "一次一授权" in check and "第九条" in check and "不能安排" in check


def test_only_the_office_can_form_teams(demo: None) -> None:
    team = _team3("jdz")
    member = _client("jdz_member1")
    assert member.get(f"/planning/teams/{team.pk}/check/", {"inspector": "1", "role": "member"}).status_code in (
        403,
        404,
    )
    before = Assignment.objects.count()
    anyone = Inspector.objects.filter(jurisdiction=team.round.jurisdiction).first()
    assert anyone is not None
    member.post(f"/planning/teams/{team.pk}/", {"inspector": str(anyone.pk), "role": "member"})
    assert Assignment.objects.count() == before
    leader = _client("jdz_leader1")
    page = leader.get(
        f"/planning/teams/{Team.objects.get(round__jurisdiction__code='jdz', round__number=1, number=1).pk}/"
    )
    assert page.status_code == 200 and "推荐人选" not in page.content.decode()


def test_giving_a_staffed_team_a_target_rechecks_its_people(demo: None) -> None:
    from xuncha.core.errors import ServiceError
    from xuncha.inspections.services import inspection_create
    from xuncha.planning.services import round_create, team_create
    from xuncha.registry.models import Organization

    office = User.objects.get(username="jdz_office_head")
    # The demo's round 1 has ended and round 2 is on site (demo/now.py); a new round takes the new team.
    rnd = round_create(
        actor=office,
        jurisdiction=_team3("jdz").round.jurisdiction,
        year=2026,
        number=3,
        starts_on=datetime.date(2026, 11, 2),
    )
    team = team_create(actor=office, round=rnd, number=4)
    jiang = Inspector.objects.get(cadre__name="江海波")  # served in 浮梁县教育体育局 until 2023
    from xuncha.people.services import assignment_create

    assignment_create(actor=office, team=team, inspector=jiang, role="member", on=datetime.date(2026, 11, 20))
    edu = Organization.objects.get(name="浮梁县教育体育局党组")
    with pytest.raises(ServiceError) as err:
        inspection_create(actor=office, round=rnd, team=team, target=edu)
    assert "江海波" in err.value.message and "任职回避" in err.value.message and err.value.article == "第十三条"
    assert not edu.inspections.exists()


def test_coverage_page_counts_each_target_of_the_term(demo: None) -> None:
    html = _client("jdz_office_head").get("/planning/coverage/").content.decode()
    assert "第十六条" in html
    # Demo: 浮梁县委 and 市教育局 entered in round 1 of 2026; 乐平市委, withdrawn from round 1 before entry, entered
    # in round 2 (demo/now.py): three inspected. 浮梁县教育体育局, 陶瓷集团 and 交通运输局 are not yet scheduled.
    assert 'data-testid="count-inspected">已巡察 3<' in html
    assert 'data-testid="count-scheduled">已安排 0<' in html
    assert 'data-testid="count-not_yet">尚未安排 3<' in html
    assert _client("jdz_member1").get("/planning/coverage/").status_code == 403
