"""Writing documents: printing one from its record, the office's templates and its letterhead, the PDF preview.

Every write is one transaction with its event. A document's file is written before the row that names it: a
rendering that fails leaves no row and no number (the number's allocation rolls back with the transaction)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from xuncha.audit.services import event_record
from xuncha.core.authority import OFFICE_HEAD, require
from xuncha.core.errors import PermissionDeniedError, ServiceError, check_past_date
from xuncha.core.locking import lock_row

from . import gbt9704, numbering, render
from .actions import (
    DOCUMENT_GENERATED,
    DOCUMENT_LETTERHEAD_SET,
    DOCUMENT_PDF_RENDERED,
    DOCUMENT_TEMPLATE_RESET,
    DOCUMENT_TEMPLATE_UPLOADED,
)
from .kinds import Spec, spec_for
from .models import Document, Letterhead, Template

if TYPE_CHECKING:
    from xuncha.accounts.models import User

GBT = "GB/T 9704-2012"
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024


def spec_of(jurisdiction: Any, code: str) -> Spec:
    return spec_for(jurisdiction.rulebook, code)


def letterhead_of(jurisdiction: Any) -> Letterhead | None:
    return Letterhead.objects.filter(jurisdiction=jurisdiction).first()


def current_template(jurisdiction: Any, spec: Spec) -> tuple[bytes, Template | None]:
    """The office's active template of this document, else the shipped default."""
    uploaded = Template.objects.filter(jurisdiction=jurisdiction, kind=spec.code, active=True).first()
    if uploaded is None:
        return render.default_template(spec), None
    with uploaded.file.open("rb") as handle:
        return handle.read(), uploaded


def _common_fields(spec: Spec, letterhead: Letterhead | None, number: str, dated_on: datetime.date) -> dict[str, Any]:
    date_text = f"{dated_on.year}年{dated_on.month}月{dated_on.day}日"
    return {
        "title": spec.name,
        "issuer": letterhead.issuer if letterhead else "",
        "issuer_mark": gbt9704.issuer_run(letterhead.issuer) if letterhead else "",
        "printer": letterhead.printer if letterhead else "",
        "number": number,
        "date": date_text,
        "printed_on": date_text,
        "word": spec.book.word,
        "rulebook": spec.book.short_title,
        "article": spec.entry.article,
    }


def latest(jurisdiction: Any, spec: Spec, subject: Any) -> Document | None:
    return (
        Document.objects.filter(
            jurisdiction=jurisdiction, kind=spec.code, subject_type=spec.kind.subject_type, subject_id=subject.pk
        )
        .order_by("-version")
        .first()
    )


@transaction.atomic
def document_generate(*, actor: User, code: str, subject: Any, dated_on: datetime.date | None = None) -> Document:
    """Print the document `code` of the rulebook from its record `subject`: a new version (the first takes a
    发文字号 when the document is numbered; later ones keep it)."""
    jurisdiction = _jurisdiction_of_subject(subject)
    spec = spec_of(jurisdiction, code)
    if not isinstance(subject, spec.kind.model):
        raise ServiceError(f"“{spec.name}”须由{spec.kind.model._meta.verbose_name}生成", field="subject")
    spec.kind.authorize(actor, subject, spec)
    # FOR NO KEY UPDATE: two documents of one inspection printed at once must not deadlock — the Document row's
    # foreign key to the inspection takes a KEY SHARE lock, which a plain FOR UPDATE on the inspection (the subject
    # of the receipt, the notice …) would block while the other waits for this one's number.
    subject = type(subject)._default_manager.select_for_update(no_key=True, of=("self",)).get(pk=subject.pk)
    spec.kind.ready(subject, spec)
    dated_on = dated_on or timezone.localdate()
    check_past_date(dated_on, field="dated_on", label="成文日期")
    letterhead = letterhead_of(jurisdiction)
    previous = latest(jurisdiction, spec, subject)
    number = previous.number if previous is not None else None
    if number is None and spec.entry.numbered:
        if letterhead is None:
            raise ServiceError(
                f"“{spec.name}”须有发文字号，但{jurisdiction}尚未设置发文机关代字：请办公室负责人在“文书设置”中填写"
                f"（{GBT}：发文字号由发文机关代字、年份和发文顺序号组成；哪些文书编号是本办设置）",
                field="letterhead",
            )
        number = numbering.allocate(
            jurisdiction=jurisdiction,
            year=dated_on.year,
            code=letterhead.code,
            kind=spec.code,
            subject_type=spec.kind.subject_type,
            subject_id=subject.pk,
            actor=actor,
        )
    fields = _common_fields(spec, letterhead, number.text if number else "", dated_on) | spec.kind.fill(
        subject, spec, actor
    )
    template_bytes, template = current_template(jurisdiction, spec)
    content = render.render(template_bytes, fields, spec)
    document = Document(
        jurisdiction=jurisdiction,
        kind=spec.code,
        builder=spec.kind.code,
        subject_type=spec.kind.subject_type,
        subject_id=subject.pk,
        inspection=spec.kind.inspection_of(subject),
        version=(previous.version + 1) if previous else 1,
        title=str(fields.get("title") or spec.name)[:200],
        number=number,
        dated_on=dated_on,
        size=len(content),
        sha256=render.digest(content),
        template_sha256=render.digest(template_bytes),
        template=template,
        generated_by=actor,
        generated_at=timezone.now(),
    )
    document.file.save("document.docx", ContentFile(content), save=False)
    document.save()
    event_record(
        actor=actor,
        action=DOCUMENT_GENERATED,
        obj=document,
        jurisdiction=jurisdiction,
        inspection=document.inspection,
        after={
            "kind": spec.code,
            "version": document.version,
            "number": document.number_text,
            "sha256": document.sha256,
            "template_sha256": document.template_sha256,
            "subject": f"{spec.kind.subject_type}:{subject.pk}",
        },
        article=spec.entry.article,
        occurred_on=dated_on,
    )
    return document


