from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from xuncha.inspections.models import Inspection
from xuncha.obligations.models import Obligation
from xuncha.registry.models import Organization

from .models import Term


@dataclass
class CoverageRow:
    target: Organization
    state: str  # inspected / scheduled / not_yet
    inspections: list[Inspection]
    obligation: Obligation | None


STATE_LABELS = {"inspected": "已{word}", "scheduled": "已安排", "not_yet": "尚未安排"}


def state_labels(word: str) -> dict[str, str]:
    """The coverage states in the rulebook's word (已巡察 / 已巡视)."""
    return {k: v.format(word=word) for k, v in STATE_LABELS.items()}


def current_term(jurisdiction: Any, on: datetime.date) -> Term | None:
    return Term.objects.filter(jurisdiction=jurisdiction, starts_on__lte=on, ends_on__gte=on).first()


def coverage(*, term: Term) -> list[CoverageRow]:
    """Every target against the term: inspected (entered within the term), scheduled (in a round of the term, not
    entered yet and not withdrawn), or not yet — with its coverage obligation. Three queries whatever the number of
    targets."""
    targets = list(
        Organization.objects.filter(jurisdiction=term.jurisdiction, kind="target").select_related("successor")
    )
    # A withdrawn inspection (撤出本轮/取消) neither covers nor schedules its target.
    inspections = (
        Inspection.objects.filter(
            jurisdiction=term.jurisdiction, round__starts_on__gte=term.starts_on, round__starts_on__lte=term.ends_on
        )
        .exclude(status=Inspection.Status.WITHDRAWN)
        .select_related("round", "team")
    )
    by_target: dict[int, list[Inspection]] = {}
    for i in inspections:
        by_target.setdefault(i.target_id, []).append(i)
    obligations = {
        int(o.subject_id): o
        for o in Obligation.objects.filter(
            jurisdiction=term.jurisdiction,
            rule_code="coverage",
            opened_by__occurred_on__gte=term.starts_on,
            opened_by__occurred_on__lte=term.ends_on,
        )
    }
    rows = []
    for t in targets:
        found = by_target.get(t.pk, [])
        if t.status != "active" and not found:
            continue  # merged or abolished before being covered: its obligation lapsed
        if any(i.entered_on and term.starts_on <= i.entered_on <= term.ends_on for i in found):
            state = "inspected"
        elif found:
            state = "scheduled"
        else:
            state = "not_yet"
        rows.append(CoverageRow(t, state, found, obligations.get(t.pk)))
    order = {"not_yet": 0, "scheduled": 1, "inspected": 2}
    rows.sort(key=lambda r: (order[r.state], r.target.name))
    return rows
