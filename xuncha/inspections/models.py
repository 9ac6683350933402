"""One team inspecting one target. The full lifecycle (preparation, fieldwork,
reports, hearing, feedback, rectification) comes with its own issues; this holds
what the foundation's scoping, secrecy and obligations need."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from xuncha.core.transitions import Flow
from xuncha.core.visibility import Viewer, VisibleQuerySet


class Inspection(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "已计划"
        PREPARING = "preparing", "准备"
        ON_SITE = "on_site", "进驻了解"
        REPORTING = "reporting", "报告"  # reports, the leading group's hearing, the five-member group's decision
        RECTIFYING = "rectifying", "反馈整改"  # from the feedback on: receipt, plan, items, reports, supervision
        CLOSED = "closed", "办结"
        # Withdrawn from the round or cancelled before the team entered (inspection_withdraw), with date and reason.
        WITHDRAWN = "withdrawn", "撤出本轮/取消"

    # Not open: a target can be in one open inspection at a time (inspection_create).
    ENDED_STATUSES = (Status.CLOSED, Status.WITHDRAWN)

    class Kind(models.TextChoices):
        REGULAR = "regular", "常规"
        SPECIAL = "special", "专项"
        FLEXIBLE = "flexible", "机动"
        FOLLOW_UP = "follow_up", "“回头看”"

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name="党委", on_delete=models.PROTECT, related_name="inspections"
    )
    round = models.ForeignKey("planning.Round", on_delete=models.PROTECT, related_name="inspections")
    team = models.ForeignKey("planning.Team", on_delete=models.PROTECT, related_name="inspections")
    target = models.ForeignKey("registry.Organization", on_delete=models.PROTECT, related_name="inspections")
    feedback_given_on = models.DateField("反馈日期", null=True, blank=True)
    receipt_signed_on = models.DateField("签收反馈材料日期", null=True, blank=True)
    plan_submitted_on = models.DateField("报送整改方案日期", null=True, blank=True)
    reports_submitted_on = models.DateField("报送整改报告日期", null=True, blank=True)
    status = models.CharField("阶段", max_length=12, choices=Status.choices, default=Status.PLANNED)
    # Allowed moves; a service refuses any other with the rule that forbids it (core.transitions).
    flow = Flow(
        "status",
        {
            Status.PLANNED: {Status.PREPARING, Status.WITHDRAWN},
            Status.PREPARING: {Status.ON_SITE, Status.WITHDRAWN},
            Status.ON_SITE: {Status.REPORTING},
            Status.REPORTING: {
                Status.RECTIFYING
            },  # the second feedback session (feedback.services), after the decision
            Status.RECTIFYING: {Status.CLOSED},  # inspection_close, when the rulebook's closure conditions hold
            Status.CLOSED: set(),
            Status.WITHDRAWN: set(),
        },
        noun="阶段",
        quoted=False,
        cite=False,
        code="invalid",
    )
    kind = models.CharField("类型", max_length=12, choices=Kind.choices, default=Kind.REGULAR)
    follows = models.ForeignKey(
        "self",
        verbose_name="所回头看的巡察",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followed_by",
    )
    focus = models.CharField("专项内容", max_length=200, blank=True)
    planned_start = models.DateField("计划进驻日期", null=True, blank=True)
    planned_end = models.DateField("计划结束日期", null=True, blank=True)
    entered_on = models.DateField("进驻日期", null=True, blank=True)
    principal_notified_on = models.DateField("通报主要负责人日期", null=True, blank=True)
    mobilization_on = models.DateField("动员会日期", null=True, blank=True)
    contact_phone = models.CharField("值班电话", max_length=40, blank=True)
    contact_mailbox = models.CharField("邮政信箱", max_length=100, blank=True)
    contact_address = models.CharField("接待地址", max_length=200, blank=True)
    fieldwork_ended_on = models.DateField("了解工作结束日期", null=True, blank=True)
    shortened_approved_on = models.DateField("缩短时间批准日期", null=True, blank=True)
    shortened_basis = models.CharField("缩短时间批准依据", max_length=200, blank=True)
    results_decided_on = models.DateField("“五人小组”决定成果运用日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    withdrawn_on = models.DateField("撤出（取消）日期", null=True, blank=True)
    withdrawal_reason = models.TextField("撤出（取消）理由", blank=True)

    objects = VisibleQuerySet.as_manager()
    # Set by inspection_enter on the object it returns: the checks that could not be made (a year without a holiday
    # schedule). Not stored; the entry event keeps them.
    warnings: list[str]

    class Meta:
        verbose_name = "巡察"
        verbose_name_plural = "巡察"
        ordering = ["round", "team"]
        constraints = [
            # A target withdrawn from a round may be planned again in it (with another team).
            models.UniqueConstraint(
                fields=["round", "target"],
                condition=~Q(status="withdrawn"),
                name="inspection_target_once_per_round",
                violation_error_message="本轮已安排该对象",
            ),
            # The same target is never in two open inspections at once, across rounds (inspection_create says why).
            models.UniqueConstraint(
                fields=["target"],
                condition=~Q(status__in=["closed", "withdrawn"]),
                name="inspection_one_open_per_target",
                violation_error_message="同一对象同时只能有一个未办结、未撤出的安排",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="withdrawn", withdrawn_on__isnull=False, entered_on__isnull=True)
                    & ~Q(withdrawal_reason="")
                )
                | (~Q(status="withdrawn") & Q(withdrawn_on__isnull=True, withdrawal_reason="")),
                name="inspection_withdrawal_recorded",
                violation_error_message="撤出（取消）须有日期和理由，且只适用于尚未进驻的巡察",
            ),
            models.CheckConstraint(
                condition=Q(kind="regular", follows__isnull=True) | ~Q(kind="regular"),
                name="inspection_only_special_follows",
                violation_error_message="只有专项巡察、机动巡察或“回头看”才关联此前的巡察",
            ),
            models.CheckConstraint(
                condition=Q(fieldwork_ended_on__isnull=True)
                | (Q(entered_on__isnull=False) & Q(fieldwork_ended_on__gte=models.F("entered_on"))),
                name="inspection_fieldwork_after_entry",
                violation_error_message="了解工作结束日期不能早于进驻日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team}{self.jurisdiction.word}{self.target}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return (
            Q(jurisdiction_id__in=viewer.oversight_jurisdictions)
            | Q(team_id__in=viewer.team_ids)
            | Q(target_id__in=viewer.unit_org_ids)
        )


class TalkRecord(models.Model):
    """个别谈话记录 — secret (JDZ-2017 第四十六条（三）, NMG-2016 第三十六条（三）: 泄露巡察工作秘密).

    Readable only by the team that held the talk and the office head; each read is an event."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="talks")
    interviewee = models.CharField("谈话对象", max_length=60)
    talked_at = models.DateTimeField("谈话时间")
    place = models.CharField("地点", max_length=100)
    recorder = models.CharField("记录人", max_length=40)
    content = models.TextField("谈话内容")

    objects = VisibleQuerySet.as_manager()
    secret = True

    class Meta:
        verbose_name = "个别谈话记录"
        verbose_name_plural = "个别谈话记录"
        ordering = ["-talked_at"]

    def __str__(self) -> str:
        return f"个别谈话记录 #{self.pk}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        from xuncha.audit.secrecy import secret_readers_q

        return secret_readers_q(viewer)
