"""What the public does on a channel's page, without an account: report, come back with the receipt code, reply.

The pages and the public JSON API call these same functions with the visitor's rate-limit key (`client`, from
`core.anonymity.middleware.anonymous_client`): nothing here sees an address or a device, and nothing is written
that has a time finer than the day. There is no `actor` and no event (models.PublicReport says why); abuse is held
back by the proof of work and the rate limits in the cache."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from xuncha.core.anonymity import codes, metadata, pow, ratelimit
from xuncha.core.errors import ServiceError, full_clean_or_raise
from xuncha.fieldwork.models import Petition

from ..models import Channel, PublicAttachment, PublicMessage, PublicReport
from ..queue import work_changed
from ..state import channel_state

POW_REPORT = "report"
MAX_FILES = 5  # system settings, not set by the regulations
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_CONTENT = 20000
MAX_REPLY = 5000
KINDS = {"jpg": "JPEG图片", "png": "PNG图片", "pdf": "PDF文件", "docx": "Word文档（.docx）", "txt": "文本文件"}
SETTING = "系统设置，非条文规定"

CODE_WINDOW = 15 * 60
CHANNEL_WINDOW = 60 * 60
REPORT_WINDOW = 60 * 60


@dataclass(frozen=True)
class Status:
    code: str  # received / registered / handled
    label: str  # 已收到 / 已登记为第N号网上来信 / 已办理


def report_status(report: PublicReport) -> Status:
    """Coarse on purpose: what became of the report (转办, 留存, a clue …) is the team's working secret."""
    petition = report.petition
    if petition is None:
        return Status("received", "已收到，待登记")
    if petition.handling == Petition.Handling.PENDING:
        return Status("registered", f"已登记为第{petition.number}号网上来信")
    return Status("handled", f"已登记为第{petition.number}号网上来信，已办理")


# -- files: the type is read from the content, not from the name or what the browser says ----------------------------
def _kind_of(head: bytes, upload: UploadedFile) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        try:
            with zipfile.ZipFile(io.BytesIO(upload.read())) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        return "docx" if "[Content_Types].xml" in names and "word/document.xml" in names else None
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if b"\x00" in data:
        return None
    for encoding in ("utf-8", "gb18030"):
        try:
            data.decode(encoding)
            return "txt"
        except UnicodeDecodeError:
            continue
    return None


def _check_files(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str, str, int]]:
    if len(files) > MAX_FILES:
        raise ServiceError(f"附件最多{MAX_FILES}个（{SETTING}）", field="files")
    known = "、".join(KINDS.values())
    out = []
    for upload in files:
        name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1].strip()[:255] or "附件"
        size = upload.size or 0
        if size == 0:
            raise ServiceError(f"附件“{name}”是空文件", field="files")
        if size > MAX_FILE_BYTES:
            raise ServiceError(f"附件“{name}”超过10MB（每个附件最大10MB，{SETTING}）", field="files")
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        kind = _kind_of(head, upload)
        if kind is None:
            raise ServiceError(f"附件“{name}”的类型不受理；可上传：{known}（按文件内容识别）", field="files")
        out.append((upload, name, kind, size))
    return out


def _read(upload: UploadedFile) -> bytes:
    """The whole upload (at most MAX_FILE_BYTES, checked before)."""
    upload.seek(0)
    data = b"".join(upload.chunks(64 * 1024))
    upload.seek(0)
    return data


def _day_mtime(path: str, day: datetime.date) -> None:
    """The stored file's modification time set to the day's midnight: the file system would otherwise keep the
    minute of the submission (its change time cannot be set: docs/public-channel.md, residual risks)."""
    midnight = datetime.datetime.combine(day, datetime.time(), tzinfo=timezone.get_current_timezone()).timestamp()
    with contextlib.suppress(OSError):
        os.utime(path, (midnight, midnight))


def _clean(text: str, *, limit: int, field: str, label: str, required: bool = False) -> str:
    text = (text or "").strip()
    if required and not text:
        raise ServiceError(f"请填写{label}", field=field)
    if len(text) > limit:
        raise ServiceError(f"{label}不能超过{limit}字（{SETTING}）", field=field)
    return text


