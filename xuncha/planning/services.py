from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from xuncha.audit.services import event_record
from xuncha.core.authority import OFFICE, require
from xuncha.core.errors import PermissionDeniedError, ServiceError, full_clean_or_raise
from xuncha.core.visibility import office_jurisdiction_ids

from .models import AnnualPlan, Round, Team, TeamMembership, Term


def round_create(*, actor: Any, jurisdiction: Any, year: int, number: int, starts_on: datetime.date) -> Round:
    require(actor, jurisdiction, OFFICE, what="建立轮次")
    with transaction.atomic():
        r = Round(jurisdiction=jurisdiction, year=year, number=number, starts_on=starts_on)
        full_clean_or_raise(r)
        r.save()
        event_record(
            actor=actor, action="round.started", obj=r, after={"year": year, "number": number}, occurred_on=starts_on
        )
    return r


def team_create(*, actor: Any, round: Round, number: int, members: list[tuple[Any, str]] | None = None) -> Team:
    """Open a team for a round. Given members (user accounts), 组长负责制 (JDZ-2017 第七条, NMG-2016 第十条)
    requires exactly one leader; without members the team is staffed later through people.assignment_create."""
    require(actor, round.jurisdiction, OFFICE, what=f"组建{round.jurisdiction.word}组")
    members = members or []
    leaders = [u for u, role in members if role == TeamMembership.Role.LEADER]
    book = round.jurisdiction.rulebook
    article = book.role("team_leader").article
    if members and len(leaders) != 1:
        raise ServiceError(f"每个{book.word}组须有且只有一名组长（{article}）", field="members", article=article)
    with transaction.atomic():
        team = Team(round=round, number=number)
        full_clean_or_raise(team)
        team.save()
        for user, role in members:
            TeamMembership.objects.create(team=team, user=user, role=role)
        event_record(
            actor=actor,
            action="team.formed",
            obj=team,
            jurisdiction=round.jurisdiction,
            article=article,
            after={"members": [[u.username, r] for u, r in members]},
        )
    return team


def round_end(*, actor: Any, round: Round, ended_on: datetime.date) -> Round:
    """每轮巡察结束: starts the hearing deadline (JDZ-2017 第三十一条: 15 working days)."""
    require(actor, round.jurisdiction, OFFICE, what="结束轮次")
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        if locked.ends_on is not None:
            raise ServiceError(f"{locked} 已于 {locked.ends_on} 结束", field="ended_on")
        if ended_on < locked.starts_on:
            raise ServiceError(f"结束日期不能早于开始日期 {locked.starts_on}", field="ended_on")
        locked.ends_on = ended_on
        full_clean_or_raise(locked)
        locked.save(update_fields=["ends_on"])
        event_record(actor=actor, action="round.ended", obj=locked, after={"ends_on": ended_on}, occurred_on=ended_on)
    return locked


def term_start(
    *, actor: Any, jurisdiction: Any, name: str, starts_on: datetime.date, ends_on: datetime.date, plan: str = ""
) -> Term:
    """Open a term and, with it, the coverage obligation of every active target (JDZ-2017 第十六条,
    NMG-2016 第二条: each inspected at least once in the term)."""
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
            action="term.started",
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
    *, actor: Any, term: Term, year: int, content: str, approved_on: datetime.date | None = None
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
            action="annual_plan.saved",
            obj=plan,
            jurisdiction=term.jurisdiction,
            before=before,
            after={"year": year, "approved_on": approved_on},
        )
    return plan


def round_schedule_save(*, actor: Any, round: Round, schedule: str) -> Round:
    """阶段任务安排 of a round: what each stage does and when. Office only."""
    if actor is not None and round.jurisdiction_id not in office_jurisdiction_ids(actor):
        raise PermissionDeniedError(f"只有{round.jurisdiction.word}办可以安排阶段任务。")
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        before = {"schedule": locked.schedule}
        locked.schedule = schedule.strip()
        full_clean_or_raise(locked)
        locked.save(update_fields=["schedule"])
        event_record(
            actor=actor,
            action="round.schedule_saved",
            obj=locked,
            jurisdiction=locked.jurisdiction,
            before=before,
            after={"schedule": locked.schedule},
        )
    return locked
