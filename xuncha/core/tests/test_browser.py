"""What a person sees in Chromium: logging in, the dashboard, the deadline calculator.

Run against pytest-django's live_server (so a transactional test database; the
`jdz` fixture's `db` request is upgraded to it). Browser fixtures: conftest.py here."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from xuncha.conftest import put_decided, put_feedback_given, put_receipt_signed
from xuncha.inspections.models import Inspection
from xuncha.obligations.models import Obligation

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

PASSWORD = "pw-test-123"
FEEDBACK_ON = datetime.date(2026, 9, 7)
SIGNED_ON = datetime.date(2026, 9, 8)
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
GROUPS = ["overdue", "due_soon", "open", "fulfilled"]


def _feedback_and_receipt(side: Any, *inspections: Inspection) -> None:
    """The round decided, then for each inspection both feedback sessions and the receipt's three signatures."""
    put_decided(side)
    for inspection in inspections:
        put_feedback_given(side, inspection, given_on=FEEDBACK_ON)
        put_receipt_signed(side, inspection, signed_on=SIGNED_ON)


def _log_in(page: Page, base_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def _obligation_rows(page: Page, key: str = "") -> Locator:
    """Rows of the obligation tables (all four, or the one for `key`) that hold an
    obligation, not the “无” row."""
    table = f"table[data-testid='obligations-{key}']" if key else "table[data-testid^='obligations-']"
    return page.locator(f"{table} tbody tr").filter(has=page.locator("td:nth-child(2)"))


def test_office_head_logs_in_and_sees_the_rectification_plan_deadline(
    live_server: Any, page: Page, js_errors: list[str], jdz: Any
) -> None:
    _feedback_and_receipt(jdz, jdz.inspection)
    rule = jdz.jurisdiction.rulebook.deadline("rectification_plan")

    _log_in(page, live_server.url, "jdz_office_head")

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="工作台", exact=True)).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_have_text(str(jdz.office_head))
    # Each count card says how many rows its table lists.
    for key in GROUPS:
        card = page.get_by_test_id(f"count-{key}")
        expect(card).to_be_visible()
        assert card.inner_text().strip() == str(_obligation_rows(page, key).count()), key

    row = _obligation_rows(page).filter(
        has=page.locator("td:first-child", has_text=re.compile(rf"^{re.escape(rule.name)}$"))
    )
    expect(row).to_have_count(1)
    cells = row.locator("td")
    expect(cells.nth(1)).to_contain_text("jdz单位一")
    expect(cells.nth(4)).to_have_text("2026-09-08")
    expect(cells.nth(5)).to_have_text(re.compile(r"^2026-09-21"))
    expect(cells.nth(6)).to_contain_text(rule.article)
    assert rule.article == "第三十四条"
    if timezone.localdate() > datetime.date(2026, 9, 21):
        expect(_obligation_rows(page, "overdue").filter(has_text=rule.name)).to_have_count(1)
        assert int(page.get_by_test_id("count-overdue").inner_text()) >= 1

    # ECharts drew the pie into the chart div.
    expect(page.locator("#obligation-chart canvas")).to_have_count(1)
    assert page.locator("#obligation-chart canvas").bounding_box()["width"] > 100  # type: ignore[index]
    assert js_errors == []


def test_calendar_computes_a_deadline_in_place_and_refuses_an_unentered_year(
    live_server: Any, page: Page, js_errors: list[str], jdz: Any
) -> None:
    _log_in(page, live_server.url, "jdz_office_head")
    expect(page.get_by_role("heading", name="工作台", exact=True)).to_be_visible()
    page.get_by_role("link", name="工作日历").click()
    expect(page).to_have_url(f"{live_server.url}/workdays/")
    expect(page.get_by_role("heading", name="工作日历与期限计算")).to_be_visible()

    page.evaluate("window.__noReload = 'still here'")
    page.get_by_label("起算日").fill("2026-09-30")
    page.get_by_label("数量").fill("5")
    page.get_by_label("单位").select_option(label="个工作日")
    page.get_by_role("button", name="计算截止日").click()

    # 10-01..10-07 National Day; 10-08 (1), 10-09 (2), Saturday 10-10 is a make-up
    # working day (3), 10-12 (4), 10-13 (5).
    expect(page.get_by_test_id("due-date")).to_have_text("2026-10-13")
    expect(page.get_by_test_id("result")).to_contain_text("星期二")
    assert page.evaluate("window.__noReload") == "still here"
    expect(page).to_have_url(f"{live_server.url}/workdays/")

    page.get_by_label("起算日").fill("2026-12-20")
    page.get_by_label("数量").fill("10")
    page.get_by_role("button", name="计算截止日").click()

    refusal = page.get_by_test_id("result").get_by_role("alert")
    expect(refusal).to_contain_text("2027 年的法定节假日和调休安排尚未录入")
    expect(refusal).to_contain_text("录入 2027 年的放假日期和调休上班日期")
    expect(refusal).to_contain_text("/workdays/years/")
    expect(page.get_by_test_id("due-date")).to_have_count(0)
    assert page.evaluate("window.__noReload") == "still here"
    assert js_errors == []


def test_a_wrong_password_is_refused(live_server: Any, page: Page, jdz: Any) -> None:
    _log_in(page, live_server.url, "jdz_office_head", password="not-the-password")

    expect(page.get_by_role("alert")).to_have_text("用户名或密码不正确。")
    expect(page).to_have_url(f"{live_server.url}/login/")
    expect(page.get_by_role("heading", name="工作台")).to_have_count(0)
    expect(page.get_by_test_id("current-user")).to_have_count(0)


