"""整改: what the inspected unit does with the problems fed back to it, and how the office and the team follow it.

- the plan (整改方案) with one item per problem fed back (JDZ-2017 第三十四条; NMG-2016 sets no separate plan, so the
  same rows hold the items the unit records before its reports, 第三十条);
- the items' progress and evidence files;
- the two reports submitted together (整改情况报告, 主要负责人组织落实情况报告) and their review;
- supervision (督办: JDZ-2017 第四十条, NMG-2016 第三十四条);
- poor rectification (JDZ-2017 第四十一条): opinions, the report to the leading group, 通报 or 约谈.

The inspected unit sees its own inspection's plan, items, reports, opinions and measures; supervision records and the
office's report to the leading group are the office's and the team's working material.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from xuncha.core.transitions import Flow
from xuncha.core.visibility import Viewer, VisibleQuerySet
from xuncha.fieldwork.models import attachment_storage


def inspections_q(viewer: Viewer, path: str, *, unit: bool = True) -> Q:
    """Rows of inspections the viewer works on: oversight roles of the jurisdiction and the team, and (when `unit`)
    the inspected unit's contacts. Receivers never."""
    from xuncha.inspections.models import Inspection

    seen = Q(jurisdiction_id__in=viewer.oversight_jurisdictions) | Q(team_id__in=viewer.team_ids)
    if unit:
        seen |= Q(target_id__in=viewer.unit_org_ids)
    return Q(**{f"{path}__in": Inspection.objects.filter(seen).values("pk")})


