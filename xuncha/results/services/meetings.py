"""The leading group's hearing and the five-member group's decision: one meeting each, with an item per inspection.

Each service first checks everything (`_hearing_checked`, `_decision_checked`, returning a `MeetingPlan`), then
writes the meeting, its items and their events, and ends with the same two events (`_meeting_recorded`): the meeting
itself and, once every inspection of the round has its item, the round's `hearing.held` / `decision.made`."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from xuncha.audit.actions import Action
from xuncha.audit.services import event_record
from xuncha.core.errors import ServiceError, check_not_before, check_past_date
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.rulebook import Rulebook
from xuncha.planning.models import Round
from xuncha.reports.closure import reports_final

from .. import rules
from ..actions import (
    DECISION_MADE,
    HEARING_HELD,
    INSPECTION_HEARD,
    INSPECTION_RESULTS_DECIDED,
    RESULTS_DECISION_RECORDED,
    RESULTS_HEARING_RECORDED,
)
from ..models import Meeting, MeetingItem
from ..selectors import RESULTS_STAGE
from .common import (
    _attendees,
    _chosen,
    _done,
    _item,
    _locked_round,
    _meeting,
    _reports_article,
    _require_office,
    _stage_label,
    _text,
)

if TYPE_CHECKING:
    from xuncha.accounts.models import User


@dataclass
class MeetingPlan:
    """What a checked meeting writes: its date, texts and attendees, and per inspection its text and uses."""

    on: datetime.date
    agenda: str
    minutes: str
    people: list[tuple[str, str]]
    article: str
    items: list[tuple[Inspection, str, list[str]]]


def _meeting_write(*, actor: User, rnd: Round, kind: str, plan: MeetingPlan) -> Meeting:
    return _meeting(
        rnd=rnd,
        kind=kind,
        held_on=plan.on,
        agenda=plan.agenda,
        minutes=plan.minutes,
        attendees=plan.people,
        actor=actor,
    )


def _meeting_recorded(
    *,
    actor: User,
    rnd: Round,
    meeting: Meeting,
    plan: MeetingPlan,
    on_key: str,
    recorded: Action,
    completed: Action,
) -> None:
    """The meeting's event and, once every inspection of the round has an item of its kind, the round's."""
    event_record(
        actor=actor,
        action=recorded,
        obj=meeting,
        jurisdiction=rnd.jurisdiction,
        after={
            "round": rnd.pk,
            on_key: plan.on,
            "attendees": [n for n, _ in plan.people],
            "inspections": [i[0].pk for i in plan.items],
        },
        article=plan.article,
        occurred_on=plan.on,
    )
    all_ids, done = _done(rnd, meeting.kind)
    if all_ids <= done:
        event_record(
            actor=actor,
            action=completed,
            obj=rnd,
            after={"meeting": meeting.pk, "inspections": sorted(all_ids)},
            article=plan.article,
            occurred_on=plan.on,
        )


# -- the leading group's hearing ------------------------------------------------------------------------------------
def _reports_finalized_on(inspection: Inspection) -> datetime.date | None:
    """The day the last of the inspection's required reports (their latest versions) was finalized."""
    from xuncha.reports.models import Report

    book = inspection.jurisdiction.rulebook
    required = [k.code for k in book.report_types if k.required]
    days = []
    for code in required:
        latest = Report.objects.filter(inspection=inspection, type=code).order_by("-version").first()
        if latest is not None and latest.finalized_on is not None:
            days.append(latest.finalized_on)
    return max(days) if days else None


