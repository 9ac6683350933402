"""Work-queue items of the public's channel, for the inspection's team (the same authority as services/team.py):
登记网上来信 (reports of earlier days not yet in the register) and 答复群众留言 (a thread whose last message is the
reporter's)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from django.core.cache import cache
from django.db.models import Min, Q
from django.urls import reverse

from xuncha.core.visibility import Viewer
from xuncha.fieldwork import rules
from xuncha.inspections.models import Inspection
from xuncha.obligations.queue import QueueItem, cached_teams, provider

from .models import PublicReport
from .selectors import with_last_message

# The teams with something to do on the channel (a report not yet taken in, or a thread the reporter spoke last in),
# cached so that the queue — counted on every page's menu — costs no query for the many users with none. The
# services that change it clear it (`work_changed`); it expires after a minute (other processes' memory caches).
TEAMS_WITH_WORK = "xuncha:reporting:teams-with-work"


def work_changed() -> None:
    cache.delete(TEAMS_WITH_WORK)


def _teams_with_work() -> Iterable[int]:
    return (
        with_last_message(PublicReport.objects.all())
        .filter(Q(petition__isnull=True) | Q(last_from_team=False))
        .values_list("inspection__team_id", flat=True)
        .distinct()
    )


def teams_with_work() -> set[int]:
    return cached_teams(TEAMS_WITH_WORK, _teams_with_work)


@provider
def public_reports_to_work(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    teams = viewer.team_ids & teams_with_work() if viewer.team_ids else set()
    if not teams:
        return
    inspections = Inspection.objects.filter(team_id__in=sorted(teams)).select_related(
        "jurisdiction", "team__round__jurisdiction", "target"
    )
    waiting = {
        row["inspection_id"]: row["first"]
        for row in PublicReport.objects.filter(
            inspection__in=inspections, petition__isnull=True, submitted_on__lt=today
        )
        .values("inspection_id")
        .annotate(first=Min("submitted_on"))
    }
    answered = (
        with_last_message(PublicReport.objects.filter(inspection__in=inspections))
        .filter(last_from_team=False)
        .select_related("petition")
    )
    by_pk = {i.pk: i for i in inspections}
    for inspection_id, since in waiting.items():
        inspection = by_pk[inspection_id]
        yield QueueItem(
            kind="reporting.intake",
            title="登记网上来信",
            subject=f"{inspection} · 网上反映",
            url=reverse("reporting:inbox", args=[inspection.pk]),
            jurisdiction_id=inspection.jurisdiction_id,
            since=since,
            article=rules.method(inspection.jurisdiction.rulebook, "petition").article,
        )
    for report in answered:
        inspection = by_pk[report.inspection_id]
        number = f"第{report.petition.number}号网上来信" if report.petition else "未登记的网上反映"
        yield QueueItem(
            kind="reporting.reply",
            title="答复群众留言",
            subject=f"{inspection} · {number}",
            url=reverse("reporting:report", args=[report.pk]),
            jurisdiction_id=inspection.jurisdiction_id,
            since=report.last_on,
        )
