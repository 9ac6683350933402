"""Writes on an inspection. Each is one transaction with its event.

Only the steps the foundation needs to prove the obligation engine live here;
the lifecycle issues add the rest in the same shape."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from xuncha.audit.services import event_record
from xuncha.core.authority import require_office
from xuncha.core.errors import PermissionDeniedError, ServiceError, check_past_date, full_clean_or_raise
from xuncha.core.hooks import single
from xuncha.core.locking import lock_row
from xuncha.core.visibility import viewer_for
from xuncha.jurisdictions.words import user_word

from .actions import (
    INSPECTION_ENTERED,
    INSPECTION_FIELDWORK_ENDED,
    INSPECTION_PLANNED,
    INSPECTION_PREPARING,
    INSPECTION_WITHDRAWN,
    TALK_RECORDED,
)
from .entry import ENTERED
from .hooks import INSPECTION_ENDED, TARGET_ASSIGNED, TEAM_STAFFING
from .locking import lock_inspection
from .models import Inspection, TalkRecord

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def _require_team_or_office(actor: User, inspection: Inspection, *, what: str) -> None:
    viewer = viewer_for(actor)
    office = viewer.jurisdictions_with({"office_head", "office_staff"})
    if inspection.team_id in viewer.led_team_ids or inspection.jurisdiction_id in office:
        return
    raise PermissionDeniedError(f"只有本{inspection.jurisdiction.word}组组长或办公室可以{what}。")


def talk_record_read(*, actor: User, pk: int) -> TalkRecord:
    """Open a secret talk record: only through visible_to, and the read itself is an event."""
    from xuncha.audit.secrecy import secret_read

    word = user_word(actor)
    record: TalkRecord = secret_read(
        actor=actor,
        queryset=TalkRecord.objects.select_related("inspection__jurisdiction"),
        pk=pk,
        refusal=f"个别谈话记录属于{word}工作秘密，您无权查阅（泄露{word}工作秘密的追究责任）。",
    )
    return record


def talk_record_create(*, actor: User, inspection: Inspection, **fields: Any) -> TalkRecord:
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        viewer = viewer_for(actor)
        if inspection.team_id not in viewer.team_ids:
            raise PermissionDeniedError(f"只有本{inspection.jurisdiction.word}组成员可以记录个别谈话。")
        book = inspection.jurisdiction.rulebook
        if inspection.status != Inspection.Status.ON_SITE:
            raise ServiceError(
                f"{inspection}处于“{inspection.get_status_display()}”阶段；个别谈话在进驻后开展"
                f"（{book.procedure.entry_article}）",
                field="talked_at",
                article=book.procedure.entry_article,
            )
        talked_at = fields.get("talked_at")
        entered = inspection.entered_on
        if talked_at is not None and entered is not None and timezone.localdate(talked_at) < entered:
            raise ServiceError(f"谈话时间不能早于进驻日期 {entered}", field="talked_at")
        if talked_at is not None and talked_at > timezone.now():
            raise ServiceError(
                f"谈话时间不能晚于现在：填写的是 {timezone.localtime(talked_at):%Y-%m-%d %H:%M}", field="talked_at"
            )
        record = TalkRecord(inspection=inspection, **fields)
        full_clean_or_raise(record)
        record.save()
        # The event says a talk was recorded, never what was said.
        event_record(
            actor=actor, action=TALK_RECORDED, obj=record, inspection=inspection, jurisdiction=inspection.jurisdiction
        )
    return record


def _check_kind(round: Any, target: Any, *, kind: str, follows: Inspection | None, focus: str) -> None:
    """专项 and 机动 name their 专项内容; a “回头看” names an earlier inspection of the same target; a regular
    inspection follows none."""
    special = round.jurisdiction.rulebook.procedure.special_inspection_article  # JDZ-2017 第十八条 / NMG-2016 第十九条
    word = round.jurisdiction.word
    if kind not in Inspection.Kind.values:
        raise ServiceError(f"类型“{kind}”不存在", field="kind")
    label = Inspection.Kind(kind).label
    if kind == Inspection.Kind.REGULAR and follows is not None:
        raise ServiceError(
            f"常规{word}不关联此前的{word}；“回头看”请选择类型“回头看”", field="follows", article=special
        )
    if kind in (Inspection.Kind.SPECIAL, Inspection.Kind.FLEXIBLE) and not focus:
        raise ServiceError(
            f"{label}{word}须填写专项内容（针对的重点人、重点事、重点问题，{special}）",
            field="focus",
            article=special,
        )
    if kind == Inspection.Kind.FOLLOW_UP and follows is None:
        raise ServiceError(
            f"“回头看”须选择所回头看的此前{word}（所回头看的{word}，{special}）", field="follows", article=special
        )
    if follows is not None:
        if follows.jurisdiction_id != round.jurisdiction_id or follows.target_id != target.pk:
            raise ServiceError(
                f"所回头看的{word}须是此前对同一对象（{target}）的{word}，而所选的是对{follows.target}的{word}",
                field="follows",
                article=special,
            )
        if follows.round.starts_on >= round.starts_on:
            raise ServiceError(
                f"所回头看的{word}（{follows.round}，{follows.round.starts_on} 开始）须早于本轮"
                f"（{round.starts_on} 开始）",
                field="follows",
                article=special,
            )


def _check_target_free(target: Any, *, word: str) -> None:
    """One open inspection of a target at a time; the target is locked first (two clerks planning it at once)."""
    lock_row(target)
    busy = (
        Inspection.objects.filter(target_id=target.pk)
        .exclude(status__in=Inspection.ENDED_STATUSES)
        .select_related("round", "team__round__jurisdiction", "jurisdiction", "target")
        .first()
    )
    if busy is not None:
        raise ServiceError(
            f"{target} 已在{busy.round}由第{busy.team.number}{word}组{word}，"
            f"目前处于“{busy.get_status_display()}”阶段；"
            f"同一对象同时只能有一个未办结的{word}（该{word}办结，或尚未进驻时撤出本轮后，方可再次安排）",
            field="target",
            code="target_busy",
        )


def inspection_create(
    *,
    actor: User | None,
    round: Any,
    team: Any,
    target: Any,
    kind: str = Inspection.Kind.REGULAR,
    follows: Inspection | None = None,
    focus: str = "",
) -> Inspection:
    """Plan one inspection. 专项 and 机动 name their 专项内容 (the key people, matters or problems); a “回头看”
    names the earlier inspection of the same target it returns to; a regular inspection follows none.

    The rulebooks carry no item for these kinds (JDZ-2017 第十八条, NMG-2016 第十九条 are not in the data), so the
    refusals name the field and the kind but cite no article."""
    focus = focus.strip()
    word = round.jurisdiction.word
    require_office(actor, round.jurisdiction, what=f"安排{word}对象")
    with transaction.atomic():
        # Lock the round: a round being ended at the same time must not take a new target.
        ends_on = lock_row(round).ends_on
        if ends_on is not None:
            raise ServiceError(f"{round}已于 {ends_on} 结束，不能再安排对象", field="round")
        if team.round_id != round.pk:
            raise ServiceError("该组不属于本轮", field="team")
        if target.jurisdiction_id != round.jurisdiction_id or target.kind != "target":
            raise ServiceError(f"{target} 不是本党委的{word}对象", field="target")
        _check_kind(round, target, kind=kind, follows=follows, focus=focus)
        _check_target_free(target, word=word)
        inspection = Inspection(
            jurisdiction=round.jurisdiction,
            round=round,
            team=team,
            target=target,
            kind=kind,
            follows=follows,
            focus=focus,
        )
        full_clean_or_raise(inspection)
        inspection.save()
        for check in TARGET_ASSIGNED:  # people: nobody already staffed must recuse from this target
            check(team, round.starts_on)
        event_record(
            actor=actor,
            action=INSPECTION_PLANNED,
            obj=inspection,
            inspection=inspection,
            after={
                "team": team.pk,
                "target": target.name,
                "kind": kind,
                "follows": follows.pk if follows else None,
                "focus": focus,
            },
        )
    return inspection


def inspection_prepare(*, actor: User, inspection: Inspection, on: datetime.date) -> Inspection:
    """Start preparation: information requests to agencies (JDZ-2017 第二十六条, NMG-2016 第二十四条)."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        _require_team_or_office(actor, inspection, what="开始准备")
        article = book.information_sources[0].article if book.information_sources else ""
        before = Inspection.flow.move(inspection, Inspection.Status.PREPARING, article=article)
        inspection.save(update_fields=["status"])
        event_record(
            actor=actor,
            action=INSPECTION_PREPARING,
            obj=inspection,
            inspection=inspection,
            before={"status": before},
            after={"status": inspection.status},
            article=article,
            occurred_on=on,
        )
    return inspection