def _hearing_checked(
    actor: User,
    rnd: Round,
    *,
    held_on: datetime.date | None,
    agenda: str,
    attendees: Iterable[Any],
    minutes: str,
    items: Sequence[tuple[Inspection, str]],
) -> MeetingPlan:
    """Every check of a hearing, on the locked round; what it writes."""
    book = rnd.jurisdiction.rulebook
    article = book.procedure.hearing_article
    body, word = rules.hearing_body(book), book.word
    _require_office(actor, rnd, what=f"登记{body}听取{word}情况汇报", article=article)
    if rnd.ends_on is None:
        raise ServiceError(
            f"{rnd}尚未结束；{body}在每轮{word}结束后听取{word}组的{word}情况汇报（{article}）",
            field="round",
            article=article,
            code="wrong_stage",
        )
    held_on = held_on or timezone.localdate()
    check_past_date(held_on, field="held_on", label="召开日期", not_before=rnd.ends_on, after=f"{rnd}结束日期")
    agenda = _text(agenda, field="agenda", label="议题")
    minutes = _text(minutes, field="minutes", label="会议记录", article=article)
    people = _attendees(attendees, body=body, article=article)
    _, chosen = _chosen(rnd, items, what="听取汇报")
    heard = set(
        MeetingItem.objects.filter(kind=Meeting.Kind.HEARING, inspection__in=[c[0] for c in chosen]).values_list(
            "inspection_id", flat=True
        )
    )
    reports_article = _reports_article(book)
    for inspection, proposal in chosen:
        if inspection.pk in heard:
            raise ServiceError(f"{inspection} 已听取过汇报（{article}）", field="items", article=article)
        if inspection.status != RESULTS_STAGE:
            raise ServiceError(
                f"{inspection}处于“{_stage_label(inspection)}”阶段；{body}听取汇报须在“报告”阶段，"
                f"即{word}组结束了解、撰写报告之后（{article}）",
                field="items",
                article=article,
                code="wrong_stage",
            )
        final, detail = reports_final(inspection)
        if not final:
            raise ServiceError(
                f"{inspection}的必备报告尚未全部定稿：{detail}；{word}报告定稿后方可听取汇报"
                f"（{reports_article}、{article}）",
                field="items",
                article=reports_article,
                code="reports_not_final",
            )
        _text(proposal, field="items", label=f"{body}对{inspection}的处理意见", article=article)
        check_not_before(
            held_on,
            _reports_finalized_on(inspection),
            field="held_on",
            label="召开日期",
            after=f"{inspection}的{word}报告定稿日期",
            article=reports_article,
        )
    return MeetingPlan(
        on=held_on,
        agenda=agenda,
        minutes=minutes,
        people=people,
        article=article,
        items=[(inspection, proposal.strip(), []) for inspection, proposal in chosen],
    )


def hearing_hold(
    *,
    actor: User,
    round: Round,
    held_on: datetime.date | None = None,
    agenda: str,
    attendees: Iterable[Any],
    minutes: str,
    items: Sequence[tuple[Inspection, str]],
) -> Meeting:
    """领导小组听取巡察情况汇报，研究提出处理意见 (JDZ-2017 第三十一条, NMG-2016 第二十七条).

    Each inspection heard must be at 报告 with every report the rulebook requires final. When every inspection of the
    round has been heard, `hearing.held` is recorded on the round: it fulfils the hearing deadline (15 working days
    after the round ended under JDZ-2017; 及时 under NMG-2016). A late hearing is recorded; the obligation shows it
    fulfilled after its due date."""
    with transaction.atomic():
        rnd = _locked_round(round)
        plan = _hearing_checked(
            actor, rnd, held_on=held_on, agenda=agenda, attendees=attendees, minutes=minutes, items=items
        )
        meeting = _meeting_write(actor=actor, rnd=rnd, kind=Meeting.Kind.HEARING, plan=plan)
        for inspection, proposal, uses in plan.items:
            _item(meeting, inspection, proposal, uses)
            event_record(
                actor=actor,
                action=INSPECTION_HEARD,
                obj=inspection,
                inspection=inspection,
                jurisdiction=rnd.jurisdiction,
                after={"meeting": meeting.pk, "held_on": plan.on},
                article=plan.article,
                occurred_on=plan.on,
            )
        _meeting_recorded(
            actor=actor,
            rnd=rnd,
            meeting=meeting,
            plan=plan,
            on_key="held_on",
            recorded=RESULTS_HEARING_RECORDED,
            completed=HEARING_HELD,
        )
    return meeting


# -- the five-member group's decision -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Decision:
    """What the five-member group decided for one inspection."""

    inspection: Inspection
    text: str
    uses: Sequence[str] = field(default_factory=tuple)


def _decision(item: Any) -> Decision:
    if isinstance(item, Decision):
        return item
    inspection, text, *rest = item
    return Decision(inspection=inspection, text=text, uses=tuple(rest[0]) if rest else ())


def _uses(book: Rulebook, chosen: Sequence[str], *, article: str) -> list[str]:
    offered = rules.uses(book)
    known = {u.code for u in offered}
    unknown = [c for c in chosen if c not in known]
    if unknown:
        names = "、".join(f"{u.label}（{u.code}）" for u in offered)
        raise ServiceError(f"未知的成果运用方式：{'、'.join(unknown)}；可选：{names}", field="uses", article=article)
    wanted = set(chosen) | {u.code for u in offered if u.fixed}
    return [u.code for u in offered if u.code in wanted]


