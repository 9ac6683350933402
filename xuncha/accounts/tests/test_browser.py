"""In Chromium: the office head creates an account (the password shown once), grants a unit's contact role with the
unit picked by search; that person logs in with the password and sees only that unit."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from xuncha.accounts.models import Membership, User
from xuncha.conftest import put_in_rectification

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def _log_in(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台", exact=True)).to_be_visible()


def test_office_head_creates_a_units_contact_who_then_sees_only_that_unit(
    live_server: Any, page: Page, js_errors: list[str], jdz: Any
) -> None:
    put_in_rectification(jdz)  # both units inspected; unit one fed back and in rectification
    base = live_server.url
    _log_in(page, base, "jdz_office_head", "pw-test-123")
    page.get_by_role("navigation").get_by_role("link", name="账号与角色").click()
    expect(page).to_have_url(f"{base}/accounts/")
    page.get_by_test_id("new-account").click()
    page.get_by_label("用户名").fill("jdz_new_contact")
    page.get_by_label("姓名").fill("郑新岚")
    page.get_by_role("button", name="保存").click()

    # The password is shown this once.
    expect(page.get_by_role("heading", level=1)).to_have_text("建立账号：jdz_new_contact")
    password = page.get_by_test_id("password").inner_text().strip()
    assert len(password) == 19
    page.get_by_role("link", name="我已记下，继续").click()

    # Grant 被巡察单位联系人 for jdz单位一, found by typing part of its name.
    account = User.objects.get(username="jdz_new_contact")
    expect(page).to_have_url(f"{base}/accounts/{account.pk}/")
    grant = page.get_by_test_id("grant-form")
    grant.get_by_label("角色（景德镇市委）").select_option(label="被巡察单位联系人")
    grant.get_by_label("所在单位").fill("单位一")
    choice = page.get_by_test_id("org-results").get_by_label("jdz单位一")
    expect(choice).to_be_visible()
    expect(page.get_by_test_id("org-results").get_by_label("jdz单位二")).to_have_count(0)
    choice.check()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "accounts-grant.png"), full_page=True)
    grant.get_by_role("button", name="授予").click()
    expect(page.get_by_role("alert").filter(has_text="已授予郑新岚“被巡察单位联系人”（jdz单位一）")).to_be_visible()
    expect(page.get_by_test_id("memberships")).to_contain_text("jdz单位一")
    assert Membership.objects.get(user=account, active=True).organization == jdz.inspection.target
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path=str(ARTIFACTS / "accounts-detail.png"), full_page=True)
    page.get_by_role("button", name="退出").click()

    # The new contact logs in and sees only unit one: in the portal and in the list of inspections.
    _log_in(page, base, "jdz_new_contact", password)
    nav = page.get_by_role("navigation")
    expect(nav.get_by_role("link", name="账号与角色")).to_have_count(0)
    nav.get_by_test_id("nav-portal").click()
    portal = page.get_by_test_id("portal-inspections")
    expect(portal).to_contain_text("jdz单位一")
    expect(page.get_by_text("jdz单位二")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "accounts-new-contact-portal.png"), full_page=True)
    nav.get_by_role("link", name="巡察", exact=True).click()
    rows = page.get_by_test_id("inspections").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("jdz单位一")
    expect(page.get_by_text("jdz单位二")).to_have_count(0)
    assert js_errors == []
