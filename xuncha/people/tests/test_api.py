"""The people API: reads through visible_to, writes through the services, refusals as 400/403 with the service's
Chinese message, field and article; every list endpoint costs a fixed number of queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xuncha.accounts.models import User
from xuncha.accounts.services import user_create
from xuncha.people import services as svc
from xuncha.people.models import Assignment, Declaration, Inspector, RecusalWaiver
from xuncha.people.tests.test_recusal import hold, make_cadre, make_inspector
from xuncha.people.tests.test_services import conflicted

D = datetime.date
ON = D(2026, 3, 2)

LISTS = [
    "/api/inspectors/",
    "/api/declarations/",
    "/api/attestations/",
    "/api/secondments/",
    "/api/training-postings/",
    "/api/rotations/",
    "/api/leader-authorizations/",
    "/api/assignments/",
    "/api/recusal-waivers/",
]


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type="application/json")


def results(client: Client, url: str) -> list[dict[str, Any]]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.content)
    rows: list[dict[str, Any]] = response.json()["results"]
    return rows


@pytest.fixture
def account(jdz: Any) -> User:
    return user_create(actor=None, username="jdz_self", full_name="自己人", password="pw-test-123")


@pytest.fixture
def mine(jdz: Any, account: User) -> Inspector:
    return make_inspector(jdz, "I-ME", "周自己", user=account)


def fill(side: Any, inspector: Inspector) -> None:
    """One record of every kind the side's rulebook allows, for `inspector`."""
    svc.declaration_create(actor=side.office_head, inspector=inspector, kind="kin", declared_on=ON, person_name="某")
    svc.attestation_record(
        actor=side.office_head, inspector=inspector, condition="health", attested_on=ON, basis="体检"
    )
    svc.rotation_record(
        actor=side.office_head, inspector=inspector, rotated_on=ON, from_position="甲", to_position="乙"
    )
    if side.jurisdiction.rulebook.staffing.secondment_article:
        svc.secondment_create(actor=side.office_head, inspector=inspector, home_organization="某局", started_on=ON)
        svc.training_posting_create(
            actor=side.office_head, inspector=inspector, home_organization="某局", started_on=ON
        )
    if inspector.in_leader_pool:
        svc.leader_authorize(
            actor=side.office_head,
            inspector=inspector,
            round=side.inspection.round,
            role="deputy",
            authorized_on=ON,
            basis="会议",
        )


def test_the_schema_stays_valid_and_names_the_people_endpoints_in_chinese(jdz: Any) -> None:
    response = client_for(jdz.auditor).get("/api/schema/")
    assert response.status_code == 200
    schema = response.content.decode()
    for url in [*LISTS, "/api/assignments/preview/", "/api/declarations/{id}/withdraw/"]:
        assert url in schema, url
    assert "申报回避事项" in schema and "预检人员安排" in schema


# -- inspectors -----------------------------------------------------------------------------------------------------
def test_the_office_enters_an_inspector_over_the_api_and_the_service_refuses_with_reasons(jdz: Any, nmg: Any) -> None:
    cadre = make_cadre(jdz, "C-API", "秦接口")
    office = client_for(jdz.office_clerk)
    ok = post(office, "/api/inspectors/", {"cadre": cadre.pk, "kind": "pool", "expertise": ["finance"]})
    assert ok.status_code == 201, ok.content
    assert (ok.json()["cadre_name"], ok.json()["expertise"], ok.json()["username"]) == ("秦接口", ["finance"], None)
    again = post(office, "/api/inspectors/", {"cadre": cadre.pk, "kind": "pool"})
    assert again.status_code == 400 and again.json() == {
        "detail": "秦接口已登记为巡察工作人员",
        "code": "invalid",
        "field": "cadre",
    }
    other = make_cadre(jdz, "C-API2", "尤接口")
    bad = post(office, "/api/inspectors/", {"cadre": other.pk, "kind": "pool", "expertise": ["legal"]})
    assert bad.status_code == 400 and bad.json()["field"] == "expertise" and bad.json()["article"] == "第九条"
    # The auditor sees the cadre but may not enter it; NMG's office does not see JDZ's cadres at all.
    refused = post(client_for(jdz.auditor), "/api/inspectors/", {"cadre": other.pk, "kind": "pool"})
    assert refused.status_code == 403 and "第九条" in refused.json()["detail"]
    unseen = post(client_for(nmg.office_head), "/api/inspectors/", {"cadre": other.pk, "kind": "pool"})
    assert unseen.status_code == 400 and unseen.json()["detail"] == f"干部 {other.pk} 不存在或无权查看"
    linked = post(office, "/api/inspectors/", {"cadre": other.pk, "kind": "full_time", "username": "jdz_member"})
    assert linked.status_code == 201 and linked.json()["username"] == "jdz_member"
    assert Inspector.objects.count() == 2


