"""Deadline rules turn real events into obligations that later events fulfil — under both rulebooks."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from xuncha.audit.models import Event
from xuncha.conftest import put_decided, put_feedback_given, put_receipt_signed, put_reporting
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.feedback import services as fb
from xuncha.obligations.models import Obligation
from xuncha.obligations.selectors import obligation_board
from xuncha.planning.services import round_end
from xuncha.rectification import services as rect
from xuncha.workdays.selectors import work_calendar

D = datetime.date
# No problem was pointed out in these feedbacks, so the plan has no items; the reports are submitted together.
PLAN: dict[str, Any] = {"text": "成立整改工作领导小组，逐项整改。", "items": []}
REPORTS = {"situation_report": "整改情况报告", "principal_report": "主要负责人组织落实情况报告"}


def test_jdz_receipt_opens_plan_and_reports_obligations_and_the_plan_fulfils_its_own(jdz: Any) -> None:
    put_decided(jdz)
    put_feedback_given(jdz, given_on=D(2026, 9, 7))
    assert not Obligation.objects.filter(rule_code="rectification_plan").exists()  # feedback alone starts nothing here
    put_receipt_signed(jdz, signed_on=D(2026, 9, 8))
    plan = Obligation.objects.get(rule_code="rectification_plan")
    reports = Obligation.objects.get(rule_code="rectification_reports")
    # 10 working days from 09-08, counting the Sunday make-up day 09-20 → 09-21 (JDZ-2017 第三十四条).
    assert (plan.due_on, plan.article, plan.responsible, plan.deadline_label) == (
        D(2026, 9, 21),
        "第三十四条",
        "inspected_unit",
        "10个工作日",
    )
    assert reports.due_on == D(2026, 11, 9)  # 11-08 is a Sunday → rolled forward
    rect.rectification_plan_submit(
        actor=jdz.unit_contact, inspection=jdz.inspection, submitted_on=D(2026, 9, 18), **PLAN
    )
    plan.refresh_from_db()
    reports.refresh_from_db()
    assert (plan.status, plan.fulfilled_on) == ("fulfilled", D(2026, 9, 18))
    assert plan.fulfilled_by == Event.objects.get(action="rectification.plan_submitted")
    assert reports.status == "open"
    rect.rectification_reports_submit(
        actor=jdz.unit_contact, inspection=jdz.inspection, submitted_on=D(2026, 11, 6), **REPORTS
    )
    reports.refresh_from_db()
    assert reports.status == "fulfilled"


def test_nmg_feedback_opens_the_two_month_reports_obligation(nmg: Any) -> None:
    put_decided(nmg)
    put_feedback_given(nmg, given_on=D(2026, 9, 22))
    ob = Obligation.objects.get(rule_code="rectification_reports")
    assert (ob.due_on, ob.article, ob.rulebook_code) == (D(2026, 11, 23), "第三十条", "NMG-2016")
    # NMG-2016 has no receipt form and no separate plan deadline.
    with pytest.raises(ServiceError, match="没有规定反馈材料签收单"):
        fb.feedback_receipt_sign(
            actor=nmg.leader, inspection=nmg.inspection, role="team_leader", signed_on=D(2026, 9, 23)
        )
    with pytest.raises(ServiceError, match="没有规定单独报送整改方案"):
        rect.rectification_plan_submit(
            actor=nmg.unit_contact, inspection=nmg.inspection, submitted_on=D(2026, 9, 30), **PLAN
        )
    # Without a separate plan the unit records its items (none here), which its reports report on.
    rect.rectification_items_record(
        actor=nmg.unit_contact, inspection=nmg.inspection, recorded_on=D(2026, 9, 30), **PLAN
    )
    assert not Obligation.objects.filter(rule_code="rectification_plan").exists()
    rect.rectification_reports_submit(
        actor=nmg.unit_contact, inspection=nmg.inspection, submitted_on=D(2026, 11, 20), **REPORTS
    )
    ob.refresh_from_db()
    assert ob.status == "fulfilled" and ob.fulfilled_on == D(2026, 11, 20)


def test_round_end_opens_the_hearing_obligation_dated_under_jdz_and_timely_under_nmg(jdz: Any, nmg: Any) -> None:
    for side in (jdz, nmg):  # a round ends once each of its inspections has ended fieldwork
        put_reporting(side)
        put_reporting(side, side.other_inspection)
    round_end(actor=jdz.office_head, round=jdz.inspection.round, ended_on=D(2026, 9, 14))
    round_end(actor=nmg.office_head, round=nmg.inspection.round, ended_on=D(2026, 9, 14))
    j = Obligation.objects.get(rule_code="hearing", jurisdiction=jdz.jurisdiction)
    n = Obligation.objects.get(rule_code="hearing", jurisdiction=nmg.jurisdiction)
    # 15 working days from 09-14: 09-15..18 (4), 09-20 Sun make-up (5), 09-21..24 (9), 09-25..27 off, 09-28..30 (12),
    # 10-01..07 off, 10-08, 10-09, 10-10 Sat make-up (15).
    assert (j.due_on, j.article, j.responsible) == (D(2026, 10, 10), "第三十一条", "leading_group")
    assert (n.due_on, n.deadline_label, n.article) == (None, "及时", "第二十七条")


def test_a_deadline_in_an_unentered_year_opens_pending_instead_of_refusing_the_write(jdz: Any) -> None:
    """Issue 9 item 7 (was: the last signature refused whole). The act is recorded; the obligation whose period runs
    into 2027 opens with no date and the year it waits for — not “及时”, not overdue."""
    put_decided(jdz)
    put_feedback_given(jdz, given_on=D(2026, 11, 18))
    fb.feedback_receipt_sign(actor=jdz.leader, inspection=jdz.inspection, role="team_leader", signed_on=D(2026, 11, 18))
    fb.feedback_receipt_sign(
        actor=jdz.office_head, inspection=jdz.inspection, role="office_head", signed_on=D(2026, 11, 18)
    )
    fb.feedback_receipt_sign(
        actor=jdz.unit_contact,
        inspection=jdz.inspection,
        role="unit_principal_leader",
        signed_on=D(2026, 11, 20),
        name="某书记",
    )
    jdz.inspection.refresh_from_db()
    assert jdz.inspection.receipt_signed_on == D(2026, 11, 20)
    reports = Obligation.objects.get(rule_code="rectification_reports")
    assert (reports.status, reports.due_on, reports.due_pending_year) == ("open", None, 2027)
    assert reports.due_label == "待录入2027年节假日安排后计算"
    board = obligation_board(user=jdz.office_head, today=D(2026, 12, 31), cal=work_calendar())
    assert reports in board.open and reports in board.pending
    assert reports not in board.overdue and reports not in board.due_soon
    assert "待录入 2027 年节假日安排后计算" in board.calendar_warning


def test_guards_refuse_out_of_order_and_unauthorised_steps(jdz: Any) -> None:
    with pytest.raises(ServiceError, match="尚未反馈"):
        fb.feedback_receipt_sign(
            actor=jdz.leader, inspection=jdz.inspection, role="team_leader", signed_on=D(2026, 9, 8)
        )
    session = {
        "inspection": jdz.inspection,
        "held_on": D(2026, 9, 7),
        "given_by": jdz.leader,
        "attendees": "领导班子成员",
        "opinions": "认真整改。",
    }
    with pytest.raises(PermissionDeniedError):
        fb.feedback_session_hold(actor=jdz.member, audience="leadership", **session)
    with pytest.raises(PermissionDeniedError):
        fb.feedback_session_hold(actor=jdz.unit_contact, audience="leadership", **session)
    put_decided(jdz)
    fb.feedback_session_hold(actor=jdz.office_clerk, audience="leadership", **session)
    fb.feedback_session_hold(actor=jdz.office_clerk, audience="principal", **session)
    put_receipt_signed(jdz, signed_on=D(2026, 9, 8))
    with pytest.raises(PermissionDeniedError):
        rect.rectification_plan_submit(
            actor=jdz.other_unit_contact, inspection=jdz.inspection, submitted_on=D(2026, 9, 9), **PLAN
        )
    with pytest.raises(ServiceError, match="不能早于"):
        rect.rectification_plan_submit(
            actor=jdz.unit_contact, inspection=jdz.inspection, submitted_on=D(2026, 9, 1), **PLAN
        )
    far_future = timezone.localdate() + datetime.timedelta(days=3)
    with pytest.raises(ServiceError, match="不能晚于今天"):
        rect.rectification_plan_submit(
            actor=jdz.unit_contact, inspection=jdz.inspection, submitted_on=far_future, **PLAN
        )


def test_a_repeated_trigger_does_not_open_a_second_obligation(jdz: Any) -> None:
    put_reporting(jdz)
    put_reporting(jdz, jdz.other_inspection)
    round_end(actor=jdz.office_head, round=jdz.inspection.round, ended_on=D(2026, 9, 14))
    with pytest.raises(ServiceError, match="已于"):
        round_end(actor=jdz.office_head, round=jdz.inspection.round, ended_on=D(2026, 9, 15))
    assert Obligation.objects.filter(rule_code="hearing").count() == 1
