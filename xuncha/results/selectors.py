"""Reads for the results pages and API: a round's state, the hearing obligation, and what a consultation shows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from xuncha.core.visibility import viewer_for
from xuncha.findings.models import Finding
from xuncha.inspections.models import Inspection
from xuncha.obligations.models import Obligation
from xuncha.planning.models import Round
from xuncha.registry.models import Post
from xuncha.reports.models import Report
from xuncha.workdays.arithmetic import UnknownYearError
from xuncha.workdays.selectors import work_calendar

from . import rules
from .models import Consultation, Meeting, MeetingItem

if TYPE_CHECKING:
    from xuncha.accounts.models import User
    from xuncha.registry.models import Cadre

# Heard and decided while the inspection is at 报告; the second feedback session (feedback.services) moves it on.
RESULTS_STAGE = Inspection.Status.REPORTING
# Units that “have been or are being inspected” (JDZ-2017 第三十八条 被巡察过的单位,
# NMG-2016 第三十三条 近期已经过巡视或者正在接受巡视): the team has entered.
ENTERED_STAGES = (
    Inspection.Status.ON_SITE,
    Inspection.Status.REPORTING,
    Inspection.Status.RECTIFYING,
    Inspection.Status.CLOSED,
)


def cadre_inspections(cadre: Cadre, *, leadership_only: bool = False) -> list[Inspection]:
    """Entered inspections of the units where the cadre holds or held a post (leadership posts only, if asked)."""
    posts = Post.objects.filter(cadre=cadre)
    if leadership_only:
        posts = posts.filter(is_leadership=True)
    return list(
        Inspection.objects.filter(
            target_id__in=posts.values("organization_id"),
            jurisdiction_id=cadre.jurisdiction_id,
            status__in=ENTERED_STAGES,
        )
        .select_related("jurisdiction", "team__round__jurisdiction", "target", "round")
        .order_by("round__year", "round__number", "pk")
    )


def oversight_rounds(user: User) -> QuerySet[Round]:
    """Rounds whose results pages the user may open: those of the jurisdictions where the user has an oversight role
    (the team sees its own items on the inspection's results page instead)."""
    return Round.objects.filter(jurisdiction_id__in=viewer_for(user).oversight_jurisdictions).select_related(
        "jurisdiction"
    )


@dataclass
class InspectionRow:
    inspection: Inspection
    reports: list[tuple[str, Report | None, bool]]  # (type name, latest version, required)
    reports_final: bool
    hearing: MeetingItem | None
    decision: MeetingItem | None


def round_rows(rnd: Round) -> list[InspectionRow]:
    """Every inspection of the round with its stage, its reports' latest versions, and whether it was heard and
    decided. A fixed number of queries."""
    book = rnd.jurisdiction.rulebook
    inspections = list(
        Inspection.objects.filter(round=rnd).select_related("jurisdiction", "team__round__jurisdiction", "target")
    )
    latest: dict[tuple[int, str], Report] = {}
    for r in Report.objects.filter(inspection__round=rnd).order_by("inspection_id", "type", "version"):
        latest[(r.inspection_id, r.type)] = r
    items: dict[tuple[int, str], MeetingItem] = {
        (i.inspection_id, i.kind): i
        for i in MeetingItem.objects.filter(inspection__round=rnd).select_related("meeting")
    }
    rows = []
    for inspection in inspections:
        reports = [(t.name, latest.get((inspection.pk, t.code)), t.required) for t in book.report_types]
        final = all(r is not None and r.status == Report.Status.FINAL for _, r, required in reports if required)
        rows.append(
            InspectionRow(
                inspection=inspection,
                reports=[x for x in reports if x[2] or x[1] is not None],
                reports_final=final,
                hearing=items.get((inspection.pk, Meeting.Kind.HEARING)),
                decision=items.get((inspection.pk, Meeting.Kind.DECISION)),
            )
        )
    return rows


@dataclass
class DeadlineState:
    obligation: Obligation
    late_by: int | None  # working days after the due date it was fulfilled (or is still open), if late


def round_deadlines(rnd: Round, *, today: datetime.date) -> list[DeadlineState]:
    """The round's obligations (hearing, decision, filing), each with whether it was met late.

    The obligation engine stores the due date and the fulfilment date; “late” is fulfilled after the due date, or
    still open after it, counted in working days by the calendar."""
    cal = work_calendar()
    states = []
    for ob in Obligation.objects.filter(subject_type="planning.round", subject_id=str(rnd.pk)).order_by(
        "starts_on", "pk"
    ):
        late_by = None
        end = ob.fulfilled_on if ob.fulfilled_on is not None else today
        if ob.due_on is not None and end > ob.due_on:
            try:
                late_by = cal.working_days_between(ob.due_on, end)
            except UnknownYearError:  # a year the calendar does not know: still late, count unknown
                late_by = 0
        states.append(DeadlineState(obligation=ob, late_by=late_by))
    return states


# -- consultations --------------------------------------------------------------------------------------------------
@dataclass
class InspectionMaterial:
    inspection: Inspection
    posts: list[str]  # the cadre's posts in the inspected unit
    final_reports: list[str]  # names of the report types with a final version: existence only, never the text
    decision: MeetingItem | None
    decision_uses: list[str] = field(default_factory=list)


@dataclass
class ConsultationMaterial:
    """What the organization department gets, and nothing else: the inspections of the units where the cadre holds or
    held posts, which final reports exist, the leader-approved findings naming the cadre, and the decisions. Never
    talk records, petitions, informants or evidence links."""

    inspections: list[InspectionMaterial]
    findings: list[Finding]


def consultation_material(consultation: Consultation) -> ConsultationMaterial:
    # Deliberately not through visible_to: the department sees none of this by role; the consultation is its door,
    # opened by services.consultation_read, which checks the reader and records the read.
    cadre = consultation.cadre
    book = consultation.jurisdiction.rulebook
    labels = rules.use_labels(book)
    type_names = {t.code: t.name for t in book.report_types}
    inspections = cadre_inspections(cadre)
    ids = [i.pk for i in inspections]
    posts: dict[int, list[str]] = {}
    for p in cadre.posts.filter(organization_id__in=[i.target_id for i in inspections]).order_by("started_on"):
        span = f"{p.started_on}—{p.ended_on or '今'}"
        posts.setdefault(p.organization_id, []).append(f"{p.title}（{span}）")
    finals: dict[int, list[str]] = {}
    for inspection_id, kind in (
        Report.objects.filter(inspection_id__in=ids, status=Report.Status.FINAL)
        .order_by("inspection_id", "type")
        .values_list("inspection_id", "type")
        .distinct()
    ):
        finals.setdefault(inspection_id, []).append(type_names.get(kind, kind))
    decisions = {
        i.inspection_id: i
        for i in MeetingItem.objects.filter(inspection_id__in=ids, kind=Meeting.Kind.DECISION).select_related("meeting")
    }
    rows = [
        InspectionMaterial(
            inspection=i,
            posts=posts.get(i.target_id, []),
            final_reports=finals.get(i.pk, []),
            decision=decisions.get(i.pk),
            decision_uses=[labels.get(u, u) for u in decisions[i.pk].uses] if i.pk in decisions else [],
        )
        for i in inspections
    ]
    findings = list(
        Finding.objects.filter(inspection_id__in=ids, cadre=cadre, status=Finding.Status.LEADER_APPROVED)
        .select_related("inspection__jurisdiction", "inspection__team__round__jurisdiction", "inspection__target")
        .order_by("inspection_id", "number")
    )
    return ConsultationMaterial(inspections=rows, findings=findings)
