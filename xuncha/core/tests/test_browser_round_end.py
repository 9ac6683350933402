"""Ending a round in Chromium: the office head opens the round, sees which inspection still blocks its end, withdraws
that inspection (it never started) with a reason on its page, ends the round with the real-world date, and the
leading group's hearing (JDZ-2017 第三十一条, 15 working days) appears on the round page and on the dashboard.

Run against pytest-django's live_server (so a transactional test database; the `jdz` fixture's `db` request is
upgraded to it). Browser fixtures: conftest.py here."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from xuncha.conftest import put_reporting
from xuncha.obligations.models import Obligation
from xuncha.planning.models import Round

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PASSWORD = "pw-test-123"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def test_the_office_withdraws_an_unstarted_inspection_ends_the_round_and_sees_the_hearing_due(
    live_server: Any, page: Page, js_errors: list[str], jdz: Any
) -> None:
    put_reporting(jdz, ended_on=datetime.date(2026, 11, 27))  # team 1's fieldwork ended; team 2 never started
    rnd = jdz.inspection.round
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("jdz_office_head")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("current-user")).to_be_visible()

    page.get_by_role("navigation").get_by_role("link", name="轮次与组").click()
    page.get_by_test_id("rounds").get_by_role("link", name=str(rnd)).click()
    expect(page).to_have_url(f"{live_server.url}/planning/rounds/{rnd.pk}/")
    blocking = page.get_by_test_id("round-blocking")
    expect(blocking).to_contain_text("第2巡察组 jdz单位二（已计划）")

    # Ending now is refused, naming the inspection and its stage.
    end = page.get_by_test_id("round-end-form")
    end.get_by_label("结束日期").fill("2026-11-30")
    end.get_by_role("button", name="结束本轮").click()
    expect(page.get_by_role("alert").filter(has_text="尚未结束了解工作")).to_contain_text(
        "第2巡察组jdz单位二（已计划）"
    )

    # Withdraw it on its own page, with the reason.
    blocking.get_by_role("link", name="jdz单位二").click()
    expect(page).to_have_url(f"{live_server.url}/inspections/{jdz.other_inspection.pk}/")
    page.get_by_test_id("withdraw").locator("summary").click()
    form = page.get_by_test_id("withdraw-form")
    form.get_by_label("撤出（取消）日期").fill("2026-11-20")
    form.get_by_label("理由").fill("第二组未能配齐人员，本轮撤出，另行安排")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "inspection-withdraw.png"))
    form.get_by_role("button", name="撤出本轮/取消").click()
    expect(page.get_by_test_id("stage-name")).to_have_text("撤出本轮/取消")
    expect(page.get_by_test_id("withdrawal")).to_contain_text("理由：第二组未能配齐人员，本轮撤出，另行安排")

    # Back on the round: nothing blocks; end it.
    page.goto(f"{live_server.url}/planning/rounds/{rnd.pk}/")
    expect(page.get_by_test_id("round-blocking")).to_have_count(0)
    expect(page.get_by_test_id(f"stage-{jdz.other_inspection.pk}")).to_have_text("撤出本轮/取消")
    end = page.get_by_test_id("round-end-form")
    end.get_by_label("结束日期").fill("2026-11-30")
    end.get_by_role("button", name="结束本轮").click()
    expect(page.get_by_role("alert").filter(has_text="已于 2026-11-30 结束")).to_be_visible()
    expect(page.get_by_test_id("round-ended-on")).to_have_text("2026-11-30")
    obligations = page.get_by_test_id("round-obligations")
    # 15 working days from 2026-11-30: 12-01..04 (4), 12-07..11 (9), 12-14..18 (14), 12-21 (15).
    hearing = obligations.locator("tr", has_text="领导小组听取巡察情况汇报")
    expect(hearing).to_contain_text("第三十一条")
    expect(hearing).to_contain_text("2026-12-21 前")
    expect(hearing).to_contain_text("待办")
    expect(page.get_by_test_id("round-end-form")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "round-ended.png"), full_page=True)

    # The dashboard shows the hearing as work waiting.
    page.goto(f"{live_server.url}/")
    expect(
        page.locator("table[data-testid^='obligations-']").locator("tr", has_text="领导小组听取巡察情况汇报")
    ).to_contain_text("2026-12-21")
    page.screenshot(path=str(ARTIFACTS / "round-ended-dashboard.png"), full_page=True)

    assert Round.objects.get(pk=rnd.pk).ends_on == datetime.date(2026, 11, 30)
    ob = Obligation.objects.get(rule_code="hearing")
    assert (ob.status, ob.due_on) == ("open", datetime.date(2026, 12, 21))
    assert js_errors == []
