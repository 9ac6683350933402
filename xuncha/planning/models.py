"""Rounds and teams. Term plans, coverage and the planner come with their own issue."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from xuncha.core.visibility import Viewer, VisibleQuerySet


class Term(models.Model):
    """届: the period in which every target is inspected at least once (JDZ-2017 第十六条, NMG-2016 第二条)."""

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name="党委", on_delete=models.PROTECT, related_name="terms"
    )
    name = models.CharField("届次", max_length=40)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    plan = models.TextField("巡察工作规划", blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "届"
        verbose_name_plural = "届"
        ordering = ["jurisdiction", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="term_unique_name"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="term_ends_after_start",
                violation_error_message="届的结束日期应晚于开始日期",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return Q(jurisdiction_id__in=viewer.oversight_jurisdictions)


class AnnualPlan(models.Model):
    """年度计划 (JDZ-2017 第五条（二）, NMG-2016 第六条（三）): which targets this year, in which rounds."""

    term = models.ForeignKey(Term, verbose_name="届", on_delete=models.PROTECT, related_name="annual_plans")
    year = models.PositiveIntegerField("年度")
    content = models.TextField("计划内容")
    approved_on = models.DateField("批准日期", null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "年度计划"
        verbose_name_plural = "年度计划"
        ordering = ["term", "year"]
        constraints = [models.UniqueConstraint(fields=["term", "year"], name="annual_plan_once_per_year")]

    def __str__(self) -> str:
        return f"{self.year}年度计划"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return Q(term__jurisdiction_id__in=viewer.oversight_jurisdictions)


class Round(models.Model):
    """轮次: a batch of inspections run in parallel."""

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name="党委", on_delete=models.PROTECT, related_name="rounds"
    )
    year = models.PositiveIntegerField("年度")
    number = models.PositiveIntegerField("轮次")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)
    schedule = models.TextField("阶段任务安排", blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "轮次"
        verbose_name_plural = "轮次"
        ordering = ["jurisdiction", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "year", "number"], name="round_unique_number"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="round_ends_after_start",
                violation_error_message="轮次结束日期不能早于开始日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年第{self.number}轮"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        in_my_teams = Team.objects.filter(pk__in=viewer.team_ids).values("round_id")
        return Q(jurisdiction_id__in=viewer.oversight_jurisdictions) | Q(pk__in=in_my_teams)


class Team(models.Model):
    """巡察组 for one round (never "group": that is Django's auth model)."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="teams")
    number = models.PositiveIntegerField("组别")
    # JDZ-2017 第二十八条: 市纪委纪检监察室派员参与对口联系单位的巡察工作 — the liaison discipline inspection office and
    # the person it sends, recorded by the office (`team_discipline_liaison_set`). A rulebook without that body
    # (NMG-2016) provides for neither; both stay empty.
    discipline_office = models.CharField("对口纪检监察室", max_length=120, blank=True)
    discipline_delegate = models.CharField("纪检监察室派员", max_length=120, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "巡察组"
        verbose_name_plural = "巡察组"
        ordering = ["round", "number"]
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="team_unique_number")]

    def __str__(self) -> str:
        word = self.round.jurisdiction.word
        return f"{self.round} 第{self.number}{word}组"

    @property
    def discipline_liaison_body(self) -> Any:
        """The rulebook's body that sends a person to take part (JDZ-2017 第二十八条: 市纪委纪检监察室), or None."""
        from .rules import discipline_liaison_body

        return discipline_liaison_body(self.round.jurisdiction.rulebook)

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return Q(round__jurisdiction_id__in=viewer.oversight_jurisdictions) | Q(pk__in=viewer.team_ids)


class TeamMembership(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", "组长"
        DEPUTY = "deputy", "副组长"
        LIAISON = "liaison", "联络员"
        MEMBER = "member", "组员"

    class EndReason(models.TextChoices):
        CLOSED = "closed", "本组各项任务已办结或撤回"
        REVOKED = "revoked", "办公室负责人撤销"
        UNLINKED = "unlinked", "登录账号与工作人员档案解除关联"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_memberships")
    role = models.CharField("职位", max_length=10, choices=Role.choices)
    # Access to the team's records (and its secrets) ends; the row stays as the history of who served.
    # See docs/accounts.md for when it ends: planning/access.py.
    ended_on = models.DateField("权限终止日期", null=True, blank=True)
    end_reason = models.CharField("终止原因", max_length=10, choices=EndReason.choices, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "巡察组成员"
        verbose_name_plural = "巡察组成员"
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="team_member_once"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="") | Q(ended_on__isnull=False) & ~Q(end_reason=""),
                name="team_member_end_has_reason",
                violation_error_message="权限终止须同时记录终止日期和原因",
            ),
            # 组长负责制 (JDZ-2017 第七条, NMG-2016 第十条): exactly one leader per team.
            models.UniqueConstraint(
                fields=["team"],
                condition=Q(role="leader"),
                name="team_one_leader",
                violation_error_message="每个组只能有一名组长（组长负责制）",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.get_role_display()} {self.user}"

    @property
    def active(self) -> bool:
        return self.ended_on is None

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return Q(team__round__jurisdiction_id__in=viewer.oversight_jurisdictions) | Q(team_id__in=viewer.team_ids)
