"""After a round: the leading group hears the teams (听取巡察情况汇报), the five-member group decides the use of
results (研究决定巡察成果的运用), the decision goes upward (备案 / 报告), and the organization department hears the
inspection body on cadres (成果运用).

Who sees what:
- meetings, their attendees and minutes: the oversight roles of the jurisdiction (office, leading group, five-member
  group, auditors); an item (one inspection's proposal or decision) also to that inspection's team, its own item only;
- a filing: the oversight roles of the jurisdiction and of its parent jurisdiction (上下联动: the body it is filed
  with);
- a consultation: whoever asked it, the oversight roles of the jurisdiction, and the leaders of the teams that
  inspected a unit where the cadre holds or held a post.
Never the inspected units; receivers only their own consultations.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from xuncha.core.visibility import Viewer, VisibleQuerySet
from xuncha.jurisdictions.words import speak

from . import rules

USE_CODES = frozenset({"feedback", "notify", "transfer", "cadre_use", "thematic_report", "follow_up"})


def validate_uses(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError("成果运用方式应为代码列表")
    unknown = sorted(set(value) - USE_CODES)
    if unknown:
        raise ValidationError(f"未知的成果运用方式：{'、'.join(unknown)}")
    if len(set(value)) != len(value):
        raise ValidationError("成果运用方式不能重复")


class Meeting(models.Model):
    class Kind(models.TextChoices):
        HEARING = "hearing", "领导小组听取巡察情况汇报"
        DECISION = "decision", "“五人小组”会议"

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name="党委", on_delete=models.PROTECT, related_name="+"
    )
    round = models.ForeignKey(
        "planning.Round", verbose_name="轮次", on_delete=models.PROTECT, related_name="results_meetings"
    )
    kind = models.CharField("会议", max_length=10, choices=Kind.choices)
    held_on = models.DateField("召开日期")
    agenda = models.TextField("议题", blank=True)
    minutes = models.TextField("会议记录")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "听取汇报和研究决定会议"
        verbose_name_plural = "听取汇报和研究决定会议"
        ordering = ["round_id", "held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(minutes=""), name="results_meeting_minuted", violation_error_message="会议须有会议记录"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.kind_label}（{self.held_on}）"

    @property
    def kind_label(self) -> str:
        """领导小组听取巡察情况汇报 / 听取巡视情况汇报, in the jurisdiction's word."""
        return speak(self.get_kind_display(), self.jurisdiction.word)

    @property
    def body_name(self) -> str:
        book = self.jurisdiction.rulebook
        return rules.hearing_body(book) if self.kind == self.Kind.HEARING else rules.decision_body(book)

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return Q(jurisdiction_id__in=viewer.oversight_jurisdictions)


class MeetingAttendee(models.Model):
    """A member of the body who attended. By name: the members of the leading group and of the five-member group are
    committee leaders, most of whom hold no account here."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField("姓名", max_length=40)
    position = models.CharField("职务", max_length=80, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "出席人员"
        verbose_name_plural = "出席人员"
        ordering = ["meeting_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "name"], name="results_attendee_once"),
            models.CheckConstraint(condition=~Q(name=""), name="results_attendee_named"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.position}）" if self.position else self.name

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return Q(meeting__jurisdiction_id__in=viewer.oversight_jurisdictions)


class MeetingItem(models.Model):
    """One inspection at a meeting: the leading group's proposed handling (处理意见), or the five-member group's
    decision on the use of results (text and the uses chosen)."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="items")
    # The meeting's kind, repeated so the database can hold “heard once, decided once” per inspection.
    kind = models.CharField("会议", max_length=10, choices=Meeting.Kind.choices)
    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="results_items"
    )
    text = models.TextField("处理意见或决定")
    uses = models.JSONField("成果运用方式", default=list, blank=True, validators=[validate_uses])

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "听取汇报和决定事项"
        verbose_name_plural = "听取汇报和决定事项"
        ordering = ["meeting_id", "inspection_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "kind"],
                name="results_item_once_per_inspection",
                violation_error_message="每次巡察只听取一次汇报、只作一次决定",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="results_item_has_text"),
        ]

    def __str__(self) -> str:
        return f"{self.inspection} · {self.get_kind_display()}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return Q(meeting__jurisdiction_id__in=viewer.oversight_jurisdictions) | Q(
            inspection__team_id__in=viewer.team_ids
        )


