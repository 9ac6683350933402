"""Online democratic evaluations and questionnaires (民主测评、问卷调查: the working method `democratic_evaluation`,
JDZ-2017 第十九条（九）, NMG-2016 第二十条（九）).

What is stored, and what is not (docs/evaluations.md has the threat model):
- `Evaluation`: the form (a snapshot of the rulebook template), its status and its dates — the team's record.
- `ParticipantGroup`: the roster is only groups and their sizes. Nobody records who received which slip.
- `SlipCode`: a one-time code, kept only as its HMAC (`core.anonymity.codes.slip_hash`, scoped by the evaluation's
  token), and whether it is spent. No time, no issuer, no number: a random UUID4 key.
- `Ballot`: the answers, the group and the day. No code, no slip, no user, no time finer than the day, a random
  UUID4 key — and `services._place` swaps each new ballot's content with a random earlier one, so that neither the
  key nor the row's place in the table follows the order of submission.
There is no field that switches anonymity off: there is nothing to switch.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.db.models import Q

from xuncha.core.transitions import Flow
from xuncha.core.visibility import Viewer, VisibleQuerySet
from xuncha.fieldwork.secrecy import fieldwork_readers_q


class Evaluation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "准备中"
        OPEN = "open", "进行中"
        CLOSED = "closed", "已结束"

    class Kind(models.TextChoices):
        EVALUATION = "evaluation", "民主测评"
        QUESTIONNAIRE = "questionnaire", "问卷调查"

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.PROTECT, related_name="evaluations")
    template = models.CharField("表式（规则文件 evaluation_templates 的代码）", max_length=60)
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    subject_kind = models.CharField("测评对象", max_length=10)  # team | persons | unit
    title = models.CharField("名称", max_length=200)
    article = models.CharField("依据条文", max_length=20)
    # The template as it was when the evaluation was created: later edits of the rulebook do not change a form
    # people have answered. items [{code, text}], options [{code, label, positive}], subjects [{code, name, post}].
    items = models.JSONField("测评项目", default=list)
    options = models.JSONField("等次（选项）", default=list)
    rate_label = models.CharField("比率名称", max_length=20, default="好评率")
    subjects = models.JSONField("测评对象", default=list, blank=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.DRAFT)
    flow = Flow("status", {Status.DRAFT: {Status.OPEN}, Status.OPEN: {Status.CLOSED}, Status.CLOSED: set()})
    token = models.CharField("公开地址", max_length=40, unique=True)
    min_group = models.PositiveSmallIntegerField("最少人数（办公室的设定）")
    created_on = models.DateField("创建日期")
    opened_on = models.DateField("开始日期", null=True, blank=True)
    closed_on = models.DateField("结束日期", null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "民主测评和问卷调查"
        verbose_name_plural = "民主测评和问卷调查"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(min_group__gte=2), name="evaluation_min_group_at_least_two"),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return fieldwork_readers_q(viewer)

    @property
    def option_labels(self) -> dict[str, str]:
        return {o["code"]: o["label"] for o in self.options}

    def subject_list(self) -> list[dict[str, Any]]:
        """The subjects answered about: the team, the unit, or each person the team entered."""
        return list(self.subjects)


class ParticipantGroup(models.Model):
    """A group of participants (领导班子成员、中层干部、一般干部) and how many were invited — never who."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField("参评人员类别", max_length=60)
    size = models.PositiveIntegerField("人数")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "参评人员类别"
        verbose_name_plural = "参评人员类别"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "name"], name="evaluation_group_unique_name", violation_error_message="类别重复"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.size}人）"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return fieldwork_readers_q(viewer, inspection="evaluation__inspection")


class SlipCode(models.Model):
    """A one-time code, as its keyed hash. No timestamp, issuer or number on purpose (models.py docstring)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="slips")
    group = models.ForeignKey(ParticipantGroup, on_delete=models.CASCADE, related_name="slips")
    hash = models.CharField(max_length=64)
    spent = models.BooleanField(default=False)

    class Meta:
        verbose_name = "测评码"
        verbose_name_plural = "测评码"
        constraints = [models.UniqueConstraint(fields=["evaluation", "hash"], name="evaluation_slip_unique_hash")]

    def __str__(self) -> str:
        return "测评码"


class Ballot(models.Model):
    """One participant's answers: {subject code: {item code: option code}}. Nothing else (models.py docstring)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="ballots")
    group = models.ForeignKey(ParticipantGroup, on_delete=models.PROTECT, related_name="ballots")
    answered_on = models.DateField("日期")
    answers = models.JSONField("答卷", default=dict)

    class Meta:
        verbose_name = "答卷"
        verbose_name_plural = "答卷"

    def __str__(self) -> str:
        return "答卷"
