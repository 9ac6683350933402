"""A team leader's work queue in Chromium: the unit's rectification report waits for the team's review (JDZ-2017
第三十四条), the navigation bar counts it, and the item opens the page where the review is done.

Run against pytest-django's live_server; browser fixtures: xuncha/core/tests/browser_fixtures.py."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from xuncha.rectification.tests.helpers import in_rectification, submit_plan, submit_reports

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def test_team_leader_opens_the_report_waiting_for_review_from_the_queue(
    live_server: Any, page: Page, js_errors: list[str], jdz: Any
) -> None:
    problems = in_rectification(jdz)
    submit_plan(jdz, problems)
    report = submit_reports(jdz)

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("jdz_leader")
    page.get_by_label("密码").fill("pw-test-123")
    page.get_by_role("button", name="登录").click()

    queue = page.get_by_test_id("my-queue")
    expect(queue.get_by_role("heading", name="我的待办")).to_be_visible()
    item = queue.locator("[data-testid='queue-item'][data-kind='rectification_report.team_review']")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("jdz单位一")
    expect(item).to_contain_text("第1次报送")
    expect(item).to_contain_text(f"{report.submitted_on:%Y-%m-%d}")
    expect(item).to_contain_text("第三十四条")
    count = int(page.get_by_test_id("queue-count").inner_text())
    assert count >= 1
    expect(page.get_by_test_id("nav-queue-count")).to_have_text(str(count))

    page.wait_for_timeout(1200)  # the pie's opening animation
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "dashboard-work-queue.png"
    shot.unlink(missing_ok=True)
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 20_000
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366

    item.get_by_test_id("queue-link").click()
    expect(page).to_have_url(f"{live_server.url}/rectification/{jdz.inspection.pk}/#review")
    form = page.get_by_test_id("review-form")
    expect(form).to_be_visible()
    form.get_by_label("审核通过").check()
    form.get_by_role("button").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    page.get_by_test_id("nav-queue").click()
    expect(page.locator("[data-kind='rectification_report.team_review']")).to_have_count(0)
    assert js_errors == []
