"""Feedback under each rulebook: after the decision (and, under NMG-2016, the party committee's consent), told
separately to the leadership and to the principal leader; the second session gives the feedback and moves the stage;
the 通报; the obligations that run from the feedback or the receipt."""

from __future__ import annotations

from typing import Any

import pytest

from xuncha.audit.models import Event
from xuncha.conftest import put_decided, put_on_site
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.feedback import services as svc
from xuncha.feedback.models import CirculatedNotice, FeedbackSession
from xuncha.inspections.services import inspection_end_fieldwork
from xuncha.obligations.models import Obligation

from .helpers import ARTICLES, DECIDED, D, approved_finding, consent, give, hold

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["jdz", "nmg"])
def side(request: Any) -> Any:
    s = request.getfixturevalue(request.param)
    s.key = request.param
    return s


@pytest.fixture
def decided(side: Any) -> Any:
    put_decided(side)
    return side


# -- the guards before feedback -------------------------------------------------------------------------------------
def test_a_session_is_refused_before_the_decision_and_outside_the_reporting_stage(side: Any) -> None:
    articles = ARTICLES[side.key]
    put_on_site(side)
    with pytest.raises(ServiceError) as err:
        hold(side, "leadership", D(2026, 4, 1))
    assert err.value.code == "wrong_stage" and "“报告”阶段" in err.value.message
    assert err.value.article == articles["feedback"]

    inspection_end_fieldwork(actor=side.office_head, inspection=side.inspection, ended_on=D(2026, 4, 24))
    with pytest.raises(ServiceError) as err:
        hold(side, "leadership", D(2026, 5, 25))
    assert err.value.code == "not_decided" and err.value.field == "held_on"
    assert err.value.article == articles["feedback"] and articles["decision"] in err.value.message
    assert "尚未研究决定" in err.value.message
    assert not FeedbackSession.objects.exists()


def test_a_session_before_the_decision_date_is_refused(decided: Any) -> None:
    side = decided
    consent(side, DECIDED)
    with pytest.raises(ServiceError, match=f"反馈日期不能早于 {DECIDED}") as err:
        hold(side, "leadership", D(2026, 5, 19))
    assert err.value.field == "held_on"


def test_nmg_refuses_feedback_until_the_party_committee_consents(nmg: Any) -> None:
    put_decided(nmg)
    with pytest.raises(ServiceError) as err:
        hold(nmg, "leadership", D(2026, 5, 25))
    assert err.value.code == "no_consent" and err.value.article == "第二十九条"
    assert "尚未登记自治区党委同意反馈" in err.value.message and "经自治区党委同意后" in err.value.message

    with pytest.raises(PermissionDeniedError, match="只有自治区党委巡视工作领导小组办公室"):
        svc.feedback_consent_record(
            actor=nmg.leader, inspection=nmg.inspection, consented_on=D(2026, 5, 22), document="批复"
        )
    with pytest.raises(ServiceError, match="同意日期不能早于 2026-05-20"):
        svc.feedback_consent_record(
            actor=nmg.office_clerk, inspection=nmg.inspection, consented_on=D(2026, 5, 19), document="批复"
        )
    with pytest.raises(ServiceError, match="请填写自治区党委同意反馈的文件") as err:
        svc.feedback_consent_record(
            actor=nmg.office_clerk, inspection=nmg.inspection, consented_on=D(2026, 5, 22), document=" "
        )
    assert err.value.field == "document"

    consent(nmg, D(2026, 5, 22))
    event = Event.objects.get(action="feedback.consent_recorded")
    assert (event.article, event.occurred_on, event.inspection_id) == ("第二十九条", D(2026, 5, 22), nmg.inspection.pk)
    with pytest.raises(ServiceError, match="已登记自治区党委于 2026-05-22 同意反馈"):
        consent(nmg, D(2026, 5, 23))
    with pytest.raises(ServiceError, match="反馈日期不能早于 2026-05-22"):
        hold(nmg, "leadership", D(2026, 5, 21))
    assert hold(nmg, "leadership", D(2026, 5, 22)).audience == "leadership"