# -- submitting ------------------------------------------------------------------------------------------------------
def public_report_submit(
    *,
    channel: Channel,
    client: str,
    pow_challenge: str,
    pow_solution: str,
    content: str,
    about: str = "",
    classification: str = "",
    name: str = "",
    phone: str = "",
    files: Sequence[UploadedFile] = (),
) -> tuple[PublicReport, str]:
    """Store a report and return it with its receipt code (shown once; only its hash is kept). Refused when the
    page is not open, the proof of work is missing, or this visitor has sent too many reports this hour."""
    limit = int(settings.XUNCHA_PUBLIC_REPORTS_PER_HOUR)
    ratelimit.check("report", client, limit=limit, window=REPORT_WINDOW, what="提交反映")
    pow.challenge_verify(pow_challenge, pow_solution, purpose=POW_REPORT)
    inspection = channel.inspection
    book = inspection.jurisdiction.rulebook
    state = channel_state(channel)
    if not state.open:
        raise ServiceError(f"本页面目前不受理反映：{state.reason}", field="channel")
    content = _clean(content, limit=MAX_CONTENT, field="content", label="反映内容", required=True)
    about = _clean(about, limit=200, field="about", label="被反映人或事项")
    name = _clean(name, limit=60, field="name", label="姓名")
    phone = _clean(phone, limit=40, field="phone", label="联系电话")
    if phone and not name:
        raise ServiceError("留电话须同时留姓名；匿名反映请两项都不填", field="name")
    classification = (classification or "").strip()
    if classification and classification not in {c.code for c in book.problem_categories}:
        raise ServiceError("问题类别不在可选范围之内", field="classification")
    # Photos and documents lose the place, device and author they carry before anything is stored.
    checked = [
        (upload, original, kind, metadata.strip(kind, _read(upload)))
        for upload, original, kind, _ in _check_files(files)
    ]
    today = timezone.localdate()
    code = codes.new_receipt_code()
    with transaction.atomic():
        report = PublicReport(
            channel=channel,
            inspection=inspection,
            receipt_hash=codes.receipt_hash(code, scope=channel.token),
            submitted_on=today,
            content=content,
            about=about,
            classification=classification,
            name=name,
            phone=phone,
        )
        full_clean_or_raise(report, exclude=["petition"])
        report.save()
        stored: list[PublicAttachment] = []
        try:
            for _upload, original, kind, data in checked:
                attachment = PublicAttachment(
                    report=report,
                    original_name=original,
                    kind=kind,
                    size=len(data),
                    sha256=hashlib.sha256(data).hexdigest(),
                )
                attachment.file.save(original, ContentFile(data), save=False)
                stored.append(attachment)
                _day_mtime(attachment.file.path, today)
                full_clean_or_raise(attachment)
                attachment.save()
        except BaseException:
            for attachment in stored:
                attachment.file.delete(save=False)
            raise
    ratelimit.hit("report", client, window=REPORT_WINDOW)
    work_changed()
    return report, code


# -- coming back with the code ---------------------------------------------------------------------------------------
def public_report_lookup(*, channel: Channel, client: str, code: str) -> PublicReport:
    """The report of a receipt code. Exactly one Argon2id hash and one indexed query, whether the code exists or not
    (and whatever was typed), so the answer's timing does not tell; wrong codes count against the visitor and the
    channel (rate limits in the cache) and are refused with 429 once either limit is reached."""
    per_visitor = int(settings.XUNCHA_PUBLIC_CODE_TRIES)
    per_channel = int(settings.XUNCHA_PUBLIC_CODE_TRIES_PER_CHANNEL)
    ratelimit.check("code", client, limit=per_visitor, window=CODE_WINDOW, what="回执码输入错误")
    ratelimit.check("code-channel", channel.token, limit=per_channel, window=CHANNEL_WINDOW, what="本页面回执码查询")
    digest = codes.receipt_hash(code or "", scope=channel.token)
    report = PublicReport.objects.select_related("petition").filter(channel=channel, receipt_hash=digest).first()
    if report is None:
        ratelimit.hit("code", client, window=CODE_WINDOW)
        ratelimit.hit("code-channel", channel.token, window=CHANNEL_WINDOW)
        raise ServiceError("回执码不正确。请核对20位数字后重新输入（回执码遗失无法找回）。", field="code")
    return report


def thread(report: PublicReport) -> list[PublicMessage]:
    return list(PublicMessage.objects.filter(report=report).order_by("position"))


def may_reply(report: PublicReport, messages: list[PublicMessage] | None = None) -> bool:
    """While the page is open, and afterwards to answer a question the team has asked."""
    messages = thread(report) if messages is None else messages
    return channel_state(report.channel).open or bool(messages and messages[-1].from_team)


def public_reply_add(*, channel: Channel, client: str, code: str, body: str) -> PublicMessage:
    """The reporter's reply (or addition) to the thread, with the day only and no event."""
    report = public_report_lookup(channel=channel, client=client, code=code)
    limit = int(settings.XUNCHA_PUBLIC_REPORTS_PER_HOUR) * 4
    ratelimit.check("reply", client, limit=limit, window=REPORT_WINDOW, what="提交答复")
    body = _clean(body, limit=MAX_REPLY, field="body", label="答复内容", required=True)
    with transaction.atomic():
        report = PublicReport.objects.select_for_update().select_related("channel__inspection").get(pk=report.pk)
        if not may_reply(report):
            raise ServiceError("本页面已停止受理，且没有待答复的提问", field="body")
        last: Any = PublicMessage.objects.filter(report=report).order_by("-position").first()
        message = PublicMessage(
            report=report,
            position=(last.position if last else 0) + 1,
            from_team=False,
            body=body,
            on=timezone.localdate(),
        )
        full_clean_or_raise(message)
        message.save()
    ratelimit.hit("reply", client, window=REPORT_WINDOW)
    work_changed()
    return message
