"""Writes on findings, team meetings and escalations. Each is one transaction with its event.

Who may act:
- drafting, editing, linking evidence, recording a 组务会 and a 请示报告: members of the inspection's team;
- approving a finding after the meeting, and returning it to draft (退回): the team's leader only (组长负责制);
- recording the answer to a 请示报告: the team or the office that relays it.
The articles come from the rulebook through `rules.py`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, check_not_before, full_clean_or_raise
from xuncha.core.errors import check_past_date as _check_date
from xuncha.core.locking import lock_row
from xuncha.core.visibility import viewer_for
from xuncha.inspections.locking import lock_inspection, lock_under_inspection
from xuncha.inspections.models import Inspection

from . import rules
from .actions import (
    ESCALATION_REPORTED,
    ESCALATION_RESPONDED,
    FINDING_DRAFTED,
    FINDING_EDITED,
    FINDING_EVIDENCE_LINKED,
    FINDING_EVIDENCE_UNLINKED,
    FINDING_LEADER_APPROVED,
    FINDING_RETURNED,
    FINDING_TEAM_APPROVED,
    TEAM_MEETING_HELD,
)
from .models import EVIDENCE_KINDS, Escalation, Evidence, Finding, FindingMove, TeamMeeting, TeamMeetingAttendee
from .selectors import StaffedMember, team_roster

# Findings are made while the team is on site and written up in the report (JDZ-2017 第十七条, NMG-2016 第十八条).
WORKING_STAGES = (Inspection.Status.ON_SITE, Inspection.Status.REPORTING)


# -- guards ---------------------------------------------------------------------------------------------------------


def _team_word(inspection: Inspection) -> str:
    return inspection.jurisdiction.rulebook.term("组")


def _require_member(actor: Any, inspection: Inspection, *, what: str) -> None:
    if inspection.team_id in viewer_for(actor).team_ids:
        return
    raise PermissionDeniedError(
        f"只有本{_team_word(inspection)}（{inspection.team}）成员可以{what}。",
        article=rules.team_article(inspection.jurisdiction.rulebook),
    )


def is_team_leader(actor: Any, team_id: int) -> bool:
    """The team's leader: planning.TeamMembership role leader, or people.Assignment role leader on the account."""
    from xuncha.people.models import Assignment

    if not getattr(actor, "is_authenticated", False):
        return False
    if team_id in viewer_for(actor).led_team_ids:
        return True
    from xuncha.planning.models import TeamMembership

    if TeamMembership.objects.filter(team_id=team_id, user=actor, ended_on__isnull=False).exists():
        return False  # the place ended (planning/access.py): the assignment is history, not authority
    return Assignment.objects.filter(team_id=team_id, role="leader", inspector__user=actor).exists()


def _require_leader(actor: Any, inspection: Inspection, *, what: str) -> None:
    if is_team_leader(actor, inspection.team_id):
        return
    article = rules.team_article(inspection.jurisdiction.rulebook)
    raise PermissionDeniedError(
        f"只有本{_team_word(inspection)}组长可以{what}（组长负责制，{article}）。", article=article
    )


def _require_stage(inspection: Inspection, *, what: str) -> None:
    if inspection.status in WORKING_STAGES:
        return
    article = rules.problem_article(inspection.jurisdiction.rulebook)
    allowed = "、".join(f"“{Inspection.Status(s).label}”" for s in WORKING_STAGES)
    raise ServiceError(
        f"{inspection}处于“{Inspection.Status(inspection.status).label}”阶段，"
        f"{what}只能在{allowed}阶段进行（{article}：{inspection.jurisdiction.word}期间着力发现问题）",
        field="status",
        article=article,
        code="wrong_stage",
    )


def _require_draft(finding: Finding, *, what: str, article: str) -> None:
    if finding.status == Finding.Status.DRAFT:
        return
    raise ServiceError(
        f"{finding}处于“{finding.get_status_display()}”状态，只有草稿可以{what}；须由组长退回后再修改（{article}）",
        field="status",
        article=article,
        code="wrong_status",
    )


def _move_recorded(
    finding: Finding,
    to: str,
    *,
    actor: Any,
    on: datetime.date,
    article: str,
    meeting: TeamMeeting | None = None,
    reason: str = "",
) -> FindingMove:
    """Move the finding along its flow (`Finding.flow`, whose refusal names the status it is in, what it may move to,
    and the article), save it and write the history row."""
    current = Finding.flow.move(finding, to, article=article)
    finding.save(update_fields=["status"])
    move = FindingMove(
        finding=finding,
        from_status=current,
        to_status=to,
        actor=actor,
        occurred_on=on,
        meeting=meeting,
        reason=reason,
        article=article,
    )
    full_clean_or_raise(move)
    move.save()
    return move