def test_jdz_has_no_consent_step(jdz: Any) -> None:
    put_decided(jdz)
    with pytest.raises(ServiceError, match="没有规定反馈须经批准") as err:
        svc.feedback_consent_record(
            actor=jdz.office_head, inspection=jdz.inspection, consented_on=D(2026, 5, 22), document="批复"
        )
    assert err.value.code == "not_in_rulebook"
    assert hold(jdz, "leadership", D(2026, 5, 21)).held_on == D(2026, 5, 21)  # no consent needed


def test_wrong_roles_are_refused(decided: Any) -> None:
    side = decided
    consent(side)
    for who in (side.member, side.other_member, side.unit_contact, side.receiver, side.auditor):
        with pytest.raises(PermissionDeniedError, match=f"只有本{side.jurisdiction.word}组组长或办公室可以记录反馈"):
            hold(side, "leadership", D(2026, 5, 25), actor=who)
    # Given by the team's leader or deputy only: a member is not one.
    with pytest.raises(ServiceError) as err:
        hold(side, "leadership", D(2026, 5, 25), actor=side.office_clerk, given_by=side.member)
    assert err.value.field == "given_by" and "不是" in err.value.message and "组长或副组长" in err.value.message
    assert not FeedbackSession.objects.exists()
    # The office records a session given by the leader.
    assert hold(side, "leadership", D(2026, 5, 25), actor=side.office_clerk).recorded_by == side.office_clerk


def test_opinions_and_attendees_are_required(decided: Any) -> None:
    side = decided
    consent(side)
    with pytest.raises(ServiceError, match="请填写整改意见") as err:
        hold(side, "leadership", D(2026, 5, 25), opinions="  ")
    assert err.value.field == "opinions" and err.value.article == ARTICLES[side.key]["feedback"]
    with pytest.raises(ServiceError, match="请填写出席人员"):
        hold(side, "leadership", D(2026, 5, 25), attendees="")
    with pytest.raises(ServiceError, match="反馈对象“staff”不存在"):
        hold(side, "staff", D(2026, 5, 25))


# -- the second session gives the feedback --------------------------------------------------------------------------
def test_the_second_session_gives_the_feedback_and_moves_the_stage(decided: Any) -> None:
    side, article = decided, ARTICLES[decided.key]["feedback"]
    consent(side)
    feedback_duty = Obligation.objects.get(rule_code="feedback", inspection=side.inspection)
    assert feedback_duty.status == "open"

    first = hold(side, "principal", D(2026, 5, 25))
    side.inspection.refresh_from_db()
    assert (side.inspection.status, side.inspection.feedback_given_on) == ("reporting", None)
    assert not Event.objects.filter(action="feedback.given").exists()
    session_event = Event.objects.get(action="feedback.session_held")
    assert (session_event.object_id, session_event.article, session_event.occurred_on) == (
        str(first.pk),
        article,
        D(2026, 5, 25),
    )
    with pytest.raises(ServiceError, match="已于 2026-05-25 向主要负责人反馈，不能重复记录"):
        hold(side, "principal", D(2026, 5, 26))

    hold(side, "leadership", D(2026, 5, 27))
    side.inspection.refresh_from_db()
    assert (side.inspection.status, side.inspection.feedback_given_on) == ("rectifying", D(2026, 5, 27))
    given = Event.objects.get(action="feedback.given")
    assert (given.object_type, given.object_id) == ("inspections.inspection", str(side.inspection.pk))
    assert (given.article, given.occurred_on, given.rulebook_code) == (
        article,
        D(2026, 5, 27),
        side.jurisdiction.rulebook_code,
    )
    assert given.before == {"status": "reporting"}
    assert given.after == {
        "status": "rectifying",
        "feedback_given_on": "2026-05-27",
        "sessions": {"principal": "2026-05-25", "leadership": "2026-05-27"},
    }
    feedback_duty.refresh_from_db()
    assert (feedback_duty.status, feedback_duty.fulfilled_on) == ("fulfilled", D(2026, 5, 27))
    with pytest.raises(ServiceError, match="已于 2026-05-27 分别反馈完毕") as err:
        hold(side, "leadership", D(2026, 5, 28))
    assert err.value.code == "already_given"


