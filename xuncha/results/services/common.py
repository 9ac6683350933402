"""Guards and helpers shared by the meetings, the filing and the consultations."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from xuncha.core.errors import (
    PermissionDeniedError,
    ServiceError,
    full_clean_or_raise,
)
from xuncha.core.locking import lock_row
from xuncha.core.visibility import viewer_for
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.rulebook import Rulebook
from xuncha.planning.models import Round

from .. import rules
from ..models import Meeting, MeetingAttendee, MeetingItem

if TYPE_CHECKING:
    from xuncha.accounts.models import User


# -- guards ---------------------------------------------------------------------------------------------------------
def _locked_round(rnd: Round) -> Round:
    # Lock the round: two clerks recording meetings of the same round must not both find an inspection “not yet
    # heard”, nor both record the round-level event.
    return lock_row(rnd, "jurisdiction")


def is_office(actor: User, jurisdiction_id: int) -> bool:
    return jurisdiction_id in viewer_for(actor).jurisdictions_with(rules.OFFICE_ROLES)


def _require_office(actor: User, rnd: Round, *, what: str, article: str) -> None:
    if is_office(actor, rnd.jurisdiction_id):
        return
    office = rnd.jurisdiction.rulebook.body("office").name
    raise PermissionDeniedError(f"只有{office}可以{what}（{article}）。", article=article)


def _text(value: str, *, field: str, label: str, article: str = "") -> str:
    value = (value or "").strip()
    if not value:
        cite = f"（{article}）" if article else ""
        raise ServiceError(f"请填写{label}{cite}", field=field, article=article)
    return value


def _attendee(value: Any) -> tuple[str, str]:
    """“张三 市纪委书记”, “张三（市纪委书记）”, ("张三", "市纪委书记") or a user: name and post."""
    if isinstance(value, tuple):
        name, position = (str(value[0]), str(value[1]) if len(value) > 1 else "")
    elif hasattr(value, "full_name"):
        name, position = value.full_name or str(value), ""
    else:
        text = str(value).strip().replace("（", " ").replace("）", "").replace("(", " ").replace(")", "")
        name, _, position = text.partition(" ")
    return name.strip(), position.strip()


def _attendees(values: Iterable[Any], *, body: str, article: str) -> list[tuple[str, str]]:
    people: dict[str, tuple[str, str]] = {}
    for value in values:
        name, position = _attendee(value)
        if name:
            people.setdefault(name, (name, position))
    if not people:
        raise ServiceError(
            f"请填写出席会议的{body}成员（{article}：由{body}听取、研究）", field="attendees", article=article
        )
    too_long = [n for n in people if len(n) > 40]
    if too_long:
        raise ServiceError(f"出席人员姓名过长：{'、'.join(too_long)}（每行一人：姓名 职务）", field="attendees")
    return list(people.values())


def _round_inspections(rnd: Round) -> list[Inspection]:
    # Lock the inspections' own rows only (of=self): on PostgreSQL the nullable joins cannot be locked.
    return list(
        Inspection.objects.select_for_update(of=("self",))
        .filter(round=rnd)
        .select_related("jurisdiction", "team__round__jurisdiction", "target")
        .order_by("pk")
    )


def _chosen(rnd: Round, items: Sequence[Sequence[Any]], *, what: str) -> tuple[list[Inspection], list[tuple[Any, ...]]]:
    """The round's inspections (locked) and the items matched to them; refuses an inspection of another round and
    one named twice."""
    inspections = _round_inspections(rnd)
    by_pk = {i.pk: i for i in inspections}
    if not items:
        raise ServiceError(f"请至少列出一个{what}的{rnd.jurisdiction.word}", field="items")
    seen: set[int] = set()
    matched: list[tuple[Any, ...]] = []
    for item in items:
        inspection, rest = item[0], tuple(item[1:])
        if inspection.pk not in by_pk:
            raise ServiceError(f"{inspection} 不属于{rnd}", field="items")
        if inspection.pk in seen:
            raise ServiceError(f"{by_pk[inspection.pk]} 重复列出", field="items")
        seen.add(inspection.pk)
        matched.append((by_pk[inspection.pk], *rest))
    return inspections, matched


def _stage_label(inspection: Inspection) -> str:
    return Inspection.Status(inspection.status).label


def _reports_article(book: Rulebook) -> str:
    return next((t.article for t in book.report_types if t.required), "")


def _meeting(
    *,
    rnd: Round,
    kind: str,
    held_on: datetime.date,
    agenda: str,
    minutes: str,
    attendees: list[tuple[str, str]],
    actor: User,
) -> Meeting:
    meeting = Meeting(
        jurisdiction=rnd.jurisdiction,
        round=rnd,
        kind=kind,
        held_on=held_on,
        agenda=agenda,
        minutes=minutes,
        recorded_by=actor,
    )
    full_clean_or_raise(meeting)
    meeting.save()
    for name, position in attendees:
        attendee = MeetingAttendee(meeting=meeting, name=name, position=position)
        full_clean_or_raise(attendee)
        attendee.save()
    return meeting


def _item(meeting: Meeting, inspection: Inspection, text: str, uses: list[str]) -> MeetingItem:
    item = MeetingItem(meeting=meeting, kind=meeting.kind, inspection=inspection, text=text, uses=uses)
    full_clean_or_raise(item)
    item.save()
    return item


def _done(rnd: Round, kind: str) -> tuple[set[int], set[int]]:
    """(inspections of the round, those with an item of this kind). A withdrawn inspection is not heard or decided."""
    all_ids = set(
        Inspection.objects.filter(round=rnd).exclude(status=Inspection.Status.WITHDRAWN).values_list("pk", flat=True)
    )
    done = set(MeetingItem.objects.filter(inspection__round=rnd, kind=kind).values_list("inspection_id", flat=True))
    return all_ids, done
