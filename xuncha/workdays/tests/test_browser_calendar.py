"""In Chromium: a December receipt leaves its deadlines “待录入2027年节假日安排后计算” on the office head's dashboard;
the system administrator previews and saves 2027; the office head then sees the computed dates."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from .helpers import HOLIDAYS_2027, WORKDAYS_2027, make_sysadmin
from .test_pending import TODAY, sign_in_december

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def _log_in(page: Page, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base_url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("pw-test-123")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台", exact=True)).to_be_visible()


def test_pending_deadlines_are_computed_when_the_administrator_enters_the_year(
    live_server: Any, page: Page, js_errors: list[str], jdz: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    sign_in_december(jdz)
    make_sysadmin(jdz)
    ARTIFACTS.mkdir(exist_ok=True)

    _log_in(page, live_server.url, "jdz_office_head")
    pending = page.get_by_test_id("obligations-open").get_by_test_id("due-pending")
    expect(pending).to_have_count(2)
    expect(pending.first).to_have_text("待录入2027年节假日安排后计算")
    expect(page.get_by_test_id("obligations-overdue").get_by_test_id("due-pending")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "calendar-pending-dashboard.png"), full_page=True)

    _log_in(page, live_server.url, "sysadmin")
    page.goto(f"{live_server.url}/workdays/years/")
    page.get_by_label("年份").fill("2027")
    page.get_by_label("依据").fill("（测试）国务院办公厅关于2027年部分节假日安排的通知")
    page.get_by_label("放假日期").fill(HOLIDAYS_2027)
    page.get_by_label("调休上班日期").fill(WORKDAYS_2027)
    page.get_by_role("button", name="预览").click()
    expect(page.get_by_test_id("preview-working-days")).to_have_text("248")
    expect(page.get_by_test_id("preview-computed")).to_have_text("2")
    rows = page.get_by_test_id("preview-changes").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("待录入2027年节假日安排后计算")
    expect(rows.first).to_contain_text("2027-01-05")
    page.screenshot(path=str(ARTIFACTS / "calendar-preview.png"), full_page=True)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text(
        "计算了 2 项待录入该年的期限"
    )

    _log_in(page, live_server.url, "jdz_office_head")
    expect(page.get_by_test_id("due-pending")).to_have_count(0)
    expect(page.get_by_test_id("obligations-open")).to_contain_text("2027-01-05")
    expect(page.get_by_test_id("obligations-open")).to_contain_text("2027-02-22")
    assert js_errors == []
