"""Talks over the API: the team records them on site; the team and the office head list them (metadata only) and
read them (each read a `secret.read` event); everybody else is refused and leaves no read event."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from xuncha.accounts.services import membership_grant, user_create
from xuncha.audit.models import Event
from xuncha.conftest import Side, put_on_site


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _leading_group(side: Side) -> Any:
    user = user_create(actor=None, username="jdz_lg", full_name="领导小组成员", password="pw-test-123")
    membership_grant(actor=None, user=user, jurisdiction=side.jurisdiction, role="leading_group_member")
    return user


def _body(side: Side, **over: Any) -> dict[str, Any]:
    return {
        "inspection": side.inspection.pk,
        "interviewee": "某科长",
        "talked_at": "2026-04-09T10:00:00+08:00",
        "place": "谈话室",
        "recorder": "记录人",
        "content": "秘密内容：反映了公车私用问题。",
    } | over


def test_a_member_records_a_talk_over_the_api_and_the_event_holds_no_content(jdz: Side) -> None:
    put_on_site(jdz)
    made = _client(jdz.member).post("/api/talks/", _body(jdz), content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json()["interviewee"] == "某科长"
    recorded = Event.objects.get(action="talk.recorded", object_id=str(made.json()["id"]))
    assert "秘密内容" not in str(recorded.after) and "某科长" not in str(recorded.after)


def test_only_the_team_records_talks_and_only_on_site(jdz: Side) -> None:
    before_entry = _client(jdz.member).post("/api/talks/", _body(jdz), content_type="application/json")
    assert before_entry.status_code == 400 and before_entry.json()["field"] == "talked_at"
    put_on_site(jdz)
    for who in (jdz.office_head, jdz.office_clerk):
        refused = _client(who).post("/api/talks/", _body(jdz), content_type="application/json")
        assert refused.status_code == 403 and "组成员" in refused.json()["detail"], who
    # Another team does not even see the inspection: “不存在或无权查看”, naming the field.
    outsider = _client(jdz.other_member).post("/api/talks/", _body(jdz), content_type="application/json")
    assert outsider.status_code == 400 and outsider.json()["field"] == "inspection"
    future = _client(jdz.member).post(
        "/api/talks/", _body(jdz, talked_at="2099-01-01T09:00:00+08:00"), content_type="application/json"
    )
    assert future.status_code == 400 and future.json()["field"] == "talked_at"
    assert "不能晚于现在" in future.json()["detail"]
    missing = _client(jdz.member).post("/api/talks/", _body(jdz, interviewee=""), content_type="application/json")
    assert missing.status_code == 400 and "interviewee" in missing.json()


def test_readers_list_talks_without_who_where_or_what(jdz: Side, talk: Any) -> None:
    for reader in (jdz.member, jdz.leader, jdz.office_head):
        listed = _client(reader).get(f"/api/talks/?inspection={jdz.inspection.pk}")
        assert listed.status_code == 200
        rows = listed.json()["results"]
        assert [r["id"] for r in rows] == [talk.pk]
        assert set(rows[0]) == {"id", "inspection", "talked_at"}
        assert "某干部" not in listed.content.decode() and "秘密内容" not in listed.content.decode()
    # Listing is not reading: no read event.
    assert not Event.objects.filter(action="secret.read").exists()
    assert _client(jdz.member).get(f"/api/talks/?inspection={jdz.other_inspection.pk}").status_code == 403


def test_the_list_is_paginated_with_a_maximum(jdz: Side, talk: Any) -> None:
    page = _client(jdz.member).get("/api/talks/?limit=100000").json()
    assert page["count"] == 1 and "next" in page
    from xuncha.fieldwork.talks_api import TalkPagination

    assert TalkPagination.max_limit == 100


def test_a_readers_read_writes_a_secret_read_event(jdz: Side, talk: Any) -> None:
    read = _client(jdz.office_head).get(f"/api/talks/{talk.pk}/")
    assert read.status_code == 200 and read.json()["content"].startswith("秘密内容")
    event = Event.objects.get(action="secret.read")
    assert event.actor == jdz.office_head and event.object_id == str(talk.pk)
    assert "秘密内容" not in str(event.after)


@pytest.mark.parametrize(
    "who", ["office_clerk", "leading_group", "auditor", "unit_contact", "other_unit_contact", "other_member"]
)
def test_everyone_else_is_refused_the_list_and_the_read_and_leaves_no_read_event(
    jdz: Side, talk: Any, who: str
) -> None:
    user = _leading_group(jdz) if who == "leading_group" else getattr(jdz, who)
    client = _client(user)
    listed = client.get(f"/api/talks/?inspection={jdz.inspection.pk}")
    assert listed.status_code == 403 and "工作秘密" in listed.json()["detail"]
    assert client.get("/api/talks/").json()["count"] == 0
    read = client.get(f"/api/talks/{talk.pk}/")
    assert read.status_code == 403 and "秘密内容" not in read.content.decode()
    assert not Event.objects.filter(action="secret.read").exists()


def test_another_jurisdictions_office_head_sees_no_talks(jdz: Side, nmg: Side, talk: Any) -> None:
    client = _client(nmg.office_head)
    assert client.get("/api/talks/").json()["count"] == 0
    assert client.get(f"/api/talks/{talk.pk}/").status_code == 403
    assert not Event.objects.filter(action="secret.read").exists()


def test_talked_at_before_entry_is_refused_with_the_field(jdz: Side) -> None:
    put_on_site(jdz)
    early = (datetime.date(2026, 3, 1)).isoformat() + "T09:00:00+08:00"
    refused = _client(jdz.member).post("/api/talks/", _body(jdz, talked_at=early), content_type="application/json")
    assert refused.status_code == 400 and refused.json()["field"] == "talked_at"
    assert "2026-03-16" in refused.json()["detail"]
