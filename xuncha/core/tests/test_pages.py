"""Every page renders for every demo account; list pages cost a fixed number of queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xuncha.accounts.models import User
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
    assert "rectification_plan" in html and "10个工作日" in html  # JDZ only
    assert "feedback_receipt" in html  # JDZ only
    assert "clue_report" in html  # NMG only
    # Rows the two rulebooks agree on are left out: the same five problem categories, the same 3-month clue rule.
    assert "political_discipline" not in html and "clue_handling_report" not in html
    # Both have a team meeting; only the committee's name differs (市委巡察组 / 巡视组), which is not a difference.
    assert "team_meeting" not in html and "joint_meeting" in html
    full = client.get("/rulebooks/compare/").content.decode()
    assert "political_discipline" in full and "clue_handling_report" in full
    assert "未规定" in html


def _make_inspections(side: Any, n: int) -> None:
    from xuncha.registry.models import Organization
    from xuncha.registry.services import organization_create

    start = Organization.objects.count()
    for k in range(start, start + n):
        org = organization_create(
            actor=None,
            jurisdiction=side.jurisdiction,
            name=f"加测单位{k}",
            kind="target",
            target_category="other_units",
        )
        i = insp.inspection_create(actor=None, round=side.inspection.round, team=side.inspection.team, target=org)
        insp.feedback_give(actor=side.office_clerk, inspection=i, given_on=datetime.date(2026, 9, 7))
        insp.feedback_receipt_sign(actor=side.office_clerk, inspection=i, signed_on=datetime.date(2026, 9, 8))


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
