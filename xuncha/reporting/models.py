"""The public's channel to a stationed team (受理来信、来电、来访 online: JDZ-2017 第十九条, NMG-2016 第二十条).

What is kept about a report is what the team needs and nothing that identifies an anonymous reporter: no address,
no device, no time finer than the day. Identifiers are random UUIDs (not a counter that tells the order of
submission); a report is found again by its receipt code's Argon2id hash (`core.anonymity.codes`), never by a
cookie or a session. docs/public-channel.md has the threat model."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from xuncha.audit.secrecy import secret_readers_q
from xuncha.core.visibility import Viewer, VisibleQuerySet
from xuncha.fieldwork.models import attachment_storage
from xuncha.fieldwork.secrecy import fieldwork_readers_q


class Channel(models.Model):
    """The public reporting page of one inspection (one inspected unit), at `/p/r/<token>/`. The token is random:
    knowing one page's address tells nothing about another's, and an inspection not yet announced cannot be found."""

    inspection = models.OneToOneField(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="public_channel"
    )
    token = models.CharField("页面地址标识", max_length=40, unique=True)
    created_on = models.DateField("开通日期")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "网上反映渠道"
        verbose_name_plural = "网上反映渠道"
        ordering = ["inspection_id"]

    def __str__(self) -> str:  # goes into events: never the token (the page's address)
        return f"网上反映渠道 #{self.pk}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return fieldwork_readers_q(viewer)


class OfficeContact(models.Model):
    """How the public reaches the office (巡察办) when no team is on site: shown on a channel's page outside the
    announced period. Set by the office."""

    jurisdiction = models.OneToOneField(
        "jurisdictions.Jurisdiction", verbose_name="党委", on_delete=models.PROTECT, related_name="office_contact"
    )
    phone = models.CharField("联系电话", max_length=40, blank=True)
    mailbox = models.CharField("邮政信箱或电子邮箱", max_length=100, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "办公室联系方式"
        verbose_name_plural = "办公室联系方式"

    def __str__(self) -> str:
        return f"办公室联系方式 #{self.pk}"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return Q(jurisdiction_id__in=viewer.all_jurisdictions)


class PublicReport(models.Model):
    """One report from the public page. SECRET like a petition (the team and the office head only, each read an
    event). Submitted without an event: an event has a precise time and a place in the chain of events, which would
    tell when the report came in and next to which of the team's acts — the day (`submitted_on`) is all that is kept.
    Taken into the register (`services.public_reports_intake`) it becomes a `fieldwork.Petition` (网上来信); its
    content then lives in the petition and is emptied here, the report keeping the thread, the receipt hash, the
    day and the petition link."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    channel = models.ForeignKey(Channel, verbose_name="渠道", on_delete=models.PROTECT, related_name="reports")
    inspection = models.ForeignKey(
        "inspections.Inspection", verbose_name="巡察", on_delete=models.PROTECT, related_name="public_reports"
    )
    receipt_hash = models.CharField("回执码散列", max_length=64)
    submitted_on = models.DateField("提交日期")
    content = models.TextField("反映内容", blank=True)
    about = models.CharField("被反映人或事项", max_length=200, blank=True)
    classification = models.CharField("问题类别", max_length=60, blank=True)
    name = models.CharField("反映人姓名", max_length=60, blank=True)
    phone = models.CharField("反映人电话", max_length=40, blank=True)
    petition = models.OneToOneField(
        "fieldwork.Petition",
        verbose_name="登记为",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="public_report",
    )

    objects = VisibleQuerySet.as_manager()
    secret = True

    class Meta:
        verbose_name = "网上来信"
        verbose_name_plural = "网上来信"
        ordering = ["-submitted_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "receipt_hash"], name="public_report_receipt_once"),
        ]

    def __str__(self) -> str:  # goes into events: never who or what
        return "网上来信" if self.petition_id is None else "网上来信（已登记）"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return secret_readers_q(viewer)

    @property
    def anonymous(self) -> bool:
        return not self.name


class PublicMessage(models.Model):
    """One message of a report's thread: a team's question or the reporter's reply. Ordered by `position`, not by a
    time; a reply keeps only its day."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(PublicReport, on_delete=models.PROTECT, related_name="messages")
    position = models.PositiveIntegerField("序号")
    from_team = models.BooleanField("组内提问")
    body = models.TextField("内容")
    on = models.DateField("日期")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提问人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "网上来信往来"
        verbose_name_plural = "网上来信往来"
        ordering = ["report_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="public_message_position_once"),
            models.CheckConstraint(
                condition=Q(from_team=True, author__isnull=False) | Q(from_team=False, author__isnull=True),
                name="public_message_author_only_for_team",
                violation_error_message="只有组内提问记录提问人，群众答复不记录任何人",
            ),
        ]

    def __str__(self) -> str:
        return f"网上来信往来 第{self.position}条"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return secret_readers_q(viewer, inspection="report__inspection")


def _public_upload_to(instance: Any, filename: str) -> str:
    # A random name and no date in the path: the directory would otherwise tell the month of the submission.
    return f"public/{uuid.uuid4().hex}"


class PublicAttachment(models.Model):
    """A file sent with a report (≤ 5, ≤ 10 MB each, type checked by content), stored under VAR_DIR/attachments
    like fieldwork attachments, never served by URL: a download is a secret read."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(PublicReport, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField("文件", storage=attachment_storage, upload_to=_public_upload_to, max_length=200)
    original_name = models.CharField("原文件名", max_length=255)
    kind = models.CharField("类型", max_length=10)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = "网上来信附件"
        verbose_name_plural = "网上来信附件"
        ordering = ["report_id", "original_name", "id"]

    def __str__(self) -> str:  # never the original name, which may identify the reporter
        return "网上来信附件"

    @classmethod
    def visibility_q(cls, viewer: Viewer) -> Q:
        return secret_readers_q(viewer, inspection="report__inspection")