def _check_entry(
    inspection: Inspection,
    *,
    entered_on: datetime.date,
    principal_notified_on: datetime.date,
    planned_end: datetime.date,
    contacts: tuple[str, str, str],
) -> None:
    """The entry announcement's contacts (公开), and the dates of entry, of telling the principal leader and of the
    planned end."""
    book = inspection.jurisdiction.rulebook
    entry_article = book.procedure.entry_article
    disclosure_rule = next((d for d in book.disclosures if d.stage == "entry"), None)
    contact_phone, contact_mailbox, contact_address = contacts
    missing = [
        label
        for label, value in (
            ("值班电话", contact_phone),
            ("邮政信箱", contact_mailbox),
            ("接待地址", contact_address),
        )
        if not value.strip()
    ]
    if missing:
        cite = disclosure_rule.article if disclosure_rule else entry_article
        raise ServiceError(
            f"进驻公告须公布{'、'.join(missing)}（{cite}：进驻情况应当公开）", field="contact_phone", article=cite
        )
    check_past_date(entered_on, field="entered_on", label="进驻日期", not_before=inspection.round.starts_on)
    if principal_notified_on > entered_on + datetime.timedelta(
        days=7
    ) or principal_notified_on < entered_on - datetime.timedelta(days=30):
        raise ServiceError(
            f"通报主要负责人应在进驻时（{entry_article}），日期与进驻日期 {entered_on} 相差过大",
            field="principal_notified_on",
            article=entry_article,
        )
    if planned_end <= entered_on:
        raise ServiceError("计划结束日期应晚于进驻日期", field="planned_end")


