from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xuncha.audit.services import event_record
from xuncha.core.authority import OFFICE, require, require_office
from xuncha.core.errors import ServiceError, check_past_date, full_clean_or_raise
from xuncha.core.hooks import Hook
from xuncha.core.locking import lock_row

from .actions import (
    ANNUAL_PLAN_SAVED,
    ROUND_ENDED,
    ROUND_SCHEDULE_SAVED,
    ROUND_STARTED,
    TEAM_DISCIPLINE_LIAISON_SET,
    TEAM_FORMED,
    TERM_STARTED,
)
from .models import AnnualPlan, Round, Team, TeamMembership, Term
from .rules import discipline_liaison_body

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def round_create(*, actor: User | None, jurisdiction: Any, year: int, number: int, starts_on: datetime.date) -> Round:
    require_office(actor, jurisdiction, what="建立轮次")
    with transaction.atomic():
        r = Round(jurisdiction=jurisdiction, year=year, number=number, starts_on=starts_on)
        full_clean_or_raise(r)
        r.save()
        event_record(
            actor=actor, action=ROUND_STARTED, obj=r, after={"year": year, "number": number}, occurred_on=starts_on
        )
    return r


def team_create(*, actor: User | None, round: Round, number: int, members: list[tuple[Any, str]] | None = None) -> Team:
    """Open a team for a round. Given members (user accounts), 组长负责制 (JDZ-2017 第七条, NMG-2016 第十条)
    requires exactly one leader; without members the team is staffed later through people.assignment_create."""
    members = members or []
    leaders = [u for u, role in members if role == TeamMembership.Role.LEADER]
    book = round.jurisdiction.rulebook
    require_office(actor, round.jurisdiction, what=f"建立{book.word}组")
    if round.ends_on is not None:
        raise ServiceError(f"{round}已于 {round.ends_on} 结束，不能再建立{book.word}组", field="round")
    article = book.role("team_leader").article
    if members and len(leaders) != 1:
        raise ServiceError(f"每个{book.word}组须有且只有一名组长（{article}）", field="members", article=article)
    _check_members_eligibility(round, number, members)
    with transaction.atomic():
        team = Team(round=round, number=number)
        full_clean_or_raise(team)
        team.save()
        for user, role in members:
            TeamMembership.objects.create(team=team, user=user, role=role)
        event_record(
            actor=actor,
            action=TEAM_FORMED,
            obj=team,
            jurisdiction=round.jurisdiction,
            article=article,
            after={"members": [[u.username, r] for u, r in members]},
        )
    return team


# Who may be placed on a new team: people (which keeps the inspectors and their 任职条件) registers the check from
# PeopleConfig.ready(); each returns the refusal for one of the accounts given, or None.
MEMBER_ELIGIBILITY: Hook[Callable[[list[Any], str], ServiceError | None]] = Hook(
    "team_member_eligibility", "新建工作组时检查所列账号的任职条件，由 people 提供"
)


def _check_members_eligibility(round: Round, number: int, members: list[tuple[Any, str]]) -> None:
    """An account linked to an inspector record is placed on the new team only if the inspector's 任职条件 are
    attested (JDZ-2017 第八条, NMG-2016 第十一条), as `people.services.assignment_create` requires; an exception is
    recorded against an existing team, so staff such a person through the assignment instead."""
    name = f"{round} 第{number}{round.jurisdiction.rulebook.word}组"
    users = [u for u, _ in members]
    for check in MEMBER_ELIGIBILITY:
        refusal = check(users, name)
        if refusal is not None:
            raise ServiceError(refusal.message, field="members", article=refusal.article, code=refusal.code)


def round_end(*, actor: User | None, round: Round, ended_on: datetime.date) -> Round:
    """每轮巡察结束: the office records the real-world date on which the round ended, once each of its inspections
    has ended fieldwork (报告 or later) or been withdrawn from the round (inspections.services.inspection_withdraw).
    `round.ended` opens the hearing obligation (JDZ-2017 第三十一条: 15 working days; NMG-2016 第二十七条: 及时).
    The date is not in the future and not before the last end of fieldwork of the round's inspections."""
    from xuncha.inspections.models import Inspection

    book = round.jurisdiction.rulebook
    word = book.word
    hearing = next((d for d in book.deadlines if d.trigger == "round.ended"), None)
    article = hearing.article if hearing else book.procedure.hearing_article
    require_office(actor, round.jurisdiction, what=f"结束本轮{word}")
    with transaction.atomic():
        locked = lock_row(round, "jurisdiction")
        if locked.ends_on is not None:
            raise ServiceError(f"{locked} 已于 {locked.ends_on} 结束", field="ended_on")
        # Lock the inspections' own rows too: a stage moving while the round ends must wait for it.
        inspections = list(
            Inspection.objects.select_for_update(of=("self",))
            .filter(round=locked)
            .exclude(status=Inspection.Status.WITHDRAWN)
            .select_related("team", "target")
            .order_by("team__number", "pk")
        )
        if not inspections:
            raise ServiceError(
                f"{locked}没有（未撤出的）{word}，结束后无从听取汇报（{article}）；请先安排对象", field="round"
            )
        before_reporting = (Inspection.Status.PLANNED, Inspection.Status.PREPARING, Inspection.Status.ON_SITE)
        blocking = [i for i in inspections if i.status in before_reporting]
        if blocking:
            listed = "；".join(f"第{i.team.number}{word}组{i.target}（{i.get_status_display()}）" for i in blocking)
            raise ServiceError(
                f"{locked}还有{len(blocking)}个{word}尚未结束了解工作：{listed}。"
                f"每个{word}须结束了解工作，或在进驻前撤出本轮，方可结束本轮",
                field="round",
                article=article,
                code="round_not_finished",
            )
        last_fieldwork = max(
            (i.fieldwork_ended_on for i in inspections if i.fieldwork_ended_on is not None), default=locked.starts_on
        )
        check_past_date(ended_on, field="ended_on", label="结束日期", not_before=locked.starts_on)
        if ended_on < last_fieldwork:
            raise ServiceError(f"结束日期不能早于本轮{word}了解工作最后结束的日期 {last_fieldwork}", field="ended_on")
        locked.ends_on = ended_on
        full_clean_or_raise(locked)
        locked.save(update_fields=["ends_on"])
        event_record(
            actor=actor,
            action=ROUND_ENDED,
            obj=locked,
            after={"ends_on": ended_on, "inspections": [i.pk for i in inspections]},
            occurred_on=ended_on,
            article=article,
        )
    return locked


