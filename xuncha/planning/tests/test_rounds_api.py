"""The API for planning work and closing rounds: POST /api/rounds/<id>/end/, /api/teams/, POST /api/inspections/,
POST /api/inspections/<id>/withdraw/, entry guards on /api/inspections/<id>/enter/, and staffing a new team through
POST /api/assignments/."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from xuncha.conftest import Side, put_reporting
from xuncha.inspections.models import Inspection
from xuncha.inspections.services import inspection_prepare
from xuncha.obligations.models import Obligation
from xuncha.planning.models import Round, Team
from xuncha.planning.services import team_create
from xuncha.registry.services import organization_create

D = datetime.date


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def test_ending_a_round_over_the_api(jdz: Side) -> None:
    office = _client(jdz.office_clerk)
    url = f"/api/rounds/{jdz.inspection.round_id}/end/"
    put_reporting(jdz)
    refused = _post(office, url, {"ended_on": "2026-04-30"})
    body = refused.json()
    assert refused.status_code == 400 and body["field"] == "round" and body["article"] == "第三十一条"
    assert body["code"] == "round_not_finished" and "第2巡察组jdz单位二（已计划）" in body["detail"]
    withdrawn = _post(
        office,
        f"/api/inspections/{jdz.other_inspection.pk}/withdraw/",
        {"withdrawn_on": "2026-04-20", "reason": "班子调整，本轮撤出"},
    )
    assert withdrawn.status_code == 200, withdrawn.json()
    assert withdrawn.json()["status"] == "withdrawn" and withdrawn.json()["withdrawal_reason"] == "班子调整，本轮撤出"
    bad_date = _post(office, url, {"ended_on": "2026-04-01"})
    assert bad_date.status_code == 400 and bad_date.json()["field"] == "ended_on"
    assert _post(office, url, {"ended_on": "30/04/2026"}).json()["ended_on"] == ["结束日期应为 YYYY-MM-DD"]
    ended = _post(office, url, {"ended_on": "2026-04-30"})
    assert ended.status_code == 200 and ended.json()["ends_on"] == "2026-04-30"
    hearing = Obligation.objects.get(rule_code="hearing")
    assert hearing.status == "open" and hearing.due_on == D(2026, 5, 25)
    listed = office.get("/api/obligations/", {"status": "open"}).json()["results"]
    assert any(o["rule_code"] == "hearing" and o["article"] == "第三十一条" for o in listed)


def test_the_round_end_defaults_to_today(nmg: Side) -> None:
    put_reporting(nmg)
    put_reporting(nmg, nmg.other_inspection)
    ended = _post(_client(nmg.office_head), f"/api/rounds/{nmg.inspection.round_id}/end/", {})
    assert ended.status_code == 200 and ended.json()["ends_on"] == timezone.localdate().isoformat()


def test_only_the_office_ends_a_round_or_withdraws_over_the_api(jdz: Side, nmg: Side) -> None:
    put_reporting(jdz)
    put_reporting(jdz, jdz.other_inspection)
    url = f"/api/rounds/{jdz.inspection.round_id}/end/"
    for user in (jdz.leader, jdz.member):
        refused = _post(_client(user), url, {"ended_on": "2026-04-30"})
        assert refused.status_code == 403 and "市委巡察工作领导小组办公室" in refused.json()["detail"]
    # Who cannot see the round does not learn that it exists.
    assert _post(_client(jdz.unit_contact), url, {}).status_code == 404
    assert _post(_client(nmg.office_head), url, {}).status_code == 404
    assert Round.objects.get(pk=jdz.inspection.round_id).ends_on is None
    planned = organization_create(
        actor=None, jurisdiction=jdz.jurisdiction, name="新对象", kind="target", target_category="local_leadership"
    )
    team3 = team_create(actor=None, round=jdz.inspection.round, number=3)
    from xuncha.inspections.services import inspection_create

    fresh = inspection_create(actor=None, round=jdz.inspection.round, team=team3, target=planned)
    refused = _post(_client(jdz.auditor), f"/api/inspections/{fresh.pk}/withdraw/", {"reason": "x"})
    assert refused.status_code == 403 and "撤出或取消巡察" in refused.json()["detail"]
    no_reason = _post(_client(jdz.office_head), f"/api/inspections/{fresh.pk}/withdraw/", {"reason": ""})
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "reason"
    entered = _post(_client(jdz.office_head), f"/api/inspections/{jdz.inspection.pk}/withdraw/", {"reason": "x"})
    assert entered.status_code == 400 and entered.json()["code"] == "wrong_stage"


def test_office_creates_a_team_staffs_it_and_plans_an_inspection(jdz: Side) -> None:
    from xuncha.people.services import inspector_create
    from xuncha.people.tests.test_recusal import attest
    from xuncha.registry.services import cadre_create

    office = _client(jdz.office_head)
    rnd = jdz.inspection.round
    created = _post(office, "/api/teams/", {"round": rnd.pk, "number": 3})
    assert created.status_code == 201, created.json()
    team = created.json()
    assert team["name"] == "2026年第1轮 第3巡察组" and team["members"] == []
    duplicate = _post(office, "/api/teams/", {"round": rnd.pk, "number": 3})
    assert duplicate.status_code == 400 and "组别" in duplicate.json()["detail"]
    # Staffing goes through POST /api/assignments/ (people.api), recusal-checked.
    people = []
    for code, name in (("JD-8001", "甲组长"), ("JD-8002", "乙组员")):
        cadre = cadre_create(actor=jdz.office_head, jurisdiction=jdz.jurisdiction, code=code, name=name)
        people.append(inspector_create(actor=jdz.office_head, cadre=cadre, kind="full_time", county_level=True))
        attest(jdz, people[-1])  # 任职条件 (第八条) before anyone is placed
    for inspector, role in zip(people, ("leader", "member"), strict=True):
        staffed = _post(
            office,
            "/api/assignments/",
            {"team": team["id"], "inspector": inspector.pk, "role": role, "assigned_on": "2026-03-03"},
        )
        assert staffed.status_code == 201, staffed.json()
    target = organization_create(
        actor=None, jurisdiction=jdz.jurisdiction, name="新对象", kind="target", target_category="local_leadership"
    )
    planned = _post(office, "/api/inspections/", {"round": rnd.pk, "team": team["id"], "target": target.pk})
    assert planned.status_code == 201, planned.json()
    inspection = Inspection.objects.get(pk=planned.json()["id"])
    assert (inspection.status, inspection.team_id, inspection.kind) == ("planned", team["id"], "regular")
    # The staffed team (leader and member on Assignment records, no accounts) may enter.
    inspection_prepare(actor=jdz.office_head, inspection=inspection, on=D(2026, 3, 5))
    entered = _post(
        office,
        f"/api/inspections/{inspection.pk}/enter/",
        {
            "entered_on": "2026-03-16",
            "principal_notified_on": "2026-03-16",
            "contact_phone": "0798-1",
            "contact_mailbox": "信箱",
            "contact_address": "地址",
            "planned_end": "2026-04-24",
        },
    )
    assert entered.status_code == 200, entered.json()
    assert entered.json()["status"] == "on_site" and entered.json()["warnings"] == []


def test_planning_refusals_over_the_api(jdz: Side, nmg: Side) -> None:
    rnd = jdz.inspection.round
    assert _post(_client(jdz.member), "/api/teams/", {"round": rnd.pk, "number": 3}).status_code == 403
    assert _post(_client(nmg.office_head), "/api/teams/", {"round": rnd.pk, "number": 3}).json()["field"] == "round"
    office = _client(jdz.office_head)
    later = _post(
        office,
        "/api/rounds/",
        {"jurisdiction": jdz.jurisdiction.pk, "year": 2026, "number": 2, "starts_on": "2026-09-01"},
    )
    team = _post(office, "/api/teams/", {"round": later.json()["id"], "number": 1}).json()
    busy = _post(
        office,
        "/api/inspections/",
        {"round": later.json()["id"], "team": team["id"], "target": jdz.inspection.target_id},
    )
    assert busy.status_code == 400 and busy.json()["field"] == "target" and busy.json()["code"] == "target_busy"
    assert "已在2026年第1轮由第1巡察组巡察" in busy.json()["detail"]
    special = _post(
        office,
        "/api/inspections/",
        {"round": rnd.pk, "team": jdz.inspection.team_id, "target": 999999, "kind": "special"},
    )
    assert special.status_code == 400 and special.json()["field"] == "target"
    unknown_kind = _post(office, "/api/inspections/", {"round": rnd.pk, "team": 1, "target": 1, "kind": "secret"})
    assert unknown_kind.status_code == 400 and unknown_kind.json()["kind"] == ["类型“secret”不存在"]
    leader = _post(
        _client(jdz.leader),
        "/api/inspections/",
        {"round": rnd.pk, "team": jdz.inspection.team_id, "target": jdz.inspection.target_id},
    )
    assert leader.status_code == 403 and "安排巡察对象" in leader.json()["detail"]


def test_entry_over_the_api_refuses_a_short_period_and_an_unstaffed_team(jdz: Side) -> None:
    office = _client(jdz.office_head)
    inspection_prepare(actor=jdz.office_head, inspection=jdz.inspection, on=D(2026, 3, 2))
    entry = {
        "entered_on": "2026-03-16",
        "principal_notified_on": "2026-03-16",
        "contact_phone": "0798-1",
        "contact_mailbox": "信箱",
        "contact_address": "地址",
        "planned_end": "2026-03-27",
    }
    url = f"/api/inspections/{jdz.inspection.pk}/enter/"
    short = _post(office, url, entry)
    assert short.status_code == 400 and short.json()["article"] == "第十六条"
    assert short.json()["field"] == "planned_end" and short.json()["code"] == "minimum_period"
    approved = _post(office, url, entry | {"shortened_approved_on": "2026-03-12", "shortened_basis": "会议纪要"})
    assert approved.status_code == 200 and approved.json()["shortened_basis"] == "市委巡察工作领导小组同意：会议纪要"
    team = team_create(actor=None, round=jdz.inspection.round, number=3)
    target = organization_create(
        actor=None, jurisdiction=jdz.jurisdiction, name="新对象", kind="target", target_category="local_leadership"
    )
    planned = _post(
        office, "/api/inspections/", {"round": jdz.inspection.round_id, "team": team.pk, "target": target.pk}
    )
    pk = planned.json()["id"]
    inspection_prepare(actor=jdz.office_head, inspection=Inspection.objects.get(pk=pk), on=D(2026, 3, 2))
    unstaffed = _post(office, f"/api/inspections/{pk}/enter/", entry | {"planned_end": "2026-05-15"})
    assert unstaffed.status_code == 400 and unstaffed.json()["article"] == "第七条"
    assert unstaffed.json()["field"] == "team" and "组长负责制" in unstaffed.json()["detail"]


def test_entry_over_the_api_warns_when_the_period_cannot_be_checked(jdz: Side) -> None:
    inspection_prepare(actor=jdz.office_head, inspection=jdz.inspection, on=D(2026, 3, 2))
    entered = _post(
        _client(jdz.leader),
        f"/api/inspections/{jdz.inspection.pk}/enter/",
        {
            "entered_on": "2026-03-16",
            "principal_notified_on": "2026-03-16",
            "contact_phone": "0798-1",
            "contact_mailbox": "信箱",
            "contact_address": "地址",
            "planned_end": "2027-01-15",
        },
    )
    assert entered.status_code == 200 and entered.json()["status"] == "on_site"
    assert "2027 年的节假日安排尚未录入" in entered.json()["warnings"][0]


def test_team_list_is_paginated_and_scoped(jdz: Side, nmg: Side) -> None:
    for n in range(3, 8):
        team_create(actor=None, round=jdz.inspection.round, number=n)
    office = _client(jdz.office_head)
    with CaptureQueriesContext(connection) as few:
        page = office.get("/api/teams/", {"limit": 2}).json()
    assert page["count"] == 7 and len(page["results"]) == 2 and page["next"]
    with CaptureQueriesContext(connection) as many:
        whole = office.get("/api/teams/", {"limit": 1000}).json()
    assert len(whole["results"]) == 7  # limit capped at 100, all seven fit
    assert len(many.captured_queries) == len(few.captured_queries)
    first = next(t for t in whole["results"] if t["number"] == 1)
    assert {m["username"]: m["role"] for m in first["members"]} == {"jdz_leader": "leader", "jdz_member": "member"}
    mine = _client(jdz.member).get("/api/teams/").json()
    assert [t["id"] for t in mine["results"]] == [jdz.inspection.team_id]
    assert _client(nmg.office_head).get("/api/teams/", {"round": jdz.inspection.round_id}).json()["count"] == 0
    assert Team.objects.count() == 9


def test_the_page_limit_is_capped(jdz: Side) -> None:
    for n in range(3, 110):
        team_create(actor=None, round=jdz.inspection.round, number=n)
    page = _client(jdz.office_head).get("/api/teams/", {"limit": 1000}).json()
    assert page["count"] == 109 and len(page["results"]) == 100


def test_withdrawal_in_the_schema(jdz: Side) -> None:
    schema = _client(jdz.office_head).get("/api/schema/").content.decode()
    for path in ("/api/rounds/{id}/end/", "/api/inspections/{id}/withdraw/", "/api/teams/"):
        assert path in schema
