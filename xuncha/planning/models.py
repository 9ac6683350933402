"""Rounds and teams. Term plans, coverage and the planner come with their own issue."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from xuncha.core.visibility import Viewer, VisibleQuerySet


class Round(models.Model):
    """轮次: a batch of inspections run in parallel."""

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name="党委", on_delete=models.PROTECT, related_name="rounds"
    )
    year = models.PositiveIntegerField("年度")
    number = models.PositiveIntegerField("轮次")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)

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

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "巡察组"
        verbose_name_plural = "巡察组"
        ordering = ["round", "number"]
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="team_unique_number")]

    def __str__(self) -> str:
        word = self.round.jurisdiction.word
        return f"{self.round} 第{self.number}{word}组"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return Q(round__jurisdiction_id__in=viewer.oversight_jurisdictions) | Q(pk__in=viewer.team_ids)


class TeamMembership(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", "组长"
        DEPUTY = "deputy", "副组长"
        LIAISON = "liaison", "联络员"
        MEMBER = "member", "组员"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_memberships")
    role = models.CharField("职位", max_length=10, choices=Role.choices)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "巡察组成员"
        verbose_name_plural = "巡察组成员"
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="team_member_once"),
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

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return Q(team__round__jurisdiction_id__in=viewer.oversight_jurisdictions) | Q(team_id__in=viewer.team_ids)
