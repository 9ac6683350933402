"""The 《巡察反馈材料签收单》 in Chromium: after the feedback, the team leader, the unit's contact (the principal
leader's line, its name prefilled from the registry) and the office head each sign their own line through the form
they alone are offered; the receipt is then signed on the latest date, and printing shows the three lines and
“一式三份” without navigation or forms.

Run against pytest-django's live_server (so a transactional test database; the `jdz` fixture's `db` request is
upgraded to it). Browser fixtures: conftest.py here."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from xuncha.conftest import put_decided, put_feedback_given
from xuncha.feedback.models import ReceiptSignature
from xuncha.obligations.models import Obligation
from xuncha.registry.services import cadre_create, post_create

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


def _sign(page: Page, role: str, on: str) -> None:
    form = page.get_by_test_id(f"sign-{role}")
    form.get_by_label("签字日期").fill(on)
    form.get_by_role("button", name="登记签字").click()


def test_three_people_sign_their_own_lines_and_the_receipt_prints(
    live_server: Any, page: Page, js_errors: list[str], jdz: Any
) -> None:
    put_decided(jdz)
    put_feedback_given(jdz, given_on=datetime.date(2026, 9, 7))
    cadre = cadre_create(actor=jdz.office_head, jurisdiction=jdz.jurisdiction, code="JD-9001", name="黄志明")
    post_create(
        actor=jdz.office_head,
        cadre=cadre,
        organization=jdz.inspection.target,
        title="书记",
        started_on=datetime.date(2024, 1, 1),
        is_leadership=True,
        is_principal=True,
    )
    receipt = f"{live_server.url}/feedback/inspection/{jdz.inspection.pk}/receipt/"

    _log_in(page, live_server.url, "jdz_leader")
    page.goto(f"{live_server.url}/inspections/{jdz.inspection.pk}/")
    page.get_by_test_id("feedback-links").get_by_role("link", name="《巡察反馈材料签收单》").click()
    expect(page).to_have_url(receipt)
    expect(page.locator("form[data-testid^='sign-']")).to_have_count(1)
    _sign(page, "team_leader", "2026-09-08")
    expect(page.get_by_role("alert")).to_contain_text("已登记 jdzleader 的签字")
    copies = page.get_by_test_id("receipt-copy")
    expect(copies).to_have_count(3)  # 一式三份 (第三十四条), each copy with the three lines
    expect(copies.first.get_by_test_id("line-team_leader")).to_contain_text("2026年9月8日")

    _log_in(page, live_server.url, "jdz_unit_contact")
    page.goto(receipt)
    principal = page.get_by_test_id("sign-unit_principal_leader")
    expect(principal.get_by_label("签字人姓名")).to_have_value("黄志明")
    expect(page.locator("form[data-testid^='sign-']")).to_have_count(1)
    _sign(page, "unit_principal_leader", "2026-09-08")

    _log_in(page, live_server.url, "jdz_office_head")
    page.goto(receipt)
    _sign(page, "office_head", "2026-09-09")
    # The unit signed for the feedback on 09-08 (自签收反馈意见之日起); the office head's 09-09 does not move the clock.
    expect(page.get_by_role("alert")).to_contain_text("被巡察单位已于 2026-09-08 签收反馈意见；签收单各方均已签字")
    expect(page.get_by_test_id("receipt-signed").first).to_contain_text("2026-09-08")
    expect(page.locator("form[data-testid^='sign-']")).to_have_count(0)
    assert [s.name for s in ReceiptSignature.objects.order_by("pk")] == ["jdzleader", "黄志明", "jdzoffice_head"]
    assert Obligation.objects.get(rule_code="rectification_plan").starts_on == datetime.date(2026, 9, 8)

    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(page.get_by_role("button", name="打印")).to_be_hidden()
    holders = ("市委巡察组留存", "被巡察单位党委（党组）留存", "市委巡察办留存")
    for n, holder in enumerate(holders):
        copy = page.get_by_test_id("receipt-copy").nth(n)
        expect(copy.get_by_test_id("copy-holder")).to_contain_text(holder)
        for role, name in (
            ("team_leader", "jdzleader"),
            ("unit_principal_leader", "黄志明"),
            ("office_head", "jdzoffice_head"),
        ):
            expect(copy.get_by_test_id(f"line-{role}")).to_be_visible()
            expect(copy.get_by_test_id(f"line-{role}")).to_contain_text(name)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "feedback-receipt-print.png"), full_page=True)
    assert js_errors == []
