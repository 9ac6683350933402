"""Obligations that do not come from one deadline rule and one subject: coverage per target per term."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .models import Obligation

if TYPE_CHECKING:
    from xuncha.audit.models import Event

COVERAGE = "coverage"


def coverage_open(*, event: Event, targets: Iterable[Any], ends_on: datetime.date) -> int:
    """Each target must be inspected at least once in the term (JDZ-2017 第十六条; NMG-2016 第二条 says only 全覆盖, the
    per-term count is the office's setting, `coverage.setting`):
    one obligation per target, due at the term's end, opened by the term's event. Returns how many opened."""
    from xuncha.jurisdictions.rulebook import get_rulebook

    book = get_rulebook(event.rulebook_code)
    cov = book.coverage
    jurisdiction_id = event.jurisdiction_id
    assert jurisdiction_id is not None, "a term's event always names its jurisdiction"
    already = set(
        Obligation.objects.filter(
            rule_code=COVERAGE, status=Obligation.Status.OPEN, jurisdiction_id=jurisdiction_id
        ).values_list("subject_id", flat=True)
    )
    new = [
        Obligation(
            jurisdiction_id=jurisdiction_id,
            rulebook_code=book.code,
            rule_code=COVERAGE,
            title=cov.duty(book.word),  # NMG-2016 第二条 fixes only 全覆盖: the per-term count is labelled 本办设置
            article=cov.article,
            responsible="office",
            subject_type="registry.organization",
            subject_id=str(t.pk),
            subject_repr=t.name,
            starts_on=event.occurred_on,
            due_on=ends_on,
            deadline_label="本届任期内",
            opened_by=event,
        )
        for t in targets
        if str(t.pk) not in already
    ]
    Obligation.objects.bulk_create(new)
    return len(new)


def coverage_fulfil(*, event: Event, target_id: int) -> None:
    Obligation.objects.filter(
        rule_code=COVERAGE,
        subject_type="registry.organization",
        subject_id=str(target_id),
        status=Obligation.Status.OPEN,
    ).update(status=Obligation.Status.FULFILLED, fulfilled_by=event, fulfilled_on=event.occurred_on)


def coverage_lapse(*, event: Event, target_id: int) -> None:
    Obligation.objects.filter(
        rule_code=COVERAGE,
        subject_type="registry.organization",
        subject_id=str(target_id),
        status=Obligation.Status.OPEN,
    ).update(status=Obligation.Status.LAPSED, fulfilled_by=event, fulfilled_on=event.occurred_on)
