"""A citizen on a phone reports anonymously, keeps the receipt code, and comes back: the team (after taking the report
into the register the next day) has asked a question; the citizen reads it and answers.

Browser fixtures: xuncha/core/tests/browser_fixtures.py."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from xuncha.reporting import services
from xuncha.reporting.models import PublicMessage, PublicReport

from .helpers import age, open_channel

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def test_a_citizen_reports_from_a_phone_and_answers_the_team(
    live_server: Any, page: Page, js_errors: list[str], jdz: Any, settings: Any, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path
    channel = open_channel(jdz)
    page.set_viewport_size({"width": 390, "height": 844})
    cookies_set: list[str] = []

    def _watch(response: Any) -> None:
        if "/p/" in response.url and "set-cookie" in response.headers:
            cookies_set.append(response.url)

    page.on("response", _watch)
    page.goto(f"{live_server.url}/p/r/{channel.token}/")
    expect(page.get_by_test_id("anonymity-notice")).to_contain_text("回执码遗失无法找回")
    expect(page.get_by_label("问题类别（可不选）")).to_have_value("")
    page.get_by_label("反映内容（必填）").fill("某局在办公楼维修中把工程交给局长亲属的公司。")
    page.get_by_label("被反映人或事项").fill("某局局长")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "reporting-form-phone.png"), full_page=True)
    page.get_by_test_id("submit-report").click()
    code = page.get_by_test_id("receipt-code")
    expect(code).to_be_visible()
    expect(page.get_by_text("请抄写或截图保存")).to_be_visible()
    typed = code.inner_text()
    assert len(typed.replace(" ", "")) == 20
    page.screenshot(path=str(ARTIFACTS / "reporting-receipt-phone.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page overflows the phone's width: {width}px"

    report = PublicReport.objects.get()
    assert report.name == "" and report.content.startswith("某局")
    age(report)  # the next day: the team takes it into the register and asks
    [petition] = services.public_reports_intake(actor=jdz.member, inspection=jdz.inspection)
    services.public_question_ask(actor=jdz.member, report=report, body="请问是哪一年的维修工程？")

    page.goto(f"{live_server.url}/p/r/{channel.token}/")
    page.get_by_test_id("return-link").click()
    page.get_by_label("回执码（20位数字）").fill(typed)
    page.get_by_role("button", name="查看").click()
    expect(page.get_by_test_id("report-status")).to_contain_text(f"已登记为第{petition.number}号网上来信")
    expect(page.get_by_test_id("team-question")).to_contain_text("请问是哪一年的维修工程？")
    assert typed.replace(" ", "") not in page.url
    page.get_by_label("答复或补充").fill("是前年夏天的工程。")
    page.get_by_test_id("send-reply").click()
    expect(page.get_by_test_id("reply-saved")).to_be_visible()
    expect(page.get_by_test_id("my-reply")).to_contain_text("是前年夏天的工程。")
    page.screenshot(path=str(ARTIFACTS / "reporting-thread-phone.png"), full_page=True)
    assert PublicMessage.objects.filter(report=report, from_team=False).get().body == "是前年夏天的工程。"
    assert cookies_set == []  # the public pages set no cookie (no session, no CSRF token)
    assert not js_errors
