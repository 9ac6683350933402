"""The pages, driven as a team would: draft, link evidence, hold the meeting, approve, return, escalate; refusals are
shown with their article; list pages cost a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xuncha.findings import services as svc
from xuncha.findings.models import Escalation, Finding, TeamMeeting

from .helpers import ON, client_for, draft, enter, key, meet, talk


def test_the_team_walks_a_finding_through_the_pages(nmg: Any) -> None:
    enter(nmg)
    record = talk(nmg)
    member, leader = client_for(nmg.member), client_for(nmg.leader)
    i = nmg.inspection.pk

    form = member.get(f"/findings/inspection/{i}/new/").content.decode()
    assert "违反廉洁纪律（第十八条）" in form  # the categories come from NMG-2016
    response = member.post(
        f"/findings/inspection/{i}/new/",
        {
            "title": "选人用人把关不严",
            "category": "organizational_discipline",
            "description": "带病提拔一人。",
            "drafted_on": "2026-04-08",
        },
    )
    finding = Finding.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/findings/{finding.pk}/"

    member.post(f"/findings/{finding.pk}/evidence/", {"record": f"talk:{record.pk}", "note": "谈话印证"})
    html = member.get(f"/findings/{finding.pk}/").content.decode()
    assert f"个别谈话记录 #{record.pk}" in html and "谈话印证" in html

    meetings = member.get(f"/findings/inspection/{i}/meetings/").content.decode()
    assert "超过本组成员半数" in meetings and "第十条" in meetings
    response = member.post(
        f"/findings/inspection/{i}/meetings/",
        {
            "held_on": "2026-04-10",
            "attendees": [key(nmg, nmg.leader), key(nmg, nmg.member)],
            "agenda": "研究问题底稿",
            "minutes": "逐条讨论，同意。",
            "decisions": "通过",
            "findings": [str(finding.pk)],
        },
    )
    assert response.status_code == 302 and TeamMeeting.objects.count() == 1
    finding.refresh_from_db()
    assert finding.status == "team_approved"

    # The member has no approve button and the service refuses them anyway.
    assert "组长审定</button>" not in member.get(f"/findings/{finding.pk}/").content.decode()
    member.post(f"/findings/{finding.pk}/approve/", {"on": "2026-04-11"})
    assert Finding.objects.get().status == "team_approved"
    assert "组长审定</button>" in leader.get(f"/findings/{finding.pk}/").content.decode()
    leader.post(f"/findings/{finding.pk}/approve/", {"on": "2026-04-11"})
    assert Finding.objects.get().status == "leader_approved"

    response = leader.post(f"/findings/{finding.pk}/return/", {"on": "2026-04-12", "reason": "须补充证据"}, follow=True)
    assert Finding.objects.get().status == "draft"
    history = response.content.decode()
    assert "组长审定 → 草稿" in history and "须补充证据" in history and "组务会通过 → 组长审定" in history

    listing = member.get(f"/findings/inspection/{i}/").content.decode()
    assert "#1" in listing and "违反组织纪律" in listing and "草稿" in listing


def test_a_meeting_without_quorum_is_refused_on_the_page(jdz: Any) -> None:
    enter(jdz)
    finding = draft(jdz)
    response = client_for(jdz.member).post(
        f"/findings/inspection/{jdz.inspection.pk}/meetings/",
        {
            "held_on": "2026-04-10",
            "attendees": [key(jdz, jdz.member)],
            "agenda": "a",
            "minutes": "m",
            "findings": [str(finding.pk)],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "出席1人，本巡察组在组人员2人" in html and "第七条" in html
    assert not TeamMeeting.objects.exists()


def test_escalation_to_the_secretary_without_a_reason_is_refused_on_the_page(jdz: Any) -> None:
    enter(jdz)
    client = client_for(jdz.member)
    url = f"/findings/inspection/{jdz.inspection.pk}/escalations/"
    page = client.get(url).content.decode()
    assert "市委巡察工作领导小组" in page and "市委书记（特殊情况下）" in page and "第二十一条" in page
    data = {
        "to": "secretary",
        "matter": "重大敏感问题",
        "special_reason": "",
        "finding": "",
        "reported_on": "2026-04-10",
    }
    html = client.post(url, data).content.decode()
    assert "直接向市委书记报告限于特殊情况" in html and "第二十一条" in html and not Escalation.objects.exists()
    client.post(url, data | {"special_reason": "涉及领导小组成员"})
    assert Escalation.objects.get().to == "secretary"
    # The office records the answer.
    escalation = Escalation.objects.get()
    client_for(jdz.office_clerk).post(
        f"/findings/escalations/{escalation.pk}/respond/", {"response": "同意", "responded_on": "2026-04-11"}
    )
    escalation.refresh_from_db()
    assert escalation.response == "同意"


def test_the_office_reads_but_has_no_drafting_forms(jdz: Any) -> None:
    enter(jdz)
    draft(jdz)
    client = client_for(jdz.office_head)
    i = jdz.inspection.pk
    assert "起草问题底稿</a>" not in client.get(f"/findings/inspection/{i}/").content.decode()
    assert "登记组务会</button>" not in client.get(f"/findings/inspection/{i}/meetings/").content.decode()
    response = client.post(
        f"/findings/inspection/{i}/new/",
        {"title": "t", "category": "integrity_discipline", "description": "d", "drafted_on": "2026-04-08"},
    )
    assert "成员可以起草问题底稿" in response.content.decode() and Finding.objects.count() == 1


# -- query counts -----------------------------------------------------------------------------------------------------
def _add_rows(side: Any, n: int) -> None:
    for _ in range(n):
        finding = draft(side)
        svc.evidence_link(actor=side.member, finding=finding, kind="talk", object_id=talk(side).pk)
        meet(side, [finding])
        svc.finding_leader_approve(actor=side.leader, finding=finding, on=ON)
        svc.escalation_create(
            actor=side.member,
            inspection=side.inspection,
            to="secretary",
            matter="m",
            special_reason="r",
            reported_on=ON,
            finding=finding,
        )


PAGES = [
    "/findings/inspection/{i}/",
    "/findings/inspection/{i}/meetings/",
    "/findings/inspection/{i}/escalations/",
    "/findings/{f}/",
    "/api/findings/",
    "/api/team-meetings/",
    "/api/escalations/",
    "/api/findings/?inspection={i}",
]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("who", ["member", "auditor"])
def test_list_pages_do_a_fixed_number_of_queries(jdz: Any, url: str, who: str) -> None:
    enter(jdz)
    first = draft(jdz)
    svc.evidence_link(actor=jdz.member, finding=first, kind="talk", object_id=talk(jdz).pk)
    _add_rows(jdz, 1)
    client = client_for(getattr(jdz, who))
    target = url.format(i=jdz.inspection.pk, f=first.pk)
    client.get(target)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(target).status_code == 200
    _add_rows(jdz, 5)
    for _ in range(5):
        svc.evidence_link(actor=jdz.member, finding=first, kind="talk", object_id=talk(jdz).pk)
    with CaptureQueriesContext(connection) as many:
        assert client.get(target).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
