"""Writes on fieldwork. Each is one transaction with its event; events never hold secret content or a
petitioner's identity.

Who and when: the team of the inspection records (the office head and staff too, except secret material), and only
while the team is on site — fieldwork is done after entry by the prescribed methods (JDZ-2017 第二十七条,
NMG-2016 第二十五条). Borrowed documents may still be returned, and copies kept or destroyed, after fieldwork ends."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from xuncha.audit.services import event_record
from xuncha.core.errors import PermissionDeniedError, ServiceError, full_clean_or_raise
from xuncha.core.locking import lock_row
from xuncha.core.visibility import viewer_for
from xuncha.inspections.locking import lock_inspection
from xuncha.inspections.models import Inspection

from . import rules
from .actions import (
    ATTACHMENT_UPLOADED,
    DOCUMENT_COPY_DISPOSED,
    DOCUMENT_RETRIEVED,
    DOCUMENT_RETURNED,
    FIELDWORK_APPROVED,
    FIELDWORK_ASSISTANCE_SENT,
    FIELDWORK_RECORDED,
    PETITION_HANDLED,
    PETITION_REGISTERED,
)
from .models import Attachment, DocumentRetrieval, FieldworkRecord, Petition
from .secrecy import may_read_secrets, secret_read, secret_readers_q

CHUNK = 64 * 1024


# -- guards ---------------------------------------------------------------------------------------------------------


def _require_recorder(actor: Any, inspection: Inspection, *, what: str, secret: bool = False) -> None:
    viewer = viewer_for(actor)
    if inspection.team_id in viewer.team_ids:
        return
    word = inspection.jurisdiction.word
    if not secret and inspection.jurisdiction_id in viewer.jurisdictions_with({"office_head", "office_staff"}):
        return
    if secret:
        book = inspection.jurisdiction.rulebook
        article = rules.secrecy_article(book)
        raise PermissionDeniedError(f"只有本{word}组成员可以{what}（属{word}工作秘密，{article}）。", article=article)
    raise PermissionDeniedError(f"只有本{word}组成员或{word}办可以{what}。")


def _require_on_site(inspection: Inspection, *, what: str) -> str:
    """Fieldwork is done on site: after entry and before fieldwork ends. Returns the article."""
    book = inspection.jurisdiction.rulebook
    article = rules.entry_article(book)
    if inspection.status != Inspection.Status.ON_SITE:
        stage = Inspection.Status(inspection.status).label
        raise ServiceError(
            f"{inspection}处于“{stage}”阶段，不能{what}：{book.word}组进驻后、了解工作结束前"
            f"才按规定的工作方式开展{book.word}了解工作（{article}）",
            field="inspection",
            article=article,
            code="wrong_stage",
        )
    return article


def _require_entered(inspection: Inspection, *, what: str) -> None:
    """Returning borrowed documents and disposing of copies: after entry, also once fieldwork has ended."""
    if inspection.status in (Inspection.Status.PLANNED, Inspection.Status.PREPARING):
        _require_on_site(inspection, what=what)


def _check_day(
    day: datetime.date, *, inspection: Inspection, field: str, label: str, not_before: datetime.date | None = None
) -> None:
    if day > timezone.localdate():
        raise ServiceError(f"{label}不能晚于今天", field=field)
    if not_before is None and inspection.entered_on is not None:
        if day < inspection.entered_on:
            article = rules.entry_article(inspection.jurisdiction.rulebook)
            raise ServiceError(
                f"{label}不能早于进驻日期 {inspection.entered_on}（{article}：进驻后开展了解工作）",
                field=field,
                article=article,
            )
    elif not_before is not None and day < not_before:
        raise ServiceError(f"{label}不能早于 {not_before}", field=field)


# -- working methods ------------------------------------------------------------------------------------------------
def fieldwork_record_create(
    *,
    actor: Any,
    inspection: Inspection,
    method: str,
    held_on: datetime.date,
    summary: str,
    place: str = "",
    participants: str = "",
    details: dict[str, Any] | None = None,
    approved_on: datetime.date | None = None,
    approval_basis: str = "",
) -> FieldworkRecord:
    """Record one use of a working method. Methods with their own record (talks, petitions, document retrievals)
    are refused here. A method the rulebook puts under someone's approval (e.g. 市委批准的其他方式) is recorded
    with that approval; an assistance request may get it later, before it is sent."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        wm = rules.method(book, method)
        if wm.code in rules.OWN_RECORDS:
            raise ServiceError(
                f"{rules.method_label(wm)}（{wm.article}）有专门的{rules.OWN_RECORDS[wm.code]}，请在那里登记",
                field="method",
                article=wm.article,
                code="own_record",
            )
        # A method whose record names an informant is secret material: the team records it, as it does petitions.
        _require_recorder(actor, inspection, what=f"记录{wm.name}", secret=rules.has_secret_details(wm.code))
        _require_on_site(inspection, what=f"记录{wm.name}")
        _check_day(held_on, inspection=inspection, field="held_on", label="日期")
        clean = rules.clean_details(book, wm, details)
        record = FieldworkRecord(
            inspection=inspection,
            method=wm.code,
            held_on=held_on,
            place=place.strip(),
            participants=participants.strip(),
            summary=summary.strip(),
            details=clean,
            recorded_by=actor,
        )
        if approved_on is not None or approval_basis.strip():
            _set_approval(record, wm=wm, book=book, approved_on=approved_on, basis=approval_basis)
        elif wm.approval_by and wm.code != "assistance_request":
            article = rules.approval_article(book, wm, clean)
            body = rules.approval_body_name(book, wm)
            raise ServiceError(
                f"{rules.method_label(wm)}须经{body}批准（{article}）；请登记批准日期和依据",
                field="approved_on",
                article=article,
                code="approval_required",
            )
        full_clean_or_raise(record)
        record.save()
        event_record(
            actor=actor,
            action=FIELDWORK_RECORDED,
            obj=record,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"method": wm.code, "held_on": held_on, "approved_on": record.approved_on},
            article=wm.article,
            occurred_on=held_on,
        )
    return record


