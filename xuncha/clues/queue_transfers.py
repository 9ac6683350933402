"""Work-queue items of the clues' way out (authority as in clues/services/ fast_track, disposal, transfers, handling):

- the leading group's head: proposals to transfer during the inspection, handover forms to approve;
- the office: the same approvals to record, clues of decided rounds awaiting their disposal decision, disposed clues to
  draft into a transfer, forms to sign for the office;
- the team's leader: forms to sign for the team;
- a receiver's contact: receipts to sign, handling reports due (with the open obligation's due date), JDZ-2017
  第三十七条 专题排查会 on 市管干部 clues;
- escalation: an overdue 3-month handling duty appears on the office's and the leading group's queues too.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Exists, OuterRef
from django.urls import reverse

from xuncha.core.visibility import Viewer
from xuncha.obligations.queue import QueueItem, office_jurisdictions, open_obligations, provider, queue_item

from .models import Clue, ClueSubject, FastTrack, Transfer

LIMIT = 50  # items per kind on one queue
HEAD = frozenset({"leading_group_head"})
LEADING_GROUP = frozenset({"leading_group_head", "leading_group_member"})


def _approvers(viewer: Viewer) -> list[int]:
    return sorted(set(viewer.jurisdictions_with(HEAD)) | set(office_jurisdictions(viewer)))


@provider
def transfer_approvals(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    jids = _approvers(viewer)
    if not jids:
        return
    for ft in FastTrack.objects.filter(decision="pending", clue__jurisdiction_id__in=jids).select_related(
        "clue__jurisdiction", "clue__inspection__round", "clue__inspection__team", "receiver"
    )[:LIMIT]:
        book = ft.clue.jurisdiction.rulebook
        yield queue_item(
            kind="clue.fast_track_decide",
            title=f"审批{ft.clue.jurisdiction.word}期间移交问题线索",
            subject=f"{ft.clue.code} → {ft.receiver}",
            url=reverse("clues:fast_track_decide", args=[ft.pk]),
            jurisdiction_id=ft.clue.jurisdiction_id,
            since=ft.proposed_on,
            article=book.clues.during_inspection_approval_article,
        )
    for t in Transfer.objects.filter(status="drafted", jurisdiction_id__in=jids).select_related(
        "jurisdiction", "receiver"
    )[:LIMIT]:
        yield queue_item(
            kind="clue.transfer_approve",
            title="审批移交材料交接单",
            subject=f"{t} → {t.receiver}",
            url=reverse("clues:transfer_detail", args=[t.pk]),
            jurisdiction_id=t.jurisdiction_id,
            since=t.drafted_on,
            article=t.jurisdiction.rulebook.clues.disposal_article,
        )


@provider
def office_disposal_work(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    jids = office_jurisdictions(viewer)
    if not jids:
        return
    waiting = (
        Clue.objects.filter(
            jurisdiction_id__in=jids,
            status=Clue.Status.REGISTERED,
            inspection__round__results_meetings__kind="decision",
        )
        .select_related("jurisdiction", "inspection__round", "inspection__team")
        .distinct()
    )
    for clue in waiting[:LIMIT]:
        yield queue_item(
            kind="clue.dispose",
            title="登记问题线索分类处置决定",
            subject=clue.code,
            url=reverse("clues:round_disposal", args=[clue.inspection_id]),
            jurisdiction_id=clue.jurisdiction_id,
            article=clue.jurisdiction.rulebook.clues.disposal_article,
        )
    disposed = Clue.objects.filter(jurisdiction_id__in=jids, status=Clue.Status.DISPOSED).select_related(
        "jurisdiction", "inspection__round", "inspection__team", "disposal__receiver"
    )
    for clue in disposed[:LIMIT]:
        yield queue_item(
            kind="clue.transfer_draft",
            title="拟制问题线索移交",
            subject=f"{clue.code} → {clue.disposal.receiver}",
            url=reverse("clues:round_disposal", args=[clue.inspection_id]),
            jurisdiction_id=clue.jurisdiction_id,
            since=clue.disposal.recorded_on,
            article=clue.jurisdiction.rulebook.clues.disposal_article,
        )
    for t in (
        Transfer.objects.filter(status="approved", jurisdiction_id__in=jids, office_signed_on__isnull=True)
        .exclude(handover_form="")
        .select_related("jurisdiction", "receiver")[:LIMIT]
    ):
        yield _sign_item(t, "office")


def _sign_item(t: Transfer, party: str) -> QueueItem:
    book = t.jurisdiction.rulebook
    title = "签收移交的问题线索" if party == "receiver" else "在移交材料交接单上签字"
    form = book.signature_form(t.handover_form) if t.handover_form else None
    return queue_item(
        kind=f"clue.transfer_sign.{party}",
        title=title,
        subject=f"{t} · {t.receiver}",
        url=reverse("clues:transfer_detail", args=[t.pk]),
        jurisdiction_id=t.jurisdiction_id,
        since=t.approved_on,
        article=form.article if form else book.clues.handling_article,
    )


@provider
def team_signatures(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    if not viewer.led_team_ids:
        return
    for t in (
        Transfer.objects.filter(
            status="approved", inspection__team_id__in=sorted(viewer.led_team_ids), team_signed_on__isnull=True
        )
        .exclude(handover_form="")
        .select_related("jurisdiction", "receiver")[:LIMIT]
    ):
        yield _sign_item(t, "team")


@provider
def receiver_work(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    orgs = sorted(viewer.receiver_org_ids)
    if not orgs:
        return
    for t in Transfer.objects.filter(
        status="approved", receiver_id__in=orgs, receiver_signed_on__isnull=True
    ).select_related("jurisdiction", "receiver")[:LIMIT]:
        yield _sign_item(t, "receiver")
    jurisdiction_managed = ClueSubject.objects.filter(clue=OuterRef("pk"), cadre__management_level="jurisdiction")
    clues = list(
        Clue.objects.filter(
            transfer__receiver_id__in=orgs,
            transfer__status="completed",
            status__in=[Clue.Status.TRANSFERRED, Clue.Status.HANDLING],
        )
        .annotate(jurisdiction_managed=Exists(jurisdiction_managed))
        .select_related("jurisdiction", "inspection__round", "inspection__team", "transfer__receiver")[:LIMIT]
    )
    obs = open_obligations(
        subject_type="clues.clue",
        subject_ids=[c.pk for c in clues],
        rule_codes=["clue_handling_report", "fast_track_handling"],
    )
    for clue in clues:
        book = clue.jurisdiction.rulebook
        ob = obs.get(("clue_handling_report", str(clue.pk))) or obs.get(("fast_track_handling", str(clue.pk)))
        yield queue_item(
            kind="clue.handling_report",
            title="反馈移交问题线索办理情况",
            subject=clue.code,
            url=reverse("clues:handling_report", args=[clue.pk]),
            jurisdiction_id=clue.jurisdiction_id,
            since=clue.transfer.receiver_signed_on if clue.transfer else None,
            article=book.clues.handling_article,
            obligation=ob,
            book=book,
        )
        if (
            book.clues.priority_article
            and clue.review_meeting_on is None
            and clue.transfer is not None
            and clue.transfer.receiver.receiver_kind == "discipline_organ"
            and clue.jurisdiction_managed  # annotated above
        ):
            yield queue_item(
                kind="clue.review_meeting",
                title="优先办理本级管理干部问题线索，召开专题排查会",
                subject=clue.code,
                url=reverse("clues:receiver_inbox"),
                jurisdiction_id=clue.jurisdiction_id,
                since=clue.transfer.receiver_signed_on,
                article=book.clues.priority_article,
            )


@provider
def overdue_handling(viewer: Viewer, today: datetime.date) -> Iterator[QueueItem]:
    """An overdue 3-month duty, escalated to the office and the leading group (the receiver has it on its own
    queue already)."""
    from xuncha.obligations.models import Obligation

    jids = sorted(set(office_jurisdictions(viewer)) | set(viewer.jurisdictions_with(LEADING_GROUP)))
    if not jids:
        return
    overdue = Obligation.objects.filter(
        status=Obligation.Status.OPEN,
        rule_code="clue_handling_report",
        subject_type="clues.clue",
        jurisdiction_id__in=jids,
        due_on__lt=today,
    ).order_by("due_on")[:LIMIT]
    clues = {
        str(c.pk): c
        for c in Clue.objects.filter(pk__in=[int(o.subject_id) for o in overdue]).select_related(
            "jurisdiction", "inspection__round", "inspection__team", "transfer__receiver"
        )
    }
    for ob in overdue:
        clue = clues.get(ob.subject_id)
        if clue is None:
            continue
        receiver = clue.transfer.receiver if clue.transfer else ""
        yield queue_item(
            kind="clue.handling_overdue",
            title=f"逾期未反馈线索办理情况（督促{receiver}）",
            subject=clue.code,
            url=reverse("clues:inspection_transfers", args=[clue.inspection_id]),
            jurisdiction_id=clue.jurisdiction_id,
            article=ob.article,
            due_on=ob.due_on,
        )
