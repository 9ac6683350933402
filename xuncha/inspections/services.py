"""Writes on an inspection. Each is one transaction with its event.

Only the steps the foundation needs to prove the obligation engine live here;
the lifecycle issues add the rest in the same shape."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, full_clean_or_raise
from xuncha.core.errors import check_past_date as _check_date
from xuncha.core.visibility import viewer_for

from .models import Disclosure, Inspection, TalkRecord


def _require_team_or_office(actor: Any, inspection: Inspection, *, what: str) -> None:
    viewer = viewer_for(actor)
    office = viewer.jurisdictions_with({"office_head", "office_staff"})
    if inspection.team_id in viewer.led_team_ids or inspection.jurisdiction_id in office:
        return
    raise PermissionDeniedError(f"只有本{inspection.jurisdiction.word}组组长或办公室可以{what}。")


def _locked(inspection: Inspection) -> Inspection:
    # Lock the row: two clerks recording the same step at once must not both pass the guard.
    return Inspection.objects.select_for_update().select_related("jurisdiction", "team", "target").get(pk=inspection.pk)


def talk_record_read(*, actor: Any, pk: int) -> TalkRecord:
    """Open a secret talk record: only through visible_to, and the read itself is an event."""
    from xuncha.core.secrecy import secret_read

    record: TalkRecord = secret_read(
        actor=actor,
        queryset=TalkRecord.objects.select_related("inspection__jurisdiction"),
        pk=pk,
        refusal="个别谈话记录属于巡察工作秘密，您无权查阅（泄露巡察工作秘密的追究责任）。",
    )
    return record


def talk_record_create(*, actor: Any, inspection: Inspection, **fields: Any) -> TalkRecord:
    with transaction.atomic():
        inspection = _locked(inspection)
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
            actor=actor, action="talk.recorded", obj=record, inspection=inspection, jurisdiction=inspection.jurisdiction
        )
    return record


def inspection_create(
    *,
    actor: Any,
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
    special = round.jurisdiction.rulebook.procedure.special_inspection_article  # JDZ-2017 第十八条 / NMG-2016 第十九条
    word = round.jurisdiction.word
    with transaction.atomic():
        if team.round_id != round.pk:
            raise ServiceError("该组不属于本轮", field="team")
        if target.jurisdiction_id != round.jurisdiction_id or target.kind != "target":
            raise ServiceError(f"{target} 不是本党委的{word}对象", field="target")
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
        _recheck_team(team, on=round.starts_on)
        event_record(
            actor=actor,
            action="inspection.planned",
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


def _recheck_team(team: Any, *, on: datetime.date) -> None:
    """People staffed before this target was given to the team were never checked against it: check them now,
    and refuse the whole step if one must recuse (JDZ-2017 第十三条, NMG-2016 第十二条) without a recorded waiver."""
    from xuncha.people.models import Assignment, RecusalWaiver
    from xuncha.people.selectors import check_assignment

    problems = []
    for assignment in Assignment.objects.filter(team=team).select_related("inspector__cadre"):
        hits, _ = check_assignment(assignment.inspector, team, on)
        waived = set(
            RecusalWaiver.objects.filter(team=team, inspector=assignment.inspector).values_list("rule", "fact")
        )
        problems += [f"{assignment.inspector}：{h.sentence()}" for h in hits if (h.rule, h.fact) not in waived]
    if problems:
        book = team.round.jurisdiction.rulebook
        raise ServiceError(
            f"本组已有人员须回避，不能安排此对象：{'；'.join(problems)}", field="target", article=book.recusal.article
        )


def _move(inspection: Inspection, to: str, *, article: str = "") -> str:
    """Check the transition table; return the old status. Refusal names the stage it is in and the rule."""
    current = inspection.status
    if to not in Inspection.TRANSITIONS[current]:
        allowed = "、".join(Inspection.Status(s).label for s in Inspection.TRANSITIONS[current]) or "（无）"
        raise ServiceError(
            f"{inspection}处于“{Inspection.Status(current).label}”阶段，不能转入“{Inspection.Status(to).label}”"
            f"（此阶段只能转入：{allowed}）",
            field="status",
            article=article,
        )
    inspection.status = to
    return current


def inspection_prepare(*, actor: Any, inspection: Inspection, on: datetime.date) -> Inspection:
    """Start preparation: information requests to agencies (JDZ-2017 第二十六条, NMG-2016 第二十四条)."""
    with transaction.atomic():
        inspection = _locked(inspection)
        book = inspection.jurisdiction.rulebook
        _require_team_or_office(actor, inspection, what="开始准备")
        article = book.information_sources[0].article if book.information_sources else ""
        before = _move(inspection, Inspection.Status.PREPARING, article=article)
        inspection.save(update_fields=["status"])
        event_record(
            actor=actor,
            action="inspection.preparing",
            obj=inspection,
            inspection=inspection,
            before={"status": before},
            after={"status": inspection.status},
            article=article,
            occurred_on=on,
        )
    return inspection


def inspection_enter(
    *,
    actor: Any,
    inspection: Inspection,
    entered_on: datetime.date,
    principal_notified_on: datetime.date,
    mobilization_on: datetime.date | None,
    contact_phone: str,
    contact_mailbox: str,
    contact_address: str,
    planned_end: datetime.date,
) -> Inspection:
    """进驻: the team tells the principal leader its task (JDZ-2017 第二十七条, NMG-2016 第二十五条), holds the
    mobilization meeting, and announces its phone, mailbox, address and period (公开, JDZ-2017 第四十二条)."""
    with transaction.atomic():
        inspection = _locked(inspection)
        book = inspection.jurisdiction.rulebook
        _require_team_or_office(actor, inspection, what="记录进驻")
        entry_article = book.procedure.entry_article
        disclosure_rule = next((d for d in book.disclosures if d.stage == "entry"), None)
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
        _check_date(entered_on, field="entered_on", label="进驻日期", not_before=inspection.round.starts_on)
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
        before = _move(inspection, Inspection.Status.ON_SITE, article=entry_article)
        inspection.entered_on, inspection.principal_notified_on = entered_on, principal_notified_on
        inspection.mobilization_on, inspection.planned_end = mobilization_on, planned_end
        inspection.contact_phone, inspection.contact_mailbox = contact_phone.strip(), contact_mailbox.strip()
        inspection.contact_address = contact_address.strip()
        full_clean_or_raise(inspection)
        inspection.save()
        event_record(
            actor=actor,
            action="inspection.entered",
            obj=inspection,
            inspection=inspection,
            before={"status": before},
            after={"status": inspection.status, "entered_on": entered_on},
            article=entry_article,
            occurred_on=entered_on,
        )
        if disclosure_rule is not None:
            word = book.word
            # Published at entry: the announcement is part of entering, so whoever records the entry drafts, approves
            # and publishes it in this one step (the other stages go through xuncha/disclosures).
            by = actor if getattr(actor, "pk", None) else None
            disclosure = Disclosure(
                inspection=inspection,
                stage="entry",
                status=Disclosure.Status.PUBLISHED,
                drafted_by=by,
                approved_by=by,
                approved_on=entered_on,
                published_by=by,
                published_on=entered_on,
                channels=disclosure_rule.channels,
                title=f"{inspection.team}进驻{inspection.target}开展{word}工作",
                body=(
                    f"{inspection.jurisdiction}第{inspection.team.number}{word}组于{entered_on:%Y年%m月%d日}进驻"
                    f"{inspection.target}，{word}时间至{planned_end:%Y年%m月%d日}。{word}期间受理反映"
                    f"{inspection.target}领导班子及其成员和下一级党组织领导班子主要负责人问题的来信、来电、来访。"
                    f"值班电话：{inspection.contact_phone}；邮政信箱：{inspection.contact_mailbox}；"
                    f"地址：{inspection.contact_address}。"
                ),
            )
            full_clean_or_raise(disclosure)
            disclosure.save()
            event_record(
                actor=actor,
                action="disclosure.published",
                obj=disclosure,
                inspection=inspection,
                jurisdiction=inspection.jurisdiction,
                article=disclosure_rule.article,
                occurred_on=entered_on,
                after={"stage": "entry", "title": disclosure.title, "status": disclosure.status},
            )
    return inspection


def inspection_end_fieldwork(
    *,
    actor: Any,
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
        inspection = _locked(inspection)
        book = inspection.jurisdiction.rulebook
        _require_team_or_office(actor, inspection, what="结束了解工作")
        if inspection.entered_on is None:
            raise ServiceError("尚未进驻，不能结束了解工作", field="ended_on")
        _check_date(ended_on, field="ended_on", label="结束日期", not_before=inspection.entered_on)
        for period in book.minimum_periods:
            if period.starts != "inspection.entered" or period.ends != "inspection.fieldwork_ended":
                continue
            cal = work_calendar()
            try:
                # The entry day is the first day on site: count it when it is a working day.
                days = cal.working_days_between(inspection.entered_on - datetime.timedelta(days=1), ended_on)
            except UnknownYearError as exc:
                raise ServiceError(str(exc), field="ended_on", code="unknown_year") from exc
            if days < period.amount:
                body = book.body(period.waiver_by).name
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
        before = _move(inspection, Inspection.Status.REPORTING, article=book.report_types[0].article)
        inspection.fieldwork_ended_on = ended_on
        full_clean_or_raise(inspection)
        inspection.save()
        event_record(
            actor=actor,
            action="inspection.fieldwork_ended",
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
