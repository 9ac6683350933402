"""Browser fixtures for the tests marked `browser`, registered once in xuncha/conftest.py so that every app's browser
tests share the one headless Chromium of the session (a second `sync_playwright()` in the same thread fails);
a fresh context (cookies, storage) and page per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

# Playwright's sync API drives its own asyncio event loop from a greenlet in this
# thread, so once it has started, asyncio reports a running loop here and Django
# refuses every ORM call in the test thread with SynchronousOnlyOperation (fixtures
# creating users, services run before a page load, and any test run after this
# session fixture started). The test code is still plain synchronous code; the
# live server answers from its own thread. Process-wide, on purpose: the browser
# lives until the end of the session.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} 不存在：浏览器测试需要 Chromium。请安装：apt-get install -y chromium fonts-wqy-zenhei"
        if os.environ.get("CI"):
            pytest.fail(message + "（CI 环境中不允许跳过浏览器测试）", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", timezone_id="Asia/Shanghai")
    ctx.set_default_timeout(10_000)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def js_errors(page: Page) -> list[str]:
    """Uncaught JavaScript errors on the page, for tests to assert there were none."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors
