"""Reads for the documents pages and API: which documents an inspection can have and their state, the versions of
a document, and the office's templates."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.core.visibility import viewer_for
from xuncha.inspections.models import Inspection

from .kinds import Spec, specs
from .models import Document, Template

if TYPE_CHECKING:
    from xuncha.accounts.models import User


@dataclass
class Row:
    """One document an inspection's record can have: its record, the latest version the user sees, and whether the
    user may print it now (else why not)."""

    spec: Spec
    subject: Any
    latest: Document | None
    may_print: bool
    not_ready: str  # why it cannot be printed yet ("" when it can)

    @property
    def label(self) -> str:
        return "本次" if isinstance(self.subject, Inspection) else str(self.subject)


def _may(call: Any) -> tuple[bool, str]:
    try:
        call()
    except PermissionDeniedError:
        return False, ""
    except ServiceError as exc:
        return True, exc.message
    return True, ""


def inspection_rows(user: User, inspection: Inspection) -> list[Row]:
    """Every document the rulebook gives this inspection's records, for the records the user may see."""
    rows: list[Row] = []
    docs = Document.objects.visible_to(user).filter(inspection=inspection).select_related("number")
    latest: dict[tuple[str, str, int], Document] = {}
    for doc in docs.order_by("version"):
        latest[(doc.kind, doc.subject_type, doc.subject_id)] = doc
    for spec in specs(inspection.jurisdiction.rulebook):
        kind = spec.kind
        manager: Any = kind.model._default_manager
        if kind.model is Inspection:
            subjects: list[Any] = [inspection]
        elif kind.under_inspection is not None:
            visible = manager.visible_to(user).values("pk")
            subjects = list(kind.under_inspection(inspection, spec).filter(pk__in=visible)[:50])
        else:
            continue
        for subject in subjects:
            may, reason = _may(partial(kind.authorize, user, subject, spec))
            if may and not reason:
                _, reason = _may(partial(kind.ready, subject, spec))
            rows.append(Row(spec, subject, latest.get((spec.code, kind.subject_type, subject.pk)), may, reason))
    return rows


def versions(user: User, document: Document) -> QuerySet[Document, Any]:
    return (
        Document.objects.visible_to(user)
        .filter(
            jurisdiction_id=document.jurisdiction_id,
            kind=document.kind,
            subject_type=document.subject_type,
            subject_id=document.subject_id,
        )
        .select_related("number", "generated_by", "template")
        .order_by("-version")
    )


def office_jurisdictions(user: User) -> list[int]:
    return viewer_for(user).jurisdictions_with(frozenset({"office_head", "office_staff"}))


@dataclass
class TemplateRow:
    spec: Spec
    active: Template | None
    history: list[Template]


def template_rows(jurisdiction: Any) -> list[TemplateRow]:
    uploaded: dict[str, list[Template]] = {}
    for t in Template.objects.filter(jurisdiction=jurisdiction).select_related("uploaded_by").order_by("-uploaded_at"):
        uploaded.setdefault(t.kind, []).append(t)
    out = []
    for spec in specs(jurisdiction.rulebook):
        history = uploaded.get(spec.code, [])
        out.append(TemplateRow(spec, next((t for t in history if t.active), None), history[:10]))
    return out


def find_subject(user: User, jurisdiction_id: int | None, code: str, subject_id: int) -> tuple[Spec, Any]:
    """The record `subject_id` a document `code` is printed from, among those the user sees; refused (400) as
    “不存在或无权查看” otherwise, never telling an outsider that it exists."""
    from xuncha.jurisdictions.models import Jurisdiction

    from .kinds import spec_for

    jurisdictions = Jurisdiction.objects.visible_to(user)
    if jurisdiction_id is None:
        mine = list(jurisdictions.filter(pk__in=viewer_for(user).all_jurisdictions)[:2])
        if len(mine) != 1:
            raise ServiceError("请指定党委（jurisdiction）", field="jurisdiction")
        jurisdiction = mine[0]
    else:
        found = jurisdictions.filter(pk=jurisdiction_id).first()
        if found is None:
            raise ServiceError(f"党委 {jurisdiction_id} 不存在或无权查看", field="jurisdiction")
        jurisdiction = found
    spec = spec_for(jurisdiction.rulebook, code)
    manager: Any = spec.kind.model._default_manager
    subject = manager.visible_to(user).filter(pk=subject_id).first()
    if subject is None or spec.kind.jurisdiction_of(subject).pk != jurisdiction.pk:
        raise ServiceError(
            f"{spec.kind.model._meta.verbose_name} {subject_id} 不存在或无权查看（“{spec.name}”由它生成）",
            field="subject",
        )
    return spec, subject
