"""Rounds and inspections close properly: ending a round, withdrawing an inspection that never started, one open
inspection per target, and the entry guards (a staffed team, the minimum planned period). Services, with their
refusals and the authority checks inside them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from xuncha.audit.models import Event
from xuncha.conftest import Side, finalize_required_reports, put_on_site, put_reporting
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.inspections.models import Inspection
from xuncha.inspections.services import (
    inspection_create,
    inspection_end_fieldwork,
    inspection_enter,
    inspection_prepare,
    inspection_withdraw,
)
from xuncha.obligations.models import Obligation
from xuncha.planning.models import Round
from xuncha.planning.selectors import coverage
from xuncha.planning.services import round_create, round_end, team_create, term_start
from xuncha.registry.services import organization_create
from xuncha.results.services import hearing_hold

D = datetime.date
ENTRY: dict[str, Any] = {
    "principal_notified_on": D(2026, 3, 16),
    "mobilization_on": D(2026, 3, 16),
    "contact_phone": "0798-0000000",
    "contact_mailbox": "测试信箱",
    "contact_address": "测试地址",
}


def _withdraw(side: Side, inspection: Inspection | None = None, on: D | None = None) -> Inspection:
    return inspection_withdraw(
        actor=side.office_clerk,
        inspection=inspection or side.other_inspection,
        withdrawn_on=on or D(2026, 4, 20),
        reason="被巡察单位班子调整，本轮撤出",
    )


def _new_target(side: Side, name: str = "新对象") -> Any:
    return organization_create(
        actor=None, jurisdiction=side.jurisdiction, name=name, kind="target", target_category="local_leadership"
    )


# -- ending a round ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("key", "article"), [("jdz", "第三十一条"), ("nmg", "第二十七条")])
def test_a_round_cannot_end_while_an_inspection_has_not_ended_fieldwork(
    key: str, article: str, request: pytest.FixtureRequest
) -> None:
    side: Side = request.getfixturevalue(key)
    put_on_site(side)
    events = Event.objects.count()
    with pytest.raises(ServiceError) as err:
        round_end(actor=side.office_head, round=side.inspection.round, ended_on=D(2026, 4, 30))
    word = side.jurisdiction.word
    message = err.value.message
    assert f"第1{word}组{key}单位一（进驻了解）" in message and f"第2{word}组{key}单位二（已计划）" in message
    assert "还有2个" in message and err.value.article == article and err.value.code == "round_not_finished"
    assert Round.objects.get(pk=side.inspection.round_id).ends_on is None and Event.objects.count() == events
    assert not Obligation.objects.filter(rule_code="hearing").exists()


def test_ending_the_round_opens_the_hearing_obligation_once_each_inspection_ended_or_withdrew(jdz: Side) -> None:
    put_reporting(jdz)  # fieldwork ended 2026-04-24
    _withdraw(jdz)
    rnd = jdz.inspection.round
    with pytest.raises(ServiceError, match="不能早于本轮巡察了解工作最后结束的日期 2026-04-24") as err:
        round_end(actor=jdz.office_head, round=rnd, ended_on=D(2026, 4, 23))
    assert err.value.field == "ended_on"
    with pytest.raises(ServiceError, match="结束日期不能晚于今天"):
        round_end(actor=jdz.office_head, round=rnd, ended_on=timezone.localdate() + datetime.timedelta(days=2))
    ended = round_end(actor=jdz.office_clerk, round=rnd, ended_on=D(2026, 4, 30))
    assert ended.ends_on == D(2026, 4, 30)
    event = Event.objects.get(action="round.ended")
    assert event.occurred_on == D(2026, 4, 30) and event.article == "第三十一条"
    assert (event.after or {})["inspections"] == [jdz.inspection.pk]  # the withdrawn one is not part of the round's end
    hearing = Obligation.objects.get(rule_code="hearing", status="open")
    # 15 working days after 04-30: 05-01..05 off (劳动节), 05-06..08 (3), 05-09 Sat make-up (4), 05-11..15 (9),
    # 05-18..22 (14), 05-25 (15).
    assert (hearing.due_on, hearing.article, hearing.responsible) == (D(2026, 5, 25), "第三十一条", "leading_group")
    with pytest.raises(ServiceError, match="已于 2026-04-30 结束"):
        round_end(actor=jdz.office_head, round=rnd, ended_on=D(2026, 5, 6))


def test_nmg_hearing_after_the_round_is_timely_without_a_date(nmg: Side) -> None:
    put_reporting(nmg)
    put_reporting(nmg, nmg.other_inspection)
    round_end(actor=nmg.office_head, round=nmg.inspection.round, ended_on=D(2026, 4, 30))
    hearing = Obligation.objects.get(rule_code="hearing", jurisdiction=nmg.jurisdiction)
    assert (hearing.due_on, hearing.deadline_label, hearing.article) == (None, "及时", "第二十七条")


def test_a_round_of_only_withdrawn_inspections_cannot_end(jdz: Side) -> None:
    _withdraw(jdz, jdz.inspection)
    _withdraw(jdz)
    with pytest.raises(ServiceError, match="没有（未撤出的）巡察"):
        round_end(actor=jdz.office_head, round=jdz.inspection.round, ended_on=D(2026, 4, 30))


@pytest.mark.parametrize("who", ["unit_contact", "member", "leader", "auditor"])
def test_only_the_office_ends_a_round(jdz: Side, who: str) -> None:
    put_reporting(jdz)
    put_reporting(jdz, jdz.other_inspection)
    with pytest.raises(PermissionDeniedError, match="只有景德镇市委的市委巡察工作领导小组办公室") as err:
        round_end(actor=getattr(jdz, who), round=jdz.inspection.round, ended_on=D(2026, 4, 30))
    assert err.value.article == "第六条" and Round.objects.get(pk=jdz.inspection.round_id).ends_on is None


def test_another_jurisdictions_office_cannot_end_or_plan_a_round(jdz: Side, nmg: Side) -> None:
    with pytest.raises(PermissionDeniedError):
        round_end(actor=nmg.office_head, round=jdz.inspection.round, ended_on=D(2026, 4, 30))
    with pytest.raises(PermissionDeniedError):
        round_create(actor=nmg.office_head, jurisdiction=jdz.jurisdiction, year=2026, number=2, starts_on=D(2026, 9, 1))
    with pytest.raises(PermissionDeniedError):
        team_create(actor=nmg.office_clerk, round=jdz.inspection.round, number=3)
    with pytest.raises(PermissionDeniedError):
        inspection_create(
            actor=nmg.office_head, round=jdz.inspection.round, team=jdz.inspection.team, target=_new_target(jdz)
        )


@pytest.mark.parametrize("who", ["unit_contact", "member", "leader"])
def test_only_the_office_creates_rounds_teams_and_plans_inspections(jdz: Side, who: str) -> None:
    actor = getattr(jdz, who)
    with pytest.raises(PermissionDeniedError, match="建立轮次"):
        round_create(actor=actor, jurisdiction=jdz.jurisdiction, year=2026, number=2, starts_on=D(2026, 9, 1))
    with pytest.raises(PermissionDeniedError, match="建立巡察组"):
        team_create(actor=actor, round=jdz.inspection.round, number=3)
    with pytest.raises(PermissionDeniedError, match="安排巡察对象"):
        inspection_create(actor=actor, round=jdz.inspection.round, team=jdz.inspection.team, target=_new_target(jdz))
    assert Round.objects.count() == 1 and jdz.inspection.round.teams.count() == 2


# -- withdrawal -------------------------------------------------------------------------------------------------------
def test_withdrawal_records_date_and_reason_and_frees_the_target(jdz: Side) -> None:
    inspection_prepare(actor=jdz.office_head, inspection=jdz.other_inspection, on=D(2026, 3, 10))
    with pytest.raises(ServiceError, match="不能早于 2026-03-10"):
        _withdraw(jdz, on=D(2026, 3, 9))
    with pytest.raises(ServiceError, match="请填写撤出（取消）理由") as err:
        inspection_withdraw(
            actor=jdz.office_head, inspection=jdz.other_inspection, withdrawn_on=D(2026, 4, 1), reason="  "
        )
    assert err.value.field == "reason"
    withdrawn = _withdraw(jdz)
    assert (withdrawn.status, withdrawn.withdrawn_on) == ("withdrawn", D(2026, 4, 20))
    assert withdrawn.get_status_display() == "撤出本轮/取消"
    event = Event.objects.get(action="inspection.withdrawn")
    assert event.before == {"status": "preparing"} and (event.after or {})["reason"] == "被巡察单位班子调整，本轮撤出"
    assert event.occurred_on == D(2026, 4, 20) and event.inspection_id == withdrawn.pk
    with pytest.raises(ServiceError, match="撤出本轮/取消"):
        inspection_prepare(actor=jdz.office_head, inspection=withdrawn, on=D(2026, 4, 21))
    # Free again: planned in this round with another team, or in a later one.
    team3 = team_create(actor=jdz.office_head, round=jdz.inspection.round, number=3)
    again = inspection_create(
        actor=jdz.office_head, round=jdz.inspection.round, team=team3, target=jdz.other_inspection.target
    )
    assert again.status == "planned" and again.pk != withdrawn.pk


def test_an_inspection_that_entered_cannot_be_withdrawn(jdz: Side) -> None:
    put_on_site(jdz)
    with pytest.raises(ServiceError, match="只有尚未进驻（已计划、准备阶段）的巡察可以撤出本轮或取消") as err:
        _withdraw(jdz, jdz.inspection)
    assert err.value.code == "wrong_stage"
    jdz.inspection.refresh_from_db()
    assert jdz.inspection.status == "on_site"


@pytest.mark.parametrize("who", ["unit_contact", "other_unit_contact", "member", "leader", "auditor"])
def test_only_the_office_withdraws(jdz: Side, who: str) -> None:
    with pytest.raises(PermissionDeniedError, match="撤出或取消巡察"):
        inspection_withdraw(
            actor=getattr(jdz, who), inspection=jdz.inspection, withdrawn_on=D(2026, 4, 1), reason="理由"
        )
    jdz.inspection.refresh_from_db()
    assert jdz.inspection.status == "planned"


def test_another_jurisdictions_office_cannot_withdraw(jdz: Side, nmg: Side) -> None:
    with pytest.raises(PermissionDeniedError):
        inspection_withdraw(actor=nmg.office_head, inspection=jdz.inspection, withdrawn_on=D(2026, 4, 1), reason="x")


def test_a_withdrawn_inspection_no_longer_schedules_its_target(jdz: Side) -> None:
    today = timezone.localdate()
    term = term_start(
        actor=jdz.office_head,
        jurisdiction=jdz.jurisdiction,
        name="第十四届",
        starts_on=D(2026, 1, 1),
        ends_on=today + datetime.timedelta(days=800),
    )
    states = {r.target.name: r.state for r in coverage(term=term)}
    assert states == {"jdz单位一": "scheduled", "jdz单位二": "scheduled"}
    _withdraw(jdz)
    states = {r.target.name: r.state for r in coverage(term=term)}
    assert states == {"jdz单位一": "scheduled", "jdz单位二": "not_yet"}
    covering = Obligation.objects.get(rule_code="coverage", subject_id=str(jdz.other_inspection.target_id))
    assert covering.status == "open"


def test_a_withdrawn_inspection_does_not_block_the_hearing(jdz: Side) -> None:
    put_reporting(jdz)
    finalize_required_reports(jdz)
    _withdraw(jdz)
    rnd = round_end(actor=jdz.office_head, round=jdz.inspection.round, ended_on=D(2026, 4, 30))
    hearing_hold(
        actor=jdz.office_head,
        round=rnd,
        held_on=D(2026, 5, 13),
        agenda="听取本轮巡察情况汇报",
        attendees=[("张某", "领导小组组长")],
        minutes="听取汇报，研究提出处理意见。",
        items=[(jdz.inspection, "责成整改。")],
    )
    hearing = Obligation.objects.get(rule_code="hearing")
    assert (hearing.status, hearing.fulfilled_on) == ("fulfilled", D(2026, 5, 13))
    assert Obligation.objects.filter(rule_code="decision", status="open").exists()


# -- one open inspection per target -----------------------------------------------------------------------------------
def test_the_same_target_cannot_be_in_two_open_inspections_across_rounds(jdz: Side) -> None:
    later = round_create(
        actor=jdz.office_head, jurisdiction=jdz.jurisdiction, year=2026, number=2, starts_on=D(2026, 9, 1)
    )
    team = team_create(actor=jdz.office_head, round=later, number=1)
    with pytest.raises(ServiceError) as err:
        inspection_create(actor=jdz.office_head, round=later, team=team, target=jdz.inspection.target)
    assert err.value.field == "target" and err.value.code == "target_busy"
    assert "jdz单位一 已在2026年第1轮由第1巡察组巡察，目前处于“已计划”阶段" in err.value.message
    assert "同一对象同时只能有一个未办结的巡察" in err.value.message
    _withdraw(jdz, jdz.inspection)
    planned = inspection_create(actor=jdz.office_head, round=later, team=team, target=jdz.inspection.target)
    assert planned.round == later


def test_an_ended_round_takes_no_new_teams_or_targets(jdz: Side) -> None:
    put_reporting(jdz)
    put_reporting(jdz, jdz.other_inspection)
    rnd = round_end(actor=jdz.office_head, round=jdz.inspection.round, ended_on=D(2026, 4, 30))
    with pytest.raises(ServiceError, match="已于 2026-04-30 结束，不能再建立巡察组"):
        team_create(actor=jdz.office_head, round=rnd, number=3)
    with pytest.raises(ServiceError, match="已于 2026-04-30 结束，不能再安排对象"):
        inspection_create(actor=jdz.office_head, round=rnd, team=jdz.inspection.team, target=_new_target(jdz))


# -- entry guards ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("key", "article"), [("jdz", "第七条"), ("nmg", "第九条")])
def test_a_team_without_a_leader_and_members_cannot_enter(
    key: str, article: str, request: pytest.FixtureRequest
) -> None:
    side: Side = request.getfixturevalue(key)
    team = team_create(actor=side.office_head, round=side.inspection.round, number=3)
    inspection = inspection_create(
        actor=side.office_head, round=side.inspection.round, team=team, target=_new_target(side)
    )
    inspection_prepare(actor=side.office_head, inspection=inspection, on=D(2026, 3, 5))
    with pytest.raises(ServiceError) as err:
        inspection_enter(
            actor=side.office_head,
            inspection=inspection,
            entered_on=D(2026, 3, 16),
            planned_end=D(2026, 5, 15),
            **ENTRY,
        )
    assert "尚未配备组长、组员，不能进驻" in err.value.message and "组长负责制" in err.value.message
    assert (err.value.article, err.value.field, err.value.code) == (article, "team", "team_not_staffed")
    # A leader alone is not a team either.
    from xuncha.planning.models import TeamMembership

    TeamMembership.objects.create(team=team, user=side.auditor, role="leader")
    with pytest.raises(ServiceError, match="尚未配备组员，不能进驻"):
        inspection_enter(
            actor=side.office_head,
            inspection=inspection,
            entered_on=D(2026, 3, 16),
            planned_end=D(2026, 5, 15),
            **ENTRY,
        )
    inspection.refresh_from_db()
    assert inspection.status == "preparing"


def test_entry_refuses_a_planned_period_below_the_minimum_unless_approved(jdz: Side) -> None:
    inspection_prepare(actor=jdz.office_head, inspection=jdz.inspection, on=D(2026, 3, 2))
    short = {"entered_on": D(2026, 3, 16), "planned_end": D(2026, 3, 27), **ENTRY}  # 10 working days
    with pytest.raises(ServiceError) as err:
        inspection_enter(actor=jdz.leader, inspection=jdz.inspection, **short)
    assert (
        "在驻 10 个工作日，少于20个工作日" in err.value.message and "须经市委巡察工作领导小组同意" in err.value.message
    )
    assert (err.value.article, err.value.field, err.value.code) == ("第十六条", "planned_end", "minimum_period")
    entered = inspection_enter(
        actor=jdz.leader,
        inspection=jdz.inspection,
        shortened_approved_on=D(2026, 3, 12),
        shortened_basis="领导小组会议纪要〔2026〕3号",
        **short,
    )
    assert entered.status == "on_site" and entered.shortened_approved_on == D(2026, 3, 12)
    assert entered.shortened_basis == "市委巡察工作领导小组同意：领导小组会议纪要〔2026〕3号"
    assert (Event.objects.get(action="inspection.entered").after or {})["shortened"] == entered.shortened_basis
    # Fieldwork ends as planned, on the approval recorded at entry.
    ended = inspection_end_fieldwork(actor=jdz.leader, inspection=entered, ended_on=D(2026, 3, 27))
    assert ended.status == "reporting"


def test_nmg_sets_no_minimum_period(nmg: Side) -> None:
    inspection_prepare(actor=nmg.office_head, inspection=nmg.inspection, on=D(2026, 3, 2))
    entered = inspection_enter(
        actor=nmg.leader, inspection=nmg.inspection, entered_on=D(2026, 3, 16), planned_end=D(2026, 3, 20), **ENTRY
    )
    assert entered.status == "on_site" and entered.warnings == []


def test_entry_is_recorded_when_the_planned_end_falls_in_a_year_without_a_schedule(jdz: Side) -> None:
    from xuncha.workdays.arithmetic import UnknownYearError
    from xuncha.workdays.selectors import work_calendar

    with pytest.raises(UnknownYearError):  # the premise: nobody has entered 2027's schedule
        work_calendar().is_working_day(D(2027, 1, 15))
    inspection_prepare(actor=jdz.office_head, inspection=jdz.inspection, on=D(2026, 3, 2))
    entered = inspection_enter(
        actor=jdz.leader, inspection=jdz.inspection, entered_on=D(2026, 3, 16), planned_end=D(2027, 1, 15), **ENTRY
    )
    assert entered.status == "on_site"
    assert len(entered.warnings) == 1 and "2027 年的节假日安排尚未录入" in entered.warnings[0]
    assert "第十六条" in entered.warnings[0]
    assert (Event.objects.get(action="inspection.entered").after or {})["not_checked"] == entered.warnings