def _next_number(model: Any, inspection: Inspection) -> int:
    return int(model.objects.filter(inspection=inspection).aggregate(n=Max("number"))["n"] or 0) + 1


def _check_cadre(cadre: Any, inspection: Inspection) -> None:
    if cadre is not None and cadre.jurisdiction_id != inspection.jurisdiction_id:
        raise ServiceError(f"干部 {cadre} 不属于{inspection.jurisdiction}的干部档案", field="cadre")


def _snapshot(finding: Finding) -> dict[str, Any]:
    return {
        "title": finding.title,
        "category": finding.category,
        "description": finding.description,
        "persons_concerned": finding.persons_concerned,
        "cadre": finding.cadre_id,
        "is_clue": finding.is_clue,
    }


def _check_clue(is_clue: bool, persons_concerned: str, cadre: Any) -> None:
    if is_clue and not persons_concerned.strip() and cadre is None:
        raise ServiceError(
            "作为问题线索的问题底稿须写明涉及人员（问题线索指向具体人员；本系统设定）",
            field="persons_concerned",
            code="clue_without_person",
        )


# -- findings -------------------------------------------------------------------------------------------------------
def finding_create(
    *,
    actor: Any,
    inspection: Inspection,
    title: str,
    category: str,
    description: str,
    persons_concerned: str = "",
    cadre: Any = None,
    is_clue: bool = False,
    drafted_on: datetime.date | None = None,
) -> Finding:
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        _require_member(actor, inspection, what="起草问题底稿")
        _require_stage(inspection, what="起草问题底稿")
        chosen = rules.problem_category(book, category)
        _check_cadre(cadre, inspection)
        _check_clue(is_clue, persons_concerned, cadre)
        drafted_on = drafted_on or timezone.localdate()
        _check_date(
            drafted_on,
            field="drafted_on",
            label="起草日期",
            not_before=inspection.entered_on,
            after="进驻日期",
            article=rules.problem_article(book),
        )
        finding = Finding(
            inspection=inspection,
            number=_next_number(Finding, inspection),
            title=title.strip(),
            category=chosen.code,
            description=description.strip(),
            persons_concerned=persons_concerned.strip(),
            cadre=cadre,
            is_clue=is_clue,
            created_by=actor,
            drafted_on=drafted_on,
        )
        full_clean_or_raise(finding)
        finding.save()
        event_record(
            actor=actor,
            action=FINDING_DRAFTED,
            obj=finding,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={**_snapshot(finding), "number": finding.number, "status": finding.status},
            article=chosen.article,
            occurred_on=drafted_on,
        )
    return finding


def finding_update(
    *,
    actor: Any,
    finding: Finding,
    title: str,
    category: str,
    description: str,
    persons_concerned: str = "",
    cadre: Any = None,
    is_clue: bool = False,
) -> Finding:
    with transaction.atomic():
        finding, inspection = lock_under_inspection(finding)
        book = inspection.jurisdiction.rulebook
        _require_member(actor, inspection, what="修改问题底稿")
        _require_stage(inspection, what="修改问题底稿")
        _require_draft(finding, what="修改", article=rules.team_article(book))
        chosen = rules.problem_category(book, category)
        _check_cadre(cadre, inspection)
        _check_clue(is_clue, persons_concerned, cadre)
        before = _snapshot(finding)
        finding.title, finding.category, finding.description = title.strip(), chosen.code, description.strip()
        finding.persons_concerned, finding.cadre, finding.is_clue = persons_concerned.strip(), cadre, is_clue
        full_clean_or_raise(finding)
        finding.save()
        event_record(
            actor=actor,
            action=FINDING_EDITED,
            obj=finding,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            before=before,
            after=_snapshot(finding),
            article=chosen.article,
        )
    return finding


