"""What the inspected unit's contact sees in Chromium: the portal, the plan deadline, the plan form, the plan recorded.

Run against pytest-django's live_server; browser fixtures: xuncha/core/tests/browser_fixtures.py."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from xuncha.obligations.models import Obligation

from .helpers import in_rectification

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_unit_contact_submits_the_plan_through_the_portal(
    live_server: Any, page: Page, js_errors: list[str], jdz: Any
) -> None:
    problems = in_rectification(jdz, "违规发放津贴补贴", "公务用车管理不严")
    deadline = Obligation.objects.get(inspection=jdz.inspection, rule_code="rectification_plan")
    today = f"{timezone.localdate():%Y-%m-%d}"

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("jdz_unit_contact")
    page.get_by_label("密码").fill("pw-test-123")
    page.get_by_role("button", name="登录").click()
    page.get_by_test_id("nav-portal").click()
    page.get_by_role("link", name="jdz单位一").click()
    expect(page.get_by_role("heading", name="整改方案")).to_be_visible()

    row = page.get_by_test_id("obligations-rectification").locator("tr", has_text="上报整改方案")
    expect(row).to_contain_text(f"{deadline.due_on:%Y-%m-%d}")
    expect(row).to_contain_text("第三十四条")
    expect(row).not_to_contain_text("办结")
    for problem in problems:
        expect(page.get_by_test_id("problems")).to_contain_text(f"问题{problem.number} {problem.title}")

    page.get_by_label("整改方案", exact=True).fill("成立整改工作领导小组，主要负责人牵头，逐项整改。")
    for problem, (measures, person) in zip(
        problems, [("全部清退违规发放的津贴补贴", "张副局长"), ("修订公务用车管理办法", "李主任")], strict=True
    ):
        page.get_by_label(f"问题{problem.number}的整改措施").fill(measures)
        page.get_by_label(f"问题{problem.number}的责任人").fill(person)
        page.get_by_label(f"问题{problem.number}的完成时限").fill("2026-12-31")
    page.get_by_role("button", name="报送整改方案").click()

    expect(page.get_by_role("alert")).to_contain_text(f"已报送整改方案（{today}）")
    expect(page.get_by_test_id("plan")).to_contain_text(f"已于 {today} 报送整改方案")
    expect(page.get_by_test_id("plan-submitted-on")).to_have_text(today)
    expect(page.get_by_test_id("items")).to_contain_text("修订公务用车管理办法")
    expect(page.get_by_test_id("plan-form")).to_have_count(0)
    row = page.get_by_test_id("obligations-rectification").locator("tr", has_text="上报整改方案")
    expect(row).to_contain_text(f"已于 {today} 办结")
    deadline.refresh_from_db()
    assert deadline.status == "fulfilled"
    assert js_errors == []