# -- visibility -----------------------------------------------------------------------------------------------------
def test_teammates_and_unit_contacts_see_no_inspector_records(jdz: Any, mine: Inspector) -> None:
    fill(jdz, mine)
    place(jdz, mine)
    office = client_for(jdz.office_head)
    for url in LISTS:
        if "leader-authorizations" not in url:  # JDZ-2017 has none
            # make_inspector attests the rulebook's five conditions (第八条); fill() adds one more.
            expected = 6 if url == "/api/attestations/" else 1
            assert len(results(office, url)) == expected, url
    for outsider in (jdz.member, jdz.unit_contact, jdz.other_member, jdz.receiver):
        client = client_for(outsider)
        for url in LISTS:
            if url == "/api/assignments/" and outsider == jdz.member:
                continue  # a team sees its own staffing (Assignment.visibility_q); checked below
            assert results(client, url) == [], (outsider, url)
        assert client.get(f"/api/inspectors/{mine.pk}/").status_code == 404
    assert [a["inspector_name"] for a in results(client_for(jdz.member), "/api/assignments/")] == ["周自己"]


def test_the_inspector_sees_and_declares_their_own_record(jdz: Any, mine: Inspector) -> None:
    make_inspector(jdz, "I-OT", "吴别人")
    client = client_for(mine.user)
    assert [i["cadre_name"] for i in results(client, "/api/inspectors/")] == ["周自己"]
    created = post(
        client,
        "/api/declarations/",
        {"inspector": mine.pk, "kind": "close_tie", "declared_on": "2026-03-01", "person_name": "老同学"},
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    withdrawn = post(client, f"/api/declarations/{pk}/withdraw/", {"withdrawn_on": "2026-04-01", "reason": "误报"})
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_on"] == "2026-04-01"
    again = post(client, f"/api/declarations/{pk}/withdraw/", {"withdrawn_on": "2026-05-01"})
    assert again.status_code == 400 and again.json()["detail"] == "该申报已于 2026-04-01 撤回"
    rotation = post(
        client, "/api/rotations/", {"inspector": mine.pk, "rotated_on": "2026-03-01", "from_position": "甲"}
    )
    assert rotation.status_code == 403 and "登记轮岗交流（第十三条）" in rotation.json()["detail"]
    # The registry is not the inspector's to read: a cadre they cannot see is “不存在或无权查看”.
    relative = make_cadre(jdz, "C-REL", "蒋亲戚")
    hidden = post(
        client,
        "/api/declarations/",
        {"inspector": mine.pk, "kind": "kin", "declared_on": "2026-03-01", "person": relative.pk},
    )
    assert hidden.status_code == 400 and hidden.json()["field"] == "person"
    assert Declaration.objects.count() == 1


def test_a_declaration_naming_nothing_is_refused_over_the_api(jdz: Any, mine: Inspector) -> None:
    response = post(
        client_for(jdz.office_head),
        "/api/declarations/",
        {"inspector": mine.pk, "kind": "prior_post", "declared_on": "2026-03-01"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "申报曾任职务须指明相关单位，回避核查据此进行（第十三条）",
        "code": "invalid",
        "field": "organization",
        "article": "第十三条",
    }


# -- eligibility and staffing records -------------------------------------------------------------------------------
def test_attestations_secondments_postings_and_rotations_over_the_api(jdz: Any, nmg: Any, mine: Inspector) -> None:
    office = client_for(jdz.office_head)
    ok = post(
        office,
        "/api/attestations/",
        {"inspector": mine.pk, "condition": "health", "attested_on": "2026-03-02", "basis": "体检合格"},
    )
    assert ok.status_code == 201 and ok.json()["attested_by"] == jdz.office_head.pk
    unknown = post(
        office, "/api/attestations/", {"inspector": mine.pk, "condition": "languages", "attested_on": "2026-03-02"}
    )
    assert unknown.status_code == 400 and (unknown.json()["field"], unknown.json()["article"]) == (
        "condition",
        "第八条",
    )
    secondment = post(
        office,
        "/api/secondments/",
        {"inspector": mine.pk, "home_organization": "市审计局", "started_on": "2026-03-01"},
    )
    assert secondment.status_code == 201
    appraised = post(
        office,
        f"/api/secondments/{secondment.json()['id']}/appraise/",
        {"part": "office", "grade": "competent", "appraisal": "称职", "appraised_on": "2026-07-01"},
    )
    assert appraised.status_code == 200, appraised.content
    body = appraised.json()
    assert [(a["part"], a["grade"]) for a in body["appraisals"]] == [("office", "competent")]
    assert body["appraisal_complete"] is False  # the team's part is still to come (第九条: 共同作出鉴定)
    no_part = post(
        office,
        f"/api/secondments/{secondment.json()['id']}/appraise/",
        {"grade": "competent", "appraisal": "称职", "appraised_on": "2026-07-01"},
    )
    assert no_part.status_code == 400 and "请填写鉴定方" in no_part.content.decode()
    posting = post(
        office,
        "/api/training-postings/",
        {"inspector": mine.pk, "home_organization": "某局", "started_on": "2026-01-01"},
    )
    assert posting.status_code == 201
    rotation = post(
        office,
        "/api/rotations/",
        {"inspector": mine.pk, "rotated_on": "2026-02-01", "from_position": "一组", "to_position": "三组"},
    )
    assert rotation.status_code == 201 and rotation.json()["to_position"] == "三组"
    assert [r["id"] for r in results(office, f"/api/rotations/?inspector={mine.pk}")] == [rotation.json()["id"]]
    nmg_inspector = make_inspector(nmg, "N-1", "韩巡视")
    refused = post(
        client_for(nmg.office_head),
        "/api/secondments/",
        {"inspector": nmg_inspector.pk, "home_organization": "某局", "started_on": "2026-03-01"},
    )
    assert refused.status_code == 400 and refused.json()["code"] == "not_in_rulebook"


def test_leader_authorizations_exist_under_nmg_only(jdz: Any, nmg: Any, mine: Inspector) -> None:
    pooled = make_inspector(nmg, "N-L", "杨组长", in_leader_pool=True)
    data = {"inspector": pooled.pk, "round": nmg.inspection.round.pk, "role": "leader", "authorized_on": "2026-03-01"}
    office = client_for(nmg.office_head)
    created = post(office, "/api/leader-authorizations/", {**data, "basis": "书记专题会"})
    assert created.status_code == 201 and created.json()["role"] == "leader"
    twice = post(office, "/api/leader-authorizations/", {**data, "role": "deputy", "basis": "再议"})
    assert twice.status_code == 400 and "一次一授权" in twice.json()["detail"]
    jdz_refused = post(
        client_for(jdz.office_head),
        "/api/leader-authorizations/",
        {"inspector": mine.pk, "round": jdz.inspection.round.pk, "role": "leader", "authorized_on": "2026-03-01"},
    )
    assert jdz_refused.status_code == 400 and jdz_refused.json()["code"] == "not_in_rulebook"


# -- assignments and waivers ----------------------------------------------------------------------------------------
def test_preview_refuses_a_conflicted_inspector_until_each_hit_is_waived(jdz: Any) -> None:
    inspector = conflicted(jdz)
    team = jdz.inspection.team
    head, clerk = client_for(jdz.office_head), client_for(jdz.office_clerk)
    url = f"/api/assignments/preview/?team={team.pk}&inspector={inspector.pk}&role=member&on=2026-03-02"
    preview = clerk.get(url).json()
    assert preview["allowed"] is False
    assert sorted(h["rule"] for h in preview["hits"]) == ["duty", "post"]
    assert all(h["waived"] is False and h["article"] == "第十三条" for h in preview["hits"])
    assert [r["code"] for r in preview["refusals"]] == ["recusal"]
    refused = post(clerk, "/api/assignments/", {"team": team.pk, "inspector": inspector.pk, "role": "member"})
    assert refused.status_code == 400 and refused.json()["code"] == "recusal"
    assert "市委巡察工作领导小组" in refused.json()["detail"]
    hit = preview["hits"][0]
    waiver = {
        "team": team.pk,
        "inspector": inspector.pk,
        "rule": hit["rule"],
        "fact": hit["fact"],
        "reason": "领导小组会议决定",
        "decided_on": "2026-03-01",
    }
    assert post(clerk, "/api/recusal-waivers/", waiver).status_code == 403  # the office head records it
    for h in preview["hits"]:
        created = post(head, "/api/recusal-waivers/", {**waiver, "rule": h["rule"], "fact": h["fact"]})
        assert created.status_code == 201 and created.json()["decided_by_body"] == "市委巡察工作领导小组"
    assert clerk.get(url).json()["allowed"] is True
    assert all(h["waived"] for h in clerk.get(url).json()["hits"])
    assigned = post(
        clerk,
        "/api/assignments/",
        {"team": team.pk, "inspector": inspector.pk, "role": "member", "assigned_on": "2026-03-02"},
    )
    assert assigned.status_code == 201, assigned.content
    assert {h["waived"] for h in assigned.json()["hits"]} == {True}
    assert Assignment.objects.get().hits == assigned.json()["hits"] and RecusalWaiver.objects.count() == 2


def test_only_the_office_previews_and_a_bad_query_is_a_chinese_400(jdz: Any, mine: Inspector) -> None:
    url = f"/api/assignments/preview/?team={jdz.inspection.team.pk}&inspector={mine.pk}&role=member"
    member = client_for(jdz.member).get(url)
    assert member.status_code == 403
    contact = client_for(jdz.unit_contact).get(url)
    assert contact.status_code == 400 and contact.json()["field"] == "team"
    office = client_for(jdz.office_head)
    assert office.get(url).json()["allowed"] is True
    assert office.get(url + "&on=2026-13-01").json()["detail"] == "on（核查日期）应为 YYYY-MM-DD"
    assert office.get("/api/assignments/preview/?role=member").json()["field"] == "team"
    nobody = office.get(f"/api/assignments/preview/?team={jdz.inspection.team.pk}&inspector=999999&role=member")
    assert nobody.status_code == 400 and nobody.json()["detail"] == "巡察工作人员 999999 不存在或无权查看"


# -- query counts ---------------------------------------------------------------------------------------------------
def place(side: Any, inspector: Inspector) -> None:
    """Give the inspector a recent post in unit 1, record the waiver of that hit, and place them on team 1."""
    team = side.inspection.team
    hold(inspector.cadre, side.inspection.target, "科员", D(2022, 1, 1), D(2023, 1, 1))
    preview = svc.assignment_preview(team=team, inspector=inspector, role="member", on=ON)
    assert preview.hits
    for h in preview.hits:
        svc.recusal_waiver_record(
            actor=side.office_head,
            team=team,
            inspector=inspector,
            rule=h.rule,
            fact=h.fact,
            reason="决定",
            decided_on=ON,
        )
    svc.assignment_create(actor=side.office_head, team=team, inspector=inspector, role="member", on=ON)


def grow(side: Any, n: int) -> None:
    """n more inspectors, each with every record its rulebook allows, a waived post hit, and a place on team 1."""
    start = Inspector.objects.count()
    pool = side.jurisdiction.rulebook.staffing.leader_selection == "leader_pool_per_round"
    for k in range(start, start + n):
        inspector = make_inspector(side, f"G{k}", f"加测{k}", expertise=["finance"], in_leader_pool=pool)
        fill(side, inspector)
        place(side, inspector)


# JDZ-2017 has every record but leader authorizations; NMG-2016 has those (and no secondments or postings).
COUNTED = [("jdz", url) for url in LISTS if "leader" not in url] + [("nmg", "/api/leader-authorizations/")]


@pytest.mark.parametrize(("side_name", "url"), COUNTED)
def test_people_lists_do_a_fixed_number_of_queries(db: Any, request: Any, side_name: str, url: str) -> None:
    side = request.getfixturevalue(side_name)
    client = client_for(side.office_head)
    grow(side, 1)
    assert results(client, url)  # every list has rows: the count below means something
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(side, 5)
    with CaptureQueriesContext(connection) as many:
        assert len(results(client, url)) >= 6
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
