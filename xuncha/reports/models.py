"""巡察报告 / 巡视报告 and the other reports the rulebook's `report_types` name (JDZ-2017 第三十条,
NMG-2016 第二十六条): drafted from the leader-approved findings, reviewed, finalized by the team's leader, and
corrected only by a new version that supersedes the final one.

Team material: the team, the office, the leading group and auditors see it; the inspected unit and receivers do not.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from xuncha.core.transitions import Flow
from xuncha.core.visibility import Viewer, VisibleQuerySet
from xuncha.findings.models import inspections_q


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        UNDER_REVIEW = "under_review", "审核中"
        FINAL = "final", "定稿"

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="reports"
    )
    type = models.CharField("报告类型", max_length=40)  # a code from the rulebook's report_types
    version = models.PositiveIntegerField("版本")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Allowed moves: submitted for review, then finalized (定稿, locked) or returned to draft (退回) by the leader.
    # A final report is corrected by a new version that supersedes it (report_correct), never moved.
    flow = Flow(
        "status",
        {
            Status.DRAFT: {Status.UNDER_REVIEW},
            Status.UNDER_REVIEW: {Status.FINAL, Status.DRAFT},
            Status.FINAL: set(),
        },
    )
    body = models.TextField("正文", blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name="更正的定稿",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    correction_reason = models.TextField("更正理由", blank=True)
    return_reason = models.TextField("退回理由", blank=True)  # the leader's latest reason for sending it back
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("起草时间", default=timezone.now)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="定稿人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    finalized_at = models.DateTimeField("定稿时间", null=True, blank=True)
    # The dates in the world (a step recorded later carries the day it happened); finalized_at is when it was recorded.
    drafted_on = models.DateField("起草日期", null=True, blank=True)
    submitted_on = models.DateField("提交审核日期", null=True, blank=True)
    returned_on = models.DateField("退回日期", null=True, blank=True)
    finalized_on = models.DateField("定稿日期", null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "报告"
        verbose_name_plural = "报告"
        ordering = ["inspection_id", "type", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "type", "version"],
                name="report_version_once",
                violation_error_message="同一报告的版本号不能重复",
            ),
            models.CheckConstraint(
                condition=~Q(status="final") | (Q(finalized_by__isnull=False) & Q(finalized_at__isnull=False)),
                name="report_final_has_finalizer",
                violation_error_message="定稿须有定稿人和定稿时间",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type_name}（第{self.version}版）"

    @property
    def type_name(self) -> str:
        book = self.inspection.jurisdiction.rulebook
        return next((t.name for t in book.report_types if t.code == self.type), self.type)

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return inspections_q(viewer)
