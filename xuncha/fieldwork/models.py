"""巡察了解工作: what a team records for each working method of its rulebook (JDZ-2017 第十九条, NMG-2016 第二十条).

Talks have their own secret record (`inspections.TalkRecord`); petitions (来信、来电、来访) and document retrievals
(调阅、复制资料) have their registers here; every other method is a `FieldworkRecord` with method-specific details.
Files attach to exactly one record, petition or retrieval and are read under its rules."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

from xuncha.core.visibility import Viewer, VisibleQuerySet

from .secrecy import fieldwork_readers_q, secret_readers_q


class FieldworkRecord(models.Model):
    """One use of a working method: a briefing heard, a forum held, a questionnaire's results, a request for help …"""

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="fieldwork_records"
    )
    method = models.CharField("工作方式", max_length=60)  # a code from the rulebook's `working_methods`
    held_on = models.DateField("日期")
    place = models.CharField("地点", max_length=200, blank=True)
    participants = models.TextField("参加人员", blank=True)
    summary = models.TextField("主要情况")
    details = models.JSONField("具体情况", default=dict, blank=True)
    # Methods with `approval_by` in the rulebook: the approval, with its date, basis and the approving body's name.
    approved_on = models.DateField("批准日期", null=True, blank=True)
    approval_basis = models.CharField("批准依据", max_length=200, blank=True)
    approval_body = models.CharField("批准机构", max_length=100, blank=True)
    sent_on = models.DateField("提请日期", null=True, blank=True)  # assistance requests: sent to the addressee
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = VisibleQuerySet.as_manager()
    secret = False
    # Set by services.fieldwork_record_read when the reader may see the secret details and the read was recorded.
    secret_revealed = False

    class Meta:
        verbose_name = "了解工作记录"
        verbose_name_plural = "了解工作记录"
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True, approval_basis="", approval_body="")
                | (Q(approved_on__isnull=False) & ~Q(approval_basis="") & ~Q(approval_body="")),
                name="fieldwork_approval_complete",
                violation_error_message="批准须同时登记批准日期、依据和批准机构",
            ),
            models.CheckConstraint(
                condition=Q(sent_on__isnull=True) | Q(method="assistance_request"),
                name="fieldwork_only_assistance_is_sent",
                violation_error_message="只有提请协助才登记提请日期",
            ),
        ]
        indexes = [models.Index(fields=["inspection", "method"])]

    def __str__(self) -> str:
        return f"了解工作记录 #{self.pk}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return fieldwork_readers_q(viewer)

    @cached_property
    def working_method(self) -> Any:
        return next((m for m in self.inspection.jurisdiction.rulebook.working_methods if m.code == self.method), None)