def inspection_enter(
    *,
    actor: User,
    inspection: Inspection,
    entered_on: datetime.date,
    principal_notified_on: datetime.date,
    mobilization_on: datetime.date | None,
    contact_phone: str,
    contact_mailbox: str,
    contact_address: str,
    planned_end: datetime.date,
    shortened_approved_on: datetime.date | None = None,
    shortened_basis: str = "",
) -> Inspection:
    """进驻: the team tells the principal leader its task (JDZ-2017 第二十七条, NMG-2016 第二十五条), holds the
    mobilization meeting, and drafts the announcement of its phone, mailbox, address and period (公开, JDZ-2017
    第四十二条), which goes public after the office head's approval (xuncha/disclosures).

    Refused for a team without a leader and members (组长负责制, the rulebook's `team_leader` role), and for a planned
    period shorter than the rulebook's minimum (JDZ-2017 第十六条: ≥ 20 working days) unless the approval of the body
    it names is recorded, as at the end of fieldwork. When the planned end's year has no holiday schedule yet the entry
    is recorded and the returned inspection's `warnings` say the period could not be checked."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        _require_team_or_office(actor, inspection, what="记录进驻")
        _require_staffed(inspection)
        entry_article = book.procedure.entry_article
        _check_entry(
            inspection,
            entered_on=entered_on,
            principal_notified_on=principal_notified_on,
            planned_end=planned_end,
            contacts=(contact_phone, contact_mailbox, contact_address),
        )
        warnings = _check_planned_period(
            inspection,
            entered_on=entered_on,
            planned_end=planned_end,
            approved_on=shortened_approved_on,
            basis=shortened_basis,
        )
        before = Inspection.flow.move(inspection, Inspection.Status.ON_SITE, article=entry_article)
        inspection.entered_on, inspection.principal_notified_on = entered_on, principal_notified_on
        inspection.mobilization_on, inspection.planned_end = mobilization_on, planned_end
        inspection.contact_phone, inspection.contact_mailbox = contact_phone.strip(), contact_mailbox.strip()
        inspection.contact_address = contact_address.strip()
        full_clean_or_raise(inspection)
        inspection.save()
        event_record(
            actor=actor,
            action=INSPECTION_ENTERED,
            obj=inspection,
            inspection=inspection,
            before={"status": before},
            after={
                "status": inspection.status,
                "entered_on": entered_on,
                "planned_end": planned_end,
                "shortened": inspection.shortened_basis or None,
                "not_checked": warnings or None,
            },
            article=entry_article,
            occurred_on=entered_on,
        )
        for contribution in ENTERED:  # the entry announcement is drafted (disclosures.apps)
            contribution(actor=actor, inspection=inspection, entered_on=entered_on)
    inspection.warnings = warnings  # shown by the page and the API
    return inspection


def inspection_end_fieldwork(
    *,
    actor: User,
    inspection: Inspection,
    ended_on: datetime.date,
    shortened_approved_on: datetime.date | None = None,
    shortened_basis: str = "",
) -> Inspection:
    """巡察了解工作结束. Where the rulebook sets a minimum time on site (JDZ-2017 第十六条: ≥ 20 working days),
    ending earlier needs the approval of the body it names, recorded here."""
    from xuncha.workdays.arithmetic import UnknownYearError
    from xuncha.workdays.selectors import work_calendar

    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        _require_team_or_office(actor, inspection, what="结束了解工作")
        if inspection.entered_on is None:
            raise ServiceError("尚未进驻，不能结束了解工作", field="ended_on")
        check_past_date(ended_on, field="ended_on", label="结束日期", not_before=inspection.entered_on)
        for period in book.minimum_periods:
            if period.starts != INSPECTION_ENTERED.code or period.ends != INSPECTION_FIELDWORK_ENDED.code:
                continue
            cal = work_calendar()
            # The entry day is the first day on site: count it when it is a working day.
            since = inspection.entered_on - datetime.timedelta(days=1)
            try:
                days = cal.working_days_between(since, ended_on)
            except UnknownYearError:
                # Working days in the known years are a lower bound (a missing year adds days, never removes one):
                # enough of them prove the minimum; an approval makes the question moot; otherwise the legality of
                # ending now cannot be judged, and the refusal says how to resolve it (docs/calendar.md).
                days, missing = cal.working_days_between_known(since, ended_on)
                if days < period.amount and (shortened_approved_on is None or not shortened_basis.strip()):
                    body = book.body(period.waiver_by).name
                    raise ServiceError(
                        f"自进驻（{inspection.entered_on}）至 {ended_on}，已有节假日安排的年份内在驻 {days} 个工作日，"
                        f"{missing} 年的节假日安排尚未录入，"
                        f"无法判断是否少于{period.amount}个工作日（{period.article}）。"
                        f"请系统管理员录入 {missing} 年节假日安排后再结束，或登记{body}同意调整时间的批准日期和依据",
                        field="ended_on",
                        article=period.article,
                        code="unknown_year",
                    ) from None
            if days < period.amount:
                body = book.body(period.waiver_by).name
                if shortened_approved_on is None and inspection.shortened_approved_on is not None:
                    continue  # the approval was recorded at entry (inspection_enter)
                if shortened_approved_on is None or not shortened_basis.strip():
                    raise ServiceError(
                        f"自进驻（{inspection.entered_on}）至 {ended_on} 在驻 {days} 个工作日，"
                        f"少于{period.amount}个工作日（{period.article}）；须经{body}同意并登记批准日期和依据",
                        field="ended_on",
                        article=period.article,
                        code="minimum_period",
                    )
                inspection.shortened_approved_on = shortened_approved_on
                inspection.shortened_basis = f"{body}同意：{shortened_basis.strip()}"
        before = Inspection.flow.move(inspection, Inspection.Status.REPORTING, article=book.report_types[0].article)
        inspection.fieldwork_ended_on = ended_on
        full_clean_or_raise(inspection)
        inspection.save()
        event_record(
            actor=actor,
            action=INSPECTION_FIELDWORK_ENDED,
            obj=inspection,
            inspection=inspection,
            before={"status": before},
            after={
                "status": inspection.status,
                "fieldwork_ended_on": ended_on,
                "shortened": inspection.shortened_basis or None,
            },
            article=book.report_types[0].article,
            occurred_on=ended_on,
        )
    return inspection


def _require_staffed(inspection: Inspection) -> None:
    """组长负责制 (JDZ-2017 第七条, NMG-2016 第九、十条): a team enters with its leader and at least one more member.
    People count from the team's accounts and its staffing alike (people's `TEAM_STAFFING` contribution)."""
    has_leader, others = single(TEAM_STAFFING)(inspection.team_id)
    if has_leader and others:
        return
    book = inspection.jurisdiction.rulebook
    word = book.word
    article = book.role("team_leader").article
    missing = "、".join(part for part, lacking in (("组长", not has_leader), ("组员", not others)) if lacking)
    raise ServiceError(
        f"{inspection.team}尚未配备{missing}，不能进驻：{word}组实行组长负责制，须有组长和组员（{article}）；"
        f"请先在组的页面配备人员",
        field="team",
        article=article,
        code="team_not_staffed",
    )


def _check_planned_period(
    inspection: Inspection,
    *,
    entered_on: datetime.date,
    planned_end: datetime.date,
    approved_on: datetime.date | None,
    basis: str,
) -> list[str]:
    """The rulebook's minimum time on site (JDZ-2017 第十六条: 原则上不少于20个工作日), checked against the planned
    period at entry. Shorter needs the named body's approval, recorded on the inspection. A year without a holiday
    schedule does not refuse the entry: the check is reported as not made (the returned sentences)."""
    from xuncha.workdays.arithmetic import UnknownYearError
    from xuncha.workdays.selectors import work_calendar

    book = inspection.jurisdiction.rulebook
    warnings: list[str] = []
    for period in book.minimum_periods:
        if period.starts != INSPECTION_ENTERED.code or period.unit != "working_days":
            continue
        try:
            # The entry day is the first day on site: count it when it is a working day (as at the end of fieldwork).
            days = work_calendar().working_days_between(entered_on - datetime.timedelta(days=1), planned_end)
        except UnknownYearError as exc:
            warnings.append(
                f"{exc.year} 年的节假日安排尚未录入，未能核对计划的{period.name}是否不少于{period.amount}个工作日"
                f"（{period.article}）；录入后请核对"
            )
            continue
        if days >= period.amount:
            continue
        body = book.body(period.waiver_by).name
        if approved_on is None or not basis.strip():
            raise ServiceError(
                f"计划自 {entered_on} 进驻至 {planned_end}，在驻 {days} 个工作日，少于{period.amount}个工作日"
                f"（{period.article}：{period.text}）；须经{body}同意并登记批准日期和依据",
                field="planned_end",
                article=period.article,
                code="minimum_period",
            )
        check_past_date(approved_on, field="shortened_approved_on", label="缩短时间批准日期")
        inspection.shortened_approved_on = approved_on
        inspection.shortened_basis = f"{body}同意：{basis.strip()}"
    return warnings


def inspection_withdraw(
    *, actor: User | None, inspection: Inspection, withdrawn_on: datetime.date, reason: str
) -> Inspection:
    """撤出本轮 / 取消: an inspection whose team has not entered (已计划 or 准备) is withdrawn from its round or
    cancelled, by the office, with the date and the reason. The regulations name no such step: it is this system's
    record of a change to the round's plan. A withdrawn inspection no longer schedules its target (coverage), does not
    block the round's end and is not heard; its open obligations (e.g. an information request's) lapse."""
    from xuncha.audit.models import Event
    from xuncha.obligations.models import Obligation

    with transaction.atomic():
        inspection = lock_inspection(inspection)
        word = inspection.jurisdiction.word
        require_office(actor, inspection.jurisdiction, what=f"撤出或取消{word}")
        reason = (reason or "").strip()
        if not reason:
            raise ServiceError(f"请填写撤出（取消）理由：撤出本轮或取消{word}须记录理由", field="reason")
        if inspection.status not in (Inspection.Status.PLANNED, Inspection.Status.PREPARING):
            raise ServiceError(
                f"{inspection}处于“{inspection.get_status_display()}”阶段；只有尚未进驻（已计划、准备阶段）的"
                f"{word}可以撤出本轮或取消，进驻后须完成{word}",
                field="status",
                code="wrong_stage",
            )
        last = (
            Event.objects.filter(object_type=Inspection._meta.label_lower, object_id=str(inspection.pk))
            .filter(action=INSPECTION_PREPARING.code)
            .order_by("-seq")
            .values_list("occurred_on", flat=True)
            .first()
        )
        check_past_date(withdrawn_on, field="withdrawn_on", label="撤出（取消）日期", not_before=last)
        before = Inspection.flow.move(inspection, Inspection.Status.WITHDRAWN)
        inspection.withdrawn_on, inspection.withdrawal_reason = withdrawn_on, reason
        full_clean_or_raise(inspection)
        inspection.save(update_fields=["status", "withdrawn_on", "withdrawal_reason"])
        event = event_record(
            actor=actor,
            action=INSPECTION_WITHDRAWN,
            obj=inspection,
            inspection=inspection,
            before={"status": before},
            after={"status": inspection.status, "withdrawn_on": withdrawn_on, "reason": reason},
            occurred_on=withdrawn_on,
        )
        for ob in Obligation.objects.select_for_update().filter(inspection=inspection, status=Obligation.Status.OPEN):
            ob.status, ob.fulfilled_by, ob.fulfilled_on = (
                Obligation.Status.LAPSED,
                event,
                max(withdrawn_on, ob.starts_on),
            )
            ob.full_clean()
            ob.save(update_fields=["status", "fulfilled_by", "fulfilled_on"])
        # As at closure: once every inspection of the team is closed or withdrawn, the team's access ends (planning).
        for ended in INSPECTION_ENDED:
            ended(actor=actor, team=inspection.team, on=withdrawn_on)
    return inspection
