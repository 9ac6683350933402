"""The articles this app cites that the rulebook files do not carry as items are checked against the texts."""

from __future__ import annotations

import re

import pytest

from xuncha.fieldwork import rules
from xuncha.jurisdictions.rulebook import RULEBOOK_DIR, all_rulebooks


def _article_text(code: str, article: str) -> str:
    book = all_rulebooks()[code]
    text = (RULEBOOK_DIR / "sources" / book.source_file).read_text(encoding="utf-8")
    match = re.search(rf"^{article}\s*(.+?)(?=^第[一二三四五六七八九十百零]+条|\Z)", text, re.S | re.M)
    assert match, f"{code} has no {article}"
    return match.group(1)


@pytest.mark.parametrize("code", ["JDZ-2017", "NMG-2016"])
def test_the_entry_article_says_fieldwork_follows_entry(code: str) -> None:
    text = _article_text(code, rules.entry_article(all_rulebooks()[code]))
    assert "进驻" in text and "了解工作" in text and "工作方式" in text


def test_the_jdz_assistance_approval_article_requires_the_leading_groups_consent() -> None:
    book = all_rulebooks()["JDZ-2017"]
    wm = rules.method(book, "assistance_request")
    article = rules.approval_article(book, wm)
    assert article == "第二十九条"
    text = _article_text("JDZ-2017", article)
    assert "巡察工作领导小组同意" in text and "协助" in text
    assert rules.approval_body_name(book, wm) == "市委巡察工作领导小组"


def test_nmg_asks_no_approval_for_assistance() -> None:
    book = all_rulebooks()["NMG-2016"]
    assert rules.method(book, "assistance_request").approval_by is None
    assert "协助" in _article_text("NMG-2016", rules.method(book, "assistance_request").article)


@pytest.mark.parametrize(("code", "article"), [("JDZ-2017", "第四十六条"), ("NMG-2016", "第三十六条")])
def test_the_secrecy_article_sanctions_leaking_secrets(code: str, article: str) -> None:
    assert rules.secrecy_article(all_rulebooks()[code]) == article
    assert "秘密" in _article_text(code, article)


def test_every_detail_belongs_to_a_method_both_rulebooks_list() -> None:
    for book in all_rulebooks().values():
        codes = {m.code for m in book.working_methods}
        assert set(rules.DETAILS) <= codes and set(rules.OWN_RECORDS) <= codes