def fieldwork_record_read(*, actor: Any, pk: int) -> FieldworkRecord:
    """Open one fieldwork record. Its secret details (the informant of 询问知情人) are shown only to the inspection's
    team and the office head, through the secrecy door: that read is a `secret.read` event, which never holds the
    content, and the returned record has `secret_revealed` set. Others who may read fieldwork material (office staff,
    the leading group, the five-member group, auditors) get the record with the secret withheld, and no event."""
    record = (
        FieldworkRecord.objects.visible_to(actor)
        .select_related(
            "inspection__jurisdiction", "inspection__team__round__jurisdiction", "inspection__target", "recorded_by"
        )
        .filter(pk=pk)
        .first()
    )
    if record is None:
        raise PermissionDeniedError(f"了解工作记录 #{pk} 不存在或无权查看")
    hidden = rules.secret_detail_keys(record.method) & set(record.details or {})
    if not hidden or not may_read_secrets(actor, record.inspection):
        return record
    book = record.inspection.jurisdiction.rulebook
    secret_read(
        actor=actor,
        queryset=FieldworkRecord.objects.filter(secret_readers_q(viewer_for(actor))),
        pk=record.pk,
        refusal=f"知情人属{book.word}工作秘密，只有本{book.word}组和{book.word}办主任可以查阅"
        f"（{rules.secrecy_article(book)}）。",
    )
    record.secret_revealed = True
    return record


def _set_approval(
    record: FieldworkRecord, *, wm: Any, book: Any, approved_on: datetime.date | None, basis: str
) -> None:
    article = rules.approval_article(book, wm, record.details) if wm.approval_by else wm.article
    if not wm.approval_by:
        raise ServiceError(
            f"《{book.short_title}》对{rules.method_label(wm)}没有规定须经批准（{wm.article}），无需登记批准",
            field="approved_on",
            article=wm.article,
        )
    if approved_on is None or not basis.strip():
        raise ServiceError(
            f"登记{rules.approval_body_name(book, wm)}的批准须同时填写批准日期和依据（{article}）",
            field="approved_on" if approved_on is None else "approval_basis",
            article=article,
        )
    if approved_on > timezone.localdate():
        raise ServiceError("批准日期不能晚于今天", field="approved_on")
    record.approved_on = approved_on
    record.approval_basis = basis.strip()
    record.approval_body = rules.approval_body_name(book, wm)


