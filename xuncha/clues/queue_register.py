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


@provider
def suggestions_to_answer(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    if not viewer.unit_org_ids:
        return
    rows = Suggestion.objects.filter(
        answered_on__isnull=True, inspection__target_id__in=sorted(viewer.unit_org_ids)
    ).select_related("inspection__jurisdiction")
    for s in rows.order_by("issued_on", "pk")[:LIMIT]:
        yield queue_item(
            kind="suggestion.answer",
            title="答复处理建议",
            subject=f"{s.inspection} {s}",
            url=reverse("clues:suggestion_inbox"),
            jurisdiction_id=s.inspection.jurisdiction_id,
            since=s.issued_on,
            article=s.inspection.jurisdiction.rulebook.clues.suggestion_article,
        )


@provider
def suggestions_awaiting_answer(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    if not viewer.led_team_ids:
        return
    rows = Suggestion.objects.filter(
        answered_on__isnull=True, inspection__team_id__in=sorted(viewer.led_team_ids)
    ).select_related("inspection__jurisdiction")
    for s in rows.order_by("issued_on", "pk")[:LIMIT]:
        yield queue_item(
            kind="suggestion.follow",
            title="跟踪处理建议的答复",
            subject=f"{s.inspection} {s}",
            url=reverse("clues:register", args=[s.inspection_id]),
            jurisdiction_id=s.inspection.jurisdiction_id,
            since=s.issued_on,
            article=s.inspection.jurisdiction.rulebook.clues.suggestion_article,
        )
