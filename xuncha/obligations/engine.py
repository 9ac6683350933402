"""Turn events into obligations, as the rulebook's deadline rules say."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from xuncha.core.errors import ServiceError
from xuncha.jurisdictions.rulebook import get_rulebook
from xuncha.workdays.arithmetic import UnknownYearError
from xuncha.workdays.selectors import counting_for, work_calendar

from .models import Obligation
from .services import coverage_fulfil, coverage_lapse

if TYPE_CHECKING:
    from xuncha.audit.models import Event


def apply_event(event: Event, *, subject: models.Model) -> None:
    """Fulfil what this event fulfils, then open what it starts. Runs inside the
    event's transaction: a refused due-date computation refuses the whole write."""
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
        already = Obligation.objects.filter(
            rule_code=rule.code, subject_type=subject_type, subject_id=subject_id, status=Obligation.Status.OPEN
        )
        if already.exists():  # the same duty is already running; a repeated act does not restart it
            continue
        due = None
        if rule.amount is not None and rule.unit != "timely":
            try:
                due = cal.add(event.occurred_on, rule.amount, rule.unit, counting)
            except UnknownYearError as exc:
                raise ServiceError(
                    f"无法计算“{rule.name}”的期限（{rule.article}）：{exc}", code="unknown_year"
                ) from exc
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
            deadline_label=rule.label,
            opened_by=event,
        )
        ob.full_clean(validate_constraints=False)
        ob.save()
