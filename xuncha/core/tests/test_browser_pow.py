"""pow.js computes SHA-256 exactly as the server checks it: the browser's solution to a challenge is one the server
accepts, and its hash words match Python's for messages spanning one and two blocks."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from xuncha.core.anonymity import pow

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
POW_JS = Path(__file__).resolve().parents[1] / "static" / "core" / "pow.js"


def test_pow_js_hashes_like_the_server_and_its_solution_is_accepted(page: Page, settings) -> None:
    settings.XUNCHA_PUBLIC_POW_BITS = 12
    challenge = pow.challenge_new("report")
    page.set_content(
        '<form data-pow method="post" action="about:blank"><input name="pow_challenge" value="'
        + challenge
        + '"><input name="pow_solution" value=""><span data-pow-status></span></form>'
    )
    page.add_script_tag(path=str(POW_JS))
    for text in ["", "abc", "x" * 55, "y" * 56, "z" * 64, "中文".encode().decode("latin-1"), challenge + ":7"]:
        word = page.evaluate("t => window.xunchaPow.firstWord(t)", text)
        assert word == int.from_bytes(hashlib.sha256(text.encode("latin-1")).digest()[:4], "big"), text
    page.wait_for_function("document.querySelector('[data-pow-status]').textContent.length > 0", timeout=20000)
    solution = page.input_value("input[name=pow_solution]")
    pow.challenge_verify(challenge, solution, purpose="report")  # raises if the browser's answer were wrong
