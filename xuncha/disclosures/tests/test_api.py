"""The disclosures API: the same walk and refusals as the services, as 400/403 with message, field and article; lists
through visible_to at a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xuncha.disclosures import services as svc

from . import helpers as h
from .helpers import approved, client_for, draft, fed_back, published

pytestmark = pytest.mark.django_db


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type="application/json")


def test_a_disclosure_walks_through_the_api(jdz: Any) -> None:
    fed_back(jdz)
    leader, head, clerk = client_for(jdz.leader), client_for(jdz.office_head), client_for(jdz.office_clerk)
    created = post(
        leader,
        "/api/disclosures/",
        {"inspection": jdz.inspection.pk, "stage": "feedback", "title": "反馈情况公开", "body": "反馈了巡察情况。"},
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert (created.json()["status"], created.json()["drafted_by"]) == ("draft", jdz.leader.pk)

    refused = post(clerk, f"/api/disclosures/{pk}/approve/", {"approved_on": "2026-05-26"})
    assert refused.status_code == 403 and refused.json()["article"] == "第四十二条"
    bad_date = post(head, f"/api/disclosures/{pk}/approve/", {"approved_on": "26/5"})
    assert bad_date.status_code == 400 and "审批日期应为 YYYY-MM-DD" in str(bad_date.json())
    ok = post(head, f"/api/disclosures/{pk}/approve/", {"approved_on": "2026-05-26"})
    assert ok.status_code == 200 and ok.json()["status"] == "approved"

    done = post(clerk, f"/api/disclosures/{pk}/publish/", {"published_on": "2026-05-27"})
    assert done.status_code == 200 and done.json()["status"] == "published"
    assert done.json()["channels"] == "依据有关规定以适当方式向党内和社会公开（办法未列具体渠道）"

    edit = post(leader, f"/api/disclosures/{pk}/edit/", {"title": "改", "body": "改"})
    assert edit.status_code == 400 and edit.json()["field"] == "status"
    fix = post(leader, f"/api/disclosures/{pk}/correct/", {"title": "更正", "body": "更正后。", "reason": "有误"})
    assert fix.status_code == 201 and fix.json()["supersedes"] == pk


def test_stage_and_secret_refusals_come_back_as_400_with_field_and_article(nmg: Any) -> None:
    h.on_site(nmg)
    leader, head = client_for(nmg.leader), client_for(nmg.office_head)
    early = post(
        leader, "/api/disclosures/", {"inspection": nmg.inspection.pk, "stage": "feedback", "title": "t", "body": "b"}
    )
    assert early.status_code == 400
    assert (early.json()["field"], early.json()["article"], early.json()["code"]) == (
        "stage",
        "第三十五条",
        "stage_not_reached",
    )
    h.petition(nmg, name="孙立平")
    d = draft(nmg, "entry", title="进驻情况", body="孙立平来信。")
    leak = post(head, f"/api/disclosures/{d.pk}/approve/", {"approved_on": "2026-03-20"})
    assert leak.status_code == 400 and leak.json()["code"] == "secret_in_disclosure"
    assert leak.json()["article"] == "第三十六条" and "孙立平" not in leak.json()["detail"]
    returned = post(head, f"/api/disclosures/{d.pk}/return/", {"reason": "x"})
    assert returned.status_code == 400 and "处于“草稿”状态" in returned.json()["detail"]


def test_outsiders_cannot_draft_and_do_not_see_drafts(jdz: Any) -> None:
    fed_back(jdz)
    pending = draft(jdz, title="待审批")
    ready = approved(jdz, draft(jdz, title="已审批"))
    entry = h.publish_entry_notice(jdz)  # published: the unit sees it
    payload = {"inspection": jdz.inspection.pk, "stage": "feedback", "title": "t", "body": "b"}

    unit = client_for(jdz.unit_contact)
    refused = post(unit, "/api/disclosures/", payload)
    assert refused.status_code == 403 and "组长或巡察办" in refused.json()["detail"]
    assert [row["id"] for row in unit.get("/api/disclosures/").json()["results"]] == [entry.pk]
    assert unit.get(f"/api/disclosures/{pending.pk}/").status_code == 404
    assert post(unit, f"/api/disclosures/{ready.pk}/publish/", {"published_on": "2026-05-27"}).status_code == 404

    for outsider in (jdz.receiver, jdz.other_member):
        client = client_for(outsider)
        unknown = post(client, "/api/disclosures/", payload)
        assert unknown.status_code == 400 and "不存在或无权查看" in unknown.json()["detail"]
        assert client.get(f"/api/disclosures/?inspection={jdz.inspection.pk}").json()["results"] == []
    assert Client().get("/api/disclosures/").status_code == 403

    rows = client_for(jdz.member).get(f"/api/disclosures/?inspection={jdz.inspection.pk}").json()["results"]
    member_sees = {row["id"] for row in rows}
    assert member_sees == {entry.pk, pending.pk, ready.pk}


def test_the_list_costs_the_same_queries_for_one_item_or_many(jdz: Any) -> None:
    fed_back(jdz)
    head = client_for(jdz.office_head)
    with CaptureQueriesContext(connection) as one:
        head.get("/api/disclosures/")
    first = published(jdz, draft(jdz))
    svc.disclosure_correct(actor=jdz.leader, disclosure=first, title="更正", body="更正。", reason="有误")
    for n in range(2):
        draft(jdz, title=f"稿{n}")
    with CaptureQueriesContext(connection) as many:
        rows = head.get("/api/disclosures/").json()["results"]
    assert len(rows) == 6 and len(many) == len(
        one
    )  # two entry announcements, one published, its correction, two drafts
