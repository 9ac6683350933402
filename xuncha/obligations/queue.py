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

from xuncha.core.hooks import Hook
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
    remind_after: int | None = None  # that threshold in working days: flagged once the age passes it
    timely: bool = False  # the duty is one the text calls “及时” (no due date): its age is what matters


Provider = Callable[[Viewer, datetime.date], Iterable[QueueItem]]
QUEUE_PROVIDERS: Hook[Provider] = Hook("queue_providers", "待办事项的提供函数，由各应用的 queue.py 登记")


def provider(fn: Provider) -> Provider:
    """Register a work-queue provider into `QUEUE_PROVIDERS`, keyed by its module and name (idempotent: re-importing
    a module does not add it twice)."""
    return QUEUE_PROVIDERS.register(fn, key=f"{fn.__module__}.{fn.__qualname__}")


def providers() -> list[Provider]:
    return list(QUEUE_PROVIDERS)


def work_queue(*, user: Any, today: datetime.date) -> list[QueueItem]:
    """Everything on this person's queue, oldest first."""
    viewer = user if isinstance(user, Viewer) else viewer_for(user)
    if not viewer.authenticated:
        return []
    items: list[QueueItem] = []
    for fn in QUEUE_PROVIDERS:
        items.extend(fn(viewer, today))
    return sorted(items, key=lambda i: (i.due_on or datetime.date.max, i.since or datetime.date.max, i.kind))


# -- helpers the providers share ---------------------------------------------------------------------------------
def cached_teams(key: str, compute: Callable[[], Iterable[int]], *, timeout: int = 60) -> set[int]:
    """The ids of the teams a provider has anything for, kept in the cache, so that the queue — counted on every
    page's menu — costs no query for the many users with nothing there. The services that change the answer delete
    `key` (after their commit); it expires after `timeout` seconds for other processes' memory caches."""
    from django.core.cache import cache

    teams = cache.get(key)
    if teams is None:
        teams = set(compute())
        cache.set(key, teams, timeout=timeout)
    return set(teams)


OFFICE_ROLES = frozenset({"office_head", "office_staff"})  # 巡察办 / 巡视办: the office's own write roles


def office_jurisdictions(viewer: Viewer) -> list[int]:
    return viewer.jurisdictions_with(OFFICE_ROLES)


def queue_item(
    *,
    kind: str,
    title: str,
    subject: str,
    url: str,
    jurisdiction_id: int,
    since: datetime.date | None = None,
    article: str = "",
    setting: str = "",
    due_on: datetime.date | None = None,
    obligation: Any = None,
    book: Any = None,
) -> QueueItem:
    """An item, with what the open obligation (obligations.Obligation) the act fulfils adds to it: its due date, its
    article, and — for a duty the text calls “及时” — its start as `since` and the office's reminder setting from the
    rulebook (`remind_after_working_days`)."""
    timely, remind_after = False, None
    if obligation is not None:
        due_on, article = obligation.due_on, obligation.article or article
        rule = next((d for d in book.deadlines if d.code == obligation.rule_code), None) if book else None
        if rule is not None and rule.unit == "timely":
            timely, since = True, obligation.starts_on
            if rule.remind_after_working_days is not None:
                remind_after, setting = rule.remind_after_working_days, rule.reminder_setting
    return QueueItem(
        kind=kind,
        title=title,
        subject=subject,
        url=url,
        jurisdiction_id=jurisdiction_id,
        since=since,
        due_on=due_on,
        article=article,
        setting=setting,
        remind_after=remind_after,
        timely=timely,
    )


def open_obligations(*, subject_type: str, subject_ids: Iterable[Any], rule_codes: Iterable[str]) -> dict[Any, Any]:
    """The open obligations of these subjects and rules, keyed by (rule_code, subject_id as str). One query."""
    from .models import Obligation

    ids = sorted({str(i) for i in subject_ids})
    if not ids:
        return {}
    rows = Obligation.objects.filter(
        status=Obligation.Status.OPEN, subject_type=subject_type, subject_id__in=ids, rule_code__in=list(rule_codes)
    )
    return {(ob.rule_code, ob.subject_id): ob for ob in rows}


@dataclass(frozen=True)
class Row:
    """An item as the dashboard, the queue page and the API show it: with its age in working days and its flags."""

    item: QueueItem
    age_working_days: int | None
    overdue: bool  # past its legal due date
    reminder_due: bool  # open longer than the office's reminder setting
    rulebook: str = ""  # the short title of the jurisdiction's rulebook, to cite the article with

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "item":  # not set yet (copying, unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.item, name)


def present(items: Iterable[QueueItem], *, today: datetime.date, cal: Any) -> list[Row]:
    """Age each item in working days since it began waiting (None where the year's schedule is not entered)."""
    from xuncha.workdays.arithmetic import UnknownYearError

    rows = []
    for item in items:
        age = None
        if item.since is not None:
            try:
                age = cal.working_days_between(item.since, today)
            except UnknownYearError:
                age = None
        overdue = item.due_on is not None and item.due_on < today
        reminder = item.remind_after is not None and age is not None and age > item.remind_after
        rows.append(Row(item, age, overdue, reminder))
    return rows
