"""The pages: the round page ends a round (or says which inspections block it) and shows the hearing obligation; the
inspection page withdraws an inspection that never started; planning a busy target and entering with a short period
show the Chinese refusals."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client
from django.utils import timezone

from xuncha.conftest import Side, put_reporting
from xuncha.inspections.services import inspection_prepare
from xuncha.planning.models import Round
from xuncha.planning.services import round_create, team_create

D = datetime.date


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_round_page_lists_what_blocks_the_end_and_refuses_it(jdz: Side) -> None:
    put_reporting(jdz)
    office = _client(jdz.office_head)
    url = f"/planning/rounds/{jdz.inspection.round_id}/"
    html = office.get(url).content.decode()
    blocking = html.split('data-testid="round-blocking"')[1].split("</div>")[0]
    assert "jdz单位二" in blocking and "已计划" in blocking and "jdz单位一" not in blocking
    assert 'data-testid="round-end-form"' in html
    refused = office.post(url, {"form": "end", "ended_on": "2026-04-30"}, follow=True).content.decode()
    assert "还有1个巡察尚未结束了解工作：第2巡察组jdz单位二（已计划）" in refused
    assert Round.objects.get(pk=jdz.inspection.round_id).ends_on is None


def test_the_office_ends_the_round_on_its_page_and_sees_the_hearing_obligation(jdz: Side) -> None:
    put_reporting(jdz)
    put_reporting(jdz, jdz.other_inspection)
    office = _client(jdz.office_clerk)
    url = f"/planning/rounds/{jdz.inspection.round_id}/"
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    assert "结束日期不能晚于今天" in office.post(url, {"form": "end", "ended_on": future}, follow=True).content.decode()
    done = office.post(url, {"form": "end", "ended_on": "2026-04-30"}, follow=True).content.decode()
    assert "2026年第1轮已于 2026-04-30 结束" in done
    assert 'data-testid="round-ended-on">2026-04-30<' in done and 'data-testid="round-end-form"' not in done
    table = done.split('data-testid="round-obligations"')[1].split("</table>")[0]
    assert "领导小组听取巡察情况汇报" in table and "第三十一条" in table and "2026-05-25 前" in table


def test_only_the_office_is_offered_the_end_form(jdz: Side) -> None:
    url = f"/planning/rounds/{jdz.inspection.round_id}/"
    html = _client(jdz.leader).get(url).content.decode()
    assert 'data-testid="round-end-form"' not in html
    _client(jdz.leader).post(url, {"form": "end", "ended_on": "2026-04-30"})
    assert Round.objects.get(pk=jdz.inspection.round_id).ends_on is None


def test_the_office_withdraws_an_inspection_on_its_page(jdz: Side) -> None:
    url = f"/inspections/{jdz.other_inspection.pk}/"
    assert 'data-testid="withdraw-form"' not in _client(jdz.leader).get(url).content.decode()
    office = _client(jdz.office_head)
    assert 'data-testid="withdraw-form"' in office.get(url).content.decode()
    stage = f"/inspections/{jdz.other_inspection.pk}/stage/withdraw/"
    empty = office.post(stage, {"withdrawn_on": "2026-04-20", "reason": ""}, follow=True).content.decode()
    assert "请填写撤出（取消）理由" in empty
    done = office.post(stage, {"withdrawn_on": "2026-04-20", "reason": "本轮撤出，另行安排"}, follow=True)
    html = done.content.decode()
    assert 'data-testid="stage-name">撤出本轮/取消<' in html
    assert "2026-04-20 撤出本轮/取消，理由：本轮撤出，另行安排" in html
    assert 'data-testid="withdraw-form"' not in html
    # The leader of the team may not withdraw even by posting.
    refused = _client(jdz.leader).post(
        f"/inspections/{jdz.inspection.pk}/stage/withdraw/", {"withdrawn_on": "2026-04-20", "reason": "x"}, follow=True
    )
    assert "撤出或取消巡察" in refused.content.decode()
    round_page = office.get(f"/planning/rounds/{jdz.inspection.round_id}/").content.decode()
    assert "本轮撤出，另行安排" in round_page


def test_planning_a_busy_target_on_the_round_page_says_where_it_is_open(jdz: Side) -> None:
    later = round_create(
        actor=jdz.office_head, jurisdiction=jdz.jurisdiction, year=2026, number=2, starts_on=D(2026, 9, 1)
    )
    team = team_create(actor=jdz.office_head, round=later, number=1)
    page = _client(jdz.office_head).post(
        f"/planning/rounds/{later.pk}/",
        {"form": "inspection", "team": team.pk, "target": jdz.inspection.target_id, "kind": "regular"},
        follow=True,
    )
    assert "jdz单位一 已在2026年第1轮由第1巡察组巡察，目前处于“已计划”阶段" in page.content.decode()
    assert not later.inspections.exists()


def test_a_member_cannot_create_a_team_on_the_round_page(jdz: Side) -> None:
    url = f"/planning/rounds/{jdz.inspection.round_id}/"
    _client(jdz.member).post(url, {"form": "team", "number": 5})
    assert jdz.inspection.round.teams.count() == 2


def test_entry_with_a_short_period_is_refused_on_the_inspection_page(jdz: Side) -> None:
    inspection_prepare(actor=jdz.office_head, inspection=jdz.inspection, on=D(2026, 3, 2))
    office = _client(jdz.office_head)
    form = office.get(f"/inspections/{jdz.inspection.pk}/").content.decode().split('data-testid="enter-form"')[1]
    assert 'name="shortened_basis"' in form.split("</form>")[0] and "第十六条" in form.split("</form>")[0]
    entry = {
        "entered_on": "2026-03-16",
        "principal_notified_on": "2026-03-16",
        "contact_phone": "0798-1",
        "contact_mailbox": "信箱",
        "contact_address": "地址",
        "planned_end": "2026-03-27",
    }
    stage = f"/inspections/{jdz.inspection.pk}/stage/enter/"
    refused = office.post(stage, entry, follow=True).content.decode()
    assert "在驻 10 个工作日，少于20个工作日（第十六条" in refused
    warned = office.post(stage, entry | {"planned_end": "2027-01-15"}, follow=True).content.decode()
    assert "2027 年的节假日安排尚未录入" in warned and 'data-testid="stage-name">进驻了解<' in warned
