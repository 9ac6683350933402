"""专项巡察、机动巡察 and “回头看”; the round's 阶段任务安排; annual plans on the coverage page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from xuncha.audit.models import Event
from xuncha.conftest import Side
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.inspections.models import Inspection
from xuncha.inspections.services import inspection_create, inspection_withdraw
from xuncha.planning.models import AnnualPlan, Round
from xuncha.planning.services import round_create, round_schedule_save, team_create, term_start


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _free_unit1(side: Side) -> None:
    """A target is in one open inspection at a time: the fixture's 2026 第1轮 inspection of unit 1, never started,
    is withdrawn from its round so that unit 1 can be planned elsewhere."""
    inspection_withdraw(
        actor=None, inspection=side.inspection, withdrawn_on=datetime.date(2026, 3, 2), reason="（测试）改在第2轮安排"
    )


def _earlier(side: Side) -> Inspection:
    """A 2025 inspection of unit 1 that ran its course (办结; its lifecycle is not what these tests are about), with
    the fixture's 2026 第1轮 inspection of unit 1 withdrawn."""
    _free_unit1(side)
    rnd = round_create(
        actor=None, jurisdiction=side.jurisdiction, year=2025, number=1, starts_on=datetime.date(2025, 3, 3)
    )
    team = team_create(actor=None, round=rnd, number=1)
    earlier = inspection_create(actor=None, round=rnd, team=team, target=side.inspection.target)
    Inspection.objects.filter(pk=earlier.pk).update(status="closed", closed_on=datetime.date(2025, 12, 30))
    earlier.refresh_from_db()
    return earlier


def _later_round(side: Side) -> tuple[Round, Any]:
    rnd = round_create(
        actor=None, jurisdiction=side.jurisdiction, year=2026, number=2, starts_on=datetime.date(2026, 6, 1)
    )
    return rnd, team_create(actor=None, round=rnd, number=1)


def test_follow_up_returns_to_an_earlier_inspection_of_the_same_target(jdz: Side) -> None:
    earlier = _earlier(jdz)
    rnd, team = _later_round(jdz)
    target = jdz.inspection.target
    follow = inspection_create(
        actor=jdz.office_head, round=rnd, team=team, target=target, kind="follow_up", follows=earlier
    )
    assert follow.kind == "follow_up" and follow.follows == earlier
    event = Event.objects.filter(action="inspection.planned", object_id=str(follow.pk)).get()
    after = event.after or {}
    assert after["kind"] == "follow_up" and after["follows"] == earlier.pk


def test_follow_up_refusals_name_the_field(jdz: Side) -> None:
    earlier = _earlier(jdz)
    rnd, team = _later_round(jdz)
    unit1, unit2 = jdz.inspection.target, jdz.other_inspection.target
    with pytest.raises(ServiceError, match="“回头看”须选择所回头看") as missing:
        inspection_create(actor=None, round=rnd, team=team, target=unit1, kind="follow_up")
    assert missing.value.field == "follows"
    with pytest.raises(ServiceError, match="同一对象") as other_target:
        inspection_create(actor=None, round=rnd, team=team, target=unit2, kind="follow_up", follows=earlier)
    assert other_target.value.field == "follows"
    # The fixture's 2026 inspection did not happen before 2025's round.
    with pytest.raises(ServiceError, match="须早于本轮"):
        inspection_create(
            actor=None, round=earlier.round, team=earlier.team, target=unit1, kind="follow_up", follows=jdz.inspection
        )
    with pytest.raises(ServiceError, match="常规巡察不关联") as regular:
        inspection_create(actor=None, round=rnd, team=team, target=unit1, follows=earlier)
    assert regular.value.field == "follows"
    assert not Inspection.objects.filter(round=rnd).exists()


