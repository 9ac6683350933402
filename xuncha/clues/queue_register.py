"""Work-queue items of the register's side: the inspected unit's contact answers the suggestions made to it
(JDZ-2017 第二十五条, NMG-2016 第二十三条); the team's leader follows those still unanswered."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.urls import reverse

from xuncha.core.visibility import Viewer
from xuncha.obligations.queue import QueueItem, provider, queue_item

from .models import Suggestion

LIMIT = 50


def _unanswered(filter_: dict[str, object], *, kind: str, title: str, own_page: bool) -> Iterator[QueueItem]:
    rows = Suggestion.objects.filter(answered_on__isnull=True, **filter_).select_related("inspection__jurisdiction")
    for s in rows.order_by("issued_on", "pk")[:LIMIT]:
        url = reverse("clues:suggestion_inbox") if own_page else reverse("clues:register", args=[s.inspection_id])
        yield queue_item(
            kind=kind,
            title=title,
            subject=f"{s.inspection} {s}",
            url=url,
            jurisdiction_id=s.inspection.jurisdiction_id,
            since=s.issued_on,
            article=s.inspection.jurisdiction.rulebook.clues.suggestion_article,
        )


@provider
def suggestions_to_answer(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    if viewer.unit_org_ids:
        yield from _unanswered(
            {"inspection__target_id__in": sorted(viewer.unit_org_ids)},
            kind="suggestion.answer",
            title="答复处理建议",
            own_page=True,
        )


@provider
def suggestions_awaiting_answer(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    if viewer.led_team_ids:
        yield from _unanswered(
            {"inspection__team_id__in": sorted(viewer.led_team_ids)},
            kind="suggestion.follow",
            title="跟踪处理建议的答复",
            own_page=False,
        )
