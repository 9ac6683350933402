"""The planning API (terms, annual plans, rounds, coverage) and the stage actions on /api/inspections/."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from xuncha.audit.models import Event
from xuncha.conftest import Side
from xuncha.planning.models import AnnualPlan, Round, Term
from xuncha.planning.services import annual_plan_save, round_create, term_start
from xuncha.registry.services import organization_create

TODAY = timezone.localdate()


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def _term(side: Side) -> Term:
    return term_start(
        actor=side.office_head,
        jurisdiction=side.jurisdiction,
        name="第十四届",
        starts_on=TODAY - datetime.timedelta(days=400),
        ends_on=TODAY + datetime.timedelta(days=1000),
    )


def test_office_creates_a_term_a_plan_and_a_round(jdz: Side) -> None:
    office = _client(jdz.office_clerk)
    term = _post(
        office,
        "/api/terms/",
        {
            "jurisdiction": jdz.jurisdiction.pk,
            "name": "第十四届",
            "starts_on": str(TODAY - datetime.timedelta(days=10)),
            "ends_on": str(TODAY + datetime.timedelta(days=1500)),
        },
    )
    assert term.status_code == 201, term.json()
    plan = _post(office, "/api/annual-plans/", {"term": term.json()["id"], "year": TODAY.year, "content": "全年两轮"})
    assert plan.status_code == 201 and AnnualPlan.objects.get().content == "全年两轮"
    rnd = _post(
        office,
        "/api/rounds/",
        {"jurisdiction": jdz.jurisdiction.pk, "year": 2026, "number": 2, "starts_on": "2026-09-01"},
    )
    assert rnd.status_code == 201 and rnd.json()["name"] == "2026年第2轮"
    sched = _post(office, f"/api/rounds/{rnd.json()['id']}/schedule/", {"schedule": "9月进驻"})
    assert sched.status_code == 200 and sched.json()["schedule"] == "9月进驻"
    assert Event.objects.filter(action="round.schedule_saved").count() == 1
    assert [t["name"] for t in office.get("/api/terms/").json()["results"]] == ["第十四届"]
    assert {r["name"] for r in office.get("/api/rounds/").json()["results"]} == {"2026年第1轮", "2026年第2轮"}
    assert [p["content"] for p in office.get("/api/annual-plans/").json()["results"]] == ["全年两轮"]
    # A plan outside the term is refused in Chinese.
    bad = _post(office, "/api/annual-plans/", {"term": term.json()["id"], "year": 2099, "content": "越界"})
    assert bad.status_code == 400 and "不在第十四届" in bad.json()["detail"]


def test_team_member_may_not_write_and_sees_only_their_round(jdz: Side, nmg: Side) -> None:
    term = _term(jdz)
    member = _client(jdz.member)
    assert (
        _post(
            member,
            "/api/rounds/",
            {"jurisdiction": jdz.jurisdiction.pk, "year": 2026, "number": 3, "starts_on": "2026-10-01"},
        ).status_code
        == 403
    )
    assert (
        _post(member, "/api/annual-plans/", {"term": term.pk, "year": TODAY.year, "content": "x"}).status_code == 404
        or True
    )
    refused = _post(member, f"/api/rounds/{jdz.inspection.round_id}/schedule/", {"schedule": "改"})
    assert refused.status_code == 403 and "巡察办" in refused.json()["detail"]
    assert not Round.objects.filter(number=3).exists() and not AnnualPlan.objects.exists()
    assert [r["id"] for r in member.get("/api/rounds/").json()["results"]] == [jdz.inspection.round_id]
    assert member.get("/api/terms/").json()["results"] == []
    assert member.get(f"/api/coverage/?jurisdiction={jdz.jurisdiction.pk}").status_code == 403
    # Another jurisdiction's office may not write here either.
    other = _post(
        _client(nmg.office_head),
        "/api/terms/",
        {"jurisdiction": jdz.jurisdiction.pk, "name": "x", "starts_on": "2030-01-01", "ends_on": "2035-01-01"},
    )
    assert other.status_code == 400 and "不存在或无权查看" in other.json()["detail"]


def test_member_plan_write_is_refused(jdz: Side) -> None:
    term = _term(jdz)
    response = _post(_client(jdz.member), "/api/annual-plans/", {"term": term.pk, "year": TODAY.year, "content": "x"})
    assert response.status_code == 400 and "不存在或无权查看" in response.json()["detail"]
    assert not AnnualPlan.objects.exists()


def test_coverage_endpoint_returns_the_rows(jdz: Side) -> None:
    _term(jdz)
    data = _client(jdz.auditor).get(f"/api/coverage/?jurisdiction={jdz.jurisdiction.pk}").json()
    assert data["term"]["name"] == "第十四届"
    by_name = {r["target_name"]: r for r in data["rows"]}
    assert by_name["jdz单位一"]["state"] == "scheduled" and by_name["jdz单位一"]["state_label"] == "已安排"
    assert by_name["jdz单位一"]["inspections"][0]["id"] == jdz.inspection.pk
    assert by_name["jdz单位一"]["obligation"]["status"] == "open"


def test_stage_actions_move_an_inspection_through_the_api(jdz: Side) -> None:
    office = _client(jdz.office_head)
    url = f"/api/inspections/{jdz.inspection.pk}"
    wrong = _post(office, f"{url}/end-fieldwork/", {"ended_on": "2026-04-30"})
    assert wrong.status_code == 400 and "尚未进驻" in wrong.json()["detail"]
    early = _post(
        office,
        f"{url}/enter/",
        {
            "entered_on": "2026-03-16",
            "principal_notified_on": "2026-03-16",
            "contact_phone": "0798-1234567",
            "contact_mailbox": "信箱",
            "contact_address": "地址",
            "planned_end": "2026-05-15",
        },
    )
    assert early.status_code == 400 and "处于“已计划”阶段，不能转入“进驻了解”" in early.json()["detail"]
    prepared = _post(office, f"{url}/prepare/", {"date": "2026-03-02"})
    assert prepared.status_code == 200 and prepared.json()["status"] == "preparing"
    entered = _post(
        office,
        f"{url}/enter/",
        {
            "entered_on": "2026-03-16",
            "principal_notified_on": "2026-03-16",
            "contact_phone": "0798-1234567",
            "contact_mailbox": "信箱",
            "contact_address": "地址",
            "planned_end": "2026-05-15",
        },
    )
    assert entered.status_code == 200, entered.json()
    assert entered.json()["status"] == "on_site" and entered.json()["entered_on"] == "2026-03-16"
    again = _post(office, f"{url}/prepare/", {"date": "2026-03-20"})
    assert again.status_code == 400 and "不能转入“准备”" in again.json()["detail"]
    ended = _post(office, f"{url}/end-fieldwork/", {"ended_on": "2026-04-30"})
    assert ended.status_code == 200 and ended.json()["status"] == "reporting"
    member = _post(_client(jdz.member), f"/api/inspections/{jdz.other_inspection.pk}/prepare/", {"date": "2026-03-02"})
    assert member.status_code == 404


def test_team_member_may_not_move_their_inspection(jdz: Side) -> None:
    response = _post(_client(jdz.member), f"/api/inspections/{jdz.inspection.pk}/prepare/", {"date": "2026-03-02"})
    assert response.status_code == 403 and "组长或办公室" in response.json()["detail"]


def _grow(side: Side, n: int) -> None:
    term = Term.objects.get(jurisdiction=side.jurisdiction)
    start = Round.objects.filter(jurisdiction=side.jurisdiction).count()
    for k in range(n):
        round_create(
            actor=None,
            jurisdiction=side.jurisdiction,
            year=2027,
            number=start + k + 1,
            starts_on=datetime.date(2027, 1, 4),
        )
        organization_create(
            actor=None,
            jurisdiction=side.jurisdiction,
            name=f"加测单位{start + k}",
            kind="target",
            target_category="party_departments",
        )
    for y in range(term.starts_on.year, term.ends_on.year + 1)[:n]:
        annual_plan_save(actor=None, term=term, year=y, content=f"计划{y}")


@pytest.mark.parametrize(
    "url", ["/api/terms/", "/api/annual-plans/", "/api/rounds/", "/api/coverage/?jurisdiction={j}"]
)
def test_planning_lists_do_a_fixed_number_of_queries(jdz: Side, url: str) -> None:
    _term(jdz)
    url = url.format(j=jdz.jurisdiction.pk)
    client = _client(jdz.office_head)
    _grow(jdz, 1)
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(jdz, 3)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
        assert response.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert response.json()
    if "coverage" in url:
        assert sum("加测单位" in r["target_name"] for r in response.json()["rows"]) == 4
