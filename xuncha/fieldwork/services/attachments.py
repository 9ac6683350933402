"""Attachments to fieldwork records: upload with a digest, and open through the secrecy door."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, full_clean_or_raise
from xuncha.inspections.locking import lock_inspection

from ..actions import (
    ATTACHMENT_UPLOADED,
)
from ..models import Attachment, DocumentRetrieval, FieldworkRecord, Petition
from ..secrecy import secret_read
from .guards import CHUNK, _require_entered, _require_recorder

if TYPE_CHECKING:
    from xuncha.accounts.models import User


# -- attachments ----------------------------------------------------------------------------------------------------
def file_digest(upload: UploadedFile) -> tuple[str, int]:
    """SHA-256 and size of an upload, read in chunks; the file is rewound for storing. Rectification evidence uses it
    too."""
    sha, size = hashlib.sha256(), 0
    for chunk in upload.chunks(CHUNK):
        sha.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return sha.hexdigest(), size


def attachment_upload(
    *, actor: User, parent: FieldworkRecord | Petition | DocumentRetrieval, upload: UploadedFile
) -> Attachment:
    """Store a file under VAR_DIR/attachments with its size and SHA-256 (computed over the stream in chunks).
    A petition's files are secret like the petition: only the team attaches them."""
    secret = bool(parent.secret)
    with transaction.atomic():
        inspection = lock_inspection(parent.inspection)
        _require_recorder(actor, inspection, what="上传附件", secret=secret)
        _require_entered(inspection, what="上传附件")
        name = (upload.name or "").rsplit("/", 1)[-1].strip()
        if not name:
            raise ServiceError("请选择文件", field="file")
        sha256, size = file_digest(upload)
        if size == 0:
            raise ServiceError("文件为空", field="file")
        attachment = Attachment(
            original_name=name[:255],
            size=size,
            sha256=sha256,
            uploaded_by=actor,
            uploaded_at=timezone.now(),
            **{_parent_field(parent): parent},
        )
        attachment.file.save(name, upload, save=False)
        try:
            full_clean_or_raise(attachment)
            attachment.save()
            after: dict[str, Any] = {"size": size, "sha256": sha256, "parent": str(parent)}
            if not secret:
                after["original_name"] = attachment.original_name
            event_record(
                actor=actor,
                action=ATTACHMENT_UPLOADED,
                obj=attachment,
                inspection=inspection,
                jurisdiction=inspection.jurisdiction,
                after=after,
            )
        except BaseException:
            attachment.file.delete(save=False)  # nothing left on disk for a row that was not written
            raise
    return attachment


def _parent_field(parent: Any) -> str:
    if isinstance(parent, FieldworkRecord):
        return "fieldwork_record"
    if isinstance(parent, Petition):
        return "petition"
    if isinstance(parent, DocumentRetrieval):
        return "document_retrieval"
    raise TypeError(parent)


def attachment_open(*, actor: User, pk: int) -> Attachment:
    """An attachment the user may read. A secret parent's file is read under the secret rules, and the read is a
    `secret.read` event; other files are read as their record is."""
    related = ("fieldwork_record__inspection", "petition__inspection", "document_retrieval__inspection")
    attachment = Attachment.objects.visible_to(actor).select_related(*related).filter(pk=pk).first()
    if attachment is None:
        raise PermissionDeniedError("附件不存在或您无权查阅。")
    if attachment.secret:
        opened: Attachment = secret_read(
            actor=actor,
            queryset=Attachment.objects.select_related("petition__inspection__jurisdiction"),
            pk=pk,
            refusal="附件属工作秘密，您无权查阅。",
            obj_inspection="petition.inspection",
        )
        return opened
    return attachment
