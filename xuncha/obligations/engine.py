"""Turn events into obligations, as the rulebook's deadline rules say."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from xuncha.jurisdictions.rulebook import Deadline, get_rulebook
from xuncha.workdays.arithmetic import Counting, UnknownYearError, WorkCalendar
from xuncha.workdays.selectors import counting_for, work_calendar

from .models import Obligation, pending_label
from .services import COVERAGE, coverage_fulfil, coverage_lapse

if TYPE_CHECKING:
    from xuncha.audit.models import Event


def due_for(
    cal: WorkCalendar, rule: Deadline, start: datetime.date, counting: Counting
) -> tuple[datetime.date | None, int | None]:
    """(due date, pending year). A “及时” duty has neither. A period that runs into a year whose holiday schedule
    nobody has entered has no date yet, only the year it waits for: never a date guessed from weekends alone."""
    if rule.amount is None or rule.unit == "timely":
        return None, None
    try:
        return cal.add(start, rule.amount, rule.unit, counting), None
    except UnknownYearError as exc:
        return None, exc.year


def apply_event(event: Event, *, subject: models.Model) -> None:
    """Fulfil what this event fulfils, then open what it starts. Runs inside the event's transaction. A due date
    that needs a year nobody has entered does not refuse the act: the obligation opens with the date pending
    (`due_pending_year`) and the calendar entry of that year computes it (xuncha.workdays.services)."""
    if not event.rulebook_code or event.jurisdiction_id is None:
        return
    book = get_rulebook(event.rulebook_code)
    subject_type, subject_id = subject._meta.label_lower, str(subject.pk)
    if event.action == "inspection.entered" and event.inspection_id is not None:
        # Entering a target covers it for the term (JDZ-2017 第十六条, NMG-2016 第二条).
        coverage_fulfil(event=event, target_id=getattr(subject, "target_id", 0))
    if event.action == "organization.reorganized" and (event.after or {}).get("status") in ("merged", "abolished"):
        coverage_lapse(event=event, target_id=int(subject_id))
    for rule in book.deadlines_fulfilled_by(event.action):
        open_ones = Obligation.objects.select_for_update().filter(
            rule_code=rule.code, subject_type=subject_type, subject_id=subject_id, status=Obligation.Status.OPEN
        )
        for ob in open_ones:
            ob.status = Obligation.Status.FULFILLED
            ob.fulfilled_by = event
            ob.fulfilled_on = event.occurred_on
            ob.full_clean()
            ob.save(update_fields=["status", "fulfilled_by", "fulfilled_on"])
    rules = book.deadlines_triggered_by(event.action)
    if not rules:
        return
    cal = work_calendar()
    counting = counting_for(book.counting)
    for rule in rules:
        if not rule.applies_to(event.after):  # a duty the article gives only some of the trigger's cases
            continue
        already = Obligation.objects.filter(
            rule_code=rule.code, subject_type=subject_type, subject_id=subject_id, status=Obligation.Status.OPEN
        )
        if already.exists():  # the same duty is already running; a repeated act does not restart it
            continue
        due, pending_year = due_for(cal, rule, event.occurred_on, counting)
        ob = Obligation(
            jurisdiction_id=event.jurisdiction_id,
            rulebook_code=book.code,
            rule_code=rule.code,
            title=rule.name,
            article=rule.article,
            responsible=rule.responsible,
            subject_type=subject_type,
            subject_id=subject_id,
            subject_repr=event.object_repr,
            inspection_id=event.inspection_id,
            starts_on=event.occurred_on,
            due_on=due,
            due_pending_year=pending_year,
            deadline_label=rule.label,
            opened_by=event,
        )
        ob.full_clean(validate_constraints=False)
        ob.save()


@dataclass(frozen=True)
class DueChange:
    """What entering (or correcting) a year's schedule does to one open obligation's due date."""

    obligation: Obligation
    before_due: datetime.date | None
    before_pending: int | None
    after_due: datetime.date | None
    after_pending: int | None

    @property
    def before_label(self) -> str:
        return _label(self.before_due, self.before_pending)

    @property
    def after_label(self) -> str:
        return _label(self.after_due, self.after_pending)

    @property
    def computed(self) -> bool:
        """Pending before, a date now (rather than a date that moves)."""
        return self.before_pending is not None and self.after_due is not None


def _label(due: datetime.date | None, pending: int | None) -> str:
    if due is not None:
        return due.isoformat()
    return pending_label(pending) if pending is not None else "及时"


def due_changes(cal: WorkCalendar, year: int) -> list[DueChange]:
    """The open obligations, in every jurisdiction, whose due date `cal` (a calendar that includes the year as it
    would be entered) computes or moves: those waiting for `year` or a later year, and those whose period runs
    through `year`. The term-coverage duties are due at the term's end, not counted, and never move.

    A deliberate read across jurisdictions: the holiday schedule is national, and only the system administrator
    enters it (the caller checks that)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    candidates = (
        Obligation.objects.filter(status=Obligation.Status.OPEN, starts_on__lte=last)
        .exclude(rule_code=COVERAGE)
        .filter(Q(due_pending_year__gte=year) | Q(due_on__gte=first))
        .select_related("jurisdiction")
        .order_by("pk")
    )
    changes = []
    for ob in candidates:
        book = get_rulebook(ob.rulebook_code)
        try:
            rule = book.deadline(ob.rule_code)
        except KeyError:  # a rule the rulebook no longer has: its obligation keeps what it was given
            continue
        due, pending = due_for(cal, rule, ob.starts_on, counting_for(book.counting))
        if (due, pending) != (ob.due_on, ob.due_pending_year):
            changes.append(DueChange(ob, ob.due_on, ob.due_pending_year, due, pending))
    return changes
