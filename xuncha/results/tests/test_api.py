"""The results API: the office records the meetings and the filing; readers see what visible_to allows."""

from __future__ import annotations

from typing import Any

from xuncha.obligations.models import Obligation
from xuncha.results.models import Consultation

from .helpers import cadre_in_unit_one, client_for, decide, hear, org_department, parent_office, ready


def _hearing(side: Any) -> dict[str, Any]:
    return {
        "round": side.inspection.round_id,
        "held_on": "2026-05-13",
        "agenda": "听取汇报",
        "attendees": ["张某 组长"],
        "minutes": "逐一听取。",
        "items": [
            {"inspection": side.inspection.pk, "proposal": "责成整改"},
            {"inspection": side.other_inspection.pk, "proposal": "责成整改"},
        ],
    }


def test_the_office_records_hearing_decision_and_filing_through_the_api(jdz: Any) -> None:
    ready(jdz)
    client = client_for(jdz.office_clerk)
    response = client.post("/api/results-meetings/hearing/", _hearing(jdz), content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "hearing" and len(response.json()["items"]) == 2
    decision = {
        "round": jdz.inspection.round_id,
        "made_on": "2026-05-20",
        "attendees": ["王某"],
        "minutes": "研究决定。",
        "items": [
            {"inspection": jdz.inspection.pk, "text": "反馈整改", "uses": ["cadre_use"]},
            {"inspection": jdz.other_inspection.pk, "text": "反馈整改"},
        ],
    }
    response = client.post("/api/results-meetings/decision/", decision, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["items"][0]["uses"] == ["feedback", "cadre_use"]
    filing = {"round": jdz.inspection.round_id, "filed_on": "2026-05-22", "document_number": "3号", "summary": "报送"}
    response = client.post("/api/results-filings/", filing, content_type="application/json")
    assert response.status_code == 201 and response.json()["action"] == "decision.filed"
    assert Obligation.objects.get(rule_code="filing").status == Obligation.Status.FULFILLED


def test_a_refusal_comes_back_with_field_and_article(nmg: Any) -> None:
    ready(nmg)
    body = _hearing(nmg) | {"minutes": ""}
    response = client_for(nmg.office_clerk).post(
        "/api/results-meetings/hearing/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "minutes" and response.json()["article"] == "第二十七条"
    leader = client_for(nmg.leader).post(
        "/api/results-meetings/hearing/", _hearing(nmg), content_type="application/json"
    )
    assert leader.status_code == 400 and "不存在或无权查看" in leader.json()["detail"]


def test_readers_see_what_their_role_allows(jdz: Any) -> None:
    ready(jdz)
    hear(jdz)
    decide(jdz)
    client_for(jdz.office_clerk).post(
        "/api/results-filings/",
        {"round": jdz.inspection.round_id, "filed_on": "2026-05-22", "document_number": "3号", "summary": "报送"},
        content_type="application/json",
    )
    upper = parent_office(jdz)
    assert len(client_for(jdz.auditor).get("/api/results-meetings/").json()["results"]) == 2
    items = client_for(jdz.member).get("/api/results-items/").json()["results"]
    assert {i["inspection"] for i in items} == {jdz.inspection.pk} and len(items) == 2
    assert client_for(jdz.member).get("/api/results-meetings/").json()["results"] == []
    assert len(client_for(upper).get("/api/results-filings/").json()["results"]) == 1
    for user in (jdz.unit_contact, jdz.receiver):
        client = client_for(user)
        for url in ("/api/results-meetings/", "/api/results-items/", "/api/results-filings/"):
            assert client.get(url).json()["results"] == [], url


def test_consultation_through_the_api(jdz: Any) -> None:
    asker = org_department(jdz)
    cadre = cadre_in_unit_one(jdz)
    ready(jdz)
    client = client_for(asker)
    body = {"cadre": cadre.pk, "occasion": "appraisal", "purpose": "年度考核", "asked_on": "2026-06-01"}
    response = client.post("/api/results-consultations/", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    material = client.get(f"/api/results-consultations/{pk}/material/").json()
    assert [row["inspection"] for row in material["inspections"]] == [jdz.inspection.pk]
    assert set(material) == {"inspections", "findings"}
    assert (
        client.post(
            f"/api/results-consultations/{pk}/answer/", {"opinion": "同意", "answered_on": "2026-06-02"}
        ).status_code
        == 403
    )
    answered = client_for(jdz.office_clerk).post(
        f"/api/results-consultations/{pk}/answer/", {"opinion": "同意", "answered_on": "2026-06-02"}
    )
    assert answered.status_code == 200 and answered.json()["opinion"] == "同意"
    assert client_for(jdz.unit_contact).get(f"/api/results-consultations/{pk}/").status_code == 404
    stranger = client_for(jdz.receiver).post("/api/results-consultations/", body, content_type="application/json")
    assert stranger.status_code == 400 and Consultation.objects.count() == 1
