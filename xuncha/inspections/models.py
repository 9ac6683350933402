"""One team inspecting one target. The full lifecycle (preparation, fieldwork,
reports, hearing, feedback, rectification) comes with its own issues; this holds
what the foundation's scoping, secrecy and obligations need."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

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


class Disclosure(models.Model):
    """公开: what is made public about an inspection (JDZ-2017 第四十二条, NMG-2016 第三十五条: 进驻、反馈、整改等情况
    以适当方式公开). Only the stages the rulebook's `disclosures` list.

    Workflow (xuncha/disclosures/services.py): drafted by the team's leader or the office (巡察办/巡视办), approved
    by the office head, then published by the office with the publication date and the rulebook's channels. The
    regulations name no approver: approval by the office head is this system's setting, not a rule of either
    regulation (docs/disclosures.md). Title and body are checked against the inspection's secret material before
    approval and again before publication. A published disclosure is never edited: a correction is a new disclosure
    that supersedes it. The entry announcement is published at entry (`inspection_enter`), approved by whoever
    records the entry."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        APPROVED = "approved", "已审批"
        PUBLISHED = "published", "已公开"

    # Allowed moves; the service refuses any other. An approved text goes back to draft (退回) to be changed.
    TRANSITIONS: dict[str, set[str]] = {
        Status.DRAFT: {Status.APPROVED},
        Status.APPROVED: {Status.PUBLISHED, Status.DRAFT},
        Status.PUBLISHED: set(),
    }

    inspection = models.ForeignKey(
        Inspection, verbose_name="巡察", on_delete=models.PROTECT, related_name="disclosures"
    )
    stage = models.CharField("公开事项", max_length=20)  # a stage of the rulebook's `disclosures`
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField("公开日期", null=True, blank=True)
    channels = models.CharField("公开渠道", max_length=200, blank=True)  # the rulebook's, set on publication
    supersedes = models.OneToOneField(
        "self",
        verbose_name="更正的公开",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    correction_reason = models.TextField("更正理由", blank=True)
    return_reason = models.TextField("退回意见", blank=True)  # the office head's latest, shown on the draft
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafted_at = models.DateTimeField("起草时间", default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_on = models.DateField("审批日期", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "公开"
        verbose_name_plural = "公开"
        ordering = [models.F("published_on").desc(nulls_first=True), "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "approved", "published"]),
                name="disclosure_status_known",
                violation_error_message="状态只能是草稿、已审批或已公开",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", approved_on__isnull=True, approved_by__isnull=True)
                | (~Q(status="draft") & Q(approved_on__isnull=False)),
                name="disclosure_approval_matches_status",
                violation_error_message="已审批和已公开的须有审批日期；草稿不带审批",
            ),
            models.CheckConstraint(
                condition=Q(status="published", published_on__isnull=False, published_on__gte=models.F("approved_on"))
                & ~Q(channels="")
                | (~Q(status="published") & Q(published_on__isnull=True, published_by__isnull=True)),
                name="disclosure_publication_matches_status",
                violation_error_message="已公开的须有不早于审批日期的公开日期和公开渠道；未公开的不带公开日期",
            ),
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True) | ~Q(correction_reason=""),
                name="disclosure_correction_has_reason",
                violation_error_message="更正须说明理由",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        # Published material: whoever may see the inspection may see what was published about it. Drafts and approved
        # texts are working material of the team and the jurisdiction's oversight roles: never the inspected unit,
        # receivers or anyone outside (the public page shows published ones only, xuncha/disclosures/selectors.py).
        published = Q(status=cls.Status.PUBLISHED, inspection__in=Inspection.objects.visible_to(viewer).values("pk"))
        working = Q(inspection__team_id__in=sorted(viewer.team_ids)) | Q(
            inspection__jurisdiction_id__in=viewer.oversight_jurisdictions
        )
        return published | working
