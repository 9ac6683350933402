"""Work-queue item of evaluations, for the team: an open evaluation whose issued slips are all spent, or whose
inspection's fieldwork is ending (its planned end within `ENDING_DAYS`, or already ended) — “结束测评”, since
results are shown only once it is closed. The days are the system's setting, not an article's."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from django.db.models import Count, Q
from django.urls import reverse

from xuncha.core.visibility import Viewer
from xuncha.inspections.models import Inspection
from xuncha.obligations.queue import QueueItem, cached_teams, provider

from .models import Evaluation

ENDING_DAYS = 3
# The teams with an open evaluation, cached so that the queue (counted on every page's menu) costs no query for the
# many users with none; evaluation_open/close clear it, and it expires after a minute (other processes' caches).
OPEN_TEAMS = "xuncha:evaluations:open-teams"


def _open_teams() -> Iterable[int]:
    return Evaluation.objects.filter(status=Evaluation.Status.OPEN).values_list("inspection__team_id", flat=True)


def open_teams() -> set[int]:
    return cached_teams(OPEN_TEAMS, _open_teams)


@provider
def evaluations_to_close(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    teams = viewer.team_ids & open_teams() if viewer.team_ids else set()
    if not teams:
        return
    rows = (
        Evaluation.objects.filter(inspection__team_id__in=sorted(teams), status=Evaluation.Status.OPEN)
        .annotate(issued=Count("slips"), spent=Count("slips", filter=Q(slips__spent=True)))
        .select_related("inspection__jurisdiction", "inspection__team__round", "inspection__target")
        .order_by("pk")
    )
    for evaluation in rows:
        inspection = evaluation.inspection
        ending = inspection.status != Inspection.Status.ON_SITE or (
            inspection.planned_end is not None and inspection.planned_end <= today + datetime.timedelta(ENDING_DAYS)
        )
        if not ending and not (evaluation.issued and evaluation.spent == evaluation.issued):
            continue
        yield QueueItem(
            kind="evaluation.close",
            title="结束测评",
            subject=f"{inspection} · {evaluation}（已收回{evaluation.spent}/{evaluation.issued}份）",
            url=reverse("evaluations:detail", args=[evaluation.pk]),
            jurisdiction_id=inspection.jurisdiction_id,
            since=evaluation.opened_on,
            article=evaluation.article,
            setting=f"系统设置：计划结束前{ENDING_DAYS}日起提醒，非条文规定" if ending else "",
        )
