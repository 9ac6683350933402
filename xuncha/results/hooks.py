"""What higher apps contribute to the results pages (`core.hooks.Hook`): results sits below clues, so what the
five-member group hears about the previous round's clues (JDZ-2017 第三十二条) is theirs to say.

- `MEETING_PANELS` (clues): called with the meeting and the user viewing it; returns a `Panel` to show on the
  meeting page, or None (no such hearing under the rulebook, nothing the user may see)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from xuncha.core.hooks import Hook


@dataclass(frozen=True)
class Panel:
    """A titled table on the meeting page: plain strings only (the page escapes them)."""

    title: str
    article: str
    summary: str = ""
    headers: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = field(default_factory=list)
    note: str = ""
    testid: str = "meeting-panel"


MEETING_PANELS: Hook[Callable[[Any, Any], Panel | None]] = Hook(
    "meeting_panels", "会议页面显示的附加内容（上一轮问题线索处置情况），由 clues 提供"
)


def panels(meeting: Any, user: Any) -> list[Panel]:
    found = (contribute(meeting, user) for contribute in MEETING_PANELS)
    return [p for p in found if p is not None]