def evidence_link(*, actor: Any, finding: Finding, kind: str, object_id: int, note: str = "") -> Evidence:
    """Link a record of the same inspection. The actor must be able to see the record; the link stores only
    its kind and id, so linking a secret record does not expose it."""
    with transaction.atomic():
        finding, inspection = lock_under_inspection(finding)
        book = inspection.jurisdiction.rulebook
        _require_member(actor, inspection, what="关联证据")
        _require_stage(inspection, what="关联证据")
        _require_draft(finding, what="关联证据", article=rules.team_article(book))
        spec = EVIDENCE_KINDS.get(kind)
        model = spec.model() if spec is not None else None
        if spec is None or model is None:
            offered = "、".join(f"{k.name}（{k.code}）" for k in EVIDENCE_KINDS.values() if k.model() is not None)
            raise ServiceError(f"证据类别“{kind}”不可用；可关联：{offered}", field="kind")
        label = f"{spec.name} #{object_id}"
        manager: Any = model._default_manager
        visible = manager.visible_to(actor) if hasattr(manager, "visible_to") else manager.none()
        record = visible.filter(pk=object_id).order_by("pk").values("pk", "inspection_id").first()
        if record is None:
            raise ServiceError(f"{label} 不存在或无权查看", field="object_id")
        if record["inspection_id"] != inspection.pk:
            raise ServiceError(f"{label} 不属于{inspection}，只能关联本次{book.word}的记录", field="object_id")
        evidence = Evidence(finding=finding, kind=kind, object_id=object_id, note=note.strip(), linked_by=actor)
        full_clean_or_raise(evidence)
        evidence.save()
        # The event names the link, never the record's content.
        event_record(
            actor=actor,
            action=FINDING_EVIDENCE_LINKED,
            obj=finding,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"evidence": evidence.pk, "kind": kind, "object_id": object_id, "label": label},
        )
    return evidence


def evidence_unlink(*, actor: Any, evidence: Evidence) -> None:
    with transaction.atomic():
        finding, inspection = lock_under_inspection(evidence.finding)
        _require_member(actor, inspection, what="取消关联证据")
        _require_stage(inspection, what="取消关联证据")
        _require_draft(finding, what="取消关联证据", article=rules.team_article(inspection.jurisdiction.rulebook))
        before = {"evidence": evidence.pk, "kind": evidence.kind, "object_id": evidence.object_id}
        evidence.delete()
        event_record(
            actor=actor,
            action=FINDING_EVIDENCE_UNLINKED,
            obj=finding,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            before=before,
        )


def finding_leader_approve(*, actor: Any, finding: Finding, on: datetime.date | None = None) -> Finding:
    """组长审定: after the 组务会, the team's leader approves (组长负责制)."""
    with transaction.atomic():
        finding, inspection = lock_under_inspection(finding)
        article = rules.team_article(inspection.jurisdiction.rulebook)
        _require_leader(actor, inspection, what="审定问题底稿")
        _require_stage(inspection, what="审定问题底稿")
        last = finding.moves.order_by("-recorded_at", "-pk").first()
        on = on or timezone.localdate()
        _check_date(
            on,
            field="on",
            label="审定日期",
            not_before=last.occurred_on if last else finding.drafted_on,
            after="组务会通过日期" if last else "起草日期",
            article=article,
        )
        move = _move_recorded(finding, Finding.Status.LEADER_APPROVED, actor=actor, on=on, article=article)
        event_record(
            actor=actor,
            action=FINDING_LEADER_APPROVED,
            obj=finding,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            before={"status": move.from_status},
            after={"status": finding.status},
            article=article,
            occurred_on=on,
        )
    return finding


def finding_return(*, actor: Any, finding: Finding, reason: str, on: datetime.date | None = None) -> Finding:
    """退回: the leader sends an approved finding back to draft, with the reason."""
    with transaction.atomic():
        finding, inspection = lock_under_inspection(finding)
        article = rules.team_article(inspection.jurisdiction.rulebook)
        _require_leader(actor, inspection, what="退回问题底稿")
        _require_stage(inspection, what="退回问题底稿")
        if not reason.strip():
            raise ServiceError(f"退回问题底稿须说明理由（组长负责制，{article}）", field="reason", article=article)
        last = finding.moves.order_by("-recorded_at", "-pk").first()
        on = on or timezone.localdate()
        _check_date(
            on,
            field="on",
            label="退回日期",
            not_before=last.occurred_on if last else finding.drafted_on,
            after="上一步（组务会通过或组长审定）日期",
            article=article,
        )
        move = _move_recorded(finding, Finding.Status.DRAFT, actor=actor, on=on, article=article, reason=reason.strip())
        event_record(
            actor=actor,
            action=FINDING_RETURNED,
            obj=finding,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            before={"status": move.from_status},
            after={"status": finding.status, "reason": move.reason},
            article=article,
            occurred_on=on,
        )
    return finding


