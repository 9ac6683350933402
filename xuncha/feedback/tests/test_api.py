"""The feedback API: the same walk and refusals as the services, as 400/403 with message and article; the unit reads
its own sessions (opinions and problems as told), never the consent or the 通报; list queries do not grow per row."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xuncha.conftest import put_decided, put_feedback_given

from .helpers import approved_finding, client_for

pytestmark = pytest.mark.django_db


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type="application/json")


def _session(side: Any, audience: str, **kw: Any) -> dict[str, Any]:
    return {
        "inspection": side.inspection.pk,
        "audience": audience,
        "held_on": "2026-05-25",
        "given_by": side.leader.pk,
        "attendees": "领导班子成员",
        "opinions": "针对问题认真整改。",
    } | kw


def test_jdz_feedback_and_receipt_through_the_api(jdz: Any) -> None:
    leader, head, unit = client_for(jdz.leader), client_for(jdz.office_head), client_for(jdz.unit_contact)
    early = post(leader, "/api/feedback-sessions/", _session(jdz, "leadership"))
    assert early.status_code == 400 and early.json()["article"] == "第三十三条"
    assert "“报告”阶段" in early.json()["detail"]

    put_decided(jdz)
    finding = approved_finding(jdz, "违规发放津贴补贴")
    bad = post(leader, "/api/feedback-sessions/", _session(jdz, "leadership", held_on="not-a-date"))
    assert bad.status_code == 400 and "反馈日期应为 YYYY-MM-DD" in str(bad.json())
    refused = post(unit, "/api/feedback-sessions/", _session(jdz, "leadership"))
    assert refused.status_code == 403 and "只有本巡察组组长或办公室可以记录反馈" in refused.json()["detail"]
    unknown = post(leader, "/api/feedback-sessions/", _session(jdz, "leadership", findings=[999999]))
    assert unknown.status_code == 400 and unknown.json()["field"] == "findings"

    first = post(leader, "/api/feedback-sessions/", _session(jdz, "leadership", findings=[finding.pk]))
    assert first.status_code == 201, first.content
    body = first.json()
    assert (body["audience_label"], body["given_by_name"]) == ("领导班子", str(jdz.leader))
    assert body["problems"] == [
        {
            "number": finding.number,
            "title": "违规发放津贴补贴",
            "category": "integrity_discipline",
            "category_name": "违反廉政纪律",
            "description": "违规发放津贴补贴的具体情况。",
        }
    ]
    assert post(leader, "/api/feedback-sessions/", _session(jdz, "principal", held_on="2026-05-26")).status_code == 201
    assert client_for(jdz.leader).get(f"/api/inspections/{jdz.inspection.pk}/").json()["status"] == "rectifying"

    sign = {"inspection": jdz.inspection.pk, "signed_on": "2026-05-27"}
    wrong = post(unit, "/api/receipt-signatures/", sign | {"role": "team_leader"})
    assert wrong.status_code == 403 and wrong.json()["article"] == "第三十四条"
    assert post(leader, "/api/receipt-signatures/", sign | {"role": "team_leader"}).status_code == 201
    twice = post(leader, "/api/receipt-signatures/", sign | {"role": "team_leader"})
    assert twice.status_code == 400 and twice.json()["field"] == "role" and "不能重复签字" in twice.json()["detail"]
    unnamed = post(unit, "/api/receipt-signatures/", sign | {"role": "unit_principal_leader"})
    assert unnamed.status_code == 400 and unnamed.json()["field"] == "name"
    principal = post(unit, "/api/receipt-signatures/", sign | {"role": "unit_principal_leader", "name": "周向东"})
    assert principal.status_code == 201 and principal.json()["name"] == "周向东"
    assert post(head, "/api/receipt-signatures/", sign | {"role": "office_head"}).status_code == 201
    inspection = head.get(f"/api/inspections/{jdz.inspection.pk}/").json()
    assert (inspection["feedback_given_on"], inspection["receipt_signed_on"]) == ("2026-05-26", "2026-05-27")

    notified = post(
        leader,
        "/api/feedback-notifications/",
        {
            "inspection": jdz.inspection.pk,
            "kind": "leader",
            "recipient": "分管副市长",
            "notified_on": "2026-05-28",
            "content": "有关情况及整改要求",
        },
    )
    assert notified.status_code == 201 and notified.json()["kind_label"] == "分管领导"

    # The unit: its sessions with the problems as told, and the receipt; not the 通报.
    sessions = unit.get("/api/feedback-sessions/").json()["results"]
    assert {s["inspection"] for s in sessions} == {jdz.inspection.pk} and len(sessions) == 2
    assert set(sessions[0]["problems"][0]) == {"number", "title", "category", "category_name", "description"}
    assert len(unit.get("/api/receipt-signatures/").json()["results"]) == 3
    assert unit.get("/api/feedback-notifications/").json()["results"] == []
    assert client_for(jdz.other_unit_contact).get("/api/feedback-sessions/").json()["results"] == []
    assert client_for(jdz.receiver).get("/api/receipt-signatures/").json()["results"] == []


def test_nmg_consent_through_the_api(nmg: Any) -> None:
    put_decided(nmg)
    head, leader = client_for(nmg.office_head), client_for(nmg.leader)
    without = post(leader, "/api/feedback-sessions/", _session(nmg, "leadership"))
    assert without.status_code == 400 and without.json()["code"] == "no_consent"
    assert without.json()["article"] == "第二十九条"
    data = {"inspection": nmg.inspection.pk, "consented_on": "2026-05-22", "document": "内党办批〔2026〕12号"}
    assert post(leader, "/api/feedback-consents/", data).status_code == 403
    created = post(head, "/api/feedback-consents/", data)
    assert created.status_code == 201 and created.json()["body"] == "party_committee"
    assert post(leader, "/api/feedback-sessions/", _session(nmg, "leadership")).status_code == 201
    assert client_for(nmg.unit_contact).get("/api/feedback-consents/").json()["results"] == []
    receipt = post(
        leader,
        "/api/receipt-signatures/",
        {"inspection": nmg.inspection.pk, "role": "team_leader", "signed_on": "2026-05-26"},
    )
    assert receipt.status_code == 400 and receipt.json()["code"] == "not_in_rulebook"


def test_the_session_list_does_a_fixed_number_of_queries(jdz: Any) -> None:
    put_decided(jdz)
    approved_finding(jdz, "违规发放津贴补贴")
    put_feedback_given(jdz)
    client = client_for(jdz.office_head)
    client.get("/api/feedback-sessions/")  # warm caches
    with CaptureQueriesContext(connection) as few:
        assert len(client.get("/api/feedback-sessions/").json()["results"]) == 2
    for title in ("超标准配备公务用车", "违规收受礼金"):
        approved_finding(jdz, title, inspection=jdz.other_inspection)
    put_feedback_given(jdz, jdz.other_inspection)
    with CaptureQueriesContext(connection) as many:
        rows = client.get("/api/feedback-sessions/").json()["results"]
    assert len(rows) == 4 and sum(len(r["problems"]) for r in rows) == 6
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
