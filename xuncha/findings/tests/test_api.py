"""The findings API: the same walk and the same refusals as the services, as 400/403 with message and article."""

from __future__ import annotations

from typing import Any

from django.test import Client

from xuncha.findings.models import Finding

from .helpers import client_for, enter, talk


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type="application/json")


def test_a_finding_walks_through_the_api(jdz: Any) -> None:
    enter(jdz)
    record = talk(jdz)
    member, leader = client_for(jdz.member), client_for(jdz.leader)
    created = post(
        member,
        "/api/findings/",
        {
            "inspection": jdz.inspection.pk,
            "title": "违规收受礼金",
            "category": "integrity_discipline",
            "description": "节日期间收受礼金。",
            "persons_concerned": "某副局长",
            "drafted_on": "2026-04-08",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["number"], body["status"], body["category_name"]) == (1, "draft", "违反廉政纪律")
    pk = body["id"]

    linked = post(member, f"/api/findings/{pk}/evidence/", {"kind": "talk", "object_id": record.pk})
    assert linked.status_code == 201 and linked.json()["label"] == f"个别谈话记录 #{record.pk}"

    early = post(leader, f"/api/findings/{pk}/approve/", {"on": "2026-04-11"})
    assert early.status_code == 400 and early.json()["article"] == "第七条"
    assert "处于“草稿”状态" in early.json()["detail"]

    meeting = post(
        member,
        "/api/team-meetings/",
        {
            "inspection": jdz.inspection.pk,
            "held_on": "2026-04-10",
            "attendees": [jdz.leader.pk, jdz.member.pk],
            "agenda": "研究问题底稿",
            "minutes": "同意。",
            "findings": [pk],
        },
    )
    assert meeting.status_code == 201, meeting.content
    assert meeting.json()["findings"] == [pk] and meeting.json()["member_count"] == 2

    refused = post(member, f"/api/findings/{pk}/approve/", {"on": "2026-04-11"})
    assert refused.status_code == 403 and refused.json()["article"] == "第七条"
    approved = post(leader, f"/api/findings/{pk}/approve/", {"on": "2026-04-11"})
    assert approved.status_code == 200 and approved.json()["status"] == "leader_approved"

    no_reason = post(leader, f"/api/findings/{pk}/return/", {"on": "2026-04-12", "reason": ""})
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "reason"
    returned = post(leader, f"/api/findings/{pk}/return/", {"on": "2026-04-12", "reason": "补充证据"})
    assert returned.json()["status"] == "draft"

    edited = post(
        member,
        f"/api/findings/{pk}/edit/",
        {"title": "违规收受礼金（补充）", "category": "integrity_discipline", "description": "补充。"},
    )
    assert edited.status_code == 200 and edited.json()["title"] == "违规收受礼金（补充）"


def test_quorum_and_outsiders_are_refused_by_the_api(jdz: Any) -> None:
    enter(jdz)
    member = client_for(jdz.member)
    pk = post(
        member,
        "/api/findings/",
        {"inspection": jdz.inspection.pk, "title": "t", "category": "integrity_discipline", "description": "d"},
    ).json()["id"]
    base = {"inspection": jdz.inspection.pk, "held_on": "2026-04-10", "agenda": "a", "minutes": "m", "findings": [pk]}
    few = post(member, "/api/team-meetings/", base | {"attendees": [jdz.member.pk]})
    assert few.status_code == 400 and few.json()["code"] == "no_quorum" and few.json()["article"] == "第七条"
    outsider = post(member, "/api/team-meetings/", base | {"attendees": [jdz.member.pk, jdz.other_member.pk]})
    assert outsider.status_code == 400 and outsider.json()["field"] == "attendees"
    assert Finding.objects.get().status == "draft"


def test_the_unit_contact_cannot_name_the_inspection_and_the_secretary_needs_a_reason(nmg: Any) -> None:
    enter(nmg)
    draft = {"inspection": nmg.inspection.pk, "title": "t", "category": "integrity_discipline", "description": "d"}
    response = post(client_for(nmg.unit_contact), "/api/findings/", draft)
    assert response.status_code == 400 and "不存在或无权查看" in response.json()["detail"]
    escalation = {"inspection": nmg.inspection.pk, "to": "secretary", "matter": "重大问题", "reported_on": "2026-04-10"}
    refused = post(client_for(nmg.member), "/api/escalations/", escalation)
    assert refused.status_code == 400 and refused.json()["article"] == "第二十二条"
    assert "自治区党委书记" in refused.json()["detail"]
    made = post(client_for(nmg.member), "/api/escalations/", escalation | {"special_reason": "时间紧迫"})
    assert made.status_code == 201
    answered = post(
        client_for(nmg.office_clerk),
        f"/api/escalations/{made.json()['id']}/respond/",
        {"response": "同意", "responded_on": "2026-04-11"},
    )
    assert answered.status_code == 200 and answered.json()["response"] == "同意"