# -- team meetings --------------------------------------------------------------------------------------------------
def _attending(inspection: Inspection, roster: list[StaffedMember], attendees: Iterable[Any]) -> list[StaffedMember]:
    """The staffed members named: a roster entry, its key (“a12”, “m5”), or a login (the member it belongs to)."""
    by_key = {s.key: s for s in roster}
    by_user = {s.user_id: s for s in roster if s.user_id is not None}
    chosen: dict[str, StaffedMember] = {}
    outsiders = []
    for item in attendees:
        if isinstance(item, StaffedMember):
            found = by_key.get(item.key)
            name = item.name
        elif isinstance(item, str):
            found, name = by_key.get(item.strip()), item
        else:
            pk = getattr(item, "pk", None)
            found, name = (by_user.get(pk) if isinstance(pk, int) else None), str(item)
        if found is None:
            outsiders.append(name)
        else:
            chosen[found.key] = found
    if outsiders:
        raise ServiceError(
            f"{'、'.join(outsiders)} 不是本{_team_word(inspection)}在组人员，不能作为组务会出席人员",
            field="attendees",
            article=rules.team_article(inspection.jurisdiction.rulebook),
        )
    return list(chosen.values())


def team_meeting_hold(
    *,
    actor: Any,
    inspection: Inspection,
    held_on: datetime.date | None = None,
    attendees: Iterable[Any],
    agenda: str,
    minutes: str,
    decisions: str = "",
    findings: Sequence[Finding] = (),
) -> TeamMeeting:
    """Record a 组务会. If it approves findings (draft → 组务会通过), more than half of the team as staffed on the
    meeting day must attend (民主集中制; the threshold is this system's setting, see rules.py) and the meeting must be
    minuted. The team as staffed is `selectors.team_roster`: every inspector placed on the team, with or without a
    login. `attendees` names them (roster entries, their keys, or the logins of members who have one)."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        article = rules.team_article(book)
        _require_member(actor, inspection, what="登记组务会")
        if inspection.status == Inspection.Status.PLANNED:
            raise ServiceError(
                f"{inspection}处于“{Inspection.Status(inspection.status).label}”阶段，组务会自准备阶段起登记",
                field="status",
                article=article,
                code="wrong_stage",
            )
        held_on = held_on or timezone.localdate()
        _check_date(
            held_on, field="held_on", label="召开日期", not_before=inspection.round.starts_on, after="本轮开始日期"
        )
        duty = " ".join(book.body("team_meeting").duties)
        if not minutes.strip():
            said = "由专人做好会议记录" if "会议记录" in duty else "组务会研究决定组内重要事项，本系统要求留有会议记录"
            raise ServiceError(f"组务会须有会议记录（{article}：{said}）", field="minutes", article=article)
        if not agenda.strip():
            raise ServiceError("请填写组务会议题", field="agenda")
        roster = team_roster(inspection.team_id, held_on)
        people = _attending(inspection, roster, attendees)
        if not people:
            raise ServiceError("请选择出席人员", field="attendees")
        chosen = list({f.pk: f for f in findings}.values())
        if chosen:
            _require_stage(inspection, what="组务会通过问题底稿")
            if not rules.has_quorum(len(people), len(roster)):
                raise ServiceError(
                    f"出席{len(people)}人，本{_team_word(inspection)}在组人员{len(roster)}人（含无登录账号的人员），"
                    f"未达到本系统设定的出席人数（{rules.QUORUM_RULE}），"
                    f"组务会不能通过问题底稿（民主集中制，{article}；{rules.quorum_note(book)}）",
                    field="attendees",
                    article=article,
                    code="no_quorum",
                )
        meeting = TeamMeeting(
            inspection=inspection,
            number=_next_number(TeamMeeting, inspection),
            held_on=held_on,
            member_count=len(roster),
            agenda=agenda.strip(),
            minutes=minutes.strip(),
            decisions=decisions.strip(),
            recorded_by=actor,
        )
        full_clean_or_raise(meeting)
        meeting.save()
        rows = [
            TeamMeetingAttendee(
                meeting=meeting,
                assignment_id=p.assignment_id,
                membership_id=p.membership_id if p.assignment_id is None else None,
                name=p.name[:100],
                role=p.role,
            )
            for p in people
        ]
        for row in rows:
            full_clean_or_raise(row)
        TeamMeetingAttendee.objects.bulk_create(rows)
        locked = {f.pk: f for f in Finding.objects.select_for_update().filter(pk__in=[f.pk for f in chosen])}
        approved = []
        for item in chosen:
            finding = locked.get(item.pk)
            if finding is None or finding.inspection_id != inspection.pk:
                raise ServiceError(f"{item} 不属于{inspection}", field="findings")
            check_not_before(
                held_on,
                finding.drafted_on,
                field="held_on",
                label="召开日期",
                after=f"{finding}的起草日期",
                article=article,
            )
            finding.inspection = inspection
            move = _move_recorded(
                finding, Finding.Status.TEAM_APPROVED, actor=actor, on=held_on, article=article, meeting=meeting
            )
            approved.append(finding)
            event_record(
                actor=actor,
                action=FINDING_TEAM_APPROVED,
                obj=finding,
                inspection=inspection,
                jurisdiction=inspection.jurisdiction,
                before={"status": move.from_status},
                after={"status": finding.status, "meeting": meeting.pk},
                article=article,
                occurred_on=held_on,
            )
        meeting.findings.set(approved)
        event_record(
            actor=actor,
            action=TEAM_MEETING_HELD,
            obj=meeting,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={
                "held_on": held_on,
                "attendees": [p.key for p in people],
                "member_count": len(roster),
                "approved_findings": [f.number for f in approved],
            },
            article=article,
            occurred_on=held_on,
        )
    return meeting


# -- escalations ----------------------------------------------------------------------------------------------------
def escalation_create(
    *,
    actor: Any,
    inspection: Inspection,
    to: str,
    matter: str,
    reported_on: datetime.date,
    special_reason: str = "",
    finding: Finding | None = None,
) -> Escalation:
    """请示报告 to the leading group; directly to the secretary only in special cases, with the reason stated."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        rule = rules.escalation_rule(book)
        _require_member(actor, inspection, what="登记请示报告")
        if inspection.status == Inspection.Status.PLANNED:
            raise ServiceError(
                f"{inspection}处于“{Inspection.Status(inspection.status).label}”阶段，尚未开展{book.word}工作，"
                f"无可请示报告事项（{rule.article}）",
                field="status",
                article=rule.article,
                code="wrong_stage",
            )
        if to not in Escalation.To.values:
            raise ServiceError("报告对象应为 leading_group（领导小组）或 secretary（书记）", field="to")
        if not matter.strip():
            raise ServiceError(f"请填写请示报告事项（{rule.article}）", field="matter", article=rule.article)
        if to == Escalation.To.SECRETARY and not special_reason.strip():
            raise ServiceError(
                f"请示报告应向{book.body('leading_group').name}提出；直接向{rules.secretary_title(book)}报告"
                f"限于特殊情况，须说明特殊情况（{rule.article}）",
                field="special_reason",
                article=rule.article,
            )
        if to == Escalation.To.LEADING_GROUP and special_reason.strip():
            raise ServiceError("向领导小组请示报告不需要特殊情况说明", field="special_reason")
        _check_date(reported_on, field="reported_on", label="报告日期", not_before=inspection.round.starts_on)
        if finding is not None and finding.inspection_id != inspection.pk:
            raise ServiceError(f"{finding} 不属于{inspection}", field="finding")
        escalation = Escalation(
            inspection=inspection,
            number=_next_number(Escalation, inspection),
            to=to,
            matter=matter.strip(),
            finding=finding,
            special_reason=special_reason.strip(),
            reported_on=reported_on,
            reported_by=actor,
        )
        full_clean_or_raise(escalation)
        escalation.save()
        event_record(
            actor=actor,
            action=ESCALATION_REPORTED,
            obj=escalation,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"to": to, "finding": finding.pk if finding else None, "special": bool(escalation.special_reason)},
            article=rule.article,
            occurred_on=reported_on,
        )
    return escalation