class RectificationPlan(models.Model):
    """整改方案. `separate` is False where the rulebook sets no separate plan (NMG-2016): the row then only holds the
    items the unit recorded before its reports, and its date is the recording date."""

    inspection = models.OneToOneField(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="rectification_plan"
    )
    separate = models.BooleanField("单独报送的整改方案", default=True)
    text = models.TextField("整改方案")
    submitted_on = models.DateField("报送日期")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "整改方案"
        verbose_name_plural = "整改方案"
        ordering = ["-submitted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.inspection}整改方案" if self.separate else f"{self.inspection}整改事项"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return inspections_q(viewer, "inspection_id")


class RectificationItem(models.Model):
    """整改事项: one problem fed back, with the unit's measures, the person responsible and the target date."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "未开始"
        IN_PROGRESS = "in_progress", "整改中"
        DONE = "done", "已完成"
        TRANSFERRED = "transferred", "转入日常监督"

    # Allowed moves (rectification_item_update checks them and writes an ItemProgress row). A settled item can be
    # reopened when supervision finds it not done; staying in a status is a progress note.
    SETTLED = frozenset({Status.DONE, Status.TRANSFERRED})

    plan = models.ForeignKey(RectificationPlan, verbose_name="整改方案", on_delete=models.PROTECT, related_name="items")
    finding = models.ForeignKey(
        "findings.Finding", verbose_name="反馈的问题", on_delete=models.PROTECT, related_name="rectification_items"
    )
    number = models.PositiveIntegerField("序号")
    measures = models.TextField("整改措施")
    responsible_person = models.CharField("责任人", max_length=100)
    target_date = models.DateField("完成时限")
    status = models.CharField("整改状态", max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    flow = Flow(
        "status",
        {
            Status.NOT_STARTED: {Status.IN_PROGRESS, Status.DONE, Status.TRANSFERRED},
            Status.IN_PROGRESS: {Status.DONE, Status.TRANSFERRED},
            Status.DONE: {Status.IN_PROGRESS},
            Status.TRANSFERRED: {Status.IN_PROGRESS},
        },
        after_label="",
        quoted=False,
        cite=False,
    )
    transfer_reason = models.TextField("转入日常监督的理由", blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "整改事项"
        verbose_name_plural = "整改事项"
        ordering = ["plan_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "finding"],
                name="rectification_item_once_per_problem",
                violation_error_message="每个反馈的问题只能有一个整改事项",
            ),
            models.UniqueConstraint(fields=["plan", "number"], name="rectification_item_number_once"),
            models.CheckConstraint(
                condition=(Q(status="transferred") & ~Q(transfer_reason=""))
                | (~Q(status="transferred") & Q(transfer_reason="")),
                name="rectification_item_transfer_has_reason",
                violation_error_message="转入日常监督须说明理由；其他状态不填写该理由",
            ),
        ]

    def __str__(self) -> str:
        return f"整改事项 {self.number}"

    @property
    def settled(self) -> bool:
        return self.status in self.SETTLED

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return inspections_q(viewer, "plan__inspection_id")


class ItemProgress(models.Model):
    """One progress note on an item, with the status it moved from and to (the item's history)."""

    item = models.ForeignKey(
        RectificationItem, verbose_name="整改事项", on_delete=models.PROTECT, related_name="progress"
    )
    noted_on = models.DateField("日期")
    from_status = models.CharField("原状态", max_length=20, choices=RectificationItem.Status.choices)
    to_status = models.CharField("新状态", max_length=20, choices=RectificationItem.Status.choices)
    note = models.TextField("进展情况")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "整改进展"
        verbose_name_plural = "整改进展"
        ordering = ["item_id", "noted_on", "id"]
        constraints = [models.CheckConstraint(condition=~Q(note=""), name="item_progress_has_note")]

    def __str__(self) -> str:
        return f"整改进展 #{self.pk}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return inspections_q(viewer, "item__plan__inspection_id")


def _upload_to(instance: EvidenceFile, filename: str) -> str:
    # Stored beside the fieldwork attachments under a random name; the original name stays in the database.
    return f"rectification/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}"


class EvidenceFile(models.Model):
    """整改佐证材料 for one item: stored under VAR_DIR/attachments with its SHA-256, never served by URL — downloads go
    through visible_to."""

    item = models.ForeignKey(
        RectificationItem, verbose_name="整改事项", on_delete=models.PROTECT, related_name="evidence_files"
    )
    file = models.FileField("文件", storage=attachment_storage, upload_to=_upload_to, max_length=200)
    original_name = models.CharField("原文件名", max_length=255)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "整改佐证材料"
        verbose_name_plural = "整改佐证材料"
        ordering = ["uploaded_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="evidence_file_not_empty")]

    def __str__(self) -> str:
        return f"整改佐证材料 #{self.pk}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return inspections_q(viewer, "item__plan__inspection_id")


class RectificationReport(models.Model):
    """整改情况报告 and 主要负责人组织落实情况报告, submitted together, and their review: by the team, which then
    forwards them to the office (JDZ-2017 第三十四条), or by the office (NMG-2016 第三十条). A returned submission
    stays as it was; the unit submits again and the next one is numbered on."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待审核"
        ACCEPTED = "accepted", "审核通过"
        RETURNED = "returned", "退回重报"

    class Reviewer(models.TextChoices):
        TEAM = "team", "巡察组"
        OFFICE = "office", "办公室"

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="rectification_reports"
    )
    number = models.PositiveIntegerField("报送次序")
    situation_report = models.TextField("整改情况报告")
    principal_report = models.TextField("主要负责人组织落实情况报告")
    submitted_on = models.DateField("报送日期")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("登记时间", default=timezone.now)
    status = models.CharField("审核状态", max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    # Reviewed once: accepted, or returned (the unit then submits the next report).
    flow = Flow(
        "status", {Status.SUBMITTED: {Status.ACCEPTED, Status.RETURNED}, Status.ACCEPTED: (), Status.RETURNED: ()}
    )
    reviewer = models.CharField("审核方", max_length=10, choices=Reviewer.choices, blank=True)
    reviewed_on = models.DateField("审核日期", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_opinion = models.TextField("审核意见", blank=True)
    forwarded_on = models.DateField("报送办公室日期", null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "整改情况报告"
        verbose_name_plural = "整改情况报告"
        ordering = ["inspection_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="rectification_report_number_once"),
            models.UniqueConstraint(
                fields=["inspection"],
                condition=Q(status__in=["submitted", "accepted"]),
                name="rectification_report_one_standing",
                violation_error_message="已有待审核或已审核通过的整改情况报告",
            ),
            models.CheckConstraint(
                condition=(Q(status="submitted") & Q(reviewed_on__isnull=True) & Q(reviewer=""))
                | (~Q(status="submitted") & Q(reviewed_on__isnull=False) & ~Q(reviewer="")),
                name="rectification_report_review_dated",
                violation_error_message="审核结果须有审核方和审核日期",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(review_opinion=""),
                name="rectification_report_return_has_reasons",
                violation_error_message="退回须说明理由",
            ),
            models.CheckConstraint(
                condition=Q(forwarded_on__isnull=True) | Q(status="accepted", reviewer="team"),
                name="rectification_report_forwarded_after_team_review",
                violation_error_message="只有巡察组审核通过的报告才报送办公室",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspection}整改情况报告（第{self.number}次报送）"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return inspections_q(viewer, "inspection_id")


class Supervision(models.Model):
    """督办: the office, with the team, learns about and urges the unit's rectification by an appropriate way and
    reports to the leading group (JDZ-2017 第四十条; NMG-2016 第三十四条, which names 专项检查)."""

    class Way(models.TextChoices):
        BRIEFING = "briefing", "听取整改情况汇报"
        SITE_VISIT = "site_visit", "实地督查"
        DOCUMENTS = "documents", "查阅整改资料"
        SPECIAL_CHECK = "special_check", "专项检查"
        OTHER = "other", "其他适当方式"

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="supervisions"
    )
    supervised_on = models.DateField("督办日期")
    way = models.CharField("督办方式", max_length=20, choices=Way.choices)
    content = models.TextField("督办内容")
    participants = models.CharField("参加人员", max_length=200, blank=True)
    reported_to_leading_group = models.BooleanField("已向领导小组报告", default=False)
    reported_on = models.DateField("报告日期", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "督办"
        verbose_name_plural = "督办"
        ordering = ["inspection_id", "supervised_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(reported_to_leading_group=True) & Q(reported_on__gte=models.F("supervised_on")))
                | (Q(reported_to_leading_group=False) & Q(reported_on__isnull=True)),
                name="supervision_report_dated",
                violation_error_message="向领导小组报告须填写报告日期（不早于督办日期）",
            ),
            models.CheckConstraint(condition=~Q(content=""), name="supervision_has_content"),
        ]

    def __str__(self) -> str:
        return f"督办 #{self.pk}（{self.supervised_on}）"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return inspections_q(viewer, "inspection_id", unit=False)


class PoorRectificationStep(models.Model):
    """整改不力 (JDZ-2017 第四十一条), in its order: the team gives 整改意见; if still poor, the office reports to the
    leading group; then 通报, or 约谈 of the unit's principal leader by a leader of the leading group. Each step after
    the first follows exactly one earlier step, and is followed by at most one."""

    class Kind(models.TextChoices):
        OPINION = "opinion", "整改意见"
        REPORT = "report", "上报领导小组"
        CIRCULATED_NOTICE = "circulated_notice", "通报"
        ADMONITORY_TALK = "admonitory_talk", "约谈"

    # What each kind must follow.
    FOLLOWS: dict[str, str | None] = {
        Kind.OPINION: None,
        Kind.REPORT: Kind.OPINION,
        Kind.CIRCULATED_NOTICE: Kind.REPORT,
        Kind.ADMONITORY_TALK: Kind.REPORT,
    }

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="poor_rectification"
    )
    kind = models.CharField("环节", max_length=20, choices=Kind.choices)
    follows = models.ForeignKey(
        "self", verbose_name="前一环节", null=True, blank=True, on_delete=models.PROTECT, related_name="next_steps"
    )
    occurred_on = models.DateField("日期")
    content = models.TextField("内容")
    talk_leader = models.CharField("约谈人（领导小组领导）", max_length=100, blank=True)
    principal = models.CharField("被约谈人（主要负责人）", max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "整改不力处置"
        verbose_name_plural = "整改不力处置"
        ordering = ["inspection_id", "occurred_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="opinion") & Q(follows__isnull=True))
                | (~Q(kind="opinion") & Q(follows__isnull=False)),
                name="poor_rectification_step_order",
                violation_error_message="整改意见是第一环节；其后各环节须接续前一环节",
            ),
            models.UniqueConstraint(
                fields=["follows"],
                condition=Q(follows__isnull=False),
                name="poor_rectification_step_followed_once",
                violation_error_message="该环节已有后续处置",
            ),
            models.CheckConstraint(
                condition=~Q(kind="admonitory_talk") | (~Q(talk_leader="") & ~Q(principal="")),
                name="poor_rectification_talk_names_people",
                violation_error_message="约谈须写明约谈的领导小组领导和被约谈的主要负责人",
            ),
            models.CheckConstraint(condition=~Q(content=""), name="poor_rectification_step_has_content"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.occurred_on}）"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        # The unit receives the opinions and is the subject of the notice or talk; the office's report to the
        # leading group is internal.
        return inspections_q(viewer, "inspection_id", unit=False) | (
            inspections_q(viewer, "inspection_id") & ~Q(kind="report")
        )
