"""Writes: the leading group's hearing, the five-member group's decision, the filing upward, and consultations on
cadres. Each is one transaction with its events; the obligation engine reads the rulebook's deadlines from them:

- `round.ended` (planning) opens “听取汇报” on the round; `hearing.held` (here, when every inspection of the round has
  been heard) fulfils it and opens “研究决定”;
- `inspection.results_decided` (here, per inspection) opens that inspection's feedback; `decision.made` (when every
  inspection of the round is decided) fulfils “研究决定” and opens the filing;
- the rulebook's `filing_action` (`decision.filed` / `decision.reported_upward`) fulfils the filing.

Who may act:
- the meetings and the filing are recorded by the office (巡察办 / 巡视办), which serves the leading group and, under
  JDZ-2017 第三十二条, files the decision; the members of the bodies attend by name;
- a consultation is asked by a contact of a registry organization of kind 组织部门 (the article names the
  organization department), and answered by the office or the leader of a team that inspected a unit where the
  cadre holds or held a post.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from xuncha.audit import actions
from xuncha.audit.services import event_record
from xuncha.core.errors import (
    PermissionDeniedError,
    ServiceError,
    check_not_before,
    check_past_date,
    full_clean_or_raise,
)
from xuncha.core.locking import lock_row
from xuncha.core.visibility import viewer_for
from xuncha.inspections.closure import CHECKS
from xuncha.inspections.models import Inspection
from xuncha.jurisdictions.rulebook import Rulebook
from xuncha.planning.models import Round
from xuncha.registry.models import Cadre, Organization, Post

from . import rules
from .actions import (
    DECISION_MADE,
    HEARING_HELD,
    INSPECTION_HEARD,
    INSPECTION_RESULTS_DECIDED,
    RESULTS_CONSULTATION_ANSWERED,
    RESULTS_CONSULTED,
    RESULTS_DECISION_RECORDED,
    RESULTS_HEARING_RECORDED,
)
from .models import Consultation, Filing, Meeting, MeetingAttendee, MeetingItem

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


# -- guards ---------------------------------------------------------------------------------------------------------
def _locked_round(rnd: Round) -> Round:
    # Lock the round: two clerks recording meetings of the same round must not both find an inspection “not yet
    # heard”, nor both record the round-level event.
    return lock_row(rnd, "jurisdiction")


def is_office(actor: Any, jurisdiction_id: int) -> bool:
    return jurisdiction_id in viewer_for(actor).jurisdictions_with(rules.OFFICE_ROLES)


def _require_office(actor: Any, rnd: Round, *, what: str, article: str) -> None:
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
    actor: Any,
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


def hearing_hold(
    *,
    actor: Any,
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
            final, detail = CHECKS["reports_final"](inspection)
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
        meeting = _meeting(
            rnd=rnd,
            kind=Meeting.Kind.HEARING,
            held_on=held_on,
            agenda=agenda,
            minutes=minutes,
            attendees=people,
            actor=actor,
        )
        for inspection, proposal in chosen:
            _item(meeting, inspection, proposal.strip(), [])
            event_record(
                actor=actor,
                action=INSPECTION_HEARD,
                obj=inspection,
                inspection=inspection,
                jurisdiction=rnd.jurisdiction,
                after={"meeting": meeting.pk, "held_on": held_on},
                article=article,
                occurred_on=held_on,
            )
        event_record(
            actor=actor,
            action=RESULTS_HEARING_RECORDED,
            obj=meeting,
            jurisdiction=rnd.jurisdiction,
            after={
                "round": rnd.pk,
                "held_on": held_on,
                "attendees": [n for n, _ in people],
                "inspections": [c[0].pk for c in chosen],
            },
            article=article,
            occurred_on=held_on,
        )
        all_ids, done = _done(rnd, Meeting.Kind.HEARING)
        if all_ids <= done:
            event_record(
                actor=actor,
                action=HEARING_HELD,
                obj=rnd,
                after={"meeting": meeting.pk, "inspections": sorted(all_ids)},
                article=article,
                occurred_on=held_on,
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


def decision_make(
    *,
    actor: Any,
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
        meeting = _meeting(
            rnd=rnd,
            kind=Meeting.Kind.DECISION,
            held_on=made_on,
            agenda=(agenda or "").strip(),
            minutes=minutes,
            attendees=people,
            actor=actor,
        )
        for inspection, text, uses in resolved:
            _item(meeting, inspection, text, uses)
            inspection.results_decided_on = made_on
            inspection.save(update_fields=["results_decided_on"])
            event_record(
                actor=actor,
                action=INSPECTION_RESULTS_DECIDED,
                obj=inspection,
                inspection=inspection,
                jurisdiction=rnd.jurisdiction,
                after={"results_decided_on": made_on, "meeting": meeting.pk, "uses": uses},
                article=article,
                occurred_on=made_on,
            )
        event_record(
            actor=actor,
            action=RESULTS_DECISION_RECORDED,
            obj=meeting,
            jurisdiction=rnd.jurisdiction,
            after={
                "round": rnd.pk,
                "made_on": made_on,
                "attendees": [n for n, _ in people],
                "inspections": [r[0].pk for r in resolved],
            },
            article=article,
            occurred_on=made_on,
        )
        all_ids, done = _done(rnd, Meeting.Kind.DECISION)
        if all_ids <= done:
            event_record(
                actor=actor,
                action=DECISION_MADE,
                obj=rnd,
                after={"meeting": meeting.pk, "inspections": sorted(all_ids)},
                article=article,
                occurred_on=made_on,
            )
    return meeting


def round_decided_on(rnd: Round) -> datetime.date | None:
    """The date the last inspection of the round was decided, if every one is; else None."""
    dates = list(Inspection.objects.filter(round=rnd).values_list("results_decided_on", flat=True))
    if not dates or any(d is None for d in dates):
        return None
    return max(d for d in dates if d is not None)


# -- filing upward --------------------------------------------------------------------------------------------------
def decision_file(
    *, actor: Any, round: Round, filed_on: datetime.date | None = None, document_number: str, summary: str
) -> Filing:
    """报送备案 (JDZ-2017 第三十二条第二款: 市委巡察办应当及时报送省委巡视工作领导小组办公室备案) / 向上级报告
    (NMG-2016 第二十八条第二款: 应当及时报告中央巡视工作领导小组). Records the rulebook's `filing_action` on the round,
    which fulfils the filing deadline opened by `decision.made`."""
    with transaction.atomic():
        rnd = _locked_round(round)
        book = rnd.jurisdiction.rulebook
        proc = book.procedure
        article, verb, to_name = proc.filing_article, rules.filing_verb(book), rules.filing_to_name(book)
        _require_office(actor, rnd, what=f"登记向{to_name}{verb}", article=article)
        decided_on = round_decided_on(rnd)
        if decided_on is None:
            raise ServiceError(
                f"{rules.decision_body(book)}尚未研究决定{rnd}全部{book.word}的成果运用，不能{verb}（{article}）",
                field="round",
                article=article,
                code="not_decided",
            )
        if Filing.objects.filter(round=rnd).exists():
            raise ServiceError(f"{rnd}的决定已{verb}，不能重复登记（{article}）", field="round", article=article)
        filed_on = filed_on or timezone.localdate()
        check_past_date(
            filed_on,
            field="filed_on",
            label="报送日期",
            not_before=decided_on,
            after="研究决定成果运用日期",
            article=article,
        )
        filing = Filing(
            jurisdiction=rnd.jurisdiction,
            round=rnd,
            action=proc.filing_action,
            to_body=proc.filing_to,
            to_name=to_name,
            filed_on=filed_on,
            document_number=_text(document_number, field="document_number", label="文号"),
            summary=_text(summary, field="summary", label=f"{verb}内容摘要", article=article),
            recorded_by=actor,
        )
        full_clean_or_raise(filing)
        filing.save()
        event_record(
            actor=actor,
            action=actions.get(proc.filing_action),
            obj=rnd,
            after={"filing": filing.pk, "to": proc.filing_to, "document_number": filing.document_number},
            article=article,
            occurred_on=filed_on,
        )
    return filing


# -- consultations on cadres (成果运用) -------------------------------------------------------------------------------
def departments_of(actor: Any) -> list[Organization]:
    """The organization departments (receiver_kind 组织部门) whose contact the actor is."""
    return list(
        Organization.objects.filter(
            kind=Organization.Kind.RECEIVER,
            receiver_kind="organization_department",
            pk__in=viewer_for(actor).receiver_org_ids,
        )
        .select_related("jurisdiction")
        .order_by("pk")
    )


def department_of(actor: Any, jurisdiction_id: int) -> Organization | None:
    return next((d for d in departments_of(actor) if d.jurisdiction_id == jurisdiction_id), None)


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


def eligible_cadres(jurisdiction: Any) -> Any:
    """Cadres a consultation may be about: under JDZ-2017 第三十八条 every 市管干部 (拟提任的 among them need no post
    in an inspected unit); under NMG-2016 第三十三条 the leaders of units that have been or are being inspected."""
    book = jurisdiction.rulebook
    qs = Cadre.objects.filter(jurisdiction=jurisdiction)
    if rules.jurisdiction_managed_only(book):
        qs = qs.filter(management_level=Cadre.Level.JURISDICTION)
    if not rules.allows_to_be_promoted(book):
        posts = Post.objects.filter(
            organization__inspections__status__in=ENTERED_STAGES, organization__jurisdiction=jurisdiction
        )
        if rules.leadership_only(book):
            posts = posts.filter(is_leadership=True)
        qs = qs.filter(pk__in=posts.values("cadre_id"))
    return qs.order_by("code")


def consultation_request(
    *,
    actor: Any,
    cadre: Cadre,
    occasion: str,
    purpose: str,
    asked_on: datetime.date | None = None,
    to_be_promoted: bool = False,
) -> Consultation:
    """The organization department asks to hear the inspection body's opinion on a cadre (JDZ-2017 第三十八条,
    NMG-2016 第三十三条). Recorded as `results.consulted` (step “request”)."""
    with transaction.atomic():
        jurisdiction = cadre.jurisdiction
        book = jurisdiction.rulebook
        proc = book.procedure
        article = proc.results_use_article
        department = department_of(actor, jurisdiction.pk)
        if department is None:
            raise PermissionDeniedError(
                f"只有{jurisdiction}组织部门（接收单位类别为“组织部门”）的经办人可以听取{book.word}意见（{article}）。",
                article=article,
            )
        offered = rules.occasions(book)
        if occasion not in {o.code for o in offered}:
            names = "、".join(f"{o.label}（{o.code}）" for o in offered)
            raise ServiceError(
                f"事由应为{article}所列情形之一：{names}", field="occasion", article=article, code="wrong_occasion"
            )
        if to_be_promoted and not rules.allows_to_be_promoted(book):
            raise ServiceError(
                f"《{book.short_title}》{article}未规定对拟提任干部听取{book.word}意见",
                field="to_be_promoted",
                article=article,
            )
        if rules.jurisdiction_managed_only(book) and cadre.management_level != Cadre.Level.JURISDICTION:
            raise ServiceError(
                f"{cadre}不是{Cadre.Level.JURISDICTION.label}；{article}只规定对市管干部听取{book.word}组意见",
                field="cadre",
                article=article,
            )
        if not to_be_promoted and not cadre_inspections(cadre, leadership_only=rules.leadership_only(book)):
            held = "领导班子成员职务" if rules.leadership_only(book) else "职务"
            raise ServiceError(
                f"{cadre}未在已经过或正在接受{book.word}的单位担任{held}（{article}：{proc.results_use_text}）",
                field="cadre",
                article=article,
                code="not_inspected",
            )
        asked_on = asked_on or timezone.localdate()
        check_past_date(asked_on, field="asked_on", label="提出日期")
        consultation = Consultation(
            jurisdiction=jurisdiction,
            cadre=cadre,
            department=department,
            occasion=occasion,
            to_be_promoted=to_be_promoted,
            purpose=_text(purpose, field="purpose", label="听取意见的目的", article=article),
            asked_by=actor,
            asked_on=asked_on,
        )
        full_clean_or_raise(consultation)
        consultation.save()
        event_record(
            actor=actor,
            action=RESULTS_CONSULTED,
            obj=consultation,
            jurisdiction=jurisdiction,
            after={
                "step": "request",
                "cadre": cadre.code,
                "occasion": occasion,
                "to_be_promoted": to_be_promoted,
                "department": department.name,
            },
            article=article,
            occurred_on=asked_on,
        )
    return consultation


def may_read_material(actor: Any, consultation: Consultation) -> bool:
    """The asker and the office: the material names findings of several teams."""
    return consultation.asked_by_id == getattr(actor, "pk", None) or is_office(actor, consultation.jurisdiction_id)


def may_answer(actor: Any, consultation: Consultation) -> bool:
    if is_office(actor, consultation.jurisdiction_id):
        return True
    led = viewer_for(actor).led_team_ids
    return any(i.team_id in led for i in cadre_inspections(consultation.cadre))


def consultation_read(*, actor: Any, consultation: Consultation) -> Any:
    """What the department gets: the material the rulebook allows (see selectors.consultation_material). Each read is
    a `results.consulted` event (step “read”) naming what was shown."""
    from .selectors import consultation_material

    with transaction.atomic():
        consultation = Consultation.objects.select_related("cadre", "jurisdiction").get(pk=consultation.pk)
        article = consultation.jurisdiction.rulebook.procedure.results_use_article
        if not may_read_material(actor, consultation):
            raise PermissionDeniedError(
                f"只有提出人和办公室可以查阅{consultation}的材料（{article}）。", article=article
            )
        material = consultation_material(consultation)
        event_record(
            actor=actor,
            action=RESULTS_CONSULTED,
            obj=consultation,
            jurisdiction=consultation.jurisdiction,
            after={
                "step": "read",
                "inspections": [e.inspection.pk for e in material.inspections],
                "findings": [f.pk for f in material.findings],
            },
            article=article,
        )
    return material


def consultation_answer(
    *, actor: Any, consultation: Consultation, opinion: str, answered_on: datetime.date | None = None
) -> Consultation:
    """The office, or the leader of a team concerned, records the opinion given to the department."""
    with transaction.atomic():
        consultation = (
            Consultation.objects.select_for_update(of=("self",))
            .select_related("cadre", "jurisdiction")
            .get(pk=consultation.pk)
        )
        book = consultation.jurisdiction.rulebook
        article = book.procedure.results_use_article
        if not may_answer(actor, consultation):
            raise PermissionDeniedError(
                f"只有{book.body('office').name}或{book.word}过该干部任职单位的{book.word}组组长可以答复（{article}）。",
                article=article,
            )
        if consultation.answered_on is not None:
            raise ServiceError(f"{consultation}已于 {consultation.answered_on} 答复", field="opinion", article=article)
        answered_on = answered_on or timezone.localdate()
        check_past_date(answered_on, field="answered_on", label="答复日期", not_before=consultation.asked_on)
        consultation.opinion = _text(opinion, field="opinion", label=f"{book.word}意见", article=article)
        consultation.answered_on, consultation.answered_by = answered_on, actor
        full_clean_or_raise(consultation)
        consultation.save(update_fields=["opinion", "answered_on", "answered_by"])
        event_record(
            actor=actor,
            action=RESULTS_CONSULTATION_ANSWERED,
            obj=consultation,
            jurisdiction=consultation.jurisdiction,
            after={"answered_on": answered_on},
            article=article,
            occurred_on=answered_on,
        )
    return consultation
