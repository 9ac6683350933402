"""The transfer pages, the API and the work queue: the same services behind each, refusals shown, other receivers
kept out, an overdue duty escalated."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from xuncha.clues.models import Clue, Transfer
from xuncha.clues.services.disposal import clue_dispose
from xuncha.clues.services.handling import handling_report
from xuncha.clues.services.transfers import transfer_approve, transfer_draft, transfer_sign
from xuncha.conftest import put_decided, put_on_site
from xuncha.obligations.queue import work_queue

from .transfer_helpers import D, discipline_organ, leading_group_head, make_clue, organ

pytestmark = pytest.mark.django_db


def _completed(side):
    clue = make_clue(side)
    put_decided(side)
    clue_dispose(actor=side.office_clerk, clue=clue, route="discipline", recorded_on=D(2026, 5, 21))
    transfer = transfer_draft(
        actor=side.office_clerk,
        inspection=side.inspection,
        receiver=discipline_organ(side),
        clues=[clue],
        drafted_on=D(2026, 5, 22),
    )
    if transfer.status == "drafted":
        transfer_approve(actor=side.office_clerk, transfer=transfer, approved_on=D(2026, 5, 25), approver="张某")
        transfer_sign(actor=side.leader, transfer=transfer, party="team", signed_on=D(2026, 5, 26))
        transfer_sign(actor=side.office_head, transfer=transfer, party="office", signed_on=D(2026, 5, 26))
    transfer = transfer_sign(actor=side.receiver, transfer=transfer, party="receiver", signed_on=D(2026, 5, 26))
    clue.refresh_from_db()
    return clue, transfer


def test_fast_track_page_refuses_without_condition_and_proposes_with_one(client, jdz):
    put_on_site(jdz)
    clue = make_clue(jdz)
    client.force_login(jdz.leader)
    url = reverse("clues:fast_track_propose", args=[clue.pk])
    page = client.get(url)
    assert page.status_code == 200 and "第二十三条" in page.content.decode()
    data = {
        "route": "fast_track",
        "receiver": str(discipline_organ(jdz).pk),
        "reason": "群众反映强烈",
        "proposed_on": "2026-03-25",
        "condition": "",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200 and "第二十二条" in refused.content.decode()
    done = client.post(url, data | {"condition": "strong_public_complaints"})
    assert done.status_code == 302
    clue.refresh_from_db()
    assert clue.status == Clue.Status.PROPOSED
    listing = client.get(reverse("clues:inspection_transfers", args=[jdz.inspection.pk]))
    assert clue.code in listing.content.decode() and "秘密内容" not in listing.content.decode()


def test_disposal_page_and_handover_form(client, jdz):
    clue = make_clue(jdz)
    put_decided(jdz)
    client.force_login(jdz.office_clerk)
    url = reverse("clues:round_disposal", args=[jdz.inspection.pk])
    page = client.get(url)
    assert page.status_code == 200 and "第三十五条" in page.content.decode()
    p = f"c{clue.pk}"
    client.post(url, {"clue": clue.pk, f"{p}-route": "discipline", f"{p}-recorded_on": "2026-05-21"})
    clue.refresh_from_db()
    assert clue.status == Clue.Status.DISPOSED
    r = client.post(
        reverse("clues:transfer_draft", args=[jdz.inspection.pk]),
        {"receiver": discipline_organ(jdz).pk, "clues": [clue.pk]},
    )
    transfer = Transfer.objects.get()
    assert r.status_code == 302 and r.url == reverse("clues:transfer_detail", args=[transfer.pk])
    form = client.get(r.url).content.decode()
    assert "移交材料交接单" in form and clue.code in form and "秘密内容" not in form and "干部1号" in form


def test_receiver_inbox_and_handling_page(client, jdz):
    clue, _transfer = _completed(jdz)
    client.force_login(jdz.receiver)
    inbox = client.get(reverse("clues:receiver_inbox")).content.decode()
    assert clue.code in inbox and "2026-08-26" in inbox
    url = reverse("clues:handling_report", args=[clue.pk])
    page = client.get(url).content.decode()
    assert "暂存待查" in page and "两部办法均未列" in page
    r = client.post(url, {"disposition": "case", "text": "已立案审查", "reported_on": "2026-06-10", "final": "on"})
    assert r.status_code == 302
    clue.refresh_from_db()
    assert clue.status == Clue.Status.CONCLUDED


def test_another_receiver_sees_nothing_and_is_refused(client, jdz):
    clue, transfer = _completed(jdz)
    _, other = organ(jdz, "organization_department", "jdz组织部")
    client.force_login(other)
    assert clue.code not in client.get(reverse("clues:receiver_inbox")).content.decode()
    assert client.get(reverse("clues:transfer_detail", args=[transfer.pk])).status_code == 404
    assert client.get(reverse("clues:handling_report", args=[clue.pk])).status_code == 404
    r = client.post(
        "/api/clues/handling-reports/",
        {"clue": clue.pk, "disposition": "case", "text": "x"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "不存在或无权查看" in r.json()["detail"]


def test_api_three_party_transfer(client, jdz):
    clue = make_clue(jdz)
    put_decided(jdz)
    head = leading_group_head(jdz)
    client.force_login(jdz.office_clerk)
    r = client.post(
        "/api/clues/disposals/",
        {"clue": clue.pk, "route": "discipline", "recorded_on": "2026-05-21"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    r = client.post(
        "/api/clues/transfers/",
        {
            "inspection": jdz.inspection.pk,
            "receiver": discipline_organ(jdz).pk,
            "clues": [clue.pk],
            "drafted_on": "2026-05-22",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["clues"] == [{"id": clue.pk, "code": clue.code, "status": "in_transfer"}]
    r = client.post(f"/api/clues/transfers/{pk}/sign/", {"party": "office"}, content_type="application/json")
    assert r.status_code == 400 and "审批" in r.json()["detail"]
    client.force_login(head)
    r = client.post(
        f"/api/clues/transfers/{pk}/approve/", {"approved_on": "2026-05-25"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["approver"] == "领导小组组长某"
    for user, party in ((jdz.receiver, "receiver"), (jdz.leader, "team"), (jdz.office_clerk, "office")):
        client.force_login(user)
        r = client.post(
            f"/api/clues/transfers/{pk}/sign/",
            {"party": party, "signed_on": "2026-05-27"},
            content_type="application/json",
        )
        assert r.status_code == 200, r.content
    assert r.json()["status"] == "completed" and r.json()["receiver_signed_on"] == "2026-05-27"
    client.force_login(jdz.receiver)
    r = client.post(
        "/api/clues/handling-reports/",
        {"clue": clue.pk, "disposition": "talk_inquiry", "text": "谈话函询中", "reported_on": "2026-06-01"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["final"] is False
    assert client.get("/api/clues/handling-reports/").json()["results"][0]["clue"] == clue.pk


def test_queue_items_along_the_way(jdz):
    clue = make_clue(jdz)
    put_decided(jdz)
    head = leading_group_head(jdz)
    today = D(2026, 5, 21)

    def kinds(user):
        return {i.kind for i in work_queue(user=user, today=today)}

    assert "clue.dispose" in kinds(jdz.office_clerk)
    clue_dispose(actor=jdz.office_clerk, clue=clue, route="discipline", recorded_on=D(2026, 5, 21))
    assert "clue.transfer_draft" in kinds(jdz.office_clerk)
    transfer = transfer_draft(
        actor=jdz.office_clerk,
        inspection=jdz.inspection,
        receiver=discipline_organ(jdz),
        clues=[clue],
        drafted_on=D(2026, 5, 21),
    )
    assert "clue.transfer_approve" in kinds(head)
    transfer_approve(actor=head, transfer=transfer, approved_on=D(2026, 5, 21))
    assert "clue.transfer_sign.team" in kinds(jdz.leader)
    assert "clue.transfer_sign.office" in kinds(jdz.office_head)
    assert "clue.transfer_sign.receiver" in kinds(jdz.receiver)
    for user, party in ((jdz.leader, "team"), (jdz.office_head, "office"), (jdz.receiver, "receiver")):
        transfer_sign(actor=user, transfer=transfer, party=party, signed_on=D(2026, 5, 21))
    [item] = [i for i in work_queue(user=jdz.receiver, today=today) if i.kind == "clue.handling_report"]
    assert item.due_on == D(2026, 8, 21) and item.article == "第三十六条"
    assert "clue.review_meeting" in kinds(jdz.receiver)  # 市管干部: JDZ-2017 第三十七条


def test_overdue_duty_escalates_to_the_office_and_the_leading_group(jdz):
    clue, _ = _completed(jdz)
    head = leading_group_head(jdz)
    late = D(2026, 8, 27)  # due 2026-08-26
    for user in (jdz.office_clerk, head):
        [item] = [i for i in work_queue(user=user, today=late) if i.kind == "clue.handling_overdue"]
        assert "逾期" in item.title and item.article == "第三十六条" and item.due_on == D(2026, 8, 26)
    assert not [i for i in work_queue(user=jdz.office_clerk, today=D(2026, 8, 26)) if i.kind == "clue.handling_overdue"]
    handling_report(
        actor=jdz.receiver, clue=clue, reported_on=D(2026, 6, 1), disposition="hold", text="暂存", final=False
    )
    assert [i for i in work_queue(user=head, today=late) if i.kind == "clue.handling_overdue"]  # partial: still open
    handling_report(
        actor=jdz.receiver, clue=clue, reported_on=D(2026, 6, 2), disposition="close", text="了结", final=True
    )
    assert not [i for i in work_queue(user=head, today=late) if i.kind == "clue.handling_overdue"]


def test_nmg_pages_speak_its_word(client, nmg):
    _clue, transfer = _completed(nmg)
    client.force_login(nmg.office_head)
    page = client.get(reverse("clues:transfer_detail", args=[transfer.pk])).content.decode()
    assert "巡察" not in page.replace("巡视巡察工作平台", "") and "第三十一条" in page
    other = make_clue(nmg, number=2)
    for user, url in (
        (nmg.office_head, reverse("clues:inspection_transfers", args=[nmg.inspection.pk])),
        (nmg.office_head, reverse("clues:round_disposal", args=[nmg.inspection.pk])),
        (nmg.leader, reverse("clues:fast_track_propose", args=[other.pk])),
        (nmg.receiver, reverse("clues:receiver_inbox")),
        (nmg.receiver, reverse("clues:handling_report", args=[_clue.pk])),
    ):
        client.force_login(user)
        answer = client.get(url)
        text = answer.content.decode().replace("巡视巡察工作平台", "")
        assert answer.status_code == 200 and "巡察" not in text, url
        assert "第二十二条" not in text and "第三十五条" not in text, url  # JDZ-2017's articles
    assert transfer.handover_form == "" and datetime.date(2026, 5, 26) == transfer.receiver_signed_on


def test_review_meeting_from_the_inbox(client, jdz):
    clue, _ = _completed(jdz)
    client.force_login(jdz.receiver)
    inbox = client.get(reverse("clues:receiver_inbox")).content.decode()
    assert "专题排查会（第三十七条）" in inbox
    r = client.post(
        reverse("clues:review_meeting"), {"clues": str(clue.pk), "held_on": "2026-06-02", "note": "一室牵头"}
    )
    assert r.status_code == 302
    clue.refresh_from_db()
    assert clue.review_meeting_on == D(2026, 6, 2) and clue.review_meeting_note == "一室牵头"


def test_nmg_inbox_has_no_review_meeting(client, nmg):
    _completed(nmg)
    client.force_login(nmg.receiver)
    assert "专题排查会" not in client.get(reverse("clues:receiver_inbox")).content.decode()


def test_receivers_queue_does_not_grow_a_query_per_clue(client, jdz):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _completed(jdz)
    client.force_login(jdz.receiver)
    client.get("/queue/")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/queue/").status_code == 200
    for n in (2, 3):
        more = make_clue(jdz, number=n)
        clue_dispose(actor=jdz.office_clerk, clue=more, route="discipline", recorded_on=D(2026, 5, 21))
        t = transfer_draft(
            actor=jdz.office_clerk, inspection=jdz.inspection, receiver=discipline_organ(jdz), clues=[more],
            drafted_on=D(2026, 5, 22),
        )  # fmt: skip
        transfer_approve(actor=jdz.office_clerk, transfer=t, approved_on=D(2026, 5, 25), approver="张某")
        for user, party in ((jdz.leader, "team"), (jdz.office_head, "office"), (jdz.receiver, "receiver")):
            transfer_sign(actor=user, transfer=t, party=party, signed_on=D(2026, 5, 26))
    with CaptureQueriesContext(connection) as several:
        assert client.get("/queue/").status_code == 200
    assert len(several) == len(one), [q["sql"][:120] for q in several.captured_queries]


def test_api_fast_track_and_decide_page(client, jdz):
    put_on_site(jdz)
    clue = make_clue(jdz)
    client.force_login(jdz.leader)
    body = {"clue": clue.pk, "route": "fast_track", "receiver": discipline_organ(jdz).pk, "reason": "线索明显"}
    r = client.post("/api/clues/fast-tracks/", body | {"proposed_on": "2026-03-25"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["field"] == "condition" and "第二十二条" in r.json()["detail"]
    r = client.post(
        "/api/clues/fast-tracks/",
        body | {"proposed_on": "2026-03-25", "condition": "clear_serious_violation"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = client.post(f"/api/clues/fast-tracks/{pk}/decide/", {"approved": True}, content_type="application/json")
    assert r.status_code == 403  # the team does not approve its own proposal
    client.force_login(jdz.office_clerk)
    page = client.get(reverse("clues:fast_track_decide", args=[pk])).content.decode()
    assert "问题线索明显、涉嫌严重违纪违法的" in page and "第二十四条" in page and "clear_serious_violation" not in page
    r = client.post(
        reverse("clues:fast_track_decide", args=[pk]), {"approved": "yes", "decided_on": "2026-03-26", "approver": ""}
    )
    assert r.status_code == 200 and "请填写审批人" in r.content.decode()
    r = client.post(
        f"/api/clues/fast-tracks/{pk}/decide/",
        {"approved": True, "approver": "张某", "decided_on": "2026-03-26"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["decision"] == "approved"
    clue.refresh_from_db()
    assert clue.transfer is not None
    r = client.post(
        f"/api/clues/transfers/{clue.transfer.pk}/cancel/",
        {"reason": "改由分类处置", "cancelled_on": "2026-03-27"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    clue.refresh_from_db()
    assert clue.status == Clue.Status.REGISTERED and clue.transfer is None