def _locked_record(record: FieldworkRecord) -> FieldworkRecord:
    return lock_row(record, "inspection__jurisdiction")


def fieldwork_record_approve(
    *, actor: Any, record: FieldworkRecord, approved_on: datetime.date, approval_basis: str
) -> FieldworkRecord:
    """Register the approval the rulebook requires for the method (JDZ-2017 第二十九条: requests to courts,
    procuratorates and police go through the office with the leading group's consent)."""
    with transaction.atomic():
        inspection = lock_inspection(record.inspection)
        record = _locked_record(record)
        book = inspection.jurisdiction.rulebook
        wm = rules.method(book, record.method)
        _require_recorder(actor, inspection, what="登记批准")
        if not wm.approval_by:
            raise ServiceError(
                f"《{book.short_title}》对{rules.method_label(wm)}没有规定须经批准（{wm.article}），无需登记批准",
                field="approved_on",
                article=wm.article,
            )
        _require_on_site(inspection, what="登记批准")
        if record.approved_on is not None:
            raise ServiceError(
                f"已于 {record.approved_on} 登记{record.approval_body}的批准", field="approved_on", article=wm.article
            )
        if record.sent_on is not None:
            raise ServiceError(f"已于 {record.sent_on} 提请，不能再登记批准", field="approved_on")
        _set_approval(record, wm=wm, book=book, approved_on=approved_on, basis=approval_basis)
        full_clean_or_raise(record)
        record.save(update_fields=["approved_on", "approval_basis", "approval_body"])
        event_record(
            actor=actor,
            action=FIELDWORK_APPROVED,
            obj=record,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={
                "method": wm.code,
                "approved_on": approved_on,
                "approval_body": record.approval_body,
                "approval_basis": record.approval_basis,
            },
            article=rules.approval_article(book, wm, record.details),
            occurred_on=approved_on,
        )
    return record


def assistance_request_send(*, actor: Any, record: FieldworkRecord, sent_on: datetime.date) -> FieldworkRecord:
    """Mark an assistance request (提请协助) as sent to the unit asked. Where the rulebook puts the method under an
    approval (JDZ-2017: the leading group, 第二十九条) the approval must be registered first; NMG-2016 has none."""
    with transaction.atomic():
        inspection = lock_inspection(record.inspection)
        record = _locked_record(record)
        book = inspection.jurisdiction.rulebook
        wm = rules.method(book, record.method)
        if wm.code != "assistance_request":
            raise ServiceError(f"只有提请协助才登记提请日期（{wm.name}不适用）", field="sent_on", article=wm.article)
        _require_recorder(actor, inspection, what="提请协助")
        _require_on_site(inspection, what="提请协助")
        if record.sent_on is not None:
            raise ServiceError(f"已于 {record.sent_on} 提请协助", field="sent_on", article=wm.article)
        if wm.approval_by and record.approved_on is None:
            article = rules.approval_article(book, wm, record.details)
            body = rules.approval_body_name(book, wm)
            how = (
                f"协助核查问题线索须经{body}领导批准后提出申请（{article}）"
                if record.details.get("kind") == rules.CLUE_VERIFICATION and article != wm.approval_article
                else f"提请协助须由{book.word}办报请{body}同意后提出（{article}）"
            )
            raise ServiceError(
                f"{how}；尚未登记{body}的批准，不能标记为已提请",
                field="sent_on",
                article=article,
                code="approval_required",
            )
        _check_day(
            sent_on,
            inspection=inspection,
            field="sent_on",
            label="提请日期",
            not_before=record.approved_on or record.held_on,
        )
        record.sent_on = sent_on
        full_clean_or_raise(record)
        record.save(update_fields=["sent_on"])
        event_record(
            actor=actor,
            action=FIELDWORK_ASSISTANCE_SENT,
            obj=record,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"sent_on": sent_on, "approved_on": record.approved_on},
            article=rules.approval_article(book, wm, record.details) if wm.approval_by else wm.article,
            occurred_on=sent_on,
        )
    return record


