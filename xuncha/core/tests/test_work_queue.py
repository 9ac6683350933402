"""Each role's work queue (待办): an item is on the queue of exactly those who may do the act (the service's own
authority rule), links to the page where it is done, and carries the deadline and article where one runs."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from xuncha.accounts.models import User
from xuncha.accounts.services import membership_grant, user_create
from xuncha.conftest import (
    Side,
    finalize_required_reports,
    put_decided,
    put_feedback_given,
    put_on_site,
    put_reporting,
)
from xuncha.feedback.services import feedback_consent_record
from xuncha.findings import services as fd
from xuncha.inspections.services import inspection_prepare
from xuncha.jurisdictions.rulebook import RulebookError, parse_rulebook
from xuncha.obligations.models import Obligation
from xuncha.obligations.queue import QueueItem, work_queue
from xuncha.planning.services import round_end
from xuncha.rectification import services as rect
from xuncha.rectification.tests.helpers import in_rectification, submit_plan, submit_reports
from xuncha.registry.services import cadre_create, organization_create, post_create
from xuncha.reports import services as reports
from xuncha.results import services as results

D = datetime.date
TODAY = D(2026, 12, 7)


def queue(user: User, today: datetime.date = TODAY) -> list[QueueItem]:
    """The queue of a freshly loaded user (the viewer is cached on the user object)."""
    return work_queue(user=User.objects.get(pk=user.pk), today=today)


def kinds(user: User, today: datetime.date = TODAY) -> set[str]:
    return {i.kind for i in queue(user, today)}


def extra_user(side: Side, key: str, role: str, organization: Any = None) -> User:
    prefix = side.jurisdiction.code
    user = user_create(
        actor=None,
        username=f"{prefix}_{key}",
        full_name=f"{prefix}{key}",
        password="pw-test-123",
        jurisdiction=side.jurisdiction,
    )
    membership_grant(
        actor=side.office_head, user=user, jurisdiction=side.jurisdiction, role=role, organization=organization
    )
    return user


def five_member(side: Side) -> User:
    return extra_user(side, "five", "five_member_group_member")


def nobody_else(side: Side, kind: str, *who: User) -> None:
    for user in who:
        assert kind not in kinds(user), user.username


# -- rectification: the reviewer the rulebook names ----------------------------------------------------------------
def test_jdz_report_waits_for_the_team_leader_only(jdz: Side) -> None:
    problems = in_rectification(jdz)
    submit_plan(jdz, problems)
    report = submit_reports(jdz)
    items = [i for i in queue(jdz.leader) if i.kind == "rectification_report.team_review"]
    assert len(items) == 1
    item = items[0]
    assert item.url == f"/rectification/{jdz.inspection.pk}/#review"
    assert item.since == report.submitted_on and item.article == "第三十四条"
    assert "第1次报送" in item.subject and "巡察组" in item.title
    # JDZ-2017 第三十四条: the team reviews; the office, the member, the other team, the unit and overseers do not.
    nobody_else(
        jdz,
        "rectification_report.team_review",
        jdz.member,
        jdz.other_member,
        jdz.unit_contact,
        jdz.auditor,
        jdz.office_head,
        jdz.office_clerk,
        five_member(jdz),
    )
    assert not any(k.startswith("rectification_report.") for k in kinds(jdz.office_head))
    rect.rectification_report_review(actor=jdz.leader, report=report, reviewed_on=TODAY, accepted=True)
    assert "rectification_report.team_review" not in kinds(jdz.leader)


def test_nmg_report_waits_for_the_office(nmg: Side) -> None:
    problems = in_rectification(nmg)
    submit_plan(nmg, problems)
    submit_reports(nmg)
    for who in (nmg.office_head, nmg.office_clerk):
        (item,) = [i for i in queue(who) if i.kind == "rectification_report.office_review"]
        assert "巡视工作领导小组办公室" in item.title and item.article == "第三十四条"
    nobody_else(nmg, "rectification_report.office_review", nmg.leader, nmg.member, nmg.auditor, nmg.unit_contact)
    assert not any(k.startswith("rectification_report.") for k in kinds(nmg.leader))


def test_returned_report_goes_back_to_the_unit(jdz: Side) -> None:
    problems = in_rectification(jdz)
    submit_plan(jdz, problems)
    report = submit_reports(jdz)
    assert "rectification_reports.submit" not in kinds(jdz.unit_contact)  # waiting for the review, not the unit
    rect.rectification_report_review(
        actor=jdz.leader, report=report, reviewed_on=TODAY, accepted=False, opinion="整改措施不具体"
    )
    (item,) = [i for i in queue(jdz.unit_contact) if i.kind == "rectification_reports.resubmit"]
    assert "整改措施不具体" in item.subject and item.since == TODAY
    assert item.url == f"/portal/{jdz.inspection.pk}/"
    nobody_else(jdz, "rectification_reports.resubmit", jdz.other_unit_contact, jdz.leader, jdz.office_head)


def test_the_unit_contact_gets_its_own_plan_and_report_deadlines(jdz: Side) -> None:
    problems = in_rectification(jdz)  # receipt signed 2026-05-26
    plan_ob = Obligation.objects.get(inspection=jdz.inspection, rule_code="rectification_plan", status="open")
    (item,) = [i for i in queue(jdz.unit_contact) if i.kind == "rectification_plan.submit"]
    assert item.due_on == plan_ob.due_on and item.article == "第三十四条" and item.since == D(2026, 5, 26)
    assert "rectification_reports.submit" not in kinds(jdz.unit_contact)  # the plan comes first (第三十四条)
    nobody_else(jdz, "rectification_plan.submit", jdz.other_unit_contact, jdz.leader, jdz.office_head, jdz.auditor)
    submit_plan(jdz, problems)
    got = {i.kind: i for i in queue(jdz.unit_contact)}
    assert "rectification_plan.submit" not in got
    reports_ob = Obligation.objects.get(inspection=jdz.inspection, rule_code="rectification_reports", status="open")
    assert got["rectification_reports.submit"].due_on == reports_ob.due_on
    # The items' completion dates (the unit's own plan, 2026-12-31) are close: each item is on the queue.
    assert {i.kind for i in queue(jdz.unit_contact) if i.kind == "rectification_item.complete"}
    assert all(
        i.setting == "完成时限由本单位整改方案确定" for i in queue(jdz.unit_contact) if i.kind.endswith("complete")
    )
    assert not any(k.startswith("rectification_item") for k in kinds(jdz.unit_contact, today=D(2026, 7, 1)))


def test_nmg_unit_records_items_then_reports(nmg: Side) -> None:
    problems = in_rectification(nmg)
    got = kinds(nmg.unit_contact)
    assert "rectification_items.record" in got and "rectification_plan.submit" not in got
    submit_plan(nmg, problems)
    (item,) = [i for i in queue(nmg.unit_contact) if i.kind == "rectification_reports.submit"]
    assert item.article == "第三十条" and item.due_on is not None


# -- findings and reports: 组长负责制 ----------------------------------------------------------------------------------
def test_drafts_wait_for_a_team_meeting_then_the_leader(jdz: Side) -> None:
    put_on_site(jdz)
    finding = fd.finding_create(
        actor=jdz.member,
        inspection=jdz.inspection,
        title="违规发放津贴",
        category="integrity_discipline",
        description="具体情况",
        drafted_on=D(2026, 4, 8),
    )
    for who in (jdz.leader, jdz.member):
        (item,) = [i for i in queue(who) if i.kind == "team_meeting.hold"]
        assert "1份草稿" in item.title and item.url == f"/findings/inspection/{jdz.inspection.pk}/meetings/"
    nobody_else(jdz, "team_meeting.hold", jdz.other_member, jdz.office_head, jdz.auditor, jdz.unit_contact)
    fd.team_meeting_hold(
        actor=jdz.member,
        inspection=jdz.inspection,
        attendees=[jdz.leader, jdz.member],
        findings=[finding],
        held_on=D(2026, 4, 10),
        agenda="研究问题底稿",
        minutes="同意",
    )
    (item,) = [i for i in queue(jdz.leader) if i.kind == "finding.leader_approval"]
    assert item.url == f"/findings/{finding.pk}/" and item.since == D(2026, 4, 10) and item.article == "第七条"
    nobody_else(jdz, "finding.leader_approval", jdz.member, jdz.other_member, jdz.office_head, jdz.auditor)
    assert "team_meeting.hold" not in kinds(jdz.member)
    fd.finding_leader_approve(actor=jdz.leader, finding=finding, on=D(2026, 4, 11))
    assert "finding.leader_approval" not in kinds(jdz.leader)


def test_escalation_waits_for_its_answer_from_the_team_or_the_office(jdz: Side) -> None:
    put_on_site(jdz)
    escalation = fd.escalation_create(
        actor=jdz.member,
        inspection=jdz.inspection,
        to="leading_group",
        matter="需协调调阅案卷",
        reported_on=D(2026, 4, 1),
    )
    for who in (jdz.office_head, jdz.office_clerk, jdz.leader, jdz.member):
        assert "escalation.answer" in kinds(who), who.username
    nobody_else(jdz, "escalation.answer", jdz.other_member, jdz.auditor, jdz.unit_contact, five_member(jdz))
    fd.escalation_respond(actor=jdz.office_clerk, escalation=escalation, response="同意", responded_on=D(2026, 4, 2))
    assert "escalation.answer" not in kinds(jdz.office_head)


def test_report_under_review_waits_for_the_leader(jdz: Side) -> None:
    put_reporting(jdz)
    report = reports.report_draft(actor=jdz.member, inspection=jdz.inspection, type="inspection_report")
    reports.report_submit_for_review(actor=jdz.member, report=report)
    (item,) = [i for i in queue(jdz.leader) if i.kind == "report.finalize"]
    assert item.url == f"/reports/{report.pk}/" and item.since == timezone.localdate()
    nobody_else(jdz, "report.finalize", jdz.member, jdz.other_member, jdz.office_head, jdz.auditor)
    reports.report_return(actor=jdz.leader, report=report, reason="补充问题")
    assert "report.revise" in kinds(jdz.member) and "report.finalize" not in kinds(jdz.leader)
    nobody_else(jdz, "report.revise", jdz.other_member, jdz.office_head)


# -- disclosures: the office head approves (this system's setting), the office publishes ------------------------
def test_disclosure_waits_for_the_office_head_then_the_office(jdz: Side) -> None:
    from xuncha.disclosures import services as ds

    put_on_site(jdz)
    draft = ds.disclosure_draft(
        actor=jdz.leader, inspection=jdz.inspection, stage="entry", title="进驻公告（更新）", body="第1巡察组进驻"
    )
    (item,) = [i for i in queue(jdz.office_head) if i.kind == "disclosure.approve" and str(draft.pk) in i.url]
    assert "本系统设置" in item.setting and item.article == "第四十二条"
    assert not [i for i in queue(jdz.office_clerk) if i.kind == "disclosure.approve"]
    nobody_else(jdz, "disclosure.approve", jdz.leader, jdz.auditor, five_member(jdz))
    ds.disclosure_approve(actor=jdz.office_head, disclosure=draft, approved_on=TODAY)
    assert [i for i in queue(jdz.office_clerk) if i.kind == "disclosure.publish" and str(draft.pk) in i.url]


# -- feedback ---------------------------------------------------------------------------------------------------
def test_jdz_feedback_waits_for_the_leader_or_the_office_with_the_office_reminder(jdz: Side) -> None:
    put_decided(jdz)  # decided 2026-05-20
    for who in (jdz.leader, jdz.office_head, jdz.office_clerk):
        (item,) = [i for i in queue(who) if i.kind == "feedback.sessions" and str(jdz.inspection.pk) in i.url]
        assert item.timely and item.due_on is None and item.since == D(2026, 5, 20)
        assert item.setting == "本办设置：超过10个工作日提醒" and item.remind_after == 10
        assert item.article == "第三十三条"
    nobody_else(jdz, "feedback.sessions", jdz.member, jdz.unit_contact, jdz.auditor, five_member(jdz))
    assert not [i for i in queue(jdz.other_member) if i.kind == "feedback.sessions"]


def test_nmg_feedback_waits_for_the_consent_first(nmg: Side) -> None:
    put_decided(nmg)
    assert "feedback.consent" in kinds(nmg.office_head)
    assert "feedback.sessions" not in kinds(nmg.leader)  # 经自治区党委同意后 (第二十九条): nothing to do yet
    nobody_else(nmg, "feedback.consent", nmg.leader, nmg.auditor)
    feedback_consent_record(actor=nmg.office_head, inspection=nmg.inspection, consented_on=TODAY, document="批复")
    assert "feedback.sessions" in kinds(nmg.leader)


def test_each_receipt_signer_gets_its_own_line(jdz: Side) -> None:
    put_decided(jdz)
    put_feedback_given(jdz)
    assert "feedback_receipt.sign.team_leader" in kinds(jdz.leader)
    head = kinds(jdz.office_head)
    assert {"feedback_receipt.sign.office_head", "feedback_receipt.sign.unit_principal_leader"} <= head
    assert "feedback_receipt.sign.office_head" not in kinds(jdz.office_clerk)
    assert "feedback_receipt.sign.unit_principal_leader" in kinds(jdz.unit_contact)
    for who in (jdz.member, jdz.other_member, jdz.other_unit_contact, jdz.auditor):
        assert not any(k.startswith("feedback_receipt.") for k in kinds(who)), who.username
    from xuncha.feedback.services import feedback_receipt_sign

    feedback_receipt_sign(actor=jdz.leader, inspection=jdz.inspection, role="team_leader", signed_on=D(2026, 5, 26))
    assert "feedback_receipt.sign.team_leader" not in kinds(jdz.leader)


# -- results: the office records the bodies' meetings; the five-member group's members get nothing ---------------
def _round_ended(side: Side) -> None:
    for inspection in (side.inspection, side.other_inspection):
        put_reporting(side, inspection)
        finalize_required_reports(side, inspection)
    round_end(actor=side.office_head, round=side.inspection.round, ended_on=D(2026, 4, 30))


def test_jdz_hearing_then_decision_are_the_offices(jdz: Side) -> None:
    _round_ended(jdz)
    member = five_member(jdz)
    ob = Obligation.objects.get(rule_code="hearing", status="open", jurisdiction=jdz.jurisdiction)
    (item,) = [i for i in queue(jdz.office_head) if i.kind == "round.hearing"]
    assert item.due_on == ob.due_on and item.article == "第三十一条" and "2个巡察待听取" in item.title
    assert item.url == f"/results/round/{jdz.inspection.round_id}/hearing/"
    nobody_else(jdz, "round.hearing", jdz.leader, jdz.auditor, member)
    results.hearing_hold(
        actor=jdz.office_head,
        round=jdz.inspection.round,
        held_on=D(2026, 5, 13),
        agenda="听取汇报",
        attendees=[("张某", "组长")],
        minutes="听取",
        items=[(i, "同意") for i in (jdz.inspection, jdz.other_inspection)],
    )
    # The decision is the five-member group's (第三十二条), recorded by the office: the member sees no to-do.
    assert Obligation.objects.filter(rule_code="decision", status="open", responsible="five_member_group").exists()
    (item,) = [i for i in queue(jdz.office_clerk) if i.kind == "round.decision"]
    assert item.timely and item.setting == "本办设置：超过10个工作日提醒"
    assert queue(member) == []


def test_nmg_hearing_is_timely_and_flagged_after_the_office_setting(nmg: Side) -> None:
    _round_ended(nmg)
    (item,) = [i for i in queue(nmg.office_head) if i.kind == "round.hearing"]
    assert item.timely and item.due_on is None and item.article == "第二十七条"
    assert item.setting == "本办设置：超过15个工作日提醒" and "第二十七条" not in item.setting
    client = Client()
    client.force_login(nmg.office_head)
    data = client.get("/api/work-queue/").json()
    (row,) = [r for r in data["results"] if r["kind"] == "round.hearing"]
    assert row["age_working_days"] > 15 and row["reminder_due"] is True and row["due_on"] is None
    html = client.get("/queue/").content.decode()
    assert "本办设置：超过15个工作日提醒" in html and "超过提醒时限" in html


# -- consultations: the organization department asks, the office or a team leader answers, the asker reads --------
def test_consultation_answer_and_reading_it(jdz: Side) -> None:
    put_on_site(jdz)
    zzb = organization_create(
        actor=jdz.office_head,
        jurisdiction=jdz.jurisdiction,
        name="组织部",
        kind="receiver",
        receiver_kind="organization_department",
    )
    department = extra_user(jdz, "zzb", "receiver_contact", organization=zzb)
    cadre = cadre_create(
        actor=jdz.office_head, jurisdiction=jdz.jurisdiction, code="C1", name="某干部", management_level="jurisdiction"
    )
    post_create(
        actor=jdz.office_head,
        cadre=cadre,
        organization=jdz.inspection.target,
        title="副书记",
        started_on=D(2024, 1, 1),
        is_leadership=True,
    )
    assert kinds(department) == set()
    client = Client()
    client.force_login(department)
    empty = client.get("/").content.decode().split('data-testid="queue-empty"')[1].split("</p>")[0]
    assert "查阅答复" in empty and "成果运用" in empty
    consultation = results.consultation_request(
        actor=department, cadre=cadre, occasion="selection", purpose="拟提拔", asked_on=TODAY
    )
    for who in (jdz.office_head, jdz.office_clerk, jdz.leader):
        assert "consultation.answer" in kinds(who), who.username
    nobody_else(jdz, "consultation.answer", jdz.member, jdz.other_member, jdz.auditor, department)
    results.consultation_answer(actor=jdz.leader, consultation=consultation, opinion="未发现问题", answered_on=TODAY)
    (item,) = [i for i in queue(department) if i.kind == "consultation.read_answer"]
    assert item.url == f"/results/consultations/{consultation.pk}/"
    assert "consultation.answer" not in kinds(jdz.office_head)
    assert client.get(item.url).status_code == 200  # reading the answer is the act
    assert kinds(department) == set()


def test_receiving_organ_is_told_plainly_there_is_nothing(jdz: Side) -> None:
    client = Client()
    client.force_login(jdz.receiver)
    html = client.get("/").content.decode()
    assert 'data-testid="queue-empty"' in html and "接收单位" in html and "问题线索" in html
    assert "查阅答复" not in html  # that is the organization department's
    assert client.get("/api/work-queue/").json()["count"] == 0


# -- preparation: the office sends the letters and records the answers ------------------------------------------
def test_information_requests_wait_for_the_office(jdz: Side) -> None:
    from xuncha.preparation import services as prep

    inspection_prepare(actor=jdz.office_head, inspection=jdz.inspection, on=D(2026, 3, 2))
    drafted = prep.request_all_sources(actor=jdz.leader, inspection=jdz.inspection)
    assert "info_request.send" in kinds(jdz.office_clerk)
    nobody_else(jdz, "info_request.send", jdz.leader, jdz.member, jdz.auditor, jdz.receiver)
    prep.information_request_send(
        actor=jdz.office_clerk, request=drafted[0], letter_number="景巡函〔2026〕1号", sent_on=D(2026, 3, 3)
    )
    (item,) = [i for i in queue(jdz.office_head) if i.kind == "info_request.answer"]
    assert item.timely and item.since == D(2026, 3, 3) and item.setting == "本办设置：超过10个工作日提醒"
    assert item.article == "第二十六条"


# -- the five-member group's member: nothing it cannot act on ------------------------------------------------------
def test_five_member_group_member_has_no_to_do_and_sees_deadlines_as_oversight(jdz: Side) -> None:
    _round_ended(jdz)
    member = five_member(jdz)
    client = Client()
    client.force_login(member)
    html = client.get("/").content.decode()
    assert 'data-testid="queue-count">0<' in html and 'data-testid="queue-empty"' in html
    assert "由办公室登记" in html
    # The hearing deadline is still visible to the member for oversight, under 期限, not as a to-do.
    hearing = jdz.jurisdiction.rulebook.deadline("hearing").name
    assert hearing not in html.split('data-testid="my-queue"')[1].split("</section>")[0]
    assert hearing in html.split('<h2 class="h5">期限')[1]
    assert 'data-testid="nav-queue-count">0<' in html


# -- the dashboard, the queue page, the navigation bar, the API ------------------------------------------------
def _several_disclosures(side: Side, n: int) -> None:
    from xuncha.disclosures import services as ds

    for k in range(n):
        ds.disclosure_draft(
            actor=side.office_head, inspection=side.inspection, stage="entry", title=f"公告{k}", body="进驻"
        )


def _escalations(side: Side, n: int) -> None:
    for k in range(n):
        fd.escalation_create(
            actor=side.member,
            inspection=side.inspection,
            to="leading_group",
            matter=f"事项{k}",
            reported_on=D(2026, 4, 1),
        )


@pytest.mark.parametrize("path", ["/", "/queue/", "/api/work-queue/"])
def test_queue_pages_do_a_fixed_number_of_queries(jdz: Side, path: str) -> None:
    put_on_site(jdz)
    _several_disclosures(jdz, 1)
    _escalations(jdz, 1)
    client = Client()
    client.force_login(jdz.office_head)
    client.get(path)
    with CaptureQueriesContext(connection) as one:
        assert client.get(path).status_code == 200
    _several_disclosures(jdz, 4)
    _escalations(jdz, 3)
    with CaptureQueriesContext(connection) as several:
        response = client.get(path)
    assert response.status_code == 200
    assert len(queue(jdz.office_head, timezone.localdate())) >= 9
    assert len(several) == len(one), [q["sql"][:120] for q in several.captured_queries]


def test_dashboard_lists_the_queue_first_and_caps_it_with_a_link(jdz: Side) -> None:
    put_on_site(jdz)
    _several_disclosures(jdz, 12)
    client = Client()
    client.force_login(jdz.office_head)
    html = client.get("/").content.decode()
    total = len(queue(jdz.office_head, timezone.localdate()))
    assert total > 8
    assert html.index('data-testid="my-queue"') < html.index('data-testid="obligations-overdue"')
    assert html.count('data-testid="queue-item"') == 8
    assert f"查看全部 {total} 项" in html and f'data-testid="nav-queue-count">{total}<' in html
    page = client.get("/queue/").content.decode()
    assert page.count('data-testid="queue-item"') == min(total, 25)
    assert 'href="/disclosures/' in page


def test_api_lists_the_queue_paginated(jdz: Side) -> None:
    put_on_site(jdz)
    _several_disclosures(jdz, 3)
    client = Client()
    client.force_login(jdz.office_head)
    data = client.get("/api/work-queue/?limit=2").json()
    assert data["count"] >= 3 and len(data["results"]) == 2 and data["next"]
    row = data["results"][0]
    assert set(row) >= {"kind", "title", "subject", "url", "since", "due_on", "article", "setting", "age_working_days"}
    assert client.get("/api/work-queue/?limit=1000").json()["results"].__len__() <= 100
    assert Client().get("/api/work-queue/").status_code == 403
    other = Client()
    other.force_login(jdz.other_member)
    assert not [r for r in other.get("/api/work-queue/").json()["results"] if r["kind"].startswith("disclosure.")]


def test_an_office_reminder_is_only_for_timely_duties() -> None:
    from pathlib import Path

    from xuncha.jurisdictions.rulebook import RULEBOOK_DIR

    text = (Path(RULEBOOK_DIR) / "jdz-2017.yaml").read_text(encoding="utf-8")
    bad = text.replace(
        "    unit: working_days\n    trigger: round.ended\n",
        "    unit: working_days\n    remind_after_working_days: 5\n    trigger: round.ended\n",
        1,
    )
    assert bad != text
    with pytest.raises(RulebookError, match="remind_after_working_days"):
        parse_rulebook(bad, filename="jdz-2017.yaml")


def test_the_rulebook_page_shows_the_reminder_as_the_offices_setting(nmg: Side) -> None:
    client = Client()
    client.force_login(nmg.office_head)
    html = client.get("/rulebooks/NMG-2016/").content.decode()
    row = html.split('data-testid="deadlines"')[1].split("</tr>")[1]
    assert "领导小组听取巡视情况汇报" in row and "本办设置：超过15个工作日提醒" in row and "第二十七条" in row


def test_hearing_is_not_a_to_do_before_the_reports_are_final(jdz: Side) -> None:
    for inspection in (jdz.inspection, jdz.other_inspection):
        put_reporting(jdz, inspection)
    round_end(actor=jdz.office_head, round=jdz.inspection.round, ended_on=D(2026, 4, 30))
    assert Obligation.objects.filter(rule_code="hearing", status="open", jurisdiction=jdz.jurisdiction).exists()
    assert "round.hearing" not in kinds(jdz.office_head)  # hearing_hold would refuse: reports not final (第三十条)
    finalize_required_reports(jdz, jdz.inspection)
    (item,) = [i for i in queue(jdz.office_head) if i.kind == "round.hearing"]
    assert "1个巡察待听取" in item.title
