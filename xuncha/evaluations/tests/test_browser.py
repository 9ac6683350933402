"""A participant answers on a phone (390×844) from the slip's QR address, `#code` and all; then the team closes the
evaluation and reads the results, tables and ECharts bars.

Browser fixtures: xuncha/core/tests/browser_fixtures.py."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from xuncha.clues.tests.test_transfer_browser import _log_in
from xuncha.evaluations import services
from xuncha.evaluations.models import Ballot

from .helpers import group, opened, submit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def test_a_participant_answers_on_a_phone(live_server: Any, browser: Browser, page: Page, jdz: Any) -> None:
    cache.clear()
    ARTIFACTS.mkdir(exist_ok=True)
    e = opened(jdz, template="leader_evaluation", groups=(("中层干部", 10),))
    codes = services.slips_issue(actor=jdz.member, group=group(e, "中层干部"), count=6)
    for code in codes[1:]:
        submit(e, code, "fairly_good")
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    p = phone.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    cookies: list[str] = []  # Set-Cookie on the evaluation's pages (the browser's /favicon.ico 404 is not one)
    p.on("response", lambda r: cookies.append(r.url) if "/p/e/" in r.url and r.header_value("set-cookie") else None)
    p.goto(f"{live_server.url}/p/e/{e.token}/#{codes[0]}")  # what the QR code holds
    expect(p.get_by_label("测评码")).to_have_value(" ".join(codes[0][i : i + 4] for i in range(0, 16, 4)))
    assert "#" not in p.url  # the code does not stay in the address bar
    p.screenshot(path=str(ARTIFACTS / "evaluation-phone-code.png"))
    p.get_by_role("button", name="下一步").click()
    expect(p.get_by_text("张某")).to_be_visible()
    for label in p.locator("fieldset").all():
        label.get_by_text("好", exact=True).click()
    width = p.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the form overflows the phone: {width}px"
    p.screenshot(path=str(ARTIFACTS / "evaluation-phone-form.png"), full_page=True)
    p.get_by_test_id("submit").click()
    expect(p.get_by_text("已提交，感谢参与")).to_be_visible()
    p.screenshot(path=str(ARTIFACTS / "evaluation-phone-done.png"))
    assert not errors and not cookies
    assert Ballot.objects.filter(evaluation=e).count() == 6
    phone.close()

    services.evaluation_close(actor=jdz.member, evaluation=e)
    team_errors: list[str] = []
    page.on("pageerror", lambda exc: team_errors.append(str(exc)))
    page.on("console", lambda m: team_errors.append(m.text) if m.type == "error" else None)
    _log_in(page, live_server.url, jdz.leader.username)
    page.goto(f"{live_server.url}/evaluations/{e.pk}/")
    expect(page.get_by_test_id("results-p1")).to_contain_text("好评率")
    page.screenshot(path=str(ARTIFACTS / "evaluation-results.png"), full_page=True)
    assert not team_errors, team_errors
    expect(page.locator(".eval-chart canvas").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "evaluation-results.png"), full_page=True)
