"""Official documents (公文) printed from the records, in the format of GB/T 9704-2012.

- `Letterhead`: what the office prints on its documents (发文机关标志, 发文机关代字, 印发机关): its own setting.
- `IssuedNumber`: a 发文字号, allocated once per document from the jurisdiction's sequence of the year, without gaps
  or duplicates (`numbering.allocate`), and kept with every version of that document.
- `Template`: a template the office uploaded to replace the default one of a document kind (docxtpl tags).
- `Document`: one generated version: the .docx, its digest, the number, the template it came from, and its PDF
  preview once converted. Regenerating makes a new version; the old one is kept.

Who sees a document: whoever sees the record it was printed from (`kinds.Kind.readers`), so a document never shows
more than its record does.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from xuncha.core.visibility import Viewer, VisibleQuerySet


@deconstructible
class DocumentStorage(FileSystemStorage):
    """Files under settings.VAR_DIR/documents, read from settings on every use (tests point VAR_DIR elsewhere).
    Never served by URL: downloads go through `Document.objects.visible_to`."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def base_location(self) -> str:
        return str(Path(settings.VAR_DIR) / "documents")

    @property
    def location(self) -> str:
        return str(Path(self.base_location).resolve())


document_storage = DocumentStorage()


class Letterhead(models.Model):
    """The office's printing settings for its jurisdiction's documents (GB/T 9704-2012 版头 and 版记)."""

    jurisdiction = models.OneToOneField(
        "jurisdictions.Jurisdiction", verbose_name="党委", on_delete=models.PROTECT, related_name="letterhead"
    )
    issuer = models.CharField("发文机关标志", max_length=60)  # e.g. 中共某某市委……领导小组办公室
    code = models.CharField("发文机关代字", max_length=20)  # the 字 of 发文字号: 代字〔年份〕序号号
    printer = models.CharField("印发机关", max_length=60)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="设置人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("设置时间", default=timezone.now)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "文书设置"
        verbose_name_plural = "文书设置"
        constraints = [
            models.CheckConstraint(
                condition=~Q(issuer="") & ~Q(code="") & ~Q(printer=""),
                name="letterhead_complete",
                violation_error_message="须填写发文机关标志、发文机关代字和印发机关",
            )
        ]

    def __str__(self) -> str:
        return f"{self.issuer}（{self.code}）"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return Q(jurisdiction_id__in=viewer.all_jurisdictions)


class NumberSequence(models.Model):
    """The last 发文字号 allocated in a jurisdiction's year; locked while one is allocated."""

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name="党委", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField("年份")
    last = models.PositiveIntegerField("已用至", default=0)

    class Meta:
        verbose_name = "发文字号序列"
        verbose_name_plural = "发文字号序列"
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "year"], name="number_sequence_once_a_year")]

    def __str__(self) -> str:
        return f"{self.year}年已用至{self.last}号"


class IssuedNumber(models.Model):
    """One 发文字号, allocated to one document (a kind and its record) and kept by all its versions."""

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name="党委", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField("年份")
    sequence = models.PositiveIntegerField("序号")
    code = models.CharField("发文机关代字", max_length=20)
    kind = models.CharField("文书", max_length=60)  # a code of the rulebook's `documents`
    subject_type = models.CharField("所据记录类别", max_length=60)
    subject_id = models.PositiveBigIntegerField("所据记录")
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="编号人", on_delete=models.PROTECT, related_name="+"
    )
    allocated_at = models.DateTimeField("编号时间", default=timezone.now)

    class Meta:
        verbose_name = "发文字号"
        verbose_name_plural = "发文字号"
        ordering = ["jurisdiction_id", "year", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "year", "sequence"],
                name="issued_number_unique",
                violation_error_message="该发文字号已被使用",
            ),
            models.UniqueConstraint(
                fields=["jurisdiction", "kind", "subject_type", "subject_id"],
                name="issued_number_once_per_document",
                violation_error_message="该文书已编号",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """GB/T 9704-2012: 机关代字 + 〔年份〕 + 序号 + 号, the number without leading zeros."""
        return f"{self.code}〔{self.year}〕{self.sequence}号"


def _template_path(instance: Template, filename: str) -> str:
    return f"templates/{instance.jurisdiction_id}/{instance.kind}-{instance.sha256[:16]}.docx"


class Template(models.Model):
    """A template the office uploaded for one of its document kinds; the latest active one is used."""

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name="党委", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("文书", max_length=60)
    file = models.FileField("模板文件", storage=document_storage, upload_to=_template_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    active = models.BooleanField("使用中", default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["jurisdiction_id", "kind", "-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "kind"],
                condition=Q(active=True),
                name="template_one_active_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}：{self.original_name}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return Q(jurisdiction_id__in=viewer.oversight_jurisdictions)


def _docx_path(instance: Document, filename: str) -> str:
    return f"{instance.generated_at:%Y/%m}/{instance.sha256}.docx"


def _pdf_path(instance: Document, filename: str) -> str:
    return f"{instance.generated_at:%Y/%m}/{instance.sha256}.pdf"


class Document(models.Model):
    """One version of one document printed from one record."""

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name="党委", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("文书", max_length=60)  # a code of the rulebook's `documents`
    builder = models.CharField("文书类别", max_length=40)  # its `kind` there: a code of vocabulary.DOCUMENT_KINDS
    subject_type = models.CharField("所据记录类别", max_length=60)  # app_label.ModelName
    subject_id = models.PositiveBigIntegerField("所据记录")
    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name="巡察",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    version = models.PositiveIntegerField("版本")
    title = models.CharField("标题", max_length=200)
    number = models.ForeignKey(
        IssuedNumber, verbose_name="发文字号", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    dated_on = models.DateField("成文日期")
    file = models.FileField("文件（.docx）", storage=document_storage, upload_to=_docx_path, max_length=200)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    template_sha256 = models.CharField("模板 SHA-256", max_length=64)
    template = models.ForeignKey(
        Template, verbose_name="办公室模板", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # None: the default template
    pdf = models.FileField("PDF 预览", storage=document_storage, upload_to=_pdf_path, max_length=200, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="生成人", on_delete=models.PROTECT, related_name="+"
    )
    generated_at = models.DateTimeField("生成时间", default=timezone.now)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "公文"
        verbose_name_plural = "公文"
        ordering = ["-generated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "kind", "subject_type", "subject_id", "version"],
                name="document_version_unique",
                violation_error_message="该文书的这一版本已存在",
            )
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="document_subject")]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"

    @property
    def number_text(self) -> str:
        return self.number.text if self.number is not None else ""

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        from .kinds import readers_q

        return readers_q(viewer)