# -- petitions (secret) ---------------------------------------------------------------------------------------------
def petition_register(
    *,
    actor: Any,
    inspection: Inspection,
    channel: str,
    received_on: datetime.date,
    about: str,
    classification: str,
    content: str,
    petitioner_name: str = "",
    petitioner_contact: str = "",
    about_cadre: Any = None,
    handling: str = Petition.Handling.PENDING,
) -> Petition:
    """Register a letter, call or visit under the next number of this inspection's register. No name means an
    anonymous petition. Only the team registers: the petitioner and the content are secret."""
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        book = inspection.jurisdiction.rulebook
        wm = rules.method(book, "petition")
        _require_recorder(actor, inspection, what="登记来信、来电、来访", secret=True)
        _require_on_site(inspection, what="受理来信、来电、来访")
        _check_day(received_on, inspection=inspection, field="received_on", label="受理日期")
        # Left empty, the petition stays 未分类 (unclassified): never a category the registrar did not choose.
        category = next((c for c in book.problem_categories if c.code == classification), None)
        if category is None and classification:
            article = book.problem_categories[0].article if book.problem_categories else wm.article
            known = "、".join(c.name for c in book.problem_categories)
            raise ServiceError(
                f"问题类别“{classification}”不在《{book.short_title}》{article}所列之内；可选：{known}",
                field="classification",
                article=article,
            )
        if about_cadre is not None and about_cadre.jurisdiction_id != inspection.jurisdiction_id:
            raise ServiceError("被反映干部不属于本党委的干部登记", field="about_cadre")
        last = Petition.objects.filter(inspection=inspection).order_by("-number").values_list("number", flat=True)
        name = petitioner_name.strip()
        petition = Petition(
            inspection=inspection,
            number=(last.first() or 0) + 1,
            channel=channel,
            received_on=received_on,
            anonymous=not name,
            petitioner_name=name,
            petitioner_contact=petitioner_contact.strip(),
            about=about.strip() or (about_cadre.name if about_cadre is not None else ""),
            about_cadre=about_cadre,
            classification=category.code if category else "",
            content=content.strip(),
            handling=handling,
            recorded_by=actor,
        )
        # The model's field is not yet blank=True (a fieldwork migration); the service decides that empty is allowed.
        full_clean_or_raise(petition)
        petition.save()
        # The event says that a petition was registered, under which number — never who or what.
        event_record(
            actor=actor,
            action=PETITION_REGISTERED,
            obj=petition,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"number": petition.number, "channel": channel, "classification": petition.classification},
            article=wm.article,
            occurred_on=received_on,
        )
    return petition


def petition_read(*, actor: Any, pk: int) -> Petition:
    """Open a petition with the petitioner's identity and content: only the inspection's team and the office head,
    and the read itself is a `secret.read` event."""
    petition: Petition = secret_read(
        actor=actor,
        queryset=Petition.objects.select_related("inspection__jurisdiction", "about_cadre", "recorded_by"),
        pk=pk,
        refusal="来信、来电、来访及反映人信息属巡察（巡视）工作秘密，您无权查阅（泄露工作秘密的追究责任）。",
        obj_inspection="inspection",
    )
    return petition


def petition_handle(*, actor: Any, petition: Petition, handling: str) -> Petition:
    with transaction.atomic():
        inspection = lock_inspection(petition.inspection)
        petition = lock_row(petition)
        _require_recorder(actor, inspection, what="处理来信、来电、来访", secret=True)
        _require_entered(inspection, what="处理来信、来电、来访")
        if handling not in Petition.Handling.values:
            raise ServiceError(f"处理方式应为：{'、'.join(Petition.Handling.labels)}", field="handling")
        before = petition.handling
        if before == handling:
            return petition
        petition.handling = handling
        petition.save(update_fields=["handling"])
        event_record(
            actor=actor,
            action=PETITION_HANDLED,
            obj=petition,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            before={"handling": before},
            after={"handling": handling},
            article=rules.method(inspection.jurisdiction.rulebook, "petition").article,
        )
    return petition


