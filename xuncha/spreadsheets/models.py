"""Import jobs: one uploaded .xlsx file, validated whole, then written in one transaction."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q

from xuncha.core.visibility import Viewer, VisibleQuerySet
from xuncha.jurisdictions.words import speak

# Who may import (and so start a job): the office of the jurisdiction (巡察办 / 巡视办).
IMPORT_ROLES = frozenset({"office_head", "office_staff"})
# Who sees jobs and their error reports: the office, and the jurisdiction's auditors.
JOB_READER_ROLES = IMPORT_ROLES | {"auditor"}

ERRORS_KEPT = 1000  # stored per job; the rest are counted in error_count


def imports_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


class ImportJob(models.Model):
    class Kind(models.TextChoices):
        TARGETS = "targets", "巡察对象"
        LEADERSHIP = "leadership", "领导班子"
        CADRES = "cadres", "干部任职"
        INSPECTORS = "inspectors", "巡察工作人员"

    class Status(models.TextChoices):
        PENDING = "pending", "等待处理"
        VALIDATING = "validating", "正在校验"
        INVALID = "invalid", "校验未通过（未写入）"
        WRITING = "writing", "正在写入"
        DONE = "done", "已完成"
        FAILED = "failed", "失败（未写入）"

    FINISHED = frozenset({Status.INVALID, Status.DONE, Status.FAILED})

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name="党委", on_delete=models.PROTECT, related_name="import_jobs"
    )
    kind = models.CharField("表格", max_length=12, choices=Kind.choices)
    file_name = models.CharField("文件名", max_length=200)
    file_path = models.CharField("存放路径", max_length=500, help_text="settings.VAR_DIR/imports 下的文件")
    sha256 = models.CharField("SHA-256", max_length=64)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PENDING)
    rows_total = models.PositiveIntegerField("总行数", default=0)
    rows_done = models.PositiveIntegerField("已处理行数", default=0)
    error_count = models.PositiveIntegerField("问题数", default=0)
    errors = models.JSONField("问题（至多保存 1000 条）", default=list, blank=True)
    counts = models.JSONField("写入结果", default=dict, blank=True)
    message = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind_label}导入 {self.file_name}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return Q(jurisdiction_id__in=viewer.jurisdictions_with(JOB_READER_ROLES))

    @property
    def kind_label(self) -> str:
        """The sheet's name in the jurisdiction's own words (巡察对象 / 巡视对象)."""
        return speak(self.get_kind_display(), self.jurisdiction.word)

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def progress_path(self) -> Path:
        # While writing, the job's row is inside the import transaction and invisible to
        # others; progress goes through this small file instead (see docs/excel.md).
        return Path(self.file_path).with_suffix(".progress")

    @property
    def live_rows_done(self) -> int:
        if self.status == self.Status.WRITING:
            try:
                return max(self.rows_done, int(self.progress_path.read_text() or 0))
            except (OSError, ValueError):
                return self.rows_done
        return self.rows_done

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        done = self.live_rows_done
        # Validation is the first half of the work, writing the second.
        half = 50 if self.status == self.Status.WRITING else 0
        return min(100, half + int(50 * done / self.rows_total))
