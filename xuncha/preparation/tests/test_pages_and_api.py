"""The preparation page and the API: what a user sees and does, refusals shown as they are, fixed query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xuncha.obligations.models import Obligation
from xuncha.preparation import services
from xuncha.preparation.models import InformationRequest, LeaderBriefing, PersonalMattersCheck

from .conftest import ANSWERED, SENT, Leadership, add_leader, prepare


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response: Any) -> str:
    return str(response.content.decode())


def test_the_page_lists_every_rulebook_source_and_the_team_drafts_them_all(jdz: Any) -> None:
    prepare(jdz)
    client = _client(jdz.member)
    page = _text(client.get(f"/preparation/{jdz.inspection.pk}/"))
    for source in jdz.jurisdiction.rulebook.information_sources:
        assert f'data-source="{source.code}"' in page
    assert "近3年" in page and "未起草" in page and "及时（第二十六条" in page
    response = client.post(f"/preparation/{jdz.inspection.pk}/draft-all/", follow=True)
    assert "已起草全部情况了解公函" in _text(response)
    assert InformationRequest.objects.filter(inspection=jdz.inspection, status="draft").count() == len(
        jdz.jurisdiction.rulebook.information_sources
    )
    # The team drafts, the office sends: no send form for the team.
    assert 'data-testid="send-form"' not in _text(response)


def test_the_office_sends_and_answers_from_the_page_and_the_obligation_shows(jdz: Any) -> None:
    prepare(jdz)
    draft = services.information_request_draft(actor=jdz.member, inspection=jdz.inspection, source="audit")
    client = _client(jdz.office_clerk)
    page = _text(client.get(f"/preparation/{jdz.inspection.pk}/"))
    assert 'data-testid="send-form"' in page
    response = client.post(
        f"/preparation/requests/{draft.pk}/send/",
        {"letter_number": "景巡办函〔2026〕7号", "sent_on": SENT.isoformat()},
        follow=True,
    )
    page = _text(response)
    assert "已发出公函" in page and "景巡办函〔2026〕7号" in page and "已发函" in page
    assert "及时 · 待办" in page
    response = client.post(
        f"/preparation/requests/{draft.pk}/answer/",
        {"answered_on": ANSWERED.isoformat(), "summary": "提供审计报告 2 份"},
        follow=True,
    )
    page = _text(response)
    assert "已登记提供情况" in page and "提供审计报告 2 份" in page and "及时 · 已办结" in page


def test_a_team_member_posting_a_send_sees_why_it_was_refused(jdz: Any) -> None:
    prepare(jdz)
    draft = services.information_request_draft(actor=jdz.member, inspection=jdz.inspection, source="audit")
    response = _client(jdz.leader).post(
        f"/preparation/requests/{draft.pk}/send/",
        {"letter_number": "函1", "sent_on": SENT.isoformat()},
        follow=True,
    )
    page = _text(response)
    assert "发出公函未完成：只有市委巡察工作领导小组办公室（市委巡察办）" in page and "公函" in page
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_nmg_page_says_no_deadline_and_shows_no_spot_check_or_briefing(nmg: Any) -> None:
    prepare(nmg)
    draft = services.information_request_draft(actor=nmg.member, inspection=nmg.inspection, source="audit")
    services.information_request_send(actor=nmg.office_clerk, request=draft, letter_number="函1", sent_on=SENT)
    page = _text(_client(nmg.office_head).get(f"/preparation/{nmg.inspection.pk}/"))
    assert "未规定有关部门和单位提供情况的期限" in page and "巡视准备" in page
    assert 'data-testid="leadership"' not in page and 'data-testid="briefings"' not in page


def test_records_checks_and_briefings_from_the_page(jdz: Any, leadership: Leadership) -> None:
    prepare(jdz)
    client = _client(jdz.leader)
    page = _text(client.get(f"/preparation/{jdz.inspection.pk}/"))
    assert "甲书记" in page and "乙副书记" in page and "丙原副书记" not in page and "丁科长" not in page
    response = client.post(
        f"/preparation/{jdz.inspection.pk}/checks/",
        {
            "cadre": leadership.deputy.pk,
            "items": ["housing", "stocks"],
            "checked_by": "市委组织部",
            "checked_on": SENT.isoformat(),
            "result": "consistent",
        },
        follow=True,
    )
    assert "已登记抽查核实结果" in _text(response) and "房产、股票" in _text(response)
    response = client.post(
        f"/preparation/{jdz.inspection.pk}/checks/",
        {"cadre": leadership.former.pk, "items": ["housing"], "checked_on": SENT.isoformat(), "result": "consistent"},
        follow=True,
    )
    assert "不是jdz单位一现任领导班子成员" in _text(response)
    response = client.post(
        f"/preparation/{jdz.inspection.pk}/briefings/",
        {"briefed_on": SENT.isoformat(), "by": "第一纪检监察室", "attendees": [jdz.member.pk], "topics": "秘"},
        follow=True,
    )
    assert "必须包括巡察组组长" in _text(response)
    response = client.post(
        f"/preparation/{jdz.inspection.pk}/briefings/",
        {"briefed_on": SENT.isoformat(), "by": "第一纪检监察室", "attendees": [jdz.leader.pk], "topics": "秘"},
        follow=True,
    )
    assert "已登记组长对接通报" in _text(response) and "第一纪检监察室" in _text(response)
    assert PersonalMattersCheck.objects.count() == 1 and LeaderBriefing.objects.count() == 1


@pytest.mark.parametrize("who", ["unit_contact", "other_unit_contact", "other_member", "receiver"])
def test_the_preparation_page_is_for_the_team_and_the_oversight_roles(jdz: Any, who: str) -> None:
    response = _client(getattr(jdz, who)).get(f"/preparation/{jdz.inspection.pk}/")
    assert response.status_code in (403, 404)
    assert 'data-testid="requests"' not in _text(response)


def test_the_inspection_page_links_to_preparation(jdz: Any) -> None:
    page = _text(_client(jdz.leader).get(f"/inspections/{jdz.inspection.pk}/"))
    assert f"/preparation/{jdz.inspection.pk}/" in page


def test_the_api_drafts_sends_and_answers_with_the_obligation(jdz: Any) -> None:
    prepare(jdz)
    team, office = _client(jdz.member), _client(jdz.office_clerk)
    drafted = team.post("/api/information-requests/draft-all/", {"inspection": jdz.inspection.pk})
    assert drafted.status_code == 201 and len(drafted.json()) == len(jdz.jurisdiction.rulebook.information_sources)
    first = drafted.json()[0]
    assert first["source_agency"] == "市纪委" and first["period"] == "近3年" and first["article"] == "第二十六条"
    refused = team.post(
        f"/api/information-requests/{first['id']}/send/", {"letter_number": "1", "sent_on": "2026-03-03"}
    )
    assert refused.status_code == 403 and refused.json()["article"] == "第二十六条"
    sent = office.post(
        f"/api/information-requests/{first['id']}/send/", {"letter_number": "1", "sent_on": "2026-03-03"}
    )
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    assert sent.json()["obligation_due"] == "及时" and sent.json()["obligation_status"] == "open"
    answered = office.post(
        f"/api/information-requests/{first['id']}/answer/", {"answered_on": "2026-03-10", "summary": "已提供"}
    )
    assert answered.status_code == 200 and answered.json()["obligation_status"] == "fulfilled"
    assert Obligation.objects.get(rule_code="information_provision").status == "fulfilled"
    assert _client(jdz.unit_contact).get("/api/information-requests/").json()["count"] == 0


def test_the_api_leadership_list_and_check_creation(jdz: Any, leadership: Leadership) -> None:
    prepare(jdz)
    client = _client(jdz.member)
    rows = client.get(f"/api/personal-matters-checks/leadership/?inspection={jdz.inspection.pk}").json()
    assert [r["cadre_name"] for r in rows] == ["甲书记", "乙副书记"] and rows[0]["check"] is None
    created = client.post(
        "/api/personal-matters-checks/",
        {
            "inspection": jdz.inspection.pk,
            "cadre": leadership.secretary.pk,
            "items": ["housing"],
            "checked_on": "2026-03-03",
            "result": "consistent",
        },
        format="json",
        content_type="application/json",
    )
    assert created.status_code == 201 and "result" not in created.json()
    refused = client.post(
        "/api/personal-matters-checks/",
        {
            "inspection": jdz.inspection.pk,
            "cadre": leadership.staff.pk,
            "items": ["housing"],
            "checked_on": "2026-03-03",
            "result": "consistent",
        },
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["field"] == "cadre"
    rows = client.get(f"/api/personal-matters-checks/leadership/?inspection={jdz.inspection.pk}").json()
    assert rows[0]["check"] == created.json()["id"]
    assert (
        _client(jdz.unit_contact)
        .get(f"/api/personal-matters-checks/leadership/?inspection={jdz.inspection.pk}")
        .status_code
        == 400
    )


# -- query counts ---------------------------------------------------------------------------------------------------
def _grow(side: Any, n: int) -> None:
    """n more of everything the page lists: sent requests with obligations, leaders with checks, briefings."""
    book = side.jurisdiction.rulebook
    done = set(InformationRequest.objects.filter(inspection=side.inspection).values_list("source", flat=True))
    for source in [s for s in book.information_sources if s.code not in done][:n]:
        draft = services.information_request_draft(actor=side.member, inspection=side.inspection, source=source.code)
        services.information_request_send(
            actor=side.office_clerk, request=draft, letter_number=source.code, sent_on=SENT
        )
    start = PersonalMattersCheck.objects.count()
    for k in range(start, start + n):
        cadre = add_leader(side, f"Q{k}", f"加测{k}")
        services.personal_matters_check_record(
            actor=side.member,
            inspection=side.inspection,
            cadre=cadre,
            items=["housing"],
            checked_on=SENT,
            result="consistent",
        )
        services.leader_briefing_record(
            actor=side.leader,
            inspection=side.inspection,
            briefed_on=SENT,
            by="室",
            attendees=[side.leader, side.member],
            topics="秘",
        )


@pytest.mark.parametrize(
    "url",
    [
        "/preparation/{pk}/",
        "/api/information-requests/?inspection={pk}",
        "/api/personal-matters-checks/?inspection={pk}",
        "/api/personal-matters-checks/leadership/?inspection={pk}",
        "/api/leader-briefings/?inspection={pk}",
    ],
)
@pytest.mark.parametrize("who", ["office_head", "member"])
def test_preparation_lists_do_a_fixed_number_of_queries(jdz: Any, url: str, who: str) -> None:
    prepare(jdz)
    url = url.format(pk=jdz.inspection.pk)
    client = _client(getattr(jdz, who))
    _grow(jdz, 1)
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as few:
        before = client.get(url)
        assert before.status_code == 200
    _grow(jdz, 6)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
        assert response.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert len(response.content) > len(before.content)  # the rows added are listed, in the same queries
    if "information-requests" not in url and "leader-briefings" not in url:
        assert "加测6" in response.content.decode()  # the leaders added are listed by name
