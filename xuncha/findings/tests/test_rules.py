"""What rules.py encodes outside the rulebook files is pinned to the regulation texts."""

from __future__ import annotations

import re

import pytest

from xuncha.findings import rules
from xuncha.jurisdictions.rulebook import RULEBOOK_DIR, all_rulebooks, get_rulebook


def _article_text(code: str, article: str) -> str:
    book = get_rulebook(code)
    text = (RULEBOOK_DIR / "sources" / book.source_file).read_text(encoding="utf-8")
    match = re.search(rf"^{article}\s*(.*?)(?=^第[一二三四五六七八九十百零]+条|\Z)", text, re.M | re.S)
    assert match, f"{code} {article} 不在原文中"
    return re.sub(r"\s+", "", match.group(1))


@pytest.mark.parametrize("code", sorted(all_rulebooks()))
def test_the_escalation_rule_is_quoted_from_its_article(code: str) -> None:
    rule = rules.escalation_rule(get_rulebook(code))
    assert re.sub(r"\s+", "", rule.text) in _article_text(code, rule.article)
    assert "请示报告" in rule.text and "特殊情况下" in rule.text


@pytest.mark.parametrize(
    ("code", "article", "secretary"), [("JDZ-2017", "第七条", "市委书记"), ("NMG-2016", "第十条", "自治区党委书记")]
)
def test_team_rules_come_from_the_rulebook_and_its_article_says_them(code: str, article: str, secretary: str) -> None:
    book = get_rulebook(code)
    assert rules.team_article(book) == article
    said = _article_text(code, article)
    assert "组长负责制" in said and "组务会" in said and "民主集中制" in said
    assert rules.secretary_title(book) == secretary and secretary in rules.escalation_rule(book).text


def test_every_rulebook_states_its_quorum_choice() -> None:
    for book in all_rulebooks().values():
        assert book.procedure.meeting_quorum == "more_than_half"
        assert "未规定法定人数" in rules.quorum_note(book)


def test_quorum_is_more_than_half() -> None:
    assert [rules.has_quorum(n, 4) for n in range(5)] == [False, False, False, True, True]
    assert [rules.has_quorum(n, 3) for n in range(4)] == [False, False, True, True]
    assert not rules.has_quorum(0, 0)