def _decision_checked(
    actor: User,
    rnd: Round,
    *,
    made_on: datetime.date | None,
    attendees: Iterable[Any],
    minutes: str,
    items: Sequence[Decision | tuple[Any, ...]],
    agenda: str,
) -> MeetingPlan:
    """Every check of a decision, on the locked round; what it writes."""
    book = rnd.jurisdiction.rulebook
    article = book.procedure.decision_article
    body, word = rules.decision_body(book), book.word
    _require_office(actor, rnd, what=f"登记{body}研究决定{word}成果运用", article=article)
    minutes = _text(minutes, field="minutes", label="会议记录", article=article)
    people = _attendees(attendees, body=body, article=article)
    decisions = [_decision(i) for i in items]
    _, chosen = _chosen(rnd, [(d.inspection, d) for d in decisions], what="研究决定")
    hearings = {
        i.inspection_id: i
        for i in MeetingItem.objects.filter(
            kind=Meeting.Kind.HEARING, inspection__in=[c[0] for c in chosen]
        ).select_related("meeting")
    }
    made_on = made_on or timezone.localdate()
    check_past_date(made_on, field="made_on", label="会议日期", not_before=rnd.ends_on, after=f"{rnd}结束日期")
    hearing_article = book.procedure.hearing_article
    resolved: list[tuple[Inspection, str, list[str]]] = []
    for inspection, decision in chosen:
        heard = hearings.get(inspection.pk)
        if heard is None:
            raise ServiceError(
                f"{rules.hearing_body(book)}尚未听取{inspection}的汇报、提出处理意见，{body}不能研究决定"
                f"（{hearing_article}：听取汇报、提出处理意见后报{body}研究）",
                field="items",
                article=hearing_article,
                code="not_heard",
            )
        check_not_before(
            made_on,
            heard.meeting.held_on,
            field="made_on",
            label="会议日期",
            after=f"{rules.hearing_body(book)}听取{inspection}汇报的日期",
            article=hearing_article,
        )
        if inspection.results_decided_on is not None:
            raise ServiceError(
                f"{body}已于 {inspection.results_decided_on} 研究决定{inspection}的成果运用（{article}）",
                field="items",
                article=article,
            )
        if inspection.status != RESULTS_STAGE:
            raise ServiceError(
                f"{inspection}处于“{_stage_label(inspection)}”阶段，研究决定成果运用须在“报告”阶段、反馈之前"
                f"（{article}、{book.procedure.feedback_article}）",
                field="items",
                article=article,
                code="wrong_stage",
            )
        if made_on < heard.meeting.held_on:
            raise ServiceError(
                f"会议日期不能早于{rules.hearing_body(book)}听取{inspection}汇报的日期 {heard.meeting.held_on}",
                field="made_on",
                article=article,
            )
        text = _text(decision.text, field="items", label=f"对{inspection}的决定", article=article)
        resolved.append((inspection, text, _uses(book, decision.uses, article=article)))
    return MeetingPlan(
        on=made_on, agenda=(agenda or "").strip(), minutes=minutes, people=people, article=article, items=resolved
    )


def decision_make(
    *,
    actor: User,
    round: Round,
    made_on: datetime.date | None = None,
    attendees: Iterable[Any],
    minutes: str,
    items: Sequence[Decision | tuple[Any, ...]],
    agenda: str = "",
) -> Meeting:
    """“五人小组”研究决定巡察成果的运用 (JDZ-2017 第三十二条, NMG-2016 第二十八条).

    Only an inspection the leading group has heard may be decided. Each decided inspection gets its date
    (Inspection.results_decided_on) and `inspection.results_decided`, from which its feedback runs; when every
    inspection of the round is decided, `decision.made` is recorded on the round, from which the filing runs."""
    with transaction.atomic():
        rnd = _locked_round(round)
        plan = _decision_checked(
            actor, rnd, made_on=made_on, attendees=attendees, minutes=minutes, items=items, agenda=agenda
        )
        meeting = _meeting_write(actor=actor, rnd=rnd, kind=Meeting.Kind.DECISION, plan=plan)
        for inspection, text, uses in plan.items:
            _item(meeting, inspection, text, uses)
            inspection.results_decided_on = plan.on
            inspection.save(update_fields=["results_decided_on"])
            event_record(
                actor=actor,
                action=INSPECTION_RESULTS_DECIDED,
                obj=inspection,
                inspection=inspection,
                jurisdiction=rnd.jurisdiction,
                after={"results_decided_on": plan.on, "meeting": meeting.pk, "uses": uses},
                article=plan.article,
                occurred_on=plan.on,
            )
        _meeting_recorded(
            actor=actor,
            rnd=rnd,
            meeting=meeting,
            plan=plan,
            on_key="made_on",
            recorded=RESULTS_DECISION_RECORDED,
            completed=DECISION_MADE,
        )
    return meeting


def round_decided_on(rnd: Round) -> datetime.date | None:
    """The date the last inspection of the round was decided, if every one is; else None."""
    dates = list(Inspection.objects.filter(round=rnd).values_list("results_decided_on", flat=True))
    if not dates or any(d is None for d in dates):
        return None
    return max(d for d in dates if d is not None)