# -- document retrievals --------------------------------------------------------------------------------------------
def document_retrieval_record(
    *,
    actor: Any,
    inspection: Inspection,
    title: str,
    kind: str,
    source_unit: str,
    taken_on: datetime.date,
    source_person: str = "",
    quantity: str = "",
) -> DocumentRetrieval:
    with transaction.atomic():
        inspection = lock_inspection(inspection)
        wm = rules.method(inspection.jurisdiction.rulebook, "document_retrieval")
        _require_recorder(actor, inspection, what="登记调阅、复制资料")
        _require_on_site(inspection, what="调阅、复制资料")
        _check_day(taken_on, inspection=inspection, field="taken_on", label="调取日期")
        retrieval = DocumentRetrieval(
            inspection=inspection,
            title=title.strip(),
            kind=kind,
            source_unit=source_unit.strip(),
            source_person=source_person.strip(),
            quantity=quantity.strip(),
            taken_on=taken_on,
            recorded_by=actor,
        )
        full_clean_or_raise(retrieval)
        retrieval.save()
        event_record(
            actor=actor,
            action=DOCUMENT_RETRIEVED,
            obj=retrieval,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"kind": kind, "title": retrieval.title, "source_unit": retrieval.source_unit},
            article=wm.article,
            occurred_on=taken_on,
        )
    return retrieval


def _locked_retrieval(retrieval: DocumentRetrieval) -> DocumentRetrieval:
    return lock_row(retrieval)


def document_return(*, actor: Any, retrieval: DocumentRetrieval, returned_on: datetime.date) -> DocumentRetrieval:
    """Borrowed material goes back to whoever provided it; copies are never returned."""
    with transaction.atomic():
        inspection = lock_inspection(retrieval.inspection)
        retrieval = _locked_retrieval(retrieval)
        wm = rules.method(inspection.jurisdiction.rulebook, "document_retrieval")
        _require_recorder(actor, inspection, what="登记归还资料")
        _require_entered(inspection, what="登记归还资料")
        if retrieval.kind != DocumentRetrieval.Kind.BORROWED:
            raise ServiceError("复制的资料不归还：复制件应登记留存归档或销毁", field="returned_on", article=wm.article)
        if retrieval.returned_on is not None:
            raise ServiceError(f"已于 {retrieval.returned_on} 归还", field="returned_on")
        _check_day(
            returned_on,
            inspection=inspection,
            field="returned_on",
            label="归还日期",
            not_before=retrieval.taken_on,
        )
        retrieval.returned_on = returned_on
        full_clean_or_raise(retrieval)
        retrieval.save(update_fields=["returned_on"])
        event_record(
            actor=actor,
            action=DOCUMENT_RETURNED,
            obj=retrieval,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"returned_on": returned_on},
            article=wm.article,
            occurred_on=returned_on,
        )
    return retrieval


def document_copy_dispose(
    *, actor: Any, retrieval: DocumentRetrieval, disposition: str, disposed_on: datetime.date
) -> DocumentRetrieval:
    """Copies are kept with the inspection's files or destroyed; record which, and when."""
    with transaction.atomic():
        inspection = lock_inspection(retrieval.inspection)
        retrieval = _locked_retrieval(retrieval)
        wm = rules.method(inspection.jurisdiction.rulebook, "document_retrieval")
        _require_recorder(actor, inspection, what="登记复制件处理")
        _require_entered(inspection, what="登记复制件处理")
        if retrieval.kind != DocumentRetrieval.Kind.COPIED:
            raise ServiceError("调阅的资料应归还，不登记留存或销毁", field="disposition", article=wm.article)
        if retrieval.disposition:
            raise ServiceError(
                f"复制件已于 {retrieval.disposed_on} {retrieval.get_disposition_display()}", field="disposition"
            )
        if disposition not in DocumentRetrieval.Disposition.values:
            raise ServiceError("复制件处理应为：留存归档、销毁", field="disposition")
        _check_day(
            disposed_on,
            inspection=inspection,
            field="disposed_on",
            label="处理日期",
            not_before=retrieval.taken_on,
        )
        retrieval.disposition, retrieval.disposed_on = disposition, disposed_on
        full_clean_or_raise(retrieval)
        retrieval.save(update_fields=["disposition", "disposed_on"])
        event_record(
            actor=actor,
            action=DOCUMENT_COPY_DISPOSED,
            obj=retrieval,
            inspection=inspection,
            jurisdiction=inspection.jurisdiction,
            after={"disposition": disposition, "disposed_on": disposed_on},
            article=wm.article,
            occurred_on=disposed_on,
        )
    return retrieval


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
    *, actor: Any, parent: FieldworkRecord | Petition | DocumentRetrieval, upload: UploadedFile
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


def attachment_open(*, actor: Any, pk: int) -> Attachment:
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
