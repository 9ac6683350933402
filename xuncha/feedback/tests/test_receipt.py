"""The 《巡察反馈材料签收单》 (JDZ-2017 第三十四条): one signature per signer, each by the right person, in any order;
the unit's line (its principal leader) is the unit signing for the feedback and starts the plan and report deadlines
(自签收反馈意见之日起); the last line completes the form."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from xuncha.audit.models import Event
from xuncha.conftest import put_decided, put_feedback_given
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.feedback import services as svc
from xuncha.feedback.models import ReceiptSignature
from xuncha.obligations.models import Obligation
from xuncha.registry.services import cadre_create, post_create

from .helpers import D, give

pytestmark = pytest.mark.django_db


def sign(side: Any, role: str, on: Any, *, actor: Any = None, name: str = "") -> ReceiptSignature:
    default = {"team_leader": side.leader, "office_head": side.office_head, "unit_principal_leader": side.unit_contact}
    return svc.feedback_receipt_sign(
        actor=actor or default[role], inspection=side.inspection, role=role, signed_on=on, name=name
    )


@pytest.fixture
def given(jdz: Any) -> Any:
    put_decided(jdz)
    give(jdz, D(2026, 9, 7))
    return jdz


def test_no_signature_before_the_feedback_is_given(jdz: Any) -> None:
    put_decided(jdz)
    with pytest.raises(ServiceError, match="尚未反馈，不能签收《巡察反馈材料签收单》") as err:
        sign(jdz, "team_leader", D(2026, 9, 8))
    assert (err.value.article, err.value.field) == ("第三十四条", "signed_on")
    assert not ReceiptSignature.objects.exists()


def test_signatures_in_any_order_and_the_units_line_starts_the_clock(given: Any) -> None:
    """JDZ-2017 第三十四条: “自签收反馈意见之日起” — the day the unit's principal leader signs, not the last line's day.
    (Was: the last signature signed the receipt, dated the latest signature; issue 10 item 4.)"""
    side = given
    sign(side, "team_leader", D(2026, 9, 8))
    side.inspection.refresh_from_db()
    assert side.inspection.receipt_signed_on is None
    assert not Event.objects.filter(action="feedback.receipt_signed").exists()
    assert not Obligation.objects.filter(rule_code="rectification_plan").exists()

    sign(side, "unit_principal_leader", D(2026, 9, 8), name="周向东")
    side.inspection.refresh_from_db()
    assert side.inspection.receipt_signed_on == D(2026, 9, 8)
    event = Event.objects.get(action="feedback.receipt_signed")
    assert (event.object_type, event.object_id) == ("inspections.inspection", str(side.inspection.pk))
    assert (event.occurred_on, event.article) == (D(2026, 9, 8), "第三十四条")
    assert event.after == {
        "receipt_signed_on": "2026-09-08",
        "signed_by": {"role": "unit_principal_leader", "name": "周向东"},
        "signers": ["team_leader", "unit_principal_leader", "office_head"],
        "copies": 3,
    }
    assert not Event.objects.filter(action="feedback.receipt_completed").exists()

    sign(side, "office_head", D(2026, 9, 9))  # the office head signs a day later: the unit gains no day
    side.inspection.refresh_from_db()
    assert side.inspection.receipt_signed_on == D(2026, 9, 8)
    assert Event.objects.filter(action="feedback.receipt_signed").count() == 1
    completed = Event.objects.get(action="feedback.receipt_completed")
    assert completed.occurred_on == D(2026, 9, 9)
    assert (completed.after or {})["signatures"] == [
        {"role": "team_leader", "name": str(side.leader), "signed_on": "2026-09-08"},
        {"role": "unit_principal_leader", "name": "周向东", "signed_on": "2026-09-08"},
        {"role": "office_head", "name": str(side.office_head), "signed_on": "2026-09-09"},
    ]
    assert Event.objects.filter(action="feedback.receipt_signature").count() == 3
    lines = {s.role: s for s in ReceiptSignature.objects.all()}
    assert (lines["team_leader"].signer, lines["team_leader"].recorded_by) == (side.leader, side.leader)
    assert (lines["unit_principal_leader"].signer, lines["unit_principal_leader"].recorded_by) == (
        None,
        side.unit_contact,
    )
    # 10 working days from Tuesday 09-08, the day itself not counted: 09-09..11 (3), 09-14..18 (8), Sunday 09-20 a
    # make-up working day (9), 09-21 (10). Counted from the office head's 09-09 it would be 09-22.
    plan = Obligation.objects.get(rule_code="rectification_plan")
    assert (plan.starts_on, plan.due_on) == (D(2026, 9, 8), D(2026, 9, 21))
    reports = Obligation.objects.get(rule_code="rectification_reports")
    assert reports.starts_on == D(2026, 9, 8)


def test_the_unit_signing_first_starts_the_clock_and_the_other_lines_stay_owed(given: Any) -> None:
    from xuncha.feedback.selectors import receipt_complete

    side = given
    sign(side, "unit_principal_leader", D(2026, 9, 8), name="周向东")
    side.inspection.refresh_from_db()
    assert side.inspection.receipt_signed_on == D(2026, 9, 8)
    assert Obligation.objects.get(rule_code="rectification_plan").starts_on == D(2026, 9, 8)
    assert receipt_complete(side.inspection) == (
        False,
        "《巡察反馈材料签收单》尚缺市委巡察组组长、市委巡察办负责人的签字",
    )


def test_each_line_once(given: Any) -> None:
    side = given
    sign(side, "team_leader", D(2026, 9, 8))
    with pytest.raises(ServiceError, match=f"“市委巡察组组长”一栏已由 {side.leader} 于 2026-09-08 签字") as err:
        sign(side, "team_leader", D(2026, 9, 9))
    assert (err.value.field, err.value.article) == ("role", "第三十四条")
    sign(side, "unit_principal_leader", D(2026, 9, 8), actor=side.office_clerk, name="周向东")
    with pytest.raises(ServiceError, match="一栏已由 周向东 于 2026-09-08 签字"):
        sign(side, "unit_principal_leader", D(2026, 9, 8), name="别人")
    assert ReceiptSignature.objects.count() == 2


def test_each_line_only_by_the_right_person(given: Any) -> None:
    side = given
    for who in (side.member, side.unit_contact, side.office_head, side.other_member):
        with pytest.raises(
            PermissionDeniedError,
            match="只有2026年第1轮 第1巡察组组长本人可以在《巡察反馈材料签收单》上登记“市委巡察组组长”一栏",
        ):
            sign(side, "team_leader", D(2026, 9, 8), actor=who)
    for who in (side.office_clerk, side.leader, side.unit_contact):
        with pytest.raises(PermissionDeniedError, match="只有市委巡察办负责人本人"):
            sign(side, "office_head", D(2026, 9, 8), actor=who)
    for who in (side.other_unit_contact, side.leader, side.member, side.receiver):
        with pytest.raises(PermissionDeniedError, match="jdz单位一）的联系人或市委巡察工作领导小组办公室"):
            sign(side, "unit_principal_leader", D(2026, 9, 8), actor=who, name="周向东")
    with pytest.raises(ServiceError, match="没有“市委巡察组联络员”") as err:
        sign(side, "team_liaison", D(2026, 9, 8), actor=side.office_head)
    assert err.value.field == "role"
    assert not ReceiptSignature.objects.exists()


def test_dates_are_checked(given: Any) -> None:
    side = given
    with pytest.raises(ServiceError, match="签字日期不能早于 2026-09-07"):
        sign(side, "team_leader", D(2026, 9, 6))
    import datetime

    with pytest.raises(ServiceError, match="签字日期不能晚于今天"):
        sign(side, "team_leader", timezone.localdate() + datetime.timedelta(days=1))


def test_the_principal_leaders_name_comes_from_the_registry_when_not_given(given: Any) -> None:
    side = given
    with pytest.raises(ServiceError, match="请填写被巡察单位党委（党组）主要负责人的姓名") as err:
        sign(side, "unit_principal_leader", D(2026, 9, 8))
    assert err.value.field == "name"
    cadre = cadre_create(actor=side.office_head, jurisdiction=side.jurisdiction, code="JD-9001", name="黄志明")
    post_create(
        actor=side.office_head,
        cadre=cadre,
        organization=side.inspection.target,
        title="书记",
        started_on=D(2024, 1, 1),
        is_leadership=True,
        is_principal=True,
    )
    assert sign(side, "unit_principal_leader", D(2026, 9, 8)).name == "黄志明"


def test_jdz_plan_due_ten_working_days_after_a_receipt_signed_before_national_day(jdz: Any) -> None:
    put_decided(jdz)
    put_feedback_given(jdz, given_on=D(2026, 9, 24))
    sign(jdz, "team_leader", D(2026, 9, 24))
    sign(jdz, "office_head", D(2026, 9, 24))
    sign(jdz, "unit_principal_leader", D(2026, 9, 28), name="周向东")
    plan = Obligation.objects.get(rule_code="rectification_plan", inspection=jdz.inspection)
    reports = Obligation.objects.get(rule_code="rectification_reports", inspection=jdz.inspection)
    # The 2026 schedule (chinese-calendar, State Council notice): 09-25..27 中秋 off, 10-01..07 国庆 off, Saturday
    # 10-10 a make-up working day. From Monday 09-28, the day itself not counted: 09-29 (1), 09-30 (2), 10-08 (3),
    # 10-09 (4), 10-10 (5), 10-12 (6), 10-13 (7), 10-14 (8), 10-15 (9), 10-16 (10).
    assert (plan.starts_on, plan.due_on, plan.article, plan.deadline_label) == (
        D(2026, 9, 28),
        D(2026, 10, 16),
        "第三十四条",
        "10个工作日",
    )
    # Two months from 09-28 is Saturday 11-28, a rest day → the next working day, Monday 11-30.
    assert (reports.starts_on, reports.due_on) == (D(2026, 9, 28), D(2026, 11, 30))


def test_a_deadline_in_an_unentered_year_does_not_refuse_the_last_signature(jdz: Any) -> None:
    """Issue 9 item 7 (was: refused whole). The signature happened; it is recorded, and the deadline that needs 2027
    waits for 2027's schedule instead of refusing the act."""
    put_decided(jdz)
    put_feedback_given(jdz, given_on=D(2026, 11, 18))
    sign(jdz, "team_leader", D(2026, 11, 18))
    sign(jdz, "office_head", D(2026, 11, 19))
    sign(jdz, "unit_principal_leader", D(2026, 11, 20), name="周向东")
    jdz.inspection.refresh_from_db()
    assert jdz.inspection.receipt_signed_on == D(2026, 11, 20)
    assert Event.objects.filter(action="feedback.receipt_signed").count() == 1
    # 10 working days from Friday 11-20 stay in 2026: 11-23..27 (5), 11-30..12-04 (10).
    plan = Obligation.objects.get(rule_code="rectification_plan")
    assert (plan.due_on, plan.due_pending_year, plan.due_label) == (D(2026, 12, 4), None, "2026-12-04")
    # Two months from 11-20 fall in 2027, whose schedule nobody has entered.
    reports = Obligation.objects.get(rule_code="rectification_reports")
    assert (reports.due_on, reports.due_pending_year) == (None, 2027)
    assert reports.due_label == "待录入2027年节假日安排后计算" and not reports.is_timely


def test_after_the_unit_signs_the_other_lines_are_still_owed_and_closure_waits_for_them(given: Any) -> None:
    from xuncha.core.visibility import viewer_for
    from xuncha.feedback.queue import receipt_lines_to_sign
    from xuncha.inspections.closure import closure_checklist

    side = given
    sign(side, "unit_principal_leader", D(2026, 9, 8), name="周向东")
    side.inspection.refresh_from_db()
    items = list(receipt_lines_to_sign(viewer_for(side.office_head), D(2026, 9, 9)))
    assert [i.kind for i in items] == ["feedback_receipt.sign.office_head"]
    receipt = next(c for c in closure_checklist(side.inspection) if c.code == "receipt_signed")
    assert not receipt.met and "尚缺市委巡察组组长、市委巡察办负责人的签字" in receipt.detail
    sign(side, "team_leader", D(2026, 9, 9))
    sign(side, "office_head", D(2026, 9, 9))
    assert list(receipt_lines_to_sign(viewer_for(side.office_head), D(2026, 9, 9))) == []
    receipt = next(c for c in closure_checklist(side.inspection) if c.code == "receipt_signed")
    assert receipt.met
