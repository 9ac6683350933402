"""Work-queue items after a round (JDZ-2017 第三十一条、第三十二条、第三十八条; NMG-2016 第二十七条、第二十八条、
第三十三条), with the authority of results/services/:

- the leading group's hearing, the five-member group's decision and the filing upward are recorded by the office
  (`_require_office`), whatever body holds the meeting: the members of those bodies get no to-do here;
- a consultation on a cadre waits for its answer from the office or the leader of a team that inspected a unit where
  the cadre holds or held a post (`may_answer`);
- an answered consultation waits for the organization department that asked it to read the answer
  (`consultation_read`: the asker), until it has.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import CharField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.urls import reverse

from xuncha.audit.models import Event
from xuncha.core.visibility import Viewer
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.rulebook import get_rulebook
from xuncha.obligations.queue import QueueItem, office_jurisdictions, open_obligations, provider, queue_item
from xuncha.planning.models import Round
from xuncha.reports.models import Report

from . import rules
from .actions import RESULTS_CONSULTATION_ANSWERED, RESULTS_CONSULTED
from .models import Consultation, Meeting, MeetingItem
from .services import ENTERED_STAGES, RESULTS_STAGE


@provider
def round_steps(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    offices = office_jurisdictions(viewer)
    if not offices:
        return
    heard = MeetingItem.objects.filter(inspection=OuterRef("pk"), kind=Meeting.Kind.HEARING)
    decided = MeetingItem.objects.filter(inspection=OuterRef("pk"), kind=Meeting.Kind.DECISION)
    waiting = (
        Inspection.objects.filter(
            jurisdiction_id__in=offices, round__ends_on__isnull=False, status=RESULTS_STAGE, results_decided_on=None
        )
        .annotate(heard=Exists(heard), decided=Exists(decided))
        .values_list("pk", "round_id", "jurisdiction__rulebook_code", "heard", "decided")
    )
    rows = list(waiting)
    # hearing_hold hears an inspection only once every report the rulebook requires is final (JDZ-2017 第三十条,
    # NMG-2016 第二十六条): one query for the final ones, whatever their number.
    final: set[tuple[int, str]] = set(
        Report.objects.filter(inspection_id__in=[r[0] for r in rows if not r[3]], status=Report.Status.FINAL)
        .values_list("inspection_id", "type")
        .distinct()
    )
    to_hear: dict[int, int] = {}
    to_decide: dict[int, int] = {}
    for inspection_id, round_id, code, was_heard, was_decided in rows:
        if not was_heard:
            required = {t.code for t in get_rulebook(code).report_types if t.required}
            if all((inspection_id, t) in final for t in required):
                to_hear[round_id] = to_hear.get(round_id, 0) + 1
        elif not was_decided:
            to_decide[round_id] = to_decide.get(round_id, 0) + 1
    filing_rules = ["filing", "report_upward", "hearing", "decision"]
    from xuncha.obligations.models import Obligation

    filings = list(
        Obligation.objects.filter(
            status=Obligation.Status.OPEN,
            subject_type="planning.round",
            jurisdiction_id__in=offices,
            rule_code__in=["filing", "report_upward"],
        ).values_list("subject_id", flat=True)
    )
    round_ids = set(to_hear) | set(to_decide) | {int(i) for i in filings}
    if not round_ids:
        return
    rounds = {r.pk: r for r in Round.objects.filter(pk__in=round_ids).select_related("jurisdiction")}
    deadlines = open_obligations(subject_type="planning.round", subject_ids=round_ids, rule_codes=filing_rules)
    for pk in sorted(round_ids):
        rnd = rounds[pk]
        book = rnd.jurisdiction.rulebook
        proc = book.procedure
        if pk in to_hear:
            yield queue_item(
                kind="round.hearing",
                title=f"登记{rules.hearing_body(book)}听取{book.word}情况汇报（{to_hear[pk]}个{book.word}待听取）",
                subject=str(rnd),
                url=reverse("results:hearing", args=[pk]),
                jurisdiction_id=rnd.jurisdiction_id,
                since=rnd.ends_on,
                article=proc.hearing_article,
                obligation=deadlines.get(("hearing", str(pk))),
                book=book,
            )
        if pk in to_decide:
            yield queue_item(
                kind="round.decision",
                title=f"登记{rules.decision_body(book)}研究决定{book.word}成果运用（{to_decide[pk]}个{book.word}待决定）",
                subject=str(rnd),
                url=reverse("results:decision", args=[pk]),
                jurisdiction_id=rnd.jurisdiction_id,
                since=rnd.ends_on,
                article=proc.decision_article,
                obligation=deadlines.get(("decision", str(pk))),
                book=book,
            )
        ob = deadlines.get(("filing", str(pk))) or deadlines.get(("report_upward", str(pk)))
        if ob is not None:
            yield queue_item(
                kind="round.filing",
                title=f"登记向{rules.filing_to_name(book)}{rules.filing_verb(book)}",
                subject=str(rnd),
                url=reverse("results:filing", args=[pk]),
                jurisdiction_id=rnd.jurisdiction_id,
                since=ob.starts_on,
                article=proc.filing_article,
                obligation=ob,
                book=book,
            )


@provider
def consultations(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    offices = office_jurisdictions(viewer)
    led = viewer.led_team_ids  # may_answer: the team's leader by membership
    if offices or led:
        from xuncha.registry.models import Post

        led_targets = Inspection.objects.filter(team_id__in=sorted(led), status__in=ENTERED_STAGES).values("target_id")
        cadres = Post.objects.filter(organization_id__in=led_targets).values("cadre_id")
        waiting = (
            Consultation.objects.filter(Q(jurisdiction_id__in=offices) | Q(cadre_id__in=cadres), answered_on=None)
            .select_related("jurisdiction", "cadre", "department")
            .order_by("asked_on", "pk")
        )
        for c in waiting:
            book = c.jurisdiction.rulebook
            yield QueueItem(
                kind="consultation.answer",
                title=f"答复组织部门听取{book.word}意见",
                subject=f"{c.department} · {c.cadre}（{c.get_occasion_display()}）",
                url=reverse("results:consultation", args=[c.pk]),
                jurisdiction_id=c.jurisdiction_id,
                since=c.asked_on,
                article=book.procedure.results_use_article,
            )
    if viewer.receiver_org_ids:
        ref = Cast(OuterRef("pk"), CharField())
        answered_seq = Subquery(
            Event.objects.filter(
                object_type="results.consultation", object_id=ref, action=RESULTS_CONSULTATION_ANSWERED.code
            )
            .order_by("-seq")
            .values("seq")[:1]
        )
        read_since = Event.objects.filter(
            object_type="results.consultation",
            object_id=ref,
            action=RESULTS_CONSULTED.code,
            actor_id=viewer.user_id,
            seq__gt=OuterRef("answered_seq"),
        )
        unread = (
            Consultation.objects.filter(asked_by_id=viewer.user_id, answered_on__isnull=False)
            .annotate(answered_seq=answered_seq)
            .annotate(read=Exists(read_since))
            .filter(read=False)
            .select_related("jurisdiction", "cadre")
            .order_by("answered_on", "pk")
        )
        for c in unread:
            book = c.jurisdiction.rulebook
            yield QueueItem(
                kind="consultation.read_answer",
                title=f"查阅{book.word}意见的答复",
                subject=f"{c.cadre}（{c.get_occasion_display()}）",
                url=reverse("results:consultation", args=[c.pk]),
                jurisdiction_id=c.jurisdiction_id,
                since=c.answered_on,
                article=book.procedure.results_use_article,
            )