def test_a_session_feeds_back_leader_approved_findings_only(decided: Any) -> None:
    from xuncha.findings import services as fd

    side = decided
    consent(side)
    first, second = approved_finding(side, "违规发放津贴补贴"), approved_finding(side, "超标准配备公务用车")
    drafted = fd.finding_create(
        actor=side.member,
        inspection=side.inspection,
        title="尚在草稿",
        category="integrity_discipline",
        description="草稿。",
    )
    with pytest.raises(ServiceError, match="处于“草稿”状态；只有组长审定的问题底稿才能反馈") as err:
        hold(side, "leadership", D(2026, 5, 25), findings=[first, drafted])
    assert err.value.field == "findings"
    with pytest.raises(ServiceError, match="本次反馈未指出问题"):
        hold(side, "leadership", D(2026, 5, 25), findings=[])
    everything = hold(side, "leadership", D(2026, 5, 25))  # none named: every approved finding
    assert set(everything.findings.all()) == {first, second}
    some = hold(side, "principal", D(2026, 5, 25), findings=[second])
    assert list(some.findings.all()) == [second]
    after = Event.objects.get(action="feedback.session_held", object_id=str(some.pk)).after
    assert after is not None and after["findings"] == [second.number]


# -- 通报 -----------------------------------------------------------------------------------------------------------
def test_notifications_follow_the_feedback(decided: Any) -> None:
    side, article = decided, ARTICLES[decided.key]["feedback"]
    notify: dict[str, Any] = {
        "kind": "leader",
        "recipient": "分管副书记",
        "notified_on": D(2026, 5, 28),
        "content": "巡察发现的主要问题及整改要求。",
    }
    with pytest.raises(ServiceError, match="没有可通报的整改要求") as err:
        svc.circulated_notice_record(actor=side.leader, inspection=side.inspection, **notify)
    assert err.value.article == article
    give(side, D(2026, 5, 27))
    with pytest.raises(PermissionDeniedError):
        svc.circulated_notice_record(actor=side.member, inspection=side.inspection, **notify)
    with pytest.raises(PermissionDeniedError):
        svc.circulated_notice_record(actor=side.unit_contact, inspection=side.inspection, **notify)
    with pytest.raises(ServiceError, match="通报日期不能早于 2026-05-27"):
        svc.circulated_notice_record(
            actor=side.leader, inspection=side.inspection, **(notify | {"notified_on": D(2026, 5, 26)})
        )
    with pytest.raises(ServiceError, match="通报对象类别“mayor”不存在"):
        svc.circulated_notice_record(actor=side.leader, inspection=side.inspection, **(notify | {"kind": "mayor"}))
    with pytest.raises(ServiceError, match="请填写通报内容") as err:
        svc.circulated_notice_record(actor=side.leader, inspection=side.inspection, **(notify | {"content": ""}))
    assert err.value.field == "content"
    svc.circulated_notice_record(actor=side.leader, inspection=side.inspection, **notify)
    svc.circulated_notice_record(
        actor=side.office_clerk,
        inspection=side.inspection,
        **(notify | {"kind": "department", "recipient": "市教育局"}),
    )
    assert [(n.kind, n.recipient) for n in CirculatedNotice.objects.order_by("pk")] == [
        ("leader", "分管副书记"),
        ("department", "市教育局"),
    ]
    assert Event.objects.filter(action="feedback.notified", article=article).count() == 2
    # The 通报 is working material: not for the inspected unit.
    assert not CirculatedNotice.objects.visible_to(side.unit_contact).exists()
    assert CirculatedNotice.objects.visible_to(side.auditor).count() == 2
    assert not CirculatedNotice.objects.visible_to(side.other_member).exists()


# -- obligations ----------------------------------------------------------------------------------------------------
def test_nmg_reports_run_two_months_from_the_feedback_and_there_is_no_receipt(nmg: Any) -> None:
    put_decided(nmg)
    give(nmg, D(2026, 9, 22))
    reports = Obligation.objects.get(rule_code="rectification_reports", inspection=nmg.inspection)
    # 2026-11-22 is a Sunday → rolled forward to Monday 11-23 (NMG-2016 第三十条).
    assert (reports.starts_on, reports.due_on, reports.article) == (D(2026, 9, 22), D(2026, 11, 23), "第三十条")
    with pytest.raises(ServiceError, match="没有规定反馈材料签收单") as err:
        svc.feedback_receipt_sign(
            actor=nmg.leader, inspection=nmg.inspection, role="team_leader", signed_on=D(2026, 9, 23)
        )
    assert err.value.code == "not_in_rulebook"