class Petition(models.Model):
    """来信、来电、来访登记. SECRET: who wrote, called or came, and what they said (巡察工作秘密); the register row
    (number, date, channel, classification) is shown to the team and the office head, the rest only on a read that is
    recorded as an event."""

    class Channel(models.TextChoices):
        LETTER = "letter", "来信"
        CALL = "call", "来电"
        VISIT = "visit", "来访"
        ONLINE = "online", "网上来信"  # taken in from the public's reporting page (xuncha/reporting)

    class Handling(models.TextChoices):
        PENDING = "pending", "待处理"
        FORWARDED = "forwarded", "转办"
        FILED = "filed", "留存"
        CLUE = "clue", "作为问题线索"

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="petitions"
    )
    number = models.PositiveIntegerField("登记号")
    channel = models.CharField("方式", max_length=10, choices=Channel.choices)
    received_on = models.DateField("受理日期")
    anonymous = models.BooleanField("匿名", default=False)
    petitioner_name = models.CharField("反映人姓名", max_length=60, blank=True)
    petitioner_contact = models.CharField("反映人联系方式", max_length=200, blank=True)
    about = models.CharField("被反映人或事项", max_length=200)
    about_cadre = models.ForeignKey(
        "registry.Cadre",
        verbose_name="被反映干部",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A code from the rulebook's `problem_categories`; empty: not yet classified (未分类), never guessed.
    classification = models.CharField("问题类别", max_length=60, blank=True)
    content = models.TextField("反映内容")
    handling = models.CharField("处理方式", max_length=12, choices=Handling.choices, default=Handling.PENDING)
    # Empty only for 网上来信 taken in by the system's scheduled intake (`manage.py public_intake`).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = VisibleQuerySet.as_manager()
    secret = True

    class Meta:
        verbose_name = "来信、来电、来访登记"
        verbose_name_plural = "来信、来电、来访登记"
        ordering = ["inspection_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="petition_number_once_per_inspection"),
            models.CheckConstraint(
                condition=Q(anonymous=True, petitioner_name="") | (Q(anonymous=False) & ~Q(petitioner_name="")),
                name="petition_anonymous_has_no_name",
                violation_error_message="匿名反映不登记姓名；署名反映须登记姓名",
            ),
        ]

    def __str__(self) -> str:  # goes into events: never the petitioner or the content
        return f"来信来电来访登记 第{self.number}号"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return secret_readers_q(viewer)


class DocumentRetrieval(models.Model):
    """调阅、复制资料登记: what was borrowed or copied, from whom, and what became of it. Borrowed material is
    returned; copies are never returned — they are kept with the files or destroyed."""

    class Kind(models.TextChoices):
        BORROWED = "borrowed", "调阅"
        COPIED = "copied", "复制"

    class Disposition(models.TextChoices):
        KEPT = "kept", "留存归档"
        DESTROYED = "destroyed", "销毁"

    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="document_retrievals"
    )
    title = models.CharField("资料名称", max_length=200)
    kind = models.CharField("调阅或复制", max_length=10, choices=Kind.choices)
    source_unit = models.CharField("提供单位", max_length=200)
    source_person = models.CharField("经手人", max_length=60, blank=True)
    quantity = models.CharField("数量", max_length=60, blank=True, help_text="如 3 卷、120 页")
    taken_on = models.DateField("调取日期")
    returned_on = models.DateField("归还日期", null=True, blank=True)
    disposition = models.CharField("复制件处理", max_length=10, choices=Disposition.choices, blank=True)
    disposed_on = models.DateField("处理日期", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = VisibleQuerySet.as_manager()
    secret = False

    class Meta:
        verbose_name = "调阅、复制资料登记"
        verbose_name_plural = "调阅、复制资料登记"
        ordering = ["-taken_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True) | Q(kind="borrowed", returned_on__gte=models.F("taken_on")),
                name="retrieval_returned_after_taken",
                violation_error_message="只有调阅的资料才归还，且归还日期不能早于调取日期",
            ),
            models.CheckConstraint(
                condition=Q(disposition="", disposed_on__isnull=True)
                | (Q(kind="copied", disposed_on__gte=models.F("taken_on")) & ~Q(disposition="")),
                name="retrieval_copy_disposed_after_taken",
                violation_error_message="只有复制件才登记留存或销毁，且处理日期不能早于复制日期",
            ),
        ]

    def __str__(self) -> str:
        return f"调阅复制资料登记 #{self.pk}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return fieldwork_readers_q(viewer)

    @property
    def outstanding(self) -> bool:
        """Borrowed and not yet returned, or copied and neither kept nor destroyed."""
        return (self.returned_on is None) if self.kind == self.Kind.BORROWED else not self.disposition


@deconstructible
class AttachmentStorage(FileSystemStorage):
    """Files under settings.VAR_DIR/attachments, read from settings on every use so tests can point VAR_DIR at a
    temporary directory. Never served by URL: downloads go through visible_to and, for secrets, a read event."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def base_location(self) -> str:
        return str(Path(settings.VAR_DIR) / "attachments")

    @property
    def location(self) -> str:
        return str(Path(self.base_location).resolve())


attachment_storage = AttachmentStorage()


def _upload_to(instance: Attachment, filename: str) -> str:
    # The original name stays in the database only: it may name a petitioner.
    return f"{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file attached to exactly one record, petition or document retrieval."""

    file = models.FileField("文件", storage=attachment_storage, upload_to=_upload_to, max_length=200)
    original_name = models.CharField("原文件名", max_length=255)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    fieldwork_record = models.ForeignKey(
        FieldworkRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    petition = models.ForeignKey(Petition, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments")
    document_retrieval = models.ForeignKey(
        DocumentRetrieval, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fieldwork_record__isnull=False, petition__isnull=True, document_retrieval__isnull=True)
                | Q(fieldwork_record__isnull=True, petition__isnull=False, document_retrieval__isnull=True)
                | Q(fieldwork_record__isnull=True, petition__isnull=True, document_retrieval__isnull=False),
                name="attachment_exactly_one_parent",
                violation_error_message="附件必须且只能属于一条记录、一件来信来电来访或一条调阅复制登记",
            )
        ]

    def __str__(self) -> str:  # goes into events: never the original name, which may identify a petitioner
        return f"附件 #{self.pk}"

    @property
    def parent(self) -> FieldworkRecord | Petition | DocumentRetrieval:
        parent = self.fieldwork_record or self.petition or self.document_retrieval
        assert parent is not None
        return parent

    @property
    def secret(self) -> bool:
        return bool(self.parent.secret)

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return (
            Q(fieldwork_record__in=FieldworkRecord.objects.filter(fieldwork_readers_q(viewer)).values("pk"))
            | Q(petition__in=Petition.objects.filter(secret_readers_q(viewer)).values("pk"))
            | Q(document_retrieval__in=DocumentRetrieval.objects.filter(fieldwork_readers_q(viewer)).values("pk"))
        )