def test_special_inspection_needs_its_focus(jdz: Side, nmg: Side) -> None:
    rnd, team = _later_round(jdz)
    unit1 = jdz.inspection.target
    with pytest.raises(ServiceError, match="专项巡察须填写专项内容") as refused:
        inspection_create(actor=None, round=rnd, team=team, target=unit1, kind="special", focus="  ")
    assert refused.value.field == "focus"
    with pytest.raises(ServiceError, match="机动巡察须填写专项内容"):
        inspection_create(actor=None, round=rnd, team=team, target=unit1, kind="flexible")
    rnd2, team2 = _later_round(nmg)
    with pytest.raises(ServiceError, match="专项巡视须填写专项内容"):
        inspection_create(actor=None, round=rnd2, team=team2, target=nmg.inspection.target, kind="special")
    _free_unit1(jdz)
    special = inspection_create(actor=None, round=rnd, team=team, target=unit1, kind="special", focus="工程招投标")
    assert special.focus == "工程招投标" and special.follows is None


def test_round_page_plans_a_follow_up_and_shows_it(jdz: Side) -> None:
    earlier = _earlier(jdz)
    rnd, team = _later_round(jdz)
    office = _client(jdz.office_clerk)
    page = office.get(f"/planning/rounds/{rnd.pk}/").content.decode()
    assert "所回头看的巡察" in page and "专项内容" in page and "2025年第1轮" in page
    response = office.post(
        f"/planning/rounds/{rnd.pk}/",
        {
            "form": "inspection",
            "team": team.pk,
            "target": jdz.inspection.target.pk,
            "kind": "follow_up",
            "focus": "",
            "follows": earlier.pk,
        },
        follow=True,
    )
    html = response.content.decode()
    assert "已安排" in html and "“回头看”" in html and "回头看 2025年第1轮" in html
    refused = office.post(
        f"/planning/rounds/{rnd.pk}/",
        {"form": "inspection", "team": team.pk, "target": jdz.other_inspection.target.pk, "kind": "special"},
        follow=True,
    ).content.decode()
    assert "专项巡察须填写专项内容" in refused
    assert not Inspection.objects.filter(round=rnd, target=jdz.other_inspection.target).exists()


def test_round_schedule_is_saved_with_an_event(jdz: Side) -> None:
    rnd = jdz.inspection.round
    office = _client(jdz.office_head)
    html = office.post(
        f"/planning/rounds/{rnd.pk}/", {"form": "schedule", "schedule": "3月：进驻\n5月：反馈"}, follow=True
    ).content.decode()
    assert "已保存阶段任务安排" in html and "3月：进驻" in html
    rnd.refresh_from_db()
    assert rnd.schedule == "3月：进驻\n5月：反馈"
    event = Event.objects.get(action="round.schedule_saved")
    assert event.after == {"schedule": "3月：进驻\n5月：反馈"} and event.before == {"schedule": ""}
    with pytest.raises(PermissionDeniedError):
        round_schedule_save(actor=jdz.member, round=rnd, schedule="改")
    # The team sees the schedule but no form.
    member_page = _client(jdz.member).get(f"/planning/rounds/{rnd.pk}/").content.decode()
    assert "5月：反馈" in member_page and 'name="schedule"' not in member_page


def test_annual_plan_saved_and_shown_on_the_coverage_page(jdz: Side) -> None:
    today = timezone.localdate()
    term_start(
        actor=jdz.office_head,
        jurisdiction=jdz.jurisdiction,
        name="第十四届",
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today + datetime.timedelta(days=1000),
    )
    office = _client(jdz.office_clerk)
    html = office.post(
        "/planning/coverage/",
        {"form": "plan", "year": today.year, "content": "第一轮巡察单位一、单位二", "approved_on": ""},
        follow=True,
    ).content.decode()
    assert f"已保存{today.year}年度计划" in html and "第一轮巡察单位一、单位二" in html
    assert AnnualPlan.objects.get(year=today.year).content == "第一轮巡察单位一、单位二"
    assert Event.objects.filter(action="annual_plan.saved").count() == 1
    refused = office.post(
        "/planning/coverage/", {"form": "plan", "year": today.year + 4, "content": "越界"}, follow=True
    ).content.decode()
    assert "不在第十四届" in refused
    auditor_page = _client(jdz.auditor).get("/planning/coverage/").content.decode()
    assert "第一轮巡察单位一、单位二" in auditor_page and "保存年度计划" not in auditor_page