def _jurisdiction_of_subject(subject: Any) -> Any:
    from .kinds import KINDS

    for kind in KINDS.values():
        if isinstance(subject, kind.model):
            return kind.jurisdiction_of(subject)
    raise ServiceError("该记录不能生成公文", field="subject")


def document_pdf(*, actor: User, document: Document) -> bytes:
    """The PDF preview of a document: converted once with LibreOffice and kept (pdf.PdfUnavailable where it is not
    installed: the .docx is unaffected). The caller has found `document` through visible_to."""
    from . import pdf

    if not Document.objects.visible_to(actor).filter(pk=document.pk).exists():
        raise PermissionDeniedError("无权查看该公文：公文只向能查看其所据记录的人显示")
    if document.pdf:
        with document.pdf.open("rb") as handle:
            return handle.read()
    with document.file.open("rb") as handle:
        content = handle.read()
    try:
        result = pdf.docx_to_pdf(content)
    except pdf.PdfUnavailable as exc:
        raise ServiceError(str(exc), code="pdf_unavailable") from exc
    except pdf.PdfFailed as exc:
        raise ServiceError(str(exc), code="pdf_failed") from exc
    with transaction.atomic():
        locked = lock_row(document)
        if not locked.pdf:
            locked.pdf.save("preview.pdf", ContentFile(result), save=False)
            locked.save(update_fields=["pdf"])
            event_record(
                actor=actor,
                action=DOCUMENT_PDF_RENDERED,
                obj=locked,
                jurisdiction=locked.jurisdiction,
                inspection=locked.inspection,
                after={"version": locked.version, "sha256": locked.sha256, "pdf_bytes": len(result)},
            )
        document.pdf = locked.pdf
    return result


@transaction.atomic
def template_upload(*, actor: User, jurisdiction: Any, code: str, content: bytes, original_name: str) -> Template:
    """The office head replaces the template of one document; tried on the document's sample fields first."""
    spec = spec_of(jurisdiction, code)
    require(actor, jurisdiction, OFFICE_HEAD, what=f"更换“{spec.name}”的模板")
    if not content:
        raise ServiceError("请选择模板文件（.docx）", field="template")
    if len(content) > MAX_TEMPLATE_BYTES:
        raise ServiceError("模板文件不能超过 10 MB", field="template")
    render.check_template(content, spec)
    Template.objects.filter(jurisdiction=jurisdiction, kind=spec.code, active=True).update(active=False)
    template = Template(
        jurisdiction=jurisdiction,
        kind=spec.code,
        original_name=original_name[:255] or "template.docx",
        sha256=render.digest(content),
        uploaded_by=actor,
    )
    template.file.save("template.docx", ContentFile(content), save=False)
    template.save()
    event_record(
        actor=actor,
        action=DOCUMENT_TEMPLATE_UPLOADED,
        obj=template,
        jurisdiction=jurisdiction,
        after={"kind": spec.code, "sha256": template.sha256, "name": template.original_name},
    )
    return template


@transaction.atomic
def template_reset(*, actor: User, jurisdiction: Any, code: str) -> None:
    """Back to the shipped default template; the uploaded ones are kept (inactive), as are the documents made."""
    spec = spec_of(jurisdiction, code)
    require(actor, jurisdiction, OFFICE_HEAD, what=f"恢复“{spec.name}”的默认模板")
    active = Template.objects.select_for_update().filter(jurisdiction=jurisdiction, kind=spec.code, active=True).first()
    if active is None:
        raise ServiceError(f"“{spec.name}”使用的已是默认模板", field="kind")
    active.active = False
    active.save(update_fields=["active"])
    event_record(
        actor=actor,
        action=DOCUMENT_TEMPLATE_RESET,
        obj=active,
        jurisdiction=jurisdiction,
        after={"kind": spec.code, "sha256": active.sha256},
    )


@transaction.atomic
def letterhead_set(*, actor: User, jurisdiction: Any, issuer: str, code: str, printer: str) -> Letterhead:
    """The office head sets the 发文机关标志, 发文机关代字 and 印发机关 of the jurisdiction's documents."""
    require(actor, jurisdiction, OFFICE_HEAD, what="设置发文机关标志和发文机关代字")
    issuer, code, printer = issuer.strip(), code.strip(), printer.strip()
    for value, field, label in (
        (issuer, "issuer", "发文机关标志"),
        (code, "code", "发文机关代字"),
        (printer, "printer", "印发机关"),
    ):
        if not value:
            raise ServiceError(f"须填写{label}", field=field)
    if any(ch in code for ch in "〔〕[]()（）0123456789"):
        raise ServiceError(
            f"发文机关代字只写代字本身（如“某办”），年份和序号由系统编排：“{code}”（{GBT}）", field="code"
        )
    letterhead = Letterhead.objects.select_for_update().filter(jurisdiction=jurisdiction).first()
    before = None
    if letterhead is None:
        letterhead = Letterhead(jurisdiction=jurisdiction)
    else:
        before = {"issuer": letterhead.issuer, "code": letterhead.code, "printer": letterhead.printer}
    letterhead.issuer, letterhead.code, letterhead.printer = issuer, code, printer
    letterhead.updated_by = actor
    letterhead.updated_at = timezone.now()
    letterhead.save()
    event_record(
        actor=actor,
        action=DOCUMENT_LETTERHEAD_SET,
        obj=letterhead,
        jurisdiction=jurisdiction,
        before=before,
        after={"issuer": issuer, "code": code, "printer": printer},
    )
    return letterhead