def term_start(
    *,
    actor: User | None,
    jurisdiction: Any,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    plan: str = "",
) -> Term:
    """Open a term and, with it, the coverage obligation of every active target (JDZ-2017 第十六条: each inspected at
    least once in the term; NMG-2016 第二条: 全覆盖, the per-term count being the office's setting)."""
    require(actor, jurisdiction, OFFICE, what="开始新的一届并制定工作规划")
    from xuncha.obligations.services import coverage_open
    from xuncha.registry.models import Organization

    book = jurisdiction.rulebook
    with transaction.atomic():
        overlapping = Term.objects.filter(jurisdiction=jurisdiction, starts_on__lt=ends_on, ends_on__gt=starts_on)
        if overlapping.exists():
            raise ServiceError(f"与{overlapping.first()}的时间重叠", field="starts_on")
        term = Term(jurisdiction=jurisdiction, name=name.strip(), starts_on=starts_on, ends_on=ends_on, plan=plan)
        full_clean_or_raise(term)
        term.save()
        event = event_record(
            actor=actor,
            action=TERM_STARTED,
            obj=term,
            jurisdiction=jurisdiction,
            article=book.coverage.article,
            occurred_on=starts_on,
            after={"name": term.name, "starts_on": starts_on, "ends_on": ends_on},
        )
        targets = Organization.objects.filter(jurisdiction=jurisdiction, kind="target", status="active")
        coverage_open(event=event, targets=targets, ends_on=ends_on)
    return term


def annual_plan_save(
    *, actor: User | None, term: Term, year: int, content: str, approved_on: datetime.date | None = None
) -> AnnualPlan:
    require(actor, term.jurisdiction, OFFICE, what="制定年度计划")
    with transaction.atomic():
        if not term.starts_on.year <= year <= term.ends_on.year:
            raise ServiceError(f"{year} 年不在{term}（{term.starts_on.year}—{term.ends_on.year}）内", field="year")
        plan, created = AnnualPlan.objects.select_for_update().get_or_create(
            term=term, year=year, defaults={"content": content, "approved_on": approved_on}
        )
        before = None if created else {"content": plan.content, "approved_on": plan.approved_on}
        plan.content, plan.approved_on = content, approved_on
        full_clean_or_raise(plan)
        plan.save()
        event_record(
            actor=actor,
            action=ANNUAL_PLAN_SAVED,
            obj=plan,
            jurisdiction=term.jurisdiction,
            before=before,
            after={"year": year, "approved_on": approved_on},
        )
    return plan


def round_schedule_save(*, actor: User | None, round: Round, schedule: str) -> Round:
    """阶段任务安排 of a round: what each stage does and when. Office only."""
    require_office(actor, round.jurisdiction, what="安排阶段任务")
    with transaction.atomic():
        locked = lock_row(round)
        before = {"schedule": locked.schedule}
        locked.schedule = schedule.strip()
        full_clean_or_raise(locked)
        locked.save(update_fields=["schedule"])
        event_record(
            actor=actor,
            action=ROUND_SCHEDULE_SAVED,
            obj=locked,
            jurisdiction=locked.jurisdiction,
            before=before,
            after={"schedule": locked.schedule},
        )
    return locked


# -- the discipline inspection office's delegate (JDZ-2017 第二十八条) ------------------------------------------------


def team_discipline_liaison_set(*, actor: User | None, team: Team, office: str, delegate: str) -> Team:
    """Record which discipline inspection office liaises with the team's targets and whom it sent to take part
    (JDZ-2017 第二十八条). The office records it; a rulebook without the provision refuses it."""
    book = team.round.jurisdiction.rulebook
    body = discipline_liaison_body(book)
    article = body.article if body is not None else ""
    require(actor, team.round.jurisdiction, OFFICE, what=f"登记纪检监察室派员参与{book.word}工作", article=article)
    with transaction.atomic():
        team = lock_row(team, "round__jurisdiction")
        if body is None:
            raise ServiceError(
                f"《{book.short_title}》没有规定纪检监察室派员参与{book.word}工作，不能登记",
                field="discipline_office",
                code="not_in_rulebook",
            )
        office, delegate = office.strip(), delegate.strip()
        if delegate and not office:
            raise ServiceError(
                f"对口纪检监察室：登记派员时须写明派员的纪检监察室（{article}：{body.name}派员参与对口联系单位的"
                f"{book.word}工作）",
                field="discipline_office",
                article=article,
            )
        before = {"discipline_office": team.discipline_office, "discipline_delegate": team.discipline_delegate}
        team.discipline_office, team.discipline_delegate = office, delegate
        full_clean_or_raise(team)
        team.save(update_fields=["discipline_office", "discipline_delegate"])
        event_record(
            actor=actor,
            action=TEAM_DISCIPLINE_LIAISON_SET,
            obj=team,
            jurisdiction=team.round.jurisdiction,
            article=article,
            before=before,
            after={"discipline_office": office, "discipline_delegate": delegate},
        )
    return team
