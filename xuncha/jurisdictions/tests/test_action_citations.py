"""Each event action that cites a rulebook item (`audit.actions.define(..., cites="procedure.feedback_article")`)
names an item every rulebook's schema has, and in each rulebook that item is an article (第N条…) or, where that
regulation has no such provision, nothing — never a stray value."""

from __future__ import annotations

import re
from typing import Any

import pytest

from xuncha.audit.actions import REGISTRY, Action
from xuncha.jurisdictions.rulebook import all_rulebooks

ARTICLE = re.compile(r"第[一二三四五六七八九十百零]+条")


def _resolve(book: Any, path: str) -> Any:
    value = book
    for part in path.split("."):
        value = getattr(value, part)  # an AttributeError is a wrong path: the test fails on it
    return value


def test_citing_actions_exist() -> None:
    citing = [a for a in REGISTRY.values() if a.cites]
    assert len(citing) >= 10, citing


@pytest.mark.parametrize("action", [a for a in REGISTRY.values() if a.cites], ids=lambda a: a.code)
def test_each_citation_resolves_in_every_rulebook(action: Action) -> None:
    books = all_rulebooks()
    found = {}
    for code, book in books.items():
        value = _resolve(book, action.cites)
        assert value is None or (isinstance(value, str) and (value == "" or ARTICLE.search(value))), (code, value)
        found[code] = value
    assert any(found.values()), f"{action.code} cites {action.cites}, which no rulebook fills: {found}"


def test_a_wrong_path_fails() -> None:
    book = next(iter(all_rulebooks().values()))
    with pytest.raises(AttributeError):
        _resolve(book, "procedure.no_such_article")