def escalation_respond(*, actor: Any, escalation: Escalation, response: str, responded_on: datetime.date) -> Escalation:
    """Record the answer: the team, or the office that relays the leading group's answer."""
    with transaction.atomic():
        inspection = lock_inspection(escalation.inspection)
        escalation = lock_row(escalation)
        book = inspection.jurisdiction.rulebook
        rule = rules.escalation_rule(book)
        viewer = viewer_for(actor)
        office = viewer.jurisdictions_with({"office_head", "office_staff"})
        if inspection.team_id not in viewer.team_ids and inspection.jurisdiction_id not in office:
            raise PermissionDeniedError(
                f"只有本{_team_word(inspection)}成员或办公室可以登记请示报告的答复。", article=rule.article
            )
        if escalation.responded_on is not None:
            raise ServiceError(f"{escalation}已于 {escalation.responded_on} 登记答复", field="responded_on")
        if not response.strip():
            raise ServiceError("请填写答复意见", field="response")
        _check_date(responded_on, field="responded_on", label="答复日期", not_before=escalation.reported_on)
        escalation.response, escalation.responded_on = response.strip(), responded_on
        escalation.response_recorded_by = actor
        full_clean_or_raise(escalation)
        escalation.save()
        escalation.inspection = inspection
        event_record(
            actor=actor,
            action=ESCALATION_RESPONDED,
            obj=escalation,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"responded_on": responded_on},
            article=rule.article,
            occurred_on=responded_on,
        )
    return escalation
