"""When a team place stops giving access to the team's records and secrets.

`round_end` only ends the round's fieldwork (每轮巡察结束) and starts the hearing deadline; after it the team still
drafts and corrects its reports, gives the feedback, signs the receipt and reviews the unit's rectification reports.
So access does not end with `round_end`. It ends:

- automatically, when every inspection of the team is finished: closed (办结, `inspection_close`) or withdrawn or
  cancelled from the round; the last one to finish ends the places of everyone on the team, dated that day;
- when the office head revokes one person's place (`team_membership_revoke`), with a reason;
- when the login is unlinked from the inspector's record (people.inspector_unlink_user).

The TeamMembership row stays (who served on the team is history); `core.visibility.viewer_for` ignores ended rows.
Each end is an event."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet

from xuncha.audit.services import event_record
from xuncha.core.authority import OFFICE, OFFICE_HEAD, require
from xuncha.core.errors import ServiceError, check_past_date, full_clean_or_raise
from xuncha.core.locking import lock_row

from .actions import TEAM_MEMBERSHIP_ENDED
from .models import Team, TeamMembership

if TYPE_CHECKING:
    from xuncha.accounts.models import User

# An inspection in one of these no longer needs its team (the statuses a rulebook's round can leave it in).
FINISHED_STATUSES = ("closed", "withdrawn", "cancelled")


def unfinished_inspections(team: Team) -> QuerySet[Any]:
    from xuncha.inspections.models import Inspection

    qs = Inspection.objects.filter(team=team).exclude(status__in=FINISHED_STATUSES)
    fields = {f.name for f in Inspection._meta.get_fields()}
    for name in ("withdrawn_on", "cancelled_on"):  # a withdrawal recorded by date rather than by status
        if name in fields:
            qs = qs.filter(**{f"{name}__isnull": True})
    return qs


def team_finished(team: Team) -> bool:
    """Every inspection of the team is closed or withdrawn (a team with no inspection yet is not finished)."""
    from xuncha.inspections.models import Inspection

    return Inspection.objects.filter(team=team).exists() and not unfinished_inspections(team).exists()


def _end(
    actor: User | None, m: TeamMembership, *, on: datetime.date, reason: str, note: str, article: str = ""
) -> None:
    before = {"user": m.user.username, "role": m.role, "ended_on": None}
    m.ended_on, m.end_reason = on, reason
    full_clean_or_raise(m)
    m.save(update_fields=["ended_on", "end_reason"])
    event_record(
        actor=actor,
        action=TEAM_MEMBERSHIP_ENDED,
        obj=m,
        jurisdiction=m.team.round.jurisdiction,
        before=before,
        after={"user": m.user.username, "role": m.role, "ended_on": on, "reason": reason, "note": note},
        article=article,
        occurred_on=on,
    )


def team_access_close(*, actor: User | None, team: Team, on: datetime.date) -> int:
    """End every open place on `team` once all its inspections are finished. Called by `inspection_close` (and the
    withdrawal of an inspection) in the same transaction; returns how many places ended (0 while work remains)."""
    jurisdiction = team.round.jurisdiction
    require(actor, jurisdiction, OFFICE, what=f"终止{jurisdiction.word}组成员的查阅权限", sysadmin=True)
    with transaction.atomic():
        if not team_finished(team):
            return 0
        places = list(
            TeamMembership.objects.select_for_update()
            .filter(team=team, ended_on__isnull=True)
            .select_related("user", "team__round__jurisdiction")
        )
        for m in places:
            _end(actor, m, on=on, reason=TeamMembership.EndReason.CLOSED, note="本组各项任务已办结或撤回")
    return len(places)


def team_membership_revoke(
    *, actor: User | None, membership: TeamMembership, on: datetime.date, reason: str
) -> TeamMembership:
    """The office head ends one person's access to a team (e.g. someone who left the team, a recusal found late)."""
    jurisdiction = membership.team.round.jurisdiction
    require(actor, jurisdiction, OFFICE_HEAD, what=f"撤销{jurisdiction.word}组成员的查阅权限", sysadmin=True)
    with transaction.atomic():
        m = lock_row(membership, "user", "team__round__jurisdiction")
        if m.ended_on is not None:
            raise ServiceError(f"{m.user}在{m.team}的权限已于 {m.ended_on} 终止", field="membership")
        if not reason.strip():
            raise ServiceError("撤销原因：必填", field="reason")
        check_past_date(on, field="on", label="撤销日期")
        _end(actor, m, on=on, reason=TeamMembership.EndReason.REVOKED, note=reason.strip())
    return m