class Filing(models.Model):
    """报送备案 (JDZ-2017 第三十二条第二款) / 向上级报告 (NMG-2016 第二十八条第二款) of one round's decision."""

    class Action(models.TextChoices):
        FILED = "decision.filed", "报上级备案"
        REPORTED_UPWARD = "decision.reported_upward", "向上级报告"

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name="党委", on_delete=models.PROTECT, related_name="+"
    )
    round = models.OneToOneField(
        "planning.Round", verbose_name="轮次", on_delete=models.PROTECT, related_name="results_filing"
    )
    action = models.CharField("方式", max_length=30, choices=Action.choices)
    to_body = models.CharField("报送机构（规则代码）", max_length=60)
    to_name = models.CharField("报送机构", max_length=100)
    filed_on = models.DateField("报送日期")
    document_number = models.CharField("文号", max_length=80)
    summary = models.TextField("报送内容摘要")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "报送备案"
        verbose_name_plural = "报送备案"
        ordering = ["-filed_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(document_number=""), name="results_filing_numbered"),
            models.CheckConstraint(condition=~Q(summary=""), name="results_filing_summarized"),
        ]

    def __str__(self) -> str:
        return f"{self.round}{self.get_action_display()}（{self.document_number}）"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        oversight = viewer.oversight_jurisdictions
        return Q(jurisdiction_id__in=oversight) | Q(jurisdiction__parent_id__in=oversight)


class Consultation(models.Model):
    """The organization department hears the inspection body's opinion on a cadre (JDZ-2017 第三十八条,
    NMG-2016 第三十三条). The asker is a contact of a registry organization of kind 组织部门."""

    class Occasion(models.TextChoices):
        ELECTION = "election", "换届考察"
        APPRAISAL = "appraisal", "干部考核（考核评价）"
        ADJUSTMENT = "adjustment", "班子调整"
        SELECTION = "selection", "干部选任（选拔任用）"
        ASSESSMENT = "assessment", "考察领导班子和领导干部"

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name="党委", on_delete=models.PROTECT, related_name="+"
    )
    cadre = models.ForeignKey(
        "registry.Cadre", verbose_name="干部", on_delete=models.PROTECT, related_name="results_consultations"
    )
    department = models.ForeignKey(
        "registry.Organization", verbose_name="组织部门", on_delete=models.PROTECT, related_name="+"
    )
    occasion = models.CharField("事由", max_length=20, choices=Occasion.choices)
    to_be_promoted = models.BooleanField("拟提任干部", default=False)
    purpose = models.TextField("听取意见的目的")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提出人", on_delete=models.PROTECT, related_name="+"
    )
    asked_on = models.DateField("提出日期")
    opinion = models.TextField("意见", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "成果运用听取意见"
        verbose_name_plural = "成果运用听取意见"
        ordering = ["-asked_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(purpose=""), name="results_consultation_has_purpose"),
            models.CheckConstraint(
                condition=(Q(answered_on__isnull=True) & Q(opinion="") & Q(answered_by__isnull=True))
                | (Q(answered_on__isnull=False) & ~Q(opinion="") & Q(answered_by__isnull=False)),
                name="results_consultation_answer_complete",
                violation_error_message="意见、答复日期和答复人须同时填写",
            ),
        ]

    def __str__(self) -> str:
        return f"听取意见 #{self.pk}（{self.cadre}）"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        # The asker, the oversight roles, and the leader of a team that inspected a unit where the cadre holds or
        # held a post (JDZ-2017 第三十八条: 听取相关市委巡察组意见), so that the team can answer.
        from xuncha.inspections.models import Inspection
        from xuncha.registry.models import Post

        led_targets = (
            Inspection.objects.filter(team_id__in=viewer.led_team_ids)
            .exclude(status__in=[Inspection.Status.PLANNED, Inspection.Status.PREPARING, Inspection.Status.WITHDRAWN])
            .values("target_id")
        )
        cadres = Post.objects.filter(organization_id__in=led_targets).values("cadre_id")
        return (
            Q(asked_by_id=viewer.user_id)
            | Q(jurisdiction_id__in=viewer.oversight_jurisdictions)
            | Q(cadre_id__in=cadres)
        )
