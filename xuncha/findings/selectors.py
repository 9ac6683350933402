"""Reads for the findings pages and API, all through visible_to, each a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from xuncha.core.visibility import Viewer, viewer_for
from xuncha.inspections.models import Inspection

from .models import EVIDENCE_KINDS, READER_ROLES, Evidence, _inspections_q


def readable_inspections(user: Any) -> QuerySet[Inspection]:
    """Inspections whose findings, meetings and escalations the user may read: the team's own, and those of
    jurisdictions where the user is office, leading group or auditor. Not the inspected unit, not receivers."""
    viewer = viewer_for(user)
    return Inspection.objects.visible_to(viewer).filter(_inspections_q(viewer, "pk"))


def can_read(viewer: Viewer, inspection: Inspection) -> bool:
    return inspection.team_id in viewer.team_ids or inspection.jurisdiction_id in viewer.jurisdictions_with(
        READER_ROLES
    )


@dataclass(frozen=True)
class EvidenceRow:
    evidence: Evidence
    label: str
    url: str | None  # the record's own read page, only for users allowed to read the record


def evidence_rows(user: Any, evidence: list[Evidence], *, inspection_id: int) -> list[EvidenceRow]:
    """The finding page's evidence: every link's label (“个别谈话记录 #12”) for whoever sees the finding, and a link
    to the record's own read page only where the user may read that record. One query per kind present."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for e in evidence:
        by_kind[e.kind].append(e.object_id)
    readable: dict[str, set[int]] = {}
    for kind, ids in by_kind.items():
        spec = EVIDENCE_KINDS.get(kind)
        model: Any = spec.model() if spec else None
        manager = model._default_manager if model is not None else None
        if manager is None or not hasattr(manager, "visible_to"):
            readable[kind] = set()
            continue
        readable[kind] = set(manager.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    rows = []
    for e in evidence:
        url = None
        if e.object_id in readable.get(e.kind, set()):
            try:
                spec = EVIDENCE_KINDS[e.kind]
                arg = inspection_id if spec.url_by == "inspection" else e.object_id
                url = reverse(spec.url_name, args=[arg])
            except NoReverseMatch:
                url = None
        rows.append(EvidenceRow(evidence=e, label=e.label, url=url))
    return rows
