"""A report's steps carry their dates in Chromium: the drafting and finalizing forms offer a date input set to today;
the member drafts with an earlier date, submits it, and the leader's finalization dated before the submission is
refused with both dates named; dated correctly it is final on that date."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from xuncha.findings.tests.helpers import D
from xuncha.reports.models import Report
from xuncha.reports.tests.helpers import with_findings

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PASSWORD = "pw-test-123"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def _log_in(page: Page, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base_url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("current-user")).to_be_visible()


def test_a_report_is_drafted_and_finalized_on_the_dates_entered(
    live_server: Any, page: Page, js_errors: list[str], jdz: Any
) -> None:
    side = with_findings(jdz)
    base, today = live_server.url, str(timezone.localdate())
    _log_in(page, base, side.member.username)
    page.goto(f"{base}/reports/inspection/{side.inspection.pk}/")
    drafted = page.get_by_label("起草日期").first
    expect(drafted).to_have_value(today)
    drafted.fill("2026-05-18")
    page.get_by_role("button", name="起草").first.click()
    report = Report.objects.get(inspection=side.inspection, type="inspection_report")
    assert report.drafted_on == D(2026, 5, 18)
    page.get_by_label("提交审核日期").fill("2026-05-19")
    page.get_by_role("button", name="提交审核").click()

    _log_in(page, base, side.leader.username)
    page.goto(f"{base}/reports/{report.pk}/")
    expect(page.get_by_label("定稿日期")).to_have_value(today)
    page.get_by_label("定稿日期").fill("2026-05-18")
    page.get_by_role("button", name="组长定稿").click()
    expect(page.get_by_text("定稿日期不能早于 2026-05-19")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-dates.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.get_by_label("定稿日期").fill("2026-05-20")
    page.get_by_role("button", name="组长定稿").click()
    expect(page.get_by_test_id("status")).to_have_text("定稿")
    report.refresh_from_db()
    assert report.finalized_on == D(2026, 5, 20) and report.finalized_on < timezone.localdate() + datetime.timedelta(1)
    assert js_errors == []
