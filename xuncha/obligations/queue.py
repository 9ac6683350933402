"""The work queue (待办): what one person must act on now, gathered from every app.

Each app contributes a provider — a function ``(viewer, today) -> Iterable[QueueItem]`` — registered with
``@provider`` in its own ``queue.py``, which its ``AppConfig.ready()`` imports. A provider lists only what the
viewer can act on (authority is the same as the service that does the act), each item linking to the page
where it is done. This module imports no domain app.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from xuncha.core.visibility import Viewer, viewer_for


@dataclass(frozen=True)
class QueueItem:
    kind: str  # stable code, e.g. "rectification_report.team_review"
    title: str  # the act, in Chinese: "审核整改报告"
    subject: str  # what it is about: "第1组 · 景德镇市某局 整改报告"
    url: str  # the page where the act is done
    jurisdiction_id: int
    since: datetime.date | None = None  # waiting since (the step it waits on)
    due_on: datetime.date | None = None  # a legal deadline, when one runs
    article: str = ""  # the article that requires the act, if any
    setting: str = ""  # a threshold that is the office's own setting, labelled as such


Provider = Callable[[Viewer, datetime.date], Iterable[QueueItem]]
_PROVIDERS: list[Provider] = []


def provider(fn: Provider) -> Provider:
    """Register a work-queue provider (idempotent: re-importing a module does not add it twice)."""
    if fn not in _PROVIDERS:
        _PROVIDERS.append(fn)
    return fn


def providers() -> list[Provider]:
    return list(_PROVIDERS)


def work_queue(*, user: Any, today: datetime.date) -> list[QueueItem]:
    """Everything on this person's queue, oldest first."""
    viewer = user if isinstance(user, Viewer) else viewer_for(user)
    if not viewer.authenticated:
        return []
    items: list[QueueItem] = []
    for fn in _PROVIDERS:
        items.extend(fn(viewer, today))
    return sorted(items, key=lambda i: (i.due_on or datetime.date.max, i.since or datetime.date.max, i.kind))
