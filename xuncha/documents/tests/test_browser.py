"""The office prints a document in Chromium: sets the letterhead, opens the inspection's documents, prints the
feedback opinions, sees the PDF preview beside the download, and the page's Chinese renders (no tofu boxes).

Browser fixtures: xuncha/core/tests/browser_fixtures.py."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from xuncha.clues.tests.test_transfer_browser import _log_in
from xuncha.documents import pdf
from xuncha.documents.models import Document

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def test_the_office_prints_the_feedback_opinions(live_server: Any, page: Page, js_errors: list[str], jdz_given: Any):
    side = jdz_given
    _log_in(page, live_server.url, side.office_head.username)
    page.goto(f"{live_server.url}/documents/settings/")
    page.get_by_label("发文机关标志").fill("中共景德镇市委巡察工作领导小组办公室")
    page.get_by_label("发文机关代字").fill("景巡办")
    page.get_by_label("印发机关").fill("中共景德镇市委巡察工作领导小组办公室")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存发文机关标志")).to_be_visible()

    page.goto(f"{live_server.url}/inspections/{side.inspection.pk}/")
    page.get_by_test_id("documents-link").get_by_role("link").click()
    rows = page.get_by_test_id("doc-feedback_opinions")
    expect(rows).to_have_count(2)
    rows.first.get_by_role("button", name="生成").click()
    expect(page.get_by_test_id("document-number")).to_have_text("景巡办〔2026〕1号")
    document = Document.objects.get()
    if pdf.soffice_path() is not None:
        preview = page.get_by_test_id("pdf-preview")
        expect(preview).to_be_visible()
        response = page.request.get(f"{live_server.url}/documents/{document.pk}/pdf/")
        assert response.ok and response.body()[:5] == b"%PDF-"
    with page.expect_download() as download:
        page.get_by_test_id("download-docx").click()
    assert download.value.suggested_filename.endswith("第1版.docx")
    # The page's own Chinese renders with a CJK font: two titles of the same length differ pixel for pixel.
    page.evaluate(
        """() => { for (const [id, text] of [['cjk-a', '巡察反馈意见'], ['cjk-b', '发文机关代字']]) {
            const s = document.createElement('span'); s.id = id; s.textContent = text;
            s.style.cssText = 'font-size:32px;display:inline-block;background:#fff;color:#000';
            document.body.prepend(s); } }"""
    )
    assert page.locator("#cjk-a").screenshot() != page.locator("#cjk-b").screenshot()
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.screenshot(path=str(ARTIFACTS / "documents-detail.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert not js_errors
