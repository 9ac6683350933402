"""Every page renders for every demo account; list pages cost a fixed number of queries."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xuncha.accounts.models import User
from xuncha.conftest import put_decided, put_feedback_given, put_receipt_signed
from xuncha.inspections import services as insp
from xuncha.obligations.models import Obligation

PAGES = [
    "/",
    "/rulebooks/",
    "/rulebooks/JDZ-2017/",
    "/rulebooks/NMG-2016/",
    "/rulebooks/compare/?diff=1",
    "/workdays/",
    "/inspections/",
    "/events/",
    "/api/docs/",
    "/api/schema/",
]


@pytest.fixture
def demo(db: Any) -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_every_demo_account_can_open_every_page(demo: None) -> None:
    client = Client()
    users = list(User.objects.all())
    assert len(users) >= 30
    for user in users:
        client.force_login(user)
        for url in PAGES:
            response = client.get(url)
            expected = {200, 403} if url == "/planning/coverage/" else {200}  # coverage is for oversight roles
            assert response.status_code in expected, (user.username, url, response.status_code)


def test_demo_fills_every_dashboard_group_for_the_office(demo: None) -> None:
    client = Client()
    client.force_login(User.objects.get(username="jdz_office_head"))
    html = client.get("/").content.decode()
    from xuncha.jurisdictions.rulebook import get_rulebook

    assert get_rulebook("JDZ-2017").deadline("rectification_plan").name in html
    assert "第三十四条" in html and "第三十一条" in html
    assert Obligation.objects.filter(status="fulfilled").exists()
    assert Obligation.objects.filter(status="open", due_on__lt=datetime.date(2026, 11, 22)).exists()


def test_the_word_follows_the_rulebook(demo: None) -> None:
    client = Client()
    client.force_login(User.objects.get(username="nmg_leader1"))
    nmg = client.get("/inspections/").content.decode()
    assert "第1巡视组" in nmg and "第1巡察组" not in nmg
    client.force_login(User.objects.get(username="jdz_leader1"))
    jdz = client.get("/inspections/").content.decode()
    assert "第1巡察组" in jdz and "巡视组" not in jdz


def test_compare_page_marks_the_differences(demo: None) -> None:
    client = Client()
    client.force_login(User.objects.get(username="jdz_auditor"))
    html = client.get("/rulebooks/compare/?diff=1").content.decode()
    # Rows are labelled by the item's Chinese name, never by its code (issue 10: no raw codes on the page).
    assert "<td>上报整改方案</td>" in html and "10个工作日" in html  # JDZ only (rectification_plan)
    assert "<td>《巡察反馈材料签收单》</td>" in html  # JDZ only (feedback_receipt)
    assert "<td>领导干部问题线索情况报告</td>" in html  # NMG only (clue_report)
    for code in ("rectification_plan", "feedback_receipt", "clue_report", "joint_meeting"):
        assert code not in html, code
    # Rows the two rulebooks agree on are left out: the same five problem categories, the same 3-month clue rule.
    assert "<td>违反政治纪律和政治规矩</td>" not in html and "<td>反馈移交问题线索办理情况</td>" not in html
    # Both have a team meeting; only the committee's name differs (市委巡察组 / 巡视组), which is not a difference.
    assert "<td>市委巡察组组务会</td>" not in html and "<td>市委巡察工作联席会议</td>" in html
    full = client.get("/rulebooks/compare/").content.decode()
    assert "<td>违反政治纪律和政治规矩</td>" in full and "<td>反馈移交问题线索办理情况</td>" in full
    assert "未规定" in html


def _make_inspections(side: Any, n: int) -> None:
    """At least `n` more inspections with feedback given (2026-09-07) and the receipt signed (2026-09-08): in new
    rounds of two, each pair taken to the five-member group's decision by `put_decided` before its feedback."""
    from xuncha.planning.models import Round, TeamMembership
    from xuncha.planning.services import round_create, team_create
    from xuncha.registry.models import Organization
    from xuncha.registry.services import organization_create

    other_leader = TeamMembership.objects.get(team=side.other_inspection.team, role="leader").user
    for _ in range((n + 1) // 2):
        number = Round.objects.filter(jurisdiction=side.jurisdiction).count() + 1
        rnd = round_create(
            actor=None, jurisdiction=side.jurisdiction, year=2026, number=number, starts_on=datetime.date(2026, 3, 2)
        )
        pair = []
        for team_number, people in enumerate([(side.leader, side.member), (other_leader, side.other_member)], 1):
            org = organization_create(
                actor=None,
                jurisdiction=side.jurisdiction,
                name=f"加测单位{Organization.objects.count()}",
                kind="target",
                target_category="other_units",
            )
            team = team_create(
                actor=None, round=rnd, number=team_number, members=[(people[0], "leader"), (people[1], "member")]
            )
            pair.append(insp.inspection_create(actor=None, round=rnd, team=team, target=org))
        in_round = dataclasses.replace(side, inspection=pair[0], other_inspection=pair[1])
        put_decided(in_round)
        for i in pair:
            put_feedback_given(in_round, i, given_on=datetime.date(2026, 9, 7))
            put_receipt_signed(in_round, i, signed_on=datetime.date(2026, 9, 8))


@pytest.mark.parametrize(
    "url", ["/", "/inspections/", "/events/", "/api/obligations/", "/api/inspections/", "/api/events/"]
)
def test_list_pages_do_a_fixed_number_of_queries(jdz: Any, url: str) -> None:
    client = Client()
    client.force_login(jdz.office_head)
    _make_inspections(jdz, 1)
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _make_inspections(jdz, 6)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_rulebook_page_shows_the_steps_after_fieldwork_and_the_closure_conditions(demo: None) -> None:
    client = Client()
    client.force_login(User.objects.get(username="jdz_auditor"))
    jdz = client.get("/rulebooks/JDZ-2017/").content.decode()
    assert "报送备案" in jdz and "第三十一条" in jdz and "通报或约谈" in jdz and "第四十一条" in jdz
    assert "《巡察反馈材料签收单》已三方签字" in jdz
    nmg = client.get("/rulebooks/NMG-2016/").content.decode()
    assert "向上级报告" in nmg and "反馈前须经同意" in nmg and "直接报送办公室" in nmg
    assert "通报或约谈" not in nmg and "签收单已三方签字" not in nmg
