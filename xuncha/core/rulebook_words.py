"""The words of every loaded rulebook (巡察, 巡视 …), without importing the rulebooks: core and audit sit below
jurisdictions, which contributes the function from its AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .hooks import Hook

RULEBOOK_WORDS: Hook[Callable[[], Iterable[str]]] = Hook(
    "rulebook_words", "返回所有规则用词的函数，由 jurisdictions 提供"
)


def rulebook_words() -> set[str]:
    """Every word some loaded rulebook uses."""
    words: set[str] = set()
    for provide in RULEBOOK_WORDS:
        words |= set(provide())
    return words
