"""A three-party transfer and the receiver's handling report through the pages, in Chromium: the team's leader, the
office and the receiver sign the approved handover form; the transfer is complete on the receiver's signature; the
receiver reports its handling. A screenshot of the form is checked for Chinese glyphs (not tofu boxes).

Browser fixtures: xuncha/core/tests/browser_fixtures.py."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from xuncha.clues.models import Clue, Transfer
from xuncha.clues.services.disposal import clue_dispose
from xuncha.clues.services.transfers import transfer_approve, transfer_draft
from xuncha.conftest import put_decided

from .transfer_helpers import D, discipline_organ, make_clue, obligations

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def _log_in(page: Page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("pw-test-123")
    page.get_by_role("button", name="登录").click()


def _glyphs_render(page: Page) -> None:
    """Two strings of the same length in the same box: with a CJK font they differ pixel for pixel; as tofu (one
    missing-glyph box per character) they would be identical."""
    page.evaluate(
        """() => { for (const [id, text] of [['cjk-a', '移交材料交接单'], ['cjk-b', '办理情况反馈期']]) {
            const s = document.createElement('span'); s.id = id; s.textContent = text;
            s.style.cssText = 'font-size:32px;display:inline-block;background:#fff;color:#000';
            document.body.prepend(s); } }"""
    )
    a = page.locator("#cjk-a").screenshot()
    b = page.locator("#cjk-b").screenshot()
    assert a != b, "Chinese characters render as identical boxes: no CJK font"
    page.evaluate("() => { document.getElementById('cjk-a').remove(); document.getElementById('cjk-b').remove(); }")


def test_three_party_transfer_and_the_handling_report(live_server: Any, page: Page, js_errors: list[str], jdz: Any):
    clue = make_clue(jdz)
    put_decided(jdz)
    clue_dispose(actor=jdz.office_clerk, clue=clue, route="discipline", recorded_on=D(2026, 5, 21))
    transfer = transfer_draft(
        actor=jdz.office_clerk,
        inspection=jdz.inspection,
        receiver=discipline_organ(jdz),
        clues=[clue],
        drafted_on=D(2026, 5, 22),
    )
    transfer_approve(actor=jdz.office_clerk, transfer=transfer, approved_on=D(2026, 5, 25), approver="张某")
    today = timezone.localdate()
    url = f"{live_server.url}/clues/transfers/{transfer.pk}/"

    for username, party in (("jdz_leader", "team"), ("jdz_office_head", "office"), ("jdz_receiver", "receiver")):
        _log_in(page, live_server.url, username)
        page.goto(url)
        expect(page.get_by_role("heading", name="移交材料交接单")).to_be_visible()
        expect(page.get_by_test_id("approval")).to_contain_text("张某")
        signatures = page.get_by_test_id("signatures")
        for other in {"team", "office", "receiver"} - {party}:
            expect(signatures.get_by_test_id(f"sign-{other}")).to_have_count(0)  # only the party the user is
        signatures.get_by_test_id(f"sign-{party}").click()
        expect(page.get_by_role("alert").first).to_contain_text("已签字")

    expect(page.get_by_test_id("transfer-status")).to_have_text("已完成移交")
    expect(page.get_by_test_id("transfer-clues")).to_contain_text(clue.code)
    expect(page.get_by_test_id("transfer-clues")).not_to_contain_text("秘密内容")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "clue-handover-form.png"
    shot.unlink(missing_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    _glyphs_render(page)
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.COMPLETED and transfer.receiver_signed_on == today
    [duty] = obligations(clue, "clue_handling_report")

    page.goto(f"{live_server.url}/clues/receiver/")
    row = page.get_by_test_id("inbox-clues").locator("tr", has_text=clue.code)
    expect(row).to_contain_text(f"{duty.due_on:%Y-%m-%d}" if duty.due_on else "待录入")
    row.get_by_role("link", name="反馈办理情况").click()
    expect(page.get_by_test_id("dispositions")).to_contain_text("暂存待查")
    page.get_by_label("处置方式").select_option("case")
    page.get_by_label("办理情况").fill("经初核，已立案审查。")
    page.get_by_label("最终办理结果（办结反馈）").check()
    page.get_by_role("button", name="提交反馈").click()
    expect(page.get_by_role("alert").first).to_contain_text("已反馈")
    clue.refresh_from_db()
    duty.refresh_from_db()
    assert clue.status == Clue.Status.CONCLUDED and duty.status == "fulfilled"
    assert js_errors == []