def test_unit_contact_sees_only_its_own_units_obligations(
    live_server: Any, page: Page, js_errors: list[str], jdz: Any
) -> None:
    _feedback_and_receipt(jdz, jdz.inspection, jdz.other_inspection)
    own = Obligation.objects.filter(inspection=jdz.inspection, responsible="inspected_unit")
    # Both units now have obligations, so seeing only unit one's is the filter at work.
    assert own.exists()
    assert Obligation.objects.filter(inspection=jdz.other_inspection, responsible="inspected_unit").exists()

    _log_in(page, live_server.url, "jdz_unit_contact")
    expect(page.get_by_role("heading", name="工作台", exact=True)).to_be_visible()
    expect(page.get_by_test_id("my-roles")).to_contain_text("jdz单位一")

    rows = _obligation_rows(page)
    expect(rows).to_have_count(own.count())
    subjects = rows.locator("td:nth-child(2)").all_inner_texts()
    assert all("jdz单位一" in s for s in subjects), subjects
    assert not any("jdz单位二" in s for s in subjects), subjects
    assert sorted(rows.locator("td:first-child").all_inner_texts()) == sorted(own.values_list("title", flat=True))
    expect(page.get_by_text("jdz单位二")).to_have_count(0)
    assert js_errors == []


def test_dashboard_screenshot(live_server: Any, page: Page, js_errors: list[str], jdz: Any) -> None:
    _feedback_and_receipt(jdz, jdz.inspection)
    _log_in(page, live_server.url, "jdz_office_head")
    expect(page.get_by_role("heading", name="工作台", exact=True)).to_be_visible()
    expect(page.locator("#obligation-chart canvas")).to_have_count(1)
    page.wait_for_timeout(1200)  # let the pie's opening animation (1 s) finish

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "dashboard.png"
    shot.unlink(missing_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    # Nothing overflows the 1366 px viewport sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert js_errors == []


def test_the_office_heads_navigation_stays_on_one_row_at_1366(live_server: Any, page: Page, jdz: Any) -> None:
    """The office head has the most entries (accounts, events, Excel …); none may wrap onto a second line."""
    page.set_viewport_size({"width": 1366, "height": 768})
    _log_in(page, live_server.url, jdz.office_head.username)
    nav = page.get_by_role("navigation")
    expect(nav.get_by_role("link", name="账号与角色")).to_be_visible()
    box = nav.bounding_box()
    assert box is not None and box["height"] < 70, box  # one row of links is about 56 px high
    for link in nav.get_by_role("link").all():
        link_box = link.bounding_box()
        assert link_box is not None and link_box["height"] < 45, (link.inner_text(), link_box)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "nav-office-head.png"))


def test_the_ring_chart_is_a_full_ring_with_labels(
    live_server: Any, page: Page, js_errors: list[str], jdz: Any
) -> None:
    """The ring keeps its size beside the roles list and draws each group's name and count."""
    _feedback_and_receipt(jdz, jdz.inspection)
    page.set_viewport_size({"width": 1366, "height": 900})
    _log_in(page, live_server.url, "jdz_office_head")
    canvas = page.locator("#obligation-chart canvas")
    expect(canvas).to_have_count(1)
    box = canvas.bounding_box()
    assert box is not None and box["width"] >= 400 and box["height"] >= 200, box
    option = page.evaluate(
        "() => { const o = echarts.getInstanceByDom(document.getElementById('obligation-chart')).getOption();"
        " const s = o.series[0]; return {label: s.label.show, radius: s.radius, names: s.data.map(d => d.name)}; }"
    )
    assert option["label"] is True and option["radius"] == ["42%", "68%"], option
    assert option["names"] and "未到期" in option["names"], option
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("[data-testid='obligation-ring']").screenshot(path=str(ARTIFACTS / "dashboard-ring.png"))
    assert js_errors == []


def test_the_month_view_paints_holidays_and_makeup_days(live_server: Any, page: Page, jdz: Any) -> None:
    _log_in(page, live_server.url, "jdz_office_head")
    expect(page.get_by_role("heading", name="工作台", exact=True)).to_be_visible()
    page.goto(f"{live_server.url}/workdays/?y=2026&m=2")
    colour = "el => getComputedStyle(el).backgroundColor"
    holiday = page.get_by_test_id("day-2026-02-17").evaluate(colour)
    makeup = page.get_by_test_id("day-2026-02-14").evaluate(colour)
    work = page.get_by_test_id("day-2026-02-10").evaluate(colour)
    assert len({holiday, makeup, work}) == 3, (holiday, makeup, work)
    assert holiday == "rgb(248, 215, 218)" and makeup == "rgb(207, 226, 255)"
    expect(page.get_by_test_id("day-2026-02-14")).to_contain_text("班")
    page.get_by_test_id("next-month").click()
    expect(page.get_by_test_id("month-title")).to_have_text("2026年3月")
    expect(page.get_by_test_id("result").get_by_role("alert")).to_have_count(0)
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{live_server.url}/workdays/?y=2026&m=2")
    page.get_by_test_id("month-grid").screenshot(path=str(ARTIFACTS / "calendar-month.png"))
